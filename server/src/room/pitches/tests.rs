use super::*;
use crate::room::kind::AnyKind;
use crate::room::kind::Change;
use crate::room::kind::testing::Class;
use kring_protocol::default_criteria;
use kring_protocol::{ActivityChange, ActivityView};
use proptest::prelude::*;

fn spec() -> PitchesSpec {
    PitchesSpec {
        title: "Pitches".into(),
        criteria: default_criteria(),
        pitch_secs: Some(60),
        feedback_secs: Some(30),
        require_tops_tips: false,
    }
}

fn p(n: u32) -> ParticipantId {
    ParticipantId(n)
}

fn rating(stars: [u32; 3], top: &str, tip: &str) -> RatingInput {
    RatingInput {
        stars: stars.to_vec(),
        top: top.into(),
        tip: tip.into(),
    }
}

fn host_view(pitches: &Pitches) -> PitchesHost {
    pitches.host()
}

/// A started round in a class of 6 in 2 teams; returns the teams in pitching order.
fn started(class: &mut Class) -> (Pitches, Vec<TeamId>) {
    let mut pitches = Pitches::create(ActivityId(1), spec()).unwrap();
    pitches
        .handle(Who::Host, &PitchesInput::Start, &mut class.at(0))
        .unwrap();
    let order = pitches.pitches.iter().map(|p| p.team).collect();
    (pitches, order)
}

/// Someone in `team` and someone not.
fn member_and_outsider(class: &Class, team: TeamId) -> (ParticipantId, ParticipantId) {
    let people = class.people();
    let inside = *class
        .ids()
        .iter()
        .find(|p| people.team_of(**p) == Some(team))
        .unwrap();
    let outside = *class
        .ids()
        .iter()
        .find(|p| people.team_of(**p) != Some(team))
        .unwrap();
    (inside, outside)
}

#[test]
fn the_round_runs_pitch_feedback_closed_per_team_then_results() {
    let mut class = Class::in_teams(6, 2);
    let (mut pitches, order) = started(&mut class);
    assert_eq!(pitches.deadline(), Some(60_000));
    assert!(pitches.on_tick(&mut class.at(59_999)).is_none());
    pitches.on_tick(&mut class.at(60_000)).unwrap();
    assert_eq!(
        pitches.phase,
        Phase::Feedback {
            index: 0,
            deadline: Some(Deadline::after(60_000, 30))
        }
    );
    let (inside, outside) = member_and_outsider(&class, order[0]);
    let rate = |team| PitchesInput::Rate {
        team,
        rating: rating([5, 4, 3], "Goed idee", "Praat langzamer"),
    };
    let own = pitches.handle(
        Who::Participant(inside),
        &rate(order[0]),
        &mut class.at(61_000),
    );
    assert_eq!(own.unwrap_err().code, ErrorCode::OwnPitch);
    let other = pitches.handle(
        Who::Participant(outside),
        &rate(order[1]),
        &mut class.at(61_000),
    );
    assert_eq!(other.unwrap_err().code, ErrorCode::FeedbackClosed);
    pitches
        .handle(
            Who::Participant(outside),
            &rate(order[0]),
            &mut class.at(61_000),
        )
        .unwrap();
    assert_eq!(pitches.responded(), 1);
    // The same rating again changes nothing.
    let again = pitches
        .handle(
            Who::Participant(outside),
            &rate(order[0]),
            &mut class.at(62_000),
        )
        .unwrap();
    assert_eq!(again, Outcome::default());
    pitches.on_tick(&mut class.at(90_000)).unwrap();
    assert_eq!(pitches.phase, Phase::Closed { index: 0 });
    let late = pitches.handle(
        Who::Participant(outside),
        &rate(order[0]),
        &mut class.at(90_001),
    );
    assert_eq!(late.unwrap_err().code, ErrorCode::FeedbackClosed);
    // Back reopens the previous team's feedback; next moves on; after the last, results.
    pitches
        .handle(Who::Host, &PitchesInput::Next, &mut class.at(91_000))
        .unwrap();
    assert!(matches!(pitches.phase, Phase::Pitch { index: 1, .. }));
    pitches
        .handle(Who::Host, &PitchesInput::Back, &mut class.at(92_000))
        .unwrap();
    assert!(matches!(pitches.phase, Phase::Feedback { index: 0, .. }));
    pitches
        .handle(Who::Host, &PitchesInput::Next, &mut class.at(93_000))
        .unwrap();
    pitches
        .handle(Who::Host, &PitchesInput::Next, &mut class.at(94_000))
        .unwrap();
    let ActivityView::Pitches(view) = pitches.public_view(&class.people()) else {
        unreachable!()
    };
    let PitchesPhase::Results { results } = view.phase else {
        panic!("results after the last team")
    };
    assert_eq!(results[0].students.count, 1);
    assert_eq!(results[0].students.means, [5.0, 4.0, 3.0]);
    assert_eq!(results[1].students.count, 0);
    assert!(results[1].students.means.is_empty());
}

#[test]
fn the_order_is_set_by_the_host_or_drawn_and_the_draw_is_repeatable() {
    let mut class = Class::in_teams(9, 3);
    let teams: Vec<TeamId> = class.people().teams().active().map(|t| t.id).collect();
    let mut pitches = Pitches::create(ActivityId(1), spec()).unwrap();
    let reversed: Vec<TeamId> = teams.iter().rev().copied().collect();
    let set = PitchesInput::SetOrder {
        teams: reversed.clone(),
    };
    pitches.handle(Who::Host, &set, &mut class.at(0)).unwrap();
    assert_eq!(pitches.order(&class.people()), reversed);
    let twice = PitchesInput::SetOrder {
        teams: vec![teams[0], teams[0]],
    };
    let err = pitches.handle(Who::Host, &twice, &mut class.at(0));
    assert_eq!(err.unwrap_err().code, ErrorCode::InvalidChoice);
    let by_phone = pitches.handle(Who::Participant(p(0)), &set, &mut class.at(0));
    assert_eq!(by_phone.unwrap_err().code, ErrorCode::Forbidden);
    let mut copy = pitches.clone();
    let mut same = Class::in_teams(9, 3);
    pitches
        .handle(Who::Host, &PitchesInput::Shuffle, &mut class.at(1))
        .unwrap();
    copy.handle(Who::Host, &PitchesInput::Shuffle, &mut same.at(1))
        .unwrap();
    assert_eq!(
        pitches.order, copy.order,
        "the same seed draws the same order"
    );
    let mut drawn = pitches.order.clone();
    drawn.sort();
    assert_eq!(drawn, teams);
    pitches
        .handle(Who::Host, &PitchesInput::Start, &mut class.at(2))
        .unwrap();
    let order: Vec<TeamId> = pitches.pitches.iter().map(|p| p.team).collect();
    assert_eq!(order, pitches.order);
    let err = pitches.handle(Who::Host, &PitchesInput::Shuffle, &mut class.at(3));
    assert_eq!(err.unwrap_err().code, ErrorCode::WrongPhase);
    // Without teams the round cannot start.
    let mut empty = Class::new(3);
    let mut none = Pitches::create(ActivityId(2), spec()).unwrap();
    let err = none.handle(Who::Host, &PitchesInput::Start, &mut empty.at(0));
    assert_eq!(err.unwrap_err().code, ErrorCode::NoTeam);
}

#[test]
fn cards_reach_the_team_only_as_released_and_a_hidden_or_changed_one_is_taken_back() {
    let mut class = Class::in_teams(6, 2);
    let (mut pitches, order) = started(&mut class);
    let team = order[0];
    pitches
        .handle(Who::Host, &PitchesInput::OpenFeedback, &mut class.at(1))
        .unwrap();
    let (member, rater) = member_and_outsider(&class, team);
    let rate = |top: &str, tip: &str| PitchesInput::Rate {
        team,
        rating: rating([3, 3, 3], top, tip),
    };
    pitches
        .handle(
            Who::Participant(rater),
            &rate("Sterk begin", "Jullie zijn saai"),
            &mut class.at(2),
        )
        .unwrap();
    let feedback =
        |pitches: &Pitches, class: &Class| pitches.personal(member, &class.people()).feedback;
    assert!(
        feedback(&pitches, &class).is_empty(),
        "nothing before a release"
    );
    let host = host_view(&pitches);
    assert_eq!(host.cards.len(), 2);
    let tip = host
        .cards
        .iter()
        .find(|c| c.kind == CardKind::Tip)
        .unwrap()
        .id;
    pitches
        .handle(
            Who::Host,
            &PitchesInput::Hide {
                card: tip,
                hidden: true,
            },
            &mut class.at(3),
        )
        .unwrap();
    let released = pitches
        .handle(Who::Host, &PitchesInput::Release { team }, &mut class.at(4))
        .unwrap();
    let to_team: Vec<&Change> = released
        .changes
        .iter()
        .filter(|c| c.audience == Audience::Team(team))
        .collect();
    assert_eq!(to_team.len(), 1, "only the top: {to_team:?}");
    let cards = feedback(&pitches, &class);
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].text, "Sterk begin");
    // The author changes the top: the team loses it until the host releases it again.
    let changed = pitches
        .handle(
            Who::Participant(rater),
            &rate("Sterk begin!", "Jullie zijn saai"),
            &mut class.at(5),
        )
        .unwrap();
    assert!(
        changed
            .changes
            .iter()
            .any(|c| c.audience == Audience::Team(team)
                && matches!(
                    &c.change,
                    ActivityChange::Pitches(PitchesChange::Gone { .. })
                ))
    );
    assert!(feedback(&pitches, &class).is_empty());
    // Hiding a released card takes it back too.
    pitches
        .handle(Who::Host, &PitchesInput::Release { team }, &mut class.at(6))
        .unwrap();
    assert_eq!(feedback(&pitches, &class)[0].text, "Sterk begin!");
    let top = host_view(&pitches)
        .cards
        .iter()
        .find(|c| c.kind == CardKind::Top)
        .unwrap()
        .id;
    pitches
        .handle(
            Who::Host,
            &PitchesInput::Hide {
                card: top,
                hidden: true,
            },
            &mut class.at(7),
        )
        .unwrap();
    assert!(feedback(&pitches, &class).is_empty());
    // Profanity and over-long text are refused with their codes.
    let rude = pitches.handle(Who::Participant(rater), &rate("kut", ""), &mut class.at(8));
    assert_eq!(rude.unwrap_err().code, ErrorCode::Inappropriate);
    let long = "x".repeat(MAX_FEEDBACK_CHARS + 1);
    let err = pitches.handle(Who::Participant(rater), &rate(&long, ""), &mut class.at(8));
    assert_eq!(err.unwrap_err().code, ErrorCode::TooLong);
}

#[test]
fn facilitators_rate_apart_under_their_name_and_required_tops_and_tips_are_checked() {
    let mut class = Class::in_teams(6, 2);
    let mut pitches = Pitches::create(
        ActivityId(1),
        PitchesSpec {
            require_tops_tips: true,
            ..spec()
        },
    )
    .unwrap();
    pitches
        .handle(Who::Host, &PitchesInput::Start, &mut class.at(0))
        .unwrap();
    pitches
        .handle(Who::Host, &PitchesInput::OpenFeedback, &mut class.at(1))
        .unwrap();
    let team = pitches.pitches[0].team;
    let teacher = |name: &str, stars| PitchesInput::TeacherRate {
        team,
        teacher: name.into(),
        rating: rating(stars, "Mooi", "Meer bronnen"),
    };
    for (at, (name, stars)) in [
        ("Mevr. Jansen", [4, 4, 4]),
        ("mevr. jansen", [2, 2, 2]),
        ("Dhr. Bakker", [5, 5, 5]),
    ]
    .into_iter()
    .enumerate()
    {
        let input = teacher(name, stars);
        pitches
            .handle(Who::Host, &input, &mut class.at(at as u64 + 2))
            .unwrap();
    }
    let result = &host_view(&pitches).results[0];
    assert_eq!(result.teachers.count, 2, "one rating per facilitator name");
    assert_eq!(result.teachers.means, [3.5, 3.5, 3.5]);
    assert_eq!(result.students.count, 0);
    let (_, rater) = member_and_outsider(&class, team);
    let no_tip = PitchesInput::Rate {
        team,
        rating: rating([3, 3, 3], "Top", ""),
    };
    let err = pitches.handle(Who::Participant(rater), &no_tip, &mut class.at(5));
    assert_eq!(err.unwrap_err().code, ErrorCode::TopTipRequired);
    let wrong_stars = PitchesInput::Rate {
        team,
        rating: RatingInput {
            stars: vec![6, 1, 1],
            top: "a".into(),
            tip: "b".into(),
        },
    };
    let err = pitches.handle(Who::Participant(rater), &wrong_stars, &mut class.at(5));
    assert_eq!(err.unwrap_err().code, ErrorCode::InvalidChoice);
    let by_host = PitchesInput::Rate {
        team,
        rating: rating([3, 3, 3], "a", "b"),
    };
    let err = pitches.handle(Who::Host, &by_host, &mut class.at(5));
    assert_eq!(err.unwrap_err().code, ErrorCode::Forbidden);
}

#[test]
fn specs_are_checked() {
    let bad = [
        PitchesSpec {
            criteria: Vec::new(),
            ..spec()
        },
        PitchesSpec {
            criteria: vec![default_criteria()[0].clone(); 7],
            ..spec()
        },
        PitchesSpec {
            criteria: vec![Criterion {
                key: None,
                name: " ".into(),
            }],
            ..spec()
        },
        PitchesSpec {
            pitch_secs: Some(5),
            ..spec()
        },
        PitchesSpec {
            title: String::new(),
            ..spec()
        },
    ];
    for spec in bad {
        assert_eq!(
            Pitches::create(ActivityId(1), spec).unwrap_err().code,
            ErrorCode::InvalidSpec
        );
    }
    let six = PitchesSpec {
        criteria: (0..6)
            .map(|i| Criterion {
                key: None,
                name: format!("C{i}"),
            })
            .collect(),
        ..spec()
    };
    Pitches::create(ActivityId(1), six).unwrap();
}

#[test]
fn feedback_text_is_tidied_and_checked() {
    assert_eq!(
        feedback_text("  goed\n\tgedaan \u{200B}").unwrap(),
        "goed gedaan"
    );
    assert_eq!(feedback_text("").unwrap(), "");
    assert_eq!(
        feedback_text("wat een shit").unwrap_err().code,
        ErrorCode::Inappropriate
    );
    // The same check as nicknames: look-alikes, spacing and a right-to-left override that
    // displays a curse are refused; invisible characters alone count as empty.
    for abusive in ["jij bent een k u t", "ＫＵＴ", "\u{202E}kcuf"] {
        assert_eq!(
            feedback_text(abusive).unwrap_err().code,
            ErrorCode::Inappropriate,
            "{abusive}"
        );
    }
    assert_eq!(feedback_text("\u{200B}\u{2066}").unwrap(), "");
}

#[derive(Debug, Clone)]
enum Step {
    Rate(u32, bool, [u32; 3], u8),
    Teacher(u8, [u32; 3]),
    Open,
    Close,
    Next,
    Back,
    Hide(u32, bool),
    Release(bool),
}

fn step() -> impl Strategy<Value = Step> {
    let stars = [1..=5u32, 1..=5u32, 1..=5u32];
    prop_oneof![
        4 => (0..8u32, any::<bool>(), stars.clone(), 0..4u8).prop_map(|(w, current, s, t)| Step::Rate(w, current, s, t)),
        1 => (0..3u8, stars).prop_map(|(t, s)| Step::Teacher(t, s)),
        1 => Just(Step::Open),
        1 => Just(Step::Close),
        1 => Just(Step::Next),
        1 => Just(Step::Back),
        1 => (0..40u32, any::<bool>()).prop_map(|(c, h)| Step::Hide(c, h)),
        1 => any::<bool>().prop_map(Step::Release),
    ]
}

const TEXTS: [&str; 4] = ["", "Goed", "Sneller", "Meer plaatjes"];

proptest! {
    /// Over any inputs: a rating of the own team's pitch is always refused (and none is
    /// ever stored), the means equal the accepted ratings (the last per rater), a refused
    /// input changes nothing, and a team's phones only ever hold their own team's cards,
    /// released and not hidden, in the text the host released.
    #[test]
    fn own_team_ratings_are_refused_and_the_means_equal_the_ratings(
        steps in proptest::collection::vec(step(), 0..80),
    ) {
        let mut class = Class::in_teams(8, 3);
        let (mut pitches, order) = started(&mut class);
        // The last accepted stars per (team, rater).
        let mut model: BTreeMap<(TeamId, Rater), Vec<u32>> = BTreeMap::new();
        for (at, s) in steps.into_iter().enumerate() {
            let now = at as u64 + 1;
            let before = serde_json::to_value(&pitches).unwrap();
            let current = pitches.phase.index().map(|i| order[i]);
            let (who, input) = match &s {
                Step::Rate(w, on_current, stars, t) => {
                    let team = if *on_current { current.unwrap_or(order[0]) } else { order[(*w as usize) % order.len()] };
                    (Who::Participant(p(*w)), PitchesInput::Rate {
                        team,
                        rating: rating(*stars, TEXTS[*t as usize], TEXTS[(*t as usize + 1) % 4]),
                    })
                }
                Step::Teacher(t, stars) => (Who::Host, PitchesInput::TeacherRate {
                    team: current.unwrap_or(order[0]),
                    teacher: format!("Docent {t}"),
                    rating: rating(*stars, "Helder", ""),
                }),
                Step::Open => (Who::Host, PitchesInput::OpenFeedback),
                Step::Close => (Who::Host, PitchesInput::CloseFeedback),
                Step::Next => (Who::Host, PitchesInput::Next),
                Step::Back => (Who::Host, PitchesInput::Back),
                Step::Hide(card, hidden) => (Who::Host, PitchesInput::Hide { card: *card, hidden: *hidden }),
                Step::Release(first) => (Who::Host, PitchesInput::Release { team: order[usize::from(!*first)] }),
            };
            let own = match (&who, &input) {
                (Who::Participant(w), PitchesInput::Rate { team, .. }) => class.people().team_of(*w) == Some(*team),
                _ => false,
            };
            let result = pitches.handle(who, &input, &mut class.at(now));
            match result {
                Err(e) => {
                    prop_assert_eq!(serde_json::to_value(&pitches).unwrap(), before, "a refusal changed the state");
                    if own && matches!(pitches.phase, Phase::Feedback { .. }) && current == match &input { PitchesInput::Rate { team, .. } => Some(*team), _ => None } {
                        prop_assert_eq!(e.code, ErrorCode::OwnPitch);
                    }
                }
                Ok(_) => {
                    prop_assert!(!own, "a team rated its own pitch");
                    match (who, &input) {
                        (Who::Participant(w), PitchesInput::Rate { team, rating }) => {
                            model.insert((*team, Rater::Student(w)), rating.stars.clone());
                        }
                        (_, PitchesInput::TeacherRate { team, teacher, rating }) => {
                            model.insert((*team, Rater::Teacher(names::nickname_key(teacher))), rating.stars.clone());
                        }
                        _ => {}
                    }
                }
            }
        }
        let people = class.people();
        let host = host_view(&pitches);
        for result in &host.results {
            for (teachers, scores) in [(false, &result.students), (true, &result.teachers)] {
                let ratings: Vec<&Vec<u32>> = model
                    .iter()
                    .filter(|((team, rater), _)| *team == result.team && matches!(rater, Rater::Teacher(_)) == teachers)
                    .map(|(_, stars)| stars)
                    .collect();
                prop_assert_eq!(scores.count as usize, ratings.len());
                for (c, mean) in scores.means.iter().enumerate() {
                    let sum: u32 = ratings.iter().map(|s| s[c]).sum();
                    let expected = f64::from(sum) / ratings.len() as f64;
                    prop_assert!((mean - expected).abs() < 1e-9, "{} != {}", mean, expected);
                }
            }
        }
        for pitch in &pitches.pitches {
            for rater in pitch.students.keys() {
                prop_assert_ne!(people.team_of(*rater), Some(pitch.team));
            }
        }
        for &who in class.ids() {
            let mine = pitches.personal(who, &people);
            for card in &mine.feedback {
                prop_assert_eq!(Some(card.team), people.team_of(who));
                let shown = host.cards.iter().find(|c| c.id == card.id).unwrap();
                prop_assert!(shown.released && !shown.hidden);
                prop_assert_eq!(&shown.text, &card.text);
            }
        }
    }
}

use super::*;
use crate::room::kind::AnyKind;
use crate::room::kind::testing::Class;
use kring_protocol::DotOption;
use kring_protocol::Personal;
use proptest::prelude::*;

const HOST: Who = Who::Host;

fn option(text: &str, team: Option<TeamId>) -> DotOption {
    DotOption {
        text: text.into(),
        team,
        card: None,
    }
}

fn spec(options: usize, dots: u32, max: Option<u32>) -> DotVoteSpec {
    DotVoteSpec {
        title: "Wat kiezen we?".into(),
        options: (0..options)
            .map(|i| option(&format!("optie {i}"), None))
            .collect(),
        dots,
        max_per_option: max,
        no_own_team: false,
        live_results: false,
        by_team: false,
        anonymous: false,
    }
}

fn p(n: u32) -> Who {
    Who::Participant(ParticipantId(n))
}

fn open(spec: DotVoteSpec, class: &mut Class) -> DotVote {
    let mut vote = DotVote::create(ActivityId(2), spec).unwrap();
    vote.handle(HOST, &DotVoteInput::Open, &mut class.at(0))
        .unwrap();
    vote
}

fn ballot(dots: &[(u32, u32)]) -> DotVoteInput {
    DotVoteInput::Place {
        ballot: dots
            .iter()
            .map(|&(option, dots)| OptionDots { option, dots })
            .collect(),
    }
}

fn place(
    vote: &mut DotVote,
    class: &mut Class,
    who: u32,
    dots: &[(u32, u32)],
) -> Result<Outcome, ActError> {
    vote.handle(p(who), &ballot(dots), &mut class.at(5))
}

#[test]
fn a_ballot_is_the_whole_allocation() {
    let mut class = Class::new(2);
    let mut vote = open(spec(3, 3, Some(2)), &mut class);
    let outcome = place(&mut vote, &mut class, 0, &[(0, 2), (1, 1)]).unwrap();
    assert!(outcome.progress);
    assert_eq!(
        outcome.changes.len(),
        2,
        "one tally change per option touched"
    );
    assert!(
        outcome.changes.iter().all(|c| c.audience == Audience::Host),
        "hidden results: the host only"
    );
    // The same ballot again changes nothing; moving a dot moves it.
    place(&mut vote, &mut class, 0, &[(0, 2), (1, 1)]).unwrap();
    assert_eq!(vote.tally, vec![2, 1, 0]);
    place(&mut vote, &mut class, 0, &[(0, 1), (2, 2)]).unwrap();
    assert_eq!(vote.tally, vec![1, 0, 2]);
    let err = |vote: &mut DotVote, class: &mut Class, dots: &[(u32, u32)]| {
        place(vote, class, 0, dots).unwrap_err().code
    };
    assert_eq!(
        err(&mut vote, &mut class, &[(0, 3)]),
        ErrorCode::TooManyOnOption
    );
    assert_eq!(
        err(&mut vote, &mut class, &[(0, 2), (1, 2)]),
        ErrorCode::TooManyDots
    );
    assert_eq!(
        err(&mut vote, &mut class, &[(3, 1)]),
        ErrorCode::InvalidChoice
    );
    assert_eq!(
        err(&mut vote, &mut class, &[(1, 1), (1, 1)]),
        ErrorCode::InvalidChoice
    );
    assert_eq!(vote.tally, vec![1, 0, 2], "refusals change nothing");
    let Some(Personal::DotVote(me)) = vote.personal_view(ParticipantId(0), &class.people()) else {
        unreachable!()
    };
    assert_eq!(
        me.ballot,
        vec![
            OptionDots { option: 0, dots: 1 },
            OptionDots { option: 2, dots: 2 }
        ]
    );
    place(&mut vote, &mut class, 0, &[]).unwrap();
    assert_eq!(vote.responded(), 0, "an empty ballot takes every dot back");
}

#[test]
fn live_results_go_to_everyone_and_hidden_ones_never_show_before_the_reveal() {
    let mut class = Class::new(2);
    let mut live = spec(2, 3, None);
    live.live_results = true;
    let mut vote = open(live, &mut class);
    let outcome = place(&mut vote, &mut class, 0, &[(1, 3)]).unwrap();
    assert_eq!(outcome.changes[0].audience, Audience::Everyone);
    assert!(vote.view().tally.is_some());
    let mut hidden = open(spec(2, 3, None), &mut class);
    place(&mut hidden, &mut class, 0, &[(1, 3)]).unwrap();
    let view = serde_json::to_value(hidden.view()).unwrap();
    assert_eq!(view["tally"], serde_json::Value::Null);
    hidden
        .handle(HOST, &DotVoteInput::Close, &mut class.at(9))
        .unwrap();
    assert_eq!(
        hidden.view().phase,
        DotVotePhase::Closed,
        "closed: still hidden"
    );
    assert_eq!(
        place(&mut hidden, &mut class, 1, &[(0, 1)])
            .unwrap_err()
            .code,
        ErrorCode::VotingClosed
    );
}

#[test]
fn ties_share_a_rank_and_a_run_off_takes_the_tied_options() {
    let mut class = Class::new(3);
    let mut vote = open(spec(4, 3, None), &mut class);
    place(&mut vote, &mut class, 0, &[(0, 2), (1, 1)]).unwrap();
    place(&mut vote, &mut class, 1, &[(1, 1), (2, 2)]).unwrap();
    place(&mut vote, &mut class, 2, &[(3, 1)]).unwrap();
    // Dots: 0 → 2, 1 → 2, 2 → 2, 3 → 1.
    assert_eq!(
        vote.handle(
            HOST,
            &DotVoteInput::RunOff {
                rank: 1,
                title: "x".into()
            },
            &mut class.at(9)
        )
        .unwrap_err()
        .code,
        ErrorCode::WrongPhase
    );
    vote.handle(HOST, &DotVoteInput::Reveal, &mut class.at(10))
        .unwrap();
    let DotVotePhase::Revealed { results, voters } = vote.view().phase else {
        unreachable!()
    };
    assert_eq!(voters, 3);
    let ranks: Vec<(u32, u32)> = results.iter().map(|r| (r.option, r.rank)).collect();
    assert_eq!(ranks, vec![(0, 1), (1, 1), (2, 1), (3, 4)]);
    let outcome = vote
        .handle(
            HOST,
            &DotVoteInput::RunOff {
                rank: 1,
                title: "Beslissing".into(),
            },
            &mut class.at(11),
        )
        .unwrap();
    let [
        RoomOp::AddActivity {
            spec: ActivitySpec::DotVote(runoff),
            current: true,
        },
    ] = &outcome.room[..]
    else {
        panic!("{:?}", outcome.room)
    };
    let texts: Vec<&str> = runoff.options.iter().map(|o| o.text.as_str()).collect();
    assert_eq!(texts, vec!["optie 0", "optie 1", "optie 2"]);
    assert_eq!(runoff.title, "Beslissing");
    assert_eq!(runoff.dots, 3);
    assert_eq!(
        vote.handle(
            HOST,
            &DotVoteInput::RunOff {
                rank: 4,
                title: "x".into()
            },
            &mut class.at(12)
        )
        .unwrap_err()
        .code,
        ErrorCode::InvalidChoice,
        "rank 4 is no tie"
    );
}

#[test]
fn no_dots_on_the_own_teams_option_and_results_per_team() {
    let mut class = Class::in_teams(4, 2);
    let people = class.people();
    let t0 = people.team_of(ParticipantId(0)).unwrap();
    let other = people
        .teams()
        .active()
        .map(|t| t.id)
        .find(|&t| t != t0)
        .unwrap();
    let mut spec = spec(2, 2, None);
    spec.options = vec![
        option("van team A", Some(t0)),
        option("van team B", Some(other)),
    ];
    spec.no_own_team = true;
    spec.by_team = true;
    let mut vote = open(spec, &mut class);
    assert_eq!(
        place(&mut vote, &mut class, 0, &[(0, 1)]).unwrap_err().code,
        ErrorCode::OwnTeam
    );
    place(&mut vote, &mut class, 0, &[(1, 2)]).unwrap();
    let voters_in_other: Vec<u32> = (0..4)
        .filter(|&w| class.people().team_of(ParticipantId(w)) == Some(other))
        .collect();
    place(&mut vote, &mut class, voters_in_other[0], &[(0, 2)]).unwrap();
    let tally = vote.option_tally(1);
    assert_eq!(tally.teams, vec![TeamDots { team: t0, dots: 2 }]);
    assert_eq!(
        vote.option_tally(0).teams,
        vec![TeamDots {
            team: other,
            dots: 2
        }]
    );
}

#[test]
fn an_anonymous_export_names_nobody() {
    let mut class = Class::new(3);
    let mut anon = spec(2, 3, None);
    anon.anonymous = true;
    let mut vote = open(anon, &mut class);
    place(&mut vote, &mut class, 2, &[(0, 3)]).unwrap();
    place(&mut vote, &mut class, 0, &[(1, 1)]).unwrap();
    let export = vote.export(ActivityId(2), &class.people(), Lang::Nl);
    assert!(export.anonymous);
    let json = serde_json::to_string(&export.detail).unwrap();
    assert!(
        !json.contains("participant") && !json.contains("nickname"),
        "{json}"
    );
    assert!(
        export
            .rows
            .iter()
            .all(|r| r.participant.is_none() && r.nickname.is_none())
    );
    let dots: Vec<u32> = export.detail["ballots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["dots"][0]["option"].as_u64().unwrap() as u32)
        .collect();
    assert_eq!(dots, vec![0, 1], "ordered by contents, not by who");
}

#[derive(Debug, Clone)]
enum Step {
    Place(u32, Vec<(u32, u32)>),
    Close,
    Reveal,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (0..6u32, proptest::collection::vec((0..5u32, 0..5u32), 0..5))
            .prop_map(|(w, d)| Step::Place(w, d)),
        1 => Just(Step::Close),
        1 => Just(Step::Reveal),
    ]
}

proptest! {
    /// Over any ballots: nobody ever has more than N dots or more than M on one option; the
    /// tally (and every team's) equals the sum of the ballots; a ballot that moves dots keeps
    /// the total; after the close every ballot is refused with `votingClosed` and nothing
    /// changes.
    #[test]
    fn dots_are_conserved_and_bounded(
        dots in 1..6u32,
        max in proptest::option::of(1..6u32),
        steps in proptest::collection::vec(step(), 0..60),
    ) {
        let max = max.filter(|&m| m <= dots);
        let mut class = Class::in_teams(6, 2);
        let mut spec = spec(4, dots, max);
        spec.by_team = true;
        let mut vote = open(spec, &mut class);
        let m = max.unwrap_or(dots);
        let mut closed = false;
        for s in steps {
            let before = serde_json::to_value(&vote).unwrap();
            let total_before: u32 = vote.tally.iter().sum();
            match s {
                Step::Place(w, d) => {
                    let old: u32 = vote.ballots.get(&ParticipantId(w)).map_or(0, |b| b.dots.iter().map(|x| x.dots).sum());
                    let new: u32 = d.iter().map(|x| x.1).sum();
                    let result = place(&mut vote, &mut class, w, &d);
                    match result {
                        Ok(_) => {
                            prop_assert!(!closed);
                            let total: u32 = vote.tally.iter().sum();
                            prop_assert_eq!(total, total_before - old + new, "moving dots changed the total");
                        }
                        Err(e) => {
                            if closed {
                                prop_assert_eq!(e.code, ErrorCode::VotingClosed);
                            }
                            prop_assert_eq!(serde_json::to_value(&vote).unwrap(), before, "a refusal changed the state");
                        }
                    }
                }
                Step::Close => {
                    if vote.handle(HOST, &DotVoteInput::Close, &mut class.at(9)).is_ok() {
                        closed = true;
                    }
                }
                Step::Reveal => {
                    if vote.handle(HOST, &DotVoteInput::Reveal, &mut class.at(9)).is_ok() {
                        closed = true;
                    }
                }
            }
            let mut sum = vec![0u32; 4];
            let mut per_team = vec![BTreeMap::<TeamId, u32>::new(); 4];
            for b in vote.ballots.values() {
                let spent: u32 = b.dots.iter().map(|d| d.dots).sum();
                prop_assert!(spent <= dots && spent > 0);
                for d in &b.dots {
                    prop_assert!(d.dots <= m);
                    sum[d.option as usize] += d.dots;
                    *per_team[d.option as usize].entry(b.team.unwrap()).or_default() += d.dots;
                }
            }
            prop_assert_eq!(&vote.tally, &sum, "the tally is not the sum of the ballots");
            prop_assert_eq!(&vote.team_tally, &per_team);
        }
    }
}

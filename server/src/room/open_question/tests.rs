use super::*;
use crate::room::kind::AnyKind;
use crate::room::kind::testing::Class;
use kring_protocol::ActivityHostView;
use proptest::prelude::*;

const HOST: Who = Who::Host;

fn spec(floor: u32, approve: bool) -> OpenQuestionSpec {
    OpenQuestionSpec {
        title: "Hoe vond je de les?".into(),
        per_person: 3,
        max_chars: 80,
        anonymous: true,
        approve,
        display: OpenDisplay::Cloud,
        privacy_floor: floor,
    }
}

fn p(n: u32) -> Who {
    Who::Participant(ParticipantId(n))
}

fn open(spec: OpenQuestionSpec, class: &mut Class) -> OpenQuestion {
    let mut q = OpenQuestion::create(ActivityId(1), spec).unwrap();
    q.handle(HOST, &OpenQuestionInput::Open, &mut class.at(0))
        .unwrap();
    q
}

fn answer(q: &mut OpenQuestion, class: &mut Class, who: u32, text: &str) -> Result<u32, ActError> {
    q.handle(
        p(who),
        &OpenQuestionInput::Answer { text: text.into() },
        &mut class.at(10),
    )?;
    Ok(*q.by_author[&ParticipantId(who)].last().unwrap())
}

fn words(q: &OpenQuestion, class: &Class) -> Vec<(String, u32)> {
    q.view(&class.people())
        .words
        .into_iter()
        .map(|w| (w.text, w.count))
        .collect()
}

fn host(q: &OpenQuestion, class: &Class) -> OpenQuestionHost {
    match AnyKind::host_view(q, &class.people()) {
        Some(ActivityHostView::OpenQuestion(h)) => h,
        _ => unreachable!(),
    }
}

fn key_of(q: &OpenQuestion, class: &Class, text: &str) -> String {
    host(q, class)
        .words
        .into_iter()
        .find(|w| w.word.text == text)
        .unwrap()
        .word
        .key
}

#[test]
fn nothing_is_public_before_the_privacy_floor_then_the_whole_view_once() {
    let mut class = Class::new(4);
    let mut q = open(spec(3, false), &mut class);
    let outcome = q
        .handle(
            p(0),
            &OpenQuestionInput::Answer {
                text: "Leuk!".into(),
            },
            &mut class.at(5),
        )
        .unwrap();
    assert!(
        outcome.changes.iter().all(|c| c.audience == Audience::Host),
        "below the floor only the host hears of it"
    );
    answer(&mut q, &mut class, 1, "leuke").unwrap();
    let view = q.view(&class.people());
    assert!(!view.shown && view.cards.is_empty() && view.words.is_empty());
    assert_eq!(view.total, 0, "not even a count");
    let outcome = q
        .handle(
            p(2),
            &OpenQuestionInput::Answer {
                text: "saai".into(),
            },
            &mut class.at(6),
        )
        .unwrap();
    assert!(outcome.view, "crossing the floor sends the view once");
    assert_eq!(
        words(&q, &class),
        vec![("Leuk".into(), 2), ("saai".into(), 1)]
    );
    // From then on one answer is a card and the words, to the projector and the host only.
    let outcome = q
        .handle(
            p(3),
            &OpenQuestionInput::Answer {
                text: "saaie".into(),
            },
            &mut class.at(7),
        )
        .unwrap();
    assert!(!outcome.view);
    assert!(
        outcome
            .changes
            .iter()
            .all(|c| matches!(c.audience, Audience::Watchers | Audience::Host))
    );
    assert_eq!(outcome.personal, vec![Whose::One(ParticipantId(3))]);
}

#[test]
fn one_person_counts_once_and_the_cloud_shows_the_commonest_spelling() {
    let mut class = Class::new(5);
    let mut q = open(spec(1, false), &mut class);
    answer(&mut q, &mut class, 0, "leuk").unwrap();
    answer(&mut q, &mut class, 0, "Leuk!").unwrap();
    answer(&mut q, &mut class, 0, "LEUK").unwrap();
    assert_eq!(words(&q, &class), vec![("leuk".into(), 1)]);
    answer(&mut q, &mut class, 1, "Leuke").unwrap();
    answer(&mut q, &mut class, 2, "Leuke").unwrap();
    answer(&mut q, &mut class, 3, "niet leuk").unwrap();
    answer(&mut q, &mut class, 4, "Ik vond het best wel leuk vandaag").unwrap();
    let view = q.view(&class.people());
    assert_eq!(
        words(&q, &class),
        vec![("Leuke".into(), 3), ("niet leuk".into(), 1)],
        "'niet leuk' stays whole; the long answer is a card only"
    );
    assert_eq!(view.not_in_cloud, 1);
    assert_eq!(view.total, 7);
}

#[test]
fn a_rude_answer_is_refused_and_changes_nothing() {
    let mut class = Class::new(2);
    let mut q = open(spec(1, false), &mut class);
    let before = serde_json::to_value(&q).unwrap();
    for text in ["fuck", "kanker", "k u t", "   "] {
        assert!(answer(&mut q, &mut class, 0, text).is_err(), "{text}");
    }
    assert_eq!(serde_json::to_value(&q).unwrap(), before);
}

#[test]
fn a_hide_holds_for_the_same_text_and_approve_first_keeps_answers_back() {
    let mut class = Class::new(3);
    let mut q = open(spec(1, false), &mut class);
    let id = answer(&mut q, &mut class, 0, "Saai!").unwrap();
    q.handle(
        HOST,
        &OpenQuestionInput::Hide {
            answer: id,
            hidden: true,
        },
        &mut class.at(20),
    )
    .unwrap();
    assert!(words(&q, &class).is_empty());
    q.handle(
        p(0),
        &OpenQuestionInput::Withdraw { answer: id },
        &mut class.at(21),
    )
    .unwrap();
    let again = answer(&mut q, &mut class, 0, "saai!").unwrap();
    assert!(q.answers[&again].hidden, "same text, same writer: held");
    assert!(words(&q, &class).is_empty());

    let mut q = open(spec(1, true), &mut class);
    let id = answer(&mut q, &mut class, 1, "leuk").unwrap();
    assert!(words(&q, &class).is_empty(), "waiting for approval");
    assert_eq!(
        q.personal(ParticipantId(1)).mine[0].status,
        AnswerStatus::Waiting
    );
    q.handle(
        Who::Host,
        &OpenQuestionInput::Approve { answer: id },
        &mut class.at(30),
    )
    .unwrap();
    assert_eq!(words(&q, &class), vec![("leuk".into(), 1)]);
}

#[test]
fn moderators_merge_split_and_hide_words() {
    let mut class = Class::new(4);
    let mut q = open(spec(1, false), &mut class);
    answer(&mut q, &mut class, 0, "gezellig").unwrap();
    answer(&mut q, &mut class, 1, "gezellige").unwrap();
    answer(&mut q, &mut class, 2, "fijn").unwrap();
    answer(&mut q, &mut class, 3, "kut").unwrap_err();
    let gezellig = key_of(&q, &class, "gezellig");
    let fijn = key_of(&q, &class, "fijn");
    q.handle(
        HOST,
        &OpenQuestionInput::MergeWords {
            word: fijn.clone(),
            into: gezellig.clone(),
        },
        &mut class.at(40),
    )
    .unwrap();
    assert_eq!(words(&q, &class), vec![("gezellig".into(), 3)]);
    assert_eq!(host(&q, &class).words[0].merged, vec![fijn.clone()]);
    q.handle(
        HOST,
        &OpenQuestionInput::SplitWord {
            word: gezellig.clone(),
        },
        &mut class.at(41),
    )
    .unwrap();
    assert_eq!(words(&q, &class).len(), 2);
    q.handle(
        HOST,
        &OpenQuestionInput::HideWord {
            word: fijn.clone(),
            hidden: true,
        },
        &mut class.at(42),
    )
    .unwrap();
    assert_eq!(words(&q, &class), vec![("gezellig".into(), 2)]);
    assert_eq!(
        q.view(&class.people()).cards.len(),
        3,
        "its answer stays a card"
    );
    assert!(
        q.handle(
            HOST,
            &OpenQuestionInput::HideWord {
                word: "nope".into(),
                hidden: true,
            },
            &mut class.at(43),
        )
        .is_err()
    );
    assert!(
        q.handle(
            p(0),
            &OpenQuestionInput::HideWord {
                word: gezellig,
                hidden: true,
            },
            &mut class.at(44),
        )
        .is_err(),
        "students do not moderate"
    );
}

#[test]
fn limits_per_person_and_the_phases_hold() {
    let mut class = Class::new(1);
    let mut q = OpenQuestion::create(ActivityId(1), spec(1, false)).unwrap();
    assert!(answer(&mut q, &mut class, 0, "te vroeg").is_err());
    q.handle(HOST, &OpenQuestionInput::Open, &mut class.at(0))
        .unwrap();
    for text in ["een", "twee", "drie"] {
        answer(&mut q, &mut class, 0, text).unwrap();
    }
    assert_eq!(
        answer(&mut q, &mut class, 0, "vier").unwrap_err().code,
        ErrorCode::LimitReached
    );
    q.handle(HOST, &OpenQuestionInput::Close, &mut class.at(1))
        .unwrap();
    assert!(answer(&mut q, &mut class, 0, "later").is_err());
    assert!(OpenQuestion::create(ActivityId(2), spec(0, false)).is_err());
}

/// Answers of the corpus, each with its group (different groups are different words).
fn corpus_answers() -> Vec<(usize, &'static str)> {
    include_str!("../../../tests/corpus/open-question-answers.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .enumerate()
        .flat_map(|(g, l)| l.split(" | ").map(move |a| (g, a.trim())))
        .collect()
}

#[derive(Debug, Clone)]
enum Step {
    Answer(u32, usize),
    Withdraw(u32),
    Hide(usize, bool),
    Approve(usize),
    HideWord(usize, bool),
    Merge(usize, usize),
    Split(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..8u32, 0..1000usize).prop_map(|(p, a)| Step::Answer(p, a)),
        1 => (0..8u32).prop_map(Step::Withdraw),
        1 => (0..100usize, any::<bool>()).prop_map(|(a, h)| Step::Hide(a, h)),
        1 => (0..100usize).prop_map(Step::Approve),
        1 => (0..100usize, any::<bool>()).prop_map(|(w, h)| Step::HideWord(w, h)),
        1 => (0..100usize, 0..100usize).prop_map(|(a, b)| Step::Merge(a, b)),
        1 => (0..100usize).prop_map(Step::Split),
    ]
}

proptest! {
    #[test]
    fn folding_is_stable_and_idempotent(text in "[a-zA-Zëéïü' !.,-]{0,30}") {
        let key = normal::cloud_key(&text);
        if let Some(key) = &key {
            prop_assert_eq!(normal::cloud_key(key), Some(key.clone()), "a key is its own key");
            let louder = format!("  {}!! ", text.to_uppercase());
            prop_assert_eq!(normal::cloud_key(&louder), Some(key.clone()), "case and punctuation fold");
        }
    }

    /// After every step of random answers (from the corpus) and moderation: no public view
    /// below the floor, the cloud counts each person once per word, no hidden answer or word
    /// is public, and no word of the cloud holds answers of two different corpus words.
    #[test]
    fn the_cloud_holds_its_rules_after_every_step(
        floor in 1..5u32, approve in any::<bool>(), steps in prop::collection::vec(step(), 1..60)
    ) {
        let corpus = corpus_answers();
        let mut class = Class::new(8);
        let mut q = open(spec(floor, approve), &mut class);
        for (i, s) in steps.iter().enumerate() {
            let ids: Vec<u32> = q.order.iter().copied().filter(|id| !q.answers[id].withdrawn).collect();
            let cx = &mut class.at(100 + i as u64);
            let _ = match s {
                Step::Answer(who, a) => q.handle(p(*who), &OpenQuestionInput::Answer {
                    text: corpus[a % corpus.len()].1.into(),
                }, cx),
                Step::Withdraw(who) => match q.by_author.get(&ParticipantId(*who)).and_then(|m| m.first()) {
                    Some(&answer) => q.handle(p(*who), &OpenQuestionInput::Withdraw { answer }, cx),
                    None => continue,
                },
                Step::Hide(a, hidden) if !ids.is_empty() => q.handle(HOST, &OpenQuestionInput::Hide {
                    answer: ids[a % ids.len()], hidden: *hidden,
                }, cx),
                Step::Approve(a) if !ids.is_empty() => q.handle(HOST, &OpenQuestionInput::Approve {
                    answer: ids[a % ids.len()],
                }, cx),
                Step::HideWord(w, hidden) => {
                    let groups = q.groups();
                    if groups.is_empty() { continue; }
                    q.handle(HOST, &OpenQuestionInput::HideWord {
                        word: groups[w % groups.len()].word.key.clone(), hidden: *hidden,
                    }, cx)
                }
                Step::Merge(w, into) => {
                    let groups = q.groups();
                    if groups.is_empty() { continue; }
                    q.handle(HOST, &OpenQuestionInput::MergeWords {
                        word: groups[w % groups.len()].word.key.clone(),
                        into: groups[into % groups.len()].word.key.clone(),
                    }, cx)
                }
                Step::Split(w) => {
                    let groups = q.groups();
                    if groups.is_empty() { continue; }
                    q.handle(HOST, &OpenQuestionInput::SplitWord {
                        word: groups[w % groups.len()].word.key.clone(),
                    }, cx)
                }
                _ => continue,
            };
            prop_assert_eq!(q.groups(), q.groups_from_scratch(), "the tally is the answers on the wall");
            let view = q.view(&class.people());
            let wall: Vec<&Answer> = q.wall().collect();
            prop_assert_eq!((view.total, view.not_in_cloud) == (0, 0) || view.shown, true);
            prop_assert_eq!(q.tally.total as usize, wall.len());
            prop_assert_eq!(q.tally.not_in_cloud as usize, wall.iter().filter(|a| a.key.is_none()).count());
            let people: BTreeSet<ParticipantId> = wall.iter().map(|a| a.author).collect();
            prop_assert_eq!(view.shown, people.len() as u32 >= floor);
            if !view.shown {
                prop_assert!(view.cards.is_empty() && view.words.is_empty() && view.total == 0);
            }
            for card in &view.cards {
                let a = &q.answers[&card.id];
                prop_assert!(OpenQuestion::on_wall(a), "only answers on the wall are public");
            }
            for word in &view.words {
                prop_assert!(!q.hidden_words.contains(&word.key));
                let givers: BTreeSet<ParticipantId> = wall.iter()
                    .filter(|a| a.key.as_deref().map(|k| q.root(k)) == Some(word.key.as_str()))
                    .map(|a| a.author).collect();
                prop_assert_eq!(word.count, givers.len() as u32, "each person once");
                let words: BTreeSet<usize> = wall.iter()
                    .filter(|a| a.key.as_deref() == Some(word.key.as_str()))
                    .map(|a| corpus.iter().find(|(_, t)| *t == a.text.as_str()).map_or(usize::MAX, |(g, _)| *g))
                    .collect();
                prop_assert!(words.len() <= 1, "{} joins different words", word.text);
            }
        }
    }
}

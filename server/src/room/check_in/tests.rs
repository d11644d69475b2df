use super::*;
use crate::room::kind::AnyKind;
use crate::room::kind::testing::Class;
use kring_protocol::{ActivityHostView, ActivityInput, ActivityView, Personal};
use proptest::prelude::*;

const HOST: Who = Who::Host;

fn spec(floor: u32) -> CheckInSpec {
    CheckInSpec {
        title: "Hoe gaat het met je?".into(),
        words: true,
        anonymous: true,
        privacy_floor: floor,
    }
}

fn p(n: u32) -> Who {
    Who::Participant(ParticipantId(n))
}

fn open(spec: CheckInSpec, class: &mut Class) -> CheckIn {
    let mut check_in = <CheckIn as AnyKind>::create(ActivityId(3), spec).unwrap();
    check_in
        .handle(HOST, &CheckInInput::Open, &mut class.at(0))
        .unwrap();
    check_in
}

fn answer(mood: u32, word: Option<&str>) -> CheckInInput {
    CheckInInput::Answer {
        mood,
        word: word.map(Into::into),
    }
}

fn view(check_in: &CheckIn, class: &Class) -> CheckInView {
    <CheckIn as crate::room::kind::Kind>::public_view(check_in, &class.people())
}

fn host(check_in: &CheckIn, class: &Class) -> CheckInHost {
    <CheckIn as crate::room::kind::Kind>::host_view(check_in, &class.people()).unwrap()
}

#[test]
fn a_spec_checks_its_question_and_its_privacy_floor() {
    assert!(<CheckIn as AnyKind>::create(ActivityId(1), spec(5)).is_ok());
    for floor in [2, 11, 0] {
        let err = <CheckIn as AnyKind>::create(ActivityId(1), spec(floor)).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidSpec, "floor {floor}");
    }
    assert!(<CheckIn as AnyKind>::create(ActivityId(1), spec(3)).is_ok());
    assert!(<CheckIn as AnyKind>::create(ActivityId(1), spec(10)).is_ok());
    let blank = CheckInSpec {
        title: " ".into(),
        ..spec(5)
    };
    assert!(<CheckIn as AnyKind>::create(ActivityId(1), blank).is_err());
    // The defaults: anonymous, words asked, floor 5.
    let parsed: CheckInSpec = serde_json::from_str(r#"{"title":"Hoe gaat het met je?"}"#).unwrap();
    assert_eq!(parsed, spec(5));
}

#[test]
fn nothing_shows_while_open_and_the_distribution_shows_once_closed_above_the_floor() {
    let mut class = Class::new(8);
    let mut check_in = open(spec(5), &mut class);
    for (who, mood) in [(0, 1), (1, 2), (2, 4), (3, 5)] {
        check_in
            .handle(p(who), &answer(mood, Some("Moe")), &mut class.at(1))
            .unwrap();
    }
    check_in
        .handle(p(4), &CheckInInput::Skip, &mut class.at(1))
        .unwrap();
    let v = view(&check_in, &class);
    assert_eq!((v.answered, v.skipped, v.result), (4, 1, None));
    assert!(host(&check_in, &class).words.is_empty());
    // Four faces are below the floor of five: closed, still nothing.
    let mut below = check_in.clone();
    below
        .handle(HOST, &CheckInInput::Close, &mut class.at(2))
        .unwrap();
    assert_eq!(view(&below, &class).result, None);
    // A fifth face: still nothing while open.
    check_in
        .handle(p(5), &answer(5, Some("blij")), &mut class.at(1))
        .unwrap();
    assert_eq!(view(&check_in, &class).result, None);
    check_in
        .handle(HOST, &CheckInInput::Close, &mut class.at(2))
        .unwrap();
    let result = view(&check_in, &class).result.unwrap();
    // Faces 1, 2, 4, 5, 5: 1–2 (2), 3–5 (3).
    assert_eq!(
        result.bars,
        vec![
            MoodBar {
                from: 1,
                to: 2,
                count: 2
            },
            MoodBar {
                from: 3,
                to: 5,
                count: 3
            },
        ]
    );
    assert_eq!(
        result.words,
        vec![
            WordCount {
                word: "moe".into(),
                count: 4
            },
            WordCount {
                word: "blij".into(),
                count: 1
            },
        ]
    );
    // Closed: no more answers.
    let err = check_in
        .handle(p(6), &answer(3, None), &mut class.at(3))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPhase);
}

#[test]
fn an_answer_replaces_the_earlier_one_and_a_skip_replaces_an_answer() {
    let mut class = Class::new(3);
    let mut check_in = open(spec(3), &mut class);
    for _ in 0..2 {
        check_in
            .handle(p(0), &answer(2, Some("ok")), &mut class.at(1))
            .unwrap();
    }
    assert_eq!(check_in.responded(), 1);
    assert_eq!(view(&check_in, &class).answered, 1);
    check_in
        .handle(p(0), &CheckInInput::Skip, &mut class.at(1))
        .unwrap();
    let v = view(&check_in, &class);
    assert_eq!((v.answered, v.skipped), (0, 1));
    assert_eq!(
        check_in.personal_view(ParticipantId(0), &class.people()),
        Some(Personal::CheckIn(CheckInPersonal {
            mood: None,
            word: None,
            skipped: true,
        }))
    );
}

#[test]
fn faces_and_words_are_checked() {
    let mut class = Class::new(2);
    let mut check_in = open(spec(3), &mut class);
    for mood in [0, 6] {
        let err = check_in
            .handle(p(0), &answer(mood, None), &mut class.at(1))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidChoice);
    }
    let long = "x".repeat(MAX_WORD_CHARS + 1);
    let err = check_in
        .handle(p(0), &answer(3, Some(&long)), &mut class.at(1))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::TooLong);
    let err = check_in
        .handle(p(0), &answer(3, Some("kut")), &mut class.at(1))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Inappropriate);
    // A blank word is no word.
    check_in
        .handle(p(0), &answer(3, Some("  ")), &mut class.at(1))
        .unwrap();
    assert_eq!(check_in.answers[&ParticipantId(0)].word, None);
    // Without words, a word is refused.
    let mut wordless = open(
        CheckInSpec {
            words: false,
            ..spec(3)
        },
        &mut class,
    );
    assert!(
        wordless
            .handle(p(0), &answer(3, Some("ok")), &mut class.at(1))
            .is_err()
    );
}

#[test]
fn only_phones_answer_the_host_runs_it_and_moderators_hide_words() {
    let mut class = Class::new(5);
    let mut check_in = open(spec(3), &mut class);
    assert_eq!(
        check_in
            .handle(HOST, &answer(3, None), &mut class.at(1))
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        check_in
            .handle(p(0), &CheckInInput::Close, &mut class.at(1))
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    assert!(
        CheckInInput::HideWord { word: "x".into() }
            .senders()
            .moderators()
    );
    assert!(!CheckInInput::Close.senders().moderators());
    for who in 0..3 {
        check_in
            .handle(p(who), &answer(4, Some("Zon")), &mut class.at(1))
            .unwrap();
    }
    check_in
        .handle(
            HOST,
            &CheckInInput::HideWord { word: "zon".into() },
            &mut class.at(2),
        )
        .unwrap();
    let host = host(&check_in, &class);
    assert_eq!(
        host.words,
        vec![HostWord {
            word: "zon".into(),
            count: 3,
            hidden: true
        }]
    );
    check_in
        .handle(HOST, &CheckInInput::Close, &mut class.at(2))
        .unwrap();
    assert!(view(&check_in, &class).result.unwrap().words.is_empty());
    assert!(!AnyKind::shows_actor(
        &check_in,
        &ActivityInput::CheckIn(answer(3, None))
    ));
}

#[test]
fn a_removed_participants_answer_stops_counting() {
    let mut class = Class::new(4);
    let mut check_in = open(spec(3), &mut class);
    for who in 0..3 {
        check_in
            .handle(p(who), &answer(3, None), &mut class.at(1))
            .unwrap();
    }
    assert_eq!(check_in.void(ParticipantId(1)), 1);
    assert_eq!(check_in.void(ParticipantId(1)), 0);
    check_in
        .handle(HOST, &CheckInInput::Close, &mut class.at(2))
        .unwrap();
    let v = view(&check_in, &class);
    assert_eq!((v.answered, v.result), (2, None));
}

#[test]
fn an_anonymous_export_has_no_answer_on_its_own_and_a_named_one_has_every_answer() {
    let mut class = Class::new(6);
    for anonymous in [true, false] {
        let mut check_in = open(
            CheckInSpec {
                anonymous,
                ..spec(3)
            },
            &mut class,
        );
        for who in 0..5 {
            check_in
                .handle(p(who), &answer(who % 5 + 1, Some("ok")), &mut class.at(1))
                .unwrap();
        }
        check_in
            .handle(HOST, &CheckInInput::Close, &mut class.at(2))
            .unwrap();
        let export = AnyKind::export(&check_in, ActivityId(3), &class.people(), Lang::Nl);
        assert_eq!(export.anonymous, anonymous);
        assert_eq!(export.rows.len(), if anonymous { 0 } else { 5 });
        assert_eq!(export.detail.contains_key("answers"), !anonymous);
        let json = serde_json::Value::Object(export.detail.clone()).to_string();
        assert_eq!(json.contains("\"p1\""), !anonymous, "{json}");
        // Faces 1..5 once each: 1–2, 3–4 and 5 joins the last (2, 3).
        let bars = export.detail["bars"].as_array().unwrap();
        assert_eq!(bars.len(), 2);
        assert!(
            export
                .report
                .iter()
                .any(|b| matches!(b, crate::room::kind_export::Block::Chart { .. }))
        );
    }
}

#[test]
fn the_bars_merge_so_none_holds_one_answer() {
    assert_eq!(bars(&[0, 0, 0, 0, 0]), vec![]);
    assert_eq!(
        bars(&[2, 2, 2, 2, 2]),
        (1..=5)
            .map(|f| MoodBar {
                from: f,
                to: f,
                count: 2
            })
            .collect::<Vec<_>>()
    );
    assert_eq!(
        bars(&[0, 0, 5, 0, 1]),
        vec![MoodBar {
            from: 1,
            to: 5,
            count: 6
        }]
    );
    assert_eq!(
        bars(&[1, 1, 1, 1, 1]),
        vec![
            MoodBar {
                from: 1,
                to: 2,
                count: 2
            },
            MoodBar {
                from: 3,
                to: 5,
                count: 3
            }
        ]
    );
}

/// One step of a random check-in: who does what.
fn step() -> impl Strategy<Value = (u32, Option<u32>, Option<u8>)> {
    (
        0..12u32,
        proptest::option::of(0..7u32),
        proptest::option::of(0..4u8),
    )
}

proptest! {
    /// Whatever the phones send, in any order: the counts equal the last answer of each
    /// phone, the bars cover faces 1–5 in order and add up to the faces given, and no view
    /// shows a bar of fewer than 2 or anything below the floor or while open.
    #[test]
    fn the_distribution_equals_the_answers_and_the_floor_holds_in_every_view(
        floor in 3..=10u32,
        steps in proptest::collection::vec(step(), 0..60),
        close_at in 0..60usize,
    ) {
        let mut class = Class::new(12);
        let mut check_in = open(spec(floor), &mut class);
        let mut last: BTreeMap<u32, Option<u32>> = BTreeMap::new();
        let words = ["moe", "blij", "ok"];
        for (i, (who, mood, word)) in steps.into_iter().enumerate() {
            if i == close_at {
                check_in.handle(HOST, &CheckInInput::Close, &mut class.at(2)).unwrap();
            }
            let input = match mood {
                None => CheckInInput::Skip,
                Some(m) => answer(m, word.and_then(|w| words.get(w as usize).copied())),
            };
            if check_in.handle(p(who), &input, &mut class.at(1)).is_ok() {
                last.insert(who, mood);
            }
            let people = class.people();
            let v = view(&check_in, &class);
            let faces: Vec<u32> = last.values().filter_map(|m| *m).collect();
            prop_assert_eq!(v.answered as usize, faces.len());
            prop_assert_eq!(v.skipped as usize, last.len() - faces.len());
            let expected: Vec<u32> = (1..=5).map(|f| faces.iter().filter(|&&m| m == f).count() as u32).collect();
            prop_assert_eq!(check_in.counts(), expected);
            let shown = v.phase == CheckInPhase::Closed && faces.len() as u32 >= floor;
            prop_assert_eq!(v.result.is_some(), shown);
            if let Some(result) = &v.result {
                prop_assert_eq!(result.bars.first().map(|b| b.from), Some(1));
                prop_assert_eq!(result.bars.last().map(|b| b.to), Some(5));
                prop_assert!(result.bars.windows(2).all(|w| w[1].from == w[0].to + 1));
                prop_assert!(result.bars.iter().all(|b| b.count >= 2));
                prop_assert_eq!(result.bars.iter().map(|b| b.count).sum::<u32>() as usize, faces.len());
            }
            let host = host(&check_in, &class);
            prop_assert!(host.words.is_empty() || faces.len() as u32 >= floor);
            // The erased views are the same.
            prop_assert_eq!(AnyKind::public_view(&check_in, &people), ActivityView::CheckIn(v));
            prop_assert_eq!(AnyKind::host_view(&check_in, &people), Some(ActivityHostView::CheckIn(host)));
        }
    }
}

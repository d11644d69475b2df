use super::*;
use crate::room::kind::AnyKind;
use crate::room::kind::testing::Class;
use kring_protocol::{ActivityView, Personal, ScaleSteps};
use proptest::prelude::*;

const HOST: Who = Who::Host;

fn spec(statements: usize, steps: ScaleSteps, live: bool) -> StatementScaleSpec {
    StatementScaleSpec {
        title: "Waar sta jij?".into(),
        statements: (0..statements)
            .map(|i| ScaleStatement {
                text: format!("Stelling  {i} Over Huiswerk"),
                key: None,
            })
            .collect(),
        steps,
        live,
    }
}

fn p(n: u32) -> Who {
    Who::Participant(ParticipantId(n))
}

fn started(spec: StatementScaleSpec, class: &mut Class) -> StatementScale {
    let mut scale = StatementScale::create(ActivityId(3), spec).unwrap();
    scale
        .handle(HOST, &StatementScaleInput::Next, &mut class.at(0))
        .unwrap();
    scale
}

fn place(
    scale: &mut StatementScale,
    class: &mut Class,
    who: u32,
    statement: u32,
    position: u32,
) -> Result<Outcome, ActError> {
    scale.handle(
        p(who),
        &StatementScaleInput::Place {
            statement,
            position,
        },
        &mut class.at(5),
    )
}

fn host(scale: &mut StatementScale, class: &mut Class, input: StatementScaleInput) {
    scale.handle(HOST, &input, &mut class.at(9)).unwrap();
}

fn public(scale: &StatementScale, class: &Class) -> StatementScaleView {
    match scale.public_view(&class.people()) {
        ActivityView::StatementScale(v) => v,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_spec_is_checked_and_keys_are_stable() {
    assert!(StatementScale::create(ActivityId(1), spec(0, ScaleSteps::Five, false)).is_err());
    assert!(StatementScale::create(ActivityId(1), spec(31, ScaleSteps::Five, false)).is_err());
    let mut twice = spec(2, ScaleSteps::Five, false);
    twice.statements[1].text = " stelling 0   over huiswerk ".into();
    assert_eq!(
        StatementScale::create(ActivityId(1), twice)
            .unwrap_err()
            .code,
        ErrorCode::InvalidSpec,
        "the same text twice is the same key twice"
    );
    let mut keyed = spec(1, ScaleSteps::Five, false);
    keyed.statements[0].key = Some(" huiswerk-1 ".into());
    assert_eq!(statement_key(&keyed.statements[0]), "huiswerk-1");
    assert_eq!(
        statement_key(&spec(1, ScaleSteps::Five, false).statements[0]),
        "stelling 0 over huiswerk"
    );
}

#[test]
fn dots_move_skip_and_close_with_their_statement() {
    let mut class = Class::new(4);
    let mut scale = started(spec(2, ScaleSteps::Seven, false), &mut class);
    place(&mut scale, &mut class, 0, 0, 6).unwrap();
    place(&mut scale, &mut class, 0, 0, 1).unwrap();
    place(&mut scale, &mut class, 1, 0, 1).unwrap();
    assert_eq!(
        place(&mut scale, &mut class, 2, 0, 7).unwrap_err().code,
        ErrorCode::InvalidChoice
    );
    assert_eq!(
        place(&mut scale, &mut class, 2, 1, 3).unwrap_err().code,
        ErrorCode::WrongPhase,
        "the next statement is not open yet"
    );
    scale
        .handle(
            p(2),
            &StatementScaleInput::Skip { statement: 0 },
            &mut class.at(6),
        )
        .unwrap();
    assert_eq!(scale.spread(0).counts, vec![0, 2, 0, 0, 0, 0, 0]);
    assert_eq!(scale.spread(0).skipped, 1);
    assert_eq!(AnyKind::responded(&scale), 3);
    let Some(Personal::StatementScale(own)) =
        scale.personal_view(ParticipantId(0), &class.people())
    else {
        panic!()
    };
    assert_eq!(own.position, Some(1));
    host(&mut scale, &mut class, StatementScaleInput::Close);
    assert_eq!(
        place(&mut scale, &mut class, 3, 0, 2).unwrap_err().code,
        ErrorCode::VotingClosed
    );
    host(&mut scale, &mut class, StatementScaleInput::Reveal);
    let StatementScalePhase::Revealed { statement, spread } = public(&scale, &class).phase else {
        panic!()
    };
    assert_eq!((statement, spread.skipped), (0, 1));
    host(&mut scale, &mut class, StatementScaleInput::Next);
    place(&mut scale, &mut class, 3, 1, 2).unwrap();
    assert_eq!(
        place(&mut scale, &mut class, 3, 0, 2).unwrap_err().code,
        ErrorCode::VotingClosed,
        "an earlier statement stays closed"
    );
    host(&mut scale, &mut class, StatementScaleInput::Next);
    assert_eq!(public(&scale, &class).phase, StatementScalePhase::Finished);
    assert_eq!(
        scale
            .handle(HOST, &StatementScaleInput::Next, &mut class.at(20))
            .unwrap_err()
            .code,
        ErrorCode::WrongPhase
    );
    assert_eq!(AnyKind::void(&mut scale, ParticipantId(0)), 1);
    assert_eq!(scale.spread(0).counts[1], 1);
}

#[test]
fn the_export_names_nobody_and_carries_the_keys() {
    let mut class = Class::new(3);
    let mut scale = started(spec(2, ScaleSteps::Continuous, false), &mut class);
    place(&mut scale, &mut class, 2, 0, 100).unwrap();
    place(&mut scale, &mut class, 0, 0, 0).unwrap();
    place(&mut scale, &mut class, 1, 0, 50).unwrap();
    host(&mut scale, &mut class, StatementScaleInput::Reveal);
    let export = scale.export(ActivityId(3), &class.people(), Lang::Nl);
    assert!(export.anonymous);
    assert!(
        export
            .rows
            .iter()
            .all(|r| r.participant.is_none() && r.nickname.is_none())
    );
    let values: Vec<_> = export.rows.iter().map(|r| r.value.clone()).collect();
    assert_eq!(
        values,
        vec![Some("0".into()), Some("50".into()), Some("100".into())],
        "ordered by position, not by who"
    );
    let first = &export.detail["statements"][0];
    assert_eq!(first["key"], "stelling 0 over huiswerk");
    assert_eq!(first["meanPercent"], 50);
    assert_eq!(first["revealed"], true);
    assert_eq!(export.detail["statements"][1]["revealed"], false);
    let json = serde_json::to_string(&export.detail).unwrap();
    assert!(
        !json.contains("p0") && !json.contains("participant"),
        "{json}"
    );
}

#[derive(Debug, Clone)]
enum Step {
    Place(u32, u32, u32),
    Skip(u32, u32),
    Host(u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (0..6u32, 0..3u32, 0..110u32).prop_map(|(w, s, p)| Step::Place(w, s, p)),
        2 => (0..6u32, 0..3u32).prop_map(|(w, s)| Step::Skip(w, s)),
        1 => (0..3u8).prop_map(Step::Host),
    ]
}

proptest! {
    /// Over any answers and host steps: each statement's spread equals the last answer of each
    /// participant (dots at their positions, skips counted), every refused input changes
    /// nothing, and the privacy floor holds in every view: with the spread hidden the public
    /// view carries no spread before the reveal, a phone's view holds only its own answer, and
    /// no view or export names anyone.
    #[test]
    fn spreads_equal_the_answers_and_stay_hidden(
        steps_kind in 0..3u8,
        live in any::<bool>(),
        steps in proptest::collection::vec(step(), 0..80),
    ) {
        let kind = [ScaleSteps::Five, ScaleSteps::Seven, ScaleSteps::Continuous][steps_kind as usize];
        let mut class = Class::new(6);
        let mut scale = started(spec(3, kind, live), &mut class);
        let mut expected: Vec<BTreeMap<u32, Option<u32>>> = vec![BTreeMap::new(); 3];
        for s in steps {
            let before = serde_json::to_value(&scale).unwrap();
            let (who, statement, answer, result) = match s {
                Step::Place(w, st, pos) => (w, st, Some(pos), place(&mut scale, &mut class, w, st, pos)),
                Step::Skip(w, st) => (w, st, None, scale.handle(p(w), &StatementScaleInput::Skip { statement: st }, &mut class.at(7))),
                Step::Host(h) => {
                    let input = [StatementScaleInput::Next, StatementScaleInput::Close, StatementScaleInput::Reveal][h as usize].clone();
                    let result = scale.handle(HOST, &input, &mut class.at(8));
                    if result.is_err() {
                        prop_assert_eq!(serde_json::to_value(&scale).unwrap(), before);
                    }
                    continue;
                }
            };
            match result {
                Ok(outcome) => {
                    prop_assert!(scale.phase == Phase::Open && statement == scale.current);
                    prop_assert!(answer.is_none_or(|pos| pos <= kind.max()));
                    expected[statement as usize].insert(who, answer);
                    for c in &outcome.changes {
                        prop_assert_eq!(c.audience, if live { Audience::Everyone } else { Audience::Host });
                    }
                }
                Err(_) => prop_assert_eq!(serde_json::to_value(&scale).unwrap(), before),
            }
        }
        for (s, answers) in expected.iter().enumerate() {
            let spread = scale.spread(s as u32);
            let mut counts = vec![0u32; kind.max() as usize + 1];
            for pos in answers.values().flatten() {
                counts[*pos as usize] += 1;
            }
            prop_assert_eq!(&spread.counts, &counts);
            prop_assert_eq!(spread.skipped, answers.values().filter(|a| a.is_none()).count() as u32);
        }
        let view = public(&scale, &class);
        if !live {
            prop_assert!(view.spread.is_none());
        }
        if matches!(view.phase, StatementScalePhase::Open { .. } | StatementScalePhase::Closed { .. }) {
            prop_assert_eq!(view.spread.is_some(), live);
        }
        let text = serde_json::to_string(&view).unwrap()
            + &serde_json::to_string(&scale.export(ActivityId(3), &class.people(), Lang::En).detail).unwrap();
        for n in 0..6 {
            let name = format!("\"p{n}\"");
            prop_assert!(!text.contains(&name), "names {}", name);
        }
        for n in 0..6u32 {
            let own = scale.personal_view(ParticipantId(n), &class.people());
            let Some(Personal::StatementScale(own)) = own else { panic!() };
            if let Some(s) = own.statement {
                let mine = expected[s as usize].get(&n);
                prop_assert_eq!(own.position, mine.copied().flatten());
                prop_assert_eq!(own.skipped, mine == Some(&None));
            }
        }
    }
}

/// `OpenAll` (the empty chair's late twin): every statement takes dots at once, in any order,
/// a moved dot counts once, the reveal shows every spread, and only from the lobby.
#[test]
fn open_all_takes_every_statement_at_once_and_reveals_every_spread() {
    let mut class = Class::new(4);
    let mut scale =
        StatementScale::create(ActivityId(3), spec(3, ScaleSteps::Five, false)).unwrap();
    assert!(!scale.took_part(ParticipantId(0)));
    host(&mut scale, &mut class, StatementScaleInput::OpenAll);
    assert_eq!(public(&scale, &class).phase, StatementScalePhase::OwnPace);
    place(&mut scale, &mut class, 0, 2, 1).unwrap();
    place(&mut scale, &mut class, 0, 0, 4).unwrap();
    place(&mut scale, &mut class, 0, 0, 3).unwrap();
    place(&mut scale, &mut class, 1, 1, 0).unwrap();
    assert_eq!(
        place(&mut scale, &mut class, 1, 3, 0).unwrap_err().code,
        ErrorCode::InvalidChoice
    );
    assert!(scale.took_part(ParticipantId(0)) && !scale.took_part(ParticipantId(2)));
    assert_eq!(scale.responded(), 2);
    let Some(Personal::StatementScale(own)) =
        scale.personal_view(ParticipantId(0), &class.people())
    else {
        panic!("own dots")
    };
    let answers = own.answers.expect("every statement's own dot");
    assert_eq!(
        answers.iter().map(|a| a.position).collect::<Vec<_>>(),
        vec![Some(3), None, Some(1)]
    );
    assert!(
        scale
            .handle(HOST, &StatementScaleInput::Next, &mut class.at(9))
            .is_err()
    );
    host(&mut scale, &mut class, StatementScaleInput::Reveal);
    let StatementScalePhase::Spreads { spreads } = public(&scale, &class).phase else {
        panic!("every spread")
    };
    assert_eq!(spreads[0].counts, vec![0, 0, 0, 1, 0]);
    assert_eq!(spreads[1].counts, vec![1, 0, 0, 0, 0]);
    assert!(place(&mut scale, &mut class, 2, 0, 0).is_err(), "closed");
    // Only from the lobby.
    let mut live = started(spec(2, ScaleSteps::Five, false), &mut class);
    assert!(
        live.handle(HOST, &StatementScaleInput::OpenAll, &mut class.at(9))
            .is_err()
    );
}

//! Sessions: the acts and their refusals, times from the records, and a property test that
//! no sequence of planning and stepping loses or changes a result.

use std::collections::BTreeMap;

use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, AnswerMode, ClientMsgId, ErrorCode, Lang,
    ParticipantId, QuestionSpec, QuizInput, QuizSpec, RoomCode, SessionId,
};
use proptest::prelude::*;

use crate::room::kind_export::KindExport;
use crate::room::state::{Input, Record, RoomMeta, RoomState, Who};

fn meta(keeps_times: bool) -> RoomMeta {
    RoomMeta {
        code: RoomCode("ABCDEF".into()),
        title: "MZ2B".into(),
        host_key: "k".into(),
        seed: 7,
        created_at: 0,
        keeps_times,
    }
}

fn quiz(title: &str) -> ActivitySpec {
    ActivitySpec::Quiz(QuizSpec {
        title: title.into(),
        no_ranking: false,
        team_mode: false,
        questions: vec![QuestionSpec {
            text: "2+2?".into(),
            options: vec!["3".into(), "4".into()],
            correct: vec![1],
            time_limit_secs: 30,
            mode: AnswerMode::One,
        }],
    })
}

/// A room and the records applied to it, so a test can replay them.
struct Room {
    state: RoomState,
    records: Vec<Record>,
    ids: u32,
}

impl Room {
    fn new() -> Self {
        Room {
            state: RoomState::new(meta(true)),
            records: Vec::new(),
            ids: 0,
        }
    }

    fn apply(&mut self, at: u64, who: Who, input: Input) -> Result<(), ErrorCode> {
        let record = Record::new(at, who, input);
        self.state.apply(&record).map_err(|e| e.code)?;
        self.records.push(record);
        Ok(())
    }

    fn act_as(&mut self, at: u64, who: Who, act: Act) -> Result<(), ErrorCode> {
        self.ids += 1;
        let id = Some(ClientMsgId(format!("a{}", self.ids)));
        self.apply(at, who, Input::Act { id, act })
    }

    fn host(&mut self, at: u64, act: Act) -> Result<(), ErrorCode> {
        self.act_as(at, Who::Host, act)
    }

    fn join(&mut self, at: u64, name: &str) {
        let input = Input::Join {
            nickname: Some(name.into()),
            lang: Lang::Nl,
            token: format!("t-{name}"),
        };
        self.apply(at, Who::System, input).unwrap();
    }

    fn quiz(&mut self, at: u64, activity: u32, input: QuizInput, who: Who) {
        let act = Act::Activity {
            activity: ActivityId(activity),
            input: ActivityInput::Quiz(input),
        };
        self.act_as(at, who, act).unwrap();
    }

    /// The order of the agenda: (activity, session).
    fn order(&self) -> Vec<(u32, u32)> {
        self.state
            .agenda()
            .iter()
            .map(|a| (a.id.0, a.session.0))
            .collect()
    }

    /// Every activity's results as its kind exports them.
    fn results(&self) -> BTreeMap<ActivityId, KindExport> {
        let people = self.state.people();
        self.state
            .activities()
            .map(|(id, a)| (id, a.kind().export(id, &people, Lang::En)))
            .collect()
    }
}

fn p(n: u32) -> Who {
    Who::Participant(ParticipantId(n))
}

/// Three students; quiz 1 answered by two and closed, quiz 2 answered by one and left open.
fn played() -> Room {
    let mut room = Room::new();
    for name in ["Ada", "Bo", "Cas"] {
        room.join(1, name);
    }
    for (at, title) in [(2, "Quiz A"), (3, "Quiz B")] {
        let add = Act::AddActivity {
            spec: quiz(title),
            session: None,
        };
        room.host(at, add).unwrap();
    }
    room.host(
        10,
        Act::SetCurrent {
            activity: Some(ActivityId(1)),
        },
    )
    .unwrap();
    room.quiz(11, 1, QuizInput::StartQuestion { question: 0 }, Who::Host);
    let answer = |choice| QuizInput::Answer {
        question: 0,
        choice,
    };
    room.quiz(12, 1, answer(1), p(0));
    room.quiz(13, 1, answer(0), p(1));
    room.quiz(14, 1, QuizInput::CloseQuestion, Who::Host);
    room.host(
        60_010,
        Act::SetCurrent {
            activity: Some(ActivityId(2)),
        },
    )
    .unwrap();
    room.quiz(
        60_011,
        2,
        QuizInput::StartQuestion { question: 0 },
        Who::Host,
    );
    room.quiz(60_012, 2, answer(1), p(2));
    room
}

#[test]
fn sessions_hold_their_own_agendas_in_order() {
    let mut room = Room::new();
    let add = |title: &str, session: Option<u32>| Act::AddActivity {
        spec: quiz(title),
        session: session.map(SessionId),
    };
    room.host(1, add("a", None)).unwrap();
    room.host(
        2,
        Act::AddSession {
            title: "Tweede les".into(),
            date: Some("2026-12-12".into()),
        },
    )
    .unwrap();
    // Without a session: the last one.
    room.host(3, add("b", None)).unwrap();
    room.host(4, add("c", Some(0))).unwrap();
    assert_eq!(room.order(), vec![(1, 0), (3, 0), (2, 1)]);
    let sessions = room.state.session_list();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0].title, "", "session 0 needs no record");
    assert_eq!(sessions[1].date.as_deref(), Some("2026-12-12"));
    // Move "b" to the front of session 0, then "a" to the end of session 1.
    let mv = |activity, session, index| Act::MoveActivity {
        activity: ActivityId(activity),
        session: SessionId(session),
        index,
    };
    room.host(5, mv(2, 0, 0)).unwrap();
    assert_eq!(room.order(), vec![(2, 0), (1, 0), (3, 0)]);
    room.host(6, mv(1, 1, 0)).unwrap();
    assert_eq!(room.order(), vec![(2, 0), (3, 0), (1, 1)]);
    // Duplicate lands right after the original, in its session, with its plan.
    room.host(
        7,
        Act::SetPlanned {
            activity: ActivityId(1),
            minutes: Some(10),
        },
    )
    .unwrap();
    room.host(
        8,
        Act::DuplicateActivity {
            activity: ActivityId(2),
        },
    )
    .unwrap();
    room.host(
        9,
        Act::DuplicateActivity {
            activity: ActivityId(1),
        },
    )
    .unwrap();
    assert_eq!(room.order(), vec![(2, 0), (4, 0), (3, 0), (1, 1), (5, 1)]);
    let agenda = room.state.agenda();
    assert_eq!(agenda[4].planned_minutes, Some(10));
    assert_eq!(agenda[4].spec, agenda[3].spec);
    // An empty session goes; one with activities not started goes with them.
    room.host(
        10,
        Act::RemoveSession {
            session: SessionId(1),
        },
    )
    .unwrap();
    assert_eq!(room.order(), vec![(2, 0), (4, 0), (3, 0)]);
    // The last session stays.
    assert_eq!(
        room.host(
            11,
            Act::RemoveSession {
                session: SessionId(0)
            }
        ),
        Err(ErrorCode::WrongPhase)
    );
}

#[test]
fn bad_session_acts_are_refused_and_change_nothing() {
    let mut room = played();
    let before = serde_json::to_string(&room.state).unwrap();
    let refusals = [
        (
            Act::AddActivity {
                spec: quiz("x"),
                session: Some(SessionId(9)),
            },
            ErrorCode::SessionNotFound,
        ),
        (
            Act::MoveActivity {
                activity: ActivityId(1),
                session: SessionId(9),
                index: 0,
            },
            ErrorCode::SessionNotFound,
        ),
        (
            Act::MoveActivity {
                activity: ActivityId(1),
                session: SessionId(0),
                index: 2,
            },
            ErrorCode::InvalidChoice,
        ),
        (
            Act::MoveActivity {
                activity: ActivityId(99),
                session: SessionId(0),
                index: 0,
            },
            ErrorCode::ActivityNotFound,
        ),
        (
            Act::UpdateSession {
                session: SessionId(3),
                title: "x".into(),
                date: None,
            },
            ErrorCode::SessionNotFound,
        ),
        (
            Act::AddSession {
                title: "Les".into(),
                date: Some("2026-02-30".into()),
            },
            ErrorCode::InvalidSpec,
        ),
        (
            Act::AddSession {
                title: "Les".into(),
                date: Some("5 december".into()),
            },
            ErrorCode::InvalidSpec,
        ),
        (
            Act::AddSession {
                title: "x".repeat(kring_protocol::MAX_SESSION_TITLE_CHARS + 1),
                date: None,
            },
            ErrorCode::TooLong,
        ),
        (
            Act::SetPlanned {
                activity: ActivityId(1),
                minutes: Some(0),
            },
            ErrorCode::InvalidSpec,
        ),
        (
            Act::DuplicateActivity {
                activity: ActivityId(42),
            },
            ErrorCode::ActivityNotFound,
        ),
        (
            Act::RemoveSession {
                session: SessionId(5),
            },
            ErrorCode::SessionNotFound,
        ),
    ];
    for (act, code) in refusals {
        assert_eq!(room.host(100_000, act.clone()), Err(code), "{act:?}");
    }
    assert_eq!(serde_json::to_string(&room.state).unwrap(), before);
    // A student may not plan the lesson.
    let add = Act::AddSession {
        title: "x".into(),
        date: None,
    };
    assert_eq!(room.act_as(1, p(0), add), Err(ErrorCode::Forbidden));
}

#[test]
fn a_session_with_results_is_not_removed() {
    let mut room = played();
    let add = Act::AddSession {
        title: "Later".into(),
        date: None,
    };
    room.host(70_000, add).unwrap();
    // Quiz A (answered, not current) moves into the new session.
    let mv = Act::MoveActivity {
        activity: ActivityId(1),
        session: SessionId(1),
        index: 0,
    };
    room.host(70_001, mv).unwrap();
    let results = room.results();
    assert_eq!(
        room.host(
            70_002,
            Act::RemoveSession {
                session: SessionId(1)
            }
        ),
        Err(ErrorCode::HasResults)
    );
    assert_eq!(room.results(), results);
    assert_eq!(room.order(), vec![(2, 0), (1, 1)]);
}

#[test]
fn actual_time_sums_every_time_an_activity_was_current() {
    let mut room = played();
    // Quiz A was current from 10 to 60,010; quiz B since then.
    let agenda = room.state.agenda();
    assert_eq!(agenda[0].actual_ms, 60_000);
    assert_eq!(agenda[1].running_since, Some(60_010));
    // Back to quiz A for 30 s, a graceful stop of 10 minutes in the middle.
    let set = |id: Option<u32>| Act::SetCurrent {
        activity: id.map(ActivityId),
    };
    room.host(90_010, set(Some(1))).unwrap();
    room.apply(100_010, Who::System, Input::Pause).unwrap();
    room.apply(700_010, Who::System, Input::Resume).unwrap();
    room.host(720_010, set(None)).unwrap();
    let agenda = room.state.agenda();
    assert_eq!(agenda[0].actual_ms, 60_000 + 10_000 + 20_000);
    assert_eq!(agenda[1].actual_ms, 30_000);
    assert_eq!(agenda[0].running_since, None);
}

#[test]
fn a_room_from_before_sessions_keeps_times_from_its_first_plan() {
    let mut room = Room {
        state: RoomState::new(meta(false)),
        records: Vec::new(),
        ids: 0,
    };
    let add = Act::AddActivity {
        spec: quiz("a"),
        session: None,
    };
    room.host(1, add).unwrap();
    let set = Act::SetCurrent {
        activity: Some(ActivityId(1)),
    };
    room.host(2, set).unwrap();
    assert_eq!(room.state.agenda()[0].running_since, None, "no times kept");
    let plan = Act::SetPlanned {
        activity: ActivityId(1),
        minutes: Some(5),
    };
    room.host(1_000, plan).unwrap();
    room.host(3_000, Act::SetCurrent { activity: None })
        .unwrap();
    assert_eq!(room.state.agenda()[0].actual_ms, 2_000);
}

/// One step of the host's planning and driving.
#[derive(Debug, Clone)]
enum Step {
    Add(u32),
    AddSession,
    Move(u32, u32, u32),
    Duplicate(u32),
    Plan(u32, Option<u16>),
    Current(Option<u32>),
    RemoveSession(u32),
    RemoveUnstarted(u32),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..4u32).prop_map(Step::Add),
        Just(Step::AddSession),
        (1..12u32, 0..4u32, 0..6u32).prop_map(|(a, s, i)| Step::Move(a, s, i)),
        (1..12u32).prop_map(Step::Duplicate),
        (1..12u32, proptest::option::of(0..700u16)).prop_map(|(a, m)| Step::Plan(a, m)),
        proptest::option::of(1..12u32).prop_map(Step::Current),
        (0..4u32).prop_map(Step::RemoveSession),
        (1..12u32).prop_map(Step::RemoveUnstarted),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the host plans and however it steps back and forth, every activity's results
    /// stay exactly as they were, every activity is on the agenda once (grouped by session in
    /// the sessions' order), and replaying the records rebuilds the same room.
    #[test]
    fn planning_and_stepping_never_change_a_result(steps in proptest::collection::vec(step(), 0..40)) {
        let mut room = played();
        let results = room.results();
        let mut at = 100_000;
        for step in steps {
            at += 1_000;
            let sessions: Vec<SessionId> = room.state.session_list().iter().map(|s| s.id).collect();
            let session = |i: u32| sessions[i as usize % sessions.len()];
            let act = match step {
                Step::Add(s) => Act::AddActivity { spec: quiz("new"), session: Some(session(s)) },
                Step::AddSession => Act::AddSession { title: format!("Les {at}"), date: None },
                Step::Move(a, s, index) => Act::MoveActivity {
                    activity: ActivityId(a), session: session(s), index,
                },
                Step::Duplicate(a) => Act::DuplicateActivity { activity: ActivityId(a) },
                Step::Plan(a, minutes) => Act::SetPlanned { activity: ActivityId(a), minutes },
                Step::Current(a) => Act::SetCurrent { activity: a.map(ActivityId) },
                Step::RemoveSession(s) => Act::RemoveSession { session: session(s) },
                Step::RemoveUnstarted(a) => {
                    let started = room.state.agenda().iter().any(|i| i.id.0 == a && i.started);
                    if started {
                        continue;
                    }
                    Act::RemoveActivity { activity: ActivityId(a) }
                }
            };
            let _ = room.host(at, act);
            // Every result identical.
            let now = room.results();
            for (id, result) in &results {
                prop_assert_eq!(now.get(id), Some(result), "activity {:?}", id);
            }
            // Every activity once, grouped by session in order.
            let agenda = room.state.agenda();
            let mut ids: Vec<u32> = agenda.iter().map(|a| a.id.0).collect();
            ids.sort_unstable();
            ids.dedup();
            prop_assert_eq!(ids.len(), agenda.len());
            let rank = |s: SessionId| room.state.session_list().iter().position(|x| x.id == s);
            let ranks: Vec<Option<usize>> = agenda.iter().map(|a| rank(a.session)).collect();
            prop_assert!(ranks.iter().all(Option::is_some), "{:?}", ranks);
            prop_assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{:?}", ranks);
            let current = agenda.iter().filter(|a| a.current).count();
            prop_assert!(current <= 1);
        }
        // Replay.
        let mut replayed = RoomState::new(meta(true));
        for record in &room.records {
            replayed.apply(record).unwrap();
        }
        prop_assert_eq!(
            serde_json::to_value(&replayed).unwrap(),
            serde_json::to_value(&room.state).unwrap()
        );
        // A snapshot reads back as the same room.
        let snapshot: RoomState = serde_json::from_str(&serde_json::to_string(&room.state).unwrap()).unwrap();
        prop_assert_eq!(snapshot.agenda(), room.state.agenda());
    }
}

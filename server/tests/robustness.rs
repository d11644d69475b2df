//! Property tests of a room against arbitrary input (issue 14, "Also"): arbitrary well-formed
//! sequences of joins, host and phone actions (valid or not, repeated ids, unknown activities,
//! teams, both activity kinds) and the passing of time, applied to a room's state, must never
//! panic and must keep the room's invariants; and the same kind of traffic, with garbage mixed
//! in, sent to a live server over real sockets must never make a room fail. Bounded in time:
//! a fixed number of cases of bounded length.

mod common;

use common::*;
use futures_util::SinkExt;
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, AnswerMode, ClientMsg, ClientMsgId, Lang, Pair,
    ParticipantId, QuestionSpec, QuizInput, QuizSpec, RoleCard, RoomCode, TeamFormation, TeamId,
    TeamNamesInput, TeamNamesSpec, TeamRules,
};
use kring_server::room::{Input, Record, RoomMeta, RoomState, Who};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;

/// Short texts, some of them odd: empty, long, Unicode, markup.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[A-Za-z ]{1,12}",
        "\\PC{0,40}",
        Just("<img src=x onerror=alert(1)>".to_owned()),
        Just("x".repeat(200)),
    ]
}

fn quiz_spec() -> impl Strategy<Value = ActivitySpec> {
    let question = (
        text(),
        proptest::collection::vec(text(), 0..7),
        proptest::collection::vec(0u32..8, 0..4),
        0u32..700,
        any::<bool>(),
    )
        .prop_map(
            |(text, options, correct, time_limit_secs, all)| QuestionSpec {
                text,
                options,
                correct,
                time_limit_secs,
                mode: if all {
                    AnswerMode::All
                } else {
                    AnswerMode::One
                },
            },
        );
    (
        text(),
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(question, 0..4),
    )
        .prop_map(|(title, no_ranking, team_mode, questions)| {
            ActivitySpec::Quiz(QuizSpec {
                title,
                no_ranking,
                team_mode,
                questions,
            })
        })
}

fn team_names_spec() -> impl Strategy<Value = ActivitySpec> {
    (
        text(),
        0u32..12,
        any::<bool>(),
        proptest::option::of(0u32..2000),
        proptest::option::of(0u32..2000),
    )
        .prop_map(
            |(title, per_person, random_ties, propose_secs, vote_secs)| {
                ActivitySpec::TeamNames(TeamNamesSpec {
                    title,
                    per_person,
                    random_ties,
                    propose_secs,
                    vote_secs,
                })
            },
        )
}

fn spec() -> impl Strategy<Value = ActivitySpec> {
    prop_oneof![quiz_spec(), team_names_spec()]
}

fn activity_input() -> impl Strategy<Value = ActivityInput> {
    let quiz = prop_oneof![
        (0u32..4, 0u32..7).prop_map(|(question, choice)| QuizInput::Answer { question, choice }),
        (0u32..4, proptest::collection::vec(0u32..7, 0..8))
            .prop_map(|(question, choices)| QuizInput::AnswerAll { question, choices }),
        (0u32..4).prop_map(|question| QuizInput::StartQuestion { question }),
        Just(QuizInput::CloseQuestion),
        Just(QuizInput::ShowLeaderboard),
        Just(QuizInput::ShowPodium),
    ]
    .prop_map(ActivityInput::Quiz);
    let names = prop_oneof![
        text().prop_map(|name| TeamNamesInput::Propose { name }),
        (0u32..6).prop_map(|proposal| TeamNamesInput::Withdraw { proposal }),
        proptest::option::of(0u32..6).prop_map(|proposal| TeamNamesInput::Vote { proposal }),
        Just(TeamNamesInput::StartProposing),
        Just(TeamNamesInput::StartVoting),
        Just(TeamNamesInput::Reveal),
        (0u32..6).prop_map(|proposal| TeamNamesInput::Veto { proposal }),
        (0u32..4, 0u32..6).prop_map(|(team, proposal)| TeamNamesInput::BreakTie {
            team: TeamId(team),
            proposal
        }),
    ]
    .prop_map(ActivityInput::TeamNames);
    prop_oneof![quiz, names]
}

fn act() -> impl Strategy<Value = Act> {
    let activity = || (0u32..5).prop_map(ActivityId);
    let participant = || (0u32..10).prop_map(ParticipantId);
    let team = || (0u32..5).prop_map(TeamId);
    prop_oneof![
        4 => (activity(), activity_input()).prop_map(|(activity, input)| Act::Activity { activity, input }),
        2 => spec().prop_map(|spec| Act::AddActivity { spec, session: None }),
        1 => (activity(), spec()).prop_map(|(activity, spec)| Act::UpdateActivity { activity, spec }),
        1 => activity().prop_map(|activity| Act::RemoveActivity { activity }),
        2 => proptest::option::of(activity()).prop_map(|activity| Act::SetCurrent { activity }),
        1 => prop_oneof![
            (0u32..6).prop_map(|size| TeamFormation::BySize { size }),
            (0u32..5).prop_map(|count| TeamFormation::ByCount { count }),
            (0u32..5, 0u32..6).prop_map(|(count, max_size)| TeamFormation::Pick { count, max_size }),
        ].prop_map(|formation| Act::FormTeams { formation }),
        1 => Just(Act::ClosePicking),
        1 => team().prop_map(|team| Act::PickTeam { team }),
        1 => (participant(), proptest::option::of(team()))
            .prop_map(|(participant, team)| Act::MoveToTeam { participant, team }),
        1 => (team(), text()).prop_map(|(team, name)| Act::RenameTeam { team, name }),
        1 => proptest::collection::vec((proptest::option::of(text()), text(), text()), 0..10)
            .prop_map(|roles| Act::SetRoles {
                roles: roles
                    .into_iter()
                    .map(|(key, name, description)| RoleCard { key, name, description })
                    .collect(),
            }),
        1 => Just(Act::DealRoles),
        1 => proptest::collection::vec((participant(), participant(), any::<bool>()), 0..4)
            .prop_map(|pairs| {
                let (apart, together): (Vec<_>, Vec<_>) = pairs.into_iter().partition(|p| p.2);
                let pair = |(a, b, _)| Pair { a, b };
                Act::SetTeamRules {
                    rules: TeamRules {
                        apart: apart.into_iter().map(pair).collect(),
                        together: together.into_iter().map(pair).collect(),
                    },
                }
            }),
        1 => Just(Act::DissolveTeams),
        1 => participant().prop_map(|participant| Act::RemoveParticipant { participant }),
    ]
}

/// One thing that happens to a room.
#[derive(Debug, Clone)]
enum Step {
    Join(Option<String>),
    /// An action by the host (`None`) or a participant, with an id from a small set (so ids
    /// repeat).
    Act(Option<u32>, u8, Act),
    /// Time passes (ms) and the room ticks.
    Tick(u64),
    Place(u32),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => proptest::option::of(text()).prop_map(Step::Join),
        6 => (proptest::option::of(0u32..10), 0u8..6, act()).prop_map(|(who, id, act)| Step::Act(who, id, act)),
        1 => (0u64..700_000).prop_map(Step::Tick),
        1 => (0u32..10).prop_map(Step::Place),
    ]
}

fn meta() -> RoomMeta {
    RoomMeta {
        code: RoomCode("FUZZ22".into()),
        title: "Fuzz".into(),
        host_key: "k".into(),
        seed: 7,
        created_at: 1_000,
        keeps_times: true,
    }
}

/// The state as comparable data (maps ordered), so equal states compare equal.
fn value(state: &RoomState) -> Value {
    serde_json::to_value(state).expect("a room serialises")
}

/// Every view the actor builds, for everyone: none may panic; nicknames stay unique.
fn check_views(state: &RoomState) {
    let _ = state.view("http://x/?room=FUZZ22".into(), 0);
    let _ = state.current_view();
    let _ = state.host_view();
    let _ = state.agenda();
    let _ = state.teams_view();
    let _ = state.team_rules();
    let list = state.participant_list(|_| true);
    let mut names: Vec<_> = list.iter().map(|p| p.nickname.to_lowercase()).collect();
    names.sort();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "nicknames are unique: {list:?}");
    assert_eq!(list.len(), state.roster().len());
    for p in state.roster() {
        assert!(
            state.me(*p).is_some(),
            "a present participant has a view of itself"
        );
    }
}

/// Turns a step into a record for the state as it is now.
fn record(state: &RoomState, step: Step, now: &mut u64, joins: &mut u32) -> Record {
    *now += 37;
    match step {
        Step::Join(nickname) => {
            *joins += 1;
            Record::new(
                *now,
                Who::System,
                Input::Join {
                    nickname,
                    lang: Lang::Nl,
                    token: format!("token-{joins}"),
                },
            )
        }
        Step::Act(who, id, act) => {
            let who = who.map_or(Who::Host, |p| Who::Participant(ParticipantId(p)));
            let online = state
                .wants_presence(&act)
                .then(|| state.roster().iter().copied().step_by(2).collect());
            Record {
                online,
                ..Record::new(
                    *now,
                    who,
                    Input::Act {
                        id: Some(ClientMsgId(format!("id-{id}"))),
                        act,
                    },
                )
            }
        }
        Step::Tick(ms) => {
            *now += ms;
            Record::new(*now, Who::System, Input::Tick)
        }
        Step::Place(p) => Record::new(
            *now,
            Who::System,
            Input::Place {
                participant: ParticipantId(p),
            },
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Whatever arrives: no panic; a refused input or a repeated id changes nothing; an applied
    /// one moves the sequence on by one; every view can be built; and replaying what was
    /// applied, or a snapshot of it, rebuilds exactly the same room.
    #[test]
    fn a_room_survives_any_sequence_of_inputs(steps in proptest::collection::vec(step(), 1..120)) {
        let mut state = RoomState::new(meta());
        let mut applied = Vec::new();
        let (mut now, mut joins) = (10_000u64, 0u32);
        for step in steps {
            let record = record(&state, step, &mut now, &mut joins);
            let before = value(&state);
            let seq = state.seq();
            match state.apply(&record) {
                Err(_) => prop_assert_eq!(value(&state), before, "refused, yet changed"),
                Ok(outcome) if outcome.duplicate => {
                    prop_assert_eq!(value(&state), before, "a repeated id changed the room");
                }
                Ok(_) => {
                    prop_assert_eq!(state.seq(), seq + 1);
                    applied.push(record);
                }
            }
            check_views(&state);
        }
        let mut replayed = RoomState::new(meta());
        for record in &applied {
            prop_assert!(replayed.apply(record).is_ok(), "{record:?} does not replay");
        }
        prop_assert_eq!(value(&replayed), value(&state));
        let snapshot: RoomState = serde_json::from_str(&serde_json::to_string(&state).unwrap()).unwrap();
        prop_assert_eq!(value(&snapshot), value(&state));
    }
}

/// A message from the same strategies, or garbage.
fn wire_message() -> impl Strategy<Value = Message> {
    prop_oneof![
        6 => (0u8..40, act()).prop_map(|(id, act)| {
            let msg = ClientMsg::Act { id: ClientMsgId(format!("w{id}")), act };
            Message::Text(serde_json::to_string(&msg).unwrap().into())
        }),
        1 => Just(Message::Text(r#"{"type":"sync"}"#.into())),
        1 => "\\PC{0,60}".prop_map(|s| Message::Text(s.into())),
        1 => proptest::collection::vec(any::<u8>(), 0..60).prop_map(|b| Message::Binary(b.into())),
        1 => (0u8..4, "[a-z]{0,8}").prop_map(|(n, t)| Message::Text(match n {
            0 => format!(r#"{{"type":"act","id":"x","act":{{"type":"{t}"}}}}"#),
            1 => format!(r#"{{"type":"{t}"}}"#),
            2 => r#"{"type":"act","id":"","act":{"type":"dealRoles"}}"#.to_owned(),
            _ => "[[[[[[[[[[[[[[[[[[[[".repeat(4),
        }.into())),
    ]
}

#[tokio::test]
async fn a_live_room_takes_random_traffic_from_a_host_and_phones_without_failing() {
    let server = TestServer::start_with(TempDir::new("fuzz"), |c| {
        c.actions_per_sec = 1_000_000;
    })
    .await;
    let addr = server.addr();
    let room = create_room(&addr, "Fuzz").await;
    let mut host = host(&addr, &room).await;
    let mut phones = Vec::new();
    for n in 0..4 {
        phones.push(join(&addr, room.code.as_str(), &format!("P{n}")).await);
    }
    let mut runner = TestRunner::deterministic();
    let messages = proptest::collection::vec(wire_message(), 400)
        .new_tree(&mut runner)
        .unwrap()
        .current();
    for (n, message) in messages.into_iter().enumerate() {
        let client = match n % 5 {
            0 => &mut host,
            k => &mut phones[k - 1].client,
        };
        // A socket the server closed (a broken frame, say) is fine; the room must go on.
        let _ = client.ws.send(message).await;
    }
    let handle = server.app().room(&room.code).unwrap();
    // Every message was handled (a read queues behind them) and nothing panicked.
    let seq = handle.read(|state| state.seq()).await.unwrap();
    assert!(seq > 0);
    assert_eq!(handle.stats().await.unwrap().restarts, 0);
    // The room still takes a new phone.
    join(&addr, room.code.as_str(), "Late").await;
}

//! The timeline: summaries keep what the projector may not show out (a hidden spread, a
//! check-in under its floor, an unrevealed dot-vote, an empty chair under three voices), and
//! a statement or check-in asked in two sessions becomes a shift with both spreads.

use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, CheckInInput, CheckInSpec, ClientMsgId,
    DotVoteInput, DotVoteSpec, Lang, ParticipantId, ScaleStatement, ScaleSteps, SessionId,
    SpreadBar, SpreadScale, StatementScaleInput, StatementScaleSpec, TimelineInput, TimelineSpec,
    TimerSpec,
};

use crate::room::state::{Input, Record, RoomMeta, RoomState, Who};

const DAY: u64 = 24 * 60 * 60 * 1000;

struct Room {
    state: RoomState,
    ids: u32,
    at: u64,
}

impl Room {
    fn new(students: u32) -> Self {
        let mut room = Room {
            state: RoomState::new(RoomMeta {
                code: kring_protocol::RoomCode("ABCDEF".into()),
                title: "MZ2B".into(),
                host_key: "k".into(),
                seed: 7,
                created_at: 0,
                keeps_times: true,
            }),
            ids: 0,
            at: 1,
        };
        for n in 0..students {
            room.join(n);
        }
        room
    }

    fn join(&mut self, n: u32) {
        self.at += 1;
        let input = Input::Join {
            nickname: Some(format!("S{n}")),
            lang: Lang::Nl,
            token: format!("t{n}"),
        };
        self.state
            .apply(&Record::new(self.at, Who::System, input))
            .unwrap();
    }

    fn act_as(&mut self, who: Who, act: Act) {
        self.ids += 1;
        self.at += 1;
        let id = Some(ClientMsgId(format!("a{}", self.ids)));
        self.state
            .apply(&Record::new(self.at, who, Input::Act { id, act }))
            .unwrap_or_else(|e| panic!("{e:?}"));
    }

    fn host(&mut self, act: Act) {
        self.act_as(Who::Host, act);
    }

    /// Adds an activity to `session` and returns its id.
    fn add(&mut self, spec: ActivitySpec, session: u32) -> ActivityId {
        self.host(Act::AddActivity {
            spec,
            session: Some(SessionId(session)),
        });
        self.state.newest_activity().unwrap()
    }

    fn input(&mut self, who: Who, activity: ActivityId, input: ActivityInput) {
        self.act_as(who, Act::Activity { activity, input });
    }

    fn current(&mut self, activity: Option<ActivityId>) {
        self.host(Act::SetCurrent { activity });
    }
}

fn student(n: u32) -> Who {
    Who::Participant(ParticipantId(n))
}

fn statement_spec(text: &str, live: bool) -> ActivitySpec {
    ActivitySpec::StatementScale(StatementScaleSpec {
        title: "Gesprek op voeten".into(),
        statements: vec![ScaleStatement {
            text: text.into(),
            key: None,
        }],
        steps: ScaleSteps::Five,
        live,
    })
}

fn check_in_spec(title: &str) -> ActivitySpec {
    ActivitySpec::CheckIn(CheckInSpec {
        title: title.into(),
        words: true,
        anonymous: true,
        privacy_floor: 3,
    })
}

fn scale(input: StatementScaleInput) -> ActivityInput {
    ActivityInput::StatementScale(input)
}

fn check_in(input: CheckInInput) -> ActivityInput {
    ActivityInput::CheckIn(input)
}

/// Runs a statement scale: `positions[n]` is student n's dot; revealed when `reveal`, then
/// finished.
fn run_statement(room: &mut Room, id: ActivityId, positions: &[u32], reveal: bool) {
    room.current(Some(id));
    room.input(Who::Host, id, scale(StatementScaleInput::Next));
    for (n, &position) in positions.iter().enumerate() {
        let place = StatementScaleInput::Place {
            statement: 0,
            position,
        };
        room.input(student(n as u32), id, scale(place));
    }
    room.input(Who::Host, id, scale(StatementScaleInput::Close));
    if reveal {
        room.input(Who::Host, id, scale(StatementScaleInput::Reveal));
    }
    room.input(Who::Host, id, scale(StatementScaleInput::Next));
}

/// Runs a check-in with these faces, then closes it.
fn run_check_in(room: &mut Room, id: ActivityId, moods: &[u32]) {
    room.current(Some(id));
    room.input(Who::Host, id, check_in(CheckInInput::Open));
    for (n, &mood) in moods.iter().enumerate() {
        let word = Some(if mood > 3 { "blij" } else { "moe" }.to_owned());
        room.input(
            student(n as u32),
            id,
            check_in(CheckInInput::Answer { mood, word }),
        );
    }
    room.input(Who::Host, id, check_in(CheckInInput::Close));
}

fn counts(bars: &[SpreadBar]) -> Vec<u32> {
    bars.iter().map(|b| b.count).collect()
}

#[test]
fn a_statement_and_a_check_in_asked_in_two_sessions_show_how_the_class_shifted() {
    let mut room = Room::new(5);
    room.host(Act::AddSession {
        title: "Les 2".into(),
        date: Some("2026-12-12".into()),
    });
    let c1 = room.add(check_in_spec("Hoe gaat het met je?"), 0);
    let s1 = room.add(statement_spec("Ik voel me thuis in de klas", false), 0);
    let c2 = room.add(check_in_spec("  hoe gaat het  met je? "), 1);
    let s2 = room.add(statement_spec("ik voel me THUIS in de klas ", false), 1);
    let other = room.add(statement_spec("Alleen in les 2", false), 1);
    let slide = room.add(
        ActivitySpec::Timeline(TimelineSpec {
            title: "Tijdlijn".into(),
        }),
        1,
    );

    run_check_in(&mut room, c1, &[1, 2, 2, 3, 1]);
    run_statement(&mut room, s1, &[0, 0, 1, 1, 2], true);
    run_check_in(&mut room, c2, &[4, 5, 5, 4, 3]);
    run_statement(&mut room, s2, &[3, 4, 4, 4, 2], true);
    run_statement(&mut room, other, &[1, 2, 3, 4, 4], true);

    let timeline = room.state.timeline();
    assert_eq!(timeline.sessions.len(), 2);
    assert_eq!(timeline.sessions[1].session.title, "Les 2");
    assert_eq!(
        timeline.sessions[1]
            .items
            .iter()
            .map(|i| i.activity)
            .collect::<Vec<_>>(),
        vec![c2, s2, other],
        "the slide itself is left out, and what ran is in agenda order"
    );
    assert_eq!(timeline.sessions[1].not_run, 0);
    assert_eq!(timeline.sessions[0].items[0].kind, "checkIn");

    assert_eq!(timeline.shifts.len(), 2, "{:#?}", timeline.shifts);
    let faces = &timeline.shifts[0];
    assert_eq!(faces.scale, SpreadScale::Faces);
    assert_eq!(faces.label, "Hoe gaat het met je?");
    assert_eq!(faces.sessions.len(), 2);
    let statement = &timeline.shifts[1];
    assert_eq!(statement.scale, SpreadScale::Agree);
    assert_eq!(statement.label, "Ik voel me thuis in de klas");
    assert_eq!(
        statement
            .sessions
            .iter()
            .map(|s| (s.number, counts(&s.bars)))
            .collect::<Vec<_>>(),
        vec![(1, vec![2, 2, 1, 0, 0]), (2, vec![0, 0, 1, 1, 3])]
    );
    assert_eq!(statement.sessions[1].date.as_deref(), Some("2026-12-12"));

    // Shown on the projector through the slide, once it started.
    room.current(Some(slide));
    let view = |room: &Room| match room.state.current_view() {
        Some(kring_protocol::ActivityView::Timeline(view)) => view,
        other => panic!("{other:?}"),
    };
    assert_eq!(view(&room).timeline, None);
    room.input(
        Who::Host,
        slide,
        ActivityInput::Timeline(TimelineInput::Show),
    );
    assert_eq!(view(&room).timeline, Some(timeline));
}

#[test]
fn nothing_the_projector_may_not_show_reaches_the_timeline() {
    let mut room = Room::new(6);
    // A hidden statement passed without its reveal.
    let hidden = room.add(statement_spec("Niet getoond", false), 0);
    run_statement(&mut room, hidden, &[0, 1, 2], false);
    // A live one passed without a reveal: its spread was public all along.
    let live = room.add(statement_spec("Live getoond", true), 0);
    run_statement(&mut room, live, &[4, 4, 3], false);
    // A check-in under its floor of 3.
    let few = room.add(check_in_spec("Hoe gaat het?"), 0);
    run_check_in(&mut room, few, &[5, 5]);
    // A dot-vote closed but not revealed.
    let vote = room.add(
        ActivitySpec::DotVote(
            serde_json::from_str::<DotVoteSpec>(
                r#"{"title":"Kies","options":[{"text":"Pizza"},{"text":"Film"}],"dots":3}"#,
            )
            .unwrap(),
        ),
        0,
    );
    room.current(Some(vote));
    room.input(Who::Host, vote, ActivityInput::DotVote(DotVoteInput::Open));
    room.input(
        student(0),
        vote,
        ActivityInput::DotVote(DotVoteInput::Place {
            ballot: vec![kring_protocol::OptionDots { option: 0, dots: 2 }],
        }),
    );
    room.input(Who::Host, vote, ActivityInput::DotVote(DotVoteInput::Close));
    // A timer (runs beside: left out) and an activity never run (counted).
    let timer = room.add(
        ActivitySpec::Timer(TimerSpec {
            title: "Werken".into(),
            secs: 60,
            sound: false,
        }),
        0,
    );
    let _never = room.add(check_in_spec("Nooit gestart"), 0);
    room.current(None);

    let timeline = room.state.timeline();
    let items = &timeline.sessions[0].items;
    let summary = |id: ActivityId| {
        items
            .iter()
            .find(|i| i.activity == id)
            .unwrap_or_else(|| panic!("{id:?} missing"))
            .summary
            .clone()
    };
    assert_eq!(summary(hidden), None, "a hidden spread never shows");
    let live_summary = summary(live).expect("a live spread was public");
    assert_eq!(counts(&live_summary.spreads[0].bars), vec![0, 0, 0, 1, 2]);
    assert_eq!(summary(few), None, "under the floor nothing shows");
    assert_eq!(summary(vote), None, "an unrevealed tally never shows");
    assert!(items.iter().all(|i| i.activity != timer));
    assert_eq!(timeline.sessions[0].not_run, 1);
    let json = serde_json::to_string(&timeline).unwrap();
    for name in ["S0", "S1", "S2"] {
        assert!(!json.contains(name), "no names in {json}");
    }
}

#[test]
fn the_empty_chairs_late_input_shows_apart_and_only_from_three_voices() {
    let mut room = Room::new(3);
    let id = room.add(check_in_spec("Hoe gaat het?"), 0);
    run_check_in(&mut room, id, &[2, 3, 4]);
    room.current(None);
    let until = room.at + 7 * DAY;
    room.host(Act::LeaveOpen {
        activity: id,
        until: Some(until),
    });
    let late = |room: &Room| room.state.timeline().sessions[0].items[0].late.clone();
    let live = room.state.timeline().sessions[0].items[0].summary.clone();
    assert!(live.is_some());
    for n in 3..6 {
        room.join(n);
    }
    for n in 3..5 {
        room.act_as(
            student(n),
            Act::Chair {
                activity: id,
                input: check_in(CheckInInput::Answer {
                    mood: 5,
                    word: None,
                }),
            },
        );
        assert_eq!(late(&room), None, "{n}: not released under three voices");
    }
    room.act_as(
        student(5),
        Act::Chair {
            activity: id,
            input: check_in(CheckInInput::Answer {
                mood: 5,
                word: None,
            }),
        },
    );
    let released = late(&room).expect("three late voices are released");
    assert_eq!(
        released.spreads[0]
            .bars
            .iter()
            .map(|b| b.count)
            .sum::<u32>(),
        3
    );
    assert_eq!(
        room.state.timeline().sessions[0].items[0].summary,
        live,
        "the live result stays as it was"
    );
    assert!(
        room.state.timeline().shifts.is_empty(),
        "late input is no session of its own"
    );
}

//! The `session` scenario: classes running a session of several activities, the lead stepping
//! through its agenda.
//!
//! Per room, the host's agenda is a session of three activities: an opening check-in, a
//! statement scale of [`STATEMENTS`](crate::statement_scale::STATEMENTS) statements and a
//! closing check-in. The host plans each one's minutes, adds a second session and moves the
//! closing check-in there and back (the agenda changes while the class waits), then steps
//! through the session: each activity made current, opened, answered by every phone, closed
//! (the statements one by one, as in `statement-scale`), then steps back to the opening
//! check-in (going back never loses its results) and ends in the lobby. Every phone answers
//! each stage once: stage 0 the opening check-in, then each statement, then the closing
//! check-in. `answer_to_ack` is answer → `ack`.

use std::sync::Arc;
use std::time::Duration;

use anyhow::bail;
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, CheckInInput, CheckInPhase,
    CheckInSpec, ServerMsg, SessionId, StatementScaleInput, StatementScalePhase,
};
use tokio::sync::watch;

use crate::acting::{self, Actor, Script};
use crate::client::{Host, Net, PhoneReport, PhoneSpec, ScreenReport, Shared, Ws, expect_ack};
use crate::scenario::{LoadScenario, PhoneRun, RoomCtx, ScreenRun, Setup};
use crate::statement_scale::{self, STATEMENTS};

/// The opening check-in's title (phones tell the two check-ins apart by it).
const OPENING: &str = "kring-load: how are you?";
/// The closing check-in's title.
const CLOSING: &str = "kring-load: how was it?";
/// Longest an activity waits for every phone.
const STAGE_TIMEOUT: Duration = Duration::from_secs(20);
/// A phone answers within this long of an activity (or statement) opening.
const PACE: (Duration, Duration) = (Duration::ZERO, Duration::from_millis(1000));

/// `--scenario session`.
pub struct Session;

/// A room's session: its three activities.
pub struct Agenda {
    opening: ActivityId,
    scale: ActivityId,
    closing: ActivityId,
}

impl LoadScenario for Session {
    const NAME: &'static str = "session";
    const ABOUT: &'static str = "Classes running a session of several activities (check-in, statement scale, check-in), the lead stepping through them and back (see session.rs)";
    type Room = Agenda;

    async fn setup(room: Setup<'_>) -> anyhow::Result<Agenda> {
        Ok(Agenda {
            opening: room.add(&check_in(OPENING)).await?,
            scale: room.add(&statement_scale::spec()).await?,
            closing: room.add(&check_in(CLOSING)).await?,
        })
    }

    async fn drive(host: &mut Host, agenda: Agenda, ctx: RoomCtx<'_>) -> anyhow::Result<()> {
        drive(host, agenda, ctx.phones).await
    }

    async fn run_phone(run: PhoneRun) -> PhoneReport {
        run_phone(run.net, run.spec, run.shared, run.stop).await
    }

    async fn run_screen(run: ScreenRun) -> ScreenReport {
        run_screen(run.ws, run.room, run.stop).await
    }
}

/// A check-in with words, anonymous.
fn check_in(title: &str) -> ActivitySpec {
    ActivitySpec::CheckIn(CheckInSpec {
        title: title.to_owned(),
        words: true,
        anonymous: true,
        privacy_floor: 3,
    })
}

/// A host's part: plan the session, step through it, step back, end in the lobby.
pub async fn drive(host: &mut Host, agenda: Agenda, phones: usize) -> anyhow::Result<()> {
    for (activity, minutes) in [(agenda.opening, 5), (agenda.scale, 15), (agenda.closing, 5)] {
        let plan = Act::SetPlanned {
            activity,
            minutes: Some(minutes),
        };
        expect_ack(host, plan, "setPlanned").await?;
    }
    let add = Act::AddSession {
        title: "kring-load: volgende les".to_owned(),
        date: None,
    };
    expect_ack(host, add, "addSession").await?;
    for (session, index) in [(1, 0), (0, 2)] {
        let mv = Act::MoveActivity {
            activity: agenda.closing,
            session: SessionId(session),
            index,
        };
        expect_ack(host, mv, "moveActivity").await?;
    }
    check_in_round(host, agenda.opening, phones).await?;
    statement_scale::drive(host, agenda.scale, phones).await?;
    check_in_round(host, agenda.closing, phones).await?;
    // A step back: the opening check-in again, its results as they were.
    let back = Act::SetCurrent {
        activity: Some(agenda.opening),
    };
    expect_ack(host, back, "step back").await?;
    expect_ack(host, Act::SetCurrent { activity: None }, "lobby").await
}

/// One check-in: current, open, every phone answered, closed.
async fn check_in_round(host: &mut Host, id: ActivityId, phones: usize) -> anyhow::Result<()> {
    let input = |input: CheckInInput| Act::Activity {
        activity: id,
        input: ActivityInput::CheckIn(input),
    };
    let current = Act::SetCurrent { activity: Some(id) };
    expect_ack(host, current, "setCurrent").await?;
    expect_ack(host, input(CheckInInput::Open), "open").await?;
    let all = host
        .wait_until(STAGE_TIMEOUT, |h| {
            matches!(&h.current, Some(ActivityView::CheckIn(v)) if v.id == id && v.phase == CheckInPhase::Open)
                && h.responded as usize >= phones
        })
        .await?;
    if !all {
        bail!("check-in {} did not get every answer in time", id.0);
    }
    expect_ack(host, input(CheckInInput::Close), "close").await
}

/// Runs one phone of the `session` scenario until `stop`.
pub async fn run_phone(
    net: Arc<Net>,
    spec: PhoneSpec,
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
) -> PhoneReport {
    acting::run(net, spec, shared, stop, PACE, |_, _| Phone).await
}

/// A phone of the `session` scenario: it answers whatever is open now.
struct Phone;

impl Script for Phone {
    fn on_msg(&mut self, actor: &mut Actor, msg: ServerMsg) {
        let ServerMsg::Activity {
            current: Some(view),
            ..
        } = msg
        else {
            return;
        };
        match view {
            ActivityView::CheckIn(view) if view.phase == CheckInPhase::Open => {
                let stage = if view.title == CLOSING {
                    STATEMENTS + 1
                } else {
                    0
                };
                let mood = 1 + actor.rng.below(5) as u32;
                let word = ["moe", "blij", "ok", "rustig"][actor.rng.below(4) as usize];
                let input = CheckInInput::Answer {
                    mood,
                    word: Some(word.to_owned()),
                };
                actor.plan(
                    stage,
                    Act::Activity {
                        activity: view.id,
                        input: ActivityInput::CheckIn(input),
                    },
                );
            }
            ActivityView::StatementScale(view) => {
                if let StatementScalePhase::Open { statement } = view.phase {
                    let position = actor.rng.below(5) as u32;
                    let input = StatementScaleInput::Place {
                        statement,
                        position,
                    };
                    actor.plan(
                        1 + statement,
                        Act::Activity {
                            activity: view.id,
                            input: ActivityInput::StatementScale(input),
                        },
                    );
                }
            }
            _ => {}
        }
    }
}

/// Runs a connected projector until `stop`: records the count of answers it shows per stage.
pub async fn run_screen(ws: Ws, room: usize, stop: watch::Receiver<bool>) -> ScreenReport {
    let stage_of = |view: &ActivityView| match view {
        ActivityView::CheckIn(view) if view.title == CLOSING => Some(STATEMENTS + 1),
        ActivityView::CheckIn(_) => Some(0),
        ActivityView::StatementScale(view) => match view.phase {
            StatementScalePhase::Open { statement }
            | StatementScalePhase::Closed { statement }
            | StatementScalePhase::Revealed { statement, .. } => Some(1 + statement),
            _ => None,
        },
        _ => None,
    };
    acting::watch_progress(ws, room, stop, stage_of, |_, _, _| {}).await
}

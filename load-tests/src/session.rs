//! The `session` scenario: classes running a session of several activities, the lead stepping
//! through its agenda.
//!
//! Per room, the host's agenda is a session of three activities: an opening check-in, a
//! statement scale of [`STATEMENTS`](crate::statement_scale::STATEMENTS) statements and a
//! closing check-in. The host plans each one's minutes, adds a second session and moves the
//! closing check-in there and back (the agenda changes while the class waits), then steps
//! through the session: each activity made current, opened, answered by every phone, closed
//! (the statements one by one, as in `statement-scale`), then steps back to the opening
//! check-in (going back never loses its results) and ends in the lobby. Every phone present
//! answers each stage once: stage 0 the opening check-in, then each statement, then the
//! closing check-in.
//!
//! Late joiners: the last [`late_in`](crate::empty_chair::late_in) phones of a room (10, or
//! half a small room) are absent during the lesson (connected, silent). After it, the host
//! leaves the closing check-in open until tomorrow (`leaveOpen`); each absent phone, told by
//! its `you` that a chair is open, closes its socket and comes back with its token (a student
//! opening the link the next day) and answers through the chair (the stage after the closing
//! check-in). The room is over when every late answer is acknowledged. `answer_to_ack` is
//! answer → `ack`, live and late alike; late answers are never shown live, so not timed to
//! the projector.

use std::sync::Arc;
use std::time::Duration;

use anyhow::bail;
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, CheckInInput, CheckInPhase,
    CheckInSpec, ServerMsg, SessionId, StatementScaleInput, StatementScalePhase,
};
use tokio::sync::watch;

use crate::acting::{self, Actor, Script};
use crate::client::{Host, PhoneReport, ScreenReport, Shared, Ws, expect_ack};
use crate::empty_chair::{is_late, late_in, not_timed_on_projector, tomorrow, wait_finished};
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
/// The late answer's stage: after the closing check-in's.
const LATE: u32 = STATEMENTS + 2;

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
        let late = late_in(ctx.phones);
        let closing = agenda.closing;
        drive(host, agenda, ctx.phones - late).await?;
        let leave = Act::LeaveOpen {
            activity: closing,
            until: Some(tomorrow()),
        };
        expect_ack(host, leave, "leaveOpen").await?;
        wait_finished(host, ctx.shared, ctx.room, late as u64).await
    }

    async fn run_phone(run: PhoneRun) -> PhoneReport {
        let late = is_late(&run.plan, run.spec.index, run.spec.room);
        let (room, shared) = (run.spec.room, run.shared.clone());
        acting::run(
            run.net,
            run.spec,
            run.shared,
            run.stop,
            PACE,
            move |_, _| Phone {
                late,
                room,
                shared,
                closing: None,
                coming_back: false,
            },
        )
        .await
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

/// A phone of the `session` scenario: it answers whatever is open now, or, when absent during
/// the lesson, the closing check-in through the empty chair afterwards.
struct Phone {
    /// Absent during the lesson: answers only through the chair.
    late: bool,
    room: usize,
    shared: Arc<Shared>,
    /// The closing check-in, once seen.
    closing: Option<ActivityId>,
    /// Closing its socket to come back with its token, then answering through the chair.
    coming_back: bool,
}

impl Script for Phone {
    fn on_msg(&mut self, actor: &mut Actor, msg: ServerMsg) {
        let view = match msg {
            ServerMsg::Activity {
                current: Some(view),
                ..
            } => view,
            // Back with its token (the resume hands the script the lobby): add its voice.
            ServerMsg::Activity { current: None, .. } if self.coming_back => {
                self.coming_back = false;
                if let Some(activity) = self.closing {
                    let mood = 1 + actor.rng.below(5) as u32;
                    let input = ActivityInput::CheckIn(CheckInInput::Answer { mood, word: None });
                    actor.plan(LATE, Act::Chair { activity, input });
                }
                return;
            }
            ServerMsg::You { me }
                if self.late
                    && !me.chairs.is_empty()
                    && !actor.planned(LATE)
                    && !self.coming_back =>
            {
                self.coming_back = true;
                actor.reconnect = true;
                return;
            }
            _ => return,
        };
        if let ActivityView::CheckIn(view) = &view
            && view.title == CLOSING
        {
            self.closing = Some(view.id);
        }
        if self.late {
            return;
        }
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

    fn on_acked(&mut self, actor: &mut Actor, stage: u32) {
        if stage != LATE {
            return;
        }
        self.shared.finish(self.room);
        not_timed_on_projector(actor, stage);
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

//! The `timeline` scenario: classes watching the class timeline while the teacher steps it.
//!
//! Per room, the host first runs a statement scale through (opened, closed, revealed,
//! finished: nobody answers, so the timeline has a session with a spread to show), then makes
//! the timeline slide current and steps it: show the sessions, the shifts, back to the
//! sessions, done. Each step is one phase change whose view carries the room's timeline,
//! computed by the server and sent to every phone, so this measures the timeline's cost at the
//! fan-out. The phones send nothing; each records when it got each step. The report's
//! "question" is the step's number, so `question_to_phone` is the time from the host sending a
//! step to a phone having it, and a phone that misses a step (or gets one more) is an error.

use std::sync::Arc;
use std::time::{Duration, Instant};

use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, ScaleStatement, ScaleSteps,
    ServerMsg, StatementScaleInput, StatementScaleSpec, TimelineInput, TimelinePhase, TimelineSpec,
};
use tokio::sync::watch;

use crate::acting::{self, Actor, Script};
use crate::client::{
    self, Host, HostReport, Net, PhoneReport, PhoneSpec, ScreenReport, Shared, expect_ack,
};
use crate::scenario::{LoadScenario, PhoneRun, RoomCtx, ScreenRun, Setup};

/// The host's pause after each step (a teacher's click rate; lets every phone read it).
const BETWEEN: Duration = Duration::from_millis(250);

/// `--scenario timeline`.
pub struct Timeline;

/// What a room adds: the statement scale and the timeline slide.
pub struct Room {
    scale: ActivityId,
    slide: ActivityId,
}

impl LoadScenario for Timeline {
    const NAME: &'static str = "timeline";
    const ABOUT: &'static str =
        "Classes watching the class timeline while the teacher steps it (see timeline.rs)";
    type Room = Room;

    async fn setup(room: Setup<'_>) -> anyhow::Result<Room> {
        Ok(Room {
            scale: room.add(&scale_spec()).await?,
            slide: room.add(&spec()).await?,
        })
    }

    async fn drive(host: &mut Host, room: Room, _ctx: RoomCtx<'_>) -> anyhow::Result<()> {
        let scale = |input: StatementScaleInput| Act::Activity {
            activity: room.scale,
            input: ActivityInput::StatementScale(input),
        };
        let current = |activity| Act::SetCurrent {
            activity: Some(activity),
        };
        expect_ack(host, current(room.scale), "setCurrent scale").await?;
        for (input, what) in [
            (StatementScaleInput::Next, "next"),
            (StatementScaleInput::Close, "close"),
            (StatementScaleInput::Reveal, "reveal"),
            (StatementScaleInput::Next, "finish"),
        ] {
            expect_ack(host, scale(input), what).await?;
        }
        expect_ack(host, current(room.slide), "setCurrent timeline").await?;
        for (stage, (act, what)) in steps(room.slide).into_iter().enumerate() {
            host.report.started.push((stage as u32, Instant::now()));
            expect_ack(host, act, what).await?;
            host.idle(BETWEEN).await?;
        }
        Ok(())
    }

    async fn run_phone(run: PhoneRun) -> PhoneReport {
        run_phone(run.net, run.spec, run.shared, run.stop).await
    }

    /// The projector records what every projector does (no count of its own to time).
    async fn run_screen(run: ScreenRun) -> ScreenReport {
        client::run_screen(run.ws, run.room, run.stop).await
    }

    /// A phone that missed a step, or got one more.
    fn errors(phones: &[PhoneReport], hosts: &[HostReport], _: &[ScreenReport]) -> Vec<String> {
        crate::timer::missed(phones, hosts)
    }
}

/// The statement scale each room runs first.
pub fn scale_spec() -> ActivitySpec {
    ActivitySpec::StatementScale(StatementScaleSpec {
        title: "kring-load: gesprek op voeten".to_owned(),
        statements: vec![ScaleStatement {
            text: "Ik voel me thuis in deze klas".to_owned(),
            key: None,
        }],
        steps: ScaleSteps::Five,
        live: false,
    })
}

/// The timeline slide each room adds.
pub fn spec() -> ActivitySpec {
    ActivitySpec::Timeline(TimelineSpec {
        title: "kring-load: wat jullie eerder zeiden".to_owned(),
    })
}

/// The slide's steps, in order, as the acts the host sends.
fn steps(slide: ActivityId) -> Vec<(Act, &'static str)> {
    let input = |input: TimelineInput| Act::Activity {
        activity: slide,
        input: ActivityInput::Timeline(input),
    };
    vec![
        (input(TimelineInput::Show), "show"),
        (input(TimelineInput::Shifts), "shifts"),
        (input(TimelineInput::Show), "back to the sessions"),
        (input(TimelineInput::Close), "close"),
    ]
}

/// Runs one phone of the `timeline` scenario until `stop`.
pub async fn run_phone(
    net: Arc<Net>,
    spec: PhoneSpec,
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
) -> PhoneReport {
    acting::run(
        net,
        spec,
        shared,
        stop,
        (Duration::ZERO, Duration::ZERO),
        |_, _| Phone { seen: 0 },
    )
    .await
}

/// A phone of the `timeline` scenario: it counts the slide's steps, each with its timeline.
struct Phone {
    seen: u32,
}

impl Script for Phone {
    fn on_msg(&mut self, actor: &mut Actor, msg: ServerMsg) {
        let ServerMsg::Activity {
            current: Some(ActivityView::Timeline(view)),
            ..
        } = msg
        else {
            return;
        };
        if view.phase == TimelinePhase::Lobby {
            return;
        }
        if view.timeline.as_ref().is_none_or(|t| t.sessions.is_empty()) {
            actor.report.errors.push(format!(
                "phone {}: a step without the room's timeline",
                actor.spec.index
            ));
        }
        actor.report.questions.push((self.seen, Instant::now()));
        self.seen += 1;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_specs_are_valid_for_the_server() {
        use kring_server::room::Activity;
        for spec in [super::spec(), super::scale_spec()] {
            let activity = Activity::new(kring_protocol::ActivityId(1), spec).expect("valid");
            assert!(!activity.kind().started());
        }
    }
}

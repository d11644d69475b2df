//! The `timer` scenario: classes watching a timer that runs beside the current activity while
//! the teacher pauses and extends it.
//!
//! Per room, the host puts a 10-minute timer beside the current activity and starts it, then
//! [`CYCLES`] times pauses it, adds a minute, resumes it and takes the minute off again (a short
//! pause after each), then stops it and takes it away: every step is one phase change that goes
//! to every phone as a `beside` message. The phones send nothing; each records when it got each
//! change. The report's "question" is the change's number, so `question_to_phone` is the time
//! from the host sending a change to a phone having it (host and phones share this process's
//! clock), and a phone that misses a change (or gets one more) is an error: nothing lost.

use std::sync::Arc;
use std::time::{Duration, Instant};

use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, ServerMsg, TimerInput, TimerSpec,
};
use tokio::sync::watch;

use crate::acting::{self, Actor, Script};
use crate::client::{
    self, Host, HostReport, Net, PhoneReport, PhoneSpec, ScreenReport, Shared, expect_ack,
};
use crate::scenario::{LoadScenario, PhoneRun, RoomCtx, ScreenRun, Setup};

/// Pause, +1 minute, resume, −1 minute: this many times per room.
pub const CYCLES: u32 = 5;
/// The host's pause after each change (a teacher's click rate; lets every phone read it).
const BETWEEN: Duration = Duration::from_millis(250);

/// `--scenario timer`.
pub struct Timer;

impl LoadScenario for Timer {
    const NAME: &'static str = "timer";
    const ABOUT: &'static str = "Classes watching a timer beside the current activity while the teacher pauses and extends it (see timer.rs)";
    /// The timer's id.
    type Room = ActivityId;

    async fn setup(room: Setup<'_>) -> anyhow::Result<ActivityId> {
        room.add(&spec()).await
    }

    async fn drive(host: &mut Host, timer: ActivityId, _ctx: RoomCtx<'_>) -> anyhow::Result<()> {
        drive(host, timer).await
    }

    async fn run_phone(run: PhoneRun) -> PhoneReport {
        run_phone(run.net, run.spec, run.shared, run.stop).await
    }

    /// The projector records what every projector does (no count of its own to time).
    async fn run_screen(run: ScreenRun) -> ScreenReport {
        client::run_screen(run.ws, run.room, run.stop).await
    }

    /// A phone that missed a change, or got one more.
    fn errors(phones: &[PhoneReport], hosts: &[HostReport], _: &[ScreenReport]) -> Vec<String> {
        missed(phones, hosts)
    }
}

/// The timer each room adds: ten minutes, no chime.
pub fn spec() -> ActivitySpec {
    ActivitySpec::Timer(TimerSpec {
        title: "kring-load timer".to_owned(),
        secs: 600,
        sound: false,
    })
}

/// The changes a host makes, in order, as the acts it sends.
fn changes(timer: ActivityId) -> Vec<(Act, &'static str)> {
    let input = |input: TimerInput| Act::Activity {
        activity: timer,
        input: ActivityInput::Timer(input),
    };
    let mut acts = vec![
        (
            Act::SetBeside {
                activity: Some(timer),
            },
            "setBeside",
        ),
        (input(TimerInput::Start), "start"),
    ];
    for _ in 0..CYCLES {
        acts.push((input(TimerInput::Pause), "pause"));
        acts.push((input(TimerInput::Adjust { secs: 60 }), "+1 minute"));
        acts.push((input(TimerInput::Resume), "resume"));
        acts.push((input(TimerInput::Adjust { secs: -60 }), "-1 minute"));
    }
    acts.push((input(TimerInput::Stop), "stop"));
    acts.push((Act::SetBeside { activity: None }, "setBeside none"));
    acts
}

/// A host's part: every change, each stamped (as its stage) the moment before it is sent.
pub async fn drive(host: &mut Host, timer: ActivityId) -> anyhow::Result<()> {
    for (stage, (act, what)) in changes(timer).into_iter().enumerate() {
        host.report.started.push((stage as u32, Instant::now()));
        expect_ack(host, act, what).await?;
        host.idle(BETWEEN).await?;
    }
    Ok(())
}

/// Runs one phone of the `timer` scenario until `stop`.
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

/// A phone of the `timer` scenario: it counts the changes of what runs beside.
struct Phone {
    seen: u32,
}

impl Script for Phone {
    fn on_msg(&mut self, actor: &mut Actor, msg: ServerMsg) {
        if let ServerMsg::Beside { beside, .. } = msg {
            let timer = matches!(beside, None | Some(ActivityView::Timer(_)));
            if !timer {
                actor
                    .report
                    .errors
                    .push(format!("phone {}: something else beside", actor.spec.index));
            }
            actor.report.questions.push((self.seen, Instant::now()));
            self.seen += 1;
        }
    }
}

/// Every phone that did not get each change its room's host made, exactly once: as errors.
pub fn missed(phones: &[PhoneReport], hosts: &[HostReport]) -> Vec<String> {
    let mut errors = Vec::new();
    for (i, phone) in phones.iter().enumerate() {
        if phone.joined.is_none() {
            continue;
        }
        let made = hosts
            .iter()
            .filter(|h| h.room == phone.room)
            .map(|h| h.started.len())
            .sum::<usize>();
        if phone.questions.len() != made {
            errors.push(format!(
                "phone {i}: got {} of the {made} timer changes",
                phone.questions.len()
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_that_missed_a_change_is_an_error() {
        let t0 = Instant::now();
        let host = HostReport {
            room: 0,
            started: vec![(0, t0), (1, t0)],
            ..HostReport::default()
        };
        let phone = |seen: u32| PhoneReport {
            room: 0,
            joined: Some(Duration::from_millis(3)),
            questions: (0..seen).map(|s| (s, t0)).collect(),
            ..PhoneReport::default()
        };
        assert!(missed(&[phone(2)], std::slice::from_ref(&host)).is_empty());
        assert_eq!(missed(&[phone(2), phone(1)], &[host]).len(), 1);
        assert_eq!(changes(ActivityId(1)).len() as u32, 4 + 4 * CYCLES);
    }
}

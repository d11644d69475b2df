//! The `we-did` scenario: classes shown "you said → we did", one pair at a time, tapping
//! "👍 seen".
//!
//! Per room, the host makes the slide current and starts it (the first pair), waits until every
//! phone tapped "👍 seen", reveals the other pairs one by one (a teacher's pause between) and
//! closes it. Every phone taps once, within a second of seeing the slide: the tap is stage 0,
//! so `answer_to_ack` is tap → `ack` and `answer_to_projector` is tap → the projector's
//! coalesced count includes it. Each reveal is a "question" (pair `k` is number `k − 1`):
//! `question_to_phone` is the host sending the reveal → a phone showing that pair (host and
//! phones share this process's clock), and a phone that misses a reveal is an error.

use std::time::{Duration, Instant};

use anyhow::bail;
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, ServerMsg, WeDidInput, WeDidItem,
    WeDidPhase, WeDidSpec,
};

use crate::acting::{self, Actor, Script};
use crate::client::{Host, HostReport, PhoneReport, ScreenReport, expect_ack};
use crate::scenario::{LoadScenario, PhoneRun, RoomCtx, ScreenRun, Setup};

/// Longest the host waits for every tap.
const STAGE_TIMEOUT: Duration = Duration::from_secs(20);
/// A phone taps within this long of seeing the slide.
const PACE: (Duration, Duration) = (Duration::ZERO, Duration::from_millis(1000));
/// The host's pause after each reveal (a teacher reading the pair out).
const BETWEEN: Duration = Duration::from_millis(250);
/// The tap's stage.
const SEEN: u32 = 0;
/// Pairs on each room's slide.
pub const PAIRS: usize = 3;

/// `--scenario we-did`.
pub struct WeDid;

impl LoadScenario for WeDid {
    const NAME: &'static str = "we-did";
    const ABOUT: &'static str =
        "Classes shown \"you said → we did\" pair by pair, tapping \"seen\" (see we_did.rs)";
    /// The slide's id.
    type Room = ActivityId;

    async fn setup(room: Setup<'_>) -> anyhow::Result<ActivityId> {
        room.add(&spec()).await
    }

    async fn drive(host: &mut Host, activity: ActivityId, ctx: RoomCtx<'_>) -> anyhow::Result<()> {
        let input = |input: WeDidInput| Act::Activity {
            activity,
            input: ActivityInput::WeDid(input),
        };
        let current = Act::SetCurrent {
            activity: Some(activity),
        };
        expect_ack(host, current, "setCurrent").await?;
        host.report.started.push((0, Instant::now()));
        expect_ack(host, input(WeDidInput::Start), "start").await?;
        // The acknowledgement arrives before the new phase's view: wait for it, then count.
        let all = host
            .wait_until(STAGE_TIMEOUT, |h| {
                matches!(&h.current, Some(ActivityView::WeDid(v)) if v.phase == WeDidPhase::Showing)
                    && h.responded as usize >= ctx.phones
            })
            .await?;
        if !all {
            bail!("not every phone tapped \"seen\" in time");
        }
        for pair in 1..PAIRS as u32 {
            host.report.started.push((pair, Instant::now()));
            expect_ack(host, input(WeDidInput::Next), "next").await?;
            host.idle(BETWEEN).await?;
        }
        expect_ack(host, input(WeDidInput::Close), "close").await
    }

    async fn run_phone(run: PhoneRun) -> PhoneReport {
        acting::run(run.net, run.spec, run.shared, run.stop, PACE, |_, _| Phone).await
    }

    async fn run_screen(run: ScreenRun) -> ScreenReport {
        let stage_of = |view: &ActivityView| match view {
            ActivityView::WeDid(view) if view.phase != WeDidPhase::Lobby => Some(SEEN),
            _ => None,
        };
        acting::watch_progress(run.ws, run.room, run.stop, stage_of, |_, _, _| {}).await
    }

    /// A phone that missed a reveal.
    fn errors(phones: &[PhoneReport], hosts: &[HostReport], _: &[ScreenReport]) -> Vec<String> {
        missed(phones, hosts)
    }
}

/// The slide each room adds: three pairs, one without a "did" yet.
pub fn spec() -> ActivitySpec {
    let pair = |said: &str, did: &str| WeDidItem {
        said: said.to_owned(),
        did: did.to_owned(),
    };
    ActivitySpec::WeDid(WeDidSpec {
        title: "kring-load: jullie zeiden → wij deden".to_owned(),
        source: None,
        items: vec![
            pair("Meer pauzes", "Elke les van 90 minuten heeft nu een pauze"),
            pair("Wifi in lokaal 2.14", ""),
            pair("Uitleg op video", "De docent zet de uitleg online"),
        ],
        one_by_one: true,
    })
}

/// A phone of the `we-did` scenario: taps "seen" once, and records when each pair arrives.
struct Phone;

impl Script for Phone {
    fn on_msg(&mut self, actor: &mut Actor, msg: ServerMsg) {
        let ServerMsg::Activity {
            current: Some(ActivityView::WeDid(view)),
            ..
        } = msg
        else {
            return;
        };
        // Pair k arrived (each recorded once: a re-sent view or a resume adds nothing).
        for k in 0..view.pairs.len() as u32 {
            if !actor.report.questions.iter().any(|&(q, _)| q == k) {
                actor.report.questions.push((k, Instant::now()));
            }
        }
        if view.phase == WeDidPhase::Showing {
            let input = ActivityInput::WeDid(WeDidInput::Seen);
            actor.plan(
                SEEN,
                Act::Activity {
                    activity: view.id,
                    input,
                },
            );
        }
    }
}

/// Every phone that did not get each pair its room's host revealed: as errors.
fn missed(phones: &[PhoneReport], hosts: &[HostReport]) -> Vec<String> {
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
                "phone {i}: got {} of the {made} pairs",
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
    fn the_spec_is_valid_for_the_server() {
        use kring_server::room::Activity;
        let activity = Activity::new(kring_protocol::ActivityId(1), super::spec()).expect("valid");
        assert!(!activity.kind().started());
    }

    #[test]
    fn a_phone_that_missed_a_pair_is_an_error() {
        let t0 = Instant::now();
        let host = HostReport {
            room: 0,
            started: (0..PAIRS as u32).map(|p| (p, t0)).collect(),
            ..HostReport::default()
        };
        let phone = |seen: u32| PhoneReport {
            room: 0,
            joined: Some(Duration::from_millis(3)),
            questions: (0..seen).map(|s| (s, t0)).collect(),
            ..PhoneReport::default()
        };
        assert!(missed(&[phone(3)], std::slice::from_ref(&host)).is_empty());
        assert_eq!(missed(&[phone(3), phone(2)], &[host]).len(), 1);
    }
}

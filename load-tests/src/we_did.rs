//! The `we-did` scenario (the kind template's load scenario): classes raising their hands.
//!
//! Per room, the host makes a we did current and opens it, waits until every phone's hand
//! is up, and closes it. Every phone raises its hand once, within a second of the opening: the
//! stage (the report's "question") is 0. `answer_to_ack` is raise → `ack`;
//! `answer_to_projector` is raise → the projector's coalesced count includes it.

use std::time::Duration;

use anyhow::bail;
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, WeDidInput, WeDidPhase,
    WeDidSpec, ServerMsg,
};

use crate::acting::{self, Actor, Script};
use crate::client::{Host, PhoneReport, ScreenReport, expect_ack};
use crate::scenario::{LoadScenario, PhoneRun, RoomCtx, ScreenRun, Setup};

/// Longest the host waits for every hand.
const STAGE_TIMEOUT: Duration = Duration::from_secs(20);
/// A phone raises its hand within this long of the opening.
const PACE: (Duration, Duration) = (Duration::ZERO, Duration::from_millis(1000));
/// The one stage.
const RAISE: u32 = 0;

/// `--scenario we-did`.
pub struct WeDid;

impl LoadScenario for WeDid {
    const NAME: &'static str = "we-did";
    const ABOUT: &'static str = "Classes raising their hands (see we_did.rs)";
    /// The we did's id.
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
        expect_ack(host, input(WeDidInput::Open), "open").await?;
        // The acknowledgement arrives before the new phase's view: wait for it, then count.
        let all = host
            .wait_until(STAGE_TIMEOUT, |h| {
                matches!(&h.current, Some(ActivityView::WeDid(v)) if v.phase == WeDidPhase::Open)
                    && h.responded as usize >= ctx.phones
            })
            .await?;
        if !all {
            bail!("not every hand was raised in time");
        }
        expect_ack(host, input(WeDidInput::Close), "close").await
    }

    async fn run_phone(run: PhoneRun) -> PhoneReport {
        acting::run(run.net, run.spec, run.shared, run.stop, PACE, |_, _| Phone).await
    }

    async fn run_screen(run: ScreenRun) -> ScreenReport {
        let stage_of = |view: &ActivityView| match view {
            ActivityView::WeDid(view) if view.phase != WeDidPhase::Lobby => Some(RAISE),
            _ => None,
        };
        acting::watch_progress(run.ws, run.room, run.stop, stage_of, |_, _, _| {}).await
    }
}

/// The we did each room adds.
pub fn spec() -> ActivitySpec {
    ActivitySpec::WeDid(WeDidSpec {
        title: "kring-load: who has finished?".to_owned(),
        anonymous: true,
    })
}

/// A phone of the `we-did` scenario: it needs to know nothing but the view.
struct Phone;

impl Script for Phone {
    fn on_msg(&mut self, actor: &mut Actor, msg: ServerMsg) {
        if let ServerMsg::Activity {
            current: Some(ActivityView::WeDid(view)),
            ..
        } = msg
            && view.phase == WeDidPhase::Open
        {
            let input = ActivityInput::WeDid(WeDidInput::Raise { up: true });
            actor.plan(
                RAISE,
                Act::Activity {
                    activity: view.id,
                    input,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_spec_is_valid_for_the_server() {
        use kring_server::room::Activity;
        let activity = Activity::new(kring_protocol::ActivityId(1), super::spec()).expect("valid");
        assert!(!activity.kind().started());
    }
}

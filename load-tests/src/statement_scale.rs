//! The `statement-scale` scenario: classes placing themselves on statements, one after another.
//!
//! Per room, the host makes a statement scale of [`STATEMENTS`] statements on a 5-step line
//! current; then, for each statement, opens it, waits until every phone has placed its dot,
//! reveals the spread and moves on; after the last, finishes. Every phone places its dot on
//! each statement once, at a random step, within a second of the statement opening: the stage
//! (the report's "question") is the statement's number.
//!
//! `answer_to_ack` is dot → `ack`; `answer_to_projector` is dot → the projector's coalesced
//! count of answers includes it.

use std::sync::Arc;
use std::time::Duration;

use anyhow::bail;
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, ScaleStatement, ScaleSteps,
    ServerMsg, StatementScaleInput, StatementScalePhase, StatementScaleSpec,
};
use tokio::sync::watch;

use crate::acting::{self, Actor, Script};
use crate::client::{Host, Net, PhoneReport, PhoneSpec, ScreenReport, Shared, Ws, expect_ack};
use crate::scenario::{LoadScenario, PhoneRun, RoomCtx, ScreenRun, Setup};

/// Statements per scale.
pub const STATEMENTS: u32 = 3;
/// Longest a statement waits for every dot.
const STAGE_TIMEOUT: Duration = Duration::from_secs(20);
/// A phone places its dot within this long of the statement opening.
const PACE: (Duration, Duration) = (Duration::ZERO, Duration::from_millis(1000));

/// `--scenario statement-scale`.
pub struct StatementScale;

impl LoadScenario for StatementScale {
    const NAME: &'static str = "statement-scale";
    const ABOUT: &'static str =
        "Classes placing a dot on each statement of a statement scale (see statement_scale.rs)";
    /// The statement scale's id.
    type Room = ActivityId;

    async fn setup(room: Setup<'_>) -> anyhow::Result<ActivityId> {
        room.add(&spec()).await
    }

    async fn drive(host: &mut Host, scale: ActivityId, ctx: RoomCtx<'_>) -> anyhow::Result<()> {
        drive(host, scale, ctx.phones).await
    }

    async fn run_phone(run: PhoneRun) -> PhoneReport {
        run_phone(run.net, run.spec, run.shared, run.stop).await
    }

    async fn run_screen(run: ScreenRun) -> ScreenReport {
        run_screen(run.ws, run.room, run.stop).await
    }
}

/// The statement scale each room adds: [`STATEMENTS`] statements, five steps, spread hidden.
pub fn spec() -> ActivitySpec {
    ActivitySpec::StatementScale(StatementScaleSpec {
        title: "kring-load statements".to_owned(),
        statements: (0..STATEMENTS)
            .map(|i| ScaleStatement {
                text: format!("Stelling {i}"),
                key: None,
            })
            .collect(),
        steps: ScaleSteps::Five,
        live: false,
    })
}

/// The scale's phase as the host last saw it.
fn phase(host: &Host) -> Option<&StatementScalePhase> {
    match &host.current {
        Some(ActivityView::StatementScale(view)) => Some(&view.phase),
        _ => None,
    }
}

/// A host's part: every statement opened, answered by every phone and revealed, then the end.
/// `phones` is how many phones the room has.
pub async fn drive(host: &mut Host, activity: ActivityId, phones: usize) -> anyhow::Result<()> {
    let input = |input: StatementScaleInput| Act::Activity {
        activity,
        input: ActivityInput::StatementScale(input),
    };
    expect_ack(
        host,
        Act::SetCurrent {
            activity: Some(activity),
        },
        "setCurrent",
    )
    .await?;
    for statement in 0..STATEMENTS {
        expect_ack(host, input(StatementScaleInput::Next), "next").await?;
        // The acknowledgement arrives before the new phase's view: wait for it, then count.
        let all = host
            .wait_until(STAGE_TIMEOUT, |h| {
                matches!(phase(h), Some(StatementScalePhase::Open { statement: s }) if *s == statement)
                    && h.responded as usize >= phones
            })
            .await?;
        if !all {
            bail!("statement {statement} did not get every dot in time");
        }
        expect_ack(host, input(StatementScaleInput::Reveal), "reveal").await?;
    }
    expect_ack(host, input(StatementScaleInput::Next), "finish").await?;
    Ok(())
}

/// Runs one phone of the `statement-scale` scenario until `stop`.
pub async fn run_phone(
    net: Arc<Net>,
    spec: PhoneSpec,
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
) -> PhoneReport {
    acting::run(net, spec, shared, stop, PACE, |_, _| Phone).await
}

/// A phone of the `statement-scale` scenario: it needs to know nothing but the view.
struct Phone;

impl Script for Phone {
    fn on_msg(&mut self, actor: &mut Actor, msg: ServerMsg) {
        if let ServerMsg::Activity {
            current: Some(ActivityView::StatementScale(view)),
            ..
        } = msg
            && let StatementScalePhase::Open { statement } = view.phase
        {
            let position = actor.rng.below(5) as u32;
            actor.plan(
                statement,
                Act::Activity {
                    activity: view.id,
                    input: ActivityInput::StatementScale(StatementScaleInput::Place {
                        statement,
                        position,
                    }),
                },
            );
        }
    }
}

/// Runs a connected projector of the `statement-scale` scenario until `stop`: records the count
/// of answers it shows for each statement while it is open and after it closed.
pub async fn run_screen(ws: Ws, room: usize, stop: watch::Receiver<bool>) -> ScreenReport {
    let stage_of = |view: &ActivityView| match view {
        ActivityView::StatementScale(view) => match view.phase {
            StatementScalePhase::Open { statement }
            | StatementScalePhase::Closed { statement }
            | StatementScalePhase::Revealed { statement, .. } => Some(statement),
            _ => None,
        },
        _ => None,
    };
    acting::watch_progress(ws, room, stop, stage_of, |_, _, _| {}).await
}

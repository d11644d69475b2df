//! The `pitches` scenario: classes rating each team's pitch in a burst.
//!
//! Per room, the host forms teams of [`TEAM_SIZE`] at random and starts a pitch round without
//! timers; then, for each team in the round's order, opens its feedback, waits until every
//! phone outside that team has rated it, closes the feedback, releases the team's cards and
//! moves on; after the last team, the results. Every phone rates each other team's pitch once
//! (stars per criterion, a top and a tip) within a second of its feedback opening: the stage
//! (the report's "question") is the pitch's place in the order.
//!
//! `answer_to_ack` is rating → `ack`; `answer_to_projector` is rating → the projector's
//! coalesced count of ratings includes it.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, PitchesInput, PitchesPhase,
    PitchesSpec, RatingInput, ServerMsg, TeamFormation, TeamId, default_criteria,
};
use tokio::sync::watch;

use crate::acting::{self, Actor, Script};
use crate::client::{Host, Net, PhoneReport, PhoneSpec, ScreenReport, Shared, Ws, expect_ack};
use crate::scenario::{LoadScenario, PhoneRun, RoomCtx, ScreenRun, Setup};

/// Members per team.
pub const TEAM_SIZE: u32 = 5;
/// Longest a pitch's feedback waits for every rating.
const STAGE_TIMEOUT: Duration = Duration::from_secs(20);
/// A phone rates within this long of the feedback opening: a class rating in a burst.
const PACE: (Duration, Duration) = (Duration::ZERO, Duration::from_millis(1000));

/// `--scenario pitches`.
pub struct Pitches;

impl LoadScenario for Pitches {
    const NAME: &'static str = "pitches";
    const ABOUT: &'static str =
        "Classes rating each team's pitch in a burst: stars, a top and a tip (see pitches.rs)";
    /// The pitch round's id.
    type Room = ActivityId;

    async fn setup(room: Setup<'_>) -> anyhow::Result<ActivityId> {
        room.add(&spec()).await
    }

    async fn drive(host: &mut Host, round: ActivityId, ctx: RoomCtx<'_>) -> anyhow::Result<()> {
        drive(host, round, ctx.phones).await
    }

    async fn run_phone(run: PhoneRun) -> PhoneReport {
        run_phone(run.net, run.spec, run.shared, run.stop).await
    }

    async fn run_screen(run: ScreenRun) -> ScreenReport {
        run_screen(run.ws, run.room, run.stop).await
    }
}

/// The pitch round each room adds: the default rubric, tops and tips required.
pub fn spec() -> ActivitySpec {
    ActivitySpec::Pitches(PitchesSpec {
        title: "kring-load pitches".to_owned(),
        criteria: default_criteria(),
        pitch_secs: None,
        feedback_secs: None,
        require_tops_tips: true,
    })
}

/// The round's phase as the host last saw it.
fn phase(host: &Host) -> Option<&PitchesPhase> {
    match &host.current {
        Some(ActivityView::Pitches(view)) => Some(&view.phase),
        _ => None,
    }
}

/// A host's part: teams, then every team's pitch and feedback, then the results. `phones` is
/// how many phones the room has.
pub async fn drive(host: &mut Host, activity: ActivityId, phones: usize) -> anyhow::Result<()> {
    let everyone = phones as u32;
    expect_ack(
        host,
        Act::FormTeams {
            formation: TeamFormation::BySize { size: TEAM_SIZE },
        },
        "formTeams",
    )
    .await?;
    let placed = |h: &Host| {
        h.teams
            .as_ref()
            .is_some_and(|t| t.teams.iter().map(|t| t.size).sum::<u32>() >= everyone)
    };
    if !host.wait_until(STAGE_TIMEOUT, placed).await? {
        bail!("the teams did not hold every phone in time");
    }
    run_round(host, activity, phones).await
}

/// The pitch round itself, with the room's teams as they are: every team's pitch and
/// feedback, then the results.
pub async fn run_round(host: &mut Host, activity: ActivityId, phones: usize) -> anyhow::Result<()> {
    let everyone = phones as u32;
    let sizes: Vec<(TeamId, u32)> = host
        .teams
        .as_ref()
        .map(|t| t.teams.iter().map(|t| (t.id, t.size)).collect())
        .unwrap_or_default();
    let input = |input: PitchesInput| Act::Activity {
        activity,
        input: ActivityInput::Pitches(input),
    };
    expect_ack(
        host,
        Act::SetCurrent {
            activity: Some(activity),
        },
        "setCurrent",
    )
    .await?;
    expect_ack(host, input(PitchesInput::Start), "start").await?;
    host.wait_until(STAGE_TIMEOUT, |h| {
        matches!(phase(h), Some(PitchesPhase::Pitch { .. }))
    })
    .await?;
    let order = match &host.current {
        Some(ActivityView::Pitches(view)) => view.order.clone(),
        _ => bail!("the round did not start"),
    };
    for (index, team) in order.iter().enumerate() {
        let size = sizes
            .iter()
            .find(|(id, _)| id == team)
            .map(|&(_, size)| size)
            .context("a pitching team is not among the teams")?;
        let expected = everyone - size;
        expect_ack(host, input(PitchesInput::OpenFeedback), "openFeedback").await?;
        // The acknowledgement arrives before the new phase's view: wait for it, then count.
        host.wait_until(STAGE_TIMEOUT, |h| {
            matches!(phase(h), Some(PitchesPhase::Feedback { index: i, .. }) if *i as usize == index)
                && h.responded >= expected
        })
        .await?;
        expect_ack(host, input(PitchesInput::CloseFeedback), "closeFeedback").await?;
        expect_ack(
            host,
            input(PitchesInput::Release { team: *team }),
            "release",
        )
        .await?;
        expect_ack(host, input(PitchesInput::Next), "next").await?;
    }
    Ok(())
}

/// Runs one phone of the `pitches` scenario until `stop`.
pub async fn run_phone(
    net: Arc<Net>,
    spec: PhoneSpec,
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
) -> PhoneReport {
    acting::run(net, spec, shared, stop, PACE, |_, _| Phone { team: None }).await
}

/// What a phone of the `pitches` scenario knows.
pub struct Phone {
    /// Its own team, from its own view.
    pub team: Option<TeamId>,
}

impl Script for Phone {
    fn on_msg(&mut self, actor: &mut Actor, msg: ServerMsg) {
        match msg {
            ServerMsg::You { me } => self.team = me.team,
            ServerMsg::Activity {
                current: Some(ActivityView::Pitches(view)),
                ..
            } => {
                if let PitchesPhase::Feedback { index, team, .. } = view.phase
                    && self.team != Some(team)
                {
                    let stars = (0..view.criteria.len())
                        .map(|_| 1 + actor.rng.below(5) as u32)
                        .collect();
                    let rating = RatingInput {
                        stars,
                        top: format!(
                            "Top {} voor team {}",
                            crate::client::spelled(actor.spec.index as u64),
                            crate::client::spelled(u64::from(team.0))
                        ),
                        tip: format!(
                            "Tip {} voor team {}",
                            crate::client::spelled(actor.spec.index as u64),
                            crate::client::spelled(u64::from(team.0))
                        ),
                    };
                    actor.plan(
                        index,
                        Act::Activity {
                            activity: view.id,
                            input: ActivityInput::Pitches(PitchesInput::Rate { team, rating }),
                        },
                    );
                }
            }
            _ => {}
        }
    }
}

/// Runs a connected projector of the `pitches` scenario until `stop`: records the count of
/// ratings it shows for each pitch while its feedback is open and after it closed.
pub async fn run_screen(ws: Ws, room: usize, stop: watch::Receiver<bool>) -> ScreenReport {
    let stage_of = |view: &ActivityView| match view {
        ActivityView::Pitches(view) => match view.phase {
            PitchesPhase::Feedback { index, .. } | PitchesPhase::Closed { index, .. } => {
                Some(index)
            }
            _ => None,
        },
        _ => None,
    };
    acting::watch_progress(ws, room, stop, stage_of, |_, _, _| {}).await
}

//! The `teams` scenario: classes forming teams, dealing role cards and naming their teams at
//! the same time.
//!
//! Per room, the host opens team picking (teams of at most [`TEAM_SIZE`]); every phone picks a
//! team (stage 0), the host closes the picking and deals the roles; then the team-name
//! brainstorm: every phone proposes a name (stage 1), the host opens the vote, every phone votes
//! for one of its team's names (stage 2), and the host closes the vote (settling any tie by lot,
//! as the console offers) and reveals. Phones act at classroom pace.
//!
//! Every phone action is an "answer" in the report's terms: `answer_to_ack` is action → `ack`;
//! `answer_to_projector` is action → the projector shows a count that includes it (for picks,
//! the members in the teams view; for proposals and votes, the coalesced `progress`).

use std::sync::Arc;
use std::time::Duration;

use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, ErrorCode, Personal, ServerMsg,
    TeamFormation, TeamNamesInput, TeamNamesPhase, TeamNamesSpec, TeamsView,
};
use tokio::sync::watch;

use crate::acting::{self, Actor, Script};
use crate::client::{Host, Net, PhoneReport, PhoneSpec, ScreenReport, Shared, Ws, expect_ack};
use crate::scenario::{LoadScenario, PhoneRun, RoomCtx, ScreenRun, Setup};

/// Most members per team while phones pick.
pub const TEAM_SIZE: u32 = 5;
/// Longest a stage waits for every phone of the room.
const STAGE_TIMEOUT: Duration = Duration::from_secs(20);
/// A phone acts after a random delay in this range (reading, thinking, typing).
const PACE: (Duration, Duration) = (Duration::from_millis(200), Duration::from_millis(2000));

/// Stages of the scenario, as the "question" of an action record.
const PICK: u32 = 0;
const PROPOSE: u32 = 1;
const VOTE: u32 = 2;

/// `--scenario teams`.
pub struct Teams;

impl LoadScenario for Teams {
    const NAME: &'static str = "teams";
    const ABOUT: &'static str = "Classes forming teams (students pick), dealing role cards and naming their teams at once (see teams.rs)";
    /// The team-name brainstorm's id.
    type Room = ActivityId;

    async fn setup(room: Setup<'_>) -> anyhow::Result<ActivityId> {
        room.add(&names_spec()).await
    }

    async fn drive(host: &mut Host, names: ActivityId, ctx: RoomCtx<'_>) -> anyhow::Result<()> {
        drive(host, names, ctx.phones).await
    }

    async fn run_phone(run: PhoneRun) -> PhoneReport {
        run_phone(run.net, run.spec, run.shared, run.stop).await
    }

    async fn run_screen(run: ScreenRun) -> ScreenReport {
        run_screen(run.ws, run.room, run.stop).await
    }
}

/// The team-name brainstorm each room adds.
pub fn names_spec() -> ActivitySpec {
    ActivitySpec::TeamNames(TeamNamesSpec {
        title: "kring-load team names".to_owned(),
        per_person: 3,
        random_ties: false,
        propose_secs: None,
        vote_secs: None,
    })
}

/// How many teams a room of `phones` gets: enough for [`TEAM_SIZE`] each, with room to spare.
fn team_count(phones: usize) -> u32 {
    (phones as u32).div_ceil(TEAM_SIZE - 1).max(1)
}

/// A host's part: picking, roles, the team-name brainstorm. `phones` is how many phones the
/// room has; each stage waits for all of them (or [`STAGE_TIMEOUT`]).
pub async fn drive(host: &mut Host, names: ActivityId, phones: usize) -> anyhow::Result<()> {
    let everyone = phones as u32;
    expect_ack(
        host,
        Act::FormTeams {
            formation: TeamFormation::Pick {
                count: team_count(phones),
                max_size: TEAM_SIZE,
            },
        },
        "formTeams",
    )
    .await?;
    let members = |h: &Host| {
        h.teams.as_ref().map_or(0, |t: &TeamsView| {
            t.teams.iter().map(|t| t.size).sum::<u32>()
        })
    };
    host.wait_until(STAGE_TIMEOUT, |h| members(h) >= everyone)
        .await?;
    expect_ack(host, Act::ClosePicking, "closePicking").await?;
    expect_ack(host, Act::DealRoles, "dealRoles").await?;
    let input = |input: TeamNamesInput| Act::Activity {
        activity: names,
        input: ActivityInput::TeamNames(input),
    };
    expect_ack(
        host,
        Act::SetCurrent {
            activity: Some(names),
        },
        "setCurrent",
    )
    .await?;
    // The acknowledgement arrives before the new phase's view: wait for the phase, then count.
    let all_in = |voting: bool| {
        move |h: &Host| {
            let phase = match &h.current {
                Some(ActivityView::TeamNames(view)) => Some(&view.phase),
                _ => None,
            };
            let open = match phase {
                Some(TeamNamesPhase::Propose { .. }) => !voting,
                Some(TeamNamesPhase::Vote { .. }) => voting,
                _ => false,
            };
            open && h.responded >= everyone
        }
    };
    expect_ack(
        host,
        input(TeamNamesInput::StartProposing),
        "startProposing",
    )
    .await?;
    host.wait_until(STAGE_TIMEOUT, all_in(false)).await?;
    expect_ack(host, input(TeamNamesInput::StartVoting), "startVoting").await?;
    host.wait_until(STAGE_TIMEOUT, all_in(true)).await?;
    expect_ack(host, input(TeamNamesInput::Reveal), "reveal").await?;
    // A tie is never revealed: the vote ends in `decide` until the teacher settles it. The
    // scenario does what a teacher in a hurry does: draw lots, then reveal.
    let deciding = |h: &Host| match &h.current {
        Some(ActivityView::TeamNames(view)) => match view.phase {
            TeamNamesPhase::Decide { .. } => Some(true),
            TeamNamesPhase::Reveal { .. } => Some(false),
            _ => None,
        },
        _ => None,
    };
    host.wait_until(STAGE_TIMEOUT, |h| deciding(h).is_some())
        .await?;
    if deciding(host) == Some(true) {
        expect_ack(host, input(TeamNamesInput::DrawLots), "drawLots").await?;
        expect_ack(host, input(TeamNamesInput::Reveal), "reveal after the ties").await?;
    }
    Ok(())
}

/// Runs one phone of the `teams` scenario until `stop`.
pub async fn run_phone(
    net: Arc<Net>,
    spec: PhoneSpec,
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
) -> PhoneReport {
    acting::run(net, spec, shared, stop, PACE, |view, actor| {
        let mut phone = Phone::new(view.teams);
        phone.plan_pick(actor);
        phone
    })
    .await
}

/// What a phone of the `teams` scenario knows.
pub struct Phone {
    /// The brainstorm whose vote is open.
    voting: Option<ActivityId>,
    /// The teams as last seen.
    teams: TeamsView,
}

impl Phone {
    /// A phone that knows the room's `teams`.
    pub fn new(teams: TeamsView) -> Self {
        Phone {
            voting: None,
            teams,
        }
    }

    /// While picking is open: plans to join the smallest team as last seen (ties at random).
    pub fn plan_pick(&mut self, actor: &mut Actor) {
        let teams = &self.teams;
        let Some(max) = teams.picking else {
            return;
        };
        let smallest = teams.teams.iter().map(|t| t.size).min().unwrap_or(max);
        let open: Vec<_> = teams
            .teams
            .iter()
            .filter(|t| t.size == smallest && t.size < max)
            .map(|t| t.id)
            .collect();
        if open.is_empty() {
            return;
        }
        let team = open[actor.rng.below(open.len() as u64) as usize];
        actor.plan(PICK, Act::PickTeam { team });
    }
}

impl Script for Phone {
    fn on_msg(&mut self, actor: &mut Actor, msg: ServerMsg) {
        match msg {
            ServerMsg::Teams { teams, .. } => {
                self.teams = teams;
                self.plan_pick(actor);
            }
            ServerMsg::Activity {
                current: Some(ActivityView::TeamNames(view)),
                ..
            } if matches!(view.phase, TeamNamesPhase::Vote { .. }) => {
                self.voting = Some(view.id);
            }
            ServerMsg::Activity {
                current: Some(ActivityView::TeamNames(view)),
                ..
            } if matches!(view.phase, TeamNamesPhase::Propose { .. }) => {
                let name = format!("Naam {}", crate::client::spelled(actor.spec.index as u64));
                actor.plan(
                    PROPOSE,
                    Act::Activity {
                        activity: view.id,
                        input: ActivityInput::TeamNames(TeamNamesInput::Propose { name }),
                    },
                );
            }
            ServerMsg::You { me } => {
                // The vote opened: the phone's own view lists its team's names. Phones spread
                // their votes, so teams tie as real classes do (the teacher settles it).
                if let (Some(Personal::TeamNames(mine)), Some(activity)) =
                    (&me.personal, self.voting)
                    && !mine.proposals.is_empty()
                {
                    let pick = &mine.proposals[actor.spec.index % mine.proposals.len()];
                    let proposal = Some(pick.id);
                    actor.plan(
                        VOTE,
                        Act::Activity {
                            activity,
                            input: ActivityInput::TeamNames(TeamNamesInput::Vote { proposal }),
                        },
                    );
                }
            }
            _ => {}
        }
    }

    /// Several phones picked the last place at once: the phone picks another team, as a
    /// student would; the refused pick is not a failure of the run.
    fn on_refused(&mut self, actor: &mut Actor, stage: u32, code: ErrorCode) -> bool {
        if code != ErrorCode::TeamFull || stage != PICK {
            return false;
        }
        actor.retry(PICK);
        self.plan_pick(actor);
        true
    }
}

/// Runs a connected projector of the `teams` scenario until `stop`: records, per stage, the
/// counts it shows (members in the teams view; then `progress` of proposals and of votes).
pub async fn run_screen(ws: Ws, room: usize, stop: watch::Receiver<bool>) -> ScreenReport {
    let stage_of = |view: &ActivityView| match view {
        ActivityView::TeamNames(view) => match view.phase {
            TeamNamesPhase::Propose { .. } => Some(PROPOSE),
            TeamNamesPhase::Vote { .. } => Some(VOTE),
            _ => None,
        },
        _ => None,
    };
    acting::watch_progress(ws, room, stop, stage_of, |msg, received, report| {
        if let ServerMsg::Teams { teams, .. } = msg
            && teams.picking.is_some()
        {
            let members = teams.teams.iter().map(|t| t.size).sum();
            report.progress.push((PICK, received, members));
        }
    })
    .await
}

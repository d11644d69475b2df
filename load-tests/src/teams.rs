//! The `teams` scenario: classes forming teams, dealing role cards and naming their teams at
//! the same time.
//!
//! Per room, the host opens team picking (teams of at most [`TEAM_SIZE`]); every phone picks a
//! team (stage 0), the host closes the picking and deals the roles; then the team-name
//! brainstorm: every phone proposes a name (stage 1), the host opens the vote, every phone votes
//! for one of its team's names (stage 2), and the host reveals. Phones act at classroom pace.
//!
//! Every phone action is an "answer" in the report's terms: `answer_to_ack` is action → `ack`;
//! `answer_to_projector` is action → the projector shows a count that includes it (for picks,
//! the members in the teams view; for proposals and votes, the coalesced `progress`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;
use futures_util::{SinkExt, StreamExt};
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, ClientMsg, ClientMsgId, ErrorCode,
    Personal, ServerMsg, TeamFormation, TeamNamesInput, TeamNamesPhase, TeamNamesSpec, TeamsView,
};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message;

use crate::client::{
    self, AnswerRecord, Host, Incoming, Net, Outcome, PhoneReport, PhoneSpec, ScreenReport, Shared,
    SplitMix, Ws, read, sleep_until_some, stopped,
};

/// Most members per team while phones pick.
pub const TEAM_SIZE: u32 = 5;
/// Longest a host action may wait for its acknowledgement.
const ACT_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest a stage waits for every phone of the room.
const STAGE_TIMEOUT: Duration = Duration::from_secs(20);
/// A phone acts after a random delay in this range (reading, thinking, typing).
const PACE: (Duration, Duration) = (Duration::from_millis(200), Duration::from_millis(2000));

/// Stages of the scenario, as the "question" of an action record.
const PICK: u32 = 0;
const PROPOSE: u32 = 1;
const VOTE: u32 = 2;

/// The team-name brainstorm each room adds.
pub fn names_spec() -> ActivitySpec {
    ActivitySpec::TeamNames(TeamNamesSpec {
        title: "kring-load team names".to_owned(),
        per_person: 3,
        random_ties: true,
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
    expect_ack(host, input(TeamNamesInput::Reveal), "reveal").await
}

async fn expect_ack(host: &mut Host, act: Act, what: &str) -> anyhow::Result<()> {
    match host.act(act, ACT_TIMEOUT).await? {
        Outcome::Acked => Ok(()),
        Outcome::Refused => bail!("{what} was refused"),
        Outcome::TimedOut => bail!("{what} was not acknowledged within {ACT_TIMEOUT:?}"),
    }
}

/// An action waiting for its moment.
struct Pending {
    due: tokio::time::Instant,
    stage: u32,
    act: Act,
}

/// Runs one phone of the `teams` scenario until `stop`.
pub async fn run_phone(
    net: Arc<Net>,
    spec: PhoneSpec,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) -> PhoneReport {
    let (mut ws, view, report) = match client::start_phone(&net, &spec, &shared, &mut stop).await {
        Ok(started) => started,
        Err(report) => return report,
    };
    let mut phone = Phone {
        rng: SplitMix::new(spec.seed),
        spec,
        report,
        pending: None,
        done: [false; 3],
        voting: None,
        sent: Vec::new(),
        teams: view.teams,
    };
    phone.plan_pick();
    loop {
        let due = phone.pending.as_ref().map(|p| p.due);
        tokio::select! {
            _ = stopped(&mut stop) => break,
            _ = sleep_until_some(due) => {
                if let Err(error) = phone.send_pending(&mut ws, &shared).await {
                    phone.report.errors.push(format!("phone {}: {error:#}", phone.spec.index));
                    return phone.report;
                }
            }
            incoming = ws.next() => match read(incoming) {
                Incoming::Msg(msg) => phone.on_msg(msg, &shared),
                Incoming::Skip => {}
                Incoming::Bad(error) => phone.report.errors.push(format!("phone {}: {error}", phone.spec.index)),
                Incoming::Gone(why) => {
                    phone.report.errors.push(format!("phone {}: {why}", phone.spec.index));
                    return phone.report;
                }
            }
        }
    }
    client::close(&mut ws).await;
    phone.report
}

struct Phone {
    spec: PhoneSpec,
    rng: SplitMix,
    report: PhoneReport,
    pending: Option<Pending>,
    /// Stages this phone has acted in (each once).
    done: [bool; 3],
    /// The brainstorm whose vote is open.
    voting: Option<ActivityId>,
    /// Ids of the actions sent, with the index of their record.
    sent: Vec<(ClientMsgId, usize)>,
    /// The teams as last seen.
    teams: TeamsView,
}

impl Phone {
    /// Plans the action of `stage` (once) after a classroom-pace delay.
    fn plan(&mut self, stage: u32, act: Act) {
        if self.done[stage as usize] || self.pending.is_some() {
            return;
        }
        self.done[stage as usize] = true;
        self.pending = Some(Pending {
            due: tokio::time::Instant::now() + self.rng.between(PACE.0, PACE.1),
            stage,
            act,
        });
    }

    /// While picking is open: plans to join the smallest team as last seen (ties at random).
    fn plan_pick(&mut self) {
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
        let team = open[self.rng.below(open.len() as u64) as usize];
        self.plan(PICK, Act::PickTeam { team });
    }

    fn on_msg(&mut self, msg: ServerMsg, shared: &Shared) {
        match msg {
            ServerMsg::Teams { teams, .. } => {
                self.teams = teams;
                self.plan_pick();
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
                let name = format!("Naam {}", self.spec.index);
                self.plan(
                    PROPOSE,
                    Act::Activity {
                        activity: view.id,
                        input: ActivityInput::TeamNames(TeamNamesInput::Propose { name }),
                    },
                );
            }
            ServerMsg::You { me } => {
                // The vote opened: the phone's own view lists its team's names.
                if let (Some(Personal::TeamNames(mine)), Some(activity)) =
                    (&me.personal, self.voting)
                    && let Some(first) = mine.proposals.first()
                {
                    let proposal = Some(first.id);
                    self.plan(
                        VOTE,
                        Act::Activity {
                            activity,
                            input: ActivityInput::TeamNames(TeamNamesInput::Vote { proposal }),
                        },
                    );
                }
            }
            ServerMsg::Ack { id, .. }
                if !self
                    .record(&id)
                    .is_some_and(|answer| answer.settle(true, shared)) =>
            {
                self.report.errors.push(format!(
                    "phone {}: unexpected ack for {:?}",
                    self.spec.index, id.0
                ));
            }
            ServerMsg::Error {
                code,
                message,
                reference,
            } => {
                if let Some(answer) = reference.as_ref().and_then(|id| self.record(id))
                    && answer.settle(false, shared)
                {
                    // Several phones picked the last place at once: the phone picks another
                    // team, as a student would; the refused pick is not a failure of the run.
                    if code == ErrorCode::TeamFull && answer.question == PICK {
                        self.forget_last();
                        self.done[PICK as usize] = false;
                        self.plan_pick();
                        return;
                    }
                }
                self.report.errors.push(format!(
                    "phone {}: error {code:?}: {message}",
                    self.spec.index
                ));
            }
            _ => {}
        }
    }

    async fn send_pending(&mut self, ws: &mut Ws, shared: &Shared) -> anyhow::Result<()> {
        let Some(pending) = self.pending.take() else {
            return Ok(());
        };
        let id = ClientMsgId(format!("t{}", self.sent.len()));
        self.sent.push((id.clone(), self.report.answers.len()));
        let msg = ClientMsg::Act {
            id,
            act: pending.act,
        };
        let text = serde_json::to_string(&msg)?;
        let sent = Instant::now();
        ws.send(Message::text(text)).await?;
        self.report.answers.push(AnswerRecord {
            question: pending.stage,
            sent,
            acked: None,
            refused: false,
            shown: true,
        });
        shared.bump(&shared.answers_sent);
        Ok(())
    }

    /// Drops the record of the last action sent (a refused pick that is tried again).
    fn forget_last(&mut self) {
        if let Some((_, index)) = self.sent.pop() {
            self.report.answers.truncate(index);
        }
    }

    fn record(&mut self, id: &ClientMsgId) -> Option<&mut AnswerRecord> {
        let &(_, index) = self.sent.iter().find(|(sent, _)| sent == id)?;
        self.report.answers.get_mut(index)
    }
}

/// Runs a connected projector of the `teams` scenario until `stop`: records, per stage, the
/// counts it shows (members in the teams view; then `progress` of proposals and of votes).
pub async fn run_screen(ws: Ws, room: usize, stop: watch::Receiver<bool>) -> ScreenReport {
    let mut stage: Option<u32> = None;
    client::watch_screen(ws, room, stop, move |msg, received, report| match msg {
        ServerMsg::Teams { teams, .. } if teams.picking.is_some() => {
            let members = teams.teams.iter().map(|t| t.size).sum();
            report.progress.push((PICK, received, members));
        }
        ServerMsg::Activity {
            current: Some(ActivityView::TeamNames(view)),
            ..
        } => {
            stage = match view.phase {
                TeamNamesPhase::Propose { .. } => Some(PROPOSE),
                TeamNamesPhase::Vote { .. } => Some(VOTE),
                _ => None,
            };
        }
        ServerMsg::Progress { responded, .. } => {
            if let Some(stage) = stage {
                report.progress.push((stage, received, responded));
            }
        }
        _ => {}
    })
    .await
}

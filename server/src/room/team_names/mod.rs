//! The team-name brainstorm as a pure state machine: lobby → propose → vote → (decide) →
//! reveal.
//!
//! Each team's members propose names (a limit per person, nickname rules and the profanity
//! check; not a name another team has now) and see only their own team's proposals, live;
//! then each member votes for one proposal of their own team (changeable until the vote
//! closes). Closing the vote decides every team at once:
//!
//! - the most-voted proposal wins; a name (by the shared look-alike key of nicknames) that
//!   another team has or wins is out of the running for this team, and when two teams' winners
//!   would be the same name, the team that proposed it first gets it and the other its next
//!   choice, so two teams never end up with the same name;
//! - a team level at the top is tied. A tie is never revealed: the vote ends in `decide`, where
//!   the host settles each tie by a run-off on the tied teams' phones (among the tied names; a
//!   new tie stays tied), by lot (the record's seeded generator, so a replay draws the same) or
//!   by choosing; only then can the host reveal. A spec with `random_ties` draws at once;
//! - a team with nothing of its own that can win keeps the name it had before.
//!
//! The host may veto a proposal at any time: it disappears from every screen, votes for it
//! are taken back, and its proposer's phone says so kindly; after the vote, a vetoed winner
//! or tied name decides its team again (back to `decide` when that ends in a tie).

use std::collections::{BTreeMap, BTreeSet};

use kring_protocol::{
    ActivityId, ErrorCode, HostProposal, Lang, MAX_NICKNAME_CHARS, NameDecided, NameDecision,
    NameProposal, ParticipantId, TeamId, TeamNameResult, TeamNamesChange, TeamNamesHost,
    TeamNamesInput, TeamNamesPersonal, TeamNamesPhase, TeamNamesSpec, TeamNamesView,
};
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::Who;
use super::error::ActError;
use super::kind::{
    Audience, Cx, Deadline, Outcome, Quota, RoomOp, Roster, Whose, check_timers, check_title,
    wrong_phase,
};
use crate::names;
use crate::room::kind_export::KindExport;

mod export;
#[cfg(test)]
mod tests;

mod spec;
pub use spec::{MAX_TITLE_CHARS, PER_PERSON, TIMER_SECS, validate};

/// Where the brainstorm is.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
enum Phase {
    Lobby,
    Propose {
        deadline: Option<Deadline>,
    },
    Vote {
        deadline: Option<Deadline>,
    },
    /// The vote is closed and some team is tied: nothing is shown until the host settles it.
    Decide,
    Reveal,
}

/// One proposed name.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Proposal {
    id: u32,
    team: TeamId,
    name: String,
    by: ParticipantId,
    at: u64,
    vetoed: bool,
    withdrawn: bool,
}

impl Proposal {
    fn live(&self) -> bool {
        !self.vetoed && !self.withdrawn
    }

    fn public(&self) -> NameProposal {
        NameProposal {
            id: self.id,
            team: self.team,
            name: self.name.clone(),
        }
    }
}

/// One member's vote (in the vote, or in a run-off).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
struct Vote {
    proposal: u32,
    /// The voter's team when voting.
    team: TeamId,
    at: u64,
}

/// How one team's naming ended, or stands while tied. (`drawn` and `tied` are the fields of
/// rooms stored before run-offs existed; the others default for them.)
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
struct Decision {
    winner: Option<u32>,
    /// Votes for the winner, or for each tied proposal (in the run-off, when it had one).
    votes: u32,
    /// Drawn by lot.
    drawn: bool,
    /// Still tied: the proposals level at the top.
    tied: Vec<u32>,
    /// Chosen by the host among tied proposals.
    #[serde(default)]
    picked: bool,
    /// Won a run-off.
    #[serde(default)]
    runoff: bool,
    /// Proposals with the most votes that another team had (or won) first.
    #[serde(default)]
    taken: Vec<u32>,
}

impl Decision {
    fn how(&self) -> NameDecided {
        if !self.tied.is_empty() {
            NameDecided::Tied
        } else if self.winner.is_none() {
            NameDecided::Kept
        } else if self.drawn {
            NameDecided::Lot
        } else if self.picked {
            NameDecided::Teacher
        } else if self.runoff {
            NameDecided::Runoff
        } else {
            NameDecided::Vote
        }
    }
}

/// One round of voting again, among each tied team's tied proposals.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Runoff {
    /// The teams voting (a team leaves when its tie is settled otherwise).
    teams: Vec<TeamId>,
    ballots: BTreeMap<ParticipantId, Vote>,
    deadline: Option<Deadline>,
    open: bool,
}

/// How a decision counts the ballots.
#[derive(Clone, Copy, PartialEq)]
enum Count {
    Vote,
    Runoff,
}

/// A team-name brainstorm's state.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct TeamNames {
    id: ActivityId,
    spec: TeamNamesSpec,
    phase: Phase,
    proposals: Vec<Proposal>,
    votes: BTreeMap<ParticipantId, Vote>,
    decisions: BTreeMap<TeamId, Decision>,
    /// Each team's name when the vote closed: what it keeps when nothing of its own can win.
    #[serde(default)]
    before: BTreeMap<TeamId, String>,
    /// Run-off rounds; the last one may be open.
    #[serde(default)]
    runoffs: Vec<Runoff>,
    /// How many names each person proposed, withdrawn ones included.
    #[serde(default)]
    proposed: Quota,
}

/// The key two names are the same by: the shared look-alike key of nicknames (case, spacing,
/// accents and look-alike letters aside).
fn same_name(name: &str) -> String {
    names::nickname_key(name)
}

/// Records `who`'s ballot for a proposal of `team` (checked already), or takes it back.
fn cast(
    ballots: &mut BTreeMap<ParticipantId, Vote>,
    who: ParticipantId,
    proposal: Option<u32>,
    team: TeamId,
    at: u64,
) {
    match proposal {
        Some(proposal) => {
            ballots.insert(who, Vote { proposal, team, at });
        }
        None => {
            ballots.remove(&who);
        }
    }
}

/// The change key of a team's decision: above every proposal's number.
fn decision_key(team: TeamId) -> u64 {
    (1 << 32) + u64::from(team.0)
}

impl TeamNames {
    fn proposal(&self, id: u32) -> Result<&Proposal, ActError> {
        self.proposals
            .get(id as usize)
            .filter(|p| !p.withdrawn)
            .ok_or_else(|| ActError::new(ErrorCode::InvalidChoice, "no such proposal"))
    }

    fn votes_for(&self, proposal: u32) -> u32 {
        self.votes
            .values()
            .filter(|v| v.proposal == proposal)
            .count() as u32
    }

    fn open_runoff(&self) -> Option<&Runoff> {
        self.runoffs.last().filter(|r| r.open)
    }

    fn runoff_votes_for(&self, proposal: u32) -> u32 {
        self.open_runoff().map_or(0, |r| {
            r.ballots
                .values()
                .filter(|v| v.proposal == proposal)
                .count() as u32
        })
    }

    /// Teams still tied, in team order.
    fn tied_teams(&self) -> Vec<TeamId> {
        self.decisions
            .iter()
            .filter(|(_, d)| !d.tied.is_empty())
            .map(|(t, _)| *t)
            .collect()
    }

    fn host_proposal(&self, p: &Proposal, roster: &Roster<'_>) -> HostProposal {
        HostProposal {
            id: p.id,
            team: p.team,
            name: p.name.clone(),
            by: p.by,
            nickname: roster.nickname(p.by).to_owned(),
            votes: self.votes_for(p.id),
            vetoed: p.vetoed,
        }
    }

    fn host_decision(&self, team: TeamId, d: &Decision) -> NameDecision {
        let voting = self.open_runoff().is_some_and(|r| r.teams.contains(&team));
        NameDecision {
            team,
            how: d.how(),
            winner: d.winner,
            tied: d.tied.clone(),
            runoff: voting.then(|| d.tied.iter().map(|&p| self.runoff_votes_for(p)).collect()),
            taken: d.taken.clone(),
        }
    }

    /// The host's copy of a proposal changed.
    fn host_change(
        &self,
        outcome: Outcome<TeamNamesChange>,
        id: u32,
        roster: &Roster<'_>,
    ) -> Outcome<TeamNamesChange> {
        let change = TeamNamesChange::Host {
            proposal: self.host_proposal(&self.proposals[id as usize], roster),
        };
        outcome.with_change(Audience::Host, Some(u64::from(id)), change)
    }

    /// A proposal left its team's phones (withdrawn or vetoed).
    fn gone(&self, outcome: Outcome<TeamNamesChange>, id: u32) -> Outcome<TeamNamesChange> {
        let team = self.proposals[id as usize].team;
        outcome.with_change(
            Audience::Team(team),
            Some(u64::from(id)),
            TeamNamesChange::Gone { id },
        )
    }

    fn propose(
        &mut self,
        who: ParticipantId,
        raw: &str,
        cx: &Cx<'_>,
    ) -> Result<Outcome<TeamNamesChange>, ActError> {
        if !matches!(self.phase, Phase::Propose { .. }) {
            return Err(wrong_phase(
                "names can be proposed only while proposing is open",
            ));
        }
        let team = cx
            .roster
            .team_of(who)
            .ok_or_else(|| ActError::new(ErrorCode::NoTeam, "you are not in a team yet"))?;
        let name = names::check_text(raw, MAX_NICKNAME_CHARS)?;
        let mine = self
            .proposals
            .iter()
            .filter(|p| p.by == who && p.live())
            .count() as u32;
        if mine >= self.spec.per_person {
            return Err(ActError::new(
                ErrorCode::LimitReached,
                format!("you can propose {} names", self.spec.per_person),
            ));
        }
        self.proposed.check(who)?;
        let key = same_name(&name);
        if let Some(same) = self
            .proposals
            .iter()
            .find(|p| p.team == team && !p.withdrawn && same_name(&p.name) == key)
        {
            return Err(if same.vetoed {
                ActError::new(ErrorCode::Vetoed, "the teacher did not allow this name")
            } else {
                ActError::new(
                    ErrorCode::Duplicate,
                    "your team has proposed this name already",
                )
            });
        }
        // Another team's current name is public (the projector shows it): it cannot win.
        if cx.roster.teams().name_taken(team, &name) {
            return Err(ActError::new(
                ErrorCode::TeamNameTaken,
                "another team already has this name",
            ));
        }
        let id = self.proposals.len() as u32;
        let proposal = Proposal {
            id,
            team,
            name,
            by: who,
            at: cx.now,
            vetoed: false,
            withdrawn: false,
        };
        let shown = proposal.public();
        self.proposals.push(proposal);
        self.proposed.spend(who);
        let outcome = Outcome::progress()
            .with_personal(Whose::One(who))
            .with_change(
                Audience::Team(team),
                Some(u64::from(id)),
                TeamNamesChange::Proposal { proposal: shown },
            );
        Ok(self.host_change(outcome, id, &cx.roster))
    }

    fn withdraw(
        &mut self,
        who: ParticipantId,
        id: u32,
    ) -> Result<Outcome<TeamNamesChange>, ActError> {
        if !matches!(self.phase, Phase::Propose { .. }) {
            return Err(wrong_phase(
                "proposals can be taken back only while proposing is open",
            ));
        }
        let p = self.proposal(id)?;
        if p.by != who || p.vetoed {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                "that is not one of your proposals",
            ));
        }
        self.proposals[id as usize].withdrawn = true;
        let outcome = self.gone(Outcome::progress().with_personal(Whose::One(who)), id);
        Ok(outcome.with_change(
            Audience::Host,
            Some(u64::from(id)),
            TeamNamesChange::Gone { id },
        ))
    }

    /// The proposal `id` as a ballot of `who`'s own team: refused for another team's or a
    /// vetoed one.
    fn own_team_proposal(&self, id: u32, team: TeamId) -> Result<(), ActError> {
        let p = self.proposal(id)?;
        if p.team != team {
            return Err(ActError::new(
                ErrorCode::OtherTeam,
                "you can vote only for your own team's names",
            ));
        }
        if p.vetoed {
            return Err(ActError::new(
                ErrorCode::Vetoed,
                "the teacher did not allow this name",
            ));
        }
        Ok(())
    }

    fn vote(
        &mut self,
        who: ParticipantId,
        proposal: Option<u32>,
        cx: &Cx<'_>,
    ) -> Result<Outcome<TeamNamesChange>, ActError> {
        match self.phase {
            Phase::Vote { .. } => {}
            Phase::Decide | Phase::Reveal => {
                return Err(ActError::new(ErrorCode::VotingClosed, "voting has closed"));
            }
            _ => return Err(wrong_phase("voting has not started yet")),
        }
        let team = cx
            .roster
            .team_of(who)
            .ok_or_else(|| ActError::new(ErrorCode::NoTeam, "you are not in a team"))?;
        let before = self.votes.get(&who).map(|v| v.proposal);
        if let Some(id) = proposal {
            self.own_team_proposal(id, team)?;
        }
        cast(&mut self.votes, who, proposal, team, cx.now);
        let mut outcome = Outcome::progress().with_personal(Whose::One(who));
        for id in [before, proposal].into_iter().flatten() {
            outcome = self.host_change(outcome, id, &cx.roster);
        }
        Ok(outcome)
    }

    fn runoff_vote(
        &mut self,
        who: ParticipantId,
        proposal: Option<u32>,
        cx: &Cx<'_>,
    ) -> Result<Outcome<TeamNamesChange>, ActError> {
        let Some(runoff) = self.open_runoff() else {
            return Err(if self.phase == Phase::Reveal {
                ActError::new(ErrorCode::VotingClosed, "voting has closed")
            } else {
                wrong_phase("there is no run-off now")
            });
        };
        let team = cx
            .roster
            .team_of(who)
            .ok_or_else(|| ActError::new(ErrorCode::NoTeam, "you are not in a team"))?;
        if !runoff.teams.contains(&team) {
            return Err(wrong_phase("your team is not voting again"));
        }
        if let Some(id) = proposal {
            self.own_team_proposal(id, team)?;
            let tied = self
                .decisions
                .get(&team)
                .is_some_and(|d| d.tied.contains(&id));
            if !tied {
                return Err(ActError::new(
                    ErrorCode::InvalidChoice,
                    "that is not one of the tied names",
                ));
            }
        }
        let Some(runoff) = self.runoffs.last_mut() else {
            return Err(wrong_phase("there is no run-off now"));
        };
        cast(&mut runoff.ballots, who, proposal, team, cx.now);
        Ok(self.decision_change(Outcome::progress().with_personal(Whose::One(who)), team))
    }

    /// The host's copy of a team's decision changed.
    fn decision_change(
        &self,
        outcome: Outcome<TeamNamesChange>,
        team: TeamId,
    ) -> Outcome<TeamNamesChange> {
        let Some(d) = self.decisions.get(&team) else {
            return outcome;
        };
        let decision = self.host_decision(team, d);
        outcome.with_change(
            Audience::Host,
            Some(decision_key(team)),
            TeamNamesChange::Decision { decision },
        )
    }

    fn veto(&mut self, id: u32, cx: &mut Cx<'_>) -> Result<Outcome<TeamNamesChange>, ActError> {
        let p = self.proposal(id)?;
        if p.vetoed {
            return Ok(Outcome::default());
        }
        let (team, author) = (p.team, p.by);
        self.proposals[id as usize].vetoed = true;
        let voters: Vec<ParticipantId> = self
            .votes
            .iter()
            .filter(|(_, v)| v.proposal == id)
            .map(|(p, _)| *p)
            .collect();
        let mut outcome = Outcome::progress().with_personal(Whose::One(author));
        for voter in voters {
            self.votes.remove(&voter);
            outcome = outcome.with_personal(Whose::One(voter));
        }
        if let Some(runoff) = self.runoffs.last_mut().filter(|r| r.open) {
            runoff.ballots.retain(|_, v| v.proposal != id);
        }
        outcome = self.host_change(self.gone(outcome, id), id, &cx.roster);
        if !matches!(self.phase, Phase::Decide | Phase::Reveal) {
            return Ok(outcome);
        }
        let decision = self.decisions.get(&team).cloned().unwrap_or_default();
        let pending = if decision.winner == Some(id) {
            // The winner is gone: this team is decided again from its votes.
            self.candidates(team, Count::Vote)
        } else if decision.tied.contains(&id) {
            let left: Vec<u32> = decision.tied.iter().copied().filter(|&t| t != id).collect();
            self.counted(&left, Count::Vote)
        } else {
            return Ok(outcome);
        };
        let mut changed = BTreeSet::new();
        self.settle(
            BTreeMap::from([(team, pending)]),
            Count::Vote,
            &cx.roster,
            &mut changed,
        );
        let decided = self.finish(changed, false, &cx.roster);
        outcome.view = true;
        outcome.host = true;
        outcome.personal.push(Whose::All);
        outcome.room = decided.room;
        Ok(outcome)
    }

    /// A team's live proposals with their votes.
    fn candidates(&self, team: TeamId, count: Count) -> Vec<(u32, u32)> {
        let ids: Vec<u32> = self
            .proposals
            .iter()
            .filter(|p| p.team == team && p.live())
            .map(|p| p.id)
            .collect();
        self.counted(&ids, count)
    }

    /// Proposals with their votes (in the vote, or in the open run-off).
    fn counted(&self, ids: &[u32], count: Count) -> Vec<(u32, u32)> {
        ids.iter()
            .filter(|&&id| self.proposals[id as usize].live())
            .map(|&id| {
                let votes = match count {
                    Count::Vote => self.votes_for(id),
                    Count::Runoff => self.runoff_votes_for(id),
                };
                (id, votes)
            })
            .collect()
    }

    /// A team's name now.
    fn current(team: TeamId, roster: &Roster<'_>) -> String {
        roster
            .teams()
            .get(team)
            .map_or_else(String::new, |t| t.name.clone())
    }

    /// The name a team has while undecided, and keeps when nothing of its own can win: the
    /// one it had when the vote closed.
    fn fallback(&self, team: TeamId, roster: &Roster<'_>) -> String {
        self.before
            .get(&team)
            .cloned()
            .unwrap_or_else(|| Self::current(team, roster))
    }

    /// The name a team gets at the reveal: its winner's, or its fallback.
    fn planned(&self, team: TeamId, roster: &Roster<'_>) -> String {
        match self.decisions.get(&team) {
            Some(d) => d.winner.map_or_else(
                || self.fallback(team, roster),
                |w| self.proposals[w as usize].name.clone(),
            ),
            None => Self::current(team, roster),
        }
    }

    /// The names (by look-alike key) every current team but `team` has or will have: a team
    /// being decided keeps its fallback free, a decided one its planned name.
    fn held_by_others(
        &self,
        team: TeamId,
        pending: &BTreeMap<TeamId, Vec<(u32, u32)>>,
        roster: &Roster<'_>,
    ) -> BTreeSet<String> {
        roster
            .teams()
            .active()
            .filter(|t| t.id != team)
            .map(|t| {
                same_name(&if pending.contains_key(&t.id) {
                    self.fallback(t.id, roster)
                } else {
                    self.planned(t.id, roster)
                })
            })
            .collect()
    }

    /// Decides the `pending` teams together, from their candidates and votes. Each round
    /// settles one team: a team with nothing that can win keeps its name; else, of the teams
    /// with one proposal on top, the one whose winner was proposed first (so when two teams
    /// would win the same name, the first to propose it gets it). A name another team has or
    /// will have ([`TeamNames::held_by_others`]) cannot win. When no pending team has a single
    /// proposal on top, the rest are tied among their top proposals. Every team decided here
    /// goes into `changed`.
    fn settle(
        &mut self,
        mut pending: BTreeMap<TeamId, Vec<(u32, u32)>>,
        count: Count,
        roster: &Roster<'_>,
        changed: &mut BTreeSet<TeamId>,
    ) {
        /// One pending team's standing in a round.
        struct Standing {
            team: TeamId,
            top: Vec<u32>,
            votes: u32,
            taken: Vec<u32>,
        }
        changed.extend(pending.keys().copied());
        while !pending.is_empty() {
            let standings: Vec<Standing> = pending
                .iter()
                .map(|(&team, candidates)| {
                    let held = self.held_by_others(team, &pending, roster);
                    let free =
                        |id: u32| !held.contains(&same_name(&self.proposals[id as usize].name));
                    let votes = candidates
                        .iter()
                        .filter(|(id, _)| free(*id))
                        .map(|&(_, v)| v)
                        .max()
                        .unwrap_or(0);
                    // Names lost earlier (a run-off after the vote) stay lost while another
                    // team holds them.
                    let before = self.decisions.get(&team).map_or(&[][..], |d| &d.taken[..]);
                    let mut taken: Vec<u32> = candidates
                        .iter()
                        .filter(|&&(id, v)| !free(id) && v >= votes.max(1))
                        .map(|&(id, _)| id)
                        .chain(before.iter().copied().filter(|&id| !free(id)))
                        .collect();
                    taken.sort_unstable();
                    taken.dedup();
                    Standing {
                        team,
                        top: candidates
                            .iter()
                            .filter(|&&(id, v)| free(id) && v == votes)
                            .map(|&(id, _)| id)
                            .collect(),
                        votes,
                        taken,
                    }
                })
                .collect();
            let next = standings.iter().find(|s| s.top.is_empty()).or_else(|| {
                standings
                    .iter()
                    .filter(|s| s.top.len() == 1)
                    .min_by_key(|s| s.top[0])
            });
            let Some(settled) = next else {
                for s in standings {
                    let decision = Decision {
                        votes: s.votes,
                        tied: s.top,
                        taken: s.taken,
                        ..Decision::default()
                    };
                    self.decisions.insert(s.team, decision);
                }
                return;
            };
            let winner = settled.top.first().copied();
            let decision = Decision {
                winner,
                votes: if winner.is_some() { settled.votes } else { 0 },
                runoff: winner.is_some() && count == Count::Runoff,
                taken: settled.taken.clone(),
                ..Decision::default()
            };
            self.decisions.insert(settled.team, decision);
            pending.remove(&settled.team);
        }
    }

    /// The still-tied teams decided again among their tied proposals: a name another team
    /// took since is out, and a single one left wins (tied proposals have equal votes).
    fn resettle_ties(&mut self, roster: &Roster<'_>, changed: &mut BTreeSet<TeamId>) {
        let pending: BTreeMap<TeamId, Vec<(u32, u32)>> = self
            .tied_teams()
            .into_iter()
            .map(|team| (team, self.counted(&self.decisions[&team].tied, Count::Vote)))
            .collect();
        self.settle(pending, Count::Vote, roster, changed);
    }

    /// After decisions changed: a team no longer tied leaves the open run-off (which closes
    /// when no team is left); the phase is `decide` while a team is tied. The renames follow:
    /// names are given at the reveal (every team when `revealing`, else the teams decided
    /// again); before it, a team decided again goes back to its fallback (a vetoed winner's
    /// name never stays on a team).
    fn finish(
        &mut self,
        changed: BTreeSet<TeamId>,
        revealing: bool,
        roster: &Roster<'_>,
    ) -> Outcome<TeamNamesChange> {
        let tied = self.tied_teams();
        if let Some(runoff) = self.runoffs.last_mut().filter(|r| r.open) {
            runoff.teams.retain(|t| tied.contains(t));
            if runoff.teams.is_empty() {
                runoff.open = false;
            }
        }
        if !tied.is_empty() {
            self.phase = Phase::Decide;
        } else if revealing {
            self.phase = Phase::Reveal;
        }
        let teams: Vec<TeamId> = if self.phase == Phase::Reveal && revealing {
            self.decisions.keys().copied().collect()
        } else {
            changed.into_iter().collect()
        };
        let mut outcome = Outcome::view().with_personal(Whose::All);
        for team in teams {
            let name = if self.phase == Phase::Reveal {
                self.planned(team, roster)
            } else {
                self.fallback(team, roster)
            };
            if name != Self::current(team, roster) {
                outcome.room.push(RoomOp::NameTeam { team, name });
            }
        }
        outcome
    }

    /// Closes the vote: decides every team (and draws the ties at once when the spec says
    /// so); the names are revealed unless a team is tied.
    fn close_vote(&mut self, cx: &mut Cx<'_>) -> Outcome<TeamNamesChange> {
        self.before = cx
            .roster
            .teams()
            .active()
            .map(|t| (t.id, t.name.clone()))
            .collect();
        self.decisions.clear();
        let pending = cx
            .roster
            .teams()
            .active()
            .map(|t| (t.id, self.candidates(t.id, Count::Vote)))
            .collect();
        let mut changed = BTreeSet::new();
        self.settle(pending, Count::Vote, &cx.roster, &mut changed);
        if self.spec.random_ties {
            self.draw_lots(cx, &mut changed);
        }
        self.finish(changed, true, &cx.roster)
    }

    /// Every tied team's name drawn by lot among its tied proposals, one team at a time (a
    /// drawn name is out for the others' ties). Closes a run-off.
    fn draw_lots(&mut self, cx: &mut Cx<'_>, changed: &mut BTreeSet<TeamId>) {
        if let Some(runoff) = self.runoffs.last_mut() {
            runoff.open = false;
        }
        loop {
            self.resettle_ties(&cx.roster, changed);
            let Some(team) = self.tied_teams().first().copied() else {
                return;
            };
            let decision = self.decisions.entry(team).or_default();
            let tied = std::mem::take(&mut decision.tied);
            decision.winner = Some(tied[cx.rng.random_range(0..tied.len())]);
            decision.drawn = true;
        }
    }

    fn start_runoff(&mut self, now: u64) -> Result<Outcome<TeamNamesChange>, ActError> {
        if self.open_runoff().is_some() {
            return Err(wrong_phase("a run-off is running; close it first"));
        }
        self.phase = Phase::Decide;
        self.runoffs.push(Runoff {
            teams: self.tied_teams(),
            ballots: BTreeMap::new(),
            deadline: Deadline::timer(now, self.spec.vote_secs),
            open: true,
        });
        Ok(Outcome::view().with_personal(Whose::All))
    }

    fn close_runoff(&mut self, cx: &mut Cx<'_>) -> Result<Outcome<TeamNamesChange>, ActError> {
        let Some(runoff) = self.open_runoff() else {
            return Err(wrong_phase("there is no run-off now"));
        };
        let pending: BTreeMap<TeamId, Vec<(u32, u32)>> = runoff
            .teams
            .iter()
            .filter_map(|team| {
                let tied = &self.decisions.get(team)?.tied;
                (!tied.is_empty()).then(|| (*team, self.counted(tied, Count::Runoff)))
            })
            .collect();
        let mut changed = BTreeSet::new();
        self.settle(pending, Count::Runoff, &cx.roster, &mut changed);
        if let Some(runoff) = self.runoffs.last_mut() {
            runoff.open = false;
        }
        self.resettle_ties(&cx.roster, &mut changed);
        Ok(self.finish(changed, false, &cx.roster))
    }

    fn break_tie(
        &mut self,
        team: TeamId,
        proposal: u32,
        cx: &Cx<'_>,
    ) -> Result<Outcome<TeamNamesChange>, ActError> {
        let tied = self
            .decisions
            .get(&team)
            .is_some_and(|d| d.tied.contains(&proposal));
        if !tied {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                "that is not one of the tied names",
            ));
        }
        let key = same_name(&self.proposals[proposal as usize].name);
        if self
            .held_by_others(team, &BTreeMap::new(), &cx.roster)
            .contains(&key)
        {
            return Err(ActError::new(
                ErrorCode::TeamNameTaken,
                "another team already has this name",
            ));
        }
        let decision = self.decisions.entry(team).or_default();
        decision.tied.clear();
        decision.winner = Some(proposal);
        decision.picked = true;
        let mut changed = BTreeSet::from([team]);
        self.resettle_ties(&cx.roster, &mut changed);
        Ok(self.finish(changed, false, &cx.roster))
    }

    fn reveal(&mut self, cx: &mut Cx<'_>) -> Result<Outcome<TeamNamesChange>, ActError> {
        match self.phase {
            Phase::Propose { .. } | Phase::Vote { .. } => Ok(self.close_vote(cx)),
            Phase::Decide if self.tied_teams().is_empty() => {
                Ok(self.finish(BTreeSet::new(), true, &cx.roster))
            }
            Phase::Decide => Err(ActError::new(
                ErrorCode::TiesOpen,
                "some teams still tie: settle them first",
            )),
            _ => Err(wrong_phase("the names are revealed after the vote")),
        }
    }

    /// Inputs that settle ties: only after the vote, while a team is tied.
    fn deciding(&self) -> Result<(), ActError> {
        if matches!(self.phase, Phase::Decide | Phase::Reveal) && !self.tied_teams().is_empty() {
            Ok(())
        } else {
            Err(wrong_phase("no team is tied"))
        }
    }

    fn start_voting(&mut self, now: u64) -> Outcome<TeamNamesChange> {
        self.phase = Phase::Vote {
            deadline: Deadline::timer(now, self.spec.vote_secs),
        };
        Outcome::view().with_personal(Whose::All)
    }

    fn view(&self, roster: &Roster<'_>) -> TeamNamesView {
        let phase = match self.phase {
            Phase::Lobby => TeamNamesPhase::Lobby,
            Phase::Propose { deadline } => TeamNamesPhase::Propose {
                deadline: deadline.map(Deadline::at),
            },
            Phase::Vote { deadline } => TeamNamesPhase::Vote {
                deadline: deadline.map(Deadline::at),
            },
            Phase::Decide => TeamNamesPhase::Decide {
                tied: self.tied_teams(),
                runoff: self
                    .open_runoff()
                    .map_or_else(Vec::new, |r| r.teams.clone()),
                deadline: self
                    .open_runoff()
                    .and_then(|r| r.deadline)
                    .map(Deadline::at),
            },
            Phase::Reveal => TeamNamesPhase::Reveal {
                results: roster
                    .teams()
                    .active()
                    .map(|team| {
                        let decision = self.decisions.get(&team.id).cloned().unwrap_or_default();
                        TeamNameResult {
                            team: team.id,
                            name: team.name.clone(),
                            votes: decision.votes,
                            how: decision.how(),
                        }
                    })
                    .collect(),
            },
        };
        TeamNamesView {
            id: self.id,
            title: self.spec.title.clone(),
            per_person: self.spec.per_person,
            phase,
        }
    }

    fn personal(&self, who: ParticipantId, roster: &Roster<'_>) -> TeamNamesPersonal {
        let team = roster.team_of(who);
        let decision = team.and_then(|t| self.decisions.get(&t));
        let runoff = self
            .open_runoff()
            .filter(|r| team.is_some_and(|t| r.teams.contains(&t)));
        TeamNamesPersonal {
            team,
            proposals: self
                .proposals
                .iter()
                .filter(|p| Some(p.team) == team && p.live())
                .map(Proposal::public)
                .collect(),
            mine: self
                .proposals
                .iter()
                .filter(|p| p.by == who && p.live())
                .map(|p| p.id)
                .collect(),
            vote: self.votes.get(&who).map(|v| v.proposal),
            vetoed: self
                .proposals
                .iter()
                .filter(|p| p.by == who && p.vetoed)
                .map(|p| p.name.clone())
                .collect(),
            runoff: match (runoff, decision) {
                (Some(_), Some(d)) => d.tied.clone(),
                _ => Vec::new(),
            },
            runoff_vote: runoff.and_then(|r| r.ballots.get(&who)).map(|v| v.proposal),
            taken: decision.map_or_else(Vec::new, |d| {
                d.taken
                    .iter()
                    .map(|&id| self.proposals[id as usize].name.clone())
                    .collect()
            }),
        }
    }
}

impl super::kind::Kind for TeamNames {
    type Spec = TeamNamesSpec;
    type Input = TeamNamesInput;
    type View = TeamNamesView;
    type Personal = TeamNamesPersonal;
    type HostView = TeamNamesHost;
    type Change = TeamNamesChange;

    /// A new brainstorm in the lobby, if the spec passes [`validate`].
    fn create(id: ActivityId, spec: TeamNamesSpec) -> Result<Self, ActError> {
        validate(&spec)?;
        Ok(TeamNames {
            id,
            spec,
            phase: Phase::Lobby,
            proposals: Vec::new(),
            votes: BTreeMap::new(),
            decisions: BTreeMap::new(),
            before: BTreeMap::new(),
            runoffs: Vec::new(),
            proposed: Quota::default(),
        })
    }

    fn spec(&self) -> &TeamNamesSpec {
        &self.spec
    }

    fn started(&self) -> bool {
        self.phase != Phase::Lobby
    }

    fn apply(
        &mut self,
        who: Who,
        input: &TeamNamesInput,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome<TeamNamesChange>, ActError> {
        match input {
            TeamNamesInput::Propose { name } => self.propose(who.student()?, name, cx),
            TeamNamesInput::Withdraw { proposal } => self.withdraw(who.student()?, *proposal),
            TeamNamesInput::Vote { proposal } => self.vote(who.student()?, *proposal, cx),
            TeamNamesInput::RunoffVote { proposal } => {
                self.runoff_vote(who.student()?, *proposal, cx)
            }
            TeamNamesInput::StartProposing => {
                if self.phase != Phase::Lobby {
                    return Err(wrong_phase("proposing has started already"));
                }
                self.phase = Phase::Propose {
                    deadline: Deadline::timer(cx.now, self.spec.propose_secs),
                };
                Ok(Outcome::view().with_personal(Whose::All))
            }
            TeamNamesInput::StartVoting => match self.phase {
                Phase::Propose { .. } => Ok(self.start_voting(cx.now)),
                _ => Err(wrong_phase("voting comes after proposing")),
            },
            TeamNamesInput::Reveal => self.reveal(cx),
            TeamNamesInput::Veto { proposal } => self.veto(*proposal, cx),
            TeamNamesInput::Runoff => {
                self.deciding()?;
                self.start_runoff(cx.now)
            }
            TeamNamesInput::CloseRunoff => self.close_runoff(cx),
            TeamNamesInput::DrawLots => {
                self.deciding()?;
                let mut changed = BTreeSet::new();
                self.draw_lots(cx, &mut changed);
                Ok(self.finish(changed, false, &cx.roster))
            }
            TeamNamesInput::BreakTie { team, proposal } => {
                self.deciding()?;
                self.break_tie(*team, *proposal, cx)
            }
        }
    }

    fn deadline(&self) -> Option<u64> {
        match self.phase {
            Phase::Propose { deadline } | Phase::Vote { deadline } => deadline.map(Deadline::at),
            Phase::Decide => self
                .open_runoff()
                .and_then(|r| r.deadline)
                .map(Deadline::at),
            _ => None,
        }
    }

    fn on_tick(&mut self, cx: &mut Cx<'_>) -> Option<Outcome<TeamNamesChange>> {
        match self.phase {
            Phase::Propose { deadline: Some(d) } if d.due(cx.now) => {
                Some(self.start_voting(cx.now))
            }
            Phase::Vote { deadline: Some(d) } if d.due(cx.now) => Some(self.close_vote(cx)),
            Phase::Decide
                if self
                    .open_runoff()
                    .and_then(|r| r.deadline)
                    .is_some_and(|d| d.due(cx.now)) =>
            {
                self.close_runoff(cx).ok()
            }
            _ => None,
        }
    }

    /// A timed round (or run-off) keeps the time it had left.
    fn resume(&mut self, paused_ms: u64) -> bool {
        match &mut self.phase {
            Phase::Propose { deadline: Some(d) } | Phase::Vote { deadline: Some(d) } => {
                d.resume(paused_ms);
                true
            }
            Phase::Decide => match self.runoffs.last_mut() {
                Some(Runoff {
                    open: true,
                    deadline: Some(d),
                    ..
                }) => {
                    d.resume(paused_ms);
                    true
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Takes a removed member's vote back while the vote is open, and their ballot in an open
    /// run-off; a name already given stays. Counts the ballots.
    fn void(&mut self, gone: ParticipantId) -> u32 {
        let mut voided = 0;
        if matches!(self.phase, Phase::Vote { .. }) && self.votes.remove(&gone).is_some() {
            voided += 1;
        }
        if let Some(runoff) = self.runoffs.last_mut().filter(|r| r.open)
            && runoff.ballots.remove(&gone).is_some()
        {
            voided += 1;
        }
        voided
    }

    /// While proposing, how many proposed; while voting and after, how many voted; during a
    /// run-off, how many voted in it.
    fn responded(&self) -> u32 {
        match self.phase {
            Phase::Lobby => 0,
            Phase::Propose { .. } => {
                let mut by: Vec<ParticipantId> = self
                    .proposals
                    .iter()
                    .filter(|p| p.live())
                    .map(|p| p.by)
                    .collect();
                by.sort();
                by.dedup();
                by.len() as u32
            }
            Phase::Decide => self.open_runoff().map_or(0, |r| r.ballots.len() as u32),
            Phase::Vote { .. } | Phase::Reveal => self.votes.len() as u32,
        }
    }

    fn public_view(&self, roster: &Roster<'_>) -> TeamNamesView {
        self.view(roster)
    }

    fn personal_view(&self, who: ParticipantId, roster: &Roster<'_>) -> Option<TeamNamesPersonal> {
        Some(self.personal(who, roster))
    }

    fn host_view(&self, roster: &Roster<'_>) -> Option<TeamNamesHost> {
        Some(TeamNamesHost {
            proposals: self
                .proposals
                .iter()
                .filter(|p| !p.withdrawn)
                .map(|p| self.host_proposal(p, roster))
                .collect(),
            decisions: roster
                .teams()
                .active()
                .filter_map(|t| Some(self.host_decision(t.id, self.decisions.get(&t.id)?)))
                .collect(),
        })
    }

    /// The names the teams chose, once revealed.
    fn summary(&self, roster: &Roster<'_>) -> Option<kring_protocol::ResultSummary> {
        use crate::room::history;
        let view = super::kind::Kind::public_view(self, roster);
        let kring_protocol::TeamNamesPhase::Reveal { results } = view.phase else {
            return None;
        };
        let lines = results
            .into_iter()
            .map(|r| history::line(r.name, None, None));
        history::summary(lines, Vec::new())
    }

    fn export(&self, _id: ActivityId, roster: &Roster<'_>, lang: Lang) -> KindExport {
        export::export(self, roster, lang)
    }
}

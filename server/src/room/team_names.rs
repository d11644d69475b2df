//! The team-name brainstorm as a pure state machine: lobby → propose → vote → reveal.
//!
//! Each team's members propose names (a limit per person, nickname rules and the profanity
//! check) and see only their own team's proposals, live; then each member votes for one
//! proposal of their own team (changeable until the vote closes); the reveal names every team
//! after its most-voted proposal. A tie is broken by the host or by a random draw from the
//! record's seeded generator (a replay draws the same). The host may veto a proposal at any
//! time: it disappears from every screen, votes for it are taken back, and its proposer's phone
//! says so kindly.

use std::collections::BTreeMap;

use kring_protocol::{
    ActivityChange, ActivityHostView, ActivityId, ActivityInput, ActivitySpec, ActivityView,
    ErrorCode, HostProposal, Lang, MAX_NICKNAME_CHARS, NameProposal, ParticipantId, Personal,
    TeamId, TeamNameResult, TeamNamesChange, TeamNamesHost, TeamNamesInput, TeamNamesPersonal,
    TeamNamesPhase, TeamNamesSpec, TeamNamesView,
};
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::Who;
use super::error::ActError;
use super::kind::{Audience, Cx, Kind, Outcome, RoomOp, Roster, Whose, wrong_kind};
use crate::export::{Block, ExportRow, KindExport, detail};
use crate::names;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 120;
/// Most names one person may propose.
pub const PER_PERSON: std::ops::RangeInclusive<u32> = 1..=10;
/// Shortest and longest timer of a phase, in seconds.
pub const TIMER_SECS: std::ops::RangeInclusive<u32> = 10..=1800;

/// Checks a spec against the limits.
pub fn validate(spec: &TeamNamesSpec) -> Result<(), ActError> {
    let err = |msg: String| Err(ActError::invalid_spec(msg));
    if spec.title.trim().is_empty() || spec.title.chars().count() > MAX_TITLE_CHARS {
        return err(format!(
            "the title must have 1 to {MAX_TITLE_CHARS} characters"
        ));
    }
    if !PER_PERSON.contains(&spec.per_person) {
        return err(format!(
            "one person proposes {} to {} names",
            PER_PERSON.start(),
            PER_PERSON.end()
        ));
    }
    for secs in [spec.propose_secs, spec.vote_secs].into_iter().flatten() {
        if !TIMER_SECS.contains(&secs) {
            return err(format!(
                "a timer runs {} to {} seconds",
                TIMER_SECS.start(),
                TIMER_SECS.end()
            ));
        }
    }
    Ok(())
}

/// Where the brainstorm is.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
enum Phase {
    Lobby,
    Propose { deadline: Option<u64> },
    Vote { deadline: Option<u64> },
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

/// One member's vote.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
struct Vote {
    proposal: u32,
    /// The voter's team when voting.
    team: TeamId,
    at: u64,
}

/// How one team's naming ended.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
struct Decision {
    winner: Option<u32>,
    votes: u32,
    drawn: bool,
    tied: Vec<u32>,
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
}

fn wrong_phase(message: &str) -> ActError {
    ActError::new(ErrorCode::WrongPhase, message)
}

/// The key two names are the same by (case, spacing and accents aside).
fn same_name(name: &str) -> String {
    names::nickname_key(name)
}

impl TeamNames {
    /// A new brainstorm in the lobby, if the spec passes [`validate`].
    pub fn create(id: ActivityId, spec: TeamNamesSpec) -> Result<Self, ActError> {
        validate(&spec)?;
        Ok(TeamNames {
            id,
            spec,
            phase: Phase::Lobby,
            proposals: Vec::new(),
            votes: BTreeMap::new(),
            decisions: BTreeMap::new(),
        })
    }

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

    /// The host's copy of a proposal changed.
    fn host_change(&self, outcome: Outcome, id: u32, roster: &Roster<'_>) -> Outcome {
        let change = TeamNamesChange::Host {
            proposal: self.host_proposal(&self.proposals[id as usize], roster),
        };
        outcome.with_change(
            Audience::Host,
            Some(u64::from(id)),
            ActivityChange::TeamNames(change),
        )
    }

    /// A proposal left its team's phones (withdrawn or vetoed).
    fn gone(&self, outcome: Outcome, id: u32) -> Outcome {
        let team = self.proposals[id as usize].team;
        outcome.with_change(
            Audience::Team(team),
            Some(u64::from(id)),
            ActivityChange::TeamNames(TeamNamesChange::Gone { id }),
        )
    }

    fn propose(&mut self, who: ParticipantId, raw: &str, cx: &Cx<'_>) -> Result<Outcome, ActError> {
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
        let outcome = Outcome::progress()
            .with_personal(Whose::One(who))
            .with_change(
                Audience::Team(team),
                Some(u64::from(id)),
                ActivityChange::TeamNames(TeamNamesChange::Proposal { proposal: shown }),
            );
        Ok(self.host_change(outcome, id, &cx.roster))
    }

    fn withdraw(&mut self, who: ParticipantId, id: u32) -> Result<Outcome, ActError> {
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
            ActivityChange::TeamNames(TeamNamesChange::Gone { id }),
        ))
    }

    fn vote(
        &mut self,
        who: ParticipantId,
        proposal: Option<u32>,
        cx: &Cx<'_>,
    ) -> Result<Outcome, ActError> {
        match self.phase {
            Phase::Vote { .. } => {}
            Phase::Reveal => {
                return Err(ActError::new(ErrorCode::VotingClosed, "voting has closed"));
            }
            _ => return Err(wrong_phase("voting has not started yet")),
        }
        let team = cx
            .roster
            .team_of(who)
            .ok_or_else(|| ActError::new(ErrorCode::NoTeam, "you are not in a team"))?;
        let before = self.votes.get(&who).map(|v| v.proposal);
        match proposal {
            Some(id) => {
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
                self.votes.insert(
                    who,
                    Vote {
                        proposal: id,
                        team,
                        at: cx.now,
                    },
                );
            }
            None => {
                self.votes.remove(&who);
            }
        }
        let mut outcome = Outcome::progress().with_personal(Whose::One(who));
        for id in [before, proposal].into_iter().flatten() {
            outcome = self.host_change(outcome, id, &cx.roster);
        }
        Ok(outcome)
    }

    fn veto(&mut self, id: u32, cx: &mut Cx<'_>) -> Result<Outcome, ActError> {
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
        outcome = self.host_change(self.gone(outcome, id), id, &cx.roster);
        if self.phase == Phase::Reveal {
            // The winner may be gone: decide that team again.
            let ops = self.decide(team, cx);
            outcome.view = true;
            outcome.room.extend(ops);
        }
        Ok(outcome)
    }

    /// Decides one team's name from the votes; returns the rename, if any.
    fn decide(&mut self, team: TeamId, cx: &mut Cx<'_>) -> Vec<RoomOp> {
        let candidates: Vec<(u32, u32)> = self
            .proposals
            .iter()
            .filter(|p| p.team == team && p.live())
            .map(|p| (p.id, self.votes_for(p.id)))
            .collect();
        let Some(most) = candidates.iter().map(|&(_, v)| v).max() else {
            self.decisions.insert(team, Decision::default());
            return Vec::new();
        };
        let top: Vec<u32> = candidates
            .iter()
            .filter(|&&(_, v)| v == most)
            .map(|&(id, _)| id)
            .collect();
        let decision = if top.len() == 1 {
            Decision {
                winner: Some(top[0]),
                votes: most,
                ..Decision::default()
            }
        } else if self.spec.random_ties {
            Decision {
                winner: Some(top[cx.rng.random_range(0..top.len())]),
                votes: most,
                drawn: true,
                tied: Vec::new(),
            }
        } else {
            Decision {
                winner: None,
                votes: most,
                drawn: false,
                tied: top,
            }
        };
        let ops = decision
            .winner
            .map(|w| RoomOp::NameTeam {
                team,
                name: self.proposals[w as usize].name.clone(),
            })
            .into_iter()
            .collect();
        self.decisions.insert(team, decision);
        ops
    }

    fn reveal(&mut self, cx: &mut Cx<'_>) -> Outcome {
        self.phase = Phase::Reveal;
        let teams: Vec<TeamId> = cx.roster.teams().active().map(|t| t.id).collect();
        let mut outcome = Outcome::view().with_personal(Whose::All);
        for team in teams {
            outcome.room.extend(self.decide(team, cx));
        }
        outcome
    }

    fn start_voting(&mut self, now: u64) -> Outcome {
        self.phase = Phase::Vote {
            deadline: self.spec.vote_secs.map(|s| now + u64::from(s) * 1000),
        };
        Outcome::view().with_personal(Whose::All)
    }

    fn handle(
        &mut self,
        who: Who,
        input: &TeamNamesInput,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome, ActError> {
        match (who, input) {
            (Who::Participant(p), TeamNamesInput::Propose { name }) => self.propose(p, name, cx),
            (Who::Participant(p), TeamNamesInput::Withdraw { proposal }) => {
                self.withdraw(p, *proposal)
            }
            (Who::Participant(p), TeamNamesInput::Vote { proposal }) => self.vote(p, *proposal, cx),
            (Who::Participant(_), _) => Err(ActError::forbidden()),
            (
                _,
                TeamNamesInput::Propose { .. }
                | TeamNamesInput::Withdraw { .. }
                | TeamNamesInput::Vote { .. },
            ) => Err(ActError::new(
                ErrorCode::Forbidden,
                "only students propose and vote",
            )),
            (_, TeamNamesInput::StartProposing) => {
                if self.phase != Phase::Lobby {
                    return Err(wrong_phase("proposing has started already"));
                }
                self.phase = Phase::Propose {
                    deadline: self.spec.propose_secs.map(|s| cx.now + u64::from(s) * 1000),
                };
                Ok(Outcome::view().with_personal(Whose::All))
            }
            (_, TeamNamesInput::StartVoting) => match self.phase {
                Phase::Propose { .. } => Ok(self.start_voting(cx.now)),
                _ => Err(wrong_phase("voting comes after proposing")),
            },
            (_, TeamNamesInput::Reveal) => match self.phase {
                Phase::Propose { .. } | Phase::Vote { .. } => Ok(self.reveal(cx)),
                _ => Err(wrong_phase("the names are revealed after the vote")),
            },
            (_, TeamNamesInput::Veto { proposal }) => self.veto(*proposal, cx),
            (_, TeamNamesInput::BreakTie { team, proposal }) => {
                let decision = self
                    .decisions
                    .get_mut(team)
                    .filter(|d| d.tied.contains(proposal))
                    .ok_or_else(|| {
                        ActError::new(
                            ErrorCode::InvalidChoice,
                            "that is not one of the tied names",
                        )
                    })?;
                decision.winner = Some(*proposal);
                decision.tied.clear();
                let mut outcome = Outcome::view();
                outcome.room.push(RoomOp::NameTeam {
                    team: *team,
                    name: self.proposals[*proposal as usize].name.clone(),
                });
                Ok(outcome)
            }
        }
    }

    fn view(&self, roster: &Roster<'_>) -> TeamNamesView {
        let phase = match self.phase {
            Phase::Lobby => TeamNamesPhase::Lobby,
            Phase::Propose { deadline } => TeamNamesPhase::Propose { deadline },
            Phase::Vote { deadline } => TeamNamesPhase::Vote { deadline },
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
                            drawn: decision.drawn,
                            tied: decision
                                .tied
                                .iter()
                                .map(|&id| self.proposals[id as usize].public())
                                .collect(),
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
        }
    }
}

impl Kind for TeamNames {
    fn spec(&self) -> ActivitySpec {
        ActivitySpec::TeamNames(self.spec.clone())
    }

    fn started(&self) -> bool {
        self.phase != Phase::Lobby
    }

    fn apply(
        &mut self,
        who: Who,
        input: &ActivityInput,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome, ActError> {
        let ActivityInput::TeamNames(input) = input else {
            return Err(wrong_kind());
        };
        self.handle(who, input, cx)
    }

    fn deadline(&self) -> Option<u64> {
        match self.phase {
            Phase::Propose { deadline } | Phase::Vote { deadline } => deadline,
            _ => None,
        }
    }

    fn on_tick(&mut self, cx: &mut Cx<'_>) -> Option<Outcome> {
        match self.phase {
            Phase::Propose { deadline: Some(d) } if cx.now >= d => Some(self.start_voting(cx.now)),
            Phase::Vote { deadline: Some(d) } if cx.now >= d => Some(self.reveal(cx)),
            _ => None,
        }
    }

    /// A timed round keeps the time it had left.
    fn resume(&mut self, paused_ms: u64) -> bool {
        match &mut self.phase {
            Phase::Propose { deadline: Some(d) } | Phase::Vote { deadline: Some(d) } => {
                *d += paused_ms;
                true
            }
            _ => false,
        }
    }

    /// While proposing, how many proposed; while voting and after, how many voted.
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
            Phase::Vote { .. } | Phase::Reveal => self.votes.len() as u32,
        }
    }

    fn public_view(&self, roster: &Roster<'_>) -> ActivityView {
        ActivityView::TeamNames(self.view(roster))
    }

    fn personal_view(&self, who: ParticipantId, roster: &Roster<'_>) -> Option<Personal> {
        Some(Personal::TeamNames(self.personal(who, roster)))
    }

    fn host_view(&self, roster: &Roster<'_>) -> Option<ActivityHostView> {
        Some(ActivityHostView::TeamNames(TeamNamesHost {
            proposals: self
                .proposals
                .iter()
                .filter(|p| !p.withdrawn)
                .map(|p| self.host_proposal(p, roster))
                .collect(),
        }))
    }

    fn export(&self, _id: ActivityId, roster: &Roster<'_>, lang: Lang) -> KindExport {
        export(self, roster, lang)
    }
}

/// A proposal in the JSON export.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProposalExport {
    id: u32,
    team: TeamId,
    team_name: String,
    name: String,
    participant: ParticipantId,
    nickname: String,
    votes: u32,
    vetoed: bool,
    withdrawn: bool,
    winner: bool,
}

/// A vote in the JSON export.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VoteExport {
    participant: ParticipantId,
    nickname: String,
    team: TeamId,
    proposal: u32,
}

/// The JSON detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    proposals: Vec<ProposalExport>,
    votes: Vec<VoteExport>,
}

fn export(names: &TeamNames, roster: &Roster<'_>, lang: Lang) -> KindExport {
    let team_name = |t: TeamId| {
        roster
            .teams()
            .get(t)
            .map_or_else(String::new, |t| t.name.clone())
    };
    let winners: Vec<u32> = names.decisions.values().filter_map(|d| d.winner).collect();
    let proposals: Vec<ProposalExport> = names
        .proposals
        .iter()
        .map(|p| ProposalExport {
            id: p.id,
            team: p.team,
            team_name: team_name(p.team),
            name: p.name.clone(),
            participant: p.by,
            nickname: roster.nickname(p.by).to_owned(),
            votes: names.votes_for(p.id),
            vetoed: p.vetoed,
            withdrawn: p.withdrawn,
            winner: winners.contains(&p.id),
        })
        .collect();
    let votes: Vec<VoteExport> = names
        .votes
        .iter()
        .map(|(&participant, v)| VoteExport {
            participant,
            nickname: roster.nickname(participant).to_owned(),
            team: v.team,
            proposal: v.proposal,
        })
        .collect();
    let (proposal_word, vote_word, vetoed_word, heading, team_word, name_word, votes_word) =
        match lang {
            Lang::Nl => (
                "voorstel",
                "stem",
                "afgewezen",
                "Teamnamen",
                "Team",
                "Naam",
                "Stemmen",
            ),
            Lang::En => (
                "proposal",
                "vote",
                "vetoed",
                "Team names",
                "Team",
                "Name",
                "Votes",
            ),
        };
    let mut rows: Vec<ExportRow> = proposals
        .iter()
        .filter(|p| !p.withdrawn)
        .map(|p| ExportRow {
            item: p.team_name.clone(),
            participant: Some(p.participant),
            nickname: Some(p.nickname.clone()),
            team: Some(p.team_name.clone()),
            answer: if p.vetoed { vetoed_word } else { proposal_word }.to_owned(),
            answer_text: p.name.clone(),
            correct: Some(p.winner),
            value: Some(p.votes.to_string()),
            ..ExportRow::default()
        })
        .collect();
    rows.extend(votes.iter().map(|v| ExportRow {
        item: team_name(v.team),
        participant: Some(v.participant),
        nickname: Some(v.nickname.clone()),
        team: Some(team_name(v.team)),
        answer: vote_word.to_owned(),
        answer_text: names.proposals[v.proposal as usize].name.clone(),
        ..ExportRow::default()
    }));
    let mut report = vec![Block::Heading(format!("{heading}: {}", names.spec.title))];
    let table = proposals
        .iter()
        .filter(|p| !p.withdrawn)
        .map(|p| {
            let mark = if p.winner {
                " ✓"
            } else if p.vetoed {
                " ✗"
            } else {
                ""
            };
            vec![
                p.team_name.clone(),
                format!("{}{mark}", p.name),
                p.votes.to_string(),
            ]
        })
        .collect();
    report.push(Block::table(&[team_word, name_word, votes_word], table));
    KindExport {
        anonymous: false,
        detail: detail(Detail { proposals, votes }),
        rows,
        report,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::room::kind::testing::Class;
    use proptest::prelude::*;

    fn spec() -> TeamNamesSpec {
        TeamNamesSpec {
            title: "Namen".into(),
            per_person: 2,
            random_ties: false,
            propose_secs: None,
            vote_secs: None,
        }
    }

    fn p(n: u32) -> ParticipantId {
        ParticipantId(n)
    }

    #[derive(Debug, Clone)]
    enum Step {
        Propose(u32, u8),
        Withdraw(u32, u32),
        Vote(u32, Option<u32>),
        Veto(u32),
        StartVoting,
        Reveal,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0..6u32, 0..4u8).prop_map(|(w, n)| Step::Propose(w, n)),
            (0..6u32, 0..8u32).prop_map(|(w, id)| Step::Withdraw(w, id)),
            (0..6u32, proptest::option::of(0..8u32)).prop_map(|(w, id)| Step::Vote(w, id)),
            (0..8u32).prop_map(Step::Veto),
            Just(Step::StartVoting),
            Just(Step::Reveal),
        ]
    }

    proptest! {
        /// Over any inputs: the host's vote counts equal the ballots, nobody votes outside
        /// their team or for a vetoed name, nobody has more live proposals than allowed, and a
        /// refused input changes nothing.
        #[test]
        fn the_tally_equals_the_ballots(steps in proptest::collection::vec(step(), 0..60)) {
            let mut class = Class::in_teams(6, 2);
            let mut names = TeamNames::create(ActivityId(1), spec()).unwrap();
            names.handle(Who::Host, &TeamNamesInput::StartProposing, &mut class.at(0)).unwrap();
            for (at, s) in steps.into_iter().enumerate() {
                let before = serde_json::to_value(&names).unwrap();
                let input = match s {
                    Step::Propose(w, n) => (Who::Participant(p(w)), TeamNamesInput::Propose { name: format!("Naam {n}") }),
                    Step::Withdraw(w, id) => (Who::Participant(p(w)), TeamNamesInput::Withdraw { proposal: id }),
                    Step::Vote(w, id) => (Who::Participant(p(w)), TeamNamesInput::Vote { proposal: id }),
                    Step::Veto(id) => (Who::Host, TeamNamesInput::Veto { proposal: id }),
                    Step::StartVoting => (Who::Host, TeamNamesInput::StartVoting),
                    Step::Reveal => (Who::Host, TeamNamesInput::Reveal),
                };
                let result = names.handle(input.0, &input.1, &mut class.at(at as u64));
                if result.is_err() {
                    prop_assert_eq!(serde_json::to_value(&names).unwrap(), before, "a refusal changed the state");
                }
            }
            let people = class.people();
            let Some(ActivityHostView::TeamNames(host)) = names.host_view(&people) else { unreachable!() };
            let counted: u32 = host.proposals.iter().map(|p| p.votes).sum();
            prop_assert_eq!(counted as usize, names.votes.len());
            for (voter, vote) in &names.votes {
                let proposal = &names.proposals[vote.proposal as usize];
                prop_assert!(proposal.live(), "a vote for a vetoed or withdrawn name");
                prop_assert_eq!(Some(proposal.team), people.team_of(*voter));
            }
            for w in 0..6 {
                let live = names.proposals.iter().filter(|x| x.by == p(w) && x.live()).count();
                prop_assert!(live <= 2);
            }
        }
    }
}

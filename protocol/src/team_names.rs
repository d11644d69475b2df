//! The team-name brainstorm: each team's members propose names, vote among their own team's
//! proposals, and the winner names the team. Phases: lobby → propose → vote → (decide) →
//! reveal. A tie is never revealed: the vote ends in `decide` until the host has settled
//! every tie (a run-off on the tied teams' phones, a draw, or the host's own pick), and two
//! teams never end up with the same name (nor with names that only look alike).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivityId, KindInput, ParticipantId, Senders, TeamId};

/// A team-name brainstorm as prepared.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamNamesSpec {
    /// Title shown on the projector.
    pub title: String,
    /// Most names one person may propose (1–10).
    #[serde(default = "default_per_person")]
    pub per_person: u32,
    /// A tie is drawn by lot at once (a recorded draw) instead of waiting for the host to
    /// choose how to settle it.
    #[serde(default)]
    pub random_ties: bool,
    /// Seconds for proposing; at zero voting starts by itself. `null`: no timer.
    #[serde(default)]
    pub propose_secs: Option<u32>,
    /// Seconds for voting (and for a run-off); at zero the vote closes by itself. `null`: no
    /// timer.
    #[serde(default)]
    pub vote_secs: Option<u32>,
}

fn default_per_person() -> u32 {
    3
}

/// Inputs to a team-name brainstorm.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum TeamNamesInput {
    /// Phone: propose a name for the own team (while proposing).
    Propose {
        /// The name (nickname rules and the profanity check apply).
        name: String,
    },
    /// Phone: take back an own proposal (while proposing).
    Withdraw {
        /// The proposal.
        proposal: u32,
    },
    /// Phone: vote for one proposal of the own team, or take the vote back (`null`); may
    /// change until voting closes.
    Vote {
        /// The proposal voted for.
        proposal: Option<u32>,
    },
    /// Phone: vote in the own team's run-off, for one of its tied names, or take the vote back
    /// (`null`); may change until the run-off closes.
    RunoffVote {
        /// The tied proposal voted for.
        proposal: Option<u32>,
    },
    /// Host: open the proposing.
    StartProposing,
    /// Host: close the proposing and open the vote.
    StartVoting,
    /// Host: close the vote and name the teams; when some teams tie, the vote ends in
    /// `decide` instead. In `decide`: reveal, once no team is tied (`tiesOpen` before).
    Reveal,
    /// Host, in `decide`: every tied team votes again on its phones, among its tied names.
    Runoff,
    /// Host, or the run-off's deadline: close the run-off; its most-voted name wins, a new tie
    /// stays tied (among the names still level).
    CloseRunoff,
    /// Host, in `decide`: every tied team's name is drawn by lot among its tied names.
    DrawLots,
    /// Host: refuse a proposal (at any time); it disappears and its proposer is told.
    Veto {
        /// The proposal.
        proposal: u32,
    },
    /// Host, in `decide`: pick the winner among a team's tied proposals.
    BreakTie {
        /// The team.
        team: TeamId,
        /// One of its tied proposals.
        proposal: u32,
    },
}

impl KindInput for TeamNamesInput {
    /// Phones propose and vote; moderators veto; the host runs the rest.
    fn senders(&self) -> Senders {
        match self {
            TeamNamesInput::Propose { .. }
            | TeamNamesInput::Withdraw { .. }
            | TeamNamesInput::Vote { .. }
            | TeamNamesInput::RunoffVote { .. } => Senders::Participants,
            TeamNamesInput::Veto { .. } => Senders::Moderators,
            _ => Senders::Host,
        }
    }
}

/// A team-name brainstorm as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamNamesView {
    /// The activity.
    pub id: ActivityId,
    /// Title.
    pub title: String,
    /// Most names per person.
    pub per_person: u32,
    /// Where it is.
    pub phase: TeamNamesPhase,
}

/// The phases of a team-name brainstorm.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "phase",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum TeamNamesPhase {
    /// Not started.
    Lobby,
    /// Members propose names; each team sees only its own proposals.
    Propose {
        /// When proposing closes by itself (server clock, ms), if timed.
        #[ts(type = "number | null")]
        deadline: Option<u64>,
    },
    /// Members vote for one of their team's proposals.
    Vote {
        /// When voting closes by itself (server clock, ms), if timed.
        #[ts(type = "number | null")]
        deadline: Option<u64>,
    },
    /// The vote is closed and some teams tie: the host settles each tie before the reveal.
    /// No name is shown yet.
    Decide {
        /// Teams whose name is not decided yet.
        tied: Vec<TeamId>,
        /// Of those, the teams voting again on their phones.
        runoff: Vec<TeamId>,
        /// When the run-off closes by itself (server clock, ms), if timed.
        #[ts(type = "number | null")]
        deadline: Option<u64>,
    },
    /// Every team's result.
    Reveal {
        /// One per team, in team order.
        results: Vec<TeamNameResult>,
    },
}

/// How one team's naming ended.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamNameResult {
    /// The team.
    pub team: TeamId,
    /// Its name now (the winner, or the name it had when nothing of its own could win).
    pub name: String,
    /// Votes for the winner (in the run-off, when it won one).
    pub votes: u32,
    /// How the name was decided.
    pub how: NameDecided,
}

/// How a team's name was decided.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum NameDecided {
    /// The most votes.
    Vote,
    /// The most votes in a run-off between tied names.
    Runoff,
    /// Drawn by lot among tied names.
    Lot,
    /// The host chose among tied names.
    Teacher,
    /// Nothing of its own could win (no proposals, or only names another team took first):
    /// the team keeps the name it had.
    Kept,
    /// Still tied (only ever in `decide`, and only the host sees how).
    Tied,
}

/// A proposed name.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NameProposal {
    /// Its number within the activity.
    pub id: u32,
    /// The team it is for.
    pub team: TeamId,
    /// The name.
    pub name: String,
}

/// A phone's own state in a team-name brainstorm.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamNamesPersonal {
    /// The own team (`null`: not in a team, nothing to do).
    pub team: Option<TeamId>,
    /// The own team's proposals (vetoed ones left out).
    pub proposals: Vec<NameProposal>,
    /// Which of them are this phone's.
    pub mine: Vec<u32>,
    /// The proposal this phone voted for.
    pub vote: Option<u32>,
    /// This phone's proposals the host refused (shown kindly, once each).
    pub vetoed: Vec<String>,
    /// While the own team votes again: its tied proposals (empty otherwise).
    #[serde(default)]
    pub runoff: Vec<u32>,
    /// This phone's vote in that run-off.
    #[serde(default)]
    pub runoff_vote: Option<u32>,
    /// After the vote: names the own team chose that another team had proposed first (so
    /// the team got its next choice).
    #[serde(default)]
    pub taken: Vec<String>,
}

/// Host only: every team's proposals with their proposers and votes, and after the vote how
/// each team's name stands.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamNamesHost {
    /// Every proposal, vetoed ones included.
    pub proposals: Vec<HostProposal>,
    /// After the vote: one per team, in team order (empty before).
    #[serde(default)]
    pub decisions: Vec<NameDecision>,
}

/// Host only: how one team's name stands after the vote.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NameDecision {
    /// The team.
    pub team: TeamId,
    /// How it was decided (`tied`: not yet).
    pub how: NameDecided,
    /// The winning proposal, when one won.
    pub winner: Option<u32>,
    /// While tied: the proposals level at the top, for the host to settle.
    pub tied: Vec<u32>,
    /// While the team votes again: the run-off votes per tied proposal (same order as `tied`).
    pub runoff: Option<Vec<u32>>,
    /// Its proposals that had the most votes but another team had proposed first.
    pub taken: Vec<u32>,
}

/// A proposal as the host sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HostProposal {
    /// Its number.
    pub id: u32,
    /// The team it is for.
    pub team: TeamId,
    /// The name.
    pub name: String,
    /// Who proposed it.
    pub by: ParticipantId,
    /// Their nickname.
    pub nickname: String,
    /// Votes for it.
    pub votes: u32,
    /// Refused by the host.
    pub vetoed: bool,
}

/// A small change in a team-name brainstorm (sent coalesced on the room's tick).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum TeamNamesChange {
    /// To a team: a proposal appeared (or changed).
    Proposal {
        /// The proposal.
        proposal: NameProposal,
    },
    /// To a team: a proposal was withdrawn or vetoed.
    Gone {
        /// Its number.
        id: u32,
    },
    /// To the host: a proposal as the host sees it now.
    Host {
        /// The proposal.
        proposal: HostProposal,
    },
    /// To the host: how a team's name stands now (a run-off vote came in).
    Decision {
        /// The team's decision.
        decision: NameDecision,
    },
}

//! The team-name brainstorm: each team's members propose names, vote among their own team's
//! proposals, and the winner names the team. Phases: lobby → propose → vote → reveal.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivityId, ParticipantId, TeamId};

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
    /// A tie is broken by a recorded random draw instead of by the host.
    #[serde(default)]
    pub random_ties: bool,
    /// Seconds for proposing; at zero voting starts by itself. `null`: no timer.
    #[serde(default)]
    pub propose_secs: Option<u32>,
    /// Seconds for voting; at zero the names are revealed by themselves. `null`: no timer.
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
    /// Host: open the proposing.
    StartProposing,
    /// Host: close the proposing and open the vote.
    StartVoting,
    /// Host: close the vote and name the teams.
    Reveal,
    /// Host: refuse a proposal (at any time); it disappears and its proposer is told.
    Veto {
        /// The proposal.
        proposal: u32,
    },
    /// Host: pick the winner among a team's tied proposals.
    BreakTie {
        /// The team.
        team: TeamId,
        /// One of its tied proposals.
        proposal: u32,
    },
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
    /// Its name now (the winner, or its old name when it had no proposals or is tied).
    pub name: String,
    /// Votes for the winner.
    pub votes: u32,
    /// The winner was drawn at random among tied proposals.
    pub drawn: bool,
    /// Tied proposals waiting for the host to choose (empty once decided).
    pub tied: Vec<NameProposal>,
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
}

/// Host only: every team's proposals with their proposers and votes.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamNamesHost {
    /// Every proposal, vetoed ones included.
    pub proposals: Vec<HostProposal>,
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
}

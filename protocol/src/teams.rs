//! Teams and role cards: room-level, they outlive any one activity. The host forms teams
//! ([`TeamFormation`]), moves people, renames teams and deals role cards ([`RoleCard`]);
//! everyone sees the teams ([`TeamsView`]); only the host sees the rules for forming them
//! ([`TeamRules`]).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ParticipantId;

/// A team's number within its room (1, 2, 3, … in the order teams were made; never reused).
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[ts(export)]
pub struct TeamId(pub u32);

/// How the host forms teams. Forming again replaces the teams (members keep no team).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum TeamFormation {
    /// At random, balanced: teams of about `size` (sizes differ by at most one).
    BySize {
        /// Members per team (2 or more).
        size: u32,
    },
    /// At random, balanced: `count` teams (sizes differ by at most one).
    ByCount {
        /// How many teams (1 or more).
        count: u32,
    },
    /// `count` empty teams; students pick one on their phone, at most `max_size` per team.
    /// Closing the picking places whoever did not pick in the smallest teams.
    Pick {
        /// How many teams.
        count: u32,
        /// Most members per team.
        max_size: u32,
    },
}

/// A role card dealt to team members, e.g. *ontwerper*: comes up with ideas.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RoleCard {
    /// Set for the built-in roles (`ontwerper`, `concretiseerder`, `realist`): pages show their
    /// name and description in the reader's language. `null` for a role the host wrote.
    #[serde(default)]
    pub key: Option<String>,
    /// The role's name.
    pub name: String,
    /// One line on what this role does.
    pub description: String,
}

/// Two participants, for the rules of forming teams.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Pair {
    /// One of them.
    pub a: ParticipantId,
    /// The other.
    pub b: ParticipantId,
}

/// Host only: pairs to keep apart or together when forming teams at random. Never shown on a
/// phone or the projector.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamRules {
    /// Never in the same team (when a balanced placement allows it).
    pub apart: Vec<Pair>,
    /// In the same team where sizes allow it.
    pub together: Vec<Pair>,
}

/// The room's teams as everyone sees them.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamsView {
    /// The current teams, in order.
    pub teams: Vec<TeamView>,
    /// The role cards of this room, in order (a member's role is an index into it).
    pub roles: Vec<RoleCard>,
    /// While students pick their team: the most members per team; `null` otherwise.
    pub picking: Option<u32>,
}

/// One team.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamView {
    /// Id.
    pub id: TeamId,
    /// Its name ("Team 1" until it is named).
    pub name: String,
    /// Its colour: an index into the pages' colour-blind-safe palette.
    pub colour: u32,
    /// How many members it has.
    pub size: u32,
    /// Its members, in the order they joined it (empty in rooms too large to list).
    pub members: Vec<TeamMember>,
}

/// A member of a team.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamMember {
    /// Who.
    pub id: ParticipantId,
    /// Their nickname.
    pub nickname: String,
    /// Their role card (an index into [`TeamsView::roles`]), once dealt.
    pub role: Option<u32>,
}

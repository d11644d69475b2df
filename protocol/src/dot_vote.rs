//! Dot-voting: each participant spreads a few dots over the options (typed in, carried from a
//! brainstorm wall, or one per team); the reveal ranks the options, ties sharing a rank.
//! Phases: lobby → voting → closed → revealed. A phone always sends its whole allocation, so
//! a re-sent ballot can never add dots twice.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivityId, KindInput, Senders, TeamId};

/// A dot-vote as prepared.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DotVoteSpec {
    /// Title shown on every screen.
    pub title: String,
    /// The options (2–100), in order.
    pub options: Vec<DotOption>,
    /// Dots per participant (N, 1–20).
    #[serde(default = "default_dots")]
    pub dots: u32,
    /// Most dots one participant may stack on one option (M, 1–N; `null`: N).
    #[serde(default)]
    pub max_per_option: Option<u32>,
    /// Nobody places dots on their own team's option.
    #[serde(default)]
    pub no_own_team: bool,
    /// Everyone sees the tally live; otherwise (the default) only the host, until the reveal.
    #[serde(default)]
    pub live_results: bool,
    /// Results show each team's dots (a team's result is its members' dots together).
    #[serde(default)]
    pub by_team: bool,
    /// The exports carry no names with the ballots.
    #[serde(default)]
    pub anonymous: bool,
}

fn default_dots() -> u32 {
    3
}

/// One option of a dot-vote.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DotOption {
    /// Its text (1–280 characters).
    pub text: String,
    /// The team it belongs to (a team's idea), for "no dots on your own team's option".
    #[serde(default)]
    pub team: Option<TeamId>,
    /// The brainstorm card it was carried from.
    #[serde(default)]
    pub card: Option<CardRef>,
}

/// A card on a brainstorm wall.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CardRef {
    /// The wall.
    pub activity: ActivityId,
    /// The card's number.
    pub card: u32,
}

/// Dots on one option.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OptionDots {
    /// The option's number (its index in the spec).
    pub option: u32,
    /// How many dots.
    pub dots: u32,
}

/// Inputs to a dot-vote.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum DotVoteInput {
    /// Phone: my whole allocation, replacing the previous one (empty: no dots). At most N dots
    /// in all, at most M on one option, each option once.
    Place {
        /// Dots per option; options not listed get none.
        ballot: Vec<OptionDots>,
    },
    /// Host: open the voting.
    Open,
    /// Host: close the voting (the results stay hidden until the reveal).
    Close,
    /// Host: close the voting if open and show the ranking.
    Reveal,
    /// Host: append a dot-vote among the options that share `rank` (a tie) to the agenda and
    /// make it current, with the same settings.
    RunOff {
        /// The shared rank.
        rank: u32,
        /// The run-off's title.
        title: String,
    },
}

impl KindInput for DotVoteInput {
    /// Phones place dots; the host runs the vote.
    fn senders(&self) -> Senders {
        match self {
            DotVoteInput::Place { .. } => Senders::Participants,
            _ => Senders::Host,
        }
    }
}

/// A dot-vote as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DotVoteView {
    /// The activity.
    pub id: ActivityId,
    /// Title.
    pub title: String,
    /// The options, numbered by their index.
    pub options: Vec<VoteOption>,
    /// Dots per participant (N).
    pub dots: u32,
    /// Most dots on one option (M).
    pub max_per_option: u32,
    /// No dots on the own team's option.
    pub no_own_team: bool,
    /// The tally is shown live.
    pub live_results: bool,
    /// Results show each team's dots.
    pub by_team: bool,
    /// Where it is.
    pub phase: DotVotePhase,
    /// The live tally, one per option (only with `liveResults`; `null` otherwise).
    pub tally: Option<Vec<OptionTally>>,
}

/// An option as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VoteOption {
    /// Its number.
    pub id: u32,
    /// Its text.
    pub text: String,
    /// The team it belongs to.
    pub team: Option<TeamId>,
}

/// The phases of a dot-vote.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "phase",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum DotVotePhase {
    /// Not started.
    Lobby,
    /// Phones place and move their dots.
    Voting,
    /// Voting closed; results not shown yet.
    Closed,
    /// The ranking.
    Revealed {
        /// Every option, best first; equal dots share a rank (1, 2, 2, 4).
        results: Vec<OptionResult>,
        /// How many placed at least one dot.
        voters: u32,
    },
}

/// The dots on one option.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OptionTally {
    /// The option.
    pub option: u32,
    /// Its dots.
    pub dots: u32,
    /// Its dots per team of the voters (dot-votes by team only; teams with none left out).
    pub teams: Vec<TeamDots>,
}

/// A team's dots on an option.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamDots {
    /// The team (of the voters, when they voted).
    pub team: TeamId,
    /// Their dots.
    pub dots: u32,
}

/// One option's result.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OptionResult {
    /// The option.
    pub option: u32,
    /// Its dots.
    pub dots: u32,
    /// Its rank (competition ranking: equal dots share a rank).
    pub rank: u32,
    /// Its dots per team of the voters (dot-votes by team only).
    pub teams: Vec<TeamDots>,
}

/// A phone's own state in a dot-vote.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DotVotePersonal {
    /// The own allocation.
    pub ballot: Vec<OptionDots>,
    /// The own team (its options take no dots with `noOwnTeam`).
    pub team: Option<TeamId>,
}

/// Host only: the tally, also while it is hidden from everyone else.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DotVoteHost {
    /// One per option.
    pub tally: Vec<OptionTally>,
}

/// A small change to a dot-vote (sent coalesced on the room's tick).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum DotVoteChange {
    /// An option's dots now: to the host, and with `liveResults` to everyone.
    Tally {
        /// The option's tally.
        tally: OptionTally,
    },
}

//! Statement scale ("gesprek op voeten"): several statements in a row; for the open statement
//! each student places a dot on a disagree↔agree line (5 or 7 steps, or continuous), moves it
//! or skips, until the statement closes. The spread (how many dots at each position, never who)
//! is hidden until the reveal unless the organiser shows it live. Every statement has a stable
//! key, so the same statement asked in a later session can be compared.
//! Phases: lobby → open → closed → revealed → (next statement open …) → finished.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivityId, KindInput, Senders};

/// A statement scale as prepared.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatementScaleSpec {
    /// Title shown on every screen.
    pub title: String,
    /// The statements (1–30), asked in order.
    pub statements: Vec<ScaleStatement>,
    /// The line's positions.
    #[serde(default)]
    pub steps: ScaleSteps,
    /// Everyone sees the spread live; otherwise (the default) only the host, until the reveal.
    #[serde(default)]
    pub live: bool,
}

/// One statement as prepared.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScaleStatement {
    /// Its text (1–280 characters).
    pub text: String,
    /// A stable key (1–64 characters) to compare it with the same statement in other sessions;
    /// `null`: made from the text (lower case, spaces collapsed), so the same text gets the same
    /// key.
    #[serde(default)]
    pub key: Option<String>,
}

/// The positions on the line: `5` or `7` steps (positions 0 to 4 or 6), or continuous
/// (positions 0 to 100). Position 0 is "disagree", the highest "agree".
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ScaleSteps {
    /// Five steps.
    #[default]
    Five,
    /// Seven steps.
    Seven,
    /// Any position from 0 to 100.
    Continuous,
}

impl ScaleSteps {
    /// The highest position ("agree").
    pub fn max(self) -> u32 {
        match self {
            ScaleSteps::Five => 4,
            ScaleSteps::Seven => 6,
            ScaleSteps::Continuous => 100,
        }
    }
}

/// Inputs to a statement scale.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum StatementScaleInput {
    /// Phone: my dot on the open statement, at `position` (0 to the line's highest), replacing
    /// my earlier dot or skip.
    Place {
        /// The statement's number (its index), which must be the open one.
        statement: u32,
        /// Where on the line.
        position: u32,
    },
    /// Phone: I skip the open statement (my dot, if any, is taken off; counted as skipped).
    Skip {
        /// The statement's number, which must be the open one.
        statement: u32,
    },
    /// Host: open the next statement (the first from the lobby); after the last, finish.
    Next,
    /// Host: close the open statement (the spread stays hidden until the reveal).
    Close,
    /// Host: close the open statement if open and show its spread; with every statement open
    /// at once (`openAll`), close them all and show every spread.
    Reveal,
    /// Host, from the lobby: open every statement at once, each phone going through them at its
    /// own pace (how the empty chair's late twin opens: an absent student has no class to
    /// keep pace with).
    OpenAll,
}

impl KindInput for StatementScaleInput {
    /// Phones place dots and skip; the host runs the statements.
    fn senders(&self) -> Senders {
        match self {
            StatementScaleInput::Place { .. } | StatementScaleInput::Skip { .. } => {
                Senders::Participants
            }
            _ => Senders::Host,
        }
    }
}

/// A statement scale as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatementScaleView {
    /// The activity.
    pub id: ActivityId,
    /// Title.
    pub title: String,
    /// The statements, numbered by their index.
    pub statements: Vec<ScaleStatementView>,
    /// The line's positions.
    pub steps: ScaleSteps,
    /// The spread is shown live.
    pub live: bool,
    /// Where it is.
    pub phase: StatementScalePhase,
    /// The open statement's spread, live (only with `live`; `null` otherwise).
    pub spread: Option<Spread>,
}

/// A statement as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScaleStatementView {
    /// Its text.
    pub text: String,
    /// Its stable key (given, or made from the text).
    pub key: String,
}

/// The phases of a statement scale.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "phase",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum StatementScalePhase {
    /// Not started.
    Lobby,
    /// Phones place, move and skip their dots on this statement.
    Open {
        /// The statement's number.
        statement: u32,
    },
    /// This statement closed; its spread not shown yet.
    Closed {
        /// The statement's number.
        statement: u32,
    },
    /// This statement's spread.
    Revealed {
        /// The statement's number.
        statement: u32,
        /// Its spread.
        spread: Spread,
    },
    /// Every statement done.
    Finished,
    /// Every statement takes dots at once, each phone at its own pace (the empty chair).
    OwnPace,
    /// Every statement's spread at once, after `ownPace` (the empty chair's late results).
    Spreads {
        /// One per statement, in order.
        spreads: Vec<Spread>,
    },
}

/// Where the dots are on one statement's line: how many at each position, never whose.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Spread {
    /// Dots per position, from 0 ("disagree") to the highest ("agree").
    pub counts: Vec<u32>,
    /// How many skipped.
    pub skipped: u32,
}

/// A phone's own state in a statement scale: its answer to the open statement.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatementScalePersonal {
    /// The statement it is about (the open or last one; `null` in the lobby).
    pub statement: Option<u32>,
    /// The own dot (`null`: none).
    pub position: Option<u32>,
    /// Skipped it.
    pub skipped: bool,
    /// With every statement open at once (`ownPace`, `spreads`): the own answer to each
    /// statement, in order; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub answers: Option<Vec<OwnDot>>,
}

/// A phone's own answer to one statement when every statement is open at once.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OwnDot {
    /// The own dot (`null`: none).
    pub position: Option<u32>,
    /// Skipped it.
    pub skipped: bool,
}

/// Host only: every statement's spread, the open one's also while it is hidden.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatementScaleHost {
    /// One per statement (no dots for statements not asked yet).
    pub spreads: Vec<Spread>,
}

/// A small change to a statement scale (sent coalesced on the room's tick).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum StatementScaleChange {
    /// A statement's spread now: to the host, and with `live` to everyone.
    Spread {
        /// The statement's number.
        statement: u32,
        /// Its spread.
        spread: Spread,
    },
}

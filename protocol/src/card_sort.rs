//! Evaluation card-sort: statement cards (positive and negative, grouped by effect: "gezien en
//! gehoord", "invloed en meebeslissen", "verbinding") that each student places on columns the
//! facilitator defines (the sessions of the room, "Sessie 1 … 4", or "past bij mij / past
//! niet"). A phone taps a card, then a column; it may move a card, take it back or skip, until
//! the sort closes. The projector shows a heatmap (cards × columns) with how many placed each
//! card in each column; a cell holding fewer than the privacy floor is never shown as a number
//! (nor told apart from an empty one), and no totals are shown that would let a hidden cell be
//! worked out. The heatmap is hidden until the reveal unless the facilitator shows it live.
//! Phases: lobby → open → closed → revealed.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivityId, KindInput, Senders};

/// A card-sort as prepared.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CardSortSpec {
    /// Title shown on every screen.
    pub title: String,
    /// The statement cards (1–30), in the order the phones list them.
    pub cards: Vec<SortCard>,
    /// The columns the cards are placed on (2–8 names of 1–40 characters, all different).
    pub columns: Vec<String>,
    /// Fewest placements a heatmap cell needs to be shown as a number (2–10).
    #[serde(default = "default_floor")]
    pub privacy_floor: u32,
    /// Everyone sees the heatmap live; otherwise (the default) only the host, until the reveal.
    #[serde(default)]
    pub live: bool,
}

fn default_floor() -> u32 {
    3
}

/// One statement card as prepared.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SortCard {
    /// The statement (1–140 characters), "Mijn mening telde".
    pub text: String,
    /// Its effect group (1–60 characters), "Gezien en gehoord".
    pub group: String,
    /// A positive statement (`false`: a negative one, "Dit voelde ongemakkelijk").
    pub positive: bool,
}

/// Inputs to a card-sort.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum CardSortInput {
    /// Phone: put this card on this column (moving it if it lay elsewhere; undoes a skip).
    Place {
        /// The card's number (its index).
        card: u32,
        /// The column's number (its index).
        column: u32,
    },
    /// Phone: take this card back (it lies on no column).
    Unplace {
        /// The card's number.
        card: u32,
    },
    /// Phone: I skip the card-sort (my placements are taken back; counted as responded).
    Skip,
    /// Host: open the sort.
    Open,
    /// Host: close it (the heatmap stays hidden until the reveal).
    Close,
    /// Host: close it if open and show the heatmap.
    Reveal,
}

impl KindInput for CardSortInput {
    /// Phones place, take back and skip; the host runs it.
    fn senders(&self) -> Senders {
        match self {
            CardSortInput::Place { .. } | CardSortInput::Unplace { .. } | CardSortInput::Skip => {
                Senders::Participants
            }
            CardSortInput::Open | CardSortInput::Close | CardSortInput::Reveal => Senders::Host,
        }
    }
}

/// The phases of a card-sort.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(tag = "phase", rename_all = "camelCase")]
#[ts(export)]
pub enum CardSortPhase {
    /// Not started.
    Lobby,
    /// Phones place their cards.
    Open,
    /// Closed; the heatmap not shown yet.
    Closed,
    /// The heatmap is shown.
    Revealed,
}

/// A card-sort as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CardSortView {
    /// The activity.
    pub id: ActivityId,
    /// Title.
    pub title: String,
    /// The cards, numbered by their index.
    pub cards: Vec<SortCard>,
    /// The columns, numbered by their index.
    pub columns: Vec<String>,
    /// Fewest placements a cell needs to be shown.
    pub privacy_floor: u32,
    /// The heatmap is shown live.
    pub live: bool,
    /// Where it is.
    pub phase: CardSortPhase,
    /// The heatmap: once revealed, or live while open or closed; `null` otherwise.
    pub heatmap: Option<Heatmap>,
}

/// How many placed each card in each column, with every cell under the privacy floor left
/// out: never who, never a count under the floor, never a total.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Heatmap {
    /// One row per card, one cell per column: the count, or `null` when it is under the
    /// privacy floor (an empty cell included, so the two look the same).
    pub cells: Vec<Vec<Option<u32>>>,
}

/// A phone's own placements.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CardSortPersonal {
    /// For each card, the column it lies on (`null`: not placed).
    pub placed: Vec<Option<u32>>,
    /// This phone skipped the sort.
    pub skipped: bool,
}

/// Host (and co-facilitator) only: the heatmap also while it is hidden, under the same floor.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CardSortHost {
    /// The heatmap now.
    pub heatmap: Heatmap,
}

/// A small change to a card-sort (sent coalesced on the room's tick).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum CardSortChange {
    /// The heatmap now, sent only when a shown cell changed: to the host, and with `live` to
    /// the projector too (phones show it once revealed, from the view).
    Heatmap {
        /// The heatmap.
        heatmap: Heatmap,
    },
}

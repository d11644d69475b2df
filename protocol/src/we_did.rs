//! "You said → we did": the facilitator shows the class what was done with its ideas. The spec
//! holds 1 to 8 pairs, each a "said" (the class's idea or result, often taken from a past
//! activity's top results) and a "did" (what the school or the docent did with it; empty: still
//! working on it). Phases: lobby → showing → closed. While showing, the lead reveals the pairs
//! one by one (or all at once); the projector and the phones show the same revealed pairs, and
//! each phone may tap "👍 seen" once, counted anonymously.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivityId, KindInput, Senders};

/// A "you said → we did" slide as prepared. Every spec has a `title` (`ActivitySpec::title`).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeDidSpec {
    /// The slide's heading ("Jullie zeiden → wij deden").
    pub title: String,
    /// The past activity the "said" items came from, if any (shown as "from …").
    #[serde(default)]
    pub source: Option<WeDidSource>,
    /// The pairs, 1 to 8, in the order they are revealed.
    pub items: Vec<WeDidItem>,
    /// Starting reveals the first pair only, and each step the next (the default); else all
    /// pairs at once.
    #[serde(default = "yes")]
    pub one_by_one: bool,
}

fn yes() -> bool {
    true
}

/// Where the "said" items came from: a past activity of the room.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeDidSource {
    /// The activity.
    pub activity: ActivityId,
    /// Its title when the items were taken (the screens are not told the agenda).
    pub title: String,
}

/// One pair: what the class said and what was done with it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeDidItem {
    /// The class's idea or result, as text.
    pub said: String,
    /// What the school or the docent did with it; empty: still working on it.
    #[serde(default)]
    pub did: String,
}

/// Inputs to a "you said → we did" slide.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum WeDidInput {
    /// Phone: "👍 seen" (once; sending it again changes nothing).
    Seen,
    /// Host: start showing it (the first pair, or all of them when not `oneByOne`).
    Start,
    /// Host: reveal the next pair.
    Next,
    /// Host: hide the last revealed pair again (at least one stays; reactions are kept).
    Back,
    /// Host: reveal every pair.
    ShowAll,
    /// Host: close it (every pair shown; no more reactions).
    Close,
}

impl KindInput for WeDidInput {
    /// Phones react; the host runs it.
    fn senders(&self) -> Senders {
        match self {
            WeDidInput::Seen => Senders::Participants,
            WeDidInput::Start
            | WeDidInput::Next
            | WeDidInput::Back
            | WeDidInput::ShowAll
            | WeDidInput::Close => Senders::Host,
        }
    }
}

/// A "you said → we did" slide as everyone sees it (projector and phones alike).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeDidView {
    /// The activity.
    pub id: ActivityId,
    /// The heading.
    pub title: String,
    /// The source activity's title, if the spec names one.
    pub source: Option<String>,
    /// Where it is.
    pub phase: WeDidPhase,
    /// How many pairs the slide has.
    pub total: u32,
    /// The pairs revealed so far, in order (none in the lobby, all once closed).
    pub pairs: Vec<WeDidItem>,
    /// Phones that tapped "👍 seen", as of this view (while showing, the room's `progress`
    /// counts them).
    pub seen: u32,
}

/// The phases of a "you said → we did" slide (tagged like every kind's phase).
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(tag = "phase", rename_all = "camelCase")]
#[ts(export)]
pub enum WeDidPhase {
    /// Not started: nothing of it is public.
    Lobby,
    /// The revealed pairs are on every screen; phones may react.
    Showing,
    /// Closed: every pair shown, no more reactions.
    Closed,
}

/// A phone's own state in a "you said → we did" slide.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeDidPersonal {
    /// This phone tapped "👍 seen".
    pub seen: bool,
}

//! We did (the kind template: `scripts/new-kind.sh` copies this file under the new kind's
//! name; replace this paragraph with what the kind is for). Phases: lobby → open → closed.
//! Each participant raises or lowers their hand while it is open; everyone sees how many hands
//! are up, never whose.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivityId, KindInput, Senders};

/// A we did as prepared. Every spec has a `title` (`ActivitySpec::title`).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeDidSpec {
    /// The question shown on every screen.
    pub title: String,
    /// The exports carry no names (the default); screens never show names either way.
    #[serde(default = "yes")]
    pub anonymous: bool,
}

fn yes() -> bool {
    true
}

/// Inputs to a we did.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum WeDidInput {
    /// Phone: my hand up (`true`) or down.
    Raise {
        /// Up or down.
        up: bool,
    },
    /// Host: open it.
    Open,
    /// Host: close it.
    Close,
}

impl KindInput for WeDidInput {
    /// Phones raise; the host runs it. (Moderators' inputs return `Senders::Moderators`.)
    fn senders(&self) -> Senders {
        match self {
            WeDidInput::Raise { .. } => Senders::Participants,
            WeDidInput::Open | WeDidInput::Close => Senders::Host,
        }
    }
}

/// A we did as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeDidView {
    /// The activity.
    pub id: ActivityId,
    /// The question.
    pub title: String,
    /// Where it is.
    pub phase: WeDidPhase,
    /// Hands up, as of this view (while open the room's `progress` counts them).
    pub raised: u32,
}

/// The phases of a we did (tagged like every kind's phase, `{ "phase": "open" }`).
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(tag = "phase", rename_all = "camelCase")]
#[ts(export)]
pub enum WeDidPhase {
    /// Not started.
    Lobby,
    /// Phones raise their hands.
    Open,
    /// Closed.
    Closed,
}

/// A phone's own state in a we did.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeDidPersonal {
    /// The own hand is up.
    pub up: bool,
}

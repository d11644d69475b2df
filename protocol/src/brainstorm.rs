//! The brainstorm wall: a prompt, ideas that arrive as cards (per person or in team columns),
//! likes, and the facilitator's moderation (approve, hide, edit, merge, pin). Phases: lobby →
//! open → closed. Ideas can be carried into a dot-vote ([`crate::DotVoteSpec`]).
//!
//! Anonymity holds by construction: in an anonymous wall no view, change, export or report
//! carries who wrote a card or who liked it. A card's number is drawn at random, so not even
//! its number tells the order cards were written in.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivityId, KindInput, Senders, TeamId};

/// A brainstorm wall as prepared.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BrainstormSpec {
    /// The prompt, shown on every screen (1–200 characters).
    pub title: String,
    /// Most ideas one person may have on the wall (1–20; withdrawn ones do not count).
    #[serde(default = "default_per_person")]
    pub per_person: u32,
    /// Longest idea, in characters (20–280).
    #[serde(default = "default_max_chars")]
    pub max_chars: u32,
    /// Ideas go into their author's team's column (a phone without a team cannot add).
    #[serde(default)]
    pub by_team: bool,
    /// No screen, export or report shows who wrote or liked a card.
    #[serde(default = "default_anonymous")]
    pub anonymous: bool,
    /// When a new idea appears for everyone.
    #[serde(default)]
    pub mode: WallMode,
    /// Whether students like cards, and when the likes show.
    #[serde(default)]
    pub likes: LikesMode,
}

fn default_per_person() -> u32 {
    5
}

fn default_max_chars() -> u32 {
    140
}

fn default_anonymous() -> bool {
    true
}

/// When a new idea appears for everyone.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum WallMode {
    /// At once.
    #[default]
    Live,
    /// Once the facilitator approved it (a queue in the console).
    Approve,
    /// Everyone writes privately; the facilitator reveals all cards at once.
    Private,
}

/// Whether students like cards, and when the likes show.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum LikesMode {
    /// Likes and their counts show live.
    #[default]
    Live,
    /// Students like cards, but the counts show only once the wall closes.
    Hidden,
    /// No likes.
    Off,
}

/// Inputs to a brainstorm wall.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum BrainstormInput {
    /// Phone: add an idea (while open; the profanity check applies).
    Add {
        /// The idea.
        text: String,
    },
    /// Phone: change the text of an own idea (while open); host: correct any card's text.
    Edit {
        /// The card.
        card: u32,
        /// Its new text.
        text: String,
    },
    /// Phone: take back an own idea (while open).
    Withdraw {
        /// The card.
        card: u32,
    },
    /// Phone: like a card or take the like back (one per card per person, not an own card).
    Like {
        /// The card.
        card: u32,
        /// `true` to like, `false` to take the like back.
        like: bool,
    },
    /// Host: open the wall.
    Open,
    /// Host: show every card written so far (a private wall); later ideas appear at once.
    Reveal,
    /// Host: close the wall (ideas and likes can no longer change; hidden likes show).
    Close,
    /// Host: open a closed wall again.
    Reopen,
    /// Host: let a waiting card onto the wall.
    Approve {
        /// The card.
        card: u32,
    },
    /// Host: hide a card from every screen, or show it again.
    Hide {
        /// The card.
        card: u32,
        /// `true` hides, `false` shows it again.
        hidden: bool,
    },
    /// Host: pin a card (shown first, and carried into a dot-vote as pinned) or unpin it.
    Pin {
        /// The card.
        card: u32,
        /// `true` pins, `false` unpins.
        pinned: bool,
    },
    /// Host: merge a duplicate into another card: it disappears, and the card it went into
    /// keeps every like of both (each person counted once).
    Merge {
        /// The duplicate.
        card: u32,
        /// The card it goes into.
        into: u32,
    },
    /// Host: append a dot-vote to the agenda with cards of this wall as its options, and make
    /// it the current activity (in its lobby, so its settings can still change).
    Carry {
        /// Which cards.
        pick: CarryPick,
        /// The dot-vote's title.
        title: String,
    },
}

impl KindInput for BrainstormInput {
    /// Phones add, withdraw and like ideas; an edit is a phone's (its own card) or a
    /// moderator's (any card); moderators approve, hide, pin and merge; the host runs the rest.
    fn senders(&self) -> Senders {
        match self {
            BrainstormInput::Add { .. }
            | BrainstormInput::Withdraw { .. }
            | BrainstormInput::Like { .. } => Senders::Participants,
            BrainstormInput::Edit { .. } => Senders::ParticipantsAndModerators,
            BrainstormInput::Approve { .. }
            | BrainstormInput::Hide { .. }
            | BrainstormInput::Pin { .. }
            | BrainstormInput::Merge { .. } => Senders::Moderators,
            _ => Senders::Host,
        }
    }
}

/// Which cards become a dot-vote's options.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum CarryPick {
    /// Every card on the wall (not hidden, waiting or private).
    All,
    /// The pinned cards.
    Pinned,
    /// The `n` cards with the most likes (the earlier-written card first among equals).
    Top {
        /// How many.
        n: u32,
    },
}

/// A brainstorm wall as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BrainstormView {
    /// The activity.
    pub id: ActivityId,
    /// The prompt.
    pub title: String,
    /// Most ideas per person.
    pub per_person: u32,
    /// Longest idea, in characters.
    pub max_chars: u32,
    /// Cards go into team columns.
    pub by_team: bool,
    /// Nobody sees who wrote or liked a card.
    pub anonymous: bool,
    /// When a new idea appears.
    pub mode: WallMode,
    /// The likes' setting.
    pub likes: LikesMode,
    /// Where it is.
    pub phase: BrainstormPhase,
    /// A private wall's cards have been revealed (always true for the other modes).
    pub revealed: bool,
    /// How many cards are on the wall.
    pub total: u32,
    /// Phones get new cards as they come. In a hall (over 1,000 participants) they do not:
    /// their wall is that of the last phase change (or of a `sync`), and `cards` holds at most
    /// 300 (pinned, most liked (only while likes show: hidden likes choose nothing), newest);
    /// the projector and the host still get every card live.
    pub live: bool,
    /// The cards on the wall, in the order they appeared (a private wall's in random order).
    pub cards: Vec<IdeaCard>,
}

/// The phases of a brainstorm wall (tagged by `phase`, like every kind's).
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(tag = "phase", rename_all = "camelCase")]
#[ts(export)]
pub enum BrainstormPhase {
    /// Not started.
    Lobby,
    /// Ideas and likes are taken.
    Open,
    /// Nothing changes any more (the facilitator may still moderate and carry cards).
    Closed,
}

/// A card as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IdeaCard {
    /// Its number (drawn at random; unique in the wall).
    pub id: u32,
    /// The idea.
    pub text: String,
    /// Its team column (walls by team only).
    pub team: Option<TeamId>,
    /// Its author's nickname (`null` in an anonymous wall).
    pub author: Option<String>,
    /// Likes (each person once; `null` while likes are hidden, or off).
    pub likes: Option<u32>,
    /// Pinned by the facilitator.
    pub pinned: bool,
    /// How many duplicates were merged into it.
    pub merged: u32,
}

/// A phone's own state in a brainstorm wall.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BrainstormPersonal {
    /// The own team (walls by team need one to add ideas).
    pub team: Option<TeamId>,
    /// This phone's ideas (withdrawn ones left out), oldest first.
    pub mine: Vec<OwnIdea>,
    /// The cards this phone likes.
    pub liked: Vec<u32>,
}

/// One of a phone's own ideas.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OwnIdea {
    /// The card.
    pub id: u32,
    /// Its text now (the facilitator may have corrected it).
    pub text: String,
    /// Where it is.
    pub status: CardStatus,
}

/// Where a card is.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CardStatus {
    /// On the wall for everyone.
    Shown,
    /// Waiting for the facilitator's approval.
    Waiting,
    /// Written privately; shows when the facilitator reveals the wall.
    Private,
    /// Hidden by the facilitator.
    Hidden,
    /// Merged into another card.
    Merged,
}

/// Host only: every card, with what moderation needs.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BrainstormHost {
    /// Every card not withdrawn, in the order written.
    pub cards: Vec<HostCard>,
}

/// A card as the host sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HostCard {
    /// Its number.
    pub id: u32,
    /// The idea.
    pub text: String,
    /// Its team column (walls by team only).
    pub team: Option<TeamId>,
    /// Its author's nickname (`null` in an anonymous wall: the host does not see it either).
    pub author: Option<String>,
    /// Likes (each person once), also while they are hidden from the others.
    pub likes: u32,
    /// Where it is.
    pub status: CardStatus,
    /// The card it was merged into.
    pub merged_into: Option<u32>,
    /// How many duplicates were merged into it.
    pub merged: u32,
    /// Pinned.
    pub pinned: bool,
    /// The facilitator corrected its text.
    pub edited: bool,
}

/// A small change to a brainstorm wall (sent coalesced on the room's tick).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum BrainstormChange {
    /// To everyone: a card appeared on the wall or changed (text, likes, pin, merges).
    Card {
        /// The card.
        card: IdeaCard,
        /// How many cards are on the wall now.
        total: u32,
    },
    /// To everyone: a card left the wall (hidden, withdrawn or merged).
    Gone {
        /// Its number.
        id: u32,
        /// How many cards are on the wall now.
        total: u32,
    },
    /// To the host: a card as the host sees it now.
    Host {
        /// The card.
        card: HostCard,
    },
    /// To the host: a card was withdrawn by its author.
    HostGone {
        /// Its number.
        id: u32,
    },
}

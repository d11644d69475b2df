//! Check-in ("Hoe gaat het met je?"): each participant picks one of five faces (1–5) and may
//! add a word, or skips. Phases: lobby → open → closed. Anonymous by default. The projector
//! shows the distribution only after closing and only when at least the privacy floor (3–10,
//! default 5) answered with a face, as bars of which none holds fewer than 2 answers (adjacent
//! faces merge until each bar does), so no bar points at one person; a live distribution would
//! let a watcher read a student's face from the bar that grew as they tapped.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivityId, KindInput, Senders};

/// The faces: 1 (bad) to 5 (great).
pub const MOODS: u32 = 5;

/// A check-in as prepared.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CheckInSpec {
    /// The question shown on every screen ("Hoe gaat het met je?").
    pub title: String,
    /// Phones may add one optional word to their face.
    #[serde(default = "yes")]
    pub words: bool,
    /// The exports carry no names (the default); screens never show names either way.
    #[serde(default = "yes")]
    pub anonymous: bool,
    /// Fewest faces before any distribution or word is shown (3–10).
    #[serde(default = "default_floor")]
    pub privacy_floor: u32,
}

fn yes() -> bool {
    true
}

fn default_floor() -> u32 {
    5
}

/// Inputs to a check-in.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum CheckInInput {
    /// Phone: my face (1–5) and, if the check-in asks for words, an optional word; replaces my
    /// earlier answer or skip.
    Answer {
        /// The face, 1 (bad) to 5 (great).
        mood: u32,
        /// One word (at most 30 characters), or none.
        word: Option<String>,
    },
    /// Phone: I skip this check-in (counted, but no face); replaces an earlier answer.
    Skip,
    /// Host: open the check-in.
    Open,
    /// Host: close it (the distribution shows if enough answered).
    Close,
    /// Moderator: leave a word (as it is listed) out of the word list.
    HideWord {
        /// The word as the list shows it.
        word: String,
    },
}

impl KindInput for CheckInInput {
    /// Phones answer or skip; moderators hide words; the host runs it.
    fn senders(&self) -> Senders {
        match self {
            CheckInInput::Answer { .. } | CheckInInput::Skip => Senders::Participants,
            CheckInInput::HideWord { .. } => Senders::Moderators,
            CheckInInput::Open | CheckInInput::Close => Senders::Host,
        }
    }
}

/// A check-in as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CheckInView {
    /// The activity.
    pub id: ActivityId,
    /// The question.
    pub title: String,
    /// Phones may add a word.
    pub words: bool,
    /// Fewest faces before anything is shown.
    pub privacy_floor: u32,
    /// Where it is.
    pub phase: CheckInPhase,
    /// How many gave a face, as of this view (sent when the phase changes; while open the
    /// room's `progress` counts who responded, answers and skips together).
    pub answered: u32,
    /// How many skipped, as of this view.
    pub skipped: u32,
    /// Closed with at least `privacyFloor` faces: the distribution and the words; else `null`.
    pub result: Option<CheckInResult>,
}

/// The phases of a check-in (tagged like every kind's phase, `{ "phase": "open" }`).
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(tag = "phase", rename_all = "camelCase")]
#[ts(export)]
pub enum CheckInPhase {
    /// Not started.
    Lobby,
    /// Phones answer.
    Open,
    /// Closed.
    Closed,
}

/// What a closed check-in shows.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CheckInResult {
    /// Bars over adjacent faces, from face 1 up, covering 1–5; each holds at least 2 answers.
    pub bars: Vec<MoodBar>,
    /// The words (moderators' hidden ones left out), most given first.
    pub words: Vec<WordCount>,
}

/// One bar: the faces `from`–`to` together.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MoodBar {
    /// Its lowest face.
    pub from: u32,
    /// Its highest face (`from` when it is one face).
    pub to: u32,
    /// Answers with a face in `from..=to`.
    pub count: u32,
}

/// A word and how many gave it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WordCount {
    /// The word (lower case).
    pub word: String,
    /// How many gave it.
    pub count: u32,
}

/// A phone's own state in a check-in.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CheckInPersonal {
    /// The own face, if given.
    pub mood: Option<u32>,
    /// The own word, if given.
    pub word: Option<String>,
    /// This phone skipped.
    pub skipped: bool,
}

/// Host (and co-facilitator) only: the words so far, for moderation, once at least the privacy
/// floor answered.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CheckInHost {
    /// Every word given, hidden ones included, most given first (empty below the floor).
    pub words: Vec<HostWord>,
}

/// A word as moderators see it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HostWord {
    /// The word (lower case).
    pub word: String,
    /// How many gave it.
    pub count: u32,
    /// A moderator left it out of the list.
    pub hidden: bool,
}

/// A small change to a check-in (sent coalesced on the room's tick).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum CheckInChange {
    /// Host only: the words now (as in [`CheckInHost`]), once the privacy floor is reached.
    Words {
        /// Every word given, hidden ones included, most given first.
        words: Vec<HostWord>,
    },
}

//! Open question / reflection: a question, short free-text answers (one or more per person,
//! as the facilitator sets), anonymous by default, with the wall's moderation (hide,
//! approve-first; a hide holds for the same text). Phases: lobby → open → closed. The
//! projector shows the answers as cards or as a word cloud, switchable live.
//!
//! For the cloud the server folds every answer of up to [`CLOUD_WORDS`] words to a key (case,
//! diacritics, punctuation and spaces folded; Dutch and English plurals, inflected adjectives
//! and diminutives merged) and counts, per key, the people who gave it; the cloud shows each
//! group's most common original spelling. An answer that is only a stop word, or longer, is a
//! card only. Nothing of the answers is public before the privacy floor (people with an
//! answer on the wall) is reached.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivityId, KindInput, Senders};

/// Most words an answer may have to go into the cloud as one phrase; longer answers are
/// cards only (splitting them would tear "niet leuk" into "leuk").
pub const CLOUD_WORDS: usize = 3;

/// An open question as prepared.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenQuestionSpec {
    /// The question, shown on every screen (1–200 characters).
    pub title: String,
    /// Most answers one person may have on the wall (1–10; withdrawn ones do not count).
    #[serde(default = "default_per_person")]
    pub per_person: u32,
    /// Longest answer, in characters (10–280).
    #[serde(default = "default_max_chars")]
    pub max_chars: u32,
    /// No screen, export or report shows who wrote an answer (the default).
    #[serde(default = "yes")]
    pub anonymous: bool,
    /// A new answer waits for a moderator's approval before anyone else sees it.
    #[serde(default)]
    pub approve: bool,
    /// How the projector shows the answers at the start (switchable live).
    #[serde(default)]
    pub display: OpenDisplay,
    /// Fewest people with an answer on the wall before any answer or word is shown (1–10).
    #[serde(default = "default_floor")]
    pub privacy_floor: u32,
}

fn default_per_person() -> u32 {
    3
}

fn default_max_chars() -> u32 {
    80
}

fn default_floor() -> u32 {
    3
}

fn yes() -> bool {
    true
}

/// How the projector shows the answers.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum OpenDisplay {
    /// A word cloud of the short answers (the longer ones counted beside it).
    #[default]
    Cloud,
    /// Every answer as a card.
    Cards,
}

/// Inputs to an open question.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum OpenQuestionInput {
    /// Phone: add an answer (while open; the text check applies).
    Answer {
        /// The answer.
        text: String,
    },
    /// Phone: take back an own answer (while open).
    Withdraw {
        /// The answer's number.
        answer: u32,
    },
    /// Host: open the question.
    Open,
    /// Host: close it (answers can no longer change).
    Close,
    /// Host: open a closed question again.
    Reopen,
    /// Host: show the answers as cards or as a cloud.
    Show {
        /// How.
        display: OpenDisplay,
    },
    /// Moderator: let a waiting answer onto the wall.
    Approve {
        /// The answer.
        answer: u32,
    },
    /// Moderator: hide an answer from every screen, or show it again. A hide holds for the
    /// same text from the same writer.
    Hide {
        /// The answer.
        answer: u32,
        /// `true` hides, `false` shows it again.
        hidden: bool,
    },
    /// Moderator: leave a word (a group of the cloud, by its key) out of the cloud, or put it
    /// back. Its answers stay cards.
    HideWord {
        /// The group's key ([`CloudWord::key`]).
        word: String,
        /// `true` hides, `false` shows it again.
        hidden: bool,
    },
    /// Moderator: count a word of the cloud as another one (two spellings, synonyms).
    MergeWords {
        /// The group that goes (its key).
        word: String,
        /// The group it goes into (its key).
        into: String,
    },
    /// Moderator: undo a merge: the words merged into this one stand on their own again.
    SplitWord {
        /// The group (its key).
        word: String,
    },
}

impl KindInput for OpenQuestionInput {
    /// Phones answer and withdraw; moderators approve, hide, and hide, merge and split words;
    /// the host runs the rest.
    fn senders(&self) -> Senders {
        match self {
            OpenQuestionInput::Answer { .. } | OpenQuestionInput::Withdraw { .. } => {
                Senders::Participants
            }
            OpenQuestionInput::Approve { .. }
            | OpenQuestionInput::Hide { .. }
            | OpenQuestionInput::HideWord { .. }
            | OpenQuestionInput::MergeWords { .. }
            | OpenQuestionInput::SplitWord { .. } => Senders::Moderators,
            OpenQuestionInput::Open
            | OpenQuestionInput::Close
            | OpenQuestionInput::Reopen
            | OpenQuestionInput::Show { .. } => Senders::Host,
        }
    }
}

/// An open question as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenQuestionView {
    /// The activity.
    pub id: ActivityId,
    /// The question.
    pub title: String,
    /// Most answers per person.
    pub per_person: u32,
    /// Longest answer, in characters.
    pub max_chars: u32,
    /// Nobody sees who wrote an answer.
    pub anonymous: bool,
    /// Answers wait for approval.
    pub approve: bool,
    /// Fewest people with an answer before anything is shown.
    pub privacy_floor: u32,
    /// How the projector shows the answers now.
    pub display: OpenDisplay,
    /// Where it is.
    pub phase: OpenQuestionPhase,
    /// The privacy floor is reached: `cards` and `words` carry the answers (else both empty).
    pub shown: bool,
    /// How many answers are on the wall.
    pub total: u32,
    /// Answers on the wall that are not in the cloud (longer than three words, or only a stop
    /// word or punctuation).
    pub not_in_cloud: u32,
    /// The answers on the wall, in the order written (at most the newest 300).
    pub cards: Vec<OpenAnswer>,
    /// The cloud's words, most people first (at most 300; hidden words left out).
    pub words: Vec<CloudWord>,
}

/// The phases of an open question (tagged by `phase`, like every kind's).
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(tag = "phase", rename_all = "camelCase")]
#[ts(export)]
pub enum OpenQuestionPhase {
    /// Not started.
    Lobby,
    /// Answers are taken.
    Open,
    /// Nothing changes any more (moderators still moderate).
    Closed,
}

/// An answer as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenAnswer {
    /// Its number (drawn at random; unique in the activity).
    pub id: u32,
    /// The answer.
    pub text: String,
    /// Its author's nickname (`null` when anonymous).
    pub author: Option<String>,
}

/// One word (or phrase of up to three words) of the cloud: a group of answers that fold to
/// the same key.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CloudWord {
    /// The group's key (what its answers fold to); stable while the group exists.
    pub key: String,
    /// The most common original spelling in the group (the earliest among equals).
    pub text: String,
    /// How many people gave it (one person counts once, however often they wrote it).
    pub count: u32,
}

/// A phone's own state in an open question.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenQuestionPersonal {
    /// This phone's answers (withdrawn ones left out), oldest first.
    pub mine: Vec<OwnAnswer>,
}

/// One of a phone's own answers.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OwnAnswer {
    /// The answer's number.
    pub id: u32,
    /// Its text.
    pub text: String,
    /// Where it is.
    pub status: AnswerStatus,
}

/// Where an answer is.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum AnswerStatus {
    /// On the wall (shown once the privacy floor is reached).
    Shown,
    /// Waiting for a moderator's approval.
    Waiting,
    /// Hidden by a moderator.
    Hidden,
}

/// Host (and co-facilitator) only: every answer and every word, for moderation.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenQuestionHost {
    /// Every answer not withdrawn, in the order written.
    pub answers: Vec<HostAnswer>,
    /// Every word of the cloud, hidden ones included, most people first.
    pub words: Vec<HostCloudWord>,
}

/// An answer as moderators see it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HostAnswer {
    /// Its number.
    pub id: u32,
    /// The answer.
    pub text: String,
    /// Its author's nickname (`null` when anonymous: moderators do not see it either).
    pub author: Option<String>,
    /// Where it is.
    pub status: AnswerStatus,
    /// The cloud group it counts in (`null`: not in the cloud).
    pub word: Option<String>,
}

/// A word of the cloud as moderators see it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HostCloudWord {
    /// The word as the cloud shows it.
    pub word: CloudWord,
    /// A moderator left it out of the cloud.
    pub hidden: bool,
    /// The keys of the groups a moderator merged into it.
    pub merged: Vec<String>,
}

/// A small change to an open question (sent coalesced on the room's tick, to the projector and
/// the host only: phones show their own answers).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum OpenQuestionChange {
    /// An answer appeared on the wall.
    Card {
        /// The answer.
        card: OpenAnswer,
    },
    /// An answer left the wall (hidden or withdrawn).
    Gone {
        /// Its number.
        id: u32,
    },
    /// The cloud now, and the counts.
    Words {
        /// As [`OpenQuestionView::words`].
        words: Vec<CloudWord>,
        /// As [`OpenQuestionView::total`].
        total: u32,
        /// As [`OpenQuestionView::not_in_cloud`].
        not_in_cloud: u32,
    },
    /// Host: an answer as moderators see it now.
    Host {
        /// The answer.
        answer: HostAnswer,
    },
    /// Host: an answer was withdrawn.
    HostGone {
        /// Its number.
        id: u32,
    },
    /// Host: every word now.
    HostWords {
        /// As [`OpenQuestionHost::words`].
        words: Vec<HostCloudWord>,
    },
}

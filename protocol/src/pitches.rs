//! Pitches with rubric feedback: teams pitch in turn; the audience (and the facilitators)
//! rate each pitch on a rubric and leave a "top" and a "tip"; each team receives its own
//! feedback cards once the host has released them. Phases: lobby → for each team, pitch →
//! feedback → closed → results.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivityId, KindInput, Senders, TeamId};

/// One criterion of the rubric, e.g. *creatief*.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Criterion {
    /// Set for the built-in criteria (`creatief`, `realistisch`, `duidelijk`): pages show
    /// them in the reader's language. `null` for a criterion the host wrote.
    #[serde(default)]
    pub key: Option<String>,
    /// The criterion's name (1–40 characters).
    pub name: String,
}

/// A pitch round as prepared.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PitchesSpec {
    /// Title shown on the projector.
    pub title: String,
    /// The rubric: 1–6 criteria, each rated with 1–5 stars.
    #[serde(default = "default_criteria")]
    pub criteria: Vec<Criterion>,
    /// Seconds each team pitches; at zero its feedback opens by itself. `null`: no timer.
    #[serde(default = "default_pitch_secs")]
    pub pitch_secs: Option<u32>,
    /// Seconds of feedback per pitch; at zero its feedback closes by itself. `null`: no timer.
    #[serde(default = "default_feedback_secs")]
    pub feedback_secs: Option<u32>,
    /// Every rater must leave a top and a tip (otherwise they are optional).
    #[serde(default)]
    pub require_tops_tips: bool,
}

/// The built-in rubric: *creatief*, *realistisch*, *duidelijk* (Dutch; pages translate them by
/// `key`).
pub fn default_criteria() -> Vec<Criterion> {
    [
        ("creatief", "Creatief"),
        ("realistisch", "Realistisch"),
        ("duidelijk", "Duidelijk"),
    ]
    .into_iter()
    .map(|(key, name)| Criterion {
        key: Some(key.into()),
        name: name.into(),
    })
    .collect()
}

fn default_pitch_secs() -> Option<u32> {
    Some(180)
}

fn default_feedback_secs() -> Option<u32> {
    Some(90)
}

/// One rating of one pitch: stars per criterion and a top and a tip. Sent whole, so sending it
/// again changes nothing, and a changed rating replaces the earlier one.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RatingInput {
    /// Stars (1–5) per criterion, in the rubric's order.
    pub stars: Vec<u32>,
    /// What was good (may be empty unless required; the profanity check applies).
    #[serde(default)]
    pub top: String,
    /// What could be better (may be empty unless required; the profanity check applies).
    #[serde(default)]
    pub tip: String,
}

/// Inputs to a pitch round.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum PitchesInput {
    /// Host, before the round: the order in which teams pitch (current teams, each once).
    SetOrder {
        /// The teams, first to pitch first.
        teams: Vec<TeamId>,
    },
    /// Host, before the round: shuffle the order with a recorded random draw.
    Shuffle,
    /// Host: start the round with the first team's pitch.
    Start,
    /// Host: end the current pitch early and open its feedback.
    OpenFeedback,
    /// Host: close the current pitch's feedback window early.
    CloseFeedback,
    /// Host: the next team pitches (after the last one: the results).
    Next,
    /// Host: back to the previous team, with its feedback window open again.
    Back,
    /// Phone: rate the current pitch (not the own team's) while its feedback is open; may
    /// change until the window closes.
    Rate {
        /// The team whose pitch is rated (must be the current one).
        team: TeamId,
        /// The rating.
        rating: RatingInput,
    },
    /// Host: a facilitator rates the current pitch while its feedback is open (shown apart
    /// from the students' ratings); one rating per facilitator name, changeable.
    TeacherRate {
        /// The team whose pitch is rated.
        team: TeamId,
        /// The facilitator's name as typed in the console (1–24 characters), e.g. "Docent".
        teacher: String,
        /// The rating.
        rating: RatingInput,
    },
    /// Host: hide a feedback card (it never reaches the team, or is taken back), or show it
    /// again (it waits for the next release).
    Hide {
        /// The card.
        card: u32,
        /// Hidden (`true`) or not.
        hidden: bool,
    },
    /// Host: send a team every feedback card it has that is not hidden.
    Release {
        /// The team.
        team: TeamId,
    },
}

impl KindInput for PitchesInput {
    /// Phones rate; moderators hide a card and rate as a teacher; the host runs the round.
    fn senders(&self) -> Senders {
        match self {
            PitchesInput::Rate { .. } => Senders::Participants,
            PitchesInput::Hide { .. } | PitchesInput::TeacherRate { .. } => Senders::Moderators,
            _ => Senders::Host,
        }
    }
}

/// A pitch round as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PitchesView {
    /// The activity.
    pub id: ActivityId,
    /// Title.
    pub title: String,
    /// The rubric.
    pub criteria: Vec<Criterion>,
    /// Whether a top and a tip are required.
    pub require_tops_tips: bool,
    /// The teams in pitching order (before the start: the order so far, the room's teams when
    /// none was set).
    pub order: Vec<TeamId>,
    /// Where the round is.
    pub phase: PitchesPhase,
}

/// The phases of a pitch round.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "phase",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum PitchesPhase {
    /// Not started.
    Lobby,
    /// A team pitches.
    Pitch {
        /// Its place in the order (0-based).
        index: u32,
        /// The team.
        team: TeamId,
        /// When the pitch ends by itself (server clock, ms), if timed.
        #[ts(type = "number | null")]
        deadline: Option<u64>,
    },
    /// Everyone but the team rates its pitch.
    Feedback {
        /// Its place in the order.
        index: u32,
        /// The team.
        team: TeamId,
        /// When the feedback closes by itself (server clock, ms), if timed.
        #[ts(type = "number | null")]
        deadline: Option<u64>,
    },
    /// The pitch's feedback window closed; the host moves on.
    Closed {
        /// Its place in the order.
        index: u32,
        /// The team.
        team: TeamId,
    },
    /// Every team's results side by side.
    Results {
        /// One per team, in pitching order.
        results: Vec<PitchResult>,
    },
}

/// The means of a group of ratings.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Scores {
    /// How many rated.
    pub count: u32,
    /// The mean stars per criterion, in the rubric's order (empty when nobody rated).
    pub means: Vec<f64>,
}

/// One team's results: students' and facilitators' ratings apart, never who gave which.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PitchResult {
    /// The team.
    pub team: TeamId,
    /// The students' ratings.
    pub students: Scores,
    /// The facilitators' ratings.
    pub teachers: Scores,
}

/// Which half of a rater's feedback a card is.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CardKind {
    /// What was good.
    Top,
    /// What could be better.
    Tip,
}

/// A feedback card as its team sees it: no name, only whether a facilitator wrote it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FeedbackCard {
    /// Its number within the activity.
    pub id: u32,
    /// The team it is for.
    pub team: TeamId,
    /// Top or tip.
    pub kind: CardKind,
    /// The text.
    pub text: String,
    /// Written by a facilitator.
    pub teacher: bool,
}

/// A phone's own rating of one pitch (shown back so it can be changed).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OwnRating {
    /// The team rated.
    pub team: TeamId,
    /// The rating as sent.
    pub rating: RatingInput,
}

/// A phone's own state in a pitch round.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PitchesPersonal {
    /// The own team (its phones show "you are pitching" instead of the form).
    pub team: Option<TeamId>,
    /// This phone's ratings.
    pub ratings: Vec<OwnRating>,
    /// The own team's feedback cards the host released.
    pub feedback: Vec<FeedbackCard>,
}

/// A feedback card as the host sees it (still without the author's name).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FeedbackHostCard {
    /// Its number.
    pub id: u32,
    /// The team it is for.
    pub team: TeamId,
    /// Top or tip.
    pub kind: CardKind,
    /// The text now.
    pub text: String,
    /// Written by a facilitator.
    pub teacher: bool,
    /// Hidden by the host: it never reaches the team.
    pub hidden: bool,
    /// The team has this text (released and not changed since).
    pub released: bool,
}

/// A facilitator's rating, shown back in the console so it can be changed.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeacherRating {
    /// The team rated.
    pub team: TeamId,
    /// The facilitator's name as typed.
    pub teacher: String,
    /// The rating.
    pub rating: RatingInput,
}

/// Host only: every feedback card for moderation and every team's results so far.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PitchesHost {
    /// Every card with text, hidden ones included.
    pub cards: Vec<FeedbackHostCard>,
    /// Every team's results so far, in pitching order.
    pub results: Vec<PitchResult>,
    /// The facilitators' own ratings.
    pub teacher_ratings: Vec<TeacherRating>,
}

/// A small change in a pitch round (sent coalesced on the room's tick).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum PitchesChange {
    /// To a team's phones: a released card (new or changed).
    Card {
        /// The card.
        card: FeedbackCard,
    },
    /// To a team's phones: a card was taken back (hidden, or changed by its author); to the
    /// host: a card was emptied by its author.
    Gone {
        /// Its number.
        id: u32,
    },
    /// To the host: a card as the host sees it now.
    HostCard {
        /// The card.
        card: FeedbackHostCard,
    },
    /// To the host: one team's results so far.
    Result {
        /// The results.
        result: PitchResult,
    },
}

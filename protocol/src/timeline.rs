//! The class timeline ("visuele tijdlijn"): every session of the room in order, each with its
//! activities in agenda order and a compact summary of what the class said, plus the shifts
//! (the same statement or check-in in two or more sessions, its spread per session side by
//! side). The server computes it from the activities' summaries, which hold only what the
//! projector may show ([`ResultSummary`]).
//!
//! The timeline kind is a slide: lobby → sessions → shifts (and back). While it is the current
//! activity, its view carries the room's timeline, so the projector and the phones show it; the
//! console also reads it any time with `GET /api/rooms/CODE/timeline`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivityId, KindInput, Senders, SessionInfo};

/// A timeline slide as prepared. Every spec has a `title` (`ActivitySpec::title`).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TimelineSpec {
    /// The heading on every screen ("Wat jullie eerder zeiden").
    pub title: String,
}

/// Inputs to a timeline slide (the host's only: phones just look).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum TimelineInput {
    /// Host: show the sessions (from the lobby, or back from the shifts).
    Show,
    /// Host: show the shifts (repeated statements and check-ins side by side).
    Shifts,
    /// Host: done (the slide stays on screen; the agenda's next activity follows).
    Close,
}

impl KindInput for TimelineInput {
    /// The host runs it.
    fn senders(&self) -> Senders {
        Senders::Host
    }
}

/// A timeline slide as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TimelineView {
    /// The activity.
    pub id: ActivityId,
    /// The heading.
    pub title: String,
    /// Where it is.
    pub phase: TimelinePhase,
    /// The room's timeline, once shown (`null` in the lobby, and outside the room's current
    /// activity, e.g. in an export's view).
    pub timeline: Option<Timeline>,
}

/// The phases of a timeline slide (tagged like every kind's phase, `{ "phase": "sessions" }`).
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(tag = "phase", rename_all = "camelCase")]
#[ts(export)]
pub enum TimelinePhase {
    /// Not started: only the heading.
    Lobby,
    /// The sessions with their activities.
    Sessions,
    /// The shifts: repeated statements and check-ins side by side.
    Shifts,
    /// Done (shows the sessions).
    Closed,
}

/// The room's timeline: its sessions in order and what shifted between them.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Timeline {
    /// Every session with at least one activity that ran, in the room's order.
    pub sessions: Vec<TimelineSession>,
    /// Statements and check-ins asked in two or more sessions, in order of first asking.
    pub shifts: Vec<Shift>,
}

/// One session on the timeline.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TimelineSession {
    /// The session (title empty: the clients say "Session N").
    pub session: SessionInfo,
    /// Its place in the room, from 1 (for "Session N").
    pub number: u32,
    /// Its activities that ran, in agenda order (timeline slides and timers left out).
    pub items: Vec<TimelineItem>,
    /// How many of its activities never ran.
    pub not_run: u32,
}

/// One activity on the timeline.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TimelineItem {
    /// The activity.
    pub activity: ActivityId,
    /// Its kind's wire tag (`checkIn`, `quiz`, …), for the kind's name and icon.
    pub kind: String,
    /// Its title.
    pub title: String,
    /// What it showed, if its kind summarises and anything may be shown.
    pub summary: Option<ResultSummary>,
    /// Late input from the empty chair, once released (at least three voices): shown apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub late: Option<ResultSummary>,
}

/// A compact, privacy-safe summary of one activity's result, in one shape for every kind so one
/// renderer draws them all: lines of text (an idea, an option, a team, a question) each with an
/// optional number, and distributions. Only what the projector may show goes in: nothing
/// hidden before a reveal, nothing under a kind's privacy floor, no names where it is
/// anonymous.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ResultSummary {
    /// Lines, most important first (at most [`SUMMARY_LINES`]).
    #[serde(default)]
    pub lines: Vec<SummaryLine>,
    /// Distributions (a check-in's faces, each statement's spread).
    #[serde(default)]
    pub spreads: Vec<SummarySpread>,
}

/// Most lines in one summary.
pub const SUMMARY_LINES: usize = 5;

/// One line of a summary.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SummaryLine {
    /// The text (the class's or the facilitator's words).
    pub text: String,
    /// Its number, if any.
    pub value: Option<f64>,
    /// What the number counts.
    pub unit: Option<SummaryUnit>,
}

/// What a summary line's number counts (the clients say it in their language).
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SummaryUnit {
    /// People (a word given by 4 people).
    People,
    /// Likes on a card.
    Likes,
    /// Dots on an option.
    Dots,
    /// Votes for a name.
    Votes,
    /// Per cent of the answers correct.
    PercentCorrect,
    /// Mean stars out of 5.
    Stars,
}

/// One distribution: counts over a scale, never who.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SummarySpread {
    /// What it is about (a statement; empty for a check-in's faces).
    pub label: String,
    /// What ties it to the same question in another session (a statement's key, a check-in's
    /// folded title).
    pub key: String,
    /// The scale the bars lie on.
    pub scale: SpreadScale,
    /// The bars, from the scale's low end to its high end.
    pub bars: Vec<SpreadBar>,
    /// How many skipped.
    pub skipped: u32,
}

/// The scale of a distribution.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SpreadScale {
    /// A check-in's faces, 1 (bad) to 5 (good).
    Faces,
    /// A statement's line, from disagree to agree.
    Agree,
}

/// One bar of a distribution: positions `from`..=`to` of its scale (faces 1–5; on an agree
/// line 0 to `max`), and how many.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SpreadBar {
    /// First position.
    pub from: u32,
    /// Last position.
    pub to: u32,
    /// The highest position of the scale (5 for faces; 4, 6 or 100 on a line).
    pub max: u32,
    /// How many.
    pub count: u32,
}

/// A statement or check-in asked in two or more sessions: its spread per session.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Shift {
    /// The statement's text (the check-in's title), as first asked.
    pub label: String,
    /// The key it was matched by.
    pub key: String,
    /// The scale.
    pub scale: SpreadScale,
    /// One per session it was shown in, in session order.
    pub sessions: Vec<ShiftEntry>,
}

/// One session's spread of a shift.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ShiftEntry {
    /// The session's place in the room, from 1.
    pub number: u32,
    /// The session's title (empty: "Session N").
    pub title: String,
    /// The session's date, if set.
    pub date: Option<String>,
    /// The bars.
    pub bars: Vec<SpreadBar>,
    /// How many skipped.
    pub skipped: u32,
}

//! Templates: a session's plan as a file (`{"kring":"template","version":1,…}`), inserted into
//! a room's agenda at once ([`crate::Act::InsertTemplate`]), kept in a room
//! ([`crate::Act::SaveTemplate`]), and the built-in ones (`GET /api/templates`).
//!
//! Version 1 is designed to grow without a version change: every field added later gets a
//! default, so a file written before it existed, missing it, still loads. The server checks a
//! file (`server/src/template.rs`) and names the field of every complaint.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivitySpec, Lang};

/// The value of a template file's `kring` field.
pub const TEMPLATE_MARKER: &str = "template";
/// The newest template version this server writes (and the oldest it reads is 1).
pub const TEMPLATE_VERSION: u32 = 1;
/// Most templates one room keeps.
pub const MAX_SAVED_TEMPLATES: usize = 20;
/// Longest template title, in characters.
pub const MAX_TEMPLATE_TITLE_CHARS: usize = 120;
/// Longest template description, in characters.
pub const MAX_TEMPLATE_DESCRIPTION_CHARS: usize = 600;
/// Longest note of one item, in characters.
pub const MAX_TEMPLATE_NOTE_CHARS: usize = 300;

/// A session's plan: activities in order, each with its planned minutes.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Template {
    /// Always `"template"`: marks the file as a Kring template.
    pub kring: String,
    /// The format's version (1).
    pub version: u32,
    /// Its title, e.g. "Student voice".
    pub title: String,
    /// The language its activities are written in.
    #[serde(default)]
    pub lang: Lang,
    /// What the session is for, in a sentence or two.
    #[serde(default)]
    pub description: String,
    /// The activities, in order.
    pub items: Vec<TemplateItem>,
}

/// One activity of a template.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemplateItem {
    /// Minutes planned for it (absent: not planned).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub planned_minutes: Option<u32>,
    /// A word to the facilitator about it, e.g. "form teams first" (never shown to students).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The activity, as on the wire ([`ActivitySpec`]).
    pub spec: ActivitySpec,
    /// A card-sort whose columns are the room's sessions ("where did this card fit?"): put
    /// into a room with at least 2 sessions, its columns become their titles (a date for an
    /// untitled one), in order, the last 8; elsewhere its own `columns` stay. Absent: false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub session_columns: Option<bool>,
}

impl Template {
    /// The minutes planned for all its items.
    pub fn planned_minutes(&self) -> u32 {
        self.items.iter().filter_map(|i| i.planned_minutes).sum()
    }
}

/// One template as `GET /api/templates` lists it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BuiltInTemplate {
    /// A stable name, e.g. `student-voice-nl`.
    pub id: String,
    /// The template itself.
    pub template: Template,
}

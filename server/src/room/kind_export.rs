//! What a kind gives the exports of itself ([`KindExport`]): its JSON detail, its CSV rows and
//! its report section as [`Block`]s. The server's exports put these in their frame; kinds
//! depend only on this module, so the room does not depend on the exports.

use kring_protocol::ParticipantId;
use serde::Serialize;

/// What a kind exports of itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KindExport {
    /// Names are hidden in this activity.
    pub anonymous: bool,
    /// Its JSON detail (an object; merged into the activity's JSON).
    pub detail: serde_json::Map<String, serde_json::Value>,
    /// Its CSV rows.
    pub rows: Vec<ExportRow>,
    /// Its report section (a heading first).
    pub report: Vec<Block>,
}

/// One CSV row: a response to one item of an activity (an answer to a question, a proposal, a
/// vote, a rating). Cells a kind has no use for stay empty.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportRow {
    /// The item responded to: a question's number, a team's name, a card's number.
    pub item: String,
    /// The item's text.
    pub item_text: String,
    /// Who responded (empty when anonymous).
    pub participant: Option<ParticipantId>,
    /// Their nickname (empty when anonymous).
    pub nickname: Option<String>,
    /// Their team when they responded.
    pub team: Option<String>,
    /// The response in short (an option letter, "proposal", "vote").
    pub answer: String,
    /// The response's text.
    pub answer_text: String,
    /// Whether it was correct, where that means anything.
    pub correct: Option<bool>,
    /// Its value: points, votes, dots, stars.
    pub value: Option<String>,
    /// Milliseconds from the item opening to the response.
    pub time_ms: Option<u64>,
}

/// A report as blocks, rendered to Markdown or HTML by the exports.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The report's title.
    Title(String),
    /// A session's heading, above its activities' sections (the report frames these; a kind
    /// never makes one).
    Session(String),
    /// A section heading.
    Heading(String),
    /// A paragraph.
    Para(String),
    /// A table.
    Table {
        /// Column headings.
        head: Vec<String>,
        /// Rows of cells.
        rows: Vec<Vec<String>>,
    },
    /// A bar chart: an SVG drawing in the HTML report, a table of its numbers in Markdown.
    Chart {
        /// What the chart shows (its accessible name).
        title: String,
        /// The bars, top to bottom.
        bars: Vec<Bar>,
    },
}

/// One bar of a [`Block::Chart`].
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Bar {
    /// Its label (an option with its letter).
    pub label: String,
    /// Its length.
    pub value: u32,
    /// Drawn in the highlight colour, with a check mark (a correct answer).
    pub highlight: bool,
}

impl Block {
    /// A table from string slices for the heading.
    pub fn table(head: &[&str], rows: Vec<Vec<String>>) -> Self {
        Block::Table {
            head: head.iter().map(|h| (*h).to_owned()).collect(),
            rows,
        }
    }
}

/// A serialisable value as the JSON object of a [`KindExport::detail`].
pub fn detail(value: impl Serialize) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    }
}

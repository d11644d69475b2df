//! A "you said → we did" slide's results: its pairs (what the class said, what was done, or
//! "still working on it"), its source and how many phones tapped "👍 seen" (JSON); one CSV row
//! per pair and one for the reactions; a report section with the pairs as a table. The
//! reactions are a count only: nothing says who.

use kring_protocol::{ActivityId, Lang, WeDidPhase};
use serde::Serialize;

use super::WeDid;
use crate::room::kind_export::{Block, ExportRow, KindExport, detail};

/// One pair in the JSON export.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PairExport {
    said: String,
    did: String,
    /// No "did" yet: still working on it.
    in_progress: bool,
    /// It was revealed to the class.
    revealed: bool,
}

/// The source in the JSON export.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SourceExport {
    activity: ActivityId,
    title: String,
}

/// The JSON detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<SourceExport>,
    one_by_one: bool,
    started: bool,
    closed: bool,
    revealed: u32,
    pairs: Vec<PairExport>,
    /// Phones that tapped "👍 seen".
    seen: u32,
}

struct Words {
    heading: &'static str,
    said: &'static str,
    did: &'static str,
    in_progress: &'static str,
    source: &'static str,
    seen_row: &'static str,
    seen: fn(u32) -> String,
    not_shown: fn(u32, u32) -> String,
}

const EN: Words = Words {
    heading: "You said → we did",
    said: "You said",
    did: "We did",
    in_progress: "still working on it",
    source: "From",
    seen_row: "👍 seen",
    seen: |n| format!("{n} tapped \"👍 seen\"."),
    not_shown: |shown, total| format!("{shown} of {total} pairs were shown to the class."),
};

const NL: Words = Words {
    heading: "Jullie zeiden → wij deden",
    said: "Jullie zeiden",
    did: "Wij deden",
    in_progress: "nog mee bezig",
    source: "Uit",
    seen_row: "👍 gezien",
    seen: |n| format!("{n} tikten op \"👍 gezien\"."),
    not_shown: |shown, total| format!("{shown} van de {total} paren werden aan de klas getoond."),
};

/// The slide's export, in `lang`.
pub(super) fn export(slide: &WeDid, lang: Lang) -> KindExport {
    let w = match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    };
    let spec = &slide.spec;
    let did_text = |did: &str| {
        if did.trim().is_empty() {
            w.in_progress.to_owned()
        } else {
            did.to_owned()
        }
    };
    let pairs: Vec<PairExport> = spec
        .items
        .iter()
        .enumerate()
        .map(|(at, item)| PairExport {
            said: item.said.clone(),
            did: item.did.clone(),
            in_progress: item.did.trim().is_empty(),
            revealed: (at as u32) < slide.revealed,
        })
        .collect();
    let seen = slide.seen.len() as u32;
    let mut rows: Vec<ExportRow> = pairs
        .iter()
        .enumerate()
        .map(|(at, pair)| ExportRow {
            item: (at + 1).to_string(),
            item_text: pair.said.clone(),
            answer: w.did.to_owned(),
            answer_text: did_text(&pair.did),
            ..ExportRow::default()
        })
        .collect();
    rows.push(ExportRow {
        item: w.seen_row.to_owned(),
        item_text: spec.title.clone(),
        answer: w.seen_row.to_owned(),
        value: Some(seen.to_string()),
        ..ExportRow::default()
    });
    let mut report = vec![Block::Heading(format!("{}: {}", w.heading, spec.title))];
    if let Some(source) = &spec.source {
        report.push(Block::Para(format!("{}: {}", w.source, source.title)));
    }
    report.push(Block::Table {
        head: vec![w.said.to_owned(), w.did.to_owned()],
        rows: pairs
            .iter()
            .map(|p| vec![p.said.clone(), did_text(&p.did)])
            .collect(),
    });
    let total = slide.total();
    if slide.revealed < total {
        report.push(Block::Para((w.not_shown)(slide.revealed, total)));
    }
    report.push(Block::Para((w.seen)(seen)));
    KindExport {
        anonymous: true,
        detail: detail(Detail {
            source: spec.source.as_ref().map(|s| SourceExport {
                activity: s.activity,
                title: s.title.clone(),
            }),
            one_by_one: spec.one_by_one,
            started: slide.phase != WeDidPhase::Lobby,
            closed: slide.phase == WeDidPhase::Closed,
            revealed: slide.revealed,
            pairs,
            seen,
        }),
        rows,
        report,
    }
}

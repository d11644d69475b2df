//! A timeline slide's export: nothing of its own (it shows other activities' results, which
//! export themselves), only whether it was shown: no CSV rows, one line in the report.

use kring_protocol::{Lang, TimelinePhase};
use serde::Serialize;

use super::TimelineSlide;
use crate::room::kind_export::{Block, KindExport, detail};

/// The JSON detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    shown: bool,
}

/// The slide's export, in `lang`.
pub(super) fn export(slide: &TimelineSlide, lang: Lang) -> KindExport {
    let shown = slide.phase != TimelinePhase::Lobby;
    let line = match (lang, shown) {
        (Lang::Nl, true) => "De tijdlijn van eerdere sessies is getoond.",
        (Lang::Nl, false) => "De tijdlijn is niet getoond.",
        (Lang::En, true) => "The timeline of earlier sessions was shown.",
        (Lang::En, false) => "The timeline was not shown.",
    };
    KindExport {
        anonymous: true,
        detail: detail(Detail { shown }),
        rows: Vec::new(),
        report: vec![
            Block::Heading(slide.spec.title.clone()),
            Block::Para(line.to_owned()),
        ],
    }
}

//! A card-sort's results: the cards with their groups, the columns and the heatmap as the
//! screens show it (JSON), one CSV row per card and column with its shown count, and a report
//! section with the heatmap as a table.
//!
//! A card-sort is anonymous by construction: its exports say no more than the projector did.
//! A cell under the privacy floor has no number (`null` in JSON, an empty value in CSV, "–" in
//! the report), and there are no totals per card or column to work one out from.

use kring_protocol::{CardSortPhase, Heatmap, Lang, SortCard};
use serde::Serialize;

use super::CardSort;
use crate::room::kind_export::{Block, ExportRow, KindExport, detail};

/// The JSON detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail<'a> {
    privacy_floor: u32,
    live: bool,
    /// Whether the heatmap was revealed to everyone.
    revealed: bool,
    /// How many placed at least one card.
    sorted: u32,
    /// How many skipped.
    skipped: u32,
    cards: &'a [SortCard],
    columns: &'a [String],
    /// Per card, per column: the count, `null` under the privacy floor.
    heatmap: Heatmap,
}

/// The card-sort's export, in `lang`.
pub(super) fn export(sort: &CardSort, lang: Lang) -> KindExport {
    let nl = lang == Lang::Nl;
    let (heading, card_word, group_word, tone_word, positive, negative) = if nl {
        (
            "Kaartsortering",
            "Kaart",
            "Effect",
            "Soort",
            "positief",
            "negatief",
        )
    } else {
        (
            "Card-sort",
            "Card",
            "Effect",
            "Tone",
            "positive",
            "negative",
        )
    };
    let floor = sort.spec.privacy_floor;
    let summary = if nl {
        format!(
            "{} studenten legden kaarten, {} sloegen over. Een vak met minder dan {floor} \
             kaarten toont geen getal (–).",
            sort.placed.len(),
            sort.skipped.len()
        )
    } else {
        format!(
            "{} students placed cards, {} skipped. A cell with fewer than {floor} cards shows \
             no number (–).",
            sort.placed.len(),
            sort.skipped.len()
        )
    };
    let shown = sort.shown();
    let mut rows = Vec::new();
    let mut table = Vec::new();
    for (i, (card, cells)) in sort.spec.cards.iter().zip(&shown.cells).enumerate() {
        let tone = if card.positive { positive } else { negative };
        let mut line = vec![card.text.clone(), card.group.clone(), tone.to_owned()];
        for (column, cell) in sort.spec.columns.iter().zip(cells) {
            line.push(cell.map_or_else(|| "–".to_owned(), |n| n.to_string()));
            rows.push(ExportRow {
                item: (i + 1).to_string(),
                item_text: card.text.clone(),
                answer: column.clone(),
                answer_text: card.group.clone(),
                value: cell.map(|n| n.to_string()),
                ..ExportRow::default()
            });
        }
        table.push(line);
    }
    let mut head = vec![card_word, group_word, tone_word];
    head.extend(sort.spec.columns.iter().map(String::as_str));
    KindExport {
        anonymous: true,
        detail: detail(Detail {
            privacy_floor: floor,
            live: sort.spec.live,
            revealed: sort.phase == CardSortPhase::Revealed,
            sorted: sort.placed.len() as u32,
            skipped: sort.skipped.len() as u32,
            cards: &sort.spec.cards,
            columns: &sort.spec.columns,
            heatmap: shown,
        }),
        rows,
        report: vec![
            Block::Heading(format!("{heading}: {}", sort.spec.title)),
            Block::Para(summary),
            Block::table(&head, table),
        ],
    }
}

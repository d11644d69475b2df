//! A statement scale's results: every statement with its stable key, its spread and mean
//! position (JSON), one CSV row per answer, and a report section with a table (key, dots,
//! skips, mean) and a chart of each asked statement's spread.
//!
//! Answers never carry a participant: they are listed by statement and position, not in an
//! order of joining or answering, so an answer cannot be matched to the participants list.
//! The key lets the same statement be compared across sessions.

use kring_protocol::{Lang, ScaleSteps};
use serde::Serialize;

use super::{Answer, Phase, StatementScale, statement_key};
use crate::room::kind_export::{Bar, Block, ExportRow, KindExport, detail};

/// One statement with its spread.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatementExport {
    id: u32,
    key: String,
    text: String,
    /// Dots per position, from "disagree" to "agree".
    counts: Vec<u32>,
    skipped: u32,
    /// Mean position as a percentage of the line (0: disagree, 100: agree), if any dots.
    mean_percent: Option<u32>,
    revealed: bool,
}

/// The JSON detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    steps: ScaleSteps,
    live: bool,
    statements: Vec<StatementExport>,
}

/// The mean of `counts` (dots per position) as a percentage of the line, if any dots.
fn mean_percent(counts: &[u32], max: u32) -> Option<u32> {
    let dots: u64 = counts.iter().map(|&c| u64::from(c)).sum();
    if dots == 0 || max == 0 {
        return None;
    }
    let sum: u64 = counts
        .iter()
        .enumerate()
        .map(|(p, &c)| p as u64 * u64::from(c))
        .sum();
    Some(((sum * 100 + dots * u64::from(max) / 2) / (dots * u64::from(max))) as u32)
}

/// The scale's export, in `lang`.
pub(super) fn export(scale: &StatementScale, lang: Lang) -> KindExport {
    let nl = lang == Lang::Nl;
    let (heading, statement_word, key_word, dots_word, skipped_word, mean_word) = if nl {
        (
            "Stellingen",
            "Stelling",
            "Sleutel",
            "Stippen",
            "Overgeslagen",
            "Gemiddeld (0 oneens – 100 eens)",
        )
    } else {
        (
            "Statement scale",
            "Statement",
            "Key",
            "Dots",
            "Skipped",
            "Mean (0 disagree – 100 agree)",
        )
    };
    let (position_word, skip_word) = if nl {
        ("positie", "overgeslagen")
    } else {
        ("position", "skipped")
    };
    let max = scale.spec.steps.max();
    // Statements asked so far: up to the current one, once started.
    let asked = match scale.phase {
        Phase::Lobby => 0,
        Phase::Finished | Phase::OwnPace | Phase::AllRevealed => scale.spec.statements.len(),
        _ => scale.current as usize + 1,
    };
    let statements: Vec<StatementExport> = scale
        .spec
        .statements
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let spread = scale.spread(i as u32);
            StatementExport {
                id: i as u32,
                key: statement_key(s),
                text: s.text.clone(),
                mean_percent: mean_percent(&spread.counts, max),
                counts: spread.counts,
                skipped: spread.skipped,
                revealed: i < asked
                    && scale.phase != Phase::OwnPace
                    && !(i + 1 == asked && matches!(scale.phase, Phase::Open | Phase::Closed)),
            }
        })
        .collect();
    let mut rows = Vec::new();
    for (i, answers) in scale.answers.iter().enumerate() {
        let mut sorted: Vec<Answer> = answers.values().copied().collect();
        sorted.sort_by_key(|a| match a {
            Answer::At(p) => (0, *p),
            Answer::Skipped => (1, 0),
        });
        for a in sorted {
            rows.push(ExportRow {
                item: (i + 1).to_string(),
                item_text: scale.spec.statements[i].text.clone(),
                answer: match a {
                    Answer::At(_) => position_word.to_owned(),
                    Answer::Skipped => skip_word.to_owned(),
                },
                value: match a {
                    Answer::At(p) => Some(p.to_string()),
                    Answer::Skipped => None,
                },
                ..ExportRow::default()
            });
        }
    }
    let mut report = vec![Block::Heading(format!("{heading}: {}", scale.spec.title))];
    let table = statements[..asked]
        .iter()
        .map(|s| {
            vec![
                s.text.clone(),
                s.key.clone(),
                s.counts.iter().sum::<u32>().to_string(),
                s.skipped.to_string(),
                s.mean_percent.map_or_else(String::new, |m| m.to_string()),
            ]
        })
        .collect();
    report.push(Block::table(
        &[statement_word, key_word, dots_word, skipped_word, mean_word],
        table,
    ));
    for s in &statements[..asked] {
        report.push(Block::Chart {
            title: s.text.clone(),
            bars: chart_bars(&s.counts, scale.spec.steps, nl),
        });
    }
    KindExport {
        anonymous: true,
        detail: detail(Detail {
            steps: scale.spec.steps,
            live: scale.spec.live,
            statements,
        }),
        rows,
        report,
    }
}

/// The bars of a spread's chart, from "disagree" to "agree": one per step, or five ranges of
/// a continuous line.
fn chart_bars(counts: &[u32], steps: ScaleSteps, nl: bool) -> Vec<Bar> {
    let (disagree, agree) = if nl {
        ("oneens", "eens")
    } else {
        ("disagree", "agree")
    };
    let groups: Vec<(String, u32)> = match steps {
        ScaleSteps::Continuous => (0..5)
            .map(|g| {
                let from = g * 20 + usize::from(g > 0);
                let to = g * 20 + 20;
                (
                    format!("{from}–{to}"),
                    counts[from..=to].iter().sum::<u32>(),
                )
            })
            .collect(),
        _ => counts
            .iter()
            .enumerate()
            .map(|(p, &c)| ((p + 1).to_string(), c))
            .collect(),
    };
    let last = groups.len() - 1;
    groups
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| Bar {
            label: match i {
                0 => format!("{label} ({disagree})"),
                _ if i == last => format!("{label} ({agree})"),
                _ => label,
            },
            value,
            highlight: false,
        })
        .collect()
}

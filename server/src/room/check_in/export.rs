//! A check-in's results: how many answered and skipped, the distribution as the screens show
//! it (bars of at least 2 answers, only at or above the privacy floor) and the word list
//! (JSON and the report). A named check-in also exports each participant's face and word as
//! CSV rows; an anonymous one (the default) exports no answer on its own, so its exports say
//! no more than the projector did.

use kring_protocol::{HostWord, Lang, MoodBar, ParticipantId};
use serde::Serialize;

use super::{CheckIn, bars};
use crate::room::kind::Roster;
use crate::room::kind_export::{Bar, Block, ExportRow, KindExport, detail};

/// One participant's answer (named check-ins only).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AnswerExport {
    participant: ParticipantId,
    nickname: String,
    mood: Option<u32>,
    word: Option<String>,
    skipped: bool,
}

/// The JSON detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    privacy_floor: u32,
    closed: bool,
    answered: u32,
    skipped: u32,
    /// `null` below the privacy floor.
    bars: Option<Vec<MoodBar>>,
    words: Vec<HostWord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answers: Option<Vec<AnswerExport>>,
}

/// The faces of a bar as its label: "3" or "1–2".
fn faces(bar: &MoodBar) -> String {
    if bar.from == bar.to {
        bar.from.to_string()
    } else {
        format!("{}–{}", bar.from, bar.to)
    }
}

/// The check-in's export, in `lang`.
pub(super) fn export(check_in: &CheckIn, roster: &Roster<'_>, lang: Lang) -> KindExport {
    let (heading, answered_word, skipped_word, too_few, chart, faces_word, words_head, count_word) =
        match lang {
            Lang::Nl => (
                "Check-in",
                "antwoorden",
                "overgeslagen",
                "Te weinig antwoorden om de verdeling te tonen (minimaal {n}).",
                "Verdeling van de gezichtjes",
                "Gezichtje",
                "Woord",
                "Aantal",
            ),
            Lang::En => (
                "Check-in",
                "answers",
                "skipped",
                "Too few answers to show the distribution (at least {n}).",
                "Distribution of the faces",
                "Face",
                "Word",
                "Count",
            ),
        };
    let spec = &check_in.spec;
    let answered = check_in.answered();
    let skipped = check_in.answers.len() as u32 - answered;
    let above = check_in.above_floor();
    let shown = above.then(|| bars(&check_in.counts()));
    // Below the floor none, as on every screen.
    let words = check_in.host_words();
    let answers = (!spec.anonymous).then(|| {
        check_in
            .answers
            .iter()
            .map(|(&p, a)| AnswerExport {
                participant: p,
                nickname: roster.nickname(p).to_owned(),
                mood: a.mood,
                word: a.word.clone(),
                skipped: a.mood.is_none(),
            })
            .collect::<Vec<_>>()
    });
    let rows = answers
        .iter()
        .flatten()
        .map(|a| ExportRow {
            item: "1".to_owned(),
            item_text: spec.title.clone(),
            participant: Some(a.participant),
            nickname: Some(a.nickname.clone()),
            team: roster
                .teams()
                .team_of(a.participant)
                .and_then(|t| roster.teams().get(t))
                .map(|t| t.name.clone()),
            answer: a
                .mood
                .map_or_else(|| skipped_word.to_owned(), |m| m.to_string()),
            answer_text: a.word.clone().unwrap_or_default(),
            value: a.mood.map(|m| m.to_string()),
            ..ExportRow::default()
        })
        .collect();
    let mut report = vec![
        Block::Heading(format!("{heading}: {}", spec.title)),
        Block::Para(format!(
            "{answered} {answered_word}, {skipped} {skipped_word}"
        )),
    ];
    match &shown {
        Some(bars) => report.push(Block::Chart {
            title: chart.to_owned(),
            bars: bars
                .iter()
                .map(|b| Bar {
                    label: format!("{faces_word} {}", faces(b)),
                    value: b.count,
                    highlight: false,
                })
                .collect(),
        }),
        None => report.push(Block::Para(
            too_few.replace("{n}", &spec.privacy_floor.to_string()),
        )),
    }
    let listed: Vec<Vec<String>> = words
        .iter()
        .filter(|w| !w.hidden)
        .map(|w| vec![w.word.clone(), w.count.to_string()])
        .collect();
    if !listed.is_empty() {
        report.push(Block::table(&[words_head, count_word], listed));
    }
    KindExport {
        anonymous: spec.anonymous,
        detail: detail(Detail {
            privacy_floor: spec.privacy_floor,
            closed: check_in.phase == kring_protocol::CheckInPhase::Closed,
            answered,
            skipped,
            bars: shown,
            words,
            answers,
        }),
        rows,
        report,
    }
}

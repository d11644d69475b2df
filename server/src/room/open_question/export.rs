//! An open question's results: every answer (withdrawn ones left out, as their authors took
//! them back) with its status and the cloud word it counts in, and every word of the cloud
//! with how many people gave it and how many answers it holds (JSON); one CSV row per answer
//! and one per word; and a report section with the words (the numbers behind the cloud) and
//! the answers on the wall.
//!
//! An anonymous question's export carries no author and no time of writing, and lists its
//! answers by their random numbers, so neither the order nor a timestamp points to a person.

use kring_protocol::{AnswerStatus, Lang, OpenDisplay, ParticipantId};
use serde::Serialize;

use super::{Answer, OpenQuestion};
use crate::room::kind::Roster;
use crate::room::kind_export::{Bar, Block, ExportRow, KindExport, detail};

/// One answer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AnswerExport {
    id: u32,
    text: String,
    status: AnswerStatus,
    /// The cloud word it counts in (its key), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    word: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    participant: Option<ParticipantId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nickname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    written_at: Option<u64>,
}

/// One word of the cloud.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WordExport {
    key: String,
    text: String,
    /// People who gave it.
    people: u32,
    /// Answers in it.
    answers: u32,
    hidden: bool,
    /// Keys a moderator merged into it.
    merged: Vec<String>,
}

/// The JSON detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    per_person: u32,
    max_chars: u32,
    approve: bool,
    privacy_floor: u32,
    display: OpenDisplay,
    /// People with an answer on the wall.
    people: u32,
    /// Whether the privacy floor was reached (else the report shows no answer).
    shown: bool,
    answers: Vec<AnswerExport>,
    words: Vec<WordExport>,
}

struct Words {
    heading: &'static str,
    word: &'static str,
    people: &'static str,
    answers: &'static str,
    answer: &'static str,
    cloud: &'static str,
    summary: fn(usize, u32, usize, usize) -> String,
    below_floor: fn(u32) -> String,
    status: fn(AnswerStatus) -> &'static str,
    word_row: &'static str,
    author: &'static str,
}

const EN: Words = Words {
    heading: "Open question",
    word: "Word",
    people: "People",
    answers: "Answers",
    answer: "Answer",
    cloud: "Word cloud: people per word",
    summary: |answers, people, hidden, words| {
        format!("{answers} answers from {people} people in {words} words; {hidden} hidden.")
    },
    below_floor: |n| {
        format!("Fewer than {n} people answered: no answer is shown, so nobody can be recognised.")
    },
    status: |s| match s {
        AnswerStatus::Shown => "answer",
        AnswerStatus::Waiting => "waiting",
        AnswerStatus::Hidden => "hidden",
    },
    word_row: "word",
    author: "Written by",
};

const NL: Words = Words {
    heading: "Open vraag",
    word: "Woord",
    people: "Deelnemers",
    answers: "Antwoorden",
    answer: "Antwoord",
    cloud: "Woordwolk: deelnemers per woord",
    summary: |answers, people, hidden, words| {
        format!(
            "{answers} antwoorden van {people} deelnemers in {words} woorden; {hidden} verborgen."
        )
    },
    below_floor: |n| {
        format!(
            "Minder dan {n} deelnemers gaven antwoord: er wordt niets getoond, zodat niemand herkenbaar is."
        )
    },
    status: |s| match s {
        AnswerStatus::Shown => "antwoord",
        AnswerStatus::Waiting => "wacht",
        AnswerStatus::Hidden => "verborgen",
    },
    word_row: "woord",
    author: "Geschreven door",
};

/// The open question's export, in `lang`.
pub(super) fn export(q: &OpenQuestion, roster: &Roster<'_>, lang: Lang) -> KindExport {
    let w = match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    };
    let named = !q.spec.anonymous;
    // Named: in the order written; anonymous: by random number, which says nothing.
    let answers: Vec<&Answer> = if named {
        q.order.iter().map(|id| &q.answers[id]).collect()
    } else {
        q.answers.values().collect()
    };
    let exported: Vec<AnswerExport> = answers
        .into_iter()
        .filter(|a| !a.withdrawn)
        .map(|a| AnswerExport {
            id: a.id,
            text: a.text.clone(),
            status: OpenQuestion::status(a),
            word: a.key.as_deref().map(|k| q.root(k).to_owned()),
            participant: named.then_some(a.author),
            nickname: named.then(|| roster.nickname(a.author).to_owned()),
            written_at: named.then_some(a.at),
        })
        .collect();
    let shown = q.shown();
    // Below the floor an anonymous export shows no answer and no word: a handful could be
    // recognised. A named export is the facilitator's own record and carries them.
    let public = shown || named;
    let groups = q.groups();
    let words: Vec<WordExport> = groups
        .iter()
        .map(|g| WordExport {
            key: g.word.key.clone(),
            text: g.word.text.clone(),
            people: g.word.count,
            answers: g.answers,
            hidden: q.hidden_words.contains(&g.word.key),
            merged: g.merged.clone(),
        })
        .collect();
    let mut rows = Vec::new();
    if public {
        for a in &exported {
            rows.push(ExportRow {
                item: a.id.to_string(),
                participant: a.participant,
                nickname: a.nickname.clone(),
                answer: (w.status)(a.status).to_owned(),
                answer_text: a.text.clone(),
                value: a.word.clone(),
                ..ExportRow::default()
            });
        }
        for word in &words {
            rows.push(ExportRow {
                item: word.key.clone(),
                item_text: word.text.clone(),
                answer: w.word_row.to_owned(),
                value: Some(word.people.to_string()),
                ..ExportRow::default()
            });
        }
    }
    let count = |s: AnswerStatus| exported.iter().filter(|a| a.status == s).count();
    let mut report = vec![Block::Heading(format!("{}: {}", w.heading, q.spec.title))];
    if public {
        report.push(Block::Para((w.summary)(
            count(AnswerStatus::Shown),
            q.people(),
            count(AnswerStatus::Hidden),
            words.iter().filter(|x| !x.hidden).count(),
        )));
        let visible: Vec<&WordExport> = words.iter().filter(|x| !x.hidden).collect();
        if !visible.is_empty() {
            report.push(Block::Chart {
                title: w.cloud.to_owned(),
                bars: visible
                    .iter()
                    .take(30)
                    .map(|x| Bar {
                        label: x.text.clone(),
                        value: x.people,
                        highlight: false,
                    })
                    .collect(),
            });
            report.push(Block::table(
                &[w.word, w.people, w.answers],
                visible
                    .iter()
                    .map(|x| vec![x.text.clone(), x.people.to_string(), x.answers.to_string()])
                    .collect(),
            ));
        }
        let mut head = vec![w.answer];
        if named {
            head.push(w.author);
        }
        report.push(Block::table(
            &head,
            exported
                .iter()
                .filter(|a| a.status == AnswerStatus::Shown)
                .map(|a| {
                    let mut row = vec![a.text.clone()];
                    if named {
                        row.push(a.nickname.clone().unwrap_or_default());
                    }
                    row
                })
                .collect(),
        ));
    } else {
        report.push(Block::Para((w.below_floor)(q.spec.privacy_floor)));
    }
    KindExport {
        anonymous: q.spec.anonymous,
        detail: detail(Detail {
            per_person: q.spec.per_person,
            max_chars: q.spec.max_chars,
            approve: q.spec.approve,
            privacy_floor: q.spec.privacy_floor,
            display: q.display,
            people: q.people(),
            shown,
            answers: if public { exported } else { Vec::new() },
            words: if public { words } else { Vec::new() },
        }),
        rows,
        report,
    }
}

//! Results leave the system: JSON (everything), CSV (one row per response, `;` and a UTF-8 BOM
//! so Dutch Excel opens it) and a session report in Markdown and printable HTML.
//!
//! All formats are built from one [`RoomExport`] model read from the room's state. Activities
//! that hide names (a quiz with "no ranking") are exported anonymously: no participant ids or
//! nicknames in their responses and no leaderboard.

use kring_protocol::{ActivityId, ErrorCode, Lang, ParticipantId};
use serde::Serialize;

use crate::room::quiz::{self, Quiz};
use crate::room::{ActError, Activity, RoomState};

/// A room's results, ready to be written in any format.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RoomExport {
    /// The room.
    pub room: RoomInfo,
    /// Everyone who joined (removed participants included, marked).
    pub participants: Vec<ParticipantExport>,
    /// Every activity on the agenda, in order.
    pub activities: Vec<ActivityExport>,
}

/// The room's identity.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RoomInfo {
    /// Join code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Creation time (ms since the epoch).
    pub created_at: u64,
    /// Export time (ms since the epoch).
    pub exported_at: u64,
}

/// A participant.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantExport {
    /// Id.
    pub id: ParticipantId,
    /// Nickname.
    pub nickname: String,
    /// Removed by the host.
    pub removed: bool,
}

/// One activity's results.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ActivityExport {
    /// A quiz.
    #[serde(rename_all = "camelCase")]
    Quiz {
        /// Activity id.
        id: ActivityId,
        /// Title.
        title: String,
        /// Names hidden: responses carry no participant.
        anonymous: bool,
        /// Every question with its responses.
        questions: Vec<QuestionExport>,
        /// Final scores, best first (empty when anonymous).
        scores: Vec<ScoreExport>,
    },
}

/// One quiz question's results.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct QuestionExport {
    /// 1-based number.
    pub number: u32,
    /// The question.
    pub text: String,
    /// The options.
    pub options: Vec<String>,
    /// 0-based indexes of the correct options.
    pub correct: Vec<u32>,
    /// Whether it was asked.
    pub asked: bool,
    /// Answers per option.
    pub counts: Vec<u32>,
    /// Every answer, in the order they arrived.
    pub responses: Vec<ResponseExport>,
}

/// One answer.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ResponseExport {
    /// Who (absent when anonymous).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant: Option<ParticipantId>,
    /// Their nickname (absent when anonymous).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// 0-based option chosen.
    pub choice: u32,
    /// Whether it was correct.
    pub correct: bool,
    /// Points earned.
    pub points: u32,
    /// Milliseconds from the question opening to the answer.
    pub time_ms: u64,
}

/// A final score.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScoreExport {
    /// Rank (ties share one).
    pub rank: u32,
    /// Who.
    pub participant: ParticipantId,
    /// Nickname.
    pub nickname: String,
    /// Points.
    pub score: u32,
}

impl RoomExport {
    /// Reads a room's results.
    pub fn from_state(state: &RoomState, exported_at: u64) -> Self {
        let meta = state.meta();
        RoomExport {
            room: RoomInfo {
                code: meta.code.0.clone(),
                title: meta.title.clone(),
                created_at: meta.created_at,
                exported_at,
            },
            participants: state
                .participants()
                .iter()
                .map(|p| ParticipantExport {
                    id: p.id,
                    nickname: p.nickname.clone(),
                    removed: p.removed,
                })
                .collect(),
            activities: state
                .activities()
                .map(|(id, activity)| match activity {
                    Activity::Quiz(q) => quiz_export(state, id, q),
                })
                .collect(),
        }
    }

    /// Keeps only one activity; an unknown id is an error.
    pub fn only(mut self, activity: ActivityId) -> Result<Self, ActError> {
        self.activities.retain(|a| a.id() == activity);
        if self.activities.is_empty() {
            return Err(ActError::new(
                ErrorCode::ActivityNotFound,
                "no such activity in this room",
            ));
        }
        Ok(self)
    }
}

impl ActivityExport {
    /// The activity's id.
    pub fn id(&self) -> ActivityId {
        match self {
            ActivityExport::Quiz { id, .. } => *id,
        }
    }
}

fn quiz_export(state: &RoomState, id: ActivityId, q: &Quiz) -> ActivityExport {
    let anonymous = q.spec().no_ranking;
    let nickname = |p: ParticipantId| {
        state
            .participant(p)
            .map_or_else(String::new, |p| p.nickname.clone())
    };
    let questions = q
        .spec()
        .questions
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let opened = q.opened_at(i);
            let mut answers: Vec<_> = q.answers(i).map(|a| a.iter().collect()).unwrap_or_default();
            answers.sort_by_key(|(p, a)| (a.at, **p));
            let mut counts = vec![0; spec.options.len()];
            for (_, a) in &answers {
                counts[a.choice as usize] += 1;
            }
            QuestionExport {
                number: i as u32 + 1,
                text: spec.text.clone(),
                options: spec.options.clone(),
                correct: spec.correct.clone(),
                asked: opened.is_some(),
                counts,
                responses: answers
                    .into_iter()
                    .map(|(&p, a)| ResponseExport {
                        participant: (!anonymous).then_some(p),
                        nickname: (!anonymous).then(|| nickname(p)),
                        choice: a.choice,
                        correct: spec.correct.contains(&a.choice),
                        points: a.points,
                        time_ms: a.at.saturating_sub(opened.unwrap_or(a.at)),
                    })
                    .collect(),
            }
        })
        .collect();
    let scores = if anonymous {
        Vec::new()
    } else {
        quiz::rank(state.roster().iter().map(|&p| (p, q.score(p))))
            .into_iter()
            .map(|(participant, score, rank)| ScoreExport {
                rank,
                participant,
                nickname: nickname(participant),
                score,
            })
            .collect()
    };
    ActivityExport::Quiz {
        id,
        title: q.spec().title.clone(),
        anonymous,
        questions,
        scores,
    }
}

/// Spreadsheets run cells starting with these as formulas; such text gets a leading `'`.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

fn cell(text: &str) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Option letter: 0 → A.
fn letter(choice: u32) -> char {
    char::from(b'A' + (choice as u8 % 26))
}

/// One row per response, `;` separated, with a UTF-8 BOM.
pub fn csv(export: &RoomExport) -> anyhow::Result<String> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    writer.write_record([
        "activity",
        "activity_title",
        "question",
        "question_text",
        "participant",
        "nickname",
        "answer",
        "answer_text",
        "correct",
        "points",
        "time_ms",
    ])?;
    for activity in &export.activities {
        match activity {
            ActivityExport::Quiz {
                id,
                title,
                questions,
                ..
            } => {
                for q in questions {
                    for r in &q.responses {
                        writer.write_record([
                            id.0.to_string(),
                            cell(title),
                            q.number.to_string(),
                            cell(&q.text),
                            r.participant.map(|p| p.0.to_string()).unwrap_or_default(),
                            r.nickname.as_deref().map(cell).unwrap_or_default(),
                            letter(r.choice).to_string(),
                            cell(&q.options[r.choice as usize]),
                            if r.correct { "1" } else { "0" }.to_owned(),
                            r.points.to_string(),
                            r.time_ms.to_string(),
                        ])?;
                    }
                }
            }
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("writing CSV: {e}"))?;
    Ok(format!("\u{feff}{}", String::from_utf8(bytes)?))
}

/// The report's words in Dutch and English.
struct Words {
    room: &'static str,
    created: &'static str,
    report_of: &'static str,
    participants: &'static str,
    quiz: &'static str,
    question: &'static str,
    answers: &'static str,
    correct: &'static str,
    option: &'static str,
    text: &'static str,
    anonymous: &'static str,
    not_asked: &'static str,
    top: &'static str,
    rank: &'static str,
    nickname: &'static str,
    score: &'static str,
}

const EN: Words = Words {
    room: "Room",
    created: "created",
    report_of: "report of",
    participants: "participants",
    quiz: "Quiz",
    question: "Question",
    answers: "Answers",
    correct: "Correct",
    option: "Option",
    text: "Text",
    anonymous: "Played without ranking: no names or scores.",
    not_asked: "No questions were asked yet.",
    top: "Top 5",
    rank: "Rank",
    nickname: "Nickname",
    score: "Score",
};

const NL: Words = Words {
    room: "Ruimte",
    created: "aangemaakt",
    report_of: "verslag van",
    participants: "deelnemers",
    quiz: "Quiz",
    question: "Vraag",
    answers: "Antwoorden",
    correct: "Goed",
    option: "Optie",
    text: "Tekst",
    anonymous: "Gespeeld zonder ranglijst: geen namen of scores.",
    not_asked: "Er zijn nog geen vragen gesteld.",
    top: "Top 5",
    rank: "Plaats",
    nickname: "Bijnaam",
    score: "Score",
};

/// A report as blocks, rendered to Markdown or HTML by [`markdown`] and [`html`].
enum Block {
    Title(String),
    Heading(String),
    Para(String),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

/// A bar of `n` out of `max` as text (tables stand in for charts).
fn bar(n: u32, max: u32) -> String {
    let width = if max == 0 { 0 } else { (n * 20).div_ceil(max) };
    "█".repeat(width as usize)
}

fn report(export: &RoomExport, lang: Lang) -> Vec<Block> {
    let w = match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    };
    let room = &export.room;
    let joined = export.participants.iter().filter(|p| !p.removed).count();
    let mut blocks = vec![
        Block::Title(format!("Kring — {}", room.title)),
        Block::Para(format!(
            "{} {} · {} {} · {} {} · {joined} {}",
            w.room,
            room.code,
            w.created,
            utc_time(room.created_at),
            w.report_of,
            utc_time(room.exported_at),
            w.participants
        )),
    ];
    for activity in &export.activities {
        match activity {
            ActivityExport::Quiz {
                title,
                anonymous,
                questions,
                scores,
                ..
            } => {
                blocks.push(Block::Heading(format!("{}: {title}", w.quiz)));
                let asked: Vec<&QuestionExport> = questions.iter().filter(|q| q.asked).collect();
                let rows = asked
                    .iter()
                    .map(|q| {
                        let right = q.responses.iter().filter(|r| r.correct).count();
                        let share = if q.responses.is_empty() {
                            0
                        } else {
                            right * 100 / q.responses.len()
                        };
                        vec![
                            q.number.to_string(),
                            q.text.clone(),
                            q.responses.len().to_string(),
                            format!("{right} ({share}%)"),
                        ]
                    })
                    .collect();
                if asked.is_empty() {
                    blocks.push(Block::Para(w.not_asked.into()));
                } else {
                    let head = ["#", w.question, w.answers, w.correct]
                        .map(String::from)
                        .to_vec();
                    blocks.push(Block::Table { head, rows });
                }
                for q in asked {
                    blocks.push(Block::Para(format!(
                        "{} {}: {}",
                        w.question, q.number, q.text
                    )));
                    let max = q.counts.iter().copied().max().unwrap_or(0);
                    let rows = q
                        .options
                        .iter()
                        .enumerate()
                        .map(|(i, option)| {
                            let mark = if q.correct.contains(&(i as u32)) {
                                " ✓"
                            } else {
                                ""
                            };
                            let n = q.counts[i];
                            vec![
                                format!("{}{mark}", letter(i as u32)),
                                option.clone(),
                                n.to_string(),
                                bar(n, max),
                            ]
                        })
                        .collect();
                    let head = [w.option, w.text, w.answers, ""].map(String::from).to_vec();
                    blocks.push(Block::Table { head, rows });
                }
                if *anonymous {
                    blocks.push(Block::Para(w.anonymous.into()));
                } else if !scores.is_empty() {
                    let rows = scores
                        .iter()
                        .take(quiz::TOP_N)
                        .map(|s| vec![s.rank.to_string(), s.nickname.clone(), s.score.to_string()])
                        .collect();
                    blocks.push(Block::Para(w.top.into()));
                    blocks.push(Block::Table {
                        head: [w.rank, w.nickname, w.score].map(String::from).to_vec(),
                        rows,
                    });
                }
            }
        }
    }
    blocks
}

/// Escapes text for Markdown (student text must stay text).
fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// The session report in Markdown.
pub fn markdown(export: &RoomExport, lang: Lang) -> String {
    let mut out = String::new();
    for block in report(export, lang) {
        match block {
            Block::Title(t) => out.push_str(&format!("# {}\n\n", md_escape(&t))),
            Block::Heading(t) => out.push_str(&format!("## {}\n\n", md_escape(&t))),
            Block::Para(t) => out.push_str(&format!("{}\n\n", md_escape(&t))),
            Block::Table { head, rows } => {
                let line = |cells: &[String]| {
                    format!(
                        "| {} |\n",
                        cells
                            .iter()
                            .map(|c| md_escape(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    )
                };
                out.push_str(&line(&head));
                out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
                for row in rows {
                    out.push_str(&line(&row));
                }
                out.push('\n');
            }
        }
    }
    out
}

/// Escapes text for HTML.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The session report as a printable HTML page.
pub fn html(export: &RoomExport, lang: Lang) -> String {
    let mut body = String::new();
    let mut title = String::new();
    for block in report(export, lang) {
        match block {
            Block::Title(t) => {
                title = html_escape(&t);
                body.push_str(&format!("<h1>{title}</h1>\n"));
            }
            Block::Heading(t) => body.push_str(&format!("<h2>{}</h2>\n", html_escape(&t))),
            Block::Para(t) => body.push_str(&format!("<p>{}</p>\n", html_escape(&t))),
            Block::Table { head, rows } => {
                body.push_str("<table>\n<tr>");
                for h in head {
                    body.push_str(&format!("<th>{}</th>", html_escape(&h)));
                }
                body.push_str("</tr>\n");
                for row in rows {
                    body.push_str("<tr>");
                    for c in row {
                        body.push_str(&format!("<td>{}</td>", html_escape(&c)));
                    }
                    body.push_str("</tr>\n");
                }
                body.push_str("</table>\n");
            }
        }
    }
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title>\n<style>\
body{{font:16px/1.4 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}}\
table{{border-collapse:collapse;margin:0 0 1.5rem}}td,th{{border:1px solid #999;padding:.3rem .6rem;text-align:left}}\
th{{background:#eee}}h2{{margin-top:2.5rem;break-after:avoid}}table{{break-inside:avoid}}\
@media print{{body{{margin:0}}}}</style></head>\n<body>\n{body}</body></html>\n",
        if lang == Lang::Nl { "nl" } else { "en" }
    )
}

/// `2026-11-23 10:41 UTC` for ms since the epoch.
pub fn utc_time(ms: u64) -> String {
    let secs = ms / 1000;
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc() {
        assert_eq!(utc_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_time(1_795_431_640_032), "2026-11-23 11:00 UTC");
        assert_eq!(utc_time(951_782_400_000), "2000-02-29 00:00 UTC");
    }

    #[test]
    fn student_text_stays_text() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("Sam"), "Sam");
        assert_eq!(
            html_escape("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(md_escape("a|b <i>"), "a\\|b \\<i\\>");
    }
}

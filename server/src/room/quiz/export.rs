//! A quiz's results: every question with its answers (JSON), one CSV row per answer, and a
//! report section with the answers per question and the top 5 (or, with "no ranking", no
//! names at all).

use kring_protocol::{ActivityId, AnswerMode, Lang, ParticipantId, TeamId};
use serde::Serialize;

use super::{Quiz, TOP_N, counts, is_correct, rank};
use crate::room::kind::Roster;
use crate::room::kind_export::{Bar, Block, ExportRow, KindExport, detail};

/// One quiz question's results.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
struct QuestionExport {
    /// 1-based number.
    number: u32,
    /// The question.
    text: String,
    /// The options.
    options: Vec<String>,
    /// 0-based indexes of the correct options.
    correct: Vec<u32>,
    /// One tap, or "select all that apply".
    mode: AnswerMode,
    /// Whether it was asked.
    asked: bool,
    /// Answers per option.
    counts: Vec<u32>,
    /// Every answer, in the order they arrived.
    responses: Vec<ResponseExport>,
}

/// One answer.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
struct ResponseExport {
    /// Who (absent when anonymous).
    #[serde(skip_serializing_if = "Option::is_none")]
    participant: Option<ParticipantId>,
    /// Their nickname (absent when anonymous).
    #[serde(skip_serializing_if = "Option::is_none")]
    nickname: Option<String>,
    /// Their team when they answered (absent when anonymous or without a team).
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<TeamId>,
    /// 0-based option chosen (the first ticked one of a "select all" answer).
    choice: u32,
    /// Every 0-based option chosen.
    choices: Vec<u32>,
    /// Whether it was correct.
    correct: bool,
    /// Points earned.
    points: u32,
    /// Milliseconds from the question opening to the answer.
    time_ms: u64,
}

/// A final score.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
struct ScoreExport {
    /// Rank (ties share one).
    rank: u32,
    /// Who.
    participant: ParticipantId,
    /// Nickname.
    nickname: String,
    /// Points.
    score: u32,
}

/// A team's final score (team mode).
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
struct TeamScoreExport {
    /// Rank (ties share one).
    rank: u32,
    /// The team.
    team: TeamId,
    /// Its name.
    name: String,
    /// Points.
    score: u32,
}

/// The JSON detail of a quiz.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail<'a> {
    team_mode: bool,
    questions: &'a [QuestionExport],
    scores: Vec<ScoreExport>,
    team_scores: Vec<TeamScoreExport>,
}

/// The report's words in Dutch and English.
struct Words {
    quiz: &'static str,
    question: &'static str,
    answers: &'static str,
    correct: &'static str,
    anonymous: &'static str,
    not_asked: &'static str,
    top: &'static str,
    rank: &'static str,
    nickname: &'static str,
    score: &'static str,
    team: &'static str,
    teams: &'static str,
    students: &'static str,
    right: &'static str,
    select_all: &'static str,
}

const EN: Words = Words {
    quiz: "Quiz",
    question: "Question",
    answers: "Answers",
    correct: "Correct",
    anonymous: "Played without ranking: no names or scores.",
    not_asked: "No questions were asked yet.",
    top: "Top 5",
    rank: "Rank",
    nickname: "Nickname",
    score: "Score",
    team: "Team",
    teams: "Teams",
    students: "Per student",
    right: "Right",
    select_all: "select all that apply",
};

const NL: Words = Words {
    quiz: "Quiz",
    question: "Vraag",
    answers: "Antwoorden",
    correct: "Goed",
    anonymous: "Gespeeld zonder ranglijst: geen namen of scores.",
    not_asked: "Er zijn nog geen vragen gesteld.",
    top: "Top 5",
    rank: "Plaats",
    nickname: "Bijnaam",
    score: "Score",
    team: "Team",
    teams: "Teams",
    students: "Per student",
    right: "Goed",
    select_all: "alle juiste aankruisen",
};

/// Option letter: 0 → A.
fn letter(choice: u32) -> char {
    char::from(b'A' + (choice as u8 % 26))
}

/// Asked questions get a column each in the per-student table up to this many.
const STUDENT_COLUMNS: usize = 20;

/// The quiz's export.
pub fn export(q: &Quiz, _id: ActivityId, roster: &Roster<'_>, lang: Lang) -> KindExport {
    let anonymous = q.spec.no_ranking;
    let team_name = |t: TeamId| {
        roster
            .teams()
            .get(t)
            .map_or_else(String::new, |t| t.name.clone())
    };
    let questions: Vec<QuestionExport> = q
        .spec
        .questions
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let opened = q.opened_at(i);
            let mut answers: Vec<_> = q.answers(i).map(|a| a.iter().collect()).unwrap_or_default();
            answers.sort_by_key(|(p, a)| (a.at, **p));
            let counts = counts(spec, answers.iter().map(|(_, a)| *a));
            QuestionExport {
                number: i as u32 + 1,
                text: spec.text.clone(),
                options: spec.options.clone(),
                correct: spec.correct.clone(),
                mode: spec.mode,
                asked: opened.is_some(),
                counts,
                responses: answers
                    .into_iter()
                    .map(|(&p, a)| ResponseExport {
                        participant: (!anonymous).then_some(p),
                        nickname: (!anonymous).then(|| roster.nickname(p).to_owned()),
                        team: a.team.filter(|_| !anonymous),
                        choice: a.first(),
                        choices: a.choices.clone(),
                        correct: is_correct(spec, &a.choices),
                        points: a.points,
                        time_ms: a.at.saturating_sub(opened.unwrap_or(a.at)),
                    })
                    .collect(),
            }
        })
        .collect();
    let scores: Vec<ScoreExport> = if anonymous {
        Vec::new()
    } else {
        rank(roster.ids().iter().map(|&p| (p, q.score(p))))
            .into_iter()
            .map(|(participant, score, rank)| ScoreExport {
                rank,
                participant,
                nickname: roster.nickname(participant).to_owned(),
                score,
            })
            .collect()
    };
    let team_scores: Vec<TeamScoreExport> = if anonymous || !q.spec.team_mode {
        Vec::new()
    } else {
        rank(q.team_totals.keys().map(|&t| (t, q.team_score(t))))
            .into_iter()
            .map(|(team, score, rank)| TeamScoreExport {
                rank,
                team,
                name: team_name(team),
                score,
            })
            .collect()
    };
    let rows = questions
        .iter()
        .flat_map(|question| {
            question.responses.iter().map(|r| ExportRow {
                item: question.number.to_string(),
                item_text: question.text.clone(),
                participant: r.participant,
                nickname: r.nickname.clone(),
                team: r.team.map(team_name),
                answer: r
                    .choices
                    .iter()
                    .map(|&c| letter(c).to_string())
                    .collect::<Vec<_>>()
                    .join("|"),
                answer_text: r
                    .choices
                    .iter()
                    .map(|&c| question.options[c as usize].as_str())
                    .collect::<Vec<_>>()
                    .join(" | "),
                correct: Some(r.correct),
                value: Some(r.points.to_string()),
                time_ms: Some(r.time_ms),
            })
        })
        .collect();
    let report = report(
        &q.spec.title,
        anonymous,
        &questions,
        &scores,
        &team_scores,
        lang,
    );
    KindExport {
        anonymous,
        detail: detail(Detail {
            team_mode: q.spec.team_mode,
            questions: &questions,
            scores,
            team_scores,
        }),
        rows,
        report,
    }
}

fn report(
    title: &str,
    anonymous: bool,
    questions: &[QuestionExport],
    scores: &[ScoreExport],
    team_scores: &[TeamScoreExport],
    lang: Lang,
) -> Vec<Block> {
    let w = match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    };
    let mut blocks = vec![Block::Heading(format!("{}: {title}", w.quiz))];
    let asked: Vec<&QuestionExport> = questions.iter().filter(|q| q.asked).collect();
    if asked.is_empty() {
        blocks.push(Block::Para(w.not_asked.into()));
    } else {
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
        blocks.push(Block::table(&["#", w.question, w.answers, w.correct], rows));
    }
    for q in &asked {
        let mode = match q.mode {
            AnswerMode::One => String::new(),
            AnswerMode::All => format!(" ({})", w.select_all),
        };
        let title = format!("{} {}: {}{mode}", w.question, q.number, q.text);
        blocks.push(Block::Para(title.clone()));
        let bars = q
            .options
            .iter()
            .enumerate()
            .map(|(i, option)| Bar {
                label: format!("{} {option}", letter(i as u32)),
                value: q.counts[i],
                highlight: q.correct.contains(&(i as u32)),
            })
            .collect();
        blocks.push(Block::Chart { title, bars });
    }
    if anonymous {
        blocks.push(Block::Para(w.anonymous.into()));
        return blocks;
    }
    if !scores.is_empty() && !asked.is_empty() {
        blocks.push(Block::Para(w.students.into()));
        blocks.push(students(&asked, scores, w));
    }
    if !scores.is_empty() {
        let rows = scores
            .iter()
            .take(TOP_N)
            .map(|s| vec![s.rank.to_string(), s.nickname.clone(), s.score.to_string()])
            .collect();
        blocks.push(Block::Para(w.top.into()));
        blocks.push(Block::table(&[w.rank, w.nickname, w.score], rows));
    }
    if !team_scores.is_empty() {
        let rows = team_scores
            .iter()
            .map(|s| vec![s.rank.to_string(), s.name.clone(), s.score.to_string()])
            .collect();
        blocks.push(Block::Para(w.teams.into()));
        blocks.push(Block::table(&[w.rank, w.team, w.score], rows));
    }
    blocks
}

/// Every student's answers: rank, nickname, how many right, the points per question (up to
/// [`STUDENT_COLUMNS`] questions; `–` for no answer) and the total.
fn students(asked: &[&QuestionExport], scores: &[ScoreExport], w: &Words) -> Block {
    let per_question = asked.len() <= STUDENT_COLUMNS;
    let mut head = vec![w.rank.to_owned(), w.nickname.to_owned(), w.right.to_owned()];
    if per_question {
        head.extend(asked.iter().map(|q| format!("{}", q.number)));
    }
    head.push(w.score.to_owned());
    let rows = scores
        .iter()
        .map(|s| {
            let answers: Vec<Option<&ResponseExport>> = asked
                .iter()
                .map(|q| {
                    q.responses
                        .iter()
                        .find(|r| r.participant == Some(s.participant))
                })
                .collect();
            let right = answers.iter().flatten().filter(|r| r.correct).count();
            let mut row = vec![
                s.rank.to_string(),
                s.nickname.clone(),
                format!("{right}/{}", asked.len()),
            ];
            if per_question {
                row.extend(answers.iter().map(|r| match r {
                    None => "–".to_owned(),
                    Some(r) if r.correct => format!("✓ {}", r.points),
                    Some(_) => "✗ 0".to_owned(),
                }));
            }
            row.push(s.score.to_string());
            row
        })
        .collect();
    Block::Table { head, rows }
}

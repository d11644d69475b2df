//! The quiz: what the organiser prepares ([`QuizSpec`]), what phones and the host send
//! ([`QuizInput`]), what everyone sees ([`QuizView`]) and what one phone sees of itself
//! ([`QuizPersonal`]).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivityId, KindInput, Senders, TeamId};

/// A quiz as prepared: questions with options and correct answers.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuizSpec {
    /// Title shown on the projector.
    pub title: String,
    /// Show no names or scores at all, only the class's answers.
    #[serde(default)]
    pub no_ranking: bool,
    /// Also score teams: a team's points for a question are the mean of its members who were
    /// in the room when the question opened.
    #[serde(default)]
    pub team_mode: bool,
    /// The questions, in order.
    pub questions: Vec<QuestionSpec>,
}

/// One multiple-choice question.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuestionSpec {
    /// The question.
    pub text: String,
    /// 2 to 6 options (true/false is two options).
    pub options: Vec<String>,
    /// Indexes of the correct options (one or more). With [`AnswerMode::One`] choosing any of
    /// them is correct; with [`AnswerMode::All`] an answer is correct when it ticks exactly
    /// these.
    pub correct: Vec<u32>,
    /// Time to answer, in seconds.
    #[serde(default = "default_time_limit")]
    pub time_limit_secs: u32,
    /// How students answer: one tap (the default, so older specs stay valid), or "select all
    /// that apply".
    #[serde(default)]
    pub mode: AnswerMode,
}

/// How a question is answered.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum AnswerMode {
    /// One tap on one option; when several options are correct, any of them counts.
    #[default]
    One,
    /// Select all that apply: tick options, then submit. Correct only when the ticked options
    /// are exactly the correct ones (no more, no fewer); points as for one answer.
    All,
}

fn default_time_limit() -> u32 {
    20
}

/// Inputs to a quiz.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum QuizInput {
    /// Phone: answer the open question.
    Answer {
        /// Index of the question answered (guards against answering a later one by accident).
        question: u32,
        /// Index of the chosen option.
        choice: u32,
    },
    /// Phone: answer the open "select all that apply" question with every option ticked.
    AnswerAll {
        /// Index of the question answered.
        question: u32,
        /// Indexes of the ticked options (at least one; each at most once).
        choices: Vec<u32>,
    },
    /// Host: open a question (the first, the next, or any again-unasked one).
    StartQuestion {
        /// Index of the question.
        question: u32,
    },
    /// Host: lock the open question now, before its deadline.
    CloseQuestion,
    /// Host: show the top-5 leaderboard after a question.
    ShowLeaderboard,
    /// Host: end the quiz and show the podium.
    ShowPodium,
}

impl KindInput for QuizInput {
    /// Phones answer; the host runs the questions.
    fn senders(&self) -> Senders {
        match self {
            QuizInput::Answer { .. } | QuizInput::AnswerAll { .. } => Senders::Participants,
            _ => Senders::Host,
        }
    }
}

/// A phone's own quiz state.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuizPersonal {
    /// Total points so far in this quiz.
    pub score: u32,
    /// Rank by score (ties share a rank); `null` in no-ranking mode.
    pub rank: Option<u32>,
    /// In team mode: the own team's points so far (`null` otherwise, or without a team).
    pub team_score: Option<u32>,
    /// In team mode: the own team's rank (`null` in no-ranking mode or without a team).
    pub team_rank: Option<u32>,
    /// Own answer to the current question, if any.
    pub answer: Option<MyAnswer>,
    /// Outcome of the most recently revealed question, if answered or missed.
    pub result: Option<MyResult>,
}

/// The option(s) this phone chose for a question.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MyAnswer {
    /// Question index.
    pub question: u32,
    /// Chosen option (the lowest ticked one of a "select all that apply" answer).
    pub choice: u32,
    /// Every chosen option, in order (one for a one-tap question).
    #[serde(default)]
    pub choices: Vec<u32>,
}

/// How this phone did on a revealed question.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MyResult {
    /// Question index.
    pub question: u32,
    /// Whether the chosen option was correct (false when not answered).
    pub correct: bool,
    /// Whether an answer was given at all.
    pub answered: bool,
    /// Points earned for this question.
    pub points: u32,
}

/// A quiz as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuizView {
    /// The activity.
    pub id: ActivityId,
    /// Title.
    pub title: String,
    /// How many questions it has.
    pub question_count: u32,
    /// No names or scores shown anywhere.
    pub no_ranking: bool,
    /// Teams are scored too.
    pub team_mode: bool,
    /// Where the quiz is.
    pub phase: QuizPhase,
}

/// The phases of a quiz.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "phase",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum QuizPhase {
    /// Not started yet.
    Lobby,
    /// A question is open for answers.
    Question {
        /// Question index.
        index: u32,
        /// The question (without the correct answer).
        question: QuestionView,
        /// When it opened (server clock, ms).
        #[ts(type = "number")]
        started_at: u64,
        /// When answers lock (server clock, ms).
        #[ts(type = "number")]
        deadline: u64,
    },
    /// The question is locked: distribution and correct answer.
    Reveal {
        /// Question index.
        index: u32,
        /// The question.
        question: QuestionView,
        /// Indexes of the correct options.
        correct: Vec<u32>,
        /// Answers per option.
        counts: Vec<u32>,
        /// How many answered.
        answered: u32,
    },
    /// Top 5 after a question (empty in no-ranking mode).
    Leaderboard {
        /// Question index just played.
        index: u32,
        /// Up to five best.
        top: Vec<RankEntry>,
        /// Team mode: every team, best first (empty otherwise and in no-ranking mode).
        teams: Vec<TeamRankEntry>,
    },
    /// The end: the podium (empty in no-ranking mode) and the class's results.
    Podium {
        /// Up to five best.
        top: Vec<RankEntry>,
        /// Team mode: every team, best first (empty otherwise and in no-ranking mode).
        teams: Vec<TeamRankEntry>,
        /// Per question: how many answered correctly, and how many answered.
        questions: Vec<QuestionTally>,
    },
}

/// A question as phones and the projector see it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuestionView {
    /// The question.
    pub text: String,
    /// The options.
    pub options: Vec<String>,
    /// Time to answer, in milliseconds.
    pub time_limit_ms: u32,
    /// One tap, or "select all that apply".
    #[serde(default)]
    pub mode: AnswerMode,
}

/// One line of a leaderboard.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RankEntry {
    /// Rank (ties share a rank).
    pub rank: u32,
    /// Nickname.
    pub nickname: String,
    /// Points.
    pub score: u32,
}

/// How the class did on one question.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuestionTally {
    /// Correct answers.
    pub correct: u32,
    /// All answers.
    pub answered: u32,
    /// The question's text.
    #[serde(default)]
    pub text: String,
    /// How many options it has.
    #[serde(default)]
    pub option_count: u32,
    /// Answers per option (a "select all" answer counts for every option it ticked).
    #[serde(default)]
    pub counts: Vec<u32>,
    /// Indexes of the correct options.
    #[serde(default)]
    pub right: Vec<u32>,
    /// Whether the question was asked.
    #[serde(default)]
    pub asked: bool,
}

/// One team's line of a team leaderboard.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamRankEntry {
    /// Rank (ties share a rank).
    pub rank: u32,
    /// The team.
    pub team: TeamId,
    /// Its name.
    pub name: String,
    /// Points (the sum over questions of its members' mean, rounded).
    pub score: u32,
}

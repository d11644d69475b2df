//! The quiz as a pure state machine: questions open, answers are scored, questions lock at the
//! deadline (or when the room says everyone answered), then reveal, leaderboard and podium. In
//! team mode teams are scored too: per question, the mean of the points of the team's members
//! who were in the room when it opened.
//!
//! No clocks and no I/O: time comes in with the input ([`Cx::now`]), and the outcome of every
//! input says what changed so the room can tell the right clients. Exports: [`export`].

mod export;

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;

use kring_protocol::{
    ActivityId, AnswerMode, ErrorCode, Lang, MyAnswer, MyResult, ParticipantId, QuestionSpec,
    QuestionTally, QuestionView, QuizInput, QuizPersonal, QuizPhase, QuizSpec, QuizView, RankEntry,
    TeamId, TeamRankEntry,
};
use serde::{Deserialize, Serialize};

use super::Who;
use super::error::ActError;
use super::kind::{Cx, Outcome, Roster, Whose};
use crate::export::KindExport;

/// Most questions in one quiz.
pub const MAX_QUESTIONS: usize = 100;
/// Longest question text, in characters.
pub const MAX_QUESTION_CHARS: usize = 300;
/// Longest option text, in characters.
pub const MAX_OPTION_CHARS: usize = 120;
/// Longest quiz title, in characters.
pub const MAX_TITLE_CHARS: usize = 120;
/// Shortest and longest time limit per question, in seconds.
pub const TIME_LIMIT_SECS: std::ops::RangeInclusive<u32> = 5..=600;
/// How many names a leaderboard or podium shows.
pub const TOP_N: usize = 5;

/// Checks a quiz spec against the product's limits; the message says what is wrong and where.
pub fn validate(spec: &QuizSpec) -> Result<(), ActError> {
    let err = |msg: String| Err(ActError::invalid_spec(msg));
    if spec.title.trim().is_empty() || spec.title.chars().count() > MAX_TITLE_CHARS {
        return err(format!(
            "the title must have 1 to {MAX_TITLE_CHARS} characters"
        ));
    }
    if spec.questions.is_empty() || spec.questions.len() > MAX_QUESTIONS {
        return err(format!("a quiz has 1 to {MAX_QUESTIONS} questions"));
    }
    for (i, q) in spec.questions.iter().enumerate() {
        let n = i + 1;
        if q.text.trim().is_empty() || q.text.chars().count() > MAX_QUESTION_CHARS {
            return err(format!(
                "question {n}: the text must have 1 to {MAX_QUESTION_CHARS} characters"
            ));
        }
        if !(2..=6).contains(&q.options.len()) {
            return err(format!("question {n}: a question has 2 to 6 options"));
        }
        if let Some(o) = q
            .options
            .iter()
            .position(|o| o.trim().is_empty() || o.chars().count() > MAX_OPTION_CHARS)
        {
            return err(format!(
                "question {n}, option {}: an option has 1 to {MAX_OPTION_CHARS} characters",
                o + 1
            ));
        }
        if q.correct.is_empty() {
            return err(format!("question {n}: mark at least one option as correct"));
        }
        if q.correct.iter().any(|&c| c as usize >= q.options.len()) {
            return err(format!(
                "question {n}: a correct answer points to an option that does not exist"
            ));
        }
        if !TIME_LIMIT_SECS.contains(&q.time_limit_secs) {
            return err(format!(
                "question {n}: the time limit must be {} to {} seconds",
                TIME_LIMIT_SECS.start(),
                TIME_LIMIT_SECS.end()
            ));
        }
    }
    Ok(())
}

/// Points for an answer: `round(1000 × (1 − t/(2T)))` when correct, else 0. `t` is clamped to
/// `[0, T]`, so a correct answer earns between 500 and 1000 points.
pub fn points(correct: bool, elapsed_ms: u64, limit_ms: u64) -> u32 {
    if !correct || limit_ms == 0 {
        return 0;
    }
    let t = elapsed_ms.min(limit_ms) as f64;
    (1000.0 * (1.0 - t / (2.0 * limit_ms as f64))).round() as u32
}

/// Competition ranks ("1224") for `(id, score)` pairs, best first; ties keep id order.
pub fn rank<K: Ord + Copy>(scores: impl IntoIterator<Item = (K, u32)>) -> Vec<(K, u32, u32)> {
    let mut sorted: Vec<(K, u32)> = scores.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut ranked = Vec::with_capacity(sorted.len());
    let mut rank = 0;
    for (i, (id, score)) in sorted.into_iter().enumerate() {
        if i == 0 || ranked.last().is_some_and(|&(_, last, _)| last != score) {
            rank = i as u32 + 1;
        }
        ranked.push((id, score, rank));
    }
    ranked
}

/// One participant's answer to one question.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(from = "StoredAnswer")]
pub struct Answer {
    /// Chosen options, ascending: one for a one-tap question, every ticked one for "select all
    /// that apply".
    pub choices: Vec<u32>,
    /// Server time the answer arrived.
    pub at: u64,
    /// Points it earned (known at once, shown only at the reveal).
    pub points: u32,
    /// The team the participant was in when answering.
    #[serde(default)]
    pub team: Option<TeamId>,
}

/// An answer as snapshots store it: before "select all that apply" an answer had one `choice`.
#[derive(Deserialize)]
struct StoredAnswer {
    #[serde(default)]
    choice: Option<u32>,
    #[serde(default)]
    choices: Vec<u32>,
    at: u64,
    points: u32,
    #[serde(default)]
    team: Option<TeamId>,
}

impl From<StoredAnswer> for Answer {
    fn from(stored: StoredAnswer) -> Self {
        let mut choices = stored.choices;
        if choices.is_empty() {
            choices.extend(stored.choice);
        }
        Answer {
            choices,
            at: stored.at,
            points: stored.points,
            team: stored.team,
        }
    }
}

impl Answer {
    /// The first (lowest) chosen option.
    pub fn first(&self) -> u32 {
        self.choices.first().copied().unwrap_or(0)
    }
}

/// Whether `choices` (ascending, no repeats) answer `question` correctly: for a one-tap
/// question any correct option counts; for "select all that apply" exactly the correct ones.
pub fn is_correct(question: &QuestionSpec, choices: &[u32]) -> bool {
    match question.mode {
        AnswerMode::One => choices.iter().any(|c| question.correct.contains(c)),
        AnswerMode::All => {
            let mut right = question.correct.clone();
            right.sort_unstable();
            right.dedup();
            right == choices
        }
    }
}

/// Where the quiz is.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub enum Phase {
    /// Not started.
    Lobby,
    /// Question `index` is open until `deadline`.
    Question {
        index: u32,
        started_at: u64,
        deadline: u64,
    },
    /// Question `index` is locked and its answers shown.
    Reveal { index: u32 },
    /// Leaderboard after question `index`.
    Leaderboard { index: u32 },
    /// The end.
    Podium,
}

/// A quiz activity's state.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Quiz {
    id: ActivityId,
    spec: QuizSpec,
    phase: Phase,
    /// Per question, the answers by participant.
    answers: Vec<HashMap<ParticipantId, Answer>>,
    /// Totals as of the last locked question.
    scores: HashMap<ParticipantId, u32>,
    /// Ranks as of the last locked question: participant → rank.
    ranks: HashMap<ParticipantId, u32>,
    /// Everyone ranked, best first, as of the last locked question.
    board: Vec<(ParticipantId, u32, u32)>,
    /// When each question was opened, if it was (each question is asked once).
    opened_at: Vec<Option<u64>>,
    /// Team mode: per question, who was in the room when it opened, with their team then.
    #[serde(default)]
    present: Vec<Vec<(ParticipantId, TeamId)>>,
    /// Team mode: each team's points (sum of per-question means) as of the last locked question.
    #[serde(default)]
    team_totals: BTreeMap<TeamId, f64>,
    /// Team mode: the current teams ranked, best first: (team, rounded points, rank).
    #[serde(default)]
    team_board: Vec<(TeamId, u32, u32)>,
}

impl Quiz {
    /// A new quiz in the lobby. The spec must have passed [`validate`].
    pub fn new(id: ActivityId, spec: QuizSpec) -> Self {
        let answers = vec![HashMap::new(); spec.questions.len()];
        let opened_at = vec![None; spec.questions.len()];
        let present = vec![Vec::new(); spec.questions.len()];
        Quiz {
            opened_at,
            id,
            spec,
            phase: Phase::Lobby,
            answers,
            scores: HashMap::new(),
            ranks: HashMap::new(),
            board: Vec::new(),
            present,
            team_totals: BTreeMap::new(),
            team_board: Vec::new(),
        }
    }

    /// The current phase.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The answers to one question, by participant (for exports and tests).
    pub fn answers(&self, question: usize) -> Option<&HashMap<ParticipantId, Answer>> {
        self.answers.get(question)
    }

    /// When question `index` was opened (server clock, ms), if it has been.
    pub fn opened_at(&self, index: usize) -> Option<u64> {
        self.opened_at.get(index).copied().flatten()
    }

    /// Total score of a participant as of the last locked question.
    pub fn score(&self, who: ParticipantId) -> u32 {
        self.scores.get(&who).copied().unwrap_or(0)
    }

    /// Team mode: a team's points as of the last locked question (rounded).
    pub fn team_score(&self, team: TeamId) -> u32 {
        self.team_totals
            .get(&team)
            .map_or(0, |total| total.round() as u32)
    }

    /// Whether everyone in `online` (at least one) answered the open question.
    pub fn everyone_answered(&self, online: impl IntoIterator<Item = ParticipantId>) -> bool {
        let Phase::Question { index, .. } = self.phase else {
            return false;
        };
        let answers = &self.answers[index as usize];
        let mut any = false;
        for p in online {
            if !answers.contains_key(&p) {
                return false;
            }
            any = true;
        }
        any
    }

    /// Locks the open question if its deadline has passed; `None` when nothing changed.
    pub fn tick(&mut self, now: u64, roster: &Roster<'_>) -> Option<Outcome<Infallible>> {
        match self.phase {
            Phase::Question { deadline, .. } if now >= deadline => self.close(roster).ok(),
            _ => None,
        }
    }

    fn start(&mut self, question: u32, cx: &Cx<'_>) -> Result<Outcome<Infallible>, ActError> {
        let now = cx.now;
        let q = self.question(question)?;
        let limit_ms = u64::from(q.time_limit_secs) * 1000;
        match self.phase {
            Phase::Question { .. } => return Err(wrong_phase("close the open question first")),
            Phase::Podium => return Err(wrong_phase("the quiz has ended")),
            _ => {}
        }
        if self.opened_at[question as usize].is_some() {
            return Err(wrong_phase("this question has been asked already"));
        }
        self.opened_at[question as usize] = Some(now);
        if self.spec.team_mode {
            let online = cx.online.unwrap_or(cx.roster.ids());
            self.present[question as usize] = online
                .iter()
                .filter(|&&p| cx.roster.is_present(p))
                .filter_map(|&p| cx.roster.team_of(p).map(|t| (p, t)))
                .collect();
        }
        self.phase = Phase::Question {
            index: question,
            started_at: now,
            deadline: now + limit_ms,
        };
        // Phones learn from the broadcast view that a new question is open; no per-phone
        // message is needed (one serialisation reaches everyone).
        Ok(Outcome::view())
    }

    fn answer(
        &mut self,
        who: ParticipantId,
        question: u32,
        choice: Choice<'_>,
        now: u64,
        team: Option<TeamId>,
    ) -> Result<Outcome<Infallible>, ActError> {
        let (index, started_at, deadline) = match self.phase {
            Phase::Question {
                index,
                started_at,
                deadline,
            } => (index, started_at, deadline),
            _ => {
                return Err(ActError::new(
                    ErrorCode::QuestionClosed,
                    "no question is open",
                ));
            }
        };
        if question != index {
            return Err(ActError::new(
                ErrorCode::QuestionClosed,
                "that question is no longer open",
            ));
        }
        if now >= deadline {
            return Err(ActError::new(
                ErrorCode::QuestionClosed,
                "time is up for this question",
            ));
        }
        let spec = &self.spec.questions[index as usize];
        let choices = choice.checked(spec)?;
        let answers = &mut self.answers[index as usize];
        if answers.contains_key(&who) {
            return Err(ActError::new(
                ErrorCode::AlreadyAnswered,
                "you already answered this question",
            ));
        }
        let correct = is_correct(spec, &choices);
        let points = points(correct, now - started_at, deadline - started_at);
        answers.insert(
            who,
            Answer {
                choices,
                at: now,
                points,
                team,
            },
        );
        // The `ack` confirms the answer to its phone; no further message per answer.
        Ok(Outcome::progress())
    }

    fn close(&mut self, roster: &Roster<'_>) -> Result<Outcome<Infallible>, ActError> {
        let Phase::Question { index, .. } = self.phase else {
            return Err(wrong_phase("no question is open"));
        };
        let answers = &self.answers[index as usize];
        for (who, answer) in answers {
            *self.scores.entry(*who).or_insert(0) += answer.points;
        }
        self.board = rank(roster.ids().iter().map(|&p| (p, self.score(p))));
        self.ranks = self.board.iter().map(|&(p, _, r)| (p, r)).collect();
        if self.spec.team_mode {
            // Per team: the mean of its present members' points (absent members do not count).
            let mut sums: BTreeMap<TeamId, (f64, u32)> = BTreeMap::new();
            for &(p, team) in &self.present[index as usize] {
                let entry = sums.entry(team).or_insert((0.0, 0));
                entry.0 += f64::from(answers.get(&p).map_or(0, |a| a.points));
                entry.1 += 1;
            }
            for (team, (sum, n)) in sums {
                *self.team_totals.entry(team).or_insert(0.0) += sum / f64::from(n);
            }
            self.team_board = rank(
                roster
                    .teams()
                    .active()
                    .map(|t| (t.id, self.team_score(t.id))),
            );
        }
        self.phase = Phase::Reveal { index };
        Ok(Outcome::view().with_personal(Whose::All))
    }

    fn question(&self, index: u32) -> Result<&QuestionSpec, ActError> {
        self.spec
            .questions
            .get(index as usize)
            .ok_or_else(|| ActError::new(ErrorCode::InvalidChoice, "no such question"))
    }

    /// What everyone sees.
    pub fn view(&self, roster: &Roster<'_>) -> QuizView {
        let question_view = |index: u32| {
            let q = &self.spec.questions[index as usize];
            QuestionView {
                text: q.text.clone(),
                options: q.options.clone(),
                time_limit_ms: q.time_limit_secs * 1000,
                mode: q.mode,
            }
        };
        let top = || -> Vec<RankEntry> {
            if self.spec.no_ranking {
                return Vec::new();
            }
            self.board
                .iter()
                .take(TOP_N)
                .map(|&(p, score, rank)| RankEntry {
                    rank,
                    nickname: roster.nickname(p).to_owned(),
                    score,
                })
                .collect()
        };
        let teams = || -> Vec<TeamRankEntry> {
            if self.spec.no_ranking || !self.spec.team_mode {
                return Vec::new();
            }
            self.team_board
                .iter()
                .map(|&(team, score, rank)| TeamRankEntry {
                    rank,
                    team,
                    name: roster
                        .teams()
                        .get(team)
                        .map_or_else(String::new, |t| t.name.clone()),
                    score,
                })
                .collect()
        };
        let phase = match self.phase {
            Phase::Lobby => QuizPhase::Lobby,
            Phase::Question {
                index,
                started_at,
                deadline,
            } => QuizPhase::Question {
                index,
                question: question_view(index),
                started_at,
                deadline,
            },
            Phase::Reveal { index } => {
                let spec = &self.spec.questions[index as usize];
                let counts = counts(spec, self.answers[index as usize].values());
                QuizPhase::Reveal {
                    index,
                    question: question_view(index),
                    correct: spec.correct.clone(),
                    counts,
                    answered: self.answers[index as usize].len() as u32,
                }
            }
            Phase::Leaderboard { index } => QuizPhase::Leaderboard {
                index,
                top: top(),
                teams: teams(),
            },
            Phase::Podium => QuizPhase::Podium {
                top: top(),
                teams: teams(),
                questions: self
                    .spec
                    .questions
                    .iter()
                    .zip(&self.answers)
                    .zip(&self.opened_at)
                    .map(|((q, answers), opened)| QuestionTally {
                        correct: answers
                            .values()
                            .filter(|a| is_correct(q, &a.choices))
                            .count() as u32,
                        answered: answers.len() as u32,
                        text: q.text.clone(),
                        option_count: q.options.len() as u32,
                        counts: counts(q, answers.values()),
                        right: q.correct.clone(),
                        asked: opened.is_some(),
                    })
                    .collect(),
            },
        };
        QuizView {
            id: self.id,
            title: self.spec.title.clone(),
            question_count: self.spec.questions.len() as u32,
            no_ranking: self.spec.no_ranking,
            team_mode: self.spec.team_mode,
            phase,
        }
    }

    /// What one phone sees of itself.
    pub fn personal(&self, who: ParticipantId, roster: &Roster<'_>) -> QuizPersonal {
        let shown_index = match self.phase {
            Phase::Question { index, .. }
            | Phase::Reveal { index }
            | Phase::Leaderboard { index } => Some(index),
            Phase::Lobby | Phase::Podium => None,
        };
        let answer = shown_index.and_then(|index| {
            self.answers[index as usize].get(&who).map(|a| MyAnswer {
                question: index,
                choice: a.first(),
                choices: a.choices.clone(),
            })
        });
        let revealed_index = match self.phase {
            Phase::Reveal { index } | Phase::Leaderboard { index } => Some(index),
            _ => None,
        };
        let result = revealed_index.map(|index| {
            let given = self.answers[index as usize].get(&who);
            let spec = &self.spec.questions[index as usize];
            MyResult {
                question: index,
                correct: given.is_some_and(|a| is_correct(spec, &a.choices)),
                answered: given.is_some(),
                points: given.map_or(0, |a| a.points),
            }
        });
        let team = roster
            .team_of(who)
            .filter(|_| self.spec.team_mode && !self.spec.no_ranking);
        QuizPersonal {
            score: self.score(who),
            rank: if self.spec.no_ranking {
                None
            } else {
                self.ranks.get(&who).copied()
            },
            team_score: team.map(|t| self.team_score(t)),
            team_rank: team.and_then(|t| {
                self.team_board
                    .iter()
                    .find(|(id, _, _)| *id == t)
                    .map(|&(_, _, rank)| rank)
            }),
            answer,
            result,
        }
    }
}

impl super::kind::Kind for Quiz {
    type Spec = QuizSpec;
    type Input = QuizInput;
    type View = QuizView;
    type Personal = QuizPersonal;
    type HostView = Infallible;
    type Change = Infallible;

    fn create(id: ActivityId, spec: QuizSpec) -> Result<Self, ActError> {
        validate(&spec)?;
        Ok(Quiz::new(id, spec))
    }

    fn spec(&self) -> &QuizSpec {
        &self.spec
    }

    fn started(&self) -> bool {
        self.phase != Phase::Lobby
    }

    fn apply(
        &mut self,
        who: Who,
        input: &QuizInput,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome<Infallible>, ActError> {
        let now = cx.now;
        match input {
            QuizInput::Answer { question, choice } => {
                let p = who.student()?;
                self.answer(
                    p,
                    *question,
                    Choice::One(*choice),
                    now,
                    cx.roster.team_of(p),
                )
            }
            QuizInput::AnswerAll { question, choices } => {
                let p = who.student()?;
                self.answer(
                    p,
                    *question,
                    Choice::All(choices),
                    now,
                    cx.roster.team_of(p),
                )
            }
            QuizInput::StartQuestion { question } => self.start(*question, cx),
            QuizInput::CloseQuestion => self.close(&cx.roster),
            QuizInput::ShowLeaderboard => match self.phase {
                Phase::Reveal { index } => {
                    self.phase = Phase::Leaderboard { index };
                    Ok(Outcome::view())
                }
                _ => Err(wrong_phase(
                    "the leaderboard comes after a question is revealed",
                )),
            },
            QuizInput::ShowPodium => match self.phase {
                Phase::Reveal { .. } | Phase::Leaderboard { .. } => {
                    self.phase = Phase::Podium;
                    Ok(Outcome::view().with_personal(Whose::All))
                }
                _ => Err(wrong_phase("the podium comes after a question is revealed")),
            },
        }
    }

    /// Answers to a quiz without ranking name nobody.
    fn shows_actor(&self, _input: &QuizInput) -> bool {
        !self.spec.no_ranking
    }

    fn deadline(&self) -> Option<u64> {
        match self.phase {
            Phase::Question { deadline, .. } => Some(deadline),
            _ => None,
        }
    }

    fn on_tick(&mut self, cx: &mut Cx<'_>) -> Option<Outcome<Infallible>> {
        self.tick(cx.now, &cx.roster)
    }

    /// An open question keeps its remaining time, and answers keep being timed from its
    /// opening as if the server had not stopped.
    fn resume(&mut self, paused_ms: u64) -> bool {
        match &mut self.phase {
            Phase::Question {
                started_at,
                deadline,
                ..
            } => {
                *started_at += paused_ms;
                *deadline += paused_ms;
                true
            }
            _ => false,
        }
    }

    /// How many answered the open or just revealed question (0 in the lobby and at the podium).
    fn responded(&self) -> u32 {
        match self.phase {
            Phase::Question { index, .. }
            | Phase::Reveal { index }
            | Phase::Leaderboard { index } => self.answers[index as usize].len() as u32,
            Phase::Lobby | Phase::Podium => 0,
        }
    }

    fn close_when_all_responded(
        &self,
        expected: &mut dyn Iterator<Item = ParticipantId>,
    ) -> Option<QuizInput> {
        self.everyone_answered(expected)
            .then_some(QuizInput::CloseQuestion)
    }

    fn wants_presence(&self, input: &QuizInput) -> bool {
        self.spec.team_mode && matches!(input, QuizInput::StartQuestion { .. })
    }

    fn public_view(&self, roster: &Roster<'_>) -> QuizView {
        self.view(roster)
    }

    fn personal_view(&self, who: ParticipantId, roster: &Roster<'_>) -> Option<QuizPersonal> {
        Some(self.personal(who, roster))
    }

    fn export(&self, id: ActivityId, roster: &Roster<'_>, lang: Lang) -> KindExport {
        export::export(self, id, roster, lang)
    }
}

/// What a phone sent: one tap, or the ticked options of a "select all that apply" question.
enum Choice<'a> {
    One(u32),
    All(&'a [u32]),
}

impl Choice<'_> {
    /// The chosen options, ascending, if they fit `question` (its mode, its options).
    fn checked(&self, question: &QuestionSpec) -> Result<Vec<u32>, ActError> {
        let invalid = |message: &str| ActError::new(ErrorCode::InvalidChoice, message);
        let choices = match (self, question.mode) {
            (Choice::One(choice), AnswerMode::One) => vec![*choice],
            (Choice::All(choices), AnswerMode::All) => {
                let mut sorted = choices.to_vec();
                sorted.sort_unstable();
                sorted.dedup();
                if sorted.len() != choices.len() {
                    return Err(invalid("an option was ticked twice"));
                }
                if sorted.is_empty() {
                    return Err(invalid("tick at least one option"));
                }
                sorted
            }
            (Choice::One(_), AnswerMode::All) => {
                return Err(invalid("this question asks to select all that apply"));
            }
            (Choice::All(_), AnswerMode::One) => {
                return Err(invalid("this question takes one answer"));
            }
        };
        if choices
            .iter()
            .any(|&c| c as usize >= question.options.len())
        {
            return Err(invalid("that option does not exist"));
        }
        Ok(choices)
    }
}

/// Answers per option: each answer counts once for every option it chose.
pub fn counts<'a>(question: &QuestionSpec, answers: impl Iterator<Item = &'a Answer>) -> Vec<u32> {
    let mut counts = vec![0; question.options.len()];
    for answer in answers {
        for &c in &answer.choices {
            if let Some(n) = counts.get_mut(c as usize) {
                *n += 1;
            }
        }
    }
    counts
}

fn wrong_phase(message: &str) -> ActError {
    ActError::new(ErrorCode::WrongPhase, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::room::kind::AnyKind;

    use crate::room::kind::testing::Class;
    use proptest::prelude::*;

    const HOST: Who = Who::Host;

    fn spec(questions: usize) -> QuizSpec {
        QuizSpec {
            title: "Test".into(),
            no_ranking: false,
            team_mode: false,
            questions: (0..questions)
                .map(|i| QuestionSpec {
                    text: format!("Q{i}"),
                    options: vec!["A".into(), "B".into(), "C".into()],
                    correct: vec![0],
                    time_limit_secs: 10,
                    mode: AnswerMode::One,
                })
                .collect(),
        }
    }

    fn p(n: u32) -> ParticipantId {
        ParticipantId(n)
    }

    fn answer(question: u32, choice: u32) -> QuizInput {
        QuizInput::Answer { question, choice }
    }

    #[test]
    fn scoring_follows_the_formula() {
        assert_eq!(points(true, 0, 10_000), 1000);
        assert_eq!(points(true, 5_000, 10_000), 750);
        assert_eq!(points(true, 10_000, 10_000), 500);
        assert_eq!(points(true, 20_000, 10_000), 500, "t is clamped to T");
        assert_eq!(points(true, 1_234, 20_000), 969); // 1000 × (1 − 1234/40000) = 969.15
        assert_eq!(points(false, 0, 10_000), 0);
    }

    #[test]
    fn ranks_are_competition_ranks() {
        let ranked = rank([(p(0), 500), (p(1), 900), (p(2), 500), (p(3), 100)]);
        let ranks: Vec<_> = ranked.iter().map(|&(id, _, r)| (id.0, r)).collect();
        assert_eq!(ranks, vec![(1, 1), (0, 2), (2, 2), (3, 4)]);
    }

    #[test]
    fn a_full_quiz_round() {
        let mut roster = Class::new(3);
        let mut quiz = Quiz::new(ActivityId(1), spec(2));
        quiz.handle(
            HOST,
            &QuizInput::StartQuestion { question: 0 },
            &mut roster.at(1_000),
        )
        .unwrap();
        assert_eq!(quiz.deadline(), Some(11_000));
        assert_eq!(
            quiz.handle(Who::Participant(p(0)), &answer(0, 0), &mut roster.at(1_000)),
            Ok(Outcome::progress())
        );
        quiz.handle(Who::Participant(p(1)), &answer(0, 0), &mut roster.at(6_000))
            .unwrap();
        quiz.handle(Who::Participant(p(2)), &answer(0, 1), &mut roster.at(2_000))
            .unwrap();
        assert_eq!(quiz.responded(), 3);
        // Scores stay hidden until the reveal.
        assert_eq!(quiz.personal(p(0), &roster.people()).score, 0);
        quiz.handle(HOST, &QuizInput::CloseQuestion, &mut roster.at(7_000))
            .unwrap();
        assert_eq!(quiz.score(p(0)), 1000);
        assert_eq!(quiz.score(p(1)), 750);
        assert_eq!(quiz.score(p(2)), 0);
        let me = quiz.personal(p(1), &roster.people());
        assert_eq!(me.rank, Some(2));
        assert_eq!(
            me.result,
            Some(MyResult {
                question: 0,
                correct: true,
                answered: true,
                points: 750
            })
        );
        let QuizPhase::Reveal {
            counts, correct, ..
        } = quiz.view(&roster.people()).phase
        else {
            panic!("not revealed")
        };
        assert_eq!((counts, correct), (vec![2, 1, 0], vec![0]));
        quiz.handle(HOST, &QuizInput::ShowLeaderboard, &mut roster.at(8_000))
            .unwrap();
        let QuizPhase::Leaderboard { top, .. } = quiz.view(&roster.people()).phase else {
            panic!("no leaderboard")
        };
        assert_eq!(
            top[0],
            RankEntry {
                rank: 1,
                nickname: "p0".into(),
                score: 1000
            }
        );
        quiz.handle(
            HOST,
            &QuizInput::StartQuestion { question: 1 },
            &mut roster.at(9_000),
        )
        .unwrap();
        assert!(quiz.tick(18_999, &roster.people()).is_none());
        assert_eq!(
            quiz.tick(19_000, &roster.people()),
            Some(Outcome::view().with_personal(Whose::All))
        );
        quiz.handle(HOST, &QuizInput::ShowPodium, &mut roster.at(20_000))
            .unwrap();
        assert_eq!(quiz.phase(), Phase::Podium);
    }

    #[test]
    fn answers_lock_at_the_deadline() {
        let mut roster = Class::new(1);
        let mut quiz = Quiz::new(ActivityId(1), spec(1));
        quiz.handle(
            HOST,
            &QuizInput::StartQuestion { question: 0 },
            &mut roster.at(0),
        )
        .unwrap();
        let err = quiz
            .handle(
                Who::Participant(p(0)),
                &answer(0, 0),
                &mut roster.at(10_000),
            )
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::QuestionClosed);
        quiz.handle(Who::Participant(p(0)), &answer(0, 0), &mut roster.at(9_999))
            .unwrap();
    }

    #[test]
    fn one_answer_per_participant_and_none_after_lock() {
        let mut roster = Class::new(1);
        let mut quiz = Quiz::new(ActivityId(1), spec(1));
        quiz.handle(
            HOST,
            &QuizInput::StartQuestion { question: 0 },
            &mut roster.at(0),
        )
        .unwrap();
        quiz.handle(Who::Participant(p(0)), &answer(0, 1), &mut roster.at(100))
            .unwrap();
        let again = quiz
            .handle(Who::Participant(p(0)), &answer(0, 0), &mut roster.at(200))
            .unwrap_err();
        assert_eq!(again.code, ErrorCode::AlreadyAnswered);
        quiz.handle(HOST, &QuizInput::CloseQuestion, &mut roster.at(300))
            .unwrap();
        let late = quiz
            .handle(Who::Participant(p(0)), &answer(0, 0), &mut roster.at(400))
            .unwrap_err();
        assert_eq!(late.code, ErrorCode::QuestionClosed);
        assert_eq!(quiz.answers(0).unwrap()[&p(0)].choices, vec![1]);
    }

    #[test]
    fn roles_are_enforced() {
        let mut roster = Class::new(1);
        let mut quiz = Quiz::new(ActivityId(1), spec(1));
        let err = quiz.handle(
            Who::Participant(p(0)),
            &QuizInput::StartQuestion { question: 0 },
            &mut roster.at(0),
        );
        assert_eq!(err.unwrap_err().code, ErrorCode::Forbidden);
        let err = quiz.handle(HOST, &answer(0, 0), &mut roster.at(0));
        assert_eq!(err.unwrap_err().code, ErrorCode::Forbidden);
    }

    #[test]
    fn no_ranking_hides_names_and_ranks() {
        let mut roster = Class::new(1);
        let mut s = spec(1);
        s.no_ranking = true;
        let mut quiz = Quiz::new(ActivityId(1), s);
        quiz.handle(
            HOST,
            &QuizInput::StartQuestion { question: 0 },
            &mut roster.at(0),
        )
        .unwrap();
        quiz.handle(Who::Participant(p(0)), &answer(0, 0), &mut roster.at(100))
            .unwrap();
        quiz.handle(HOST, &QuizInput::CloseQuestion, &mut roster.at(200))
            .unwrap();
        quiz.handle(HOST, &QuizInput::ShowPodium, &mut roster.at(300))
            .unwrap();
        let QuizPhase::Podium { top, questions, .. } = quiz.view(&roster.people()).phase else {
            panic!("no podium")
        };
        assert!(top.is_empty());
        assert_eq!(
            questions[0],
            QuestionTally {
                correct: 1,
                answered: 1,
                text: "Q0".into(),
                option_count: 3,
                counts: vec![1, 0, 0],
                right: vec![0],
                asked: true,
            }
        );
        assert_eq!(quiz.personal(p(0), &roster.people()).rank, None);
    }

    fn select_all(question: u32, choices: &[u32]) -> QuizInput {
        QuizInput::AnswerAll {
            question,
            choices: choices.to_vec(),
        }
    }

    #[test]
    fn select_all_that_apply_counts_only_exactly_the_correct_options() {
        let mut roster = Class::new(5);
        let mut s = spec(1);
        s.questions[0].mode = AnswerMode::All;
        s.questions[0].correct = vec![2, 0];
        let mut quiz = Quiz::new(ActivityId(1), s);
        quiz.handle(
            HOST,
            &QuizInput::StartQuestion { question: 0 },
            &mut roster.at(0),
        )
        .unwrap();
        let who = |n| Who::Participant(p(n));
        // The type is explicit: one tap on a "select all" question is refused, and so are
        // an empty, repeated or unknown choice.
        for bad in [
            answer(0, 0),
            select_all(0, &[]),
            select_all(0, &[0, 0]),
            select_all(0, &[0, 3]),
        ] {
            let err = quiz.handle(who(0), &bad, &mut roster.at(10)).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidChoice, "{bad:?}");
        }
        quiz.handle(who(0), &select_all(0, &[2, 0]), &mut roster.at(0))
            .unwrap();
        quiz.handle(who(1), &select_all(0, &[0]), &mut roster.at(0))
            .unwrap();
        quiz.handle(who(2), &select_all(0, &[0, 1, 2]), &mut roster.at(0))
            .unwrap();
        quiz.handle(who(3), &select_all(0, &[1]), &mut roster.at(0))
            .unwrap();
        assert_eq!(
            quiz.handle(who(0), &select_all(0, &[0, 2]), &mut roster.at(1))
                .unwrap_err()
                .code,
            ErrorCode::AlreadyAnswered
        );
        quiz.handle(HOST, &QuizInput::CloseQuestion, &mut roster.at(100))
            .unwrap();
        let scores: Vec<u32> = (0..4).map(|n| quiz.score(p(n))).collect();
        assert_eq!(scores, vec![1000, 0, 0, 0], "all or nothing");
        let QuizPhase::Reveal {
            counts, answered, ..
        } = quiz.view(&roster.people()).phase
        else {
            panic!("not revealed")
        };
        assert_eq!((counts, answered), (vec![3, 2, 2], 4));
        let mine = quiz.personal(p(0), &roster.people());
        assert_eq!(mine.answer.unwrap().choices, vec![0, 2]);
        assert!(mine.result.unwrap().correct);
    }

    #[test]
    fn a_one_tap_question_refuses_a_list_and_any_correct_option_counts() {
        let mut roster = Class::new(2);
        let mut s = spec(1);
        s.questions[0].correct = vec![0, 1];
        let mut quiz = Quiz::new(ActivityId(1), s);
        quiz.handle(
            HOST,
            &QuizInput::StartQuestion { question: 0 },
            &mut roster.at(0),
        )
        .unwrap();
        let err = quiz
            .handle(
                Who::Participant(p(0)),
                &select_all(0, &[0]),
                &mut roster.at(1),
            )
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidChoice);
        quiz.handle(Who::Participant(p(0)), &answer(0, 1), &mut roster.at(0))
            .unwrap();
        quiz.handle(HOST, &QuizInput::CloseQuestion, &mut roster.at(1))
            .unwrap();
        assert_eq!(quiz.score(p(0)), 1000);
    }

    #[test]
    fn answers_in_older_snapshots_still_read() {
        let old: Answer =
            serde_json::from_str(r#"{"choice":2,"at":5,"points":900,"team":null}"#).unwrap();
        assert_eq!(old.choices, vec![2]);
        let spec: QuestionSpec = serde_json::from_str(
            r#"{"text":"Q","options":["a","b"],"correct":[1],"timeLimitSecs":10}"#,
        )
        .unwrap();
        assert_eq!(spec.mode, AnswerMode::One);
    }

    #[test]
    fn validation_names_the_problem() {
        let mut s = spec(1);
        s.questions[0].options = vec!["only".into()];
        assert!(validate(&s).unwrap_err().message.contains("question 1"));
        let mut s = spec(1);
        s.questions[0].correct = vec![7];
        assert!(validate(&s).is_err());
        assert!(validate(&spec(3)).is_ok());
    }

    #[derive(Debug, Clone)]
    enum Step {
        Start(u32),
        Answer(u32, u32, u32),
        Close,
        Leaderboard,
        Advance(u64),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0..4u32).prop_map(Step::Start),
            (0..6u32, 0..4u32, 0..4u32).prop_map(|(p, q, c)| Step::Answer(p, q, c)),
            Just(Step::Close),
            Just(Step::Leaderboard),
            (0..15_000u64).prop_map(Step::Advance),
        ]
    }

    proptest! {
        /// Over any sequence of inputs: scores equal the sum of the locked answers' points,
        /// nobody answers a question twice, every answer is within the formula's range, and
        /// ranks agree with scores.
        #[test]
        fn invariants_hold(steps in proptest::collection::vec(step(), 0..80)) {
            let mut roster = Class::new(6);
            let mut s = spec(3);
            s.questions[1].mode = AnswerMode::All;
            s.questions[1].correct = vec![0, 2];
            let mut quiz = Quiz::new(ActivityId(1), s);
            let mut now = 0;
            let mut locked = [false; 3];
            for s in steps {
                let before = quiz.phase();
                match s {
                    Step::Start(q) => { let _ = quiz.handle(HOST, &QuizInput::StartQuestion { question: q }, &mut roster.at(now)); }
                    Step::Answer(who, q, c) => {
                        let first = quiz.answers(q as usize).is_some_and(|a| !a.contains_key(&p(who)));
                        // Question 1 is "select all that apply": tick `c` and the next one.
                        let input = if q == 1 { select_all(q, &[c, (c + 1) % 3]) } else { answer(q, c) };
                        let result = quiz.handle(Who::Participant(p(who)), &input, &mut roster.at(now));
                        if result.is_ok() { prop_assert!(first, "a second answer was accepted"); }
                    }
                    Step::Close => { let _ = quiz.handle(HOST, &QuizInput::CloseQuestion, &mut roster.at(now)); }
                    Step::Leaderboard => { let _ = quiz.handle(HOST, &QuizInput::ShowLeaderboard, &mut roster.at(now)); }
                    Step::Advance(ms) => { now += ms; quiz.tick(now, &roster.people()); }
                }
                if let (Phase::Question { index, .. }, Phase::Reveal { .. }) = (before, quiz.phase()) {
                    locked[index as usize] = true;
                }
            }
            for who in roster.ids().to_vec().iter() {
                let expected: u32 = (0..3)
                    .filter(|&q| locked[q])
                    .filter_map(|q| quiz.answers(q).unwrap().get(who))
                    .map(|a| a.points)
                    .sum();
                prop_assert_eq!(quiz.score(*who), expected);
            }
            for q in 0..3 {
                for a in quiz.answers(q).unwrap().values() {
                    prop_assert!(a.points == 0 || (500..=1000).contains(&a.points));
                }
            }
            let ranked = rank(roster.ids().iter().map(|&w| (w, quiz.score(w))));
            for pair in ranked.windows(2) {
                prop_assert!(pair[0].1 >= pair[1].1);
                prop_assert_eq!(pair[0].1 == pair[1].1, pair[0].2 == pair[1].2);
            }
        }
    }
}

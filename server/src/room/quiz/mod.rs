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
use super::kind::{Cx, Deadline, Outcome, Roster, Whose, check_title, wrong_phase};
use crate::room::kind_export::KindExport;

mod spec;
pub use spec::{
    MAX_OPTION_CHARS, MAX_QUESTION_CHARS, MAX_QUESTIONS, MAX_TITLE_CHARS, TIME_LIMIT_SECS, TOP_N,
    validate,
};

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
        deadline: Deadline,
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
            Phase::Question { deadline, .. } if deadline.due(now) => self.close(roster).ok(),
            _ => None,
        }
    }

    fn start(&mut self, question: u32, cx: &Cx<'_>) -> Result<Outcome<Infallible>, ActError> {
        let now = cx.now;
        let deadline = Deadline::after(now, self.question(question)?.time_limit_secs);
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
            deadline,
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
        if deadline.due(now) {
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
        let points = points(correct, now - started_at, deadline.at() - started_at);
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
                deadline: deadline.at(),
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
            Phase::Question { deadline, .. } => Some(deadline.at()),
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
                deadline.resume(paused_ms);
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

    /// Every question asked and locked with the class's share of correct answers: no names,
    /// no scores.
    fn summary(&self, _roster: &Roster<'_>) -> Option<kring_protocol::ResultSummary> {
        use crate::room::history;
        let open = match self.phase {
            Phase::Question { index, .. } => Some(index),
            _ => None,
        };
        let lines = self
            .spec
            .questions
            .iter()
            .zip(&self.answers)
            .zip(&self.opened_at)
            .enumerate()
            .filter(|(i, ((_, answers), opened))| {
                opened.is_some() && open != Some(*i as u32) && !answers.is_empty()
            })
            .map(|(_, ((q, answers), _))| {
                let correct = answers
                    .values()
                    .filter(|a| is_correct(q, &a.choices))
                    .count();
                let percent = (correct as f64 * 100.0 / answers.len() as f64).round();
                history::line(
                    q.text.clone(),
                    Some(percent),
                    Some(kring_protocol::SummaryUnit::PercentCorrect),
                )
            });
        history::summary(lines, Vec::new())
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

#[cfg(test)]
mod tests;

//! Pitches with rubric feedback as a pure state machine: lobby → for each team in the order,
//! pitch → feedback → closed → results.
//!
//! The order is the host's, or drawn from the record's seeded generator (a replay draws the
//! same). While a pitch's feedback window is open everyone but the pitching team rates it: stars
//! per criterion plus a top and a tip, the whole rating in one input (sending it again changes
//! nothing; a new one replaces it until the window closes). Facilitators rate from the console
//! under a name they type; their ratings are counted apart.
//!
//! Anonymity by construction: the author of a rating is kept only to show a phone its own
//! rating back; no view, change, export or report carries it, and results are means and counts.
//!
//! A mean tip never reaches a team: a card (a top or a tip) reaches its team's phones only in a
//! version the host released (`release`), never by itself. The host sees every card as it comes
//! in and can hide one before releasing; hiding a released card takes it back, and a card its
//! author changes after the release is taken back until released again.

use std::collections::BTreeMap;

use kring_protocol::{
    ActivityId, CardKind, Criterion, ErrorCode, FeedbackCard, FeedbackHostCard, Lang,
    MAX_NICKNAME_CHARS, OwnRating, ParticipantId, PitchResult, PitchesChange, PitchesHost,
    PitchesInput, PitchesPersonal, PitchesPhase, PitchesSpec, PitchesView, RatingInput, Scores,
    TeacherRating, TeamId,
};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use super::Who;
use super::error::ActError;
use super::kind::{
    Audience, Cx, Deadline, Held, Outcome, Roster, Whose, check_timers, check_title, wrong_phase,
};
use crate::names;
use crate::room::kind_export::{Block, ExportRow, KindExport, detail};

mod export;
mod spec;
pub use spec::{
    CRITERIA, MAX_CRITERION_CHARS, MAX_FEEDBACK_CHARS, MAX_TEACHERS, MAX_TITLE_CHARS, STARS,
    TIMER_SECS, validate,
};

/// Checks a top or a tip with the one check for student text ([`names::check_text`]): tidied,
/// at most [`MAX_FEEDBACK_CHARS`], the profanity filter; empty (or only invisible characters)
/// is allowed here and kept as "".
pub fn feedback_text(raw: &str) -> Result<String, ActError> {
    match names::check_text(raw, MAX_FEEDBACK_CHARS) {
        Err(e) if e.code == ErrorCode::Blank => Ok(String::new()),
        checked => checked,
    }
}

/// Where the round is.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
enum Phase {
    Lobby,
    Pitch {
        index: u32,
        deadline: Option<Deadline>,
    },
    Feedback {
        index: u32,
        deadline: Option<Deadline>,
    },
    Closed {
        index: u32,
    },
    Results,
}

impl Phase {
    /// The pitch the round is at.
    fn index(self) -> Option<usize> {
        match self {
            Phase::Pitch { index, .. }
            | Phase::Feedback { index, .. }
            | Phase::Closed { index } => Some(index as usize),
            Phase::Lobby | Phase::Results => None,
        }
    }
}

/// Who gave a rating: a participant, or a facilitator by the name typed (its key).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Rater {
    Student(ParticipantId),
    Teacher(String),
}

/// What the host decided about one card.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
struct CardState {
    hidden: bool,
    /// The text the team has, if released (and not changed since).
    released: Option<String>,
}

/// One rating of one pitch.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Rating {
    /// Its cards' ids, top and tip: drawn at random when the rating is first given (from the
    /// record's seeded generator, so a replay draws the same), so a team that gets its cards
    /// can neither pair a top with its tip nor tell the order its raters rated in.
    ids: [u32; 2],
    stars: Vec<u32>,
    top: String,
    tip: String,
    /// A facilitator's name as typed (empty for a student).
    teacher: String,
    /// The host's decisions on the top and the tip.
    cards: [CardState; 2],
}

const KINDS: [CardKind; 2] = [CardKind::Top, CardKind::Tip];

impl Rating {
    fn text(&self, kind: CardKind) -> &str {
        match kind {
            CardKind::Top => &self.top,
            CardKind::Tip => &self.tip,
        }
    }

    fn card_id(&self, kind: CardKind) -> u32 {
        self.ids[kind as usize]
    }

    /// The kind of this rating's card `card`.
    fn kind_of(&self, card: u32) -> Option<CardKind> {
        KINDS.into_iter().find(|&k| self.card_id(k) == card)
    }

    fn input(&self) -> RatingInput {
        RatingInput {
            stars: self.stars.clone(),
            top: self.top.clone(),
            tip: self.tip.clone(),
        }
    }

    fn host_card(&self, team: TeamId, kind: CardKind) -> FeedbackHostCard {
        let state = &self.cards[kind as usize];
        let text = self.text(kind);
        FeedbackHostCard {
            id: self.card_id(kind),
            team,
            kind,
            text: text.to_owned(),
            teacher: !self.teacher.is_empty(),
            hidden: state.hidden,
            released: state.released.as_deref() == Some(text),
        }
    }

    /// The card as its team has it, if released.
    fn released(&self, team: TeamId, kind: CardKind) -> Option<FeedbackCard> {
        let state = &self.cards[kind as usize];
        let text = state.released.as_ref().filter(|_| !state.hidden)?;
        Some(FeedbackCard {
            id: self.card_id(kind),
            team,
            kind,
            text: text.clone(),
            teacher: !self.teacher.is_empty(),
        })
    }
}

/// One team's pitch and its ratings.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Pitch {
    team: TeamId,
    students: BTreeMap<ParticipantId, Rating>,
    /// By the facilitator's name's key.
    teachers: BTreeMap<String, Rating>,
}

impl Pitch {
    fn ratings(&self) -> impl Iterator<Item = &Rating> {
        self.students.values().chain(self.teachers.values())
    }

    fn rating_mut(&mut self, rater: &Rater) -> Option<&mut Rating> {
        match rater {
            Rater::Student(p) => self.students.get_mut(p),
            Rater::Teacher(key) => self.teachers.get_mut(key),
        }
    }

    fn result(&self) -> PitchResult {
        PitchResult {
            team: self.team,
            students: scores(self.students.values()),
            teachers: scores(self.teachers.values()),
        }
    }
}

/// The count and the mean stars per criterion of some ratings.
fn scores<'a>(ratings: impl Iterator<Item = &'a Rating>) -> Scores {
    let mut count = 0u32;
    let mut sums: Vec<u64> = Vec::new();
    for rating in ratings {
        count += 1;
        sums.resize(sums.len().max(rating.stars.len()), 0);
        for (sum, &stars) in sums.iter_mut().zip(&rating.stars) {
            *sum += u64::from(stars);
        }
    }
    Scores {
        count,
        means: sums
            .into_iter()
            .map(|sum| sum as f64 / f64::from(count))
            .collect(),
    }
}

/// A pitch round's state.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Pitches {
    id: ActivityId,
    spec: PitchesSpec,
    /// The order set in the lobby (empty: the room's teams in their order).
    order: Vec<TeamId>,
    phase: Phase,
    /// From the start: one per team, in pitching order.
    pitches: Vec<Pitch>,
    /// Where each card is, by its id: the pitch (its index) and the rater.
    cards: BTreeMap<u32, (u32, Rater)>,
    /// Tops and tips a moderator hid: the same text from the same student arrives hidden.
    #[serde(default)]
    held: Held,
}

/// A result change for the host, keyed apart from the cards.
fn result_key(team: TeamId) -> Option<u64> {
    Some((1 << 40) | u64::from(team.0))
}

impl Pitches {
    /// The teams in pitching order: from the start the round's; before, the order set (of
    /// teams still current) or the room's teams.
    fn order(&self, roster: &Roster<'_>) -> Vec<TeamId> {
        if self.phase != Phase::Lobby {
            return self.pitches.iter().map(|p| p.team).collect();
        }
        let active = |t: &TeamId| roster.teams().get(*t).is_some_and(|t| t.active);
        let set: Vec<TeamId> = self.order.iter().copied().filter(active).collect();
        if set.is_empty() {
            roster.teams().active().map(|t| t.id).collect()
        } else {
            set
        }
    }

    fn go_to_pitch(&mut self, index: usize, now: u64) -> Outcome<PitchesChange> {
        self.phase = Phase::Pitch {
            index: index as u32,
            deadline: Deadline::timer(now, self.spec.pitch_secs),
        };
        Outcome::view()
    }

    fn open_feedback(&mut self, index: usize, now: u64) -> Outcome<PitchesChange> {
        self.phase = Phase::Feedback {
            index: index as u32,
            deadline: Deadline::timer(now, self.spec.feedback_secs),
        };
        Outcome::view()
    }

    fn set_order(
        &mut self,
        teams: &[TeamId],
        roster: &Roster<'_>,
    ) -> Result<Outcome<PitchesChange>, ActError> {
        if teams.is_empty() {
            return Err(ActError::new(ErrorCode::NoTeam, "the order needs a team"));
        }
        for (i, team) in teams.iter().enumerate() {
            if !roster.teams().get(*team).is_some_and(|t| t.active) || teams[..i].contains(team) {
                return Err(ActError::new(
                    ErrorCode::InvalidChoice,
                    "the order lists each current team at most once",
                ));
            }
        }
        self.order = teams.to_vec();
        Ok(Outcome::view())
    }

    fn start(&mut self, cx: &Cx<'_>) -> Result<Outcome<PitchesChange>, ActError> {
        let order = self.order(&cx.roster);
        if order.is_empty() {
            return Err(ActError::new(
                ErrorCode::NoTeam,
                "form teams before the pitches start",
            ));
        }
        self.pitches = order
            .into_iter()
            .map(|team| Pitch {
                team,
                students: BTreeMap::new(),
                teachers: BTreeMap::new(),
            })
            .collect();
        Ok(self.go_to_pitch(0, cx.now))
    }

    fn next(&mut self, now: u64) -> Result<Outcome<PitchesChange>, ActError> {
        let index = self
            .phase
            .index()
            .ok_or_else(|| wrong_phase("the round is not running"))?;
        if index + 1 < self.pitches.len() {
            Ok(self.go_to_pitch(index + 1, now))
        } else {
            self.phase = Phase::Results;
            Ok(Outcome::view().with_personal(Whose::All))
        }
    }

    fn back(&mut self, now: u64) -> Result<Outcome<PitchesChange>, ActError> {
        let previous = match self.phase {
            Phase::Results => self.pitches.len().checked_sub(1),
            phase => phase.index().and_then(|i| i.checked_sub(1)),
        }
        .ok_or_else(|| wrong_phase("there is no previous team"))?;
        Ok(self.open_feedback(previous, now))
    }

    /// Checks that `team`'s pitch takes ratings now; returns its place in the order.
    fn open_for(&self, team: TeamId) -> Result<usize, ActError> {
        if self.phase == Phase::Lobby {
            return Err(wrong_phase("the pitches have not started"));
        }
        let at = self
            .pitches
            .iter()
            .position(|p| p.team == team)
            .ok_or_else(|| ActError::new(ErrorCode::InvalidChoice, "that team does not pitch"))?;
        match self.phase {
            Phase::Feedback { index, .. } if index as usize == at => Ok(at),
            Phase::Pitch { index, .. } if index as usize == at => {
                Err(wrong_phase("the feedback opens when the pitch is over"))
            }
            _ => Err(ActError::new(
                ErrorCode::FeedbackClosed,
                "the feedback on this pitch is closed",
            )),
        }
    }

    fn check_rating(&self, input: &RatingInput) -> Result<(String, String), ActError> {
        if input.stars.len() != self.spec.criteria.len()
            || !input.stars.iter().all(|s| STARS.contains(s))
        {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                format!(
                    "give every criterion {} to {} stars",
                    STARS.start(),
                    STARS.end()
                ),
            ));
        }
        let top = feedback_text(&input.top)?;
        let tip = feedback_text(&input.tip)?;
        if self.spec.require_tops_tips && (top.is_empty() || tip.is_empty()) {
            return Err(ActError::new(
                ErrorCode::TopTipRequired,
                "leave a top and a tip",
            ));
        }
        Ok((top, tip))
    }

    /// Records a whole rating by `rater` of the pitch at `at` (checked by the caller).
    fn rate(
        &mut self,
        at: usize,
        rater: Rater,
        teacher: String,
        input: &RatingInput,
        rng: &mut StdRng,
    ) -> Result<Outcome<PitchesChange>, ActError> {
        let (top, tip) = self.check_rating(input)?;
        let pitch = &mut self.pitches[at];
        let team = pitch.team;
        if let Rater::Teacher(key) = &rater
            && !pitch.teachers.contains_key(key)
            && pitch.teachers.len() >= MAX_TEACHERS
        {
            return Err(ActError::new(
                ErrorCode::LimitReached,
                format!("at most {MAX_TEACHERS} facilitators rate one pitch"),
            ));
        }
        let mut outcome = Outcome::progress();
        let mut fresh_ids = None;
        let rating = match pitch.rating_mut(&rater) {
            Some(rating) => {
                if (rating.stars == input.stars && rating.top == top && rating.tip == tip)
                    && rating.teacher == teacher
                {
                    return Ok(Outcome::default());
                }
                rating
            }
            None => {
                let mut draw = || loop {
                    let id = rng.random_range(0..=i32::MAX as u32);
                    if !self.cards.contains_key(&id) {
                        break id;
                    }
                };
                let mut ids = [draw(), draw()];
                while ids[1] == ids[0] {
                    ids[1] = draw();
                }
                fresh_ids = Some(ids);
                let fresh = Rating {
                    ids,
                    stars: Vec::new(),
                    top: String::new(),
                    tip: String::new(),
                    teacher: teacher.clone(),
                    cards: Default::default(),
                };
                match &rater {
                    Rater::Student(p) => pitch.students.entry(*p).or_insert(fresh),
                    Rater::Teacher(key) => pitch.teachers.entry(key.clone()).or_insert(fresh),
                }
            }
        };
        let old = [
            std::mem::replace(&mut rating.top, top),
            std::mem::replace(&mut rating.tip, tip),
        ];
        rating.stars = input.stars.clone();
        rating.teacher = teacher;
        for kind in KINDS {
            let (id, text) = (rating.card_id(kind), rating.text(kind).to_owned());
            if text == old[kind as usize] {
                continue;
            }
            let state = &mut rating.cards[kind as usize];
            // A changed card is the host's to review again: taken back from the team. A hidden
            // one stays hidden until a moderator shows it, and a text a moderator hid arrives
            // hidden, whatever its writer changes.
            if state.released.take().is_some() {
                outcome = outcome.with_change(
                    Audience::Team(team),
                    Some(u64::from(id)),
                    PitchesChange::Gone { id },
                );
            }
            if let Rater::Student(p) = &rater
                && self.held.holds(*p, &text)
            {
                state.hidden = true;
            }
            let host = if text.is_empty() {
                PitchesChange::Gone { id }
            } else {
                PitchesChange::HostCard {
                    card: rating.host_card(team, kind),
                }
            };
            outcome = outcome.with_change(Audience::Host, Some(u64::from(id)), host);
        }
        if let Some(ids) = fresh_ids {
            for id in ids {
                self.cards.insert(id, (at as u32, rater.clone()));
            }
        }
        let result = self.pitches[at].result();
        outcome = outcome.with_change(
            Audience::Host,
            result_key(team),
            PitchesChange::Result { result },
        );
        Ok(match rater {
            Rater::Student(p) => outcome.with_personal(Whose::One(p)),
            Rater::Teacher(_) => Outcome {
                host: true,
                ..outcome
            },
        })
    }

    fn student_rates(
        &mut self,
        who: ParticipantId,
        team: TeamId,
        input: &RatingInput,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome<PitchesChange>, ActError> {
        let at = self.open_for(team)?;
        if cx.roster.team_of(who) == Some(team) {
            return Err(ActError::new(
                ErrorCode::OwnPitch,
                "you cannot rate your own team's pitch",
            ));
        }
        self.rate(at, Rater::Student(who), String::new(), input, cx.rng)
    }

    fn teacher_rates(
        &mut self,
        team: TeamId,
        name: &str,
        input: &RatingInput,
        rng: &mut StdRng,
    ) -> Result<Outcome<PitchesChange>, ActError> {
        let at = self.open_for(team)?;
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > MAX_NICKNAME_CHARS {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                format!("a facilitator's name has 1 to {MAX_NICKNAME_CHARS} characters"),
            ));
        }
        let key = names::nickname_key(&name);
        self.rate(at, Rater::Teacher(key), name, input, rng)
    }

    /// The rating a card belongs to, with its team and the card's kind.
    fn card_mut(&mut self, card: u32) -> Result<(TeamId, &mut Rating, CardKind), ActError> {
        let missing = || ActError::new(ErrorCode::InvalidChoice, "no such card");
        let (at, rater) = self.cards.get(&card).ok_or_else(missing)?;
        let pitch = &mut self.pitches[*at as usize];
        let team = pitch.team;
        let rating = pitch.rating_mut(rater).ok_or_else(missing)?;
        let kind = rating.kind_of(card).ok_or_else(missing)?;
        if rating.text(kind).is_empty() {
            return Err(missing());
        }
        Ok((team, rating, kind))
    }

    fn hide(&mut self, card: u32, hidden: bool) -> Result<Outcome<PitchesChange>, ActError> {
        let writer = match self.cards.get(&card) {
            Some((_, Rater::Student(p))) => Some(*p),
            _ => None,
        };
        if let Some(p) = writer {
            let (_, rating, kind) = self.card_mut(card)?;
            let text = rating.text(kind).to_owned();
            if hidden {
                self.held.hold(p, &text);
            } else {
                self.held.release(p, &text);
            }
        }
        let (team, rating, kind) = self.card_mut(card)?;
        let state = &mut rating.cards[kind as usize];
        if state.hidden == hidden {
            return Ok(Outcome::default());
        }
        state.hidden = hidden;
        let mut outcome = Outcome::default();
        if hidden && state.released.take().is_some() {
            outcome = outcome.with_change(
                Audience::Team(team),
                Some(u64::from(card)),
                PitchesChange::Gone { id: card },
            );
        }
        let host = rating.host_card(team, kind);
        Ok(outcome.with_change(
            Audience::Host,
            Some(u64::from(card)),
            PitchesChange::HostCard { card: host },
        ))
    }

    fn release(&mut self, team: TeamId) -> Result<Outcome<PitchesChange>, ActError> {
        if self.phase == Phase::Lobby {
            return Err(wrong_phase("the round has not started"));
        }
        let pitch = self
            .pitches
            .iter_mut()
            .find(|p| p.team == team)
            .ok_or_else(|| ActError::new(ErrorCode::InvalidChoice, "that team does not pitch"))?;
        let mut released = Vec::new();
        for rating in pitch
            .students
            .values_mut()
            .chain(pitch.teachers.values_mut())
        {
            for kind in KINDS {
                let text = rating.text(kind).to_owned();
                let state = &mut rating.cards[kind as usize];
                if text.is_empty() || state.hidden || state.released.as_ref() == Some(&text) {
                    continue;
                }
                state.released = Some(text);
                let card = rating.released(team, kind).expect("just released");
                released.push((card, rating.host_card(team, kind)));
            }
        }
        // In the order of the (random) ids: the raters' order and the pairs stay unseen.
        released.sort_by_key(|(card, _)| card.id);
        let mut outcome = Outcome::default();
        for (card, host) in released {
            let id = card.id;
            outcome = outcome
                .with_change(
                    Audience::Team(team),
                    Some(u64::from(id)),
                    PitchesChange::Card { card },
                )
                .with_change(
                    Audience::Host,
                    Some(u64::from(id)),
                    PitchesChange::HostCard { card: host },
                );
        }
        Ok(outcome)
    }

    fn view(&self, roster: &Roster<'_>) -> PitchesView {
        let team = |index: u32| self.pitches[index as usize].team;
        let phase = match self.phase {
            Phase::Lobby => PitchesPhase::Lobby,
            Phase::Pitch { index, deadline } => PitchesPhase::Pitch {
                index,
                team: team(index),
                deadline: deadline.map(Deadline::at),
            },
            Phase::Feedback { index, deadline } => PitchesPhase::Feedback {
                index,
                team: team(index),
                deadline: deadline.map(Deadline::at),
            },
            Phase::Closed { index } => PitchesPhase::Closed {
                index,
                team: team(index),
            },
            Phase::Results => PitchesPhase::Results {
                results: self.pitches.iter().map(Pitch::result).collect(),
            },
        };
        PitchesView {
            id: self.id,
            title: self.spec.title.clone(),
            criteria: self.spec.criteria.clone(),
            require_tops_tips: self.spec.require_tops_tips,
            order: self.order(roster),
            phase,
        }
    }

    fn personal(&self, who: ParticipantId, roster: &Roster<'_>) -> PitchesPersonal {
        let team = roster.team_of(who);
        PitchesPersonal {
            team,
            ratings: self
                .pitches
                .iter()
                .filter_map(|p| {
                    p.students.get(&who).map(|r| OwnRating {
                        team: p.team,
                        rating: r.input(),
                    })
                })
                .collect(),
            feedback: {
                let mut cards: Vec<FeedbackCard> = self
                    .pitches
                    .iter()
                    .filter(|p| Some(p.team) == team)
                    .flat_map(|p| {
                        p.ratings().flat_map(move |r| {
                            KINDS.into_iter().filter_map(|k| r.released(p.team, k))
                        })
                    })
                    .collect();
                // In the order of the (random) ids, never the raters'.
                cards.sort_by_key(|c| c.id);
                cards
            },
        }
    }

    fn host(&self) -> PitchesHost {
        PitchesHost {
            cards: self
                .pitches
                .iter()
                .flat_map(|p| {
                    p.ratings().flat_map(move |r| {
                        KINDS
                            .into_iter()
                            .filter(|k| !r.text(*k).is_empty())
                            .map(move |k| r.host_card(p.team, k))
                    })
                })
                .collect(),
            results: self.pitches.iter().map(Pitch::result).collect(),
            teacher_ratings: self
                .pitches
                .iter()
                .flat_map(|p| {
                    p.teachers.values().map(|r| TeacherRating {
                        team: p.team,
                        teacher: r.teacher.clone(),
                        rating: r.input(),
                    })
                })
                .collect(),
        }
    }
}

impl super::kind::Kind for Pitches {
    type Spec = PitchesSpec;
    type Input = PitchesInput;
    type View = PitchesView;
    type Personal = PitchesPersonal;
    type HostView = PitchesHost;
    type Change = PitchesChange;

    /// A new round in the lobby, if the spec passes [`validate`].
    fn create(id: ActivityId, spec: PitchesSpec) -> Result<Self, ActError> {
        validate(&spec)?;
        Ok(Pitches {
            id,
            spec,
            order: Vec::new(),
            phase: Phase::Lobby,
            pitches: Vec::new(),
            cards: BTreeMap::new(),
            held: Held::default(),
        })
    }

    fn spec(&self) -> &PitchesSpec {
        &self.spec
    }

    fn started(&self) -> bool {
        self.phase != Phase::Lobby
    }

    fn apply(
        &mut self,
        who: Who,
        input: &PitchesInput,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome<PitchesChange>, ActError> {
        match input {
            PitchesInput::Rate { team, rating } => {
                self.student_rates(who.student()?, *team, rating, cx)
            }
            PitchesInput::TeacherRate {
                team,
                teacher,
                rating,
            } => self.teacher_rates(*team, teacher, rating, cx.rng),
            PitchesInput::SetOrder { teams } => {
                if self.phase != Phase::Lobby {
                    return Err(wrong_phase("the order is set before the round starts"));
                }
                self.set_order(teams, &cx.roster)
            }
            PitchesInput::Shuffle => {
                if self.phase != Phase::Lobby {
                    return Err(wrong_phase("the order is drawn before the round starts"));
                }
                let mut order = self.order(&cx.roster);
                if order.is_empty() {
                    return Err(ActError::new(ErrorCode::NoTeam, "form teams first"));
                }
                order.shuffle(cx.rng);
                self.order = order;
                Ok(Outcome::view())
            }
            PitchesInput::Start => {
                if self.phase != Phase::Lobby {
                    return Err(wrong_phase("the round has started already"));
                }
                self.start(cx)
            }
            PitchesInput::OpenFeedback => match self.phase {
                Phase::Pitch { index, .. } => Ok(self.open_feedback(index as usize, cx.now)),
                _ => Err(wrong_phase("the feedback opens after a pitch")),
            },
            PitchesInput::CloseFeedback => match self.phase {
                Phase::Feedback { index, .. } => {
                    self.phase = Phase::Closed { index };
                    Ok(Outcome::view())
                }
                _ => Err(wrong_phase("no feedback is open")),
            },
            PitchesInput::Next => self.next(cx.now),
            PitchesInput::Back => self.back(cx.now),
            PitchesInput::Hide { card, hidden } => self.hide(*card, *hidden),
            PitchesInput::Release { team } => self.release(*team),
        }
    }

    /// Ratings, tops and tips never name their rater.
    fn shows_actor(&self, _input: &PitchesInput) -> bool {
        false
    }

    fn deadline(&self) -> Option<u64> {
        match self.phase {
            Phase::Pitch { deadline, .. } | Phase::Feedback { deadline, .. } => {
                deadline.map(Deadline::at)
            }
            _ => None,
        }
    }

    fn on_tick(&mut self, cx: &mut Cx<'_>) -> Option<Outcome<PitchesChange>> {
        match self.phase {
            Phase::Pitch {
                index,
                deadline: Some(d),
            } if d.due(cx.now) => Some(self.open_feedback(index as usize, cx.now)),
            Phase::Feedback {
                index,
                deadline: Some(d),
            } if d.due(cx.now) => {
                self.phase = Phase::Closed { index };
                Some(Outcome::view())
            }
            _ => None,
        }
    }

    /// A timed pitch or feedback window keeps the time it had left.
    fn resume(&mut self, paused_ms: u64) -> bool {
        match &mut self.phase {
            Phase::Pitch {
                deadline: Some(d), ..
            }
            | Phase::Feedback {
                deadline: Some(d), ..
            } => {
                d.resume(paused_ms);
                true
            }
            _ => false,
        }
    }

    /// Takes a removed student's ratings (stars, top and tip) out of every pitch, so the means
    /// and the team's cards no longer hold them; counts them.
    fn void(&mut self, gone: ParticipantId) -> u32 {
        let mut voided = 0;
        for pitch in &mut self.pitches {
            if pitch.students.remove(&gone).is_some() {
                voided += 1;
            }
        }
        voided
    }

    /// The ratings of the current pitch (students' and facilitators').
    fn responded(&self) -> u32 {
        self.phase.index().map_or(0, |i| {
            let pitch = &self.pitches[i];
            (pitch.students.len() + pitch.teachers.len()) as u32
        })
    }

    fn public_view(&self, roster: &Roster<'_>) -> PitchesView {
        self.view(roster)
    }

    fn personal_view(&self, who: ParticipantId, roster: &Roster<'_>) -> Option<PitchesPersonal> {
        Some(self.personal(who, roster))
    }

    fn host_view(&self, _roster: &Roster<'_>) -> Option<PitchesHost> {
        Some(self.host())
    }

    /// Each team's mean stars over the rubric (the students' ratings), once the results show.
    fn summary(&self, roster: &Roster<'_>) -> Option<kring_protocol::ResultSummary> {
        use crate::room::history;
        let view = super::kind::Kind::public_view(self, roster);
        let kring_protocol::PitchesPhase::Results { results } = view.phase else {
            return None;
        };
        let mut lines: Vec<_> = results
            .into_iter()
            .filter(|r| !r.students.means.is_empty())
            .map(|r| {
                let mean = r.students.means.iter().sum::<f64>() / r.students.means.len() as f64;
                let name = roster
                    .teams()
                    .get(r.team)
                    .map_or_else(String::new, |t| t.name.clone());
                history::line(
                    name,
                    Some((mean * 10.0).round() / 10.0),
                    Some(kring_protocol::SummaryUnit::Stars),
                )
            })
            .collect();
        lines.sort_by(|a, b| b.value.unwrap_or(0.0).total_cmp(&a.value.unwrap_or(0.0)));
        history::summary(lines, Vec::new())
    }

    fn export(&self, _id: ActivityId, roster: &Roster<'_>, lang: Lang) -> KindExport {
        export::export(self, roster, lang)
    }
}

#[cfg(test)]
mod tests;

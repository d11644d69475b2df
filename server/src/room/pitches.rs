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
use super::kind::{Audience, Cx, Held, Outcome, Roster, Whose};
use crate::export::{Block, ExportRow, KindExport, detail};
use crate::names;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 120;
/// How many criteria a rubric has.
pub const CRITERIA: std::ops::RangeInclusive<usize> = 1..=6;
/// Longest criterion name, in characters.
pub const MAX_CRITERION_CHARS: usize = 40;
/// Stars per criterion.
pub const STARS: std::ops::RangeInclusive<u32> = 1..=5;
/// Longest top or tip, in characters.
pub const MAX_FEEDBACK_CHARS: usize = 140;
/// Most facilitators rating one pitch.
pub const MAX_TEACHERS: usize = 20;
/// Shortest and longest timer of a phase, in seconds.
pub const TIMER_SECS: std::ops::RangeInclusive<u32> = 10..=1800;

/// Checks a spec against the limits.
pub fn validate(spec: &PitchesSpec) -> Result<(), ActError> {
    let err = |msg: String| Err(ActError::invalid_spec(msg));
    if spec.title.trim().is_empty() || spec.title.chars().count() > MAX_TITLE_CHARS {
        return err(format!(
            "the title must have 1 to {MAX_TITLE_CHARS} characters"
        ));
    }
    if !CRITERIA.contains(&spec.criteria.len()) {
        return err(format!(
            "a rubric has {} to {} criteria",
            CRITERIA.start(),
            CRITERIA.end()
        ));
    }
    for criterion in &spec.criteria {
        let length = criterion.name.trim().chars().count();
        if length == 0 || length > MAX_CRITERION_CHARS {
            return err(format!(
                "a criterion has 1 to {MAX_CRITERION_CHARS} characters"
            ));
        }
        if criterion
            .key
            .as_ref()
            .is_some_and(|k| k.chars().count() > MAX_CRITERION_CHARS)
        {
            return err("a criterion's key is too long".into());
        }
    }
    for secs in [spec.pitch_secs, spec.feedback_secs].into_iter().flatten() {
        if !TIMER_SECS.contains(&secs) {
            return err(format!(
                "a timer runs {} to {} seconds",
                TIMER_SECS.start(),
                TIMER_SECS.end()
            ));
        }
    }
    Ok(())
}

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
    Pitch { index: u32, deadline: Option<u64> },
    Feedback { index: u32, deadline: Option<u64> },
    Closed { index: u32 },
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

fn wrong_phase(message: &str) -> ActError {
    ActError::new(ErrorCode::WrongPhase, message)
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

    fn feedback_deadline(&self, now: u64) -> Option<u64> {
        self.spec.feedback_secs.map(|s| now + u64::from(s) * 1000)
    }

    fn go_to_pitch(&mut self, index: usize, now: u64) -> Outcome<PitchesChange> {
        self.phase = Phase::Pitch {
            index: index as u32,
            deadline: self.spec.pitch_secs.map(|s| now + u64::from(s) * 1000),
        };
        Outcome::view()
    }

    fn open_feedback(&mut self, index: usize, now: u64) -> Outcome<PitchesChange> {
        self.phase = Phase::Feedback {
            index: index as u32,
            deadline: self.feedback_deadline(now),
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
                deadline,
            },
            Phase::Feedback { index, deadline } => PitchesPhase::Feedback {
                index,
                team: team(index),
                deadline,
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
            Phase::Pitch { deadline, .. } | Phase::Feedback { deadline, .. } => deadline,
            _ => None,
        }
    }

    fn on_tick(&mut self, cx: &mut Cx<'_>) -> Option<Outcome<PitchesChange>> {
        match self.phase {
            Phase::Pitch {
                index,
                deadline: Some(d),
            } if cx.now >= d => Some(self.open_feedback(index as usize, cx.now)),
            Phase::Feedback {
                index,
                deadline: Some(d),
            } if cx.now >= d => {
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
                *d += paused_ms;
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

    fn export(&self, _id: ActivityId, roster: &Roster<'_>, lang: Lang) -> KindExport {
        export(self, roster, lang)
    }
}

/// A group's scores in the JSON export.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ScoresExport {
    count: u32,
    means: Vec<f64>,
    /// How many gave 1, 2, 3, 4 and 5 stars, per criterion.
    stars: Vec<[u32; 5]>,
}

/// One team's results in the JSON export.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultExport {
    team: TeamId,
    team_name: String,
    students: ScoresExport,
    teachers: ScoresExport,
}

/// A card in the JSON export (no author, sorted by text: nothing to tell who wrote it).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CardExport {
    team: TeamId,
    team_name: String,
    kind: CardKind,
    text: String,
    teacher: bool,
    hidden: bool,
    released: bool,
}

/// The JSON detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    criteria: Vec<Criterion>,
    require_tops_tips: bool,
    order: Vec<TeamId>,
    results: Vec<ResultExport>,
    cards: Vec<CardExport>,
}

/// The words of the export in one language.
struct Words {
    heading: &'static str,
    students: &'static str,
    teachers: &'static str,
    criterion: &'static str,
    ratings: &'static str,
    mean: &'static str,
    top: &'static str,
    tip: &'static str,
    tops: &'static str,
    tips: &'static str,
    hidden: &'static str,
    released: &'static str,
    waiting: &'static str,
    teacher_mark: &'static str,
}

const EN: Words = Words {
    heading: "Pitches",
    students: "students",
    teachers: "teachers",
    criterion: "Criterion",
    ratings: "ratings",
    mean: "mean",
    top: "top",
    tip: "tip",
    tops: "Tops",
    tips: "Tips",
    hidden: "hidden",
    released: "sent to the team",
    waiting: "not sent",
    teacher_mark: " (teacher)",
};

const NL: Words = Words {
    heading: "Pitches",
    students: "studenten",
    teachers: "docenten",
    criterion: "Criterium",
    ratings: "beoordelingen",
    mean: "gemiddelde",
    top: "top",
    tip: "tip",
    tops: "Tops",
    tips: "Tips",
    hidden: "verborgen",
    released: "naar het team",
    waiting: "niet verstuurd",
    teacher_mark: " (docent)",
};

/// A mean with two decimals, with the decimal separator of `lang` (Dutch Excel reads commas).
fn decimal(mean: f64, lang: Lang) -> String {
    let text = format!("{mean:.2}");
    match lang {
        Lang::Nl => text.replace('.', ","),
        Lang::En => text,
    }
}

/// The name a page shows for a criterion in `lang` (built-in ones are translated).
fn criterion_name(criterion: &Criterion, lang: Lang) -> String {
    let english = match criterion.key.as_deref() {
        Some("creatief") => "Creative",
        Some("realistisch") => "Realistic",
        Some("duidelijk") => "Clear",
        _ => return criterion.name.clone(),
    };
    match lang {
        Lang::En => english.to_owned(),
        Lang::Nl => criterion.name.clone(),
    }
}

fn scores_export<'a>(
    ratings: impl Iterator<Item = &'a Rating> + Clone,
    criteria: usize,
) -> ScoresExport {
    let Scores { count, means } = scores(ratings.clone());
    let mut stars = vec![[0u32; 5]; criteria];
    for rating in ratings {
        for (counts, &s) in stars.iter_mut().zip(&rating.stars) {
            counts[(s - 1) as usize] += 1;
        }
    }
    ScoresExport {
        count,
        means,
        stars,
    }
}

fn export(pitches: &Pitches, roster: &Roster<'_>, lang: Lang) -> KindExport {
    let w = match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    };
    let team_name = |t: TeamId| {
        roster
            .teams()
            .get(t)
            .map_or_else(|| format!("Team {}", t.0), |t| t.name.clone())
    };
    let criteria = &pitches.spec.criteria;
    let names: Vec<String> = criteria.iter().map(|c| criterion_name(c, lang)).collect();
    let results: Vec<ResultExport> = pitches
        .pitches
        .iter()
        .map(|p| ResultExport {
            team: p.team,
            team_name: team_name(p.team),
            students: scores_export(p.students.values(), criteria.len()),
            teachers: scores_export(p.teachers.values(), criteria.len()),
        })
        .collect();
    let mut cards: Vec<CardExport> = pitches
        .pitches
        .iter()
        .flat_map(|p| {
            p.ratings().flat_map(move |r| {
                KINDS
                    .into_iter()
                    .filter(|k| !r.text(*k).is_empty())
                    .map(move |k| (p.team, r.host_card(p.team, k)))
            })
        })
        .map(|(team, card)| CardExport {
            team,
            team_name: team_name(team),
            kind: card.kind,
            text: card.text,
            teacher: card.teacher,
            hidden: card.hidden,
            released: card.released,
        })
        .collect();
    // Sorted, so the order says nothing about who wrote a card or when.
    cards.sort_by(|a, b| {
        (a.team, a.kind as u8, &a.text, a.teacher).cmp(&(b.team, b.kind as u8, &b.text, b.teacher))
    });

    let mut rows = Vec::new();
    for result in &results {
        for (group, scores) in [
            (w.students, &result.students),
            (w.teachers, &result.teachers),
        ] {
            if scores.count == 0 {
                continue;
            }
            for (name, mean) in names.iter().zip(&scores.means) {
                rows.push(ExportRow {
                    item: result.team_name.clone(),
                    item_text: name.clone(),
                    answer: format!("{} {group}", w.mean),
                    value: Some(decimal(*mean, lang)),
                    ..ExportRow::default()
                });
            }
            rows.push(ExportRow {
                item: result.team_name.clone(),
                answer: format!("{} {group}", w.ratings),
                value: Some(scores.count.to_string()),
                ..ExportRow::default()
            });
        }
    }
    for card in &cards {
        rows.push(ExportRow {
            item: card.team_name.clone(),
            answer: match card.kind {
                CardKind::Top => w.top,
                CardKind::Tip => w.tip,
            }
            .to_owned(),
            answer_text: card.text.clone(),
            value: Some(
                if card.hidden {
                    w.hidden
                } else if card.released {
                    w.released
                } else {
                    w.waiting
                }
                .to_owned(),
            ),
            item_text: if card.teacher { w.teachers } else { w.students }.to_owned(),
            ..ExportRow::default()
        });
    }

    let mut report = vec![Block::Heading(format!(
        "{}: {}",
        w.heading, pitches.spec.title
    ))];
    for result in &results {
        let count = |s: &ScoresExport, group: &str| format!("{group} (n = {})", s.count);
        report.push(Block::Para(result.team_name.clone()));
        let cell = |s: &ScoresExport, c: usize| {
            s.means
                .get(c)
                .map_or_else(|| "–".to_owned(), |m| decimal(*m, lang))
        };
        let table = names
            .iter()
            .enumerate()
            .map(|(c, name)| {
                vec![
                    name.clone(),
                    cell(&result.students, c),
                    cell(&result.teachers, c),
                ]
            })
            .collect();
        report.push(Block::table(
            &[
                w.criterion,
                &count(&result.students, w.students),
                &count(&result.teachers, w.teachers),
            ],
            table,
        ));
        let shown = |kind: CardKind| -> Vec<String> {
            cards
                .iter()
                .filter(|c| c.team == result.team && c.kind == kind && !c.hidden)
                .map(|c| {
                    let mark = if c.teacher { w.teacher_mark } else { "" };
                    format!("{}{mark}", c.text)
                })
                .collect()
        };
        let (tops, tips) = (shown(CardKind::Top), shown(CardKind::Tip));
        if !tops.is_empty() || !tips.is_empty() {
            let rows = (0..tops.len().max(tips.len()))
                .map(|i| {
                    vec![
                        tops.get(i).cloned().unwrap_or_default(),
                        tips.get(i).cloned().unwrap_or_default(),
                    ]
                })
                .collect();
            report.push(Block::table(&[w.tops, w.tips], rows));
        }
    }
    KindExport {
        anonymous: true,
        detail: detail(Detail {
            criteria: criteria.clone(),
            require_tops_tips: pitches.spec.require_tops_tips,
            order: pitches.pitches.iter().map(|p| p.team).collect(),
            results,
            cards,
        }),
        rows,
        report,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::room::kind::AnyKind;
    use crate::room::kind::Change;
    use crate::room::kind::testing::Class;
    use kring_protocol::default_criteria;
    use kring_protocol::{ActivityChange, ActivityView};
    use proptest::prelude::*;

    fn spec() -> PitchesSpec {
        PitchesSpec {
            title: "Pitches".into(),
            criteria: default_criteria(),
            pitch_secs: Some(60),
            feedback_secs: Some(30),
            require_tops_tips: false,
        }
    }

    fn p(n: u32) -> ParticipantId {
        ParticipantId(n)
    }

    fn rating(stars: [u32; 3], top: &str, tip: &str) -> RatingInput {
        RatingInput {
            stars: stars.to_vec(),
            top: top.into(),
            tip: tip.into(),
        }
    }

    fn host_view(pitches: &Pitches) -> PitchesHost {
        pitches.host()
    }

    /// A started round in a class of 6 in 2 teams; returns the teams in pitching order.
    fn started(class: &mut Class) -> (Pitches, Vec<TeamId>) {
        let mut pitches = Pitches::create(ActivityId(1), spec()).unwrap();
        pitches
            .handle(Who::Host, &PitchesInput::Start, &mut class.at(0))
            .unwrap();
        let order = pitches.pitches.iter().map(|p| p.team).collect();
        (pitches, order)
    }

    /// Someone in `team` and someone not.
    fn member_and_outsider(class: &Class, team: TeamId) -> (ParticipantId, ParticipantId) {
        let people = class.people();
        let inside = *class
            .ids()
            .iter()
            .find(|p| people.team_of(**p) == Some(team))
            .unwrap();
        let outside = *class
            .ids()
            .iter()
            .find(|p| people.team_of(**p) != Some(team))
            .unwrap();
        (inside, outside)
    }

    #[test]
    fn the_round_runs_pitch_feedback_closed_per_team_then_results() {
        let mut class = Class::in_teams(6, 2);
        let (mut pitches, order) = started(&mut class);
        assert_eq!(pitches.deadline(), Some(60_000));
        assert!(pitches.on_tick(&mut class.at(59_999)).is_none());
        pitches.on_tick(&mut class.at(60_000)).unwrap();
        assert_eq!(
            pitches.phase,
            Phase::Feedback {
                index: 0,
                deadline: Some(90_000)
            }
        );
        let (inside, outside) = member_and_outsider(&class, order[0]);
        let rate = |team| PitchesInput::Rate {
            team,
            rating: rating([5, 4, 3], "Goed idee", "Praat langzamer"),
        };
        let own = pitches.handle(
            Who::Participant(inside),
            &rate(order[0]),
            &mut class.at(61_000),
        );
        assert_eq!(own.unwrap_err().code, ErrorCode::OwnPitch);
        let other = pitches.handle(
            Who::Participant(outside),
            &rate(order[1]),
            &mut class.at(61_000),
        );
        assert_eq!(other.unwrap_err().code, ErrorCode::FeedbackClosed);
        pitches
            .handle(
                Who::Participant(outside),
                &rate(order[0]),
                &mut class.at(61_000),
            )
            .unwrap();
        assert_eq!(pitches.responded(), 1);
        // The same rating again changes nothing.
        let again = pitches
            .handle(
                Who::Participant(outside),
                &rate(order[0]),
                &mut class.at(62_000),
            )
            .unwrap();
        assert_eq!(again, Outcome::default());
        pitches.on_tick(&mut class.at(90_000)).unwrap();
        assert_eq!(pitches.phase, Phase::Closed { index: 0 });
        let late = pitches.handle(
            Who::Participant(outside),
            &rate(order[0]),
            &mut class.at(90_001),
        );
        assert_eq!(late.unwrap_err().code, ErrorCode::FeedbackClosed);
        // Back reopens the previous team's feedback; next moves on; after the last, results.
        pitches
            .handle(Who::Host, &PitchesInput::Next, &mut class.at(91_000))
            .unwrap();
        assert!(matches!(pitches.phase, Phase::Pitch { index: 1, .. }));
        pitches
            .handle(Who::Host, &PitchesInput::Back, &mut class.at(92_000))
            .unwrap();
        assert!(matches!(pitches.phase, Phase::Feedback { index: 0, .. }));
        pitches
            .handle(Who::Host, &PitchesInput::Next, &mut class.at(93_000))
            .unwrap();
        pitches
            .handle(Who::Host, &PitchesInput::Next, &mut class.at(94_000))
            .unwrap();
        let ActivityView::Pitches(view) = pitches.public_view(&class.people()) else {
            unreachable!()
        };
        let PitchesPhase::Results { results } = view.phase else {
            panic!("results after the last team")
        };
        assert_eq!(results[0].students.count, 1);
        assert_eq!(results[0].students.means, [5.0, 4.0, 3.0]);
        assert_eq!(results[1].students.count, 0);
        assert!(results[1].students.means.is_empty());
    }

    #[test]
    fn the_order_is_set_by_the_host_or_drawn_and_the_draw_is_repeatable() {
        let mut class = Class::in_teams(9, 3);
        let teams: Vec<TeamId> = class.people().teams().active().map(|t| t.id).collect();
        let mut pitches = Pitches::create(ActivityId(1), spec()).unwrap();
        let reversed: Vec<TeamId> = teams.iter().rev().copied().collect();
        let set = PitchesInput::SetOrder {
            teams: reversed.clone(),
        };
        pitches.handle(Who::Host, &set, &mut class.at(0)).unwrap();
        assert_eq!(pitches.order(&class.people()), reversed);
        let twice = PitchesInput::SetOrder {
            teams: vec![teams[0], teams[0]],
        };
        let err = pitches.handle(Who::Host, &twice, &mut class.at(0));
        assert_eq!(err.unwrap_err().code, ErrorCode::InvalidChoice);
        let by_phone = pitches.handle(Who::Participant(p(0)), &set, &mut class.at(0));
        assert_eq!(by_phone.unwrap_err().code, ErrorCode::Forbidden);
        let mut copy = pitches.clone();
        let mut same = Class::in_teams(9, 3);
        pitches
            .handle(Who::Host, &PitchesInput::Shuffle, &mut class.at(1))
            .unwrap();
        copy.handle(Who::Host, &PitchesInput::Shuffle, &mut same.at(1))
            .unwrap();
        assert_eq!(
            pitches.order, copy.order,
            "the same seed draws the same order"
        );
        let mut drawn = pitches.order.clone();
        drawn.sort();
        assert_eq!(drawn, teams);
        pitches
            .handle(Who::Host, &PitchesInput::Start, &mut class.at(2))
            .unwrap();
        let order: Vec<TeamId> = pitches.pitches.iter().map(|p| p.team).collect();
        assert_eq!(order, pitches.order);
        let err = pitches.handle(Who::Host, &PitchesInput::Shuffle, &mut class.at(3));
        assert_eq!(err.unwrap_err().code, ErrorCode::WrongPhase);
        // Without teams the round cannot start.
        let mut empty = Class::new(3);
        let mut none = Pitches::create(ActivityId(2), spec()).unwrap();
        let err = none.handle(Who::Host, &PitchesInput::Start, &mut empty.at(0));
        assert_eq!(err.unwrap_err().code, ErrorCode::NoTeam);
    }

    #[test]
    fn cards_reach_the_team_only_as_released_and_a_hidden_or_changed_one_is_taken_back() {
        let mut class = Class::in_teams(6, 2);
        let (mut pitches, order) = started(&mut class);
        let team = order[0];
        pitches
            .handle(Who::Host, &PitchesInput::OpenFeedback, &mut class.at(1))
            .unwrap();
        let (member, rater) = member_and_outsider(&class, team);
        let rate = |top: &str, tip: &str| PitchesInput::Rate {
            team,
            rating: rating([3, 3, 3], top, tip),
        };
        pitches
            .handle(
                Who::Participant(rater),
                &rate("Sterk begin", "Jullie zijn saai"),
                &mut class.at(2),
            )
            .unwrap();
        let feedback =
            |pitches: &Pitches, class: &Class| pitches.personal(member, &class.people()).feedback;
        assert!(
            feedback(&pitches, &class).is_empty(),
            "nothing before a release"
        );
        let host = host_view(&pitches);
        assert_eq!(host.cards.len(), 2);
        let tip = host
            .cards
            .iter()
            .find(|c| c.kind == CardKind::Tip)
            .unwrap()
            .id;
        pitches
            .handle(
                Who::Host,
                &PitchesInput::Hide {
                    card: tip,
                    hidden: true,
                },
                &mut class.at(3),
            )
            .unwrap();
        let released = pitches
            .handle(Who::Host, &PitchesInput::Release { team }, &mut class.at(4))
            .unwrap();
        let to_team: Vec<&Change> = released
            .changes
            .iter()
            .filter(|c| c.audience == Audience::Team(team))
            .collect();
        assert_eq!(to_team.len(), 1, "only the top: {to_team:?}");
        let cards = feedback(&pitches, &class);
        assert_eq!(cards.len(), 1);
        assert_eq!(cards[0].text, "Sterk begin");
        // The author changes the top: the team loses it until the host releases it again.
        let changed = pitches
            .handle(
                Who::Participant(rater),
                &rate("Sterk begin!", "Jullie zijn saai"),
                &mut class.at(5),
            )
            .unwrap();
        assert!(
            changed
                .changes
                .iter()
                .any(|c| c.audience == Audience::Team(team)
                    && matches!(
                        &c.change,
                        ActivityChange::Pitches(PitchesChange::Gone { .. })
                    ))
        );
        assert!(feedback(&pitches, &class).is_empty());
        // Hiding a released card takes it back too.
        pitches
            .handle(Who::Host, &PitchesInput::Release { team }, &mut class.at(6))
            .unwrap();
        assert_eq!(feedback(&pitches, &class)[0].text, "Sterk begin!");
        let top = host_view(&pitches)
            .cards
            .iter()
            .find(|c| c.kind == CardKind::Top)
            .unwrap()
            .id;
        pitches
            .handle(
                Who::Host,
                &PitchesInput::Hide {
                    card: top,
                    hidden: true,
                },
                &mut class.at(7),
            )
            .unwrap();
        assert!(feedback(&pitches, &class).is_empty());
        // Profanity and over-long text are refused with their codes.
        let rude = pitches.handle(Who::Participant(rater), &rate("kut", ""), &mut class.at(8));
        assert_eq!(rude.unwrap_err().code, ErrorCode::Inappropriate);
        let long = "x".repeat(MAX_FEEDBACK_CHARS + 1);
        let err = pitches.handle(Who::Participant(rater), &rate(&long, ""), &mut class.at(8));
        assert_eq!(err.unwrap_err().code, ErrorCode::TooLong);
    }

    #[test]
    fn facilitators_rate_apart_under_their_name_and_required_tops_and_tips_are_checked() {
        let mut class = Class::in_teams(6, 2);
        let mut pitches = Pitches::create(
            ActivityId(1),
            PitchesSpec {
                require_tops_tips: true,
                ..spec()
            },
        )
        .unwrap();
        pitches
            .handle(Who::Host, &PitchesInput::Start, &mut class.at(0))
            .unwrap();
        pitches
            .handle(Who::Host, &PitchesInput::OpenFeedback, &mut class.at(1))
            .unwrap();
        let team = pitches.pitches[0].team;
        let teacher = |name: &str, stars| PitchesInput::TeacherRate {
            team,
            teacher: name.into(),
            rating: rating(stars, "Mooi", "Meer bronnen"),
        };
        for (at, (name, stars)) in [
            ("Mevr. Jansen", [4, 4, 4]),
            ("mevr. jansen", [2, 2, 2]),
            ("Dhr. Bakker", [5, 5, 5]),
        ]
        .into_iter()
        .enumerate()
        {
            let input = teacher(name, stars);
            pitches
                .handle(Who::Host, &input, &mut class.at(at as u64 + 2))
                .unwrap();
        }
        let result = &host_view(&pitches).results[0];
        assert_eq!(result.teachers.count, 2, "one rating per facilitator name");
        assert_eq!(result.teachers.means, [3.5, 3.5, 3.5]);
        assert_eq!(result.students.count, 0);
        let (_, rater) = member_and_outsider(&class, team);
        let no_tip = PitchesInput::Rate {
            team,
            rating: rating([3, 3, 3], "Top", ""),
        };
        let err = pitches.handle(Who::Participant(rater), &no_tip, &mut class.at(5));
        assert_eq!(err.unwrap_err().code, ErrorCode::TopTipRequired);
        let wrong_stars = PitchesInput::Rate {
            team,
            rating: RatingInput {
                stars: vec![6, 1, 1],
                top: "a".into(),
                tip: "b".into(),
            },
        };
        let err = pitches.handle(Who::Participant(rater), &wrong_stars, &mut class.at(5));
        assert_eq!(err.unwrap_err().code, ErrorCode::InvalidChoice);
        let by_host = PitchesInput::Rate {
            team,
            rating: rating([3, 3, 3], "a", "b"),
        };
        let err = pitches.handle(Who::Host, &by_host, &mut class.at(5));
        assert_eq!(err.unwrap_err().code, ErrorCode::Forbidden);
    }

    #[test]
    fn specs_are_checked() {
        let bad = [
            PitchesSpec {
                criteria: Vec::new(),
                ..spec()
            },
            PitchesSpec {
                criteria: vec![default_criteria()[0].clone(); 7],
                ..spec()
            },
            PitchesSpec {
                criteria: vec![Criterion {
                    key: None,
                    name: " ".into(),
                }],
                ..spec()
            },
            PitchesSpec {
                pitch_secs: Some(5),
                ..spec()
            },
            PitchesSpec {
                title: String::new(),
                ..spec()
            },
        ];
        for spec in bad {
            assert_eq!(
                Pitches::create(ActivityId(1), spec).unwrap_err().code,
                ErrorCode::InvalidSpec
            );
        }
        let six = PitchesSpec {
            criteria: (0..6)
                .map(|i| Criterion {
                    key: None,
                    name: format!("C{i}"),
                })
                .collect(),
            ..spec()
        };
        Pitches::create(ActivityId(1), six).unwrap();
    }

    #[test]
    fn feedback_text_is_tidied_and_checked() {
        assert_eq!(
            feedback_text("  goed\n\tgedaan \u{200B}").unwrap(),
            "goed gedaan"
        );
        assert_eq!(feedback_text("").unwrap(), "");
        assert_eq!(
            feedback_text("wat een shit").unwrap_err().code,
            ErrorCode::Inappropriate
        );
        // The same check as nicknames: look-alikes, spacing and a right-to-left override that
        // displays a curse are refused; invisible characters alone count as empty.
        for abusive in ["jij bent een k u t", "ＫＵＴ", "\u{202E}kcuf"] {
            assert_eq!(
                feedback_text(abusive).unwrap_err().code,
                ErrorCode::Inappropriate,
                "{abusive}"
            );
        }
        assert_eq!(feedback_text("\u{200B}\u{2066}").unwrap(), "");
    }

    #[derive(Debug, Clone)]
    enum Step {
        Rate(u32, bool, [u32; 3], u8),
        Teacher(u8, [u32; 3]),
        Open,
        Close,
        Next,
        Back,
        Hide(u32, bool),
        Release(bool),
    }

    fn step() -> impl Strategy<Value = Step> {
        let stars = [1..=5u32, 1..=5u32, 1..=5u32];
        prop_oneof![
            4 => (0..8u32, any::<bool>(), stars.clone(), 0..4u8).prop_map(|(w, current, s, t)| Step::Rate(w, current, s, t)),
            1 => (0..3u8, stars).prop_map(|(t, s)| Step::Teacher(t, s)),
            1 => Just(Step::Open),
            1 => Just(Step::Close),
            1 => Just(Step::Next),
            1 => Just(Step::Back),
            1 => (0..40u32, any::<bool>()).prop_map(|(c, h)| Step::Hide(c, h)),
            1 => any::<bool>().prop_map(Step::Release),
        ]
    }

    const TEXTS: [&str; 4] = ["", "Goed", "Sneller", "Meer plaatjes"];

    proptest! {
        /// Over any inputs: a rating of the own team's pitch is always refused (and none is
        /// ever stored), the means equal the accepted ratings (the last per rater), a refused
        /// input changes nothing, and a team's phones only ever hold their own team's cards,
        /// released and not hidden, in the text the host released.
        #[test]
        fn own_team_ratings_are_refused_and_the_means_equal_the_ratings(
            steps in proptest::collection::vec(step(), 0..80),
        ) {
            let mut class = Class::in_teams(8, 3);
            let (mut pitches, order) = started(&mut class);
            // The last accepted stars per (team, rater).
            let mut model: BTreeMap<(TeamId, Rater), Vec<u32>> = BTreeMap::new();
            for (at, s) in steps.into_iter().enumerate() {
                let now = at as u64 + 1;
                let before = serde_json::to_value(&pitches).unwrap();
                let current = pitches.phase.index().map(|i| order[i]);
                let (who, input) = match &s {
                    Step::Rate(w, on_current, stars, t) => {
                        let team = if *on_current { current.unwrap_or(order[0]) } else { order[(*w as usize) % order.len()] };
                        (Who::Participant(p(*w)), PitchesInput::Rate {
                            team,
                            rating: rating(*stars, TEXTS[*t as usize], TEXTS[(*t as usize + 1) % 4]),
                        })
                    }
                    Step::Teacher(t, stars) => (Who::Host, PitchesInput::TeacherRate {
                        team: current.unwrap_or(order[0]),
                        teacher: format!("Docent {t}"),
                        rating: rating(*stars, "Helder", ""),
                    }),
                    Step::Open => (Who::Host, PitchesInput::OpenFeedback),
                    Step::Close => (Who::Host, PitchesInput::CloseFeedback),
                    Step::Next => (Who::Host, PitchesInput::Next),
                    Step::Back => (Who::Host, PitchesInput::Back),
                    Step::Hide(card, hidden) => (Who::Host, PitchesInput::Hide { card: *card, hidden: *hidden }),
                    Step::Release(first) => (Who::Host, PitchesInput::Release { team: order[usize::from(!*first)] }),
                };
                let own = match (&who, &input) {
                    (Who::Participant(w), PitchesInput::Rate { team, .. }) => class.people().team_of(*w) == Some(*team),
                    _ => false,
                };
                let result = pitches.handle(who, &input, &mut class.at(now));
                match result {
                    Err(e) => {
                        prop_assert_eq!(serde_json::to_value(&pitches).unwrap(), before, "a refusal changed the state");
                        if own && matches!(pitches.phase, Phase::Feedback { .. }) && current == match &input { PitchesInput::Rate { team, .. } => Some(*team), _ => None } {
                            prop_assert_eq!(e.code, ErrorCode::OwnPitch);
                        }
                    }
                    Ok(_) => {
                        prop_assert!(!own, "a team rated its own pitch");
                        match (who, &input) {
                            (Who::Participant(w), PitchesInput::Rate { team, rating }) => {
                                model.insert((*team, Rater::Student(w)), rating.stars.clone());
                            }
                            (_, PitchesInput::TeacherRate { team, teacher, rating }) => {
                                model.insert((*team, Rater::Teacher(names::nickname_key(teacher))), rating.stars.clone());
                            }
                            _ => {}
                        }
                    }
                }
            }
            let people = class.people();
            let host = host_view(&pitches);
            for result in &host.results {
                for (teachers, scores) in [(false, &result.students), (true, &result.teachers)] {
                    let ratings: Vec<&Vec<u32>> = model
                        .iter()
                        .filter(|((team, rater), _)| *team == result.team && matches!(rater, Rater::Teacher(_)) == teachers)
                        .map(|(_, stars)| stars)
                        .collect();
                    prop_assert_eq!(scores.count as usize, ratings.len());
                    for (c, mean) in scores.means.iter().enumerate() {
                        let sum: u32 = ratings.iter().map(|s| s[c]).sum();
                        let expected = f64::from(sum) / ratings.len() as f64;
                        prop_assert!((mean - expected).abs() < 1e-9, "{} != {}", mean, expected);
                    }
                }
            }
            for pitch in &pitches.pitches {
                for rater in pitch.students.keys() {
                    prop_assert_ne!(people.team_of(*rater), Some(pitch.team));
                }
            }
            for &who in class.ids() {
                let mine = pitches.personal(who, &people);
                for card in &mine.feedback {
                    prop_assert_eq!(Some(card.team), people.team_of(who));
                    let shown = host.cards.iter().find(|c| c.id == card.id).unwrap();
                    prop_assert!(shown.released && !shown.hidden);
                    prop_assert_eq!(&shown.text, &card.text);
                }
            }
        }
    }
}

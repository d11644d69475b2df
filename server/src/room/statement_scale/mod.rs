//! A statement scale ("gesprek op voeten") as a pure state machine: lobby → open → closed →
//! revealed → (next statement open …) → finished.
//!
//! One statement is open at a time; each phone's answer to it is a dot at a position on the
//! line or a skip, and a new answer replaces the old one, so moving the dot is one input and a
//! re-sent answer changes nothing. The spread (dots per position and the skips, never who) is
//! computed from the answers; each answer sends the statement's spread as one small change,
//! coalesced on the room's tick, to the host only while it is hidden (the projector's page needs
//! no key, so a hidden spread never goes there) and to everyone when it is live. Answers are
//! kept per statement, for the export and the report, where each statement carries its stable
//! key ([`statement_key`]) to compare it with the same statement in another session.
//!
//! The empty chair opens a scale another way: `OpenAll` opens every statement at once (own
//! pace: an absent student has no class to keep pace with), and `Reveal` then shows every
//! spread at once; lobby → own pace → all revealed → finished.

use std::collections::BTreeMap;

use kring_protocol::{
    ActivityId, ErrorCode, Lang, OwnDot, ParticipantId, ScaleStatement, ScaleStatementView, Spread,
    StatementScaleChange, StatementScaleHost, StatementScaleInput, StatementScalePersonal,
    StatementScalePhase, StatementScaleSpec, StatementScaleView,
};
use serde::{Deserialize, Serialize};

use super::Who;
use super::error::ActError;
use super::kind::{Audience, Cx, LateChair, Outcome, Roster, Whose, check_title, wrong_phase};
use crate::room::kind_export::KindExport;

mod export;

mod spec;
pub use spec::{
    MAX_KEY_CHARS, MAX_STATEMENT_CHARS, MAX_TITLE_CHARS, STATEMENTS, statement_key, validate,
};

/// Where the scale is (the statement it is at is [`StatementScale::current`]).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Lobby,
    Open,
    Closed,
    Revealed,
    Finished,
    /// Every statement takes answers at once (`OpenAll`: the empty chair's late twin).
    OwnPace,
    /// Every statement's spread shown, after [`Phase::OwnPace`].
    AllRevealed,
}

/// One participant's answer to one statement.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    /// A dot at this position.
    At(u32),
    /// Skipped.
    Skipped,
}

/// A statement scale's state.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct StatementScale {
    id: ActivityId,
    spec: StatementScaleSpec,
    phase: Phase,
    /// The statement open, closed or revealed now (0 in the lobby).
    current: u32,
    /// Every statement's answers.
    answers: Vec<BTreeMap<ParticipantId, Answer>>,
    /// Statements of a hidden scale the host moved past without revealing them: their spread
    /// was never public, so the timeline never shows it. (Kept this way round, not as the
    /// revealed ones, so a snapshot stored before this field reads as every record rebuilds
    /// it for rooms that revealed each statement.)
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    unrevealed: std::collections::BTreeSet<u32>,
}

/// A spread's bars for the timeline: one per position on a line of steps; a continuous line
/// (0–100) in five bands.
fn summary_bars(counts: &[u32], max: u32) -> Vec<kring_protocol::SpreadBar> {
    if counts.len() <= 7 {
        return (0..counts.len() as u32)
            .map(|p| kring_protocol::SpreadBar {
                from: p,
                to: p,
                max,
                count: counts[p as usize],
            })
            .collect();
    }
    (0..5u32)
        .map(|band| {
            let from = if band == 0 { 0 } else { band * 20 + 1 };
            let to = band * 20 + 20;
            kring_protocol::SpreadBar {
                from,
                to,
                max,
                count: counts
                    .iter()
                    .enumerate()
                    .filter(|(p, _)| (from as usize..=to as usize).contains(p))
                    .map(|(_, n)| n)
                    .sum(),
            }
        })
        .collect()
}

impl StatementScale {
    /// Every statement's spread, in order.
    fn spreads(&self) -> Vec<Spread> {
        (0..self.spec.statements.len() as u32)
            .map(|s| self.spread(s))
            .collect()
    }

    /// Whether every statement is open (or was, and is revealed) at once.
    fn all_at_once(&self) -> bool {
        matches!(self.phase, Phase::OwnPace | Phase::AllRevealed)
    }

    /// Whether statement `s`'s spread has been on the projector: revealed, or live while open.
    fn shown(&self, s: u32) -> bool {
        let passed = match self.phase {
            Phase::Lobby => false,
            Phase::Finished => s <= self.current,
            Phase::Revealed => s <= self.current,
            Phase::Open | Phase::Closed => {
                s < self.current || (self.spec.live && s == self.current)
            }
            // The empty chair's twin: every statement at once.
            Phase::OwnPace => self.spec.live,
            Phase::AllRevealed => true,
        };
        passed && !self.unrevealed.contains(&s)
    }

    /// The spread of statement `at`: dots per position and skips.
    fn spread(&self, at: u32) -> Spread {
        let mut counts = vec![0; self.spec.steps.max() as usize + 1];
        let mut skipped = 0;
        for answer in self.answers[at as usize].values() {
            match answer {
                Answer::At(p) => counts[*p as usize] += 1,
                Answer::Skipped => skipped += 1,
            }
        }
        Spread { counts, skipped }
    }

    /// Whether statement `statement` takes answers now.
    fn check_open(&self, statement: u32) -> Result<(), ActError> {
        match self.phase {
            Phase::Open if statement == self.current => Ok(()),
            Phase::OwnPace if (statement as usize) < self.spec.statements.len() => Ok(()),
            Phase::OwnPace => Err(ActError::new(
                ErrorCode::InvalidChoice,
                format!(
                    "a statement's number is 0 to {}",
                    self.spec.statements.len() - 1
                ),
            )),
            Phase::Lobby => Err(wrong_phase("no statement is open yet")),
            Phase::Open if statement > self.current => {
                Err(wrong_phase("that statement is not open yet"))
            }
            _ => Err(ActError::new(
                ErrorCode::VotingClosed,
                "that statement has closed",
            )),
        }
    }

    fn answer(
        &mut self,
        who: ParticipantId,
        statement: u32,
        answer: Answer,
    ) -> Result<Outcome<StatementScaleChange>, ActError> {
        self.check_open(statement)?;
        if let Answer::At(position) = answer
            && position > self.spec.steps.max()
        {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                format!("a position is 0 to {}", self.spec.steps.max()),
            ));
        }
        self.answers[statement as usize].insert(who, answer);
        let audience = if self.spec.live {
            Audience::Everyone
        } else {
            Audience::Host
        };
        Ok(Outcome::progress()
            .with_personal(Whose::One(who))
            .with_change(
                audience,
                Some(u64::from(statement)),
                StatementScaleChange::Spread {
                    statement,
                    spread: self.spread(statement),
                },
            ))
    }

    /// The host moves on: the first statement from the lobby, else the next one, else done.
    fn next(&mut self) -> Result<Outcome<StatementScaleChange>, ActError> {
        match self.phase {
            Phase::Finished => return Err(wrong_phase("every statement is done")),
            Phase::OwnPace => {
                return Err(wrong_phase(
                    "every statement is open at once: reveal them all first",
                ));
            }
            Phase::AllRevealed => self.phase = Phase::Finished,
            Phase::Lobby => self.phase = Phase::Open,
            Phase::Open | Phase::Closed if !self.spec.live => {
                self.unrevealed.insert(self.current);
                self.step_on();
            }
            _ => self.step_on(),
        }
        Ok(Outcome::view().with_personal(Whose::All))
    }

    /// Opens the next statement, or finishes after the last.
    fn step_on(&mut self) {
        if (self.current as usize) + 1 < self.spec.statements.len() {
            self.current += 1;
            self.phase = Phase::Open;
        } else {
            self.phase = Phase::Finished;
        }
    }

    fn view(&self) -> StatementScaleView {
        let statement = self.current;
        StatementScaleView {
            id: self.id,
            title: self.spec.title.clone(),
            statements: self
                .spec
                .statements
                .iter()
                .map(|s| ScaleStatementView {
                    text: s.text.clone(),
                    key: statement_key(s),
                })
                .collect(),
            steps: self.spec.steps,
            live: self.spec.live,
            phase: match self.phase {
                Phase::Lobby => StatementScalePhase::Lobby,
                Phase::Open => StatementScalePhase::Open { statement },
                Phase::Closed => StatementScalePhase::Closed { statement },
                Phase::Revealed => StatementScalePhase::Revealed {
                    statement,
                    spread: self.spread(statement),
                },
                Phase::Finished => StatementScalePhase::Finished,
                Phase::OwnPace => StatementScalePhase::OwnPace,
                Phase::AllRevealed => StatementScalePhase::Spreads {
                    spreads: self.spreads(),
                },
            },
            spread: (self.spec.live && matches!(self.phase, Phase::Open | Phase::Closed))
                .then(|| self.spread(statement)),
        }
    }
}

impl super::kind::Kind for StatementScale {
    type Spec = StatementScaleSpec;
    type Input = StatementScaleInput;
    type View = StatementScaleView;
    type Personal = StatementScalePersonal;
    type HostView = StatementScaleHost;
    type Change = StatementScaleChange;

    /// A new statement scale in the lobby, if the spec passes [`validate`].
    fn create(id: ActivityId, spec: StatementScaleSpec) -> Result<Self, ActError> {
        validate(&spec)?;
        Ok(StatementScale {
            id,
            answers: vec![BTreeMap::new(); spec.statements.len()],
            spec,
            phase: Phase::Lobby,
            current: 0,
            unrevealed: Default::default(),
        })
    }

    fn spec(&self) -> &StatementScaleSpec {
        &self.spec
    }

    fn started(&self) -> bool {
        self.phase != Phase::Lobby
    }

    fn apply(
        &mut self,
        who: Who,
        input: &StatementScaleInput,
        _cx: &mut Cx<'_>,
    ) -> Result<Outcome<StatementScaleChange>, ActError> {
        match input {
            StatementScaleInput::Place {
                statement,
                position,
            } => self.answer(who.student()?, *statement, Answer::At(*position)),
            StatementScaleInput::Skip { statement } => {
                self.answer(who.student()?, *statement, Answer::Skipped)
            }
            StatementScaleInput::Next => self.next(),
            StatementScaleInput::Close => {
                if self.phase != Phase::Open {
                    return Err(wrong_phase("no statement is open"));
                }
                self.phase = Phase::Closed;
                Ok(Outcome::view())
            }
            StatementScaleInput::OpenAll => {
                if self.phase != Phase::Lobby {
                    return Err(wrong_phase(
                        "every statement opens at once only from the start",
                    ));
                }
                self.phase = Phase::OwnPace;
                Ok(Outcome::view().with_personal(Whose::All))
            }
            StatementScaleInput::Reveal if self.phase == Phase::OwnPace => {
                self.phase = Phase::AllRevealed;
                Ok(Outcome::view())
            }
            StatementScaleInput::Reveal => {
                if !matches!(self.phase, Phase::Open | Phase::Closed) {
                    return Err(wrong_phase("a spread is revealed after its statement"));
                }
                self.phase = Phase::Revealed;
                Ok(Outcome::view())
            }
        }
    }

    /// Dots never name who placed them.
    fn shows_actor(&self, _input: &StatementScaleInput) -> bool {
        false
    }

    /// How many answered (placed a dot or skipped) the current statement; with every
    /// statement open at once, how many answered any.
    fn responded(&self) -> u32 {
        match self.phase {
            Phase::OwnPace | Phase::AllRevealed => self
                .answers
                .iter()
                .flat_map(|a| a.keys())
                .collect::<std::collections::BTreeSet<_>>()
                .len() as u32,
            Phase::Open | Phase::Closed | Phase::Revealed => {
                self.answers[self.current as usize].len() as u32
            }
            Phase::Lobby | Phase::Finished => 0,
        }
    }

    /// Takes a removed participant's answers off every statement, also after its reveal;
    /// counts them.
    fn void(&mut self, gone: ParticipantId) -> u32 {
        self.answers
            .iter_mut()
            .filter_map(|a| a.remove(&gone))
            .count() as u32
    }

    /// Its late twin opens every statement at once and ends with every spread shown.
    fn late_chair() -> Option<LateChair<StatementScaleInput>> {
        Some(LateChair {
            open: vec![StatementScaleInput::OpenAll],
            results: vec![StatementScaleInput::Reveal],
        })
    }

    /// A dot or a skip on any statement.
    fn took_part(&self, who: ParticipantId) -> bool {
        self.answers.iter().any(|a| a.contains_key(&who))
    }

    fn public_view(&self, _roster: &Roster<'_>) -> StatementScaleView {
        self.view()
    }

    fn personal_view(
        &self,
        who: ParticipantId,
        _roster: &Roster<'_>,
    ) -> Option<StatementScalePersonal> {
        let statement = match self.phase {
            Phase::Lobby | Phase::Finished | Phase::OwnPace | Phase::AllRevealed => None,
            _ => Some(self.current),
        };
        let answer = statement.and_then(|s| self.answers[s as usize].get(&who));
        Some(StatementScalePersonal {
            statement,
            position: match answer {
                Some(Answer::At(p)) => Some(*p),
                _ => None,
            },
            skipped: answer == Some(&Answer::Skipped),
            answers: self.all_at_once().then(|| {
                self.answers
                    .iter()
                    .map(|a| OwnDot {
                        position: match a.get(&who) {
                            Some(Answer::At(p)) => Some(*p),
                            _ => None,
                        },
                        skipped: a.get(&who) == Some(&Answer::Skipped),
                    })
                    .collect()
            }),
        })
    }

    fn host_view(&self, _roster: &Roster<'_>) -> Option<StatementScaleHost> {
        Some(StatementScaleHost {
            spreads: self.spreads(),
        })
    }

    /// Each statement's spread once the projector showed it (revealed, or live), keyed by the
    /// statement's key, so the same statement in another session shows as a shift. A
    /// statement passed without a reveal on a hidden scale never shows.
    fn summary(&self, _roster: &Roster<'_>) -> Option<kring_protocol::ResultSummary> {
        let max = self.spec.steps.max();
        let spreads = (0..self.spec.statements.len() as u32)
            .filter(|&s| self.shown(s))
            .map(|s| {
                let spread = self.spread(s);
                let statement = &self.spec.statements[s as usize];
                kring_protocol::SummarySpread {
                    label: statement.text.clone(),
                    key: statement_key(statement),
                    scale: kring_protocol::SpreadScale::Agree,
                    bars: summary_bars(&spread.counts, max),
                    skipped: spread.skipped,
                }
            })
            .collect();
        crate::room::history::summary([], spreads)
    }

    fn export(&self, _id: ActivityId, _roster: &Roster<'_>, lang: Lang) -> KindExport {
        export::export(self, lang)
    }
}

#[cfg(test)]
mod tests;

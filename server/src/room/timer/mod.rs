//! A timer as a pure state machine: ready → running ⇄ paused → done (→ ready on a reset).
//!
//! The time is the server's: a running timer keeps its end as a [`Deadline`] (so the room ticks
//! it, a graceful restart moves it on by the time the server was down, and after a crash it
//! ends at the same wall-clock moment), a paused one what remained. What remains never goes
//! below 0 nor above [`MAX_TIMER_SECS`]; taking it to 0 ends the timer. Every run (a start to
//! its end) is kept for the report: the set time, what was added or taken off, the pauses and
//! when it ended, so the report can put the planned time beside the actual one.
//!
//! A timer can also run beside the current activity ([`Kind::runs_beside`]): it has no phone
//! input, no personal view and no host view, so its public view is all that travels.
//!
//! [`Kind::runs_beside`]: super::kind::Kind::runs_beside

use kring_protocol::{
    ActivityId, ErrorCode, Lang, MAX_TIMER_SECS, ParticipantId, TimerInput, TimerPhase, TimerSpec,
    TimerView,
};
use serde::{Deserialize, Serialize};
use std::convert::Infallible;

use super::Who;
use super::error::ActError;
use super::kind::{Cx, Deadline, Outcome, Roster, check_timers, check_title, wrong_phase};
use crate::room::kind_export::KindExport;

mod export;

mod spec;
pub use spec::{MAX_RUNS, MAX_TITLE_CHARS, SECS, validate};

/// The most a timer holds, ms.
const MAX_MS: u64 = MAX_TIMER_SECS as u64 * 1000;

/// Where a timer is.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Not running.
    Ready,
    /// Counting down to `deadline`.
    Running { deadline: Deadline },
    /// Paused with `remaining_ms` left.
    Paused { remaining_ms: u64 },
    /// Ended at `ended_at` (by itself, or `stopped` by the host).
    Done { ended_at: u64, stopped: bool },
}

/// One run of the timer, from its start to its end, for the report.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
struct Run {
    /// When it started (server ms).
    started_at: u64,
    /// The set time it started with, s.
    planned_secs: u32,
    /// What the host added (positive) or took off (negative) since, ms.
    added_ms: i64,
    /// How often it was paused.
    pauses: u32,
    /// How long it stood still: paused, or the server stopped gracefully while it ran, ms.
    paused_ms: u64,
    /// Since when it is paused, while it is.
    paused_since: Option<u64>,
    /// When it ended (server ms), once it has.
    ended_at: Option<u64>,
    /// The host stopped it before its end.
    stopped: bool,
}

/// A timer's state.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Timer {
    id: ActivityId,
    spec: TimerSpec,
    /// The set time, s (the spec's, until the host sets another).
    secs: u32,
    /// The projector chimes at the end.
    sound: bool,
    phase: Phase,
    /// The whole time of the run now (set time plus additions), ms.
    total_ms: u64,
    /// Every run, oldest first (at most [`MAX_RUNS`]).
    runs: Vec<Run>,
}

impl Timer {
    /// What remains at `now`, ms (0 once ended or due).
    pub fn remaining_ms(&self, now: u64) -> u64 {
        match self.phase {
            Phase::Ready => u64::from(self.secs) * 1000,
            Phase::Running { deadline } => deadline.at().saturating_sub(now),
            Phase::Paused { remaining_ms } => remaining_ms,
            Phase::Done { .. } => 0,
        }
    }

    fn run_mut(&mut self) -> Option<&mut Run> {
        self.runs.last_mut()
    }

    /// The run now ends at `at`.
    fn end(&mut self, at: u64, stopped: bool) {
        self.phase = Phase::Done {
            ended_at: at,
            stopped,
        };
        if let Some(run) = self.run_mut() {
            if let Some(since) = run.paused_since.take() {
                run.paused_ms += at.saturating_sub(since);
            }
            run.ended_at = Some(at);
            run.stopped = stopped;
        }
    }

    fn start(&mut self, now: u64) -> Result<(), ActError> {
        if self.phase != Phase::Ready {
            return Err(wrong_phase("the timer runs already; reset it first"));
        }
        if self.runs.len() >= MAX_RUNS {
            return Err(ActError::new(
                ErrorCode::LimitReached,
                format!("a timer keeps {MAX_RUNS} runs; add a new timer"),
            ));
        }
        self.total_ms = u64::from(self.secs) * 1000;
        self.phase = Phase::Running {
            deadline: Deadline::after(now, self.secs),
        };
        self.runs.push(Run {
            started_at: now,
            planned_secs: self.secs,
            added_ms: 0,
            pauses: 0,
            paused_ms: 0,
            paused_since: None,
            ended_at: None,
            stopped: false,
        });
        Ok(())
    }

    /// Adds (or takes off) `secs`, keeping what remains within 0 and [`MAX_TIMER_SECS`].
    fn adjust(&mut self, secs: i32, now: u64) -> Result<(), ActError> {
        if secs == 0 || secs.unsigned_abs() > MAX_TIMER_SECS {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                format!("add or take off 1 to {MAX_TIMER_SECS} seconds"),
            ));
        }
        let delta = i64::from(secs) * 1000;
        let clamp = |ms: u64| (ms as i64 + delta).clamp(0, MAX_MS as i64) as u64;
        match self.phase {
            Phase::Ready => {
                let set = (i64::from(self.secs) + i64::from(secs))
                    .clamp(i64::from(*SECS.start()), i64::from(*SECS.end()));
                self.secs = set as u32;
            }
            Phase::Running { deadline } => {
                let left = deadline.at().saturating_sub(now);
                let new = clamp(left);
                self.note_added(new as i64 - left as i64);
                if new == 0 {
                    // Due already (the tick has not come yet): it ended at its deadline.
                    self.end(deadline.at().min(now), false);
                } else {
                    self.phase = Phase::Running {
                        deadline: Deadline::after_ms(now, new),
                    };
                }
            }
            Phase::Paused { remaining_ms } => {
                let new = clamp(remaining_ms);
                self.note_added(new as i64 - remaining_ms as i64);
                if new == 0 {
                    self.end(now, false);
                } else {
                    self.phase = Phase::Paused { remaining_ms: new };
                }
            }
            Phase::Done { .. } if secs > 0 => {
                // "One more minute": the run goes on.
                let new = clamp(0);
                self.note_added(new as i64);
                if let Some(run) = self.run_mut() {
                    run.ended_at = None;
                    run.stopped = false;
                }
                self.total_ms = new;
                self.phase = Phase::Running {
                    deadline: Deadline::after_ms(now, new),
                };
            }
            Phase::Done { .. } => return Err(wrong_phase("the time is up already")),
        }
        Ok(())
    }

    /// The run's whole time grew (or shrank) by `ms`.
    fn note_added(&mut self, ms: i64) {
        if let Some(run) = self.run_mut() {
            run.added_ms += ms;
        }
        self.total_ms = (self.total_ms as i64 + ms).max(0) as u64;
    }

    fn view(&self) -> TimerView {
        TimerView {
            id: self.id,
            title: self.spec.title.clone(),
            secs: self.secs,
            sound: self.sound,
            phase: match self.phase {
                Phase::Ready => TimerPhase::Ready,
                Phase::Running { deadline } => TimerPhase::Running {
                    deadline: deadline.at(),
                    total_ms: self.total_ms,
                },
                Phase::Paused { remaining_ms } => TimerPhase::Paused {
                    remaining_ms,
                    total_ms: self.total_ms,
                },
                Phase::Done { ended_at, stopped } => TimerPhase::Done { ended_at, stopped },
            },
        }
    }
}

impl super::kind::Kind for Timer {
    type Spec = TimerSpec;
    type Input = TimerInput;
    type View = TimerView;
    type Personal = Infallible;
    type HostView = Infallible;
    type Change = Infallible;

    /// A new timer, ready, if the spec passes [`validate`].
    fn create(id: ActivityId, spec: TimerSpec) -> Result<Self, ActError> {
        validate(&spec)?;
        Ok(Timer {
            id,
            secs: spec.secs,
            sound: spec.sound,
            spec,
            phase: Phase::Ready,
            total_ms: 0,
            runs: Vec::new(),
        })
    }

    fn spec(&self) -> &TimerSpec {
        &self.spec
    }

    fn started(&self) -> bool {
        !self.runs.is_empty()
    }

    fn apply(
        &mut self,
        _who: Who,
        input: &TimerInput,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome<Infallible>, ActError> {
        let now = cx.now;
        match input {
            TimerInput::Start => self.start(now)?,
            TimerInput::Pause => {
                let Phase::Running { deadline } = self.phase else {
                    return Err(wrong_phase("the timer is not running"));
                };
                if deadline.due(now) {
                    return Err(wrong_phase("the time is up already"));
                }
                self.phase = Phase::Paused {
                    remaining_ms: deadline.at() - now,
                };
                if let Some(run) = self.run_mut() {
                    run.pauses += 1;
                    run.paused_since = Some(now);
                }
            }
            TimerInput::Resume => {
                let Phase::Paused { remaining_ms } = self.phase else {
                    return Err(wrong_phase("the timer is not paused"));
                };
                self.phase = Phase::Running {
                    deadline: Deadline::after_ms(now, remaining_ms),
                };
                if let Some(run) = self.run_mut()
                    && let Some(since) = run.paused_since.take()
                {
                    run.paused_ms += now.saturating_sub(since);
                }
            }
            TimerInput::Adjust { secs } => self.adjust(*secs, now)?,
            TimerInput::Set { secs } => {
                if self.phase != Phase::Ready {
                    return Err(wrong_phase("set the time before the start, or reset first"));
                }
                check_timers([Some(*secs)], SECS)?;
                self.secs = *secs;
            }
            TimerInput::Stop => match self.phase {
                Phase::Running { deadline } if !deadline.due(now) => self.end(now, true),
                Phase::Paused { .. } => self.end(now, true),
                Phase::Running { .. } | Phase::Done { .. } => {
                    return Err(wrong_phase("the time is up already"));
                }
                Phase::Ready => return Err(wrong_phase("the timer has not started")),
            },
            TimerInput::Reset => {
                match self.phase {
                    Phase::Running { deadline } if deadline.due(now) => {
                        self.end(deadline.at(), false)
                    }
                    Phase::Running { .. } | Phase::Paused { .. } => self.end(now, true),
                    Phase::Ready | Phase::Done { .. } => {}
                }
                self.phase = Phase::Ready;
                self.total_ms = 0;
            }
            TimerInput::Sound { on } => self.sound = *on,
        }
        Ok(Outcome::view())
    }

    fn deadline(&self) -> Option<u64> {
        match self.phase {
            Phase::Running { deadline } => Some(deadline.at()),
            _ => None,
        }
    }

    /// The time is up: done at the deadline itself (not at the tick's time).
    fn on_tick(&mut self, cx: &mut Cx<'_>) -> Option<Outcome<Infallible>> {
        match self.phase {
            Phase::Running { deadline } if deadline.due(cx.now) => {
                self.end(deadline.at(), false);
                Some(Outcome::view())
            }
            _ => None,
        }
    }

    /// A running timer keeps the time it had left when the server stopped gracefully; the
    /// time down counts as standing still in its run.
    fn resume(&mut self, paused_ms: u64) -> bool {
        let Phase::Running { mut deadline } = self.phase else {
            return false;
        };
        deadline.resume(paused_ms);
        self.phase = Phase::Running { deadline };
        if let Some(run) = self.run_mut() {
            run.paused_ms += paused_ms;
        }
        true
    }

    fn runs_beside(&self) -> bool {
        true
    }

    fn public_view(&self, _roster: &Roster<'_>) -> TimerView {
        self.view()
    }

    fn personal_view(&self, _who: ParticipantId, _roster: &Roster<'_>) -> Option<Infallible> {
        None
    }

    fn export(&self, _id: ActivityId, _roster: &Roster<'_>, lang: Lang) -> KindExport {
        export::export(self, lang)
    }
}

#[cfg(test)]
mod tests;

//! Timer: a big countdown on the projector for work phases (building, mini-interviews), small on
//! the phones. The host starts it, pauses and resumes it, adds or takes a minute, stops or resets
//! it; its end is a gentle signal (visual everywhere, a sound on the projector when switched on).
//! The time is the server's: a running timer carries its end as server time (`deadline`), a
//! paused one what remains, so pages count down from the server clock and a restart keeps it.
//! A timer can run as the current activity or beside it ([`crate::Act::SetBeside`]).
//! Phases: ready → running ⇄ paused → done (→ ready on a reset; +1 minute after the end runs again).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivityId, KindInput, Senders};

/// Longest time a timer can be set to or extended to, in seconds (3 hours).
pub const MAX_TIMER_SECS: u32 = 3 * 60 * 60;

/// A timer as prepared.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TimerSpec {
    /// Title shown above the countdown ("Bouwen", "Interviews").
    pub title: String,
    /// How long it runs, in seconds (1 to [`MAX_TIMER_SECS`]).
    pub secs: u32,
    /// The projector plays a soft chime at the end (off by default; the console can switch it).
    #[serde(default)]
    pub sound: bool,
}

/// Inputs to a timer.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum TimerInput {
    /// Host: start the countdown from the set time (ready only).
    Start,
    /// Host or co-facilitator: pause the running countdown (what remains is kept).
    Pause,
    /// Host or co-facilitator: go on from where it was paused.
    Resume,
    /// Host or co-facilitator: add (`secs` > 0) or take off time (`secs` < 0): what remains
    /// stays within 0 and [`MAX_TIMER_SECS`] (taking it to 0 ends a running timer). Before the
    /// start it changes the set time (at least 1 s); after the end, adding runs it again.
    Adjust {
        /// Seconds to add or (negative) take off; at most [`MAX_TIMER_SECS`] either way.
        secs: i32,
    },
    /// Host: set the time (ready only), in seconds (1 to [`MAX_TIMER_SECS`]).
    Set {
        /// The new time.
        secs: u32,
    },
    /// Host: end it now (running or paused).
    Stop,
    /// Host: back to ready with the set time.
    Reset,
    /// Host or co-facilitator: the projector's chime at the end on or off.
    Sound {
        /// On.
        on: bool,
    },
}

impl KindInput for TimerInput {
    /// The host runs the timer; a co-facilitator may pause, resume, extend and shorten it and
    /// switch the chime (what a second teacher does when a group needs a moment), but not
    /// start, stop, reset or set it.
    fn senders(&self) -> Senders {
        match self {
            TimerInput::Pause
            | TimerInput::Resume
            | TimerInput::Adjust { .. }
            | TimerInput::Sound { .. } => Senders::Moderators,
            TimerInput::Start | TimerInput::Set { .. } | TimerInput::Stop | TimerInput::Reset => {
                Senders::Host
            }
        }
    }
}

/// A timer as everyone sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TimerView {
    /// The activity.
    pub id: ActivityId,
    /// Title.
    pub title: String,
    /// The set time, in seconds (what a start or a reset counts down from).
    pub secs: u32,
    /// The projector chimes at the end.
    pub sound: bool,
    /// Where it is.
    pub phase: TimerPhase,
}

/// The phases of a timer.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "phase",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum TimerPhase {
    /// Not running: it will count down from the set time.
    Ready,
    /// Counting down.
    Running {
        /// When it ends, server time (ms since the UNIX epoch): pages count down to it with the
        /// message's `serverNow`.
        #[ts(type = "number")]
        deadline: u64,
        /// The whole time of this run so far (set time plus additions), ms: for a progress bar.
        #[ts(type = "number")]
        total_ms: u64,
    },
    /// Paused.
    Paused {
        /// What remains, ms.
        #[ts(type = "number")]
        remaining_ms: u64,
        /// The whole time of this run so far, ms.
        #[ts(type = "number")]
        total_ms: u64,
    },
    /// Time is up (or the host stopped it).
    Done {
        /// When it ended, server time (ms).
        #[ts(type = "number")]
        ended_at: u64,
        /// The host stopped it before its end.
        stopped: bool,
    },
}

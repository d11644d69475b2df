//! What an organiser prepares for a timer: its limits and the check of a spec against them.

use super::*;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// The times a timer can be set to, in seconds: 1 s to 3 hours (no low maximum: a building
/// phase can take an afternoon).
pub const SECS: std::ops::RangeInclusive<u32> = 1..=MAX_TIMER_SECS;
/// Most runs (start … end) one timer keeps for its report; a reset after that is refused.
pub const MAX_RUNS: usize = 100;

/// Checks a spec against the limits.
pub fn validate(spec: &TimerSpec) -> Result<(), ActError> {
    check_title(&spec.title, "title", MAX_TITLE_CHARS)?;
    check_timers([Some(spec.secs)], SECS)
}

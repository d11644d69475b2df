//! What an organiser prepares for a team-name brainstorm: its limits and the check of a spec against them.

use super::*;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 120;
/// Most names one person may propose.
pub const PER_PERSON: std::ops::RangeInclusive<u32> = 1..=10;
/// Shortest and longest timer of a phase, in seconds.
pub const TIMER_SECS: std::ops::RangeInclusive<u32> = 10..=1800;

/// Checks a spec against the limits.
pub fn validate(spec: &TeamNamesSpec) -> Result<(), ActError> {
    let err = |msg: String| Err(ActError::invalid_spec(msg));
    check_title(&spec.title, "title", MAX_TITLE_CHARS)?;
    if !PER_PERSON.contains(&spec.per_person) {
        return err(format!(
            "one person proposes {} to {} names",
            PER_PERSON.start(),
            PER_PERSON.end()
        ));
    }
    check_timers([spec.propose_secs, spec.vote_secs], TIMER_SECS)?;
    Ok(())
}

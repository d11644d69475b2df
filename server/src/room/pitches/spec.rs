//! What an organiser prepares for a pitch round: its limits and the check of a spec against them.

use super::*;

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
    check_title(&spec.title, "title", MAX_TITLE_CHARS)?;
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
    check_timers([spec.pitch_secs, spec.feedback_secs], TIMER_SECS)?;
    Ok(())
}

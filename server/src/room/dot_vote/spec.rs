//! What an organiser prepares for a dot-vote: its limits and the check of a spec against them.

use super::*;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Fewest and most options.
pub const OPTIONS: std::ops::RangeInclusive<usize> = 2..=100;
/// Longest option, in characters.
pub const MAX_OPTION_CHARS: usize = 280;
/// Fewest and most dots per participant.
pub const DOTS: std::ops::RangeInclusive<u32> = 1..=20;

/// Checks a spec against the limits.
pub fn validate(spec: &DotVoteSpec) -> Result<(), ActError> {
    let err = |msg: String| Err(ActError::invalid_spec(msg));
    check_title(&spec.title, "title", MAX_TITLE_CHARS)?;
    if !OPTIONS.contains(&spec.options.len()) {
        return err(format!(
            "a dot-vote has {} to {} options",
            OPTIONS.start(),
            OPTIONS.end()
        ));
    }
    if let Some(at) = spec
        .options
        .iter()
        .position(|o| o.text.trim().is_empty() || o.text.chars().count() > MAX_OPTION_CHARS)
    {
        return err(format!(
            "option {}: an option has 1 to {MAX_OPTION_CHARS} characters",
            at + 1
        ));
    }
    if !DOTS.contains(&spec.dots) {
        return err(format!(
            "each participant has {} to {} dots",
            DOTS.start(),
            DOTS.end()
        ));
    }
    if spec.max_per_option.is_some_and(|m| m == 0 || m > spec.dots) {
        return err("the most dots on one option is 1 to the number of dots".into());
    }
    Ok(())
}

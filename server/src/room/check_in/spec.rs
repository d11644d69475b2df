//! What an organiser prepares for a check-in: its limits and the check of a spec against them.

use super::*;

/// Longest question, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest word, in characters.
pub const MAX_WORD_CHARS: usize = 30;
/// The privacy floor's range: fewest faces before anything is shown.
pub const PRIVACY_FLOOR: std::ops::RangeInclusive<u32> = 3..=10;

/// Checks a spec against the limits.
pub fn validate(spec: &CheckInSpec) -> Result<(), ActError> {
    check_title(&spec.title, "question", MAX_TITLE_CHARS)?;
    if !PRIVACY_FLOOR.contains(&spec.privacy_floor) {
        return Err(ActError::invalid_spec(format!(
            "the privacy floor is {} to {} answers",
            PRIVACY_FLOOR.start(),
            PRIVACY_FLOOR.end()
        )));
    }
    Ok(())
}

//! What an organiser prepares for an open question: its limits and the check of a spec
//! against them.

use super::*;

/// Longest question, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Most answers one person may have on the wall.
pub const PER_PERSON: std::ops::RangeInclusive<u32> = 1..=10;
/// Shortest and longest limit of an answer's length, in characters.
pub const MAX_CHARS: std::ops::RangeInclusive<u32> = 10..=280;
/// The privacy floor's range: fewest people with an answer before anything is shown.
pub const PRIVACY_FLOOR: std::ops::RangeInclusive<u32> = 1..=10;
/// Most answers on one question, withdrawn ones left out (an event hall of 10,000 phones
/// answering twice fits).
pub const MAX_ANSWERS: usize = 20_000;
/// Most answers and most words a view carries (the newest answers, the words most people gave).
pub const VIEW_ITEMS: usize = 300;

/// Checks a spec against the limits.
pub fn validate(spec: &OpenQuestionSpec) -> Result<(), ActError> {
    let err = |msg: String| Err(ActError::invalid_spec(msg));
    check_title(&spec.title, "question", MAX_TITLE_CHARS)?;
    if !PER_PERSON.contains(&spec.per_person) {
        return err(format!(
            "one person gives {} to {} answers",
            PER_PERSON.start(),
            PER_PERSON.end()
        ));
    }
    if !MAX_CHARS.contains(&spec.max_chars) {
        return err(format!(
            "an answer's limit is {} to {} characters",
            MAX_CHARS.start(),
            MAX_CHARS.end()
        ));
    }
    if !PRIVACY_FLOOR.contains(&spec.privacy_floor) {
        return err(format!(
            "the privacy floor is {} to {} people",
            PRIVACY_FLOOR.start(),
            PRIVACY_FLOOR.end()
        ));
    }
    Ok(())
}

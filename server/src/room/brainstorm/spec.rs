//! What an organiser prepares for a brainstorm wall: its limits and the check of a spec against them.

use super::*;

/// Longest prompt, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Most ideas one person may have on a wall.
pub const PER_PERSON: std::ops::RangeInclusive<u32> = 1..=20;
/// Shortest and longest limit of an idea's length, in characters.
pub const MAX_CHARS: std::ops::RangeInclusive<u32> = 20..=280;
/// Rooms with more participants than this are halls: phones get the wall at phase changes
/// only (see [`BrainstormView::live`]), bounded to [`HALL_VIEW_CARDS`].
pub const HALL: usize = 1000;
/// Most cards a hall's view carries.
pub const HALL_VIEW_CARDS: usize = 300;

/// Most cards on one wall, withdrawn ones left out (an event hall of 10,000 phones adding an
/// idea each fits); what one person writes, withdrawn ones included, is capped by
/// [`MAX_WRITES_PER_PERSON`](crate::room::kind::MAX_WRITES_PER_PERSON).
pub const MAX_CARDS: usize = 20_000;

/// Checks a spec against the limits.
pub fn validate(spec: &BrainstormSpec) -> Result<(), ActError> {
    let err = |msg: String| Err(ActError::invalid_spec(msg));
    check_title(&spec.title, "prompt", MAX_TITLE_CHARS)?;
    if !PER_PERSON.contains(&spec.per_person) {
        return err(format!(
            "one person adds {} to {} ideas",
            PER_PERSON.start(),
            PER_PERSON.end()
        ));
    }
    if !MAX_CHARS.contains(&spec.max_chars) {
        return err(format!(
            "an idea's limit is {} to {} characters",
            MAX_CHARS.start(),
            MAX_CHARS.end()
        ));
    }
    Ok(())
}

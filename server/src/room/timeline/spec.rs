//! What an organiser prepares for a timeline slide: its limits and the check of a spec.

use super::*;

/// Longest heading, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// Checks a spec against the limits.
pub fn validate(spec: &TimelineSpec) -> Result<(), ActError> {
    check_title(&spec.title, "title", MAX_TITLE_CHARS)
}

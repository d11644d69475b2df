//! What an organiser prepares for a we did: its limits and the check of a spec against them.

use super::*;

/// Longest question, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// Checks a spec against the limits.
pub fn validate(spec: &WeDidSpec) -> Result<(), ActError> {
    check_title(&spec.title, "question", MAX_TITLE_CHARS)
}

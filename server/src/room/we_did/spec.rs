//! What a facilitator prepares for "you said → we did": its limits and the check of a spec
//! against them (lengths and blanks, as every kind's spec; the text is the facilitator's).

use super::*;

/// Longest heading, in characters (also the source's title).
pub const MAX_TITLE_CHARS: usize = 200;
/// Fewest and most pairs.
pub const ITEMS: std::ops::RangeInclusive<usize> = 1..=8;
/// Longest "said", in characters (a brainstorm card's longest).
pub const MAX_SAID_CHARS: usize = 280;
/// Longest "did", in characters.
pub const MAX_DID_CHARS: usize = 280;

/// Checks a spec against the limits: a heading, 1 to 8 pairs each with a "said" (not blank)
/// and a "did" (may be empty: still working on it), and a titled source if there is one.
pub fn validate(spec: &WeDidSpec) -> Result<(), ActError> {
    let err = |msg: String| Err(ActError::invalid_spec(msg));
    check_title(&spec.title, "title", MAX_TITLE_CHARS)?;
    if let Some(source) = &spec.source {
        check_title(&source.title, "source's title", MAX_TITLE_CHARS)?;
    }
    if !ITEMS.contains(&spec.items.len()) {
        return err(format!(
            "a \"you said → we did\" has {} to {} pairs",
            ITEMS.start(),
            ITEMS.end()
        ));
    }
    for (at, item) in spec.items.iter().enumerate() {
        if item.said.trim().is_empty() || item.said.chars().count() > MAX_SAID_CHARS {
            return err(format!(
                "pair {}: what the class said has 1 to {MAX_SAID_CHARS} characters",
                at + 1
            ));
        }
        if item.did.chars().count() > MAX_DID_CHARS {
            return err(format!(
                "pair {}: what was done has at most {MAX_DID_CHARS} characters",
                at + 1
            ));
        }
    }
    Ok(())
}

//! What an organiser prepares for a statement scale: its limits, the check of a spec against
//! them and each statement's stable key.

use super::*;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Fewest and most statements.
pub const STATEMENTS: std::ops::RangeInclusive<usize> = 1..=30;
/// Longest statement, in characters.
pub const MAX_STATEMENT_CHARS: usize = 280;
/// Longest statement key, in characters.
pub const MAX_KEY_CHARS: usize = 64;

/// A statement's stable key: the one given (trimmed), or its text in lower case with runs of
/// white space as one space, so the same statement in another session gets the same key.
pub fn statement_key(statement: &ScaleStatement) -> String {
    match &statement.key {
        Some(key) => key.trim().to_owned(),
        None => statement
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    }
}

/// Checks a spec against the limits.
pub fn validate(spec: &StatementScaleSpec) -> Result<(), ActError> {
    let err = |msg: String| Err(ActError::invalid_spec(msg));
    check_title(&spec.title, "title", MAX_TITLE_CHARS)?;
    if !STATEMENTS.contains(&spec.statements.len()) {
        return err(format!(
            "a statement scale has {} to {} statements",
            STATEMENTS.start(),
            STATEMENTS.end()
        ));
    }
    for (at, s) in spec.statements.iter().enumerate() {
        if s.text.trim().is_empty() || s.text.chars().count() > MAX_STATEMENT_CHARS {
            return err(format!(
                "statement {}: a statement has 1 to {MAX_STATEMENT_CHARS} characters",
                at + 1
            ));
        }
        if s.key
            .as_ref()
            .is_some_and(|k| k.trim().is_empty() || k.chars().count() > MAX_KEY_CHARS)
        {
            return err(format!(
                "statement {}: a key has 1 to {MAX_KEY_CHARS} characters",
                at + 1
            ));
        }
    }
    let mut keys: Vec<String> = spec.statements.iter().map(statement_key).collect();
    keys.sort();
    if keys.windows(2).any(|w| w[0] == w[1]) {
        return err("two statements share a key".into());
    }
    Ok(())
}

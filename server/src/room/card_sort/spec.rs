//! What an organiser prepares for a card-sort: its limits and the check of a spec against them.

use super::*;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Fewest and most cards.
pub const CARDS: std::ops::RangeInclusive<usize> = 1..=30;
/// Longest card text, in characters.
pub const MAX_CARD_CHARS: usize = 140;
/// Longest effect group, in characters.
pub const MAX_GROUP_CHARS: usize = 60;
/// Fewest and most columns.
pub const COLUMNS: std::ops::RangeInclusive<usize> = 2..=8;
/// Longest column name, in characters.
pub const MAX_COLUMN_CHARS: usize = 40;
/// The privacy floor's range: fewest placements a cell needs to be shown.
pub const PRIVACY_FLOOR: std::ops::RangeInclusive<u32> = 2..=10;

/// Checks a spec against the limits.
pub fn validate(spec: &CardSortSpec) -> Result<(), ActError> {
    let err = |msg: String| Err(ActError::invalid_spec(msg));
    check_title(&spec.title, "title", MAX_TITLE_CHARS)?;
    if !CARDS.contains(&spec.cards.len()) {
        return err(format!(
            "a card-sort has {} to {} cards",
            CARDS.start(),
            CARDS.end()
        ));
    }
    for (at, card) in spec.cards.iter().enumerate() {
        if card.text.trim().is_empty() || card.text.chars().count() > MAX_CARD_CHARS {
            return err(format!(
                "card {}: a card has 1 to {MAX_CARD_CHARS} characters",
                at + 1
            ));
        }
        if card.group.trim().is_empty() || card.group.chars().count() > MAX_GROUP_CHARS {
            return err(format!(
                "card {}: a group has 1 to {MAX_GROUP_CHARS} characters",
                at + 1
            ));
        }
    }
    if !COLUMNS.contains(&spec.columns.len()) {
        return err(format!(
            "a card-sort has {} to {} columns",
            COLUMNS.start(),
            COLUMNS.end()
        ));
    }
    for (at, column) in spec.columns.iter().enumerate() {
        if column.trim().is_empty() || column.chars().count() > MAX_COLUMN_CHARS {
            return err(format!(
                "column {}: a column has 1 to {MAX_COLUMN_CHARS} characters",
                at + 1
            ));
        }
    }
    let mut names: Vec<String> = spec
        .columns
        .iter()
        .map(|c| c.trim().to_lowercase())
        .collect();
    names.sort();
    if names.windows(2).any(|w| w[0] == w[1]) {
        return err("two columns share a name".into());
    }
    if !PRIVACY_FLOOR.contains(&spec.privacy_floor) {
        return err(format!(
            "the privacy floor is {} to {} placements",
            PRIVACY_FLOOR.start(),
            PRIVACY_FLOOR.end()
        ));
    }
    Ok(())
}

//! The check of a template ([`Template`]) before it goes into a room (inserted into the agenda
//! or kept): its frame (marker, version, title, description, planned minutes) and every item's
//! spec by its kind's own `validate` ([`Activity::new`]). Every complaint names the field it is
//! about (`items[2].spec: question 1: a question has 2 to 6 options`). Reading a file (its
//! JSON, older versions) is `crate::template`'s.

use kring_protocol::{
    ErrorCode, MAX_PLANNED_MINUTES, MAX_TEMPLATE_DESCRIPTION_CHARS, MAX_TEMPLATE_NOTE_CHARS,
    MAX_TEMPLATE_TITLE_CHARS, TEMPLATE_MARKER, TEMPLATE_VERSION, Template,
};

use super::activity::Activity;
use super::error::ActError;
use super::state::MAX_SESSION_ACTIVITIES;
use kring_protocol::ActivityId;

/// A complaint about the field at `path`.
pub fn invalid(path: &str, message: impl std::fmt::Display) -> ActError {
    ActError::new(ErrorCode::InvalidTemplate, format!("{path}: {message}"))
}

/// Checks a template against the format and every item's kind; on `Err` the message names the
/// field.
pub fn check(template: &Template) -> Result<(), ActError> {
    if template.kring != TEMPLATE_MARKER {
        return Err(invalid(
            "kring",
            format!("a template file says \"kring\": \"{TEMPLATE_MARKER}\""),
        ));
    }
    if !(1..=TEMPLATE_VERSION).contains(&template.version) {
        return Err(invalid(
            "version",
            format!(
                "version {} is newer than this server reads (1 to {TEMPLATE_VERSION}); update Kring",
                template.version
            ),
        ));
    }
    let title = template.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TEMPLATE_TITLE_CHARS {
        return Err(invalid(
            "title",
            format!("a title has 1 to {MAX_TEMPLATE_TITLE_CHARS} characters"),
        ));
    }
    if template.description.chars().count() > MAX_TEMPLATE_DESCRIPTION_CHARS {
        return Err(invalid(
            "description",
            format!("a description has at most {MAX_TEMPLATE_DESCRIPTION_CHARS} characters"),
        ));
    }
    if template.items.is_empty() || template.items.len() > MAX_SESSION_ACTIVITIES {
        return Err(invalid(
            "items",
            format!("a template has 1 to {MAX_SESSION_ACTIVITIES} activities"),
        ));
    }
    for (i, item) in template.items.iter().enumerate() {
        if item
            .planned_minutes
            .is_some_and(|m| m == 0 || m > u32::from(MAX_PLANNED_MINUTES))
        {
            return Err(invalid(
                &format!("items[{i}].plannedMinutes"),
                format!("planned minutes are 1 to {MAX_PLANNED_MINUTES}"),
            ));
        }
        if item.note.chars().count() > MAX_TEMPLATE_NOTE_CHARS {
            return Err(invalid(
                &format!("items[{i}].note"),
                format!("a note has at most {MAX_TEMPLATE_NOTE_CHARS} characters"),
            ));
        }
        Activity::new(ActivityId(0), item.spec.clone())
            .map_err(|e| invalid(&format!("items[{i}].spec"), e.message))?;
    }
    Ok(())
}

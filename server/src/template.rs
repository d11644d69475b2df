//! Template files: reading one (its JSON, its version, every field named in a complaint) and
//! the built-in templates, embedded in the binary from `server/templates/*.json` and served by
//! `GET /api/templates`.
//!
//! A file is read in three steps: its frame (`kring`, `version`) first, so a file of another
//! kind or a newer version is told so rather than about a field it does not have; then the
//! whole file, with the path of a field that does not fit (`items[1].spec.questions[0]`); then
//! [`room::templates::check`], which checks every item by its kind's own rules. Version 1 grows
//! by fields with defaults, so an older file (missing a field added later) reads with the
//! default; a future version 2 migrates the older ones here, before the second step.

use kring_protocol::{BuiltInTemplate, TEMPLATE_MARKER, TEMPLATE_VERSION, Template};
use serde_json::Value;

use crate::room::ActError;
use crate::room::templates::{self, invalid};

/// The built-in templates: (stable id, file).
const BUILT_IN: &[(&str, &str)] = &[
    (
        "student-voice-nl",
        include_str!("../templates/student-voice.nl.json"),
    ),
    (
        "student-voice-en",
        include_str!("../templates/student-voice.en.json"),
    ),
    (
        "ideale-les-nl",
        include_str!("../templates/ideale-les.nl.json"),
    ),
    (
        "ideale-les-en",
        include_str!("../templates/ideale-les.en.json"),
    ),
    (
        "bouw-je-les-nl",
        include_str!("../templates/bouw-je-les.nl.json"),
    ),
    (
        "bouw-je-les-en",
        include_str!("../templates/bouw-je-les.en.json"),
    ),
    ("vips-nl", include_str!("../templates/vips.nl.json")),
    ("vips-en", include_str!("../templates/vips.en.json")),
];

/// Reads a template file; on `Err` (`invalidTemplate`) the message names the field.
pub fn parse(text: &str) -> Result<Template, ActError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| invalid("file", format!("not valid JSON ({e})")))?;
    let Value::Object(frame) = &value else {
        return Err(invalid("file", "a template is a JSON object"));
    };
    if frame.get("kring").and_then(Value::as_str) != Some(TEMPLATE_MARKER) {
        return Err(invalid(
            "kring",
            format!("not a Kring template (it says \"kring\": \"{TEMPLATE_MARKER}\")"),
        ));
    }
    let version = frame.get("version").and_then(Value::as_u64);
    match version {
        Some(v) if (1..=u64::from(TEMPLATE_VERSION)).contains(&v) => {}
        Some(v) => {
            return Err(invalid(
                "version",
                format!("version {v} is not one this server reads (1 to {TEMPLATE_VERSION})"),
            ));
        }
        None => return Err(invalid("version", "a template has a version number")),
    }
    let template: Template = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { "file".to_owned() } else { path };
        invalid(&path, e.into_inner())
    })?;
    templates::check(&template)?;
    Ok(template)
}

/// The built-in templates, each read like an imported file.
pub fn built_in() -> Vec<BuiltInTemplate> {
    BUILT_IN
        .iter()
        .map(|(id, text)| BuiltInTemplate {
            id: (*id).to_owned(),
            template: parse(text)
                .unwrap_or_else(|e| panic!("built-in template {id} is invalid: {e}")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_template_reads_like_an_imported_file() {
        let all = built_in();
        assert_eq!(all.len(), BUILT_IN.len());
        for t in &all {
            // Written out and read back: the same template.
            let text = serde_json::to_string_pretty(&t.template).unwrap();
            assert_eq!(parse(&text).unwrap(), t.template, "{}", t.id);
            let minutes = t.template.planned_minutes();
            assert!((80..=100).contains(&minutes), "{}: {minutes}", t.id);
        }
    }

    #[test]
    fn complaints_name_the_field() {
        let field = |text: &str| parse(text).unwrap_err().message;
        assert!(field("nope").starts_with("file: not valid JSON"));
        assert!(
            field(r#"{"kring":"template","version":2,"title":"x","items":[]}"#)
                .starts_with("version: version 2")
        );
        let wrong_type = field(
            r#"{"kring":"template","version":1,"title":"x","items":[{"plannedMinutes":"five","spec":{"kind":"timer","title":"t","secs":60}}]}"#,
        );
        assert!(
            wrong_type.starts_with("items[0].plannedMinutes: invalid type"),
            "{wrong_type}"
        );
        let bad_spec = field(
            r#"{"kring":"template","version":1,"title":"x","items":[{"spec":{"kind":"timer","title":"t","secs":60}},{"spec":{"kind":"dotVote","title":"v","options":[{"text":"a"}]}}]}"#,
        );
        assert!(bad_spec.starts_with("items[1].spec: "), "{bad_spec}");
    }
}

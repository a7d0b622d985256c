//! Format versions and the migrations between them. A document is migrated one
//! version at a time, as JSON, before it is read into the current types; so the
//! types only ever know the current format.
//!
//! Version history (docs/register-format.md has the details):
//! - "0": the draft layout: metadata under a `register` object, flat
//!   `likelihood`/`impact` scores on each risk and the affected properties as letters.
//! - "1": the current layout.

use serde_json::{Map, Value, json};

use crate::model::problem::Problem;
use crate::model::register::SCHEMA_VERSION;

/// The latest version this build reads and writes.
pub fn current() -> u32 {
    SCHEMA_VERSION.parse().expect("SCHEMA_VERSION is a number")
}

/// The format version a document declares.
pub fn version_of(document: &Map<String, Value>) -> Result<u32, Problem> {
    let at = "$.schema_version";
    match document.get("schema_version") {
        None => Err(Problem::new(
            at,
            "missing: this is not a Residual register (it has no schema_version)",
        )),
        Some(Value::String(text)) => match text.parse::<u32>() {
            Ok(version) if version <= current() => Ok(version),
            Ok(version) => Err(Problem::new(
                at,
                format!(
                    "\"{version}\" is a newer format than this Residual reads (up to \"{}\"); open it with a newer Residual",
                    current()
                ),
            )),
            Err(_) => Err(Problem::new(
                at,
                format!("\"{text}\" is not a format version such as \"{}\"", current()),
            )),
        },
        Some(other) => Err(Problem::new(
            at,
            format!("must be a string such as \"{}\", not {}", current(), kind_of(other)),
        )),
    }
}

/// Brings a document of any known version to the current one. Returns the migrated
/// document and one note per step taken, for the user to see.
pub fn migrate(mut document: Map<String, Value>) -> Result<(Map<String, Value>, Vec<String>), Problem> {
    let mut version = version_of(&document)?;
    let mut notes = Vec::new();
    while version < current() {
        match version {
            0 => from_0_to_1(&mut document)?,
            _ => unreachable!("every version below the current one has a step"),
        }
        notes.push(format!("migrated from format \"{version}\" to \"{}\"", version + 1));
        version += 1;
        document.insert("schema_version".into(), Value::String(version.to_string()));
    }
    Ok((document, notes))
}

/// 0 → 1: lifts the `register` metadata to the top level (with an id and timestamps),
/// moves each risk's flat scores into an `assessment`, and spells out the affected
/// properties.
fn from_0_to_1(document: &mut Map<String, Value>) -> Result<(), Problem> {
    let meta = match document.remove("register") {
        Some(Value::Object(meta)) => meta,
        Some(other) => {
            return Err(Problem::new(
                "$.register",
                format!("must be an object, not {}", kind_of(&other)),
            ));
        }
        None => {
            return Err(Problem::new(
                "$.register",
                "missing: a format \"0\" document keeps its name here",
            ));
        }
    };
    let saved = document
        .remove("saved")
        .unwrap_or_else(|| json!("1970-01-01T00:00:00Z"));
    let name = meta.get("name").and_then(Value::as_str).unwrap_or("").to_string();
    document.insert("id".into(), json!(crate::model::register::slug(&name)));
    for (key, value) in meta {
        document.insert(key, value);
    }
    document.insert("created".into(), saved.clone());
    document.insert("modified".into(), saved);
    let criteria_version = document
        .get("criteria")
        .and_then(|c| c.get("version"))
        .cloned()
        .unwrap_or(json!(1));
    if let Some(Value::Array(risks)) = document.get_mut("risks") {
        for (i, risk) in risks.iter_mut().enumerate() {
            let Value::Object(risk) = risk else {
                return Err(Problem::new(format!("$.risks[{i}]"), "must be an object"));
            };
            let likelihood = risk.remove("likelihood");
            let impact = risk.remove("impact");
            match (likelihood, impact) {
                (Some(likelihood), Some(impact)) => {
                    risk.insert(
                        "assessment".into(),
                        json!({"likelihood": likelihood, "impact": impact, "criteria_version": criteria_version}),
                    );
                }
                (None, None) => {}
                _ => {
                    return Err(Problem::new(
                        format!("$.risks[{i}]"),
                        "has one of likelihood and impact but not the other",
                    ));
                }
            }
            let letters = risk.remove("cia").unwrap_or(json!(""));
            let letters = letters.as_str().unwrap_or("").to_ascii_uppercase();
            risk.insert(
                "affects".into(),
                json!({
                    "confidentiality": letters.contains('C'),
                    "integrity": letters.contains('I'),
                    "availability": letters.contains('A'),
                }),
            );
        }
    }
    Ok(())
}

pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn reads_declared_versions() {
        assert_eq!(version_of(&object(json!({"schema_version": "1"}))), Ok(1));
        assert_eq!(version_of(&object(json!({"schema_version": "0"}))), Ok(0));
    }

    #[test]
    fn refuses_future_missing_and_malformed_versions() {
        for (document, expected) in [
            (json!({"schema_version": "999"}), "newer format"),
            (json!({}), "missing"),
            (json!({"schema_version": 1}), "must be a string"),
            (json!({"schema_version": "v1"}), "not a format version"),
        ] {
            let problem = version_of(&object(document)).unwrap_err();
            assert_eq!(problem.path, "$.schema_version");
            assert!(problem.message.contains(expected), "{problem}");
        }
    }

    #[test]
    fn a_current_document_is_left_alone() {
        let document = object(json!({"schema_version": "1", "name": "x"}));
        let (migrated, notes) = migrate(document.clone()).unwrap();
        assert_eq!(migrated, document);
        assert!(notes.is_empty());
    }
}

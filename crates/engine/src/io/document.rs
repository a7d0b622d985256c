//! Reading a register document from text: JSON syntax, format version and migration,
//! shape, then meaning. Never panics: every failure becomes `Problem`s that name
//! their JSON path.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::io::migration::{kind_of, migrate};
use crate::io::validation;
use crate::model::problem::Problem;
use crate::model::register::Register;

/// A register read from a document, with notes on what loading did (migrations).
#[derive(Debug)]
pub struct Loaded {
    /// The register, migrated to the current format version and validated.
    pub register: Register,
    /// Human-readable notes on what loading changed, e.g. a migration from an older format;
    /// empty when nothing was changed.
    pub notes: Vec<String>,
}

/// The sections read item by item, so that one bad risk does not hide the others.
const LIST_SECTIONS: [&str; 4] = ["assets", "risks", "controls", "treatments"];

/// Reads raw bytes (e.g. a file). Text that is not UTF-8 is refused with the offset
/// of the first bad byte.
pub fn load_bytes(bytes: &[u8]) -> Result<Loaded, Vec<Problem>> {
    match std::str::from_utf8(bytes) {
        Ok(text) => load(text),
        Err(error) => Err(vec![Problem::new(
            "$",
            format!(
                "not UTF-8 text (invalid byte at offset {}), so not a JSON document",
                error.valid_up_to()
            ),
        )]),
    }
}

/// Reads and checks a register document. `Err` holds every problem found.
pub fn load(text: &str) -> Result<Loaded, Vec<Problem>> {
    // The common case first: a document of the current version that reads as it is goes
    // straight into the types, without the intermediate JSON tree (about twice as fast
    // for a register of thousands of risks). Anything else takes the full path below,
    // which gives the same register, or every problem with its path.
    if let Ok(register) = serde_json::from_str::<Register>(text)
        && register.schema_version == crate::model::register::SCHEMA_VERSION
    {
        let problems = validation::check(&register);
        return if problems.is_empty() {
            Ok(Loaded {
                register,
                notes: Vec::new(),
            })
        } else {
            Err(problems)
        };
    }
    load_tree(text)
}

/// [`load`] through the JSON tree: every version, every problem.
fn load_tree(text: &str) -> Result<Loaded, Vec<Problem>> {
    let value: Value = serde_json::from_str(text).map_err(|error| vec![syntax_problem(text, &error)])?;
    let Value::Object(document) = value else {
        return Err(vec![Problem::new(
            "$",
            format!("must be a JSON object (a Residual register), not {}", kind_of(&value)),
        )]);
    };
    let (document, notes) = migrate(document).map_err(|problem| vec![problem])?;
    let register = read_shape(document)?;
    let problems = validation::check(&register);
    if problems.is_empty() {
        Ok(Loaded { register, notes })
    } else {
        Err(problems)
    }
}

/// A JSON syntax error. A number beyond what a double holds (`1e309`) is named by the
/// path of its field; any other error by its line and column.
fn syntax_problem(text: &str, error: &serde_json::Error) -> Problem {
    if error.to_string().starts_with("number out of range") {
        let offset = crate::io::json_path::offset_of(text, error.line(), error.column());
        let number = crate::io::json_path::number_at(text, offset);
        return Problem::new(
            crate::io::json_path::path_at(text, offset),
            format!(
                "{number} is too large a number (a number may be at most about 1.8e308, and an amount at most 1e15)"
            ),
        );
    }
    Problem::new("$", format!("not valid JSON: {error}"))
}

/// Turns the migrated JSON into the typed register, collecting one problem per bad
/// list item plus at most one for the rest of the document.
fn read_shape(mut document: Map<String, Value>) -> Result<Register, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut lists: Vec<(&str, Vec<Value>)> = Vec::new();
    for section in LIST_SECTIONS {
        match document.remove(section) {
            Some(Value::Array(items)) => lists.push((section, items)),
            Some(Value::Null) | None => lists.push((section, Vec::new())),
            Some(other) => {
                problems.push(Problem::new(
                    format!("$.{section}"),
                    format!("must be an array, not {}", kind_of(&other)),
                ));
                lists.push((section, Vec::new()));
            }
        }
    }
    let mut register: Option<Register> = read_at(Value::Object(document), "$").map_err(|p| problems.push(p)).ok();
    let mut assets = Vec::new();
    let mut risks = Vec::new();
    let mut controls = Vec::new();
    let mut treatments = Vec::new();
    for (section, items) in lists {
        for (i, item) in items.into_iter().enumerate() {
            let at = format!("$.{section}[{i}]");
            let read = match section {
                "assets" => read_at(item, &at).map(|x| assets.push(x)),
                "risks" => read_at(item, &at).map(|x| risks.push(x)),
                "controls" => read_at(item, &at).map(|x| controls.push(x)),
                _ => read_at(item, &at).map(|x| treatments.push(x)),
            };
            if let Err(problem) = read {
                problems.push(problem);
            }
        }
    }
    match register.take() {
        Some(mut register) if problems.is_empty() => {
            register.assets = assets;
            register.risks = risks;
            register.controls = controls;
            register.treatments = treatments;
            Ok(register)
        }
        _ => Err(problems),
    }
}

/// Deserialises `value`, naming the exact path of the first mismatch beneath `at`.
fn read_at<T: DeserializeOwned>(value: Value, at: &str) -> Result<T, Problem> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let inner = error.path().to_string();
        let path = match inner.as_str() {
            "." => at.to_string(),
            p if p.starts_with('[') => format!("{at}{p}"),
            p => format!("{at}.{p}"),
        };
        Problem::new(path, error.into_inner().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_direct_path_reads_what_the_tree_path_reads() {
        let mut texts = vec![crate::DEMO_REGISTER_JSON.to_string()];
        for seed in 0..40 {
            let generated = crate::generated::register(
                seed,
                crate::generated::Space {
                    max_risks: 30,
                    ..Default::default()
                },
            );
            texts.push(generated.register.to_json());
            texts.push(generated.register.to_compact_json());
        }
        let mut bad = crate::generated::register(7, Default::default()).register;
        bad.risks[0].owner.clear();
        texts.push(bad.to_json());
        for text in texts {
            let (direct, tree) = (load(&text), load_tree(&text));
            match (direct, tree) {
                (Ok(a), Ok(b)) => assert!(a.register == b.register && a.notes == b.notes),
                (Err(a), Err(b)) => assert_eq!(a, b),
                (a, b) => panic!("the paths disagree: {:?} against {:?}", a.is_ok(), b.is_ok()),
            }
        }
    }
}

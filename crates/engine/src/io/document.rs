//! Reading a register document from text: JSON syntax, format version and migration,
//! shape, then meaning. Never panics: every failure becomes `Problem`s that name
//! their JSON path.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::io::json_path;
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
    // A key given twice is refused first: every reader below would keep one silently.
    if let Some(problem) = crate::io::duplicate_key::first_duplicate(text) {
        return Err(vec![problem]);
    }
    load_own(text)
}

/// As [`load`], for text this program wrote itself (the browser's storage): serde
/// writes no key twice, so the scan for one (a third of the load's time for a large
/// register) is left out.
pub fn load_own(text: &str) -> Result<Loaded, Vec<Problem>> {
    // The common case first: a document of the current version that reads as it is goes
    // straight into the types, without the intermediate JSON tree (about twice as fast
    // for a register of thousands of risks). Anything else takes the full path below,
    // which gives the same register, or every problem with its path.
    if let Ok(mut register) = serde_json::from_str::<Register>(text)
        && register.schema_version == crate::model::register::SCHEMA_VERSION
    {
        let notes = settle(&mut register);
        let problems = validation::check(&register);
        return if problems.is_empty() {
            Ok(Loaded { register, notes })
        } else {
            Err(problems)
        };
    }
    load_tree(text)
}

/// What loading derives rather than reads: a status "accepted" with no acceptance
/// recorded (see `Register::settle_accepted_status`), with a note for each risk.
fn settle(register: &mut Register) -> Vec<String> {
    register
        .settle_accepted_status()
        .into_iter()
        .map(|id| {
            format!("{id} was marked accepted, but no acceptance of its residual risk is recorded: its status is now \"{}\" (record the owner's acceptance in Treatment)", register.risks.iter().find(|r| r.id == id).map_or("", |r| r.status.as_str()))
        })
        .collect()
}

/// Reads a document of the current format version as this program writes it (the page's
/// register handed to the simulation worker): straight into the types, with no JSON tree
/// and no migrations, so that a reader that needs only this does not carry their code.
/// The first problem of shape is named by its path; then the meaning is checked in full.
pub fn load_current(text: &str) -> Result<Register, Vec<Problem>> {
    let register: Register = serde_json::from_str(text).map_err(|error| {
        vec![Problem::new(
            json_path::error_path(text, &error),
            json_path::error_message(&error),
        )]
    })?;
    if register.schema_version != crate::model::register::SCHEMA_VERSION {
        return Err(vec![Problem::new(
            "$.schema_version",
            format!(
                "this reader takes version {} only, not {} (load the document to migrate it)",
                crate::model::register::SCHEMA_VERSION,
                register.schema_version
            ),
        )]);
    }
    let problems = validation::check(&register);
    if problems.is_empty() {
        Ok(register)
    } else {
        Err(problems)
    }
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
    let (document, mut notes) = migrate(document).map_err(|problem| vec![problem])?;
    let mut register = read_shape(document)?;
    notes.extend(settle(&mut register));
    let problems = validation::check(&register);
    if problems.is_empty() {
        Ok(Loaded { register, notes })
    } else {
        Err(problems)
    }
}

/// A JSON syntax error. A number beyond what a double holds (`1e309`) is named by the
/// path of its field; any other error by its line and column.
pub fn syntax_problem(text: &str, error: &serde_json::Error) -> Problem {
    if error.to_string().starts_with("number out of range") {
        let offset = json_path::offset_of(text, error.line(), error.column());
        let number = json_path::number_at(text, offset);
        return Problem::new(
            json_path::path_at(text, offset),
            format!(
                "{number} is too large a number (a number may be at most about 1.8e308, and an amount at most 1e15)"
            ),
        );
    }
    if error.to_string().starts_with("recursion limit exceeded") {
        return Problem::new(
            "$",
            "nested too deep (over 128 levels of arrays and objects, as far as the reader follows; a register needs 7)",
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
///
/// The value is read back from its text with the same deserialiser as [`load`]'s direct
/// path, and the path comes from where in that text the error arose: one instantiation
/// of every `Deserialize` impl, not a second one for a path-tracking deserialiser (which
/// cost the browser bundle about 26 KB gzipped).
fn read_at<T: DeserializeOwned>(value: Value, at: &str) -> Result<T, Problem> {
    let text = value.to_string();
    serde_json::from_str(&text).map_err(|error| {
        let inner = json_path::error_path(&text, &error);
        Problem::new(format!("{at}{}", &inner[1..]), json_path::error_message(&error))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path and message `serde_path_to_error` gives: an independent account of where
    /// a deserialisation failed, for [`read_at`] to agree with.
    fn tracked<T: DeserializeOwned>(value: Value, at: &str) -> Result<T, Problem> {
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

    /// Every JSON pointer in `value`, containers included.
    fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => map.iter().for_each(|(k, v)| pointers(v, format!("{at}/{k}"), out)),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, v)| pointers(v, format!("{at}/{i}"), out)),
            _ => {}
        }
        out.push(at);
    }

    /// One broken copy of `value`: a value of the wrong kind, a field removed, or a field
    /// added, somewhere in it.
    fn mutate(value: &Value, dice: &mut crate::generated::Dice) -> Value {
        let mut value = value.clone();
        let mut all = Vec::new();
        pointers(&value, String::new(), &mut all);
        let at = all[dice.below(all.len())].clone();
        let target = value.pointer_mut(&at).expect("a pointer just listed");
        let strange = [
            Value::from("bogus"),
            Value::from(-1),
            Value::from(1.5),
            Value::from(7),
            Value::Bool(true),
            Value::Null,
            Value::Array(vec![]),
            Value::Object(Map::new()),
            Value::from(1e300),
        ];
        match (dice.below(3), target) {
            (0, Value::Object(map)) if !map.is_empty() => {
                let key = map.keys().nth(dice.below(map.len())).cloned().expect("not empty");
                map.remove(&key);
            }
            (1, Value::Object(map)) => {
                map.insert("surplus".into(), Value::from(1));
            }
            (_, target) => *target = strange[dice.below(strange.len())].clone(),
        }
        value
    }

    /// Whether [`read_at`] and `serde_path_to_error` agree on `value`: the same register,
    /// or the same refusal. [`read_at`] may name a deeper path where the other stops at a
    /// buffered value (a distribution, an impact), and it says what a name field got
    /// ("expected a string") where the other says "expected string or map".
    fn agree<T: DeserializeOwned + std::fmt::Debug + PartialEq>(value: &Value, at: &str, refused: &mut usize) {
        let (ours, theirs) = (read_at::<T>(value.clone(), at), tracked::<T>(value.clone(), at));
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => {
                *refused += 1;
                let deeper = a
                    .path
                    .strip_prefix(&b.path)
                    .is_some_and(|rest| rest.starts_with(['.', '[']));
                let same_path = a.path == b.path || deeper;
                let said = |p: &Problem| p.message.split(", expected").next().unwrap_or_default().to_string();
                let same_message = a.message == b.message
                    || (b.message.ends_with("expected string or map") && a.message.ends_with("expected a string"))
                    || (said(a) == said(b) && b.message.contains("Impact"))
                    || b.message
                        .starts_with("data did not match any variant of untagged enum Impact")
                    || deeper;
                assert!(same_path && same_message, "{a:?} against {b:?} for {value}");
            }
            _ => panic!("one reads, the other refuses: {ours:?} against {theirs:?} for {value}"),
        }
    }

    #[test]
    fn read_at_names_the_path_serde_path_to_error_names() {
        use crate::model::{asset::Asset, control::Control, risk::Risk, treatment::Treatment};
        let mut dice = crate::generated::Dice::new(12);
        let mut refused = 0;
        for seed in 0..40 {
            let register = crate::generated::register(seed, Default::default()).register;
            let document: Value = serde_json::from_str(&register.to_json()).expect("JSON");
            for _ in 0..30 {
                let broken = mutate(&document, &mut dice);
                let mut shell = broken.clone();
                let lists: Vec<Value> = LIST_SECTIONS
                    .iter()
                    .map(|s| shell.as_object_mut().and_then(|m| m.remove(*s)).unwrap_or_default())
                    .collect();
                agree::<Register>(&shell, "$", &mut refused);
                for (section, items) in LIST_SECTIONS.iter().zip(lists) {
                    for (i, item) in items.as_array().cloned().unwrap_or_default().into_iter().enumerate() {
                        let at = format!("$.{section}[{i}]");
                        match *section {
                            "assets" => agree::<Asset>(&item, &at, &mut refused),
                            "risks" => agree::<Risk>(&item, &at, &mut refused),
                            "controls" => agree::<Control>(&item, &at, &mut refused),
                            _ => agree::<Treatment>(&item, &at, &mut refused),
                        }
                    }
                }
            }
        }
        // Most mutations break something: the comparison is about refusals, not successes.
        assert!(refused > 600, "only {refused} refusals");
    }

    #[test]
    fn a_status_accepted_without_an_acceptance_is_derived_on_load_and_said() {
        let mut document: Value = serde_json::from_str(crate::DEMO_REGISTER_JSON).unwrap();
        document["risks"][1]["status"] = serde_json::json!("accepted");
        document["risks"][11]["status"] = serde_json::json!("accepted");
        let loaded = load(&document.to_string()).unwrap();
        let status = |id: &str| {
            loaded
                .register
                .risks
                .iter()
                .find(|r| r.id == id)
                .unwrap()
                .status
                .as_str()
        };
        assert_eq!((status("R-002"), status("R-012")), ("treated", "evaluated"));
        assert_eq!(loaded.notes.len(), 2, "{:?}", loaded.notes);
        assert!(
            loaded.notes[0].starts_with("R-002 was marked accepted, but no acceptance"),
            "{}",
            loaded.notes[0]
        );
        assert!(
            loaded.notes[0].ends_with("its status is now \"treated\" (record the owner's acceptance in Treatment)")
        );
        // An older format, through the tree and its migration, the same.
        let mut old: Value = serde_json::from_str(include_str!("../../tests/fixtures/register-v0.json")).unwrap();
        old["risks"][0]["status"] = serde_json::json!("accepted");
        let loaded = load(&old.to_string()).unwrap();
        assert_eq!(loaded.register.risks[0].status.as_str(), "evaluated");
        assert!(
            loaded.notes.iter().any(|n| n.starts_with("R-001 was marked accepted")),
            "{:?}",
            loaded.notes
        );
    }

    #[test]
    fn load_current_reads_what_load_reads_and_names_what_it_refuses() {
        for seed in 0..20 {
            let text = crate::generated::register(seed, Default::default()).register.to_json();
            assert_eq!(load_current(&text).unwrap(), load(&text).unwrap().register);
        }
        let demo = crate::DEMO_REGISTER_JSON;
        let broken = demo.replacen("\"owner\": \"", "\"owner\": 7, \"x\": \"", 1);
        let problems = load_current(&broken).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "$.assets[0].owner");
        assert!(
            problems[0].message.starts_with("invalid type: integer `7`"),
            "{}",
            problems[0].message
        );
        let old = demo.replacen("\"schema_version\": \"1\"", "\"schema_version\": \"0\"", 1);
        assert_ne!(old, demo);
        assert_eq!(load_current(&old).unwrap_err()[0].path, "$.schema_version");
        let mut invalid = load(demo).unwrap().register;
        invalid.risks[1].owner.clear();
        assert_eq!(
            load_current(&invalid.to_json()).unwrap_err(),
            load(&invalid.to_json()).unwrap_err()
        );
    }

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

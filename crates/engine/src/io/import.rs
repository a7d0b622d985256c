//! Importing a register document from another place (a file, a paste): limits checked
//! before the full parse, every problem named by its path, and a preview of what the
//! import would add or replace. Nothing here changes a library; the caller decides.

use crate::io::document;
use crate::io::library::Library;
use crate::model::problem::Problem;
use crate::model::register::Register;

/// The largest document accepted, in bytes (a register of 10,000 risks is about 10 MB).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// The deepest nesting of objects and arrays accepted (a register needs 7).
pub const MAX_DEPTH: usize = 64;

/// What an import would bring in, for the user to confirm.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// The register, read, migrated and checked.
    pub register: Register,
    /// What loading changed (a migration from an older format), in words.
    pub notes: Vec<String>,
    /// The name of the register in the library with the same id, if any (the import can
    /// replace it, or come in beside it under a new id).
    pub clash: Option<String>,
}

impl Preview {
    /// "14 risks, 10 assets, 13 controls, 9 treatments".
    pub fn counts(&self) -> String {
        let r = &self.register;
        let n = |count: usize, noun: &str| {
            if count == 1 {
                format!("1 {noun}")
            } else {
                format!("{count} {noun}s")
            }
        };
        format!(
            "{}, {}, {}, {}",
            n(r.risks.len(), "risk"),
            n(r.assets.len(), "asset"),
            n(r.controls.len(), "control"),
            n(r.treatments.len(), "treatment")
        )
    }
}

/// Refuses a document of `bytes` over [`MAX_BYTES`], saying the limit (the app asks
/// before it reads a file, with the file's size).
pub fn too_large(bytes: f64) -> Result<(), Problem> {
    if bytes > MAX_BYTES as f64 {
        return Err(Problem::new(
            "$",
            format!(
                "the file is {:.1} MB; a register may be at most {} MB",
                bytes / 1_048_576.0,
                MAX_BYTES / 1_048_576
            ),
        ));
    }
    Ok(())
}

/// Refuses a document over [`MAX_BYTES`] or nested deeper than [`MAX_DEPTH`], before
/// anything parses it, with a message that says the limit.
pub fn precheck(text: &str) -> Result<(), Problem> {
    too_large(text.len() as f64)?;
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (at, byte) in text.bytes().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Problem::new(
                        crate::io::json_path::path_at(text, at),
                        format!("nested more than {MAX_DEPTH} levels deep; a register needs far fewer"),
                    ));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// The name of the register in `library` with id `id`, if one is stored (the demo on
/// show is not): an import of that id would clash with it.
pub fn clash(library: &Library, id: &str) -> Option<String> {
    (!library.showing_demo)
        .then(|| library.registers.iter().find(|r| r.id == id))
        .flatten()
        .map(|r| r.name.clone())
}

/// Reads a document for import: the limits, then the whole document, every problem
/// with its path; or a preview of the register and of any clash with `library`.
pub fn read(text: &str, library: &Library) -> Result<Preview, Vec<Problem>> {
    precheck(text).map_err(|problem| vec![problem])?;
    let loaded = document::load(text)?;
    let clash = clash(library, &loaded.register.id);
    Ok(Preview {
        register: loaded.register,
        notes: loaded.notes,
        clash,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::library::MemoryStore;

    #[test]
    fn a_valid_document_is_previewed_with_its_counts_and_any_clash() {
        let mut store = MemoryStore::default();
        let mut library = Library::open(&store);
        let preview = read(crate::DEMO_REGISTER_JSON, &library).unwrap();
        assert_eq!(preview.clash, None, "the demo on show is not a clash");
        assert_eq!(preview.counts(), "14 risks, 10 assets, 13 controls, 9 treatments");
        library.save(&mut store, &preview.register).unwrap();
        let again = read(crate::DEMO_REGISTER_JSON, &Library::open(&store)).unwrap();
        assert_eq!(again.clash.as_deref(), Some(preview.register.name.as_str()));
    }

    #[test]
    fn every_problem_is_named_and_nothing_is_read() {
        let mut broken: serde_json::Value = serde_json::from_str(crate::DEMO_REGISTER_JSON).unwrap();
        broken["risks"][2]["owner"] = serde_json::json!("");
        broken["assets"][0]["value"]["integrity"] = serde_json::json!("high");
        let problems = read(&broken.to_string(), &Library::open(&MemoryStore::default())).unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            ["$.assets[0].value.integrity"],
            "shape problems come first, all of them"
        );
        broken["assets"][0]["value"]["integrity"] = serde_json::json!(3);
        let problems = read(&broken.to_string(), &Library::open(&MemoryStore::default())).unwrap_err();
        assert!(problems.iter().any(|p| p.path == "$.risks[2].owner"), "{problems:?}");
    }

    #[test]
    fn limits_are_checked_before_the_parse() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let problem = precheck(&deep).unwrap_err();
        assert!(
            problem.message.contains("nested more than 64 levels"),
            "{}",
            problem.message
        );
        assert!(precheck(&format!("{}{}", "[".repeat(64), "]".repeat(64))).is_ok());
        // Brackets inside strings do not count.
        assert!(precheck(&format!("{{\"a\": \"{}\"}}", "[".repeat(1000))).is_ok());
        let huge = " ".repeat(MAX_BYTES + 1);
        assert!(precheck(&huge).unwrap_err().message.contains("at most 20 MB"));
        // And the reader refuses them the same way, whole.
        let library = Library::open(&MemoryStore::default());
        assert_eq!(read(&deep, &library).unwrap_err().len(), 1);
    }
}

/// Problems of one kind in a refused file: the same field in many items, with the same
/// complaint ("`probability[0].id`, `probability[1].id`, …: must be a whole number").
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemGroup {
    /// The field in words, e.g. "objects, risk matrix, probability, id".
    pub field: String,
    /// The first problem's message.
    pub message: String,
    /// The problems of the group, in file order (their paths are the details).
    pub problems: Vec<Problem>,
}

/// `problems` grouped by field (the path with its positions left out) and complaint (the
/// message with its quoted values and numbers left out), in the order first met: what a
/// refused import shows first, with the paths behind.
pub fn group_problems(problems: &[Problem]) -> Vec<ProblemGroup> {
    let shape = |text: &str, cut: char| {
        let mut out = String::new();
        let mut skipping = false;
        for c in text.chars() {
            match c {
                '[' if cut == '[' => skipping = true,
                ']' if cut == '[' => {
                    skipping = false;
                    out.push_str("[]");
                }
                '"' if cut == '"' => {
                    skipping = !skipping;
                    if !skipping {
                        out.push_str("\"…\"");
                    }
                }
                _ if skipping => {}
                c if cut == '"' && c.is_ascii_digit() => out.push('#'),
                c => out.push(c),
            }
        }
        out
    };
    let mut groups: Vec<(String, String, ProblemGroup)> = Vec::new();
    for p in problems {
        let (field_key, message_key) = (shape(&p.path, '['), shape(&p.message, '"'));
        match groups.iter_mut().find(|(f, m, _)| *f == field_key && *m == message_key) {
            Some((_, _, group)) => group.problems.push(p.clone()),
            None => groups.push((
                field_key,
                message_key,
                ProblemGroup {
                    field: crate::io::field_label::field_label(p.path.trim_start_matches("$.")),
                    message: p.message.clone(),
                    problems: vec![p.clone()],
                },
            )),
        }
    }
    groups.into_iter().map(|(_, _, g)| g).collect()
}

#[cfg(test)]
mod group_tests {
    use super::*;

    #[test]
    fn the_same_complaint_about_the_same_field_is_one_group() {
        let problems = [
            Problem::new(
                "$.objects.risk_matrix[0].probability[0].id",
                "must be a whole number from 0",
            ),
            Problem::new(
                "$.objects.risk_matrix[0].probability[1].id",
                "must be a whole number from 0",
            ),
            Problem::new("$.risks[2].owner", "must not be empty"),
            Problem::new("$.objects.risk_matrix[0].impact[0].id", "must be a whole number from 0"),
            Problem::new("$.risks[0].assets[0]", "\"A-9\" is not an asset of this register"),
            Problem::new("$.risks[4].assets[1]", "\"A-12\" is not an asset of this register"),
        ];
        let groups = group_problems(&problems);
        let shape: Vec<(usize, &str)> = groups.iter().map(|g| (g.problems.len(), g.field.as_str())).collect();
        assert_eq!(shape.len(), 4, "{shape:?}");
        assert_eq!(groups[0].problems.len(), 2);
        assert_eq!(groups[0].message, "must be a whole number from 0");
        assert_eq!(groups[1].problems.len(), 1);
        assert_eq!(
            groups[3].problems.len(),
            2,
            "quoted values differ, the complaint is one"
        );
        assert_eq!(groups.iter().map(|g| g.problems.len()).sum::<usize>(), problems.len());
    }
}

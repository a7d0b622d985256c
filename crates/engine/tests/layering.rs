//! The engine's folders are layers: `model` ← `io` ← `assess` ← `quant` ← `treat` ← `exchange`. A
//! module may use its own layer and the ones before it, never a later one, and no two
//! modules use each other (directly or round a circle). The crate boundary keeps web
//! crates out of the engine; inside one crate only a reading of the sources can keep the
//! layers, so this test reads them. Test code (`#[cfg(test)]` modules, `tests.rs` files)
//! may use anything.
//!
//! The reading follows every path that starts at `crate::` or `super::` (however many),
//! through grouped imports at any depth (`use crate::{model::x, quant::{y, z}}`), in
//! every file: each layer's `mod.rs` belongs to its layer, and the crate's root files
//! (`lib.rs`, the test support `generated.rs`) form a last layer that nothing may use.
//! Comments and the insides of string and character literals are blanked first, so a
//! path or a brace in them counts for nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LAYERS: [&str; 7] = ["model", "io", "assess", "quant", "treat", "exchange", "(root)"];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a source file, e.g. `["quant", "simulation", "pairing"]` for
/// `quant/simulation/pairing.rs`, `["quant", "simulation"]` for its `mod.rs`, and
/// `["(root)", "lib"]` for a file at the crate's root.
fn path_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.len() == 1 {
        parts.insert(0, "(root)".into());
    }
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// `layer::module` of a module path: its first two parts; a layer's own `mod.rs` is
/// `layer::(mod)`.
fn module_of(path: &[String]) -> String {
    match path {
        [layer] => format!("{layer}::(mod)"),
        [layer, module, ..] => format!("{layer}::{module}"),
        [] => "(root)::lib".into(),
    }
}

/// The source with comments blanked and the insides of string and character literals
/// blanked (raw strings too), so that what remains is code.
fn code_only(text: &str) -> String {
    let bytes: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < bytes.len() && bytes[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < bytes.len() {
                if bytes[i] == '/' && bytes.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if bytes[i] == '*' && bytes.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !bytes[..i].last().is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while bytes.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if bytes.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            while j < bytes.len() {
                if bytes[j] == '"' && (0..hashes).all(|k| bytes.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < bytes.len() && bytes[i] != '"' {
                if bytes[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && (next == Some('\\') && bytes.get(i + 3).is_some() || bytes.get(i + 2) == Some(&'\'')) {
            // A character literal ('x', '\n', '\u{7f}'), not a lifetime.
            i += 1;
            while i < bytes.len() && bytes[i] != '\'' {
                if bytes[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The source without its test code.
fn without_tests(text: &str) -> String {
    let mut kept = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            // Skip the item that follows: a `use` line, or a block up to its closing brace.
            let Some(item) = lines.next() else { break };
            if item.trim_end().ends_with('{') {
                let mut depth = 1;
                for inner in lines.by_ref() {
                    depth += inner.matches('{').count() as i32 - inner.matches('}').count() as i32;
                    if depth <= 0 {
                        break;
                    }
                }
            }
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

/// Reads a use tree (or a plain path) at the start of `text` under `prefix`: every full
/// path it names goes to `out`. Returns how much of `text` it read.
fn use_tree(text: &str, prefix: &[String], out: &mut Vec<Vec<String>>) -> usize {
    let trimmed = text.trim_start();
    let mut at = text.len() - trimmed.len();
    if let Some(inside) = trimmed.strip_prefix('{') {
        // `{tree, tree, …}`: each tree, then a comma or the closing brace.
        at += 1;
        let mut rest = inside;
        loop {
            let read = use_tree(rest, prefix, out);
            let after = rest[read..].trim_start();
            at += rest.len() - after.len();
            rest = after;
            match rest.strip_prefix(',') {
                Some(next) => {
                    at += 1;
                    rest = next;
                }
                None if rest.starts_with('}') => return at + 1,
                None => return at,
            }
        }
    }
    let ident: String = trimmed
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '*')
        .collect();
    if ident.is_empty() {
        return at;
    }
    at += ident.len();
    let mut path = prefix.to_vec();
    path.push(ident);
    if let Some(rest) = text[at..].strip_prefix("::") {
        return at + 2 + use_tree(rest, &path, out);
    }
    out.push(path);
    at
}

/// The `layer::module`s named by the paths in `text` (code only) of the module at `here`.
fn uses(text: &str, here: &[String]) -> BTreeSet<String> {
    let mut paths = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < text.len() {
        let boundary =
            at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_' || bytes[at - 1] == b':');
        if boundary && text[at..].starts_with("crate::") {
            at += "crate::".len() + use_tree(&text[at + "crate::".len()..], &[], &mut paths);
            continue;
        }
        if boundary && text[at..].starts_with("super::") {
            let mut base = here.to_vec();
            let mut rest = &text[at..];
            while let Some(r) = rest.strip_prefix("super::") {
                base.pop();
                rest = r;
            }
            let start = text.len() - rest.len();
            at = start + use_tree(rest, &base, &mut paths);
            continue;
        }
        at += 1;
    }
    paths
        .into_iter()
        .filter(|p| LAYERS.contains(&p[0].as_str()))
        .map(|p| match p.get(1).map(String::as_str) {
            // A layer itself, or all of it.
            None | Some("*" | "self") => module_of(&p[..1]),
            _ => module_of(&p),
        })
        .collect()
}

fn graph(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    sources(root, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(root).unwrap();
        let name = relative.file_name().unwrap().to_string_lossy();
        if name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let here = path_of(relative);
        let module = module_of(&here);
        let text = code_only(&without_tests(&std::fs::read_to_string(&file).unwrap()));
        let targets = edges.entry(module.clone()).or_default();
        targets.extend(uses(&text, &here).into_iter().filter(|t| *t != module));
    }
    edges
}

fn layer(module: &str) -> usize {
    // A layer's own `mod.rs` is in its layer.
    LAYERS
        .iter()
        .position(|l| module.starts_with(&format!("{l}::")))
        .unwrap()
}

/// Uses of a later layer, as "from -> to".
fn upward(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut found = Vec::new();
    for (from, targets) in edges {
        for to in targets {
            if layer(to) > layer(from) {
                found.push(format!("{from} -> {to}"));
            }
        }
    }
    found
}

/// Pairs of modules that reach each other.
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let reach = |start: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start.to_string()];
        while let Some(at) = stack.pop() {
            for next in edges.get(&at).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let mut found = Vec::new();
    for (from, targets) in edges {
        for to in targets {
            if reach(to).contains(from) {
                found.push(format!("{from} <-> {to}"));
            }
        }
    }
    found
}

#[test]
fn no_module_uses_a_later_layer_or_goes_round_a_circle() {
    let edges = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(
        edges.len() > 30,
        "the walk found the engine's modules ({})",
        edges.len()
    );
    assert!(
        edges["quant::simulation"].contains("model::register"),
        "the walk reads uses"
    );
    assert!(
        edges.contains_key("(root)::generated") && edges.contains_key("model::(mod)"),
        "the walk reads the root files and the layers' mod.rs"
    );
    assert_eq!(upward(&edges), Vec::<String>::new(), "a module uses a later layer");
    assert_eq!(circles(&edges), Vec::<String>::new(), "modules use each other");
}

#[test]
fn the_reading_finds_what_it_must_refuse() {
    let here = |p: &str| p.split('/').map(String::from).collect::<Vec<_>>();
    let source =
        "use crate::treat::optimiser::Plan;\n#[cfg(test)]\nmod tests {\n    use crate::quant::simulation::run;\n}\n";
    let kept = without_tests(source);
    assert_eq!(
        uses(&code_only(&kept), &here("model/register")),
        BTreeSet::from(["treat::optimiser".to_string()])
    );
    // Grouped imports at any depth, each path once.
    let grouped = "use crate::{model::risk::Risk, quant::{simulation::run, statistics::{Summary, lec}}, treat::*};\n";
    assert_eq!(
        uses(grouped, &here("io/document")),
        BTreeSet::from([
            "model::risk".into(),
            "quant::simulation".into(),
            "quant::statistics".into(),
            "treat::(mod)".into()
        ])
    );
    assert_eq!(
        uses(
            "use crate::model::{register::Register, risk::{self, Risk}};",
            &here("io/x")
        ),
        BTreeSet::from(["model::register".into(), "model::risk".into()])
    );
    // `super::` from a file, from a `mod.rs`, and twice.
    assert_eq!(
        uses(
            "use super::super::super::treat::plan; fn f() { super::super::sampling::draw(); }",
            &here("quant/simulation/pairing")
        ),
        BTreeSet::from(["treat::plan".into(), "quant::sampling".into()])
    );
    assert_eq!(
        uses(
            "use super::exchange::pyfair;",
            &here("quant/mod").into_iter().take(1).collect::<Vec<_>>()
        ),
        BTreeSet::from(["exchange::pyfair".into()])
    );
    // Paths in comments and strings, and braces in strings, count for nothing.
    let noise = "// use crate::treat::a;\n/* crate::exchange::b */ let s = \"{ crate::treat::c\"; let r = r#\"}\"#; let b = '{';\nuse crate::{io::money};\n";
    assert_eq!(
        uses(&code_only(noise), &here("model/x")),
        BTreeSet::from(["io::money".into()])
    );
    // The root files and each layer's `mod.rs` are read too.
    assert_eq!(module_of(&path_of(Path::new("generated.rs"))), "(root)::generated");
    assert_eq!(module_of(&path_of(Path::new("quant/mod.rs"))), "quant::(mod)");
    assert_eq!(
        module_of(&path_of(Path::new("quant/simulation/mod.rs"))),
        "quant::simulation"
    );
    let mut edges = BTreeMap::new();
    edges.insert(
        "model::register".to_string(),
        uses(&code_only(&kept), &here("model/register")),
    );
    edges.insert(
        "treat::optimiser".to_string(),
        BTreeSet::from(["model::register".to_string()]),
    );
    assert_eq!(upward(&edges), ["model::register -> treat::optimiser"]);
    assert_eq!(
        circles(&edges),
        [
            "model::register <-> treat::optimiser",
            "treat::optimiser <-> model::register"
        ]
    );
}

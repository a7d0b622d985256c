//! The engine's folders are layers: `model` ← `io` ← `assess` ← `quant` ← `treat` ← `exchange`. A
//! module may use its own layer and the ones before it, never a later one, and no two
//! modules use each other (directly or round a circle). The crate boundary keeps web
//! crates out of the engine; inside one crate only a reading of the sources can keep the
//! layers, so this test reads them. Test code (`#[cfg(test)]` modules, `tests.rs` files)
//! may use anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LAYERS: [&str; 6] = ["model", "io", "assess", "quant", "treat", "exchange"];

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

/// `layer::module` of a source file, e.g. `quant::simulation` for
/// `quant/simulation/pairing.rs`; `None` for the crate root and the layer `mod.rs` files.
fn module_of(relative: &Path) -> Option<String> {
    let parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    (parts.len() >= 2 && parts[1] != "mod").then(|| format!("{}::{}", parts[0], parts[1]))
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

/// The `layer::module` paths named after `crate::` in `text`.
fn uses(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let words: Vec<&str> = rest.splitn(3, "::").take(2).collect();
        if words.len() == 2 && LAYERS.contains(&words[0]) {
            let module: String = words[1]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !module.is_empty() {
                found.insert(format!("{}::{module}", words[0]));
            }
        }
    }
    found
}

fn graph(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    sources(root, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(root).unwrap();
        let name = relative.file_name().unwrap().to_string_lossy();
        let Some(module) = module_of(relative) else { continue };
        if name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let text = without_tests(&std::fs::read_to_string(&file).unwrap());
        let targets = edges.entry(module.clone()).or_default();
        targets.extend(uses(&text).into_iter().filter(|t| *t != module));
    }
    edges
}

fn layer(module: &str) -> usize {
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
    assert_eq!(upward(&edges), Vec::<String>::new(), "a module uses a later layer");
    assert_eq!(circles(&edges), Vec::<String>::new(), "modules use each other");
}

#[test]
fn the_reading_finds_what_it_must_refuse() {
    let source =
        "use crate::treat::optimiser::Plan;\n#[cfg(test)]\nmod tests {\n    use crate::quant::simulation::run;\n}\n";
    let kept = without_tests(source);
    assert_eq!(uses(&kept), BTreeSet::from(["treat::optimiser".to_string()]));
    let mut edges = BTreeMap::new();
    edges.insert("model::register".to_string(), uses(&kept));
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

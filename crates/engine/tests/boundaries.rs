//! The crates' boundaries, checked on the dependency graph cargo itself resolves: the
//! engine depends on nothing but the crates it lists here, and no web crate reaches it
//! however deep; the command line reads YAML with the engine's reader, not a parser of
//! its own.

use std::process::Command;

use serde_json::Value;

/// What the engine may depend on (normal dependencies, any target). A crate added to
/// its manifest fails here until it is added to this list, on purpose.
const ENGINE_MAY_USE: [&str; 6] = ["libm", "rand", "schemars", "serde", "serde_json", "uuid"];

/// What the command line may depend on.
const CLI_MAY_USE: [&str; 2] = ["residual-engine", "serde_json"];

/// Crates of the web platform, which must not reach the engine at any depth.
const WEB: [&str; 7] = [
    "wasm-bindgen",
    "js-sys",
    "web-sys",
    "leptos",
    "gloo-storage",
    "getrandom",
    "wasm-bindgen-futures",
];

fn cargo(args: &[&str]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The normal (not dev, not build) dependencies of `package`, by name.
fn normal_dependencies(metadata: &Value, package: &str) -> Vec<String> {
    let found = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|p| p["name"] == package)
        .unwrap_or_else(|| panic!("no package {package}"));
    let mut names: Vec<String> = found["dependencies"]
        .as_array()
        .expect("dependencies")
        .iter()
        .filter(|d| d["kind"].is_null())
        .map(|d| d["name"].as_str().expect("a name").to_string())
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn the_engine_and_the_cli_use_only_what_they_list() {
    let metadata: Value =
        serde_json::from_str(&cargo(&["metadata", "--format-version", "1", "--no-deps", "--offline"]))
            .expect("cargo metadata is JSON");
    assert_eq!(normal_dependencies(&metadata, "residual-engine"), ENGINE_MAY_USE);
    assert_eq!(normal_dependencies(&metadata, "residual"), CLI_MAY_USE);
}

#[test]
fn no_web_crate_reaches_the_engine_at_any_depth() {
    let tree = cargo(&[
        "tree",
        "--offline",
        "-p",
        "residual-engine",
        "-e",
        "normal,build",
        "--target",
        "all",
        "--prefix",
        "none",
    ]);
    let crates: Vec<&str> = tree.lines().filter_map(|l| l.split_whitespace().next()).collect();
    assert!(crates.len() > 5 && crates.contains(&"serde_json"), "{tree}");
    for web in WEB {
        assert!(!crates.contains(&web), "{web} reaches the engine:\n{tree}");
    }
    // The check sees what it is for: the app's own tree has the web crates.
    let app = cargo(&[
        "tree",
        "--offline",
        "-p",
        "residual-app",
        "-e",
        "normal",
        "--target",
        "wasm32-unknown-unknown",
        "--prefix",
        "none",
    ]);
    assert!(app.lines().any(|l| l.starts_with("wasm-bindgen ")), "{app}");
}

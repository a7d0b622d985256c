//! The demo register's simulation at a fixed seed, written to
//! tests/fixtures/demo-simulation.json, and its three states with the ROSI, written to
//! tests/fixtures/demo-treatment.json. The browser test (tests/web.rs) checks that
//! wasm computes the same bytes, so the command line and the browser agree exactly.
//! After a deliberate change to the engine's numbers:
//! `RESIDUAL_BLESS=1 cargo test --test simulation_reference -- --nocapture`, which
//! prints every field that moved with its relative change, for review before commit.
//! A failing comparison prints the same diff.
#![cfg(not(target_arch = "wasm32"))]

use residual_engine::quant::simulation::simulate;
use residual_engine::treat::states::simulate_states;
use serde_json::Value;

/// The fields that differ between two JSON values, one line each: the path, the old and
/// new values, and for numbers the relative change.
fn diff(path: &str, old: &Value, new: &Value, out: &mut Vec<String>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let (x, y) = (a.get(key).unwrap_or(&Value::Null), b.get(key).unwrap_or(&Value::Null));
                diff(&format!("{path}.{key}"), x, y, out);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                diff(
                    &format!("{path}[{i}]"),
                    a.get(i).unwrap_or(&Value::Null),
                    b.get(i).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Number(a), Value::Number(b)) if a != b => {
            let (x, y) = (a.as_f64().unwrap_or(f64::NAN), b.as_f64().unwrap_or(f64::NAN));
            let relative = if x == 0.0 { f64::INFINITY } else { (y - x) / x.abs() };
            out.push(format!("{path}: {x} → {y} ({:+.3e} relative)", relative));
        }
        (a, b) if a != b => out.push(format!("{path}: {a} → {b}")),
        _ => {}
    }
}

/// Compares `json` with the fixture at `path` (after writing it there when blessing),
/// printing the field-by-field diff of any change.
fn compare_with_fixture(path: &str, json: &str) {
    let before = std::fs::read_to_string(path).unwrap_or_default();
    let mut changes = Vec::new();
    if before != json {
        let old: Value = serde_json::from_str(&before).unwrap_or(Value::Null);
        diff("$", &old, &serde_json::from_str(json).unwrap(), &mut changes);
    }
    if std::env::var_os("RESIDUAL_BLESS").is_some() {
        std::fs::write(path, json).unwrap();
        eprintln!("blessed {path}: {} fields changed", changes.len());
        for line in &changes {
            eprintln!("  {line}");
        }
        return;
    }
    assert!(
        changes.is_empty() && before == json,
        "the output differs from {path} ({} fields); if deliberate, re-bless (see the file's header):\n{}",
        changes.len(),
        changes.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_diff_names_each_moved_field_with_its_relative_change() {
    let old: Value = serde_json::json!({"register": {"mean": 200.0, "p90": 5}, "risks": [{"id": "R-1"}], "gone": true});
    let new: Value = serde_json::json!({"register": {"mean": 210.0, "p90": 5}, "risks": [{"id": "R-2"}, 1]});
    let mut changes = Vec::new();
    diff("$", &old, &new, &mut changes);
    assert_eq!(
        changes,
        [
            "$.gone: true → null",
            "$.register.mean: 200 → 210 (+5.000e-2 relative)",
            "$.risks[0].id: \"R-1\" → \"R-2\"",
            "$.risks[1]: null → 1",
        ]
    );
}

const FIXTURE: &str = "tests/fixtures/demo-simulation.json";
const TREATMENT_FIXTURE: &str = "tests/fixtures/demo-treatment.json";
const PYFAIR_FIXTURE: &str = "tests/fixtures/demo-pyfair-simulation.json";

/// The demo through pyfair and back holds empirical estimates (its lognormals, as raw
/// samples): their draws are pinned too, under Latin hypercube and Monte Carlo.
#[test]
fn the_demo_through_pyfair_simulates_to_the_reference_bytes() {
    use residual_engine::model::distribution::Distribution;
    let register = residual_engine::generated::demo_through_pyfair();
    let empirical = register
        .risks
        .iter()
        .filter_map(|r| r.fair.as_ref())
        .flat_map(|f| f.factors())
        .filter(|(_, d, _)| matches!(d, Some(Distribution::Empirical { .. })))
        .count();
    assert!(empirical >= 5, "{empirical} empirical estimates");
    compare_with_fixture(
        PYFAIR_FIXTURE,
        &residual_engine::generated::demo_through_pyfair_simulated(),
    );
}

#[test]
fn the_demo_simulation_matches_the_reference_bytes() {
    let register = residual_engine::io::document::load(residual_engine::DEMO_REGISTER_JSON)
        .unwrap()
        .register;
    let settings = residual_engine::generated::REFERENCE_SIMULATION;
    let json = serde_json::to_string(&simulate(&register, Some(settings)).unwrap()).unwrap();
    compare_with_fixture(FIXTURE, &json);
}

#[test]
fn the_demo_treatment_matches_the_reference_bytes() {
    let register = residual_engine::io::document::load(residual_engine::DEMO_REGISTER_JSON)
        .unwrap()
        .register;
    let settings = residual_engine::generated::REFERENCE_TREATMENT;
    let json = serde_json::to_string(&simulate_states(&register, &settings, true).unwrap()).unwrap();
    compare_with_fixture(TREATMENT_FIXTURE, &json);
}

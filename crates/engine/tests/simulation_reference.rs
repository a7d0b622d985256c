//! The demo register's simulation at a fixed seed, written to
//! tests/fixtures/demo-simulation.json, and its three states with the ROSI, written to
//! tests/fixtures/demo-treatment.json. The browser test (tests/web.rs) checks that
//! wasm computes the same bytes, so the command line and the browser agree exactly.
//! After a deliberate change to the engine's numbers: `RESIDUAL_BLESS=1 cargo test --test simulation_reference`.
#![cfg(not(target_arch = "wasm32"))]

use residual_engine::model::settings::Sampling;
use residual_engine::model::settings::SimulationSettings;
use residual_engine::quant::simulation::simulate;
use residual_engine::treat::states::simulate_states;

const FIXTURE: &str = "tests/fixtures/demo-simulation.json";
const TREATMENT_FIXTURE: &str = "tests/fixtures/demo-treatment.json";

#[test]
fn the_demo_simulation_matches_the_reference_bytes() {
    let register = residual_engine::io::document::load(residual_engine::DEMO_REGISTER_JSON)
        .unwrap()
        .register;
    let settings = SimulationSettings {
        trials: 3_000,
        seed: 27_001,
        sampling: Sampling::Lhs,
    };
    let json = serde_json::to_string(&simulate(&register, Some(settings)).unwrap()).unwrap();
    if std::env::var_os("RESIDUAL_BLESS").is_some() {
        std::fs::write(FIXTURE, &json).unwrap();
    }
    let reference = std::fs::read_to_string(FIXTURE).expect("the fixture exists (RESIDUAL_BLESS=1 writes it)");
    assert!(
        json == reference,
        "the simulation's output changed; if deliberate, re-bless (see the file's header)"
    );
}

#[test]
fn the_demo_treatment_matches_the_reference_bytes() {
    let register = residual_engine::io::document::load(residual_engine::DEMO_REGISTER_JSON)
        .unwrap()
        .register;
    let settings = SimulationSettings {
        trials: 2_000,
        seed: 27_001,
        sampling: Sampling::Lhs,
    };
    let json = serde_json::to_string(&simulate_states(&register, &settings, true).unwrap()).unwrap();
    if std::env::var_os("RESIDUAL_BLESS").is_some() {
        std::fs::write(TREATMENT_FIXTURE, &json).unwrap();
    }
    let reference =
        std::fs::read_to_string(TREATMENT_FIXTURE).expect("the fixture exists (RESIDUAL_BLESS=1 writes it)");
    assert!(
        json == reference,
        "the treatment's output changed; if deliberate, re-bless (see the file's header)"
    );
}

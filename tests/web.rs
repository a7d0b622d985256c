//! Browser tests (wasm-bindgen-test in headless Chromium): the engine compiled to
//! wasm, local storage through the app's store, and the mounted app shell.
#![cfg(target_arch = "wasm32")]

use gloo_storage::{LocalStorage, Storage};
use residual_app::ui::storage::BrowserStore;
use residual_engine::io::library::{KeyValueStore, Library, key_of};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn clear() {
    LocalStorage::clear();
}

#[wasm_bindgen_test]
fn the_engine_validates_the_demo_in_wasm() {
    let loaded = residual_engine::io::document::load(residual_engine::DEMO_REGISTER_JSON).expect("demo is valid");
    assert!(loaded.register.risks.len() >= 12);
    let problems = residual_engine::io::document::load("{\"schema_version\": \"999\"}").unwrap_err();
    assert_eq!(problems[0].path, "$.schema_version");
}

#[wasm_bindgen_test]
fn local_storage_round_trips_a_register() {
    clear();
    let mut store = BrowserStore;
    let mut library = Library::open(&store);
    assert!(library.showing_demo);
    let mut register = library.registers[0].clone();
    register.id = "web-test".into();
    register.name = "Web test register".into();
    library.save(&mut store, &register).expect("saved");
    assert!(store.keys().contains(&key_of("web-test")));
    let reopened = Library::open(&store);
    assert!(!reopened.showing_demo);
    assert_eq!(
        reopened.registers,
        vec![residual_engine::model::register::Register {
            revision: register.revision + 1,
            ..register
        }]
    );
    clear();
}

#[wasm_bindgen_test]
fn a_corrupt_stored_entry_is_kept_and_not_overwritten() {
    clear();
    let key = key_of("broken");
    LocalStorage::raw()
        .set_item(&key, "{\"schema_version\": \"1\", \"id\": \"broken\", ")
        .unwrap();
    let mut store = BrowserStore;
    let mut library = Library::open(&store);
    assert_eq!(library.unreadable.len(), 1);
    let mut register = library.registers[0].clone();
    register.id = "broken".into();
    assert!(library.save(&mut store, &register).is_err());
    assert_eq!(
        store.get(&key).unwrap(),
        "{\"schema_version\": \"1\", \"id\": \"broken\", "
    );
    clear();
}

/// Resolves after the tasks already queued (the app draws its view in the task after
/// its shell).
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
async fn the_app_shell_shows_the_demo_register_and_every_view() {
    clear();
    leptos::mount::mount_to_body(residual_app::ui::App);
    next_task().await;
    let document = web_sys::window().unwrap().document().unwrap();
    let name = document
        .query_selector("[data-testid=register-name]")
        .unwrap()
        .expect("header shows the register name");
    assert_eq!(
        name.text_content().unwrap(),
        "Meridian Freight — ISMS risk register 2026"
    );
    let rows = document.query_selector_all("[data-testid=risk-row]").unwrap();
    assert_eq!(rows.length(), 14);
    let links: Vec<String> = (0..9)
        .filter_map(|i| document.query_selector_all("nav.views a").unwrap().item(i))
        .map(|node| node.text_content().unwrap())
        .collect();
    assert_eq!(
        links,
        [
            "Register",
            "Assets",
            "Criteria",
            "Analysis",
            "Treatment",
            "SoA",
            "Export",
            "Report",
            "Registers"
        ]
    );
}

#[wasm_bindgen_test]
fn the_simulation_gives_the_same_bytes_in_wasm_as_natively() {
    use residual_engine::quant::simulation::simulate;
    let register = residual_engine::io::document::load(residual_engine::DEMO_REGISTER_JSON)
        .unwrap()
        .register;
    let settings = residual_engine::generated::REFERENCE_SIMULATION;
    let json = serde_json::to_string(&simulate(&register, Some(settings)).unwrap()).unwrap();
    assert!(
        json == include_str!("../crates/engine/tests/fixtures/demo-simulation.json"),
        "wasm and native simulations differ"
    );
}

#[wasm_bindgen_test]
fn the_three_states_and_rosi_give_the_same_bytes_in_wasm_as_natively() {
    use residual_engine::treat::states::simulate_states;
    let register = residual_engine::io::document::load(residual_engine::DEMO_REGISTER_JSON)
        .unwrap()
        .register;
    let settings = residual_engine::generated::REFERENCE_TREATMENT;
    let json = serde_json::to_string(&simulate_states(&register, &settings, true).unwrap()).unwrap();
    assert!(
        json == include_str!("../crates/engine/tests/fixtures/demo-treatment.json"),
        "wasm and native treatment results differ"
    );
}

/// Empirical estimates (the demo's lognormals through pyfair's raw samples) draw the
/// same bytes in wasm as natively, under Latin hypercube and Monte Carlo.
#[wasm_bindgen_test]
fn the_demo_through_pyfair_gives_the_same_bytes_in_wasm_as_natively() {
    let json = residual_engine::generated::demo_through_pyfair_simulated();
    assert!(
        json == include_str!("../crates/engine/tests/fixtures/demo-pyfair-simulation.json"),
        "wasm and native simulations of empirical estimates differ"
    );
}

/// The generative simulation test with a small budget, in wasm: generated registers
/// across the allowed space simulate with finite, ordered statistics, and a number past
/// a limit is refused with the field named.
#[wasm_bindgen_test]
fn generated_registers_simulate_in_wasm() {
    use residual_engine::generated::{Space, register, violations};
    for seed in 0..12 {
        let generated = register(
            seed,
            Space {
                max_risks: 8,
                max_trials: 1_024,
                beyond_limits: false,
            },
        );
        assert!(
            residual_engine::io::validation::check(&generated.register).is_empty(),
            "seed {seed}"
        );
        let plan = residual_engine::quant::simulation::plan(&generated.register).expect("planned");
        let result = residual_engine::quant::simulation::run(&plan, &generated.settings, &mut |_, _| true)
            .expect("not cancelled");
        let found = violations(&result);
        assert!(found.is_empty(), "seed {seed}: {found:?}");
        let refused = register(
            seed,
            Space {
                max_risks: 8,
                max_trials: 1_024,
                beyond_limits: true,
            },
        );
        let problems = residual_engine::io::validation::check(&refused.register);
        assert!(
            !problems.is_empty() && problems.iter().all(|p| p.path.contains(".fair.")),
            "seed {seed}: {problems:?}"
        );
    }
}

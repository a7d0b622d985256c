//! The simulation's Web Worker (wasm32 only): the `residual-worker` binary, built for
//! speed and without the UI, runs the engine off the page's main thread.
//!
//! Protocol (structured-clone objects):
//! - the worker first posts `{type: "ready"}`;
//! - in: `{type: "simulate", id, register (JSON text)}`, run with the register's own
//!   `simulation` settings; out:
//!   `{id, type: "progress", done, total}` after each risk, then `{id, type: "done",
//!   result (JSON text)}` or `{id, type: "error", message}` (each problem names its field);
//! - in: `{type: "treatment", id, register (JSON text)}`: the three states and the
//!   controls' ROSI at the register's seed and sampling and at most `LIVE_TRIALS`
//!   trials; out: `{id, type: "done", result (JSON of StatesResult)}` or an error;
//! - in: `{type: "optimise", id, register, goal (JSON of optimiser::Goal)}`: the
//!   suggested controls at live trials; out: `{id, type: "done", result (JSON of
//!   optimiser::Suggestion)}` or an error;
//! - in: `{type: "benchmark", id, risks, trials, sampling, repeats}`; out: `{id, type:
//!   "benchmark", ms}`, the best time of the runs (planning excluded).
//!
//! The page cancels a run by terminating the worker.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::document;
use crate::sampling::Sampling;
use crate::simulation::{self, SimulationSettings};

pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| handle(&event.data()));
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // lives as long as the worker
    post(&[("type", "ready".into())]);
}

fn post(fields: &[(&str, JsValue)]) {
    let message = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), value);
    }
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let _ = scope.post_message(&message);
}

fn handle(data: &JsValue) {
    let get = |key: &str| js_sys::Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let id = get("id");
    let number = |key: &str| get(key).as_f64().unwrap_or(f64::NAN);
    let text = |key: &str| get(key).as_string().unwrap_or_default();
    match text("type").as_str() {
        "simulate" => {
            let outcome = simulate(&text("register"), &mut |done, total| {
                post(&[("id", id.clone()), ("type", "progress".into()), ("done", (done as u32).into()), ("total", (total as u32).into())])
            });
            reply(id, outcome);
        }
        "treatment" => reply(id, treatment(&text("register"))),
        "optimise" => reply(id, optimise(&text("register"), &text("goal"))),
        "benchmark" => {
            let ms = benchmark(number("risks") as usize, number("trials") as u32, &text("sampling"), number("repeats") as u32);
            post(&[("id", id), ("type", "benchmark".into()), ("ms", ms.into())]);
        }
        other => post(&[("id", id), ("type", "error".into()), ("message", format!("unknown request \"{other}\"").into())]),
    }
}

/// Posts a request's outcome: `{id, type: "done", result}` or `{id, type: "error", message}`.
fn reply(id: JsValue, outcome: Result<String, String>) {
    match outcome {
        Ok(result) => post(&[("id", id), ("type", "done".into()), ("result", result.into())]),
        Err(message) => post(&[("id", id), ("type", "error".into()), ("message", message.into())]),
    }
}

/// A register given as JSON, loaded and checked; its problems one per line, each naming
/// its field.
fn load(register_json: &str) -> Result<crate::register::Register, String> {
    document::load(register_json).map(|l| l.register).map_err(|problems| lines(&problems))
}

fn lines(problems: &[crate::problem::Problem]) -> String {
    problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
}

fn json(value: &impl serde::Serialize) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}

/// Simulates a register given as JSON with its own settings (checked, like the rest of
/// the register, when it loads); problems come back one per line, each naming its field.
pub fn simulate(register_json: &str, progress: &mut dyn FnMut(usize, usize)) -> Result<String, String> {
    let register = load(register_json)?;
    let plan = simulation::plan(&register).map_err(|p| lines(&p))?;
    let result = simulation::run(&plan, &register.simulation, &mut |done, total| {
        progress(done, total);
        true
    })
    .expect("never cancelled from inside: the page terminates the worker instead");
    json(&result)
}

/// The register's three states and its controls' ROSI, as JSON, at live trials.
pub fn treatment(register_json: &str) -> Result<String, String> {
    let register = load(register_json)?;
    json(&simulation::simulate_states(&register, &register.simulation.live(), true).map_err(|p| lines(&p))?)
}

/// The optimiser's suggestion for a register and a goal, as JSON, at live trials.
pub fn optimise(register_json: &str, goal_json: &str) -> Result<String, String> {
    let register = load(register_json)?;
    let goal: crate::optimiser::Goal = serde_json::from_str(goal_json).map_err(|e| format!("goal: {e}"))?;
    json(&crate::optimiser::optimise(&register, &register.simulation.live(), goal).map_err(|p| lines(&p))?)
}

/// Milliseconds for the benchmark register, best of `repeats`, planning excluded.
pub fn benchmark(risks: usize, trials: u32, sampling: &str, repeats: u32) -> f64 {
    let register = simulation::benchmark_register(risks.max(1));
    let plan = simulation::plan(&register).expect("the benchmark register is valid");
    let settings = SimulationSettings { trials: trials.max(1), seed: 1, sampling: Sampling::parse(sampling).unwrap_or_default() };
    let mut best = f64::INFINITY;
    for _ in 0..repeats.max(1) {
        let start = js_sys::Date::now();
        simulation::run(&plan, &settings, &mut |_, _| true);
        best = best.min(js_sys::Date::now() - start);
    }
    best
}

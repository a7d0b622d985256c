//! The simulation's Web Worker (wasm32 only): the `residual-worker` binary, built for
//! speed and without the UI, runs the engine off the page's main thread.
//!
//! Protocol (structured-clone objects):
//! - the worker first posts `{type: "ready"}`;
//! - in: `{type: "simulate", id, register (JSON text)}`, run with the register's own
//!   `simulation` settings; out:
//!   `{id, type: "progress", done, total}` after each risk, then `{id, type: "done",
//!   result (JSON text)}` or `{id, type: "error", message}` (each problem names its field);
//! - a result of many risks comes in parts (`quant::simulation::parts`): first
//!   `{id, type: "part", list, risks (JSON array)}` for each part of each per-risk list,
//!   then `{id, type: "done", result}` with those lists empty; the page reads each part in
//!   a task of its own and puts the result together;
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
//!
//! If the engine panics (a bug), the panic hook posts `{id, type: "panic", message,
//! register, risk}` (the register's name and the risk being simulated, when known)
//! before the wasm instance traps; the page then terminates this worker and offers to
//! run again in a new one. A `simulate` request may carry `fault` (a risk id): the run
//! then panics when it reaches that risk, so that this recovery can be tested (the
//! page passes it from its URL, `?fault=R-003`).

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use residual_engine::io::document;
use residual_engine::model::settings::Sampling;
use residual_engine::model::settings::SimulationSettings;
use residual_engine::quant::simulation;
use residual_engine::quant::simulation::parts::{self, RiskLists};
use residual_engine::treat::optimiser::Suggestion;
use residual_engine::treat::states::{StatesResult, simulate_states};
use serde::Serialize;

/// The request under way, for the panic hook: its id, the register's name, the risk.
#[derive(Default)]
struct Current {
    id: JsValue,
    register: String,
    risk: String,
}

thread_local! {
    static CURRENT: std::cell::RefCell<Current> = Default::default();
}

fn set_current(change: impl FnOnce(&mut Current)) {
    CURRENT.with(|c| change(&mut c.borrow_mut()));
}

pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let message = simulation::panic_message(info.payload()).unwrap_or_else(|| info.to_string());
        let (id, register, risk) = CURRENT.with(|c| {
            c.try_borrow()
                .map(|c| (c.id.clone(), c.register.clone(), c.risk.clone()))
                .unwrap_or_default()
        });
        post(&[
            ("id", id),
            ("type", "panic".into()),
            ("message", message.into()),
            ("register", register.into()),
            ("risk", risk.into()),
        ]);
    }));
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
    set_current(|c| {
        *c = Current {
            id: id.clone(),
            ..Default::default()
        }
    });
    match text("type").as_str() {
        "simulate" => {
            let fault = text("fault");
            let outcome = simulate(&text("register"), &fault, &mut |done, total| {
                post(&[
                    ("id", id.clone()),
                    ("type", "progress".into()),
                    ("done", (done as u32).into()),
                    ("total", (total as u32).into()),
                ])
            });
            reply(id, outcome);
        }
        "treatment" => reply(id, treatment(&text("register"))),
        "optimise" => reply(id, optimise(&text("register"), &text("goal"))),
        "benchmark" => {
            let ms = benchmark(
                number("risks") as usize,
                number("trials") as u32,
                &text("sampling"),
                number("repeats") as u32,
            );
            post(&[("id", id), ("type", "benchmark".into()), ("ms", ms.into())]);
        }
        other => post(&[
            ("id", id),
            ("type", "error".into()),
            ("message", format!("unknown request \"{other}\"").into()),
        ]),
    }
}

/// Risks a part of a result: each is read by the page in a task of its own (about
/// 0.7 MB of JSON, a few milliseconds).
const RISKS_A_PART: usize = 500;

/// Posts a request's outcome: its parts, then `{id, type: "done", result}`; or
/// `{id, type: "error", message}`.
fn reply<T: Serialize + RiskLists>(id: JsValue, outcome: Result<T, String>) {
    match outcome.and_then(|result| parts::split(result, RISKS_A_PART)) {
        Ok(split) => {
            for (list, risks) in split.parts {
                post(&[
                    ("id", id.clone()),
                    ("type", "part".into()),
                    ("list", (list as u32).into()),
                    ("risks", risks.into()),
                ]);
            }
            post(&[("id", id), ("type", "done".into()), ("result", split.rest.into())]);
        }
        Err(message) => post(&[("id", id), ("type", "error".into()), ("message", message.into())]),
    }
}

/// A register given as JSON by the page (so of the current format), loaded and checked;
/// its problems one per line, each naming its field.
fn load(register_json: &str) -> Result<residual_engine::model::register::Register, String> {
    document::load_current(register_json).map_err(|problems| lines(&problems))
}

fn lines(problems: &[residual_engine::model::problem::Problem]) -> String {
    problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
}

/// Simulates a register given as JSON with its own settings (checked, like the rest of
/// the register, when it loads); problems come back one per line, each naming its field.
/// Notes for the panic hook which risk is being simulated, and panics on purpose when it
/// reaches risk `fault` (a test of the page's recovery; empty for none).
pub fn simulate(
    register_json: &str,
    fault: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<simulation::SimulationResult, String> {
    let register = load(register_json)?;
    set_current(|c| c.register = register.name.clone());
    let plan = simulation::plan(&register).map_err(|p| lines(&p))?;
    let ids: Vec<String> = plan.risks.iter().map(|m| m.id.clone()).collect();
    let reach = |done: usize| {
        let risk = ids.get(done).cloned().unwrap_or_default();
        set_current(|c| c.risk = risk.clone());
        if !fault.is_empty() && risk == fault {
            panic!("a fault injected on purpose (?fault={fault}) at risk {risk}");
        }
    };
    reach(0);
    let result = simulation::run(&plan, &register.simulation, &mut |done, total| {
        progress(done, total);
        reach(done);
        true
    })
    .expect("never cancelled from inside: the page terminates the worker instead");
    Ok(result)
}

/// The register's three states and its controls' ROSI, at live trials.
pub fn treatment(register_json: &str) -> Result<StatesResult, String> {
    let register = load(register_json)?;
    set_current(|c| c.register = register.name.clone());
    simulate_states(&register, &register.simulation.live(), true).map_err(|p| lines(&p))
}

/// The optimiser's suggestion for a register and a goal, at live trials.
pub fn optimise(register_json: &str, goal_json: &str) -> Result<Suggestion, String> {
    let register = load(register_json)?;
    let goal: residual_engine::treat::optimiser::Goal =
        serde_json::from_str(goal_json).map_err(|e| format!("goal: {e}"))?;
    residual_engine::treat::optimiser::optimise(&register, &register.simulation.live(), goal).map_err(|p| lines(&p))
}

/// Milliseconds for the benchmark register, best of `repeats`, planning excluded.
pub fn benchmark(risks: usize, trials: u32, sampling: &str, repeats: u32) -> f64 {
    let register = simulation::benchmark_register(risks.max(1));
    let plan = simulation::plan(&register).expect("the benchmark register is valid");
    let settings = SimulationSettings {
        trials: trials.max(1),
        seed: 1,
        sampling: Sampling::parse(sampling).unwrap_or_default(),
    };
    let mut best = f64::INFINITY;
    for _ in 0..repeats.max(1) {
        let start = js_sys::Date::now();
        simulation::run(&plan, &settings, &mut |_, _| true);
        best = best.min(js_sys::Date::now() - start);
    }
    best
}

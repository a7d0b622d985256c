//! Runs the simulation in a Web Worker (the `residual-worker` binary, see
//! `simulation_worker`) so the page stays responsive. One run at a time: a new run or a cancel terminates the
//! worker, so a cancelled run stops at once, mid-risk. Results stay until replaced.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};

use crate::register::Register;
use crate::simulation::SimulationResult;

#[derive(Clone, Debug, PartialEq)]
pub enum RunState {
    Idle,
    Running { done: usize, total: usize },
    Cancelled,
    Failed(String),
}

struct Live {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    /// The worker has loaded its wasm and listens; until then the request waits here.
    ready: bool,
    waiting: Option<js_sys::Object>,
}

#[derive(Clone, Copy)]
pub struct Runner {
    pub state: RwSignal<RunState>,
    /// The last completed result, and the key of the register it is for.
    pub result: RwSignal<Option<Arc<SimulationResult>>>,
    pub result_key: RwSignal<u64>,
    /// Wall-clock milliseconds of the last completed run.
    pub elapsed_ms: RwSignal<f64>,
    live: StoredValue<Option<Live>, LocalStorage>,
    run_id: StoredValue<u32>,
    started: StoredValue<f64>,
    pending_key: StoredValue<u64>,
}

/// A digest of what the results depend on (not the name, revision or timestamps).
pub fn result_key(register: &Register) -> u64 {
    let text = serde_json::to_string(&(&register.risks, &register.criteria, &register.simulation)).unwrap_or_default();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn performance_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

impl Runner {
    pub fn new() -> Runner {
        Runner {
            state: RwSignal::new(RunState::Idle),
            result: RwSignal::new(None),
            result_key: RwSignal::new(0),
            elapsed_ms: RwSignal::new(0.0),
            live: StoredValue::new_local(None),
            run_id: StoredValue::new(0),
            started: StoredValue::new(0.0),
            pending_key: StoredValue::new(0),
        }
    }

    pub fn is_running(&self) -> bool {
        matches!(self.state.get_untracked(), RunState::Running { .. })
    }

    /// Starts a run of `register` with its own settings, cancelling any run under way.
    pub fn run(&self, register: &Register) {
        // An idle worker is reused (its wasm is compiled already); a busy one is
        // terminated, which is what cancels it.
        if self.is_running() {
            self.stop_worker();
        }
        let id = self.run_id.get_value().wrapping_add(1);
        self.run_id.set_value(id);
        self.pending_key.set_value(result_key(register));
        if self.live.with_value(|l| l.is_none()) {
            match self.spawn() {
                Ok(live) => self.live.set_value(Some(live)),
                Err(message) => {
                    self.state.set(RunState::Failed(message));
                    return;
                }
            }
        }
        let message = js_sys::Object::new();
        let set = |key: &str, value: JsValue| {
            let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), &value);
        };
        set("type", JsValue::from_str("simulate"));
        set("id", JsValue::from(id));
        set("register", JsValue::from_str(&serde_json::to_string(register).unwrap_or_default()));
        self.started.set_value(performance_now());
        self.state.set(RunState::Running { done: 0, total: register.risks.len() });
        let mut failed = None;
        self.live.update_value(|live| {
            if let Some(live) = live {
                if live.ready {
                    failed = live.worker.post_message(&message).err();
                } else {
                    live.waiting = Some(message);
                }
            }
        });
        if let Some(error) = failed {
            self.state.set(RunState::Failed(format!("could not start the simulation: {error:?}")));
        }
    }

    /// Stops the run under way; the last completed result stays.
    pub fn cancel(&self) {
        if self.is_running() {
            self.stop_worker();
            self.state.set(RunState::Cancelled);
        }
    }

    fn stop_worker(&self) {
        self.live.update_value(|live| {
            if let Some(live) = live.take() {
                live.worker.terminate();
            }
        });
    }

    fn spawn(&self) -> Result<Live, String> {
        let worker = Worker::new("./residual-worker_loader.js").map_err(|e| format!("could not start the simulation worker: {e:?}"))?;
        let runner = *self;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| runner.receive(event.data()));
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(Live { worker, _on_message: on_message, ready: false, waiting: None })
    }

    fn receive(&self, data: JsValue) {
        let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        if get("type").as_string().as_deref() == Some("ready") {
            self.live.update_value(|live| {
                if let Some(live) = live {
                    live.ready = true;
                    if let Some(message) = live.waiting.take() {
                        let _ = live.worker.post_message(&message);
                    }
                }
            });
            return;
        }
        if get("id").as_f64() != Some(self.run_id.get_value() as f64) {
            return; // a message from a run that was replaced
        }
        match get("type").as_string().as_deref() {
            Some("progress") => {
                let done = get("done").as_f64().unwrap_or(0.0) as usize;
                let total = get("total").as_f64().unwrap_or(0.0) as usize;
                let _ = self.state.try_set(RunState::Running { done, total });
            }
            Some("done") => {
                let text = get("result").as_string().unwrap_or_default();
                match serde_json::from_str::<SimulationResult>(&text) {
                    Ok(result) => {
                        let _ = self.elapsed_ms.try_set(performance_now() - self.started.get_value());
                        let _ = self.result.try_set(Some(Arc::new(result)));
                        let _ = self.result_key.try_set(self.pending_key.get_value());
                        let _ = self.state.try_set(RunState::Idle);
                    }
                    Err(e) => {
                        let _ = self.state.try_set(RunState::Failed(format!("unreadable results: {e}")));
                    }
                }
            }
            _ => {
                let message = get("message").as_string().unwrap_or_else(|| "the simulation failed".into());
                let _ = self.state.try_set(RunState::Failed(message));
            }
        }
    }
}

//! Runs the simulation in a Web Worker (the `residual-worker` binary, see
//! `simulation_worker`) so the page stays responsive. One run at a time per runner.
//! The analysis runner terminates a busy worker for a new run or a cancel, so a
//! cancelled run stops at once, mid-risk; the treatment runner instead keeps only the
//! latest request while busy and sends it when the run under way ends (live updates
//! while a slider moves, without recompiling the worker). Results stay until replaced.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};

use residual_engine::io::digest::fnv1a_json;
use residual_engine::model::register::Register;
use residual_engine::quant::simulation::parts::{self, RiskLists};
use residual_engine::quant::simulation::{RiskResult, SimulationResult};

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
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
    /// The worker has loaded its wasm and listens; until then the request waits here.
    ready: bool,
    waiting: Option<js_sys::Object>,
}

/// The analysis view's runner: the register's own settings.
pub type Analysis = Runner<SimulationResult>;
/// The treatment view's runner: the three states and ROSI at live trials.
pub type Treatment = Runner<residual_engine::treat::states::StatesResult>;
/// The optimiser's runner.
pub type Optimiser = Runner<residual_engine::treat::optimiser::Suggestion>;

pub struct Runner<T: Send + Sync + 'static> {
    /// The worker's request type: "simulate" or "treatment".
    kind: &'static str,
    /// While busy, keep the latest request (true) or terminate and restart (false).
    queue_while_busy: bool,
    key_of: fn(&Register) -> u64,
    pub state: RwSignal<RunState>,
    /// The last completed result, and the key of the register it is for.
    pub result: RwSignal<Option<Arc<T>>>,
    pub result_key: RwSignal<u64>,
    /// The id of the register last sent to run (its figures are that register's).
    pub register_id: StoredValue<String>,
    /// Wall-clock milliseconds of the last completed run.
    pub elapsed_ms: RwSignal<f64>,
    live: StoredValue<Option<Live>, LocalStorage>,
    run_id: StoredValue<u32>,
    started: StoredValue<f64>,
    pending_key: StoredValue<u64>,
    queued: StoredValue<Option<(String, u64, usize)>>,
    /// Sent with every request as `goal` (the optimiser's), when set.
    pub goal: StoredValue<Option<String>>,
    /// Counts the workers started, so a start-up watchdog knows its own.
    spawned: StoredValue<u64>,
    /// The parts of the result under way, each read as it came (see
    /// `quant::simulation::parts`): `(list, risks)`.
    parts: StoredValue<Vec<(usize, Vec<RiskResult>)>>,
}

/// How long a new worker may take to load its code before the run is declared failed
/// (a download that neither arrives nor fails). A failed download is said at once.
const WORKER_START_LIMIT: std::time::Duration = std::time::Duration::from_secs(20);

/// The worker's start-up script (`public/residual-worker-start.js`): it loads the
/// worker's code and wasm, and posts `{type: "load-error"}` when either fails.
const WORKER_SCRIPT: &str = "./residual-worker-start.js";

/// What the page says when the worker could not start, whatever the cause.
fn not_started(why: &str) -> String {
    format!(
        "The simulation worker could not start: {why}. Check the connection (or what blocks this site's files), then run again."
    )
}

impl<T: Send + Sync + 'static> Clone for Runner<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Runner<T> {}

/// A digest of what the analysis results depend on (not the name, revision or timestamps),
/// taken without a copy of the register as text.
pub fn result_key(register: &Register) -> u64 {
    result_key_at(register, &register.simulation)
}

/// [`result_key`] of the register run at `settings` (a one-off trial count).
pub fn result_key_at(register: &Register, settings: &residual_engine::model::settings::SimulationSettings) -> u64 {
    fnv1a_json(&(&register.risks, &register.criteria, settings))
}

/// A digest of what the treatment results depend on: the analysis's, and the controls
/// and treatments.
pub fn treatment_key(register: &Register) -> u64 {
    fnv1a_json(&(
        &register.risks,
        &register.criteria,
        &register.simulation,
        &register.controls,
        &register.treatments,
    ))
}

/// `?fault=<risk id>` in the page's URL makes the worker fail on purpose at that risk,
/// to check that the page recovers (tests, and anyone who wants to see it).
fn injected_fault() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("fault="))
        .map(|v| {
            js_sys::decode_uri_component(v)
                .map(String::from)
                .unwrap_or_else(|_| v.to_string())
        })
}

fn performance_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

impl Runner<SimulationResult> {
    pub fn analysis() -> Self {
        Runner::new("simulate", false, result_key)
    }
}

impl Runner<residual_engine::treat::states::StatesResult> {
    pub fn treatment() -> Self {
        Runner::new("treatment", true, treatment_key)
    }
}

impl Runner<residual_engine::treat::optimiser::Suggestion> {
    pub fn optimiser() -> Self {
        Runner::new("optimise", false, treatment_key)
    }
}

impl<T: Send + Sync + serde::de::DeserializeOwned + RiskLists + 'static> Runner<T> {
    fn new(kind: &'static str, queue_while_busy: bool, key_of: fn(&Register) -> u64) -> Self {
        Runner {
            kind,
            queue_while_busy,
            key_of,
            state: RwSignal::new(RunState::Idle),
            result: RwSignal::new(None),
            result_key: RwSignal::new(0),
            register_id: StoredValue::new(String::new()),
            elapsed_ms: RwSignal::new(0.0),
            live: StoredValue::new_local(None),
            run_id: StoredValue::new(0),
            started: StoredValue::new(0.0),
            pending_key: StoredValue::new(0),
            queued: StoredValue::new(None),
            goal: StoredValue::new(None),
            spawned: StoredValue::new(0),
            parts: StoredValue::new(Vec::new()),
        }
    }

    /// The key of a register's results for this runner.
    pub fn key(&self, register: &Register) -> u64 {
        (self.key_of)(register)
    }

    pub fn is_running(&self) -> bool {
        matches!(self.state.get_untracked(), RunState::Running { .. })
    }

    /// Starts a run of `register` with its own settings: at once, cancelling any run
    /// under way; or, for a queueing runner that is busy, when the run under way ends.
    pub fn run(&self, register: &Register) {
        self.run_keyed(register, self.key(register));
    }

    /// As [`Runner::run`], with the register's key already taken (a large register's
    /// key costs a pass over all of it).
    pub fn run_keyed(&self, register: &Register, key: u64) {
        self.register_id.set_value(register.id.clone());
        let json = serde_json::to_string(register).unwrap_or_default();
        if self.is_running() {
            if self.queue_while_busy {
                self.queued.set_value(Some((json, key, register.risks.len())));
                return;
            }
            // An idle worker is reused (its wasm is compiled already); a busy one is
            // terminated, which is what cancels it.
            self.stop_worker();
        }
        self.send(json, key, register.risks.len());
    }

    fn send(&self, json: String, key: u64, risks: usize) {
        let id = self.run_id.get_value().wrapping_add(1);
        self.run_id.set_value(id);
        self.pending_key.set_value(key);
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
        set("type", JsValue::from_str(self.kind));
        set("id", JsValue::from(id));
        set("register", JsValue::from_str(&json));
        if let Some(goal) = self.goal.get_value() {
            set("goal", JsValue::from_str(&goal));
        }
        if let Some(fault) = injected_fault() {
            set("fault", JsValue::from_str(&fault));
        }
        self.started.set_value(performance_now());
        self.parts.set_value(Vec::new());
        self.state.set(RunState::Running { done: 0, total: risks });
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
            self.state
                .set(RunState::Failed(format!("could not start the simulation: {error:?}")));
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
                // Its handlers go before their closures do: an event already queued (an
                // error after a failed load) then reaches nothing instead of a freed closure.
                live.worker.set_onmessage(None);
                live.worker.set_onerror(None);
                live.worker.terminate();
            }
        });
    }

    fn spawn(&self) -> Result<Live, String> {
        let worker = Worker::new(WORKER_SCRIPT).map_err(|e| not_started(&format!("{e:?}")))?;
        let runner = *self;
        let on_message =
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| runner.receive(event.data()));
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The worker died without a word (out of memory, a trap the hook did not see), or
        // its script could not be fetched at all: then the event is a plain `Event`
        // without a message, not an `ErrorEvent`.
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            let message = js_sys::Reflect::get(&event, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
                .filter(|m| !m.is_empty());
            let ready = runner
                .live
                .try_with_value(|l| l.as_ref().is_some_and(|l| l.ready))
                .unwrap_or(false);
            runner.crash_later(match (ready, message) {
                (true, Some(message)) => format!("the simulation worker stopped unexpectedly ({message})"),
                (true, None) => "the simulation worker stopped unexpectedly".to_string(),
                (false, Some(message)) => not_started(&message),
                (false, None) => not_started("its code could not be loaded"),
            });
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // A worker whose wasm never arrives (a failed download) says nothing at all: if it
        // is not ready in time, the run fails instead of spinning forever.
        let started = self.spawned.get_value().wrapping_add(1);
        self.spawned.set_value(started);
        set_timeout(
            move || {
                let stalled = runner.spawned.try_get_value() == Some(started)
                    && runner
                        .live
                        .try_with_value(|l| l.as_ref().is_some_and(|l| !l.ready))
                        .unwrap_or(false);
                if stalled {
                    runner.crashed(not_started("its code did not arrive in time"));
                }
            },
            WORKER_START_LIMIT,
        );
        Ok(Live {
            worker,
            _on_message: on_message,
            _on_error: on_error,
            ready: false,
            waiting: None,
        })
    }

    /// [`Runner::crashed`], after the worker's callback under way has returned (ending
    /// the worker drops that callback, which must not happen while it runs).
    fn crash_later(&self, message: String) {
        let runner = *self;
        set_timeout(move || runner.crashed(message), std::time::Duration::ZERO);
    }

    /// The worker failed (a bug in the engine): it is terminated, the run ends with
    /// `message`, and the next run (the queued one, or a retry) starts a new worker.
    fn crashed(&self, message: String) {
        if !self.is_running() {
            return;
        }
        self.stop_worker();
        let _ = self.state.try_set(RunState::Failed(message));
        if let Some((json, key, risks)) = self.queued.try_update_value(|q| q.take()).flatten() {
            self.send(json, key, risks);
        }
    }

    fn receive(&self, data: JsValue) {
        let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        if get("type").as_string().as_deref() == Some("load-error") {
            let why = get("message")
                .as_string()
                .unwrap_or_else(|| "it could not be loaded".into());
            self.crash_later(not_started(&why));
            return;
        }
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
            // A part of the result, read now, in this message's own task.
            Some("part") => {
                let list = get("list").as_f64().unwrap_or(0.0) as usize;
                let risks = get("risks").as_string().unwrap_or_default();
                match parts::read_part(&risks) {
                    Ok(risks) => self.parts.update_value(|p| p.push((list, risks))),
                    Err(e) => {
                        let _ = self.state.try_set(RunState::Failed(e));
                    }
                }
            }
            Some("done") => {
                let text = get("result").as_string().unwrap_or_default();
                let read = self.parts.try_update_value(std::mem::take).unwrap_or_default();
                match parts::join::<T>(&text, read) {
                    Ok(result) => {
                        let _ = self.elapsed_ms.try_set(performance_now() - self.started.get_value());
                        let _ = self.result.try_set(Some(Arc::new(result)));
                        let _ = self.result_key.try_set(self.pending_key.get_value());
                        let _ = self.state.try_set(RunState::Idle);
                        if let Some((json, key, risks)) = self.queued.try_update_value(|q| q.take()).flatten() {
                            self.send(json, key, risks);
                        }
                    }
                    Err(e) => {
                        let _ = self.state.try_set(RunState::Failed(e));
                    }
                }
            }
            Some("panic") => {
                let text = |key: &str| get(key).as_string().filter(|t| !t.is_empty());
                let place = match (text("risk"), text("register")) {
                    (Some(risk), Some(register)) => format!(" on risk {risk} of \"{register}\""),
                    (None, Some(register)) => format!(" on \"{register}\""),
                    _ => String::new(),
                };
                let message = text("message").unwrap_or_else(|| "no message".into());
                self.crash_later(format!("The simulation stopped{place}: {message}. This is a bug in Residual, not in your register; run it again, and if it fails again, export the register and report it."));
            }
            _ => {
                let message = get("message")
                    .as_string()
                    .unwrap_or_else(|| "the simulation failed".into());
                let _ = self.state.try_set(RunState::Failed(message));
                if let Some((json, key, risks)) = self.queued.try_update_value(|q| q.take()).flatten() {
                    self.send(json, key, risks);
                }
            }
        }
    }
}

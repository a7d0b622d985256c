//! The Monte-Carlo simulation of a register: every risk's annual loss per trial, and the
//! register's (the sum over risks, per trial).
//!
//! Work is done one risk at a time over all trials, in columns: a few arrays of one
//! value per trial are reused from risk to risk, so memory grows with the trials, not
//! with trials × risks. The register's total is kept in whole cents (i64), so adding
//! the risks up is exact. The risks are added in plan order, each from its own pairing
//! stream (see `pairing`), so one thread or many give identical figures.

use serde::{Deserialize, Serialize};

use crate::assess::qualitative_bridge::{self, DerivedLevel};
use crate::model::criteria::RiskCriteria;
use crate::model::fair_model::{EventModel, FairModel};
use crate::model::problem::{Problem, field, index};
use crate::model::register::Register;
use crate::model::settings::{Sampling, SimulationSettings};
use crate::quant::loss_event_frequency::{EventCount, LossEventFrequency, input};
use crate::quant::loss_magnitude::LossMagnitude;
use crate::quant::sampling::{Draws, Stream};
use crate::quant::statistics::{Summary, summarise};

mod benchmark;
mod pairing;
pub mod parts;
mod treated;
use crate::assess::risk_state::RiskState;
use crate::model::control::ReducedFactor;
pub use benchmark::benchmark_register;
pub use treated::TreatmentModel;

/// A risk's loss in one trial is capped here (in currency units, the largest amount a
/// register may hold: `limits::MAX_AMOUNT`) so the register's total in cents stays
/// exact; each risk's result counts the years the cap applied (`capped_years`). The
/// register's total saturates at i64::MAX cents (about 9.2·10^16), reached only when
/// some 92 risks hit the cap in the same year.
pub const LOSS_CAP: f64 = crate::model::limits::MAX_AMOUNT;

/// How a risk's model was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelSource {
    /// The risk's own FAIR model.
    Fair,
    /// Built from the criteria's anchors for its qualitative score.
    Anchors,
}

/// A risk ready to simulate.
#[derive(Debug, Clone)]
pub struct RiskModel {
    /// Id of the risk, e.g. "R-001"; also keys its random streams.
    pub id: String,
    /// Whether the model is the risk's own FAIR model or built from its qualitative score's
    /// anchors.
    pub source: ModelSource,
    /// How loss events become a year's loss: Poisson, Bernoulli or rate.
    pub event_model: EventModel,
    /// Loss event frequency (events per year, or annual probability for Bernoulli), ready
    /// to sample.
    pub frequency: LossEventFrequency,
    /// Loss magnitude (currency units per loss event), ready to sample.
    pub magnitude: LossMagnitude,
    /// How each year's number of loss events is drawn.
    pub events: EventDraw,
    /// What acts on the risk in the planned state; `None` when nothing does.
    pub treatment: Option<TreatmentModel>,
}

/// How a year's number of loss events is drawn, decided once when the plan is made.
/// Where LEF is given directly, the count depends on it only through its distribution,
/// so one stratified draw per year decides the count exactly, with the same distribution
/// as drawing LEF first (and LHS then stratifies the count itself).
#[derive(Debug, Clone)]
pub enum EventDraw {
    /// Poisson with LEF given: from P(N = k) = E[Poisson(k; LEF)].
    Mixed(EventCount),
    /// Bernoulli with the probability given: a loss year with probability E[p].
    Probability(f64),
    /// From the LEF drawn for the year (LEF derived from its factors, or the rate model).
    FromRate,
}

impl RiskModel {
    /// Checks `model` and builds its sampling tables, untreated. Errs with the problems
    /// found (under `path`), including more than
    /// [`MAX_EVENTS_PER_YEAR`](crate::model::limits::MAX_EVENTS_PER_YEAR) expected loss
    /// events a year under the Poisson model.
    pub fn new(id: &str, model: &FairModel, source: ModelSource, path: &str) -> Result<RiskModel, Vec<Problem>> {
        let mut problems = Vec::new();
        model.check(path, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        let frequency = LossEventFrequency::new(&model.frequency_source(path).map_err(|p| vec![p])?);
        let magnitude = LossMagnitude::new(&model.magnitude_source(path).map_err(|p| vec![p])?);
        let events = match (&frequency, model.event_model) {
            (LossEventFrequency::Direct(table), EventModel::Poisson) => EventDraw::Mixed(EventCount::new(table)),
            (LossEventFrequency::Direct(table), EventModel::Bernoulli) => EventDraw::Probability(table.shape().mean()),
            (derived, EventModel::Poisson) => EventDraw::Mixed(EventCount::of_nodes(&derived.rate_nodes())),
            (derived, EventModel::Bernoulli) => {
                EventDraw::Probability(derived.rate_nodes().iter().map(|&(w, p)| w * p.min(1.0)).sum())
            }
            _ => EventDraw::FromRate,
        };
        if let EventDraw::Mixed(count) = &events
            && count.mean() > crate::model::limits::MAX_EVENTS_PER_YEAR
        {
            use crate::model::fair_factor::Factor;
            let factor = [
                Factor::LossEventFrequency,
                Factor::ThreatEventFrequency,
                Factor::ContactFrequency,
            ]
            .into_iter()
            .find(|&factor| model.get(factor).is_some())
            .unwrap_or(Factor::LossEventFrequency);
            return Err(vec![Problem::new(
                field(path, factor.as_str()),
                format!(
                    "gives about {:.0} loss events a year; under the Poisson event model each event's loss is drawn, so at most {} a year are simulated. Use the rate event model for such frequent events.",
                    count.mean(),
                    crate::model::limits::MAX_EVENTS_PER_YEAR
                ),
            )]);
        }
        Ok(RiskModel {
            id: id.to_string(),
            source,
            event_model: model.event_model,
            frequency,
            magnitude,
            events,
            treatment: None,
        })
    }

    /// The expected annual loss, from the model's analytic means.
    pub fn analytic_mean(&self) -> f64 {
        let lef = self.frequency.mean();
        match self.event_model {
            EventModel::Poisson => lef * self.magnitude.mean(),
            EventModel::Bernoulli => lef.min(1.0) * self.magnitude.mean(),
            EventModel::Rate => lef * self.magnitude.mean(),
        }
    }
}

/// A risk left out of the simulation, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skipped {
    /// Id of the skipped risk.
    pub id: String,
    /// Why it was skipped, e.g. "closed" or "no FAIR model and no qualitative score".
    pub reason: String,
}

/// What will be simulated.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The risks to simulate, in register order.
    pub risks: Vec<RiskModel>,
    /// The risks left out, and why.
    pub skipped: Vec<Skipped>,
    /// The criteria's loss thresholds (annual loss, currency units) whose exceedance
    /// probability is reported.
    pub thresholds: Vec<f64>,
    criteria: RiskCriteria,
}

/// Builds every risk's model: its FAIR model if it has one, else one from the criteria
/// anchors of its qualitative score. Closed risks and risks with neither are skipped.
/// A FAIR model with problems fails the plan, naming the fields. The risks are
/// inherent: no control counts (see [`plan_state`]).
pub fn plan(register: &Register) -> Result<Plan, Vec<Problem>> {
    plan_state(register, RiskState::Inherent)
}

/// As [`plan`], with what counts in `state` acting on each risk.
pub fn plan_state(register: &Register, state: RiskState) -> Result<Plan, Vec<Problem>> {
    let mut risks = Vec::new();
    let mut skipped = Vec::new();
    let mut problems = Vec::new();
    for (i, risk) in register.risks.iter().enumerate() {
        let path = field(&index("$.risks", i), "fair");
        if risk.status == crate::model::risk::RiskStatus::Closed {
            skipped.push(Skipped {
                id: risk.id.clone(),
                reason: "closed".into(),
            });
            continue;
        }
        let (model, source) = match &risk.fair {
            Some(model) => (model.clone(), ModelSource::Fair),
            None => match qualitative_bridge::anchored_model(risk, &register.criteria) {
                Ok(model) => (model, ModelSource::Anchors),
                Err(reason) => {
                    skipped.push(Skipped {
                        id: risk.id.clone(),
                        reason,
                    });
                    continue;
                }
            },
        };
        match planned_model(&risk.id, &model, source, &path) {
            Ok(mut m) => {
                m.treatment = TreatmentModel::new(register, &risk.id, state);
                risks.push(m)
            }
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let thresholds = register
        .criteria
        .loss_thresholds
        .iter()
        .map(|t| t.annual_loss)
        .collect();
    Ok(Plan {
        risks,
        skipped,
        thresholds,
        criteria: register.criteria.clone(),
    })
}

/// Risk models already built on this thread, by source and model (not by risk: the
/// tables do not depend on the id, which only keys the random streams, so risks scored
/// on the same cell share one). Building a model (its quantile and event-count tables)
/// costs far more than simulating it at the live treatment view's 10,000 trials, and
/// there only the controls change between runs.
const MODEL_CACHE_SIZE: usize = 512;
thread_local! {
    static MODELS: std::cell::RefCell<std::collections::HashMap<String, RiskModel>> = Default::default();
}

/// The model of one risk, untreated, from the cache or built (and then cached).
fn planned_model(id: &str, model: &FairModel, source: ModelSource, path: &str) -> Result<RiskModel, Vec<Problem>> {
    let key = format!("{source:?}\u{1f}{}", serde_json::to_string(model).unwrap_or_default());
    if let Some(mut found) = MODELS.with(|m| m.borrow().get(&key).cloned()) {
        found.id = id.to_string();
        return Ok(found);
    }
    let built = RiskModel::new(id, model, source, path)?;
    MODELS.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MODEL_CACHE_SIZE {
            m.clear();
        }
        m.insert(key, built.clone());
    });
    Ok(built)
}

/// The simulated annual loss of one risk, with its derived qualitative level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskResult {
    /// Id of the risk, e.g. "R-001".
    pub id: String,
    /// Statistics of the risk's annual loss (currency units per year); flattened into this
    /// object in JSON.
    #[serde(flatten)]
    pub summary: Summary,
    /// Whether the risk was simulated from its own FAIR model or from its score's anchors.
    pub source: ModelSource,
    /// The event model the risk was simulated with.
    pub event_model: EventModel,
    /// Mean loss events per year across trials (for the rate model, the mean LEF).
    pub events_per_year: f64,
    /// Mean loss per event (total loss / total events), if any event happened.
    pub loss_per_event: Option<f64>,
    /// The qualitative level these results correspond to, by the anchors.
    pub derived: Option<DerivedLevel>,
    /// Years whose loss reached [`LOSS_CAP`] and was counted as the cap (absent when none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub capped_years: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The result of a Monte-Carlo run over a register: the settings used, the register's total
/// annual loss, each risk's, and the risks skipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimulationResult {
    /// Number of simulated years.
    pub trials: u32,
    /// Seed the run used; the same register, seed and trials give the same figures.
    pub seed: u64,
    /// Sampling design used: Latin hypercube or plain Monte Carlo.
    pub sampling: Sampling,
    /// Statistics of the register's total annual loss (sum over risks per year, kept in
    /// whole cents).
    pub register: Summary,
    /// One result per simulated risk, in register order.
    pub risks: Vec<RiskResult>,
    /// The risks not simulated, and why.
    pub skipped: Vec<Skipped>,
}

/// Arrays of one value per trial, reused from risk to risk.
pub struct Scratch {
    rate: Vec<f64>,
    uniforms: Vec<f64>,
    events: Vec<u32>,
    loss: Vec<f64>,
    /// The year's loss in whole cents, as added into the register.
    cents: Vec<i64>,
    per_event: crate::quant::loss_magnitude::EventScratch,
    /// Treatment multipliers per trial (frequency, primary, secondary), and draws.
    scales: [Vec<f64>; 3],
    draws: Vec<f64>,
}

impl Scratch {
    /// Working arrays for `trials` simulated years.
    pub fn new(trials: usize) -> Scratch {
        Scratch {
            rate: vec![0.0; trials],
            uniforms: vec![0.0; trials],
            events: vec![0; trials],
            loss: vec![0.0; trials],
            cents: vec![0; trials],
            per_event: Default::default(),
            scales: Default::default(),
            draws: Vec::new(),
        }
    }
}

/// Simulates one risk into `scratch.loss` (before the cap at `LOSS_CAP`); returns the
/// total number of events.
pub fn simulate_risk(model: &RiskModel, settings: &SimulationSettings, scratch: &mut Scratch) -> f64 {
    let (seed, key, sampling) = (settings.seed, model.id.as_str(), settings.sampling);
    let source = Draws { seed, key, sampling };
    let n = settings.trials as usize;
    let Scratch {
        rate,
        uniforms,
        events,
        loss,
        per_event,
        scales,
        draws,
        ..
    } = scratch;
    let treatment = model.treatment.as_ref();
    if treatment.is_some_and(|t| t.avoided) {
        loss.iter_mut().for_each(|l| *l = 0.0);
        return 0.0;
    }
    let [frequency_scale, primary_scale, secondary_scale] = scales;
    let mut scaled = |factors: &[ReducedFactor], scale: &mut Vec<f64>| {
        treatment.is_some_and(|t| t.scale(factors, seed, sampling, scale, draws, n))
    };
    let thinned = scaled(
        &[ReducedFactor::Frequency, ReducedFactor::Vulnerability],
        frequency_scale,
    );
    let loss_scale = crate::quant::loss_magnitude::LossScale {
        primary: scaled(&[ReducedFactor::PrimaryLoss], primary_scale).then_some(primary_scale.as_slice()),
        secondary: scaled(&[ReducedFactor::SecondaryLoss], secondary_scale).then_some(secondary_scale.as_slice()),
    };
    let total = if model.event_model == EventModel::Rate {
        model.frequency.draw(source, rate, uniforms);
        if thinned {
            rate.iter_mut().zip(frequency_scale.iter()).for_each(|(r, s)| *r *= s);
        }
        model
            .magnitude
            .rate_times_magnitude(source, rate, loss, per_event, &loss_scale);
        rate.iter().sum()
    } else {
        draw_events(model, settings, rate, uniforms, events);
        if thinned {
            treated::thin(seed, key, events, frequency_scale);
        }
        model
            .magnitude
            .add_event_losses(source, events, loss, per_event, &loss_scale);
        events.iter().map(|&k| k as f64).sum()
    };
    if let Some(transfer) = treatment.and_then(|t| t.transfer.as_ref()) {
        loss.iter_mut().for_each(|l| *l = transfer.retained(*l));
    }
    total
}

/// Each year's number of loss events, as the plan decided (see [`EventDraw`]).
fn draw_events(
    model: &RiskModel,
    settings: &SimulationSettings,
    rate: &mut [f64],
    uniforms: &mut [f64],
    events: &mut [u32],
) {
    let (seed, key, sampling) = (settings.seed, model.id.as_str(), settings.sampling);
    let source = Draws { seed, key, sampling };
    let draw_uniforms = |uniforms: &mut [f64]| source.stream(input::EVENTS).fill(sampling, uniforms);
    match &model.events {
        EventDraw::Mixed(count) => {
            draw_uniforms(uniforms);
            for (k, &u) in events.iter_mut().zip(uniforms.iter()) {
                *k = count.count(u);
            }
        }
        EventDraw::Probability(p) => {
            draw_uniforms(uniforms);
            for (k, &u) in events.iter_mut().zip(uniforms.iter()) {
                *k = (u < *p) as u32;
            }
        }
        EventDraw::FromRate => {
            model.frequency.draw(source, rate, uniforms);
            draw_uniforms(uniforms);
            if model.event_model == EventModel::Poisson {
                crate::model::distribution::poisson_quantiles(rate, uniforms, events);
            } else {
                for ((k, &p), &u) in events.iter_mut().zip(rate.iter()).zip(uniforms.iter()) {
                    *k = (u < p) as u32;
                }
            }
        }
    }
}

/// The register's years in whole cents, as the risks are added in plan order: at random
/// (year t with year t) under plain Monte Carlo, stratified under Latin hypercube
/// sampling (see `pairing`). Cents make the sum exact.
struct Total {
    cents: Vec<i64>,
    pairing: pairing::Pairing,
}

impl Total {
    fn new(trials: usize) -> Total {
        Total {
            cents: vec![0; trials],
            pairing: Default::default(),
        }
    }

    fn add(&mut self, id: &str, settings: &SimulationSettings, risk: &[i64]) {
        #[cfg(test)]
        if id.starts_with("PANIC-ADD") {
            panic!("a panic injected by a test");
        }
        match settings.sampling {
            Sampling::Mc => self
                .cents
                .iter_mut()
                .zip(risk)
                .for_each(|(t, &c)| *t = t.saturating_add(c)),
            Sampling::Lhs => self.pairing.add(
                &mut self.cents,
                risk,
                &mut Stream::new(settings.seed, id, pairing::INPUT),
            ),
        }
    }
}

/// The register's years from each risk's capped annual losses (by id, in plan order),
/// added as [`run`] adds them: the same register figures as a run that simulated them.
pub fn register_years<'a>(
    settings: &SimulationSettings,
    risks: impl IntoIterator<Item = (&'a str, &'a [f64])>,
) -> Vec<f64> {
    let n = settings.trials as usize;
    let mut total = Total::new(n);
    let mut cents = vec![0; n];
    for (id, losses) in risks {
        cents
            .iter_mut()
            .zip(losses)
            .for_each(|(c, &l)| *c = in_cents(l.min(LOSS_CAP)));
        total.add(id, settings, &cents);
    }
    total.cents.into_iter().map(|c| c as f64 / 100.0).collect()
}

/// Runs the plan. `progress(done, total)` is called after each risk; returning false
/// cancels the run (the result is then `None`).
pub fn run(
    plan: &Plan,
    settings: &SimulationSettings,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Option<SimulationResult> {
    run_with(plan, settings, progress, None)
}

/// As [`run`], also keeping each risk's annual loss per trial (capped), in plan order:
/// memory trials × risks, for the few-risk, few-trial live treatment view.
pub fn run_keeping_losses(plan: &Plan, settings: &SimulationSettings) -> (SimulationResult, Vec<Vec<f64>>) {
    let mut losses = Vec::with_capacity(plan.risks.len());
    let result = run_with(plan, settings, &mut |_, _| true, Some(&mut losses)).expect("not cancelled");
    (result, losses)
}

/// [`run`], keeping each risk's capped losses on `keep` when given.
fn run_with(
    plan: &Plan,
    settings: &SimulationSettings,
    progress: &mut dyn FnMut(usize, usize) -> bool,
    mut keep: Option<&mut Vec<Vec<f64>>>,
) -> Option<SimulationResult> {
    let n = settings.trials as usize;
    let mut scratch = Scratch::new(n);
    let mut total = Total::new(n);
    let mut results = Vec::with_capacity(plan.risks.len());
    for (i, model) in plan.risks.iter().enumerate() {
        results.push(run_risk(plan, model, settings, &mut scratch, keep.as_deref_mut()));
        total.add(&model.id, settings, &scratch.cents);
        if !progress(i + 1, plan.risks.len()) {
            return None;
        }
    }
    Some(finish(plan, settings, results, total.cents))
}

/// Each trial's annual loss summed over the planned risks that `include` picks (by id),
/// capped per risk as in [`run`].
pub fn trial_losses(plan: &Plan, settings: &SimulationSettings, include: impl Fn(&str) -> bool) -> Vec<f64> {
    let n = settings.trials as usize;
    let mut scratch = Scratch::new(n);
    let mut total = vec![0.0; n];
    for model in plan.risks.iter().filter(|m| include(&m.id)) {
        simulate_risk(model, settings, &mut scratch);
        for (t, l) in total.iter_mut().zip(&scratch.loss) {
            *t += l.min(LOSS_CAP);
        }
    }
    total
}

/// A run that could not finish because the engine failed (a bug, never bad input: a
/// register that passes its checks must simulate). Names the risk being simulated.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The risk the engine was simulating or adding into the register's total.
    pub risk: String,
    /// What failed, as the engine said it.
    pub message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the simulation failed on risk {}: {}", self.risk, self.message)
    }
}

impl Failure {
    #[cfg(not(target_arch = "wasm32"))]
    fn of_panic(risk: &str, payload: Box<dyn std::any::Any + Send>) -> Failure {
        let message = panic_message(payload.as_ref()).unwrap_or_else(|| "the engine stopped unexpectedly".to_string());
        Failure {
            risk: risk.to_string(),
            message,
        }
    }
}

/// The message a panic carried (`panic!("…")` gives a `&str` or a `String`), if any: for
/// the failures of `run_parallel` and the browser worker's panic report alike.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> Option<String> {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
}

/// Runs the plan on `threads` threads; the result is identical to [`run`]'s. The risks
/// are simulated in parallel and added into the total in plan order (the stratified
/// pairing depends on the total so far), each by the thread that simulated it.
///
/// A panic in any thread (a bug) ends the run with a [`Failure`] naming the risk: the
/// threads waiting for their turn are woken and stop, so the run never hangs.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_parallel(plan: &Plan, settings: &SimulationSettings, threads: usize) -> Result<SimulationResult, Failure> {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::sync::{Condvar, Mutex, PoisonError};
    /// The next risk to add, the total, and the first failure.
    struct Turn {
        next: usize,
        total: Total,
        failed: Option<Failure>,
    }
    let n = settings.trials as usize;
    let threads = threads.clamp(1, plan.risks.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let turn = Mutex::new(Turn {
        next: 0,
        total: Total::new(n),
        failed: None,
    });
    let woken = Condvar::new();
    let parts: Vec<Vec<(usize, RiskResult)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut scratch = Scratch::new(n);
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(model) = plan.risks.get(i) else { break };
                        let simulated =
                            catch_unwind(AssertUnwindSafe(|| run_risk(plan, model, settings, &mut scratch, None)));
                        // Every panic is caught, so the lock is never poisoned; if it were,
                        // its data is still consistent enough to report the failure.
                        let mut guard = turn.lock().unwrap_or_else(PoisonError::into_inner);
                        match simulated {
                            Ok(result) => done.push((i, result)),
                            Err(panic) => {
                                guard.failed.get_or_insert(Failure::of_panic(&model.id, panic));
                            }
                        }
                        while guard.next != i && guard.failed.is_none() {
                            guard = woken.wait(guard).unwrap_or_else(PoisonError::into_inner);
                        }
                        if guard.failed.is_some() {
                            drop(guard);
                            woken.notify_all();
                            break;
                        }
                        let Turn { next, total, failed } = &mut *guard;
                        match catch_unwind(AssertUnwindSafe(|| total.add(&model.id, settings, &scratch.cents))) {
                            Ok(()) => *next += 1,
                            Err(panic) => *failed = Some(Failure::of_panic(&model.id, panic)),
                        }
                        drop(guard);
                        woken.notify_all();
                    }
                    done
                })
            })
            .collect();
        // A worker's own panics are all caught above; a join error would be one outside them.
        workers.into_iter().map(|w| w.join().unwrap_or_default()).collect()
    });
    let Turn { total, failed, .. } = turn.into_inner().unwrap_or_else(PoisonError::into_inner);
    if let Some(failure) = failed {
        return Err(failure);
    }
    let mut results: Vec<(usize, RiskResult)> = parts.into_iter().flatten().collect();
    results.sort_by_key(|(i, _)| *i);
    if results.len() != plan.risks.len() {
        return Err(Failure {
            risk: String::new(),
            message: "a simulation thread stopped unexpectedly".into(),
        });
    }
    Ok(finish(
        plan,
        settings,
        results.into_iter().map(|(_, r)| r).collect(),
        total.cents,
    ))
}

/// Simulates one risk into `scratch.cents` (capped, in cents) and summarises it; its
/// capped losses are also pushed onto `keep` when given.
fn run_risk(
    plan: &Plan,
    model: &RiskModel,
    settings: &SimulationSettings,
    scratch: &mut Scratch,
    keep: Option<&mut Vec<Vec<f64>>>,
) -> RiskResult {
    #[cfg(test)]
    if model.id.starts_with("PANIC-SIMULATE") {
        panic!("a panic injected by a test");
    }
    let events = simulate_risk(model, settings, scratch);
    let mut capped_years = 0;
    for (c, l) in scratch.cents.iter_mut().zip(scratch.loss.iter_mut()) {
        capped_years += (*l > LOSS_CAP) as u64;
        *l = l.min(LOSS_CAP);
        *c = in_cents(*l);
    }
    if let Some(keep) = keep {
        keep.push(scratch.loss.clone());
    }
    let n = settings.trials as f64;
    let summary = summarise(&mut scratch.loss, &plan.thresholds, None);
    let events_per_year = events / n;
    let loss_per_event = if events > 0.0 {
        Some(summary.mean * n / events)
    } else {
        None
    };
    let derived = qualitative_bridge::derived_level(&plan.criteria, events_per_year, loss_per_event, model.event_model);
    RiskResult {
        id: model.id.clone(),
        summary,
        source: model.source,
        event_model: model.event_model,
        events_per_year,
        loss_per_event,
        derived,
        capped_years,
    }
}

/// A loss (≥ 0, capped) in whole cents: adding ½ and truncating rounds to the nearest.
#[inline]
fn in_cents(loss: f64) -> i64 {
    (loss * 100.0 + 0.5) as i64
}

fn finish(plan: &Plan, settings: &SimulationSettings, risks: Vec<RiskResult>, total: Vec<i64>) -> SimulationResult {
    let mut losses: Vec<f64> = total.into_iter().map(|c| c as f64 / 100.0).collect();
    let register = summarise(&mut losses, &plan.thresholds, None);
    SimulationResult {
        trials: settings.trials,
        seed: settings.seed,
        sampling: settings.sampling,
        register,
        risks,
        skipped: plan.skipped.clone(),
    }
}

/// Plans and runs a register (inherent: no control counts) with its own settings, or
/// the ones given.
pub fn simulate(register: &Register, settings: Option<SimulationSettings>) -> Result<SimulationResult, Vec<Problem>> {
    simulate_state(register, RiskState::Inherent, settings)
}

/// As [`simulate`], with what counts in `state` acting on each risk.
pub fn simulate_state(
    register: &Register,
    state: RiskState,
    settings: Option<SimulationSettings>,
) -> Result<SimulationResult, Vec<Problem>> {
    let settings = settings.unwrap_or(register.simulation);
    let mut problems = Vec::new();
    settings.check("$.simulation", &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let plan = plan_state(register, state)?;
    Ok(run(&plan, &settings, &mut |_, _| true).expect("not cancelled"))
}

#[cfg(test)]
mod robustness_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod treatment_tests;

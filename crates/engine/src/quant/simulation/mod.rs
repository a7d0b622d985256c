//! The Monte-Carlo simulation of a register: every risk's annual loss per trial, and the
//! register's (the sum over risks, per trial).
//!
//! Work is done one risk at a time over all trials, in columns: a few arrays of one
//! value per trial are reused from risk to risk, so memory grows with the trials, not
//! with trials × risks. The register's total is kept in whole cents (i64), so adding
//! the risks up is exact. The risks are added in plan order, each from its own pairing
//! stream (see `pairing`), so one thread or many give identical figures.
//!
//! - `plan`: each risk's model, built once and shared, and the risks left out;
//! - `kernel`: one risk's annual loss for every trial;
//! - `total`: the register's years, added exactly in plan order (`pairing`: how);
//! - this file: the run on one thread and its results; `parallel`: on several, and
//!   its failures;
//! - `treated`: the controls' and the transfer's effect; `parts`: results in parts.

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

mod kernel;
mod parallel;
mod plan;
mod total;
pub use kernel::*;
pub use parallel::*;
pub use plan::*;
pub use total::*;

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

/// Simulates one risk into `scratch.cents` (capped, in cents) and summarises it; its
/// capped losses are also pushed onto `keep` when given.
pub(super) fn run_risk(
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

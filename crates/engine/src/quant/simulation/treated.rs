//! A risk under treatment, in the simulation: the counted controls' reductions with
//! their uncertain effectiveness, a transfer, or avoidance (see `risk_state` for which
//! count in each state).
//!
//! Each reduction draws its effectiveness once per simulated year from a stream keyed
//! by the risk and the control, so the same control has the same draws in the current
//! and residual states (common random numbers: the difference between states is the
//! controls', not the sampling's). Reductions of one factor multiply: (1 − e₁)(1 − e₂)….
//! Frequency and vulnerability reductions thin the year's loss events (each event is
//! kept with probability (1 − e_f)(1 − e_v), which is Poisson(LEF·(1 − e_f)(1 − e_v))
//! for a Poisson count); loss reductions scale the year's primary or secondary losses.

use crate::assess::risk_state::{RiskState, treated};
use crate::model::control::ReducedFactor;
use crate::model::distribution::{Bounds, QuantileTable};
use crate::model::register::Register;
use crate::model::settings::Sampling;
use crate::model::treatment::Transfer;
use crate::quant::sampling::Stream;

/// Stream inputs of the treatment, after the model's own (0–10).
const THINNING: u64 = 11;
const EFFECTIVENESS: u64 = 12;

/// What acts on a risk in the simulation in a given state: the counted controls'
/// reductions, a transfer, or avoidance.
#[derive(Debug, Clone, Default)]
pub struct TreatmentModel {
    /// Per factor (in `ReducedFactor::ALL` order): each counted control's stream key
    /// and effectiveness table.
    reductions: [Vec<(String, QuantileTable)>; 4],
    /// The transfer (e.g. insurance) applied to each year's loss, if it counts in this
    /// state.
    pub transfer: Option<Transfer>,
    /// True when the risk is avoided in this state: its loss is zero every year.
    pub avoided: bool,
}

impl TreatmentModel {
    /// What acts on `risk` in `state`; `None` when nothing does.
    pub fn new(register: &Register, risk: &str, state: RiskState) -> Option<TreatmentModel> {
        let treated = treated(register, risk, state);
        if treated.is_untreated() {
            return None;
        }
        let mut model = TreatmentModel {
            transfer: treated.transfer.cloned(),
            avoided: treated.avoided,
            ..Default::default()
        };
        for control in &treated.controls {
            for reduction in &control.effect.reductions {
                let slot = ReducedFactor::ALL
                    .iter()
                    .position(|f| *f == reduction.factor)
                    .expect("every factor has a slot");
                let table = QuantileTable::new(reduction.effectiveness.shape(Bounds::PROBABILITY));
                model.reductions[slot].push((format!("{risk}\u{1f}{}", control.id), table));
            }
        }
        Some(model)
    }

    fn reduces(&self, factors: &[ReducedFactor]) -> bool {
        factors.iter().any(|f| !self.reductions[*f as usize].is_empty())
    }

    /// Multiplies `scale[t]` by (1 − e) for every reduction of the given factors.
    /// Returns false (and leaves `scale` alone) when there is none.
    pub fn scale(
        &self,
        factors: &[ReducedFactor],
        seed: u64,
        sampling: Sampling,
        scale: &mut Vec<f64>,
        draws: &mut Vec<f64>,
        n: usize,
    ) -> bool {
        if !self.reduces(factors) {
            return false;
        }
        scale.clear();
        scale.resize(n, 1.0);
        draws.resize(n, 0.0);
        for &factor in factors {
            for (key, table) in &self.reductions[factor as usize] {
                Stream::new(seed, key, EFFECTIVENESS + factor as u64).fill_from(sampling, draws, table);
                for (s, e) in scale.iter_mut().zip(draws.iter()) {
                    *s *= 1.0 - e;
                }
            }
        }
        true
    }
}

/// Keeps each of a year's events with probability `keep[t]`.
pub fn thin(seed: u64, key: &str, events: &mut [u32], keep: &[f64]) {
    let mut stream = Stream::new(seed, key, THINNING);
    for (k, &p) in events.iter_mut().zip(keep) {
        let mut kept = 0;
        for _ in 0..*k {
            kept += (stream.unit() < p) as u32;
        }
        *k = kept;
    }
}

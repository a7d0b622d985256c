//! A register in its three states at once (inherent, current, residual), with the
//! cost-benefit of its controls: what the treatment view draws.

use serde::{Deserialize, Serialize};

use crate::assess::risk_state::RiskState;
use crate::model::problem::Problem;
use crate::model::register::Register;
use crate::model::settings::SimulationSettings;
use crate::quant::simulation::{SimulationResult, plan_state, run, run_keeping_losses};
use crate::treat::cost_benefit::Rosi;

/// A register simulated in its three states with common random numbers, and optionally the
/// controls' ROSI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatesResult {
    /// Simulated annual losses with no control counted.
    pub inherent: SimulationResult,
    /// Simulated annual losses with the implemented controls and the transfers in force.
    pub current: SimulationResult,
    /// Simulated annual losses after the planned treatment.
    pub residual: SimulationResult,
    /// Per control in the plan, then the plan ("plan"); empty unless asked for.
    pub rosi: Vec<Rosi>,
}

impl crate::quant::simulation::parts::RiskLists for StatesResult {
    fn risk_lists(&mut self) -> Vec<&mut Vec<crate::quant::simulation::RiskResult>> {
        vec![
            &mut self.inherent.risks,
            &mut self.current.risks,
            &mut self.residual.risks,
        ]
    }
}

impl StatesResult {
    /// The result for `state`.
    pub fn state(&self, state: RiskState) -> &SimulationResult {
        match state {
            RiskState::Inherent => &self.inherent,
            RiskState::Current => &self.current,
            RiskState::Residual => &self.residual,
        }
    }
}

/// The three states with the given settings (the same seed, so common random numbers
/// across states), and the ROSI when `with_rosi`.
pub fn simulate_states(
    register: &Register,
    settings: &SimulationSettings,
    with_rosi: bool,
) -> Result<StatesResult, Vec<Problem>> {
    let mut problems = Vec::new();
    settings.check("$.simulation", &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut results = Vec::with_capacity(3);
    let mut losses = Vec::with_capacity(3);
    for state in RiskState::ALL {
        let plan = plan_state(register, state)?;
        if with_rosi && state != RiskState::Inherent {
            // The ROSI reuses these years instead of simulating them again.
            let (result, columns) = run_keeping_losses(&plan, settings);
            losses.push(
                plan.risks
                    .iter()
                    .map(|m| m.id.clone())
                    .zip(columns)
                    .collect::<crate::treat::cost_benefit::Losses>(),
            );
            results.push(result);
        } else {
            results.push(run(&plan, settings, &mut |_, _| true).expect("not cancelled"));
        }
    }
    let rosi = if with_rosi {
        crate::treat::cost_benefit::assess_with(register, settings, &losses[0], &losses[1], false)?
    } else {
        Vec::new()
    };
    let [inherent, current, residual]: [SimulationResult; 3] = results.try_into().expect("three states");
    Ok(StatesResult {
        inherent,
        current,
        residual,
        rosi,
    })
}

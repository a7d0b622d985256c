//! The three states of a risk (ISO/IEC 27005): inherent (no controls), current (the
//! controls in operation) and residual (after the planned treatment). Which controls,
//! transfer and avoidance count in each state is decided here and nowhere else.
//!
//! - A control counts only for the risks whose treatment links it.
//! - Current: linked controls that are implemented; a transfer in force.
//! - Residual: linked controls planned, in progress or implemented (never retired or
//!   not effective); any transfer; avoidance ends the risk.

use crate::model::control::Control;
use crate::model::register::Register;
use crate::model::risk::Risk;
use crate::model::treatment::{Transfer, Treatment, TreatmentOption};

named_enum! {
    /// The three states a risk is analysed in (ISO/IEC 27005).
    pub enum RiskState {
        /// Before any control: no control, transfer or avoidance counts.
        Inherent = ("inherent", "Inherent"),
        /// As things stand: linked controls that are implemented, and a transfer in force.
        Current = ("current", "Current"),
        /// After the planned treatment: linked controls planned, in progress or implemented,
        /// the share option's transfer, or avoidance.
        Residual = ("residual", "Residual"),
    }
}

/// The treatment of a risk, if it has one.
pub fn treatment_of<'a>(register: &'a Register, risk: &str) -> Option<&'a Treatment> {
    register.treatments.iter().find(|t| t.risk == risk)
}

/// What acts on one risk in one state.
#[derive(Debug, Clone, Default)]
pub struct Treated<'a> {
    /// The controls that count, in the order the treatment lists them.
    pub controls: Vec<&'a Control>,
    /// The transfer (e.g. insurance) that counts in this state, if any.
    pub transfer: Option<&'a Transfer>,
    /// The risk is avoided: nothing remains of it.
    pub avoided: bool,
}

impl Treated<'_> {
    /// True when nothing acts on the risk: no control, no transfer, not avoided.
    pub fn is_untreated(&self) -> bool {
        self.controls.is_empty() && self.transfer.is_none() && !self.avoided
    }
}

/// What acts on the risk with id `risk` in `state`, by its treatment (nothing if it has
/// none).
pub fn treated<'a>(register: &'a Register, risk: &str, state: RiskState) -> Treated<'a> {
    treated_by(register, treatment_of(register, risk), state)
}

/// What acts on a risk whose treatment is `treatment`, in `state`.
fn treated_by<'a>(register: &'a Register, treatment: Option<&'a Treatment>, state: RiskState) -> Treated<'a> {
    let Some(treatment) = treatment else {
        return Treated::default();
    };
    let counts = |control: &Control| match state {
        RiskState::Inherent => false,
        RiskState::Current => control.status.in_operation(),
        RiskState::Residual => control.status.in_plan(),
    };
    let controls = treatment
        .controls
        .iter()
        .filter_map(|id| register.controls.iter().find(|c| &c.id == id))
        .filter(|c| counts(c))
        .collect();
    let transfer = match (state, treatment.option, &treatment.transfer) {
        (RiskState::Current, _, Some(t)) if t.in_force => Some(t),
        (RiskState::Residual, TreatmentOption::Share, Some(t)) => Some(t),
        _ => None,
    };
    let avoided = state == RiskState::Residual && treatment.option == TreatmentOption::Avoid;
    Treated {
        controls,
        transfer,
        avoided,
    }
}

/// The qualitative score (likelihood, impact) of a scored risk in a state: the inherent
/// score less the levels its counted controls take off, each scale at least level 1.
/// An avoided risk has no score.
pub fn scores(register: &Register, risk: &Risk, state: RiskState) -> Option<(u8, u8)> {
    scores_with(risk, &treated(register, &risk.id, state))
}

/// [`scores`] of every risk, in register order: one pass over the treatments instead of
/// one per risk (a register may hold thousands of each).
pub fn all_scores(register: &Register, state: RiskState) -> Vec<Option<(u8, u8)>> {
    let treated = all_treated(register, state);
    register
        .risks
        .iter()
        .zip(&treated)
        .map(|(risk, treated)| scores_with(risk, treated))
        .collect()
}

/// What acts on every risk in `state`, in register order (see [`treated`]).
pub fn all_treated(register: &Register, state: RiskState) -> Vec<Treated<'_>> {
    let by_risk: std::collections::HashMap<&str, &Treatment> =
        register.treatments.iter().map(|t| (t.risk.as_str(), t)).collect();
    register
        .risks
        .iter()
        .map(|risk| treated_by(register, by_risk.get(risk.id.as_str()).copied(), state))
        .collect()
}

/// The score of `risk` with `treated` acting on it, by the controls' score levels.
pub fn scores_with(risk: &Risk, treated: &Treated) -> Option<(u8, u8)> {
    let (likelihood, impact) = crate::assess::evaluation::scores(risk)?;
    if treated.avoided {
        return None;
    }
    let down = |levels: fn(&Control) -> u8| treated.controls.iter().map(|c| levels(c) as u32).sum::<u32>();
    let lower = |score: u8, by: u32| (score as u32).saturating_sub(by).max(1) as u8;
    Some((
        lower(likelihood, down(|c| c.effect.likelihood_levels)),
        lower(impact, down(|c| c.effect.impact_levels)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::control::ControlStatus;

    fn demo() -> Register {
        crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register
    }

    #[test]
    fn all_scores_are_each_risks_scores() {
        let register = demo();
        for state in RiskState::ALL {
            let each: Vec<_> = register.risks.iter().map(|r| scores(&register, r, state)).collect();
            assert_eq!(all_scores(&register, state), each);
        }
        // The residual differs from the inherent somewhere, or the test would prove little.
        assert_ne!(
            all_scores(&register, RiskState::Inherent),
            all_scores(&register, RiskState::Residual)
        );
    }

    fn set_status(register: &mut Register, id: &str, status: ControlStatus) {
        register.controls.iter_mut().find(|c| c.id == id).unwrap().status = status;
    }

    #[test]
    fn planned_controls_count_only_for_the_residual_risk_and_retired_ones_never() {
        let mut register = demo();
        let risk = register.treatments[0].risk.clone();
        let control = register.treatments[0].controls[0].clone();
        let ids = |register: &Register, state| {
            treated(register, &risk, state)
                .controls
                .iter()
                .map(|c| c.id.clone())
                .collect::<Vec<_>>()
        };
        set_status(&mut register, &control, ControlStatus::Planned);
        assert!(!ids(&register, RiskState::Current).contains(&control));
        assert!(ids(&register, RiskState::Residual).contains(&control));
        assert!(ids(&register, RiskState::Inherent).is_empty());
        set_status(&mut register, &control, ControlStatus::Implemented);
        assert!(ids(&register, RiskState::Current).contains(&control));
        for gone in [ControlStatus::Retired, ControlStatus::NotEffective] {
            set_status(&mut register, &control, gone);
            assert!(!ids(&register, RiskState::Current).contains(&control));
            assert!(!ids(&register, RiskState::Residual).contains(&control));
        }
    }

    #[test]
    fn credit_goes_only_to_linked_risks_and_levels_stop_at_one() {
        let mut register = demo();
        let treated_risk = register.treatments[0].risk.clone();
        let control = register.treatments[0].controls[0].clone();
        let other = register
            .risks
            .iter()
            .find(|r| treatment_of(&register, &r.id).is_none() && r.assessment.is_some())
            .unwrap()
            .id
            .clone();
        let c = register.controls.iter_mut().find(|c| c.id == control).unwrap();
        c.effect.likelihood_levels = 9;
        c.effect.impact_levels = 1;
        c.status = ControlStatus::Implemented;
        let risk = |id: &str| register.risks.iter().find(|r| r.id == id).unwrap();
        let (l, i) = crate::assess::evaluation::scores(risk(&treated_risk)).unwrap();
        assert_eq!(
            scores(&register, risk(&treated_risk), RiskState::Inherent),
            Some((l, i))
        );
        assert_eq!(
            scores(&register, risk(&treated_risk), RiskState::Current),
            Some((1, (i - 1).max(1)))
        );
        assert_eq!(
            scores(&register, risk(&other), RiskState::Residual),
            crate::assess::evaluation::scores(risk(&other))
        );
    }

    #[test]
    fn avoidance_ends_the_residual_risk_and_a_transfer_counts_when_chosen_or_in_force() {
        let mut register = demo();
        let risk = register.treatments[0].risk.clone();
        register.treatments[0].option = TreatmentOption::Avoid;
        assert!(treated(&register, &risk, RiskState::Residual).avoided);
        assert!(!treated(&register, &risk, RiskState::Current).avoided);
        let r = register.risks.iter().find(|r| r.id == risk).unwrap().clone();
        assert_eq!(scores(&register, &r, RiskState::Residual), None);
        register.treatments[0].option = TreatmentOption::Share;
        register.treatments[0].transfer = Some(Transfer {
            deductible: 0.0,
            share: 0.5,
            cap: None,
            annual_premium: 0.0,
            in_force: false,
        });
        assert!(treated(&register, &risk, RiskState::Residual).transfer.is_some());
        assert!(treated(&register, &risk, RiskState::Current).transfer.is_none());
        register.treatments[0].transfer.as_mut().unwrap().in_force = true;
        assert!(treated(&register, &risk, RiskState::Current).transfer.is_some());
    }
}

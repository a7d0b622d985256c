//! Cost-benefit of controls: the return on security investment (ROSI) as a
//! distribution over simulated years, per control and for the whole plan.
//!
//! ROSI = (loss avoided − cost) / cost, with cost a year's annualised cost and the loss
//! avoided computed per simulated year, with common random numbers (the same years
//! with and without what is being valued):
//! - a control: the residual loss of its linked risks without it, less with it;
//! - the plan: the current loss less the residual loss, for what the plan adds (the
//!   controls not yet in operation, and transfers not yet in force).

use serde::{Deserialize, Serialize};

use crate::assess::risk_state::RiskState;
use crate::model::control::ControlStatus;
use crate::model::problem::Problem;
use crate::model::register::Register;
use crate::model::settings::SimulationSettings;
use crate::quant::simulation::{plan_state, trial_losses};

/// The return on security investment (ROSI) of a control or of the whole treatment plan, as
/// a distribution over simulated years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rosi {
    /// A control's id, or "plan".
    pub subject: String,
    /// Annualised cost (currency units a year).
    pub cost: f64,
    /// Mean loss avoided a year.
    pub benefit: f64,
    /// (benefit − cost) / cost, from the mean benefit; `None` when the cost is 0.
    pub rosi: Option<f64>,
    /// ROSI percentiles over the simulated years (5th, 50th, 95th); `None` when the cost is 0.
    pub rosi_p5: Option<f64>,
    /// Median ROSI over the simulated years; `None` when the cost is 0.
    pub rosi_p50: Option<f64>,
    /// 95th percentile of the ROSI over the simulated years; `None` when the cost is 0.
    pub rosi_p95: Option<f64>,
    /// Share of simulated years in which the loss avoided exceeds the cost: P(ROSI > 0).
    pub p_positive: f64,
    /// The ROSI of each simulated year, sorted (only kept when asked for, for charts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distribution: Vec<f64>,
}

/// The ROSI of a year-by-year loss avoided at a given cost.
pub fn rosi(subject: &str, cost: f64, mut avoided: Vec<f64>, keep_distribution: bool) -> Rosi {
    let n = avoided.len().max(1) as f64;
    let benefit = avoided.iter().sum::<f64>() / n;
    let p_positive = avoided.iter().filter(|&&b| b > cost).count() as f64 / n;
    let (mut rosi, mut p5, mut p50, mut p95, mut distribution) = (None, None, None, None, Vec::new());
    if cost > 0.0 {
        avoided.sort_by(f64::total_cmp);
        let at = |q: f64| {
            let i = ((q * avoided.len() as f64).ceil() as usize).clamp(1, avoided.len()) - 1;
            (avoided[i] - cost) / cost
        };
        rosi = Some((benefit - cost) / cost);
        (p5, p50, p95) = (Some(at(0.05)), Some(at(0.5)), Some(at(0.95)));
        if keep_distribution {
            distribution = avoided.iter().map(|b| (b - cost) / cost).collect();
        }
    }
    Rosi {
        subject: subject.into(),
        cost,
        benefit,
        rosi,
        rosi_p5: p5,
        rosi_p50: p50,
        rosi_p95: p95,
        p_positive,
        distribution,
    }
}

/// What the plan adds to the current state costs a year: controls counted in the
/// residual state but not in operation, and premiums of transfers not yet in force.
pub fn plan_cost(register: &Register) -> f64 {
    let controls: f64 = register
        .controls
        .iter()
        .filter(|c| {
            c.status.in_plan() && c.status != ControlStatus::Implemented && !register.linked_risks(&c.id).is_empty()
        })
        .map(|c| c.annualised_cost())
        .sum();
    let premiums: f64 = register
        .treatments
        .iter()
        .filter(|t| t.option == crate::model::treatment::TreatmentOption::Share)
        .filter_map(|t| t.transfer.as_ref())
        .filter(|t| !t.in_force)
        .map(|t| t.annual_premium)
        .sum();
    controls + premiums
}

/// ROSI of every control in the residual plan that is linked to a risk, then of the
/// whole plan (subject "plan").
pub fn assess(
    register: &Register,
    settings: &SimulationSettings,
    keep_distribution: bool,
) -> Result<Vec<Rosi>, Vec<Problem>> {
    let columns = |state| -> Result<Losses, Vec<Problem>> {
        let plan = plan_state(register, state)?;
        let (_, losses) = crate::quant::simulation::run_keeping_losses(&plan, settings);
        Ok(plan.risks.iter().map(|m| m.id.clone()).zip(losses).collect())
    };
    assess_with(
        register,
        settings,
        &columns(RiskState::Current)?,
        &columns(RiskState::Residual)?,
        keep_distribution,
    )
}

/// Each simulated risk's id and annual loss per trial, in one state.
pub type Losses = Vec<(String, Vec<f64>)>;

/// As [`assess`], given the current and residual losses of every risk already simulated
/// (with the same settings).
pub fn assess_with(
    register: &Register,
    settings: &SimulationSettings,
    current: &Losses,
    residual: &Losses,
    keep_distribution: bool,
) -> Result<Vec<Rosi>, Vec<Problem>> {
    let n = settings.trials as usize;
    let sum = |losses: &Losses, pick: &dyn Fn(&str) -> bool| {
        let mut total = vec![0.0; n];
        for (_, column) in losses.iter().filter(|(id, _)| pick(id)) {
            total.iter_mut().zip(column).for_each(|(t, l)| *t += l);
        }
        total
    };
    let mut out = Vec::new();
    for control in register.controls.iter().filter(|c| c.status.in_plan()) {
        let linked = register.linked_risks(&control.id);
        if linked.is_empty() {
            continue;
        }
        // Without the control, only its linked risks change: plan just those.
        let mut without = register.clone();
        without
            .controls
            .iter_mut()
            .filter(|c| c.id == control.id)
            .for_each(|c| c.status = ControlStatus::Retired);
        without.risks.retain(|r| linked.contains(&r.id.as_str()));
        let picks = |id: &str| linked.contains(&id);
        let before = trial_losses(&plan_state(&without, RiskState::Residual)?, settings, |_| true);
        let after = sum(residual, &picks);
        let avoided = before.iter().zip(&after).map(|(b, a)| b - a).collect();
        out.push(rosi(&control.id, control.annualised_cost(), avoided, keep_distribution));
    }
    let everything = |_: &str| true;
    let (before, after) = (sum(current, &everything), sum(residual, &everything));
    let avoided = before.iter().zip(&after).map(|(b, a)| b - a).collect();
    out.push(rosi("plan", plan_cost(register), avoided, keep_distribution));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rosi_from_the_loss_avoided_each_year() {
        // Loss avoided 0, 10k, 20k … 90k over ten years at a cost of 30k a year.
        let r = rosi("C", 30_000.0, (0..10).map(|k| k as f64 * 10_000.0).collect(), true);
        assert_eq!(r.benefit, 45_000.0);
        assert_eq!(r.rosi, Some(0.5));
        assert_eq!(r.p_positive, 0.6);
        assert_eq!(r.rosi_p50, Some((40_000.0 - 30_000.0) / 30_000.0));
        assert_eq!(r.rosi_p5, Some(-1.0));
        assert_eq!(r.distribution.len(), 10);
        let free = rosi("F", 0.0, vec![1.0, 0.0], false);
        assert_eq!((free.rosi, free.p_positive), (None, 0.5));
    }

    #[test]
    fn a_control_earns_the_loss_it_avoids_on_its_own_risks() {
        use crate::model::control::{ReducedFactor, Reduction};
        use crate::model::distribution::Distribution;
        let mut register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        // One control halving the frequency of the first treated FAIR risk, planned, 10k a year.
        let risk = register
            .treatments
            .iter()
            .find(|t| register.risks.iter().any(|r| r.id == t.risk && r.fair.is_some()))
            .unwrap()
            .risk
            .clone();
        let id = register.treatments.iter().find(|t| t.risk == risk).unwrap().controls[0].clone();
        for t in register.treatments.iter_mut() {
            t.controls.retain(|c| *c != id || t.risk == risk);
            t.option = crate::model::treatment::TreatmentOption::Modify;
            t.transfer = None;
        }
        for c in register.controls.iter_mut() {
            c.effect = Default::default();
            if c.id == id {
                c.status = ControlStatus::Planned;
                c.annual_cost = 10_000.0;
                c.effect.reductions.push(Reduction {
                    factor: ReducedFactor::Frequency,
                    effectiveness: Distribution::Constant { value: 0.5 },
                });
            }
        }
        let settings = SimulationSettings {
            trials: 100_000,
            seed: 9,
            sampling: crate::model::settings::Sampling::Lhs,
        };
        let inherent = crate::quant::simulation::simulate(&register, Some(settings)).unwrap();
        let inherent_mean = inherent.risks.iter().find(|r| r.id == risk).unwrap().summary.clone();
        let results = assess(&register, &settings, false).unwrap();
        let r = results.iter().find(|r| r.subject == id).unwrap();
        // Half the risk's expected loss is avoided: within 3 SE of the inherent mean's half.
        assert!(
            (r.benefit - 0.5 * inherent_mean.mean).abs() < 3.0 * inherent_mean.se_mean,
            "{} vs {}",
            r.benefit,
            inherent_mean.mean / 2.0
        );
        assert_eq!(r.cost, 10_000.0);
        // The plan adds only this control (the others carry no effect): same benefit.
        let plan = results.last().unwrap();
        assert_eq!(plan.subject, "plan");
        assert!((plan.benefit - r.benefit).abs() < 1e-6 * r.benefit.max(1.0));
    }
}

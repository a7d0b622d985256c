//! The risk treatment plan (ISO/IEC 27001 6.1.3 e): the edits a treatment view makes
//! (choosing controls for a risk, adopting Annex A controls, moving an effectiveness),
//! and the plan as a list of controls by owner and due date with its cost totals.

use serde::Serialize;

use crate::model::catalogue::{annex_a, id_order};
use crate::model::control::{Control, ControlStatus};
use crate::model::distribution::Distribution;
use crate::model::register::Register;
use crate::model::treatment::Treatment;

/// The treatment of `risk`, created (option "modify") if it has none.
pub fn treatment_mut<'a>(register: &'a mut Register, risk: &str) -> &'a mut Treatment {
    let at = match register.treatments.iter().position(|t| t.risk == risk) {
        Some(at) => at,
        None => {
            register.treatments.push(Treatment::new(risk));
            register.treatments.len() - 1
        }
    };
    &mut register.treatments[at]
}

/// Chooses `risk`'s treatment option; sharing starts with a transfer on
/// [`Transfer::starting_terms`] for the analyst to change.
pub fn choose_option(register: &mut Register, risk: &str, option: crate::model::treatment::TreatmentOption) {
    let t = treatment_mut(register, risk);
    t.option = option;
    if option == crate::model::treatment::TreatmentOption::Share && t.transfer.is_none() {
        t.transfer = Some(crate::model::treatment::Transfer::starting_terms());
    }
}

/// Links control `control` to `risk`'s treatment, adopting it from Annex A first if the
/// register does not have it yet. Refused, with the reason, when the id is unknown or the
/// Statement of Applicability excludes the control (a control that treats a risk is
/// applicable); the register is then unchanged.
pub fn link(register: &mut Register, risk: &str, control: &str) -> Result<(), String> {
    if let Some(decision) = register
        .applicability
        .iter()
        .find(|a| a.control == control && !a.applicable)
    {
        return Err(format!(
            "{control} is excluded in the Statement of Applicability (\"{}\"): include it in the SoA before linking it to a risk",
            decision.justification.trim()
        ));
    }
    if !register.controls.iter().any(|c| c.id == control) && !adopt(register, control) {
        return Err(format!(
            "\"{control}\" is neither a control of this register nor an Annex A control"
        ));
    }
    let treatment = treatment_mut(register, risk);
    if !treatment.controls.iter().any(|c| c == control) {
        treatment.controls.push(control.to_string());
    }
    Ok(())
}

/// Removes control `control` from `risk`'s treatment, so it no longer gives that risk
/// credit; the control stays in the register. Does nothing if it was not linked.
pub fn unlink(register: &mut Register, risk: &str, control: &str) {
    if let Some(t) = register.treatments.iter_mut().find(|t| t.risk == risk) {
        t.controls.retain(|c| c != control);
    }
}

/// Adds Annex A control `id` to the register as [`Control::adopted`] (its starting effect
/// from its ISO/IEC 27002 control type). False when `id` is not
/// an Annex A control or the register has it already.
pub fn adopt(register: &mut Register, id: &str) -> bool {
    let Some(entry) = annex_a().control(id) else {
        return false;
    };
    if register.controls.iter().any(|c| c.id == id) {
        return false;
    }
    register.controls.push(Control::adopted(entry));
    register.controls.sort_by_key(|c| id_order(&c.id));
    true
}

/// The centres an effectiveness may be moved to: no control removes all of a loss, and
/// one that does nothing is "not effective", not a centre of 0.
pub const CENTRES: std::ops::RangeInclusive<f64> = 0.01..=0.99;

/// An effectiveness moved (to 4 decimals) so that its centre (mode, value or mean) is
/// `centre` (held within [`CENTRES`]).
///
/// The range keeps its shape relative to the room on each side: the part below the
/// centre stays the same fraction of the way down to 0, the part above the same fraction
/// of the way up to 1. So moving is path-independent: dragging to 95% and back to 25%
/// gives the range that moving straight to 25% gives, never one squeezed at an edge.
pub fn with_centre(d: &Distribution, centre: f64) -> Distribution {
    // Effectiveness is read in percent: four decimals are plenty, and keep 0.3 + 0.1 at 0.4.
    let round = |x: f64| (x * 1e4).round() / 1e4;
    let centre = round(centre.clamp(*CENTRES.start(), *CENTRES.end()));
    // The fractions of the room below and above the old centre that the range spans.
    let spread = |min: f64, at: f64, max: f64| {
        let below = if at > 0.0 {
            ((at - min) / at).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let above = if at < 1.0 {
            ((max - at) / (1.0 - at)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        (
            round(centre * (1.0 - below)).min(centre),
            round(centre + (1.0 - centre) * above).max(centre),
        )
    };
    match *d {
        Distribution::Pert { min, mode, max, gamma } => {
            let (min, max) = spread(min, mode, max);
            Distribution::Pert {
                min,
                mode: centre,
                max,
                gamma,
            }
        }
        Distribution::Triangular { min, mode, max } => {
            let (min, max) = spread(min, mode, max);
            Distribution::Triangular { min, mode: centre, max }
        }
        Distribution::Uniform { min, max } => {
            // Its centre is its midpoint: the half-width stays the same fraction of the
            // room to the nearer bound.
            let at = (min + max) / 2.0;
            let room = at.min(1.0 - at);
            let share = if room > 0.0 {
                ((max - min) / 2.0 / room).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let half = share * centre.min(1.0 - centre);
            Distribution::Uniform {
                min: round(centre - half).max(0.0),
                max: round(centre + half).min(1.0),
            }
        }
        Distribution::Beta { alpha, beta } => {
            let total = alpha + beta;
            let c = centre.clamp(0.01, 0.99);
            Distribution::Beta {
                alpha: c * total,
                beta: (1.0 - c) * total,
            }
        }
        // Each value keeps its fraction of the room below or above the median, which
        // goes to the centre: the order of the values, and so the median, is kept.
        Distribution::Empirical { ref values } if !values.is_empty() => {
            let at = centre_of(d);
            let moved = |v: f64| {
                if v == at {
                    centre
                } else if v < at {
                    centre * (v / at)
                } else {
                    centre + (1.0 - centre) * ((v - at) / (1.0 - at))
                }
            };
            Distribution::empirical(values.iter().map(|&v| moved(v).clamp(0.0, 1.0)).collect())
        }
        _ => Distribution::Constant { value: centre },
    }
}

/// The centre that [`with_centre`] moves: the most likely value, the value, an empirical
/// estimate's median, or else the mean.
pub fn centre_of(d: &Distribution) -> f64 {
    match *d {
        Distribution::Pert { mode, .. } | Distribution::Triangular { mode, .. } => mode,
        Distribution::Constant { value } => value,
        Distribution::Empirical { ref values } if !values.is_empty() => {
            d.shape(crate::model::distribution::Bounds::PROBABILITY).quantile(0.5)
        }
        _ => d.shape(crate::model::distribution::Bounds::PROBABILITY).mean(),
    }
}

/// One control of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanItem {
    /// Control id: Annex A number or the organisation's own id.
    pub id: String,
    /// The control's title.
    pub title: String,
    /// Implementation status: planned, in progress or implemented.
    pub status: ControlStatus,
    /// When the control is due, `YYYY-MM-DD`, if set.
    pub due_date: Option<String>,
    /// Cost to put the control in place, once (currency units).
    pub one_off_cost: f64,
    /// Cost to run the control, per year (currency units).
    pub annual_cost: f64,
    /// Annual cost plus the one-off cost spread over the control's lifetime (currency units
    /// per year).
    pub annualised_cost: f64,
    /// Ids of the risks whose treatment links this control.
    pub risks: Vec<String>,
    /// Past its due date and not yet implemented (given today's date).
    pub overdue: bool,
}

/// The controls of one owner, soonest due first (undated last).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerPlan {
    /// The control owner, or "Unassigned".
    pub owner: String,
    /// The owner's controls, soonest due first, undated last.
    pub items: Vec<PlanItem>,
    /// Total one-off cost of the owner's controls (currency units).
    pub one_off_cost: f64,
    /// Total annual running cost of the owner's controls (currency units per year).
    pub annual_cost: f64,
}

/// The plan: every control in it (planned, in progress or implemented) that treats a
/// risk, grouped by owner (owners by name, "Unassigned" last), with totals per owner;
/// `today` is `YYYY-MM-DD`.
pub fn plan(register: &Register, today: &str) -> Vec<OwnerPlan> {
    let mut owners: Vec<OwnerPlan> = Vec::new();
    for c in register.controls.iter().filter(|c| c.status.in_plan()) {
        let risks: Vec<String> = register.linked_risks(&c.id).into_iter().map(String::from).collect();
        if risks.is_empty() {
            continue;
        }
        let owner = if c.owner.trim().is_empty() {
            "Unassigned".to_string()
        } else {
            c.owner.clone()
        };
        let item = PlanItem {
            id: c.id.clone(),
            title: c.title.clone(),
            status: c.status,
            overdue: c.status != ControlStatus::Implemented && c.due_date.as_deref().is_some_and(|d| d < today),
            due_date: c.due_date.clone(),
            one_off_cost: c.one_off_cost,
            annual_cost: c.annual_cost,
            annualised_cost: c.annualised_cost(),
            risks,
        };
        match owners.iter_mut().find(|o| o.owner == owner) {
            Some(o) => o.items.push(item),
            None => owners.push(OwnerPlan {
                owner,
                items: vec![item],
                one_off_cost: 0.0,
                annual_cost: 0.0,
            }),
        }
    }
    for o in owners.iter_mut() {
        o.items.sort_by(|a, b| {
            (a.due_date.is_none(), &a.due_date, id_order(&a.id)).cmp(&(
                b.due_date.is_none(),
                &b.due_date,
                id_order(&b.id),
            ))
        });
        o.one_off_cost = o.items.iter().map(|i| i.one_off_cost).sum();
        o.annual_cost = o.items.iter().map(|i| i.annual_cost).sum();
    }
    owners.sort_by(|a, b| (a.owner == "Unassigned", &a.owner).cmp(&(b.owner == "Unassigned", &b.owner)));
    owners
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Register {
        crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register
    }

    /// The starting effect follows the control's ISO/IEC 27002 type: a backup
    /// (corrective) limits the loss, it does not make incidents rarer.
    #[test]
    fn an_adopted_control_starts_with_the_effect_of_its_27002_type() {
        use crate::model::control::ReducedFactor as F;
        let effect = |register: &Register, id: &str| {
            let c = register.controls.iter().find(|c| c.id == id).unwrap();
            c.effect
                .reductions
                .iter()
                .map(|r| (r.factor, r.effectiveness.clone()))
                .collect::<Vec<_>>()
        };
        let mut register = demo();
        register
            .controls
            .retain(|c| !["8.13", "8.4", "8.15", "8.7"].contains(&c.id.as_str()));
        for id in ["8.13", "8.4", "8.15", "8.7"] {
            link(&mut register, "R-012", id).unwrap();
        }
        assert_eq!(
            effect(&register, "8.13"),
            [(F::PrimaryLoss, Distribution::pert(0.1, 0.25, 0.4))]
        );
        assert_eq!(
            effect(&register, "8.4"),
            [(F::Frequency, Distribution::pert(0.1, 0.25, 0.4))]
        );
        assert_eq!(
            effect(&register, "8.15"),
            [(F::PrimaryLoss, Distribution::pert(0.05, 0.15, 0.3))]
        );
        assert_eq!(
            effect(&register, "8.7"),
            [
                (F::Frequency, Distribution::pert(0.05, 0.15, 0.3)),
                (F::PrimaryLoss, Distribution::pert(0.05, 0.15, 0.3))
            ]
        );
    }

    #[test]
    fn linking_adopts_annex_a_controls_and_creates_the_treatment() {
        let mut register = demo();
        assert!(register.treatments.iter().all(|t| t.risk != "R-012"));
        assert!(link(&mut register, "R-012", "8.4").is_ok());
        let c = register.controls.iter().find(|c| c.id == "8.4").unwrap();
        assert_eq!(
            (c.title.as_str(), c.status),
            ("Access to source code", ControlStatus::Planned)
        );
        assert_eq!(
            register.treatments.iter().find(|t| t.risk == "R-012").unwrap().controls,
            vec!["8.4"]
        );
        assert!(link(&mut register, "R-012", "8.4").is_ok());
        assert_eq!(
            register
                .treatments
                .iter()
                .find(|t| t.risk == "R-012")
                .unwrap()
                .controls
                .len(),
            1
        );
        let before = register.clone();
        assert!(link(&mut register, "R-012", "9.9").unwrap_err().contains("neither"));

        assert_eq!(register, before);
        assert!(
            crate::io::validation::check(&register).is_empty(),
            "{:?}",
            crate::io::validation::check(&register)
        );
        unlink(&mut register, "R-012", "8.4");
        assert!(
            register
                .treatments
                .iter()
                .find(|t| t.risk == "R-012")
                .unwrap()
                .controls
                .is_empty()
        );
        // Controls stay in the standard's order.
        let ids: Vec<_> = register.controls.iter().map(|c| id_order(&c.id)).collect();
        assert!(ids.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn a_control_the_soa_excludes_is_not_linked() {
        let mut register = demo();
        let excluded = "5.8";
        register.applicability.retain(|a| a.control != excluded);
        register.applicability.push(crate::model::applicability::Applicability {
            control: excluded.into(),
            applicable: false,
            justification: "No projects in scope".into(),
        });
        assert!(crate::io::validation::check(&register).is_empty());
        let before = register.clone();
        let reason = link(&mut register, "R-012", excluded).unwrap_err();
        assert!(
            reason.contains("excluded in the Statement of Applicability") && reason.contains("No projects in scope"),
            "{reason}"
        );
        assert_eq!(register, before);
        assert!(crate::io::document::load(&register.to_json()).is_ok());
    }

    #[test]
    fn moving_an_effectiveness_keeps_its_spread_inside_0_to_1() {
        // 0.3–0.7 around 0.5: 40% of the room below and above; at 0.6, 0.36–0.76.
        assert_eq!(
            with_centre(&Distribution::pert(0.3, 0.5, 0.7), 0.6),
            Distribution::pert(0.36, 0.6, 0.76)
        );
        assert_eq!(
            with_centre(&Distribution::pert(0.3, 0.5, 0.7), 0.9),
            Distribution::pert(0.54, 0.9, 0.94)
        );
        assert_eq!(
            with_centre(&Distribution::Constant { value: 0.2 }, 0.35),
            Distribution::Constant { value: 0.35 }
        );
        let moved = with_centre(&Distribution::Beta { alpha: 2.0, beta: 6.0 }, 0.5);
        assert!((centre_of(&moved) - 0.5).abs() < 1e-12);
        for (asked, centre) in [(0.0, 0.01), (0.25, 0.25), (1.0, 0.99)] {
            let d = with_centre(&Distribution::pert(0.1, 0.2, 0.6), asked);
            let mut problems = Vec::new();
            d.check("e", crate::model::distribution::Bounds::PROBABILITY, &mut problems);
            assert!(
                problems.is_empty() && (centre_of(&d) - centre).abs() < 1e-12,
                "{asked}: {problems:?}"
            );
        }
    }

    /// Dragging through any path of centres ends where moving straight there ends (to
    /// the 4-decimal rounding of each step), for every kind of range.
    #[test]
    fn moving_an_effectiveness_is_path_independent() {
        let mut dice = crate::generated::Dice::new(5);
        let starts = [
            Distribution::pert(0.1, 0.25, 0.4),
            Distribution::Triangular {
                min: 0.2,
                mode: 0.5,
                max: 0.9,
            },
            Distribution::Uniform { min: 0.3, max: 0.6 },
            Distribution::empirical(vec![0.1, 0.3, 0.35, 0.5, 0.9, 0.0, 1.0]),
        ];
        for start in starts {
            for _ in 0..200 {
                let mut d = start.clone();
                for _ in 0..dice.below(6) + 1 {
                    d = with_centre(&d, dice.unit());
                }
                let last = dice.unit();
                let (walked, straight) = (with_centre(&d, last), with_centre(&start, last));
                let asked = (last.clamp(0.01, 0.99) * 1e4).round() / 1e4;
                assert!((centre_of(&walked) - asked).abs() < 1e-12, "{walked:?} at {asked}");
                let (a, b) = (walked.range(), straight.range());
                assert!(
                    (a.0 - b.0).abs() < 0.003 && (a.1 - b.1).abs() < 0.003,
                    "{start:?} → {walked:?} against {straight:?}"
                );
            }
        }
    }

    #[test]
    fn the_plan_groups_by_owner_with_costs_and_flags_overdue_controls() {
        let register = demo();
        let plan = plan(&register, "2027-02-01");
        let infra = plan.iter().find(|o| o.owner == "Head of Infrastructure").unwrap();
        let dates: Vec<_> = infra.items.iter().map(|i| i.due_date.clone()).collect();
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| (a.is_none(), a).cmp(&(b.is_none(), b)));
        assert_eq!(dates, sorted);
        assert_eq!(
            infra.one_off_cost,
            infra.items.iter().map(|i| i.one_off_cost).sum::<f64>()
        );
        let mfa = infra.items.iter().find(|i| i.id == "8.5").unwrap();
        assert!(mfa.overdue, "8.5 was due 2027-01-31");
        assert!(
            plan.iter()
                .flat_map(|o| &o.items)
                .all(|i| !i.risks.is_empty() && i.id != "8.20")
        );
    }
}

//! Risk treatment (ISO/IEC 27001 6.1.3, ISO/IEC 27005 options): what is to be done
//! about one risk, with which controls, any transfer, and the owner's acceptance of
//! what remains.

use serde::{Deserialize, Serialize};

use crate::model::acceptance::Acceptance;
use crate::model::problem::{Problem, field};

/// The treatment of one risk (ISO/IEC 27001 6.1.3): the chosen option, the controls
/// selected, any transfer, and the owner's acceptance of the residual risk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Treatment {
    /// Id of the treated risk; a risk has at most one treatment.
    pub risk: String,
    /// The ISO/IEC 27005 treatment option chosen: modify, retain, avoid or share.
    pub option: TreatmentOption,
    /// Why this option and these controls were chosen; may be empty.
    #[serde(default)]
    pub rationale: String,
    /// Ids of the controls selected for this risk. A control's credit applies only to
    /// the risks whose treatments list it.
    #[serde(default)]
    pub controls: Vec<String>,
    /// With the option "share": the part of each year's loss transferred (insurance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<Transfer>,
    /// The risk owner's acceptance of the residual risk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
}

impl Treatment {
    /// A new treatment of `risk` with the option "modify" and nothing else chosen yet.
    pub fn new(risk: &str) -> Treatment {
        Treatment {
            risk: risk.into(),
            option: TreatmentOption::Modify,
            rationale: String::new(),
            controls: Vec::new(),
            transfer: None,
            acceptance: None,
        }
    }
}

named_enum! {
    /// The four options of ISO/IEC 27005.
    #[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
    pub enum TreatmentOption {
        /// Reduce the risk with controls.
        Modify = ("modify", "Modify (controls)"),
        /// Accept the risk as it is.
        Retain = ("retain", "Retain (accept as is)"),
        /// Stop the activity that gives rise to the risk: no residual risk.
        Avoid = ("avoid", "Avoid (end the activity)"),
        /// Transfer part of it, e.g. by insurance or outsourcing.
        Share = ("share", "Share (transfer, e.g. insurance)"),
    }
}

/// A transfer of each year's loss, as an insurance policy pays it: of the loss above
/// the `deductible`, the insurer pays the `share`, up to the `cap` a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// Loss a year kept before the insurer pays (currency units).
    #[serde(default)]
    pub deductible: f64,
    /// Fraction (0–1) of the loss above the deductible that the insurer pays.
    pub share: f64,
    /// Most the insurer pays a year; no limit when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<f64>,
    /// Premium per year (currency units), counted as the transfer's cost.
    #[serde(default)]
    pub annual_premium: f64,
    /// True when the policy is already in force, so it counts towards the current risk;
    /// otherwise only the residual risk.
    #[serde(default)]
    pub in_force: bool,
}

impl Transfer {
    /// The terms a new transfer starts from, for the analyst to change: a policy that
    /// pays 80% of each year's loss above 50,000, up to 1,000,000 a year, for a premium
    /// of 10,000, not yet in force.
    pub fn starting_terms() -> Transfer {
        Transfer {
            deductible: 50_000.0,
            share: 0.8,
            cap: Some(1_000_000.0),
            annual_premium: 10_000.0,
            in_force: false,
        }
    }

    /// The part of a year's loss that stays with the organisation.
    #[inline]
    pub fn retained(&self, loss: f64) -> f64 {
        let paid = (self.share * (loss - self.deductible).max(0.0)).min(self.cap.unwrap_or(f64::INFINITY));
        loss - paid
    }

    /// Adds a [`Problem`] under `path` for a negative or out-of-limit amount, or a share
    /// outside 0–1.
    pub fn check(&self, path: &str, problems: &mut Vec<Problem>) {
        let mut non_negative = |name: &str, value: f64| {
            if let Some(message) = crate::model::limits::amount_problem(value) {
                problems.push(Problem::new(field(path, name), message));
            }
        };
        non_negative("deductible", self.deductible);
        non_negative("annual_premium", self.annual_premium);
        if let Some(cap) = self.cap {
            non_negative("cap", cap);
        }
        if !(0.0..=1.0).contains(&self.share) {
            problems.push(Problem::new(field(path, "share"), "must be a fraction between 0 and 1"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_transfer_starts_from_valid_terms_not_in_force() {
        let terms = Transfer::starting_terms();
        let mut problems = Vec::new();
        terms.check("$.transfer", &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(!terms.in_force, "a new policy counts only in the residual risk");
        // Of a 150,000 year, 80% of the 100,000 above the deductible is paid.
        assert_eq!(terms.retained(150_000.0), 150_000.0 - 80_000.0);
    }

    #[test]
    fn a_transfer_pays_its_share_above_the_deductible_up_to_the_cap() {
        let t = Transfer {
            deductible: 100_000.0,
            share: 0.8,
            cap: Some(1_000_000.0),
            annual_premium: 0.0,
            in_force: false,
        };
        assert_eq!(t.retained(50_000.0), 50_000.0);
        assert_eq!(t.retained(600_000.0), 600_000.0 - 0.8 * 500_000.0);
        assert_eq!(t.retained(5_000_000.0), 4_000_000.0);
        let mut problems = Vec::new();
        Transfer {
            share: 1.5,
            deductible: -1.0,
            ..t
        }
        .check("$.treatments[0].transfer", &mut problems);
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            ["$.treatments[0].transfer.deductible", "$.treatments[0].transfer.share"]
        );
    }
}

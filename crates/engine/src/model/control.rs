//! Controls: the Annex A 2022 controls and organisation-specific ones that treatments
//! select to modify risks, with their status, owner, due date, costs and effect.

use serde::{Deserialize, Serialize};

use crate::model::distribution::{Bounds, Distribution};
use crate::model::problem::{Problem, field, index};
use crate::model::timestamp::is_date;

/// Years over which a one-off cost is spread when a control's cost is annualised.
pub const DEFAULT_LIFETIME_YEARS: f64 = 3.0;

/// A control (ISO/IEC 27001 Annex A or the organisation's own) that treatments select to
/// modify risks, with its status, costs and effect on the linked risks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// An Annex A number such as "8.13", or an organisation's own id such as "ORG-1".
    pub id: String,
    /// Short name of the control, e.g. the Annex A title "Information backup"; must not be
    /// empty.
    pub title: String,
    /// How the control is implemented in this organisation; may be empty.
    #[serde(default)]
    pub description: String,
    /// Person or role responsible for the control; may be empty.
    #[serde(default)]
    pub owner: String,
    /// Implementation status; decides whether the control counts towards the current risk,
    /// the residual risk, or neither.
    pub status: ControlStatus,
    /// When the control is due to be implemented, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
    /// Cost to put the control in place, once (currency units).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub one_off_cost: f64,
    /// Cost to run the control, per year (currency units).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub annual_cost: f64,
    /// Years the one-off cost is spread over when annualised (3 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime_years: Option<f64>,
    /// What the control does to the risks it is linked to.
    #[serde(default, skip_serializing_if = "Effect::is_empty")]
    pub effect: Effect,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

named_enum! {
    /// Implementation status of a control.
    #[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
    pub enum ControlStatus {
        /// Decided but not started; counts towards the residual risk only.
        Planned = ("planned", "Planned"),
        /// Being implemented; counts towards the residual risk only.
        InProgress = ("in_progress", "In progress"),
        /// In operation; counts towards both the current and the residual risk.
        Implemented = ("implemented", "Implemented"),
        /// Implemented but found not to work; gives no credit.
        NotEffective = ("not_effective", "Not effective"),
        /// No longer in operation; gives no credit.
        Retired = ("retired", "Retired"),
    }
}

impl ControlStatus {
    /// Counts towards the current risk: only a control in operation.
    pub fn in_operation(self) -> bool {
        self == ControlStatus::Implemented
    }

    /// Counts towards the residual risk (after the planned treatment): controls in
    /// operation or on the way; never a retired or ineffective one.
    pub fn in_plan(self) -> bool {
        matches!(
            self,
            ControlStatus::Planned | ControlStatus::InProgress | ControlStatus::Implemented
        )
    }
}

/// A control's effect on each risk it is linked to: qualitatively, levels down on the
/// criteria's scales; quantitatively, reductions of FAIR factors, each by an uncertain
/// effectiveness (a fraction 0–1 drawn per simulated year).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Effect {
    /// Likelihood levels the control takes off a linked risk's score.
    #[serde(default)]
    pub likelihood_levels: u8,
    /// Impact levels the control takes off a linked risk's score.
    #[serde(default)]
    pub impact_levels: u8,
    /// Quantitative effect: reductions of Open FAIR factors, at most one per factor.
    #[serde(default)]
    pub reductions: Vec<Reduction>,
}

impl Effect {
    /// A starting quantitative effect for a control of ISO/IEC 27002 `types`, for the
    /// analyst to adjust: a preventive control makes incidents rarer (frequency), a
    /// detective or corrective one limits an incident's loss (primary loss). Each is a
    /// PERT 10–25–40%, or 5–15–30% for a detective control alone and for each factor of a
    /// control of both kinds (its effect is shared between them).
    pub fn starting(types: &[crate::model::catalogue::ControlType]) -> Effect {
        use crate::model::catalogue::ControlType as T;
        let prevents = types.contains(&T::Preventive);
        let limits = types.contains(&T::Detective) || types.contains(&T::Corrective);
        let modest = || Distribution::pert(0.05, 0.15, 0.3);
        let usual = || Distribution::pert(0.1, 0.25, 0.4);
        let both = prevents && limits;
        let mut reductions = Vec::new();
        if prevents || !limits {
            reductions.push(Reduction {
                factor: ReducedFactor::Frequency,
                effectiveness: if both { modest() } else { usual() },
            });
        }
        if limits {
            let detective_alone = !types.contains(&T::Corrective);
            reductions.push(Reduction {
                factor: ReducedFactor::PrimaryLoss,
                effectiveness: if both || detective_alone { modest() } else { usual() },
            });
        }
        Effect {
            reductions,
            ..Default::default()
        }
    }

    /// Where [`Effect::starting`] for `types` comes from, in the analyst's words.
    pub fn starting_reason(types: &[crate::model::catalogue::ControlType]) -> String {
        use crate::model::catalogue::ControlType as T;
        let names: Vec<&str> = types
            .iter()
            .map(|t| match t {
                T::Preventive => "preventive: makes incidents rarer",
                T::Detective => "detective: finds them sooner, so each costs less",
                T::Corrective => "corrective: limits their consequences",
            })
            .collect();
        format!(
            "A starting estimate from its ISO/IEC 27002 control type ({}), not a measurement: adjust it to what you know.",
            names.join("; ")
        )
    }

    /// The most levels a control may take off a score: a scale has at most 7 levels, so
    /// 6 takes any score to the lowest (a score never goes below 1).
    pub const MAX_LEVELS: u8 = 6;

    /// Levels down as typed in a form, or why they are refused.
    pub fn parse_levels(text: &str) -> Result<u8, String> {
        text.trim()
            .parse::<u8>()
            .ok()
            .filter(|levels| *levels <= Self::MAX_LEVELS)
            .ok_or_else(|| {
                format!(
                    "\"{}\" is not a whole number of levels from 0 to {}",
                    text.trim(),
                    Self::MAX_LEVELS
                )
            })
    }

    /// True when the control has no effect at all: no levels down and no reductions.
    pub fn is_empty(&self) -> bool {
        self.likelihood_levels == 0 && self.impact_levels == 0 && self.reductions.is_empty()
    }
}

/// A reduction of one factor by a fraction: the factor is multiplied by 1 − e, with e
/// drawn from `effectiveness`. Controls reducing the same factor combine
/// multiplicatively: (1 − e₁)(1 − e₂)…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Reduction {
    /// The Open FAIR factor the control reduces.
    pub factor: ReducedFactor,
    /// The fraction removed, e.g. PERT 0.3–0.5–0.7.
    pub effectiveness: Distribution,
}

named_enum! {
    /// The Open FAIR factors a control can reduce.
    #[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
    pub enum ReducedFactor {
        /// How often threats act (TEF), or loss events happen when LEF is given directly.
        Frequency = ("frequency", "Frequency (TEF / LEF)"),
        /// The probability that a threat event becomes a loss event.
        Vulnerability = ("vulnerability", "Vulnerability"),
        /// The primary loss of each event (the whole loss magnitude when it is not split).
        PrimaryLoss = ("primary_loss", "Primary loss"),
        /// The secondary loss (stakeholders' reactions); nothing to reduce when the model
        /// has none.
        SecondaryLoss = ("secondary_loss", "Secondary loss"),
    }
}

impl Control {
    /// A new control, planned, with no owner, date or cost yet, and a modest starting
    /// effect for the analyst to adjust: frequency down by PERT 10–25–40%.
    pub fn planned(id: &str, title: &str) -> Control {
        Control {
            id: id.into(),
            title: title.into(),
            description: String::new(),
            owner: String::new(),
            status: ControlStatus::Planned,
            due_date: None,
            one_off_cost: 0.0,
            annual_cost: 0.0,
            lifetime_years: None,
            effect: Effect {
                reductions: vec![Reduction {
                    factor: ReducedFactor::Frequency,
                    effectiveness: Distribution::pert(0.1, 0.25, 0.4),
                }],
                ..Default::default()
            },
        }
    }

    /// An Annex A control as [`Control::planned`], with the starting effect its ISO/IEC
    /// 27002 control types suggest ([`Effect::starting`]).
    pub fn adopted(entry: &crate::model::catalogue::CatalogueControl) -> Control {
        Control {
            effect: Effect::starting(&entry.attributes.control_type),
            ..Control::planned(&entry.id, &entry.title)
        }
    }

    /// One-off cost spread over the control's lifetime, plus the annual cost.
    pub fn annualised_cost(&self) -> f64 {
        self.annual_cost + self.one_off_cost / self.lifetime_years.unwrap_or(DEFAULT_LIFETIME_YEARS)
    }

    /// Field problems of this control, under `path`.
    pub fn check(&self, path: &str, problems: &mut Vec<Problem>) {
        if self.title.trim().is_empty() {
            problems.push(Problem::new(field(path, "title"), "must not be empty"));
        }
        if let Some(date) = &self.due_date
            && !is_date(date)
        {
            problems.push(Problem::new(
                field(path, "due_date"),
                format!("\"{date}\" is not a date such as \"2027-03-31\""),
            ));
        }
        for (name, value) in [("one_off_cost", self.one_off_cost), ("annual_cost", self.annual_cost)] {
            if let Some(message) = crate::model::limits::amount_problem(value) {
                problems.push(Problem::new(field(path, name), message));
            }
        }
        if let Some(years) = self.lifetime_years
            && !(years.is_finite() && (1.0..=1000.0).contains(&years))
        {
            problems.push(Problem::new(
                field(path, "lifetime_years"),
                "must be between 1 and 1000 years",
            ));
        }
        let effect = field(path, "effect");
        for (i, reduction) in self.effect.reductions.iter().enumerate() {
            let at = index(&field(&effect, "reductions"), i);
            reduction
                .effectiveness
                .check(&field(&at, "effectiveness"), Bounds::PROBABILITY, problems);
            if self.effect.reductions[..i].iter().any(|r| r.factor == reduction.factor) {
                problems.push(Problem::new(
                    field(&at, "factor"),
                    format!("\"{}\" is reduced twice by this control", reduction.factor.as_str()),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_down_are_whole_numbers_up_to_the_largest_scale() {
        for (text, levels) in [("0", 0), (" 6 ", 6), ("2", 2)] {
            assert_eq!(Effect::parse_levels(text), Ok(levels), "{text}");
        }
        for text in ["7", "-1", "2.5", "", "many", "256"] {
            assert!(
                Effect::parse_levels(text).unwrap_err().contains("from 0 to 6"),
                "{text}"
            );
        }
    }

    #[test]
    fn only_implemented_controls_operate_and_retired_or_ineffective_ones_are_out_of_the_plan() {
        use ControlStatus::*;
        assert_eq!(
            ControlStatus::ALL.map(ControlStatus::in_operation),
            [false, false, true, false, false]
        );
        assert_eq!(
            ControlStatus::ALL.map(ControlStatus::in_plan),
            [true, true, true, false, false]
        );
        assert_eq!(
            ControlStatus::ALL.map(|s| ControlStatus::parse(s.as_str())),
            [Planned, InProgress, Implemented, NotEffective, Retired].map(Some)
        );
    }

    #[test]
    fn costs_annualise_over_the_lifetime() {
        let mut c: Control = serde_json::from_str(
            r#"{"id":"8.13","title":"Information backup","status":"planned","one_off_cost":30000,"annual_cost":5000}"#,
        )
        .unwrap();
        assert_eq!(c.annualised_cost(), 15_000.0);
        c.lifetime_years = Some(5.0);
        assert_eq!(c.annualised_cost(), 11_000.0);
    }

    #[test]
    fn problems_name_the_field() {
        let c: Control = serde_json::from_str(
            r#"{"id":"8.13","title":"","status":"planned","due_date":"31/03/2027","annual_cost":-1,
                "effect":{"reductions":[{"factor":"frequency","effectiveness":{"type":"pert","min":0.3,"mode":0.5,"max":1.7}},
                                        {"factor":"frequency","effectiveness":{"type":"constant","value":0.2}}]}}"#,
        )
        .unwrap();
        let mut problems = Vec::new();
        c.check("$.controls[0]", &mut problems);
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert!(paths.contains(&"$.controls[0].title"), "{paths:?}");
        assert!(paths.contains(&"$.controls[0].due_date"), "{paths:?}");
        assert!(paths.contains(&"$.controls[0].annual_cost"), "{paths:?}");
        assert!(
            paths
                .iter()
                .any(|p| p.starts_with("$.controls[0].effect.reductions[0].effectiveness")),
            "{paths:?}"
        );
        assert!(
            paths.contains(&"$.controls[0].effect.reductions[1].factor"),
            "{paths:?}"
        );
    }
}

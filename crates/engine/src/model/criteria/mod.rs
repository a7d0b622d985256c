//! Risk criteria (ISO/IEC 27001 6.1.2 a): the likelihood and impact scales, the risk
//! matrix that maps a likelihood × impact cell to a risk level, and the risk levels
//! with the appetite (which levels are accepted without treatment).

use serde::{Deserialize, Serialize};

use crate::model::problem::{Problem, field, index};

mod preset;

pub use preset::{MatrixStyle, preset};

/// The smallest and largest number of levels a likelihood or impact scale may have.
pub const SCALE_LEVELS: std::ops::RangeInclusive<usize> = 3..=7;

/// The risk criteria (ISO/IEC 27001 6.1.2 a, ISO/IEC 27005): the likelihood and impact
/// scales, the risk matrix, the risk levels with the appetite, and optional annual-loss
/// thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RiskCriteria {
    /// Increases by one on every change to the scales, the matrix or the levels. Each
    /// assessment records the version it was scored under, so that results stay comparable.
    pub version: u32,
    /// Likelihood levels, lowest first (3 to 7). A score is the 1-based position here.
    pub likelihood: Vec<ScaleLevel>,
    /// Impact levels, lowest first (3 to 7). A score is the 1-based position here.
    pub impact: Vec<ScaleLevel>,
    /// Whether a risk's impact is scored once, or per security property with the overall
    /// impact taken as the highest of the three.
    #[serde(default)]
    pub impact_mode: ImpactMode,
    /// Risk levels, lowest first.
    pub levels: Vec<RiskLevel>,
    /// `matrix[l - 1][i - 1]` is the id of the risk level for likelihood `l` and impact `i`.
    pub matrix: Vec<Vec<String>>,
    /// Annual-loss thresholds of the quantitative risk appetite, lowest first, e.g.
    /// "appetite" and "tolerance". Results report P(annual loss > each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub loss_thresholds: Vec<LossThreshold>,
}

/// A point of the quantitative risk appetite: an annual loss the results report the chance
/// of exceeding, optionally with the most chance the organisation accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LossThreshold {
    /// Name of the threshold shown in results, e.g. "appetite" or "tolerance"; must not be
    /// empty.
    pub name: String,
    /// Annual loss in the register's currency.
    pub annual_loss: f64,
    /// The most chance the organisation accepts of losing more than `annual_loss` in a
    /// year (0–1). The thresholds with one form the risk appetite curve, which a loss
    /// exceedance curve must stay under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_probability: Option<f64>,
}

impl RiskCriteria {
    /// The appetite curve's points `(annual_loss, max_probability)`, lowest loss first.
    pub fn appetite_curve(&self) -> Vec<(f64, f64)> {
        self.loss_thresholds
            .iter()
            .filter_map(|t| Some((t.annual_loss, t.max_probability?)))
            .collect()
    }

    /// For each point of the appetite curve, whether the chances of losing more
    /// (`exceedance[i]`, one per threshold, as the statistics report them) stay within it.
    pub fn within_appetite_curve(&self, exceedance: &[f64]) -> Vec<(String, f64, f64, bool)> {
        self.loss_thresholds
            .iter()
            .zip(exceedance)
            .filter_map(|(t, &p)| t.max_probability.map(|max| (t.name.clone(), p, max, p <= max)))
            .collect()
    }
}

/// One level of a likelihood or impact scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScaleLevel {
    /// Display label of the level, e.g. "Likely" or "Major".
    pub label: String,
    /// What the level means in words, to guide consistent scoring; may be empty.
    #[serde(default)]
    pub description: String,
    /// Optional quantitative meaning: for likelihood, events per year; for impact, a loss
    /// per event in the register's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Anchor>,
}

/// A quantitative range that anchors a qualitative level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// Lower end of the range (≥ 0): events per year for likelihood, loss per event in
    /// currency units for impact. A score is simulated as a lognormal with this as its 5th
    /// percentile (a uniform from 0 when this is 0).
    pub low: f64,
    /// Upper end of the range (above `low`), in the same unit; the 95th percentile of the
    /// lognormal (or the maximum of the uniform) a score is simulated with.
    pub high: f64,
}

named_enum! {
    /// How impact is scored on the impact scale.
    #[derive(Default)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
    pub enum ImpactMode {
        /// One impact score per risk.
        #[default]
        Overall = ("overall", "once per risk"),
        /// An impact score per affected security property; the overall impact is the highest.
        PerProperty = ("per_property", "per C/I/A property (overall = highest)"),
    }
}

/// A level of risk, e.g. "High", with what must be done about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RiskLevel {
    /// Stable identifier used by the matrix, e.g. "high".
    pub id: String,
    /// Display name of the level, e.g. "High".
    pub name: String,
    /// Display colour as `#rrggbb`.
    pub colour: String,
    /// The action this level requires, e.g. "Treat within 30 days".
    #[serde(default)]
    pub action: String,
    /// How often a risk at this level is reviewed, in days.
    pub review_interval_days: u32,
    /// The risk appetite: whether a risk at this level is accepted without treatment.
    pub accepted: bool,
}

impl RiskLevel {
    /// Reads a review interval as typed: a whole number of days from 1 (a mistyped
    /// interval is refused, never stored as 0).
    pub fn parse_review_interval(text: &str) -> Result<u32, String> {
        text.trim()
            .parse::<u32>()
            .ok()
            .filter(|days| *days >= 1)
            .ok_or_else(|| format!("\"{}\" is not a whole number of days from 1", text.trim()))
    }
}

impl RiskCriteria {
    /// The risk level for a likelihood and an impact score (both 1-based).
    pub fn level(&self, likelihood: u8, impact: u8) -> Option<&RiskLevel> {
        let row = self.matrix.get(usize::from(likelihood).checked_sub(1)?)?;
        let id = row.get(usize::from(impact).checked_sub(1)?)?;
        self.levels.iter().find(|level| &level.id == id)
    }

    /// The position of a level (0 = lowest), which orders risks by severity.
    pub fn level_rank(&self, id: &str) -> Option<usize> {
        self.levels.iter().position(|level| level.id == id)
    }

    /// Whether the criteria say the same thing, ignoring the version number.
    pub fn same_rules_as(&self, other: &RiskCriteria) -> bool {
        RiskCriteria {
            version: other.version,
            ..self.clone()
        } == *other
    }

    /// Every problem with the criteria, each named by its path under `path`.
    pub fn check(&self, path: &str, problems: &mut Vec<Problem>) {
        if self.version == 0 {
            problems.push(Problem::new(field(path, "version"), "must be 1 or more"));
        }
        check_scale(
            &self.likelihood,
            &field(path, "likelihood"),
            "events per year",
            problems,
        );
        check_scale(&self.impact, &field(path, "impact"), "loss", problems);
        self.check_levels(&field(path, "levels"), problems);
        self.check_matrix(&field(path, "matrix"), problems);
        for (i, threshold) in self.loss_thresholds.iter().enumerate() {
            let at = index(&field(path, "loss_thresholds"), i);
            if threshold.name.trim().is_empty() {
                problems.push(Problem::new(field(&at, "name"), "must not be empty"));
            }
            if !(threshold.annual_loss.is_finite() && threshold.annual_loss > 0.0) {
                problems.push(Problem::new(field(&at, "annual_loss"), "must be a number above 0"));
            } else if let Some(message) = crate::model::limits::amount_problem(threshold.annual_loss) {
                problems.push(Problem::new(field(&at, "annual_loss"), message));
            } else if i > 0 && threshold.annual_loss <= self.loss_thresholds[i - 1].annual_loss {
                problems.push(Problem::new(
                    field(&at, "annual_loss"),
                    "must be above the threshold before it",
                ));
            }
            if let Some(p) = threshold.max_probability {
                let before = self.loss_thresholds[..i].iter().rev().find_map(|t| t.max_probability);
                if !(p > 0.0 && p < 1.0) {
                    problems.push(Problem::new(
                        field(&at, "max_probability"),
                        "must be a probability between 0 and 1",
                    ));
                } else if before.is_some_and(|b| p > b) {
                    problems.push(Problem::new(
                        field(&at, "max_probability"),
                        "must not be above the chance allowed for a smaller loss",
                    ));
                }
            }
        }
    }

    fn check_levels(&self, path: &str, problems: &mut Vec<Problem>) {
        if self.levels.is_empty() {
            problems.push(Problem::new(path, "at least one risk level is needed"));
        }
        for (i, level) in self.levels.iter().enumerate() {
            let at = index(path, i);
            if level.id.trim().is_empty() {
                problems.push(Problem::new(field(&at, "id"), "must not be empty"));
            } else if self.levels[..i].iter().any(|other| other.id == level.id) {
                problems.push(Problem::new(
                    field(&at, "id"),
                    format!("\"{}\" is used by an earlier level", level.id),
                ));
            }
            if level.name.trim().is_empty() {
                problems.push(Problem::new(field(&at, "name"), "must not be empty"));
            }
            if !is_hex_colour(&level.colour) {
                problems.push(Problem::new(
                    field(&at, "colour"),
                    format!("\"{}\" is not a colour of the form #rrggbb", level.colour),
                ));
            }
            if level.review_interval_days == 0 {
                problems.push(Problem::new(
                    field(&at, "review_interval_days"),
                    "must be 1 day or more",
                ));
            }
        }
    }

    fn check_matrix(&self, path: &str, problems: &mut Vec<Problem>) {
        if self.matrix.len() != self.likelihood.len() {
            problems.push(Problem::new(
                path,
                format!(
                    "has {} rows but the likelihood scale has {} levels",
                    self.matrix.len(),
                    self.likelihood.len()
                ),
            ));
        }
        for (l, row) in self.matrix.iter().enumerate() {
            let at = index(path, l);
            if row.len() != self.impact.len() {
                problems.push(Problem::new(
                    &at,
                    format!(
                        "has {} cells but the impact scale has {} levels",
                        row.len(),
                        self.impact.len()
                    ),
                ));
            }
            for (i, id) in row.iter().enumerate() {
                if !self.levels.iter().any(|level| &level.id == id) {
                    problems.push(Problem::new(
                        index(&at, i),
                        format!("\"{id}\" is not the id of a risk level"),
                    ));
                }
            }
        }
    }
}

fn check_scale(scale: &[ScaleLevel], path: &str, unit: &str, problems: &mut Vec<Problem>) {
    if !SCALE_LEVELS.contains(&scale.len()) {
        problems.push(Problem::new(
            path,
            format!(
                "has {} levels; a scale needs {} to {}",
                scale.len(),
                SCALE_LEVELS.start(),
                SCALE_LEVELS.end()
            ),
        ));
    }
    let mut previous: Option<Anchor> = None;
    for (i, level) in scale.iter().enumerate() {
        let at = index(path, i);
        if level.label.trim().is_empty() {
            problems.push(Problem::new(field(&at, "label"), "must not be empty"));
        }
        let Some(anchor) = level.anchor else { continue };
        let at = field(&at, "anchor");
        let limit = if unit == "loss" {
            crate::model::limits::amount_limit_problem
        } else {
            crate::model::limits::frequency_limit_problem
        };
        if !(anchor.low.is_finite() && anchor.low >= 0.0) {
            problems.push(Problem::new(field(&at, "low"), format!("{unit} must be a number ≥ 0")));
        } else if !(anchor.high.is_finite() && anchor.high > anchor.low) {
            problems.push(Problem::new(
                field(&at, "high"),
                format!("{unit} must be a number above low"),
            ));
        } else if let Some(message) = limit(anchor.high) {
            problems.push(Problem::new(field(&at, "high"), message));
        } else if let Some(before) = previous
            && anchor.low < before.low
        {
            problems.push(Problem::new(
                field(&at, "low"),
                "is below the anchor of the level beneath it; anchors must rise with the scale",
            ));
        }
        previous = Some(anchor);
    }
}

fn is_hex_colour(colour: &str) -> bool {
    colour.len() == 7 && colour.starts_with('#') && colour[1..].chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod appetite_curve_tests {
    use crate::model::problem::Problem;

    #[test]
    fn the_appetite_curve_is_checked_and_compared_with_exceedance() {
        let mut criteria = crate::io::document::load(crate::DEMO_REGISTER_JSON)
            .unwrap()
            .register
            .criteria;
        let curve = criteria.appetite_curve();
        assert_eq!(curve.len(), 2);
        assert!(curve[0].0 < curve[1].0 && curve[0].1 > curve[1].1);
        // P(> appetite) 8% against 10% passes; P(> tolerance) 2% against 1% does not.
        let verdict = criteria.within_appetite_curve(&[0.08, 0.02]);
        assert_eq!(verdict.iter().map(|v| v.3).collect::<Vec<_>>(), [true, false]);
        criteria.loss_thresholds[1].max_probability = Some(0.5);
        criteria.loss_thresholds[0].max_probability = Some(1.5);
        let mut problems: Vec<Problem> = Vec::new();
        criteria.check("$.criteria", &mut problems);
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["$.criteria.loss_thresholds[0].max_probability"]);
        criteria.loss_thresholds[0].max_probability = Some(0.1);
        let mut problems: Vec<Problem> = Vec::new();
        criteria.check("$.criteria", &mut problems);
        assert_eq!(
            problems.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(),
            ["$.criteria.loss_thresholds[1].max_probability"]
        );
    }
}

#[cfg(test)]
mod review_interval_tests {
    use super::RiskLevel;

    #[test]
    fn a_review_interval_is_a_whole_number_of_days_from_one() {
        assert_eq!(RiskLevel::parse_review_interval(" 90 "), Ok(90));
        assert_eq!(RiskLevel::parse_review_interval("1"), Ok(1));
        for bad in ["0", "", "ninety", "30.5", "-7", "1e2", "99999999999"] {
            let why = RiskLevel::parse_review_interval(bad).unwrap_err();
            assert!(why.ends_with("is not a whole number of days from 1"), "{bad}: {why}");
        }
    }
}

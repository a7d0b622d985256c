//! Probability distributions for the uncertain inputs of a FAIR model: the estimates an
//! analyst gives (min/most likely/max, a 90% interval, …). Each is checked with errors
//! that name the field, and resolved against the bounds of the quantity it describes
//! into a [`Shape`] that has a mean, a CDF, a quantile function and a fast sampler
//! ([`QuantileTable`]).

use serde::Serialize;

use crate::model::number::grouped;
use crate::model::problem::{Problem, field};

mod kind;
mod poisson;
mod quantile_table;
mod read;
mod shape;
pub mod special;

pub use kind::{DistributionKind, NotOfKind, Parameter};
pub use poisson::{poisson_quantile, poisson_quantiles};
pub use quantile_table::QuantileTable;
pub use shape::Shape;

use libm::log;
use special::normal_cdf;

/// z such that Φ(z) = 0.95: a 90% interval spans ±Z90 standard deviations.
pub const Z90: f64 = 1.644_853_626_951_472_2;

/// The default PERT shape parameter γ (the weight of the most likely value).
pub const PERT_GAMMA: f64 = 4.0;

/// An analyst's uncertain estimate of one FAIR factor, tagged by `type`. Parameters are in
/// the unit of the factor: events per year for a frequency, a fraction 0–1 for a
/// probability, currency units for a loss, 0–100 for capability and resistance.
// Read by `read.rs`'s hand-written `Deserialize`, which accepts what the `tag = "type"`
// derive would, but reads the fields in place instead of buffering the object first, so
// that an error carries its position (and so its path) in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Distribution {
    /// A known value.
    Constant {
        /// The value, within the factor's bounds.
        value: f64,
    },
    /// Every value between `min` and `max` equally likely.
    Uniform {
        /// Smallest possible value.
        min: f64,
        /// Largest possible value; above `min`.
        max: f64,
    },
    /// Triangular on [min, max], peaking at the most likely value `mode`.
    Triangular {
        /// Smallest possible value.
        min: f64,
        /// Most likely value, between `min` and `max`.
        mode: f64,
        /// Largest possible value; above `min`.
        max: f64,
    },
    /// Beta-PERT on [min, max] with mode `mode`; `gamma` (default 4) weights the mode.
    Pert {
        /// Smallest possible value.
        min: f64,
        /// Most likely value, between `min` and `max`.
        mode: f64,
        /// Largest possible value; above `min`.
        max: f64,
        /// Weight of the most likely value, in (0, 100]; 4 by default. Higher means more
        /// peaked.
        #[serde(default = "default_gamma")]
        gamma: f64,
    },
    /// Lognormal given by a 90% interval: `low` is the 5th percentile, `high` the 95th.
    Lognormal {
        /// 5th percentile: a 1-in-20 chance of a smaller value; above 0.
        low: f64,
        /// 95th percentile: a 1-in-20 chance of a larger value; above `low`.
        high: f64,
    },
    /// Normal, truncated to the bounds of the quantity (for example at 0 for a loss).
    Normal {
        /// Mean of the normal before truncation.
        mean: f64,
        /// Standard deviation before truncation; above 0.
        sd: f64,
    },
    /// Beta(alpha, beta) on [0, 1], for probabilities.
    Beta {
        /// First shape parameter α, in (0, 10000]; the mean is α / (α + β).
        alpha: f64,
        /// Second shape parameter β, in (0, 10000].
        beta: f64,
    },
    /// Poisson with the given mean, for counts.
    Poisson {
        /// Mean count, 0 to 1,000,000.
        mean: f64,
    },
    /// Observed or simulated values, each equally likely (pyfair's `raw` samples, a loss
    /// history): a draw is the sorted values' inverse CDF, so the estimate's mean is the
    /// values' mean.
    Empirical {
        /// The values, in increasing order (a file may give them in any order), within
        /// the quantity's bounds; at least 1 and at most 1,000,000 of them.
        values: Vec<f64>,
    },
}

/// The most values an empirical estimate may hold (a million: more than any register
/// kept in a browser's storage could carry).
pub const MAX_EMPIRICAL_VALUES: usize = 1_000_000;

// The schema's default for `gamma` (the reader in `read.rs` applies it); only the schema
// generator, which is native, names it.
#[cfg(not(target_arch = "wasm32"))]
fn default_gamma() -> f64 {
    PERT_GAMMA
}

/// The values a quantity can take, e.g. [0, ∞) for a loss, [0, 1] for a probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Smallest value the quantity can take.
    pub lower: f64,
    /// Largest value the quantity can take; infinite when it has no upper limit.
    pub upper: f64,
}

impl Bounds {
    /// [0, ∞): frequencies (events per year) and losses (currency units).
    pub const NON_NEGATIVE: Bounds = Bounds {
        lower: 0.0,
        upper: f64::INFINITY,
    };
    /// [0, 1]: probabilities such as vulnerability or probability of action, and control
    /// effectiveness.
    pub const PROBABILITY: Bounds = Bounds { lower: 0.0, upper: 1.0 };
    /// [0, 100]: the FAIR scores threat capability and resistance strength.
    pub const SCORE_0_100: Bounds = Bounds {
        lower: 0.0,
        upper: 100.0,
    };

    fn describe(&self) -> String {
        if self.upper.is_infinite() {
            format!("at least {}", self.lower)
        } else {
            format!("between {} and {}", self.lower, self.upper)
        }
    }
}

impl Distribution {
    /// A PERT estimate on [min, max] with most likely value `mode` and the default γ of
    /// [`PERT_GAMMA`].
    pub fn pert(min: f64, mode: f64, max: f64) -> Self {
        Distribution::Pert {
            min,
            mode,
            max,
            gamma: PERT_GAMMA,
        }
    }

    /// An empirical estimate of `values`, put in increasing order.
    pub fn empirical(mut values: Vec<f64>) -> Self {
        values.sort_by(f64::total_cmp);
        Distribution::Empirical { values }
    }

    /// Checks the parameters against each other and against the bounds of the
    /// quantity; each problem names the parameter at `path`.
    pub fn check(&self, path: &str, bounds: Bounds, problems: &mut Vec<Problem>) {
        if let Distribution::Empirical { values } = self {
            return check_values(path, values, bounds, problems);
        }
        let start = problems.len();
        let finite = |name: &str, v: f64, problems: &mut Vec<Problem>| {
            if !v.is_finite() {
                problems.push(Problem::new(field(path, name), "must be a finite number"));
            }
        };
        let params = self.parameters();
        for (parameter, v) in &params {
            finite(parameter.as_str(), *v, problems);
        }
        if problems.len() > start {
            return;
        }
        let mut fail = |name: &str, message: String| problems.push(Problem::new(field(path, name), message));
        let in_bounds = |v: f64| v >= bounds.lower && v <= bounds.upper;
        match *self {
            Distribution::Constant { value } => {
                if !in_bounds(value) {
                    fail(Parameter::Value.as_str(), format!("must be {}", bounds.describe()));
                }
            }
            Distribution::Uniform { min, max }
            | Distribution::Triangular { min, max, .. }
            | Distribution::Pert { min, max, .. } => {
                if !in_bounds(min) {
                    fail(Parameter::Min.as_str(), format!("must be {}", bounds.describe()));
                }
                if !in_bounds(max) {
                    fail(Parameter::Max.as_str(), format!("must be {}", bounds.describe()));
                }
                if max <= min {
                    fail(
                        Parameter::Max.as_str(),
                        format!("must be greater than min ({})", grouped(min)),
                    );
                }
                if let Distribution::Triangular { mode, .. } | Distribution::Pert { mode, .. } = *self
                    && max > min
                    && !(min..=max).contains(&mode)
                {
                    fail(
                        Parameter::Mode.as_str(),
                        format!("must be between min ({}) and max ({})", grouped(min), grouped(max)),
                    );
                }
                if let Distribution::Pert { gamma, .. } = *self
                    && !(gamma > 0.0 && gamma <= 100.0)
                {
                    fail(
                        Parameter::Gamma.as_str(),
                        "must be greater than 0 and at most 100".into(),
                    );
                }
            }
            Distribution::Lognormal { low, high } => {
                if bounds.upper.is_finite() {
                    fail(
                        "type",
                        format!(
                            "a lognormal has no upper limit; this quantity must be {}",
                            bounds.describe()
                        ),
                    );
                }
                if !(low > 0.0 && low >= bounds.lower) {
                    fail(Parameter::Low.as_str(), "must be greater than 0".into());
                }
                if high <= low {
                    fail(
                        Parameter::High.as_str(),
                        format!("must be greater than low ({})", grouped(low)),
                    );
                } else if low > 0.0 && !self.shape(bounds).mean().is_finite() {
                    // A 90% interval over hundreds of orders of magnitude has no finite
                    // mean: nothing could compute with it, and no file could carry it.
                    fail(
                        Parameter::Low.as_str(),
                        format!(
                            "is so far below high ({high}) that the estimate's mean is infinite: no 90% interval spans {:.0} orders of magnitude",
                            (high / low).log10()
                        ),
                    );
                }
            }
            Distribution::Normal { mean, sd } => {
                if sd <= 0.0 {
                    fail(Parameter::Sd.as_str(), "must be greater than 0".into());
                } else {
                    let mass = normal_cdf((bounds.upper - mean) / sd) - normal_cdf((bounds.lower - mean) / sd);
                    if mass < 1e-3 {
                        fail(
                            "mean",
                            format!(
                                "puts almost no probability where the quantity can be ({})",
                                bounds.describe()
                            ),
                        );
                    }
                }
            }
            Distribution::Beta { alpha, beta } => {
                if bounds.lower > 0.0 || bounds.upper < 1.0 {
                    fail(
                        "type",
                        format!("a beta lies on [0, 1]; this quantity must be {}", bounds.describe()),
                    );
                }
                if !(alpha > 0.0 && alpha <= 1e4) {
                    fail(
                        Parameter::Alpha.as_str(),
                        "must be greater than 0 and at most 10000".into(),
                    );
                }
                if !(beta > 0.0 && beta <= 1e4) {
                    fail(
                        Parameter::Beta.as_str(),
                        "must be greater than 0 and at most 10000".into(),
                    );
                }
            }
            Distribution::Empirical { .. } => unreachable!("checked above"),
            Distribution::Poisson { mean } => {
                if bounds.upper.is_finite() || bounds.lower > 0.0 {
                    fail(
                        "type",
                        format!(
                            "a Poisson count has no upper limit; this quantity must be {}",
                            bounds.describe()
                        ),
                    );
                }
                if !(0.0..=1e6).contains(&mean) {
                    fail(Parameter::Mean.as_str(), "must be between 0 and 1000000".into());
                }
            }
        }
    }

    /// Resolves the distribution against the bounds of its quantity. Call [`check`] first:
    /// parameters that fail it give a meaningless shape.
    ///
    /// [`check`]: Distribution::check
    pub fn shape(&self, bounds: Bounds) -> Shape {
        match *self {
            Distribution::Constant { value } => Shape::Constant(value),
            Distribution::Uniform { min, max } => Shape::Uniform { min, max },
            Distribution::Triangular { min, mode, max } => Shape::Triangular { min, mode, max },
            Distribution::Pert { min, mode, max, gamma } => Shape::ScaledBeta {
                min,
                width: max - min,
                a: 1.0 + gamma * (mode - min) / (max - min),
                b: 1.0 + gamma * (max - mode) / (max - min),
            },
            Distribution::Lognormal { low, high } => Shape::Lognormal {
                mu: 0.5 * (log(low) + log(high)),
                sigma: (log(high) - log(low)) / (2.0 * Z90),
            },
            Distribution::Normal { mean, sd } => Shape::TruncatedNormal {
                mean,
                sd,
                p_lower: normal_cdf((bounds.lower - mean) / sd),
                p_upper: normal_cdf((bounds.upper - mean) / sd),
            },
            Distribution::Beta { alpha, beta } => Shape::ScaledBeta {
                min: 0.0,
                width: 1.0,
                a: alpha,
                b: beta,
            },
            Distribution::Poisson { mean } => Shape::Poisson(mean),
            Distribution::Empirical { ref values } => {
                let mut sorted: Vec<f64> = values.clone();
                if !values.is_sorted_by(|a, b| a.total_cmp(b).is_le()) {
                    sorted.sort_by(f64::total_cmp);
                }
                Shape::Empirical(sorted.into())
            }
        }
    }
}

/// The checks of an empirical estimate's values: a problem for the first value out of
/// place, not one for each of thousands.
fn check_values(path: &str, values: &[f64], bounds: Bounds, problems: &mut Vec<Problem>) {
    let at = |i: usize| format!("{}[{i}]", field(path, "values"));
    if values.is_empty() {
        problems.push(Problem::new(field(path, "values"), "must hold at least one value"));
    } else if values.len() > MAX_EMPIRICAL_VALUES {
        problems.push(Problem::new(
            field(path, "values"),
            format!("holds {} values: at most {MAX_EMPIRICAL_VALUES}", values.len()),
        ));
    } else if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        problems.push(Problem::new(at(i), "must be a finite number"));
    } else if let Some(i) = values.iter().position(|&v| v < bounds.lower || v > bounds.upper) {
        let more = values.iter().filter(|&&v| v < bounds.lower || v > bounds.upper).count() - 1;
        let others = match more {
            0 => String::new(),
            1 => " (so must 1 other value)".into(),
            n => format!(" (so must {n} other values)"),
        };
        problems.push(Problem::new(at(i), format!("must be {}{others}", bounds.describe())));
    }
}

#[cfg(test)]
mod tests;

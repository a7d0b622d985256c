//! Probability distributions for the uncertain inputs of a FAIR model: the estimates an
//! analyst gives (min/most likely/max, a 90% interval, …). Each is checked with errors
//! that name the field, and resolved against the bounds of the quantity it describes
//! into a [`Shape`] that has a mean, a CDF, a quantile function and a fast sampler
//! ([`QuantileTable`]).

use serde::Serialize;

use crate::model::problem::{Problem, field};

mod quantile_table;
mod read;
pub mod special;

pub use quantile_table::QuantileTable;

use libm::{exp, log, sqrt};
use special::{beta_cdf, beta_quantile_from, beta_quantiles, normal_cdf, normal_pdf, normal_quantile, poisson_cdf};

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
}

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

    /// The distribution's JSON `type`, e.g. "pert" or "lognormal".
    pub fn name(&self) -> &'static str {
        match self {
            Distribution::Constant { .. } => "constant",
            Distribution::Uniform { .. } => "uniform",
            Distribution::Triangular { .. } => "triangular",
            Distribution::Pert { .. } => "pert",
            Distribution::Lognormal { .. } => "lognormal",
            Distribution::Normal { .. } => "normal",
            Distribution::Beta { .. } => "beta",
            Distribution::Poisson { .. } => "poisson",
        }
    }

    /// Checks the parameters against each other and against the bounds of the
    /// quantity; each problem names the parameter at `path`.
    pub fn check(&self, path: &str, bounds: Bounds, problems: &mut Vec<Problem>) {
        let start = problems.len();
        let finite = |name: &str, v: f64, problems: &mut Vec<Problem>| {
            if !v.is_finite() {
                problems.push(Problem::new(field(path, name), "must be a finite number"));
            }
        };
        let params = self.parameters();
        for (name, v) in &params {
            finite(name, *v, problems);
        }
        if problems.len() > start {
            return;
        }
        let mut fail = |name: &str, message: String| problems.push(Problem::new(field(path, name), message));
        let in_bounds = |v: f64| v >= bounds.lower && v <= bounds.upper;
        match *self {
            Distribution::Constant { value } => {
                if !in_bounds(value) {
                    fail("value", format!("must be {}", bounds.describe()));
                }
            }
            Distribution::Uniform { min, max }
            | Distribution::Triangular { min, max, .. }
            | Distribution::Pert { min, max, .. } => {
                if !in_bounds(min) {
                    fail("min", format!("must be {}", bounds.describe()));
                }
                if !in_bounds(max) {
                    fail("max", format!("must be {}", bounds.describe()));
                }
                if max <= min {
                    fail("max", format!("must be greater than min ({min})"));
                }
                if let Distribution::Triangular { mode, .. } | Distribution::Pert { mode, .. } = *self
                    && max > min
                    && !(min..=max).contains(&mode)
                {
                    fail("mode", format!("must be between min ({min}) and max ({max})"));
                }
                if let Distribution::Pert { gamma, .. } = *self
                    && !(gamma > 0.0 && gamma <= 100.0)
                {
                    fail("gamma", "must be greater than 0 and at most 100".into());
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
                    fail("low", "must be greater than 0".into());
                }
                if high <= low {
                    fail("high", format!("must be greater than low ({low})"));
                }
            }
            Distribution::Normal { mean, sd } => {
                if sd <= 0.0 {
                    fail("sd", "must be greater than 0".into());
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
                    fail("alpha", "must be greater than 0 and at most 10000".into());
                }
                if !(beta > 0.0 && beta <= 1e4) {
                    fail("beta", "must be greater than 0 and at most 10000".into());
                }
            }
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
                    fail("mean", "must be between 0 and 1000000".into());
                }
            }
        }
    }

    /// The kinds, by their JSON `type`.
    pub const KINDS: [&'static str; 8] = [
        "constant",
        "uniform",
        "triangular",
        "pert",
        "lognormal",
        "normal",
        "beta",
        "poisson",
    ];

    /// A distribution of `kind` for a quantity within `bounds`, carrying over the range of
    /// `like` (the one it replaces) where it has one.
    pub fn of_kind(kind: &str, like: Option<&Distribution>, bounds: Bounds) -> Option<Distribution> {
        let (low, high) = like.map(|d| d.range()).unwrap_or(if bounds.upper.is_finite() {
            (
                bounds.lower + 0.1 * (bounds.upper - bounds.lower),
                bounds.lower + 0.6 * (bounds.upper - bounds.lower),
            )
        } else {
            (1.0, 10.0)
        });
        // Kept inside the bounds of the quantity: a loss range carried over to a
        // probability (a Bernoulli event model) must not give a probability of 1.05.
        let (low, high) = (
            low.clamp(bounds.lower, bounds.upper),
            high.clamp(bounds.lower, bounds.upper),
        );
        let (low, high) = match (high > low, bounds.upper.is_finite()) {
            (true, _) => (low, high),
            (false, true) => {
                let span = bounds.upper - bounds.lower;
                (bounds.lower + 0.1 * span, bounds.lower + 0.6 * span)
            }
            (false, false) => (low, low + 1.0),
        };
        let mid = 0.5 * (low + high);
        Some(match kind {
            "constant" => Distribution::Constant { value: mid },
            "uniform" => Distribution::Uniform { min: low, max: high },
            "triangular" => Distribution::Triangular {
                min: low,
                mode: mid,
                max: high,
            },
            "pert" => Distribution::pert(low, mid, high),
            "lognormal" => Distribution::Lognormal {
                low: low.max(f64::MIN_POSITIVE),
                high,
            },
            "normal" => Distribution::Normal {
                mean: mid,
                sd: (high - low) / (2.0 * Z90),
            },
            "beta" => Distribution::Beta { alpha: 2.0, beta: 5.0 },
            "poisson" => Distribution::Poisson { mean: mid },
            _ => return None,
        })
    }

    /// A low and a high value that describe where the distribution lies.
    pub fn range(&self) -> (f64, f64) {
        match *self {
            Distribution::Constant { value } => (value, value),
            Distribution::Uniform { min, max }
            | Distribution::Triangular { min, max, .. }
            | Distribution::Pert { min, max, .. } => (min, max),
            Distribution::Lognormal { low, high } => (low, high),
            Distribution::Normal { mean, sd } => (mean - Z90 * sd, mean + Z90 * sd),
            Distribution::Beta { .. } => (0.0, 1.0),
            Distribution::Poisson { mean } => (0.0, 2.0 * mean),
        }
    }

    /// Sets the parameter `name` (as in the JSON form); other names are ignored.
    pub fn set_parameter(&mut self, name: &str, v: f64) {
        match (self, name) {
            (Distribution::Constant { value }, "value") => *value = v,
            (
                Distribution::Uniform { min, .. }
                | Distribution::Triangular { min, .. }
                | Distribution::Pert { min, .. },
                "min",
            ) => *min = v,
            (
                Distribution::Uniform { max, .. }
                | Distribution::Triangular { max, .. }
                | Distribution::Pert { max, .. },
                "max",
            ) => *max = v,
            (Distribution::Triangular { mode, .. } | Distribution::Pert { mode, .. }, "mode") => *mode = v,
            (Distribution::Pert { gamma, .. }, "gamma") => *gamma = v,
            (Distribution::Lognormal { low, .. }, "low") => *low = v,
            (Distribution::Lognormal { high, .. }, "high") => *high = v,
            (Distribution::Normal { mean, .. } | Distribution::Poisson { mean }, "mean") => *mean = v,
            (Distribution::Normal { sd, .. }, "sd") => *sd = v,
            (Distribution::Beta { alpha, .. }, "alpha") => *alpha = v,
            (Distribution::Beta { beta, .. }, "beta") => *beta = v,
            _ => {}
        }
    }

    /// The parameters with their JSON names, in the order a form shows them.
    pub fn parameters(&self) -> Vec<(&'static str, f64)> {
        match *self {
            Distribution::Constant { value } => vec![("value", value)],
            Distribution::Uniform { min, max } => vec![("min", min), ("max", max)],
            Distribution::Triangular { min, mode, max } => vec![("min", min), ("mode", mode), ("max", max)],
            Distribution::Pert { min, mode, max, gamma } => {
                vec![("min", min), ("mode", mode), ("max", max), ("gamma", gamma)]
            }
            Distribution::Lognormal { low, high } => vec![("low", low), ("high", high)],
            Distribution::Normal { mean, sd } => vec![("mean", mean), ("sd", sd)],
            Distribution::Beta { alpha, beta } => vec![("alpha", alpha), ("beta", beta)],
            Distribution::Poisson { mean } => vec![("mean", mean)],
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
        }
    }
}

/// A distribution resolved to the quantities the mathematics needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// Always this value.
    Constant(f64),
    /// Uniform on [min, max].
    Uniform {
        /// Lower end.
        min: f64,
        /// Upper end.
        max: f64,
    },
    /// Triangular on [min, max] with its peak at `mode`.
    Triangular {
        /// Lower end.
        min: f64,
        /// Peak (most likely value).
        mode: f64,
        /// Upper end.
        max: f64,
    },
    /// Beta(a, b) stretched onto [min, min + width] (PERT and beta).
    ScaledBeta {
        /// Lower end of the support.
        min: f64,
        /// Length of the support: max − min.
        width: f64,
        /// First beta shape parameter (α).
        a: f64,
        /// Second beta shape parameter (β).
        b: f64,
    },
    /// ln X ~ Normal(mu, sigma).
    Lognormal {
        /// Mean of ln X.
        mu: f64,
        /// Standard deviation of ln X.
        sigma: f64,
    },
    /// Normal(mean, sd) conditioned on lying between the quantiles p_lower and p_upper.
    TruncatedNormal {
        /// Mean of the untruncated normal.
        mean: f64,
        /// Standard deviation of the untruncated normal.
        sd: f64,
        /// Φ((lower bound − mean) / sd): the untruncated normal's probability below the
        /// lower bound.
        p_lower: f64,
        /// Φ((upper bound − mean) / sd): the untruncated normal's probability below the
        /// upper bound.
        p_upper: f64,
    },
    /// Poisson counts with this mean (λ).
    Poisson(f64),
}

impl Shape {
    /// The expected value E[X] of the shape (after truncation, for a normal).
    pub fn mean(&self) -> f64 {
        match *self {
            Shape::Constant(v) => v,
            Shape::Uniform { min, max } => 0.5 * (min + max),
            Shape::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Shape::ScaledBeta { min, width, a, b } => min + width * a / (a + b),
            Shape::Lognormal { mu, sigma } => exp(mu + 0.5 * sigma * sigma),
            Shape::TruncatedNormal {
                mean,
                sd,
                p_lower,
                p_upper,
            } => {
                let (za, zb) = (normal_quantile(p_lower), normal_quantile(p_upper));
                let (da, db) = (
                    if za.is_finite() { normal_pdf(za) } else { 0.0 },
                    if zb.is_finite() { normal_pdf(zb) } else { 0.0 },
                );
                mean + sd * (da - db) / (p_upper - p_lower)
            }
            Shape::Poisson(lambda) => lambda,
        }
    }

    /// P(X ≤ x).
    pub fn cdf(&self, x: f64) -> f64 {
        match *self {
            Shape::Constant(v) => (x >= v) as u8 as f64,
            Shape::Uniform { min, max } => ((x - min) / (max - min)).clamp(0.0, 1.0),
            Shape::Triangular { min, mode, max } => {
                if x <= min {
                    0.0
                } else if x >= max {
                    1.0
                } else if x <= mode {
                    (x - min) * (x - min) / ((max - min) * (mode - min))
                } else {
                    1.0 - (max - x) * (max - x) / ((max - min) * (max - mode))
                }
            }
            Shape::ScaledBeta { min, width, a, b } => beta_cdf((x - min) / width, a, b),
            Shape::Lognormal { mu, sigma } => {
                if x <= 0.0 {
                    0.0
                } else {
                    normal_cdf((log(x) - mu) / sigma)
                }
            }
            Shape::TruncatedNormal {
                mean,
                sd,
                p_lower,
                p_upper,
            } => ((normal_cdf((x - mean) / sd) - p_lower) / (p_upper - p_lower)).clamp(0.0, 1.0),
            Shape::Poisson(lambda) => {
                if x < 0.0 {
                    0.0
                } else {
                    poisson_cdf(x as u64, lambda)
                }
            }
        }
    }

    /// The quantile function (inverse CDF) at p in [0, 1].
    pub fn quantile(&self, p: f64) -> f64 {
        match *self {
            Shape::ScaledBeta { min, width, a, b } => min + width * beta_quantile_from(p, a, b, 0.0),
            _ => self.quantile_direct(p),
        }
    }

    /// Quantiles at increasing probabilities, cheaper than one at a time for a beta.
    pub fn quantiles(&self, ps: &[f64]) -> Vec<f64> {
        match *self {
            Shape::ScaledBeta { min, width, a, b } => {
                beta_quantiles(ps, a, b).into_iter().map(|x| min + width * x).collect()
            }
            _ => ps.iter().map(|&p| self.quantile_direct(p)).collect(),
        }
    }

    fn quantile_direct(&self, p: f64) -> f64 {
        let p = p.clamp(0.0, 1.0);
        match *self {
            Shape::Constant(v) => v,
            Shape::Uniform { min, max } => min + p * (max - min),
            Shape::Triangular { min, mode, max } => {
                let split = (mode - min) / (max - min);
                if p < split {
                    min + sqrt(p * (max - min) * (mode - min))
                } else {
                    max - sqrt((1.0 - p) * (max - min) * (max - mode))
                }
            }
            Shape::ScaledBeta { .. } => unreachable!("handled by quantile"),
            Shape::Lognormal { mu, sigma } => exp(mu + sigma * normal_quantile(p)),
            Shape::TruncatedNormal {
                mean,
                sd,
                p_lower,
                p_upper,
            } => mean + sd * normal_quantile(p_lower + p * (p_upper - p_lower)),
            Shape::Poisson(lambda) => poisson_quantile(lambda, p) as f64,
        }
    }

    /// Whether the quantity takes whole values only.
    pub fn is_discrete(&self) -> bool {
        matches!(self, Shape::Poisson(_))
    }
}

/// The smallest k with P(N ≤ k) ≥ u for N ~ Poisson(λ).
pub fn poisson_quantile(lambda: f64, u: f64) -> u32 {
    poisson_quantile_with(exp_table(), lambda, u)
}

/// `counts[t]` = the Poisson(`rates[t]`) quantile at `us[t]`, for every trial. Fast for
/// the small rates of loss events: no division, no general `exp`, and no branch that
/// depends on u unless N > 3, so one trial's arithmetic overlaps the next's.
pub fn poisson_quantiles(rates: &[f64], us: &[f64], counts: &mut [u32]) {
    let table = exp_table();
    for ((k, &lambda), &u) in counts.iter_mut().zip(rates).zip(us) {
        *k = poisson_quantile_with(table, lambda, u);
    }
}

#[inline(always)]
fn poisson_quantile_with(table: &[f64], lambda: f64, u: f64) -> u32 {
    if !(lambda > 0.0 && lambda <= 30.0) {
        return poisson_quantile_slow(lambda, u, 0.0, 0.0, 0);
    }
    // P(N ≤ k) = e^{−λ}·Σ_{j≤k} λ^j/j!: the partial sums do not wait for the exponential.
    let e = exp_neg(table, lambda);
    let l2 = lambda * lambda * 0.5;
    let l3 = l2 * lambda * (1.0 / 3.0);
    let (s1, s2) = (1.0 + lambda, 1.0 + lambda + l2);
    let s3 = s2 + l3;
    let (c0, c1, c2, c3) = (e, e * s1, e * s2, e * s3);
    if u <= c3 {
        (u > c0) as u32 + (u > c1) as u32 + (u > c2) as u32
    } else {
        poisson_quantile_slow(lambda, u, e * l3, c3, 3)
    }
}

/// Continues the search past k (with P(N = k) = `term` and P(N ≤ k) = `cdf`), or handles
/// λ = 0 and large λ.
#[cold]
fn poisson_quantile_slow(lambda: f64, u: f64, term: f64, cdf: f64, k: usize) -> u32 {
    if !(lambda > 0.0) {
        return 0;
    }
    if lambda > 30.0 {
        return poisson_quantile_large(lambda, u);
    }
    let reciprocals = reciprocals();
    let (mut term, mut cdf, mut k) = (term, cdf, k);
    while u > cdf && k < POISSON_SEARCH {
        k += 1;
        term *= lambda * reciprocals[k];
        cdf += term;
    }
    k as u32
}

/// λ ≤ 30 puts all but 10⁻⁴⁰ of the probability below this count.
const POISSON_SEARCH: usize = 160;

/// 1/k for k ≤ POISSON_SEARCH: the search multiplies instead of dividing.
fn reciprocals() -> &'static [f64; POISSON_SEARCH + 1] {
    static TABLE: std::sync::OnceLock<[f64; POISSON_SEARCH + 1]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| std::array::from_fn(|k| if k == 0 { 0.0 } else { 1.0 / k as f64 }))
}

/// Steps per unit of the e^{−x} table.
const EXP_STEPS: f64 = 256.0;

/// e^{−k/256} for k = 0 ..= 30·256 + 1.
fn exp_table() -> &'static [f64] {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..=(30.0 * EXP_STEPS) as usize + 1)
            .map(|k| exp(-(k as f64) / EXP_STEPS))
            .collect()
    })
}

/// e^{−x} for x in [0, 30]: a table of e^{−k/256} times a degree-4 Taylor polynomial
/// for the remainder r < 1/256 (relative error below r⁵/120 ≈ 10⁻¹⁴). Plain arithmetic
/// on values from `libm`, so it is bit-identical everywhere, and several times faster
/// than a general `exp`.
#[inline(always)]
fn exp_neg(table: &[f64], x: f64) -> f64 {
    let k = (x * EXP_STEPS) as usize;
    let r = x - k as f64 / EXP_STEPS;
    let poly = 1.0 - r * (1.0 - r * (0.5 - r * (1.0 / 6.0 - r * (1.0 / 24.0))));
    table[k] * poly
}

/// Large rates: start at the mode, where the probability mass is, and walk.
fn poisson_quantile_large(lambda: f64, u: f64) -> u32 {
    let mode = lambda.floor();
    let pmf_mode = exp(special::poisson_ln_pmf(mode as u64, lambda));
    // P(N ≤ mode): sum the pmf downwards from the mode until the terms vanish.
    let mut cdf = 0.0;
    let mut term = pmf_mode;
    let mut j = mode;
    while j >= 0.0 && term > 1e-18 * pmf_mode {
        cdf += term;
        term *= j / lambda;
        j -= 1.0;
    }
    let mut k = mode;
    if u <= cdf {
        // Walk down: P(N ≤ k − 1) = P(N ≤ k) − P(N = k).
        let mut pmf = pmf_mode;
        while k > 0.0 && cdf - pmf >= u {
            cdf -= pmf;
            pmf *= k / lambda;
            k -= 1.0;
        }
    } else {
        let mut pmf = pmf_mode;
        while cdf < u && pmf > 0.0 {
            k += 1.0;
            pmf *= lambda / k;
            cdf += pmf;
        }
    }
    k.min(u32::MAX as f64) as u32
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod exp_tests {
    #[test]
    fn the_fast_exponential_is_accurate_to_1e_13() {
        for i in 0..=300_000 {
            let x = i as f64 * 1e-4;
            let (fast, exact) = (super::exp_neg(super::exp_table(), x), libm::exp(-x));
            assert!((fast / exact - 1.0).abs() < 1e-13, "x {x}: {fast} vs {exact}");
        }
    }
}

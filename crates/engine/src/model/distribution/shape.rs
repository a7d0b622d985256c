//! A distribution resolved to the quantities its mathematics needs: mean, CDF and
//! quantile function, for the checks, the analytic means and the sampling tables.

use libm::{exp, log, sqrt};

use super::poisson::poisson_quantile;
use super::special::{
    beta_cdf, beta_quantile_from, beta_quantiles, normal_cdf, normal_pdf, normal_quantile, poisson_cdf,
};

/// A distribution resolved to the quantities the mathematics needs.
#[derive(Debug, Clone, PartialEq)]
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
    /// Each of these values (in increasing order) equally likely.
    Empirical(std::sync::Arc<[f64]>),
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
            Shape::Empirical(ref values) => values.iter().sum::<f64>() / values.len() as f64,
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
            Shape::Empirical(ref values) => values.partition_point(|&v| v <= x) as f64 / values.len() as f64,
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
            // The sorted values' inverse CDF: value k for p in [k/n, (k+1)/n).
            Shape::Empirical(ref values) => values[((p * values.len() as f64) as usize).min(values.len() - 1)],
        }
    }

    /// Whether the quantity takes some values only (whole counts, observed values), so
    /// that a draw must not interpolate between them.
    pub fn is_discrete(&self) -> bool {
        matches!(self, Shape::Poisson(_) | Shape::Empirical(_))
    }
}

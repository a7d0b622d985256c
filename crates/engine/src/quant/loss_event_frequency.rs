//! Loss event frequency (LEF): how many loss events a year, drawn once per trial.
//!
//! LEF is given, or it is threat event frequency × vulnerability, both drawn per trial.
//! Vulnerability is given, or derived per trial from threat capability (TC) against
//! resistance strength (RS): the trial draws our resistance strength rs (what we are
//! unsure of), and the vulnerability that year is the share of the threat community
//! able to overcome it, P(TC > rs) = 1 − F_TC(rs). It is never collapsed into one
//! number; its spread across trials carries the uncertainty about RS.

use crate::model::distribution::{Bounds, QuantileTable};
use crate::model::fair_model::{FrequencySource, GivenFactor, ThreatEventSource, VulnerabilitySource};
use crate::quant::sampling::Draws;

/// The independent random inputs of a risk, each its own stream.
pub mod input {
    /// Loss event frequency, threat event frequency or contact frequency, whichever the
    /// model gives.
    pub const FREQUENCY: u64 = 0;
    /// Probability of action (contact → threat event).
    pub const ACTION: u64 = 1;
    /// Vulnerability, or the resistance strength it is derived from.
    pub const VULNERABILITY: u64 = 2;
    /// The number of loss events in each year.
    pub const EVENTS: u64 = 3;
    /// Primary loss (or the whole loss magnitude) of each year's first event, or per year
    /// under the rate model.
    pub const PRIMARY: u64 = 4;
    /// Secondary loss event frequency of years with several events (or every year under the
    /// rate model).
    pub const SECONDARY_FREQUENCY: u64 = 5;
    /// Whether each event of a year with several events draws a secondary stakeholder
    /// reaction.
    pub const SECONDARY_OCCURS: u64 = 6;
    /// Secondary loss magnitude of reacting events in years with several events (or every
    /// year under the rate model).
    pub const SECONDARY_MAGNITUDE: u64 = 7;
    /// Primary loss of every event after a year's first.
    pub const FURTHER_EVENTS: u64 = 8;
    /// Whether a year with exactly one event sees a secondary reaction.
    pub const SECONDARY_SINGLE: u64 = 9;
    /// Secondary loss magnitude in reacting years with exactly one event.
    pub const SECONDARY_SINGLE_MAGNITUDE: u64 = 10;
}

/// The distribution of the number of loss events in a year: P(N = k) = E[Poisson(k;
/// LEF)], integrated once over LEF's distribution (the table's own quadrature when LEF
/// is given; a product quadrature over the factors when it is derived, see
/// [`LossEventFrequency::rate_nodes`]). The count is
/// then one inverse-CDF draw per year, so Latin hypercube sampling stratifies the count
/// itself (drawing the rate and then a count from it stratifies neither). The years come
/// out with the same distribution either way: the rate is used for nothing else.
#[derive(Debug, Clone)]
pub struct EventCount {
    /// P(N ≤ k), normalised to end at 1.
    cdf: Vec<f64>,
}

impl EventCount {
    /// Counts beyond this are not tabulated (their probability is left in the last entry).
    const MAX_COUNT: usize = 1_000_000;

    /// The count when LEF (events per year) is given directly and sampled from `frequency`.
    pub fn new(frequency: &QuantileTable) -> EventCount {
        EventCount::mixing(|add| frequency.nodes(add))
    }

    /// The count when the rate is a quadrature's nodes (weight, rate).
    pub fn of_nodes(nodes: &[(f64, f64)]) -> EventCount {
        EventCount::mixing(|add| nodes.iter().for_each(|&(w, x)| add(w, x)))
    }

    fn mixing(nodes: impl FnOnce(&mut dyn FnMut(f64, f64))) -> EventCount {
        let mut pmf = vec![0.0f64; 8];
        nodes(&mut |w, lambda| add_poisson(&mut pmf, w, lambda));
        let total: f64 = pmf.iter().sum();
        let mut running = 0.0;
        let mut cdf: Vec<f64> = pmf
            .iter()
            .map(|p| {
                running += p / total;
                running
            })
            .collect();
        while cdf.len() > 4 && cdf[cdf.len() - 2] >= 1.0 {
            cdf.pop();
        }
        *cdf.last_mut().expect("not empty") = 1.0;
        while cdf.len() < 4 {
            cdf.push(1.0);
        }
        EventCount { cdf }
    }

    /// The smallest k with P(N ≤ k) ≥ u; the first four without branches.
    #[inline]
    pub fn count(&self, u: f64) -> u32 {
        let c = &self.cdf;
        if u <= c[3] {
            (u > c[0]) as u32 + (u > c[1]) as u32 + (u > c[2]) as u32
        } else {
            c.partition_point(|&p| p < u).min(c.len() - 1) as u32
        }
    }

    /// Expected number of loss events per year, E[N].
    pub fn mean(&self) -> f64 {
        self.cdf
            .iter()
            .enumerate()
            .map(|(k, &c)| if k == 0 { 0.0 } else { k as f64 * (c - self.cdf[k - 1]) })
            .sum()
    }

    /// Probability of a year with no loss event, P(N = 0).
    pub fn p_zero(&self) -> f64 {
        self.cdf[0]
    }
}

/// Adds `w` × the Poisson(λ) probabilities to `pmf`, down to terms of 10⁻¹⁸ of the peak.
fn add_poisson(pmf: &mut Vec<f64>, w: f64, lambda: f64) {
    if !(lambda > 0.0) {
        pmf[0] += w;
        return;
    }
    let mode = libm::floor(lambda).min(EventCount::MAX_COUNT as f64) as usize;
    let peak = libm::exp(crate::model::distribution::special::poisson_ln_pmf(mode as u64, lambda));
    let mut put = |k: usize, p: f64| {
        if k >= pmf.len() {
            pmf.resize((k + 1).max(pmf.len() * 2).min(EventCount::MAX_COUNT + 1), 0.0);
        }
        pmf[k.min(EventCount::MAX_COUNT)] += w * p;
    };
    // Down from the mode, then up, by the ratio P(k+1)/P(k) = λ/(k+1).
    let mut term = peak;
    let mut k = mode;
    loop {
        put(k, term);
        if k == 0 || term < 1e-18 * peak {
            break;
        }
        term *= k as f64 / lambda;
        k -= 1;
    }
    let mut term = peak;
    let mut k = mode;
    loop {
        term *= lambda / (k + 1) as f64;
        k += 1;
        if term < 1e-18 * peak || k > EventCount::MAX_COUNT {
            break;
        }
        put(k, term);
    }
}

// One per risk, built once per run and read in place: boxing the larger variant would
// add an indirection and save nothing that matters.
/// A risk's loss event frequency (LEF, events per year), ready to sample: given directly,
/// or as threat event frequency × vulnerability.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum LossEventFrequency {
    /// LEF given directly.
    Direct(QuantileTable),
    /// LEF = threat event frequency × vulnerability, each drawn per trial.
    Derived {
        /// Threat event frequency (threat events per year).
        threat_events: ThreatEvents,
        /// Vulnerability: the probability (0–1) that a threat event becomes a loss event.
        vulnerability: Vulnerability,
    },
}

/// Threat event frequency (TEF, threat events per year), ready to sample.
#[derive(Debug, Clone)]
pub enum ThreatEvents {
    /// TEF given directly.
    Direct(QuantileTable),
    /// TEF = contact frequency × probability of action, each drawn per trial.
    ContactTimesAction {
        /// Contact frequency: contacts with the threat per year.
        contact: QuantileTable,
        /// Probability of action (0–1): chance that a contact becomes a threat event.
        action: QuantileTable,
    },
}

/// Vulnerability (probability 0–1 that a threat event becomes a loss event), ready to
/// sample.
#[derive(Debug, Clone)]
pub enum Vulnerability {
    /// Vulnerability given directly.
    Direct(QuantileTable),
    /// Vulnerability = P(TC > rs) = 1 − F_TC(rs), with resistance strength rs drawn per
    /// trial.
    CapabilityVsResistance {
        /// CDF of threat capability (0–100) over the threat community.
        capability: CdfGrid,
        /// Resistance strength (0–100), drawn once per trial.
        resistance: QuantileTable,
    },
}

/// A CDF tabulated on an even grid of x, read in constant time without branches (a
/// search through the quantile table per trial costs mispredicted jumps).
#[derive(Debug, Clone)]
pub struct CdfGrid {
    table: QuantileTable,
    lower: f64,
    per_step: f64,
    values: Vec<f64>,
}

impl CdfGrid {
    const STEPS: usize = 4096;

    /// For a quantity within `bounds` (finite).
    pub fn new(table: QuantileTable, bounds: Bounds) -> CdfGrid {
        let step = (bounds.upper - bounds.lower) / Self::STEPS as f64;
        let values = (0..=Self::STEPS + 1)
            .map(|i| table.cdf(bounds.lower + i as f64 * step))
            .collect();
        CdfGrid {
            table,
            lower: bounds.lower,
            per_step: 1.0 / step,
            values,
        }
    }

    /// P(X ≤ x), interpolated linearly on the grid; clamped outside the bounds.
    #[inline]
    pub fn cdf(&self, x: f64) -> f64 {
        let t = ((x - self.lower) * self.per_step).clamp(0.0, Self::STEPS as f64);
        let i = t as usize;
        let (a, b) = (self.values[i], self.values[i + 1]);
        a + (b - a) * (t - i as f64)
    }

    /// The quantile table the grid was built from.
    pub fn table(&self) -> &QuantileTable {
        &self.table
    }
}

impl LossEventFrequency {
    /// Builds the sampling tables of a checked model's frequency branch.
    pub fn new(source: &FrequencySource) -> Self {
        let table = |f: &GivenFactor| QuantileTable::new(f.shape());
        match source {
            FrequencySource::Direct(f) => LossEventFrequency::Direct(table(f)),
            FrequencySource::Derived {
                threat_events,
                vulnerability,
            } => LossEventFrequency::Derived {
                threat_events: match threat_events {
                    ThreatEventSource::Direct(f) => ThreatEvents::Direct(table(f)),
                    ThreatEventSource::ContactTimesAction { contact, action } => ThreatEvents::ContactTimesAction {
                        contact: table(contact),
                        action: table(action),
                    },
                },
                vulnerability: match vulnerability {
                    VulnerabilitySource::Direct(f) => Vulnerability::Direct(table(f)),
                    VulnerabilitySource::CapabilityVsResistance { capability, resistance } => {
                        Vulnerability::CapabilityVsResistance {
                            capability: CdfGrid::new(table(capability), capability.bounds),
                            resistance: table(resistance),
                        }
                    }
                },
            },
        }
    }

    /// The expected LEF. Factors are independent, so means multiply; E[P(TC > RS)] is
    /// integrated over RS's quantiles.
    pub fn mean(&self) -> f64 {
        match self {
            LossEventFrequency::Direct(t) => t.shape().mean(),
            LossEventFrequency::Derived {
                threat_events,
                vulnerability,
            } => {
                let tef = match threat_events {
                    ThreatEvents::Direct(t) => t.shape().mean(),
                    ThreatEvents::ContactTimesAction { contact, action } => {
                        contact.shape().mean() * action.shape().mean()
                    }
                };
                tef * vulnerability.mean()
            }
        }
    }

    /// Draws the LEF of every trial into `rate`, using `scratch` (same length).
    pub fn draw(&self, draws: Draws<'_>, rate: &mut [f64], scratch: &mut [f64]) {
        let (stream, sampling) = (|input| draws.stream(input), draws.sampling);
        let multiply = |rate: &mut [f64], factor: &[f64]| {
            for (r, f) in rate.iter_mut().zip(factor) {
                *r *= f;
            }
        };
        match self {
            LossEventFrequency::Direct(t) => stream(input::FREQUENCY).fill_from(sampling, rate, t),
            LossEventFrequency::Derived {
                threat_events,
                vulnerability,
            } => {
                match threat_events {
                    ThreatEvents::Direct(t) => stream(input::FREQUENCY).fill_from(sampling, rate, t),
                    ThreatEvents::ContactTimesAction { contact, action } => {
                        stream(input::FREQUENCY).fill_from(sampling, rate, contact);
                        stream(input::ACTION).fill_from(sampling, scratch, action);
                        multiply(rate, scratch);
                    }
                }
                match vulnerability {
                    Vulnerability::Direct(t) => stream(input::VULNERABILITY).fill_from(sampling, scratch, t),
                    Vulnerability::CapabilityVsResistance { capability, resistance } => stream(input::VULNERABILITY)
                        .fill_with(sampling, scratch, |v, sorted| {
                            resistance.sample_all(v, sorted);
                            for x in v.iter_mut() {
                                *x = 1.0 - capability.cdf(*x);
                            }
                        }),
                }
                multiply(rate, scratch);
            }
        }
    }
}

/// Bin edges (cumulative probability) of the coarse quadratures: every 1/128, with finer
/// bins in both tails.
fn coarse_edges() -> Vec<f64> {
    let mut edges = vec![1.0 / 4096.0, 1.0 / 1024.0, 1.0 / 256.0];
    edges.extend((1..128).map(|k| k as f64 / 128.0));
    edges.extend([1.0 - 1.0 / 256.0, 1.0 - 1.0 / 1024.0, 1.0 - 1.0 / 4096.0]);
    edges
}

/// Groups a quadrature's nodes (weight, value) into bins of probability (by value), each
/// bin one node at its conditional mean: the mean is kept exactly.
fn coarse(mut nodes: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    nodes.sort_by(|a, b| a.1.total_cmp(&b.1));
    let edges = coarse_edges();
    let mut out = Vec::with_capacity(edges.len() + 1);
    let (mut cumulative, mut next) = (0.0, 0);
    let (mut w, mut wx) = (0.0, 0.0);
    for (weight, value) in nodes {
        w += weight;
        wx += weight * value;
        cumulative += weight;
        if next < edges.len() && cumulative >= edges[next] {
            out.push((w, wx / w));
            (w, wx) = (0.0, 0.0);
            while next < edges.len() && cumulative >= edges[next] {
                next += 1;
            }
        }
    }
    if w > 0.0 {
        out.push((w, wx / w));
    }
    out
}

fn fine(table: &QuantileTable) -> Vec<(f64, f64)> {
    let mut nodes = Vec::new();
    table.nodes(|w, x| nodes.push((w, x)));
    nodes
}

/// The nodes of the product of two independent quantities.
fn product(a: &[(f64, f64)], b: &[(f64, f64)]) -> Vec<(f64, f64)> {
    a.iter()
        .flat_map(|&(wa, xa)| b.iter().map(move |&(wb, xb)| (wa * wb, xa * xb)))
        .collect()
}

impl LossEventFrequency {
    /// A quadrature of LEF's distribution: (weight, rate) pairs with weights summing to 1
    /// and the mean exact. Derived LEF multiplies the factors' quadratures (each coarsened
    /// to about 130 nodes at conditional means, finer in the tails; vulnerability from
    /// TC against RS through the same capability grid the draws use).
    pub fn rate_nodes(&self) -> Vec<(f64, f64)> {
        match self {
            LossEventFrequency::Direct(t) => fine(t),
            LossEventFrequency::Derived {
                threat_events,
                vulnerability,
            } => {
                let tef = match threat_events {
                    ThreatEvents::Direct(t) => coarse(fine(t)),
                    ThreatEvents::ContactTimesAction { contact, action } => {
                        coarse(product(&coarse(fine(contact)), &coarse(fine(action))))
                    }
                };
                let v = match vulnerability {
                    Vulnerability::Direct(t) => coarse(fine(t)),
                    Vulnerability::CapabilityVsResistance { capability, resistance } => coarse(
                        fine(resistance)
                            .into_iter()
                            .map(|(w, rs)| (w, 1.0 - capability.cdf(rs)))
                            .collect(),
                    ),
                };
                product(&tef, &v)
            }
        }
    }
}

impl Vulnerability {
    /// Expected vulnerability E[V] (0–1); for capability vs resistance, E[1 − F_TC(RS)] by
    /// the midpoint rule.
    pub fn mean(&self) -> f64 {
        match self {
            Vulnerability::Direct(t) => t.shape().mean(),
            Vulnerability::CapabilityVsResistance { capability, resistance } => {
                // Midpoint rule over RS's quantiles: E[1 − F_TC(RS)].
                let n = 20_000;
                let capability = capability.table().shape();
                (0..n)
                    .map(|i| 1.0 - capability.cdf(resistance.sample((i as f64 + 0.5) / n as f64)))
                    .sum::<f64>()
                    / n as f64
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::distribution::Distribution;

    #[test]
    fn the_event_count_mixes_poissons_over_the_rate() {
        use statrs::distribution::{Beta, Continuous};
        // PERT rate: P(N = 0) = E[e^-λ] by quadrature over statrs' beta density.
        let (a, m, b) = (0.1, 0.5, 3.0);
        let count = EventCount::new(&QuantileTable::new(
            Distribution::pert(a, m, b).shape(Bounds::NON_NEGATIVE),
        ));
        let beta = Beta::new(1.0 + 4.0 * (m - a) / (b - a), 1.0 + 4.0 * (b - m) / (b - a)).unwrap();
        let steps = 200_000;
        let p0: f64 = (0..steps)
            .map(|i| {
                let x = (i as f64 + 0.5) / steps as f64;
                beta.pdf(x) * (-(a + (b - a) * x)).exp() / steps as f64
            })
            .sum();
        assert!((count.p_zero() - p0).abs() < 1e-6, "{} vs {p0}", count.p_zero());
        assert!((count.mean() / ((a + 4.0 * m + b) / 6.0) - 1.0).abs() < 1e-4);
        // A heavy-tailed rate keeps its mean: exactly the mean of the rate as the table
        // samples it, which is within 5·10⁻⁴ of the analytic mean (the table's chord bias).
        let heavy = Distribution::Lognormal { low: 0.05, high: 20.0 }.shape(Bounds::NON_NEGATIVE);
        let table = QuantileTable::new(heavy.clone());
        let count = EventCount::new(&table);
        let mut sampled_mean = 0.0;
        table.nodes(|w, x| sampled_mean += w * x);
        assert!(
            (count.mean() / sampled_mean - 1.0).abs() < 1e-6,
            "{} vs {sampled_mean}",
            count.mean()
        );
        assert!(
            (count.mean() / heavy.mean() - 1.0).abs() < 5e-4,
            "{} vs {}",
            count.mean(),
            heavy.mean()
        );
        // A constant rate is a plain Poisson.
        let plain = EventCount::new(&QuantileTable::new(
            Distribution::Constant { value: 2.5 }.shape(Bounds::NON_NEGATIVE),
        ));
        for k in 0..15u32 {
            let u = crate::model::distribution::special::poisson_cdf(k as u64, 2.5);
            assert_eq!(plain.count(u - 1e-12), k);
        }
    }

    #[test]
    fn the_event_count_of_a_derived_lef_matches_a_double_integral() {
        // LEF = TEF × V, TEF ~ PERT(1, 4, 12), V ~ PERT(0.05, 0.2, 0.5): E[N] = E[TEF]E[V],
        // and P(N = 0) = E[e^(−TEF·V)] by a 2000 × 2000 midpoint rule over the quantiles.
        let (tef, v) = (Distribution::pert(1.0, 4.0, 12.0), Distribution::pert(0.05, 0.2, 0.5));
        let (t_shape, v_shape) = (tef.shape(Bounds::NON_NEGATIVE), v.shape(Bounds::PROBABILITY));
        let lef = LossEventFrequency::Derived {
            threat_events: ThreatEvents::Direct(QuantileTable::new(t_shape.clone())),
            vulnerability: Vulnerability::Direct(QuantileTable::new(v_shape.clone())),
        };
        let nodes = lef.rate_nodes();
        assert!((nodes.iter().map(|n| n.0).sum::<f64>() - 1.0).abs() < 1e-12);
        let count = EventCount::of_nodes(&nodes);
        let n = 2_000;
        let ps: Vec<f64> = (0..n).map(|i| (i as f64 + 0.5) / n as f64).collect();
        let ts = t_shape.quantiles(&ps);
        let vs = v_shape.quantiles(&ps);
        let p0 = ts
            .iter()
            .map(|t| vs.iter().map(|v| (-t * v).exp()).sum::<f64>())
            .sum::<f64>()
            / (n * n) as f64;
        assert!((count.p_zero() - p0).abs() < 1e-4, "{} vs {p0}", count.p_zero());
        assert!(
            (count.mean() / (t_shape.mean() * v_shape.mean()) - 1.0).abs() < 1e-3,
            "{} vs {}",
            count.mean(),
            t_shape.mean() * v_shape.mean()
        );
    }

    #[test]
    fn the_capability_grid_matches_the_exact_cdf() {
        for d in [
            Distribution::pert(20.0, 50.0, 90.0),
            Distribution::Normal { mean: 60.0, sd: 15.0 },
            Distribution::Uniform { min: 10.0, max: 30.0 },
        ] {
            let shape = d.shape(Bounds::SCORE_0_100);
            let grid = CdfGrid::new(QuantileTable::new(shape.clone()), Bounds::SCORE_0_100);
            // Linear interpolation errs by at most (density jump) × step / 2 at a kink,
            // and far less where the CDF is smooth.
            let step = 100.0 / 4096.0;
            let density = (0..=10_000)
                .map(|i| (shape.cdf(i as f64 / 100.0 + 0.01) - shape.cdf(i as f64 / 100.0)) / 0.01)
                .fold(0.0, f64::max);
            for i in 0..=10_000 {
                let x = i as f64 / 100.0;
                assert!(
                    (grid.cdf(x) - shape.cdf(x)).abs() < density * step / 2.0 + 2e-6,
                    "{d:?} at {x}: {} vs {}",
                    grid.cdf(x),
                    shape.cdf(x)
                );
            }
        }
    }
}

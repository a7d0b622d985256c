//! Summaries of simulated annual losses: moments, percentiles, value at risk, expected
//! shortfall, exceedance probabilities, the loss exceedance curve and a histogram.
//!
//! Definitions (documented in docs/simulation.md):
//! - percentiles interpolate linearly between order statistics (numpy's default);
//! - VaR_α is the α-percentile; ES_α is the mean of the worst ⌈(1 − α)·n⌉ trials;
//! - the standard error of the mean is sd/√n, exact for plain Monte Carlo and
//!   conservative under Latin hypercube sampling;
//! - the P90 interval is the distribution-free 95% interval from order statistics.
//!
//! Nothing is sorted: the trials with no loss (most of them, for a rare risk) are set
//! aside first, and the order statistics of the others come from a histogram (`order`),
//! so a summary costs a few sequential passes over the data.

use serde::{Deserialize, Serialize};

mod order;

/// Percentiles reported, in percent.
pub const PERCENTILES: [u8; 8] = [5, 10, 25, 50, 75, 90, 95, 99];

/// Points per decade of the loss exceedance curve's log-spaced grid.
pub const GRID_POINTS_PER_DECADE: usize = 10;

/// Summary statistics of simulated annual losses (currency units per year), for one risk or
/// the whole register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Mean annual loss: the expected loss per year (annualised loss expectancy).
    pub mean: f64,
    /// Sample standard deviation of the annual loss.
    pub sd: f64,
    /// Smallest annual loss in any trial.
    pub min: f64,
    /// Largest annual loss in any trial.
    pub max: f64,
    /// 5th percentile of the annual loss.
    pub p5: f64,
    /// 10th percentile of the annual loss.
    pub p10: f64,
    /// 25th percentile (first quartile) of the annual loss.
    pub p25: f64,
    /// Median annual loss.
    pub p50: f64,
    /// 75th percentile (third quartile) of the annual loss.
    pub p75: f64,
    /// 90th percentile: a loss exceeded about one year in ten.
    pub p90: f64,
    /// 95th percentile: a loss exceeded about one year in twenty.
    pub p95: f64,
    /// 99th percentile: a loss exceeded about one year in a hundred.
    pub p99: f64,
    /// Value at risk at 95%: the same figure as `p95`.
    pub var95: f64,
    /// Value at risk at 99%: the same figure as `p99`.
    pub var99: f64,
    /// Expected shortfall at 95%: the mean of the worst 5% of years.
    pub es95: f64,
    /// Expected shortfall at 99%: the mean of the worst 1% of years.
    pub es99: f64,
    /// Standard error of the mean, sd/√trials: how far the simulated mean may be from the
    /// true one (conservative under Latin hypercube sampling).
    pub se_mean: f64,
    /// A 95% confidence interval for the P90.
    pub p90_ci: [f64; 2],
    /// The share of trials without loss: a loss under half a cent ([`HALF_A_CENT`]),
    /// which rounds to zero cents, counts as none.
    pub p_zero: f64,
    /// P(annual loss > threshold), one per threshold asked for.
    pub exceedance: Vec<f64>,
    /// The loss exceedance curve and histogram of the non-zero annual losses.
    pub lec: ExceedanceCurve,
}

/// The loss exceedance curve on a log-spaced grid, and the histogram of the non-zero
/// losses between its points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExceedanceCurve {
    /// Losses, increasing and log-spaced.
    pub x: Vec<f64>,
    /// `p[g]` = P(loss > x[g]).
    pub p: Vec<f64>,
    /// `counts[g]` = trials with x[g] < loss ≤ x[g + 1]; the first bin also holds the
    /// non-zero losses at or below x[0], the last those above the top of the grid.
    pub counts: Vec<u64>,
}

impl ExceedanceCurve {
    /// The loss at which the chance of losing more falls to `q` (interpolated between
    /// the curve's log-spaced points), if the curve reaches that low; `None` when the
    /// chance is already below `q` at the first point (the loss there is about none).
    pub fn loss_at_chance(&self, q: f64) -> Option<f64> {
        let g = self.p.iter().position(|&p| p <= q)?;
        if g == 0 {
            return None;
        }
        let (x0, x1, p0, p1) = (self.x[g - 1], self.x[g], self.p[g - 1], self.p[g]);
        let t = if p0 > p1 { (p0 - q) / (p0 - p1) } else { 0.0 };
        Some((x0.max(1e-9).ln() + t * (x1.max(1e-9).ln() - x0.max(1e-9).ln())).exp())
    }
}

/// A loss below this rounds to zero cents: `p_zero` counts it as no loss, for a risk
/// (whose years are summarised unrounded) as for the register (kept in whole cents).
pub const HALF_A_CENT: f64 = 0.005;

/// Summarises `losses` (which it reorders). `grid` fixes the curve's x values, for
/// comparing several results on one axis; otherwise a grid is chosen from the data.
pub fn summarise(losses: &mut [f64], thresholds: &[f64], grid: Option<&[f64]>) -> Summary {
    let n = losses.len();
    assert!(n > 0, "no trials");
    let nf = n as f64;
    // Pass 1: moments, extremes, exceedances; zeros moved to the front.
    let mut sum = 0.0;
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    // Exceedances, a pass per threshold (each vectorises).
    let over: Vec<u64> = thresholds
        .iter()
        .map(|&t| losses.iter().map(|&x| (x > t) as u64).sum())
        .collect();
    // The non-zero losses are packed at the back, without a branch (walking down, the
    // place written is never below the one read); the zeros then fill the front.
    let mut write = n;
    let mut under_half_a_cent = 0;
    for i in (0..n).rev() {
        let x = losses[i];
        under_half_a_cent += (x < HALF_A_CENT) as usize;
        sum += x;
        min = min.min(x);
        max = max.max(x);
        losses[write - 1] = x;
        write -= (x != 0.0) as usize;
    }
    let zeros = write;
    losses[..zeros].fill(0.0);
    let mean = sum / nf;
    let squares: f64 = losses.iter().map(|x| (x - mean) * (x - mean)).sum();
    let sd = if n > 1 { (squares / (nf - 1.0)).sqrt() } else { 0.0 };

    // Order statistics.
    let rank_of = |p: f64| (nf - 1.0) * p;
    let mut ranks: Vec<usize> = Vec::new();
    for p in PERCENTILES {
        let h = rank_of(p as f64 / 100.0);
        ranks.extend([h.floor() as usize, (h.floor() as usize + 1).min(n - 1)]);
    }
    let tail = |alpha: f64| n - ((1.0 - alpha) * nf).ceil().max(1.0) as usize;
    let (tail95, tail99) = (tail(0.95), tail(0.99));
    let half_width = 1.959_964 * (nf * 0.9 * 0.1).sqrt();
    let ci = [
        ((0.9 * nf - half_width).floor().max(0.0) as usize).min(n - 1),
        ((0.9 * nf + half_width).ceil() as usize).min(n - 1),
    ];
    let low_nonzero = zeros + ((n - zeros) as f64 * 0.01) as usize;
    ranks.extend([tail95, tail99, ci[0], ci[1], low_nonzero.min(n - 1)]);
    ranks.sort_unstable();
    ranks.dedup();
    // Ranks among the non-zero losses (below them, the loss is zero).
    let nonzero_rank = |r: usize| r.saturating_sub(zeros);
    let selected: Vec<usize> = ranks.iter().filter(|&&r| r >= zeros).map(|&r| r - zeros).collect();
    let (values, tail_sums) = order::order_statistics(
        &losses[zeros..],
        &selected,
        &[nonzero_rank(tail95), nonzero_rank(tail99)],
    );
    let at = |r: usize| {
        if r < zeros {
            0.0
        } else {
            values[selected.binary_search(&(r - zeros)).expect("a wanted rank")]
        }
    };
    let percentile = |p: u8| {
        let h = rank_of(p as f64 / 100.0);
        let (lo, hi) = (at(h.floor() as usize), at((h.floor() as usize + 1).min(n - 1)));
        lo + (h - h.floor()) * (hi - lo)
    };
    let tail_mean = |start: usize, sum: f64| sum / (n - start) as f64;
    let [p5, p10, p25, p50, p75, p90, p95, p99] = PERCENTILES.map(percentile);

    let grid = match grid {
        Some(g) => g.to_vec(),
        None => log_grid(at(low_nonzero.min(n - 1)), max),
    };
    let lec = exceedance_curve(&losses[zeros..], n, grid);
    Summary {
        mean,
        sd,
        min,
        max,
        p5,
        p10,
        p25,
        p50,
        p75,
        p90,
        p95,
        p99,
        var95: p95,
        var99: p99,
        es95: tail_mean(tail95, tail_sums[0]),
        es99: tail_mean(tail99, tail_sums[1]),
        se_mean: sd / nf.sqrt(),
        p90_ci: [at(ci[0]), at(ci[1])],
        p_zero: under_half_a_cent as f64 / nf,
        exceedance: over.iter().map(|&c| c as f64 / nf).collect(),
        lec,
    }
}

/// One percentile (`p` in 0–1) of `values` (which it reorders), interpolated as the
/// summary's are.
pub fn percentile(values: &mut [f64], p: f64) -> f64 {
    assert!(!values.is_empty(), "no values");
    let h = (values.len() as f64 - 1.0) * p;
    let (low, high) = (h.floor() as usize, (h.floor() as usize + 1).min(values.len() - 1));
    select_ranks(values, &if low == high { vec![low] } else { vec![low, high] });
    values[low] + (h - low as f64) * (values[high] - values[low])
}

/// Puts the elements of each of the (sorted, distinct) `ranks` where a sort would, with
/// everything before a rank no greater and everything after no smaller.
fn select_ranks(values: &mut [f64], ranks: &[usize]) {
    if ranks.is_empty() || values.is_empty() {
        return;
    }
    let mid = ranks.len() / 2;
    let r = ranks[mid];
    values.select_nth_unstable_by(r, f64::total_cmp);
    let (left, right) = values.split_at_mut(r);
    select_ranks(left, &ranks[..mid]);
    let right = &mut right[1..];
    let offsets: Vec<usize> = ranks[mid + 1..].iter().map(|&x| x - r - 1).collect();
    select_ranks(right, &offsets);
}

/// A log-spaced grid from the decade at or below `low` to the decade at or above
/// `high`, at most 12 decades; at least one decade.
pub fn log_grid(low: f64, high: f64) -> Vec<f64> {
    if !(high > 0.0) {
        return vec![1.0, 10.0];
    }
    let top = libm::ceil(libm::log10(high)).max(libm::floor(libm::log10(high)) + 1.0);
    let bottom = if low > 0.0 {
        libm::floor(libm::log10(low))
    } else {
        top - 3.0
    }
    .max(top - 12.0)
    .min(top - 1.0);
    let steps = ((top - bottom) as usize) * GRID_POINTS_PER_DECADE;
    (0..=steps)
        .map(|k| libm::pow(10.0, bottom + k as f64 / GRID_POINTS_PER_DECADE as f64))
        .collect()
}

fn exceedance_curve(nonzero: &[f64], n: usize, x: Vec<f64>) -> ExceedanceCurve {
    // counts[k] = losses with exactly k grid points below them.
    let mut below = vec![0u64; x.len() + 1];
    match GridIndex::new(&x) {
        Some(index) => nonzero.iter().for_each(|&v| below[index.points_below(v)] += 1),
        None => nonzero.iter().for_each(|&v| below[x.partition_point(|&g| g < v)] += 1),
    }
    // P(loss > x[g]) = share of losses with more than g grid points below them.
    let mut p = vec![0.0; x.len()];
    let mut above = 0u64;
    for g in (0..x.len()).rev() {
        above += below[g + 1];
        p[g] = above as f64 / n as f64;
    }
    let mut counts = below[1..x.len()].to_vec();
    counts[0] += below[0];
    *counts.last_mut().unwrap() += below[x.len()];
    ExceedanceCurve { x, p, counts }
}

/// How many points of a log-spaced grid lie below a value, without a binary search:
/// a table by the value's exponent and top mantissa bits gives the count below the
/// smallest value of its bucket, and one comparison finishes it (a bucket is 1.6% wide,
/// narrower than the grid's steps, so it holds at most one grid point).
struct GridIndex<'a> {
    x: &'a [f64],
    first: u64,
    below: Vec<u32>,
}

impl<'a> GridIndex<'a> {
    const SHIFT: u32 = 46;

    fn key(v: f64) -> u64 {
        v.to_bits() >> Self::SHIFT
    }

    /// `None` unless the grid is positive and each step above 3.2% (two bucket widths).
    fn new(x: &'a [f64]) -> Option<GridIndex<'a>> {
        let (&low, &high) = (x.first()?, x.last()?);
        if !(low > 0.0 && high.is_finite()) || x.windows(2).any(|w| !(w[1] > w[0] * 1.032)) {
            return None;
        }
        let (first, last) = (Self::key(low), Self::key(high));
        let below = (first..=last)
            .map(|k| x.partition_point(|&g| g < f64::from_bits(k << Self::SHIFT)) as u32)
            .collect();
        Some(GridIndex { x, first, below })
    }

    #[inline]
    fn points_below(&self, v: f64) -> usize {
        match self.below.get(Self::key(v).wrapping_sub(self.first) as usize) {
            Some(&c) => {
                let c = c as usize;
                c + self.x.get(c).is_some_and(|&g| g < v) as usize
            }
            None if v < self.x[0] => 0,
            None => self.x.partition_point(|&g| g < v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(values: &[f64]) -> Vec<f64> {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        v
    }

    /// Reference percentile on a fully sorted copy (numpy "linear").
    fn percentile_by_sort(values: &[f64], p: f64) -> f64 {
        let v = sorted(values);
        let h = (v.len() - 1) as f64 * p;
        let lo = v[h.floor() as usize];
        let hi = v[(h.floor() as usize + 1).min(v.len() - 1)];
        lo + (h - h.floor()) * (hi - lo)
    }

    fn sample(n: usize) -> Vec<f64> {
        let mut s = crate::quant::sampling::Stream::new(9, "stats", 0);
        // Mostly zeros, like a rare risk, with a heavy right tail.
        (0..n)
            .map(|_| {
                if s.unit() < 0.7 {
                    0.0
                } else {
                    (1.0 / (1.0 - s.unit())).powi(2) * 1000.0
                }
            })
            .collect()
    }

    /// Percentiles pinned from numpy 2.4.6, `np.percentile(d, 100 p, method="linear")`,
    /// the convention the summary follows (and pyfair's `describe`).
    #[test]
    fn percentiles_match_numpy_linear() {
        let data = [
            3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, 0.0, 0.0, 0.0, 1200.5,
        ];
        let numpy = [
            (0.05, 0.0),
            (0.1, 0.0),
            (0.25, 1.0),
            (0.5, 3.0),
            (0.75, 5.0),
            (0.9, 7.799999999999999),
            (0.95, 366.44999999999874),
            (0.99, 1033.6899999999994),
        ];
        let s = summarise(&mut data.to_vec(), &[], None);
        let ours = [s.p5, s.p10, s.p25, s.p50, s.p75, s.p90, s.p95, s.p99];
        for ((p, expected), got) in numpy.into_iter().zip(ours) {
            assert!(
                (got - expected).abs() <= 1e-12 * expected.max(1.0),
                "p {p}: {got} against numpy's {expected}"
            );
            assert!((percentile(&mut data.to_vec(), p) - expected).abs() <= 1e-12 * expected.max(1.0));
        }
    }

    #[test]
    fn statistics_agree_with_a_full_sort() {
        for n in [1, 2, 3, 10, 999, 100_000] {
            let data = sample(n);
            let s = summarise(&mut data.clone(), &[5_000.0], None);
            for (p, got) in [
                (0.05, s.p5),
                (0.1, s.p10),
                (0.25, s.p25),
                (0.5, s.p50),
                (0.75, s.p75),
                (0.9, s.p90),
                (0.95, s.p95),
                (0.99, s.p99),
            ] {
                assert_eq!(got, percentile_by_sort(&data, p), "n {n} p {p}");
            }
            let v = sorted(&data);
            let mean = data.iter().sum::<f64>() / n as f64;
            assert!((s.mean - mean).abs() <= 1e-9 * mean.abs().max(1.0));
            assert_eq!((s.min, s.max), (v[0], v[n - 1]));
            let worst = |alpha: f64| {
                let m = ((1.0 - alpha) * n as f64).ceil().max(1.0) as usize;
                v[n - m..].iter().sum::<f64>() / m as f64
            };
            assert!((s.es95 - worst(0.95)).abs() <= 1e-9 * s.es95.max(1.0));
            assert!((s.es99 - worst(0.99)).abs() <= 1e-9 * s.es99.max(1.0));
            assert_eq!(
                s.exceedance[0],
                data.iter().filter(|&&x| x > 5_000.0).count() as f64 / n as f64
            );
            assert!(s.p90_ci[0] <= s.p90 && s.p90 <= s.p90_ci[1]);
            assert!(s.es99 >= s.var99 && s.es95 >= s.var95);
        }
    }

    #[test]
    fn the_exceedance_curve_counts_losses_above_each_point() {
        let data = sample(20_000);
        let s = summarise(&mut data.clone(), &[], None);
        let lec = &s.lec;
        assert!(lec.x.windows(2).all(|w| w[0] < w[1]));
        for (x, p) in lec.x.iter().zip(&lec.p) {
            let direct = data.iter().filter(|&&v| v > *x).count() as f64 / data.len() as f64;
            assert_eq!(*p, direct, "x {x}");
        }
        let nonzero = data.iter().filter(|&&v| v > 0.0).count() as u64;
        assert_eq!(lec.counts.iter().sum::<u64>(), nonzero);
        assert!((s.p_zero - (1.0 - nonzero as f64 / 20_000.0)).abs() < 1e-12);
        // The grid starts at or below the 1st percentile of the non-zero losses and
        // ends at or above the maximum.
        assert!(lec.x[0] <= 1000.0 && *lec.x.last().unwrap() >= s.max);
    }

    #[test]
    fn the_grid_index_counts_like_a_binary_search() {
        let x = log_grid(0.37, 4.2e9);
        let index = GridIndex::new(&x).expect("a log grid is indexed");
        let mut s = crate::quant::sampling::Stream::new(4, "grid", 0);
        let values = (0..200_000)
            .map(|_| libm::pow(10.0, -3.0 + 16.0 * s.unit()))
            .chain(x.iter().copied())
            .chain(x.iter().map(|g| g * (1.0 + 1e-15)));
        for v in values {
            assert_eq!(index.points_below(v), x.partition_point(|&g| g < v), "{v}");
        }
        assert!(GridIndex::new(&[1.0, 1.01, 2.0]).is_none());
    }

    /// The standard error is what it claims to be: the spread of the mean over repeated
    /// runs. 400 independent runs of 1,000 exponential years (σ = 1): the standard
    /// deviation of their means, and each run's own standard error, are both 1/√1000
    /// within what 400 runs can tell (the SD of an SD from 400 draws is about 3.5%).
    #[test]
    fn the_standard_error_is_the_spread_of_the_mean_over_runs() {
        let (runs, n) = (400, 1_000);
        let mut means = Vec::with_capacity(runs);
        let mut errors = Vec::with_capacity(runs);
        for run in 0..runs {
            let mut s = crate::quant::sampling::Stream::new(run as u64, "se", 0);
            let mut years: Vec<f64> = (0..n).map(|_| -(1.0 - s.unit()).ln()).collect();
            let summary = summarise(&mut years, &[], None);
            means.push(summary.mean);
            errors.push(summary.se_mean);
        }
        let truth = 1.0 / (n as f64).sqrt();
        let grand = means.iter().sum::<f64>() / runs as f64;
        let spread = (means.iter().map(|m| (m - grand).powi(2)).sum::<f64>() / (runs - 1) as f64).sqrt();
        let typical = errors.iter().sum::<f64>() / runs as f64;
        assert!(
            (spread / truth - 1.0).abs() < 0.15,
            "means spread {spread}, expected {truth}"
        );
        assert!(
            (typical / truth - 1.0).abs() < 0.05,
            "standard error {typical}, expected {truth}"
        );
        assert!(
            (grand - 1.0).abs() < 4.0 * truth / (runs as f64).sqrt(),
            "mean of means {grand}"
        );
    }
}

//! Poisson quantiles, fast for the small rates of loss events: the count of events in
//! a simulated year.

use libm::exp;

use super::special;

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

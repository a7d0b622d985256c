//! Special functions for the distributions, written on `libm` so that the command line
//! and the browser compute the same bits (std's `ln`/`exp` differ between native and
//! wasm32 in the last place).

use libm::{erfc, exp, fabs, lgamma, log, sqrt};

const SQRT_2: f64 = std::f64::consts::SQRT_2;
const SQRT_2PI: f64 = 2.506_628_274_631_000_7;

/// Standard normal CDF Φ(x).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / SQRT_2)
}

/// Standard normal density φ(x).
pub fn normal_pdf(x: f64) -> f64 {
    exp(-0.5 * x * x) / SQRT_2PI
}

/// Standard normal quantile Φ⁻¹(p): Acklam's rational approximation (relative error
/// about 1e-9) polished by one Halley step on `erfc`, which brings it to about 1e-15.
pub fn normal_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.024_25;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let x = if p < P_LOW {
        tail(sqrt(-2.0 * log(p)))
    } else if p > 1.0 - P_LOW {
        -tail(sqrt(-2.0 * log(1.0 - p)))
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    // Halley refinement. In the upper half, work with the upper tail so that p near 1
    // keeps its precision.
    let e = if x > 0.0 {
        -(0.5 * erfc(x / SQRT_2) - (1.0 - p))
    } else {
        0.5 * erfc(-x / SQRT_2) - p
    };
    let u = e * SQRT_2PI * exp(0.5 * x * x);
    x - u / (1.0 + 0.5 * x * u)
}

/// ln B(a, b).
pub fn ln_beta(a: f64, b: f64) -> f64 {
    lgamma(a) + lgamma(b) - lgamma(a + b)
}

/// Density of Beta(a, b) at x in (0, 1).
pub fn beta_pdf(x: f64, a: f64, b: f64) -> f64 {
    beta_pdf_with(x, a, b, ln_beta(a, b))
}

fn beta_pdf_with(x: f64, a: f64, b: f64, ln_b: f64) -> f64 {
    if x <= 0.0 || x >= 1.0 {
        return 0.0;
    }
    exp((a - 1.0) * log(x) + (b - 1.0) * log(1.0 - x) - ln_b)
}

/// Regularised incomplete beta function I_x(a, b), the CDF of Beta(a, b), by the
/// continued fraction evaluated with the modified Lentz method.
pub fn beta_cdf(x: f64, a: f64, b: f64) -> f64 {
    beta_cdf_with(x, a, b, ln_beta(a, b))
}

fn beta_cdf_with(x: f64, a: f64, b: f64, ln_b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = exp(a * log(x) + b * log(1.0 - x) - ln_b);
    // The fraction converges fast for x below the mean-ish point; use the symmetry
    // I_x(a, b) = 1 − I_{1−x}(b, a) above it.
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_fraction(1.0 - x, b, a) / b
    }
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let guard = |v: f64| if fabs(v) < TINY { TINY } else { v };
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
    let mut h = d;
    for m in 1..500 {
        let m = m as f64;
        // Even step.
        let num = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
        d = 1.0 / guard(1.0 + num * d);
        c = guard(1.0 + num / c);
        h *= d * c;
        // Odd step.
        let num = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
        d = 1.0 / guard(1.0 + num * d);
        c = guard(1.0 + num / c);
        let step = d * c;
        h *= step;
        if fabs(step - 1.0) < 1e-15 {
            break;
        }
    }
    h
}

/// Quantiles of Beta(a, b) at the increasing probabilities `ps`. Each is solved by
/// Newton's method inside a shrinking bracket, starting from a second-order Taylor step
/// off the previous answer (Q' = 1/f, Q'' = −f'/f³, with f'/f known in closed form), so
/// a table of quantiles costs about one CDF evaluation per entry.
pub fn beta_quantiles(ps: &[f64], a: f64, b: f64) -> Vec<f64> {
    let ln_b = ln_beta(a, b);
    let mut out = Vec::with_capacity(ps.len());
    let (mut x_prev, mut p_prev, mut density_prev) = (0.0, 0.0, 0.0);
    for &p in ps {
        let guess = if x_prev > 0.0 && x_prev < 1.0 && density_prev > 0.0 {
            let step = (p - p_prev) / density_prev;
            let slope = (a - 1.0) / x_prev - (b - 1.0) / (1.0 - x_prev); // f'/f
            x_prev + step - 0.5 * slope * step * step
        } else {
            f64::NAN
        };
        let (x, density) = solve_beta(p, a, b, ln_b, x_prev, guess);
        out.push(x);
        (x_prev, p_prev, density_prev) = (x, p, density);
    }
    out
}

/// One Beta(a, b) quantile, searching above `floor` (a known lower bound of the answer).
pub fn beta_quantile_from(p: f64, a: f64, b: f64, floor: f64) -> f64 {
    solve_beta(p, a, b, ln_beta(a, b), floor, f64::NAN).0
}

/// The quantile at `p` and (approximately) the density there.
fn solve_beta(p: f64, a: f64, b: f64, ln_b: f64, floor: f64, guess: f64) -> (f64, f64) {
    if p <= 0.0 {
        return (0.0, 0.0);
    }
    if p >= 1.0 {
        return (1.0, 0.0);
    }
    let (mut lo, mut hi) = (floor.clamp(0.0, 1.0), 1.0);
    let mut x = if guess > lo && guess < hi {
        guess
    } else if floor > 0.0 {
        floor
    } else {
        a / (a + b)
    };
    for _ in 0..200 {
        let (cdf, density) = beta_cdf_pdf(x, a, b, ln_b);
        let f = cdf - p;
        // 1e-14 in probability is far inside the tables' error budget.
        if fabs(f) <= 1e-14 {
            return (x, density);
        }
        // Close already (the Taylor guess usually is): Newton converges quadratically,
        // so one more step lands well inside 1e-14 without checking.
        let polish = fabs(f) <= 1e-8;
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let mut next = if density > 0.0 { x - f / density } else { f64::NAN };
        if !(next > lo && next < hi) {
            next = 0.5 * (lo + hi);
        } else if polish {
            return (next, density);
        }
        if fabs(next - x) <= 1e-15 * x.max(1e-300) || hi - lo <= 1e-15 {
            return (next, density);
        }
        x = next;
    }
    (x, beta_pdf_with(x, a, b, ln_b))
}

/// I_x(a, b) and the density at x, sharing their logarithms.
fn beta_cdf_pdf(x: f64, a: f64, b: f64, ln_b: f64) -> (f64, f64) {
    if x <= 0.0 || x >= 1.0 {
        return (if x <= 0.0 { 0.0 } else { 1.0 }, 0.0);
    }
    let front = exp(a * log(x) + b * log(1.0 - x) - ln_b);
    let density = front / (x * (1.0 - x));
    let cdf = if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_fraction(1.0 - x, b, a) / b
    };
    (cdf, density)
}

/// P(N ≤ k) for N ~ Poisson(λ), summed directly (k is small where this is used).
pub fn poisson_cdf(k: u64, lambda: f64) -> f64 {
    if lambda <= 0.0 {
        return 1.0;
    }
    let mut term = exp(-lambda);
    let mut sum = term;
    for j in 1..=k {
        term *= lambda / j as f64;
        sum += term;
    }
    sum.min(1.0)
}

/// ln P(N = k) for N ~ Poisson(λ).
pub fn poisson_ln_pmf(k: u64, lambda: f64) -> f64 {
    k as f64 * log(lambda) - lambda - lgamma(k as f64 + 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantile_inverts_the_cdf_to_full_precision() {
        for i in 1..2000 {
            let p = i as f64 / 2000.0;
            let x = normal_quantile(p);
            assert!((normal_cdf(x) - p).abs() < 1e-14, "p={p} x={x}");
        }
        for p in [1e-12, 1e-8, 1e-4, 1.0 - 1e-4, 1.0 - 1e-8] {
            let x = normal_quantile(p);
            let back = if x > 0.0 {
                1.0 - 0.5 * erfc(x / SQRT_2)
            } else {
                normal_cdf(x)
            };
            assert!((back - p).abs() / p.min(1.0 - p) < 1e-9, "p={p}");
        }
        assert!((normal_quantile(0.95) - 1.644_853_626_951_472_2).abs() < 1e-14);
    }

    #[test]
    fn beta_cdf_agrees_with_statrs() {
        for &(a, b) in &[(1.0, 1.0), (2.0, 5.0), (5.0, 2.0), (0.5, 0.5), (3.4, 1.6), (30.0, 70.0)] {
            for i in 1..100 {
                let x = i as f64 / 100.0;
                let reference = statrs::function::beta::beta_reg(a, b, x);
                assert!((beta_cdf(x, a, b) - reference).abs() < 1e-12, "a={a} b={b} x={x}");
            }
        }
    }

    #[test]
    fn beta_quantiles_invert_the_cdf() {
        for &(a, b) in &[(2.0, 5.0), (5.0, 2.0), (0.5, 0.5), (1.0, 3.0), (3.0, 1.0)] {
            let ps: Vec<f64> = (1..1000).map(|i| i as f64 / 1000.0).collect();
            for (p, x) in ps.iter().zip(beta_quantiles(&ps, a, b)) {
                assert!((beta_cdf(x, a, b) - p).abs() < 1e-12, "a={a} b={b} p={p}");
            }
        }
    }

    #[test]
    fn poisson_cdf_agrees_with_statrs() {
        use statrs::distribution::{DiscreteCDF, Poisson};
        for lambda in [0.05, 0.7, 3.0, 25.0] {
            let reference = Poisson::new(lambda).unwrap();
            for k in 0..60 {
                assert!(
                    (poisson_cdf(k, lambda) - reference.cdf(k)).abs() < 1e-12,
                    "λ={lambda} k={k}"
                );
            }
        }
    }
}

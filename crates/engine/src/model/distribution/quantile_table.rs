//! A fast inverse-CDF sampler: the quantile function tabulated once, then read by linear
//! interpolation, so a draw costs a multiply, an index and a lerp instead of the
//! special functions (an inverse incomplete beta is microseconds). Latin hypercube
//! sampling needs the inverse CDF anyway, so every draw goes through here.
//!
//! Accuracy: the quantile function bends most in the tails, so the outer `TAIL`
//! intervals of the main table are covered by finer tables, and the outermost fine
//! interval at each end is computed exactly. The tests bound the error in probability,
//! |F(sample(u)) − u|, for every distribution kind.

use super::Shape;

/// Intervals of the main table over [0, 1].
const MAIN: usize = 4096;
/// Main-table intervals at each end handed to the fine tables.
const TAIL: usize = 32;
/// Intervals of each fine table.
const FINE: usize = 512;

const TAIL_WIDTH: f64 = TAIL as f64 / MAIN as f64;
const FINE_STEP: f64 = TAIL_WIDTH / FINE as f64;

/// The main, low and high tables of a shape.
fn tables(shape: &Shape) -> [Vec<f64>; 3] {
    let grid = |n: usize, start: f64, step: f64| (0..=n).map(|j| start + j as f64 * step).collect::<Vec<_>>();
    [
        shape.quantiles(&grid(MAIN, 0.0, 1.0 / MAIN as f64)),
        shape.quantiles(&grid(FINE, 0.0, FINE_STEP)),
        shape.quantiles(&grid(FINE, 1.0 - TAIL_WIDTH, FINE_STEP)),
    ]
}

/// Tables of Beta(a, b) on [0, 1], remembered by shape (at most `KEEP` of them).
fn unit_beta_tables(a: f64, b: f64) -> std::sync::Arc<[Vec<f64>; 3]> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    const KEEP: usize = 256;
    /// Tables by the bits of (a, b).
    type Cache = Mutex<HashMap<(u64, u64), Arc<[Vec<f64>; 3]>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (a.to_bits(), b.to_bits());
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return found;
    }
    let made = Arc::new(tables(&Shape::ScaledBeta {
        min: 0.0,
        width: 1.0,
        a,
        b,
    }));
    if let Ok(mut c) = cache.lock() {
        if c.len() >= KEEP {
            c.clear();
        }
        c.insert(key, made.clone());
    }
    made
}

/// A shape's quantile function (inverse CDF), tabulated once so that each draw is a cheap
/// table lookup; the sampler behind every simulated factor.
#[derive(Debug, Clone)]
pub struct QuantileTable {
    shape: Shape,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Constant(f64),
    Uniform {
        min: f64,
        width: f64,
    },
    /// Discrete quantities are drawn exactly (interpolating would invent fractions).
    Exact,
    /// A Poisson count of a large mean, drawn exactly from its tabulated CDF: P(N ≤ first
    /// + i) = cdf[i] (computing the quantile afresh walks thousands of terms per draw).
    Counts {
        first: f64,
        cdf: Vec<f64>,
    },
    Table {
        main: Vec<f64>,
        low: Vec<f64>,
        high: Vec<f64>,
    },
}

/// Poisson means above this are drawn from a tabulated CDF (see [`Kind::Counts`]).
const COUNT_TABLE_FROM: f64 = 1000.0;

/// The CDF of Poisson(λ) over λ ± 40√λ (all but a vanishing share of the probability),
/// its last entry 1.
fn counts(lambda: f64) -> Kind {
    let spread = 40.0 * libm::sqrt(lambda);
    let first = libm::floor((lambda - spread).max(0.0));
    let last = libm::ceil(lambda + spread);
    let mode = libm::floor(lambda);
    let n = (last - first) as usize + 1;
    let mut pmf = vec![0.0; n];
    let at_mode = (mode - first) as usize;
    pmf[at_mode] = libm::exp(super::special::poisson_ln_pmf(mode as u64, lambda));
    for i in (0..at_mode).rev() {
        // P(k − 1) = P(k) · k / λ.
        pmf[i] = pmf[i + 1] * (first + (i + 1) as f64) / lambda;
    }
    for i in at_mode + 1..n {
        pmf[i] = pmf[i - 1] * lambda / (first + i as f64);
    }
    let mut running = 0.0;
    let mut cdf: Vec<f64> = pmf
        .iter()
        .map(|p| {
            running += p;
            running
        })
        .collect();
    *cdf.last_mut().expect("not empty") = 1.0;
    Kind::Counts { first, cdf }
}

impl QuantileTable {
    /// Tabulates `shape`'s quantile function (beta tables are cached and shared between
    /// shapes of the same α, β).
    pub fn new(shape: Shape) -> Self {
        let kind = match shape {
            Shape::Constant(v) => Kind::Constant(v),
            Shape::Uniform { min, max } => Kind::Uniform { min, width: max - min },
            Shape::Poisson(lambda) if lambda > COUNT_TABLE_FROM => counts(lambda),
            _ if shape.is_discrete() => Kind::Exact,
            Shape::ScaledBeta { min, width, a, b } => {
                // Every PERT or beta of the same shape (a, b) is one standard beta table,
                // stretched: solved once, kept, and reused across risks and runs.
                let unit = unit_beta_tables(a, b);
                let stretch = |xs: &[f64]| xs.iter().map(|x| min + width * x).collect::<Vec<_>>();
                Kind::Table {
                    main: stretch(&unit[0]),
                    low: stretch(&unit[1]),
                    high: stretch(&unit[2]),
                }
            }
            _ => {
                let [main, low, high] = tables(&shape);
                Kind::Table { main, low, high }
            }
        };
        QuantileTable { shape, kind }
    }

    /// The shape this table samples.
    pub fn shape(&self) -> &Shape {
        &self.shape
    }

    /// The value at probability `u` in [0, 1).
    #[inline]
    pub fn sample(&self, u: f64) -> f64 {
        match &self.kind {
            Kind::Table { main, low, high } => {
                let t = u * MAIN as f64;
                let i = t as usize;
                if (TAIL..MAIN - TAIL).contains(&i) {
                    let (a, b) = (main[i], main[i + 1]);
                    a + (b - a) * (t - i as f64)
                } else {
                    self.sample_tail(u, low, high)
                }
            }
            Kind::Constant(v) => *v,
            Kind::Uniform { min, width } => min + width * u,
            Kind::Exact => self.shape.quantile(u),
            Kind::Counts { first, cdf } => first + cdf.partition_point(|&c| c < u).min(cdf.len() - 1) as f64,
        }
    }

    /// P(X ≤ x), read back from the table (the inverse of `sample`); used where a CDF
    /// is needed once per trial, e.g. threat capability against resistance strength.
    pub fn cdf(&self, x: f64) -> f64 {
        match &self.kind {
            Kind::Table { main, .. } => {
                if x < main[0] {
                    return 0.0;
                }
                // The first knot above x; interpolate inside its interval.
                let k = main.partition_point(|&q| q <= x);
                if k > MAIN {
                    return 1.0;
                }
                if k <= TAIL || k >= MAIN - TAIL {
                    return self.shape.cdf(x);
                }
                let (a, b) = (main[k - 1], main[k]);
                let within = if b > a { (x - a) / (b - a) } else { 1.0 };
                ((k - 1) as f64 + within) / MAIN as f64
            }
            Kind::Constant(v) => (x >= *v) as u8 as f64,
            Kind::Uniform { min, width } => ((x - min) / width).clamp(0.0, 1.0),
            Kind::Exact => self.shape.cdf(x),
            Kind::Counts { first, cdf } => {
                let k = libm::floor(x) - first;
                if k < 0.0 {
                    0.0
                } else {
                    cdf.get(k as usize).copied().unwrap_or(1.0)
                }
            }
        }
    }

    /// Replaces each probability in `values` by its quantile.
    pub fn sample_in_place(&self, values: &mut [f64]) {
        match &self.kind {
            Kind::Table { main, low, high } => {
                for v in values {
                    let t = *v * MAIN as f64;
                    let i = t as usize;
                    *v = if (TAIL..MAIN - TAIL).contains(&i) {
                        let (a, b) = (main[i], main[i + 1]);
                        a + (b - a) * (t - i as f64)
                    } else {
                        self.sample_tail(*v, low, high)
                    };
                }
            }
            Kind::Constant(c) => values.fill(*c),
            _ => {
                for v in values {
                    *v = self.sample(*v);
                }
            }
        }
    }

    /// Replaces each probability by its quantile, by the faster path when they are known
    /// to be in increasing order.
    pub fn sample_all(&self, values: &mut [f64], sorted: bool) {
        if sorted {
            self.sample_sorted_in_place(values)
        } else {
            self.sample_in_place(values)
        }
    }

    /// Like `sample_in_place`, for probabilities in increasing order (Latin hypercube
    /// strata before their shuffle): the tails are found by bisection, so the loop over
    /// the main table has no branch.
    pub fn sample_sorted_in_place(&self, values: &mut [f64]) {
        let Kind::Table { main, low, high } = &self.kind else {
            return self.sample_in_place(values);
        };
        let start = values.partition_point(|&u| u < TAIL_WIDTH);
        let end = values.partition_point(|&u| u < 1.0 - TAIL_WIDTH);
        let (head, rest) = values.split_at_mut(start);
        let (middle, tail) = rest.split_at_mut(end - start);
        for v in head.iter_mut().chain(tail.iter_mut()) {
            *v = self.sample_tail(*v, low, high);
        }
        let main: &[f64; MAIN + 1] = main.as_slice().try_into().expect("main table size");
        // The strata ascend, so the table index never falls: carrying its running
        // maximum (a no-op on the values) keeps the loop scalar, which in wasm is about
        // twice as fast as the two-lane gathers it would otherwise be vectorised into.
        let mut i = 0;
        for v in middle {
            let t = *v * MAIN as f64;
            i = (t as usize).min(MAIN - 1).max(i);
            let (a, b) = (main[i], main[i + 1]);
            *v = a + (b - a) * (t - i as f64);
        }
    }

    /// Quadrature nodes (weight, value) for expectations over exactly the distribution
    /// this table samples: two Gauss–Legendre points in every interval of the tables, and
    /// in the outermost intervals (computed exactly) a geometric refinement toward 0 and
    /// 1, deep enough for a heavy upper tail. The weights sum to 1.
    pub fn nodes(&self, mut visit: impl FnMut(f64, f64)) {
        const G: f64 = 0.288_675_134_594_812_9; // 1/(2√3): Gauss–Legendre points at c ± G·width
        if let Kind::Constant(v) = self.kind {
            return visit(1.0, v);
        }
        let mut interval = |lo: f64, hi: f64| {
            let (c, d) = (0.5 * (lo + hi), G * (hi - lo));
            visit(0.5 * (hi - lo), self.sample(c - d));
            visit(0.5 * (hi - lo), self.sample(c + d));
        };
        for j in TAIL..MAIN - TAIL {
            interval(j as f64 / MAIN as f64, (j + 1) as f64 / MAIN as f64);
        }
        for j in 1..FINE {
            interval(j as f64 * FINE_STEP, (j + 1) as f64 * FINE_STEP);
            interval(
                1.0 - TAIL_WIDTH + (j - 1) as f64 * FINE_STEP,
                1.0 - TAIL_WIDTH + j as f64 * FINE_STEP,
            );
        }
        let heavy = matches!(self.shape, Shape::Lognormal { .. } | Shape::Poisson(_));
        let levels = if heavy { 32 } else { 6 };
        for i in 0..levels {
            // The last level reaches the end itself, so the weights sum to exactly 1.
            let near = if i + 1 == levels {
                0.0
            } else {
                FINE_STEP / (1u64 << (i + 1)) as f64
            };
            let far = FINE_STEP / (1u64 << i) as f64;
            interval(near, far);
            interval(1.0 - far, 1.0 - near);
        }
    }

    #[cold]
    fn sample_tail(&self, u: f64, low: &[f64], high: &[f64]) -> f64 {
        let (table, offset) = if u < TAIL_WIDTH {
            (low, u)
        } else {
            (high, u - (1.0 - TAIL_WIDTH))
        };
        let t = offset / FINE_STEP;
        let j = (t as usize).min(FINE - 1);
        let outermost = if u < TAIL_WIDTH { j == 0 } else { j == FINE - 1 };
        if outermost {
            self.shape.quantile(u)
        } else {
            let (a, b) = (table[j], table[j + 1]);
            a + (b - a) * (t - j as f64)
        }
    }
}

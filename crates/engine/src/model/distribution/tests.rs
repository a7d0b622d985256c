use super::*;
use crate::model::settings::Sampling;
use crate::quant::sampling::Stream;
use statrs::distribution::{
    Beta as SBeta, ContinuousCDF, LogNormal as SLogNormal, Normal as SNormal, Triangular as STriangular,
};

fn all_kinds() -> Vec<(Distribution, Bounds)> {
    vec![
        (Distribution::Uniform { min: 2.0, max: 9.0 }, Bounds::NON_NEGATIVE),
        (
            Distribution::Triangular {
                min: 1.0,
                mode: 2.0,
                max: 10.0,
            },
            Bounds::NON_NEGATIVE,
        ),
        (Distribution::pert(10_000.0, 40_000.0, 400_000.0), Bounds::NON_NEGATIVE),
        (
            Distribution::Pert {
                min: 0.1,
                mode: 0.2,
                max: 0.9,
                gamma: 2.0,
            },
            Bounds::PROBABILITY,
        ),
        (
            Distribution::Lognormal {
                low: 20_000.0,
                high: 2_000_000.0,
            },
            Bounds::NON_NEGATIVE,
        ),
        (Distribution::Normal { mean: 3.0, sd: 2.0 }, Bounds::NON_NEGATIVE),
        (Distribution::Normal { mean: 60.0, sd: 15.0 }, Bounds::SCORE_0_100),
        (Distribution::Beta { alpha: 2.0, beta: 8.0 }, Bounds::PROBABILITY),
        (Distribution::Beta { alpha: 0.5, beta: 0.5 }, Bounds::PROBABILITY),
    ]
}

fn draws(table: &QuantileTable, n: usize, seed: u64) -> Vec<f64> {
    let mut u = vec![0.0; n];
    Stream::new(seed, "ks", 0).fill(Sampling::Mc, &mut u);
    table.sample_in_place(&mut u);
    u
}

/// Kolmogorov–Smirnov distance between the sample and a CDF.
fn ks_distance(mut sample: Vec<f64>, cdf: impl Fn(f64) -> f64) -> f64 {
    sample.sort_by(f64::total_cmp);
    let n = sample.len() as f64;
    let mut d: f64 = 0.0;
    for (i, &x) in sample.iter().enumerate() {
        let f = cdf(x);
        d = d.max((f - i as f64 / n).abs()).max(((i + 1) as f64 / n - f).abs());
    }
    d
}

/// The KS critical value at significance 0.001 (asymptotic: 1.9495 / √n).
fn ks_critical(n: usize) -> f64 {
    1.9495 / (n as f64).sqrt()
}

#[test]
fn every_distribution_passes_a_kolmogorov_smirnov_test_at_100k_draws() {
    let n = 100_000;
    for (i, (dist, bounds)) in all_kinds().into_iter().enumerate() {
        let shape = dist.shape(bounds);
        let sample = draws(&QuantileTable::new(shape.clone()), n, 100 + i as u64);
        // Against an independent CDF where statrs has one, else our own.
        let reference: Box<dyn Fn(f64) -> f64> = match dist {
            Distribution::Uniform { min, max } => Box::new(move |x| ((x - min) / (max - min)).clamp(0.0, 1.0)),
            Distribution::Triangular { min, mode, max } => {
                let t = STriangular::new(min, max, mode).unwrap();
                Box::new(move |x| t.cdf(x))
            }
            Distribution::Pert { .. } | Distribution::Beta { .. } => {
                let Shape::ScaledBeta { min, width, a, b } = shape else {
                    unreachable!()
                };
                let beta = SBeta::new(a, b).unwrap();
                Box::new(move |x| beta.cdf(((x - min) / width).clamp(0.0, 1.0)))
            }
            Distribution::Lognormal { low, high } => {
                let (mu, sigma) = ((low.ln() + high.ln()) / 2.0, (high.ln() - low.ln()) / (2.0 * Z90));
                let l = SLogNormal::new(mu, sigma).unwrap();
                Box::new(move |x| l.cdf(x))
            }
            Distribution::Normal { mean, sd } => {
                let normal = SNormal::new(mean, sd).unwrap();
                let (lo, hi) = (normal.cdf(bounds.lower), normal.cdf(bounds.upper));
                Box::new(move |x| ((normal.cdf(x) - lo) / (hi - lo)).clamp(0.0, 1.0))
            }
            _ => unreachable!(),
        };
        let d = ks_distance(sample, reference);
        assert!(d < ks_critical(n), "{dist:?}: D = {d}");
    }
}

#[test]
fn the_kolmogorov_smirnov_test_rejects_a_wrong_distribution() {
    // Guard against a test that cannot fail: PERT draws against the triangular CDF.
    let shape = Distribution::pert(1.0, 2.0, 10.0).shape(Bounds::NON_NEGATIVE);
    let sample = draws(&QuantileTable::new(shape.clone()), 100_000, 1);
    let wrong = Distribution::Triangular {
        min: 1.0,
        mode: 2.0,
        max: 10.0,
    }
    .shape(Bounds::NON_NEGATIVE);
    assert!(ks_distance(sample, |x| wrong.cdf(x)) > ks_critical(100_000));
}

#[test]
fn poisson_draws_match_the_poisson_cdf() {
    use statrs::distribution::{DiscreteCDF, Poisson};
    let n = 100_000;
    for (i, mean) in [0.3, 4.0, 75.0].into_iter().enumerate() {
        let table = QuantileTable::new(Distribution::Poisson { mean }.shape(Bounds::NON_NEGATIVE));
        let sample = draws(&table, n, 7 + i as u64);
        let reference = Poisson::new(mean).unwrap();
        let top = sample.iter().cloned().fold(0.0, f64::max) as u64;
        let mut counts = vec![0usize; top as usize + 1];
        for &x in &sample {
            assert_eq!(x, x.floor());
            counts[x as usize] += 1;
        }
        let mut cumulative = 0;
        for (k, c) in counts.iter().enumerate() {
            cumulative += c;
            let d = (cumulative as f64 / n as f64 - reference.cdf(k as u64)).abs();
            assert!(d < ks_critical(n), "mean {mean}, k {k}: {d}");
        }
    }
}

#[test]
fn large_poisson_quantiles_agree_with_the_direct_sum() {
    for lambda in [31.0, 200.0, 5_000.0] {
        for i in 1..200 {
            let u = i as f64 / 200.0;
            let k = poisson_quantile(lambda, u);
            let cdf = |k: u32| statrs_poisson_cdf(lambda, k);
            assert!(cdf(k) >= u - 1e-9, "λ {lambda} u {u} k {k}");
            assert!(k == 0 || cdf(k - 1) < u + 1e-9, "λ {lambda} u {u} k {k}");
        }
    }
}

fn statrs_poisson_cdf(lambda: f64, k: u32) -> f64 {
    use statrs::distribution::{DiscreteCDF, Poisson};
    Poisson::new(lambda).unwrap().cdf(k as u64)
}

#[test]
fn the_table_sampler_is_accurate_in_probability_everywhere() {
    // |F(sample(u)) − u| bounds the sampler's error in the units that matter for
    // every statistic; checked on a grid much finer than the table, tails included.
    for (dist, bounds) in all_kinds() {
        let shape = dist.shape(bounds);
        let table = QuantileTable::new(shape.clone());
        let mut worst: f64 = 0.0;
        let mut check = |u: f64| worst = worst.max((shape.cdf(table.sample(u)) - u).abs());
        for i in 0..1_000_000 {
            check((i as f64 + 0.37) / 1e6);
        }
        for i in 1..10_000 {
            check(i as f64 * 1e-9);
            check(1.0 - i as f64 * 1e-9);
        }
        eprintln!("{}: worst probability error {worst:e}", dist.name());
        assert!(worst < 2e-6, "{dist:?}: worst probability error {worst:e}");
    }
}

#[test]
fn pert_mean_is_the_textbook_formula() {
    for (a, m, b, g) in [
        (0.0, 1.0, 10.0, 4.0),
        (10_000.0, 40_000.0, 400_000.0, 4.0),
        (0.1, 0.2, 0.9, 2.0),
        (5.0, 5.0, 6.0, 6.0),
    ] {
        let shape = Distribution::Pert {
            min: a,
            mode: m,
            max: b,
            gamma: g,
        }
        .shape(Bounds::NON_NEGATIVE);
        let formula = (a + g * m + b) / (g + 2.0);
        assert!(
            (shape.mean() - formula).abs() <= 1e-12 * formula.abs(),
            "{a} {m} {b} {g}"
        );
        // And the draws agree within 3 standard errors (LHS is conservative here).
        let sample = draws(&QuantileTable::new(shape.clone()), 200_000, 5);
        let n = sample.len() as f64;
        let mean = sample.iter().sum::<f64>() / n;
        let sd = (sample.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        assert!(
            (mean - formula).abs() < 3.0 * sd / n.sqrt(),
            "{a} {m} {b}: {mean} vs {formula}"
        );
    }
}

#[test]
fn means_agree_with_independent_values() {
    let lognormal = Distribution::Lognormal {
        low: 1_000.0,
        high: 100_000.0,
    }
    .shape(Bounds::NON_NEGATIVE);
    let (mu, sigma) = ((1_000f64.ln() + 100_000f64.ln()) / 2.0, (100f64.ln()) / (2.0 * Z90));
    assert!((lognormal.mean() / (mu + sigma * sigma / 2.0).exp() - 1.0).abs() < 1e-12);
    assert!((lognormal.quantile(0.05) / 1_000.0 - 1.0).abs() < 1e-12);
    assert!((lognormal.quantile(0.95) / 100_000.0 - 1.0).abs() < 1e-12);
    // Truncated normal at 0 with mean 1, sd 1: mean = 1 + φ(−1)/(1 − Φ(−1)).
    let truncated = Distribution::Normal { mean: 1.0, sd: 1.0 }.shape(Bounds::NON_NEGATIVE);
    let phi = (-0.5f64).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let expected = 1.0 + phi / (1.0 - SNormal::new(0.0, 1.0).unwrap().cdf(-1.0));
    assert!(
        (truncated.mean() - expected).abs() < 1e-10,
        "{} vs {expected}",
        truncated.mean()
    );
    assert_eq!(
        Distribution::Triangular {
            min: 1.0,
            mode: 2.0,
            max: 6.0
        }
        .shape(Bounds::NON_NEGATIVE)
        .mean(),
        3.0
    );
    assert_eq!(
        Distribution::Beta { alpha: 2.0, beta: 6.0 }
            .shape(Bounds::PROBABILITY)
            .mean(),
        0.25
    );
}

fn problems_of(dist: &Distribution, bounds: Bounds) -> Vec<String> {
    let mut problems = Vec::new();
    dist.check("$.x", bounds, &mut problems);
    problems.iter().map(|p| p.to_string()).collect()
}

#[test]
fn bad_parameters_are_named() {
    let cases: Vec<(Distribution, Bounds, &str)> = vec![
        (
            Distribution::pert(5.0, 1.0, 10.0),
            Bounds::NON_NEGATIVE,
            "$.x.mode: must be between min (5) and max (10)",
        ),
        (
            Distribution::pert(5.0, 5.0, 5.0),
            Bounds::NON_NEGATIVE,
            "$.x.max: must be greater than min (5)",
        ),
        (
            Distribution::Uniform { min: -1.0, max: 3.0 },
            Bounds::NON_NEGATIVE,
            "$.x.min: must be at least 0",
        ),
        (
            Distribution::Uniform { min: 0.2, max: 1.5 },
            Bounds::PROBABILITY,
            "$.x.max: must be between 0 and 1",
        ),
        (
            Distribution::Lognormal { low: 0.0, high: 10.0 },
            Bounds::NON_NEGATIVE,
            "$.x.low: must be greater than 0",
        ),
        (
            Distribution::Lognormal { low: 10.0, high: 5.0 },
            Bounds::NON_NEGATIVE,
            "$.x.high: must be greater than low (10)",
        ),
        (
            Distribution::Lognormal {
                low: 5_000_000.0,
                high: 250_000.0,
            },
            Bounds::NON_NEGATIVE,
            "$.x.high: must be greater than low (5,000,000)",
        ),
        (
            Distribution::Lognormal { low: 0.1, high: 0.5 },
            Bounds::PROBABILITY,
            "$.x.type: a lognormal has no upper limit",
        ),
        (
            Distribution::Normal { mean: 1.0, sd: 0.0 },
            Bounds::NON_NEGATIVE,
            "$.x.sd: must be greater than 0",
        ),
        (
            Distribution::Normal { mean: -50.0, sd: 1.0 },
            Bounds::NON_NEGATIVE,
            "$.x.mean: puts almost no probability",
        ),
        (
            Distribution::Beta { alpha: 0.0, beta: 1.0 },
            Bounds::PROBABILITY,
            "$.x.alpha: must be greater than 0",
        ),
        (
            Distribution::Poisson { mean: -1.0 },
            Bounds::NON_NEGATIVE,
            "$.x.mean: must be between 0",
        ),
        (
            Distribution::Constant { value: f64::NAN },
            Bounds::NON_NEGATIVE,
            "$.x.value: must be a finite number",
        ),
        (
            Distribution::Pert {
                min: 0.0,
                mode: 1.0,
                max: 2.0,
                gamma: -1.0,
            },
            Bounds::NON_NEGATIVE,
            "$.x.gamma: must be greater than 0",
        ),
    ];
    for (dist, bounds, expected) in cases {
        let problems = problems_of(&dist, bounds);
        assert!(
            problems.iter().any(|p| p.starts_with(expected)),
            "{dist:?}: {problems:?}"
        );
    }
    for (dist, bounds) in all_kinds() {
        assert_eq!(problems_of(&dist, bounds), Vec::<String>::new(), "{dist:?}");
    }
}

#[test]
fn json_form_is_tagged_and_strict() {
    let pert: Distribution = serde_json::from_str(r#"{"type":"pert","min":1,"mode":2,"max":3}"#).unwrap();
    assert_eq!(pert, Distribution::pert(1.0, 2.0, 3.0));
    assert!(serde_json::from_str::<Distribution>(r#"{"type":"pert","min":1,"mode":2,"max":3,"mdoe":2}"#).is_err());
    assert!(serde_json::from_str::<Distribution>(r#"{"type":"gaussian","mean":1}"#).is_err());
}

#[test]
fn the_table_cdf_inverts_the_sampler() {
    for (dist, bounds) in all_kinds() {
        let shape = dist.shape(bounds);
        let table = QuantileTable::new(shape.clone());
        let (lo, hi) = (shape.quantile(1e-4), shape.quantile(1.0 - 1e-4));
        let mut worst: f64 = 0.0;
        for i in 0..=100_000 {
            let x = lo + (hi - lo) * i as f64 / 100_000.0;
            worst = worst.max((table.cdf(x) - shape.cdf(x)).abs());
        }
        assert!(worst < 2e-6, "{dist:?}: {worst:e}");
    }
}

#[test]
fn a_new_kind_keeps_the_range_and_passes_its_checks() {
    let old = Distribution::pert(10.0, 20.0, 90.0);
    for kind in DistributionKind::ALL {
        let bounds = if kind == DistributionKind::Beta {
            Bounds::PROBABILITY
        } else {
            Bounds::NON_NEGATIVE
        };
        let new = Distribution::of_kind(kind, Some(&old), bounds);
        assert_eq!(new.kind(), kind);
        use DistributionKind as K;
        if !matches!(kind, K::Beta | K::Poisson | K::Constant | K::Normal | K::Empirical) {
            assert_eq!(new.range(), (10.0, 90.0), "{kind:?}");
        }
        assert_eq!(problems_of(&new, bounds), Vec::<String>::new(), "{kind:?}");
    }
}

#[test]
fn sorted_sampling_matches_one_at_a_time() {
    for (dist, bounds) in all_kinds() {
        let table = QuantileTable::new(dist.shape(bounds));
        let mut u: Vec<f64> = (0..50_000).map(|i| (i as f64 + 0.5) / 50_000.0).collect();
        u.extend([1e-9, 1e-6, 0.003, 0.997, 1.0 - 1e-9]);
        u.sort_by(f64::total_cmp);
        let one_by_one: Vec<f64> = u.iter().map(|&x| table.sample(x)).collect();
        table.sample_sorted_in_place(&mut u);
        assert_eq!(u, one_by_one, "{dist:?}");
    }
}

#[test]
fn quadrature_nodes_reproduce_the_mean_even_for_heavy_tails() {
    for (dist, bounds) in all_kinds()
        .into_iter()
        .chain([(Distribution::Lognormal { low: 0.1, high: 10.0 }, Bounds::NON_NEGATIVE)])
    {
        let shape = dist.shape(bounds);
        let table = QuantileTable::new(shape.clone());
        let (mut weight, mut mean) = (0.0, 0.0);
        table.nodes(|w, x| {
            weight += w;
            mean += w * x;
        });
        assert!((weight - 1.0).abs() < 1e-9, "{dist:?}: weights {weight}");
        // What remains is the table's own bias (a chord over a convex quantile function),
        // the same for every draw: below 10⁻⁴ of the mean, far inside any Monte-Carlo error.
        assert!(
            (mean / shape.mean() - 1.0).abs() < 1e-4,
            "{dist:?}: {mean} vs {}",
            shape.mean()
        );
    }
}

#[test]
fn large_poisson_means_draw_from_a_table_what_the_exact_quantile_gives() {
    // A Poisson of mean 10^6 as a loss once took 11 µs a draw (a walk of thousands of
    // terms), so a generated register ran for minutes; the tabulated CDF gives the same
    // counts, off by one at most where the two sums round differently at a boundary.
    for lambda in [1000.5, 5_000.0, 1e6] {
        let table = QuantileTable::new(Shape::Poisson(lambda));
        let mut off = 0;
        for i in 0..20_000 {
            let u = (i as f64 + 0.5) / 20_000.0;
            let (tabled, exact) = (table.sample(u), poisson_quantile(lambda, u) as f64);
            assert!(
                (tabled - exact).abs() <= 1.0,
                "λ {lambda}, u {u}: {tabled} against {exact}"
            );
            off += (tabled != exact) as u32;
            assert_eq!(table.sample(u).fract(), 0.0);
        }
        assert!(off <= 20, "λ {lambda}: {off} of 20,000 draws differ by one");
        // (Deeper in the upper tail both sums of ~10^5 terms carry rounding of the order of the tail itself.)
        for u in [1e-12, 1e-6, 0.999_999] {
            assert!(
                (table.sample(u) - poisson_quantile(lambda, u) as f64).abs() <= 1.0,
                "λ {lambda}, u {u}"
            );
        }
        // The CDF read back is the table's, and the mean is λ.
        let median = table.sample(0.5);
        assert!(table.cdf(median) >= 0.5 && table.cdf(median - 1.0) < 0.5);
        let mut mean = 0.0;
        table.nodes(|w, x| mean += w * x);
        assert!((mean / lambda - 1.0).abs() < 1e-4, "λ {lambda}: mean {mean}");
    }
}

/// A range carried over from a factor with other bounds (a loss range to a probability,
/// when the event model changes) still gives an estimate inside the new bounds.
#[test]
fn a_new_kind_from_a_range_outside_the_bounds_stays_inside_them() {
    let outside = [
        Distribution::Lognormal { low: 0.5, high: 1.6 },
        Distribution::pert(200.0, 500.0, 900.0),
        Distribution::Constant { value: 3.0 },
    ];
    for old in outside {
        for bounds in [Bounds::PROBABILITY, Bounds::SCORE_0_100] {
            for kind in DistributionKind::ALL {
                if matches!(kind, DistributionKind::Poisson | DistributionKind::Lognormal) {
                    continue; // counts, and unbounded: refused for a bounded quantity by design
                }
                let new = Distribution::of_kind(kind, Some(&old), bounds);
                assert_eq!(
                    problems_of(&new, bounds),
                    Vec::<String>::new(),
                    "{kind:?} from {old:?} in {bounds:?}"
                );
            }
        }
    }
}

/// A lognormal from 1e-300 to 1e5 passed the checks, and its infinite mean reached the
/// riskquant export as `inf`, which riskquant's reader (Residual's too) refused.
#[test]
fn a_lognormal_whose_mean_is_infinite_is_refused_at_low() {
    let wide = Distribution::Lognormal { low: 1e-300, high: 1e5 };
    let problems = problems_of(&wide, Bounds::NON_NEGATIVE);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("$.x.low: is so far below high"), "{problems:?}");
    // Wide but finite estimates stay allowed.
    let broad = Distribution::Lognormal { low: 1.0, high: 1e12 };
    assert!(problems_of(&broad, Bounds::NON_NEGATIVE).is_empty());
    assert!(broad.shape(Bounds::NON_NEGATIVE).mean().is_finite());
}

#[test]
fn empirical_draws_take_each_value_equally_often() {
    let values = vec![5.0, 1.0, 1.0, 40.0, 2.5, 1e6, 0.0];
    let shape = Distribution::empirical(values.clone()).shape(Bounds::NON_NEGATIVE);
    let table = QuantileTable::new(shape.clone());
    let mut sorted = values.clone();
    sorted.sort_by(f64::total_cmp);
    let k = sorted.len();
    // Latin hypercube: each of n strata gets one draw, so with n a multiple of k each
    // stored value (a repeated one counts twice) is drawn exactly n / k times.
    let n = 7 * 3000;
    let mut u = vec![0.0; n];
    Stream::new(3, "empirical", 0).fill(Sampling::Lhs, &mut u);
    table.sample_in_place(&mut u);
    for (i, v) in sorted.iter().enumerate() {
        let copies = sorted.iter().filter(|w| *w == v).count();
        let drawn = u.iter().filter(|x| *x == v).count();
        assert_eq!(drawn, copies * n / k, "value {i} = {v}");
    }
    // Monte Carlo: each count is binomial(n, copies / k), within 5 standard deviations.
    let mut u = vec![0.0; n];
    Stream::new(4, "empirical", 0).fill(Sampling::Mc, &mut u);
    table.sample_in_place(&mut u);
    assert!(u.iter().all(|x| sorted.contains(x)), "no value is invented");
    for v in &sorted {
        let p = sorted.iter().filter(|w| *w == v).count() as f64 / k as f64;
        let drawn = u.iter().filter(|x| *x == v).count() as f64;
        let sd = (n as f64 * p * (1.0 - p)).sqrt();
        assert!((drawn - n as f64 * p).abs() < 5.0 * sd, "{v}: {drawn} of {n}");
    }
    // Mean, CDF and quantiles are those of the values themselves.
    let mean = values.iter().sum::<f64>() / k as f64;
    assert!((shape.mean() - mean).abs() <= 1e-12 * mean);
    assert_eq!(shape.cdf(-1.0), 0.0);
    assert_eq!(shape.cdf(1.0), 3.0 / 7.0);
    assert_eq!(shape.cdf(1e6), 1.0);
    assert_eq!(shape.quantile(0.0), 0.0);
    assert_eq!(shape.quantile(3.0 / 7.0 - 1e-12), 1.0);
    assert_eq!(shape.quantile(3.0 / 7.0 + 1e-12), 2.5);
    assert_eq!(shape.quantile(1.0), 1e6);
    assert_eq!(table.cdf(2.5), 4.0 / 7.0);
}

#[test]
fn an_empirical_estimate_names_its_first_bad_value() {
    let problems = |d: Distribution, bounds: Bounds| {
        let mut p = Vec::new();
        d.check("$.x", bounds, &mut p);
        p.iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        problems(Distribution::Empirical { values: vec![] }, Bounds::NON_NEGATIVE),
        ["$.x.values: must hold at least one value"]
    );
    assert_eq!(
        problems(Distribution::empirical(vec![0.5, 2.0, -1.0, 3.0]), Bounds::PROBABILITY),
        ["$.x.values[0]: must be between 0 and 1 (so must 2 other values)"]
    );
    assert_eq!(
        problems(
            Distribution::Empirical {
                values: vec![1.0, f64::NAN]
            },
            Bounds::NON_NEGATIVE
        ),
        ["$.x.values[1]: must be a finite number"]
    );
    assert_eq!(
        problems(
            Distribution::Empirical {
                values: vec![1.0; MAX_EMPIRICAL_VALUES + 1]
            },
            Bounds::NON_NEGATIVE
        ),
        ["$.x.values: holds 1000001 values: at most 1000000"]
    );
    assert!(problems(Distribution::empirical(vec![0.0, 1.0, 0.5]), Bounds::PROBABILITY).is_empty());
}

#[test]
fn an_estimate_made_empirical_keeps_its_quantiles() {
    for (old, bounds) in all_kinds() {
        let new = Distribution::of_kind(DistributionKind::Empirical, Some(&old), bounds);
        let Distribution::Empirical { values } = &new else {
            panic!("{new:?}")
        };
        assert_eq!(values.len(), 20);
        let shape = old.shape(bounds);
        for (i, v) in values.iter().enumerate() {
            let p = (i as f64 + 0.5) / 20.0;
            // To four significant figures: within 0.1% of the quantile.
            let exact = shape.quantile(p);
            assert!(
                (v / exact - 1.0).abs() <= 5e-4 || (v - exact).abs() < 1e-12,
                "{old:?}: value {i} = {v}, not {exact}"
            );
        }
        let mut problems = Vec::new();
        new.check("$", bounds, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        // Its mean is the old one's by the midpoint rule: close, but twenty values miss
        // some of a heavy tail (12% of this lognormal's mean).
        let (a, b) = (new.shape(bounds).mean(), shape.mean());
        assert!((a / b - 1.0).abs() < 0.15, "{old:?}: {a} vs {b}");
    }
}

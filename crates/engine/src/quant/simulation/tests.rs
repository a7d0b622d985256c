//! Simulated figures against analytic values, with tolerances from the Monte-Carlo
//! standard error.

use super::*;
use crate::io::document::load;
use crate::model::distribution::{Distribution, special};
use crate::model::fair_model::FairModel;

fn demo() -> Register {
    load(crate::DEMO_REGISTER_JSON).unwrap().register
}

/// A register whose risks are the given FAIR models.
fn register_of(models: Vec<FairModel>) -> Register {
    let mut register = demo();
    let template = register.risks[0].clone();
    register.risks = models
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let mut r = template.clone();
            r.id = format!("Q-{i}");
            r.fair = Some(m);
            r
        })
        .collect();
    register.treatments.clear();
    register
}

fn settings(trials: u32, sampling: Sampling) -> SimulationSettings {
    SimulationSettings {
        trials,
        seed: 2026,
        sampling,
    }
}

fn lognormal(low: f64, high: f64) -> Option<Distribution> {
    Some(Distribution::Lognormal { low, high })
}

fn assert_within_3_se(what: &str, simulated: &Summary, analytic: f64) {
    let off = (simulated.mean - analytic).abs();
    assert!(
        off < 3.0 * simulated.se_mean,
        "{what}: mean {} vs analytic {analytic} (se {})",
        simulated.mean,
        simulated.se_mean
    );
}

#[test]
fn poisson_compound_mean_and_variance_match_the_analytic_values() {
    // Fixed λ: E[S] = λ·E[X], Var[S] = λ·E[X²].
    let lambda = 0.8;
    let (low, high) = (10_000.0, 400_000.0);
    let model = FairModel {
        loss_event_frequency: Some(Distribution::Constant { value: lambda }),
        loss_magnitude: lognormal(low, high),
        ..Default::default()
    };
    let (mu, sigma) = (
        (low.ln() + high.ln()) / 2.0,
        (high.ln() - low.ln()) / (2.0 * crate::model::distribution::Z90),
    );
    let (ex, ex2) = ((mu + sigma * sigma / 2.0).exp(), (2.0 * mu + 2.0 * sigma * sigma).exp());
    for sampling in [Sampling::Mc, Sampling::Lhs] {
        let result = simulate(&register_of(vec![model.clone()]), Some(settings(400_000, sampling))).unwrap();
        let s = &result.risks[0].summary;
        assert_within_3_se("poisson compound", s, lambda * ex);
        // SE of the sample variance from the sample's own fourth moment is large for a
        // lognormal; compare the sd within 10%, which is over 3 such SEs at this n.
        let analytic_sd = (lambda * ex2).sqrt();
        assert!(
            (s.sd / analytic_sd - 1.0).abs() < 0.1,
            "{sampling:?}: sd {} vs {analytic_sd}",
            s.sd
        );
        // P(no loss) = e^{−λ}, a binomial proportion.
        let p0 = (-lambda).exp();
        let se = (p0 * (1.0 - p0) / 400_000.0).sqrt();
        assert!(
            (s.p_zero - p0).abs() < 3.0 * se,
            "{sampling:?}: p_zero {} vs {p0}",
            s.p_zero
        );
        assert!((result.risks[0].events_per_year - lambda).abs() < 3.0 * (lambda / 400_000.0).sqrt());
    }
}

#[test]
fn uncertain_frequency_and_split_magnitude_match_the_analytic_mean() {
    let model = FairModel {
        loss_event_frequency: Some(Distribution::pert(0.1, 0.5, 3.0)),
        primary_loss: Some(Distribution::pert(5_000.0, 20_000.0, 150_000.0)),
        secondary_loss_event_frequency: Some(Distribution::Beta { alpha: 2.0, beta: 6.0 }),
        secondary_loss_magnitude: lognormal(50_000.0, 2_000_000.0),
        ..Default::default()
    };
    let lef = (0.1 + 4.0 * 0.5 + 3.0) / 6.0;
    let primary = (5_000.0 + 4.0 * 20_000.0 + 150_000.0) / 6.0;
    let (mu, sigma) = (
        (50_000f64.ln() + 2_000_000f64.ln()) / 2.0,
        (40f64.ln()) / (2.0 * crate::model::distribution::Z90),
    );
    let analytic = lef * (primary + 0.25 * (mu + sigma * sigma / 2.0).exp());
    for sampling in [Sampling::Mc, Sampling::Lhs] {
        let result = simulate(&register_of(vec![model.clone()]), Some(settings(300_000, sampling))).unwrap();
        assert_within_3_se("split magnitude", &result.risks[0].summary, analytic);
    }
}

#[test]
fn frequent_events_with_secondary_loss_match_the_analytic_mean_through_several_batches() {
    // λ = 4: about three further events a year, so the further events, the reactions and
    // the reacting events' SLM are each drawn in several stratified batches of one per trial.
    let model = FairModel {
        loss_event_frequency: Some(Distribution::Constant { value: 4.0 }),
        primary_loss: Some(Distribution::Triangular {
            min: 1_000.0,
            mode: 5_000.0,
            max: 30_000.0,
        }),
        secondary_loss_event_frequency: Some(Distribution::Beta { alpha: 2.0, beta: 2.0 }),
        secondary_loss_magnitude: Some(Distribution::Uniform {
            min: 10_000.0,
            max: 50_000.0,
        }),
        ..Default::default()
    };
    let analytic = 4.0 * ((1_000.0 + 5_000.0 + 30_000.0) / 3.0 + 0.5 * 30_000.0);
    for sampling in [Sampling::Mc, Sampling::Lhs] {
        let result = simulate(&register_of(vec![model.clone()]), Some(settings(100_000, sampling))).unwrap();
        assert_within_3_se("frequent events", &result.risks[0].summary, analytic);
        assert!((result.risks[0].events_per_year - 4.0).abs() < 3.0 * (4.0f64 / 100_000.0).sqrt());
    }
}

#[test]
fn bernoulli_register_mean_matches_p_times_magnitude() {
    let models = vec![
        FairModel {
            event_model: EventModel::Bernoulli,
            loss_event_frequency: Some(Distribution::Constant { value: 0.15 }),
            loss_magnitude: lognormal(100_000.0, 5_000_000.0),
            ..Default::default()
        },
        FairModel {
            event_model: EventModel::Bernoulli,
            loss_event_frequency: Some(Distribution::pert(0.01, 0.05, 0.3)),
            loss_magnitude: Some(Distribution::Triangular {
                min: 1_000.0,
                mode: 30_000.0,
                max: 90_000.0,
            }),
            ..Default::default()
        },
    ];
    let (mu, sigma) = (
        (100_000f64.ln() + 5_000_000f64.ln()) / 2.0,
        (50f64.ln()) / (2.0 * crate::model::distribution::Z90),
    );
    let first = 0.15 * (mu + sigma * sigma / 2.0).exp();
    let second = (0.01 + 0.2 + 0.3) / 6.0 * (1_000.0 + 30_000.0 + 90_000.0) / 3.0;
    for sampling in [Sampling::Mc, Sampling::Lhs] {
        let result = simulate(&register_of(models.clone()), Some(settings(400_000, sampling))).unwrap();
        assert_within_3_se("bernoulli 1", &result.risks[0].summary, first);
        assert_within_3_se("bernoulli 2", &result.risks[1].summary, second);
        assert_within_3_se("bernoulli register", &result.register, first + second);
        // At most one event a year: the loss is 0 or one magnitude draw.
        assert!((result.risks[0].summary.p_zero - 0.85).abs() < 3.0 * (0.15f64 * 0.85 / 400_000.0).sqrt());
    }
}

#[test]
fn rate_times_magnitude_mean_is_the_product_of_means() {
    let model = FairModel {
        event_model: EventModel::Rate,
        loss_event_frequency: Some(Distribution::pert(0.5, 2.0, 6.0)),
        loss_magnitude: Some(Distribution::pert(1_000.0, 8_000.0, 50_000.0)),
        ..Default::default()
    };
    let analytic = (0.5 + 8.0 + 6.0) / 6.0 * (1_000.0 + 32_000.0 + 50_000.0) / 6.0;
    let result = simulate(&register_of(vec![model]), Some(settings(200_000, Sampling::Mc))).unwrap();
    assert_within_3_se("rate", &result.risks[0].summary, analytic);
    assert_eq!(result.risks[0].summary.p_zero, 0.0);
}

#[test]
fn vulnerability_from_capability_against_resistance_is_drawn_per_trial() {
    let capability = Distribution::pert(20.0, 50.0, 90.0);
    let resistance = Distribution::pert(30.0, 60.0, 80.0);
    let model = FairModel {
        threat_event_frequency: Some(Distribution::pert(2.0, 6.0, 12.0)),
        threat_capability: Some(capability.clone()),
        resistance_strength: Some(resistance.clone()),
        loss_magnitude: Some(Distribution::Constant { value: 1_000.0 }),
        ..Default::default()
    };
    // Independent P(TC > RS) by quadrature over statrs' beta densities.
    use statrs::distribution::{Beta, Continuous, ContinuousCDF};
    let (tc, rs) = (
        Beta::new(1.0 + 4.0 * 30.0 / 70.0, 1.0 + 4.0 * 40.0 / 70.0).unwrap(),
        Beta::new(1.0 + 4.0 * 30.0 / 50.0, 1.0 + 4.0 * 20.0 / 50.0).unwrap(),
    );
    let steps = 20_000;
    let p_tc_beats_rs: f64 = (0..steps)
        .map(|i| {
            let x = 30.0 + 50.0 * (i as f64 + 0.5) / steps as f64;
            let density = rs.pdf((x - 30.0) / 50.0) / 50.0;
            density * (1.0 - tc.cdf((x - 20.0) / 70.0)) * 50.0 / steps as f64
        })
        .sum();
    let tef = (2.0 + 24.0 + 12.0) / 6.0;
    let result = simulate(&register_of(vec![model]), Some(settings(400_000, Sampling::Mc))).unwrap();
    let events = result.risks[0].events_per_year;
    // Var[N] = E[λ] + Var[λ] ≤ E[λ] + E[λ²]; bound the SE with λ ≤ 12.
    let se = ((tef * p_tc_beats_rs + 144.0) / 400_000.0).sqrt();
    assert!(
        (events - tef * p_tc_beats_rs).abs() < 3.0 * se,
        "{events} vs {}",
        tef * p_tc_beats_rs
    );
    assert_within_3_se("tc vs rs", &result.risks[0].summary, tef * p_tc_beats_rs * 1_000.0);
    // Not collapsed: vulnerability varies across trials, so with a constant magnitude
    // the annual loss is overdispersed relative to a Poisson count with the mean rate.
    let poisson_sd = (tef * p_tc_beats_rs).sqrt() * 1_000.0;
    assert!(result.risks[0].summary.sd > 1.1 * poisson_sd);
    let plan = plan(&register_of(vec![])).unwrap();
    assert!(plan.risks.is_empty());
    let _ = special::normal_cdf(0.0);
}

#[test]
fn under_lhs_the_register_pairs_the_risks_years_stratum_by_stratum() {
    // Two risks of constant loss in a stratified share of the years: 30% lose 100, 50%
    // lose 1,000. The register's P(S = 0) is 0.35, P(S > 500) 0.5 and P(S > 1,050) 0.15.
    // Each risk's share of loss years is exact under LHS; the stratified pairing makes
    // the joint shares exact too (every total group meets every risk group once), where
    // pairing year t with year t leaves a binomial error of about ±0.005 at 10,000 trials.
    let constant = |p: f64, loss: f64| FairModel {
        event_model: EventModel::Bernoulli,
        loss_event_frequency: Some(Distribution::Constant { value: p }),
        loss_magnitude: Some(Distribution::Constant { value: loss }),
        ..Default::default()
    };
    let mut register = register_of(vec![constant(0.3, 100.0), constant(0.5, 1_000.0)]);
    register.criteria.loss_thresholds = [500.0, 1_050.0]
        .map(|annual_loss| crate::model::criteria::LossThreshold {
            name: format!("{annual_loss}"),
            annual_loss,
            max_probability: None,
        })
        .to_vec();
    let n = 10_000;
    let lhs = simulate(&register, Some(settings(n, Sampling::Lhs))).unwrap().register;
    assert_eq!((lhs.p_zero, lhs.exceedance[0], lhs.exceedance[1]), (0.35, 0.5, 0.15));
    // Plain MC pairs year t with year t: the same shares only within their binomial error
    // (checked over several seeds, so that an exact hit by chance cannot pass for all).
    let misses = (0..5)
        .filter(|&seed| {
            let mc = simulate(
                &register,
                Some(SimulationSettings {
                    trials: n,
                    seed,
                    sampling: Sampling::Mc,
                }),
            )
            .unwrap()
            .register;
            let se = (0.15f64 * 0.85 / n as f64).sqrt();
            assert!((mc.exceedance[1] - 0.15).abs() < 4.0 * se, "{}", mc.exceedance[1]);
            mc.exceedance[1] != 0.15
        })
        .count();
    assert!(misses >= 4);
}

#[test]
fn the_register_is_the_sum_of_its_risks() {
    let register = demo();
    let result = simulate(&register, Some(settings(20_000, Sampling::Lhs))).unwrap();
    let sum_of_means: f64 = result.risks.iter().map(|r| r.summary.mean).sum();
    // Sums in cents (the years paired stratum by stratum): the means agree to rounding.
    assert!((result.register.mean - sum_of_means).abs() <= 0.005 * result.risks.len() as f64 + 1e-9 * sum_of_means);
    assert!(result.register.max >= result.risks.iter().map(|r| r.summary.max).fold(0.0, f64::max));
    assert!(result.register.p99 >= result.risks.iter().map(|r| r.summary.p99).fold(0.0, f64::max) - 0.01);
}

#[test]
fn the_same_register_seed_and_trials_give_identical_results() {
    let register = demo();
    let a = simulate(&register, Some(settings(20_000, Sampling::Lhs))).unwrap();
    let b = simulate(&register, Some(settings(20_000, Sampling::Lhs))).unwrap();
    assert_eq!(a, b);
    let c = simulate(
        &register,
        Some(SimulationSettings {
            seed: 2027,
            ..settings(20_000, Sampling::Lhs)
        }),
    )
    .unwrap();
    assert_ne!(a.register.mean, c.register.mean);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let plan = plan(&register).unwrap();
        assert_eq!(run_parallel(&plan, &settings(20_000, Sampling::Lhs), 2), Ok(a.clone()));
        assert_eq!(run_parallel(&plan, &settings(20_000, Sampling::Lhs), 3), Ok(a));
    }
}

#[test]
fn adding_a_risk_leaves_the_other_risks_draws_unchanged() {
    let mut register = demo();
    let before = simulate(&register, Some(settings(5_000, Sampling::Lhs))).unwrap();
    let mut extra = register.risks[0].clone();
    extra.id = "R-999".into();
    register.risks.insert(0, extra);
    let after = simulate(&register, Some(settings(5_000, Sampling::Lhs))).unwrap();
    assert_eq!(before.risks[0], after.risks[1]);
}

#[test]
fn a_bad_model_fails_with_the_field_named_and_a_cancel_stops() {
    let mut register = demo();
    register.risks[2].fair = Some(FairModel {
        loss_event_frequency: Some(Distribution::pert(3.0, 1.0, 5.0)),
        ..Default::default()
    });
    let problems = simulate(&register, None).unwrap_err();
    let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(
        text.contains(&"$.risks[2].fair.loss_event_frequency.mode: must be between min (3) and max (5)".to_string()),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("$.risks[2].fair.loss_magnitude: is missing")),
        "{text:?}"
    );
    let problems = simulate(
        &demo(),
        Some(SimulationSettings {
            trials: 0,
            ..Default::default()
        }),
    )
    .unwrap_err();
    assert_eq!(problems[0].path, "$.simulation.trials");
    let plan = plan(&demo()).unwrap();
    let mut calls = 0;
    assert!(
        run(&plan, &settings(1_000, Sampling::Lhs), &mut |_, _| {
            calls += 1;
            calls < 3
        })
        .is_none()
    );
    assert_eq!(calls, 3);
}

#[test]
fn anchor_only_risks_are_simulated_and_get_a_derived_level() {
    let register = demo();
    let result = simulate(&register, Some(settings(20_000, Sampling::Lhs))).unwrap();
    let simulated = result.risks.len() + result.skipped.len();
    assert_eq!(simulated, register.risks.len());
    for r in &result.risks {
        assert!(r.derived.is_some(), "{}", r.id);
    }
    // An anchored risk's events per year sit inside its likelihood anchor's range.
    let anchored = result
        .risks
        .iter()
        .find(|r| r.source == ModelSource::Anchors)
        .expect("an anchored risk");
    let risk = register.risks.iter().find(|r| r.id == anchored.id).unwrap();
    let a = register.criteria.likelihood[risk.assessment.as_ref().unwrap().likelihood as usize - 1]
        .anchor
        .unwrap();
    assert!(anchored.events_per_year > a.low && anchored.events_per_year < a.high * 1.5);
}

#[test]
fn risks_with_the_same_model_share_its_tables_but_not_their_years() {
    // Two risks scored on the same cell (the same anchored model), and a copy of a risk
    // with a FAIR model under another id: each pair plans one model, and each risk still
    // draws its own years (its id keys its streams).
    let mut register = demo();
    let anchored = register
        .risks
        .iter()
        .find(|r| r.fair.is_none() && r.assessment.is_some())
        .unwrap()
        .clone();
    let fair = register.risks.iter().find(|r| r.fair.is_some()).unwrap().clone();
    for (n, mut twin) in [anchored.clone(), fair.clone()].into_iter().enumerate() {
        twin.id = format!("TWIN-{n}");
        register.risks.push(twin);
    }
    let result = simulate(&register, Some(settings(4_000, Sampling::Lhs))).unwrap();
    let get = |id: &str| result.risks.iter().find(|r| r.id == id).unwrap();
    for (original, twin) in [(&anchored.id, "TWIN-0"), (&fair.id, "TWIN-1")] {
        let (a, b) = (get(original), get(twin));
        assert_ne!(a.summary, b.summary, "{original} and {twin} drew the same years");
        // Both within a few standard errors of each other's mean.
        let se = (a.summary.se_mean.powi(2) + b.summary.se_mean.powi(2)).sqrt();
        assert!(
            (a.summary.mean - b.summary.mean).abs() < 5.0 * se,
            "{original}: {} vs {}",
            a.summary.mean,
            b.summary.mean
        );
    }
    // Planned again (the models now come from the cache), the same bytes.
    let again = simulate(&register, Some(settings(4_000, Sampling::Lhs))).unwrap();
    assert_eq!(
        serde_json::to_string(&again).unwrap(),
        serde_json::to_string(&result).unwrap()
    );
}

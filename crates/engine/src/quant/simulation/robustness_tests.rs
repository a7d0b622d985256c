//! Regressions for registers that crashed or hung the simulation: one-cent years (the
//! pairing's counting sort kept a stale count after a block without loss), and a thread
//! that panicked while others waited for their turn.

use super::*;
use crate::io::document::load;
use crate::model::criteria::Anchor;
use crate::model::distribution::Distribution;
use crate::model::fair_model::FairModel;

fn demo() -> Register {
    load(crate::DEMO_REGISTER_JSON).unwrap().register
}

/// A register whose risks are the given FAIR models, with the given ids.
fn register_of(models: Vec<(&str, FairModel)>) -> Register {
    let mut register = demo();
    let template = register.risks[0].clone();
    register.risks = models
        .into_iter()
        .map(|(id, m)| {
            let mut r = template.clone();
            r.id = id.into();
            r.fair = Some(m);
            r
        })
        .collect();
    register.treatments.clear();
    register.controls.clear();
    register.applicability.clear();
    register
}

fn settings(trials: u32, seed: u64, sampling: Sampling) -> SimulationSettings {
    SimulationSettings { trials, seed, sampling }
}

/// Runs the plan on one thread (`run`) and through `run_parallel` on 1 and 2 threads;
/// all three must agree to the bit.
fn run_everywhere(register: &Register, settings: &SimulationSettings) -> SimulationResult {
    let plan = plan(register).unwrap();
    let one = run(&plan, settings, &mut |_, _| true).unwrap();
    for threads in [1, 2] {
        assert_eq!(
            run_parallel(&plan, settings, threads).as_ref(),
            Ok(&one),
            "{threads} threads"
        );
    }
    one
}

/// The register's mean is the sum of its risks' means, up to the rounding of each
/// risk-year to whole cents (at most half a cent each).
fn assert_register_is_the_sum(result: &SimulationResult) {
    let sum: f64 = result.risks.iter().map(|r| r.summary.mean).sum();
    let slack = 0.005 * result.risks.len() as f64 + 1e-9 * sum.abs();
    assert!(
        (result.register.mean - sum).abs() <= slack,
        "register mean {} against the sum {sum}",
        result.register.mean
    );
}

#[test]
fn one_cent_years_in_the_first_risk_are_added_to_an_empty_total() {
    // Losses of 0.1 to 5 cents: most years with a loss are 1 to 5 cents. The first risk
    // meets a total without any loss, which is what left the stale count.
    let tiny = FairModel {
        loss_event_frequency: Some(Distribution::Constant { value: 2.0 }),
        loss_magnitude: Some(Distribution::Uniform { min: 0.001, max: 0.05 }),
        ..Default::default()
    };
    for sampling in [Sampling::Lhs, Sampling::Mc] {
        for trials in [7, 10_000, 65_537] {
            let result = run_everywhere(
                &register_of(vec![("TINY", tiny.clone())]),
                &settings(trials, 3, sampling),
            );
            let s = &result.risks[0].summary;
            // E = λ·E[X] = 2 × 0.0255.
            assert!(
                (s.mean - 0.051).abs() < 3.0 * s.se_mean + 1e-12,
                "{sampling:?} {trials}: {}",
                s.mean
            );
            assert_register_is_the_sum(&result);
        }
    }
}

#[test]
fn one_cent_years_in_the_total_meet_a_later_risk() {
    // The total holds one-cent years (and larger ones) when a rare risk is added whose
    // years in some block of 65,536 are all without loss: that block's sort left the
    // stale count, and the next block's sort of the total wrote past its output.
    let small = FairModel {
        event_model: EventModel::Bernoulli,
        loss_event_frequency: Some(Distribution::Constant { value: 0.5 }),
        loss_magnitude: Some(Distribution::Uniform { min: 0.001, max: 5.0 }),
        ..Default::default()
    };
    let rare = FairModel {
        event_model: EventModel::Bernoulli,
        loss_event_frequency: Some(Distribution::Constant { value: 2e-5 }),
        loss_magnitude: Some(Distribution::Constant { value: 1000.0 }),
        ..Default::default()
    };
    let register = register_of(vec![("SMALL", small), ("RARE", rare)]);
    let trials = 140_000;
    for sampling in [Sampling::Lhs, Sampling::Mc] {
        for seed in 1..=6 {
            let result = run_everywhere(&register, &settings(trials, seed, sampling));
            // E = 0.5 × 2.5005 for the small risk.
            let s = &result.risks[0].summary;
            assert!(
                (s.mean - 0.5 * 2.5005).abs() < 4.0 * s.se_mean,
                "{sampling:?} seed {seed}: {}",
                s.mean
            );
            assert_register_is_the_sum(&result);
        }
    }
}

#[test]
fn a_zero_based_impact_anchor_simulates_under_both_samplings() {
    // A risk scored without a FAIR model, whose impact anchor starts at 0: a uniform
    // loss from 0, so some years lose a cent or less. This panicked for about half the
    // seeds at 200,000 trials.
    let mut register = demo();
    register.criteria.impact[0].anchor = Some(Anchor { low: 0.0, high: 50.0 });
    let scored = register
        .risks
        .iter()
        .find(|r| r.assessment.as_ref().is_some_and(|a| a.impact.overall() == Some(1)))
        .cloned();
    let mut risk = scored.unwrap_or_else(|| register.risks[0].clone());
    risk.fair = None;
    if let Some(a) = risk.assessment.as_mut() {
        a.impact = crate::model::risk::Impact::Overall(1);
        a.likelihood = register.criteria.likelihood.len() as u8;
    }
    if let Some(a) = risk.assessment.as_mut()
        && register.criteria.impact_mode == crate::model::criteria::ImpactMode::PerProperty
    {
        a.impact = crate::model::risk::Impact::PerProperty(crate::model::security_property::Cia {
            confidentiality: Some(1),
            integrity: None,
            availability: None,
        });
        risk.affects = crate::model::security_property::Cia {
            confidentiality: true,
            integrity: false,
            availability: false,
        };
    }
    risk.id = "ANCHORED".into();
    register.risks = vec![risk];
    register.treatments.clear();
    register.controls.clear();
    register.applicability.clear();
    assert!(
        crate::io::validation::check(&register).is_empty(),
        "{:?}",
        crate::io::validation::check(&register)
    );
    for (sampling, seeds) in [(Sampling::Lhs, 1..=4), (Sampling::Mc, 1..=1)] {
        for seed in seeds {
            let result = run_everywhere(&register, &settings(200_000, seed, sampling));
            assert_eq!(result.risks[0].source, ModelSource::Anchors);
            assert!(
                result.risks[0].summary.min < 0.02,
                "{sampling:?} seed {seed}: years near zero are drawn"
            );
            assert_register_is_the_sum(&result);
        }
    }
}

#[test]
fn a_normal_truncated_near_zero_simulates() {
    // normal(1000, 1000) truncated at 0: about 16% of the mass is cut, and some events
    // lose less than a cent.
    let model = FairModel {
        loss_event_frequency: Some(Distribution::Constant { value: 1.0 }),
        loss_magnitude: Some(Distribution::Normal {
            mean: 1000.0,
            sd: 1000.0,
        }),
        ..Default::default()
    };
    // E[X | X > 0] = μ + σ·φ(1)/Φ(1) for μ = σ.
    let (phi, cdf) = (
        (-0.5f64).exp() / (2.0 * std::f64::consts::PI).sqrt(),
        0.841_344_746_068_542_9,
    );
    let expected = 1000.0 + 1000.0 * phi / cdf;
    for (sampling, seed) in [
        (Sampling::Lhs, 5),
        (Sampling::Lhs, 6),
        (Sampling::Lhs, 7),
        (Sampling::Mc, 5),
    ] {
        let result = run_everywhere(
            &register_of(vec![("NORMAL", model.clone())]),
            &settings(200_000, seed, sampling),
        );
        let s = &result.risks[0].summary;
        assert!(
            (s.mean - expected).abs() < 3.0 * s.se_mean,
            "{sampling:?}: {} against {expected}",
            s.mean
        );
        assert_register_is_the_sum(&result);
    }
}

/// Runs `f` on its own thread and fails if it takes longer than `limit` (a hang).
fn within<T: Send + 'static>(limit: std::time::Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(f());
    });
    receive
        .recv_timeout(limit)
        .expect("finished in time (a hang otherwise)")
}

#[test]
fn a_panicking_thread_ends_the_run_with_a_failure_naming_the_risk() {
    let model = FairModel {
        loss_event_frequency: Some(Distribution::Constant { value: 1.0 }),
        loss_magnitude: Some(Distribution::Lognormal { low: 1e3, high: 1e5 }),
        ..Default::default()
    };
    // A panic while simulating (before the turn), and one while adding (holding it), at
    // the first, a middle and the last risk, on 1 to 4 threads.
    for failing in ["PANIC-SIMULATE-x", "PANIC-ADD-x"] {
        for at in [0, 3, 7] {
            for threads in 1..=4 {
                let ids: Vec<String> = (0..8)
                    .map(|i| {
                        if i == at {
                            failing.to_string()
                        } else {
                            format!("OK-{i}")
                        }
                    })
                    .collect();
                let register = register_of(ids.iter().map(|id| (id.as_str(), model.clone())).collect());
                let plan = plan(&register).unwrap();
                let outcome = within(std::time::Duration::from_secs(60), move || {
                    run_parallel(&plan, &settings(5_000, 1, Sampling::Lhs), threads)
                });
                let failure = outcome.expect_err("the run fails");
                assert_eq!(failure.risk, failing, "{failing} at {at} on {threads} threads");
                assert!(failure.message.contains("injected"), "{}", failure.message);
                assert!(
                    failure
                        .to_string()
                        .starts_with(&format!("the simulation failed on risk {failing}"))
                );
            }
        }
    }
}

#[test]
fn years_past_the_cap_are_counted_and_said() {
    // 50 events a year of 10^15 each: every year with two events or more exceeds the cap.
    let model = FairModel {
        loss_event_frequency: Some(Distribution::Constant { value: 50.0 }),
        loss_magnitude: Some(Distribution::Constant {
            value: crate::model::limits::MAX_AMOUNT,
        }),
        ..Default::default()
    };
    let small = FairModel {
        loss_event_frequency: Some(Distribution::Constant { value: 0.5 }),
        loss_magnitude: Some(Distribution::Constant { value: 10.0 }),
        ..Default::default()
    };
    for sampling in [Sampling::Lhs, Sampling::Mc] {
        let result = run_everywhere(
            &register_of(vec![("HUGE", model.clone()), ("SMALL", small.clone())]),
            &settings(2_000, 1, sampling),
        );
        let huge = &result.risks[0];
        // P(N ≥ 2) for Poisson(50) is 1 − 51·e^−50: all 2,000 years.
        assert_eq!(huge.capped_years, 2_000, "{sampling:?}");
        assert_eq!((huge.summary.max, huge.summary.mean), (LOSS_CAP, LOSS_CAP));
        assert_eq!(result.risks[1].capped_years, 0);
        let json = serde_json::to_value(&result).unwrap();
        assert_eq!(json["risks"][0]["capped_years"], 2_000);
        assert!(
            json["risks"][1].get("capped_years").is_none(),
            "absent when the cap never applies"
        );
        assert_register_is_the_sum(&result);
    }
}

//! Residual → pyfair → Residual on every shipped register: every risk Residual simulates
//! comes back, and its mean annual loss stays within its Monte-Carlo error. pyfair has no
//! lognormal (nor uniform, triangular, beta, Poisson or truncated normal): those leave as
//! raw samples and return as empirical estimates of those samples.
#![cfg(not(target_arch = "wasm32"))]

use residual_engine::exchange::pyfair;
use residual_engine::model::distribution::Distribution;
use residual_engine::model::settings::{Sampling, SimulationSettings};
use residual_engine::quant::simulation::simulate;

const TRIALS: u32 = 40_000;

#[test]
fn every_shipped_register_keeps_each_risk_and_its_mean_through_pyfair() {
    let mut shipped: Vec<_> = std::fs::read_dir("../../public/examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    shipped.sort();
    assert!(shipped.len() >= 3, "{shipped:?}");
    let mut empirical = 0;
    for path in shipped {
        let text = std::fs::read_to_string(&path).unwrap();
        let before = residual_engine::io::document::load(&text).unwrap().register;
        let (exported, _) = pyfair::write(&before);
        let (after, warnings) = pyfair::read(&exported, &before.currency).unwrap_or_else(|p| panic!("{path:?}: {p:?}"));
        empirical += after
            .risks
            .iter()
            .filter_map(|r| r.fair.as_ref())
            .flat_map(|f| f.factors())
            .filter(|(_, d, _)| matches!(d, Some(Distribution::Empirical { .. })))
            .count();
        assert!(!warnings.is_empty());
        let settings = |seed| SimulationSettings {
            trials: TRIALS,
            seed,
            sampling: Sampling::Mc,
        };
        let old = simulate(&before, Some(settings(11))).unwrap();
        let new = simulate(&after, Some(settings(12))).unwrap();
        let ids = |r: &residual_engine::quant::simulation::SimulationResult| {
            r.risks.iter().map(|r| r.id.clone()).collect::<Vec<_>>()
        };
        assert_eq!(ids(&old), ids(&new), "{path:?}: every simulated risk comes back");
        // The raw samples (the register's trial count of them) add their own sampling
        // error to the mean: at most the simulation's own at that many trials, since the
        // variance of a year's loss holds each factor's variance.
        let raw = f64::from(before.simulation.trials);
        for (a, b) in old.risks.iter().zip(&new.risks) {
            let (sa, sb) = (
                a.summary.sd / f64::from(TRIALS).sqrt(),
                b.summary.sd / f64::from(TRIALS).sqrt(),
            );
            let raw_error = b.summary.sd / raw.sqrt();
            let tolerance = 5.0 * (sa * sa + sb * sb + raw_error * raw_error).sqrt();
            assert!(
                (a.summary.mean - b.summary.mean).abs() <= tolerance,
                "{path:?} {}: mean {} before, {} after (tolerance {tolerance})",
                a.id,
                a.summary.mean,
                b.summary.mean
            );
        }
    }
    assert!(empirical >= 10, "only {empirical} estimates came back as raw samples");
}

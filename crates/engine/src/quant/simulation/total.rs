//! The register's total: each year's loss over the risks, added in whole cents in plan
//! order, so one thread or many give identical figures.

use super::*;

/// The register's years in whole cents, as the risks are added in plan order: at random
/// (year t with year t) under plain Monte Carlo, stratified under Latin hypercube
/// sampling (see `pairing`). Cents make the sum exact.
pub(super) struct Total {
    pub(super) cents: Vec<i64>,
    pub(super) pairing: pairing::Pairing,
}

impl Total {
    pub(super) fn new(trials: usize) -> Total {
        Total {
            cents: vec![0; trials],
            pairing: Default::default(),
        }
    }

    pub(super) fn add(&mut self, id: &str, settings: &SimulationSettings, risk: &[i64]) {
        #[cfg(test)]
        if id.starts_with("PANIC-ADD") {
            panic!("a panic injected by a test");
        }
        match settings.sampling {
            Sampling::Mc => self
                .cents
                .iter_mut()
                .zip(risk)
                .for_each(|(t, &c)| *t = t.saturating_add(c)),
            Sampling::Lhs => self.pairing.add(
                &mut self.cents,
                risk,
                &mut Stream::new(settings.seed, id, pairing::INPUT),
            ),
        }
    }
}

/// The register's years from each risk's capped annual losses (by id, in plan order),
/// added as [`run`] adds them: the same register figures as a run that simulated them.
pub fn register_years<'a>(
    settings: &SimulationSettings,
    risks: impl IntoIterator<Item = (&'a str, &'a [f64])>,
) -> Vec<f64> {
    let n = settings.trials as usize;
    let mut total = Total::new(n);
    let mut cents = vec![0; n];
    for (id, losses) in risks {
        cents
            .iter_mut()
            .zip(losses)
            .for_each(|(c, &l)| *c = in_cents(l.min(LOSS_CAP)));
        total.add(id, settings, &cents);
    }
    total.cents.into_iter().map(|c| c as f64 / 100.0).collect()
}

/// A loss (≥ 0, capped) in whole cents: adding ½ and truncating rounds to the nearest.
#[inline]
pub(super) fn in_cents(loss: f64) -> i64 {
    (loss * 100.0 + 0.5) as i64
}

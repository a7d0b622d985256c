//! The analyst's settings for the quantitative analysis: how many years to simulate,
//! from which seed, with which sampling design. Stored in the register
//! (`$.simulation`), so a register gives the same figures wherever it is opened.

use serde::{Deserialize, Serialize};

use crate::model::problem::{Problem, field};

/// The most trials a run may ask for.
pub const MAX_TRIALS: u32 = 10_000_000;
/// Seeds stay below 2^53 so that JavaScript readers of the JSON see them exactly.
pub const MAX_SEED: u64 = (1 << 53) - 1;
named_enum! {
    /// How the simulation draws its uniform random numbers.
    #[derive(Default)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
    pub enum Sampling {
        /// Latin hypercube: each input's range is cut into as many equally likely strata as
        /// there are draws, and each stratum is drawn exactly once, in random order.
        #[default]
        Lhs = ("lhs", "Latin hypercube"),
        /// Plain Monte Carlo: independent uniform draws.
        Mc = ("mc", "Plain Monte Carlo"),
    }
}

/// Settings of the Monte-Carlo simulation: how many years to simulate, from which seed,
/// with which sampling design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SimulationSettings {
    /// Number of simulated years.
    pub trials: u32,
    /// Seed of the random streams: the same register, seed and trials give the same results.
    pub seed: u64,
    /// Sampling design: "lhs" (Latin hypercube, the default) or "mc" (plain Monte Carlo).
    #[serde(default)]
    pub sampling: Sampling,
}

impl Default for SimulationSettings {
    fn default() -> Self {
        SimulationSettings {
            trials: 10_000,
            seed: 1,
            sampling: Sampling::Lhs,
        }
    }
}

impl SimulationSettings {
    /// Adds a [`Problem`] under `path` if the trials are outside 1..=[`MAX_TRIALS`] or the
    /// seed is above [`MAX_SEED`].
    pub fn check(&self, path: &str, problems: &mut Vec<Problem>) {
        if let Some(message) = trials_problem(self.trials.into()) {
            problems.push(Problem::new(field(path, "trials"), message));
        }
        if let Some(message) = seed_problem(self.seed) {
            problems.push(Problem::new(field(path, "seed"), message));
        }
    }
}

/// Trial counts above this are run once, not kept as the register's setting: a count
/// that takes seconds would otherwise slow every later run.
pub const ONE_OFF_ABOVE: u32 = 100_000;

/// Whether `trials` is a one-off count (see [`ONE_OFF_ABOVE`]).
pub fn is_one_off(trials: u32) -> bool {
    trials > ONE_OFF_ABOVE
}

/// The trial counts offered to choose from.
pub const TRIAL_CHOICES: [u32; 4] = [10_000, 100_000, 1_000_000, 5_000_000];

/// The trial counts to offer when the register has `current`: the usual ones, and the
/// register's own among them in order when it is not one of them.
pub fn trial_choices(current: u32) -> Vec<u32> {
    let mut choices = TRIAL_CHOICES.to_vec();
    if !choices.contains(&current) {
        choices.push(current);
        choices.sort_unstable();
    }
    choices
}

/// A number of trials as chosen or typed ("100000", "100,000"), or why it is not one.
pub fn parse_trials(text: &str) -> Result<u32, String> {
    let digits: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' ' | '\u{202f}'))
        .collect();
    let trials: u64 = digits
        .parse()
        .map_err(|_| format!("\"{}\" is not a whole number of trials", text.trim()))?;
    match trials_problem(trials) {
        Some(why) => Err(format!("Trials {why}")),
        None => Ok(trials as u32),
    }
}

/// What is wrong with a number of trials, if anything.
pub fn trials_problem(trials: u64) -> Option<String> {
    (!(1..=MAX_TRIALS as u64).contains(&trials)).then(|| format!("must be between 1 and {MAX_TRIALS}"))
}

/// What is wrong with a seed, if anything.
pub fn seed_problem(seed: u64) -> Option<String> {
    (seed > MAX_SEED).then(|| format!("must be at most {MAX_SEED} (2^53 − 1)"))
}

/// Trials of the live treatment view: enough for stable means, few enough that a change
/// redraws within 100 ms.
pub const LIVE_TRIALS: u32 = 10_000;

impl SimulationSettings {
    /// These settings for the live views: the same seed and sampling, at most
    /// [`LIVE_TRIALS`] trials.
    pub fn live(&self) -> SimulationSettings {
        SimulationSettings {
            trials: self.trials.min(LIVE_TRIALS),
            ..*self
        }
    }
}

#[cfg(test)]
mod trial_tests {
    use super::*;

    #[test]
    fn trials_are_read_or_refused_with_the_reason() {
        assert_eq!(parse_trials("100000"), Ok(100_000));
        assert_eq!(parse_trials(" 1,000,000 "), Ok(1_000_000));
        assert_eq!(
            parse_trials("10k"),
            Err("\"10k\" is not a whole number of trials".into())
        );
        assert_eq!(
            parse_trials("0"),
            Err(format!("Trials must be between 1 and {MAX_TRIALS}"))
        );
        assert!(parse_trials("99999999999999999999").is_err());
        assert!(parse_trials(&(MAX_TRIALS + 1).to_string()).is_err());
        assert_eq!(trial_choices(10_000), TRIAL_CHOICES.to_vec());
        assert_eq!(
            trial_choices(50_000),
            vec![10_000, 50_000, 100_000, 1_000_000, 5_000_000]
        );
    }
}

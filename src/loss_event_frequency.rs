//! Loss event frequency (LEF): how many loss events a year, drawn once per trial.
//!
//! LEF is given, or it is threat event frequency × vulnerability, both drawn per trial.
//! Vulnerability is given, or derived per trial from threat capability (TC) against
//! resistance strength (RS): the trial draws our resistance strength rs (what we are
//! unsure of), and the vulnerability that year is the share of the threat community
//! able to overcome it, P(TC > rs) = 1 − F_TC(rs). It is never collapsed into one
//! number; its spread across trials carries the uncertainty about RS.

use crate::distribution::{Bounds, QuantileTable};
use crate::fair_model::{FrequencySource, ThreatEventSource, VulnerabilitySource};
use crate::sampling::{Sampling, Stream};

/// The independent random inputs of a risk, each its own stream.
pub mod input {
    pub const FREQUENCY: u64 = 0;
    pub const ACTION: u64 = 1;
    pub const VULNERABILITY: u64 = 2;
    pub const EVENTS: u64 = 3;
    pub const PRIMARY: u64 = 4;
    pub const SECONDARY_FREQUENCY: u64 = 5;
    pub const SECONDARY_OCCURS: u64 = 6;
    pub const SECONDARY_MAGNITUDE: u64 = 7;
    pub const FURTHER_EVENTS: u64 = 8;
}

#[derive(Debug, Clone)]
pub enum LossEventFrequency {
    Direct(QuantileTable),
    Derived { threat_events: ThreatEvents, vulnerability: Vulnerability },
}

#[derive(Debug, Clone)]
pub enum ThreatEvents {
    Direct(QuantileTable),
    ContactTimesAction { contact: QuantileTable, action: QuantileTable },
}

#[derive(Debug, Clone)]
pub enum Vulnerability {
    Direct(QuantileTable),
    CapabilityVsResistance { capability: QuantileTable, resistance: QuantileTable },
}

impl LossEventFrequency {
    /// `bounds` are those of the LEF itself (a probability for the Bernoulli model).
    pub fn new(source: &FrequencySource, bounds: Bounds) -> Self {
        let table = |d: &crate::distribution::Distribution, b| QuantileTable::new(d.shape(b));
        match source {
            FrequencySource::Direct(d) => LossEventFrequency::Direct(table(d, bounds)),
            FrequencySource::Derived { threat_events, vulnerability } => LossEventFrequency::Derived {
                threat_events: match threat_events {
                    ThreatEventSource::Direct(d) => ThreatEvents::Direct(table(d, Bounds::NON_NEGATIVE)),
                    ThreatEventSource::ContactTimesAction { contact, action } => ThreatEvents::ContactTimesAction {
                        contact: table(contact, Bounds::NON_NEGATIVE),
                        action: table(action, Bounds::PROBABILITY),
                    },
                },
                vulnerability: match vulnerability {
                    VulnerabilitySource::Direct(d) => Vulnerability::Direct(table(d, Bounds::PROBABILITY)),
                    VulnerabilitySource::CapabilityVsResistance { capability, resistance } => Vulnerability::CapabilityVsResistance {
                        capability: table(capability, Bounds::SCORE_0_100),
                        resistance: table(resistance, Bounds::SCORE_0_100),
                    },
                },
            },
        }
    }

    /// The expected LEF. Factors are independent, so means multiply; E[P(TC > RS)] is
    /// integrated over RS's quantiles.
    pub fn mean(&self) -> f64 {
        match self {
            LossEventFrequency::Direct(t) => t.shape().mean(),
            LossEventFrequency::Derived { threat_events, vulnerability } => {
                let tef = match threat_events {
                    ThreatEvents::Direct(t) => t.shape().mean(),
                    ThreatEvents::ContactTimesAction { contact, action } => contact.shape().mean() * action.shape().mean(),
                };
                tef * vulnerability.mean()
            }
        }
    }

    /// Draws the LEF of every trial into `rate`, using `scratch` (same length).
    pub fn draw(&self, seed: u64, key: &str, sampling: Sampling, rate: &mut [f64], scratch: &mut [f64]) {
        let stream = |input| Stream::new(seed, key, input);
        match self {
            LossEventFrequency::Direct(t) => {
                stream(input::FREQUENCY).fill(sampling, rate);
                t.sample_in_place(rate);
            }
            LossEventFrequency::Derived { threat_events, vulnerability } => {
                match threat_events {
                    ThreatEvents::Direct(t) => {
                        stream(input::FREQUENCY).fill(sampling, rate);
                        t.sample_in_place(rate);
                    }
                    ThreatEvents::ContactTimesAction { contact, action } => {
                        stream(input::FREQUENCY).fill(sampling, rate);
                        contact.sample_in_place(rate);
                        stream(input::ACTION).fill(sampling, scratch);
                        for (r, u) in rate.iter_mut().zip(scratch.iter()) {
                            *r *= action.sample(*u);
                        }
                    }
                }
                stream(input::VULNERABILITY).fill(sampling, scratch);
                match vulnerability {
                    Vulnerability::Direct(t) => {
                        for (r, u) in rate.iter_mut().zip(scratch.iter()) {
                            *r *= t.sample(*u);
                        }
                    }
                    Vulnerability::CapabilityVsResistance { capability, resistance } => {
                        for (r, u) in rate.iter_mut().zip(scratch.iter()) {
                            *r *= 1.0 - capability.cdf(resistance.sample(*u));
                        }
                    }
                }
            }
        }
    }
}

impl Vulnerability {
    pub fn mean(&self) -> f64 {
        match self {
            Vulnerability::Direct(t) => t.shape().mean(),
            Vulnerability::CapabilityVsResistance { capability, resistance } => {
                // Midpoint rule over RS's quantiles: E[1 − F_TC(RS)].
                let n = 20_000;
                (0..n).map(|i| 1.0 - capability.shape().cdf(resistance.sample((i as f64 + 0.5) / n as f64))).sum::<f64>() / n as f64
            }
        }
    }
}

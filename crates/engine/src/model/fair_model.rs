//! A risk's Open FAIR model: the factors of the taxonomy, each an optional estimate, so
//! an analyst works at the level they have data for.
//!
//! ```text
//! annual loss ── loss event frequency ── threat event frequency ── contact frequency
//!            │                        │                         └─ probability of action
//!            │                        └─ vulnerability ── threat capability
//!            │                                          └─ resistance strength
//!            └─ loss magnitude ── primary loss
//!                              └─ secondary loss ── secondary loss event frequency
//!                                                └─ secondary loss magnitude
//! ```
//! A factor is given directly, or derived from the factors below it; giving both is an
//! error, so a model never says two things.

use serde::{Deserialize, Serialize};

use crate::model::distribution::{Bounds, Distribution, Shape};
use crate::model::problem::{Problem, field};

/// A risk's Open FAIR model: an optional estimate (distribution) for each factor of the
/// taxonomy. Each branch is given either directly or through the factors beneath it, never
/// both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FairModel {
    /// How loss events turn into an annual loss.
    #[serde(default)]
    pub event_model: EventModel,
    /// Loss events per year (for the Bernoulli model: the probability of a loss in a year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss_event_frequency: Option<Distribution>,
    /// Threat events per year; with `vulnerability`, gives the loss event frequency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threat_event_frequency: Option<Distribution>,
    /// Contacts with the threat per year; with `probability_of_action`, gives the threat event frequency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_frequency: Option<Distribution>,
    /// Probability that a contact becomes a threat event (0–1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability_of_action: Option<Distribution>,
    /// Probability that a threat event becomes a loss event (0–1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vulnerability: Option<Distribution>,
    /// Capability of the threat community, 0–100 (a distribution over its members).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threat_capability: Option<Distribution>,
    /// Strength of the controls against it, 0–100 (an uncertain estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resistance_strength: Option<Distribution>,
    /// Loss per event, if not split into primary and secondary loss.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss_magnitude: Option<Distribution>,
    /// Primary loss per event (productivity, response, replacement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_loss: Option<Distribution>,
    /// Probability that an event draws secondary stakeholders' reaction (0–1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_loss_event_frequency: Option<Distribution>,
    /// Secondary loss when they react (fines and judgements, reputation, competitive advantage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_loss_magnitude: Option<Distribution>,
}

named_enum! {
    /// How the simulation turns loss event frequency and loss magnitude into one year's loss.
    #[derive(Default)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
    pub enum EventModel {
        /// N ~ Poisson(LEF) events a year, each with its own loss magnitude.
        #[default]
        Poisson = ("poisson", "Any number a year (Poisson), each with its own loss"),
        /// At most one loss a year, with probability LEF (Hubbard–Seiersen).
        Bernoulli = ("bernoulli", "At most one a year (frequency read as a probability)"),
        /// Annual loss = LEF × LM, one draw of each (what pyfair computes).
        Rate = ("rate", "Frequency × magnitude (pyfair-compatible)"),
    }
}

/// A given factor with the values its quantity may take: the bounds it is checked
/// against are the bounds it is sampled within (a normal is truncated to them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Factor<'a> {
    /// The analyst's estimate of the factor.
    pub distribution: &'a Distribution,
    /// The values the factor's quantity may take, e.g. 0–1 for a probability, ≥ 0 for a
    /// frequency or a loss.
    pub bounds: Bounds,
}

impl Factor<'_> {
    /// The estimate as a sampleable [`Shape`], truncated to the factor's bounds.
    pub fn shape(&self) -> Shape {
        self.distribution.shape(self.bounds)
    }
}

/// Where the loss event frequency comes from, once the model is checked.
#[derive(Debug, Clone, PartialEq)]
pub enum FrequencySource<'a> {
    /// Loss event frequency given directly (events per year, or the annual probability for
    /// the Bernoulli model).
    Direct(Factor<'a>),
    /// Loss event frequency derived as threat event frequency × vulnerability.
    Derived {
        /// Where the threat event frequency comes from.
        threat_events: ThreatEventSource<'a>,
        /// Where the vulnerability comes from.
        vulnerability: VulnerabilitySource<'a>,
    },
}

/// Where the threat event frequency (threat events per year) comes from, once the model is
/// checked.
#[derive(Debug, Clone, PartialEq)]
pub enum ThreatEventSource<'a> {
    /// Threat event frequency given directly, in events per year.
    Direct(Factor<'a>),
    /// Derived as contact frequency (contacts per year) × probability of action (0–1).
    ContactTimesAction {
        /// Contact frequency: contacts with the threat per year.
        contact: Factor<'a>,
        /// Probability of action: chance (0–1) that a contact becomes a threat event.
        action: Factor<'a>,
    },
}

/// Where the vulnerability (probability 0–1 that a threat event becomes a loss event) comes
/// from, once the model is checked.
#[derive(Debug, Clone, PartialEq)]
pub enum VulnerabilitySource<'a> {
    /// Vulnerability given directly, as a probability 0–1.
    Direct(Factor<'a>),
    /// Derived as the probability that threat capability exceeds resistance strength, both
    /// on a 0–100 scale.
    CapabilityVsResistance {
        /// Threat capability of the threat community, 0–100.
        capability: Factor<'a>,
        /// Resistance strength of the controls, 0–100.
        resistance: Factor<'a>,
    },
}

/// Where the loss magnitude (loss per loss event, currency units) comes from, once the
/// model is checked.
#[derive(Debug, Clone, PartialEq)]
pub enum MagnitudeSource<'a> {
    /// Loss magnitude given directly, not split into primary and secondary loss.
    Direct(Factor<'a>),
    /// Loss magnitude as primary loss plus, optionally, secondary loss.
    Split {
        /// Primary loss per event (currency units).
        primary: Factor<'a>,
        /// Secondary loss, if modelled: (secondary loss event frequency as a probability
        /// 0–1 per event, secondary loss magnitude in currency units).
        secondary: Option<(Factor<'a>, Factor<'a>)>,
    },
}

/// The factors beneath the loss event frequency, which derive it when it is not given.
pub const BELOW_LOSS_EVENT_FREQUENCY: [&str; 6] = [
    "threat_event_frequency",
    "contact_frequency",
    "probability_of_action",
    "vulnerability",
    "threat_capability",
    "resistance_strength",
];

impl FairModel {
    /// Checks every given factor and that the tree is complete and unambiguous.
    pub fn check(&self, path: &str, problems: &mut Vec<Problem>) {
        for (name, dist, bounds) in self.factors() {
            if let Some(dist) = dist {
                let at = field(path, name);
                let before = problems.len();
                dist.check(&at, bounds, problems);
                if problems.len() == before {
                    self.check_limits(name, dist, &at, problems);
                }
            }
        }
        if let Err(problem) = self.frequency_source(path) {
            problems.push(problem);
        }
        if let Err(problem) = self.magnitude_source(path) {
            problems.push(problem);
        }
    }

    /// The largest values Residual simulates (`limits`): losses up to 10^15, frequencies
    /// up to 10^6 a year; probabilities and scores are bounded by their distribution.
    fn check_limits(&self, name: &str, dist: &Distribution, at: &str, problems: &mut Vec<Problem>) {
        let limit: fn(f64) -> Option<String> = match name {
            "loss_magnitude" | "primary_loss" | "secondary_loss_magnitude" => {
                crate::model::limits::amount_limit_problem
            }
            "loss_event_frequency" if self.event_model == EventModel::Bernoulli => return,
            "loss_event_frequency" | "threat_event_frequency" | "contact_frequency" => {
                crate::model::limits::frequency_limit_problem
            }
            _ => return,
        };
        for (parameter, value) in dist.parameters() {
            if matches!(parameter, "gamma" | "alpha" | "beta") {
                continue;
            }
            if let Some(message) = limit(value) {
                problems.push(Problem::new(field(at, parameter), message));
            }
        }
    }

    /// Each factor with its name and the values it may take.
    pub fn factors(&self) -> [(&'static str, Option<&Distribution>, Bounds); 11] {
        let frequency_bounds = if self.event_model == EventModel::Bernoulli {
            Bounds::PROBABILITY
        } else {
            Bounds::NON_NEGATIVE
        };
        [
            (
                "loss_event_frequency",
                self.loss_event_frequency.as_ref(),
                frequency_bounds,
            ),
            (
                "threat_event_frequency",
                self.threat_event_frequency.as_ref(),
                Bounds::NON_NEGATIVE,
            ),
            (
                "contact_frequency",
                self.contact_frequency.as_ref(),
                Bounds::NON_NEGATIVE,
            ),
            (
                "probability_of_action",
                self.probability_of_action.as_ref(),
                Bounds::PROBABILITY,
            ),
            ("vulnerability", self.vulnerability.as_ref(), Bounds::PROBABILITY),
            (
                "threat_capability",
                self.threat_capability.as_ref(),
                Bounds::SCORE_0_100,
            ),
            (
                "resistance_strength",
                self.resistance_strength.as_ref(),
                Bounds::SCORE_0_100,
            ),
            ("loss_magnitude", self.loss_magnitude.as_ref(), Bounds::NON_NEGATIVE),
            ("primary_loss", self.primary_loss.as_ref(), Bounds::NON_NEGATIVE),
            (
                "secondary_loss_event_frequency",
                self.secondary_loss_event_frequency.as_ref(),
                Bounds::PROBABILITY,
            ),
            (
                "secondary_loss_magnitude",
                self.secondary_loss_magnitude.as_ref(),
                Bounds::NON_NEGATIVE,
            ),
        ]
    }

    /// The factor called `name` (its JSON key), if given, with its bounds.
    pub fn given(&self, name: &str) -> Option<Factor<'_>> {
        let (_, distribution, bounds) = self.factors().into_iter().find(|(n, _, _)| *n == name)?;
        Some(Factor {
            distribution: distribution?,
            bounds,
        })
    }

    /// The factor called `name` (its JSON key), to set or clear.
    pub fn factor_mut(&mut self, name: &str) -> Option<&mut Option<Distribution>> {
        Some(match name {
            "loss_event_frequency" => &mut self.loss_event_frequency,
            "threat_event_frequency" => &mut self.threat_event_frequency,
            "contact_frequency" => &mut self.contact_frequency,
            "probability_of_action" => &mut self.probability_of_action,
            "vulnerability" => &mut self.vulnerability,
            "threat_capability" => &mut self.threat_capability,
            "resistance_strength" => &mut self.resistance_strength,
            "loss_magnitude" => &mut self.loss_magnitude,
            "primary_loss" => &mut self.primary_loss,
            "secondary_loss_event_frequency" => &mut self.secondary_loss_event_frequency,
            "secondary_loss_magnitude" => &mut self.secondary_loss_magnitude,
            _ => return None,
        })
    }

    /// How the loss event frequency is to be computed: given directly, or derived from
    /// threat event frequency and vulnerability (each given or derived). Errs with a
    /// [`Problem`] under `path` when a branch is missing, incomplete, or given both ways.
    pub fn frequency_source(&self, path: &str) -> Result<FrequencySource<'_>, Problem> {
        let f = |name| self.given(name);
        let derived_given = BELOW_LOSS_EVENT_FREQUENCY.into_iter().any(|name| f(name).is_some());
        if let Some(lef) = f("loss_event_frequency") {
            if derived_given {
                return Err(Problem::new(
                    field(path, "loss_event_frequency"),
                    "is given, so its factors (threat event frequency, vulnerability and theirs) must not be",
                ));
            }
            return Ok(FrequencySource::Direct(lef));
        }
        if !derived_given {
            return Err(Problem::new(
                field(path, "loss_event_frequency"),
                "is missing: give it, or threat_event_frequency (or contact_frequency and probability_of_action) with vulnerability (or threat_capability and resistance_strength)",
            ));
        }
        let threat_events = match (
            f("threat_event_frequency"),
            f("contact_frequency"),
            f("probability_of_action"),
        ) {
            (Some(tef), None, None) => ThreatEventSource::Direct(tef),
            (None, Some(contact), Some(action)) => ThreatEventSource::ContactTimesAction { contact, action },
            (Some(_), _, _) => {
                return Err(Problem::new(
                    field(path, "threat_event_frequency"),
                    "is given, so contact_frequency and probability_of_action must not be",
                ));
            }
            (None, None, _) => {
                return Err(Problem::new(
                    field(path, "threat_event_frequency"),
                    "is missing: give it, or contact_frequency and probability_of_action",
                ));
            }
            (None, Some(_), None) => {
                return Err(Problem::new(
                    field(path, "probability_of_action"),
                    "is missing: it goes with contact_frequency",
                ));
            }
        };
        let vulnerability = match (f("vulnerability"), f("threat_capability"), f("resistance_strength")) {
            (Some(v), None, None) => VulnerabilitySource::Direct(v),
            (None, Some(capability), Some(resistance)) => {
                VulnerabilitySource::CapabilityVsResistance { capability, resistance }
            }
            (Some(_), _, _) => {
                return Err(Problem::new(
                    field(path, "vulnerability"),
                    "is given, so threat_capability and resistance_strength must not be",
                ));
            }
            (None, None, None) => {
                return Err(Problem::new(
                    field(path, "vulnerability"),
                    "is missing: give it, or threat_capability and resistance_strength",
                ));
            }
            (None, Some(_), None) => {
                return Err(Problem::new(
                    field(path, "resistance_strength"),
                    "is missing: it goes with threat_capability",
                ));
            }
            (None, None, Some(_)) => {
                return Err(Problem::new(
                    field(path, "threat_capability"),
                    "is missing: it goes with resistance_strength",
                ));
            }
        };
        Ok(FrequencySource::Derived {
            threat_events,
            vulnerability,
        })
    }

    /// How the loss magnitude is to be computed: given directly, or split into primary and
    /// optional secondary loss. Errs with a [`Problem`] under `path` when it is missing,
    /// incomplete, or given both ways.
    pub fn magnitude_source(&self, path: &str) -> Result<MagnitudeSource<'_>, Problem> {
        let f = |name| self.given(name);
        let secondary = match (f("secondary_loss_event_frequency"), f("secondary_loss_magnitude")) {
            (Some(f), Some(m)) => Some((f, m)),
            (None, None) => None,
            (Some(_), None) => {
                return Err(Problem::new(
                    field(path, "secondary_loss_magnitude"),
                    "is missing: it goes with secondary_loss_event_frequency",
                ));
            }
            (None, Some(_)) => {
                return Err(Problem::new(
                    field(path, "secondary_loss_event_frequency"),
                    "is missing: it goes with secondary_loss_magnitude",
                ));
            }
        };
        match (f("loss_magnitude"), f("primary_loss")) {
            (Some(lm), None) if secondary.is_none() => Ok(MagnitudeSource::Direct(lm)),
            (Some(_), _) => Err(Problem::new(
                field(path, "loss_magnitude"),
                "is given, so primary_loss and the secondary loss factors must not be",
            )),
            (None, Some(primary)) => Ok(MagnitudeSource::Split { primary, secondary }),
            (None, None) => Err(Problem::new(
                field(path, "loss_magnitude"),
                "is missing: give it, or primary_loss (and optionally the secondary loss factors)",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(model: &FairModel) -> Vec<String> {
        let mut problems = Vec::new();
        model.check("$.fair", &mut problems);
        problems.iter().map(|p| p.to_string()).collect()
    }

    fn pert() -> Option<Distribution> {
        Some(Distribution::pert(0.1, 0.2, 0.5))
    }

    #[test]
    fn complete_models_at_every_level_pass() {
        let direct = FairModel {
            loss_event_frequency: pert(),
            loss_magnitude: pert(),
            ..Default::default()
        };
        assert!(messages(&direct).is_empty());
        let deep = FairModel {
            contact_frequency: Some(Distribution::pert(10.0, 20.0, 50.0)),
            probability_of_action: pert(),
            threat_capability: Some(Distribution::pert(20.0, 50.0, 90.0)),
            resistance_strength: Some(Distribution::pert(30.0, 60.0, 80.0)),
            primary_loss: pert(),
            secondary_loss_event_frequency: pert(),
            secondary_loss_magnitude: pert(),
            ..Default::default()
        };
        assert!(messages(&deep).is_empty(), "{:?}", messages(&deep));
    }

    #[test]
    fn incomplete_or_ambiguous_models_name_the_factor() {
        let cases = [
            (
                FairModel {
                    loss_magnitude: pert(),
                    ..Default::default()
                },
                "$.fair.loss_event_frequency: is missing",
            ),
            (
                FairModel {
                    loss_event_frequency: pert(),
                    ..Default::default()
                },
                "$.fair.loss_magnitude: is missing",
            ),
            (
                FairModel {
                    loss_event_frequency: pert(),
                    vulnerability: pert(),
                    loss_magnitude: pert(),
                    ..Default::default()
                },
                "$.fair.loss_event_frequency: is given, so its factors",
            ),
            (
                FairModel {
                    threat_event_frequency: pert(),
                    loss_magnitude: pert(),
                    ..Default::default()
                },
                "$.fair.vulnerability: is missing",
            ),
            (
                FairModel {
                    threat_event_frequency: pert(),
                    threat_capability: pert(),
                    loss_magnitude: pert(),
                    ..Default::default()
                },
                "$.fair.resistance_strength: is missing",
            ),
            (
                FairModel {
                    loss_event_frequency: pert(),
                    primary_loss: pert(),
                    secondary_loss_magnitude: pert(),
                    ..Default::default()
                },
                "$.fair.secondary_loss_event_frequency: is missing",
            ),
            (
                FairModel {
                    event_model: EventModel::Bernoulli,
                    loss_event_frequency: Some(Distribution::pert(0.5, 1.0, 3.0)),
                    loss_magnitude: pert(),
                    ..Default::default()
                },
                "$.fair.loss_event_frequency.max: must be between 0 and 1",
            ),
            (
                FairModel {
                    loss_event_frequency: pert(),
                    vulnerability: None,
                    loss_magnitude: Some(Distribution::pert(-1.0, 0.0, 1.0)),
                    ..Default::default()
                },
                "$.fair.loss_magnitude.min: must be at least 0",
            ),
        ];
        for (model, expected) in cases {
            let found = messages(&model);
            assert!(
                found.iter().any(|m| m.starts_with(expected)),
                "expected {expected}, got {found:?}"
            );
        }
    }
}

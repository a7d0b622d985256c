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
pub use crate::model::event_model::EventModel;
pub use crate::model::fair_factor::Factor;
use crate::model::fair_factor::{Factor as F, Quantity};
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

/// A given factor with the values its quantity may take: the bounds it is checked
/// against are the bounds it is sampled within (a normal is truncated to them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GivenFactor<'a> {
    /// The analyst's estimate of the factor.
    pub distribution: &'a Distribution,
    /// The values the factor's quantity may take, e.g. 0–1 for a probability, ≥ 0 for a
    /// frequency or a loss.
    pub bounds: Bounds,
}

impl GivenFactor<'_> {
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
    Direct(GivenFactor<'a>),
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
    Direct(GivenFactor<'a>),
    /// Derived as contact frequency (contacts per year) × probability of action (0–1).
    ContactTimesAction {
        /// Contact frequency: contacts with the threat per year.
        contact: GivenFactor<'a>,
        /// Probability of action: chance (0–1) that a contact becomes a threat event.
        action: GivenFactor<'a>,
    },
}

/// Where the vulnerability (probability 0–1 that a threat event becomes a loss event) comes
/// from, once the model is checked.
#[derive(Debug, Clone, PartialEq)]
pub enum VulnerabilitySource<'a> {
    /// Vulnerability given directly, as a probability 0–1.
    Direct(GivenFactor<'a>),
    /// Derived as the probability that threat capability exceeds resistance strength, both
    /// on a 0–100 scale.
    CapabilityVsResistance {
        /// Threat capability of the threat community, 0–100.
        capability: GivenFactor<'a>,
        /// Resistance strength of the controls, 0–100.
        resistance: GivenFactor<'a>,
    },
}

/// Where the loss magnitude (loss per loss event, currency units) comes from, once the
/// model is checked.
#[derive(Debug, Clone, PartialEq)]
pub enum MagnitudeSource<'a> {
    /// Loss magnitude given directly, not split into primary and secondary loss.
    Direct(GivenFactor<'a>),
    /// Loss magnitude as primary loss plus, optionally, secondary loss.
    Split {
        /// Primary loss per event (currency units).
        primary: GivenFactor<'a>,
        /// Secondary loss, if modelled: (secondary loss event frequency as a probability
        /// 0–1 per event, secondary loss magnitude in currency units).
        secondary: Option<(GivenFactor<'a>, GivenFactor<'a>)>,
    },
}

impl FairModel {
    /// Checks every given factor and that the tree is complete and unambiguous.
    pub fn check(&self, path: &str, problems: &mut Vec<Problem>) {
        for (factor, dist, bounds) in self.factors() {
            if let Some(dist) = dist {
                let at = field(path, factor.as_str());
                let before = problems.len();
                dist.check(&at, bounds, problems);
                if problems.len() == before {
                    self.check_limits(factor, dist, &at, problems);
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
    fn check_limits(&self, factor: Factor, dist: &Distribution, at: &str, problems: &mut Vec<Problem>) {
        let limit: fn(f64) -> Option<String> = match factor.quantity() {
            Quantity::Amount => crate::model::limits::amount_limit_problem,
            Quantity::Frequency if factor.bounds(self.event_model) == Bounds::PROBABILITY => return,
            Quantity::Frequency => crate::model::limits::frequency_limit_problem,
            Quantity::Probability | Quantity::Score => return,
        };
        for (parameter, value) in dist.parameters() {
            if !parameter.in_units() {
                continue;
            }
            if let Some(message) = limit(value) {
                problems.push(Problem::new(field(at, parameter.as_str()), message));
            }
        }
        if let Distribution::Empirical { values } = dist
            && let Some((i, message)) = values.iter().enumerate().find_map(|(i, v)| limit(*v).map(|m| (i, m)))
        {
            problems.push(Problem::new(format!("{}[{i}]", field(at, "values")), message));
        }
    }

    /// Each factor, in tree order, with its estimate if given and the values it may take.
    pub fn factors(&self) -> [(Factor, Option<&Distribution>, Bounds); Factor::ALL.len()] {
        Factor::ALL.map(|factor| (factor, self.get(factor), factor.bounds(self.event_model)))
    }

    /// The estimate of `factor`, if given.
    pub fn get(&self, factor: Factor) -> Option<&Distribution> {
        match factor {
            F::LossEventFrequency => self.loss_event_frequency.as_ref(),
            F::ThreatEventFrequency => self.threat_event_frequency.as_ref(),
            F::ContactFrequency => self.contact_frequency.as_ref(),
            F::ProbabilityOfAction => self.probability_of_action.as_ref(),
            F::Vulnerability => self.vulnerability.as_ref(),
            F::ThreatCapability => self.threat_capability.as_ref(),
            F::ResistanceStrength => self.resistance_strength.as_ref(),
            F::LossMagnitude => self.loss_magnitude.as_ref(),
            F::PrimaryLoss => self.primary_loss.as_ref(),
            F::SecondaryLossEventFrequency => self.secondary_loss_event_frequency.as_ref(),
            F::SecondaryLossMagnitude => self.secondary_loss_magnitude.as_ref(),
        }
    }

    /// The estimate of `factor`, if given, with the values it may take.
    pub fn given(&self, factor: Factor) -> Option<GivenFactor<'_>> {
        Some(GivenFactor {
            distribution: self.get(factor)?,
            bounds: factor.bounds(self.event_model),
        })
    }

    /// The slot of `factor`, to set or clear.
    pub fn slot_mut(&mut self, factor: Factor) -> &mut Option<Distribution> {
        match factor {
            F::LossEventFrequency => &mut self.loss_event_frequency,
            F::ThreatEventFrequency => &mut self.threat_event_frequency,
            F::ContactFrequency => &mut self.contact_frequency,
            F::ProbabilityOfAction => &mut self.probability_of_action,
            F::Vulnerability => &mut self.vulnerability,
            F::ThreatCapability => &mut self.threat_capability,
            F::ResistanceStrength => &mut self.resistance_strength,
            F::LossMagnitude => &mut self.loss_magnitude,
            F::PrimaryLoss => &mut self.primary_loss,
            F::SecondaryLossEventFrequency => &mut self.secondary_loss_event_frequency,
            F::SecondaryLossMagnitude => &mut self.secondary_loss_magnitude,
        }
    }

    /// How the loss event frequency is to be computed: given directly, or derived from
    /// threat event frequency and vulnerability (each given or derived). Errs with a
    /// [`Problem`] under `path` when a branch is missing, incomplete, or given both ways.
    pub fn frequency_source(&self, path: &str) -> Result<FrequencySource<'_>, Problem> {
        let f = |name| self.given(name);
        let derived_given = F::LossEventFrequency
            .below()
            .into_iter()
            .any(|factor| f(factor).is_some());
        if let Some(lef) = f(F::LossEventFrequency) {
            if derived_given {
                return Err(Problem::new(
                    field(path, F::LossEventFrequency.as_str()),
                    "is given, so its factors (threat event frequency, vulnerability and theirs) must not be",
                ));
            }
            return Ok(FrequencySource::Direct(lef));
        }
        if !derived_given {
            return Err(Problem::new(
                field(path, F::LossEventFrequency.as_str()),
                "is missing: give it, or threat_event_frequency (or contact_frequency and probability_of_action) with vulnerability (or threat_capability and resistance_strength)",
            ));
        }
        let threat_events = match (
            f(F::ThreatEventFrequency),
            f(F::ContactFrequency),
            f(F::ProbabilityOfAction),
        ) {
            (Some(tef), None, None) => ThreatEventSource::Direct(tef),
            (None, Some(contact), Some(action)) => ThreatEventSource::ContactTimesAction { contact, action },
            (Some(_), _, _) => {
                return Err(Problem::new(
                    field(path, F::ThreatEventFrequency.as_str()),
                    "is given, so contact_frequency and probability_of_action must not be",
                ));
            }
            (None, None, _) => {
                return Err(Problem::new(
                    field(path, F::ThreatEventFrequency.as_str()),
                    "is missing: give it, or contact_frequency and probability_of_action",
                ));
            }
            (None, Some(_), None) => {
                return Err(Problem::new(
                    field(path, F::ProbabilityOfAction.as_str()),
                    "is missing: it goes with contact_frequency",
                ));
            }
        };
        let vulnerability = match (f(F::Vulnerability), f(F::ThreatCapability), f(F::ResistanceStrength)) {
            (Some(v), None, None) => VulnerabilitySource::Direct(v),
            (None, Some(capability), Some(resistance)) => {
                VulnerabilitySource::CapabilityVsResistance { capability, resistance }
            }
            (Some(_), _, _) => {
                return Err(Problem::new(
                    field(path, F::Vulnerability.as_str()),
                    "is given, so threat_capability and resistance_strength must not be",
                ));
            }
            (None, None, None) => {
                return Err(Problem::new(
                    field(path, F::Vulnerability.as_str()),
                    "is missing: give it, or threat_capability and resistance_strength",
                ));
            }
            (None, Some(_), None) => {
                return Err(Problem::new(
                    field(path, F::ResistanceStrength.as_str()),
                    "is missing: it goes with threat_capability",
                ));
            }
            (None, None, Some(_)) => {
                return Err(Problem::new(
                    field(path, F::ThreatCapability.as_str()),
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
        let secondary = match (f(F::SecondaryLossEventFrequency), f(F::SecondaryLossMagnitude)) {
            (Some(f), Some(m)) => Some((f, m)),
            (None, None) => None,
            (Some(_), None) => {
                return Err(Problem::new(
                    field(path, F::SecondaryLossMagnitude.as_str()),
                    "is missing: it goes with secondary_loss_event_frequency",
                ));
            }
            (None, Some(_)) => {
                return Err(Problem::new(
                    field(path, F::SecondaryLossEventFrequency.as_str()),
                    "is missing: it goes with secondary_loss_magnitude",
                ));
            }
        };
        match (f(F::LossMagnitude), f(F::PrimaryLoss)) {
            (Some(lm), None) if secondary.is_none() => Ok(MagnitudeSource::Direct(lm)),
            (Some(_), _) => Err(Problem::new(
                field(path, F::LossMagnitude.as_str()),
                "is given, so primary_loss and the secondary loss factors must not be",
            )),
            (None, Some(primary)) => Ok(MagnitudeSource::Split { primary, secondary }),
            (None, None) => Err(Problem::new(
                field(path, F::LossMagnitude.as_str()),
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

    /// Each factor's key is the JSON key of its slot, so a path a problem names is the
    /// path in the file.
    #[test]
    fn every_factor_is_its_own_slot_and_json_key() {
        let mut model = FairModel::default();
        for (n, factor) in Factor::ALL.into_iter().enumerate() {
            *model.slot_mut(factor) = Some(Distribution::Constant { value: n as f64 });
        }
        let json = serde_json::to_value(&model).unwrap();
        for (n, factor) in Factor::ALL.into_iter().enumerate() {
            assert_eq!(json[factor.as_str()]["value"], n as f64, "{factor:?}");
            assert_eq!(model.get(factor), Some(&Distribution::Constant { value: n as f64 }));
        }
        assert_eq!(json.as_object().unwrap().len(), Factor::ALL.len() + 1);
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

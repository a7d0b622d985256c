//! The factors of the Open FAIR taxonomy as a type: each carries its JSON key, its label,
//! its place in the tree, the values its quantity may take, the range a new estimate
//! starts from and its help text. Every table about the factors is a method here, so a
//! misspelt factor does not compile.

use crate::model::distribution::Bounds;
use crate::model::event_model::EventModel;

named_enum! {
    /// An Open FAIR factor, by its key in a risk's `fair` model.
    pub enum Factor {
        /// Loss events per year (for the Bernoulli model: the probability of a loss in a year).
        LossEventFrequency = ("loss_event_frequency", "Loss event frequency"),
        /// Threat events per year.
        ThreatEventFrequency = ("threat_event_frequency", "Threat event frequency"),
        /// Contacts with the threat per year.
        ContactFrequency = ("contact_frequency", "Contact frequency"),
        /// The chance that a contact becomes a threat event.
        ProbabilityOfAction = ("probability_of_action", "Probability of action"),
        /// The chance that a threat event becomes a loss event.
        Vulnerability = ("vulnerability", "Vulnerability"),
        /// The threat community's capability, 0–100.
        ThreatCapability = ("threat_capability", "Threat capability"),
        /// The controls' resistance strength, 0–100.
        ResistanceStrength = ("resistance_strength", "Resistance strength"),
        /// The loss per event, primary and secondary together.
        LossMagnitude = ("loss_magnitude", "Loss magnitude"),
        /// The primary loss per event.
        PrimaryLoss = ("primary_loss", "Primary loss"),
        /// The chance that an event draws secondary stakeholders' reaction.
        SecondaryLossEventFrequency = ("secondary_loss_event_frequency", "Secondary loss event frequency"),
        /// The secondary loss when they react.
        SecondaryLossMagnitude = ("secondary_loss_magnitude", "Secondary loss magnitude"),
    }
}

/// What a factor measures, which fixes its bounds, its unit and its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Events (or contacts) per year.
    Frequency,
    /// A probability, 0–1.
    Probability,
    /// A FAIR score, 0–100.
    Score,
    /// An amount of money per event.
    Amount,
}

use Factor as F;

impl Factor {
    /// What the factor measures.
    pub fn quantity(self) -> Quantity {
        match self {
            F::LossEventFrequency | F::ThreatEventFrequency | F::ContactFrequency => Quantity::Frequency,
            F::ProbabilityOfAction | F::Vulnerability | F::SecondaryLossEventFrequency => Quantity::Probability,
            F::ThreatCapability | F::ResistanceStrength => Quantity::Score,
            F::LossMagnitude | F::PrimaryLoss | F::SecondaryLossMagnitude => Quantity::Amount,
        }
    }

    /// The values the factor may take under `event_model`: the Bernoulli model reads the
    /// loss event frequency as a probability.
    pub fn bounds(self, event_model: EventModel) -> Bounds {
        match (self, self.quantity()) {
            (F::LossEventFrequency, _) if event_model == EventModel::Bernoulli => Bounds::PROBABILITY,
            (_, Quantity::Frequency | Quantity::Amount) => Bounds::NON_NEGATIVE,
            (_, Quantity::Probability) => Bounds::PROBABILITY,
            (_, Quantity::Score) => Bounds::SCORE_0_100,
        }
    }

    /// The factor's depth in the tree under annual loss: 0 for loss event frequency and
    /// loss magnitude.
    pub fn depth(self) -> usize {
        match self {
            F::LossEventFrequency | F::LossMagnitude => 0,
            F::ThreatEventFrequency
            | F::Vulnerability
            | F::PrimaryLoss
            | F::SecondaryLossEventFrequency
            | F::SecondaryLossMagnitude => 1,
            F::ContactFrequency | F::ProbabilityOfAction | F::ThreatCapability | F::ResistanceStrength => 2,
        }
    }

    /// The factors that derive this one when it is not given.
    pub fn children(self) -> &'static [Factor] {
        match self {
            F::LossEventFrequency => &[F::ThreatEventFrequency, F::Vulnerability],
            F::ThreatEventFrequency => &[F::ContactFrequency, F::ProbabilityOfAction],
            F::Vulnerability => &[F::ThreatCapability, F::ResistanceStrength],
            F::LossMagnitude => &[
                F::PrimaryLoss,
                F::SecondaryLossEventFrequency,
                F::SecondaryLossMagnitude,
            ],
            _ => &[],
        }
    }

    /// Every factor beneath this one, in tree order.
    pub fn below(self) -> Vec<Factor> {
        let mut all = Vec::new();
        for &child in self.children() {
            all.push(child);
            all.extend(child.below());
        }
        all
    }

    /// The unit a form shows after the label.
    pub fn unit(self) -> &'static str {
        match (self, self.quantity()) {
            (F::ContactFrequency, _) => "contacts / year",
            (_, Quantity::Frequency) => "events / year",
            (_, Quantity::Probability) => "0–1",
            (_, Quantity::Score) => "0–100",
            (_, Quantity::Amount) => "per event",
        }
    }

    /// The label with its unit, as the FAIR form shows it.
    pub fn form_label(self) -> String {
        format!("{} ({})", self.label(), self.unit())
    }

    /// The range a new estimate of the factor starts from.
    pub fn starting_range(self) -> (f64, f64) {
        match self {
            F::LossEventFrequency => (0.1, 2.0),
            F::ThreatEventFrequency => (1.0, 10.0),
            F::ContactFrequency => (10.0, 100.0),
            F::ProbabilityOfAction => (0.05, 0.3),
            F::Vulnerability => (0.05, 0.5),
            F::ThreatCapability => (30.0, 90.0),
            F::ResistanceStrength => (40.0, 85.0),
            F::LossMagnitude | F::PrimaryLoss => (10_000.0, 500_000.0),
            F::SecondaryLossEventFrequency => (0.05, 0.4),
            F::SecondaryLossMagnitude => (50_000.0, 2_000_000.0),
        }
    }

    /// The Open FAIR term with its abbreviation, e.g. "Loss Event Frequency (LEF)".
    pub fn term(self) -> &'static str {
        match self {
            F::LossEventFrequency => "Loss Event Frequency (LEF)",
            F::ThreatEventFrequency => "Threat Event Frequency (TEF)",
            F::ContactFrequency => "Contact Frequency (CF)",
            F::ProbabilityOfAction => "Probability of Action (PoA)",
            F::Vulnerability => "Vulnerability (Vuln)",
            F::ThreatCapability => "Threat Capability (TCap)",
            F::ResistanceStrength => "Resistance Strength (RS)",
            F::LossMagnitude => "Loss Magnitude (LM)",
            F::PrimaryLoss => "Primary Loss (PL)",
            F::SecondaryLossEventFrequency => "Secondary Loss Event Frequency (SLEF)",
            F::SecondaryLossMagnitude => "Secondary Loss Magnitude (SLM)",
        }
    }

    /// What the factor measures, in a sentence or two.
    pub fn help(self) -> &'static str {
        match self {
            F::LossEventFrequency => {
                "How often in a year a threat actually causes a loss: threat events that get through."
            }
            F::ThreatEventFrequency => {
                "How often in a year threat agents act against the asset, whether or not they succeed."
            }
            F::ContactFrequency => {
                "How often in a year threat agents come into contact with the asset, by chance, routinely or on purpose."
            }
            F::ProbabilityOfAction => {
                "The chance that a threat agent in contact acts against the asset: it weighs the value, the effort and the risk to itself."
            }
            F::Vulnerability => {
                "The chance that a threat event becomes a loss event: that resistance fails. Give it directly, or as threat capability against resistance strength."
            }
            F::ThreatCapability => {
                "The force the threat agents can apply, as a percentile of the whole threat community (0 to 100)."
            }
            F::ResistanceStrength => {
                "How strong the controls are, as the percentile of the threat community they withstand (0 to 100)."
            }
            F::LossMagnitude => {
                "The loss from one loss event, primary and secondary together. Give it directly, or as its parts below."
            }
            F::PrimaryLoss => "The loss the organisation bears directly: lost productivity, response, replacement.",
            F::SecondaryLossEventFrequency => {
                "The chance that customers, regulators, partners or the press react to a loss event."
            }
            F::SecondaryLossMagnitude => {
                "The loss from their reaction: fines and judgements, notification, lost customers, reputation."
            }
        }
    }

    /// An example estimate of the factor.
    pub fn example(self) -> &'static str {
        match self {
            F::LossEventFrequency => {
                "Ransomware that really encrypts systems about once in five years: 0.1 to 0.3 a year."
            }
            F::ThreatEventFrequency => "Targeted phishing campaigns against finance staff: 6 to 20 a year.",
            F::ContactFrequency => "Automated scans of a public booking portal: 100 to 1,000 a year.",
            F::ProbabilityOfAction => "An opportunistic scanner trying an exploit: 0.02 to 0.1.",
            F::Vulnerability => {
                "Phishing campaigns that lead to a compromised account despite training and MFA: 0.05 to 0.25."
            }
            F::ThreatCapability => "An organised criminal group: 60 to 90.",
            F::ResistanceStrength => "Patched systems with EDR and MFA: 70 to 85.",
            F::LossMagnitude => "One ransomware event: 50,000 to 2,000,000.",
            F::PrimaryLoss => "Two days of warehouse downtime and incident response: 40,000 to 300,000.",
            F::SecondaryLossEventFrequency => "A breach of customers' personal data that must be notified: 0.2 to 0.6.",
            F::SecondaryLossMagnitude => "A GDPR fine, notification and churn: 100,000 to 5,000,000.",
        }
    }
}

/// The source of the factor names and definitions.
pub const FAIR_SOURCE: &str = "After the Open FAIR Risk Taxonomy (O-RT), The Open Group.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_is_the_taxonomy() {
        // Each factor below the top has one parent, one level up; the two roots are
        // loss event frequency and loss magnitude.
        for factor in Factor::ALL {
            let parents: Vec<Factor> = Factor::ALL
                .into_iter()
                .filter(|p| p.children().contains(&factor))
                .collect();
            match factor.depth() {
                0 => assert!(parents.is_empty(), "{factor:?}"),
                d => {
                    assert_eq!(parents.len(), 1, "{factor:?}");
                    assert_eq!(parents[0].depth() + 1, d, "{factor:?}");
                }
            }
        }
        assert_eq!(F::LossEventFrequency.below().len(), 6);
        assert_eq!(F::LossMagnitude.below().len(), 3);
        let mut roots = F::LossEventFrequency.below();
        roots.extend(F::LossMagnitude.below());
        assert_eq!(roots.len() + 2, Factor::ALL.len());
    }

    #[test]
    fn bounds_follow_the_quantity_and_the_event_model() {
        for factor in Factor::ALL {
            let (low, high) = factor.starting_range();
            let bounds = factor.bounds(EventModel::Poisson);
            assert!(low < high && low >= bounds.lower && high <= bounds.upper, "{factor:?}");
            assert!(!factor.help().is_empty() && !factor.example().is_empty());
            assert!(factor.term().to_lowercase().starts_with(&factor.label().to_lowercase()));
        }
        assert_eq!(F::LossEventFrequency.bounds(EventModel::Bernoulli), Bounds::PROBABILITY);
        assert_eq!(
            F::ThreatEventFrequency.bounds(EventModel::Bernoulli),
            Bounds::NON_NEGATIVE
        );
        assert_eq!(F::ResistanceStrength.bounds(EventModel::Rate), Bounds::SCORE_0_100);
        assert_eq!(F::ContactFrequency.form_label(), "Contact frequency (contacts / year)");
    }
}

//! Information-security risks (ISO/IEC 27001 6.1.2 c–e): identified against assets,
//! owned, and analysed on the criteria's likelihood and impact scales.

use serde::{Deserialize, Serialize};

use crate::model::security_property::Cia;

/// An information-security risk in the register (ISO/IEC 27005): a threat exploiting a
/// vulnerability of some assets, with its owner, analysis and optional Open FAIR model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// Stable, human-readable identifier, e.g. "R-001".
    pub id: String,
    /// Short statement of the risk, e.g. "Ransomware encrypts the file server".
    pub title: String,
    /// Longer free-text description of the risk scenario; may be empty.
    #[serde(default)]
    pub description: String,
    /// Ids of the assets this risk concerns.
    #[serde(default)]
    pub assets: Vec<String>,
    /// The threat source or event (ISO/IEC 27005), e.g. "Phishing by organised crime"; free
    /// text.
    #[serde(default)]
    pub threat: String,
    /// The weakness the threat exploits (ISO/IEC 27005), e.g. "No multi-factor
    /// authentication"; free text.
    #[serde(default)]
    pub vulnerability: String,
    /// The risk owner: the person accountable for managing this risk.
    pub owner: String,
    /// Free-text grouping chosen by the analyst, e.g. "Cyber" or "Supplier"; may be empty.
    #[serde(default)]
    pub category: String,
    /// Which security properties a loss event would harm.
    pub affects: Cia<bool>,
    /// Where the risk is in the risk-management process; closed risks are left out of the
    /// simulation.
    pub status: RiskStatus,
    /// The qualitative analysis of the inherent risk, if done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<Assessment>,
    /// The quantitative (Open FAIR) model, if the risk has one. Without it, a scored risk
    /// is simulated from the criteria's anchors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fair: Option<crate::model::fair_model::FairModel>,
    /// What moves the current and residual levels of a risk with a FAIR model on criteria
    /// with anchors: the model's simulated effect (`model`, the default, left out of the
    /// file) or the controls' "lowers the score by" levels (`scores`).
    #[serde(default, skip_serializing_if = "LevelsFollow::is_model")]
    pub levels_follow: LevelsFollow,
    /// Next review date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_date: Option<String>,
    /// Free-text notes of the analyst; may be empty.
    #[serde(default)]
    pub notes: String,
}

impl Risk {
    /// A new risk as an analyst starts one: identified, affecting all three security
    /// properties until said otherwise, not yet scored or modelled.
    pub fn blank(id: String) -> Risk {
        Risk {
            id,
            title: String::new(),
            description: String::new(),
            assets: Vec::new(),
            threat: String::new(),
            vulnerability: String::new(),
            owner: String::new(),
            category: String::new(),
            affects: Cia {
                confidentiality: true,
                integrity: true,
                availability: true,
            },
            status: RiskStatus::Identified,
            assessment: None,
            fair: None,
            levels_follow: LevelsFollow::Model,
            review_date: None,
            notes: String::new(),
        }
    }
}

named_enum! {
    /// What moves a risk's current and residual levels when it has a FAIR model and the
    /// criteria have anchors.
    #[derive(Default)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
    pub enum LevelsFollow {
        /// The model: its expected loss events a year and loss per event in each state,
        /// read on the anchors.
        #[default]
        Model = ("model", "the FAIR model"),
        /// The controls' "lowers the score by" levels, as for a risk without a model.
        Scores = ("scores", "the score fields"),
    }
}

impl LevelsFollow {
    /// Whether this is the default, which a file leaves out.
    pub fn is_model(&self) -> bool {
        *self == LevelsFollow::Model
    }
}

named_enum! {
    /// Stage of a risk in the ISO/IEC 27005 process.
    #[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
    pub enum RiskStatus {
        /// Recorded, but not yet analysed.
        Identified = ("identified", "identified"),
        /// Likelihood and impact (or a FAIR model) have been estimated.
        Analysed = ("analysed", "analysed"),
        /// Compared with the risk criteria to decide whether it needs treatment.
        Evaluated = ("evaluated", "evaluated"),
        /// A treatment has been decided.
        Treated = ("treated", "treated"),
        /// The risk owner has accepted the residual risk.
        Accepted = ("accepted", "accepted"),
        /// No longer relevant; excluded from the simulation.
        Closed = ("closed", "closed"),
    }
}

/// A qualitative score. The risk level is never stored: it is computed from the
/// criteria, so it can never disagree with them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Level on the likelihood scale, 1-based.
    pub likelihood: u8,
    /// Level on the impact scale: one overall score or one per security property.
    pub impact: Impact,
    /// The criteria version this score was given under.
    pub criteria_version: u32,
}

/// Impact on the impact scale (1-based): one overall score, or one per security
/// property (`null` for a property the risk does not affect).
// Read by hand (below) rather than by the untagged derive, which buffers the value and
// then says only "data did not match any variant": this reader names what it got and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Impact {
    /// One impact level (1-based) for the risk as a whole.
    Overall(u8),
    /// An impact level (1-based) per security property; `null` for a property not affected.
    /// The overall impact is the highest.
    PerProperty(Cia<Option<u8>>),
}

impl<'de> Deserialize<'de> for Impact {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ImpactVisitor;
        impl<'de> serde::de::Visitor<'de> for ImpactVisitor {
            type Value = Impact;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an impact level (a whole number from 1) or one per security property")
            }
            fn visit_u64<E: serde::de::Error>(self, level: u64) -> Result<Impact, E> {
                u8::try_from(level)
                    .map(Impact::Overall)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(level), &self))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Impact, A::Error> {
                Cia::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Impact::PerProperty)
            }
        }
        deserializer.deserialize_any(ImpactVisitor)
    }
}

impl Impact {
    /// The overall impact: the score itself, or the highest of the per-property scores.
    pub fn overall(&self) -> Option<u8> {
        match self {
            Impact::Overall(score) => Some(*score),
            Impact::PerProperty(cia) => cia.as_array().iter().filter_map(|(_, v)| *v).max(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::document::load;

    #[test]
    fn a_blank_risk_with_a_title_and_owner_is_a_valid_new_risk() {
        let mut register = load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let mut risk = Risk::blank(register.next_risk_id());
        assert_eq!(risk.status, RiskStatus::Identified);
        assert!(risk.assessment.is_none() && risk.fair.is_none());
        risk.title = "Courier loses a backup tape".into();
        risk.owner = "IT manager".into();
        register.risks.push(risk);
        assert_eq!(crate::io::validation::check(&register), Vec::new());
    }
}

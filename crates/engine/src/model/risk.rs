//! Information-security risks (ISO/IEC 27001 6.1.2 c–e): identified against assets,
//! owned, and analysed on the criteria's likelihood and impact scales.

use serde::{Deserialize, Serialize};

use crate::model::security_property::Cia;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// Stable, human-readable identifier, e.g. "R-001".
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Ids of the assets this risk concerns.
    #[serde(default)]
    pub assets: Vec<String>,
    #[serde(default)]
    pub threat: String,
    #[serde(default)]
    pub vulnerability: String,
    /// The risk owner: the person accountable for managing this risk.
    pub owner: String,
    #[serde(default)]
    pub category: String,
    /// Which security properties a loss event would harm.
    pub affects: Cia<bool>,
    pub status: RiskStatus,
    /// The qualitative analysis of the inherent risk, if done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<Assessment>,
    /// The quantitative (Open FAIR) model, if the risk has one. Without it, a scored risk
    /// is simulated from the criteria's anchors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fair: Option<crate::model::fair_model::FairModel>,
    /// Next review date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_date: Option<String>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RiskStatus {
    Identified,
    Analysed,
    Evaluated,
    Treated,
    Accepted,
    Closed,
}

/// A qualitative score. The risk level is never stored: it is computed from the
/// criteria, so it can never disagree with them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Level on the likelihood scale, 1-based.
    pub likelihood: u8,
    pub impact: Impact,
    /// The criteria version this score was given under.
    pub criteria_version: u32,
}

/// Impact on the impact scale (1-based): one overall score, or one per security
/// property (`null` for a property the risk does not affect).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Impact {
    Overall(u8),
    PerProperty(Cia<Option<u8>>),
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

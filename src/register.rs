//! The register: one organisation's risk assessment, the document that Residual
//! stores, exports and validates (format version 1, see docs/register-format.md).

use serde::{Deserialize, Serialize};

use crate::asset::Asset;
use crate::control::Control;
use crate::criteria::RiskCriteria;
use crate::risk::Risk;
use crate::treatment::Treatment;

/// The format version this build writes. Older versions are migrated on load
/// (see `migration`); newer ones are refused.
pub const SCHEMA_VERSION: &str = "1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Register {
    /// Format version of this document: "1".
    pub schema_version: String,
    /// Stable identifier of the register, unique among an analyst's registers.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub organisation: String,
    /// The ISMS scope this assessment covers.
    #[serde(default)]
    pub scope: String,
    /// ISO 4217 code of the currency losses are expressed in, e.g. "EUR".
    pub currency: String,
    /// When the register was created (RFC 3339).
    pub created: String,
    /// When the register was last changed (RFC 3339).
    pub modified: String,
    pub criteria: RiskCriteria,
    #[serde(default)]
    pub assets: Vec<Asset>,
    #[serde(default)]
    pub risks: Vec<Risk>,
    #[serde(default)]
    pub controls: Vec<Control>,
    #[serde(default)]
    pub treatments: Vec<Treatment>,
}

impl Register {
    /// The register as the pretty-printed JSON that Residual writes.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a register always serialises");
        text.push('\n');
        text
    }
}

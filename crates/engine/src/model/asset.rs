//! Assets (ISO/IEC 27005): what the organisation values and a risk can harm.

use serde::{Deserialize, Serialize};

use crate::model::security_property::Cia;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Asset {
    /// Stable identifier, e.g. "A-001".
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: AssetKind,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub description: String,
    /// The asset's value for each security property, as a level of the impact scale
    /// (1-based); `null` where it has not been rated.
    #[serde(default)]
    pub value: Cia<Option<u8>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssetKind {
    Information,
    Software,
    Hardware,
    Service,
    People,
    Site,
    Supplier,
}

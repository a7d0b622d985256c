//! Controls: the Annex A 2022 controls and organisation-specific ones that a treatment
//! selects to modify a risk.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// An Annex A number such as "8.13", or an organisation's own id such as "ORG-1".
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub owner: String,
    pub status: ControlStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ControlStatus {
    Planned,
    InProgress,
    Implemented,
    /// Implemented but found not to work; gives no credit.
    NotEffective,
    /// No longer in operation; gives no credit.
    Retired,
}

//! Risk treatment (ISO/IEC 27001 6.1.3, ISO/IEC 27005 options): what is to be done
//! about one risk, and with which controls.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Treatment {
    /// Id of the treated risk; a risk has at most one treatment.
    pub risk: String,
    pub option: TreatmentOption,
    #[serde(default)]
    pub rationale: String,
    /// Ids of the controls selected for this risk. A control's credit applies only to
    /// the risks whose treatments list it.
    #[serde(default)]
    pub controls: Vec<String>,
}

/// The four options of ISO/IEC 27005.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TreatmentOption {
    /// Reduce the risk with controls.
    Modify,
    /// Accept the risk as it is.
    Retain,
    /// Stop the activity that gives rise to the risk.
    Avoid,
    /// Transfer part of it, e.g. by insurance or outsourcing.
    Share,
}

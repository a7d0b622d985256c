//! Assets (ISO/IEC 27005): what the organisation values and a risk can harm.

use serde::{Deserialize, Serialize};

use crate::model::security_property::Cia;

/// An asset (ISO/IEC 27005): something the organisation values, whose confidentiality,
/// integrity or availability a risk can harm.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Asset {
    /// Stable identifier, e.g. "A-001".
    pub id: String,
    /// Short human-readable name, e.g. "Customer database".
    pub name: String,
    /// What sort of asset this is (stored as `type`).
    #[serde(rename = "type")]
    pub kind: AssetKind,
    /// The asset owner: the person or role accountable for the asset; may be empty.
    #[serde(default)]
    pub owner: String,
    /// Free-text description of the asset; may be empty.
    #[serde(default)]
    pub description: String,
    /// The asset's value for each security property, as a level of the impact scale
    /// (1-based); `null` where it has not been rated.
    #[serde(default)]
    pub value: Cia<Option<u8>>,
}

named_enum! {
    /// The sort of asset, following the usual ISO/IEC 27005 asset types.
    #[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
    pub enum AssetKind {
        /// Information or data, in any form.
        Information = ("information", "information"),
        /// Applications, operating systems and other software.
        Software = ("software", "software"),
        /// Computers, network devices, media and other equipment.
        Hardware = ("hardware", "hardware"),
        /// A business or IT service, including cloud services.
        Service = ("service", "service"),
        /// Staff and their skills and knowledge.
        People = ("people", "people"),
        /// A building, room or other physical location.
        Site = ("site", "site"),
        /// An external supplier or partner the organisation depends on.
        Supplier = ("supplier", "supplier"),
    }
}

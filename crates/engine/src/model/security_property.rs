//! The three information-security properties of ISO/IEC 27001: confidentiality,
//! integrity and availability (C/I/A).

use serde::{Deserialize, Serialize};

/// One value per security property, e.g. which properties a risk affects (`Cia<bool>`)
/// or what an asset is worth on the impact scale (`Cia<Option<u8>>`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Cia<T> {
    /// Value for confidentiality: information is not disclosed to unauthorised parties.
    pub confidentiality: T,
    /// Value for integrity: information is accurate and complete, not altered without
    /// authority.
    pub integrity: T,
    /// Value for availability: information and systems are usable when needed.
    pub availability: T,
}

impl<T: Copy> Cia<T> {
    /// The three values with their snake-case property names, in C, I, A order.
    pub fn as_array(&self) -> [(&'static str, T); 3] {
        [
            ("confidentiality", self.confidentiality),
            ("integrity", self.integrity),
            ("availability", self.availability),
        ]
    }
}

named_enum! {
    /// One of the three properties, by name.
    pub enum SecurityProperty {
        /// Confidentiality: no disclosure to unauthorised parties.
        Confidentiality = ("confidentiality", "Confidentiality"),
        /// Integrity: accuracy and completeness, no unauthorised alteration.
        Integrity = ("integrity", "Integrity"),
        /// Availability: accessible and usable on demand.
        Availability = ("availability", "Availability"),
    }
}

impl<T> Cia<T> {
    /// The value for one property.
    pub fn get(&self, property: SecurityProperty) -> &T {
        match property {
            SecurityProperty::Confidentiality => &self.confidentiality,
            SecurityProperty::Integrity => &self.integrity,
            SecurityProperty::Availability => &self.availability,
        }
    }

    /// The value for one property, to change it.
    pub fn get_mut(&mut self, property: SecurityProperty) -> &mut T {
        match property {
            SecurityProperty::Confidentiality => &mut self.confidentiality,
            SecurityProperty::Integrity => &mut self.integrity,
            SecurityProperty::Availability => &mut self.availability,
        }
    }
}

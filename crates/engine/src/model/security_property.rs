//! The three information-security properties of ISO/IEC 27001: confidentiality,
//! integrity and availability (C/I/A).

use serde::{Deserialize, Serialize};

/// One value per security property, e.g. which properties a risk affects (`Cia<bool>`)
/// or what an asset is worth on the impact scale (`Cia<Option<u8>>`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Cia<T> {
    pub confidentiality: T,
    pub integrity: T,
    pub availability: T,
}

impl<T: Copy> Cia<T> {
    pub fn as_array(&self) -> [(&'static str, T); 3] {
        [
            ("confidentiality", self.confidentiality),
            ("integrity", self.integrity),
            ("availability", self.availability),
        ]
    }
}

/// One of the three properties, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecurityProperty {
    Confidentiality,
    Integrity,
    Availability,
}

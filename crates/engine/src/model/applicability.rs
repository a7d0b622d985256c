//! An analyst's Statement of Applicability decision on one control (ISO/IEC 27001
//! 6.1.3 d), as the register stores it. The statement itself, with suggestions for the
//! undecided controls, is `treat::applicability`.

use serde::{Deserialize, Serialize};

/// An analyst's decision on one control, kept in the register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Applicability {
    /// Annex A number or the organisation's own control id.
    pub control: String,
    /// True if the control is included in the Statement of Applicability, false if it is
    /// excluded.
    pub applicable: bool,
    /// Why the control is included, or excluded.
    pub justification: String,
}

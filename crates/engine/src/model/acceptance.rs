//! The record of a risk owner's acceptance of residual risk (ISO/IEC 27001 6.1.3 f):
//! who accepted, when, why and until when, with a snapshot of the residual figures at
//! that moment. Making one, and telling whether it still holds, is `treat::acceptance`.

use serde::{Deserialize, Serialize};

use crate::model::problem::{Problem, field};
use crate::model::timestamp::is_date;

/// A risk owner's formal acceptance of a risk's residual risk (ISO/IEC 27001 6.1.3 f),
/// valid until it expires or the risk changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// Who accepted: the risk owner.
    pub accepted_by: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Why the residual risk is acceptable; must not be empty.
    pub justification: String,
    /// Until when the acceptance holds, `YYYY-MM-DD`.
    pub expires: String,
    /// The residual risk figures at the moment of acceptance.
    pub snapshot: Snapshot,
}

/// The residual risk as it was accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// A digest of everything the residual risk depends on: when it no longer matches
    /// the register, the acceptance no longer holds.
    pub fingerprint: String,
    /// The residual qualitative score and level id, if the risk is scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<u8>,
    /// Residual impact level on the impact scale (1-based), if the risk is scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<u8>,
    /// Id of the residual risk level in the criteria, e.g. "high", if the risk is scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Simulated residual annual loss: mean and P90, if it was simulated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    /// 90th percentile of the simulated residual annual loss (currency units per year), if
    /// simulated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p90: Option<f64>,
}

impl Acceptance {
    /// Adds a [`Problem`] under `path` for each empty name or justification, malformed
    /// date, or expiry not after the date.
    pub fn check(&self, path: &str, problems: &mut Vec<Problem>) {
        if self.accepted_by.trim().is_empty() {
            problems.push(Problem::new(
                field(path, "accepted_by"),
                "must name who accepted the risk",
            ));
        }
        if self.justification.trim().is_empty() {
            problems.push(Problem::new(
                field(path, "justification"),
                "must say why the residual risk is acceptable",
            ));
        }
        for (name, value) in [("date", &self.date), ("expires", &self.expires)] {
            if !is_date(value) {
                problems.push(Problem::new(
                    field(path, name),
                    format!("\"{value}\" is not a date such as \"2027-03-31\""),
                ));
            }
        }
        if is_date(&self.date) && is_date(&self.expires) && self.expires <= self.date {
            problems.push(Problem::new(
                field(path, "expires"),
                "must be after the date of acceptance",
            ));
        }
    }
}

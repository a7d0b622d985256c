//! Qualitative analysis and evaluation (ISO/IEC 27005 8.3, 8.4): levels against the
//! criteria, what acts on a risk in each state, queries, and the bridge to FAIR.

pub mod criteria_change;
pub mod evaluation;
pub mod qualitative_bridge;
pub mod risk_query;
pub mod risk_state;
pub mod scoring;

//! The Residual engine: an ISO/IEC 27001 information-security risk calculator's model,
//! analysis, simulation and treatment, in plain Rust with no web dependency.
//!
//! The folders follow the ISO/IEC 27005 and Open FAIR flow, and each depends only on
//! the ones before it:
//! - [`model`]: the register and what it holds (criteria, assets, risks, controls,
//!   treatments, settings), the FAIR factors and the distributions that estimate them;
//! - [`io`]: text in and out (documents, migrations, validation, storage rules, money);
//! - [`assess`]: qualitative analysis and evaluation (levels, states, the bridge to FAIR);
//! - [`quant`]: the quantitative analysis (sampling, the Monte-Carlo simulation and its
//!   statistics);
//! - [`treat`]: treatment (plans, cost-benefit, the optimiser, acceptance, the SoA);
//! - [`exchange`]: other tools' formats, in and out;
//! - `generated` (tests only, or the `generated` feature): registers generated across
//!   the whole allowed space.
//!
//! The command-line tool and the browser app are thin shells over it. See
//! ARCHITECTURE.md for the map.

#![warn(missing_docs)]

#[macro_use]
mod named_enum;

pub mod assess;
pub mod exchange;
#[cfg(any(test, feature = "generated"))]
pub mod generated;
pub mod io;
pub mod model;
pub mod quant;
pub mod treat;

/// The built-in demo register, shown when the browser holds no register of its own.
/// The file is also served as-is at `/examples/demo-register.json`.
pub const DEMO_REGISTER_JSON: &str = include_str!("../../../public/examples/demo-register.json");

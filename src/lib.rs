//! Residual: an ISO/IEC 27001 information-security risk calculator.
//!
//! The engine (everything but `ui`) is plain Rust with no web dependency: the
//! command-line tool, the native tests and the browser app all run the same code.
//! See ARCHITECTURE.md for the map.

pub mod acceptance;
pub mod applicability;
pub mod asset;
pub mod catalogue;
pub mod control;
pub mod cost_benefit;
pub mod criteria;
pub mod distribution;
pub mod document;
pub mod edit;
pub mod evaluation;
pub mod fair_model;
pub mod generated;
pub mod json_path;
pub mod library;
pub mod limits;
pub mod loss_event_frequency;
pub mod loss_magnitude;
pub mod migration;
pub mod money;
pub mod optimiser;
pub mod problem;
pub mod qualitative_bridge;
pub mod register;
pub mod risk;
pub mod risk_query;
pub mod risk_state;
pub mod sampling;
pub mod security_property;
pub mod simulation;
pub mod statistics;
pub mod timestamp;
pub mod treatment;
pub mod treatment_plan;
pub mod validation;

#[cfg(not(target_arch = "wasm32"))]
pub mod schema;

/// The built-in demo register, shown when the browser holds no register of its own.
/// The file is also served as-is at `/examples/demo-register.json`.
pub const DEMO_REGISTER_JSON: &str = include_str!("../public/examples/demo-register.json");

#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod simulation_worker;

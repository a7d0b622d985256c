//! The register and what it holds: the ISO/IEC 27005 concepts as plain serde types,
//! each with its own checks. The model imports nothing else of the engine.

pub mod acceptance;
pub mod applicability;
pub mod asset;
pub mod catalogue;
pub mod colour;
pub mod control;
pub mod criteria;
pub mod distribution;
pub mod event_model;
pub mod fair_factor;
pub mod fair_model;
pub mod limits;
pub mod number;
pub mod problem;
pub mod register;
pub mod risk;
pub mod security_property;
pub mod settings;
pub mod timestamp;
pub mod treatment;

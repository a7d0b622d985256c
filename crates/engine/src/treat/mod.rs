//! Risk treatment (ISO/IEC 27005 8.5, ISO/IEC 27001 6.1.3): plans, cost-benefit,
//! the optimiser, acceptance of residual risk and the Statement of Applicability.

pub mod acceptance;
pub mod applicability;
pub mod control_search;
pub mod cost_benefit;
pub mod inline_field;
pub mod optimiser;
pub mod register_csv;
pub mod state_levels;
pub mod states;
pub mod treatment_plan;

//! The quantitative analysis (Open FAIR): distributions, sampling, loss event
//! frequency and loss magnitude, the Monte-Carlo simulation and its statistics.

pub mod loss_event_frequency;
pub mod loss_magnitude;
pub mod sampling;
pub mod simulation;
pub mod statistics;

//! Residual in the browser: the Leptos app (`ui`) and the simulation worker, thin shells
//! over `residual_engine`. Everything here is wasm32 only; natively the crate is empty.
#![cfg(target_arch = "wasm32")]

pub mod simulation_worker;
pub mod ui;

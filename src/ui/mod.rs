//! The browser app: a thin Leptos layer over the engine. Views read the current
//! register from context and draw it; only `storage` touches local storage.

mod app;
mod chart_frame;
mod charts;
mod download;
pub mod drafts;
mod share;
pub mod simulation_runner;
pub mod storage;
mod treatment_charts;
pub mod typed;
mod views;
pub mod workspace;

pub use app::App;

/// Entry point of the wasm binary.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

//! The simulation worker for the browser app (see `residual_app::simulation_worker`). It is
//! built by Trunk for wasm32 with the speed-optimised release profile; natively it does
//! nothing.

#[cfg(target_arch = "wasm32")]
fn main() {
    residual_app::simulation_worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("residual-worker runs in the browser; use `residual` on the command line");
    std::process::exit(2);
}

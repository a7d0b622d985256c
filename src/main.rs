//! The browser app's entry point, built by Trunk for wasm32 (see index.html). Natively it
//! only says where to look.

#[cfg(target_arch = "wasm32")]
fn main() {
    residual_app::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("residual-app runs in the browser (trunk serve); use `residual` on the command line");
    std::process::exit(2);
}

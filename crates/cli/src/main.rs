//! `residual`, the command-line tool: validate, simulate and treat a register with the
//! same engine the browser app runs.

mod cli;
mod export;
mod import;

fn main() {
    std::process::exit(cli::run(std::env::args().skip(1).collect()));
}

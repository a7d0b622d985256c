//! riskquant's CSV reader on any text: a register that passes the checks, or problems.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok((register, _)) = residual_engine::exchange::riskquant::read(text, "USD", "2026-11-29T12:00:00Z") {
        assert!(residual_engine::io::validation::check(&register).is_empty());
        let _ = residual_engine::exchange::riskquant::write(&register);
    }
});

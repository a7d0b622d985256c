//! CISO Assistant's quantitative hypotheses reader on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok((register, _)) = residual_engine::exchange::ciso_assistant::crq::read(text, "USD", "2026-11-29T12:00:00Z") {
        assert!(residual_engine::io::validation::check(&register).is_empty());
    }
});

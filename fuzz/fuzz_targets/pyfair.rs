//! pyfair's model reader on any text: a register that passes the checks, or problems.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok((register, _)) = residual_engine::exchange::pyfair::read(text, "USD") {
        assert!(residual_engine::io::validation::check(&register).is_empty());
    }
});

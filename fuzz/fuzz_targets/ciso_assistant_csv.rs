//! CISO Assistant's assessment CSV reader on any text: a register that passes the
//! checks, written back and read again to the same risks; or problems.
#![no_main]
use libfuzzer_sys::fuzz_target;
use residual_engine::exchange::ciso_assistant::{read, write};

fuzz_target!(|text: &str| {
    if let Ok((register, _)) = read(text, None, "USD", "2026-11-29T12:00:00Z") {
        assert!(residual_engine::io::validation::check(&register).is_empty());
        let (csv, _) = write(&register);
        let (again, _) = read(&csv, Some(register.criteria.clone()), "USD", "2026-11-29T12:00:00Z").expect("its own export reads");
        assert_eq!(again.risks.len(), register.risks.len());
    }
});

//! The register loader on any bytes: it never panics, and what it accepts is written
//! back to text that loads as the same register (export → import → export).
#![no_main]
use libfuzzer_sys::fuzz_target;
use residual_engine::io::document::{load, load_bytes};
use residual_engine::io::export::register_file;

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = load_bytes(data) {
        let text = register_file(&loaded.register);
        let again = load(&text).expect("an exported register loads");
        assert_eq!(register_file(&again.register), text, "export → import → export changes nothing");
    }
});

//! The engine's reader of CISO Assistant's YAML style against a full YAML parser: what
//! it reads, serde_yaml reads to the same tree.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(ours) = residual_engine::exchange::ciso_assistant::library_yaml::parse(text) {
        let theirs: serde_json::Value = serde_yaml::from_str(text).expect("a full parser reads what the subset reads");
        assert_eq!(ours, theirs);
    }
});

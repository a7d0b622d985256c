//! The engine's reader of CISO Assistant's YAML style against a full YAML parser: it
//! never panics, and a document both read gives both the same tree. The reader is
//! lenient with some malformed YAML a full parser refuses (what it accepts of that is
//! checked afterwards by the matrix reader, as any tree is), and it does not follow
//! YAML's rules for `#` inside a value folded over lines: inputs with `#` are checked
//! for panics only.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let ours = residual_engine::exchange::ciso_assistant::library_yaml::parse(text);
    if text.contains('#') {
        return;
    }
    let theirs = serde_yaml::from_str::<serde_json::Value>(text);
    if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
        assert_eq!(ours, theirs);
    }
});

//! CISO Assistant's matrix library reader on any JSON tree (the CLI parses the YAML):
//! criteria that pass their checks, or problems.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(tree) = serde_json::from_str::<serde_json::Value>(text) else { return };
    if let Ok((criteria, _, _)) = residual_engine::exchange::ciso_assistant::matrix::read_library(&tree) {
        let mut problems = Vec::new();
        criteria.check("$.criteria", &mut problems);
        assert!(problems.is_empty());
    }
});

//! The app's import on any text: whatever format it is taken for, a preview or problems,
//! never a panic; a previewed register passes the loader's checks.
#![no_main]
use libfuzzer_sys::fuzz_target;
use residual_engine::exchange::foreign::{Supplied, preview, recognise};
use residual_engine::io::library::{Library, MemoryStore};

fuzz_target!(|text: &str| {
    let library = Library::open(&MemoryStore::default());
    let supplied = Supplied { currency: "EUR".into(), criteria: None, now: "2026-11-29T12:00:00Z".into() };
    if let Ok(shown) = preview(text, recognise(text), &supplied, &library) {
        assert!(residual_engine::io::validation::check(&shown.register).is_empty());
    }
});

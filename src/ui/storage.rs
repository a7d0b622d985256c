//! Local storage as the engine's `KeyValueStore`. The only code that touches it.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;

use residual_engine::io::library::KeyValueStore;

pub struct BrowserStore;

impl KeyValueStore for BrowserStore {
    fn keys(&self) -> Vec<String> {
        let storage = LocalStorage::raw();
        let count = storage.length().unwrap_or(0);
        (0..count).filter_map(|i| storage.key(i).ok().flatten()).collect()
    }

    fn get(&self, key: &str) -> Option<String> {
        LocalStorage::raw().get_item(key).ok().flatten()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        LocalStorage::raw().set_item(key, value).map_err(|error| {
            let name = error
                .dyn_ref::<js_sys::Error>()
                .map(|e| format!("{}: {}", String::from(e.name()), String::from(e.message())))
                .unwrap_or_else(|| format!("{error:?}"));
            format!("the browser refused to save ({name})")
        })
    }

    fn remove(&mut self, key: &str) {
        let _ = LocalStorage::raw().remove_item(key);
    }
}

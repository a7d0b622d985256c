//! The analyst's registers as kept in a key–value store: in the browser, local
//! storage. This module holds the rules; `ui::storage` only adapts local storage to
//! `KeyValueStore`, so the rules are tested natively.
//!
//! Rules: an entry that cannot be read is kept untouched with its raw text (never
//! overwritten, never dropped); when no register can be read, the demo is offered.

use crate::document;
use crate::problem::Problem;
use crate::register::Register;

/// Every register lives under `KEY_PREFIX + id`.
pub const KEY_PREFIX: &str = "residual.register.";

pub trait KeyValueStore {
    fn keys(&self) -> Vec<String>;
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value`; `Err` says why not (e.g. the quota is exceeded).
    fn set(&mut self, key: &str, value: &str) -> Result<(), String>;
}

/// An entry in the store that is not a readable register: corrupt, or from a newer Residual.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub key: String,
    pub raw: String,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone)]
pub struct Library {
    /// Readable registers, by name.
    pub registers: Vec<Register>,
    pub unreadable: Vec<Unreadable>,
    /// True when the store held no readable register and the demo was put in the list.
    pub showing_demo: bool,
}

pub fn key_of(register_id: &str) -> String {
    format!("{KEY_PREFIX}{register_id}")
}

impl Library {
    pub fn open(store: &impl KeyValueStore) -> Library {
        let mut registers = Vec::new();
        let mut unreadable = Vec::new();
        let mut keys: Vec<String> = store.keys().into_iter().filter(|k| k.starts_with(KEY_PREFIX)).collect();
        keys.sort();
        for key in keys {
            let Some(raw) = store.get(&key) else { continue };
            match document::load(&raw) {
                Ok(loaded) => registers.push(loaded.register),
                Err(problems) => unreadable.push(Unreadable { key, raw, problems }),
            }
        }
        let showing_demo = registers.is_empty();
        if showing_demo {
            let demo = document::load(crate::DEMO_REGISTER_JSON).expect("the demo register is valid (tested)");
            registers.push(demo.register);
        }
        registers.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()));
        Library { registers, unreadable, showing_demo }
    }

    /// Saves a register under its id. Refuses to write over an entry that could not
    /// be read, so that its text survives for the user to recover.
    pub fn save(&self, store: &mut impl KeyValueStore, register: &Register) -> Result<(), String> {
        let key = key_of(&register.id);
        if self.unreadable.iter().any(|u| u.key == key) {
            return Err(format!(
                "not saved: the stored entry {key} could not be read and is kept as it is; download it, or give this register another id"
            ));
        }
        store.set(&key, &register.to_json())
    }
}

/// A store in memory, for tests and the command line.
#[derive(Debug, Default, Clone)]
pub struct MemoryStore {
    pub entries: std::collections::BTreeMap<String, String>,
    /// When set, every `set` fails with this message (to simulate a full store).
    pub refuse_writes: Option<String>,
}

impl KeyValueStore for MemoryStore {
    fn keys(&self) -> Vec<String> {
        self.entries.keys().cloned().collect()
    }
    fn get(&self, key: &str) -> Option<String> {
        self.entries.get(key).cloned()
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        if let Some(message) = &self.refuse_writes {
            return Err(message.clone());
        }
        self.entries.insert(key.to_string(), value.to_string());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Register {
        document::load(crate::DEMO_REGISTER_JSON).unwrap().register
    }

    #[test]
    fn an_empty_store_shows_the_demo() {
        let library = Library::open(&MemoryStore::default());
        assert!(library.showing_demo);
        assert_eq!(library.registers.len(), 1);
        assert_eq!(library.registers[0].id, demo().id);
    }

    #[test]
    fn stored_registers_are_listed_instead_of_the_demo() {
        let mut store = MemoryStore::default();
        let mut mine = demo();
        mine.id = "mine".into();
        mine.name = "Mine".into();
        Library::open(&store).save(&mut store, &mine).unwrap();
        store.entries.insert("unrelated.key".into(), "{}".into());
        let library = Library::open(&store);
        assert!(!library.showing_demo);
        assert_eq!(library.registers, vec![mine]);
        assert!(library.unreadable.is_empty());
    }

    #[test]
    fn corrupt_entries_are_kept_and_never_overwritten() {
        let mut store = MemoryStore::default();
        let corrupt = "{\"schema_version\": \"1\", \"name\": ";
        store.entries.insert(key_of(&demo().id), corrupt.into());
        let library = Library::open(&store);
        assert_eq!(library.unreadable.len(), 1);
        assert_eq!(library.unreadable[0].raw, corrupt);
        assert!(library.showing_demo, "with nothing readable the demo is offered");
        let refused = library.save(&mut store, &demo()).unwrap_err();
        assert!(refused.contains("could not be read"), "{refused}");
        assert_eq!(store.entries[&key_of(&demo().id)], corrupt);
    }

    #[test]
    fn a_failed_write_is_reported() {
        let mut store = MemoryStore { refuse_writes: Some("QuotaExceededError".into()), ..Default::default() };
        let library = Library::open(&store);
        assert_eq!(library.save(&mut store, &demo()), Err("QuotaExceededError".into()));
    }
}

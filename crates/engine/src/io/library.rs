//! The analyst's registers as kept in a key–value store: in the browser, local
//! storage. This module holds the rules; `ui::storage` only adapts local storage to
//! `KeyValueStore`, so the rules are tested natively.
//!
//! Rules, so that no work is ever lost:
//! - an entry that cannot be read (corrupt, or from a newer Residual) is kept with its raw
//!   text, listed, and never overwritten or deleted by a save;
//! - a save first checks that the stored text is still what this library last read or
//!   wrote; if another tab changed it, the save is refused as a conflict and the caller
//!   asks the user (nothing is overwritten silently);
//! - a failed write (e.g. quota exceeded) is returned, and the register stays in memory;
//! - when no register can be read, the demo is offered (and saved only once edited).

use std::collections::BTreeMap;

use crate::io::document;
use crate::model::criteria::{MatrixStyle, preset};
use crate::model::problem::Problem;
use crate::model::register::Register;

/// Every register lives under `KEY_PREFIX + id`.
pub const KEY_PREFIX: &str = "residual.register.";
/// The register an import replaced lives under `BACKUP_PREFIX + id` until it is restored
/// or replaced by a later backup.
pub const BACKUP_PREFIX: &str = "residual.backup.";

/// A string key–value store that registers are kept in: the browser's local storage, or
/// [`MemoryStore`].
pub trait KeyValueStore {
    /// Every key in the store, including those of other applications.
    fn keys(&self) -> Vec<String>;
    /// The value stored under `key`, if any.
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value`; `Err` says why not (e.g. the quota is exceeded).
    fn set(&mut self, key: &str, value: &str) -> Result<(), String>;
    /// Deletes the entry under `key`, if there is one.
    fn remove(&mut self, key: &str);
}

/// An entry in the store that is not a readable register: corrupt, or from a newer Residual.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// The store key, `KEY_PREFIX` followed by the register id.
    pub key: String,
    /// The stored text, exactly as found, so it can be downloaded and nothing is lost.
    pub raw: String,
    /// Why it could not be read, each with its JSON path.
    pub problems: Vec<Problem>,
}

/// Why a register was not saved; in every case nothing stored was overwritten.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// The store refused the write (full, disabled); the message is the store's.
    Refused(String),
    /// Another tab or window changed the stored register since this one last saw it.
    Conflict {
        /// The register now in the store, if it can be read, so the user can compare.
        theirs: Option<Box<Register>>,
    },
    /// The key holds an entry that could not be read; it is kept.
    Unreadable(String),
    /// The register would not load again (what loading checks fails): never written.
    Invalid(Vec<Problem>),
}

impl SaveError {
    /// Whether the store refused for want of room (local storage's quota): the
    /// register is larger than what this browser keeps for the site.
    pub fn is_full(&self) -> bool {
        matches!(self, SaveError::Refused(why) if why.contains("QuotaExceeded"))
    }
}

/// The characters Residual's own entries take in `store` (registers, their backups,
/// drafts): what stands between a new register and the browser's quota.
pub fn stored_size(store: &impl KeyValueStore) -> usize {
    store
        .keys()
        .into_iter()
        .filter(|k| k.starts_with("residual."))
        .map(|k| k.len() + store.get(&k).map_or(0, |v| v.len()))
        .sum()
}

/// Why a register of `bytes` was not imported when the store refused it for want of
/// room, with what can be done: `others` is what Residual's entries already take
/// ([`stored_size`]), so the message blames the register only when it alone is too large.
pub fn too_large_to_keep(bytes: usize, others: usize) -> String {
    let mb = |n: usize| n as f64 / 1_048_576.0;
    let open = "Nothing was imported, and nothing in this browser changed. You can open it in this tab, read-only (it is gone when the tab closes), to look at it, analyse it and export it.";
    if others >= 256 * 1024 {
        format!(
            "This register is {:.1} MB, and this browser's storage for the site (about 5 MB in most browsers) already holds {:.1} MB of other registers, their backups and drafts: together they do not fit. To keep it here, export and delete registers you no longer need in this browser, then import it again. {open}",
            mb(bytes),
            mb(others)
        )
    } else {
        format!(
            "This register is {:.1} MB, more than this browser keeps for a site (its local storage is full with it), so it cannot be kept here. {open}",
            mb(bytes)
        )
    }
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Refused(why) => write!(
                f,
                "not saved: {why}. Your changes are kept in this tab; export the register to be safe."
            ),
            SaveError::Conflict { .. } => write!(
                f,
                "not saved: another tab changed this register since this tab loaded it."
            ),
            SaveError::Unreadable(key) => write!(
                f,
                "not saved: the stored entry {key} could not be read and is kept as it is; download it, or save this register under another id."
            ),
            SaveError::Invalid(problems) => {
                write!(f, "not saved: the register would not load again")?;
                if let Some(first) = problems.first() {
                    write!(f, " ({first})")?;
                }
                Ok(())
            }
        }
    }
}

/// The analyst's registers as read from a store, with the entries that could not be read,
/// and what each key held when last read or written (to detect conflicting saves).
#[derive(Debug, Clone, PartialEq)]
pub struct Library {
    /// Readable registers, sorted by name.
    pub registers: Vec<Register>,
    /// Entries under the register prefix that could not be read; kept, never overwritten.
    pub unreadable: Vec<Unreadable>,
    /// True when the store held no readable register and the demo was put in the list.
    pub showing_demo: bool,
    /// Registers open in this tab only, read-only, because the store cannot hold them
    /// (see [`Library::open_unstored`]); never saved.
    pub unstored: std::collections::BTreeSet<String>,
    /// The stored text of each key as this library last read or wrote it.
    baseline: BTreeMap<String, String>,
}

/// The store key of a register: [`KEY_PREFIX`] followed by its id.
pub fn key_of(register_id: &str) -> String {
    format!("{KEY_PREFIX}{register_id}")
}

impl Library {
    /// Reads every register entry of `store`; offers the demo register when none is
    /// readable.
    pub fn open(store: &impl KeyValueStore) -> Library {
        let mut library = Library {
            registers: Vec::new(),
            unreadable: Vec::new(),
            showing_demo: false,
            unstored: std::collections::BTreeSet::new(),
            baseline: BTreeMap::new(),
        };
        let mut keys: Vec<String> = store.keys().into_iter().filter(|k| k.starts_with(KEY_PREFIX)).collect();
        keys.sort();
        for key in keys {
            library.read_entry(store, &key);
        }
        library.offer_demo_if_empty();
        library
    }

    fn read_entry(&mut self, store: &impl KeyValueStore, key: &str) {
        self.unreadable.retain(|u| u.key != key);
        self.registers.retain(|r| key_of(&r.id) != key);
        let Some(raw) = store.get(key) else {
            self.baseline.remove(key);
            return;
        };
        match document::load_own(&raw) {
            Ok(loaded) if key_of(&loaded.register.id) == key => {
                self.registers.push(loaded.register);
                self.showing_demo = false;
            }
            Ok(loaded) => self.unreadable.push(Unreadable {
                key: key.into(),
                problems: vec![Problem::new(
                    "$.id",
                    format!("\"{}\" does not match the storage key", loaded.register.id),
                )],
                raw: raw.clone(),
            }),
            Err(problems) => self.unreadable.push(Unreadable {
                key: key.into(),
                raw: raw.clone(),
                problems,
            }),
        }
        self.baseline.insert(key.into(), raw);
        self.registers.sort_by_cached_key(|r| r.name.to_lowercase());
    }

    fn offer_demo_if_empty(&mut self) {
        if self.registers.is_empty() {
            let demo = document::load(crate::DEMO_REGISTER_JSON).expect("the demo register is valid (tested)");
            self.registers.push(demo.register);
            self.showing_demo = true;
        }
    }

    /// The stored text of `key` as this library last read or wrote it.
    pub fn baseline_of(&self, key: &str) -> Option<&String> {
        self.baseline.get(key)
    }

    /// Index in [`Library::registers`] of the register with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.registers.iter().position(|r| r.id == id)
    }

    /// Saves a register under its id and puts it in the list (replacing the old copy).
    pub fn save(&mut self, store: &mut impl KeyValueStore, register: &Register) -> Result<(), SaveError> {
        if self.unstored.contains(&register.id) {
            return Err(SaveError::Refused(
                "it is open read-only in this tab: this browser's storage cannot hold it".into(),
            ));
        }
        let key = key_of(&register.id);
        if self.unreadable.iter().any(|u| u.key == key) {
            return Err(SaveError::Unreadable(key));
        }
        let stored = store.get(&key);
        if stored.as_ref() != self.baseline.get(&key) {
            let theirs = stored
                .and_then(|raw| document::load(&raw).ok())
                .map(|l| Box::new(l.register));
            return Err(SaveError::Conflict { theirs });
        }
        self.write(store, register, stored.as_deref())
    }

    /// Saves over whatever is stored, after the user chose to keep this tab's version.
    pub fn overwrite(&mut self, store: &mut impl KeyValueStore, register: &Register) -> Result<(), SaveError> {
        let stored = store.get(&key_of(&register.id));
        self.write(store, register, stored.as_deref())
    }

    /// Writes `register`, whose stored text (read once by the caller) is `stored`.
    fn write(
        &mut self,
        store: &mut impl KeyValueStore,
        register: &Register,
        stored: Option<&str>,
    ) -> Result<(), SaveError> {
        let key = key_of(&register.id);
        // What loading would refuse is never written: it would lock the register out.
        let problems = crate::io::validation::check(register);
        if !problems.is_empty() {
            return Err(SaveError::Invalid(problems));
        }
        let stored = stored.map(revision_of).unwrap_or(0);
        let seen = self.baseline.get(&key).map(|t| revision_of(t)).unwrap_or(0);
        let register = Register {
            revision: register.revision.max(stored).max(seen) + 1,
            ..register.clone()
        };
        let text = register.to_compact_json();
        store.set(&key, &text).map_err(SaveError::Refused)?;
        self.baseline.insert(key, text);
        if self.showing_demo {
            self.registers.clear();
            self.showing_demo = false;
        }
        self.put_listed(register);
        Ok(())
    }

    /// Puts `register` in the list in place of the one with its id, or adds it, keeping
    /// the list sorted by name.
    fn put_listed(&mut self, register: Register) {
        match self.registers.iter().position(|r| r.id == register.id) {
            Some(at) if self.registers[at].name == register.name => self.registers[at] = register,
            Some(at) => {
                self.registers[at] = register;
                self.registers.sort_by_cached_key(|r| r.name.to_lowercase());
            }
            None => {
                self.registers.push(register);
                self.registers.sort_by_cached_key(|r| r.name.to_lowercase());
            }
        }
    }

    /// Saves the listed register with id `id` (as [`Library::save`], without a copy of
    /// it made first: a register of 10,000 risks is megabytes).
    pub fn save_listed(&mut self, store: &mut impl KeyValueStore, id: &str) -> Result<(), SaveError> {
        let Some(at) = self.position(id) else {
            return Err(SaveError::Refused(format!("no register {id}")));
        };
        // Taken out for the save and put back whatever happens.
        let register = self.registers.remove(at);
        let outcome = self.save(store, &register);
        if self.position(id).is_none() {
            self.registers.insert(at.min(self.registers.len()), register);
        }
        outcome
    }

    /// Another tab changed `key`: read it again. Returns true when it concerns a register.
    pub fn reload(&mut self, store: &impl KeyValueStore, key: &str) -> bool {
        if !key.starts_with(KEY_PREFIX) {
            return false;
        }
        self.read_entry(store, key);
        self.offer_demo_if_empty();
        true
    }

    /// The store was emptied (another tab called `localStorage.clear()`): nothing this
    /// library saw is stored any more, so the next save of each register writes it
    /// again instead of finding a conflict.
    pub fn forget_stored(&mut self) {
        self.baseline.clear();
    }

    /// Deletes a stored register (after the user confirmed). The demo, never stored, is
    /// only taken off the list.
    pub fn delete(&mut self, store: &mut impl KeyValueStore, id: &str) {
        let key = key_of(id);
        if self.baseline.contains_key(&key) {
            store.remove(&key);
            self.baseline.remove(&key);
        }
        self.registers.retain(|r| r.id != id);
        self.unstored.remove(id);
        self.showing_demo = false;
        self.offer_demo_if_empty();
    }

    /// An id no stored or listed register uses, derived from `seed` (e.g. the clock).
    pub fn fresh_id(&self, seed: u64) -> String {
        let taken = |id: &str| self.registers.iter().any(|r| r.id == id) || self.baseline.contains_key(&key_of(id));
        (seed..)
            .map(|n| format!("reg-{n:x}"))
            .find(|id| !taken(id))
            .expect("ids are unbounded")
    }

    /// A new empty register with 5×5 criteria, saved at once.
    pub fn create(
        &mut self,
        store: &mut impl KeyValueStore,
        name: &str,
        now: &str,
        seed: u64,
    ) -> Result<String, SaveError> {
        let criteria = preset(5, MatrixStyle::Multiplicative).expect("5×5 is a preset");
        let register = Register::new(self.fresh_id(seed), name.into(), "EUR", criteria, now);
        self.save(store, &register)?;
        Ok(register.id)
    }

    /// Saves a fresh copy of the built-in demo register as a register of the analyst's
    /// own ("Demo: …"), so that the demo can be opened again at any time.
    pub fn add_demo(&mut self, store: &mut impl KeyValueStore, now: &str, seed: u64) -> Result<String, SaveError> {
        let mut demo = document::load(crate::DEMO_REGISTER_JSON)
            .expect("the demo register is valid (tested)")
            .register;
        demo.name = format!("Demo: {}", demo.name);
        self.add_copy(store, demo, now, seed)
    }

    /// Saves `register` (an example, an import) as a new register of this library: a
    /// fresh id, created and modified `now`, its save counter at zero.
    pub fn add_copy(
        &mut self,
        store: &mut impl KeyValueStore,
        mut register: Register,
        now: &str,
        seed: u64,
    ) -> Result<String, SaveError> {
        register.id = self.fresh_id(seed);
        register.created = now.into();
        register.modified = now.into();
        register.revision = 0;
        self.save(store, &register)?;
        Ok(register.id)
    }

    /// Puts an imported `register` in place of the stored one with its id, keeping the
    /// stored text as its backup first; a register not stored yet is simply saved. If
    /// the backup cannot be written, nothing is replaced.
    pub fn replace(&mut self, store: &mut impl KeyValueStore, register: &Register) -> Result<(), SaveError> {
        let key = key_of(&register.id);
        if let Some(old) = store.get(&key) {
            store
                .set(&format!("{BACKUP_PREFIX}{}", register.id), &old)
                .map_err(SaveError::Refused)?;
        }
        let replacing = Register {
            revision: 0,
            ..register.clone()
        };
        let stored = store.get(&key);
        self.write(store, &replacing, stored.as_deref())
    }

    /// Puts a register the store cannot hold in the list, for this tab only and
    /// read-only: it is never written, so nothing stored changes. It takes a fresh id if
    /// its own is taken. Returns its id.
    pub fn open_unstored(&mut self, mut register: Register, seed: u64) -> String {
        if self.registers.iter().any(|r| r.id == register.id) || self.baseline.contains_key(&key_of(&register.id)) {
            register.id = self.fresh_id(seed);
        }
        if self.showing_demo {
            self.registers.clear();
            self.showing_demo = false;
        }
        let id = register.id.clone();
        self.unstored.insert(id.clone());
        self.registers.push(register);
        self.registers.sort_by_cached_key(|r| r.name.to_lowercase());
        id
    }

    /// The readable backups in `store`, each the register an import replaced.
    pub fn backups(store: &impl KeyValueStore) -> Vec<Register> {
        let mut keys: Vec<String> = store
            .keys()
            .into_iter()
            .filter(|k| k.starts_with(BACKUP_PREFIX))
            .collect();
        keys.sort();
        keys.iter()
            .filter_map(|k| store.get(k))
            .filter_map(|raw| document::load(&raw).ok())
            .map(|loaded| loaded.register)
            .collect()
    }

    /// Puts the backup of register `id` back in its place; the replaced version becomes
    /// the backup in turn, so a restore can itself be undone.
    pub fn restore(&mut self, store: &mut impl KeyValueStore, id: &str) -> Result<(), SaveError> {
        let backup_key = format!("{BACKUP_PREFIX}{id}");
        let Some(backup) = store.get(&backup_key).and_then(|raw| document::load(&raw).ok()) else {
            return Err(SaveError::Refused(format!("no readable backup of {id}")));
        };
        self.replace(store, &backup.register)
    }

    /// Saves a copy of register `id` under a new id and name.
    pub fn duplicate(
        &mut self,
        store: &mut impl KeyValueStore,
        id: &str,
        now: &str,
        seed: u64,
    ) -> Result<String, SaveError> {
        let Some(original) = self.registers.iter().find(|r| r.id == id) else {
            return Err(SaveError::Refused(format!("no register {id}")));
        };
        let mut copy = original.clone();
        copy.id = self.fresh_id(seed);
        copy.name = format!("{} (copy)", original.name);
        copy.created = now.into();
        copy.modified = now.into();
        let was_demo = self.showing_demo;
        let demo = was_demo.then(|| original.clone());
        self.save(store, &copy)?;
        // Copying the demo keeps the demo in the list beside the copy, until edited.
        if let Some(demo) = demo {
            self.registers.push(demo);
            self.showing_demo = false;
        }
        Ok(copy.id)
    }
}

/// The `revision` of a stored register text (0 when absent or unreadable). Read up to
/// that field only: it comes near the start, and a save reads two revisions of texts
/// that may be megabytes long.
pub fn revision_of(text: &str) -> u64 {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
    struct Top;
    impl<'de> Visitor<'de> for Top {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a register")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<u64, A::Error> {
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if key == "revision" {
                    let revision = map.next_value::<u64>()?;
                    // Found: the rest is not read (the reader stops at this "error").
                    return Err(serde::de::Error::custom(FOUND.with(|f| {
                        f.set(Some(revision));
                        "found"
                    })));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(0)
        }
    }
    thread_local! {
        static FOUND: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
    }
    FOUND.with(|f| f.set(None));
    let read = serde_json::Deserializer::from_str(text).deserialize_map(Top);
    FOUND.with(|f| f.take()).or(read.ok()).unwrap_or(0)
}

/// Whether `theirs` (now in the store) was written without having seen `mine` (what this
/// library last wrote or read): two saves that crossed. A later revision means the writer
/// built on ours.
pub fn crossed(mine: &str, theirs: &str) -> bool {
    mine != theirs && revision_of(theirs) <= revision_of(mine)
}

/// A store in memory, for tests and the command line.
#[derive(Debug, Default, Clone)]
pub struct MemoryStore {
    /// The stored entries, by key.
    pub entries: BTreeMap<String, String>,
    /// When set, every `set` fails with this message (to simulate a full store).
    pub refuse_writes: Option<String>,
    /// When set, a `set` that would make the entries' keys and values longer than this
    /// (in bytes) fails as a full browser store does ("QuotaExceededError").
    pub capacity: Option<usize>,
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
        if let Some(capacity) = self.capacity {
            let others: usize = self
                .entries
                .iter()
                .filter(|(k, _)| *k != key)
                .map(|(k, v)| k.len() + v.len())
                .sum();
            if others + key.len() + value.len() > capacity {
                return Err("QuotaExceededError: the store is full".into());
            }
        }
        self.entries.insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn remove(&mut self, key: &str) {
        self.entries.remove(key);
    }
}

#[cfg(test)]
mod tests;

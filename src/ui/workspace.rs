//! The state every view shares: the library of registers, which one is open, and the
//! edit → autosave cycle. Views change a register only through `Workspace::edit`, which
//! records an undo step, stamps `modified`, and saves within half a second.

use std::time::Duration;

use leptos::prelude::*;

use super::storage::BrowserStore;
use crate::library::{Library, SaveError, key_of};
use crate::register::Register;

/// How long after the last edit the register is saved.
const AUTOSAVE_DELAY: Duration = Duration::from_millis(400);
/// Undo steps kept per session.
const UNDO_DEPTH: usize = 50;

#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Saved,
    Pending,
    Failed(String),
    /// Another tab changed the register; `theirs` is its version if readable.
    Conflict(Option<Register>),
}

#[derive(Clone, Copy)]
pub struct Workspace {
    pub library: RwSignal<Library>,
    pub open_id: RwSignal<String>,
    pub save_state: RwSignal<SaveState>,
    pub register: Memo<Register>,
    undo: StoredValue<Vec<(String, Register)>>,
    pub can_undo: RwSignal<bool>,
    generation: StoredValue<u64>,
}

/// The clock as an RFC 3339 timestamp, always one the reader accepts (a clock past the
/// year 9999 is held there; JavaScript would write "+010000-…").
pub fn now() -> String {
    crate::timestamp::from_unix_millis(js_sys::Date::now())
}

/// Today's date (UTC), `YYYY-MM-DD`.
pub fn today() -> String {
    now()[..10].to_string()
}

pub fn clock_seed() -> u64 {
    js_sys::Date::now() as u64
}

impl Workspace {
    pub fn new() -> Workspace {
        let library = RwSignal::new(Library::open(&BrowserStore));
        let first = library.with_untracked(|l| l.registers[0].id.clone());
        let open_id = RwSignal::new(first);
        let register = Memo::new(move |_| {
            let id = open_id.get();
            library.with(|l| l.registers.iter().find(|r| r.id == id).or(l.registers.first()).cloned().expect("never empty"))
        });
        Workspace {
            library,
            open_id,
            save_state: RwSignal::new(SaveState::Saved),
            register,
            undo: StoredValue::new(Vec::new()),
            can_undo: RwSignal::new(false),
            generation: StoredValue::new(0),
        }
    }

    /// Changes the open register, keeping an undo step, and schedules the autosave.
    pub fn edit(&self, change: impl FnOnce(&mut Register)) {
        let before = self.register.get_untracked();
        let mut after = before.clone();
        change(&mut after);
        if after == before {
            return;
        }
        after.modified = now();
        self.undo.update_value(|steps| {
            steps.push((before.id.clone(), before));
            if steps.len() > UNDO_DEPTH {
                steps.remove(0);
            }
        });
        self.can_undo.set(true);
        self.put(after);
    }

    /// Takes back the last edit of the open register.
    pub fn undo(&self) {
        let id = self.open_id.get_untracked();
        let mut step = None;
        self.undo.update_value(|steps| {
            if let Some(at) = steps.iter().rposition(|(owner, _)| *owner == id) {
                step = Some(steps.remove(at).1);
            }
        });
        self.can_undo.set(self.undo.with_value(|steps| steps.iter().any(|(owner, _)| *owner == id)));
        if let Some(mut previous) = step {
            previous.modified = now();
            self.put(previous);
        }
    }

    fn put(&self, register: Register) {
        let id = register.id.clone();
        self.library.update(|l| {
            if let Some(slot) = l.registers.iter_mut().find(|r| r.id == id) {
                *slot = register;
            }
        });
        self.schedule_save();
    }

    fn schedule_save(&self) {
        self.save_state.set(SaveState::Pending);
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let this = *self;
        set_timeout(
            move || {
                if this.generation.try_get_value() == Some(generation) {
                    this.save_now();
                }
            },
            AUTOSAVE_DELAY,
        );
    }

    /// Saves the open register now; the outcome is shown by `save_state`.
    pub fn save_now(&self) {
        let register = self.register.get_untracked();
        let mut outcome = Ok(());
        self.library.update(|l| outcome = l.save(&mut BrowserStore, &register));
        self.show(outcome);
    }

    /// After a conflict: keep this tab's version, replacing the other tab's.
    pub fn keep_mine(&self) {
        let register = self.register.get_untracked();
        let mut outcome = Ok(());
        self.library.update(|l| outcome = l.overwrite(&mut BrowserStore, &register));
        self.show(outcome);
    }

    /// After a conflict: take the other tab's version; this tab's is saved as a copy.
    pub fn take_theirs(&self) {
        let mine = self.register.get_untracked();
        let mut outcome = Ok(());
        self.library.update(|l| {
            let mut copy = mine.clone();
            copy.id = l.fresh_id(clock_seed());
            copy.name = format!("{} (unsaved edits from another tab)", mine.name);
            l.reload(&BrowserStore, &key_of(&mine.id));
            outcome = l.save(&mut BrowserStore, &copy);
        });
        self.show(outcome);
    }

    fn show(&self, outcome: Result<(), SaveError>) {
        self.save_state.set(match outcome {
            Ok(()) => SaveState::Saved,
            Err(SaveError::Conflict { theirs }) => SaveState::Conflict(theirs),
            Err(error) => SaveState::Failed(error.to_string()),
        });
    }

    /// Another tab wrote `key`. Local storage gives no atomic compare-and-set across tabs, so two saves can
    /// cross; this is where a crossed save is caught after the fact:
    /// - the store still holds what this tab last wrote: nothing to do;
    /// - this tab has unsaved edits (pending, failed, or held by an open conflict): conflict;
    /// - the new text has a later revision than this tab's (the writer built on it): take it;
    /// - otherwise the writer never saw this tab's last save, which it overwrote: conflict,
    ///   with this tab's version still in memory.
    pub fn storage_changed(&self, key: &str) {
        use crate::library::KeyValueStore;
        let open_key = key_of(&self.open_id.get_untracked());
        let current = BrowserStore.get(key);
        let baseline = self.library.with_untracked(|l| l.baseline_of(key).cloned());
        if key == open_key && current != baseline {
            // Edits not yet in the store, including those held back by an open conflict.
            let pending = !matches!(self.save_state.get_untracked(), SaveState::Saved);
            let crossed = matches!((&baseline, &current), (Some(mine), Some(theirs)) if crate::library::crossed(mine, theirs));
            if pending || crossed {
                let theirs = current.as_deref().and_then(|raw| crate::document::load(raw).ok()).map(|l| l.register);
                if theirs.as_ref() != Some(&self.register.get_untracked()) {
                    self.save_state.set(SaveState::Conflict(theirs));
                    return;
                }
            }
        }
        if current == baseline {
            return;
        }
        self.library.update(|l| {
            l.reload(&BrowserStore, key);
        });
        if self.library.with_untracked(|l| l.position(&self.open_id.get_untracked()).is_none()) {
            let first = self.library.with_untracked(|l| l.registers[0].id.clone());
            self.open_id.set(first);
        }
    }
}

//! The state every view shares: the library of registers, which one is open, and the
//! edit → autosave cycle. Views change a register only through `Workspace::edit`, which
//! applies the engine's checks (`edit::apply`: an edit that loading would refuse is
//! refused, and the register stays as it was), records an undo step for that register,
//! and saves within half a second.
//!
//! Saving is per register: every register with edits not yet in storage is listed in
//! `unsaved` and saved by the next flush, whichever register is open. A flush happens
//! after the autosave delay, before another register is opened, and when the page is
//! hidden or closed (`visibilitychange`, `pagehide`); a failed save is retried, and
//! while anything is unsaved, closing the page asks first (`beforeunload`).

use std::collections::BTreeMap;
use std::time::Duration;

use leptos::prelude::*;

use super::storage::BrowserStore;
use residual_engine::io::library::{KeyValueStore, Library, SaveError, key_of};
use residual_engine::model::problem::Problem;
use residual_engine::model::register::Register;
use residual_engine::model::treatment::TreatmentOption;
use residual_engine::treat::inline_field::{InlineField, Refusal, commit_after};
use residual_engine::treat::treatment_plan::choose_option;

/// How long after the last edit the registers are saved.
const AUTOSAVE_DELAY: Duration = Duration::from_millis(400);
/// How long after a failed save it is tried again.
const RETRY_DELAY: Duration = Duration::from_secs(5);
/// Undo steps kept per register.
const UNDO_DEPTH: usize = 50;

/// The open register's saving, as the header shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Saved,
    Pending,
    Failed(String),
    /// Another tab changed the register; `theirs` is its version if readable.
    Conflict(Option<Box<Register>>),
}

/// Why a register is not saved yet.
#[derive(Debug, Clone, PartialEq)]
pub enum Unsaved {
    /// Waiting for the autosave.
    Pending,
    /// The last save failed; it is tried again.
    Failed(String),
    /// Another tab changed it: the user chooses (see the conflict banner).
    Conflict(Option<Box<Register>>),
}

#[derive(Clone, Copy)]
pub struct Workspace {
    pub library: RwSignal<Library>,
    pub open_id: RwSignal<String>,
    /// Every register with edits not in storage yet, by id.
    pub unsaved: RwSignal<BTreeMap<String, Unsaved>>,
    /// The open register's saving.
    pub save_state: Memo<SaveState>,
    pub register: Memo<Register>,
    /// Why the last edit was not made (shown until the next edit is made).
    pub refusal: RwSignal<Option<String>>,
    /// Something the user must know that no view shows (e.g. storage cleared elsewhere).
    pub notice: RwSignal<Option<String>>,
    undo: StoredValue<BTreeMap<String, Vec<Register>>>,
    pub can_undo: Memo<bool>,
    undo_version: RwSignal<u64>,
    generation: StoredValue<u64>,
    /// The register and field key of the last edit when it was a field's typed text:
    /// further text in the same field joins that undo step.
    last_field: StoredValue<Option<(String, String)>>,
    /// A change of the library waits to be told to the views (see `put`).
    notify_pending: StoredValue<bool>,
}

/// The clock as an RFC 3339 timestamp, always one the reader accepts (a clock past the
/// year 9999 is held there; JavaScript would write "+010000-…").
pub fn now() -> String {
    residual_engine::model::timestamp::from_unix_millis(js_sys::Date::now())
}

/// Today's date (UTC), `YYYY-MM-DD`.
pub fn today() -> String {
    now()[..10].to_string()
}

pub fn clock_seed() -> u64 {
    js_sys::Date::now() as u64
}

/// Whether a register changed, for the memos that hold one: an edit stamps `modified`,
/// so that tells most changes at once, without comparing two registers of 10,000 risks
/// field by field. A save, which only raises `revision` (storage's counter), is no
/// change to what the views show: they are not drawn again for it.
pub fn register_changed(before: Option<&Register>, after: Option<&Register>) -> bool {
    match (before, after) {
        (Some(a), Some(b)) => a.id != b.id || a.modified != b.modified || !a.same_content(b),
        _ => true,
    }
}

/// Where the id of the register open last is kept.
const OPEN_KEY: &str = "residual.open";

impl Workspace {
    pub fn from_storage() -> Workspace {
        let library = RwSignal::new(Library::open(&BrowserStore));
        // The register open last, if it is still there; else the first.
        let remembered = BrowserStore.get(OPEN_KEY);
        let first = library.with_untracked(|l| {
            l.registers
                .iter()
                .find(|r| Some(&r.id) == remembered.as_ref())
                .unwrap_or(&l.registers[0])
                .id
                .clone()
        });
        let open_id = RwSignal::new(first);
        let register = Memo::new_with_compare(
            move |_| {
                let id = open_id.get();
                library.with(|l| {
                    l.registers
                        .iter()
                        .find(|r| r.id == id)
                        .or(l.registers.first())
                        .cloned()
                        .expect("never empty")
                })
            },
            register_changed,
        );
        let unsaved = RwSignal::new(BTreeMap::new());
        let save_state = Memo::new(move |_| {
            let id = open_id.get();
            unsaved.with(|u: &BTreeMap<String, Unsaved>| match u.get(&id) {
                None => SaveState::Saved,
                Some(Unsaved::Pending) => SaveState::Pending,
                Some(Unsaved::Failed(message)) => SaveState::Failed(message.clone()),
                Some(Unsaved::Conflict(theirs)) => SaveState::Conflict(theirs.clone()),
            })
        });
        let undo = StoredValue::new(BTreeMap::<String, Vec<Register>>::new());
        let undo_version = RwSignal::new(0u64);
        let can_undo = Memo::new(move |_| {
            undo_version.track();
            let id = open_id.get();
            undo.with_value(|steps| steps.get(&id).is_some_and(|s| !s.is_empty()))
        });
        Workspace {
            library,
            open_id,
            unsaved,
            save_state,
            register,
            refusal: RwSignal::new(None),
            notice: RwSignal::new(None),
            undo,
            can_undo,
            undo_version,
            generation: StoredValue::new(0),
            last_field: StoredValue::new(None),
            notify_pending: StoredValue::new(false),
        }
    }

    /// Opens register `id`, saving any pending edit first.
    pub fn open(&self, id: &str) {
        self.flush();
        self.refusal.set(None);
        self.open_id.set(id.to_string());
        // Remembered for the next visit; a store that refuses costs only that.
        let _ = BrowserStore.set(OPEN_KEY, id);
    }

    /// Changes the open register, keeping an undo step, and schedules the autosave. An
    /// edit that would leave a register loading refuses changes nothing, and the
    /// problems are shown (`refusal`).
    pub fn edit(&self, change: impl FnOnce(&mut Register)) {
        if let Err(problems) = self.try_edit(change) {
            // Named in the register as it is (the refused edit changed nothing).
            let id = self.open_id.get_untracked();
            let said = self.library.with_untracked(|l| {
                l.registers
                    .iter()
                    .find(|r| r.id == id)
                    .map(|r| residual_engine::io::edit::describe_in(r, &problems))
            });
            self.refusal.set(Some(
                said.unwrap_or_else(|| residual_engine::io::edit::describe(&problems)),
            ));
        }
    }

    /// As [`Workspace::edit`], for a form that shows the problems beside its own fields.
    pub fn try_edit(&self, change: impl FnOnce(&mut Register)) -> Result<(), Vec<Problem>> {
        let id = self.open_id.get_untracked();
        if let Some(why) = self.read_only(&id) {
            return Err(vec![Problem::new("$", why)]);
        }
        // Read in place from the library (the memo of the open register may be a task
        // behind, see `put`): the register as it was then goes to the undo steps from the
        // library itself, not copied once more.
        let outcome = self.library.with_untracked(|l| {
            let before = l.registers.iter().find(|r| r.id == id).or(l.registers.first())?;
            // The engine's edit: an acceptance the change invalidates takes its risk's
            // "accepted" back.
            Some(residual_engine::treat::acceptance::apply_edit(before, change, &now()))
        });
        match outcome.unwrap_or(Ok(None)) {
            Ok(None) => Ok(()),
            Ok(Some(after)) => {
                self.accept(after, None);
                Ok(())
            }
            Err(problems) => Err(problems),
        }
    }

    /// Why register `id` cannot be edited: it is open read-only, not stored.
    pub fn read_only(&self, id: &str) -> Option<String> {
        self.library.with_untracked(|l| l.unstored.contains(id)).then(|| {
            "this register is open read-only in this tab (this browser's storage cannot hold it), so it cannot be changed; export it to work on it elsewhere".to_string()
        })
    }

    /// Puts an edited register in place of `before`, with an undo step (joined to the
    /// last one when both are typed text of the same field).
    fn accept(&self, after: Register, field: Option<String>) {
        self.refusal.set(None);
        let key = field.map(|f| (after.id.clone(), f));
        let joins = key.is_some() && self.last_field.get_value() == key;
        self.last_field.set_value(key);
        let Some(before) = self.put(after) else { return };
        if !joins {
            self.undo.update_value(|steps| {
                let steps = steps.entry(before.id.clone()).or_default();
                steps.push(before);
                if steps.len() > UNDO_DEPTH {
                    steps.remove(0);
                }
            });
            self.undo_version.update(|v| *v += 1);
        }
    }

    /// Takes text typed into a field of register `id` (any register, open or not), when
    /// the field still holds `base`; `option` is chosen in the same edit (a treatment
    /// option waiting for its rationale).
    pub fn commit_field(
        &self,
        id: &str,
        field: &InlineField,
        text: &str,
        base: Option<&str>,
        option: Option<TreatmentOption>,
    ) -> Result<(), Refusal> {
        if let Some(why) = self.read_only(id) {
            return Err(Refusal::Invalid(why));
        }
        let prepare = |r: &mut Register| {
            if let (Some(option), InlineField::Rationale { risk }) = (option, field) {
                choose_option(r, risk, option);
            }
        };
        let outcome = self.library.with_untracked(|l| {
            let before = l.registers.iter().find(|r| r.id == id)?;
            Some(commit_after(before, prepare, field, text, base, &now()))
        });
        match outcome {
            None => Err(Refusal::Changed { now: None }),
            Some(Err(refusal)) => Err(refusal),
            Some(Ok(None)) => Ok(()),
            Some(Ok(Some(after))) => {
                self.accept(after, Some(field.key()));
                Ok(())
            }
        }
    }

    /// Takes back the last edit of the open register (never of another, and never
    /// bringing back a deleted register).
    pub fn undo(&self) {
        let id = self.open_id.get_untracked();
        if self.library.with_untracked(|l| l.position(&id).is_none()) {
            return;
        }
        let mut step = None;
        self.undo
            .update_value(|steps| step = steps.get_mut(&id).and_then(Vec::pop));
        self.undo_version.update(|v| *v += 1);
        self.last_field.set_value(None);
        if let Some(mut previous) = step {
            previous.modified = now();
            self.refusal.set(None);
            self.put(previous);
        }
    }

    /// Forgets register `id` after it was deleted: its undo steps and unsaved state.
    pub fn forget(&self, id: &str) {
        self.undo.update_value(|steps| {
            steps.remove(id);
        });
        self.undo_version.update(|v| *v += 1);
        self.unsaved.update(|u| {
            u.remove(id);
        });
    }

    /// Puts a register in place of the one with its id; returns that one. The views
    /// hear of it in the next task: an edit and all that it redraws are then two tasks,
    /// not one (for a register of 10,000 risks, each well under 200 ms). What edits and
    /// saves reads the library itself, which is current at once.
    fn put(&self, register: Register) -> Option<Register> {
        let id = register.id.clone();
        let mut replaced = None;
        self.library.update_untracked(|l| {
            if let Some(slot) = l.registers.iter_mut().find(|r| r.id == id) {
                replaced = Some(std::mem::replace(slot, register));
            }
        });
        if !self.notify_pending.get_value() {
            self.notify_pending.set_value(true);
            let this = *self;
            set_timeout(
                move || {
                    if this.notify_pending.try_set_value(false).is_none() {
                        this.library.update(|_| {});
                    }
                },
                Duration::ZERO,
            );
        }
        self.unsaved.update(|u| {
            // An open conflict stays until the user chooses.
            if !matches!(u.get(&id), Some(Unsaved::Conflict(_))) {
                u.insert(id, Unsaved::Pending);
            }
        });
        self.schedule(AUTOSAVE_DELAY);
        replaced
    }

    fn schedule(&self, delay: Duration) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let this = *self;
        set_timeout(
            move || {
                if this.generation.try_get_value() == Some(generation) {
                    this.flush();
                }
            },
            delay,
        );
    }

    /// Saves every register with unsaved edits now (except those in conflict, which
    /// wait for the user). Failures are kept per register and tried again later.
    pub fn flush(&self) {
        let waiting: Vec<String> = self.unsaved.with_untracked(|u| {
            u.iter()
                .filter(|(_, state)| !matches!(state, Unsaved::Conflict(_)))
                .map(|(id, _)| id.clone())
                .collect()
        });
        if waiting.is_empty() {
            return;
        }
        let mut failed = false;
        for id in waiting {
            if self.library.with_untracked(|l| l.position(&id).is_none()) {
                self.unsaved.update(|u| {
                    u.remove(&id);
                });
                continue;
            }
            let mut outcome = Ok(());
            self.library.update(|l| outcome = l.save_listed(&mut BrowserStore, &id));
            failed |= matches!(outcome, Err(SaveError::Refused(_)));
            self.record(&id, outcome);
        }
        if failed {
            self.schedule(RETRY_DELAY);
        }
    }

    fn record(&self, id: &str, outcome: Result<(), SaveError>) {
        self.unsaved.update(|u| match outcome {
            Ok(()) => {
                u.remove(id);
            }
            Err(SaveError::Conflict { theirs }) => {
                u.insert(id.to_string(), Unsaved::Conflict(theirs));
            }
            Err(error) => {
                u.insert(id.to_string(), Unsaved::Failed(error.to_string()));
            }
        });
    }

    /// The names of the registers with unsaved edits, other than the open one.
    pub fn others_unsaved(&self) -> Vec<String> {
        let open = self.open_id.get();
        let ids: Vec<String> = self
            .unsaved
            .with(|u| u.keys().filter(|id| **id != open).cloned().collect());
        self.library.with(|l| {
            ids.iter()
                .map(|id| {
                    l.registers
                        .iter()
                        .find(|r| &r.id == id)
                        .map_or(id.clone(), |r| r.name.clone())
                })
                .collect()
        })
    }

    /// Whether any register has edits not in storage.
    pub fn anything_unsaved(&self) -> bool {
        self.unsaved.with_untracked(|u| !u.is_empty())
    }

    /// After a conflict: keep this tab's version, replacing the other tab's.
    pub fn keep_mine(&self) {
        let register = self.register.get_untracked();
        let mut outcome = Ok(());
        self.library
            .update(|l| outcome = l.overwrite(&mut BrowserStore, &register));
        self.record(&register.id, outcome);
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
        self.unsaved.update(|u| {
            u.remove(&mine.id);
        });
        if let Err(error) = outcome {
            self.notice
                .set(Some(format!("Your version could not be kept as a copy: {error}")));
        }
    }

    /// Another tab or window cleared this origin's storage (`localStorage.clear()`): the
    /// registers this tab holds are written back, edits included, and the user is told.
    pub fn storage_cleared(&self) {
        let registers = self.library.with_untracked(|l| {
            if l.showing_demo {
                Vec::new()
            } else {
                l.registers.clone()
            }
        });
        // Nothing is stored now: a save writes, and one that fails is retried like any
        // failed save (not mistaken for a conflict).
        self.library.update(Library::forget_stored);
        let mut failures = Vec::new();
        for register in &registers {
            let mut outcome = Ok(());
            self.library.update(|l| outcome = l.save(&mut BrowserStore, register));
            if let Err(error) = &outcome {
                failures.push(format!("{}: {error}", register.name));
            }
            self.record(&register.id, outcome);
        }
        if !failures.is_empty() {
            self.schedule(RETRY_DELAY);
        }
        if !registers.is_empty() {
            self.notice.set(Some(if failures.is_empty() {
                format!("Another tab or window cleared this browser's storage. The {} register(s) open here were written back, with their latest edits.", registers.len())
            } else {
                format!("Another tab or window cleared this browser's storage. Some registers could not be written back ({}); export them now.", failures.join("; "))
            }));
        }
    }

    /// Another tab wrote `key`. Local storage gives no atomic compare-and-set across tabs, so two saves can
    /// cross; this is where a crossed save is caught after the fact:
    /// - the store still holds what this tab last wrote: nothing to do;
    /// - this tab has unsaved edits of that register (pending, failed, or held by an
    ///   open conflict): conflict; if the other tab removed it, it is written back;
    /// - the new text has a later revision than this tab's (the writer built on it): take it;
    /// - otherwise the writer never saw this tab's last save, which it overwrote: conflict,
    ///   with this tab's version still in memory.
    pub fn storage_changed(&self, key: &str) {
        let current = BrowserStore.get(key);
        let baseline = self.library.with_untracked(|l| l.baseline_of(key).cloned());
        if current == baseline {
            return;
        }
        let mine = self
            .library
            .with_untracked(|l| l.registers.iter().find(|r| key_of(&r.id) == key).cloned());
        if let Some(mine) = mine {
            let pending = self.unsaved.with_untracked(|u| u.contains_key(&mine.id));
            if current.is_none() && pending {
                let mut outcome = Ok(());
                self.library.update(|l| outcome = l.overwrite(&mut BrowserStore, &mine));
                self.record(&mine.id, outcome);
                self.notice.set(Some(format!(
                    "Another tab or window deleted \"{}\" while this tab had unsaved edits of it; it was written back.",
                    mine.name
                )));
                return;
            }
            let crossed = matches!((&baseline, &current), (Some(b), Some(theirs)) if residual_engine::io::library::crossed(b, theirs));
            if pending || crossed {
                let theirs = current
                    .as_deref()
                    .and_then(|raw| residual_engine::io::document::load(raw).ok())
                    .map(|l| Box::new(l.register));
                if theirs.as_deref() != Some(&mine) {
                    self.unsaved.update(|u| {
                        u.insert(mine.id.clone(), Unsaved::Conflict(theirs));
                    });
                    return;
                }
            }
        }
        self.library.update(|l| {
            l.reload(&BrowserStore, key);
        });
        // Deleted in another tab: its undo steps go too (the demo, offered again under the
        // same id, must not take them and bring the deleted register back).
        if current.is_none()
            && let Some(id) = key.strip_prefix(residual_engine::io::library::KEY_PREFIX)
        {
            self.forget(id);
        }
        if self
            .library
            .with_untracked(|l| l.position(&self.open_id.get_untracked()).is_none())
        {
            let first = self.library.with_untracked(|l| l.registers[0].id.clone());
            self.open_id.set(first);
        }
    }
}

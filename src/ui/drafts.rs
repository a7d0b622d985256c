//! Work typed and not saved yet, per register: the risk, asset and criteria forms'
//! drafts, and the text typed into any single field (`fields`, see `ui::typed`). They
//! live here rather than in their views, so that switching tabs keeps them, and in local
//! storage (`residual.drafts`), so that a reload or a closed tab keeps them too. A form's
//! draft ends when it saves or is cancelled; a field's when its text is taken.
//!
//! Several tabs share the stored drafts: each writes only the parts it changed, over
//! what is stored now, so one tab's typing never wipes another's. A form's draft is
//! marked with the tab that wrote it (an id kept in the tab's session storage, so a
//! reload keeps it): a tab that writes its own risk or asset draft over another tab's
//! sets the other aside, whole. A reloaded tab takes its own back; any tab lists the
//! others' in the header, to open there.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::storage::BrowserStore;
use residual_engine::io::library::KeyValueStore;
use residual_engine::model::asset::Asset;
use residual_engine::model::criteria::RiskCriteria;
use residual_engine::model::risk::Risk;

/// The local-storage key of every register's drafts.
const KEY: &str = "residual.drafts";

/// A form's draft: the id of the item it edits (`None` for a new one), the item as
/// edited, and the item as it was when the form opened it (`base`), so that a save over
/// a version saved since, or over an item deleted since, is noticed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft<T> {
    pub editing: Option<String>,
    pub item: T,
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub base: Option<T>,
    /// For a risk: its treatment when the form opened it, so that restoring the risk
    /// after it was deleted meanwhile brings its treatment back too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treatment: Option<residual_engine::model::treatment::Treatment>,
    /// The tab that wrote the draft (set when it is stored).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tab: String,
}

impl<T> Draft<T> {
    /// A draft of a new item, or of an existing one (`editing`) as it is now.
    pub fn new(editing: Option<String>, item: T) -> Draft<T>
    where
        T: Clone,
    {
        let base = editing.is_some().then(|| item.clone());
        Draft {
            editing,
            item,
            base,
            treatment: None,
            tab: String::new(),
        }
    }

    /// The same draft, for item `id` without a base (a title typed for a risk's new
    /// control).
    pub fn editing_for(self, id: String) -> Draft<T> {
        Draft {
            editing: Some(id),
            ..self
        }
    }
}

/// Text typed into one field and not taken yet, or taken into the register and not in
/// storage yet (see `ui::typed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldDraft {
    pub text: String,
    /// Taken into the register: kept until the register is in storage, so that a save
    /// that fails loses nothing on a reload (taken again at start).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub taken: bool,
    /// What the field held when typing began: a change made elsewhere meanwhile is
    /// noticed instead of overwritten.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// The field's name in the header's list of drafts; `None` for a field whose text
    /// is taken at once (a register field) or is not work (a filter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Why the text was not taken, when it was tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

/// The open forms of one register.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegisterDrafts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<Draft<Risk>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<Draft<Asset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria: Option<RiskCriteria>,
    /// The title of an organisation-specific control being typed for a risk (`editing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<Draft<String>>,
    /// Text typed into single fields, by field key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldDraft>,
    /// Risk drafts of other tabs, set aside when this register's risk form was written by
    /// another tab: one per tab, the newest last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aside_risks: Vec<Draft<Risk>>,
    /// Asset drafts of other tabs, set aside likewise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aside_assets: Vec<Draft<Asset>>,
    /// A risk form's draft saved into the register, kept until the register is in
    /// storage: a save that fails (storage full) loses nothing on a reload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_risk: Option<Draft<Risk>>,
    /// An asset form's draft saved into the register, kept likewise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_asset: Option<Draft<Asset>>,
}

/// At most this many drafts are kept aside per form (the oldest goes first).
const ASIDE: usize = 8;

/// Puts `draft` aside in `list`, in place of any draft of the same tab.
fn set_aside<T>(list: &mut Vec<Draft<T>>, draft: Draft<T>) {
    list.retain(|d| d.tab != draft.tab);
    list.push(draft);
    if list.len() > ASIDE {
        list.remove(0);
    }
}

/// Writes onto the `stored` set-aside list what this tab changed in its own (`mine`,
/// from `before`), entry by entry (an entry is a tab's): entries it ended go, entries it
/// added or changed are set aside, and the others stay as stored.
fn merge_aside<T: Clone + PartialEq>(mine: &[Draft<T>], before: &[Draft<T>], stored: &mut Vec<Draft<T>>) {
    for gone in before.iter().filter(|b| !mine.iter().any(|m| m.tab == b.tab)) {
        stored.retain(|d| d.tab != gone.tab);
    }
    for changed in mine.iter().filter(|m| !before.contains(m)) {
        set_aside(stored, changed.clone());
    }
}

/// Puts entry `at` of the set-aside list in the form's `slot`, and what the slot held
/// aside in its place. A draft of tab `own` displaced so is marked `parked` (when given),
/// so that this tab's next write, which ends its own set-aside draft, keeps it; another
/// tab's stays under that tab.
fn swap_in<T>(slot: &mut Option<Draft<T>>, aside: &mut Vec<Draft<T>>, at: usize, own: &str, parked: Option<&str>) {
    let taken = aside.remove(at);
    if let Some(mut displaced) = slot.take() {
        if let Some(parked) = parked.filter(|_| displaced.tab == own) {
            displaced.tab = parked.to_string();
        }
        set_aside(aside, displaced);
    }
    *slot = Some(taken);
}

/// "risk R-012", "a new asset": a form's draft in words.
fn draft_name(kind: &str, editing: &Option<String>) -> String {
    match editing {
        Some(id) => format!("{kind} {id}"),
        None => format!("a new {kind}"),
    }
}

/// Writes this tab's form draft (`mine`, as changed) into the stored `slot`: another
/// tab's draft there is set aside, never overwritten, and this tab's own set-aside one
/// is ended (it is in the slot now, or ended with it).
fn write_slot<T: Clone + PartialEq>(
    mine: &Option<Draft<T>>,
    slot: &mut Option<Draft<T>>,
    aside: &mut Vec<Draft<T>>,
    tab: &str,
) {
    if let Some(theirs) = slot.take()
        && theirs.tab != tab
        && mine.as_ref().is_none_or(|m| m.item != theirs.item)
    {
        set_aside(aside, theirs);
    }
    aside.retain(|d| d.tab != tab);
    *slot = mine.clone().map(|mut d| {
        d.tab = tab.to_string();
        d
    });
}

impl FieldDraft {
    /// The text is taken into the register: kept, unrefused, until the register is in
    /// storage (see `taken`).
    pub fn mark_taken(&mut self) {
        self.taken = true;
        self.refused = None;
    }
}

impl RegisterDrafts {
    /// What is open, in words ("risk R-012", "a new asset", "the criteria").
    pub fn describe(&self) -> Vec<String> {
        let mut open = Vec::new();
        if let Some(d) = &self.risk {
            open.push(draft_name("risk", &d.editing));
        }
        if let Some(d) = &self.asset {
            open.push(draft_name("asset", &d.editing));
        }
        if self.criteria.is_some() {
            open.push("the criteria".to_string());
        }
        if let Some(d) = &self.control {
            open.push(format!(
                "a new control for {}",
                d.editing.as_deref().unwrap_or("a risk")
            ));
        }
        for label in self.fields.values().filter_map(|f| f.label.clone()) {
            if !open.contains(&label) {
                open.push(label);
            }
        }
        open
    }

    /// The other tabs' drafts set aside, in words, with their form ("risk" or "asset")
    /// and place in their list.
    pub fn set_aside(&self) -> Vec<(&'static str, usize, String)> {
        let risks = self
            .aside_risks
            .iter()
            .enumerate()
            .map(|(n, d)| ("risk", n, draft_name("risk", &d.editing)));
        let assets = self
            .aside_assets
            .iter()
            .enumerate()
            .map(|(n, d)| ("asset", n, draft_name("asset", &d.editing)));
        risks.chain(assets).collect()
    }

    fn is_empty(&self) -> bool {
        self.saved_risk.is_none()
            && self.saved_asset.is_none()
            && self.aside_risks.is_empty()
            && self.aside_assets.is_empty()
            && self.risk.is_none()
            && self.asset.is_none()
            && self.criteria.is_none()
            && self.control.is_none()
            && self.fields.is_empty()
    }

    /// Writes over `stored` the parts in which `self` differs from `before`: what this
    /// tab changed, and nothing else.
    fn changes_onto(&self, before: &RegisterDrafts, stored: &mut RegisterDrafts, tab: &str) {
        // The set-aside lists first, entry by entry: another tab's entries stored since
        // stay, and a draft the slots' writing sets aside below goes on top.
        merge_aside(&self.aside_risks, &before.aside_risks, &mut stored.aside_risks);
        merge_aside(&self.aside_assets, &before.aside_assets, &mut stored.aside_assets);
        if self.risk != before.risk {
            write_slot(&self.risk, &mut stored.risk, &mut stored.aside_risks, tab);
        }
        if self.asset != before.asset {
            write_slot(&self.asset, &mut stored.asset, &mut stored.aside_assets, tab);
        }
        if self.saved_risk != before.saved_risk {
            stored.saved_risk = self.saved_risk.clone();
        }
        if self.saved_asset != before.saved_asset {
            stored.saved_asset = self.saved_asset.clone();
        }
        if self.criteria != before.criteria {
            stored.criteria = self.criteria.clone();
        }
        if self.control != before.control {
            stored.control = self.control.clone();
        }
        let keys: std::collections::BTreeSet<&String> = self.fields.keys().chain(before.fields.keys()).collect();
        for key in keys {
            if self.fields.get(key) != before.fields.get(key) {
                match self.fields.get(key) {
                    Some(field) => stored.fields.insert(key.clone(), field.clone()),
                    None => stored.fields.remove(key),
                };
            }
        }
    }
}

/// Every register's drafts, by register id.
#[derive(Clone, Copy)]
pub struct Drafts {
    all: RwSignal<BTreeMap<String, RegisterDrafts>>,
    /// This tab's id (see the module).
    tab: StoredValue<String>,
    /// Why the drafts could not be kept in storage (they are still kept in the page).
    pub failed: RwSignal<Option<String>>,
}

impl Drafts {
    /// The drafts kept in storage. Unreadable ones (another version's) are set aside
    /// under `residual.drafts.unreadable`, never silently dropped.
    pub fn load() -> Drafts {
        let mut store = BrowserStore;
        let all = match store.get(KEY) {
            None => BTreeMap::new(),
            Some(raw) => {
                let (all, whole) = read_tolerant(&raw);
                if !whole {
                    let _ = store.set(&format!("{KEY}.unreadable"), &raw);
                }
                all
            }
        };
        let tab = tab_id();
        // A tab reloaded after another wrote over its form takes its own draft back; the
        // other's goes aside in its place.
        let mut all = all;
        let mut taken_back = Vec::new();
        for (register, drafts) in all.iter_mut() {
            let before = drafts.clone();
            take_back(&mut drafts.risk, &mut drafts.aside_risks, &tab);
            take_back(&mut drafts.asset, &mut drafts.aside_assets, &tab);
            if *drafts != before {
                taken_back.push((register.clone(), before));
            }
        }
        let drafts = Drafts {
            all: RwSignal::new(all),
            tab: StoredValue::new(tab),
            failed: RwSignal::new(None),
        };
        for (register, before) in taken_back {
            let next = drafts.with_untracked(&register, Clone::clone);
            drafts.store(&register, &before, &next);
        }
        drafts
    }

    /// The registers that have drafts.
    pub fn registers(&self) -> Vec<String> {
        self.all.with_untracked(|all| all.keys().cloned().collect())
    }

    /// The register is in storage: the form drafts and field texts kept until then end.
    pub fn saved_stored(&self, register: &str) {
        self.update(register, |d| {
            d.saved_risk = None;
            d.saved_asset = None;
            d.fields.retain(|_, f| !f.taken);
        });
    }

    /// Whether anything of the register waits for it to be in storage (tracked).
    pub fn awaits_storage(&self, register: &str) -> bool {
        self.with(register, |d| {
            d.saved_risk.is_some() || d.saved_asset.is_some() || d.fields.values().any(|f| f.taken)
        })
    }

    /// At start: a form draft saved into a register that storage does not hold as saved
    /// (the save failed, and the page was reloaded or closed) opens again, in the form
    /// or, when the form has a draft, set aside beside it. `holds_risk` and `holds_asset`
    /// say whether the stored register has the item as the draft saved it.
    pub fn restore_unsaved(
        &self,
        register: &str,
        holds_risk: impl Fn(&Risk) -> bool,
        holds_asset: impl Fn(&Asset) -> bool,
    ) {
        let tab = self.tab.get_value();
        self.update(register, |d| {
            fn back<T>(
                saved: Option<Draft<T>>,
                slot: &mut Option<Draft<T>>,
                aside: &mut Vec<Draft<T>>,
                tab: &str,
                holds: impl Fn(&T) -> bool,
            ) {
                let Some(mut draft) = saved.filter(|d| !holds(&d.item)) else {
                    return;
                };
                match slot {
                    None => {
                        draft.tab = tab.to_string();
                        *slot = Some(draft);
                    }
                    Some(_) => {
                        draft.tab = format!("{tab}/unsaved");
                        set_aside(aside, draft);
                    }
                }
            }
            back(d.saved_risk.take(), &mut d.risk, &mut d.aside_risks, &tab, &holds_risk);
            back(
                d.saved_asset.take(),
                &mut d.asset,
                &mut d.aside_assets,
                &tab,
                &holds_asset,
            );
        });
    }

    /// Opens here the set-aside draft `n` of `form` ("risk" or "asset"): it takes the
    /// form's place, and the draft there (if any) is set aside in turn. Then the page
    /// opens the form's view anew, showing it.
    pub fn open_aside(&self, register: &str, form: &str, n: usize) {
        let tab = self.tab.get_value();
        // What this tab had written in the form goes aside under an id of its own, so
        // this tab's next write does not end it; another tab's draft shown here stays
        // that tab's.
        let parked = format!("{tab}/set-aside-{}", (js_sys::Math::random() * 1e9) as u64);
        self.update(register, |d| match form {
            "risk" if n < d.aside_risks.len() => swap_in(&mut d.risk, &mut d.aside_risks, n, &tab, Some(&parked)),
            "asset" if n < d.aside_assets.len() => swap_in(&mut d.asset, &mut d.aside_assets, n, &tab, Some(&parked)),
            _ => {}
        });
        if let Some(window) = web_sys::window() {
            let _ = window
                .location()
                .set_hash(if form == "risk" { "#/register" } else { "#/assets" });
            let _ = window.location().reload();
        }
    }

    /// Reads a register's drafts (tracked).
    pub fn with<T>(&self, register: &str, read: impl FnOnce(&RegisterDrafts) -> T) -> T {
        self.all.with(|all| match all.get(register) {
            Some(drafts) => read(drafts),
            None => read(&RegisterDrafts::default()),
        })
    }

    /// Reads a register's drafts without tracking.
    pub fn with_untracked<T>(&self, register: &str, read: impl FnOnce(&RegisterDrafts) -> T) -> T {
        self.all.with_untracked(|all| match all.get(register) {
            Some(drafts) => read(drafts),
            None => read(&RegisterDrafts::default()),
        })
    }

    /// Changes a register's drafts and keeps them in storage. Nothing happens (and
    /// nothing is written) when the change leaves them as they were.
    pub fn update(&self, register: &str, change: impl FnOnce(&mut RegisterDrafts)) {
        let before = self.with_untracked(register, Clone::clone);
        let mut next = before.clone();
        change(&mut next);
        if next == before {
            return;
        }
        self.all.update(|all| {
            if next.is_empty() {
                all.remove(register);
            } else {
                all.insert(register.to_string(), next.clone());
            }
        });
        self.store(register, &before, &next);
    }

    /// The text typed into field `key` of a register and not taken yet (tracked).
    pub fn field(&self, register: &str, key: &str) -> Option<FieldDraft> {
        self.all
            .with(|all| all.get(register).and_then(|d| d.fields.get(key).cloned()))
    }

    /// Every register's field drafts whose key `keep` accepts, untracked.
    pub fn fields_untracked(&self, keep: impl Fn(&str) -> bool) -> Vec<(String, String, FieldDraft)> {
        self.all.with_untracked(|all| {
            all.iter()
                .flat_map(|(register, d)| {
                    d.fields
                        .iter()
                        .filter(|(key, _)| keep(key))
                        .map(|(key, f)| (register.clone(), key.clone(), f.clone()))
                })
                .collect()
        })
    }

    /// Ends every field draft of a register whose key starts with `prefix` (a form's
    /// fields, when the form saves or is cancelled).
    pub fn clear_fields(&self, register: &str, prefix: &str) {
        self.update(register, |d| d.fields.retain(|key, _| !key.starts_with(prefix)));
    }

    /// Writes this tab's change of one register's drafts over what storage holds now.
    fn store(&self, register: &str, before: &RegisterDrafts, next: &RegisterDrafts) {
        let mut store = BrowserStore;
        let mut stored = store.get(KEY).map(|raw| read_tolerant(&raw).0).unwrap_or_default();
        let mut entry = stored.remove(register).unwrap_or_default();
        next.changes_onto(before, &mut entry, &self.tab.get_value());
        if !entry.is_empty() {
            stored.insert(register.to_string(), entry);
        }
        let outcome = if stored.is_empty() {
            store.remove(KEY);
            Ok(())
        } else {
            store.set(KEY, &serde_json::to_string(&stored).unwrap_or_default())
        };
        self.failed.set(outcome.err());
    }
}

/// Reads stored drafts form by form: a form that cannot be read (another version's)
/// loses only itself, never the others. Says whether everything was read.
fn read_tolerant(raw: &str) -> (BTreeMap<String, RegisterDrafts>, bool) {
    use serde_json::Value;
    let Ok(Value::Object(registers)) = serde_json::from_str::<Value>(raw) else {
        return (BTreeMap::new(), false);
    };
    let mut whole = true;
    let mut all = BTreeMap::new();
    for (id, forms) in registers {
        let Value::Object(forms) = forms else {
            whole = false;
            continue;
        };
        let mut drafts = RegisterDrafts::default();
        for (form, value) in forms {
            // Read back from text: the same reader as the registers', not a second one
            // for JSON trees (which would add its code to the page).
            let text = value.to_string();
            let read = match form.as_str() {
                "risk" => serde_json::from_str(&text).map(|d| drafts.risk = Some(d)).is_ok(),
                "asset" => serde_json::from_str(&text).map(|d| drafts.asset = Some(d)).is_ok(),
                "criteria" => serde_json::from_str(&text).map(|d| drafts.criteria = Some(d)).is_ok(),
                "control" => serde_json::from_str(&text).map(|d| drafts.control = Some(d)).is_ok(),
                "saved_risk" => serde_json::from_str(&text).map(|d| drafts.saved_risk = Some(d)).is_ok(),
                "saved_asset" => serde_json::from_str(&text)
                    .map(|d| drafts.saved_asset = Some(d))
                    .is_ok(),
                "aside_risks" => serde_json::from_str(&text).map(|d| drafts.aside_risks = d).is_ok(),
                "aside_assets" => serde_json::from_str(&text).map(|d| drafts.aside_assets = d).is_ok(),
                "fields" => match value {
                    Value::Object(fields) => fields.into_iter().all(|(key, field)| {
                        serde_json::from_str(&field.to_string())
                            .map(|f| drafts.fields.insert(key, f))
                            .is_ok()
                    }),
                    _ => false,
                },
                _ => false,
            };
            whole &= read;
        }
        if !drafts.is_empty() {
            all.insert(id, drafts);
        }
    }
    (all, whole)
}

/// This tab's id: kept in the tab's session storage, so that a reload keeps it and
/// another tab has its own.
fn tab_id() -> String {
    const KEY: &str = "residual.tab";
    let session = web_sys::window().and_then(|w| w.session_storage().ok().flatten());
    if let Some(id) = session.as_ref().and_then(|s| s.get_item(KEY).ok().flatten()) {
        return id;
    }
    let id = format!("tab-{:016x}", (js_sys::Math::random() * 1e16) as u64);
    if let Some(session) = session {
        let _ = session.set_item(KEY, &id);
    }
    id
}

/// Puts this tab's set-aside draft back in the form's slot, and the slot's (another
/// tab's) aside in its place.
fn take_back<T>(slot: &mut Option<Draft<T>>, aside: &mut Vec<Draft<T>>, tab: &str) {
    if slot.as_ref().is_some_and(|d| d.tab == tab) {
        return;
    }
    if let Some(at) = aside.iter().position(|d| d.tab == tab) {
        swap_in(slot, aside, at, tab, None);
    }
}

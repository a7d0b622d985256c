//! Work typed and not saved yet, per register: the risk, asset and criteria forms'
//! drafts, and the text typed into any single field (`fields`, see `ui::typed`). They
//! live here rather than in their views, so that switching tabs keeps them, and in local
//! storage (`residual.drafts`), so that a reload or a closed tab keeps them too. A form's
//! draft ends when it saves or is cancelled; a field's when its text is taken.
//!
//! Several tabs share the stored drafts: each writes only the parts it changed, over
//! what is stored now, so one tab's typing never wipes another's.

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

/// Text typed into one field and not taken yet (see `ui::typed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldDraft {
    pub text: String,
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
}

impl RegisterDrafts {
    /// What is open, in words ("risk R-012", "a new asset", "the criteria").
    pub fn describe(&self) -> Vec<String> {
        let name = |kind: &str, draft_of: &Option<String>| match draft_of {
            Some(id) => format!("{kind} {id}"),
            None => format!("a new {kind}"),
        };
        let mut open = Vec::new();
        if let Some(d) = &self.risk {
            open.push(name("risk", &d.editing));
        }
        if let Some(d) = &self.asset {
            open.push(name("asset", &d.editing));
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

    fn is_empty(&self) -> bool {
        self.risk.is_none()
            && self.asset.is_none()
            && self.criteria.is_none()
            && self.control.is_none()
            && self.fields.is_empty()
    }

    /// Writes over `stored` the parts in which `self` differs from `before`: what this
    /// tab changed, and nothing else.
    fn changes_onto(&self, before: &RegisterDrafts, stored: &mut RegisterDrafts) {
        if self.risk != before.risk {
            stored.risk = self.risk.clone();
        }
        if self.asset != before.asset {
            stored.asset = self.asset.clone();
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
        Drafts {
            all: RwSignal::new(all),
            failed: RwSignal::new(None),
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
        next.changes_onto(before, &mut entry);
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

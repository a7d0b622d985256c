//! Work typed into a form and not saved yet: the risk, asset and criteria drafts, per
//! register. They live here rather than in their views, so that switching tabs keeps
//! them, and in local storage (`residual.drafts`), so that a reload keeps them too. A
//! draft ends when its form saves or is cancelled.

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

/// A form's draft: the id of the item it edits (`None` for a new one) and the item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft<T> {
    pub editing: Option<String>,
    pub item: T,
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
        open
    }

    fn is_empty(&self) -> bool {
        self.risk.is_none() && self.asset.is_none() && self.criteria.is_none() && self.control.is_none()
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
        let mut next = self.with_untracked(register, Clone::clone);
        change(&mut next);
        if self.with_untracked(register, |now| *now == next) {
            return;
        }
        self.all.update(|all| {
            if next.is_empty() {
                all.remove(register);
            } else {
                all.insert(register.to_string(), next);
            }
        });
        self.store();
    }

    fn store(&self) {
        let text = self
            .all
            .with_untracked(|all| serde_json::to_string(all).unwrap_or_default());
        let mut store = BrowserStore;
        let outcome = if text == "{}" {
            store.remove(KEY);
            Ok(())
        } else {
            store.set(KEY, &text)
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

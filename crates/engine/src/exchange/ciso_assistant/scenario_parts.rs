//! What a CISO Assistant row names, as Residual holds it: levels of the matrix by name,
//! and the assets and controls the register gathers as the rows are read.

use std::collections::BTreeMap;

use super::columns::{items, short};
use crate::model::asset::{Asset, AssetKind};
use crate::model::catalogue::annex_a;
use crate::model::control::{Control, ControlStatus, Effect};
use crate::model::criteria::ScaleLevel;
use crate::model::security_property::Cia;

/// The 1-based position of `name` on `scale`, ignoring case; `Ok(None)` when unrated.
pub(super) fn level(scale: &[ScaleLevel], name: &str) -> Result<Option<u8>, String> {
    let name = name.trim();
    if name.is_empty() || name == "--" {
        return Ok(None);
    }
    scale
        .iter()
        .position(|l| l.label.trim().eq_ignore_ascii_case(name) || l.label.trim().to_lowercase() == name.to_lowercase())
        .map(|k| Some(k as u8 + 1))
        .ok_or_else(|| {
            let names: Vec<&str> = scale.iter().map(|l| l.label.as_str()).collect();
            format!(
                "\"{}\" is not a level of the matrix ({}); choose the matrix the assessment was scored on (in the app, import its CISO Assistant matrix library, then pick it under “Scored on the matrix of”; on the command line, --matrix)",
                short(name),
                names.join(", ")
            )
        })
}

/// The Annex A control a name stands for ("8.13 Information backup", "A.8.13", or the
/// title alone), if any.
pub(super) fn annex_a_id(name: &str) -> Option<String> {
    let catalogue = annex_a();
    let first = name.split_whitespace().next().unwrap_or("");
    let number = first.strip_prefix("A.").unwrap_or(first);
    if catalogue.control(number).is_some() {
        return Some(number.to_string());
    }
    catalogue
        .controls
        .iter()
        .find(|c| c.title.eq_ignore_ascii_case(name.trim()))
        .map(|c| c.id.clone())
}

/// An organisation's own control as Residual writes it, "ORG-1 Dual approval": its id
/// (capitals, a hyphen, digits) and its title.
pub(super) fn own_id(name: &str) -> Option<(&str, &str)> {
    let (id, title) = name.trim().split_once(' ')?;
    let (letters, digits) = id.split_once('-')?;
    let shaped = letters.len() >= 2
        && letters.chars().all(|c| c.is_ascii_uppercase())
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit());
    (shaped && !title.trim().is_empty()).then(|| (id, title.trim()))
}

/// A list cell of controls: as `items`, but a cell that is one Annex A control's number
/// and title is one item, commas and all.
pub(super) fn control_items(cell: &str) -> Vec<String> {
    let whole = cell.trim();
    let one = !whole.contains(['\n', '|'])
        && annex_a_id(whole)
            .and_then(|id| annex_a().control(&id))
            .is_some_and(|c| {
                let title = whole
                    .strip_prefix("A.")
                    .unwrap_or(whole)
                    .trim_start_matches(c.id.as_str())
                    .trim();
                title.eq_ignore_ascii_case(&c.title)
            });
    if one { vec![whole.to_string()] } else { items(cell) }
}

/// The register the rows describe, built up as they are read.
pub(super) struct Builder {
    pub(super) assets: Vec<Asset>,
    pub(super) controls: Vec<Control>,
    /// Control id by the name it was given in the file.
    pub(super) control_ids: BTreeMap<String, String>,
    pub(super) status_conflicts: Vec<String>,
}

impl Builder {
    pub(super) fn asset(&mut self, name: &str) -> String {
        if let Some(a) = self.assets.iter().find(|a| a.name == name) {
            return a.id.clone();
        }
        let id = format!("A-{:03}", self.assets.len() + 1);
        self.assets.push(Asset {
            id: id.clone(),
            name: name.into(),
            kind: AssetKind::Information,
            owner: String::new(),
            description: String::new(),
            value: Cia::default(),
        });
        id
    }

    pub(super) fn control(&mut self, name: &str, status: ControlStatus) -> String {
        let id = match self.control_ids.get(name) {
            Some(id) => id.clone(),
            None => {
                let id = annex_a_id(name)
                    .or_else(|| own_id(name).map(|(id, _)| id.to_string()))
                    .filter(|id| !self.control_ids.values().any(|v| v == id))
                    .unwrap_or_else(|| {
                        let own = self.controls.iter().filter(|c| c.id.starts_with("ORG-")).count();
                        let mut k = own + 1;
                        while self.controls.iter().any(|c| c.id == format!("ORG-{k:03}")) {
                            k += 1;
                        }
                        format!("ORG-{k:03}")
                    });
                self.control_ids.insert(name.into(), id.clone());
                id
            }
        };
        match self.controls.iter_mut().find(|c| c.id == id) {
            Some(c) => {
                if c.status != status {
                    self.status_conflicts.push(id.clone());
                    // Implemented wherever it is said to be in place.
                    c.status = ControlStatus::Implemented;
                }
            }
            None => {
                let title = match (annex_a().control(&id), own_id(name)) {
                    (Some(c), _) => c.title.clone(),
                    (None, Some((own, title))) if own == id => title.to_string(),
                    _ => name.to_string(),
                };
                let mut control = Control::planned(&id, &title);
                control.status = status;
                control.effect = Effect::default();
                self.controls.push(control);
            }
        }
        id
    }
}

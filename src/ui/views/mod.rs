pub mod acceptance_panel;
pub mod analysis;
pub mod appetite_editor;
pub mod assets;
pub mod control_row;
pub mod criteria;
pub mod criteria_editor;
pub mod export;
pub mod fair_form;
pub mod guide;
pub mod heat_map;
pub mod import;
pub mod level;
pub mod optimiser_panel;
pub mod preview;
pub mod register;
pub mod registers;
pub mod report;
pub mod risk_form;
pub mod soa;
pub mod stale;
pub mod treatment;
pub mod treatment_form;
pub mod treatment_side;
pub mod unreadable;

use leptos::prelude::{RwSignal, Set};

/// A required text field's value: `None`, with `message` (which names the field) shown
/// in `error`, when it is blank; otherwise the text as typed, and the error cleared.
pub fn required(text: String, error: RwSignal<Option<String>>, message: impl FnOnce() -> String) -> Option<String> {
    if text.trim().is_empty() {
        error.set(Some(message()));
        return None;
    }
    error.set(None);
    Some(text)
}

/// The key of a row in a keyed `<For>` whose content is a value: it changes whenever the
/// content does, so an unchanged row is kept (with its DOM and focus) and a changed one
/// is drawn anew, without redrawing its neighbours.
pub fn content_key<T: serde::Serialize>(row: &T) -> u64 {
    // FNV-1a over the row's JSON as it is written, with no text built: cheaper than
    // formatting its Debug text, and the same key for the same content.
    residual_engine::io::digest::fnv1a_json(row)
}

/// "1 risk", "3 risks": a count with its noun.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

//! The register as the treatment views show it: the saved one, or the preview of an
//! edit under way (a slider being dragged). Shared by the treatment view, its forms and
//! the optimiser panel, which all read and edit through it.

use std::sync::Arc;

use leptos::prelude::*;

use crate::ui::workspace::Workspace;
use residual_engine::model::register::Register;

/// The register as the treatment view shows it: the saved one, or the preview of an
/// edit under way (a slider being dragged).
/// Shared (`Arc`): a preview step hands the same register to every reader without a
/// copy, which matters for a register of thousands of risks.
#[derive(Clone, Copy)]
pub struct Shown {
    pub preview: RwSignal<Option<Arc<Register>>>,
    pub register: Memo<Arc<Register>>,
}

impl Shown {
    /// Previews `change` without saving it.
    pub fn preview(&self, change: impl FnOnce(&mut Register)) {
        let mut r = self.register.with_untracked(|r| Register::clone(r));
        change(&mut r);
        self.preview.set(Some(Arc::new(r)));
    }

    /// The register shown: the preview while there is one, else the open register.
    pub fn new(workspace: Workspace) -> Shown {
        let preview = RwSignal::new(None::<Arc<Register>>);
        let register = Memo::new_with_compare(
            move |_| preview.get().unwrap_or_else(|| Arc::new(workspace.register.get())),
            // Each preview step and each change of the open register (which tells only
            // real changes) is a new `Arc`: comparing pointers is enough.
            |before, after| match (before, after) {
                (Some(a), Some(b)) => !Arc::ptr_eq(a, b),
                _ => true,
            },
        );
        Shown { preview, register }
    }

    /// Saves `change` (one undo step) and ends any preview; a refused change is shown
    /// in the workspace's notice.
    pub fn commit(&self, change: impl FnOnce(&mut Register)) {
        let workspace = expect_context::<Workspace>();
        // The edit first, then the preview ends, once the views have heard of the edit
        // (the workspace tells them in the next task): what the view shows moves once,
        // from the preview to the saved register, not back to the old one in between.
        workspace.edit(change);
        self.end_preview();
    }

    fn end_preview(&self) {
        let preview = self.preview;
        set_timeout(move || _ = preview.try_set(None), std::time::Duration::ZERO);
    }

    /// As [`Shown::commit`], for a form that shows the problems beside its fields.
    pub fn try_commit(
        &self,
        change: impl FnOnce(&mut Register),
    ) -> Result<(), Vec<residual_engine::model::problem::Problem>> {
        let workspace = expect_context::<Workspace>();
        let outcome = workspace.try_edit(change);
        self.end_preview();
        outcome
    }
}

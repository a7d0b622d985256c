//! The register as the treatment views show it: the saved one, or the preview of an
//! edit under way (a slider being dragged). Shared by the treatment view, its forms and
//! the optimiser panel, which all read and edit through it.

use leptos::prelude::*;

use crate::ui::workspace::Workspace;
use residual_engine::model::register::Register;

/// The register as the treatment view shows it: the saved one, or the preview of an
/// edit under way (a slider being dragged).
#[derive(Clone, Copy)]
pub struct Shown {
    pub preview: RwSignal<Option<Register>>,
    pub register: Memo<Register>,
}

impl Shown {
    /// Previews `change` without saving it.
    pub fn preview(&self, change: impl FnOnce(&mut Register)) {
        let mut r = self.register.get_untracked();
        change(&mut r);
        self.preview.set(Some(r));
    }

    /// Saves `change` (one undo step) and ends any preview; a refused change is shown
    /// in the workspace's notice.
    pub fn commit(&self, change: impl FnOnce(&mut Register)) {
        let workspace = expect_context::<Workspace>();
        self.preview.set(None);
        workspace.edit(change);
    }

    /// As [`Shown::commit`], for a form that shows the problems beside its fields.
    pub fn try_commit(
        &self,
        change: impl FnOnce(&mut Register),
    ) -> Result<(), Vec<residual_engine::model::problem::Problem>> {
        let workspace = expect_context::<Workspace>();
        self.preview.set(None);
        workspace.try_edit(change)
    }
}

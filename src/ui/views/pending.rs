//! Views whose engine work has not landed yet say so plainly, rather than pretend.

use leptos::prelude::*;

use crate::ui::app::View;

#[component]
pub fn PendingView(view: View) -> impl IntoView {
    let what = match view {
        View::Treatment => "Risk treatment (controls, residual risk, owner acceptance) is not built yet.",
        View::Soa => "The Statement of Applicability (Annex A 2022) is not built yet.",
        _ => "This view is not built yet.",
    };
    view! {
        <section class="view pending">
            <h2>{view.title()}</h2>
            <p>{what}</p>
        </section>
    }
}

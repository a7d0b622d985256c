//! Export: the register as JSON, in the documented format, for other tools.

use leptos::prelude::*;

use crate::ui::download;
use crate::ui::workspace::Workspace;

#[component]
pub fn ExportView() -> impl IntoView {
    let register = expect_context::<Workspace>().register;
    let error = RwSignal::new(None::<String>);
    let export = move |_| {
        let (name, text) = register.with(|r| {
            (
                r.file_name(&crate::ui::workspace::today(), "json"),
                residual_engine::io::export::register_file(r),
            )
        });
        error.set(download::offer(&name, "application/json", &text).err());
    };
    view! {
        <section class="view export">
            <h2>"Export"</h2>
            <p>
                "The register as JSON, format version 1. The format is described by its "
                <a href="schema/register-v1.json">"JSON Schema"</a>"."
            </p>
            <button data-testid="export-json" on:click=export>"Download JSON"</button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}

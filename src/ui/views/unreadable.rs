//! Stored entries that could not be read: shown, never overwritten, downloadable.

use leptos::prelude::*;

use crate::ui::download;
use residual_engine::io::library::Unreadable;

#[component]
pub fn UnreadableEntries(entries: Signal<Vec<Unreadable>>) -> impl IntoView {
    view! {
        <section class="banner warning" role="alert" data-testid="unreadable">
            <p>
                "Some stored registers could not be read. They are kept untouched; download them to recover their contents."
            </p>
            <ul>
                {move || {
                    entries
                        .get()
                        .into_iter()
                        .map(|entry| {
                            let first = entry.problems.first().map(ToString::to_string).unwrap_or_default();
                            let file = format!("{}.json", entry.key);
                            let raw = entry.raw.clone();
                            view! {
                                <li>
                                    <code>{entry.key.clone()}</code>
                                    ": "
                                    {first}
                                    " "
                                    <button on:click=move |_| {
                                        let _ = download::offer(&file, "application/json", &raw);
                                    }>"Download raw text"</button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

//! Importing a register: by file picker, drag and drop, or paste. The whole document is
//! read and checked first (`io::import`): its problems are listed by path and nothing
//! changes; or a preview shows what comes in, and the user imports it as a new register
//! or in place of the one with its id (which is kept as a backup, restorable below).
//! Other tools' files (pyfair, riskquant, CISO Assistant) are recognised and converted
//! (`exchange::foreign`): the preview then lists what the conversion dropped or supplied,
//! and asks for what the file lacks (the currency; for CISO Assistant, its matrix).

use leptos::prelude::*;
use residual_engine::io::library::SaveError;
use wasm_bindgen::JsCast;

use crate::ui::storage::BrowserStore;
use crate::ui::workspace::{Workspace, clock_seed, now};
use residual_engine::exchange::foreign::{Format, Supplied, preview, recognise};
use residual_engine::io::import::{MAX_BYTES, Preview, too_large};
use residual_engine::io::library::Library;
use residual_engine::model::problem::Problem;

/// Where an import stands.
#[derive(Clone)]
enum Stage {
    Idle,
    Refused(Vec<Problem>),
    Ready(Box<Preview>),
    /// Read, but larger than this browser's storage holds: it can be opened read-only.
    TooLarge(Box<Preview>),
}

#[component]
pub fn ImportPanel() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let library = workspace.library;
    let stage = RwSignal::new(Stage::Idle);
    let pasted = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let backups_version = RwSignal::new(0u32);
    // The text being imported and its format; for another tool's file, what it lacks:
    // the currency, and the register whose criteria a CISO Assistant file was scored on
    // ("" for the default 5×5).
    let source = StoredValue::new(None::<(String, Format)>);
    let from_link = RwSignal::new(false);
    let format = RwSignal::new(None::<Format>);
    let currency = RwSignal::new(workspace.register.with_untracked(|r| r.currency.clone()));
    let matrix = RwSignal::new(String::new());
    let evaluate = move || {
        let supplied = Supplied {
            currency: currency.get_untracked().trim().to_uppercase(),
            criteria: library.with_untracked(|l| {
                l.registers
                    .iter()
                    .find(|r| r.id == matrix.get_untracked())
                    .map(|r| r.criteria.clone())
            }),
            now: now(),
        };
        let outcome = source.with_value(|s| {
            s.as_ref()
                .map(|(text, format)| library.with_untracked(|l| preview(text, *format, &supplied, l)))
        });
        if let Some(outcome) = outcome {
            stage.set(match outcome {
                Ok(preview) => Stage::Ready(Box::new(preview)),
                Err(problems) => Stage::Refused(problems),
            });
        }
    };
    let take = move |text: String| {
        message.set(None);
        let found = recognise(&text);
        format.set(Some(found));
        source.set_value(Some((text, found)));
        evaluate();
    };
    let clear = move || {
        from_link.set(false);
        stage.set(Stage::Idle);
        format.set(None);
        source.set_value(None);
    };
    // A file is measured before it is read: one over the limit is never loaded.
    let take_file = move |file: web_sys::File| {
        if let Err(problem) = too_large(file.size()) {
            stage.set(Stage::Refused(vec![problem]));
            return;
        }
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string())
            {
                Some(text) => take(text),
                None => message.set(Some("The file could not be read as text.".into())),
            }
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        if let Some(file) = input.as_ref().and_then(|i| i.files()).and_then(|f| f.get(0)) {
            take_file(file);
        }
        if let Some(input) = input {
            input.set_value("");
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        // Taken here; the page's own listener below leaves it alone.
        ev.stop_propagation();
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            take_file(file);
        }
    };
    // A file dropped anywhere on the page while this view is open is taken too: the
    // browser would otherwise open it in place of the app (and the work with it).
    let over_page = window_event_listener(leptos::ev::dragover, |ev| ev.prevent_default());
    let dropped_on_page = window_event_listener(leptos::ev::drop, move |ev| {
        ev.prevent_default();
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            take_file(file);
        }
    });
    on_cleanup(move || {
        over_page.remove();
        dropped_on_page.remove();
    });
    let finish = move |outcome: Result<String, SaveError>, preview: Option<Box<Preview>>| match (outcome, preview) {
        (Ok(id), _) => {
            clear();
            pasted.set(String::new());
            backups_version.update(|v| *v += 1);
            workspace.forget(&id);
            workspace.open(&id);
            message.set(Some("Imported.".into()));
        }
        // Larger than the store holds: said as such, with what can be done instead.
        (Err(error), Some(preview)) if error.is_full() => {
            message.set(None);
            stage.set(Stage::TooLarge(preview));
        }
        (Err(why), _) => message.set(Some(format!("Not imported, nothing changed: {why}"))),
    };
    // Without a clash the register comes in as it is, id, name and dates and all (so that
    // export → import → export gives the same bytes); beside the register with its id, as
    // a copy with a new id (and its name marked, if that is taken too).
    let as_new = move |_| {
        let Stage::Ready(preview) = stage.get_untracked() else {
            return;
        };
        let mut register = preview.register.clone();
        let mut outcome = Err(SaveError::Refused(String::new()));
        if preview.clash.is_none() {
            let id = register.id.clone();
            library.update(|l| outcome = l.replace(&mut BrowserStore, &register).map(|()| id));
        } else {
            if library.with_untracked(|l| l.registers.iter().any(|r| r.name == register.name)) {
                register.name = format!("{} (imported {})", register.name, &now()[..10]);
            }
            library.update(|l| outcome = l.add_copy(&mut BrowserStore, register, &now(), clock_seed()));
        }
        finish(outcome, Some(preview));
    };
    let replace = move |_| {
        let Stage::Ready(preview) = stage.get_untracked() else {
            return;
        };
        let id = preview.register.id.clone();
        let mut outcome = Err(SaveError::Refused(String::new()));
        library.update(|l| outcome = l.replace(&mut BrowserStore, &preview.register).map(|()| id));
        finish(outcome, Some(preview));
    };
    // Opened in this tab only, read-only: nothing stored changes.
    let open_read_only = move |_| {
        let Stage::TooLarge(preview) = stage.get_untracked() else {
            return;
        };
        let mut id = String::new();
        library.update(|l| id = l.open_unstored(preview.register, clock_seed()));
        clear();
        pasted.set(String::new());
        workspace.open(&id);
        message.set(Some("Opened read-only in this tab: it is not stored, and is gone when the tab closes. Export what you need from it.".into()));
    };
    let stage_view = move || match stage.get() {
        Stage::Idle => ().into_any(),
        Stage::Refused(problems) => {
            // Grouped by field and complaint, in words; the exact paths behind a toggle.
            let groups = residual_engine::io::import::group_problems(&problems);
            let summary = groups
                .iter()
                .map(|g| {
                    let times = if g.problems.len() > 1 {
                        format!(" ({} places)", g.problems.len())
                    } else {
                        String::new()
                    };
                    view! {
                        <li>
                            <strong>{sentence(&g.field)}</strong>
                            {format!(": {}{times}", g.message)}
                        </li>
                    }
                })
                .collect_view();
            let paths = problems
                .into_iter()
                .map(|p| {
                    view! {
                        <li>
                            <code>{p.path}</code>
                            ": "
                            {p.message}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="error" role="alert" data-testid="import-problems">
                    <p>
                        {format!(
                            "Not imported, nothing changed: {} in the file. Correct them in the file (or in the tool that wrote it) and import it again.",
                            super::count(groups.len(), "kind of problem"),
                        )}
                    </p>
                    <ul data-testid="import-problem-groups">{summary}</ul>
                    <details data-testid="import-problem-paths">
                        <summary>"Where, exactly (each place in the file)"</summary>
                        <ul>{paths}</ul>
                    </details>
                </div>
            }
            .into_any()
        }
        Stage::TooLarge(preview) => {
            let bytes = preview.register.to_compact_json().len();
            view! {
                <div class="import-preview error" role="alert" data-testid="import-too-large">
                    <p>
                        <strong>{preview.register.name.clone()}</strong>
                        {format!(" — {}", preview.counts())}
                    </p>
                    <p>
                        {residual_engine::io::library::too_large_to_keep(
                            bytes,
                            residual_engine::io::library::stored_size(&BrowserStore),
                        )}
                    </p>
                    <div class="actions">
                        <button type="button" data-testid="import-read-only" on:click=open_read_only>
                            "Open it read-only in this tab"
                        </button>
                        <button type="button" class="secondary" data-testid="import-cancel" on:click=move |_| clear()>
                            "Cancel"
                        </button>
                    </div>
                </div>
            }
            .into_any()
        }
        Stage::Ready(preview) => {
            let clash = preview.clash.clone();
            view! {
                <div class="import-preview" data-testid="import-preview">
                    {move || {
                        from_link
                            .get()
                            .then(|| {
                                view! {
                                    <p class="hint" data-testid="import-from-link">
                                        "From a share link. Nothing in this browser changes until you import it."
                                    </p>
                                }
                            })
                    }}
                    <p>
                        <strong>{preview.register.name.clone()}</strong>
                        {format!(" — {}", preview.counts())}
                    </p>
                    {preview
                        .notes
                        .iter()
                        .map(|n| {
                            view! {
                                <p class="hint" data-testid="import-note">
                                    {sentence(n)}
                                </p>
                            }
                        })
                        .collect_view()}
                    {move || {
                        (format.get() == Some(Format::CisoAssistantMatrix))
                            .then(|| {
                                view! {
                                    <p class="hint" data-testid="import-matrix-as-criteria">
                                        "This makes a new register with the matrix and no risks. To score the register open now on it instead, choose the file in "
                                        <a href="#/criteria">"Criteria"</a>
                                        " → “Use a CISO Assistant matrix…”: you see how every scored risk is remapped before anything changes."
                                    </p>
                                }
                            })
                    }}
                    {clash
                        .clone()
                        .map(|name| {
                            view! {
                                <p class="banner warning" data-testid="import-clash">
                                    {format!(
                                        "This browser already has a register with the same id: “{name}”. Import it beside that one, or in its place (that one is kept as a backup you can restore).",
                                    )}
                                </p>
                            }
                        })}
                    <div class="actions">
                        <button type="button" data-testid="import-as-new" on:click=as_new>
                            {if clash.is_some() { "Import as a new register" } else { "Import" }}
                        </button>
                        {clash
                            .map(|name| {
                                view! {
                                    <button
                                        type="button"
                                        class="secondary"
                                        data-testid="import-replace"
                                        on:click=replace
                                    >
                                        {format!("Replace “{name}”")}
                                    </button>
                                }
                            })}
                        <button type="button" class="secondary" data-testid="import-cancel" on:click=move |_| clear()>
                            "Cancel"
                        </button>
                    </div>
                </div>
            }
            .into_any()
        }
    };
    // A share link opened: its register goes through the same preview.
    let incoming = expect_context::<crate::ui::share::Incoming>();
    Effect::new(move |_| {
        let Some(data) = incoming.0.get() else { return };
        incoming.0.set(None);
        leptos::task::spawn_local(async move {
            match crate::ui::share::read(data).await {
                Ok(text) => {
                    take(text);
                    from_link.set(true);
                }
                Err(why) => {
                    clear();
                    stage.set(Stage::Refused(vec![Problem::new(
                        "share link",
                        format!("cannot be read: {why}"),
                    )]));
                }
            }
        });
    });
    // A preview or a refusal is brought into view: below the fold it would look as if
    // nothing had happened.
    let outcome_box = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let shown = stage.with(|s| !matches!(s, Stage::Idle));
        if let (true, Some(node)) = (shown, outcome_box.get_untracked()) {
            request_animation_frame(move || node.scroll_into_view());
        }
    });
    // For another tool's file: what it was read as, and what it lacks.
    let foreign = move || {
        let found = format.get().filter(|f| f.needs_currency())?;
        let matrices = library.with(|l| {
            l.registers
                .iter()
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect::<Vec<_>>()
        });
        Some(view! {
            <div class="import-foreign" data-testid="import-foreign">
                <p>{format!("Read as {}.", found.label())}</p>
                <label>
                    {if found == Format::CisoAssistantMatrix {
                        "Currency of the new register (a matrix library has no amounts) "
                    } else {
                        "Currency of its amounts "
                    }}
                    <input
                        type="text"
                        size="4"
                        maxlength="3"
                        data-testid="import-currency"
                        prop:value=move || currency.get()
                        on:change=move |ev| {
                            currency.set(event_target_value(&ev));
                            evaluate();
                        }
                    />
                </label>
                {(found == Format::CisoAssistant)
                    .then(|| {
                        view! {
                            <label>
                                " Scored on the matrix of "
                                <select
                                    data-testid="import-matrix"
                                    on:change=move |ev| {
                                        matrix.set(event_target_value(&ev));
                                        evaluate();
                                    }
                                >
                                    <option value="" selected=move || matrix.get().is_empty()>
                                        "the default 5×5 criteria"
                                    </option>
                                    {matrices
                                        .into_iter()
                                        .map(|(id, name)| {
                                            let chosen = id.clone();
                                            view! {
                                                <option value=id selected=move || matrix.get() == chosen>
                                                    {format!("“{name}”")}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </label>
                        }
                    })}
            </div>
        })
    };
    let backups = move || {
        backups_version.track();
        library.track();
        Library::backups(&BrowserStore)
    };
    view! {
        <section class="import" data-testid="import">
            <h3>"Import a register"</h3>
            <div
                class="drop-zone"
                data-testid="import-drop"
                on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
                on:drop=on_drop
            >
                <label>
                    "Choose a file "
                    <input
                        type="file"
                        accept=".json,.csv,.yaml,.yml,application/json,text/csv,application/yaml"
                        data-testid="import-file"
                        on:change=on_pick
                    />
                </label>
                " or drop it here, or paste it below: a Residual register (JSON), a pyfair model (JSON), a riskquant CSV, or from CISO Assistant a risk-assessment CSV, a risk-matrix library (YAML) or quantitative hypotheses (JSON)."
            </div>
            <textarea
                data-testid="import-paste"
                rows="3"
                placeholder="Paste a register's JSON, or another tool's file, here"
                data-transient="a whole file (up to 20 MB) pasted to be read at once: it is kept by importing it"
                prop:value=move || pasted.get()
                on:input=move |ev| pasted.set(event_target_value(&ev))
            ></textarea>
            <button
                type="button"
                class="secondary"
                data-testid="import-read-paste"
                disabled=move || pasted.with(|p| p.trim().is_empty())
                on:click=move |_| take(pasted.get_untracked())
            >
                "Check the pasted text"
            </button>
            <p class="hint">
                {format!("Files up to {} MB. Nothing changes until you confirm.", MAX_BYTES / 1_048_576)}
            </p>
            <div node_ref=outcome_box>{foreign} {stage_view}</div>
            {move || {
                message
                    .get()
                    .map(|m| {
                        view! {
                            <p role="status" data-testid="import-message">
                                {m}
                            </p>
                        }
                    })
            }}
            {move || {
                let list = backups();
                (!list.is_empty())
                    .then(|| {
                        view! {
                            <div class="backups" data-testid="backups">
                                <h4>"Backups of replaced registers"</h4>
                                <ul>
                                    {list
                                        .into_iter()
                                        .map(|r| {
                                            let id = r.id.clone();
                                            view! {
                                                <li data-testid="backup">
                                                    {format!(
                                                        "{} ({}, saved {}) ",
                                                        r.name,
                                                        super::count(r.risks.len(), "risk"),
                                                        residual_engine::model::timestamp::readable(&r.modified),
                                                    )}
                                                    <button
                                                        type="button"
                                                        class="link"
                                                        data-testid="restore-backup"
                                                        on:click=move |_| {
                                                            let mut outcome = Err(SaveError::Refused(String::new()));
                                                            library
                                                                .update(|l| {
                                                                    outcome = l
                                                                        .restore(&mut BrowserStore, &id)
                                                                        .map(|()| id.clone());
                                                                });
                                                            finish(outcome, None);
                                                        }
                                                    >
                                                        "Restore"
                                                    </button>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// A warning as a sentence: its first letter a capital.
pub(crate) fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

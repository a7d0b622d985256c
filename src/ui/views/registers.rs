//! Managing the registers kept in this browser: create, open, rename, duplicate,
//! delete (after confirmation).

use leptos::prelude::*;

use crate::ui::storage::BrowserStore;
use crate::ui::typed::{FieldInput, TypedInput};
use crate::ui::workspace::{Workspace, clock_seed, now};
use residual_engine::io::library::SaveError;
use residual_engine::treat::inline_field::InlineField;

/// The example registers served beside the app (`public/examples/`): file stem, button.
const EXAMPLES: [(&str, &str); 2] = [
    ("small-business", "Open the small-business example"),
    ("cloud-saas", "Open the cloud-SaaS example"),
];

/// Fetches and reads an example register; any failure is said in words.
async fn fetch_example(stem: &str) -> Result<residual_engine::model::register::Register, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let url = format!("examples/{stem}.json");
    let failed = |why: &str| format!("The example could not be opened ({url}): {why}.");
    let window = web_sys::window().ok_or_else(|| failed("no window"))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .map_err(|_| failed("the request failed"))?
        .dyn_into()
        .map_err(|_| failed("no response"))?;
    if !response.ok() {
        return Err(failed(&format!("HTTP {}", response.status())));
    }
    let text = JsFuture::from(response.text().map_err(|_| failed("no body"))?)
        .await
        .map_err(|_| failed("the body could not be read"))?
        .as_string()
        .ok_or_else(|| failed("the body is not text"))?;
    residual_engine::io::document::load(&text)
        .map(|loaded| loaded.register)
        .map_err(|problems| failed(&problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")))
}

fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

#[component]
pub fn RegistersView() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let library = workspace.library;
    let drafts = expect_context::<crate::ui::drafts::Drafts>();
    // The new register's name is typed text kept with the open register's drafts.
    let here = workspace.open_id.get_untracked();
    let new_name = {
        let here = here.clone();
        move || drafts.field(&here, NEW_NAME).map(|f| f.text).unwrap_or_default()
    };
    let message = RwSignal::new(None::<String>);
    let report = move |outcome: Result<String, SaveError>| match outcome {
        Ok(id) => {
            workspace.open(&id);
            message.set(None);
        }
        Err(error) => message.set(Some(error.to_string())),
    };
    let create = move |_| {
        let name = untrack(&new_name).trim().to_string();
        if name.is_empty() {
            message.set(Some("Name: give the new register a name".into()));
            return;
        }
        let mut outcome = Ok(String::new());
        library.update(|l| outcome = l.create(&mut BrowserStore, &name, &now(), clock_seed()));
        if outcome.is_ok() {
            drafts.update(&here, |d| {
                d.fields.remove(NEW_NAME);
            });
        }
        report(outcome);
    };
    view! {
        <section class="view registers">
            <h2>"Registers in this browser"</h2>
            <p class="meta">
                "Registers are kept in this browser's local storage. Export them to keep a copy elsewhere."
            </p>
            <form
                class="new-register"
                on:submit=move |ev| {
                    ev.prevent_default();
                    create(());
                }
            >
                <label>
                    "New register "
                    <TypedInput
                        register=workspace.open_id.get_untracked()
                        key=NEW_NAME
                        value=Signal::stored(String::new())
                        {..}
                        data-testid="new-register-name"
                        placeholder="e.g. ISMS risk assessment 2027"
                    />
                </label>
                " "
                <button type="submit" data-testid="create-register">
                    "Create"
                </button>
            </form>
            <p class="actions">
                <button
                    type="button"
                    class="secondary"
                    data-testid="add-demo"
                    on:click=move |_| {
                        let mut outcome = Ok(String::new());
                        library.update(|l| outcome = l.add_demo(&mut BrowserStore, &now(), clock_seed()));
                        report(outcome);
                    }
                >
                    "Open a copy of the demo register"
                </button>
                {EXAMPLES
                    .map(|(file, label)| {
                        view! {
                            " "
                            <button
                                type="button"
                                class="secondary"
                                data-testid=format!("example-{file}")
                                on:click=move |_| {
                                    leptos::task::spawn_local(async move {
                                        match fetch_example(file).await {
                                            Ok(register) => {
                                                let mut outcome = Ok(String::new());
                                                library
                                                    .update(|l| {
                                                        outcome = l
                                                            .add_copy(
                                                                &mut BrowserStore,
                                                                register,
                                                                &now(),
                                                                clock_seed(),
                                                            );
                                                    });
                                                report(outcome);
                                            }
                                            Err(why) => message.set(Some(why)),
                                        }
                                    });
                                }
                            >
                                {label}
                            </button>
                        }
                    })
                    .collect_view()}
            </p>
            {move || {
                message
                    .get()
                    .map(|m| {
                        view! {
                            <p class="error" role="alert">
                                {m}
                            </p>
                        }
                    })
            }}
            <table class="risks">
                <thead>
                    <tr>
                        <th>"Name"</th>
                        <th>"Risks"</th>
                        <th>"Last changed"</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    // Keyed by id: a rename being typed is not redrawn under the cursor.
                    <For
                        each=move || library.with(|l| l.registers.iter().map(|r| r.id.clone()).collect::<Vec<_>>())
                        key=|id| id.clone()
                        let:id
                    >
                        <RegisterRow id=id message=message />
                    </For>
                </tbody>
            </table>
            <RegisterDetails />
            <super::import::ImportPanel />
        </section>
    }
}

/// The draft key of the new register's name.
const NEW_NAME: &str = "ui/new-register-name";

/// One register of the list: its name (renamed in place), size, last change, actions.
#[component]
fn RegisterRow(id: String, message: RwSignal<Option<String>>) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let library = workspace.library;
    let facts = {
        let id = id.clone();
        Memo::new(move |_| {
            library.with(|l| {
                l.registers
                    .iter()
                    .find(|r| r.id == id)
                    .map(|r| (r.name.clone(), r.risks.len(), r.modified.clone(), l.showing_demo))
            })
        })
    };
    let open = {
        let id = id.clone();
        Memo::new(move |_| workspace.open_id.get() == id)
    };
    let report = move |outcome: Result<String, SaveError>| match outcome {
        Ok(id) => {
            workspace.open(&id);
            message.set(None);
        }
        Err(error) => message.set(Some(error.to_string())),
    };
    let (id_open, id_copy, id_delete) = (id.clone(), id.clone(), id.clone());
    let error = RwSignal::new(None::<String>);
    view! {
        <tr data-testid="register-row" class:open=open>
            <td>
                <FieldInput
                    register=id.clone()
                    field={InlineField::Name}
                    error={error}
                    {..}
                    aria-label="Register name"
                    data-testid="register-name-input"
                />
                {move || facts.with(|f| f.as_ref().is_some_and(|f| f.3)).then_some(" (demo)")}
                {move || {
                    error
                        .get()
                        .map(|e| {
                            view! {
                                <span class="field-error" role="alert">
                                    {e}
                                </span>
                            }
                        })
                }}
            </td>
            <td class="num">{move || facts.with(|f| f.as_ref().map(|f| f.1))}</td>
            <td>{move || facts.with(|f| f.as_ref().map(|f| residual_engine::model::timestamp::readable(&f.2)))}</td>
            <td class="row-actions">
                <button class="link" disabled=open on:click=move |_| workspace.open(&id_open)>
                    {move || if open.get() { "Open now" } else { "Open" }}
                </button>
                <button
                    class="link"
                    data-testid="duplicate-register"
                    on:click=move |_| {
                        let mut outcome = Ok(String::new());
                        library.update(|l| outcome = l.duplicate(&mut BrowserStore, &id_copy, &now(), clock_seed()));
                        report(outcome);
                    }
                >
                    "Duplicate"
                </button>
                <button
                    class="link danger"
                    data-testid="delete-register"
                    on:click=move |_| {
                        let name = facts.with_untracked(|f| f.as_ref().map(|f| f.0.clone()).unwrap_or_default());
                        if confirm(
                            &format!(
                                "Delete the register \"{name}\" from this browser? This cannot be undone; export it first to keep a copy.",
                            ),
                        ) {
                            library.update(|l| l.delete(&mut BrowserStore, &id_delete));
                            workspace.forget(&id_delete);
                            let first = library.with_untracked(|l| l.registers[0].id.clone());
                            workspace.open(&first);
                        }
                    }
                >
                    "Delete"
                </button>
            </td>
        </tr>
    }
}

/// Common ISO 4217 codes offered for the currency (any other code can be typed).
const CURRENCIES: [&str; 16] = [
    "EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "CZK", "INR", "SGD", "NZD", "ZAR",
];

/// The open register's organisation, scope and currency, each kept as it is typed; a
/// value the register would refuse is named and not saved.
#[component]
fn RegisterDetails() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let register = workspace.register;
    let problem = RwSignal::new(None::<String>);
    let field = move |label: &'static str, testid: &'static str, field: InlineField| {
        view! {
            <label class="field">
                <span>{label}</span>
                {move || {
                    let id = workspace.open_id.get();
                    let field = field.clone();
                    view! {
                        <FieldInput
                            register=id
                            field=field
                            error={problem}
                            {..}
                            data-testid=testid
                            list=(testid == "register-currency").then_some("currencies")
                        />
                    }
                }}
            </label>
        }
    };
    view! {
        <section class="register-details" data-testid="register-details">
            <h3>{move || register.with(|r| format!("About “{}”", r.name))}</h3>
            <div class="grid">
                {field("Organisation", "register-organisation", InlineField::Organisation)}
                {field("Scope of the assessment", "register-scope", InlineField::Scope)}
                {field("Currency (ISO 4217)", "register-currency", InlineField::Currency)}
            </div>
            <datalist id="currencies">
                {CURRENCIES.map(|c| view! { <option value=c></option> }).collect_view()}
            </datalist>
            {move || {
                problem
                    .get()
                    .map(|p| {
                        view! {
                            <p class="error" role="alert" data-testid="details-problem">
                                {p}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

//! Managing the registers kept in this browser: create, open, rename, duplicate,
//! delete (after confirmation).

use leptos::prelude::*;

use crate::ui::storage::BrowserStore;
use crate::ui::workspace::{Workspace, clock_seed, now};
use residual_engine::io::library::SaveError;

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
    let new_name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let report = move |outcome: Result<String, SaveError>| match outcome {
        Ok(id) => {
            workspace.open(&id);
            message.set(None);
        }
        Err(error) => message.set(Some(error.to_string())),
    };
    let create = move |_| {
        let name = new_name.get_untracked().trim().to_string();
        if name.is_empty() {
            message.set(Some("Name: give the new register a name".into()));
            return;
        }
        let mut outcome = Ok(String::new());
        library.update(|l| outcome = l.create(&mut BrowserStore, &name, &now(), clock_seed()));
        new_name.set(String::new());
        report(outcome);
    };
    view! {
        <section class="view registers">
            <h2>"Registers in this browser"</h2>
            <p class="meta">"Registers are kept in this browser's local storage. Export them to keep a copy elsewhere."</p>
            <form class="new-register" on:submit=move |ev| { ev.prevent_default(); create(()); }>
                <label>"New register "
                    <input type="text" data-testid="new-register-name" placeholder="e.g. ISMS risk assessment 2027"
                        prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev)) />
                </label>
                " "<button type="submit" data-testid="create-register">"Create"</button>
            </form>
            <p class="actions">
                <button type="button" class="secondary" data-testid="add-demo" on:click=move |_| {
                    let mut outcome = Ok(String::new());
                    library.update(|l| outcome = l.add_demo(&mut BrowserStore, &now(), clock_seed()));
                    report(outcome);
                }>"Open a copy of the demo register"</button>
                {EXAMPLES.map(|(file, label)| view! {
                    " "
                    <button type="button" class="secondary" data-testid=format!("example-{file}") on:click=move |_| {
                        leptos::task::spawn_local(async move {
                            match fetch_example(file).await {
                                Ok(register) => {
                                    let mut outcome = Ok(String::new());
                                    library.update(|l| outcome = l.add_copy(&mut BrowserStore, register, &now(), clock_seed()));
                                    report(outcome);
                                }
                                Err(why) => message.set(Some(why)),
                            }
                        });
                    }>{label}</button>
                }).collect_view()}
            </p>
            {move || message.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <table class="risks">
                <thead><tr><th>"Name"</th><th>"Risks"</th><th>"Last changed"</th><th></th></tr></thead>
                <tbody>
                    {move || library.with(|l| l.registers.iter().map(|r| {
                        let id = r.id.clone();
                        let open = id == workspace.open_id.get();
                        let (id_open, id_rename, id_copy, id_delete) = (id.clone(), id.clone(), id.clone(), id.clone());
                        let name = r.name.clone();
                        let demo = l.showing_demo;
                        view! {
                            <tr data-testid="register-row" class:open=open>
                                <td>
                                    <input type="text" aria-label="Register name" data-testid="register-name-input" prop:value=name.clone()
                                        on:change=move |ev| {
                                            let value = event_target_value(&ev).trim().to_string();
                                            if value.is_empty() { message.set(Some("Name: a register needs a name".into())); return; }
                                            workspace.open(&id_rename);
                                            workspace.edit(|r| r.name = value);
                                        } />
                                    {demo.then_some(" (demo)")}
                                </td>
                                <td class="num">{r.risks.len()}</td>
                                <td>{residual_engine::model::timestamp::readable(&r.modified)}</td>
                                <td class="row-actions">
                                    <button class="link" disabled=open on:click=move |_| workspace.open(&id_open)>{if open { "Open now" } else { "Open" }}</button>
                                    <button class="link" data-testid="duplicate-register" on:click=move |_| {
                                        let mut outcome = Ok(String::new());
                                        library.update(|l| outcome = l.duplicate(&mut BrowserStore, &id_copy, &now(), clock_seed()));
                                        report(outcome);
                                    }>"Duplicate"</button>
                                    <button class="link danger" data-testid="delete-register" on:click=move |_| {
                                        if confirm(&format!("Delete the register \"{name}\" from this browser? This cannot be undone; export it first to keep a copy.")) {
                                            library.update(|l| l.delete(&mut BrowserStore, &id_delete));
                                            workspace.forget(&id_delete);
                                            let first = library.with_untracked(|l| l.registers[0].id.clone());
                                            workspace.open(&first);
                                        }
                                    }>"Delete"</button>
                                </td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
            <RegisterDetails />
            <super::import::ImportPanel />
        </section>
    }
}

/// Common ISO 4217 codes offered for the currency (any other code can be typed).
const CURRENCIES: [&str; 16] = [
    "EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "CZK", "INR", "SGD", "NZD", "ZAR",
];

/// The open register's organisation, scope and currency, each saved when it is left;
/// a value the register would refuse is named and not saved.
#[component]
fn RegisterDetails() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let register = workspace.register;
    let problem = RwSignal::new(None::<String>);
    let field = move |label: &'static str,
                      testid: &'static str,
                      get: fn(&residual_engine::model::register::Register) -> String,
                      set: fn(&mut residual_engine::model::register::Register, String)| {
        // Set only when this field's own value changes: saving another field must not
        // put this one back while it is being typed in.
        let value = Memo::new(move |_| register.with(get));
        view! {
            <label class="field">
                <span>{label}</span>
                <input type="text" data-testid=testid list=(testid == "register-currency").then_some("currencies")
                    prop:value=value
                    on:change=move |ev| {
                        let value = event_target_value(&ev).trim().to_string();
                        let value = if testid == "register-currency" { value.to_uppercase() } else { value };
                        match workspace.try_edit(|r| set(r, value)) {
                            Ok(()) => problem.set(None),
                            Err(problems) => problem.set(problems.first().map(|p| {
                                format!("{label}: {}", p.message)
                            })),
                        }
                    } />
            </label>
        }
    };
    view! {
        <section class="register-details" data-testid="register-details">
            <h3>{move || register.with(|r| format!("About “{}”", r.name))}</h3>
            <div class="grid">
                {field("Organisation", "register-organisation", |r| r.organisation.clone(), |r, v| r.organisation = v)}
                {field("Scope of the assessment", "register-scope", |r| r.scope.clone(), |r, v| r.scope = v)}
                {field("Currency (ISO 4217)", "register-currency", |r| r.currency.clone(), |r, v| r.currency = v)}
            </div>
            <datalist id="currencies">{CURRENCIES.map(|c| view! { <option value=c></option> }).collect_view()}</datalist>
            {move || problem.get().map(|p| view! { <p class="error" role="alert" data-testid="details-problem">{p}</p> })}
        </section>
    }
}

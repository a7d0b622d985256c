//! Export: the register as its exchange JSON (the documented format), and as CSV tables
//! for spreadsheets: the register (with the analysis's figures when they are this
//! register's and current) and the treatment plan.

use leptos::prelude::*;

use crate::ui::download;
use crate::ui::simulation_runner::{Analysis as Runner, result_key};
use crate::ui::workspace::{Workspace, today};
use residual_engine::io::export::{SCHEMA_ID, SCHEMA_PATH, register_file_with_schema};
use residual_engine::treat::register_csv::{plan_csv, register_csv};

#[component]
pub fn ExportView() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let register = workspace.register;
    let runner = expect_context::<Runner>();
    let error = RwSignal::new(None::<String>);
    let bom = RwSignal::new(true);
    let offer = move |name: String, kind: &str, text: String| error.set(download::offer(&name, kind, &text).err());
    // The analysis's figures go into the table only if they are this register's, as it is.
    let figures = move || {
        let current =
            register.with(|r| runner.register_id.get_value() == r.id && runner.result_key.get() == result_key(r));
        runner.result.get().filter(|_| current)
    };
    // What the last download for another tool could not keep, with the format's name.
    let warnings = RwSignal::new(Vec::<String>::new());
    let warned_for = RwSignal::new("");
    // CISO Assistant's hypotheses are fitted to the three states, which the treatment
    // run simulates in its worker: the download waits for a run of the register as it is.
    let treatment = expect_context::<crate::ui::simulation_runner::Treatment>();
    let states_current = move || {
        register.with(|r| treatment.register_id.get_value() == r.id && treatment.result_key.get() == treatment.key(r))
            && treatment.result.with(Option::is_some)
    };
    let hypotheses_wanted = RwSignal::new(false);
    let export_json = move |_| {
        warnings.set(Vec::new());
        let schema = schema_url();
        let (name, text) = register.with(|r| (r.file_name(&today(), "json"), register_file_with_schema(r, &schema)));
        offer(name, "application/json", text);
    };
    let export_csv = move |_| {
        warnings.set(Vec::new());
        let result = figures();
        let (name, text) = register.with(|r| {
            (
                r.file_name(&today(), "csv"),
                register_csv(r, result.as_deref(), bom.get_untracked()),
            )
        });
        offer(name, "text/csv;charset=utf-8", text);
    };
    let export_plan = move |_| {
        warnings.set(Vec::new());
        let (name, text) = register.with(|r| {
            (
                r.file_name(&today(), "csv").replace(".csv", "-plan.csv"),
                plan_csv(r, &today(), bom.get_untracked()),
            )
        });
        offer(name, "text/csv;charset=utf-8", text);
    };
    // Other tools' formats: the file, and what the mapping could not keep, said on screen.
    let export_for = move |tool: &'static str| {
        let result = figures();
        let (name, text, said) = register.with(|r| {
            let (text, said, extension) = match tool {
                "ciso-assistant-crq" => match treatment.result.get_untracked() {
                    Some(states) => {
                        let (t, w) = residual_engine::exchange::ciso_assistant::crq::write_states(r, &states);
                        (t, w, "json")
                    }
                    None => (String::new(), Vec::new(), "json"),
                },
                "ciso-assistant-matrix" => {
                    let (t, w) = residual_engine::exchange::ciso_assistant::matrix::write_library(&r.criteria, &r.name);
                    (t, w, "yaml")
                }
                "oscal" => {
                    let (t, mut w) = residual_engine::exchange::oscal::write(r, result.as_deref(), &crate::ui::workspace::now());
                    if result.is_none() {
                        w.push("the analysis has not run for the register as it is: the simulated figures are left out (run it in Analysis, then export again)".into());
                    }
                    (t, w, "json")
                }
                "riskquant" => {
                    let (t, w) = residual_engine::exchange::riskquant::write(r);
                    (t, w, "csv")
                }
                "pyfair" => {
                    let (t, w) = residual_engine::exchange::pyfair::write(r);
                    (t, w, "json")
                }
                _ => {
                    let (t, w) = residual_engine::exchange::ciso_assistant::write(r);
                    (t, w, "csv")
                }
            };
            (
                r.file_name(&today(), extension)
                    .replace(&format!(".{extension}"), &format!("-{tool}.{extension}")),
                text,
                said,
            )
        });
        warnings.set(said);
        warned_for.set(match tool {
            "riskquant" => "riskquant CSV",
            "pyfair" => "pyfair JSON",
            "ciso-assistant" => "CISO Assistant CSV",
            "ciso-assistant-matrix" => "CISO Assistant risk matrix",
            "ciso-assistant-crq" => "CISO Assistant hypotheses",
            _ => "OSCAL",
        });
        if text.is_empty() {
            return;
        }
        offer(
            name,
            if matches!(tool, "pyfair" | "oscal" | "ciso-assistant-crq") {
                "application/json"
            } else if tool == "ciso-assistant-matrix" {
                "application/yaml"
            } else {
                "text/csv;charset=utf-8"
            },
            text,
        );
    };
    // The share link: made on request (it holds the whole register), with its length.
    let link = RwSignal::new(None::<Result<String, String>>);
    let copied = RwSignal::new(false);
    let make_link = move |_| {
        copied.set(false);
        let text = register.with_untracked(|r| r.to_compact_json());
        leptos::task::spawn_local(async move { link.set(Some(crate::ui::share::link(text).await)) });
    };
    let link_view = move || {
        link.get().map(|made| match made {
            Err(why) => view! {
                <p class="error" role="alert">
                    {format!("No link could be made: {why}")}
                </p>
            }.into_any(),
            Ok(url) => {
                let length = url.chars().count();
                let long = length > crate::ui::share::LONG;
                let copy_url = url.clone();
                view! {
                    <div class="share-link" data-testid="share-link">
                        <input
                            type="text"
                            readonly=true
                            data-testid="share-url"
                            prop:value=url.clone()
                            aria-label="Share link"
                            on:focus=move |ev| {
                                if let Some(input) = ev
                                    .target()
                                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
                                {
                                    input.select();
                                }
                            }
                        />
                        <button
                            type="button"
                            class="secondary"
                            data-testid="share-copy"
                            on:click=move |_| {
                                let text = copy_url.clone();
                                leptos::task::spawn_local(async move {
                                    copied.set(crate::ui::share::copy(text).await.is_ok())
                                });
                            }
                        >
                            {move || if copied.get() { "Copied" } else { "Copy" }}
                        </button>
                        <p class="hint" data-testid="share-length">
                            {format!("{} characters.", residual_engine::io::money::whole(length as f64))}
                        </p>
                        {long
                            .then(|| {
                                view! {
                                    <p class="banner warning" data-testid="share-long">
                                        {format!(
                                            "Longer than {} characters: chat and e-mail tools often cut links this long. Send the JSON file instead, or check that the link arrives whole.",
                                            residual_engine::io::money::whole(crate::ui::share::LONG as f64),
                                        )}
                                    </p>
                                }
                            })}
                    </div>
                }
                .into_any()
            }
        })
    };
    Effect::new(move |_| {
        if hypotheses_wanted.get() && states_current() {
            hypotheses_wanted.set(false);
            export_for("ciso-assistant-crq");
        }
    });
    view! {
        <section class="view export">
            <h2>"Export"</h2>
            <p>
                "The register as JSON, format version 1: it imports back into Residual byte for byte. The format is described by its "
                <a href="schema/register-v1.json">"JSON Schema"</a>"."
            </p>
            <button data-testid="export-json" on:click=export_json>
                "Download JSON"
            </button>
            <h3>"Tables for spreadsheets (CSV)"</h3>
            <p class="hint">
                "One row per risk: scores and levels inherent, current and residual, the treatment and its controls, and "
                {move || {
                    if figures().is_some() {
                        "the analysis's mean, P90, P99 and chances of exceeding each threshold."
                    } else {
                        "(once the analysis has run for the register as it is) its figures."
                    }
                }}
            </p>
            {move || {
                figures()
                    .is_none()
                    .then(|| {
                        view! {
                            <p class="banner warning" data-testid="export-no-figures">
                                "The analysis has not run for the register as it is now, so the CSV and OSCAL downloads leave out the simulated figures. "
                                <a href="#/analysis">"Run the analysis"</a>
                                ", then come back."
                            </p>
                        }
                    })
            }}
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="export-bom"
                    prop:checked=move || bom.get()
                    on:change=move |ev| bom.set(event_target_checked(&ev))
                />
                " For Excel (marks the file as UTF-8)"
            </label>
            <div class="actions">
                <button data-testid="export-csv" on:click=export_csv>
                    "Download the register as CSV"
                </button>
                <button class="secondary" data-testid="export-plan-csv" on:click=export_plan>
                    "Download the treatment plan as CSV"
                </button>
            </div>
            <h3>"Share link"</h3>
            <p class="hint">
                "The whole register, compressed into the link's #fragment, which the browser never sends to any server. Whoever opens it sees an import preview first: nothing in their browser changes until they import."
            </p>
            <button class="secondary" data-testid="make-share-link" on:click=make_link>
                "Make a share link"
            </button>
            {link_view}
            <h3>"For other tools"</h3>
            <p class="hint">
                "Each mapping is described field by field in "<a href="interop.md" target="_blank">
                    "the exchange notes"
                </a>"; what a format cannot hold is listed here after the download."
            </p>
            <div class="actions">
                <button class="secondary" data-testid="export-riskquant" on:click=move |_| export_for("riskquant")>
                    "riskquant CSV"
                </button>
                <button class="secondary" data-testid="export-pyfair" on:click=move |_| export_for("pyfair")>
                    "pyfair JSON"
                </button>
                <button
                    class="secondary"
                    data-testid="export-ciso-assistant"
                    on:click=move |_| export_for("ciso-assistant")
                >
                    "CISO Assistant CSV"
                </button>
                <button
                    class="secondary"
                    data-testid="export-ciso-assistant-matrix"
                    on:click=move |_| export_for("ciso-assistant-matrix")
                >
                    "CISO Assistant risk matrix (YAML)"
                </button>
                <button
                    class="secondary"
                    data-testid="export-ciso-assistant-crq"
                    on:click=move |_| {
                        if states_current() {
                            export_for("ciso-assistant-crq");
                        } else {
                            hypotheses_wanted.set(true);
                            register.with_untracked(|r| treatment.run(r));
                        }
                    }
                >
                    "CISO Assistant quantitative hypotheses"
                </button>
                {move || {
                    hypotheses_wanted
                        .get()
                        .then(|| {
                            view! {
                                <span class="hint" data-testid="export-crq-waiting">
                                    " Simulating the three states; the download follows."
                                </span>
                            }
                        })
                }}
                <button class="secondary" data-testid="export-oscal" on:click=move |_| export_for("oscal")>
                    "OSCAL assessment results"
                </button>
            </div>
            {move || {
                (!warnings.with(Vec::is_empty))
                    .then(|| {
                        view! {
                            <div class="banner warning" data-testid="export-warnings">
                                <p>{move || format!("What the {} could not keep:", warned_for.get())}</p>
                                <ul>{warnings.get().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                            </div>
                        }
                    })
            }}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="error" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

/// Where this deployment serves the register schema, as an absolute URL (the page's base
/// under any sub-path), so that an exported file's `$schema` resolves; the schema's
/// `$id` if the page has no base to resolve against.
fn schema_url() -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten());
    base.and_then(|base| web_sys::Url::new_with_base(SCHEMA_PATH, &base).ok())
        .map(|url| url.href())
        .filter(|href| href.starts_with("http"))
        .unwrap_or_else(|| SCHEMA_ID.to_string())
}

//! The selected risk's treatment: option and rationale, a transfer when sharing, its
//! controls (one keyed row each, see `control_row`), and adding controls from Annex A
//! or the organisation's own. Made once per selected risk; its parts read narrowed
//! memos of the register, so a slider preview or an edit elsewhere does not rebuild
//! the form, and a half-typed field (the own control's title) survives other edits.

use leptos::prelude::*;

use super::control_row::ControlRow;
use super::preview::Shown;
use residual_engine::assess::risk_state::treatment_of;
use residual_engine::model::control::Control;
use residual_engine::model::register::Register;
use residual_engine::model::treatment::{Transfer, Treatment, TreatmentOption};
use residual_engine::treat::inline_field::{InlineField, TransferTerm};
use residual_engine::treat::treatment_plan::{choose_option, link, treatment_mut};

use crate::ui::typed::FieldInput;
use crate::ui::workspace::Workspace;

#[component]
pub fn RiskTreatmentForm(risk: String) -> impl IntoView {
    let shown = expect_context::<Shown>();
    let error = RwSignal::new(None::<String>);
    // What the form reads, each narrowed to its part of the register so that an edit
    // elsewhere (or a slider preview) redraws only what it changes.
    let heading = {
        let risk = risk.clone();
        Memo::new(move |_| {
            shown.register.with(|r| {
                r.risks
                    .iter()
                    .find(|x| x.id == risk)
                    .map(|x| (x.title.clone(), x.owner.clone()))
            })
        })
    };
    let treatment = {
        let risk = risk.clone();
        Memo::new(move |_| shown.register.with(|r| treatment_of(r, &risk).cloned()))
    };
    let linked = Memo::new(move |_| treatment.with(|t| t.as_ref().map(|t| t.controls.clone()).unwrap_or_default()));
    let transfer = Memo::new(move |_| {
        treatment.with(|t| {
            t.as_ref()
                .filter(|t| t.option == TreatmentOption::Share)
                .and_then(|t| t.transfer.clone())
        })
    });
    let (risk_for_transfer, risk_for_rows, risk_for_own) = (risk.clone(), risk.clone(), risk.clone());
    view! {
        <Show when=move || heading.with(Option::is_some) fallback=|| view! { <p class="hint">"Choose a risk."</p> }>
            <div class="treatment-form" data-testid="treatment-form">
                <h3>
                    {
                        let risk = risk.clone();
                        move || heading.with(|h| h.as_ref().map(|(title, _)| format!("{risk} {title}")))
                    }
                </h3>
                <p class="muted">{move || heading.with(|h| h.as_ref().map(|(_, owner)| format!("Owner: {owner}")))}</p>
                <OptionFields risk=risk.clone() treatment=treatment error=error />
                {
                    let risk = risk_for_transfer.clone();
                    let sharing = Memo::new(move |_| transfer.with(Option::is_some));
                    move || {
                        sharing
                            .get()
                            .then(|| {
                                // Drawn once while the risk is shared: taking a term's text redraws no field.
                                view! { <TransferFields risk=risk.clone() transfer=transfer error=error /> }
                            })
                    }
                }
                <table class="controls-table" data-testid="linked-controls">
                    <caption>"Controls for this risk"</caption>
                    <thead>
                        <tr>
                            <th>"Control and status"</th>
                            <th>"Owner / due"</th>
                            <th>"Costs"</th>
                            <th>"Effect"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {
                            let risk = risk_for_rows.clone();
                            view! {
                                <For each=move || linked.get() key=|id| id.clone() let:id>
                                    <ControlRow risk=risk.clone() id=id />
                                </For>
                            }
                        }
                    </tbody>
                </table>
                <AddControl risk=risk_for_own.clone() linked=linked error=error />
                <OwnControl risk=risk_for_own.clone() error=error />
                {move || {
                    error
                        .get()
                        .map(|e| {
                            view! {
                                <p class="field-error" role="alert">
                                    {e}
                                </p>
                            }
                        })
                }}
            </div>
        </Show>
    }
}

/// The treatment option and its rationale. An option the register cannot take yet
/// (avoid without a rationale) is kept as a draft, shown in the select, and saved with
/// the rationale once it is written.
#[component]
fn OptionFields(risk: String, treatment: Memo<Option<Treatment>>, error: RwSignal<Option<String>>) -> impl IntoView {
    let shown = expect_context::<Shown>();
    let register_id = expect_context::<Workspace>().open_id.get_untracked();
    let pending_option = RwSignal::new(None::<TreatmentOption>);
    let rationale_error = RwSignal::new(None::<String>);
    let risk_for_option = risk.clone();
    let set_option = move |ev| {
        if let Some(option) = TreatmentOption::parse(&event_target_value(&ev)) {
            let risk = risk_for_option.clone();
            match shown.try_commit(|r| choose_option(r, &risk, option)) {
                Ok(()) => {
                    pending_option.set(None);
                    rationale_error.set(None);
                }
                Err(problems) if problems.iter().any(|p| p.path.ends_with(".rationale")) => {
                    pending_option.set(Some(option));
                    rationale_error.set(Some(format!("Rationale: choosing \"{}\" needs a recorded rationale. Write it here; the option is saved with it.", option.label())));
                }
                Err(problems) => error.set(Some(residual_engine::io::edit::describe(&problems))),
            }
        }
    };
    let option = move || {
        pending_option
            .get()
            .map(TreatmentOption::as_str)
            .unwrap_or_else(|| treatment.with(|t| t.as_ref().map_or("", |t| t.option.as_str())))
    };
    view! {
        <div class="form-row">
            <label>
                "Treatment option " <select data-testid="treatment-option" on:change=set_option prop:value=option>
                    <option value="" disabled=true selected=move || option().is_empty()>
                        "— choose —"
                    </option>
                    {TreatmentOption::ALL
                        .into_iter()
                        .map(|o| {
                            view! {
                                <option value=o.as_str() selected=move || option() == o.as_str()>
                                    {o.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="grow">
                "Rationale "
                <FieldInput
                    register=register_id
                    field={InlineField::Rationale { risk }}
                    error=rationale_error
                    option={pending_option}
                    kind="textarea"
                    {..}
                    class="grow"
                    data-testid="treatment-rationale"
                    aria-describedby="rationale-error"
                />
            </label>
        </div>
        <p class="field-error" id="rationale-error" data-testid="rationale-error" aria-live="assertive">
            {move || rationale_error.get()}
        </p>
    }
}

/// The most matches the picker lists at once.
const SHOWN_MATCHES: usize = 40;

/// Links a control: one of the register's own not yet linked, or one from Annex A, found
/// by typing its number, a word of its title or an ISO/IEC 27002 attribute. Nothing is
/// linked while typing or moving through the list: only Enter or a click links the
/// highlighted control. A refused link (an excluded control) changes nothing; the reason
/// shows below.
#[component]
fn AddControl(risk: String, linked: Memo<Vec<String>>, error: RwSignal<Option<String>>) -> impl IntoView {
    use residual_engine::treat::control_search::{Candidate, candidates};
    let shown = expect_context::<Shown>();
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(0usize);
    let matches = Memo::new(move |_| {
        let q = query.get();
        shown.register.with(|r| candidates(r, &linked.read(), &q))
    });
    let list_id = format!("control-options-{}", risk.replace(|c: char| !c.is_alphanumeric(), "-"));
    let option_id = {
        let list_id = list_id.clone();
        move |k: usize| format!("{list_id}-{k}")
    };
    let add = {
        let risk = risk.clone();
        move |id: String| {
            let risk = risk.clone();
            let mut refused = None;
            shown.commit(|r| refused = link(r, &risk, &id).err());
            error.set(refused);
            query.set(String::new());
            active.set(0);
            open.set(false);
        }
    };
    let add_for_keys = add.clone();
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let count = matches.with(|m| m.len().min(SHOWN_MATCHES));
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                if open.get_untracked() {
                    active.update(|a| *a = (*a + 1).min(count.saturating_sub(1)));
                } else {
                    open.set(true);
                }
            }
            "ArrowUp" => {
                ev.prevent_default();
                active.update(|a| *a = a.saturating_sub(1));
            }
            "Enter" => {
                ev.prevent_default();
                let chosen = open
                    .get_untracked()
                    .then(|| matches.with_untracked(|m| m.get(active.get_untracked()).map(|c| c.id.clone())))
                    .flatten();
                if let Some(id) = chosen {
                    add_for_keys(id);
                } else {
                    open.set(true);
                }
            }
            "Escape" => {
                if open.get_untracked() {
                    open.set(false);
                } else {
                    query.set(String::new());
                }
            }
            _ => {}
        }
    };
    // The list opened near the bottom of a short window is brought into view.
    let list = NodeRef::<leptos::html::Ul>::new();
    Effect::new(move |_| {
        if let Some(list) = list.get() {
            let below = list.get_bounding_client_rect().bottom();
            let height = window()
                .inner_height()
                .ok()
                .and_then(|h| h.as_f64())
                .unwrap_or(f64::MAX);
            if below > height {
                list.scroll_into_view_with_bool(false);
            }
        }
    });
    let option_for_aria = option_id.clone();
    let list_for_aria = list_id.clone();
    view! {
        <div class="add-control control-picker">
            <label for=format!("{list_id}-input")>"Add a control"</label>
            <input
                id=format!("{list_id}-input")
                type="search"
                role="combobox"
                autocomplete="off"
                aria-autocomplete="list"
                aria-controls=list_for_aria
                aria-expanded=move || open.get().to_string()
                aria-activedescendant=move || {
                    (open.get() && matches.with(|m| !m.is_empty())).then(|| option_for_aria(active.get()))
                }
                placeholder="number, word or attribute: 8.13, backup, #Corrective"
                data-transient="a search of the controls to link, like the register's filter: what is linked is kept"
                data-testid="add-control"
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    active.set(0);
                    open.set(true);
                }
                on:focus=move |_| open.set(true)
                on:blur=move |_| open.set(false)
                on:keydown=on_keydown
            />
            <Show when=move || open.get()>
                <ul
                    role="listbox"
                    id=list_id.clone()
                    class="control-options"
                    data-testid="control-options"
                    node_ref=list
                >
                    {
                        let add = add.clone();
                        let option_id = option_id.clone();
                        move || {
                            let shown_matches: Vec<Candidate> = matches
                                .with(|m| m.iter().take(SHOWN_MATCHES).cloned().collect());
                            if shown_matches.is_empty() {
                                let here = shown
                                    .register
                                    .with(|r| candidates(r, &[], &query.get()))
                                    .into_iter()
                                    .filter(|c| linked.with(|l| l.contains(&c.id)))
                                    .map(|c| format!("{} {}", c.id, c.title))
                                    .collect::<Vec<_>>();
                                let said = if here.is_empty() {
                                    "No control matches: try a number (8.13), a word of the title, or an attribute (#Detective)."
                                        .to_string()
                                } else {
                                    format!("Already linked to this risk: {}.", here.join(", "))
                                };
                                return // What the words find among the controls linked here already.
                                view! {
                                    <li class="hint" role="presentation" data-testid="control-options-none">
                                        {said}
                                    </li>
                                }
                                    .into_any();
                            }
                            let more = matches.with(|m| m.len().saturating_sub(SHOWN_MATCHES));
                            let rows = shown_matches
                                .into_iter()
                                .enumerate()
                                .map(|(k, c)| {
                                    let add = add.clone();
                                    let id = c.id.clone();
                                    view! {
                                        <li
                                            role="option"
                                            id=option_id(k)
                                            data-control=c.id.clone()
                                            aria-selected=move || (active.get() == k).to_string()
                                            class:active=move || active.get() == k
                                            on:mousedown=move |ev| {
                                                ev.prevent_default();
                                                add(id.clone());
                                            }
                                            on:mousemove=move |_| active.set(k)
                                        >
                                            <span class="id">{c.id.clone()}</span>
                                            " "
                                            {c.title.clone()}
                                            {(!c.own).then(|| view! { <span class="hint">" · Annex A"</span> })}
                                            {c
                                                .by_attribute
                                                .map(|a| view! { <span class="hint">{format!(" · {a}")}</span> })}
                                        </li>
                                    }
                                })
                                .collect_view();
                            let more = (more > 0)
                                .then(|| {
                                    view! {
                                        <li class="hint" role="presentation">
                                            {format!("… and {more} more: type more to narrow the list")}
                                        </li>
                                    }
                                });
                            view! {
                                {rows}
                                {more}
                            }
                                .into_any()
                        }
                    }
                </ul>
            </Show>
        </div>
    }
}

/// Adds an organisation-specific control ("ORG-n") and links it to the risk.
#[component]
fn OwnControl(risk: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let shown = expect_context::<Shown>();
    // The title being typed is a draft (a tab switch or a reload keeps it).
    let drafts = expect_context::<crate::ui::drafts::Drafts>();
    let register_id = expect_context::<Workspace>().open_id.get_untracked();
    let kept = drafts.with_untracked(&register_id, |d| {
        d.control
            .as_ref()
            .filter(|d| d.editing.as_deref() == Some(risk.as_str()))
            .map(|d| d.item.clone())
    });
    let title = RwSignal::new(kept.unwrap_or_default());
    {
        let risk = risk.clone();
        Effect::new(move |_| {
            let text = title.get();
            let risk = risk.clone();
            drafts.update(&register_id, |d| {
                let mine = d
                    .control
                    .as_ref()
                    .is_none_or(|c| c.editing.as_deref() == Some(risk.as_str()));
                if mine {
                    d.control =
                        (!text.trim().is_empty()).then(|| crate::ui::drafts::Draft::new(None, text).editing_for(risk));
                }
            });
        });
    }
    let add = move |_| {
        let Some(text) = super::required(title.get_untracked(), error, || "Own control: give it a title".into()) else {
            return;
        };
        let risk = risk.clone();
        shown.commit(|r| {
            let id = Register::next_id("ORG", r.controls.iter().map(|c| c.id.as_str()));
            r.controls.push(Control::planned(&id, text.trim()));
            // A new id: no SoA decision excludes it.
            let _ = link(r, &risk, &id);
        });
        title.set(String::new());
    };
    view! {
        <div class="form-row">
            <label class="grow">
                "Or an organisation-specific control "
                <input
                    type="text"
                    data-testid="own-control-title"
                    placeholder="e.g. Dual approval of supplier bank changes"
                    prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev))
                />
            </label>
            <button type="button" class="secondary" data-testid="add-own-control" on:click=add>
                "Add own control"
            </button>
        </div>
    }
}

#[component]
fn TransferFields(risk: String, transfer: Memo<Option<Transfer>>, error: RwSignal<Option<String>>) -> impl IntoView {
    let shown = expect_context::<Shown>();
    let register_id = expect_context::<Workspace>().open_id.get_untracked();
    let risk_for_force = risk.clone();
    let in_force = move || transfer.with(|t| t.as_ref().is_some_and(|t| t.in_force));
    let field = move |term: TransferTerm| {
        let field = InlineField::Transfer {
            risk: risk.clone(),
            term,
        };
        view! {
            <label>
                {term.label()}" "
                <FieldInput
                    register=register_id.clone()
                    field=field
                    error={error}
                    {..}
                    size="10"
                    data-testid=format!("transfer-{}", term.as_str())
                />
            </label>
        }
    };
    view! {
        <fieldset class="transfer" data-testid="transfer">
            <legend>
                "Transfer (insurance): of each year's loss above the deductible, the share is paid, up to the cap"
            </legend>
            {TransferTerm::ALL.map(&field).collect_view()}
            <label>
                <input
                    type="checkbox"
                    prop:checked=in_force
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let risk = risk_for_force.clone();
                        shown
                            .commit(|r| {
                                if let Some(t) = treatment_mut(r, &risk).transfer.as_mut() {
                                    t.in_force = on;
                                }
                            });
                    }
                />
                " In force now (counts in the current risk)"
            </label>
        </fieldset>
    }
}

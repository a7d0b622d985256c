//! The Statement of Applicability (all 93 Annex A controls and the organisation's own:
//! applicable or not, why, how far implemented, which risks) with CSV and JSON export,
//! and the treatment plan: controls by owner and due date with their costs.

use leptos::prelude::*;

use crate::ui::download;
use crate::ui::typed::FieldInput;
use crate::ui::workspace::{Workspace, today};
use residual_engine::io::money::whole;
use residual_engine::treat::applicability::{SoaTheme, Statement, attribute_cells, decide, statement, to_csv, to_json};
use residual_engine::treat::inline_field::InlineField;
use residual_engine::treat::treatment_plan::plan;

#[component]
pub fn SoaView() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let register = workspace.register;
    let rows = Memo::new(move |_| register.with(statement));
    let theme = RwSignal::new(None::<SoaTheme>);
    let attribute = RwSignal::new(String::new());
    // Every attribute value in the catalogue, in the standard's order of dimensions.
    let attribute_values = Memo::new(move |_| {
        let mut values: Vec<String> = Vec::new();
        for row in rows.get().iter() {
            for cell in attribute_cells(row) {
                for tag in cell.split(' ').filter(|t| !t.is_empty()) {
                    if !values.iter().any(|v| v == tag) {
                        values.push(tag.to_string());
                    }
                }
            }
        }
        values
    });
    let only_applicable = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let export = move |json: bool| {
        let (r, rows) = (register.get_untracked(), rows.get_untracked());
        let stem = format!("{}-statement-of-applicability", r.id);
        let outcome = if json {
            download::offer(&format!("{stem}.json"), "application/json", &to_json(&r, &rows))
        } else {
            download::offer(&format!("{stem}.csv"), "text/csv", &to_csv(&rows))
        };
        error.set(outcome.err());
    };
    let counts = move || {
        rows.with(|rows| {
            let applicable = rows.iter().filter(|r| r.applicable).count();
            let decided = rows.iter().filter(|r| r.decided).count();
            let implemented = rows.iter().filter(|r| r.applicable && r.status == Some(residual_engine::model::control::ControlStatus::Implemented)).count();
            format!(
                "{applicable} of {} controls applicable; {implemented} of them implemented. {decided} decided by you, {} suggested from the treatments (edit one to decide it).",
                rows.len(),
                rows.len() - decided
            )
        })
    };
    let shown_rows = move || {
        let (theme, only, tag) = (theme.get(), only_applicable.get(), attribute.get());
        rows.get()
            .into_iter()
            .filter(|r| theme.is_none_or(|t| r.theme == t) && (!only || r.applicable))
            .filter(|r| tag.is_empty() || attribute_cells(r).iter().any(|c| c.split(' ').any(|t| t == tag)))
            .collect::<Vec<_>>()
    };
    view! {
        <section class="view soa">
            <div class="view-head">
                <h2>"Statement of Applicability"</h2>
                <div class="actions">
                    <button type="button" data-testid="export-soa-csv" on:click=move |_| export(false)>
                        "Export CSV"
                    </button>
                    <button
                        type="button"
                        class="secondary"
                        data-testid="export-soa-json"
                        on:click=move |_| export(true)
                    >
                        "Export JSON"
                    </button>
                </div>
            </div>
            <p class="meta" data-testid="soa-counts">
                {counts}
            </p>
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
            <div class="form-row">
                <label>
                    "Theme "
                    <select
                        data-testid="soa-theme"
                        on:change=move |ev| theme.set(SoaTheme::parse(&event_target_value(&ev)))
                    >
                        <option value="">"All"</option>
                        {SoaTheme::ALL.map(|t| view! { <option value=t.as_str()>{t.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "ISO/IEC 27002 attribute "
                    <select data-testid="soa-attribute" on:change=move |ev| attribute.set(event_target_value(&ev))>
                        <option value="">"Any"</option>
                        {move || {
                            attribute_values
                                .get()
                                .into_iter()
                                .map(|v| view! { <option value=v.clone()>{v.clone()}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label class="check-inline">
                    <input type="checkbox" on:change=move |ev| only_applicable.set(event_target_checked(&ev)) />
                    " Applicable only"
                </label>
            </div>
            <table class="soa-table" data-testid="soa-table">
                <thead>
                    <tr>
                        <th>"Control"</th>
                        <th>"Title"</th>
                        <th>"Applicable"</th>
                        <th>"Justification"</th>
                        <th>"Implementation"</th>
                        <th>"Treats"</th>
                    </tr>
                </thead>
                <tbody>
                    // Keyed without the justification and whether it was decided: taking
                    // typed text redraws no row (nor the field being typed in).
                    <For
                        each=shown_rows
                        key=|row| super::content_key(
                            &Statement {
                                justification: String::new(),
                                decided: false,
                                ..row.clone()
                            },
                        )
                        let:row
                    >
                        <SoaRow row=row rows=rows />
                    </For>
                </tbody>
            </table>
            <TreatmentPlan />
        </section>
    }
}

/// One control's line: the decision (or the suggestion) and its justification.
#[component]
fn SoaRow(row: Statement, rows: Memo<Vec<Statement>>) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let locked = !row.linked_risks.is_empty();
    let row_a = row.clone();
    let status = row.status.map_or("not in register", |s| s.label());
    let decided = {
        let id = row.control.clone();
        Memo::new(move |_| rows.with(|rows| rows.iter().any(|r| r.control == id && r.decided)))
    };
    let register = workspace.open_id.get_untracked();
    let error = RwSignal::new(None::<String>);
    view! {
        <tr data-testid="soa-row" data-control=row.control.clone() class:suggested=move || !decided.get()>
            <td class="id">{row.control.clone()}</td>
            <td>
                {row.title.clone()}<span class="muted">{format!(" {}", row.theme.as_str())}</span>
                <span class="attributes">{attribute_cells(&row).join(" ")}</span>
            </td>
            <td>
                <select
                    data-testid="soa-applicable"
                    on:change=move |ev| {
                        let applicable = match event_target_value(&ev).as_str() {
                            "yes" => true,
                            "no" => false,
                            _ => return,
                        };
                        let row = row_a.clone();
                        workspace.edit(|r| decide(r, &row, Some(applicable), None));
                    }
                >
                    <option value="yes" selected=row.applicable>
                        "Yes"
                    </option>
                    <option value="no" selected=!row.applicable disabled=locked>
                        "No"
                    </option>
                </select>
                {move || (!decided.get()).then(|| view! { <span class="muted">" suggested"</span> })}
            </td>
            <td>
                <FieldInput
                    register=register
                    field={InlineField::Justification {
                        control: row.control.clone(),
                    }}
                    error={error}
                    kind="textarea"
                    {..}
                    class="wide grow"
                    data-testid="soa-justification"
                    aria-label=format!("Justification of {}", row.control)
                />
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
            <td>{status}</td>
            <td>{row.linked_risks.join(", ")}</td>
        </tr>
    }
}

/// The controls of the plan by owner, soonest due first, with costs.
#[component]
fn TreatmentPlan() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    move || {
        let r = workspace.register.get();
        let owners = plan(&r, &today());
        let (one_off, annual): (f64, f64) = owners
            .iter()
            .fold((0.0, 0.0), |(a, b), o| (a + o.one_off_cost, b + o.annual_cost));
        let annualised: f64 = owners.iter().flat_map(|o| &o.items).map(|i| i.annualised_cost).sum();
        let groups = owners
            .into_iter()
            .map(|o| {
                let items = o
                    .items
                    .iter()
                    .map(|i| {
                        view! {
                            <tr class:overdue=i.overdue data-testid="plan-item">
                                <td class="id">{i.id.clone()}</td>
                                <td>{i.title.clone()}</td>
                                <td>{i.status.label()}</td>
                                <td class="date">
                                    {i.due_date.clone().unwrap_or_else(|| "—".into())}
                                    {i.overdue.then_some(" overdue")}
                                </td>
                                <td class="number">{whole(i.one_off_cost)}</td>
                                <td class="number">{whole(i.annual_cost)}</td>
                                <td>{i.risks.join(", ")}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <tbody>
                        <tr class="owner-row">
                            <th colspan="4">{o.owner.clone()}</th>
                            <th class="number">{whole(o.one_off_cost)}</th>
                            <th class="number">{whole(o.annual_cost)}</th>
                            <th></th>
                        </tr>
                        {items}
                    </tbody>
                }
            })
            .collect_view();
        view! {
            <h3>"Risk treatment plan"</h3>
            <p class="meta" data-testid="plan-totals">
                {format!(
                    "One-off {} {}, then {} a year; {} a year with one-off costs spread over each control's lifetime.",
                    r.currency,
                    whole(one_off),
                    whole(annual),
                    whole(annualised),
                )}
            </p>
            <table class="plan-table" data-testid="plan-table">
                <thead>
                    <tr>
                        <th>"Control"</th>
                        <th>"Title"</th>
                        <th>"Status"</th>
                        <th>"Due"</th>
                        <th class="number">"One-off"</th>
                        <th class="number">"Per year"</th>
                        <th>"Treats"</th>
                    </tr>
                </thead>
                {groups}
            </table>
        }
    }
}

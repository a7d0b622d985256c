//! The selected risk's treatment: option and rationale, a transfer when sharing, its
//! controls (status, owner, due date, costs, effect, effectiveness sliders), adding
//! controls from Annex A, and the owner's acceptance of the residual risk.

use leptos::prelude::*;

use super::level::LevelBadge;
use super::preview::Shown;
use crate::ui::simulation_runner::Treatment as Runner;
use crate::ui::workspace::today;
use residual_engine::assess::risk_state::{RiskState, scores, treatment_of};
use residual_engine::io::money::{parse_amount, parse_number};
use residual_engine::model::catalogue::annex_a;
use residual_engine::model::control::{Control, ControlStatus, Effect, ReducedFactor};
use residual_engine::model::register::Register;
use residual_engine::model::treatment::{Transfer, TreatmentOption};
use residual_engine::treat::acceptance::status as acceptance_status;
use residual_engine::treat::treatment_plan::{centre_of, link, treatment_mut, unlink, with_centre};

fn control_mut<'a>(r: &'a mut Register, id: &str) -> Option<&'a mut Control> {
    r.controls.iter_mut().find(|c| c.id == id)
}

#[component]
pub fn RiskTreatmentForm(risk: String) -> impl IntoView {
    let shown = expect_context::<Shown>();
    let error = RwSignal::new(None::<String>);
    // An option the register cannot take yet (avoid without a rationale): kept as a
    // draft, shown in the select, and saved with the rationale once it is written.
    let pending_option = RwSignal::new(None::<TreatmentOption>);
    let rationale_error = RwSignal::new(None::<String>);
    let choose = move |r: &mut Register, risk: &str, option: TreatmentOption| {
        let t = treatment_mut(r, risk);
        t.option = option;
        if option == TreatmentOption::Share && t.transfer.is_none() {
            t.transfer = Some(Transfer::starting_terms());
        }
    };
    let risk_for_option = risk.clone();
    let set_option = move |ev| {
        if let Some(option) = TreatmentOption::parse(&event_target_value(&ev)) {
            let risk = risk_for_option.clone();
            match shown.try_commit(|r| choose(r, &risk, option)) {
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
    let risk_for_rationale = risk.clone();
    let set_rationale = move |ev| {
        let text = event_target_value(&ev);
        let risk = risk_for_rationale.clone();
        let pending = pending_option.get_untracked();
        let outcome = shown.try_commit(|r| {
            if let Some(option) = pending {
                choose(r, &risk, option);
            }
            treatment_mut(r, &risk).rationale = text;
        });
        match outcome {
            Ok(()) => {
                pending_option.set(None);
                rationale_error.set(None);
            }
            Err(problems) => {
                rationale_error.set(Some(match problems.iter().find(|p| p.path.ends_with(".rationale")) {
                    Some(_) => "Rationale: it must not be empty while the option is \"Avoid\".".to_string(),
                    None => residual_engine::io::edit::describe(&problems),
                }))
            }
        }
    };
    let risk_for_add = risk.clone();
    let add = move |ev| {
        let id = event_target_value(&ev);
        if id.is_empty() {
            return;
        }
        let risk = risk_for_add.clone();
        // A refused link (an excluded control) changes nothing; the reason shows below.
        let mut refused = None;
        shown.commit(|r| refused = link(r, &risk, &id).err());
        error.set(refused);
    };
    let risk_id = risk.clone();
    move || {
        let r = shown.register.get();
        let Some(this) = r.risks.iter().find(|x| x.id == risk_id).cloned() else {
            return view! { <p class="hint">"Choose a risk."</p> }.into_any();
        };
        let treatment = treatment_of(&r, &this.id).cloned();
        let option = pending_option
            .get()
            .map(TreatmentOption::as_str)
            .unwrap_or_else(|| treatment.as_ref().map_or("", |t| t.option.as_str()))
            .to_string();
        let linked: Vec<Control> = treatment
            .as_ref()
            .map(|t| {
                t.controls
                    .iter()
                    .filter_map(|id| r.controls.iter().find(|c| &c.id == id).cloned())
                    .collect()
            })
            .unwrap_or_default();
        let transfer = treatment
            .as_ref()
            .filter(|t| t.option == TreatmentOption::Share)
            .and_then(|t| t.transfer.clone());
        let rows = linked
            .into_iter()
            .map(|c| view! { <ControlRow risk=this.id.clone() control=c /> })
            .collect_view();
        let own_unlinked: Vec<(String, String)> = r
            .controls
            .iter()
            .filter(|c| !treatment.as_ref().is_some_and(|t| t.controls.contains(&c.id)))
            .map(|c| (c.id.clone(), c.title.clone()))
            .collect();
        let catalogue: Vec<(String, String)> = annex_a()
            .controls
            .iter()
            .filter(|c| !r.controls.iter().any(|x| x.id == c.id))
            .map(|c| (c.id.clone(), c.title.clone()))
            .collect();
        view! {
            <div class="treatment-form" data-testid="treatment-form">
                <h3>{format!("{} {}", this.id, this.title)}</h3>
                <p class="muted">{format!("Owner: {}", this.owner)}</p>
                <div class="form-row">
                    <label>
                        "Treatment option "
                        <select data-testid="treatment-option" on:change=set_option.clone() prop:value=option.clone()>
                            <option value="" disabled=true selected=option.is_empty()>"— choose —"</option>
                            {TreatmentOption::ALL.into_iter().map(|o| view! { <option value=o.as_str() selected=o.as_str() == option>{o.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="grow">
                        "Rationale "
                        <input type="text" data-testid="treatment-rationale" prop:value=treatment.as_ref().map(|t| t.rationale.clone()).unwrap_or_default() on:change=set_rationale.clone()
                            class:invalid=move || rationale_error.with(Option::is_some)
                            aria-invalid=move || rationale_error.with(Option::is_some).then_some("true")
                            aria-describedby="rationale-error" />
                    </label>
                </div>
                <p class="field-error" id="rationale-error" data-testid="rationale-error" aria-live="assertive">{move || rationale_error.get()}</p>
                {transfer.map(|t| view! { <TransferFields risk=this.id.clone() transfer=t error=error /> })}
                <table class="controls-table" data-testid="linked-controls">
                    <caption>"Controls for this risk"</caption>
                    <thead>
                        <tr><th>"Control"</th><th>"Status"</th><th>"Owner / due"</th><th>"Costs"</th><th>"Effect"</th><th></th></tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <label class="add-control">
                    "Add a control "
                    <select data-testid="add-control" on:change=add.clone()>
                        <option value="" selected=true>"— choose a control —"</option>
                        <optgroup label="This register's controls">
                            {own_unlinked.into_iter().map(|(id, title)| view! { <option value=id.clone()>{format!("{id} {title}")}</option> }).collect_view()}
                        </optgroup>
                        <optgroup label="ISO/IEC 27001:2022 Annex A">
                            {catalogue.into_iter().map(|(id, title)| view! { <option value=id.clone()>{format!("{id} {title}")}</option> }).collect_view()}
                        </optgroup>
                    </select>
                </label>
                <OwnControl risk=this.id.clone() error=error />
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </div>
        }
        .into_any()
    }
}

/// Adds an organisation-specific control ("ORG-n") and links it to the risk.
#[component]
fn OwnControl(risk: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let shown = expect_context::<Shown>();
    let title = RwSignal::new(String::new());
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
                <input type="text" data-testid="own-control-title" placeholder="e.g. Dual approval of supplier bank changes" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
            </label>
            <button type="button" class="secondary" data-testid="add-own-control" on:click=add>"Add own control"</button>
        </div>
    }
}

/// The terms of a transfer, each its own field.
#[derive(Clone, Copy, PartialEq)]
enum TransferTerm {
    Deductible,
    Share,
    Cap,
    Premium,
}

impl TransferTerm {
    fn label(self) -> &'static str {
        match self {
            TransferTerm::Deductible => "Deductible",
            TransferTerm::Share => "Share %",
            TransferTerm::Cap => "Cap / year",
            TransferTerm::Premium => "Premium / year",
        }
    }

    fn testid(self) -> &'static str {
        match self {
            TransferTerm::Deductible => "transfer-deductible",
            TransferTerm::Share => "transfer-share",
            TransferTerm::Cap => "transfer-cap",
            TransferTerm::Premium => "transfer-premium",
        }
    }

    /// The term as the form shows it (the share as a percentage).
    fn shown(self, t: &Transfer) -> String {
        match self {
            TransferTerm::Deductible => t.deductible.to_string(),
            TransferTerm::Share => (t.share * 100.0).to_string(),
            TransferTerm::Cap => t.cap.map(|c| c.to_string()).unwrap_or_default(),
            TransferTerm::Premium => t.annual_premium.to_string(),
        }
    }

    /// Reads the typed text into the term, or says why it cannot.
    fn set(self, t: &mut Transfer, text: &str) -> Result<(), String> {
        if self == TransferTerm::Cap && text.trim().is_empty() {
            t.cap = None;
            return Ok(());
        }
        let value = parse_amount(text).map_err(|why| format!("Transfer {}: {why}", self.label()))?;
        match self {
            TransferTerm::Deductible => t.deductible = value,
            TransferTerm::Share if value > 100.0 => return Err("Transfer share: a percentage from 0 to 100".into()),
            TransferTerm::Share => t.share = value / 100.0,
            TransferTerm::Cap => t.cap = Some(value),
            TransferTerm::Premium => t.annual_premium = value,
        }
        Ok(())
    }
}

#[component]
fn TransferFields(risk: String, transfer: Transfer, error: RwSignal<Option<String>>) -> impl IntoView {
    let shown = expect_context::<Shown>();
    let risk_for_force = risk.clone();
    let in_force = transfer.in_force;
    let field = move |term: TransferTerm| {
        let risk = risk.clone();
        let transfer = transfer.clone();
        view! {
            <label>
                {term.label()}" "
                <input type="text" size="10" data-testid=term.testid() prop:value=term.shown(&transfer) on:change=move |ev| {
                    let text = event_target_value(&ev);
                    // Checked on a copy first: a refused term changes nothing.
                    let mut terms = transfer.clone();
                    if let Err(why) = term.set(&mut terms, &text) {
                        error.set(Some(why));
                        return;
                    }
                    error.set(None);
                    let risk = risk.clone();
                    shown.commit(|r| {
                        if let Some(t) = treatment_mut(r, &risk).transfer.as_mut() {
                            let _ = term.set(t, &text);
                        }
                    });
                } />
            </label>
        }
    };
    view! {
        <fieldset class="transfer" data-testid="transfer">
            <legend>"Transfer (insurance): of each year's loss above the deductible, the share is paid, up to the cap"</legend>
            {field(TransferTerm::Deductible)}
            {field(TransferTerm::Share)}
            {field(TransferTerm::Cap)}
            {field(TransferTerm::Premium)}
            <label>
                <input type="checkbox" prop:checked=in_force on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    let risk = risk_for_force.clone();
                    shown.commit(|r| if let Some(t) = treatment_mut(r, &risk).transfer.as_mut() { t.in_force = on });
                } />
                " In force now (counts in the current risk)"
            </label>
        </fieldset>
    }
}

/// The two scales a control's effect takes levels off.
#[derive(Clone, Copy)]
enum LevelsAxis {
    Likelihood,
    Impact,
}

impl LevelsAxis {
    fn name(self) -> &'static str {
        match self {
            LevelsAxis::Likelihood => "likelihood",
            LevelsAxis::Impact => "impact",
        }
    }

    fn caption(self) -> &'static str {
        match self {
            LevelsAxis::Likelihood => "L −",
            LevelsAxis::Impact => "I −",
        }
    }

    fn of(self, effect: &mut Effect) -> &mut u8 {
        match self {
            LevelsAxis::Likelihood => &mut effect.likelihood_levels,
            LevelsAxis::Impact => &mut effect.impact_levels,
        }
    }
}

/// The text fields of a control's row, each its own field.
#[derive(Clone, Copy, PartialEq)]
enum ControlField {
    Owner,
    DueDate,
    OneOffCost,
    AnnualCost,
}

impl ControlField {
    /// The field's name in test ids and error ids.
    fn name(self) -> &'static str {
        match self {
            ControlField::Owner => "owner",
            ControlField::DueDate => "due",
            ControlField::OneOffCost => "one-off",
            ControlField::AnnualCost => "annual",
        }
    }

    fn caption(self) -> &'static str {
        match self {
            ControlField::Owner => "Owner",
            ControlField::DueDate => "Due date",
            ControlField::OneOffCost => "One-off cost",
            ControlField::AnnualCost => "Annual cost",
        }
    }

    /// Reads the typed text into the field, or says why it cannot (a cost that is not an
    /// amount). A date the register cannot hold is refused by the register's checks.
    fn set(self, c: &mut Control, text: &str) -> Result<(), String> {
        match self {
            ControlField::Owner => c.owner = text.to_string(),
            ControlField::DueDate => c.due_date = (!text.trim().is_empty()).then(|| text.to_string()),
            ControlField::OneOffCost => c.one_off_cost = parse_amount(text)?,
            ControlField::AnnualCost => c.annual_cost = parse_amount(text)?,
        }
        Ok(())
    }
}

#[component]
fn ControlRow(risk: String, control: Control) -> impl IntoView {
    let shown = expect_context::<Shown>();
    let id = control.id.clone();
    let others: Vec<String> = shown.register.with_untracked(|r| {
        r.linked_risks(&id)
            .into_iter()
            .filter(|x| *x != risk)
            .map(String::from)
            .collect()
    });
    let status_id = id.clone();
    let set_status = move |ev| {
        if let Some(status) = ControlStatus::parse(&event_target_value(&ev)) {
            let id = status_id.clone();
            shown.commit(|r| {
                if let Some(c) = control_mut(r, &id) {
                    c.status = status
                }
            });
        }
    };
    // A refused value (a cost past the limit, a date the register cannot hold) is shown
    // beside its field and changes nothing.
    let field_error = RwSignal::new(None::<(&'static str, String)>);
    let text_field = |field: ControlField, value: String, size: &'static str| {
        let id = id.clone();
        let (name, caption) = (field.name(), field.caption());
        let kind = if field == ControlField::DueDate { "date" } else { "text" };
        let error_id = format!("control-{}-{name}-error", id.replace('.', "-"));
        let described_by = error_id.clone();
        view! {
            <label class="mini">{caption}<input type=kind size=size data-testid=format!("control-{name}") prop:value=value placeholder=name
                class:invalid=move || field_error.with(|e| e.as_ref().is_some_and(|(f, _)| *f == name))
                aria-describedby=described_by
                on:change=move |ev| {
                let text = event_target_value(&ev);
                let id = id.clone();
                // Checked on a copy first: a cost that is not an amount is refused here,
                // with the reason, and changes nothing.
                let mut probe = Control::planned(&id, "");
                if let Err(reason) = field.set(&mut probe, &text) {
                    field_error.set(Some((name, format!("{caption}: {reason}"))));
                    return;
                }
                let outcome = shown.try_commit(|r| if let Some(c) = control_mut(r, &id) {
                    let _ = field.set(c, &text);
                });
                field_error.set(outcome.err().map(|problems| (name, format!("{caption}: {}", problems.first().map_or(String::new(), |p| p.message.clone())))));
            } />
            <span class="field-error" id=error_id aria-live="assertive">{move || field_error.get().filter(|(f, _)| *f == name).map(|(_, m)| m)}</span>
            </label>
        }
    };
    let reductions = control
        .effect
        .reductions
        .iter()
        .enumerate()
        .map(|(k, reduction)| {
            let (slide_id, commit_id, factor_id) = (id.clone(), id.clone(), id.clone());
            let centre = (centre_of(&reduction.effectiveness) * 100.0).round();
            let factor = reduction.factor;
            let apply = move |r: &mut Register, id: &str, value: f64| {
                if let Some(rd) = control_mut(r, id).and_then(|c| c.effect.reductions.get_mut(k)) {
                    rd.effectiveness = with_centre(&rd.effectiveness, value / 100.0);
                }
            };
            let range = reduction.effectiveness.range();
            view! {
                <div class="reduction">
                    <select data-testid="reduction-factor" on:change=move |ev| {
                        if let Some(f) = ReducedFactor::parse(&event_target_value(&ev)) {
                            let id = factor_id.clone();
                            shown.commit(|r| if let Some(rd) = control_mut(r, &id).and_then(|c| c.effect.reductions.get_mut(k)) { rd.factor = f });
                        }
                    }>
                        {ReducedFactor::ALL.into_iter().map(|f| view! { <option value=f.as_str() selected=f == factor>{f.label()}</option> }).collect_view()}
                    </select>
                    <input type="range" min="0" max="100" step="1" data-testid="effectiveness" aria-label=format!("{} effectiveness of {}", factor.label(), id)
                        prop:value=centre.to_string()
                        on:input=move |ev| {
                            if let Ok(v) = parse_number(&event_target_value(&ev)) {
                                let id = slide_id.clone();
                                shown.preview(|r| apply(r, &id, v));
                            }
                        }
                        on:change=move |ev| {
                            if let Ok(v) = parse_number(&event_target_value(&ev)) {
                                let id = commit_id.clone();
                                shown.commit(|r| apply(r, &id, v));
                            }
                        } />
                    <span class="muted">{format!("−{centre:.0}% ({:.0}–{:.0}%)", range.0 * 100.0, range.1 * 100.0)}</span>
                </div>
            }
        })
        .collect_view();
    let levels = |axis: LevelsAxis, value: u8| {
        let id = id.clone();
        let name = axis.name();
        view! {
            <label class="levels">
                {axis.caption()}
                <input type="number" min="0" max=Effect::MAX_LEVELS step="1" data-testid=format!("levels-{name}") prop:value=value.to_string()
                    class:invalid=move || field_error.with(|e| e.as_ref().is_some_and(|(f, _)| *f == name))
                    on:change=move |ev| {
                    let levels = match Effect::parse_levels(&event_target_value(&ev)) {
                        Ok(levels) => levels,
                        Err(why) => {
                            field_error.set(Some((name, format!("{}: {why}", axis.caption()))));
                            return;
                        }
                    };
                    field_error.set(None);
                    let id = id.clone();
                    shown.commit(|r| if let Some(c) = control_mut(r, &id) { *axis.of(&mut c.effect) = levels });
                } />
                <span class="field-error" aria-live="assertive">{move || field_error.get().filter(|(f, _)| *f == name).map(|(_, m)| m)}</span>
            </label>
        }
    };
    let unlink_id = id.clone();
    let unlink_risk = risk.clone();
    let shared = (!others.is_empty())
        .then(|| view! { <span class="muted">{format!(" also treats {}", others.join(", "))}</span> });
    view! {
        <tr data-testid="control-row" data-control=id.clone()>
            <td><strong>{id.clone()}</strong>" "{control.title.clone()}{shared}</td>
            <td>
                <select data-testid="control-status" on:change=set_status>
                    {ControlStatus::ALL.into_iter().map(|s| view! { <option value=s.as_str() selected=s == control.status>{s.label()}</option> }).collect_view()}
                </select>
            </td>
            <td>{text_field(ControlField::Owner, control.owner.clone(), "14")}" "{text_field(ControlField::DueDate, control.due_date.clone().unwrap_or_default(), "10")}</td>
            <td>{text_field(ControlField::OneOffCost, control.one_off_cost.to_string(), "8")}" "{text_field(ControlField::AnnualCost, control.annual_cost.to_string(), "8")}</td>
            <td>{reductions}{levels(LevelsAxis::Likelihood, control.effect.likelihood_levels)}{levels(LevelsAxis::Impact, control.effect.impact_levels)}</td>
            <td>
                <button type="button" class="secondary small" data-testid="unlink-control" title="Remove from this risk" on:click=move |_| {
                    let (risk, id) = (unlink_risk.clone(), unlink_id.clone());
                    shown.commit(|r| unlink(r, &risk, &id));
                }>"Remove"</button>
            </td>
        </tr>
    }
}

/// The residual risk against the appetite, and its acceptance by the owner.
#[component]
pub fn AcceptancePanel(risk: String) -> impl IntoView {
    let shown = expect_context::<Shown>();
    let runner = expect_context::<Runner>();
    let justification = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let risk_id = risk.clone();
    move || {
        let r = shown.register.get();
        let this = r.risks.iter().find(|x| x.id == risk_id)?.clone();
        let residual = scores(&r, &this, RiskState::Residual);
        let level = residual.and_then(|(l, i)| r.criteria.level(l, i).cloned());
        let within = level.as_ref().map(|l| l.accepted);
        let acceptance = treatment_of(&r, &this.id).and_then(|t| t.acceptance.clone());
        let result = runner.result.get();
        let fresh = result.is_some() && runner.result_key.get() == runner.key(&r);
        let figures = result.filter(|_| fresh).and_then(|res| {
            res.residual
                .risks
                .iter()
                .find(|x| x.id == this.id)
                .map(|x| (x.summary.mean, x.summary.p90))
        });
        let verdict = match within {
            Some(true) => "Within the risk appetite.",
            Some(false) => "Above the risk appetite: accepting it needs a justification the owner signs off.",
            None => "Not scored (or avoided): no level to compare with the appetite.",
        };
        let existing = acceptance.clone().map(|a| {
            let status = acceptance_status(&r, &this.id, &a, &today());
            let figures = match (a.snapshot.mean, a.snapshot.p90) {
                (Some(m), Some(p)) => format!("; residual then: mean {}, P90 {}", residual_engine::io::money::short(m), residual_engine::io::money::short(p)),
                _ => String::new(),
            };
            let class = if status == residual_engine::treat::acceptance::AcceptanceStatus::Valid { "acceptance valid" } else { "acceptance invalid" };
            let rid = this.id.clone();
            view! {
                <div class=class data-testid="acceptance" data-status=format!("{status:?}")>
                    <strong>{status.label()}</strong>
                    {format!(" — by {} on {}, until {}{figures}. \u{201c}{}\u{201d}", a.accepted_by, a.date, a.expires, a.justification)}
                    " "
                    <button type="button" class="secondary small" data-testid="withdraw-acceptance" on:click=move |_| {
                        let rid = rid.clone();
                        shown.commit(|r| treatment_mut(r, &rid).acceptance = None);
                    }>"Withdraw"</button>
                </div>
            }
        });
        let rid = this.id.clone();
        let accept = move |_| {
            let Some(text) = super::required(justification.get_untracked(), error, || {
                "Justification: say why the residual risk is acceptable".into()
            }) else {
                return;
            };
            let rid = rid.clone();
            shown.commit(|r| {
                residual_engine::treat::acceptance::accept(r, &rid, &text, &today(), figures);
            });
            justification.set(String::new());
        };
        Some(view! {
            <div class="acceptance-panel" data-testid="acceptance-panel">
                <h4>"Residual risk and acceptance"</h4>
                <p>
                    "Residual level: " <LevelBadge level=level />
                    {residual.map(|(l, i)| format!(" (L{l}×I{i}) "))}
                    <span data-testid="appetite-verdict">{verdict}</span>
                </p>
                {existing}
                <div class="form-row">
                    <label class="grow">
                        {format!("Accept as {} — justification ", this.owner)}
                        <input type="text" data-testid="acceptance-justification" prop:value=move || justification.get() on:input=move |ev| justification.set(event_target_value(&ev)) />
                    </label>
                    <button type="button" data-testid="accept-risk" on:click=accept>"Accept residual risk"</button>
                </div>
                <p class="muted">"The acceptance records the residual figures now, holds for a year, and is flagged as soon as the risk's analysis, treatment or controls change."</p>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </div>
        })
    }
}

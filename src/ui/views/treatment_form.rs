//! The selected risk's treatment: option and rationale, a transfer when sharing, its
//! controls (one keyed row each, see `control_row`), and adding controls from Annex A
//! or the organisation's own. Made once per selected risk; its parts read narrowed
//! memos of the register, so a slider preview or an edit elsewhere does not rebuild
//! the form, and a half-typed field (the own control's title) survives other edits.

use leptos::prelude::*;

use super::control_row::ControlRow;
use super::preview::Shown;
use residual_engine::assess::risk_state::treatment_of;
use residual_engine::io::money::{grouped, parse_amount};
use residual_engine::model::catalogue::annex_a;
use residual_engine::model::control::Control;
use residual_engine::model::register::Register;
use residual_engine::model::treatment::{Transfer, Treatment, TreatmentOption};
use residual_engine::treat::treatment_plan::{link, treatment_mut};

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
    let choices = Memo::new(move |_| shown.register.with(|r| link_choices(r, &linked.read())));
    let (risk_for_transfer, risk_for_rows, risk_for_own) = (risk.clone(), risk.clone(), risk.clone());
    view! {
        <Show when=move || heading.with(Option::is_some) fallback=|| view! { <p class="hint">"Choose a risk."</p> }>
            <div class="treatment-form" data-testid="treatment-form">
                <h3>{
                    let risk = risk.clone();
                    move || heading.with(|h| h.as_ref().map(|(title, _)| format!("{risk} {title}")))
                }</h3>
                <p class="muted">{move || heading.with(|h| h.as_ref().map(|(_, owner)| format!("Owner: {owner}")))}</p>
                <OptionFields risk=risk.clone() treatment=treatment error=error />
                {
                    let risk = risk_for_transfer.clone();
                    move || transfer.get().map(|t| view! { <TransferFields risk=risk.clone() transfer=t error=error /> })
                }
                <table class="controls-table" data-testid="linked-controls">
                    <caption>"Controls for this risk"</caption>
                    <thead>
                        <tr><th>"Control and status"</th><th>"Owner / due"</th><th>"Costs"</th><th>"Effect"</th></tr>
                    </thead>
                    <tbody>{
                        let risk = risk_for_rows.clone();
                        view! {
                            <For each=move || linked.get() key=|id| id.clone() let:id>
                                <ControlRow risk=risk.clone() id=id />
                            </For>
                        }
                    }</tbody>
                </table>
                <AddControl risk=risk_for_own.clone() choices=choices error=error />
                <OwnControl risk=risk_for_own.clone() error=error />
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
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
    let option = move || {
        pending_option
            .get()
            .map(TreatmentOption::as_str)
            .unwrap_or_else(|| treatment.with(|t| t.as_ref().map_or("", |t| t.option.as_str())))
    };
    view! {
        <div class="form-row">
            <label>
                "Treatment option "
                <select data-testid="treatment-option" on:change=set_option.clone() prop:value=option>
                    <option value="" disabled=true selected=move || option().is_empty()>"— choose —"</option>
                    {TreatmentOption::ALL.into_iter().map(|o| view! {
                        <option value=o.as_str() selected=move || option() == o.as_str()>{o.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="grow">
                "Rationale "
                <input type="text" data-testid="treatment-rationale"
                    prop:value=move || treatment.with(|t| t.as_ref().map(|t| t.rationale.clone()).unwrap_or_default())
                    on:change=set_rationale.clone()
                    class:invalid=move || rationale_error.with(Option::is_some)
                    aria-invalid=move || rationale_error.with(Option::is_some).then_some("true")
                    aria-describedby="rationale-error" />
            </label>
        </div>
        <p class="field-error" id="rationale-error" data-testid="rationale-error" aria-live="assertive">{move || rationale_error.get()}</p>
    }
}

/// Links a control: one of the register's own not yet linked, or one from Annex A. A
/// refused link (an excluded control) changes nothing; the reason shows below.
#[component]
fn AddControl(
    risk: String,
    choices: Memo<(Vec<Choice>, Vec<Choice>)>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let shown = expect_context::<Shown>();
    let risk_for_add = risk.clone();
    let select = NodeRef::<leptos::html::Select>::new();
    let add = move |ev| {
        let id = event_target_value(&ev);
        // Back to the placeholder at once: the chosen control leaves the list, and the
        // browser would otherwise show its neighbour as if it were chosen (and picking
        // the option already shown fires no change).
        if let Some(select) = select.get_untracked() {
            select.set_value("");
        }
        if id.is_empty() {
            return;
        }
        let risk = risk_for_add.clone();
        // A refused link (an excluded control) changes nothing; the reason shows below.
        let mut refused = None;
        shown.commit(|r| refused = link(r, &risk, &id).err());
        error.set(refused);
    };
    view! {
        <label class="add-control">
            "Add a control "
            <select data-testid="add-control" node_ref=select on:change=add.clone()>
                <option value="" selected=true>"— choose a control —"</option>
                <optgroup label="This register's controls">
                    {move || choices.with(|(own, _)| own.iter().map(|(id, title)| view! { <option value=id.clone()>{format!("{id} {title}")}</option> }).collect_view())}
                </optgroup>
                <optgroup label="ISO/IEC 27001:2022 Annex A">
                    {move || choices.with(|(_, annex)| annex.iter().map(|(id, title)| view! { <option value=id.clone()>{format!("{id} {title}")}</option> }).collect_view())}
                </optgroup>
            </select>
        </label>
    }
}

/// A control that can be linked: its id and title.
type Choice = (String, String);

/// The controls that can be linked to a risk whose treatment links `linked`: the
/// register's own not yet linked, and the Annex A controls the register does not have.
fn link_choices(r: &Register, linked: &[String]) -> (Vec<Choice>, Vec<Choice>) {
    let own = r
        .controls
        .iter()
        .filter(|c| !linked.contains(&c.id))
        .map(|c| (c.id.clone(), c.title.clone()))
        .collect();
    let annex = annex_a()
        .controls
        .iter()
        .filter(|c| !r.controls.iter().any(|x| x.id == c.id))
        .map(|c| (c.id.clone(), c.title.clone()))
        .collect();
    (own, annex)
}

/// Adds an organisation-specific control ("ORG-n") and links it to the risk.
#[component]
fn OwnControl(risk: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let shown = expect_context::<Shown>();
    // The title being typed is a draft (a tab switch or a reload keeps it).
    let drafts = expect_context::<crate::ui::drafts::Drafts>();
    let register_id = expect_context::<crate::ui::workspace::Workspace>()
        .open_id
        .get_untracked();
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
                    d.control = (!text.trim().is_empty()).then_some(crate::ui::drafts::Draft {
                        editing: Some(risk),
                        item: text,
                    });
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
            TransferTerm::Deductible => grouped(t.deductible),
            TransferTerm::Share => (t.share * 100.0).to_string(),
            TransferTerm::Cap => t.cap.map(grouped).unwrap_or_default(),
            TransferTerm::Premium => grouped(t.annual_premium),
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

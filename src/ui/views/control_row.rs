//! One linked control's row in the treatment form: status, owner, due date, costs, and
//! its effect (factor reductions with effectiveness sliders, levels down). The row is
//! made once per control and kept while the control stays linked (a keyed `<For>`);
//! its fields read the control reactively, so an edit elsewhere, or a slider preview
//! of another control, leaves it (and anything half-typed in it) alone.

use leptos::prelude::*;

use super::preview::Shown;
use crate::ui::typed::FieldInput;
use crate::ui::workspace::Workspace;
use residual_engine::io::money::parse_number;
use residual_engine::model::control::{Control, ControlStatus, Effect, ReducedFactor};
use residual_engine::model::register::Register;
use residual_engine::treat::inline_field::{ControlPart, InlineField};
use residual_engine::treat::treatment_plan::{CENTRES, centre_of, unlink, with_centre};

fn control_mut<'a>(r: &'a mut Register, id: &str) -> Option<&'a mut Control> {
    r.controls.iter_mut().find(|c| c.id == id)
}

/// A refused value (a cost past the limit, a date the register cannot hold, levels out
/// of range) is shown beside its field and changes nothing, each field its own.
type FieldError = RwSignal<Option<String>>;

#[component]
pub fn ControlRow(risk: String, id: String) -> impl IntoView {
    let shown = expect_context::<Shown>();
    // Only this control: a change to another control does not reach this row.
    let control = {
        let id = id.clone();
        Memo::new(move |_| shown.register.with(|r| r.controls.iter().find(|c| c.id == id).cloned()))
    };
    let others = {
        let (id, risk) = (id.clone(), risk.clone());
        Memo::new(move |_| {
            shown.register.with(|r| {
                r.linked_risks(&id)
                    .into_iter()
                    .filter(|x| *x != risk)
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
        })
    };
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
    // The risk's level follows its FAIR model: the score fields do not move it.
    let follows_model = {
        let risk = risk.clone();
        Memo::new(move |_| {
            shown.register.with(|r| {
                r.risks.iter().find(|x| x.id == risk).is_some_and(|x| {
                    matches!(
                        residual_engine::treat::state_levels::state_score(
                            r,
                            x,
                            residual_engine::assess::risk_state::RiskState::Residual,
                        )
                        .basis,
                        residual_engine::treat::state_levels::Basis::Model { .. }
                    )
                })
            })
        })
    };
    let model_risk = risk.clone();
    // An Annex A control whose effect is still the one its ISO/IEC 27002 type gave says so.
    let starting_reason = Memo::new(move |_| {
        control.with(|c| {
            let c = c.as_ref()?;
            let entry = residual_engine::model::catalogue::annex_a().control(&c.id)?;
            let types = &entry.attributes.control_type;
            (c.effect.reductions == Effect::starting(types).reductions).then(|| Effect::starting_reason(types))
        })
    });
    let reduction_count = Memo::new(move |_| control.with(|c| c.as_ref().map_or(0, |c| c.effect.reductions.len())));
    let (unlink_id, unlink_risk) = (id.clone(), risk.clone());
    let reduction_id = id.clone();
    view! {
        <tr data-testid="control-row" data-control=id.clone()>
            <td>
                <strong>{id.clone()}</strong>
                " "
                {move || control.with(|c| c.as_ref().map(|c| c.title.clone()))}
                {move || {
                    others
                        .with(|o| {
                            (!o.is_empty())
                                .then(|| {
                                    view! { <span class="muted">{format!(" also treats {}", o.join(", "))}</span> }
                                })
                        })
                }}
                <div class="control-actions">
                    <label class="mini">
                        "Status"
                        <select
                            data-testid="control-status"
                            on:change=set_status
                            prop:value=move || control.with(|c| c.as_ref().map_or("", |c| c.status.as_str()))
                        >
                            {ControlStatus::ALL
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <option
                                            value=s.as_str()
                                            selected=move || control.with(|c| c.as_ref().is_some_and(|c| c.status == s))
                                        >
                                            {s.label()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <button
                        type="button"
                        class="secondary small"
                        data-testid="unlink-control"
                        title="Remove from this risk"
                        on:click=move |_| {
                            let (risk, id) = (unlink_risk.clone(), unlink_id.clone());
                            shown.commit(|r| unlink(r, &risk, &id));
                        }
                    >
                        "Remove"
                    </button>
                </div>
            </td>
            <td>
                <ControlText id=id.clone() part=ControlPart::Owner />
                " "
                <ControlText id=id.clone() part=ControlPart::DueDate />
            </td>
            <td>
                <ControlText id=id.clone() part=ControlPart::OneOffCost />
                " "
                <ControlText id=id.clone() part=ControlPart::AnnualCost />
            </td>
            <td>
                <For each=move || 0..reduction_count.get() key=|k| *k let:k>
                    <ReductionSlider id=reduction_id.clone() k=k control=control />
                </For>
                {move || {
                    starting_reason
                        .get()
                        .map(|why| {
                            view! {
                                <p class="hint" data-testid="effect-origin">
                                    {why}
                                </p>
                            }
                        })
                }}
                <div
                    class="score-effect"
                    title="The qualitative effect: how many levels the control lowers the risk's likelihood and impact scores by (the slider above is its quantitative effect on the FAIR model)"
                >
                    <span class="hint">"Lowers the score by "</span>
                    <Levels id=id.clone() part=ControlPart::LikelihoodLevels />
                    <Levels id=id.clone() part=ControlPart::ImpactLevels />
                    {move || {
                        follows_model
                            .get()
                            .then(|| {
                                view! {
                                    <span class="hint" data-testid="score-fields-unused">
                                        {format!(
                                            "{}'s level follows its FAIR model, so these count only for risks that follow the score fields.",
                                            model_risk,
                                        )}
                                    </span>
                                }
                            })
                    }}
                </div>
            </td>
        </tr>
    }
}

/// One text field of the row; a refused value is shown beside it.
#[component]
fn ControlText(id: String, part: ControlPart) -> impl IntoView {
    let register = expect_context::<Workspace>().open_id.get_untracked();
    let error: FieldError = RwSignal::new(None);
    let name = part.as_str();
    let error_id = format!("control-{}-{name}-error", id.replace('.', "-"));
    let (kind, size) = match part {
        ControlPart::DueDate => ("date", "10"),
        ControlPart::Owner => ("text", "14"),
        _ => ("text", "8"),
    };
    view! {
        <label class="mini">
            {part.label()}
            <FieldInput
                register=register
                field={InlineField::Control {
                    control: id,
                    part,
                }}
                error=error
                kind={kind}
                {..}
                size=size
                data-testid=format!("control-{name}")
                placeholder=name
                aria-describedby=error_id.clone()
            /> <span class="field-error" id=error_id aria-live="assertive">
                {move || error.get()}
            </span>
        </label>
    }
}

/// One factor reduction: the factor, and its effectiveness on a slider. Dragging
/// previews (nothing saved); letting go saves one undoable edit.
#[component]
fn ReductionSlider(id: String, k: usize, control: Memo<Option<Control>>) -> impl IntoView {
    let shown = expect_context::<Shown>();
    let reduction = Memo::new(move |_| control.with(|c| c.as_ref().and_then(|c| c.effect.reductions.get(k).cloned())));
    let centre = move || {
        reduction.with(|r| {
            r.as_ref()
                .map_or(0.0, |r| (centre_of(&r.effectiveness) * 100.0).round())
        })
    };
    let factor = move || reduction.with(|r| r.as_ref().map_or(ReducedFactor::Frequency, |r| r.factor));
    let apply = move |r: &mut Register, id: &str, value: f64| {
        if let Some(rd) = control_mut(r, id).and_then(|c| c.effect.reductions.get_mut(k)) {
            rd.effectiveness = with_centre(&rd.effectiveness, value / 100.0);
        }
    };
    let (slide_id, commit_id, factor_id, label_id) = (id.clone(), id.clone(), id.clone(), id);
    view! {
        <div class="reduction">
            <select
                data-testid="reduction-factor"
                prop:value=move || factor().as_str()
                on:change=move |ev| {
                    if let Some(f) = ReducedFactor::parse(&event_target_value(&ev)) {
                        let id = factor_id.clone();
                        shown
                            .commit(|r| {
                                if let Some(rd) = control_mut(r, &id).and_then(|c| c.effect.reductions.get_mut(k)) {
                                    rd.factor = f;
                                }
                            });
                    }
                }
            >
                {ReducedFactor::ALL
                    .into_iter()
                    .map(|f| {
                        view! {
                            <option value=f.as_str() selected=move || factor() == f>
                                {f.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <input
                type="range"
                min=format!("{:.0}", CENTRES.start() * 100.0)
                max=format!("{:.0}", CENTRES.end() * 100.0)
                step="1"
                data-testid="effectiveness"
                aria-label=move || format!("{} effectiveness of {}", factor().label(), label_id)
                prop:value=move || centre().to_string()
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
                }
            />
            <span class="muted">
                {move || {
                    reduction
                        .with(|r| {
                            r.as_ref()
                                .map(|r| {
                                    let range = r.effectiveness.range();
                                    format!("−{:.0}% ({:.0}–{:.0}%)", centre(), range.0 * 100.0, range.1 * 100.0)
                                })
                        })
                }}
            </span>
        </div>
    }
}

/// Levels the control takes off linked risks' scores, on one axis: a whole number up to
/// [`Effect::MAX_LEVELS`], refused beside the field otherwise.
#[component]
fn Levels(id: String, part: ControlPart) -> impl IntoView {
    let register = expect_context::<Workspace>().open_id.get_untracked();
    let error: FieldError = RwSignal::new(None);
    let (name, caption) = match part {
        ControlPart::LikelihoodLevels => ("likelihood", "likelihood −"),
        _ => ("impact", "impact −"),
    };
    view! {
        <label class="levels">
            {caption}
            <FieldInput
                register=register
                field={InlineField::Control {
                    control: id,
                    part,
                }}
                error=error
                kind="number"
                {..}
                min="0"
                max=Effect::MAX_LEVELS
                step="1"
                data-testid=format!("levels-{name}")
            /> <span class="field-error" aria-live="assertive">
                {move || error.get()}
            </span>
        </label>
    }
}

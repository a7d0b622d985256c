//! The risk form's quantitative part: the Open FAIR factors, each optional, each an
//! estimate with a distribution. The engine says what is missing or contradictory, by
//! field; the form shows the model's expected annual loss as the estimates change.

use leptos::prelude::*;

use crate::ui::workspace::Workspace;
use residual_engine::assess::qualitative_bridge::anchored_model;
use residual_engine::io::field_label::field_label;
use residual_engine::io::money::whole;
use residual_engine::model::distribution::{Distribution, DistributionKind, Parameter};
use residual_engine::model::fair_factor::{FAIR_SOURCE, Factor};
use residual_engine::model::fair_model::{EventModel, FairModel};
use residual_engine::model::risk::Risk;
use residual_engine::quant::simulation::{ModelSource, RiskModel};

#[component]
pub fn FairFields(
    draft: RwSignal<Risk>,
    problems: RwSignal<Vec<(String, String)>>,
    /// Values typed that will not read, by field: Save refuses while there are any.
    typos: RwSignal<Vec<(String, String)>>,
    /// The problems the draft has now: a shown one not among them is marked fixed.
    now: Memo<Vec<(String, String)>>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let register = workspace.register;
    // The model alone: typing in the risk's other fields neither rebuilds the model for
    // the expected loss nor redraws the factor rows.
    let fair = Memo::new(move |_| draft.with(|d| d.fair.clone()));
    let has_model = move || fair.with(Option::is_some);
    let toggle = move |ev| {
        let on = event_target_checked(&ev);
        typos.set(Vec::new());
        draft.update(|d| {
            d.fair = on.then(|| {
                // Start from what the score already says, through the anchors.
                register
                    .with_untracked(|r| anchored_model(d, &r.criteria).ok())
                    .unwrap_or_else(|| FairModel {
                        loss_event_frequency: Some(Distribution::pert(0.1, 0.5, 2.0)),
                        loss_magnitude: Some(Distribution::Lognormal {
                            low: 10_000.0,
                            high: 500_000.0,
                        }),
                        ..Default::default()
                    })
            });
        });
    };
    let set_event_model = move |ev| {
        let Some(model) = EventModel::parse(&event_target_value(&ev)) else {
            return;
        };
        draft.update(|d| {
            if let Some(fair) = d.fair.as_mut() {
                fair.event_model = model;
            }
        });
    };
    let expected =
        move || {
            // A value typed that does not read: the figure would be the last good one's,
            // so none is shown until it reads.
            if let Some(why) = typos.with(|t| {
                t.iter()
                    .find(|(k, _)| k.starts_with("fair."))
                    .map(|(k, why)| format!("No expected loss yet: {}: {why}", field_label(k)))
            }) {
                return Some(why);
            }
            fair.with(|fair| {
            // An estimate that does not hold together says why at once, by field, rather
            // than only when saved.
            let model = match RiskModel::new("draft", fair.as_ref()?, ModelSource::Fair, "fair") {
                Ok(model) => model,
                Err(problems) => {
                    let first = problems.first()?;
                    return Some(format!("No expected loss yet: {}: {}", field_label(&first.path), first.message));
                }
            };
            let mean = model.analytic_mean();
            // Beyond the largest impact anchor a hundredfold, an estimate is more likely a
            // slip of units or zeros than a real exposure: say so, without refusing it.
            let ceiling = register.with_untracked(|r| {
                r.criteria.impact.iter().filter_map(|l| l.anchor.map(|a| a.high)).fold(0.0, f64::max) * 100.0
            });
            let check = if ceiling > 0.0 && mean > ceiling {
                format!(
                    " — more than a hundred times the top of the impact scale ({}): check the amounts and their units",
                    whole(ceiling / 100.0)
                )
            } else {
                String::new()
            };
            Some(format!(
                "Expected annual loss ≈ {} {}{check}",
                whole(mean),
                register.with_untracked(|r| r.currency.clone())
            ))
        })
        };
    let model_errors = move || {
        problems.with(|ps| {
            ps.iter()
                .filter(|(f, _)| f.starts_with("fair"))
                .map(|(f, m)| {
                    let fixed = !now.with(|n| n.iter().any(|(g, w)| g == f && w == m));
                    view! {
                        <li class="field-error" class:fixed=fixed data-field=f.clone()>
                            {format!("{}: {m}", field_label(f))}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <fieldset class="fair-form" data-testid="fair-form">
            <legend>"Quantitative analysis (Open FAIR)"</legend>
            <label class="check">
                <input type="checkbox" data-testid="fair-enabled" prop:checked=has_model on:change=toggle />
                " Estimate this risk with a FAIR model"
            </label>
            <Show
                when=has_model
                fallback=|| {
                    view! {
                        <p class="hint">
                            "Without a FAIR model the simulation uses the criteria's anchors for this risk's likelihood and impact scores."
                        </p>
                    }
                }
            >
                <label class="field">
                    <span>"Loss events"</span>
                    <select
                        data-testid="fair-event-model"
                        on:change=set_event_model
                        prop:value=move || fair.with(|f| f.as_ref().map_or("poisson", |f| f.event_model.as_str()))
                    >
                        {EventModel::ALL
                            .into_iter()
                            .map(|m| view! { <option value=m.as_str()>{m.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <p class="hint">
                    "Give each factor at the level you have data for: a factor, or the factors below it."
                </p>
                <table class="fair-factors">
                    <tbody>
                        {Factor::ALL
                            .into_iter()
                            .map(|factor| view! { <FactorRow draft=draft fair=fair typos=typos factor=factor /> })
                            .collect_view()}
                    </tbody>
                </table>
                <ul class="fair-errors">{model_errors}</ul>
                <p class="expected" data-testid="fair-expected">
                    {expected}
                </p>
            </Show>
        </fieldset>
    }
}

/// The draft key prefix of the FAIR form's fields (ended with the risk form).
pub const FAIR_FIELDS: &str = "risk-form/fair/";

#[component]
fn FactorRow(
    draft: RwSignal<Risk>,
    fair: Memo<Option<FairModel>>,
    typos: RwSignal<Vec<(String, String)>>,
    factor: Factor,
) -> impl IntoView {
    let (name, label, depth) = (factor.as_str(), factor.form_label(), factor.depth());
    let typo = RwSignal::new(None::<String>);
    let current = move || fair.with(|f| f.as_ref().and_then(|f| f.get(factor)).cloned());
    let set_kind = move |ev| {
        let kind = DistributionKind::parse(&event_target_value(&ev));
        // The new kind's fields show the draft's values: nothing typed is left unread.
        let prefix = format!("fair.{name}.");
        typos.update(|t| t.retain(|(k, _)| !k.starts_with(&prefix)));
        typo.set(None);
        // What was typed into the old kind's fields goes with them.
        let register = expect_context::<Workspace>().open_id.get_untracked();
        expect_context::<crate::ui::drafts::Drafts>().clear_fields(&register, &format!("{FAIR_FIELDS}{name}/"));
        draft.update(|d| {
            let Some(fair) = d.fair.as_mut() else { return };
            let bounds = factor.bounds(fair.event_model);
            let slot = fair.slot_mut(factor);
            let (min, max) = factor.starting_range();
            let like = slot.clone().unwrap_or(Distribution::Uniform { min, max });
            *slot = kind.map(|kind| Distribution::of_kind(kind, Some(&like), bounds));
        });
    };
    // The parameters are drawn once per kind of distribution; each field reads its own
    // value, so taking one field's text redraws no other (nor the one being typed in).
    let kind = Memo::new(move |_| current().map(|d| d.kind()));
    let register_id = expect_context::<Workspace>().open_id.get_untracked();
    let parameters = move || {
        if kind.get() == Some(DistributionKind::Empirical) {
            return view! { <EmpiricalValues draft fair typos typo factor /> }.into_any();
        }
        let parameters: &'static [Parameter] = untrack(current).map_or(&[], |d| d.kind().parameters());
        parameters
            .iter()
            .map(|&parameter| {
                let key = format!("fair.{name}.{}", parameter.as_str());
                let value = Signal::derive(move || {
                    current()
                        .and_then(|d| d.get(parameter))
                        .map(residual_engine::io::money::grouped)
                        .unwrap_or_default()
                });
                // A number that will not read is refused here, with the field named, and
                // the draft keeps its last good value (a NaN in the draft could not be
                // kept over a reload); the typed text stays in the field.
                let commit = Callback::new(move |(text, _): (String, Option<String>)| {
                    typos.update(|t| t.retain(|(k, _)| *k != key));
                    match residual_engine::io::money::parse_number(&text) {
                        Ok(v) => {
                            typo.set(None);
                            let mut refused = None;
                            draft.update(|d| {
                                if let Some(Some(dist)) = d.fair.as_mut().map(|f| f.slot_mut(factor)) {
                                    refused = dist.set(parameter, v).err();
                                }
                            });
                            // The fields are drawn for the estimate's kind, so a parameter
                            // the kind lacks means the kind changed under the field.
                            match refused {
                                None => Ok(()),
                                Some(why) => Err(residual_engine::treat::inline_field::Refusal::Invalid(format!(
                                    "{}: {why}",
                                    factor.label()
                                ))),
                            }
                        }
                        Err(why) => {
                            let message = format!("{}, {}: {why}", factor.label(), parameter.label());
                            typo.set(Some(message.clone()));
                            typos.update(|t| t.push((key.clone(), why)));
                            Err(residual_engine::treat::inline_field::Refusal::Invalid(message))
                        }
                    }
                });
                view! {
                    <label class="parameter">
                        <span>{parameter.label()}</span>
                        <crate::ui::typed::TypedInput
                            register=register_id.clone()
                            key=format!("{FAIR_FIELDS}{name}/{}", parameter.as_str())
                            value=value
                            commit={commit}
                            {..}
                            inputmode="decimal"
                            size="14"
                            data-testid=format!("fair-{name}-{}", parameter.as_str())
                        />
                    </label>
                }
            })
            .collect_view()
            .into_any()
    };
    let help_open = RwSignal::new(false);
    let help = {
        let (term, what, example) = (factor.term(), factor.help(), factor.example());
        view! {
            <Show when=move || help_open.get()>
                <tr class="factor-help" data-testid=format!("fair-help-{name}")>
                    <td colspan="3">
                        <strong>{term}</strong>
                        ": "
                        {what}
                        " "
                        <em>{format!("Example: {example}")}</em>
                        " "
                        <span class="source">{FAIR_SOURCE}</span>
                    </td>
                </tr>
            </Show>
        }
    };
    view! {
        <tr class=format!("depth-{depth}")>
            <th scope="row">
                {label}" "
                <button
                    type="button"
                    class="info"
                    data-testid=format!("fair-info-{name}")
                    aria-label=format!("What is {}?", factor.label())
                    aria-expanded=move || help_open.get().to_string()
                    on:click=move |_| help_open.update(|o| *o = !*o)
                >
                    "i"
                </button>
            </th>
            <td>
                <select
                    data-testid=format!("fair-{name}")
                    on:change=set_kind
                    prop:value=move || current().map_or("", |d| d.name()).to_string()
                >
                    <option value="">"—"</option>
                    {DistributionKind::ALL
                        .into_iter()
                        .map(|k| view! { <option value=k.as_str()>{k.label()}</option> })
                        .collect_view()}
                </select>
            </td>
            <td class="parameters">
                {parameters}
                {move || {
                    typo.get()
                        .map(|t| {
                            view! {
                                <span class="field-error" role="alert" data-testid=format!("fair-{name}-typo")>
                                    {t}
                                </span>
                            }
                        })
                }}
            </td>
        </tr>
        {help}
    }
}

/// The most values an empirical estimate shows for editing; more (pyfair's raw samples)
/// are summarised.
const EDITABLE_VALUES: usize = 200;

/// An empirical estimate's values: typed or pasted (semicolons, tabs or one per line),
/// or, past [`EDITABLE_VALUES`], summarised.
#[component]
fn EmpiricalValues(
    draft: RwSignal<Risk>,
    fair: Memo<Option<FairModel>>,
    typos: RwSignal<Vec<(String, String)>>,
    typo: RwSignal<Option<String>>,
    factor: Factor,
) -> impl IntoView {
    use residual_engine::io::money::{grouped_list, parse_numbers, short};
    let name = factor.as_str();
    let values = move || {
        fair.with(|f| match f.as_ref().and_then(|f| f.get(factor)) {
            Some(Distribution::Empirical { values }) => values.clone(),
            _ => Vec::new(),
        })
    };
    let count = Memo::new(move |_| values().len());
    let key = format!("fair.{name}.values");
    let commit = Callback::new(move |(text, _): (String, Option<String>)| {
        typos.update(|t| t.retain(|(k, _)| *k != key));
        match parse_numbers(&text) {
            Ok(list) => {
                typo.set(None);
                draft.update(|d| {
                    if let Some(slot @ Some(Distribution::Empirical { .. })) =
                        d.fair.as_mut().map(|f| f.slot_mut(factor))
                    {
                        *slot = Some(Distribution::empirical(list));
                    }
                });
                Ok(())
            }
            Err(why) => {
                let message = format!("{}, values: {why}", factor.label());
                typo.set(Some(message.clone()));
                typos.update(|t| t.push((key.clone(), why)));
                Err(residual_engine::treat::inline_field::Refusal::Invalid(message))
            }
        }
    });
    let register_id = expect_context::<Workspace>().open_id.get_untracked();
    move || {
        if count.get() > EDITABLE_VALUES {
            let all = values();
            let mean = all.iter().sum::<f64>() / all.len() as f64;
            let (low, high) = (all[0], all[all.len() - 1]);
            return view! {
                <span class="parameter empirical-summary" data-testid=format!("fair-{name}-values-summary")>
                    {format!(
                        "{} values, each equally likely: mean {}, from {} to {}. Too many to edit here; choose another kind to replace them.",
                        whole(all.len() as f64),
                        short(mean),
                        short(low),
                        short(high),
                    )}
                </span>
            }
                .into_any();
        }
        let value = Signal::derive(move || grouped_list(&values()));
        view! {
            <label class="parameter empirical">
                <span>"values (each equally likely; separate by ; or one per line)"</span>
                <crate::ui::typed::TypedInput
                    register=register_id.clone()
                    key=format!("{FAIR_FIELDS}{name}/values")
                    value=value
                    commit={commit}
                    kind="textarea"
                    {..}
                    inputmode="decimal"
                    rows="3"
                    cols="40"
                    data-testid=format!("fair-{name}-values")
                />
            </label>
        }
        .into_any()
    }
}

//! Editing a draft of the risk criteria: presets, both scales (3 to 7 levels, with
//! optional anchors), the impact mode, the risk levels with the appetite, and every
//! matrix cell. The draft is only a proposal until the remap preview is confirmed.

use leptos::prelude::*;
use residual_engine::io::money::grouped;

use residual_engine::model::criteria::{
    Anchor, ImpactMode, MatrixStyle, RiskCriteria, RiskLevel, SCALE_LEVELS, ScaleLevel, preset,
};

#[derive(Clone, Copy, PartialEq)]
enum Axis {
    Likelihood,
    Impact,
}

fn scale_mut(criteria: &mut RiskCriteria, axis: Axis) -> &mut Vec<ScaleLevel> {
    match axis {
        Axis::Likelihood => &mut criteria.likelihood,
        Axis::Impact => &mut criteria.impact,
    }
}

/// Adds a level on top of a scale; the matrix grows a row or column copied from its neighbour.
fn add_level(criteria: &mut RiskCriteria, axis: Axis) {
    let scale = scale_mut(criteria, axis);
    let n = scale.len() + 1;
    let anchor = scale.last().and_then(|l| l.anchor).map(|a| Anchor {
        low: a.high,
        high: a.high * 4.0,
    });
    scale.push(ScaleLevel {
        label: format!("Level {n}"),
        description: String::new(),
        anchor,
    });
    match axis {
        Axis::Likelihood => {
            let last = criteria.matrix.last().cloned().unwrap_or_default();
            criteria.matrix.push(last);
        }
        Axis::Impact => {
            for row in &mut criteria.matrix {
                let last = row.last().cloned().unwrap_or_default();
                row.push(last);
            }
        }
    }
}

fn remove_level(criteria: &mut RiskCriteria, axis: Axis, at: usize) {
    scale_mut(criteria, axis).remove(at);
    match axis {
        Axis::Likelihood => {
            criteria.matrix.remove(at);
        }
        Axis::Impact => {
            for row in &mut criteria.matrix {
                row.remove(at);
            }
        }
    }
}

fn parse_amount(text: &str) -> Option<f64> {
    residual_engine::io::money::parse_amount(text).ok()
}

#[component]
pub fn CriteriaEditor(draft: RwSignal<RiskCriteria>) -> impl IntoView {
    view! {
        <div class="criteria-editor">
            <PresetPicker draft=draft />
            <h3>"Risk matrix"</h3>
            <MatrixEditor draft=draft />
            <label class="field">"Impact is scored "
                <select data-testid="impact-mode"
                    prop:value=move || draft.with(|d| d.impact_mode.as_str())
                    on:change=move |ev| {
                        if let Some(mode) = ImpactMode::parse(&event_target_value(&ev)) {
                            draft.update(|d| d.impact_mode = mode);
                        }
                    }>
                    {ImpactMode::ALL.into_iter().map(|m| view! { <option value=m.as_str()>{m.label()}</option> }).collect_view()}
                </select>
            </label>
            <h3>"Risk levels and appetite"</h3>
            <LevelsEditor draft=draft />
            <h3>"Quantitative risk appetite"</h3>
            <super::appetite_editor::AppetiteEditor draft=draft />
            <h3>"Scales"</h3>
            <ScaleEditor draft=draft axis=Axis::Likelihood title="Likelihood" unit="events per year" />
            <ScaleEditor draft=draft axis=Axis::Impact title="Impact" unit="loss per event" />
        </div>
    }
}

/// Replaces the draft's scales, matrix and levels with a preset (keeping its version).
#[component]
fn PresetPicker(draft: RwSignal<RiskCriteria>) -> impl IntoView {
    // The picker starts at the draft's own size (a 5×5 matrix is not offered as "4×4").
    let preset_size = RwSignal::new(draft.with_untracked(|d| d.likelihood.len()).clamp(3, 5));
    let preset_style = RwSignal::new(MatrixStyle::Multiplicative);
    let load_preset = move |_| {
        if let Some(criteria) = preset(preset_size.get_untracked(), preset_style.get_untracked()) {
            draft.update(|d| {
                *d = RiskCriteria {
                    version: d.version,
                    ..criteria
                }
            });
        }
    };
    view! {
        <fieldset class="presets">
            <legend>"Start from a preset"</legend>
            <label>"Size "
                <select data-testid="preset-size" prop:value=move || preset_size.get().to_string()
                    on:change=move |ev| { if let Ok(size) = event_target_value(&ev).parse() { preset_size.set(size) } }>
                    <option value="3">"3 × 3"</option><option value="4">"4 × 4"</option><option value="5">"5 × 5"</option>
                </select>
            </label>
            <label>" Style "
                <select data-testid="preset-style" prop:value=move || preset_style.get().as_str()
                    on:change=move |ev| { if let Some(style) = MatrixStyle::parse(&event_target_value(&ev)) { preset_style.set(style) } }>
                    {MatrixStyle::ALL.into_iter().map(|m| view! { <option value=m.as_str()>{m.label()}</option> }).collect_view()}
                </select>
            </label>
            " "
            <button type="button" data-testid="load-preset" on:click=load_preset>"Use preset"</button>
        </fieldset>
    }
}

/// One scale's levels: label, description, quantitative anchor; add and remove.
#[component]
fn ScaleEditor(draft: RwSignal<RiskCriteria>, axis: Axis, title: &'static str, unit: &'static str) -> impl IntoView {
    let get = move |d: &RiskCriteria| {
        if axis == Axis::Likelihood {
            d.likelihood.clone()
        } else {
            d.impact.clone()
        }
    };
    view! {
        <fieldset class="scale" data-testid=format!("scale-{}", title.to_lowercase())>
            <legend>{title}</legend>
            <table>
                <thead><tr><th>"#"</th><th>"Label"</th><th>"Description"</th><th>{format!("Anchor from ({unit})")}</th><th>"to"</th><th></th></tr></thead>
                <tbody>
                    {move || draft.with(get).into_iter().enumerate().map(|(n, level)| {
                        let count = draft.with(|d| get(d).len());
                        let set_label = move |ev| { let v = event_target_value(&ev); draft.update(|d| scale_mut(d, axis)[n].label = v); };
                        let set_description = move |ev| { let v = event_target_value(&ev); draft.update(|d| scale_mut(d, axis)[n].description = v); };
                        let set_anchor = move |low: bool, text: String| draft.update(|d| {
                            let level = &mut scale_mut(d, axis)[n];
                            let value = parse_amount(&text);
                            let current = level.anchor.unwrap_or(Anchor { low: 0.0, high: 0.0 });
                            level.anchor = match (value, low) {
                                (None, _) if text.trim().is_empty() => None,
                                (None, _) => level.anchor,
                                (Some(v), true) => Some(Anchor { low: v, ..current }),
                                (Some(v), false) => Some(Anchor { high: v, ..current }),
                            };
                        });
                        view! {
                            <tr>
                                <td>{n + 1}</td>
                                <td><input type="text" aria-label=format!("{title} level {} label", n + 1) prop:value=level.label.clone() on:change=set_label /></td>
                                <td><input type="text" class="wide" aria-label=format!("{title} level {} description", n + 1) prop:value=level.description.clone() on:change=set_description /></td>
                                <td><input type="text" inputmode="decimal" aria-label=format!("{title} level {} anchor from", n + 1)
                                    prop:value=level.anchor.map(|a| grouped(a.low)).unwrap_or_default()
                                    on:change=move |ev| set_anchor(true, event_target_value(&ev)) /></td>
                                <td><input type="text" inputmode="decimal" aria-label=format!("{title} level {} anchor to", n + 1)
                                    prop:value=level.anchor.map(|a| grouped(a.high)).unwrap_or_default()
                                    on:change=move |ev| set_anchor(false, event_target_value(&ev)) /></td>
                                <td><button type="button" class="link danger" disabled=count <= *SCALE_LEVELS.start()
                                    on:click=move |_| draft.update(|d| remove_level(d, axis, n))>"Remove"</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <button type="button" class="secondary" disabled=move || draft.with(|d| get(d).len() >= *SCALE_LEVELS.end())
                on:click=move |_| draft.update(|d| add_level(d, axis))>{format!("Add {} level", title.to_lowercase())}</button>
        </fieldset>
    }
}

/// The matrix: a level for each likelihood and impact.
#[component]
fn MatrixEditor(draft: RwSignal<RiskCriteria>) -> impl IntoView {
    move || {
        draft.with(|d| {
        let header = d.impact.iter().map(|s| view! { <th scope="col">{s.label.clone()}</th> }).collect_view();
        let rows = (0..d.likelihood.len()).rev().map(|l| {
            let cells = (0..d.impact.len()).map(|i| {
                let id = d.matrix.get(l).and_then(|row| row.get(i)).cloned().unwrap_or_default();
                let style = d.levels.iter().find(|x| x.id == id).map(super::level::level_style).unwrap_or_default();
                let options = d.levels.iter().map(|x| view! { <option value=x.id.clone() selected=x.id == id>{x.name.clone()}</option> }).collect_view();
                let cell_style = style.clone();
                view! {
                    <td style=cell_style>
                        <select style=style data-testid=format!("matrix-{}-{}", l + 1, i + 1)
                            aria-label=format!("Level for likelihood {} and impact {}", l + 1, i + 1)
                            on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.matrix[l][i] = v); }>
                            {options}
                        </select>
                    </td>
                }
            }).collect_view();
            view! { <tr><th scope="row">{d.likelihood[l].label.clone()}</th>{cells}</tr> }
        }).collect_view();
        view! {
            <table class="matrix" data-testid="risk-matrix">
                <thead><tr><th>"Likelihood ↓ / Impact →"</th>{header}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    })
    }
}

/// The risk levels: name, colour, required action, review interval, appetite.
#[component]
fn LevelsEditor(draft: RwSignal<RiskCriteria>) -> impl IntoView {
    let levels = move || {
        draft.with(|d| d.levels.iter().enumerate().map(|(n, level)| {
        let RiskLevel { name, colour, action, review_interval_days, accepted, .. } = level.clone();
        let used = d.matrix.iter().flatten().any(|id| *id == level.id);
        view! {
            <tr data-testid="level-row">
                <td><input type="text" aria-label="Level name" prop:value=name on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.levels[n].name = v); } /></td>
                <td><input type="color" aria-label="Level colour" prop:value=colour on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.levels[n].colour = v); } /></td>
                <td><input type="text" class="wide" aria-label="Required action" prop:value=action on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.levels[n].action = v); } /></td>
                <td><input type="number" min="1" aria-label="Review interval in days" prop:value=review_interval_days.to_string()
                    on:change=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(0); draft.update(|d| d.levels[n].review_interval_days = v); } /></td>
                <td><input type="checkbox" data-testid=format!("accepted-{}", n) aria-label="Within appetite" prop:checked=accepted
                    on:change=move |ev| { let v = event_target_checked(&ev); draft.update(|d| d.levels[n].accepted = v); } /></td>
                <td><button type="button" class="link danger" disabled=used title="Only a level no matrix cell uses can be removed"
                    on:click=move |_| draft.update(|d| { d.levels.remove(n); })>"Remove"</button></td>
            </tr>
        }
    }).collect_view())
    };

    let add_risk_level = move |_| {
        draft.update(|d| {
            let n = (1..)
                .find(|n| !d.levels.iter().any(|l| l.id == format!("level-{n}")))
                .unwrap_or(1);
            d.levels.push(RiskLevel {
                id: format!("level-{n}"),
                name: format!("Level {n}"),
                colour: "#808080".into(),
                action: String::new(),
                review_interval_days: 90,
                accepted: false,
            });
        })
    };
    view! {
        <table class="levels">
            <thead><tr><th>"Name"</th><th>"Colour"</th><th>"Required action"</th><th>"Review (days)"</th><th>"Within appetite"</th><th></th></tr></thead>
            <tbody>{levels}</tbody>
        </table>
        <button type="button" class="secondary" on:click=add_risk_level>"Add risk level"</button>
    }
}

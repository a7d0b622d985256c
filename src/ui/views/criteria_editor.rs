//! Editing a draft of the risk criteria: presets, both scales (3 to 7 levels, with
//! optional anchors), the impact mode, the risk levels with the appetite, and every
//! matrix cell. The draft is only a proposal until the remap preview is confirmed.

use leptos::prelude::*;
use residual_engine::io::money::grouped;
use residual_engine::treat::inline_field::Refusal;

use crate::ui::typed::TypedInput;

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

#[component]
pub fn CriteriaEditor(draft: RwSignal<RiskCriteria>) -> impl IntoView {
    view! {
        <div class="criteria-editor">
            <PresetPicker draft=draft />
            <h3>"Risk matrix"</h3>
            <MatrixEditor draft=draft />
            <label class="field">
                "Impact is scored "
                <select
                    data-testid="impact-mode"
                    prop:value=move || draft.with(|d| d.impact_mode.as_str())
                    on:change=move |ev| {
                        if let Some(mode) = ImpactMode::parse(&event_target_value(&ev)) {
                            draft.update(|d| d.impact_mode = mode);
                        }
                    }
                >
                    {ImpactMode::ALL
                        .into_iter()
                        .map(|m| view! { <option value=m.as_str()>{m.label()}</option> })
                        .collect_view()}
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
            <label>
                "Size "
                <select
                    data-testid="preset-size"
                    prop:value=move || preset_size.get().to_string()
                    on:change=move |ev| {
                        if let Ok(size) = event_target_value(&ev).parse() {
                            preset_size.set(size)
                        }
                    }
                >
                    <option value="3">"3 × 3"</option>
                    <option value="4">"4 × 4"</option>
                    <option value="5">"5 × 5"</option>
                </select>
            </label>
            <label>
                " Style "
                <select
                    data-testid="preset-style"
                    prop:value=move || preset_style.get().as_str()
                    on:change=move |ev| {
                        if let Some(style) = MatrixStyle::parse(&event_target_value(&ev)) {
                            preset_style.set(style)
                        }
                    }
                >
                    {MatrixStyle::ALL
                        .into_iter()
                        .map(|m| view! { <option value=m.as_str()>{m.label()}</option> })
                        .collect_view()}
                </select>
            </label>
            " "
            <button type="button" data-testid="load-preset" on:click=load_preset>
                "Use preset"
            </button>
        </fieldset>
    }
}

/// A text field of the criteria draft: what is typed is kept as it is typed (a reload
/// keeps it) and read into the draft when the field is left; text that does not read
/// stays, with the reason, and the draft keeps its last good value.
#[component]
pub fn CriteriaText(
    draft: RwSignal<RiskCriteria>,
    /// The field's place in the draft ("likelihood/2/label"): its draft key.
    #[prop(into)]
    place: String,
    get: impl Fn(&RiskCriteria) -> Option<String> + Send + Sync + 'static,
    set: impl Fn(&mut RiskCriteria, &str) -> Result<(), String> + Send + Sync + 'static,
    #[prop(optional)] error: Option<RwSignal<Option<String>>>,
    /// A text of a sentence or more (a description, an action): a box that grows with it.
    #[prop(optional)]
    long: bool,
) -> impl IntoView {
    let register = expect_context::<crate::ui::workspace::Workspace>()
        .open_id
        .get_untracked();
    let value = Signal::derive(move || draft.with(|d| get(d)).unwrap_or_default());
    let commit = Callback::new(move |(text, _): (String, Option<String>)| {
        let mut next = draft.get_untracked();
        set(&mut next, &text).map_err(Refusal::Invalid)?;
        if next != draft.get_untracked() {
            draft.set(next);
        }
        Ok(())
    });
    view! {
        <TypedInput
            register=register
            key=format!("{CRITERIA_FIELDS}{place}")
            value=value
            commit=commit
            label="the criteria"
            error=error.unwrap_or_else(|| RwSignal::new(None))
            kind=if long { "textarea" } else { "text" }
        />
    }
}

/// The draft key prefix of the criteria editor's fields.
pub const CRITERIA_FIELDS: &str = "criteria/";

/// Reads an anchor bound: empty clears the anchor, anything else must be an amount.
fn set_anchor(level: &mut ScaleLevel, low: bool, text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        level.anchor = None;
        return Ok(());
    }
    let value = residual_engine::io::money::parse_amount(text)?;
    let current = level.anchor.unwrap_or(Anchor { low: 0.0, high: 0.0 });
    level.anchor = Some(if low {
        Anchor { low: value, ..current }
    } else {
        Anchor { high: value, ..current }
    });
    Ok(())
}

/// One scale's levels: label, description, quantitative anchor; add and remove. Rows are
/// keyed by position and read the draft field by field: taking one field's text redraws
/// no other field.
#[component]
fn ScaleEditor(draft: RwSignal<RiskCriteria>, axis: Axis, title: &'static str, unit: &'static str) -> impl IntoView {
    let count = Memo::new(move |_| {
        draft.with(|d| match axis {
            Axis::Likelihood => d.likelihood.len(),
            Axis::Impact => d.impact.len(),
        })
    });
    let scale = move |d: &RiskCriteria, n: usize| -> Option<ScaleLevel> {
        match axis {
            Axis::Likelihood => d.likelihood.get(n).cloned(),
            Axis::Impact => d.impact.get(n).cloned(),
        }
    };
    let name = if axis == Axis::Likelihood {
        "likelihood"
    } else {
        "impact"
    };
    let error = RwSignal::new(None::<String>);
    let row = move |n: usize| {
        fn level_at(d: &mut RiskCriteria, axis: Axis, n: usize) -> Result<&mut ScaleLevel, String> {
            scale_mut(d, axis)
                .get_mut(n)
                .ok_or_else(|| "the level was removed".to_string())
        }
        view! {
            <tr>
                <td>{n + 1}</td>
                <td>
                    <CriteriaText
                        draft=draft
                        place=format!("{name}/{n}/label")
                        error=error
                        get=move |d| scale(d, n).map(|l| l.label)
                        set=move |d, v| {
                            level_at(d, axis, n)?.label = v.to_string();
                            Ok(())
                        }
                        {..}
                        aria-label=format!("{title} level {} label", n + 1)
                    />
                </td>
                <td>
                    <CriteriaText
                        draft=draft
                        place=format!("{name}/{n}/description")
                        error=error
                        long=true
                        get=move |d| scale(d, n).map(|l| l.description)
                        set=move |d, v| {
                            level_at(d, axis, n)?.description = v.to_string();
                            Ok(())
                        }
                        {..}
                        class="wide"
                        aria-label=format!("{title} level {} description", n + 1)
                    />
                </td>
                <td>
                    <CriteriaText
                        draft=draft
                        place=format!("{name}/{n}/anchor-from")
                        error=error
                        get=move |d| scale(d, n).map(|l| l.anchor.map(|a| grouped(a.low)).unwrap_or_default())
                        set=move |d, v| {
                            set_anchor(level_at(d, axis, n)?, true, v)
                                .map_err(|why| format!("{title} level {}, anchor from: {why}", n + 1))
                        }
                        {..}
                        inputmode="decimal"
                        aria-label=format!("{title} level {} anchor from", n + 1)
                    />
                </td>
                <td>
                    <CriteriaText
                        draft=draft
                        place=format!("{name}/{n}/anchor-to")
                        error=error
                        get=move |d| scale(d, n).map(|l| l.anchor.map(|a| grouped(a.high)).unwrap_or_default())
                        set=move |d, v| {
                            set_anchor(level_at(d, axis, n)?, false, v)
                                .map_err(|why| format!("{title} level {}, anchor to: {why}", n + 1))
                        }
                        {..}
                        inputmode="decimal"
                        aria-label=format!("{title} level {} anchor to", n + 1)
                    />
                </td>
                <td>
                    <button
                        type="button"
                        class="link danger"
                        disabled={move || count.get() <= *SCALE_LEVELS.start()}
                        on:click=move |_| draft.update(|d| remove_level(d, axis, n))
                    >
                        "Remove"
                    </button>
                </td>
            </tr>
        }
    };
    view! {
        <fieldset class="scale" data-testid=format!("scale-{}", title.to_lowercase())>
            <legend>{title}</legend>
            <table>
                <thead>
                    <tr>
                        <th>"#"</th>
                        <th>"Label"</th>
                        <th>"Description"</th>
                        <th>{format!("Anchor from ({unit})")}</th>
                        <th>"to"</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || 0..count.get() key=|n| *n let:n>
                        {row(n)}
                    </For>
                </tbody>
            </table>
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
            <button
                type="button"
                class="secondary"
                disabled={move || count.get() >= *SCALE_LEVELS.end()}
                on:click=move |_| draft.update(|d| add_level(d, axis))
            >
                {format!("Add {} level", title.to_lowercase())}
            </button>
        </fieldset>
    }
}

/// The matrix: a level for each likelihood and impact.
#[component]
fn MatrixEditor(draft: RwSignal<RiskCriteria>) -> impl IntoView {
    move || {
        draft.with(|d| {
            let header = d
                .impact
                .iter()
                .map(|s| view! { <th scope="col">{s.label.clone()}</th> })
                .collect_view();
            let rows = (0..d.likelihood.len())
                .rev()
                .map(|l| {
                    let cells = (0..d.impact.len())
                        .map(|i| {
                            let id = d.matrix.get(l).and_then(|row| row.get(i)).cloned().unwrap_or_default();
                            let style = d
                                .levels
                                .iter()
                                .find(|x| x.id == id)
                                .map(super::level::level_style)
                                .unwrap_or_default();
                            let options = d
                                .levels
                                .iter()
                                .map(|x| {
                                    view! {
                                        <option value=x.id.clone() selected=x.id == id>
                                            {x.name.clone()}
                                        </option>
                                    }
                                })
                                .collect_view();
                            let cell_style = style.clone();
                            view! {
                                <td style=cell_style>
                                    <select
                                        style=style
                                        data-testid=format!("matrix-{}-{}", l + 1, i + 1)
                                        aria-label=format!("Level for likelihood {} and impact {}", l + 1, i + 1)
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            draft.update(|d| d.matrix[l][i] = v);
                                        }
                                    >
                                        {options}
                                    </select>
                                </td>
                            }
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row">{d.likelihood[l].label.clone()}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="matrix" data-testid="risk-matrix">
                    <thead>
                        <tr>
                            <th>"Likelihood ↓ / Impact →"</th>
                            {header}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    }
}

/// The risk levels: name, colour, required action, review interval, appetite. Rows are
/// keyed by position and read the draft field by field.
#[component]
fn LevelsEditor(draft: RwSignal<RiskCriteria>) -> impl IntoView {
    let count = Memo::new(move |_| draft.with(|d| d.levels.len()));
    let error = RwSignal::new(None::<String>);
    let row = move |n: usize| {
        let level = move |d: &RiskCriteria| d.levels.get(n).cloned();
        fn risk_level_at(d: &mut RiskCriteria, n: usize) -> Result<&mut RiskLevel, String> {
            d.levels.get_mut(n).ok_or_else(|| "the level was removed".to_string())
        }
        let used = move || {
            draft.with(|d| {
                d.levels
                    .get(n)
                    .is_some_and(|l| d.matrix.iter().flatten().any(|id| *id == l.id))
            })
        };
        view! {
            <tr data-testid="level-row">
                <td>
                    <CriteriaText
                        draft=draft
                        place=format!("level/{n}/name")
                        error=error
                        get=move |d| level(d).map(|l| l.name)
                        set=move |d, v| {
                            risk_level_at(d, n)?.name = v.to_string();
                            Ok(())
                        }
                        {..}
                        aria-label="Level name"
                    />
                </td>
                <td>
                    <input
                        type="color"
                        aria-label="Level colour"
                        prop:value=move || draft.with(|d| level(d).map(|l| l.colour).unwrap_or_default())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            draft
                                .update(|d| {
                                    if let Some(l) = d.levels.get_mut(n) {
                                        l.colour = v;
                                    }
                                });
                        }
                    />
                </td>
                <td>
                    <CriteriaText
                        draft=draft
                        place=format!("level/{n}/action")
                        error=error
                        long=true
                        get=move |d| level(d).map(|l| l.action)
                        set=move |d, v| {
                            risk_level_at(d, n)?.action = v.to_string();
                            Ok(())
                        }
                        {..}
                        class="wide"
                        aria-label="Required action"
                    />
                </td>
                <td>
                    <CriteriaText
                        draft=draft
                        place=format!("level/{n}/review")
                        error=error
                        get=move |d| level(d).map(|l| l.review_interval_days.to_string())
                        set=move |d, v| {
                            let days = RiskLevel::parse_review_interval(v)
                                .map_err(|why| format!("Review interval of level {}: {why}", n + 1))?;
                            risk_level_at(d, n)?.review_interval_days = days;
                            Ok(())
                        }
                        {..}
                        inputmode="numeric"
                        size="5"
                        aria-label="Review interval in days"
                    />
                </td>
                <td>
                    <input
                        type="checkbox"
                        data-testid=format!("accepted-{}", n)
                        aria-label="Within appetite"
                        prop:checked=move || draft.with(|d| level(d).is_some_and(|l| l.accepted))
                        on:change=move |ev| {
                            let v = event_target_checked(&ev);
                            draft
                                .update(|d| {
                                    if let Some(l) = d.levels.get_mut(n) {
                                        l.accepted = v;
                                    }
                                });
                        }
                    />
                </td>
                <td>
                    <button
                        type="button"
                        class="link danger"
                        disabled=used
                        title="Only a level no matrix cell uses can be removed"
                        on:click=move |_| {
                            draft
                                .update(|d| {
                                    d.levels.remove(n);
                                })
                        }
                    >
                        "Remove"
                    </button>
                </td>
            </tr>
        }
    };
    let levels = view! {
        <For each=move || 0..count.get() key=|n| *n let:n>
            {row(n)}
        </For>
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
            <thead>
                <tr>
                    <th>"Name"</th>
                    <th>"Colour"</th>
                    <th>"Required action"</th>
                    <th>"Review (days)"</th>
                    <th>"Within appetite"</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>{levels}</tbody>
        </table>
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
        <button type="button" class="secondary" on:click=add_risk_level>
            "Add risk level"
        </button>
    }
}

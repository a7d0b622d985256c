//! The quantitative risk appetite in the criteria draft: annual-loss thresholds (named,
//! lowest first), each with an optional most-accepted chance of losing more in a year.
//! The thresholds with a chance form the appetite curve, previewed against the
//! register's loss exceedance curve when the analysis has results.

use leptos::prelude::*;

use super::criteria_editor::CriteriaText;
use crate::ui::chart_frame::ChartFrame;
use crate::ui::charts::{self, Curve, PALETTE};
use crate::ui::simulation_runner::Analysis as Runner;
use crate::ui::workspace::Workspace;
use residual_engine::io::money::{parse_amount, parse_number, whole};
use residual_engine::model::criteria::{LossThreshold, RiskCriteria};

/// Moves threshold `n` one place up (`-1`) or down (`1`), if it can.
fn shift(d: &mut RiskCriteria, n: usize, by: isize) {
    let to = n as isize + by;
    if to >= 0 && (to as usize) < d.loss_thresholds.len() {
        d.loss_thresholds.swap(n, to as usize);
    }
}

/// A new threshold above the highest: ten times it, or 100,000 for the first.
fn next_threshold(d: &RiskCriteria) -> LossThreshold {
    let top = d.loss_thresholds.last().map_or(10_000.0, |t| t.annual_loss);
    LossThreshold {
        name: format!("threshold {}", d.loss_thresholds.len() + 1),
        annual_loss: top * 10.0,
        max_probability: None,
    }
}

#[component]
pub fn AppetiteEditor(draft: RwSignal<RiskCriteria>) -> impl IntoView {
    let register = expect_context::<Workspace>().register;
    let typo = RwSignal::new(None::<String>);
    // Rows keyed by position, each field reading the draft on its own: taking one
    // field's text redraws no other field.
    let count = Memo::new(move |_| draft.with(|d| d.loss_thresholds.len()));
    let row = move |n: usize| {
        let threshold = move |d: &RiskCriteria| d.loss_thresholds.get(n).cloned();
        fn threshold_at(d: &mut RiskCriteria, n: usize) -> Result<&mut LossThreshold, String> {
            d.loss_thresholds
                .get_mut(n)
                .ok_or_else(|| "the threshold was removed".to_string())
        }
        view! {
            <tr data-testid="threshold-row">
                <td>
                    <CriteriaText
                        draft=draft
                        place=format!("threshold/{n}/name")
                        error=typo
                        get=move |d| threshold(d).map(|t| t.name)
                        set=move |d, v| {
                            threshold_at(d, n)?.name = v.to_string();
                            Ok(())
                        }
                        {..}
                        aria-label="Threshold name"
                    />
                </td>
                <td>
                    <CriteriaText
                        draft=draft
                        place=format!("threshold/{n}/amount")
                        error=typo
                        get=move |d| threshold(d).map(|t| whole(t.annual_loss))
                        set=move |d, v| {
                            threshold_at(d, n)?.annual_loss = parse_amount(v).map_err(|e| format!("Annual loss: {e}"))?;
                            Ok(())
                        }
                        {..}
                        inputmode="decimal"
                        class="num"
                        aria-label="Annual loss"
                        data-testid="threshold-amount"
                    />
                </td>
                <td>
                    <CriteriaText
                        draft=draft
                        place=format!("threshold/{n}/chance")
                        error=typo
                        get=move |d| {
                            threshold(d)
                                .map(|t| {
                                    t.max_probability
                                        .map(|p| format!("{}", (p * 1e4).round() / 1e2))
                                        .unwrap_or_default()
                                })
                        }
                        set=move |d, v| {
                            let chance = if v.trim().is_empty() {
                                None
                            } else {
                                let percent = parse_number(v.trim().trim_end_matches('%'))
                                    .map_err(|e| format!("Chance: {e}"))?;
                                if !(0.0..=100.0).contains(&percent) {
                                    return Err(
                                        format!("Chance: {percent}% is not a chance: give a percentage from 0 to 100"),
                                    );
                                }
                                Some(percent / 100.0)
                            };
                            threshold_at(d, n)?.max_probability = chance;
                            Ok(())
                        }
                        {..}
                        inputmode="decimal"
                        class="num"
                        aria-label="Most accepted chance of losing more, %"
                        data-testid="threshold-chance"
                        placeholder="none"
                    />
                    "%"
                </td>
                <td class="row-actions">
                    <button
                        type="button"
                        class="link"
                        aria-label="Move up"
                        disabled=n == 0
                        on:click=move |_| draft.update(|d| shift(d, n, -1))
                    >
                        "↑"
                    </button>
                    <button
                        type="button"
                        class="link"
                        aria-label="Move down"
                        disabled=move || n + 1 == count.get()
                        on:click=move |_| draft.update(|d| shift(d, n, 1))
                    >
                        "↓"
                    </button>
                    <button
                        type="button"
                        class="link danger"
                        on:click=move |_| {
                            draft
                                .update(|d| {
                                    d.loss_thresholds.remove(n);
                                })
                        }
                    >
                        "Remove"
                    </button>
                </td>
            </tr>
        }
    };
    let rows = view! {
        <For each=move || 0..count.get() key=|n| *n let:n>
            {row(n)}
        </For>
    };
    view! {
        <div class="appetite-editor" data-testid="appetite-editor">
            <p class="hint">
                "Annual losses the results report the chance of exceeding, lowest first (e.g. appetite, tolerance). "
                "Give a threshold the most chance of exceeding it that the organisation accepts in a year, and it becomes a point of the appetite curve, which the register's loss exceedance curve must stay under."
            </p>
            <table class="scale">
                <thead>
                    <tr>
                        <th>"Name"</th>
                        <th>{move || register.with(|r| format!("Annual loss ({})", r.currency))}</th>
                        <th>"Most accepted chance of losing more"</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {move || {
                typo.get()
                    .map(|t| {
                        view! {
                            <p class="field-error" role="alert">
                                {t}
                            </p>
                        }
                    })
            }}
            // The thresholds' own problems, here where they are edited (the list at the top
            // of the view may be out of sight).
            {move || {
                let found: Vec<String> = draft
                    .with(|d| {
                        let mut all = Vec::new();
                        d.check("$.criteria", &mut all);
                        all.into_iter()
                            .filter(|p| p.path.starts_with("$.criteria.loss_thresholds"))
                            .map(|p| {
                                format!(
                                    "{}: {}",
                                    residual_engine::io::field_label::criteria_place(&p.path, d),
                                    p.message,
                                )
                            })
                            .collect()
                    });
                (!found.is_empty())
                    .then(|| {
                        view! {
                            <ul class="field-error" role="alert" data-testid="threshold-problems">
                                {found.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                            </ul>
                        }
                    })
            }}
            <button
                type="button"
                class="secondary"
                data-testid="add-threshold"
                on:click=move |_| {
                    draft
                        .update(|d| {
                            let t = next_threshold(d);
                            d.loss_thresholds.push(t);
                        })
                }
            >
                "Add a threshold"
            </button>
            <AppetitePreview draft=draft />
        </div>
    }
}

/// The draft's thresholds and appetite curve over the register's last loss exceedance
/// curve (from the analysis, if it has run).
#[component]
fn AppetitePreview(draft: RwSignal<RiskCriteria>) -> impl IntoView {
    let register = expect_context::<Workspace>().register;
    let runner = expect_context::<Runner>();
    move || {
        let Some(result) = runner.result.get() else {
            return view! {
                <p class="hint" data-testid="appetite-preview-none">
                    "Run the quantitative analysis to preview these thresholds against the register's loss exceedance curve."
                </p>
            }
            .into_any();
        };
        let thresholds: Vec<(String, f64)> = draft.with(|d| {
            d.loss_thresholds
                .iter()
                .map(|t| (t.name.clone(), t.annual_loss))
                .collect()
        });
        let appetite = draft.with(|d| d.appetite_curve());
        let currency = register.with(|r| r.currency.clone());
        let curves = [Curve::of("Register (last analysis)", &result.register, PALETTE[0])];
        let (svg, _) = charts::loss_exceedance(
            &curves,
            &thresholds,
            &appetite,
            &currency,
            charts::LossScale::Log,
            charts::SIZE,
        );
        view! {
            <ChartFrame
                caption="Preview: the draft's appetite over the register's loss exceedance curve".into()
                file="appetite-preview".into()
                svg=svg
                testid="appetite-preview"
            />
        }
        .into_any()
    }
}

//! Which candidate controls to fund: the optimiser, run in a worker at live trials,
//! for a budget, a register P90 target, or every scored risk within appetite.

use leptos::prelude::*;

use super::preview::Shown;
use crate::ui::simulation_runner::{Optimiser, RunState};
use residual_engine::io::money::{short, whole};
use residual_engine::treat::optimiser::{Goal, Method};

#[component]
pub fn OptimiserPanel() -> impl IntoView {
    let shown = expect_context::<Shown>();
    let runner = expect_context::<Optimiser>();
    let goal = RwSignal::new("budget".to_string());
    let amount = RwSignal::new("150000".to_string());
    let register_id = expect_context::<crate::ui::workspace::Workspace>()
        .open_id
        .get_untracked();
    let error = RwSignal::new(None::<String>);
    let asked = RwSignal::new(false);
    let suggest = move |_| {
        let parsed = residual_engine::io::money::parse_amount(&amount.get_untracked()).ok();
        let chosen = match (goal.get_untracked().as_str(), parsed) {
            ("appetite", _) => Goal::WithinAppetite,
            ("budget", Some(budget)) => Goal::Budget { budget },
            ("p90", Some(p90)) => Goal::RegisterP90 { p90 },
            _ => {
                error.set(Some(format!(
                    "Amount: \"{}\" is not a number ≥ 0",
                    amount.get_untracked()
                )));
                return;
            }
        };
        error.set(None);
        runner.goal.set_value(serde_json::to_string(&chosen).ok());
        asked.set(true);
        shown.register.with_untracked(|r| runner.run(r));
    };
    let result = move || {
        if !asked.get() {
            return None;
        }
        let currency = shown.register.with_untracked(|r| r.currency.clone());
        Some(match (runner.state.get(), runner.result.get()) {
            (RunState::Running { .. }, _) => view! { <p class="muted">"Searching…"</p> }.into_any(),
            (RunState::Failed(message), _) => view! {
                <p class="field-error" role="alert">
                    {message}
                </p>
            }
            .into_any(),
            (_, Some(s)) => {
                let left_out: Vec<String> = s
                    .candidates
                    .iter()
                    .filter(|c| !s.controls.contains(c))
                    .cloned()
                    .collect();
                let method = match s.method {
                    Method::Exact => format!(
                        "exact: all {} sets of the {} candidates tried",
                        1u64 << s.candidates.len(),
                        s.candidates.len()
                    ),
                    Method::Greedy => format!("greedy: {} sets tried", s.sets_evaluated),
                };
                view! {
                    <div class="suggestion" data-testid="suggestion" data-meets=s.meets_goal.to_string()>
                        <p>
                            <strong>
                                {if s.controls.is_empty() {
                                    "No candidate control".to_string()
                                } else {
                                    format!("Fund {}", s.controls.join(", "))
                                }}
                            </strong>
                            {format!(
                                " — {} {} a year; residual register mean {}, P90 {}.",
                                currency,
                                whole(s.cost),
                                short(s.mean),
                                short(s.p90),
                            )}
                            {(!s.meets_goal)
                                .then(|| {
                                    view! {
                                        <strong class="error">" The goal cannot be met with these candidates."</strong>
                                    }
                                })}
                        </p>
                        <p class="muted">
                            {format!(
                                "Left out: {}. Method: {method}.",
                                if left_out.is_empty() { "none".to_string() } else { left_out.join(", ") },
                            )}
                        </p>
                    </div>
                }
                .into_any()
            }
            _ => view! { <p class="muted">"No suggestion yet."</p> }.into_any(),
        })
    };
    view! {
        <section class="optimiser" data-testid="optimiser">
            <h3>"Which controls to fund?"</h3>
            <p class="hint">
                "Candidates are the linked controls not yet implemented. Costs are annualised (one-off costs spread over each control's lifetime)."
            </p>
            <div class="form-row">
                <label>
                    "Goal " <select data-testid="optimiser-goal" on:change=move |ev| goal.set(event_target_value(&ev))>
                        <option value="budget" selected=true>
                            "Lowest register P90 within a budget a year"
                        </option>
                        <option value="p90">"Cheapest set reaching a register P90"</option>
                        <option value="appetite">"Cheapest set with every scored risk within appetite"</option>
                    </select>
                </label>
                <Show when=move || goal.get() != "appetite">
                    <label>
                        {move || if goal.get() == "budget" { "Budget a year" } else { "Target P90" }}
                        <crate::ui::typed::TypedInput
                            register=register_id.clone()
                            key="ui/optimiser-amount"
                            value=amount
                            commit=Callback::new(move |(text, _): (String, Option<String>)| {
                                amount.set(text);
                                Ok(())
                            })
                            live=true
                            keep={true}
                            {..}
                            size="12"
                            data-testid="optimiser-amount"
                        />
                    </label>
                </Show>
                <button type="button" data-testid="optimise" on:click=suggest>
                    "Suggest"
                </button>
            </div>
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
            {result}
        </section>
    }
}

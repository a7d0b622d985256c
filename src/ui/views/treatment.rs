//! Risk treatment: pick a risk, choose its option and controls, move their
//! effectiveness, and watch the residual risk move against the inherent, live: every
//! change is simulated again in the treatment worker (three states at 10,000 trials)
//! and the charts redraw. While a slider is dragged the change is previewed without
//! being saved; letting go saves it as one undoable edit.

use leptos::prelude::*;

use super::acceptance_panel::AcceptancePanel;
use super::level::LevelBadge;
use super::preview::Shown;
use super::treatment_form::RiskTreatmentForm;
use super::treatment_side::RiskSide;
use crate::ui::chart_frame::ChartFrame;
use crate::ui::charts::{self, Curve};
use crate::ui::simulation_runner::{RunState, Treatment as Runner};
use crate::ui::treatment_charts::{self, Bars, Move, STATE_COLOURS};
use crate::ui::workspace::Workspace;
use residual_engine::assess::risk_state::{RiskState, treatment_of};
use residual_engine::io::money::{short, whole};
use residual_engine::model::criteria::RiskLevel;
use residual_engine::model::register::Register;
use residual_engine::model::treatment::TreatmentOption;
use residual_engine::quant::simulation::RiskResult;
use residual_engine::treat::state_levels::{all_state_scores, state_score};
use residual_engine::treat::states::StatesResult;

/// Above this many risks, a slider's preview does not run the states again as it moves.
const LIVE_PREVIEW_RISKS: usize = 1_000;

/// Risks drawn on the before/after bar chart: the largest inherent means.
const MOST_BARS: usize = 40;

#[component]
pub fn TreatmentView() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let runner = expect_context::<Runner>();
    let shown = Shown::new(workspace);
    let pending_run = StoredValue::new(0u64);
    let (preview, register) = (shown.preview, shown.register);
    provide_context(shown);

    Effect::new(move |_| {
        // A slider's preview runs the states again as it moves, but not for a register
        // so large that a run takes longer than the drag: that one runs when let go.
        let previewing = preview.with(Option::is_some);
        let large = workspace
            .register
            .with_untracked(|r| r.risks.len() > LIVE_PREVIEW_RISKS);
        if previewing && large {
            return;
        }
        register.track();
        // In a task of its own: the key and the request are a pass each over the whole
        // register, which an edit's own task need not carry.
        let generation = pending_run.get_value() + 1;
        pending_run.set_value(generation);
        set_timeout(
            move || {
                if pending_run.try_get_value() != Some(generation) {
                    return;
                }
                let Some(key) = register.try_with_untracked(|r| runner.key(r)) else {
                    return;
                };
                if runner.result_key.get_untracked() != key || runner.result.with_untracked(|r| r.is_none()) {
                    register.with_untracked(|r| runner.run_keyed(r, key));
                }
            },
            std::time::Duration::ZERO,
        );
    });
    let first = register.with_untracked(|r| {
        r.treatments
            .first()
            .map(|t| t.risk.clone())
            .or_else(|| r.risks.first().map(|r| r.id.clone()))
            .unwrap_or_default()
    });
    let selected = RwSignal::new(first);

    let status = move || {
        let trials = register.with(|r| r.simulation.live().trials);
        match runner.state.get() {
            RunState::Running { .. } => format!("Updating… ({} trials a state)", whole(trials as f64)),
            RunState::Failed(message) => format!("Cannot simulate: {message}"),
            _ => format!(
                "Live: {} trials a state, updated in {:.0} ms",
                whole(trials as f64),
                runner.elapsed_ms.get()
            ),
        }
    };

    // A field focused under the sticky figures (by Tab, or the browser) is scrolled above
    // them: nothing sticky covers what is being edited.
    let keep_above_figures = |ev: leptos::ev::FocusEvent| {
        use wasm_bindgen::JsCast;
        let Some(field) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
            return;
        };
        let Some(bar) = document()
            .query_selector(".treatment-detail .state-figures")
            .ok()
            .flatten()
        else {
            return;
        };
        let (field, bar) = (field.get_bounding_client_rect(), bar.get_bounding_client_rect());
        let covered = field.bottom() > bar.top() && field.top() < bar.bottom() && bar.height() > 0.0;
        if covered {
            window().scroll_by_with_x_and_y(0.0, field.bottom() - bar.top() + 8.0);
        }
    };
    view! {
        <section class="view treatment">
            <div class="view-head">
                <div class="title-row">
                    <h2>"Risk treatment"</h2>
                    <button
                        class="secondary"
                        data-testid="treatment-undo"
                        title="Undo the last change to this register (a control linked, an effect moved, an option chosen…)"
                        disabled=move || !workspace.can_undo.get()
                        on:click=move |_| workspace.undo()
                    >
                        "Undo"
                    </button>
                </div>
                <p class="hint">
                    "Inherent: no controls. Current: the implemented controls (and transfers in force). Residual: after the planned treatment. A control counts only for the risks it is linked to; planned controls count only in the residual risk, and retired or ineffective ones never."
                </p>
                <p class="live-status" data-testid="treatment-status" aria-live="polite">
                    {status}
                </p>
                {move || {
                    matches!(runner.state.get(), RunState::Failed(_))
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="secondary"
                                    data-testid="retry-treatment"
                                    on:click=move |_| register.with_untracked(|r| runner.run(r))
                                >
                                    "Run again"
                                </button>
                            }
                        })
                }}
            </div>
            <div class="treatment-layout">
                <RiskList selected=selected />
                <div class="treatment-detail" on:focusin=keep_above_figures>
                    {move || {
                        let id = selected.get();
                        view! {
                            <RiskTreatmentForm risk=id.clone() />
                            <RiskFigures risk=id.clone() />
                            <AcceptancePanel risk=id />
                        }
                    }}
                </div>
                {move || view! { <RiskSide risk=selected.get() /> }}
            </div>
            <TreatmentCharts />
            <super::optimiser_panel::OptimiserPanel />
        </section>
    }
}

/// Every risk with its inherent and residual level and its option; a click selects it.
#[component]
fn RiskList(selected: RwSignal<String>) -> impl IntoView {
    let shown = expect_context::<Shown>();
    // A page of risks at a time: a register of thousands would freeze the page.
    let page = RwSignal::new(0usize);
    let pages = move || shown.register.with(|r| r.risks.len().div_ceil(LIST_PAGE).max(1));
    let picks = move || {
        let current = page.get().min(pages() - 1);
        shown.register.with(|r| {
            let level = |risk, state| {
                state_score(r, risk, state)
                    .scores
                    .and_then(|(l, i)| r.criteria.level(l, i).cloned())
            };
            r.risks
                .iter()
                .skip(current * LIST_PAGE)
                .take(LIST_PAGE)
                .map(|risk| {
                    let treatment = treatment_of(r, &risk.id);
                    Pick {
                        id: risk.id.clone(),
                        title: risk.title.clone(),
                        inherent: level(risk, RiskState::Inherent),
                        residual: level(risk, RiskState::Residual),
                        avoided: treatment.is_some_and(|t| t.option == TreatmentOption::Avoid),
                        option: treatment.map_or("untreated", |t| t.option.as_str()),
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let list = view! {
        <For each=picks key=|pick| (pick.id.clone(), super::content_key(pick)) let:pick>
            {
                let (id, choose) = (pick.id.clone(), pick.id.clone());
                let is_selected = move || selected.get() == id;
                view! {
                    <button
                        type="button"
                        class="risk-pick"
                        class:selected=is_selected
                        data-testid="treatment-risk"
                        data-risk=pick.id.clone()
                        on:click=move |_| selected.set(choose.clone())
                    >
                        <span class="risk-pick-id">{pick.id.clone()}</span>
                        <span class="risk-pick-title">{pick.title.clone()}</span>
                        <span class="risk-pick-levels">
                            <LevelBadge level=pick.inherent.clone() />
                            " → "
                            {if pick.avoided {
                                view! { <span class="level unscored">"avoided"</span> }.into_any()
                            } else {
                                view! { <LevelBadge level=pick.residual.clone() /> }.into_any()
                            }}
                            <span class="muted">{format!(" {}", pick.option)}</span>
                        </span>
                    </button>
                }
            }
        </For>
    };
    let pager = move || {
        (pages() > 1).then(|| {
            let current = page.get().min(pages() - 1);
            let total = shown.register.with(|r| r.risks.len());
            view! {
                <nav class="pager" aria-label="Pages of risks">
                    <button
                        class="secondary"
                        disabled={current == 0}
                        on:click=move |_| page.update(|p| *p = p.saturating_sub(1))
                    >
                        "Previous"
                    </button>
                    <span>
                        {format!(
                            " {}–{} of {} ",
                            current * LIST_PAGE + 1,
                            ((current + 1) * LIST_PAGE).min(total),
                            total,
                        )}
                    </span>
                    <button
                        class="secondary"
                        disabled={current + 1 >= pages()}
                        on:click=move |_| page.update(|p| *p += 1)
                    >
                        "Next"
                    </button>
                </nav>
            }
        })
    };
    view! {
        <div class="treatment-list">
            <div class="risk-list" data-testid="treatment-risks">
                {list}
            </div>
            {pager}
        </div>
    }
}

/// One risk in the treatment view's list, as drawn.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
struct Pick {
    id: String,
    title: String,
    inherent: Option<RiskLevel>,
    residual: Option<RiskLevel>,
    avoided: bool,
    option: &'static str,
}

/// Risks listed at once in the treatment view.
const LIST_PAGE: usize = 50;

/// The selected risk's figures in the three states; their test ids start with `prefix`
/// (the side column shows them too, where the window is wide).
#[component]
pub(super) fn RiskFigures(risk: String, #[prop(default = "")] prefix: &'static str) -> impl IntoView {
    let runner = expect_context::<Runner>();
    let shown = expect_context::<Shown>();
    let currency = Memo::new(move |_| shown.register.with(|r| r.currency.clone()));
    move || {
        let result = runner.result.get()?;
        let currency = currency.get();
        let cells = RiskState::ALL
            .into_iter()
            .map(|state| {
                let s = result
                    .state(state)
                    .risks
                    .iter()
                    .find(|x| x.id == risk)
                    .map(|x| x.summary.clone());
                let (mean, p90) = s.map_or(("not simulated".to_string(), String::new()), |s| {
                    (short(s.mean), short(s.p90))
                });
                view! {
                    <div class="figure" data-testid=format!("{prefix}figure-{}", state.as_str())>
                        <span class="figure-label">{state.label()}</span>
                        <span class="figure-value">{mean}</span>
                        <span class="figure-label">{format!("P90 {p90}")}</span>
                    </div>
                }
            })
            .collect_view();
        Some(view! {
            <div class="figures state-figures" data-testid=format!("{prefix}state-figures")>
                {cells}
                <span class="muted">{format!("Expected annual loss ({currency}) and 1 year in 10")}</span>
            </div>
        })
    }
}

/// The charts: heat map arrows, the register's LEC in the three states, per-risk bars
/// and the controls' ROSI.
#[component]
fn TreatmentCharts() -> impl IntoView {
    let runner = expect_context::<Runner>();
    let shown = expect_context::<Shown>();
    // The heat map follows the register at once; the quantitative charts follow the
    // results (and only them), so an edit redraws each chart once.
    // Drawn again only when a risk moves (or the criteria change): a slider that changes
    // an effectiveness moves a score only where the level follows a FAIR model and
    // crosses an anchor, and a register of 10,000 risks is slow to draw.
    let moves = Memo::new(move |_| {
        shown.register.with(|r| {
            let (inherent, residual) = (
                all_state_scores(r, RiskState::Inherent),
                all_state_scores(r, RiskState::Residual),
            );
            r.risks
                .iter()
                .zip(inherent.into_iter().zip(residual))
                .filter_map(|(risk, (from, to))| {
                    Some(Move {
                        id: risk.id.clone(),
                        from: from?,
                        to,
                    })
                })
                .collect::<Vec<Move>>()
        })
    });
    let criteria = Memo::new(move |_| shown.register.with(|r| r.criteria.clone()));
    let heat = move || {
        let svg = criteria.with(|c| moves.with(|m| treatment_charts::heat_map_arrows(c, m, (1200, 860))));
        view! {
            <ChartFrame
                caption="Heat map: inherent (dot) → residual (arrow)".into()
                file="heat-map-treatment".into()
                svg=svg
                testid="heat-arrows"
            />
        }
    };
    let quantitative = move || {
        let result = runner.result.get()?;
        Some(shown.register.with_untracked(|r| quantitative_charts(r, &result)))
    };
    view! { <div class="charts treatment-charts">{heat}{quantitative}</div> }
}

fn quantitative_charts(r: &Register, result: &StatesResult) -> impl IntoView + use<> {
    let thresholds: Vec<(String, f64)> = r
        .criteria
        .loss_thresholds
        .iter()
        .map(|t| (t.name.clone(), t.annual_loss))
        .collect();
    let curves: Vec<Curve> = RiskState::ALL
        .iter()
        .zip(STATE_COLOURS)
        .map(|(state, colour)| Curve::of(state.label(), &result.state(*state).register, colour))
        .collect();
    let (lec, _) = charts::loss_exceedance(
        &curves,
        &thresholds,
        &r.criteria.appetite_curve(),
        &r.currency,
        charts::LossScale::Log,
        charts::SIZE,
    );
    // Each risk's residual found by id once (a register of 10,000 risks would take 50
    // million comparisons one by one), and only the largest drawn.
    let residual: std::collections::HashMap<&str, &RiskResult> =
        result.residual.risks.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut bars: Vec<Bars> = result
        .inherent
        .risks
        .iter()
        .filter_map(|before| {
            let after = residual.get(before.id.as_str())?;
            Some(Bars {
                id: before.id.clone(),
                before: (before.summary.mean, before.summary.p90),
                after: (after.summary.mean, after.summary.p90),
            })
        })
        .collect();
    bars.sort_by(|a, b| b.before.0.total_cmp(&a.before.0));
    let all_bars = bars.len();
    bars.truncate(MOST_BARS);
    let bars_svg = treatment_charts::risk_bars(
        &bars,
        ("Inherent", "Residual"),
        &r.currency,
        (1200, 110 + 64 * bars.len().max(1) as u32),
    );
    let bars_caption = if all_bars > MOST_BARS {
        format!("The {MOST_BARS} largest of {all_bars} risks before and after treatment")
    } else {
        "Each risk before and after treatment".to_string()
    };
    let rosi_rows = result.rosi.iter().filter(|x| x.rosi.is_some()).count();
    let rosi_svg = treatment_charts::rosi_chart(&result.rosi, (1200, 120 + 64 * rosi_rows.max(1) as u32));
    let s = |state: RiskState| result.state(state).register.clone();
    let summary = format!(
        "Register: expected annual loss {} inherent, {} current, {} residual; P90 {} → {} → {}.",
        short(s(RiskState::Inherent).mean),
        short(s(RiskState::Current).mean),
        short(s(RiskState::Residual).mean),
        short(s(RiskState::Inherent).p90),
        short(s(RiskState::Current).p90),
        short(s(RiskState::Residual).p90)
    );
    let verdicts = RiskState::ALL
        .iter()
        .filter_map(|&state| {
            let checks = r
                .criteria
                .within_appetite_curve(&result.state(state).register.exceedance);
            if checks.is_empty() {
                return None;
            }
            let ok = checks.iter().all(|c| c.3);
            let detail: Vec<String> = checks
                .iter()
                .map(|(name, p, max, _)| format!("P(> {name}) {:.1}% vs {:.1}%", 100.0 * p, 100.0 * max))
                .collect();
            Some(view! {
                <li class:fails=!ok data-testid=format!("appetite-{}", state.as_str())>
                    <strong>
                        {format!(
                            "{}: {}",
                            state.label(),
                            if ok { "within the appetite curve" } else { "above the appetite curve" },
                        )}
                    </strong>
                    {format!(" — {}", detail.join(", "))}
                </li>
            })
        })
        .collect_view();
    view! {
        <p class="convergence" data-testid="states-summary">
            {summary}
        </p>
        <ul class="appetite-verdicts">{verdicts}</ul>
        <ChartFrame
            caption="Loss exceedance: inherent, current and residual, with appetite and tolerance".into()
            file="lec-treatment".into()
            svg=lec
            testid="lec-states"
        />
        <ChartFrame caption=bars_caption file="risk-bars".into() svg=bars_svg testid="risk-bars" />
        <div>
            {(rosi_rows == 0)
                .then(|| {
                    view! {
                        <p class="hint" data-testid="rosi-none">
                            "No return on security investment to show: ROSI is worked out for controls in the plan that have a cost. Give the planned controls their one-off and annual costs above."
                        </p>
                    }
                })}
            <ChartFrame
                caption="ROSI of each control and of the whole plan (range: 5th–95th percentile of the years; dot: median; diamond: mean)"
                    .into()
                file="rosi".into()
                svg=rosi_svg
                testid="rosi-chart"
            /> <p class="hint" data-testid="rosi-explained">
                "How to read it: ROSI is a year's avoided loss minus the control's cost, over its cost. In a year without the losses a control prevents, its ROSI is −100%: the cost bought nothing that year. So the median of a control against rare events is often −100%, and the mean, which counts the rare years it pays off many times over, decides whether it is worth it. A range that runs past the right edge is cut there, with an arrow."
            </p>
        </div>
    }
}

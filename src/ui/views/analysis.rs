//! Quantitative analysis: simulation settings, progress and cancel, the register's
//! figures with their Monte-Carlo precision, the loss exceedance curve with the appetite
//! lines, the histogram, and the per-risk table, which shows the qualitative bridge both
//! ways (risks simulated from their score's anchors; the level each simulated risk's
//! results correspond to).

use leptos::prelude::*;

use super::level::LevelBadge;
use crate::ui::chart_frame::{ChartFrame, Readout};
use crate::ui::charts::{self, Curve, LossScale, PALETTE};
use crate::ui::simulation_runner::{Analysis as Runner, RunState, result_key, result_key_at};
use crate::ui::workspace::Workspace;
use residual_engine::assess::evaluation::{evaluate, scores};
use residual_engine::io::money::{short, whole};
use residual_engine::model::settings::{Sampling, SimulationSettings, is_one_off, parse_trials, trial_choices};
use residual_engine::quant::simulation::{ModelSource, RiskResult};

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Mean,
    P90,
}

#[component]
pub fn AnalysisView() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let runner = expect_context::<Runner>();
    let register = workspace.register;

    // Results follow the register's risks and criteria: an edit runs the simulation again,
    // at the settings the figures were made with. A change of the settings themselves
    // (trials, sampling, seed) waits for Run: a million trials is the analyst's call. A
    // one-off count (over 100,000) is run once: its figures stay until the register
    // changes, and the run after that is at the register's own count.
    // Shown again after a visit elsewhere: figures of a one-off run of this register as
    // it still is.
    let once = RwSignal::new(runner.result.with_untracked(|result| {
        let result = result.as_ref()?;
        let at = SimulationSettings {
            trials: result.trials,
            sampling: result.sampling,
            seed: result.seed,
        };
        register.with_untracked(|r| {
            (runner.register_id.get_value() == r.id
                && is_one_off(result.trials)
                && result.trials != r.simulation.trials
                && result_key_at(r, &at) == runner.result_key.get_untracked())
            .then_some(result.trials)
        })
    }));
    Effect::new(move |_| {
        let key = register.with(result_key);
        let settings = register.with(|r| r.simulation);
        let figures = runner
            .result
            .with_untracked(|r| r.as_ref().map(|r| (r.trials, r.sampling, r.seed)));
        // Another register's figures are never shown as this one's.
        let other_register = register.with_untracked(|r| runner.register_id.get_value() != r.id);
        let Some((trials, sampling, seed)) = figures.filter(|_| !other_register) else {
            once.set(None);
            register.with_untracked(|r| runner.run(r));
            return;
        };
        let at_figures = SimulationSettings { trials, sampling, seed };
        let unchanged = register.with_untracked(|r| result_key_at(r, &at_figures)) == runner.result_key.get_untracked();
        let one_off = trials > settings.trials && is_one_off(trials);
        if !unchanged && (at_figures == settings || one_off) && runner.result_key.get_untracked() != key {
            once.set(None);
            register.with_untracked(|r| runner.run(r));
        }
    });

    let settings = move || register.with(|r| r.simulation);
    let trials_error = RwSignal::new(None::<String>);
    let set_trials = move |ev| match parse_trials(&event_target_value(&ev)) {
        Ok(trials) if is_one_off(trials) && trials != settings().trials => {
            trials_error.set(None);
            once.set(Some(trials));
        }
        Ok(trials) => {
            trials_error.set(None);
            once.set(None);
            workspace.edit(|r| r.simulation.trials = trials);
        }
        Err(why) => trials_error.set(Some(why)),
    };
    let set_sampling = move |ev| {
        if let Some(sampling) = Sampling::parse(&event_target_value(&ev)) {
            workspace.edit(|r| r.simulation.sampling = sampling);
        }
    };
    let seed_error = RwSignal::new(None::<String>);
    view! {
        <section class="view analysis">
            <div class="view-head">
                <h2>"Quantitative analysis"</h2>
                <p class="hint">
                    "Open FAIR Monte-Carlo simulation of every risk's annual loss, and of the register's (their sum, year by year). Risks without a FAIR model are simulated from the criteria's anchors for their score."
                </p>
            </div>
            <form class="simulation-settings" on:submit=|ev| ev.prevent_default()>
                <label>
                    "Trials (simulated years) "
                    <select
                        data-testid="trials"
                        on:change=set_trials
                        prop:value=move || once.get().unwrap_or(settings().trials).to_string()
                    >
                        {move || {
                            let chosen = once.get().unwrap_or(settings().trials);
                            let kept = settings().trials;
                            trial_choices(kept)
                                .into_iter()
                                .map(|n| {
                                    let label = if is_one_off(n) && n != kept {
                                        format!("{} (once)", whole(n as f64))
                                    } else {
                                        whole(n as f64)
                                    };
                                    view! {
                                        <option value=n.to_string() selected=n == chosen>
                                            {label}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label>
                    "Sampling "
                    <select
                        data-testid="sampling"
                        on:change=set_sampling
                        prop:value=move || settings().sampling.as_str()
                    >
                        {Sampling::ALL
                            .into_iter()
                            .map(|s| view! { <option value=s.as_str()>{s.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    "Seed "
                    <crate::ui::typed::FieldInput
                        register=workspace.open_id.get_untracked()
                        field={residual_engine::treat::inline_field::InlineField::Seed}
                        error={seed_error}
                        {..}
                        data-testid="seed"
                        inputmode="numeric"
                        size="12"
                    />
                </label>
                {move || {
                    seed_error
                        .get()
                        .map(|e| {
                            view! {
                                <span class="field-error" role="alert">
                                    {e}
                                </span>
                            }
                        })
                }}
                {move || {
                    trials_error
                        .get()
                        .map(|e| {
                            view! {
                                <span class="field-error" role="alert" data-testid="trials-error">
                                    {e}
                                </span>
                            }
                        })
                }}
                <RunControls once=once />
            </form>
            {move || match runner.state.get() {
                RunState::Failed(message) => {
                    Some(
                        view! {
                            <p class="banner warning" role="alert" data-testid="simulation-error">
                                {message}
                                " "
                                <button
                                    type="button"
                                    data-testid="retry-simulation"
                                    on:click=move |_| workspace.register.with_untracked(|r| runner.run(r))
                                >
                                    "Run again"
                                </button>
                            </p>
                        },
                    )
                }
                _ => None,
            }}
            <Results />
        </section>
    }
}

/// The run's one state, in words, with the action it allows: running (progress, Cancel),
/// cancelled, settings or register changed since the figures (Run), or up to date (the
/// figures' trials, sampling and seed; Run again).
#[component]
fn RunControls(once: RwSignal<Option<u32>>) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let runner = expect_context::<Runner>();
    let register = workspace.register;
    // Run: at the one-off count if one is chosen, else at the register's settings.
    let run = move |_| {
        register.with_untracked(|r| match once.get_untracked() {
            Some(trials) => {
                let mut at = r.clone();
                at.simulation.trials = trials;
                runner.run(&at);
            }
            None => runner.run(r),
        })
    };
    move || {
        let state = runner.state.get();
        if let RunState::Running { done, total } = state {
            return view! {
                <span class="run-progress" data-testid="run-status" data-state="running">
                    "Running: "
                    <progress max=total.max(1) value=done data-testid="progress"></progress>
                    {format!(" {done} of {} done ", super::count(total, "risk"))}
                    <button type="button" class="secondary" data-testid="cancel" on:click=move |_| runner.cancel()>
                        "Cancel"
                    </button>
                </span>
            }
            .into_any();
        }
        let figures = runner
            .result
            .with(|r| r.as_ref().map(|r| (r.trials, r.sampling, r.seed)));
        let mut settings = register.with(|r| r.simulation);
        let kept = settings.trials;
        if let Some(trials) = once.get() {
            settings.trials = trials;
        }
        // Up to date: the register is as it was when the figures were made, at the
        // settings wanted now (a one-off count included).
        let current = register.with(|r| result_key_at(r, &settings)) == runner.result_key.get();
        let from = |(trials, _, _): (u32, Sampling, u64)| {
            format!("the figures below are from {} trials", whole(trials as f64))
        };
        let wanted = format!(
            "{} trials{}, {}, seed {}",
            whole(settings.trials as f64),
            if settings.trials != kept {
                format!(" once (the register keeps {})", whole(kept as f64))
            } else {
                String::new()
            },
            settings.sampling.label(),
            settings.seed
        );
        let (kind, text, action) = match (figures, state) {
            (None, RunState::Cancelled) => ("cancelled", "Cancelled: no figures yet.".to_string(), "Run"),
            (None, _) => ("idle", "Not run yet.".to_string(), "Run"),
            // After a cancel, the settings asked for since say what Run will do.
            (Some(f), RunState::Cancelled) if f != (settings.trials, settings.sampling, settings.seed) => {
                ("cancelled", format!("Cancelled: {}; run for {wanted}.", from(f)), "Run")
            }
            (Some(f), RunState::Cancelled) => (
                "cancelled",
                format!("Cancelled: {}, before your latest change.", from(f)),
                "Run",
            ),
            (Some(f), _) if !current => (
                "changed",
                format!("Changed since the figures ({}): run for {wanted}.", from(f)),
                "Run",
            ),
            (Some((trials, sampling, seed)), _) => (
                "done",
                format!(
                    "Up to date: {} trials{}, {}, seed {seed}.",
                    whole(trials as f64),
                    if trials != kept {
                        format!(" (once: an edit runs again at {})", whole(kept as f64))
                    } else {
                        String::new()
                    },
                    sampling.label()
                ),
                "Run again",
            ),
        };
        view! {
            <span class="run-progress" data-testid="run-status" data-state=kind>
                {text}
                " "
                <button type="button" data-testid="run" on:click=run>
                    {action}
                </button>
            </span>
        }
        .into_any()
    }
}

#[component]
fn Results() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let runner = expect_context::<Runner>();
    let register = workspace.register;
    let sort = RwSignal::new(SortBy::Mean);
    let selected = RwSignal::new(None::<String>);
    let loss_scale = RwSignal::new(LossScale::Log);
    let results_page = RwSignal::new(0usize);

    move || {
        let _ = (sort.get(), results_page.get());
        let Some(result) = runner.result.get() else {
            return view! {
                <p class="hint" data-testid="no-results">
                    "No results yet."
                </p>
            }
            .into_any();
        };
        let currency = register.with(|r| r.currency.clone());
        let thresholds: Vec<(String, f64)> = register.with(|r| {
            r.criteria
                .loss_thresholds
                .iter()
                .map(|t| (t.name.clone(), t.annual_loss))
                .collect()
        });
        let s = result.register.clone();
        let p90_half = (s.p90_ci[1] - s.p90_ci[0]) / 2.0;
        let precision = format!(
            "Mean ±{} ({:.2}%) standard error; P90 95% interval {} – {} (±{:.1}%). {} trials, {}, seed {}, {:.0} ms.",
            whole(s.se_mean),
            100.0 * s.se_mean / s.mean.max(f64::MIN_POSITIVE),
            whole(s.p90_ci[0]),
            whole(s.p90_ci[1]),
            100.0 * p90_half / s.p90.max(f64::MIN_POSITIVE),
            whole(result.trials as f64),
            result.sampling.label(),
            result.seed,
            runner.elapsed_ms.get(),
        );
        let exceedance = thresholds
            .iter()
            .zip(&s.exceedance)
            .map(|((name, value), p)| {
                view! {
                    <div class="figure">
                        <span class="figure-label">{format!("P(loss > {name} {})", short(*value))}</span>
                        <span class="figure-value">{format!("{:.1}%", p * 100.0)}</span>
                    </div>
                }
            })
            .collect_view();
        let figure = |label: &'static str, value: f64, testid: &'static str| {
            view! {
                <div class="figure" data-testid=testid>
                    <span class="figure-label">{label}</span>
                    <span class="figure-value">{short(value)}</span>
                </div>
            }
        };
        let chosen = selected.get();
        let chosen_result = chosen
            .as_ref()
            .and_then(|id| result.risks.iter().find(|r| &r.id == id).cloned());
        let mut curves = vec![Curve::of("Register", &result.register, PALETTE[0])];
        if let Some(r) = &chosen_result {
            curves.push(Curve::of(r.id.clone(), &r.summary, PALETTE[2]));
        }
        let appetite = register.with(|r| r.criteria.appetite_curve());
        let verdict = register
            .with(|r| residual_engine::assess::evaluation::appetite_verdict(&r.criteria, &s.exceedance, &r.currency));
        let verdict_words = verdict.as_ref().map_or("", |v| {
            if v.within {
                " — within the appetite curve"
            } else {
                " — above the appetite curve"
            }
        });
        let scale = loss_scale.get();
        let (lec_svg, area) = charts::loss_exceedance(&curves, &thresholds, &appetite, &currency, scale, charts::SIZE);
        let histogram_svg = charts::histogram(&result.register.lec, result.trials, &currency);
        let readout = area.map(|area| {
            let named: Vec<(String, residual_engine::quant::statistics::ExceedanceCurve)> =
                curves.iter().map(|c| (c.label.clone(), c.curve.clone())).collect();
            let unit = currency.clone();
            Readout {
                area,
                read: Callback::new(move |loss: f64| {
                    let chances = named
                        .iter()
                        .map(|(name, curve)| format!("{name} {:.1}%", 100.0 * charts::chance_above(curve, loss)))
                        .collect::<Vec<_>>()
                        .join(" · ");
                    format!("Chance of losing more than {} {unit} in a year: {chances}", short(loss))
                }),
            }
        });
        view! {
            <div class="figures" data-testid="register-figures">
                {figure("Expected annual loss", s.mean, "ale")}
                {figure("Median year", s.p50, "p50")}
                {figure("1 year in 10 (P90)", s.p90, "p90")}
                {figure("1 year in 100 (VaR 99%)", s.var99, "var99")}
                {figure("Expected shortfall 99%", s.es99, "es99")}
                {exceedance}
            </div>
            {verdict
                .map(|v| {
                    view! {
                        <p class="appetite-verdict" class:fails=!v.within data-testid="register-appetite">
                            <strong>"The register's inherent risk (before any control). "</strong>
                            {v.text}
                            " The residual risk is judged in Treatment."
                        </p>
                    }
                })}
            <p class="convergence" data-testid="convergence">
                {precision}
            </p>
            {capped_note(&result)}
            <div class="charts">
                <div>
                    <ChartFrame
                        caption=format!(
                            "Loss exceedance curve, inherent{}{verdict_words}",
                            chosen.map(|id| format!(" — register and {id}")).unwrap_or_default(),
                        )
                        file="loss-exceedance".into()
                        svg=lec_svg
                        testid="lec-chart"
                        readout=readout
                    />
                    <span class="loss-scale" role="group" aria-label="Loss axis">
                        "Loss axis: "
                        <button
                            type="button"
                            class="secondary small"
                            data-testid="scale-log"
                            aria-pressed=(scale == LossScale::Log).to_string()
                            on:click=move |_| loss_scale.set(LossScale::Log)
                        >
                            "log"
                        </button>
                        <button
                            type="button"
                            class="secondary small"
                            data-testid="scale-linear"
                            aria-pressed=(scale == LossScale::Linear).to_string()
                            on:click=move |_| loss_scale.set(LossScale::Linear)
                        >
                            "linear"
                        </button>
                    </span>
                </div>
                <ChartFrame
                    caption="Distribution of the register's annual loss (years with a loss)".into()
                    file="annual-loss-histogram".into()
                    svg=histogram_svg
                    testid="histogram-chart"
                />
            </div>
            <RiskTable result=result.clone() sort=sort selected=selected page=results_page />
        }
        .into_any()
    }
}

/// Says which risks hit the cap of 10^15 a year, and in how many years (the figures
/// count such a year as 10^15).
fn capped_note(result: &residual_engine::quant::simulation::SimulationResult) -> Option<impl IntoView + use<>> {
    let capped: Vec<String> = result
        .risks
        .iter()
        .filter(|r| r.capped_years > 0)
        .map(|r| format!("{} ({} years)", r.id, whole(r.capped_years as f64)))
        .collect();
    (!capped.is_empty()).then(|| view! {
        <p class="banner warning" data-testid="capped">
            {format!(
                "Some simulated years lost more than 10^15, the most Residual counts for one risk in one year; those years are counted as 10^15: {}.",
                capped.join(", "),
            )}
        </p>
    })
}

/// Rows of the results table drawn at a time.
const PAGE_ROWS: usize = 100;

#[component]
fn RiskTable(
    result: std::sync::Arc<residual_engine::quant::simulation::SimulationResult>,
    sort: RwSignal<SortBy>,
    selected: RwSignal<Option<String>>,
    page: RwSignal<usize>,
) -> impl IntoView {
    let page_signal = page;
    let workspace = expect_context::<Workspace>();
    let register = workspace.register.get_untracked();
    let evaluations = evaluate(&register);
    let mut rows: Vec<RiskResult> = result.risks.clone();
    let key = |r: &RiskResult| match sort.get_untracked() {
        SortBy::Mean => r.summary.mean,
        SortBy::P90 => r.summary.p90,
    };
    rows.sort_by(|a, b| key(b).total_cmp(&key(a)));
    let header = move |by: SortBy, label: &'static str| {
        let active = sort.get_untracked() == by;
        view! {
            <th class="number" aria-sort=if active { "descending" } else { "none" }>
                <button
                    type="button"
                    class="sort"
                    data-testid=format!("sort-{}", label.to_lowercase())
                    on:click=move |_| sort.set(by)
                >
                    {label}
                    {if active { " ▼" } else { "" }}
                </button>
            </th>
        }
    };
    // Each risk found by id once, and the rows drawn a page at a time (a register of
    // 10,000 risks drawn whole held the page for over a second).
    let position: std::collections::HashMap<&str, usize> = register
        .risks
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let total = rows.len();
    let pages = total.div_ceil(PAGE_ROWS).max(1);
    let page = page.get_untracked().min(pages - 1);
    let body = rows
        .into_iter()
        .skip(page * PAGE_ROWS)
        .take(PAGE_ROWS)
        .map(|row| {
            let index = position.get(row.id.as_str()).copied();
            let risk = index.map(|i| &register.risks[i]);
            let title = risk.map(|r| r.title.clone()).unwrap_or_default();
            let scored = index
                .and_then(|i| evaluations[i].level.as_ref())
                .and_then(|id| register.criteria.levels.iter().find(|l| &l.id == id).cloned());
            let simulated = row
                .derived
                .as_ref()
                .and_then(|d| register.criteria.levels.iter().find(|l| l.id == d.level).cloned());
            let model = match (row.source, risk.and_then(scores)) {
                (ModelSource::Fair, _) => "FAIR model".to_string(),
                (ModelSource::Anchors, Some((l, i))) => format!("from anchors L{l}×I{i}"),
                (ModelSource::Anchors, None) => "from anchors".to_string(),
            };
            let derived_cell = row
                .derived
                .as_ref()
                .map(|d| format!("L{}×I{}", d.likelihood, d.impact))
                .unwrap_or_default();
            let id = row.id.clone();
            let is_selected = selected.get_untracked().as_deref() == Some(id.as_str());
            let toggle = id.clone();
            let data_risk = id.clone();
            let s = &row.summary;
            // The appetite curve is the register's: a risk above it on its own puts the
            // register above it too.
            let alone = residual_engine::assess::evaluation::appetite_verdict(
                &register.criteria,
                &s.exceedance,
                &register.currency,
            );
            view! {
                <tr class:selected=is_selected data-testid="result-row" data-risk=data_risk>
                    <td>
                        <button
                            type="button"
                            class="link"
                            title="Show its loss exceedance curve"
                            on:click=move |_| {
                                selected
                                    .update(|s| {
                                        *s = if s.as_deref() == Some(toggle.as_str()) {
                                            None
                                        } else {
                                            Some(toggle.clone())
                                        };
                                    })
                            }
                        >
                            {id}
                        </button>
                        " "
                        {title}
                    </td>
                    <td>{model}</td>
                    <td>
                        <LevelBadge level=scored />
                    </td>
                    <td>
                        <LevelBadge level=simulated />
                        " "
                        <span class="muted">{derived_cell}</span>
                    </td>
                    <td class="number">{format!("{:.2}", row.events_per_year)}</td>
                    <td class="number">{whole(s.mean)}</td>
                    <td class="number">{whole(s.p90)}</td>
                    <td class="number">{whole(s.p99)}</td>
                    <td class="number">{format!("{:.0}%", 100.0 * (1.0 - s.p_zero))}</td>
                    <td
                        class="appetite-cell"
                        class:fails=alone.as_ref().is_some_and(|v| !v.within)
                        title=alone.as_ref().map(|v| v.text.clone()).unwrap_or_default()
                    >
                        {alone.as_ref().map(|v| if v.within { "within" } else { "above, alone" }).unwrap_or("—")}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let skipped = result
        .skipped
        .iter()
        .map(|s| view! { <li>{format!("{}: {}", s.id, s.reason)}</li> })
        .collect_view();
    view! {
        <table class="results" data-testid="results-table">
            <caption>"Risks by annual loss ("{register.currency.clone()}"). Click a risk to draw its curve."</caption>
            <thead>
                <tr>
                    <th>"Risk"</th>
                    <th>"Model"</th>
                    <th>"Scored level"</th>
                    <th>"Level from simulation"</th>
                    <th class="number">"Events / year"</th>
                    {header(SortBy::Mean, "Mean")}
                    {header(SortBy::P90, "P90")}
                    <th class="number">"P99"</th>
                    <th class="number">"Years with a loss"</th>
                    <th title="Whether the risk's own loss stays within the register's appetite curve (a risk above it alone puts the register above it)">
                        "Appetite curve"
                    </th>
                </tr>
            </thead>
            <tbody>{body}</tbody>
        </table>
        {(pages > 1)
            .then(|| {
                view! {
                    <nav class="pager" aria-label="Pages of risks" data-testid="results-pager">
                        <button
                            class="secondary"
                            disabled={page == 0}
                            on:click=move |_| page_signal.update(|p| *p = p.saturating_sub(1))
                        >
                            "Previous"
                        </button>
                        <span>
                            {format!(
                                " Risks {}–{} of {} ",
                                page * PAGE_ROWS + 1,
                                ((page + 1) * PAGE_ROWS).min(total),
                                total,
                            )}
                        </span>
                        <button
                            class="secondary"
                            data-testid="results-next-page"
                            disabled={page + 1 >= pages}
                            on:click=move |_| page_signal.update(|p| *p += 1)
                        >
                            "Next"
                        </button>
                    </nav>
                }
            })}
        {(!result.skipped.is_empty())
            .then(|| {
                view! {
                    <p class="hint">"Not simulated:"</p>
                    <ul class="skipped">{skipped}</ul>
                }
            })}
        <p class="hint">
            "Level from simulation: the likelihood level whose anchor holds the mean events per year, the impact level whose anchor holds the mean loss per event, and their matrix cell."
        </p>
    }
}

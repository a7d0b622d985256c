//! The printable report: what ISO/IEC 27001 asks to be kept as documented information on
//! one document: scope and criteria (6.1.2 a), the register with its owners and levels,
//! the inherent and residual heat maps, the register's loss exceedance curve, the
//! Statement of Applicability in summary (6.1.3 d) and the owners' acceptances with their
//! dates (6.1.3 f). The print style sheet lays it out for A4 or Letter.

use leptos::prelude::*;

use crate::ui::charts::{self, Curve};
use crate::ui::simulation_runner::Treatment as Runner;
use crate::ui::workspace::{Workspace, today};
use residual_engine::assess::evaluation::cell_counts;
use residual_engine::assess::risk_state::RiskState;
use residual_engine::io::money::{grouped, short};
use residual_engine::model::control::ControlStatus;
use residual_engine::model::criteria::RiskLevel;
use residual_engine::model::register::Register;
use residual_engine::model::timestamp::readable;
use residual_engine::treat::acceptance::{AcceptanceStatus, status};
use residual_engine::treat::applicability::statement;
use residual_engine::treat::state_levels::all_state_scores as all_scores;

/// A level's name for a score, or a dash.
fn level_of(r: &Register, score: Option<(u8, u8)>) -> String {
    score
        .and_then(|(l, i)| r.criteria.level(l, i).map(|v| format!("{} (L{l}×I{i})", v.name)))
        .unwrap_or_else(|| "–".into())
}

/// A heat map of `state`'s scores: likelihood rows, highest first; each cell its level's
/// colour and name and how many risks sit there.
fn heat_map(r: &Register, state: RiskState, testid: &'static str) -> impl IntoView + use<> {
    let counts = cell_counts(&r.criteria, all_scores(r, state).into_iter().flatten());
    let cell = |_, _, count: usize, level: Option<&RiskLevel>| {
        view! {
            <strong>{(count > 0).then(|| count.to_string())}</strong>
            <span class="name">{level.map(|v| v.name.clone()).unwrap_or_default()}</span>
        }
        .into_any()
    };
    view! {
        <div class="report-heat" data-testid=testid>
            {super::heat_map::grid(
                &r.criteria,
                &counts,
                format!("{} risk: number of risks per cell", state.label()),
                cell,
            )}
        </div>
    }
}

#[component]
pub fn ReportView() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let runner = expect_context::<Runner>();
    let register = workspace.register;
    // The curves are the three states' (Treatment's run, at the live trial count), for
    // the register as it is: run it if it is not. A large analysis run is not repeated.
    Effect::new(move |_| {
        let current = register
            .with(|r| runner.register_id.get_value() == r.id && runner.result_key.get_untracked() == runner.key(r));
        if !current || runner.result.with_untracked(Option::is_none) {
            register.with_untracked(|r| runner.run(r));
        }
    });
    let print = move |_| {
        let _ = window().print();
    };
    let body = move || {
        register.with(|r| {
            let c = &r.criteria;
            let scale = |levels: &[residual_engine::model::criteria::ScaleLevel], unit: &str| {
                levels
                    .iter()
                    .enumerate()
                    .map(|(k, s)| {
                        let anchor = s
                            .anchor
                            .map(|a| format!("{} – {} {unit}", grouped(a.low), grouped(a.high)))
                            .unwrap_or_default();
                        view! {
                            <tr>
                                <td>{k + 1}</td>
                                <td>{s.label.clone()}</td>
                                <td>{s.description.clone()}</td>
                                <td class="num">{anchor}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            };
            let thresholds = c
                .loss_thresholds
                .iter()
                .map(|t| {
                    let chance = t
                        .max_probability
                        .map(|p| format!("{:.1}%", p * 100.0))
                        .unwrap_or_else(|| "–".into());
                    view! {
                        <tr>
                            <td>{t.name.clone()}</td>
                            <td class="num">{format!("{} {}", grouped(t.annual_loss), r.currency)}</td>
                            <td class="num">{chance}</td>
                        </tr>
                    }
                })
                .collect_view();
            let now = today();
            let inherent = all_scores(r, RiskState::Inherent);
            let residual = all_scores(r, RiskState::Residual);
            let rows = r
                .risks
                .iter()
                .zip(inherent.iter().zip(&residual))
                .map(|(risk, (from, to))| {
                    let treatment = r.treatments.iter().find(|t| t.risk == risk.id);
                    let controls = treatment.map(|t| t.controls.join(", ")).unwrap_or_default();
                    view! {
                        <tr data-testid="report-risk">
                            <td>{risk.id.clone()}</td>
                            <td>{risk.title.clone()}</td>
                            <td>{risk.owner.clone()}</td>
                            <td>{risk.status.label()}</td>
                            <td>{level_of(r, *from)}</td>
                            <td>{level_of(r, *to)}</td>
                            <td>{treatment.map_or("untreated", |t| t.option.as_str())}</td>
                            <td>{controls}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <header class="report-head">
                    <h2 data-testid="report-title">{format!("Information security risk assessment: {}", r.name)}</h2>
                    <p>
                        {format!(
                            "{} · printed {now} · register last changed {} · criteria version {}",
                            if r.organisation.is_empty() {
                                "Organisation not given".to_string()
                            } else {
                                r.organisation.clone()
                            },
                            readable(&r.modified),
                            c.version,
                        )}
                    </p>
                </header>
                <section class="report-section" data-testid="report-scope">
                    <h3>"1. Scope and risk criteria (ISO/IEC 27001 6.1.2 a)"</h3>
                    <p>
                        {if r.scope.is_empty() {
                            "Scope: not stated.".to_string()
                        } else {
                            format!("Scope: {}", r.scope)
                        }}
                    </p>
                    <p>{format!("Amounts in {}.", r.currency)}</p>
                    <table class="report-table">
                        <caption>"Likelihood scale (anchors: loss events a year)"</caption>
                        <thead>
                            <tr>
                                <th>"#"</th>
                                <th>"Level"</th>
                                <th>"Meaning"</th>
                                <th>"Anchor"</th>
                            </tr>
                        </thead>
                        <tbody>{scale(&c.likelihood, "a year")}</tbody>
                    </table>
                    <table class="report-table">
                        <caption>{format!("Impact scale (anchors: loss per event, {})", r.currency)}</caption>
                        <thead>
                            <tr>
                                <th>"#"</th>
                                <th>"Level"</th>
                                <th>"Meaning"</th>
                                <th>"Anchor"</th>
                            </tr>
                        </thead>
                        <tbody>{scale(&c.impact, &r.currency)}</tbody>
                    </table>
                    <table class="report-table">
                        <caption>"Loss thresholds and risk appetite"</caption>
                        <thead>
                            <tr>
                                <th>"Threshold"</th>
                                <th>"Annual loss"</th>
                                <th>"Most accepted chance of losing more"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {thresholds}
                            {c
                                .loss_thresholds
                                .is_empty()
                                .then(|| {
                                    view! {
                                        <tr>
                                            <td colspan="3">"No loss thresholds are set."</td>
                                        </tr>
                                    }
                                })}
                        </tbody>
                    </table>
                </section>
                <section class="report-section" data-testid="report-register">
                    <h3>"2. Risk register (6.1.2 c–e, 8.2)"</h3>
                    <table class="report-table">
                        <thead>
                            <tr>
                                <th>"Id"</th>
                                <th>"Risk"</th>
                                <th>"Owner"</th>
                                <th>"Status"</th>
                                <th>"Inherent"</th>
                                <th>"Residual"</th>
                                <th>"Treatment"</th>
                                <th>"Controls"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </section>
                <section class="report-section" data-testid="report-heat-maps">
                    <h3>"3. Heat maps: inherent and residual"</h3>
                    <div class="report-heat-maps">
                        {heat_map(r, RiskState::Inherent, "report-heat-inherent")}
                        {heat_map(r, RiskState::Residual, "report-heat-residual")}
                    </div>
                </section>
            }
        })
    };
    let closing = move || {
        register.with(|r| {
            let soa = statement(r);
            let applicable = soa.iter().filter(|s| s.applicable).count();
            let with = |status: ControlStatus| soa.iter().filter(|s| s.applicable && s.status == Some(status)).count();
            let decided = soa.iter().filter(|s| s.decided).count();
            let excluded = soa
                .iter()
                .filter(|s| !s.applicable && s.decided)
                .map(|s| view! { <li>{format!("{} {}: {}", s.control, s.title, s.justification)}</li> })
                .collect_view();
            let now = today();
            let none_accepted = r.treatments.iter().all(|t| t.acceptance.is_none());
            let acceptances = r
                .treatments
                .iter()
                .filter_map(|t| t.acceptance.as_ref().map(|a| (t, a)))
                .map(|(t, a)| {
                    let standing = match status(r, &t.risk, a, &now) {
                        AcceptanceStatus::Valid => "in force",
                        AcceptanceStatus::Expired => "expired",
                        AcceptanceStatus::Invalidated => "no longer holds (the risk changed since)",
                    };
                    view! {
                        <tr data-testid="report-acceptance">
                            <td>{t.risk.clone()}</td>
                            <td>{a.accepted_by.clone()}</td>
                            <td class="num">{a.date.clone()}</td>
                            <td class="num">{a.expires.clone()}</td>
                            <td>{standing}</td>
                            <td>{a.justification.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <section class="report-section" data-testid="report-soa">
                    <h3>"5. Statement of Applicability (6.1.3 d), in summary"</h3>
                    <p>
                        {format!(
                            "{applicable} of {} controls applicable: {} implemented, {} in progress, {} planned; {decided} decisions recorded by the analyst, the rest suggested.",
                            soa.len(),
                            with(ControlStatus::Implemented),
                            with(ControlStatus::InProgress),
                            with(ControlStatus::Planned),
                        )}
                    </p>
                    <ul class="report-excluded">{excluded}</ul>
                </section>
                <section class="report-section" data-testid="report-acceptances">
                    <h3>"6. Acceptance of the residual risks (6.1.3 f, 8.3)"</h3>
                    <table class="report-table">
                        <thead>
                            <tr>
                                <th>"Risk"</th>
                                <th>"Accepted by"</th>
                                <th>"On"</th>
                                <th>"Until"</th>
                                <th>"Standing"</th>
                                <th>"Justification"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {acceptances}
                            {none_accepted
                                .then(|| {
                                    view! {
                                        <tr>
                                            <td colspan="6">"No residual risk has been accepted yet."</td>
                                        </tr>
                                    }
                                })}
                        </tbody>
                    </table>
                </section>
            }
        })
    };
    let curve = move || {
        let current =
            register.with(|r| runner.register_id.get_value() == r.id && runner.result_key.get() == runner.key(r));
        let Some(result) = runner.result.get().filter(|_| current) else {
            return view! {
                <p class="hint" data-testid="report-lec-waiting">
                    "The loss exceedance curves appear when the three states have been simulated."
                </p>
            }
            .into_any();
        };
        register.with(|r| {
            use residual_engine::assess::risk_state::RiskState;
            let thresholds: Vec<(String, f64)> = r.criteria.loss_thresholds.iter().map(|t| (t.name.clone(), t.annual_loss)).collect();
            let curves: Vec<Curve> = RiskState::ALL
                .iter()
                .zip(crate::ui::treatment_charts::STATE_COLOURS)
                .map(|(&state, colour)| Curve::of(state.label(), &result.state(state).register, colour))
                .collect();
            let (svg, _) = charts::loss_exceedance(&curves, &thresholds, &r.criteria.appetite_curve(), &r.currency, charts::LossScale::Log, charts::SIZE);
            let lines = RiskState::ALL
                .iter()
                .map(|&state| {
                    let s = &result.state(state).register;
                    let verdict = residual_engine::assess::evaluation::appetite_verdict(&r.criteria, &s.exceedance, &r.currency)
                        .map(|v| format!(" {}", v.text))
                        .unwrap_or_default();
                    view! {
                        <li data-testid=format!("report-state-{}", state.as_str())>
                            <strong>{format!("{}: ", state.label())}</strong>
                            {format!(
                                "expected annual loss {} {cur}; median year {}; 1 year in 10 (P90) {}; 1 year in 100 (P99) {}; expected shortfall 99% {}.{verdict}",
                                short(s.mean),
                                short(s.p50),
                                short(s.p90),
                                short(s.p99),
                                short(s.es99),
                                cur = r.currency,
                            )}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <p>
                    {format!(
                        "Inherent: no control. Current: the controls in operation. Residual: after the planned treatment. {} trials a state, seed {}.",
                        grouped(f64::from(result.inherent.trials)),
                        result.inherent.seed,
                    )}
                </p>
                <ul class="report-states">{lines}</ul>
                <div class="chart report-chart" data-testid="report-lec" inner_html=svg></div>
            }
            .into_any()
        })
    };
    view! {
        <section class="view report" data-testid="report">
            <div class="view-head no-print">
                <div>
                    <h2>"Report"</h2>
                    <p class="meta">
                        "The assessment on one document, laid out for printing on A4 or Letter (or saving as PDF from the print dialog)."
                    </p>
                </div>
                <div class="actions">
                    <button data-testid="print-report" on:click=print>
                        "Print…"
                    </button>
                </div>
            </div>
            {body}
            <section class="report-section report-keep" data-testid="report-curve">
                <h3>"4. Loss exceedance: the register's annual loss"</h3>
                {curve}
            </section>
            {closing}
        </section>
    }
}

//! The inherent-risk heat map: likelihood rows (highest on top) × impact columns. Each
//! cell shows its level's name and how many risks sit there, so it never relies on
//! colour alone; clicking a cell filters the register table to it.

use leptos::prelude::*;

use super::level::level_style;
use crate::ui::workspace::Workspace;
use residual_engine::assess::evaluation::heat_map;
use residual_engine::model::criteria::{RiskCriteria, RiskLevel};

/// The heat-map grid, drawn once for the app and the report: likelihood rows (highest
/// on top) × impact columns under a caption; `cell(l, i, count, level)` draws each cell's
/// inside, and the cell takes its level's colour.
pub fn grid(
    c: &RiskCriteria,
    counts: &[Vec<usize>],
    caption: String,
    cell: impl Fn(u8, u8, usize, Option<&RiskLevel>) -> AnyView,
) -> AnyView {
    let header = c
        .impact
        .iter()
        .map(|s| view! { <th scope="col">{s.label.clone()}</th> })
        .collect_view();
    let rows = (1..=c.likelihood.len() as u8)
        .rev()
        .map(|l| {
            let cells = (1..=c.impact.len() as u8)
                .map(|i| {
                    let count = counts[usize::from(l) - 1][usize::from(i) - 1];
                    let level = c.level(l, i);
                    let style = level.map(level_style).unwrap_or_default();
                    view! { <td style=style>{cell(l, i, count, level)}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{c.likelihood[usize::from(l) - 1].label.clone()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <table>
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th>"Likelihood ↓ / Impact →"</th>
                    {header}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn HeatMap(cell: RwSignal<Option<(u8, u8)>>) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let register = workspace.register;
    move || {
        register.with(|r| {
            let c = &r.criteria;
            let counts = heat_map(r);
            let button = |l: u8, i: u8, count: usize, level: Option<&RiskLevel>| {
                let name = level.map_or_else(|| "?".to_string(), |v| v.name.clone());
                let label = format!(
                    "{} likelihood, {} impact: {name}, {count} risk{}",
                    c.likelihood[usize::from(l) - 1].label,
                    c.impact[usize::from(i) - 1].label,
                    if count == 1 { "" } else { "s" }
                );
                view! {
                    <button
                        class="cell"
                        data-testid=format!("heat-{l}-{i}")
                        aria-label=label
                        aria-pressed=move || (cell.get() == Some((l, i))).to_string()
                        class:selected=move || cell.get() == Some((l, i))
                        on:click=move |_| { cell.update(|c| *c = if *c == Some((l, i)) { None } else { Some((l, i)) }) }
                    >
                        <span class="count">{(count > 0).then(|| count.to_string())}</span>
                        <span class="name">{name}</span>
                    </button>
                }
                .into_any()
            };
            view! {
                <figure class="heat-map" data-testid="heat-map">
                    {grid(c, &counts, "Inherent risk: number of risks per cell".into(), button)}
                </figure>
            }
        })
    }
}

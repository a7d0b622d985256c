//! The inherent-risk heat map: likelihood rows (highest on top) × impact columns. Each
//! cell shows its level's name and how many risks sit there, so it never relies on
//! colour alone; clicking a cell filters the register table to it.

use leptos::prelude::*;

use super::level::level_style;
use crate::ui::workspace::Workspace;
use residual_engine::assess::evaluation::heat_map;

#[component]
pub fn HeatMap(cell: RwSignal<Option<(u8, u8)>>) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let register = workspace.register;
    move || {
        register.with(|r| {
            let c = &r.criteria;
            let counts = heat_map(r);
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
                            let (style, name) = match c.level(l, i) {
                                Some(level) => (level_style(level), level.name.clone()),
                                None => (String::new(), "?".into()),
                            };
                            let label = format!(
                                "{} likelihood, {} impact: {name}, {count} risk{}",
                                c.likelihood[usize::from(l) - 1].label,
                                c.impact[usize::from(i) - 1].label,
                                if count == 1 { "" } else { "s" }
                            );
                            view! {
                                <td style=style>
                                    <button
                                        class="cell"
                                        data-testid=format!("heat-{l}-{i}")
                                        aria-label=label
                                        aria-pressed=move || (cell.get() == Some((l, i))).to_string()
                                        class:selected=move || cell.get() == Some((l, i))
                                        on:click=move |_| {
                                            cell.update(|c| *c = if *c == Some((l, i)) { None } else { Some((l, i)) })
                                        }
                                    >
                                        <span class="count">{(count > 0).then(|| count.to_string())}</span>
                                        <span class="name">{name}</span>
                                    </button>
                                </td>
                            }
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
                <figure class="heat-map" data-testid="heat-map">
                    <table>
                        <caption>"Inherent risk: number of risks per cell"</caption>
                        <thead>
                            <tr>
                                <th>"Likelihood ↓ / Impact →"</th>
                                {header}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </figure>
            }
        })
    }
}

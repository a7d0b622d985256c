//! The risk criteria: scales, matrix and levels, read-only for now.

use leptos::prelude::*;

use super::level::text_colour;
use crate::ui::app::Current;

#[component]
pub fn CriteriaView() -> impl IntoView {
    let Current(register) = expect_context::<Current>();
    let matrix = move || {
        register.with(|r| {
            let c = &r.criteria;
            let header = c.impact.iter().map(|s| view! { <th scope="col">{s.label.clone()}</th> }).collect_view();
            let rows = (1..=c.likelihood.len())
                .rev()
                .map(|l| {
                    let cells = (1..=c.impact.len())
                        .map(|i| match c.level(l as u8, i as u8) {
                            Some(level) => {
                                let style = format!("background:{};color:{}", level.colour, text_colour(&level.colour));
                                view! { <td style=style>{level.name.clone()}</td> }.into_any()
                            }
                            None => view! { <td>"?"</td> }.into_any(),
                        })
                        .collect_view();
                    view! { <tr><th scope="row">{c.likelihood[l - 1].label.clone()}</th>{cells}</tr> }
                })
                .collect_view();
            view! {
                <table class="matrix" data-testid="risk-matrix">
                    <thead><tr><th>"Likelihood \\ Impact"</th>{header}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };
    let levels = move || {
        register.with(|r| {
            r.criteria
                .levels
                .iter()
                .map(|level| {
                    view! {
                        <li>
                            <strong>{level.name.clone()}</strong>
                            {format!(
                                " — {} Review every {} days.{}",
                                level.action,
                                level.review_interval_days,
                                if level.accepted { " Within appetite." } else { "" }
                            )}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="view criteria">
            <h2>"Risk criteria"</h2>
            <p class="meta">{move || register.with(|r| format!("Criteria version {}", r.criteria.version))}</p>
            {matrix}
            <h3>"Risk levels"</h3>
            <ul class="levels">{levels}</ul>
        </section>
    }
}

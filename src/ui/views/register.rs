//! The risk register table.

use leptos::prelude::*;

use super::level::LevelBadge;
use crate::ui::app::Current;

#[component]
pub fn RegisterView() -> impl IntoView {
    let Current(register) = expect_context::<Current>();
    let rows = move || {
        register.with(|r| {
            r.risks
                .iter()
                .map(|risk| {
                    let scores = risk.assessment.as_ref().and_then(|a| Some((a.likelihood, a.impact.overall()?)));
                    let level = scores.and_then(|(l, i)| r.criteria.level(l, i)).cloned();
                    let label = |scale: &[crate::criteria::ScaleLevel], score: u8| {
                        scale.get(usize::from(score) - 1).map(|s| format!("{score} · {}", s.label)).unwrap_or_default()
                    };
                    let likelihood = scores.map(|(l, _)| label(&r.criteria.likelihood, l)).unwrap_or_default();
                    let impact = scores.map(|(_, i)| label(&r.criteria.impact, i)).unwrap_or_default();
                    view! {
                        <tr data-testid="risk-row">
                            <td class="id">{risk.id.clone()}</td>
                            <td>{risk.title.clone()}</td>
                            <td>{risk.owner.clone()}</td>
                            <td>{likelihood}</td>
                            <td>{impact}</td>
                            <td><LevelBadge level=level /></td>
                            <td class="status">{format!("{:?}", risk.status).to_lowercase()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="view register">
            <h2>"Risk register"</h2>
            <p class="meta">
                {move || register.with(|r| format!("{} · {} risks · {} assets · losses in {}", r.organisation, r.risks.len(), r.assets.len(), r.currency))}
            </p>
            <table class="risks">
                <thead>
                    <tr>
                        <th scope="col">"Id"</th>
                        <th scope="col">"Risk"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"Likelihood"</th>
                        <th scope="col">"Impact"</th>
                        <th scope="col">"Level"</th>
                        <th scope="col">"Status"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

//! A risk level badge (colour plus its name, so it never relies on colour alone) and the
//! options of a likelihood or impact scale.

use leptos::prelude::*;

use residual_engine::model::criteria::RiskLevel;

/// Black or white text, whichever contrasts more with `colour` (#rrggbb): at least
/// 4.5:1 (WCAG), whatever colour the analyst gives a level.
pub fn text_colour(colour: &str) -> &'static str {
    residual_engine::model::colour::ink_for(colour)
}

/// The inline style of a level's colour, with text that reads on it.
pub fn level_style(level: &RiskLevel) -> String {
    format!("background:{};color:{}", level.colour, text_colour(&level.colour))
}

#[component]
pub fn LevelBadge(level: Option<RiskLevel>) -> impl IntoView {
    match level {
        Some(level) => {
            let style = level_style(&level);
            view! {
                <span class="level" style=style>
                    {level.name}
                </span>
            }
            .into_any()
        }
        None => view! { <span class="level unscored">"not scored"</span> }.into_any(),
    }
}

/// The levels of the likelihood or the impact scale, as options "n · label".
#[component]
pub fn ScaleOptions(likelihood: bool) -> impl IntoView {
    let register = expect_context::<crate::ui::workspace::Workspace>().register;
    move || {
        register.with(|r| {
            let scale = if likelihood {
                &r.criteria.likelihood
            } else {
                &r.criteria.impact
            };
            scale
                .iter()
                .enumerate()
                .map(|(n, s)| view! { <option value=(n + 1).to_string()>{format!("{} · {}", n + 1, s.label)}</option> })
                .collect_view()
        })
    }
}

//! The selected risk's figures and loss exceedance in its three states: beside its
//! treatment form on a wide screen, so that what a slider moves is in view with the
//! slider; under the form on a narrower one (a laptop, a projector at 150%), where the
//! chart is drawn all the same.

use leptos::prelude::*;

use super::preview::Shown;
use crate::ui::chart_frame::ChartFrame;
use crate::ui::charts::{self, Curve};
use crate::ui::simulation_runner::Treatment as Runner;
use crate::ui::treatment_charts::STATE_COLOURS;
use residual_engine::assess::risk_state::RiskState;

/// The narrowest window with room for the side column (as in the style sheet).
const WIDE: f64 = 1360.0;

fn is_wide() -> bool {
    window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w >= WIDE)
}

/// The side column: the risk's inherent, current and residual curves, or why there are
/// none yet; with the figures too where the window is wide enough for three columns (on
/// a narrower one the form shows them).
#[component]
pub fn RiskSide(risk: String) -> impl IntoView {
    let chart_risk = risk.clone();
    let runner = expect_context::<Runner>();
    let shown = expect_context::<Shown>();
    let wide = RwSignal::new(is_wide());
    let listener = window_event_listener(leptos::ev::resize, move |_| {
        let now = is_wide();
        if wide.get_untracked() != now {
            wide.set(now);
        }
    });
    on_cleanup(move || listener.remove());
    // Only the currency of the register: a preview step does not redraw the curves.
    let currency = Memo::new(move |_| shown.register.with(|r| r.currency.clone()));
    let chart = move || {
        let Some(result) = runner.result.get() else {
            return view! { <p class="hint">"The curves appear once the treatment run is done."</p> }.into_any();
        };
        let risk = chart_risk.clone();
        let summaries: Vec<_> = RiskState::ALL
            .iter()
            .filter_map(|&state| {
                let found = result.state(state).risks.iter().find(|x| x.id == risk)?;
                Some((state, found.summary.clone()))
            })
            .collect();
        if summaries.is_empty() {
            return view! { <p class="hint">"This risk is not simulated: it has no score and no FAIR model."</p> }
                .into_any();
        }
        let curves: Vec<Curve> = summaries
            .iter()
            .zip(STATE_COLOURS)
            .map(|((state, summary), colour)| Curve::of(state.label(), summary, colour))
            .collect();
        let currency = currency.get();
        // The register's thresholds and appetite curve are about the whole register's
        // loss, so they are not drawn over one risk's curves.
        let (svg, _) = charts::loss_exceedance(&curves, &[], &[], &currency, charts::LossScale::Log, charts::SIDE);
        if svg.is_empty() {
            return view! { <p class="hint">"No loss in any simulated year: nothing to draw."</p> }.into_any();
        }
        view! {
            <ChartFrame
                caption=format!("{risk}: loss exceedance, inherent → residual")
                file=format!("lec-{risk}")
                svg=svg
                testid="risk-lec"
            />
        }
        .into_any()
    };
    let figures = move || {
        wide.get()
            .then(|| view! { <super::treatment::RiskFigures risk=risk.clone() prefix="side-" /> })
    };
    view! {
        <aside class="treatment-side" data-testid="treatment-side">
            {figures}
            {chart}
        </aside>
    }
}

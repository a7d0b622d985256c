//! Guidance for a first-time user: the "Getting started" walk through ISO/IEC 27001
//! 6.1.2 and 6.1.3, and a short explanation of each Open FAIR factor.

use leptos::prelude::*;

/// The steps of a risk assessment, each with the clause and where in the app it is done.
const STEPS: [(&str, &str, &str, &str); 8] = [
    (
        "6.1.2 a",
        "Set the risk criteria",
        "#/criteria",
        "scales, matrix, the levels within appetite, and the loss thresholds.",
    ),
    (
        "6.1.2 c",
        "List the assets",
        "#/assets",
        "what the organisation values, with owners and C/I/A values.",
    ),
    (
        "6.1.2 c",
        "Identify risks, each with an owner",
        "#/register",
        "to the confidentiality, integrity or availability of those assets.",
    ),
    (
        "6.1.2 d",
        "Analyse them",
        "#/analysis",
        "score each one, give the important ones a FAIR model, and run the simulation.",
    ),
    (
        "6.1.2 e",
        "Evaluate them",
        "#/register",
        "against the appetite: the register marks what is above it, and prioritises.",
    ),
    (
        "6.1.3 a–c",
        "Choose treatments and controls",
        "#/treatment",
        "modify, share, avoid or retain; link Annex A controls and watch the residual risk.",
    ),
    (
        "6.1.3 d",
        "Produce the Statement of Applicability",
        "#/soa",
        "every Annex A control, applicable or not, with the reason.",
    ),
    (
        "6.1.3 f, 8.2–8.3",
        "Get the owners' acceptance, then repeat",
        "#/treatment",
        "each owner accepts the residual risk; export, and review at planned intervals.",
    ),
];

/// "Getting started": the assessment step by step, open at first (on the demo or an
/// empty register), closed once the analyst has closed it.
#[component]
pub fn GettingStarted(open: bool) -> impl IntoView {
    view! {
        <details class="getting-started" data-testid="getting-started" open=open>
            <summary>"Getting started: a risk assessment in eight steps (ISO/IEC 27001 6.1.2 and 6.1.3)"</summary>
            <ol>
                {STEPS
                    .into_iter()
                    .map(|(clause, title, href, what)| {
                        view! {
                            <li>
                                <a href=href>{title}</a>
                                {format!(" — {what} ")}
                                <span class="clause">{format!("({clause})")}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <p class="hint">
                "Try it on the demo register first: nothing you change in the demo is lost, and a fresh copy can be opened from Registers at any time."
            </p>
        </details>
    }
}

//! Guidance for a first-time user: the "Getting started" walk through ISO/IEC 27001
//! 6.1.2 and 6.1.3, and a short explanation of each Open FAIR factor.

use leptos::prelude::*;

/// A factor's Open FAIR name, what it measures, and an example estimate.
pub fn factor_help(name: &str) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match name {
        "loss_event_frequency" => (
            "Loss Event Frequency (LEF)",
            "How often in a year a threat actually causes a loss: threat events that get through.",
            "Ransomware that really encrypts systems about once in five years: 0.1 to 0.3 a year.",
        ),
        "threat_event_frequency" => (
            "Threat Event Frequency (TEF)",
            "How often in a year threat agents act against the asset, whether or not they succeed.",
            "Targeted phishing campaigns against finance staff: 6 to 20 a year.",
        ),
        "contact_frequency" => (
            "Contact Frequency (CF)",
            "How often in a year threat agents come into contact with the asset, by chance, routinely or on purpose.",
            "Automated scans of a public booking portal: 100 to 1,000 a year.",
        ),
        "probability_of_action" => (
            "Probability of Action (PoA)",
            "The chance that a threat agent in contact acts against the asset: it weighs the value, the effort and the risk to itself.",
            "An opportunistic scanner trying an exploit: 0.02 to 0.1.",
        ),
        "vulnerability" => (
            "Vulnerability (Vuln)",
            "The chance that a threat event becomes a loss event: that resistance fails. Give it directly, or as threat capability against resistance strength.",
            "Phishing campaigns that lead to a compromised account despite training and MFA: 0.05 to 0.25.",
        ),
        "threat_capability" => (
            "Threat Capability (TCap)",
            "The force the threat agents can apply, as a percentile of the whole threat community (0 to 100).",
            "An organised criminal group: 60 to 90.",
        ),
        "resistance_strength" => (
            "Resistance Strength (RS)",
            "How strong the controls are, as the percentile of the threat community they withstand (0 to 100).",
            "Patched systems with EDR and MFA: 70 to 85.",
        ),
        "loss_magnitude" => (
            "Loss Magnitude (LM)",
            "The loss from one loss event, primary and secondary together. Give it directly, or as its parts below.",
            "One ransomware event: 50,000 to 2,000,000.",
        ),
        "primary_loss" => (
            "Primary Loss (PL)",
            "The loss the organisation bears directly: lost productivity, response, replacement.",
            "Two days of warehouse downtime and incident response: 40,000 to 300,000.",
        ),
        "secondary_loss_event_frequency" => (
            "Secondary Loss Event Frequency (SLEF)",
            "The chance that customers, regulators, partners or the press react to a loss event.",
            "A breach of customers' personal data that must be notified: 0.2 to 0.6.",
        ),
        "secondary_loss_magnitude" => (
            "Secondary Loss Magnitude (SLM)",
            "The loss from their reaction: fines and judgements, notification, lost customers, reputation.",
            "A GDPR fine, notification and churn: 100,000 to 5,000,000.",
        ),
        _ => return None,
    })
}

/// The source of the factor names and definitions.
pub const FAIR_SOURCE: &str = "After the Open FAIR Risk Taxonomy (O-RT), The Open Group.";

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
                {STEPS.into_iter().map(|(clause, title, href, what)| view! {
                    <li><a href=href>{title}</a>{format!(" — {what} ")}<span class="clause">{format!("({clause})")}</span></li>
                }).collect_view()}
            </ol>
            <p class="hint">"Try it on the demo register first: nothing you change in the demo is lost, and a fresh copy can be opened from Registers at any time."</p>
        </details>
    }
}

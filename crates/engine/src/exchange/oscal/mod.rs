//! OSCAL assessment results (usnistgov/OSCAL, the `assessment-results` model), export
//! only: each risk with its inherent score as the initial characterization and its
//! residual score as the adjusted one, the implemented controls as mitigating factors,
//! the treatment and the planned controls as remediations, an acceptance as a risk-log
//! entry, the simulated figures as properties in Residual's namespace, and the register
//! itself attached in the back matter, so that nothing is lost. Every identifier is a
//! version 5 UUID of the register's and the thing's ids: a re-export names each thing
//! as before. docs/interop.md has the mapping.

pub mod identifiers;

use serde_json::{Value, json};

use crate::assess::risk_state::{RiskState, scores};
use crate::io::export::register_file;
use crate::model::control::ControlStatus;
use crate::model::register::Register;
use crate::model::risk::{Risk, RiskStatus};
use crate::model::treatment::TreatmentOption;
use crate::quant::simulation::SimulationResult;
use identifiers::{Uuid, base64, text, uuid_v5};

/// Residual's namespace for OSCAL properties (`ns`), and for its UUIDs.
pub const NAMESPACE: &str = "https://residual.invalid/ns/oscal";
/// The OSCAL namespace, the `system` of the standard facets.
const OSCAL_SYSTEM: &str = "http://csrc.nist.gov/ns/oscal";
/// The OSCAL version the document follows (the risk model is unchanged since 1.1.2).
pub const OSCAL_VERSION: &str = "1.1.3";

/// Names every thing of one register with a stable UUID.
struct Namer {
    namespace: Uuid,
    register: String,
}

impl Namer {
    fn uuid(&self, path: &str) -> String {
        text(&uuid_v5(&self.namespace, &format!("{}/{path}", self.register)))
    }
}

/// A property in Residual's namespace.
fn prop(name: &str, value: impl ToString) -> Value {
    json!({"name": name, "ns": NAMESPACE, "value": value.to_string()})
}

/// An amount as a property, its currency as the class.
fn amount(name: &str, value: f64, currency: &str) -> Value {
    json!({"name": name, "ns": NAMESPACE, "value": format!("{value:.2}"), "class": currency})
}

/// A date `YYYY-MM-DD` as OSCAL's date-time with a time zone.
fn date_time(date: &str) -> String {
    if date.len() == 10 {
        format!("{date}T00:00:00Z")
    } else {
        date.to_string()
    }
}

/// OSCAL's risk status for Residual's.
fn status(status: RiskStatus) -> &'static str {
    match status {
        RiskStatus::Identified => "open",
        RiskStatus::Analysed | RiskStatus::Evaluated => "investigating",
        RiskStatus::Treated => "remediating",
        RiskStatus::Accepted => "deviation-approved",
        RiskStatus::Closed => "closed",
    }
}

/// OSCAL's response type for a treatment option.
fn response_type(option: TreatmentOption) -> &'static str {
    match option {
        TreatmentOption::Modify => "mitigate",
        TreatmentOption::Retain => "accept",
        TreatmentOption::Avoid => "avoid",
        TreatmentOption::Share => "transfer",
    }
}

/// The likelihood, impact and risk facets of a score, marked initial or adjusted.
fn characterization(register: &Register, score: (u8, u8), state: &str, organisation: &str) -> Value {
    let c = &register.criteria;
    let label = |scale: &[crate::model::criteria::ScaleLevel], n: u8| {
        scale
            .get(usize::from(n).saturating_sub(1))
            .map_or(n.to_string(), |l| l.label.clone())
    };
    let level = c
        .level(score.0, score.1)
        .map_or("unrated".to_string(), |l| l.name.clone());
    let facet = |name: &str, value: String| json!({"name": name, "system": OSCAL_SYSTEM, "value": value, "props": [{"name": "state", "value": state}]});
    json!({
        "origin": {"actors": [{"type": "party", "actor-uuid": organisation}]},
        "facets": [
            facet("likelihood", label(&c.likelihood, score.0)),
            facet("impact", label(&c.impact, score.1)),
            facet("risk", level),
        ],
    })
}

/// The risk as an OSCAL risk.
fn risk(
    register: &Register,
    risk: &Risk,
    names: &Namer,
    organisation: &str,
    simulated: Option<&SimulationResult>,
) -> Value {
    let id = &risk.id;
    let mut props = vec![prop("risk-id", id), prop("owner", &risk.owner)];
    if !risk.category.is_empty() {
        props.push(prop("category", &risk.category));
    }
    if let Some(result) = simulated.and_then(|s| s.risks.iter().find(|r| &r.id == id)) {
        let s = &result.summary;
        props.push(amount("annual-loss-mean", s.mean, &register.currency));
        props.push(amount("annual-loss-p90", s.p90, &register.currency));
        props.push(amount("annual-loss-p99", s.p99, &register.currency));
    }
    let assets: Vec<String> = risk
        .assets
        .iter()
        .filter_map(|a| register.assets.iter().find(|x| &x.id == a))
        .map(|a| a.name.clone())
        .collect();
    let mut statement = vec![risk.title.clone()];
    if !risk.threat.is_empty() {
        statement.push(format!("Threat: {}.", risk.threat));
    }
    if !risk.vulnerability.is_empty() {
        statement.push(format!("Vulnerability: {}.", risk.vulnerability));
    }
    if !assets.is_empty() {
        statement.push(format!("Assets: {}.", assets.join(", ")));
    }
    let mut out = json!({
        "uuid": names.uuid(&format!("risk/{id}")),
        "title": risk.title,
        "description": if risk.description.trim().is_empty() { risk.title.clone() } else { risk.description.clone() },
        "statement": statement.join(" "),
        "status": status(risk.status),
        "props": props,
    });
    let initial = scores(register, risk, RiskState::Inherent);
    let adjusted = scores(register, risk, RiskState::Residual);
    let mut characterizations = Vec::new();
    if let Some(score) = initial {
        characterizations.push(characterization(register, score, "initial", organisation));
    }
    if let Some(score) = adjusted.filter(|_| initial.is_some()) {
        characterizations.push(characterization(register, score, "adjusted", organisation));
    }
    if !characterizations.is_empty() {
        out["characterizations"] = Value::Array(characterizations);
    }
    let Some(treatment) = register.treatments.iter().find(|t| &t.risk == id) else {
        return out;
    };
    let controls: Vec<_> = treatment
        .controls
        .iter()
        .filter_map(|c| register.controls.iter().find(|x| &x.id == c))
        .collect();
    let factors: Vec<Value> = controls
        .iter()
        .filter(|c| c.status == ControlStatus::Implemented)
        .map(|c| {
            json!({
                "uuid": names.uuid(&format!("risk/{id}/control/{}", c.id)),
                "description": format!("{} {} (implemented)", c.id, c.title),
            })
        })
        .collect();
    if !factors.is_empty() {
        out["mitigating-factors"] = Value::Array(factors);
    }
    let planned: Vec<_> = controls
        .iter()
        .filter(|c| c.status.in_plan() && c.status != ControlStatus::Implemented)
        .collect();
    let decided = matches!(
        risk.status,
        RiskStatus::Treated | RiskStatus::Accepted | RiskStatus::Closed
    );
    let mut remediations = vec![json!({
        "uuid": names.uuid(&format!("risk/{id}/treatment")),
        "lifecycle": if planned.is_empty() && decided { "completed" } else { "planned" },
        "title": treatment.option.label(),
        "description": if treatment.rationale.trim().is_empty() { treatment.option.label().to_string() } else { treatment.rationale.clone() },
        "props": [{"name": "type", "value": response_type(treatment.option)}],
    })];
    for c in planned {
        let mut description = format!("{} {} ({})", c.id, c.title, c.status.label());
        if let Some(due) = &c.due_date {
            description.push_str(&format!(", due {due}"));
        }
        if !c.owner.is_empty() {
            description.push_str(&format!(", owner {}", c.owner));
        }
        let mut props = vec![json!({"name": "type", "value": "mitigate"}), prop("control-id", &c.id)];
        if c.one_off_cost > 0.0 {
            props.push(amount("one-off-cost", c.one_off_cost, &register.currency));
        }
        if c.annual_cost > 0.0 {
            props.push(amount("annual-cost", c.annual_cost, &register.currency));
        }
        remediations.push(json!({
            "uuid": names.uuid(&format!("risk/{id}/control/{}", c.id)),
            "lifecycle": "planned",
            "title": format!("{} {}", c.id, c.title),
            "description": description,
            "props": props,
        }));
    }
    out["remediations"] = Value::Array(remediations);
    if let Some(a) = &treatment.acceptance {
        out["risk-log"] = json!({"entries": [{
            "uuid": names.uuid(&format!("risk/{id}/acceptance/{}", a.date)),
            "title": "Residual risk accepted by its owner",
            "description": a.justification,
            "start": date_time(&a.date),
            "end": date_time(&a.expires),
            "logged-by": [{"party-uuid": names.uuid(&format!("party/{}", a.accepted_by))}],
            "status-change": "deviation-approved",
        }]});
    }
    out
}

/// The register as an OSCAL assessment-results document, with the figures of
/// `simulated` (if given) as properties, and a warning for what only the attached
/// register keeps.
pub fn write(register: &Register, simulated: Option<&SimulationResult>, now: &str) -> (String, Vec<String>) {
    let names = Namer {
        namespace: uuid_v5(&Uuid::NAMESPACE_URL, NAMESPACE),
        register: register.id.clone(),
    };
    let organisation_name = if register.organisation.trim().is_empty() {
        register.name.clone()
    } else {
        register.organisation.clone()
    };
    let organisation = names.uuid("party/organisation");
    let mut parties = vec![json!({"uuid": organisation, "type": "organization", "name": organisation_name})];
    let mut acceptors: Vec<&str> = register
        .treatments
        .iter()
        .filter_map(|t| t.acceptance.as_ref())
        .map(|a| a.accepted_by.as_str())
        .collect();
    acceptors.sort_unstable();
    acceptors.dedup();
    for person in acceptors {
        parties.push(json!({"uuid": names.uuid(&format!("party/{person}")), "type": "person", "name": person}));
    }
    let attached = names.uuid("register");
    let mut result_props = vec![
        prop("register-id", &register.id),
        prop("generator", concat!("Residual ", env!("CARGO_PKG_VERSION"))),
    ];
    // Figures only from a run that simulated something (a register whose risks all lack
    // a model would give zeros that mean nothing).
    if let Some(s) = simulated.filter(|s| !s.risks.is_empty()) {
        result_props.push(prop("trials", s.trials));
        result_props.push(prop("seed", s.seed));
        result_props.push(amount("annual-loss-mean", s.register.mean, &register.currency));
        result_props.push(amount("annual-loss-p90", s.register.p90, &register.currency));
        result_props.push(amount("annual-loss-p99", s.register.p99, &register.currency));
        result_props.push(amount("expected-shortfall-99", s.register.es99, &register.currency));
    }
    let scope = if register.scope.trim().is_empty() {
        String::new()
    } else {
        format!(" Scope: {}", register.scope.trim())
    };
    let document = json!({"assessment-results": {
        "uuid": names.uuid("assessment-results"),
        "metadata": {
            "title": register.name,
            "last-modified": register.modified,
            "version": register.revision.to_string(),
            "oscal-version": OSCAL_VERSION,
            "parties": parties,
        },
        // The plan is the register's criteria and scope, which the attached register holds.
        "import-ap": {"href": format!("#{attached}")},
        "results": [{
            "uuid": names.uuid("result"),
            "title": format!("Information security risk assessment: {}", register.name),
            "description": format!("ISO/IEC 27001 risk assessment (6.1.2) and treatment (6.1.3) exported by Residual on {now}.{scope}"),
            "start": register.created,
            "end": register.modified,
            "props": result_props,
            "reviewed-controls": {"control-selections": [{"description": "ISO/IEC 27001:2022 Annex A", "include-all": {}}]},
            "risks": register.risks.iter().map(|r| risk(register, r, &names, &organisation, simulated)).collect::<Vec<_>>(),
        }],
        "back-matter": {"resources": [{
            "uuid": attached,
            "title": "The Residual register this document was exported from",
            "description": "Residual's exchange file (JSON): the criteria, FAIR models, controls and treatments in full.",
            "base64": {
                "filename": register.file_name(&now[..now.len().min(10)], "json"),
                "media-type": "application/json",
                "value": base64(register_file(register).as_bytes()),
            },
        }]},
    }});
    let warnings = vec![
        "OSCAL has no place for the criteria, anchors, FAIR models, control effects and costs of implemented controls: they travel only in the register attached in the back matter".into(),
        format!("simulated figures are properties in Residual's namespace {NAMESPACE}"),
    ];
    (
        serde_json::to_string_pretty(&document).unwrap_or_default() + "\n",
        warnings,
    )
}

//! CISO Assistant's quantitative risk module (`backend/crq`): a study's scenarios, each
//! with hypotheses per risk stage (inherent, current, residual) whose parameters are an
//! annual probability of one loss event and a lognormal loss given by its 90% interval,
//! `{"probability": p, "impact": {"distribution": "LOGNORMAL-CI90", "lb", "ub"}}`. That
//! is Residual's Bernoulli event model with a constant frequency and a lognormal loss
//! magnitude, exactly.
//!
//! Written as a JSON document `{study, scenarios, hypotheses}` with the hypotheses in the
//! shape its REST API takes; read from that document, from a bare list of hypotheses, or
//! from the API's paginated `{"results": […]}`.

use serde_json::{Value, json};

use super::super::{OWNER, checked, imported_register, supplied};
use crate::assess::risk_state::RiskState;
use crate::model::criteria::LossThreshold;
use crate::model::distribution::Distribution;
use crate::model::fair_model::{EventModel, FairModel};
use crate::model::problem::Problem;
use crate::model::register::Register;
use crate::model::risk::Risk;
use crate::quant::simulation::RiskResult;
use crate::treat::states::simulate_states;

/// CISO Assistant's name for the distribution of the impact.
const LOGNORMAL: &str = "LOGNORMAL-CI90";

/// A hypothesis's parameters fitted to a simulated annual loss: the chance of a loss in a
/// year, and the 5th and 95th percentiles of the loss in a year that has one.
fn fitted(result: &RiskResult) -> Option<(f64, f64, f64)> {
    let s = &result.summary;
    let p = 1.0 - s.p_zero;
    if p <= 0.0 {
        return None;
    }
    let lb = s.lec.loss_at_chance(p * 0.95)?;
    let ub = s.lec.loss_at_chance(p * 0.05)?;
    (ub > lb && lb > 0.0).then_some((p.min(1.0), lb, ub))
}

/// The exact parameters of a model that is CISO Assistant's own: at most one event a
/// year with a constant probability, and a lognormal loss.
fn exact(model: &FairModel) -> Option<(f64, f64, f64)> {
    match (model.event_model, &model.loss_event_frequency, &model.loss_magnitude) {
        (
            EventModel::Bernoulli,
            Some(Distribution::Constant { value }),
            Some(Distribution::Lognormal { low, high }),
        ) => Some((value.min(1.0), *low, *high)),
        _ => None,
    }
}

/// The register as a CISO Assistant quantitative study: the hypotheses of each risk in
/// its three states (simulated at the register's settings), with a warning for what is
/// fitted rather than exact.
pub fn write(register: &Register) -> Result<(String, Vec<String>), Vec<Problem>> {
    let states = simulate_states(register, &register.simulation, false)?;
    Ok(write_states(register, &states))
}

/// As [`write`], from the three states simulated already (the app's treatment run, so
/// that the page need not carry the simulation).
pub fn write_states(register: &Register, states: &crate::treat::states::StatesResult) -> (String, Vec<String>) {
    let (mut scenarios, mut hypotheses, mut fits, mut left_out) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for risk in &register.risks {
        let mut made = Vec::new();
        for state in RiskState::ALL {
            let Some(result) = states.state(state).risks.iter().find(|r| r.id == risk.id) else {
                continue;
            };
            let exact_inherent = (state == RiskState::Inherent)
                .then(|| risk.fair.as_ref().and_then(exact))
                .flatten();
            let Some((p, lb, ub)) = exact_inherent.or_else(|| fitted(result)) else {
                continue;
            };
            if exact_inherent.is_none() && state == RiskState::Inherent {
                fits.push(risk.id.clone());
            }
            made.push(json!({
                "ref_id": format!("H.{:02}", hypotheses.len() + made.len() + 1),
                "name": format!("{} {}", risk.id, state.as_str()),
                "risk_stage": state.as_str(),
                "quantitative_risk_scenario": risk.id,
                "is_selected": true,
                "parameters": {"probability": p, "impact": {"distribution": LOGNORMAL, "lb": lb, "ub": ub}},
            }));
        }
        if made.is_empty() {
            left_out.push(risk.id.clone());
            continue;
        }
        let status = match register
            .treatments
            .iter()
            .find(|t| t.risk == risk.id)
            .map(|t| t.option.as_str())
        {
            Some("modify") => "mitigate",
            Some("retain") => "accept",
            Some("share") => "transfer",
            _ => "open",
        };
        scenarios.push(json!({"ref_id": risk.id, "name": risk.title, "observation": risk.description, "status": status, "owner": [risk.owner]}));
        hypotheses.extend(made);
    }
    let points: serde_json::Map<String, Value> = register
        .criteria
        .appetite_curve()
        .iter()
        .enumerate()
        .map(|(k, (loss, p))| {
            (
                format!("point{}", k + 1),
                json!({"probability": p, "acceptable_loss": loss}),
            )
        })
        .collect();
    let mut study =
        json!({"name": register.name, "distribution_model": "lognormal_ci90", "risk_tolerance": {"points": points}});
    if let Some(t) = register
        .criteria
        .loss_thresholds
        .iter()
        .find(|t| t.max_probability.is_none())
    {
        study["loss_threshold"] = json!(t.annual_loss);
    }
    let document = json!({
        "generator": concat!("Residual ", env!("CARGO_PKG_VERSION")),
        "currency": register.currency,
        "study": study,
        "scenarios": scenarios,
        "hypotheses": hypotheses,
    });
    let mut warnings = vec![
        "current and residual hypotheses are fitted to the simulated years (the chance of a loss, and the 5th and 95th percentiles of a year's loss when there is one): the controls themselves are not written".to_string(),
        format!("CISO Assistant keeps one currency for all studies: the amounts are in {}", register.currency),
    ];
    if !fits.is_empty() {
        warnings.push(format!(
            "not at most one event a year with a constant chance and a lognormal loss, so their inherent hypothesis is fitted too: {}",
            fits.join(", ")
        ));
    }
    if !left_out.is_empty() {
        warnings.push(format!("left out (no simulated loss): {}", left_out.join(", ")));
    }
    (
        serde_json::to_string_pretty(&document).unwrap_or_default() + "\n",
        warnings,
    )
}

/// The scenario a hypothesis belongs to: its id or reference, however the API gave it.
fn scenario_of(h: &Value) -> Option<String> {
    let s = h.get("quantitative_risk_scenario")?;
    s.as_str().map(str::to_string).or_else(|| {
        s.get("ref_id")
            .or_else(|| s.get("id"))
            .or_else(|| s.get("str"))
            .and_then(Value::as_str)
            .map(str::to_string)
    })
}

/// A register from a CISO Assistant quantitative study: one risk per scenario, its FAIR
/// model from the inherent hypothesis (or the current one when there is none), exact.
/// The other stages are kept in the risk's notes, with a warning.
pub fn read(text: &str, currency: &str, now: &str) -> Result<(Register, Vec<String>), Vec<Problem>> {
    crate::io::import::precheck(text).map_err(|p| vec![p])?;
    if let Some(problem) = crate::io::duplicate_key::first_duplicate(text) {
        return Err(vec![problem]);
    }
    let tree: Value = serde_json::from_str(text).map_err(|e| vec![crate::io::document::syntax_problem(text, &e)])?;
    let (list, at) = match &tree {
        Value::Array(list) => (list.as_slice(), "$"),
        Value::Object(map) if map.get("hypotheses").is_some_and(Value::is_array) => (
            map["hypotheses"].as_array().map(Vec::as_slice).unwrap_or_default(),
            "$.hypotheses",
        ),
        Value::Object(map) if map.get("results").is_some_and(Value::is_array) => (
            map["results"].as_array().map(Vec::as_slice).unwrap_or_default(),
            "$.results",
        ),
        _ => {
            return Err(vec![Problem::new(
                "$",
                "is not CISO Assistant hypotheses: a list of them, or an object with \"hypotheses\" or \"results\"",
            )]);
        }
    };
    let mut problems = Vec::new();
    // (scenario, stage, p, lb, ub), in the file's order.
    let mut found: Vec<(String, String, f64, f64, f64)> = Vec::new();
    for (k, h) in list.iter().enumerate() {
        let here = format!("{at}[{k}]");
        let parameters = h.get("parameters").unwrap_or(h);
        let Some(scenario) = scenario_of(h) else {
            problems.push(Problem::new(
                format!("{here}.quantitative_risk_scenario"),
                "is missing: each hypothesis belongs to a scenario",
            ));
            continue;
        };
        let stage = h
            .get("risk_stage")
            .and_then(Value::as_str)
            .unwrap_or("inherent")
            .to_string();
        if !["inherent", "current", "residual"].contains(&stage.as_str()) {
            problems.push(Problem::new(
                format!("{here}.risk_stage"),
                "must be inherent, current or residual",
            ));
            continue;
        }
        let p = parameters.get("probability").and_then(Value::as_f64);
        let impact = parameters.get("impact");
        let distribution = impact
            .and_then(|i| i.get("distribution"))
            .and_then(Value::as_str)
            .unwrap_or(LOGNORMAL);
        let (lb, ub) = (
            impact.and_then(|i| i.get("lb")).and_then(Value::as_f64),
            impact.and_then(|i| i.get("ub")).and_then(Value::as_f64),
        );
        match (p, lb, ub) {
            _ if distribution != LOGNORMAL => problems.push(Problem::new(
                format!("{here}.impact.distribution"),
                format!("must be {LOGNORMAL}, the only one CISO Assistant uses"),
            )),
            (Some(p), _, _) if !(0.0..=1.0).contains(&p) => problems.push(Problem::new(
                format!("{here}.probability"),
                "must be between 0 and 1 (a chance in a year)",
            )),
            (Some(p), Some(lb), Some(ub)) if lb > 0.0 && ub > lb && ub.is_finite() => {
                found.push((scenario, stage, p, lb, ub))
            }
            (Some(_), Some(_), Some(_)) => problems.push(Problem::new(format!("{here}.impact"), "needs 0 < lb < ub")),
            (None, _, _) => problems.push(Problem::new(
                format!("{here}.probability"),
                "is missing: the chance of a loss event in a year",
            )),
            _ => problems.push(Problem::new(
                format!("{here}.impact"),
                "needs lb and ub, the 5th and 95th percentiles of the loss",
            )),
        }
    }
    // A study with its scenarios listed and no hypothesis is a register with nothing to
    // simulate (Residual writes such a study): it reads as a register with no risks.
    let empty_study = list.is_empty()
        && tree.get("study").is_some()
        && tree
            .get("scenarios")
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty);
    if list.is_empty() && !empty_study {
        problems.push(Problem::new(at, "holds no hypothesis"));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // The file's scenarios, when it lists them: (id, name, observation, owner).
    let listed = tree.get("scenarios").and_then(Value::as_array);
    let names: Vec<(String, String, String, String)> = listed
        .map(|s| {
            s.iter()
                .filter_map(|x| {
                    let id = x.get("ref_id").or_else(|| x.get("id")).and_then(Value::as_str)?;
                    let owner = match x.get("owner") {
                        Some(Value::Array(owners)) => {
                            owners.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")
                        }
                        Some(Value::String(owner)) => owner.clone(),
                        _ => String::new(),
                    };
                    Some((
                        id.to_string(),
                        x.get("name").and_then(Value::as_str).unwrap_or(id).to_string(),
                        x.get("observation").and_then(Value::as_str).unwrap_or("").to_string(),
                        owner,
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    // A hypothesis of a scenario the file does not list is a broken reference, not a new risk.
    if listed.is_some() {
        for (k, h) in list.iter().enumerate() {
            if let Some(scenario) = scenario_of(h).filter(|s| !names.iter().any(|n| &n.0 == s)) {
                problems.push(Problem::new(
                    format!("{at}[{k}].quantitative_risk_scenario"),
                    format!(
                        "\"{}\" is not one of the file's scenarios",
                        scenario.chars().take(40).collect::<String>()
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
    }
    let currency = tree.get("currency").and_then(Value::as_str).unwrap_or(currency);
    let mut register = imported_register(
        super::super::import_id("ciso-assistant-crq", text),
        "Imported from CISO Assistant (quantitative)".into(),
        currency,
        now,
    );
    let mut order: Vec<String> = Vec::new();
    for (scenario, ..) in &found {
        if !order.contains(scenario) {
            order.push(scenario.clone());
        }
    }
    let (mut from_current, mut kept_as_notes) = (Vec::new(), Vec::new());
    for scenario in order {
        let of = |stage: &str| found.iter().find(|f| f.0 == scenario && f.1 == stage);
        let Some(base) = of("inherent").or_else(|| of("current")).or_else(|| of("residual")) else {
            continue;
        };
        if base.1 != "inherent" {
            from_current.push(scenario.clone());
        }
        let (title, description, owner) = names
            .iter()
            .find(|n| n.0 == scenario)
            .map_or((scenario.clone(), String::new(), String::new()), |n| {
                (n.1.clone(), n.2.clone(), n.3.clone())
            });
        let mut risk = Risk::blank(scenario.clone());
        risk.title = title;
        risk.description = description;
        risk.owner = if owner.trim().is_empty() { OWNER.into() } else { owner };
        risk.fair = Some(FairModel {
            event_model: EventModel::Bernoulli,
            loss_event_frequency: Some(Distribution::Constant { value: base.2 }),
            loss_magnitude: Some(Distribution::Lognormal {
                low: base.3,
                high: base.4,
            }),
            ..FairModel::default()
        });
        let others: Vec<String> = found
            .iter()
            .filter(|f| f.0 == scenario && !std::ptr::eq(*f, base))
            .map(|f| {
                format!(
                    "{} hypothesis: probability {:.4}, 90% interval {} – {}",
                    f.1,
                    f.2,
                    crate::io::money::whole(f.3),
                    crate::io::money::whole(f.4)
                )
            })
            .collect();
        if !others.is_empty() {
            risk.notes = format!("From CISO Assistant: {}.", others.join("; "));
            kept_as_notes.push(scenario.clone());
        }
        register.risks.push(risk);
    }
    if let Some(points) = tree.pointer("/study/risk_tolerance/points").and_then(Value::as_object) {
        let mut thresholds: Vec<LossThreshold> = points
            .iter()
            .filter_map(|(name, p)| {
                Some(LossThreshold {
                    name: name.clone(),
                    annual_loss: p.get("acceptable_loss")?.as_f64()?,
                    max_probability: Some(p.get("probability")?.as_f64()?),
                })
            })
            .collect();
        thresholds.sort_by(|a, b| a.annual_loss.total_cmp(&b.annual_loss));
        register.criteria.loss_thresholds = thresholds;
    }
    let without: Vec<&str> = names
        .iter()
        .filter(|n| !register.risks.iter().any(|r| r.id == n.0))
        .map(|n| n.0.as_str())
        .collect();
    let mut warnings = supplied("CISO Assistant", currency);
    warnings.retain(|w| tree.get("currency").is_none() || !w.contains("currency"));
    if names.iter().any(|n| !n.3.trim().is_empty()) {
        warnings.retain(|w| !w.contains("owners"));
    }
    if !without.is_empty() {
        warnings.push(format!(
            "scenarios without a hypothesis have nothing to simulate and are left out: {}",
            without.join(", ")
        ));
    }
    if empty_study {
        warnings.push("the study holds no scenario: the register has no risks yet".into());
    } else {
        warnings.push("the risks have no qualitative score: score them to place them on the heat map".into());
    }
    if !from_current.is_empty() {
        warnings.push(format!(
            "no inherent hypothesis: the current (or residual) one is the model of {}",
            from_current.join(", ")
        ));
    }
    if !kept_as_notes.is_empty() {
        warnings.push(format!(
            "current and residual hypotheses come from controls CISO Assistant does not export: they are kept in the risks' notes, not as controls: {}",
            kept_as_notes.join(", ")
        ));
    }
    checked(register, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: &str = "2026-11-29T12:00:00Z";

    #[test]
    fn the_rest_api_s_own_example_reads_exactly() {
        // The write shape of CISO Assistant's API, with the hypothesis of the interop notes.
        let text = r#"[{"name":"H.01 current","risk_stage":"current","quantitative_risk_scenario":"QR.01",
            "probability":0.35,"impact":{"distribution":"LOGNORMAL-CI90","lb":150000,"ub":2500000}}]"#;
        let (r, warnings) = read(text, "EUR", NOW).unwrap();
        let fair = r.risks[0].fair.as_ref().unwrap();
        assert_eq!(fair.event_model, EventModel::Bernoulli);
        assert_eq!(fair.loss_event_frequency, Some(Distribution::Constant { value: 0.35 }));
        assert_eq!(
            fair.loss_magnitude,
            Some(Distribution::Lognormal {
                low: 150_000.0,
                high: 2_500_000.0
            })
        );
        assert!(warnings.iter().any(|w| w.contains("no inherent hypothesis")));
    }

    #[test]
    fn a_written_study_reads_back_to_the_same_exact_models_and_appetite() {
        let mut register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        register.simulation.trials = 20_000;
        // R-003 becomes CISO Assistant's own model: its inherent hypothesis is exact.
        let r3 = register.risks.iter_mut().find(|r| r.id == "R-003").unwrap();
        r3.fair = Some(FairModel {
            event_model: EventModel::Bernoulli,
            loss_event_frequency: Some(Distribution::Constant { value: 0.2 }),
            loss_magnitude: Some(Distribution::Lognormal {
                low: 40_000.0,
                high: 900_000.0,
            }),
            ..FairModel::default()
        });
        let (text, warnings) = write(&register).unwrap();
        assert!(warnings.iter().any(|w| w.contains("fitted")));
        let doc: Value = serde_json::from_str(&text).unwrap();
        let hypotheses = doc["hypotheses"].as_array().unwrap();
        assert!(
            hypotheses
                .iter()
                .all(|h| h["parameters"]["impact"]["distribution"] == LOGNORMAL)
        );
        let (back, _) = read(&text, "USD", NOW).unwrap();
        assert_eq!(back.currency, "EUR", "the currency the file states");
        let r3 = back.risks.iter().find(|r| r.id == "R-003").unwrap();
        assert_eq!(
            r3.fair.as_ref().unwrap().loss_magnitude,
            Some(Distribution::Lognormal {
                low: 40_000.0,
                high: 900_000.0
            })
        );
        assert!(r3.notes.contains("residual hypothesis"));
        assert_eq!(
            r3.owner,
            register.risks.iter().find(|r| r.id == "R-003").unwrap().owner,
            "owners come back"
        );
        assert_eq!(back.criteria.appetite_curve(), register.criteria.appetite_curve());
        // A fitted hypothesis describes the simulated years: its chance of a loss is the
        // simulated one.
        let states = simulate_states(&register, &register.simulation, false).unwrap();
        for h in hypotheses.iter().filter(|h| h["risk_stage"] == "residual") {
            let id = h["quantitative_risk_scenario"].as_str().unwrap();
            let s = &states.residual.risks.iter().find(|r| r.id == id).unwrap().summary;
            let p = h["parameters"]["probability"].as_f64().unwrap();
            assert!((p - (1.0 - s.p_zero)).abs() < 1e-12, "{id}");
        }
    }

    #[test]
    fn bad_hypotheses_are_refused_by_path() {
        let text = r#"{"hypotheses":[
            {"quantitative_risk_scenario":"A","parameters":{"probability":1.5,"impact":{"distribution":"LOGNORMAL-CI90","lb":1,"ub":2}}},
            {"quantitative_risk_scenario":"B","parameters":{"probability":0.1,"impact":{"distribution":"PERT","lb":1,"ub":2}}},
            {"quantitative_risk_scenario":"C","parameters":{"probability":0.1,"impact":{"lb":5,"ub":2}}},
            {"parameters":{"probability":0.1}}]}"#;
        let problems = read(text, "EUR", NOW).unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "$.hypotheses[0].probability",
                "$.hypotheses[1].impact.distribution",
                "$.hypotheses[2].impact",
                "$.hypotheses[3].quantitative_risk_scenario"
            ]
        );
        assert!(read("{}", "EUR", NOW).is_err());
        let huge = read(
            r#"[{"quantitative_risk_scenario":"A","probability":0.1,"impact":{"lb":1,"ub":1e309}}]"#,
            "EUR",
            NOW,
        )
        .unwrap_err();
        assert_eq!(huge[0].path, "$[0].impact.ub");
        assert!(huge[0].message.starts_with("1e309 is too large a number"));
        // A hypothesis of a scenario the file does not list is refused, not made a risk.
        let stray = r#"{"scenarios":[{"ref_id":"R-001","name":"Ransomware"}],"hypotheses":[
            {"quantitative_risk_scenario":"R-999","parameters":{"probability":0.1,"impact":{"distribution":"LOGNORMAL-CI90","lb":1,"ub":2}}}]}"#;
        let problems = read(stray, "EUR", NOW).unwrap_err();
        assert_eq!(problems[0].path, "$.hypotheses[0].quantitative_risk_scenario");
        assert!(problems[0].message.contains("not one of the file's scenarios"));
        assert!(read("[]", "EUR", NOW).is_err());
    }
}

//! Checks a register beyond its shape: identifiers, references between sections, and
//! scores against the criteria. Every problem names its JSON path; all are reported,
//! not just the first.

use std::collections::HashSet;

use crate::model::asset::Asset;
use crate::model::catalogue::annex_a;
use crate::model::criteria::{ImpactMode, RiskCriteria};
use crate::model::problem::{Problem, field, index};
use crate::model::register::Register;
use crate::model::risk::{Assessment, Impact, Risk};
use crate::model::timestamp::{is_date, is_rfc3339};

/// Every problem with the register's meaning, each named by its JSON path: metadata,
/// criteria, simulation settings, unique ids, references between sections and scores
/// against the criteria. Empty when the register is valid.
pub fn check(register: &Register) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_metadata(register, &mut problems);
    register.criteria.check("$.criteria", &mut problems);
    register.simulation.check("$.simulation", &mut problems);
    check_unique_ids(register.assets.iter().map(|a| a.id.as_str()), "$.assets", &mut problems);
    check_unique_ids(register.risks.iter().map(|r| r.id.as_str()), "$.risks", &mut problems);
    check_unique_ids(
        register.controls.iter().map(|c| c.id.as_str()),
        "$.controls",
        &mut problems,
    );
    for (i, asset) in register.assets.iter().enumerate() {
        check_asset(asset, &register.criteria, &index("$.assets", i), &mut problems);
    }
    let asset_ids = ids(register.assets.iter().map(|a| a.id.as_str()));
    for (i, risk) in register.risks.iter().enumerate() {
        check_risk(risk, register, &asset_ids, &index("$.risks", i), &mut problems);
    }
    for (i, control) in register.controls.iter().enumerate() {
        control.check(&index("$.controls", i), &mut problems);
    }
    check_treatments(register, &mut problems);
    check_applicability(register, &mut problems);
    problems
}

/// The problems a draft would have once `put` placed it in a copy of the register
/// (`put` returns its index in section `name`, e.g. `"risks"`): each as the path below the
/// item (`"title"`, `"assessment.likelihood"`) and the message. This is what a form shows
/// beside its fields; the whole register is checked, so references and duplicate ids
/// count too, and a problem elsewhere in the register is given with its whole path
/// (`"$.treatments[2].risk"`), so a form never takes an edit the register would refuse.
pub fn check_item(register: &Register, name: &str, put: impl FnOnce(&mut Register) -> usize) -> Vec<(String, String)> {
    let mut candidate = register.clone();
    let at = put(&mut candidate);
    let prefix = format!("{}.", index(&field("$", name), at));
    check(&candidate)
        .into_iter()
        .map(|p| match p.path.strip_prefix(&prefix) {
            Some(inner) => (inner.to_string(), p.message),
            None => (p.path, p.message),
        })
        .collect()
}

fn check_metadata(register: &Register, problems: &mut Vec<Problem>) {
    if register.id.trim().is_empty() {
        problems.push(Problem::new("$.id", "must not be empty"));
    }
    if register.name.trim().is_empty() {
        problems.push(Problem::new("$.name", "must not be empty"));
    }
    if !(register.currency.len() == 3 && register.currency.bytes().all(|b| b.is_ascii_uppercase())) {
        problems.push(Problem::new(
            "$.currency",
            format!("\"{}\" is not an ISO 4217 code such as \"EUR\"", register.currency),
        ));
    }
    for (name, value) in [("created", &register.created), ("modified", &register.modified)] {
        if !is_rfc3339(value) {
            problems.push(Problem::new(
                field("$", name),
                format!("\"{value}\" is not an RFC 3339 timestamp such as \"2026-01-31T09:00:00Z\""),
            ));
        }
    }
}

fn check_unique_ids<'a>(ids: impl Iterator<Item = &'a str>, path: &str, problems: &mut Vec<Problem>) {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            problems.push(Problem::new(field(&index(path, i), "id"), "must not be empty"));
        } else if let Some(first) = seen.get(id) {
            problems.push(Problem::new(
                field(&index(path, i), "id"),
                format!("\"{id}\" is used twice: number {} in the list has it too", first + 1),
            ));
        } else {
            seen.insert(id, i);
        }
    }
}

/// The ids of a section, for reference checks in constant time (registers may hold
/// thousands of risks).
fn ids<'a>(items: impl Iterator<Item = &'a str>) -> HashSet<&'a str> {
    items.collect()
}

fn check_asset(asset: &Asset, criteria: &RiskCriteria, path: &str, problems: &mut Vec<Problem>) {
    if asset.name.trim().is_empty() {
        problems.push(Problem::new(field(path, "name"), "must not be empty"));
    }
    for (property, value) in asset.value.as_array() {
        if let Some(score) = value {
            check_score(
                score,
                criteria.impact.len(),
                &field(&field(path, "value"), property),
                "impact",
                problems,
            );
        }
    }
}

fn check_risk(risk: &Risk, register: &Register, asset_ids: &HashSet<&str>, path: &str, problems: &mut Vec<Problem>) {
    if risk.title.trim().is_empty() {
        problems.push(Problem::new(field(path, "title"), "must not be empty"));
    }
    if risk.owner.trim().is_empty() {
        problems.push(Problem::new(
            field(path, "owner"),
            "every risk needs an owner (ISO/IEC 27001 6.1.2 c)",
        ));
    }
    for (i, asset) in risk.assets.iter().enumerate() {
        if !asset_ids.contains(asset.as_str()) {
            problems.push(Problem::new(
                index(&field(path, "assets"), i),
                format!("\"{asset}\" is not the id of an asset"),
            ));
        }
    }
    if let Some(date) = &risk.review_date
        && !is_date(date)
    {
        problems.push(Problem::new(
            field(path, "review_date"),
            format!("\"{date}\" is not a date YYYY-MM-DD"),
        ));
    }
    if let Some(model) = &risk.fair {
        model.check(&field(path, "fair"), problems);
    }
    if let Some(assessment) = &risk.assessment {
        check_assessment(
            assessment,
            risk,
            &register.criteria,
            &field(path, "assessment"),
            problems,
        );
    }
}

fn check_assessment(
    assessment: &Assessment,
    risk: &Risk,
    criteria: &RiskCriteria,
    path: &str,
    problems: &mut Vec<Problem>,
) {
    check_score(
        assessment.likelihood,
        criteria.likelihood.len(),
        &field(path, "likelihood"),
        "likelihood",
        problems,
    );
    let impact_path = field(path, "impact");
    match (&assessment.impact, criteria.impact_mode) {
        (Impact::Overall(score), ImpactMode::Overall) => {
            check_score(*score, criteria.impact.len(), &impact_path, "impact", problems);
        }
        (Impact::PerProperty(cia), ImpactMode::PerProperty) => {
            for ((property, score), (_, affected)) in cia.as_array().into_iter().zip(risk.affects.as_array()) {
                let at = field(&impact_path, property);
                match score {
                    Some(score) => check_score(score, criteria.impact.len(), &at, "impact", problems),
                    None if affected => problems.push(Problem::new(at, "the risk affects this property, so it needs a score")),
                    None => {}
                }
            }
            if assessment.impact.overall().is_none() {
                problems.push(Problem::new(impact_path, "needs a score for at least one property"));
            }
        }
        (Impact::Overall(_), ImpactMode::PerProperty) => problems.push(Problem::new(
            impact_path,
            "the criteria score impact per property, so this must be an object {confidentiality, integrity, availability}",
        )),
        (Impact::PerProperty(_), ImpactMode::Overall) => problems.push(Problem::new(
            impact_path,
            "the criteria score one overall impact, so this must be a number",
        )),
    }
    if assessment.criteria_version == 0 || assessment.criteria_version > criteria.version {
        problems.push(Problem::new(
            field(path, "criteria_version"),
            format!("must be between 1 and the criteria's version {}", criteria.version),
        ));
    }
}

fn check_score(score: u8, levels: usize, path: &str, scale: &str, problems: &mut Vec<Problem>) {
    if score == 0 || usize::from(score) > levels {
        problems.push(Problem::new(
            path,
            format!("{score} is not a level of the {scale} scale (1 to {levels})"),
        ));
    }
}

fn check_treatments(register: &Register, problems: &mut Vec<Problem>) {
    let risk_ids = ids(register.risks.iter().map(|r| r.id.as_str()));
    let control_ids = ids(register.controls.iter().map(|c| c.id.as_str()));
    let mut treated: HashSet<&str> = HashSet::new();
    for (i, treatment) in register.treatments.iter().enumerate() {
        let at = index("$.treatments", i);
        if !risk_ids.contains(treatment.risk.as_str()) {
            problems.push(Problem::new(
                field(&at, "risk"),
                format!("\"{}\" is not the id of a risk", treatment.risk),
            ));
        } else if !treated.insert(treatment.risk.as_str()) {
            problems.push(Problem::new(
                field(&at, "risk"),
                format!("risk \"{}\" already has a treatment", treatment.risk),
            ));
        }
        for (j, control) in treatment.controls.iter().enumerate() {
            if !control_ids.contains(control.as_str()) {
                problems.push(Problem::new(
                    index(&field(&at, "controls"), j),
                    format!("\"{control}\" is not the id of a control"),
                ));
            }
        }
        if let Some(transfer) = &treatment.transfer {
            transfer.check(&field(&at, "transfer"), problems);
        }
        if treatment.option == crate::model::treatment::TreatmentOption::Share && treatment.transfer.is_none() {
            problems.push(Problem::new(
                field(&at, "transfer"),
                "sharing the risk needs a transfer (deductible, share, cap)",
            ));
        }
        if treatment.option == crate::model::treatment::TreatmentOption::Avoid && treatment.rationale.trim().is_empty()
        {
            problems.push(Problem::new(
                field(&at, "rationale"),
                "avoiding a risk needs a recorded rationale",
            ));
        }
        if let Some(acceptance) = &treatment.acceptance {
            acceptance.check(&field(&at, "acceptance"), problems);
        }
    }
}

/// Problems with the stored decisions, by field.
fn check_applicability(register: &Register, problems: &mut Vec<Problem>) {
    for (i, a) in register.applicability.iter().enumerate() {
        let at = index("$.applicability", i);
        if annex_a().control(&a.control).is_none() && !register.controls.iter().any(|c| c.id == a.control) {
            problems.push(Problem::new(
                field(&at, "control"),
                format!(
                    "\"{}\" is neither an Annex A control nor one of the register's",
                    a.control
                ),
            ));
        } else if register.applicability[..i].iter().any(|b| b.control == a.control) {
            problems.push(Problem::new(
                field(&at, "control"),
                format!("\"{}\" already has a decision", a.control),
            ));
        }
        if a.justification.trim().is_empty() {
            problems.push(Problem::new(
                field(&at, "justification"),
                "every inclusion or exclusion needs a justification",
            ));
        }
        if !a.applicable && !register.linked_risks(&a.control).is_empty() {
            problems.push(Problem::new(
                field(&at, "applicable"),
                format!("\"{}\" treats risks, so it cannot be excluded", a.control),
            ));
        }
    }
}

#[cfg(test)]
mod check_item_tests {
    use super::*;

    #[test]
    fn a_draft_is_checked_in_place_and_its_problems_named_below_it() {
        let register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let mut draft = register.risks[3].clone();
        let put = |draft: Risk| move |r: &mut Register| r.put_risk(Some(3), draft);
        assert_eq!(check_item(&register, "risks", put(draft.clone())), vec![]);
        draft.title = " ".into();
        draft.assets.push("A-999".into());
        let found = check_item(&register, "risks", put(draft.clone()));
        assert!(
            found.contains(&("title".into(), "must not be empty".into())),
            "{found:?}"
        );
        assert!(found.iter().any(|(path, _)| path.starts_with("assets[")), "{found:?}");
        // Added as a new item, its id collides with the original's.
        let copy = register.risks[3].clone();
        let found = check_item(&register, "risks", |r| r.put_risk(None, copy));
        assert!(
            found
                .iter()
                .any(|(path, message)| path == "id" && message.contains("used")),
            "{found:?}"
        );
        let mut asset = register.assets[0].clone();
        asset.name.clear();
        assert_eq!(
            check_item(&register, "assets", |r| r.put_asset(Some(0), asset))
                .first()
                .map(|(p, _)| p.as_str()),
            Some("name")
        );
        // A problem outside the item keeps its whole path: replacing a treated risk's id
        // without the rename (as `put_risk` does) leaves its treatment dangling.
        let treated = register
            .risks
            .iter()
            .position(|x| register.treatments.iter().any(|t| t.risk == x.id))
            .unwrap();
        let mut renamed = register.risks[treated].clone();
        renamed.id = "R-NEW".into();
        assert_eq!(
            check_item(&register, "risks", |r| r.put_risk(Some(treated), renamed.clone())),
            vec![]
        );
        let found = check_item(&register, "risks", |r| {
            r.risks[treated] = renamed;
            treated
        });
        assert!(
            found.iter().any(|(path, _)| path.starts_with("$.treatments[")),
            "{found:?}"
        );
    }
}

//! Tests of `assessment_read`.

use super::*;
use crate::assess::risk_state::{RiskState, all_scores};
use crate::exchange::ciso_assistant::write;
use crate::model::catalogue::annex_a;
use crate::model::control::ControlStatus;

const NOW: &str = "2026-11-29T12:00:00Z";

fn demo() -> Register {
    crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register
}

#[test]
fn the_demo_comes_back_from_its_own_export() {
    let register = demo();
    let (text, _) = write(&register);
    let (back, warnings) = read(&text, Some(register.criteria.clone()), "EUR", NOW).unwrap();
    assert_eq!(back.risks.len(), register.risks.len());
    let inherent = all_scores(&register, RiskState::Inherent);
    for ((risk, got), score) in register.risks.iter().zip(&back.risks).zip(&inherent) {
        assert_eq!(
            (&got.id, &got.title, &got.description, &got.threat),
            (&risk.id, &risk.title, &risk.description, &risk.threat)
        );
        // The score is the inherent one (a per-property impact as its highest).
        assert_eq!(
            got.assessment
                .as_ref()
                .and_then(|a| Some((a.likelihood, a.impact.overall()?))),
            *score,
            "{}",
            risk.id
        );
        let names = |r: &Register, risk: &Risk| -> Vec<String> {
            risk.assets
                .iter()
                .map(|id| r.assets.iter().find(|a| &a.id == id).unwrap().name.clone())
                .collect()
        };
        assert_eq!(names(&back, got), names(&register, risk));
        // The controls in the plan come back linked, with their status.
        let planned = |r: &Register| -> Vec<(String, ControlStatus)> {
            let mut v: Vec<_> = r
                .treatments
                .iter()
                .find(|t| t.risk == risk.id)
                .map(|t| {
                    t.controls
                        .iter()
                        .filter_map(|id| r.controls.iter().find(|c| &c.id == id))
                        .filter(|c| c.status.in_plan())
                        .map(|c| {
                            (
                                c.id.clone(),
                                if c.status == ControlStatus::Implemented {
                                    c.status
                                } else {
                                    ControlStatus::Planned
                                },
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v
        };
        assert_eq!(planned(&back), planned(&register), "{}", risk.id);
    }
    // The demo's controls are Annex A: they keep their ids and catalogue titles.
    assert!(back.controls.iter().all(|c| annex_a().control(&c.id).is_some()));
    assert!(warnings.iter().any(|w| w.contains("owners")));
}

#[test]
fn a_file_as_the_interop_notes_show_it_reads_with_its_warnings() {
    // The example row of CISO Assistant's import wizard, with its column names.
    let text = "ref_id;name;assets;current_impact;current_proba;existing_applied_controls;additional_controls;residual_impact;residual_proba;treatment;justification\r\n\
        R-001;Ransomware encrypts warehouse systems;Warehouse management system|Freight booking portal;Severe;Possible;Endpoint protection;Network segregation|Offline backups;Major;Unlikely;mitigate;Above appetite\r\n";
    let (r, warnings) = read(text, None, "CHF", NOW).unwrap();
    let risk = &r.risks[0];
    assert_eq!((risk.id.as_str(), risk.owner.as_str()), ("R-001", OWNER));
    // No inherent columns: the current score is the inherent (Possible = 3, Severe = 5).
    let a = risk.assessment.as_ref().unwrap();
    assert_eq!((a.likelihood, a.impact.overall().unwrap()), (3, 5));
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("current score is taken as the inherent"))
    );
    assert!(
        warnings.iter().any(|w| w.contains("R-001 (residual Unlikely × Major)")),
        "{warnings:?}"
    );
    assert_eq!(
        r.assets.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["Warehouse management system", "Freight booking portal"]
    );
    let t = &r.treatments[0];
    assert_eq!(
        (t.option, t.rationale.as_str()),
        (TreatmentOption::Modify, "Above appetite")
    );
    let status: Vec<(&str, &str, ControlStatus)> = t
        .controls
        .iter()
        .map(|id| r.controls.iter().find(|c| &c.id == id).unwrap())
        .map(|c| (c.id.as_str(), c.title.as_str(), c.status))
        .collect();
    assert_eq!(
        status,
        [
            ("ORG-001", "Endpoint protection", ControlStatus::Implemented),
            ("ORG-002", "Network segregation", ControlStatus::Planned),
            ("ORG-003", "Offline backups", ControlStatus::Planned)
        ]
    );
    assert!(r.controls.iter().all(|c| c.effect.is_empty()));
    assert_eq!(risk.status, RiskStatus::Treated);
}

#[test]
fn commas_tabs_quotes_and_formula_guards_are_read_as_ciso_assistant_reads_them() {
    let text = "name,assets,inherent_proba,inherent_impact,treatment,existing_controls\n\
        \"Fraud, by e-mail\",\"CRM, ERP\",likely,MINOR,avoid,\"5.31 Legal, statutory, regulatory and contractual requirements\"\n\
        '=cmd,,'--,--,cancelled,\n";
    let (r, warnings) = read(text, None, "EUR", NOW).unwrap();
    assert_eq!(r.risks[0].title, "Fraud, by e-mail");
    assert_eq!(r.risks[0].assets.len(), 2, "a list without | is split on commas");
    let a = r.risks[0].assessment.as_ref().unwrap();
    assert_eq!(
        (a.likelihood, a.impact.overall().unwrap()),
        (4, 2),
        "names match ignoring case"
    );
    // An avoided risk needs a rationale: one is written and the risk is treated.
    assert_eq!(r.treatments[0].option, TreatmentOption::Avoid);
    assert!(!r.treatments[0].rationale.is_empty());
    // A list item that names an Annex A control by its number links it.
    assert_eq!(r.treatments[0].controls, ["5.31"]);
    // The guard is taken off; "--" is unrated; cancelled closes the risk.
    assert_eq!(r.risks[1].title, "=cmd");
    assert!(r.risks[1].assessment.is_none());
    assert_eq!(r.risks[1].status, RiskStatus::Closed);
    assert_eq!(r.risks[1].id, "CA-002");
    assert!(warnings.iter().all(|w| !w.contains("treatment \"")));
    let tabbed = "name\tinherent_proba\tinherent_impact\nA risk\tRare\tSevere\n";
    let (r, _) = read(tabbed, None, "EUR", NOW).unwrap();
    assert_eq!(r.risks[0].assessment.as_ref().unwrap().likelihood, 1);
}

#[test]
fn names_outside_the_matrix_and_missing_columns_are_refused_by_row_and_column() {
    let text = "ref_id;name;inherent_proba;inherent_impact\nR-1;A;Very high;Severe\nR-2;;Rare;Minor\n";
    let problems = read(text, None, "EUR", NOW).unwrap_err();
    let messages: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.path, p.message)).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0]
            .starts_with("row 2 column inherent_proba: \"Very high\" is not a level of the matrix (Rare, Unlikely,")
    );
    assert!(messages[1].starts_with("row 3 column name: is empty"));
    let problems = read("ref_id;title\nR-1;x\n", None, "EUR", NOW).unwrap_err();
    assert!(problems[0].message.contains("no \"name\" column"));
    assert!(read("", None, "EUR", NOW).is_err());
    assert!(read("name\n", None, "EUR", NOW).is_err());
    // The same file against a matrix with those names reads.
    let mut criteria = demo().criteria;
    criteria.likelihood[4].label = "Very high".into();
    let ok = "ref_id;name;inherent_proba;inherent_impact\nR-1;A;Very high;Severe\n";
    let (r, _) = read(ok, Some(criteria), "EUR", NOW).unwrap();
    assert_eq!(r.risks[0].assessment.as_ref().unwrap().likelihood, 5);
}

#[test]
fn the_separator_is_the_header_s_most_frequent() {
    assert_eq!(separator("a;b;c"), ';');
    assert_eq!(separator("a,b,c"), ',');
    assert_eq!(separator("a\tb"), '\t');
    assert_eq!(separator("\"a;b\",c,d"), ',');
    assert_eq!(separator("name"), ';');
}

//! The register format as a contract: the committed schema, the demo register, the
//! migration from older versions, and loading that never panics.
#![cfg(not(target_arch = "wasm32"))]

use residual_engine::DEMO_REGISTER_JSON;
use residual_engine::io::document::load;
use residual_engine::io::schema::register_schema_text;
use residual_engine::model::register::SCHEMA_VERSION;
use residual_engine::model::risk::{Impact, RiskStatus};

const COMMITTED_SCHEMA: &str = include_str!("../../../public/schema/register-v1.json");

#[test]
fn committed_schema_matches_the_types() {
    assert!(
        COMMITTED_SCHEMA == register_schema_text(),
        "public/schema/register-v1.json is stale: run `cargo run -p residual -- schema > public/schema/register-v1.json`"
    );
}

#[test]
fn demo_register_is_valid_and_covers_the_typical_threats() {
    let loaded = load(DEMO_REGISTER_JSON).unwrap_or_else(|problems| panic!("demo register invalid: {problems:?}"));
    let register = loaded.register;
    assert!(loaded.notes.is_empty(), "the demo is written in the current format");
    assert_eq!(register.schema_version, SCHEMA_VERSION);
    assert!(register.risks.len() >= 12, "only {} risks", register.risks.len());
    let titles: Vec<String> = register.risks.iter().map(|r| r.title.to_lowercase()).collect();
    for theme in [
        "ransomware",
        "e-mail compromise",
        "cloud",
        "payroll provider",
        "insider",
        "laptop",
        "ddos",
        "unpatched",
        "physical intrusion",
        "backups",
        "personal data",
        "source code",
    ] {
        assert!(titles.iter().any(|t| t.contains(theme)), "no demo risk about {theme}");
    }
    // Every demo risk is scored, owned and tied to at least one asset.
    for risk in &register.risks {
        assert!(
            risk.assessment.is_some() && !risk.owner.is_empty() && !risk.assets.is_empty(),
            "{}",
            risk.id
        );
    }
}

#[test]
fn saving_and_loading_gives_back_the_same_register() {
    let register = load(DEMO_REGISTER_JSON).unwrap().register;
    let again = load(&register.to_json()).unwrap().register;
    assert_eq!(register, again);
}

#[test]
fn format_0_fixture_migrates_to_the_current_format() {
    let loaded = load(include_str!("fixtures/register-v0.json")).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(loaded.notes, vec!["migrated from format \"0\" to \"1\"".to_string()]);
    let register = loaded.register;
    assert_eq!(register.schema_version, "1");
    assert_eq!(register.id, "draft-register-pilot-ltd");
    assert_eq!(register.name, "Draft register — Pilot Ltd");
    assert_eq!(register.currency, "GBP");
    assert_eq!(
        (register.created.as_str(), register.modified.as_str()),
        ("2025-06-30T12:00:00Z", "2025-06-30T12:00:00Z")
    );
    let phishing = &register.risks[0];
    let assessment = phishing.assessment.as_ref().unwrap();
    assert_eq!(
        (assessment.likelihood, &assessment.impact, assessment.criteria_version),
        (3, &Impact::Overall(2), 2)
    );
    assert!(phishing.affects.confidentiality && phishing.affects.integrity && !phishing.affects.availability);
    assert_eq!(register.criteria.level(3, 2).unwrap().id, "act");
    let flood = &register.risks[1];
    assert!(flood.assessment.is_none());
    assert!(flood.affects.availability && !flood.affects.confidentiality);
    assert_eq!(flood.status, RiskStatus::Identified);
    // The migrated register is a valid current document: it survives a save and reload unchanged.
    assert_eq!(load(&register.to_json()).unwrap().register, register);
}

fn problems_of(text: &str) -> Vec<String> {
    match load(text) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

fn demo_with(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut value: serde_json::Value = serde_json::from_str(DEMO_REGISTER_JSON).unwrap();
    edit(&mut value);
    value.to_string()
}

#[test]
fn every_problem_is_reported_with_its_path() {
    let text = demo_with(|d| {
        d["currency"] = "euro".into();
        d["risks"][3]["assessment"]["likelihood"] = 9.into();
        d["risks"][4]["assets"][0] = "A-404".into();
        d["risks"][5]["owner"] = "".into();
        d["risks"][12]["id"] = "R-001".into();
        d["criteria"]["matrix"][1][2] = "severe".into();
        d["treatments"][0]["controls"][1] = "9.99".into();
    });
    let problems = problems_of(&text);
    for expected in [
        "$.currency: \"euro\" is not an ISO 4217 code",
        "$.risks[3].assessment.likelihood: 9 is not a level of the likelihood scale (1 to 5)",
        "$.risks[4].assets[0]: \"A-404\" is not the id of an asset",
        "$.risks[5].owner: every risk needs an owner",
        "$.risks[12].id: \"R-001\" is used twice: number 1 in the list has it too",
        "$.criteria.matrix[1][2]: \"severe\" is not the id of a risk level",
        "$.treatments[0].controls[1]: \"9.99\" is not the id of a control",
    ] {
        assert!(
            problems.iter().any(|p| p.starts_with(expected)),
            "missing {expected:?} in {problems:#?}"
        );
    }
    assert_eq!(problems.len(), 7, "{problems:#?}");
}

#[test]
fn shape_errors_name_the_item_and_field() {
    let text = demo_with(|d| {
        d["risks"][2]["status"] = "pending".into();
        d["assets"][1]["value"]["integrity"] = "high".into();
        d["risks"][7]["likelihod"] = 3.into();
    });
    let problems = problems_of(&text);
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("$.risks[2].status: unknown variant `pending`")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("$.assets[1].value.integrity: invalid type")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("$.risks[7].likelihod: unknown field")),
        "{problems:#?}"
    );
}

#[test]
fn criteria_that_break_the_rules_are_refused() {
    let text = demo_with(|d| {
        d["criteria"]["likelihood"].as_array_mut().unwrap().truncate(2);
        d["criteria"]["levels"][0]["colour"] = "green".into();
        d["criteria"]["impact"][3]["anchor"]["low"] = 1.0.into();
    });
    let problems = problems_of(&text);
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("$.criteria.likelihood: has 2 levels; a scale needs 3 to 7")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with("$.criteria.levels[0].colour")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("$.criteria.impact[3].anchor.low: is below")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with("$.criteria.matrix: has 5 rows")),
        "{problems:#?}"
    );
}

/// Small deterministic generator (SplitMix64) for mutation inputs.
use residual_engine::quant::sampling::splitmix64 as splitmix;

#[test]
fn mangled_documents_give_problems_never_panics() {
    let original = DEMO_REGISTER_JSON.as_bytes();
    let mut state = 7;
    let mut refused = 0;
    for _ in 0..3000 {
        let mut bytes = original.to_vec();
        for _ in 0..1 + splitmix(&mut state) % 4 {
            let at = (splitmix(&mut state) % bytes.len() as u64) as usize;
            match splitmix(&mut state) % 3 {
                0 => bytes[at] = (splitmix(&mut state) % 256) as u8,
                1 => bytes.truncate(at.max(1)),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        if let Err(problems) = residual_engine::io::document::load_bytes(&bytes) {
            assert!(!problems.is_empty());
            assert!(
                problems
                    .iter()
                    .all(|p| p.path.starts_with('$') && !p.message.is_empty())
            );
            refused += 1;
        }
    }
    assert!(
        refused > 2000,
        "mutations should mostly break the document, refused {refused}"
    );
}

/// Every example register served beside the app is valid, and realistic enough to learn
/// from: owned risks on assets, FAIR models beside scores, treatments with controls.
#[test]
fn every_example_register_is_valid_and_complete() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(&folder).expect("public/examples") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let register = load(&text)
            .unwrap_or_else(|problems| panic!("{}: {problems:?}", path.display()))
            .register;
        let name = path.display();
        assert!(register.risks.len() >= 5, "{name}: {} risks", register.risks.len());
        assert!(register.assets.len() >= 5, "{name}");
        assert!(
            register
                .risks
                .iter()
                .all(|r| !r.owner.is_empty() && !r.assets.is_empty()),
            "{name}"
        );
        assert!(
            register.risks.iter().filter(|r| r.fair.is_some()).count() >= 3,
            "{name}"
        );
        assert!(register.treatments.iter().any(|t| !t.controls.is_empty()), "{name}");
        assert!(
            !register.organisation.is_empty() && !register.scope.is_empty(),
            "{name}"
        );
        assert!(!register.criteria.loss_thresholds.is_empty(), "{name}");
        seen += 1;
    }
    assert!(seen >= 3, "only {seen} example registers");
}

//! A corpus of hostile documents through every reader a user can reach: the app's
//! import (`io::import::read`), the command line's (`document::load_bytes`) and the
//! converters. Each gives problems that name where, or reads markup as plain text;
//! nothing panics.
#![cfg(not(target_arch = "wasm32"))]

use residual_engine::DEMO_REGISTER_JSON;
use residual_engine::exchange::{ciso_assistant, pyfair, riskquant};
use residual_engine::io::document::load_bytes;
use residual_engine::io::import;
use residual_engine::io::library::{Library, MemoryStore};
use serde_json::{Value, json};

fn demo() -> Value {
    serde_json::from_str(DEMO_REGISTER_JSON).unwrap()
}

fn with(change: impl FnOnce(&mut Value)) -> String {
    let mut document = demo();
    change(&mut document);
    document.to_string()
}

/// The corpus: a name, the bytes, and a word the first problem must contain (`None`:
/// the document is valid and must read).
fn corpus() -> Vec<(&'static str, Vec<u8>, Option<&'static str>)> {
    let text = DEMO_REGISTER_JSON;
    let mut cases: Vec<(&'static str, Vec<u8>, Option<&'static str>)> = vec![
        (
            "risks of the wrong type",
            with(|d| d["risks"] = json!("x")).into(),
            Some("$.risks"),
        ),
        (
            "a number as currency",
            with(|d| d["currency"] = json!(5)).into(),
            Some("$.currency"),
        ),
        (
            "a likelihood in words",
            with(|d| d["risks"][0]["assessment"]["likelihood"] = json!("high")).into(),
            Some("$.risks[0].assessment.likelihood"),
        ),
        (
            "1e309",
            text.replacen("\"trials\": 20000", "\"trials\": 1e309", 1).into(),
            Some("$.simulation.trials"),
        ),
        (
            "a key given twice at the top",
            text.replacen("\"name\":", "\"name\": \"First\", \"name\":", 1).into(),
            Some("path: \"$.name\", message: \"the key"),
        ),
        (
            "a key given twice in a distribution",
            text.replacen("\"mode\": 2,", "\"mode\": 2, \"mode\": 3,", 1).into(),
            Some("path: \"$.risks[0].fair.threat_event_frequency.mode\", message: \"the key"),
        ),
        (
            "a key given twice, once escaped",
            text.replacen("\"owner\":", "\"owner\": \"A\", \"\\u006fwner\":", 1)
                .into(),
            Some("path: \"$.assets[0].owner\", message: \"the key"),
        ),
        (
            "a duplicate risk id",
            with(|d| d["risks"][1]["id"] = d["risks"][0]["id"].clone()).into(),
            Some("$.risks[1].id"),
        ),
        (
            "a treatment of no risk",
            with(|d| d["treatments"][0]["risk"] = json!("R-999")).into(),
            Some("$.treatments[0].risk"),
        ),
        (
            "a risk on no asset",
            with(|d| d["risks"][0]["assets"] = json!(["A-999"])).into(),
            Some("$.risks[0].assets"),
        ),
        (
            "an unknown version",
            with(|d| d["schema_version"] = json!("99")).into(),
            Some("$.schema_version"),
        ),
        (
            "invalid UTF-8",
            [b"{\"name\": \"".as_slice(), &[0xff, 0xfe], b"\"}"].concat(),
            Some("UTF-8"),
        ),
        (
            "100,000 levels deep",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into(),
            Some("deep"),
        ),
        (
            "a 50 MB string",
            with(|d| d["name"] = json!("x".repeat(50 * 1024 * 1024))).into(),
            Some("MB"),
        ),
        ("an empty file", Vec::new(), Some("$")),
        (
            "markup in every text",
            with(|d| {
                let payload = "<script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)>";
                d["name"] = json!(payload);
                d["organisation"] = json!(payload);
                d["risks"][0]["title"] = json!(payload);
                d["risks"][0]["description"] = json!(payload);
                d["assets"][0]["name"] = json!(payload);
                d["criteria"]["levels"][0]["name"] = json!(payload);
                d["criteria"]["loss_thresholds"][0]["name"] = json!(payload);
            })
            .into(),
            None,
        ),
    ];
    for cut in [1, 100, text.len() / 3, text.len() / 2, text.len() - 2] {
        cases.push(("a truncated file", text.as_bytes()[..cut].to_vec(), Some("$")));
    }
    cases
}

#[test]
fn every_hostile_document_is_refused_by_name_or_read_as_plain_text() {
    let library = Library::open(&MemoryStore::default());
    for (name, bytes, expected) in corpus() {
        // The command line's reader (no size limit of its own below 64 MB).
        let cli = load_bytes(&bytes);
        // The app's import: the same, after its size and depth limits.
        let app = std::str::from_utf8(&bytes)
            .map_err(|_| ())
            .map(|text| import::read(text, &library));
        match expected {
            None => {
                let register = cli.unwrap_or_else(|p| panic!("{name}: {p:?}")).register;
                assert!(
                    register.name.contains("<script>"),
                    "{name}: markup is kept as the text it is"
                );
                assert!(app.unwrap().is_ok(), "{name}");
            }
            Some(word) => {
                if name != "a 50 MB string" {
                    let problems = cli.expect_err(name);
                    assert!(!problems.is_empty());
                    let said = format!("{problems:?}");
                    assert!(said.contains(word), "{name}: {said:.300}");
                }
                if let Ok(app) = app {
                    let problems = app.expect_err(name);
                    let said = format!("{problems:?}");
                    assert!(
                        said.contains(word) || name.starts_with("a truncated"),
                        "{name}: {said:.300}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_converters_refuse_hostile_files_without_panicking() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let inputs: Vec<String> = vec![
        String::new(),
        deep.clone(),
        "\"unclosed,1,2,3".into(),
        "a,b,1e309,1,2\n".into(),
        "a,b,NaN,1,2\n".into(),
        "a,b,1,-5,2\n".into(),
        "{\"type\": \"FairModel\"".into(),
        "{\"type\": \"FairMetaModel\", \"x\": {\"type\": \"FairModel\", \"Loss Event Frequency\": {\"raw\": [1]}}}".into(),
        "{\"type\": \"FairModel\", \"name\": \"<script>\", \"Loss Event Frequency\": {\"constant\": -1}, \"Loss Magnitude\": {\"constant\": 5}}".into(),
        DEMO_REGISTER_JSON.into(),
    ];
    for input in &inputs {
        assert!(
            riskquant::read(input, "USD", "2026-11-29T00:00:00Z").is_err(),
            "riskquant read {input:.60}"
        );
        let _ = pyfair::read(input, "USD"); // any outcome but a panic
        let _ = ciso_assistant::read(input, None, "USD", "2026-11-29T00:00:00Z");
    }
    for input in [
        String::new(),
        "name\n".into(),
        "name;inherent_proba;inherent_impact\n<script>alert(1)</script>;<img src=x onerror=alert(1)>;Severe\n".into(),
        format!(
            "name;inherent_proba;inherent_impact\nA;{};Severe\n",
            "x".repeat(50_000_000)
        ),
        "\"unclosed;name\n".into(),
    ] {
        let problems = ciso_assistant::read(&input, None, "USD", "2026-11-29T00:00:00Z").unwrap_err();
        assert!(
            problems.iter().all(|p| p.message.len() < 400),
            "messages quote at most a short piece"
        );
    }
    let markup = "name;threats\n<script>alert(1)</script>;<svg onload=alert(1)>\n";
    let (register, _) = ciso_assistant::read(markup, None, "USD", "2026-11-29T00:00:00Z").unwrap();
    assert_eq!(
        register.risks[0].title, "<script>alert(1)</script>",
        "markup is kept as text"
    );
    assert!(pyfair::read(&deep, "USD").is_err());
}

#[test]
fn the_json_converters_refuse_a_key_given_twice_by_its_path() {
    let register = residual_engine::io::document::load(DEMO_REGISTER_JSON)
        .unwrap()
        .register;
    // Each format as Residual writes it, then with one key written twice.
    let (pyfair_text, _) = pyfair::write(&register);
    let key = pyfair_text.split('"').nth(1).unwrap().to_string();
    let twice = pyfair_text.replacen('{', &format!("{{\"{key}\": 0, "), 1);
    let problems = pyfair::read(&twice, "EUR").unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(problems[0].message.contains("is given twice"), "{problems:?}");

    let crq_text = ciso_assistant::crq::write(&register).unwrap().0;
    let twice = crq_text.replacen('{', "{\"name\": \"first\", \"name\": \"second\", ", 1);
    let problems = ciso_assistant::crq::read(&twice, "EUR", "2026-12-07T00:00:00Z").unwrap_err();
    assert_eq!(problems[0].path, "$.name");
    assert!(problems[0].message.contains("is given twice"), "{problems:?}");
}

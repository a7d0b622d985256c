//! The `residual` command line, run as a user would run it.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::{Command, Output};

/// The repository's top level: the tests name files as a user there would.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn residual(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_residual"))
        .current_dir(ROOT)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("residual-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn validate_accepts_the_demo_register() {
    let output = residual(&["validate", "public/examples/demo-register.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("valid register \"Meridian Freight"));
}

#[test]
fn validate_refuses_bad_documents_with_a_message_and_exit_1() {
    let mut noise = vec![0u8; 10 * 1024 * 1024];
    let mut state = 1u64;
    for byte in noise.iter_mut() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        *byte = state as u8;
    }
    for (name, bytes, expected) in [
        ("open-brace.json", b"{".to_vec(), "$: not valid JSON"),
        ("array.json", b"[]".to_vec(), "$: must be a JSON object"),
        (
            "future.json",
            br#"{"schema_version": "999"}"#.to_vec(),
            "$.schema_version: \"999\" is a newer format",
        ),
        ("noise.bin", noise, "$: not UTF-8 text"),
        ("empty.json", Vec::new(), "$: not valid JSON"),
        ("null.json", b"null".to_vec(), "$: must be a JSON object"),
    ] {
        let path = scratch(name, &bytes);
        let output = residual(&["validate", path.to_str().unwrap()]);
        let text = stdout(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {text}");
        assert!(text.contains(expected), "{name}: {text}");
        assert!(
            output.stderr.is_empty() || !String::from_utf8_lossy(&output.stderr).contains("panicked"),
            "{name}"
        );
    }
}

#[test]
fn validate_prints_one_line_per_problem() {
    let mut value: serde_json::Value =
        serde_json::from_str(include_str!("../../../public/examples/demo-register.json")).unwrap();
    value["name"] = "".into();
    value["risks"][0]["assessment"]["impact"] = 6.into();
    let path = scratch("two-problems.json", value.to_string().as_bytes());
    let output = residual(&["validate", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<String> = stdout(&output).lines().map(String::from).collect();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(lines[0].ends_with("$.name: must not be empty"), "{lines:#?}");
    assert!(
        lines[1].contains("$.risks[0].assessment.impact: 6 is not a level"),
        "{lines:#?}"
    );
}

#[test]
fn validate_reports_a_missing_file() {
    let output = residual(&["validate", "no/such/file.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/file.json: cannot read"));
}

#[test]
fn schema_prints_the_committed_schema() {
    let output = residual(&["schema"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), include_str!("../../../public/schema/register-v1.json"));
}

#[test]
fn unknown_commands_print_usage_and_exit_2() {
    let output = residual(&["frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage: residual"));
}

#[test]
fn simulate_prints_the_json_contract() {
    let output = residual(&[
        "simulate",
        "public/examples/demo-register.json",
        "--json",
        "--trials",
        "5000",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(value["trials"], 5000);
    assert_eq!(value["seed"], 27001, "the register's own seed");
    assert_eq!(value["sampling"], "lhs");
    let stats = [
        "mean", "sd", "min", "max", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "var95", "var99", "es95",
        "es99", "se_mean",
    ];
    for key in stats {
        assert!(value["register"][key].is_number(), "register.{key}");
    }
    let risks = value["risks"].as_array().unwrap();
    // One result per risk the demo does not mark closed.
    let demo: serde_json::Value =
        serde_json::from_str(include_str!("../../../public/examples/demo-register.json")).unwrap();
    let open = demo["risks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] != "closed")
        .count();
    assert_eq!(risks.len(), open);
    for risk in risks {
        assert!(risk["id"].is_string());
        for key in stats {
            assert!(risk[key].is_number(), "{}.{key}", risk["id"]);
        }
        assert!(risk["p5"].as_f64() <= risk["p50"].as_f64() && risk["p50"].as_f64() <= risk["p99"].as_f64());
    }
}

#[test]
fn simulate_is_reproducible_and_independent_of_threads() {
    let run = |extra: &[&str]| {
        let mut args = vec![
            "simulate",
            "public/examples/demo-register.json",
            "--json",
            "--trials",
            "3000",
            "--seed",
            "7",
            "--sampling",
            "mc",
        ];
        args.extend_from_slice(extra);
        let output = residual(&args);
        assert_eq!(output.status.code(), Some(0));
        output.stdout
    };
    let one = run(&["--threads", "1"]);
    assert_eq!(one, run(&["--threads", "2"]));
    assert_eq!(one, run(&["--threads", "1"]));
    assert_ne!(one, run(&["--seed", "8"]));
}

#[test]
fn simulate_refuses_bad_input_naming_the_field() {
    let mut register: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{ROOT}/public/examples/demo-register.json")).unwrap())
            .unwrap();
    register["risks"][1]["fair"]["loss_magnitude"] = serde_json::json!({"type": "lognormal", "low": 5000, "high": 100});
    let path = scratch("bad-model.json", register.to_string().as_bytes());
    let output = residual(&["simulate", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("$.risks[1].fair.loss_magnitude.high: must be greater than low (5,000)"),
        "{stderr}"
    );
    for (flag, value, message) in [
        ("--trials", "0", "--trials: must be between 1"),
        ("--seed", "x", "--seed: \"x\" is not"),
        ("--sampling", "sobol", "--sampling: \"sobol\" is not lhs or mc"),
    ] {
        let output = residual(&["simulate", "public/examples/demo-register.json", flag, value]);
        assert_eq!(output.status.code(), Some(1), "{flag} {value}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(message),
            "{flag} {value}"
        );
    }
    assert_eq!(
        residual(&["simulate", "public/examples/demo-register.json", "--fast"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn soa_prints_every_annex_a_control_as_csv_or_json() {
    let output = residual(&["soa", "public/examples/demo-register.json"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 94, "header + 93 controls");
    assert!(lines.iter().any(|l| {
        l.starts_with("8.13,Information backup,Technological,yes,suggested,Selected to treat R-001.,implemented,")
    }));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("7.6,Working in secure areas,Physical,no,decided,"))
    );
    let output = residual(&["soa", "public/examples/demo-register.json", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["controls"].as_array().unwrap().len(), 93);
}

#[test]
fn treatment_prints_the_three_states_and_the_rosi() {
    let output = residual(&[
        "treatment",
        "public/examples/demo-register.json",
        "--trials",
        "5000",
        "--json",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let mean = |state: &str| json[state]["register"]["mean"].as_f64().unwrap();
    assert!(mean("residual") < mean("current") && mean("current") < mean("inherent"));
    let rosi = json["rosi"].as_array().unwrap();
    assert_eq!(rosi.last().unwrap()["subject"], "plan");
    // P(ROSI > 0) agrees with the ROSI percentiles of the same years: a positive median
    // means at least half the years pay back, a negative 95th percentile at most 5%.
    for r in rosi {
        let p = r["p_positive"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p), "{r}");
        let Some(p50) = r["rosi_p50"].as_f64() else { continue };
        let (p5, p95) = (r["rosi_p5"].as_f64().unwrap(), r["rosi_p95"].as_f64().unwrap());
        assert!(p5 <= p50 && p50 <= p95, "{r}");
        assert_eq!(p50 > 0.0, p > 0.5, "{r}");
        if p95 <= 0.0 {
            assert!(p <= 0.05, "{r}");
        }
        if p5 > 0.0 {
            assert!(p >= 0.95, "{r}");
        }
    }
    assert!(
        rosi.iter()
            .any(|r| (0.0..1.0).contains(&r["p_positive"].as_f64().unwrap()))
    );
    let text = stdout(&residual(&[
        "treatment",
        "public/examples/demo-register.json",
        "--trials",
        "5000",
    ]));
    assert!(text.contains("ROSI of") && text.contains("register"), "{text}");
    let bad = residual(&["treatment", "public/examples/demo-register.json", "--threads", "2"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn numbers_beyond_what_can_be_simulated_are_refused_naming_the_field() {
    let demo = include_str!("../../../public/examples/demo-register.json");
    let mut value: serde_json::Value = serde_json::from_str(demo).unwrap();
    let first_fair = value["risks"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r.get("fair").is_some())
        .unwrap();
    // Too large for a double: the JSON syntax error names the field, not line and column.
    value["risks"][first_fair]["fair"] = serde_json::json!({"loss_event_frequency": {"type": "constant", "value": 1.0}, "loss_magnitude": {"type": "constant", "value": 12345.0}});
    let text = serde_json::to_string_pretty(&value)
        .unwrap()
        .replace("12345.0", "1e309");
    let path = scratch("e309.json", text.as_bytes());
    let output = residual(&["validate", path.to_str().unwrap()]);
    let expected = format!("$.risks[{first_fair}].fair.loss_magnitude.value: 1e309 is too large a number");
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains(&expected), "{}", stdout(&output));
    // A double, but past what Residual simulates: refused by validate and simulate alike.
    value["risks"][first_fair]["fair"] = serde_json::json!({"loss_event_frequency": {"type": "constant", "value": 1e308}, "loss_magnitude": {"type": "constant", "value": 1e308}});
    value["controls"][0]["annual_cost"] = serde_json::json!(1e308);
    let path = scratch("e308.json", serde_json::to_string(&value).unwrap().as_bytes());
    let output = residual(&["validate", path.to_str().unwrap()]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    for field in [
        "fair.loss_event_frequency.value: 1e308 events a year is more than Residual can simulate",
        "fair.loss_magnitude.value: 1e308 is more than",
        "$.controls[0].annual_cost: 1e308 is more than",
    ] {
        assert!(text.contains(field), "{field} in {text}");
    }
    let output = residual(&["simulate", path.to_str().unwrap(), "--trials", "1000"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains(&format!("$.risks[{first_fair}].fair.loss_magnitude.value"))
    );
}

#[test]
fn one_cent_losses_simulate_under_lhs_on_any_thread_count() {
    let demo = include_str!("../../../public/examples/demo-register.json");
    let mut value: serde_json::Value = serde_json::from_str(demo).unwrap();
    value["risks"][0]["fair"] = serde_json::json!({"loss_event_frequency": {"type": "constant", "value": 2.0}, "loss_magnitude": {"type": "uniform", "min": 0.001, "max": 0.05}});
    let path = scratch("cents.json", serde_json::to_string(&value).unwrap().as_bytes());
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let output = residual(&[
            "simulate",
            path.to_str().unwrap(),
            "--trials",
            "20000",
            "--sampling",
            "lhs",
            "--threads",
            threads,
            "--json",
        ]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        outputs.push(output.stdout);
    }
    assert_eq!(outputs[0], outputs[1]);
}

#[test]
fn export_writes_the_exchange_file_and_csv_tables() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/examples/cloud-saas.json");
    let json = residual(&["export", "--to", "json", example]);
    assert!(json.status.success());
    let text = String::from_utf8(json.stdout).unwrap();
    let register = residual_engine::io::document::load(&text).unwrap().register;
    assert_eq!(
        text,
        residual_engine::io::export::register_file(&register),
        "the file is its own export"
    );

    let out = std::env::temp_dir().join(format!("residual-export-{}.csv", std::process::id()));
    let csv = residual(&["export", "--to", "csv", example, "-o", out.to_str().unwrap(), "--bom"]);
    assert!(csv.status.success(), "{}", String::from_utf8_lossy(&csv.stderr));
    let table = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).ok();
    assert!(table.starts_with("\u{feff}id,title,owner,"));
    assert_eq!(table.matches("\r\n").count(), register.risks.len() + 1);
    assert!(
        table
            .lines()
            .next()
            .unwrap()
            .ends_with("p_loss_above_appetite,p_loss_above_tolerance")
    );

    let plan = residual(&["export", "--to", "plan-csv", example]);
    assert!(plan.status.success());
    assert!(
        String::from_utf8(plan.stdout)
            .unwrap()
            .starts_with("owner,control,title,status,")
    );

    let unknown = residual(&["export", "--to", "pyfair-typo", example]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("the formats are json"));
    assert_eq!(
        residual(&["export", example]).status.code(),
        Some(2),
        "--to is required"
    );
}

#[test]
fn riskquant_files_come_in_and_go_out_with_warnings() {
    let readme = "R-001,\"Ransomware encrypts warehouse systems\",0.8,150000,2500000\r\nR-002,\"Customer data exposed via portal API\",0.3,100000,4000000\r\n";
    let input = scratch("riskquant.csv", readme.as_bytes());
    let out = input.with_extension("json");
    let import = residual(&[
        "import",
        "--from",
        "riskquant",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--currency",
        "GBP",
    ]);
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    assert!(String::from_utf8_lossy(&import.stderr).contains("warning: riskquant has no owners"));
    let register = residual_engine::io::document::load(&std::fs::read_to_string(&out).unwrap())
        .unwrap()
        .register;
    assert_eq!((register.risks.len(), register.currency.as_str()), (2, "GBP"));
    let export = residual(&["export", "--to", "riskquant", out.to_str().unwrap()]);
    assert!(export.status.success());
    assert_eq!(stdout(&export), readme.replace('"', ""), "the same rows come back");
    let bad = scratch("bad.csv", b"a,b,often,1,10\n");
    let refused = residual(&["import", "--from", "riskquant", bad.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("row 1 column 3: \"often\" is not a number"));
}

#[test]
fn pyfair_models_come_in_and_the_register_goes_out_as_a_meta_model() {
    let model = r#"{"type":"FairModel","name":"R-001 Ransomware","n_simulations":5000,"random_seed":7,
 "model_uuid":"0b6f2c1e-9a41-11f0-8000-000000000001","creation_date":"2026-11-20 16:30:00.000000",
 "Loss Event Frequency":{"low":0.1,"mode":0.5,"high":2,"gamma":4},
 "Loss Magnitude":{"mean":500000,"stdev":100000}}"#;
    let input = scratch("pyfair.json", model.as_bytes());
    let import = residual(&["import", "--from", "pyfair", input.to_str().unwrap()]);
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    let register = residual_engine::io::document::load(&stdout(&import)).unwrap().register;
    assert_eq!(register.simulation.trials, 5000);
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/examples/demo-register.json");
    let export = residual(&["export", "--to", "pyfair", demo]);
    assert!(export.status.success());
    let meta: serde_json::Value = serde_json::from_str(&stdout(&export)).unwrap();
    assert_eq!(meta["type"], "FairMetaModel");
    assert!(String::from_utf8_lossy(&export.stderr).contains("raw samples"));
}

#[test]
fn ciso_assistant_gets_its_risk_assessment_csv() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/examples/demo-register.json");
    let export = residual(&["export", "--to", "ciso-assistant", demo]);
    assert!(export.status.success());
    let text = stdout(&export);
    assert!(text.starts_with("\u{feff}ref_id;assets;threats;name;description;inherent_impact;"));
    assert_eq!(text.matches("\r\n").count(), 15);
    assert!(String::from_utf8_lossy(&export.stderr).contains("warning: CISO Assistant"));
    // And back, scored on the demo's matrix: every risk returns with its score.
    let csv = scratch("ciso.csv", text.as_bytes());
    let import = residual(&[
        "import",
        "--from",
        "ciso-assistant",
        csv.to_str().unwrap(),
        "--matrix",
        demo,
        "--currency",
        "EUR",
    ]);
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    let back = residual_engine::io::document::load(&stdout(&import)).unwrap().register;
    let original = residual_engine::io::document::load(&std::fs::read_to_string(demo).unwrap())
        .unwrap()
        .register;
    assert_eq!(back.risks.len(), original.risks.len());
    assert_eq!(back.criteria, original.criteria);
    assert!(
        back.risks
            .iter()
            .zip(&original.risks)
            .all(|(b, o)| b.id == o.id && b.assessment.is_some() == o.assessment.is_some())
    );
    assert!(String::from_utf8_lossy(&import.stderr).contains("warning: "));
    // Without the matrix, the demo's level names are those of the default 5×5 too; a
    // name outside it is refused by row and column, and nothing is written.
    let odd = scratch(
        "odd.csv",
        "name;inherent_proba;inherent_impact\nA;Sometimes;Severe\n".as_bytes(),
    );
    let refused = residual(&["import", "--from", "ciso-assistant", odd.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stdout(&refused).is_empty());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("row 2 column inherent_proba: \"Sometimes\" is not a level")
    );
    let misplaced = residual(&["import", "--from", "riskquant", odd.to_str().unwrap(), "--matrix", demo]);
    assert_eq!(misplaced.status.code(), Some(2));
}

#[test]
fn ciso_assistant_matrix_libraries_come_in_and_go_out() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ciso-assistant-matrix-3x3.yaml"
    );
    let import = residual(&[
        "import",
        "--from",
        "ciso-assistant-matrix",
        fixture,
        "--currency",
        "CHF",
    ]);
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    let register = residual_engine::io::document::load(&stdout(&import)).unwrap().register;
    let c = &register.criteria;
    let labels: Vec<&str> = c.likelihood.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["Rare", "Possible", "Frequent"], "levels in id order");
    assert_eq!(
        c.likelihood[1].description, "Could happen within a few years.",
        "a folded scalar"
    );
    assert_eq!(c.likelihood[2].description, "Expected this year — or already seen.");
    assert_eq!(c.level(1, 3).unwrap().name, "Tolerable");
    assert_eq!(c.level(3, 2).unwrap().name, "Unacceptable");
    assert_eq!(c.level(1, 1).unwrap().colour, "#59bbb2");
    assert!(String::from_utf8_lossy(&import.stderr).contains("warning: the matrix has no anchors"));
    // A CSV scored on that matrix reads against it.
    let csv = scratch(
        "on-3x3.csv",
        "name;inherent_proba;inherent_impact\nFlood in the archive;frequent;serious\n".as_bytes(),
    );
    let scored = residual(&[
        "import",
        "--from",
        "ciso-assistant",
        csv.to_str().unwrap(),
        "--matrix",
        fixture,
    ]);
    assert!(scored.status.success(), "{}", String::from_utf8_lossy(&scored.stderr));
    let scored = residual_engine::io::document::load(&stdout(&scored)).unwrap().register;
    let a = scored.risks[0].assessment.as_ref().unwrap();
    assert_eq!((a.likelihood, a.impact.overall()), (3, Some(2)));
    // Out again, and back: the same scales, levels and grid.
    let saved = scratch("matrix-register.json", stdout(&import).as_bytes());
    let export = residual(&["export", "--to", "ciso-assistant-matrix", saved.to_str().unwrap()]);
    assert!(export.status.success());
    let yaml = scratch("again.yaml", export.stdout.as_slice());
    let again = residual(&[
        "import",
        "--from",
        "ciso-assistant-matrix",
        yaml.to_str().unwrap(),
        "--currency",
        "CHF",
    ]);
    let back = residual_engine::io::document::load(&stdout(&again))
        .unwrap()
        .register
        .criteria;
    assert_eq!(back.likelihood, c.likelihood);
    assert_eq!(back.matrix, c.matrix);
    // A library with a grid cell out of range is refused by path.
    let broken = std::fs::read_to_string(fixture).unwrap().replacen(
        "    - - 1\n      - 2\n      - 2",
        "    - - 1\n      - 7\n      - 2",
        1,
    );
    let broken = scratch("broken.yaml", broken.as_bytes());
    let refused = residual(&["import", "--from", "ciso-assistant-matrix", broken.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("$.objects.risk_matrix[0].grid[2][1]"));
}

#[test]
fn ciso_assistant_quantitative_hypotheses_go_out_and_come_back() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/examples/demo-register.json");
    let export = residual(&["export", "--to", "ciso-assistant-crq", demo]);
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    assert!(String::from_utf8_lossy(&export.stderr).contains("warning: current and residual hypotheses are fitted"));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&export)).unwrap();
    let stages: Vec<&str> = doc["hypotheses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["risk_stage"].as_str().unwrap())
        .collect();
    assert!(stages.contains(&"inherent") && stages.contains(&"current") && stages.contains(&"residual"));
    let file = scratch("crq.json", export.stdout.as_slice());
    let import = residual(&["import", "--from", "ciso-assistant-crq", file.to_str().unwrap()]);
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    let back = residual_engine::io::document::load(&stdout(&import)).unwrap().register;
    assert_eq!(back.risks.len(), doc["scenarios"].as_array().unwrap().len());
    assert_eq!(back.currency, "EUR");
    assert!(
        back.risks
            .iter()
            .all(|r| r.fair.as_ref().is_some_and(|f| f.event_model.as_str() == "bernoulli"))
    );
}

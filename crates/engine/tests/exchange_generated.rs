//! The converters over registers generated across the whole allowed space: no panic,
//! OSCAL's required fields always present with stable version 5 UUIDs and the register
//! attached intact, and CISO Assistant's CSV read back to the same risks and scores.
#![cfg(not(target_arch = "wasm32"))]

use residual_engine::assess::risk_state::{RiskState, all_scores};
use residual_engine::exchange::{ciso_assistant, oscal};
use residual_engine::generated::{Space, register};
use residual_engine::io::export::register_file;
use serde_json::Value;

const NOW: &str = "2026-11-29T12:00:00Z";

fn is_v5_uuid(text: &str) -> bool {
    let b = text.as_bytes();
    text.len() == 36
        && [8, 13, 18, 23].iter().all(|&k| b[k] == b'-')
        && b[14] == b'5'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
        && text
            .chars()
            .filter(|c| *c != '-')
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {value}"))
}

#[test]
fn oscal_documents_have_their_required_fields_for_any_register() {
    let space = Space {
        max_risks: 25,
        ..Space::default()
    };
    for seed in 0..120 {
        let r = register(seed, space).register;
        let (doc, _) = oscal::write(&r, None, NOW);
        let (again, _) = oscal::write(&r, None, NOW);
        assert_eq!(doc, again, "seed {seed}: the same register, the same document");
        let doc: Value = serde_json::from_str(&doc).unwrap();
        let ar = &doc["assessment-results"];
        assert!(is_v5_uuid(text(ar, "uuid")));
        for key in ["title", "last-modified", "version", "oscal-version"] {
            assert!(!text(&ar["metadata"], key).is_empty(), "seed {seed}: metadata.{key}");
        }
        let href = text(&ar["import-ap"], "href");
        let resource = &ar["back-matter"]["resources"][0];
        assert_eq!(href, format!("#{}", text(resource, "uuid")));
        assert_eq!(
            text(&resource["base64"], "value"),
            oscal::identifiers::base64(register_file(&r).as_bytes()),
            "seed {seed}: the attached register is the exchange file"
        );
        let result = &ar["results"][0];
        for key in ["uuid", "title", "description", "start"] {
            assert!(!text(result, key).is_empty(), "seed {seed}: result.{key}");
        }
        assert!(result["reviewed-controls"]["control-selections"][0].is_object());
        let risks = result["risks"].as_array().unwrap();
        assert_eq!(risks.len(), r.risks.len());
        let mut uuids: Vec<&str> = Vec::new();
        for risk in risks {
            for key in ["uuid", "title", "description", "statement", "status"] {
                assert!(!text(risk, key).trim().is_empty(), "seed {seed}: risk.{key}");
            }
            assert!(
                ["open", "investigating", "remediating", "deviation-approved", "closed"]
                    .contains(&text(risk, "status"))
            );
            uuids.push(text(risk, "uuid"));
            for c in risk["characterizations"].as_array().into_iter().flatten() {
                assert!(c["origin"]["actors"][0]["actor-uuid"].is_string());
                assert_eq!(c["facets"].as_array().unwrap().len(), 3);
            }
            for response in risk["remediations"].as_array().into_iter().flatten() {
                assert!(["recommendation", "planned", "completed"].contains(&text(response, "lifecycle")));
                for key in ["uuid", "title", "description"] {
                    assert!(!text(response, key).trim().is_empty(), "seed {seed}: remediation.{key}");
                }
            }
            for entry in risk["risk-log"]["entries"].as_array().into_iter().flatten() {
                assert!(text(entry, "start").ends_with('Z'));
            }
        }
        let count = uuids.len();
        uuids.sort_unstable();
        uuids.dedup();
        assert_eq!(uuids.len(), count, "seed {seed}: one uuid a risk");
        assert!(uuids.iter().all(|u| is_v5_uuid(u)));
    }
}

#[test]
fn ciso_assistant_csv_reads_back_to_the_same_risks_and_inherent_scores() {
    let space = Space {
        max_risks: 25,
        ..Space::default()
    };
    for seed in 0..120 {
        let r = register(seed, space).register;
        let (csv, _) = ciso_assistant::write(&r);
        let (back, _) = ciso_assistant::read(&csv, Some(r.criteria.clone()), &r.currency, NOW)
            .unwrap_or_else(|p| panic!("seed {seed}: {p:?}"));
        assert_eq!(back.risks.len(), r.risks.len(), "seed {seed}");
        let inherent = all_scores(&r, RiskState::Inherent);
        for ((a, b), score) in r.risks.iter().zip(&back.risks).zip(inherent) {
            assert_eq!((&a.id, &a.title), (&b.id, &b.title), "seed {seed}");
            let got = b
                .assessment
                .as_ref()
                .and_then(|x| Some((x.likelihood, x.impact.overall()?)));
            assert_eq!(got, score, "seed {seed}: {}", a.id);
        }
    }
}

/// Writes the pyfair export of every shipped register and of generated ones, with each
/// risk's expected annual loss, for pyfair itself to read and calculate
/// (`tests/interop/pyfair_reads.py`, run by `scripts/test` after this test): pyfair, not
/// Residual's reader, is the judge of what Residual writes.
#[test]
fn pyfair_exports_for_pyfair_itself_to_read() {
    use residual_engine::exchange::pyfair;
    use residual_engine::model::event_model::EventModel;
    use residual_engine::quant::simulation::{ModelSource, plan};
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("pyfair-exports");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/examples");
    let mut registers: Vec<(String, residual_engine::model::register::Register)> = Vec::new();
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        registers.push((name, residual_engine::io::document::load(&text).unwrap().register));
    }
    assert!(registers.len() >= 3, "the shipped registers");
    let space = Space {
        max_risks: 6,
        max_trials: 20_000,
        ..Space::default()
    };
    for seed in 0..40 {
        let mut r = register(seed, space).register;
        // pyfair draws with numpy at its own trial count: enough years for its mean.
        r.simulation.trials = 20_000;
        registers.push((format!("generated-{seed}"), r));
    }
    let mut written = 0;
    for (name, r) in registers {
        let (text, _) = pyfair::write(&r);
        // Each model's expected annual loss where pyfair computes the same quantity:
        // LEF × LM has the mean of the Poisson and rate models, not of "at most one a year".
        let plan = plan(&r).unwrap();
        let expected: serde_json::Map<String, Value> = plan
            .risks
            .iter()
            .filter(|m| m.source == ModelSource::Fair)
            .filter_map(|m| {
                let risk = r.risks.iter().find(|x| x.id == m.id)?;
                let fair = risk.fair.as_ref()?;
                let mean = (fair.event_model != EventModel::Bernoulli).then(|| m.analytic_mean());
                Some((format!("{} {}", risk.id, risk.title), serde_json::json!(mean)))
            })
            .collect();
        std::fs::write(out.join(format!("{name}.json")), text).unwrap();
        std::fs::write(
            out.join(format!("{name}.expected")),
            Value::Object(expected).to_string(),
        )
        .unwrap();
        written += 1;
    }
    assert!(written >= 43);
}

/// Valid registers whose estimates take numbers across the whole float range (tiny,
/// huge, subnormal, zero), not only typical amounts: every export is read back by its
/// own importer. A lognormal from 1e-300 once reached riskquant's CSV as `inf`.
#[test]
fn exports_of_registers_with_numbers_across_the_float_range_read_back() {
    use residual_engine::exchange::riskquant;
    use residual_engine::generated::Dice;
    use residual_engine::model::distribution::{Distribution, Parameter};
    use residual_engine::model::fair_model::Factor;
    let space = Space {
        max_risks: 8,
        ..Space::default()
    };
    let (mut valid, mut tried) = (0, 0);
    for seed in 0..400u64 {
        let mut r = register(seed, space).register;
        let mut dice = Dice::new(seed);
        for risk in &mut r.risks {
            let Some(fair) = risk.fair.as_mut() else { continue };
            for factor in Factor::ALL {
                let Some(d) = fair.slot_mut(factor).as_mut() else {
                    continue;
                };
                if dice.below(3) != 0 {
                    continue;
                }
                let value = match dice.below(4) {
                    0 => 0.0,
                    1 => f64::MIN_POSITIVE * dice.unit(),
                    _ => 10f64.powi(dice.below(601) as i32 - 300) * (1.0 + dice.unit()),
                };
                if let Distribution::Empirical { values } = d {
                    // An observed value anywhere in the float range.
                    let i = dice.below(values.len());
                    values[i] = value;
                    *d = Distribution::empirical(std::mem::take(values));
                    continue;
                }
                let parameters: Vec<Parameter> = d.kind().parameters().to_vec();
                let parameter = parameters[dice.below(parameters.len())];
                d.set(parameter, value).unwrap();
            }
        }
        tried += 1;
        if !residual_engine::io::validation::check(&r).is_empty() {
            continue;
        }
        valid += 1;
        let (csv, _) = riskquant::write(&r);
        if !csv.trim().is_empty() {
            riskquant::read(&csv, &r.currency, NOW).unwrap_or_else(|p| panic!("seed {seed}: riskquant {p:?}\n{csv}"));
        }
        let (csv, _) = ciso_assistant::write(&r);
        ciso_assistant::read(&csv, Some(r.criteria.clone()), &r.currency, NOW)
            .unwrap_or_else(|p| panic!("seed {seed}: CISO Assistant {p:?}"));
        if let Ok((crq, _)) = ciso_assistant::crq::write(&r) {
            ciso_assistant::crq::read(&crq, &r.currency, NOW)
                .unwrap_or_else(|p| panic!("seed {seed}: crq {p:?}\n{crq}"));
        }
        let file = register_file(&r);
        residual_engine::io::document::load(&file).unwrap_or_else(|p| panic!("seed {seed}: register {p:?}"));
    }
    assert!(valid > 40, "only {valid} of {tried} mutated registers were valid");
}

//! pyfair's model JSON (Hive-Systems/pyfair, `FairModel.to_json` / `read_json`): a
//! `FairModel` is one scenario, a `FairMetaModel` several keyed by name. Nodes carry full
//! Open FAIR names; each is `{constant}`, `{low, mode, high, gamma}` (BetaPERT),
//! `{mean, stdev}` (normal) or `{raw: [...]}`; threat capability and control strength
//! run 0–1 where Residual's run 0–100; pyfair computes a rate. A `raw` node is one value a
//! trial; here it is an empirical estimate, each value equally likely.

use serde_json::{Map, Value, json};

use super::{OWNER, checked, imported_register, supplied};
use crate::model::distribution::{Distribution, MAX_EMPIRICAL_VALUES, PERT_GAMMA};
use crate::model::fair_model::{EventModel, Factor, FairModel};
use crate::model::problem::Problem;
use crate::model::register::Register;
use crate::model::risk::Risk;
use crate::model::settings::{MAX_SEED, MAX_TRIALS, Sampling};
use crate::quant::sampling::Stream;

/// pyfair's name of a factor's node.
fn node_name(factor: Factor) -> &'static str {
    match factor {
        Factor::LossEventFrequency => "Loss Event Frequency",
        Factor::ThreatEventFrequency => "Threat Event Frequency",
        Factor::ContactFrequency => "Contact Frequency",
        Factor::ProbabilityOfAction => "Probability of Action",
        Factor::Vulnerability => "Vulnerability",
        Factor::ThreatCapability => "Threat Capability",
        Factor::ResistanceStrength => "Control Strength",
        Factor::LossMagnitude => "Loss Magnitude",
        Factor::PrimaryLoss => "Primary Loss",
        Factor::SecondaryLossEventFrequency => "Secondary Loss Event Frequency",
        Factor::SecondaryLossMagnitude => "Secondary Loss Event Magnitude",
    }
}

/// The factor of a pyfair node name.
fn node_factor(name: &str) -> Option<Factor> {
    Factor::ALL.into_iter().find(|&factor| node_name(factor) == name)
}

/// pyfair's value of a factor per Residual's: threat capability and control strength
/// run 0–1 in pyfair and 0–100 here.
fn scale(factor: Factor) -> f64 {
    match factor.quantity() {
        crate::model::fair_factor::Quantity::Score => 100.0,
        _ => 1.0,
    }
}

/// Keys of a model that are not nodes.
const META: [&str; 6] = [
    "type",
    "name",
    "n_simulations",
    "random_seed",
    "model_uuid",
    "creation_date",
];

/// A register from pyfair's JSON (a model or a meta-model), with warnings on what was
/// supplied or changed. Every problem names its model and node; nothing partial is read.
pub fn read(text: &str, currency: &str) -> Result<(Register, Vec<String>), Vec<Problem>> {
    if let Some(problem) = crate::io::duplicate_key::first_duplicate(text) {
        return Err(vec![problem]);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| vec![crate::io::document::syntax_problem(text, &e)])?;
    let Value::Object(top) = value else {
        return Err(vec![Problem::new("$", "a pyfair model is a JSON object")]);
    };
    let kind = top.get("type").and_then(Value::as_str).unwrap_or_default();
    let models: Vec<(String, &Map<String, Value>)> = match kind {
        "FairModel" => vec![("$".into(), &top)],
        "FairMetaModel" => top
            .iter()
            .filter(|(k, _)| !META.contains(&k.as_str()))
            .filter_map(|(k, v)| v.as_object().map(|m| (format!("$[\"{k}\"]"), m)))
            .collect(),
        other => {
            return Err(vec![Problem::new(
                "$.type",
                format!("\"{other}\" is not FairModel or FairMetaModel"),
            )]);
        }
    };
    let (mut problems, mut warnings, mut risks) = (Vec::new(), Vec::new(), Vec::new());
    for (n, (at, model)) in models.iter().enumerate() {
        match read_model(at, model, n, &mut warnings) {
            Ok(risk) => risks.push(risk),
            Err(mut found) => problems.append(&mut found),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let first = models.first().map(|(_, m)| *m);
    let trials = first
        .and_then(|m| m.get("n_simulations"))
        .and_then(Value::as_u64)
        .unwrap_or(10_000);
    let seed = first
        .and_then(|m| m.get("random_seed"))
        .and_then(Value::as_u64)
        .unwrap_or(42);
    let uuid = top.get("model_uuid").and_then(Value::as_str).unwrap_or("model");
    let name = top.get("name").and_then(Value::as_str).unwrap_or("pyfair model");
    let created = top
        .get("creation_date")
        .and_then(Value::as_str)
        .and_then(timestamp)
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
    let mut register = imported_register(
        format!("pyfair-{}", crate::model::register::slug(uuid)),
        format!("{name} (from pyfair)"),
        currency,
        &created,
    );
    register.risks = risks;
    register.simulation.trials = u32::try_from(trials).unwrap_or(MAX_TRIALS).clamp(1, MAX_TRIALS);
    register.simulation.seed = seed.min(MAX_SEED);
    register.simulation.sampling = Sampling::Mc;
    warnings.extend(supplied("pyfair", currency));
    warnings.extend([
        "pyfair computes a rate: the risks use the rate event model, so the means match".into(),
        "the same seed does not reproduce pyfair's draws (another generator)".into(),
        "pyfair's creation date has no time zone: it is read as UTC".into(),
    ]);
    checked(register, warnings)
}

/// "2019-07-06 17:23:43.647370" (pyfair's `str(datetime.now())`) as RFC 3339, in UTC.
fn timestamp(text: &str) -> Option<String> {
    let candidate = format!("{}Z", text.get(..19)?.replacen(' ', "T", 1));
    crate::model::timestamp::is_rfc3339(&candidate).then_some(candidate)
}

fn read_model(
    at: &str,
    model: &Map<String, Value>,
    n: usize,
    warnings: &mut Vec<String>,
) -> Result<Risk, Vec<Problem>> {
    let mut problems = Vec::new();
    let name = model
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_string();
    // pyfair has no id field: "R-001 Title" carries one.
    let (id, title) = match name.split_once(' ') {
        Some((id, title)) if id.contains('-') && id.chars().any(|c| c.is_ascii_digit()) => {
            (id.to_string(), title.trim().to_string())
        }
        _ => (format!("PF-{:03}", n + 1), name.clone()),
    };
    let mut fair = FairModel {
        event_model: EventModel::Rate,
        ..FairModel::default()
    };
    for (key, node) in model {
        if META.contains(&key.as_str()) {
            continue;
        }
        let node_at = format!("{at}[\"{key}\"]");
        if key == "multi_Secondary Loss" {
            problems.push(Problem::new(
                node_at,
                "several secondary losses have no Residual equivalent (and pyfair multiplies them, issue #43)",
            ));
            continue;
        }
        if key == "Secondary Loss" {
            match distribution(node, 1.0, &node_at) {
                Ok(d) => {
                    if let Distribution::Empirical { values } = &d {
                        warnings.push(raw_read(&id, "secondary_loss_magnitude", node, values.len()));
                    }
                    fair.secondary_loss_event_frequency = Some(Distribution::Constant { value: 1.0 });
                    fair.secondary_loss_magnitude = Some(d);
                    warnings.push(format!(
                        "{id}: the secondary loss is read as a magnitude that always follows"
                    ));
                }
                Err(p) => problems.push(p),
            }
            continue;
        }
        let Some(factor) = node_factor(key) else {
            problems.push(Problem::new(node_at, format!("\"{key}\" is not a pyfair node")));
            continue;
        };
        match distribution(node, scale(factor), &node_at) {
            Ok(d) => {
                if let Distribution::Empirical { values } = &d {
                    warnings.push(raw_read(&id, factor.as_str(), node, values.len()));
                }
                *fair.slot_mut(factor) = Some(d);
            }
            Err(p) => problems.push(p),
        }
    }
    // pyfair uses a parent over its children; so does this reading, and says so.
    for parent in Factor::ALL {
        if fair.get(parent).is_some() {
            for child in parent.below() {
                if fair.slot_mut(child).take().is_some() {
                    warnings.push(format!(
                        "{id}: {} is dropped: pyfair uses {}, which is given",
                        child.as_str(),
                        parent.as_str()
                    ));
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut risk = Risk::blank(id);
    risk.title = if title.is_empty() {
        format!("pyfair model {}", n + 1)
    } else {
        title
    };
    risk.owner = OWNER.into();
    risk.fair = Some(fair);
    Ok(risk)
}

/// The warning for a `raw` node read as an empirical estimate of `kept` values.
fn raw_read(id: &str, factor: &str, node: &Value, kept: usize) -> String {
    let given = node.get("raw").and_then(Value::as_array).map_or(0, Vec::len);
    let thinned = if given > kept {
        format!(" (its {given} values thinned to {kept} evenly spaced quantiles)")
    } else {
        String::new()
    };
    format!(
        "{id}: {factor} is read from {given} raw values as an empirical estimate{thinned}: each trial draws one of them, independently of the other factors, where pyfair takes them in order, trial by trial"
    )
}

/// The forms a pyfair node takes, by their keys (PERT's `gamma` may be left out).
const FORMS: [&[&str]; 4] = [
    &["constant"],
    &["low", "mode", "high", "gamma"],
    &["mean", "stdev"],
    &["raw"],
];

/// A node's estimate. Every key must belong to one form, and every value be a number:
/// a key pyfair would not read is refused where it stands, never passed over.
fn distribution(node: &Value, scale: f64, at: &str) -> Result<Distribution, Problem> {
    const WHAT: &str = "a node is {constant}, {low, mode, high, gamma}, {mean, stdev} or {raw}";
    let Some(node) = node.as_object() else {
        return Err(Problem::new(at, format!("{WHAT}, not {node}")));
    };
    let Some(form) = FORMS
        .iter()
        .find(|form| node.keys().any(|k| form.contains(&k.as_str())))
    else {
        return Err(Problem::new(at, WHAT));
    };
    if let Some(foreign) = node.keys().find(|k| !form.contains(&k.as_str())) {
        return Err(Problem::new(
            format!("{at}.{foreign}"),
            format!("is not a parameter of this node ({}): {WHAT}", form.join(", ")),
        ));
    }
    if form[0] == "raw" {
        return raw(&node["raw"], scale, &format!("{at}.raw"));
    }
    let number = |key: &str| -> Result<Option<f64>, Problem> {
        match node.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| Problem::new(format!("{at}.{key}"), format!("must be a number, not {v}"))),
        }
    };
    let required = |key: &str| -> Result<f64, Problem> {
        number(key)?.ok_or_else(|| {
            Problem::new(
                format!("{at}.{key}"),
                format!("is missing: it goes with {}", form.join(", ")),
            )
        })
    };
    Ok(match form[0] {
        "constant" => Distribution::Constant {
            value: required("constant")? * scale,
        },
        "low" => Distribution::Pert {
            min: required("low")? * scale,
            mode: required("mode")? * scale,
            max: required("high")? * scale,
            gamma: number("gamma")?.unwrap_or(PERT_GAMMA),
        },
        _ => Distribution::Normal {
            mean: required("mean")? * scale,
            sd: required("stdev")? * scale,
        },
    })
}

/// A `raw` node's values as an empirical estimate; more than Residual keeps are thinned to
/// evenly spaced quantiles of their sorted order.
fn raw(node: &Value, scale: f64, at: &str) -> Result<Distribution, Problem> {
    let Some(items) = node.as_array() else {
        return Err(Problem::new(at, format!("must be a list of numbers, not {node}")));
    };
    if items.is_empty() {
        return Err(Problem::new(at, "must hold at least one value"));
    }
    let mut values = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item.as_f64() {
            Some(v) => values.push(v * scale),
            None => {
                return Err(Problem::new(
                    format!("{at}[{i}]"),
                    format!("must be a number, not {item}"),
                ));
            }
        }
    }
    values.sort_by(f64::total_cmp);
    if values.len() > MAX_EMPIRICAL_VALUES {
        let n = values.len();
        values = (0..MAX_EMPIRICAL_VALUES)
            .map(|i| values[(i * n + n / 2) / MAX_EMPIRICAL_VALUES])
            .collect();
    }
    Ok(Distribution::Empirical { values })
}

/// Whether the bounds of a normal estimate's quantity cut off less than 10⁻⁹ of it, so
/// that pyfair's untruncated normal is the same distribution.
fn untruncated(given: crate::model::fair_model::GivenFactor) -> bool {
    match given.shape() {
        crate::model::distribution::Shape::TruncatedNormal { p_lower, p_upper, .. } => {
            p_lower < 1e-9 && 1.0 - p_upper < 1e-9
        }
        _ => true,
    }
}

/// pyfair's JSON of a register: a `FairMetaModel` of one `FairModel` per risk with a FAIR
/// model, with a warning for each thing pyfair cannot hold. Distributions pyfair lacks
/// are written as `raw` samples of the register's trial count, drawn at its seed; an
/// empirical estimate of exactly that many values is written as them, shuffled.
pub fn write(register: &Register) -> (String, Vec<String>) {
    let mut warnings = Vec::new();
    let trials = register.simulation.trials;
    let created = register
        .modified
        .get(..19)
        .unwrap_or("2000-01-01T00:00:00")
        .replacen('T', " ", 1)
        + ".000000";
    let uuid = |key: &str| {
        let h = crate::io::digest::fnv1a(format!("{}/{key}", register.id).as_bytes());
        let g = crate::io::digest::fnv1a(format!("{key}/{}", register.id).as_bytes());
        format!(
            "{:08x}-{:04x}-5{:03x}-8{:03x}-{:012x}",
            h >> 32,
            (h >> 16) & 0xffff,
            h & 0xfff,
            g >> 52,
            g & 0xffff_ffff_ffff
        )
    };
    // numpy takes seeds below 2^32; Residual's go to 2^53.
    let pyfair_seed = register.simulation.seed & 0xffff_ffff;
    if pyfair_seed != register.simulation.seed {
        warnings.push(format!(
            "the seed {} is above what numpy takes (2^32 − 1): pyfair gets {pyfair_seed}",
            register.simulation.seed
        ));
    }
    let mut pert_written = false;
    let mut meta = Map::new();
    for risk in &register.risks {
        // A risk scored only qualitatively goes as Residual simulates it: from the
        // criteria's anchors for its likelihood and impact.
        let anchored;
        let fair = match &risk.fair {
            Some(fair) => fair,
            None => match crate::assess::qualitative_bridge::anchored_model(risk, &register.criteria) {
                Ok(model) => {
                    warnings.push(format!(
                        "{}: no FAIR model: written from the criteria's anchors for its likelihood and impact, as Residual simulates it",
                        risk.id
                    ));
                    anchored = model;
                    &anchored
                }
                Err(why) => {
                    warnings.push(format!("{}: left out ({why})", risk.id));
                    continue;
                }
            },
        };
        if fair.event_model == EventModel::Bernoulli {
            warnings.push(format!(
                "{}: \"at most one loss a year\" has no pyfair form: pyfair computes a rate",
                risk.id
            ));
        }
        let name = format!("{} {}", risk.id, risk.title);
        let mut model = Map::new();
        model.insert("type".into(), json!("FairModel"));
        model.insert("name".into(), json!(name));
        model.insert("n_simulations".into(), json!(trials));
        model.insert("random_seed".into(), json!(pyfair_seed));
        model.insert("model_uuid".into(), json!(uuid(&risk.id)));
        model.insert("creation_date".into(), json!(created));
        // pyfair calculates a loss magnitude from Loss Magnitude, or from Primary Loss
        // with both secondary factors; a primary loss alone is the loss magnitude.
        let primary_alone = fair.get(Factor::SecondaryLossEventFrequency).is_none()
            && fair.get(Factor::SecondaryLossMagnitude).is_none();
        for factor in Factor::ALL {
            let node = match factor {
                Factor::PrimaryLoss if primary_alone => node_name(Factor::LossMagnitude),
                _ => node_name(factor),
            };
            let scale = scale(factor);
            let Some(given) = fair.given(factor) else { continue };
            let value = match *given.distribution {
                Distribution::Constant { value } => json!({ "constant": value / scale }),
                Distribution::Pert { min, mode, max, gamma } => {
                    pert_written = true;
                    json!({ "low": min / scale, "mode": mode / scale, "high": max / scale, "gamma": gamma })
                }
                // pyfair's normal is not truncated: only a normal its bounds leave whole is
                // written as one; another goes as samples of the truncated normal.
                Distribution::Normal { mean, sd } if untruncated(given) => {
                    json!({ "mean": mean / scale, "stdev": sd / scale })
                }
                ref other => {
                    let mut stream = Stream::new(
                        register.simulation.seed,
                        &format!("pyfair/{}/{}", risk.id, factor.as_str()),
                        0,
                    );
                    let samples: Vec<f64> = match other {
                        // pyfair takes raw values in order, one a trial: the values
                        // themselves, shuffled, so that no two nodes move together.
                        Distribution::Empirical { values } if values.len() == trials as usize => {
                            let mut shuffled: Vec<f64> = values.iter().map(|v| v / scale).collect();
                            for i in (1..shuffled.len()).rev() {
                                let j = ((stream.unit() * (i + 1) as f64) as usize).min(i);
                                shuffled.swap(i, j);
                            }
                            shuffled
                        }
                        _ => {
                            warnings.push(format!(
                                "{}: {} ({}) is written as {trials} raw samples",
                                risk.id,
                                factor.as_str(),
                                other.name()
                            ));
                            let shape = other.shape(given.bounds);
                            (0..trials).map(|_| shape.quantile(stream.unit()) / scale).collect()
                        }
                    };
                    json!({ "raw": samples })
                }
            };
            model.insert(node.into(), value);
        }
        meta.insert(name, Value::Object(model));
    }
    meta.insert("name".into(), json!(register.name));
    meta.insert("model_uuid".into(), json!(uuid("register")));
    meta.insert("creation_date".into(), json!(created));
    meta.insert("type".into(), json!("FairMetaModel"));
    if pert_written {
        warnings.push(
            "pyfair's BetaPERT takes its spread from (high − low) / 6, not from γ: the same mean, a narrower spread where the most likely value is off centre, so its percentiles (and a vulnerability from capability against strength) differ from Residual's"
                .into(),
        );
    }
    warnings.push(
        "pyfair keeps no criteria, owners, statuses, assets, controls, treatments, acceptances or currency: they are left out"
            .into(),
    );
    let mut text = serde_json::to_string_pretty(&Value::Object(meta)).expect("JSON serialises");
    text.push('\n');
    (text, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example model of pyfair's format notes (`to_json` keys and node families).
    const MODEL: &str = r#"{"type":"FairModel","name":"R-001 Ransomware","n_simulations":10000,"random_seed":42,
 "model_uuid":"0b6f2c1e-9a41-11f0-8000-000000000001","creation_date":"2026-11-20 16:30:00.000000",
 "Threat Event Frequency":{"low":0.5,"mode":2,"high":6,"gamma":4},
 "Threat Capability":{"low":0.3,"mode":0.6,"high":0.95,"gamma":4},
 "Control Strength":{"low":0.4,"mode":0.65,"high":0.85,"gamma":4},
 "Primary Loss":{"low":150000,"mode":600000,"high":2500000,"gamma":4},
 "Secondary Loss Event Frequency":{"constant":0.3},
 "Secondary Loss Event Magnitude":{"mean":900000,"stdev":100000}}"#;

    #[test]
    fn a_pyfair_model_reads_with_its_scales_and_writes_back() {
        let (register, warnings) = read(MODEL, "USD").unwrap();
        assert!(warnings.iter().any(|w| w.contains("rate")));
        assert_eq!(register.created, "2026-11-20T16:30:00Z");
        assert_eq!((register.simulation.trials, register.simulation.seed), (10_000, 42));
        let risk = &register.risks[0];
        assert_eq!((risk.id.as_str(), risk.title.as_str()), ("R-001", "Ransomware"));
        let fair = risk.fair.as_ref().unwrap();
        assert_eq!(fair.event_model, EventModel::Rate);
        assert_eq!(
            fair.threat_capability,
            Some(Distribution::Pert {
                min: 30.0,
                mode: 60.0,
                max: 95.0,
                gamma: 4.0
            })
        );
        assert_eq!(
            fair.resistance_strength,
            Some(Distribution::Pert {
                min: 40.0,
                mode: 65.0,
                max: 85.0,
                gamma: 4.0
            })
        );
        assert_eq!(
            fair.secondary_loss_magnitude,
            Some(Distribution::Normal {
                mean: 900_000.0,
                sd: 100_000.0
            })
        );
        // Written back, every node is as pyfair wrote it.
        let (text, _) = write(&register);
        let meta: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(meta["type"], "FairMetaModel");
        let model = &meta["R-001 Ransomware"];
        let original: Value = serde_json::from_str(MODEL).unwrap();
        let numbers = |v: Option<&Value>| -> Option<Vec<(String, f64)>> {
            v?.as_object()
                .map(|o| o.iter().map(|(k, x)| (k.clone(), x.as_f64().unwrap())).collect())
        };
        for node in Factor::ALL.map(node_name) {
            let (ours, theirs) = (numbers(model.get(node)), numbers(original.get(node)));
            match (ours, theirs) {
                (Some(a), Some(b)) => {
                    assert_eq!(a.len(), b.len(), "{node}");
                    for ((ka, xa), (kb, xb)) in a.iter().zip(&b) {
                        assert!(
                            ka == kb && (xa - xb).abs() <= 1e-12 * xb.abs().max(1.0),
                            "{node}: {a:?} against {b:?}"
                        );
                    }
                }
                (a, b) => assert_eq!(a.is_some(), b.is_some(), "{node}"),
            }
        }
        // And read again, the same register's risks.
        let (again, _) = read(&text, "USD").unwrap();
        assert_eq!(again.risks, register.risks);
        // A normal its bounds cut (a loss near 0) is truncated in Residual and clipped in
        // pyfair: it leaves as samples of Residual's truncated normal, and says so.
        let mut cut = register.clone();
        let fair = cut.risks[0].fair.as_mut().unwrap();
        fair.secondary_loss_magnitude = Some(Distribution::Normal {
            mean: 900_000.0,
            sd: 400_000.0,
        });
        let (text, warnings) = write(&cut);
        let meta: Value = serde_json::from_str(&text).unwrap();
        let samples = meta["R-001 Ransomware"]["Secondary Loss Event Magnitude"]["raw"]
            .as_array()
            .unwrap();
        assert!(samples.iter().all(|x| x.as_f64().unwrap() >= 0.0));
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("secondary_loss_magnitude (normal) is written as"))
        );
    }

    #[test]
    fn what_pyfair_cannot_say_is_refused_or_written_as_raw_samples() {
        let mut raw: Value = serde_json::from_str(MODEL).unwrap();
        raw["Primary Loss"] = json!({"raw": [1.0, "2"]});
        raw["Threat Thing"] = json!({"constant": 1});
        raw["Loss Event Frequency"] = json!({"raw": []});
        let problems = read(&raw.to_string(), "USD").unwrap_err();
        let at: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            at,
            [
                "$[\"Loss Event Frequency\"].raw",
                "$[\"Primary Loss\"].raw[1]",
                "$[\"Threat Thing\"]"
            ]
        );
        // The demo's lognormal losses leave as raw samples with the right quantiles.
        let register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let (text, warnings) = write(&register);
        assert!(warnings.iter().any(|w| w.contains("raw samples")));
        let meta: Value = serde_json::from_str(&text).unwrap();
        let model = meta
            .as_object()
            .unwrap()
            .values()
            .find(|m| m["name"].as_str().is_some_and(|n| n.starts_with("R-001 ")))
            .unwrap();
        let mut samples: Vec<f64> = model["Primary Loss"]["raw"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert_eq!(samples.len(), register.simulation.trials as usize);
        samples.sort_by(f64::total_cmp);
        // R-001's primary loss is lognormal with 5th/95th percentiles 150,000 and 2,500,000:
        // the sample's order statistics sit there within their Monte-Carlo error.
        let n = samples.len() as f64;
        let (p5, p95) = (samples[(0.05 * n) as usize], samples[(0.95 * n) as usize]);
        assert!(
            (p5 / 150_000.0 - 1.0).abs() < 0.05 && (p95 / 2_500_000.0 - 1.0).abs() < 0.05,
            "{p5} {p95}"
        );
    }

    /// A key pyfair would not read, a value that is not a number, or two forms in one
    /// node is refused at its path: never passed over and the rest read as a PERT.
    #[test]
    fn a_node_with_a_parameter_of_no_form_is_refused_where_it_stands() {
        let cases = [
            (
                json!({"low": 1, "mode": 2, "high": 3, "stdev": 4}),
                "$[\"Loss Magnitude\"].stdev",
                "is not a parameter of this node (low, mode, high, gamma)",
            ),
            (
                json!({"constant": 100, "note": "roughly"}),
                "$[\"Loss Magnitude\"].note",
                "is not a parameter of this node (constant)",
            ),
            (
                json!({"mean": 100, "stdev": "ten"}),
                "$[\"Loss Magnitude\"].stdev",
                "must be a number",
            ),
            (json!({"low": 1, "high": 3}), "$[\"Loss Magnitude\"].mode", "is missing"),
            (json!({"median": 3}), "$[\"Loss Magnitude\"]", "a node is"),
            (json!(5), "$[\"Loss Magnitude\"]", "a node is"),
        ];
        for (node, path, message) in cases {
            let model = json!({"type": "FairModel", "name": "R-009 x", "Loss Event Frequency": {"constant": 1},
                "Loss Magnitude": node});
            let problems = read(&model.to_string(), "USD").unwrap_err();
            assert_eq!(problems.len(), 1, "{node}: {problems:?}");
            assert_eq!(problems[0].path, path, "{node}");
            assert!(
                problems[0].message.starts_with(message),
                "{node}: {}",
                problems[0].message
            );
        }
    }

    #[test]
    fn raw_values_come_back_as_an_empirical_estimate_and_leave_as_themselves() {
        let mut model: Value = serde_json::from_str(MODEL).unwrap();
        model["n_simulations"] = json!(4);
        model["Threat Capability"] = json!({"raw": [0.5, 0.25, 1.0, 0.0]});
        let (register, warnings) = read(&model.to_string(), "USD").unwrap();
        let fair = register.risks[0].fair.as_ref().unwrap();
        // Sorted, and on Residual's 0–100 scale.
        assert_eq!(
            fair.threat_capability,
            Some(Distribution::Empirical {
                values: vec![0.0, 25.0, 50.0, 100.0]
            })
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("threat_capability is read from 4 raw values as an empirical estimate")),
            "{warnings:?}"
        );
        // Written back, as many values as trials are the values themselves, shuffled.
        let (text, warnings) = write(&register);
        assert!(
            !warnings.iter().any(|w| w.contains("threat_capability")),
            "{warnings:?}"
        );
        let meta: Value = serde_json::from_str(&text).unwrap();
        let mut back: Vec<f64> = meta["R-001 Ransomware"]["Threat Capability"]["raw"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        back.sort_by(f64::total_cmp);
        assert_eq!(back, [0.0, 0.25, 0.5, 1.0]);
    }

    #[test]
    fn more_raw_values_than_an_estimate_keeps_are_thinned_to_quantiles() {
        let n = MAX_EMPIRICAL_VALUES * 2 + 1;
        let values: Vec<f64> = (0..n).rev().map(|i| i as f64).collect();
        let Distribution::Empirical { values: kept } = raw(&json!(values), 1.0, "$").unwrap() else {
            panic!()
        };
        assert_eq!(kept.len(), MAX_EMPIRICAL_VALUES);
        // The k-th kept value is the middle of the k-th of equal slices of the sorted values.
        for k in [0, 1, MAX_EMPIRICAL_VALUES / 3, MAX_EMPIRICAL_VALUES - 1] {
            let middle = (k as f64 + 0.5) * n as f64 / MAX_EMPIRICAL_VALUES as f64;
            assert_eq!(kept[k], middle.floor(), "{k}");
        }
        let mean = kept.iter().sum::<f64>() / kept.len() as f64;
        assert!((mean / ((n - 1) as f64 / 2.0) - 1.0).abs() < 1e-5, "{mean}");
    }
}

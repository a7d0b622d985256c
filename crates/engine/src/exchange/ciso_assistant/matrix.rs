//! CISO Assistant's risk-matrix library (`backend/library/libraries/risk-matrix-*.yaml`,
//! read by its `RiskMatrixImporter`): `objects.risk_matrix[]` (or `risk_matrices[]`) with
//! `probability`, `impact` and `risk` levels `{id (0-based), abbreviation, name,
//! description, hexcolor}` and `grid[probability][impact]` = a risk level's id.
//!
//! Written here as YAML text (every string double-quoted, which YAML reads as JSON
//! strings); read from the document's tree, parsed by the caller (the command line
//! parses YAML), so that the engine carries no YAML parser. CISO Assistant checks
//! nothing in these files; this reader checks the shape and names each problem.

use serde_json::Value;

use crate::model::criteria::{ImpactMode, RiskCriteria, RiskLevel, ScaleLevel};
use crate::model::problem::Problem;
use crate::model::register::slug;

/// A string as a YAML double-quoted scalar (JSON's quoting, which YAML accepts).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// CISO Assistant's risk-matrix library of `criteria`, named `name`, with a warning for
/// what the library has no place for.
pub fn write_library(criteria: &RiskCriteria, name: &str) -> (String, Vec<String>) {
    let id = match slug(name) {
        s if s.is_empty() => "residual-matrix".to_string(),
        s => s,
    };
    let mut out = String::new();
    let description = quoted(&format!(
        "The risk criteria of the Residual register \"{name}\" (criteria version {})",
        criteria.version
    ));
    out.push_str(&format!(
        "urn: {}\nlocale: en\nref_id: {}\nname: {}\ndescription: {description}\nversion: {}\nprovider: Residual\npackager: Residual\nobjects:\n  risk_matrix:\n  - urn: {}\n    ref_id: {}\n    name: {}\n    description: {description}\n",
        quoted(&format!("urn:residual:risk:library:{id}")),
        quoted(&id),
        quoted(name),
        criteria.version,
        quoted(&format!("urn:residual:risk:matrix:{id}")),
        quoted(&id),
        quoted(name),
    ));
    let scale = |out: &mut String, key: &str, levels: &[ScaleLevel]| {
        out.push_str(&format!("    {key}:\n"));
        for (k, level) in levels.iter().enumerate() {
            out.push_str(&format!(
                "    - id: {k}\n      abbreviation: {}\n      name: {}\n      description: {}\n",
                quoted(&(k + 1).to_string()),
                quoted(&level.label),
                quoted(&level.description)
            ));
        }
    };
    scale(&mut out, "probability", &criteria.likelihood);
    scale(&mut out, "impact", &criteria.impact);
    out.push_str("    risk:\n");
    for (k, level) in criteria.levels.iter().enumerate() {
        let abbreviation: String = level.name.chars().take(1).collect::<String>().to_uppercase();
        out.push_str(&format!(
            "    - id: {k}\n      abbreviation: {}\n      name: {}\n      description: {}\n      hexcolor: {}\n",
            quoted(&abbreviation),
            quoted(&level.name),
            quoted(&level.action),
            quoted(&level.colour.to_uppercase())
        ));
    }
    out.push_str("    grid:\n");
    for row in &criteria.matrix {
        let ids: Vec<String> = row
            .iter()
            .map(|id| {
                criteria
                    .levels
                    .iter()
                    .position(|l| &l.id == id)
                    .unwrap_or(0)
                    .to_string()
            })
            .collect();
        out.push_str(&format!("    - [{}]\n", ids.join(", ")));
    }
    let mut warnings = vec![
        "CISO Assistant's matrix has no anchors, review intervals or loss thresholds: they are left out".to_string(),
        "each level's action is written as its description".to_string(),
    ];
    let accepted: Vec<&str> = criteria
        .levels
        .iter()
        .filter(|l| l.accepted)
        .map(|l| l.name.as_str())
        .collect();
    if !accepted.is_empty() {
        warnings.push(format!(
            "the appetite (accepted without treatment: {}) is set per assessment in CISO Assistant (its risk tolerance), not in the matrix",
            accepted.join(", ")
        ));
    }
    (out, warnings)
}

/// The levels of one of a matrix's lists, ordered by their ids, or the problems. CISO
/// Assistant indexes the levels by position, so an `id` may be left out: a list whose
/// levels have none is read in the order given; where ids are given, every level has
/// one and they are the positions 0, 1, 2, … in some order.
fn levels(
    matrix: &Value,
    key: &str,
    at: &str,
    problems: &mut Vec<Problem>,
    by_position: &mut bool,
) -> Vec<(String, String, Option<String>)> {
    let here = format!("{at}.{key}");
    let Some(items) = matrix.get(key).and_then(Value::as_array) else {
        problems.push(Problem::new(here, "is missing: a matrix lists its levels here"));
        return Vec::new();
    };
    let without_ids = items.iter().all(|item| item.get("id").is_none());
    *by_position |= without_ids && !items.is_empty();
    let mut found: Vec<(u64, String, String, Option<String>)> = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let place = format!("{here}[{k}]");
        let id = if without_ids {
            Some(k as u64)
        } else {
            item.get("id").and_then(Value::as_u64)
        };
        let name = item
            .get("name")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|n| !n.is_empty());
        match (id, name) {
            (Some(id), Some(name)) => found.push((
                id,
                name.to_string(),
                item.get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .trim()
                    .to_string(),
                item.get("hexcolor").and_then(Value::as_str).map(str::to_string),
            )),
            (None, _) if item.get("id").is_none() => problems.push(Problem::new(
                format!("{place}.id"),
                "is missing while other levels of the list have one: give every level its id, or none",
            )),
            (None, _) => problems.push(Problem::new(format!("{place}.id"), "must be a whole number from 0")),
            (_, None) => problems.push(Problem::new(format!("{place}.name"), "must be a name")),
        }
    }
    found.sort_by_key(|f| f.0);
    if found.iter().enumerate().any(|(k, f)| f.0 != k as u64) && problems.is_empty() {
        problems.push(Problem::new(
            here,
            "the ids must be 0, 1, 2, … with none missing or repeated",
        ));
    }
    found.into_iter().map(|(_, n, d, c)| (n, d, c)).collect()
}

/// The languages of the `translations` blocks anywhere under `value`, sorted.
fn translated(value: &Value, languages: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if key == "translations"
                    && let Some(by_language) = inner.as_object()
                {
                    languages.extend(by_language.keys().cloned());
                } else {
                    translated(inner, languages);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| translated(item, languages)),
        _ => {}
    }
}

/// The criteria of a CISO Assistant risk-matrix library (its first matrix), with
/// warnings for what Residual had to supply. Every problem is named by its path.
pub fn read_library(tree: &Value) -> Result<(RiskCriteria, String, Vec<String>), Vec<Problem>> {
    let objects = tree.get("objects");
    let (key, matrices) = ["risk_matrix", "risk_matrices"]
        .iter()
        .find_map(|k| {
            objects
                .and_then(|o| o.get(*k))
                .and_then(Value::as_array)
                .map(|m| (*k, m))
        })
        .ok_or_else(|| {
            vec![Problem::new(
                "$.objects",
                "has no risk_matrix: this is not a CISO Assistant risk-matrix library",
            )]
        })?;
    let matrix = matrices
        .first()
        .ok_or_else(|| vec![Problem::new(format!("$.objects.{key}"), "is empty")])?;
    let at = format!("$.objects.{key}[0]");
    let mut problems = Vec::new();
    let mut by_position = false;
    let probability = levels(matrix, "probability", &at, &mut problems, &mut by_position);
    let impact = levels(matrix, "impact", &at, &mut problems, &mut by_position);
    let risk = levels(matrix, "risk", &at, &mut problems, &mut by_position);
    let mut grid: Vec<Vec<String>> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for (name, _, _) in &risk {
        let base = match slug(name) {
            s if s.is_empty() => "level".to_string(),
            s => s,
        };
        let mut id = base.clone();
        let mut k = 2;
        while ids.contains(&id) {
            id = format!("{base}-{k}");
            k += 1;
        }
        ids.push(id);
    }
    match matrix.get("grid").and_then(Value::as_array) {
        None => problems.push(Problem::new(
            format!("{at}.grid"),
            "is missing: grid[probability][impact] gives each cell's risk level",
        )),
        Some(rows) => {
            if rows.len() != probability.len() {
                problems.push(Problem::new(
                    format!("{at}.grid"),
                    format!(
                        "has {} rows; the matrix has {} probability levels",
                        rows.len(),
                        probability.len()
                    ),
                ));
            }
            for (l, row) in rows.iter().enumerate() {
                let cells = row.as_array().map(Vec::as_slice).unwrap_or_default();
                if cells.len() != impact.len() {
                    problems.push(Problem::new(
                        format!("{at}.grid[{l}]"),
                        format!(
                            "has {} cells; the matrix has {} impact levels",
                            cells.len(),
                            impact.len()
                        ),
                    ));
                    continue;
                }
                let mut out = Vec::new();
                for (i, cell) in cells.iter().enumerate() {
                    match cell.as_u64().and_then(|k| ids.get(k as usize)) {
                        Some(id) => out.push(id.clone()),
                        None => problems.push(Problem::new(
                            format!("{at}.grid[{l}][{i}]"),
                            format!("must be the id of a risk level (0 to {})", risk.len().saturating_sub(1)),
                        )),
                    }
                }
                grid.push(out);
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let scale = |levels: &[(String, String, Option<String>)]| {
        levels
            .iter()
            .map(|(name, description, _)| ScaleLevel {
                label: name.clone(),
                description: description.clone(),
                anchor: None,
            })
            .collect()
    };
    let criteria = RiskCriteria {
        version: 1,
        likelihood: scale(&probability),
        impact: scale(&impact),
        impact_mode: ImpactMode::Overall,
        levels: risk
            .iter()
            .zip(&ids)
            .map(|((name, description, colour), id)| RiskLevel {
                id: id.clone(),
                name: name.clone(),
                colour: colour.as_deref().unwrap_or("#cccccc").to_lowercase(),
                action: description.clone(),
                review_interval_days: 365,
                accepted: false,
            })
            .collect(),
        matrix: grid,
        loss_thresholds: Vec::new(),
    };
    let mut checked = Vec::new();
    criteria.check("$.criteria", &mut checked);
    if !checked.is_empty() {
        return Err(checked);
    }
    let name = matrix
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("CISO Assistant matrix")
        .to_string();
    let mut warnings = vec![
        "the matrix has no anchors: risks are not simulated from their scores until the likelihood and impact levels get anchors in Criteria".to_string(),
        "no level is accepted without treatment (the appetite is per assessment in CISO Assistant): set it in Criteria".to_string(),
        "every level is reviewed yearly (365 days) until set otherwise; each level's description is taken as its action".to_string(),
    ];
    if by_position {
        warnings.push(
            "levels without ids are read in the order listed, as CISO Assistant reads them (the first is id 0)".into(),
        );
    }
    let mut languages = std::collections::BTreeSet::new();
    translated(tree, &mut languages);
    if !languages.is_empty() {
        warnings.push(format!(
            "the names and descriptions in other languages ({}) are left out: Residual keeps the library's own",
            languages.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if matrices.len() > 1 {
        warnings.push(format!(
            "the library has {} matrices: the first, \"{name}\", is read",
            matrices.len()
        ));
    }
    Ok((criteria, name, warnings))
}

/// A library (its YAML or JSON text) as new criteria for a register that has `current`
/// ones: a draft for the criteria editor, whose review remaps every scored risk before
/// anything changes. The library gives the scales, the risk levels and the matrix; the
/// register keeps what a matrix library does not say: the loss thresholds, the impact
/// mode, the anchors of a scale with as many levels as before (by position), and each
/// risk level's appetite and review interval where a level of the same name was there
/// before. The warnings say what was kept and what is to set.
pub fn criteria_from_library(current: &RiskCriteria, text: &str) -> Result<(RiskCriteria, Vec<String>), Vec<Problem>> {
    // A library as JSON (CISO Assistant's API gives them so) or as its YAML.
    let tree = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| vec![crate::io::document::syntax_problem(text, &e)])?
    } else {
        super::library_yaml::parse(text).map_err(|why| vec![Problem::new("$", why)])?
    };
    let (mut new, name, library_warnings) = read_library(&tree)?;
    new.version = current.version;
    new.loss_thresholds = current.loss_thresholds.clone();
    new.impact_mode = current.impact_mode;
    let mut warnings = vec![format!(
        "the scales, risk levels and matrix are those of \"{name}\"; the loss thresholds and the impact mode stay the register's"
    )];
    for (what, old, scale) in [
        ("likelihood", &current.likelihood, &mut new.likelihood),
        ("impact", &current.impact, &mut new.impact),
    ] {
        if old.len() == scale.len() && old.iter().any(|l| l.anchor.is_some()) {
            for (level, before) in scale.iter_mut().zip(old) {
                level.anchor = before.anchor;
            }
            warnings.push(format!(
                "the {what} levels keep the register's anchors, level by level (both scales have {} levels): check that they still fit the new labels",
                old.len()
            ));
        } else if old.iter().any(|l| l.anchor.is_some()) {
            warnings.push(format!(
                "the {what} scale goes from {} to {} levels, so its anchors cannot follow: give them in the editor, or risks without a FAIR model are not simulated",
                old.len(),
                scale.len()
            ));
        }
    }
    let mut kept = Vec::new();
    for level in &mut new.levels {
        if let Some(before) = current.levels.iter().find(|l| l.name.eq_ignore_ascii_case(&level.name)) {
            level.accepted = before.accepted;
            level.review_interval_days = before.review_interval_days;
            kept.push(level.name.clone());
        }
    }
    if !kept.is_empty() {
        warnings.push(format!(
            "the levels of the same name as before keep their appetite and review interval: {}",
            kept.join(", ")
        ));
    }
    // The library's own warnings, less those the register's criteria answered.
    let answered = |w: &String| {
        (w.starts_with("the matrix has no anchors")
            && new.likelihood.iter().chain(&new.impact).all(|l| l.anchor.is_some()))
            || (w.starts_with("no level is accepted") && new.levels.iter().any(|l| l.accepted))
            || (w.starts_with("every level is reviewed yearly") && !kept.is_empty())
    };
    warnings.extend(library_warnings.into_iter().filter(|w| !answered(w)));
    let mut problems = Vec::new();
    new.check("$.criteria", &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((new, warnings))
}

/// A register holding a library's criteria and no risks yet, with the warnings.
pub fn register_from_library(
    tree: &Value,
    currency: &str,
    now: &str,
) -> Result<(crate::model::register::Register, Vec<String>), Vec<Problem>> {
    let (criteria, name, warnings) = read_library(tree)?;
    let register = crate::model::register::Register::new(
        super::super::import_id("ciso-assistant-matrix", &crate::io::digest::canonical_json(tree)),
        format!("{name} (from CISO Assistant)"),
        currency,
        criteria,
        now,
    );
    super::super::checked(register, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree as a YAML parser gives it for a CISO Assistant library like
    /// `risk-matrix-4x4-ebios-rm.yaml` (written here, after its shape).
    fn four_by_four() -> Value {
        let level = |id: u64, name: &str, colour: &str| serde_json::json!({"id": id, "abbreviation": id.to_string(), "name": name, "description": format!("{name}."), "hexcolor": colour});
        serde_json::json!({
            "urn": "urn:example:risk:library:four", "locale": "en", "ref_id": "four", "name": "Four", "version": 2,
            "objects": {"risk_matrix": [{
                "urn": "urn:example:risk:matrix:four", "ref_id": "four", "name": "Four by four",
                "probability": [level(1, "Likely", "#EEE6BC"), level(0, "Unlikely", "#FAF7E9"), level(2, "Very likely", "#DCCC77"), level(3, "Certain", "#C4AA00")],
                "impact": [level(0, "Minor", "#42C7C4"), level(1, "Significant", "#FBF082"), level(2, "Important", "#FFC586"), level(3, "Critical", "#EE7B86")],
                "risk": [level(0, "Low", "#59BBB2"), level(1, "Medium", "#F5C481"), level(2, "High", "#E6686D")],
                "grid": [[0, 0, 1, 1], [0, 0, 1, 2], [0, 1, 2, 2], [1, 1, 2, 2]]
            }]}
        })
    }

    #[test]
    fn a_library_reads_as_criteria_with_its_levels_in_id_order() {
        let (criteria, name, warnings) = read_library(&four_by_four()).unwrap();
        assert_eq!(name, "Four by four");
        let labels: Vec<&str> = criteria.likelihood.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["Unlikely", "Likely", "Very likely", "Certain"]);
        assert_eq!(criteria.level(1, 4).unwrap().name, "Medium");
        assert_eq!(criteria.level(2, 4).unwrap().name, "High");
        assert_eq!(criteria.level(4, 1).unwrap().colour, "#f5c481");
        assert!(!warnings.is_empty());
    }

    #[test]
    fn criteria_written_as_a_library_read_back_the_same_scales_levels_and_grid() {
        let demo = crate::io::document::load(crate::DEMO_REGISTER_JSON)
            .unwrap()
            .register
            .criteria;
        let (yaml, warnings) = write_library(&demo, "Meridian 5×5");
        assert!(
            yaml.starts_with("urn: \"urn:residual:risk:library:meridian-5-5\""),
            "{}",
            &yaml[..80]
        );
        assert!(warnings.iter().any(|w| w.contains("anchors")));
        // Read back by a YAML parser, as CISO Assistant's loader would read it.
        let tree: Value = serde_yaml::from_str(&yaml).unwrap();
        let (back, _, _) = read_library(&tree).unwrap();
        assert_eq!(
            back.likelihood.iter().map(|l| &l.label).collect::<Vec<_>>(),
            demo.likelihood.iter().map(|l| &l.label).collect::<Vec<_>>()
        );
        assert_eq!(
            back.impact.iter().map(|l| &l.description).collect::<Vec<_>>(),
            demo.impact.iter().map(|l| &l.description).collect::<Vec<_>>()
        );
        for l in 1..=5 {
            for i in 1..=5 {
                assert_eq!(
                    back.level(l, i).unwrap().name,
                    demo.level(l, i).unwrap().name,
                    "L{l}×I{i}"
                );
            }
        }
    }

    #[test]
    fn a_misshapen_library_is_refused_by_path() {
        let mut tree = four_by_four();
        tree["objects"]["risk_matrix"][0]["grid"][2] = serde_json::json!([0, 9, 1, 1]);
        tree["objects"]["risk_matrix"][0]["impact"][1]["name"] = Value::Null;
        let problems = read_library(&tree).unwrap_err();
        let said: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            said.iter()
                .any(|p| p.starts_with("$.objects.risk_matrix[0].impact[1].name")),
            "{said:?}"
        );
        assert!(read_library(&serde_json::json!({"objects": {}})).is_err());
        let mut two = four_by_four();
        two["objects"]["risk_matrix"][0]["probability"] =
            serde_json::json!([{"id": 0, "name": "Only"}, {"id": 1, "name": "Two"}]);
        two["objects"]["risk_matrix"][0]["grid"] = serde_json::json!([[0, 0, 1, 1], [0, 0, 1, 2]]);
        assert!(read_library(&two).is_err(), "Residual's scales have 3 to 7 levels");
    }

    /// The shape of CISO Assistant's critical-risk and health-sector matrices: levels
    /// with no id (CISO Assistant indexes them by position), `translations` blocks at
    /// every level, a grid of positions. Written here in that shape, not copied.
    const WITHOUT_IDS: &str = "urn: urn:example:risk:library:critical_3x3
locale: en
ref_id: critical_3x3
name: Critical 3x3
version: 2
translations:
  de:
    name: Kritisch 3x3
objects:
  risk_matrix:
    - urn: urn:example:risk:matrix:critical_3x3
      ref_id: critical_3x3
      name: critical 3x3
      translations:
        fr:
          name: Critique 3x3
      probability:
        - abbreviation: L
          name: Low
          description: Unfrequent event
          hexcolor: '#92D050'
          translations:
            de:
              name: Gering
        - abbreviation: M
          name: Medium
          hexcolor: '#FFFF00'
        - abbreviation: H
          name: High
          hexcolor: '#FF0000'
      impact:
        - name: Minor
        - name: Serious
        - name: Critical
      risk:
        - abbreviation: L
          name: Low
          hexcolor: '#92D050'
        - abbreviation: M
          name: Medium
          hexcolor: '#FFFF00'
        - abbreviation: H
          name: High
          hexcolor: '#FF0000'
      grid:
        - [0, 0, 1]
        - [0, 1, 2]
        - [1, 2, 2]
";

    #[test]
    fn levels_without_ids_are_read_by_position_and_translations_are_left_out_with_a_warning() {
        let tree = super::super::library_yaml::parse(WITHOUT_IDS).unwrap();
        let (criteria, name, warnings) = read_library(&tree).unwrap();
        assert_eq!(name, "critical 3x3");
        let labels = |scale: &[ScaleLevel]| scale.iter().map(|l| l.label.clone()).collect::<Vec<_>>();
        assert_eq!(labels(&criteria.likelihood), ["Low", "Medium", "High"]);
        assert_eq!(labels(&criteria.impact), ["Minor", "Serious", "Critical"]);
        let level_names: Vec<&str> = criteria.levels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(level_names, ["Low", "Medium", "High"]);
        // grid[probability][impact] by position: High likelihood × Critical impact is High.
        let top = criteria.level(3, 3).unwrap();
        assert_eq!((top.name.as_str(), top.colour.as_str()), ("High", "#ff0000"));
        assert_eq!(criteria.level(1, 1).unwrap().name, "Low");
        assert_eq!(criteria.level(2, 2).unwrap().name, "Medium");
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("levels without ids are read in the order listed"))
        );
        assert!(
            warnings.iter().any(|w| w.contains("other languages (de, fr)")),
            "{warnings:?}"
        );
    }

    #[test]
    fn ids_given_for_some_levels_only_are_refused_by_path() {
        let mut tree = super::super::library_yaml::parse(WITHOUT_IDS).unwrap();
        tree["objects"]["risk_matrix"][0]["impact"][1]["id"] = serde_json::json!(1);
        let problems = read_library(&tree).unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths[..2],
            [
                "$.objects.risk_matrix[0].impact[0].id",
                "$.objects.risk_matrix[0].impact[2].id"
            ]
        );
        assert!(problems[0].message.contains("give every level its id, or none"));
        // Ids that disagree with no position are refused too.
        let mut tree = super::super::library_yaml::parse(WITHOUT_IDS).unwrap();
        for (k, id) in [0, 1, 5].into_iter().enumerate() {
            tree["objects"]["risk_matrix"][0]["risk"][k]["id"] = serde_json::json!(id);
        }
        assert!(read_library(&tree).is_err());
    }

    #[test]
    fn a_library_becomes_the_criteria_of_a_register_through_the_remap() {
        use crate::assess::criteria_change::{apply_criteria, preview_criteria};
        let demo = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        // The register's own matrix, back from CISO Assistant: nothing moves, and what a
        // library cannot say (anchors, appetite, thresholds) stays.
        let (yaml, _) = write_library(&demo.criteria, "Meridian 5×5");
        let (same, warnings) = criteria_from_library(&demo.criteria, &yaml).unwrap();
        assert_eq!(same.version, demo.criteria.version);
        assert_eq!(same.loss_thresholds, demo.criteria.loss_thresholds);
        for (a, b) in same
            .likelihood
            .iter()
            .chain(&same.impact)
            .zip(demo.criteria.likelihood.iter().chain(&demo.criteria.impact))
        {
            assert_eq!((&a.label, a.anchor), (&b.label, b.anchor));
        }
        let accepted = |c: &RiskCriteria| {
            c.levels
                .iter()
                .map(|l| (l.name.clone(), l.accepted, l.review_interval_days))
                .collect::<Vec<_>>()
        };
        assert_eq!(accepted(&same), accepted(&demo.criteria));
        assert!(
            !warnings.iter().any(|w| w.starts_with("the matrix has no anchors")),
            "{warnings:?}"
        );
        let preview = preview_criteria(&demo, &same);
        assert!(!preview.is_empty());
        assert!(
            preview.iter().all(|p| !p.score_changed() && !p.level_changed()),
            "{preview:?}"
        );
        // CISO Assistant's critical 3×3, without ids: every scored risk moves to the
        // smaller scales by position, and nothing changes before it is applied.
        let (three, warnings) = criteria_from_library(&demo.criteria, WITHOUT_IDS).unwrap();
        assert_eq!((three.likelihood.len(), three.impact.len()), (3, 3));
        assert!(three.likelihood.iter().all(|l| l.anchor.is_none()));
        assert!(
            warnings.iter().any(|w| w.contains("goes from 5 to 3 levels")),
            "{warnings:?}"
        );
        let preview = preview_criteria(&demo, &three);
        assert!(preview.iter().any(|p| p.score_changed()));
        let mut register = demo.clone();
        apply_criteria(&mut register, three.clone());
        assert_eq!(register.criteria.version, demo.criteria.version + 1);
        for (risk, p) in register.risks.iter().filter(|r| r.assessment.is_some()).zip(&preview) {
            let a = risk.assessment.as_ref().unwrap();
            assert_eq!(
                (risk.id.as_str(), a.likelihood, &a.impact),
                (p.risk_id.as_str(), p.after.likelihood, &p.after.impact)
            );
            assert_eq!(a.criteria_version, register.criteria.version);
        }
        assert!(crate::io::validation::check(&register).is_empty());
        // Text that is no library changes nothing and says why.
        let problems = criteria_from_library(&demo.criteria, "objects: {}").unwrap_err();
        assert_eq!(problems[0].path, "$.objects");
        let problems = criteria_from_library(&demo.criteria, crate::DEMO_REGISTER_JSON).unwrap_err();
        assert_eq!(problems[0].path, "$.objects");
        // The same library as JSON reads as its YAML does.
        let json = serde_json::to_string(&super::super::library_yaml::parse(WITHOUT_IDS).unwrap()).unwrap();
        assert_eq!(criteria_from_library(&demo.criteria, &json).unwrap().0, three);
    }
}

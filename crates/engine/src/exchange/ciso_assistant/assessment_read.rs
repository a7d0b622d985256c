//! Reading CISO Assistant's risk-assessment CSV: the file its `risk_assessment_csv`
//! export writes, and the columns its import wizard takes (`*_probability` for
//! `*_proba`, `existing_controls`, `applied_controls`, `asset`, `justification`, and the
//! scenario table's `owners`, `vulnerabilities` and `qualifications`). The separator is
//! found as CISO Assistant finds it, among `;`, `,`, tab and `|`.
//!
//! Levels are matched by name, ignoring case, to the matrix the assessment used (the
//! caller's criteria, or the default 5×5). Current and residual scores are not stored
//! in Residual, which derives them from the controls: where they differ from the
//! inherent, a warning says so.

use std::collections::BTreeMap;

use super::columns::{Column, DROPPED, column, items, separator, short, text_of, unguarded};
use super::scenario_parts::{Builder, control_items, level};

use super::super::{OWNER, checked, imported_register};
use crate::io::csv::{BOM, parse_with};
use crate::model::control::ControlStatus;
use crate::model::criteria::RiskCriteria;
use crate::model::problem::Problem;
use crate::model::register::Register;
use crate::model::risk::{Assessment, Impact, Risk, RiskStatus};
use crate::model::security_property::Cia;
use crate::model::treatment::{Treatment, TreatmentOption};

/// A register from CISO Assistant's risk-assessment CSV, scored on `criteria` (the
/// default 5×5 when `None`), with warnings on what was dropped, supplied or differs.
/// Every problem names its row and column; nothing partial is returned.
pub fn read(
    text: &str,
    criteria: Option<RiskCriteria>,
    currency: &str,
    now: &str,
) -> Result<(Register, Vec<String>), Vec<Problem>> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let rows = parse_with(text, separator(text)).map_err(|why| vec![Problem::new("$", why)])?;
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    let Some((header, body)) = rows.split_first() else {
        return Err(vec![Problem::new(
            "$",
            "the file is empty: CISO Assistant's CSV starts with a header row",
        )]);
    };
    let (mut problems, mut warnings) = (Vec::new(), Vec::new());
    let mut columns: BTreeMap<Column, usize> = BTreeMap::new();
    let (mut dropped, mut unknown) = (Vec::new(), Vec::new());
    for (k, name) in header.iter().enumerate() {
        let name = name.trim().to_lowercase();
        match column(&name) {
            Some(c) => {
                let earlier = columns.insert(c, k);
                problems.extend(earlier.map(|_| {
                    Problem::new(
                        format!("row 1 column {}", k + 1),
                        format!("\"{}\" repeats an earlier column", short(&name)),
                    )
                }));
            }
            None if DROPPED.contains(&name.as_str()) => dropped.push(name),
            None if !name.is_empty() => unknown.push(name),
            None => {}
        }
    }
    if !columns.contains_key(&Column::Name) {
        problems.push(Problem::new(
            "row 1",
            "has no \"name\" column: this is not a CISO Assistant risk-assessment CSV (its header starts ref_id;assets;threats;name)",
        ));
        return Err(problems);
    }
    if !dropped.is_empty() {
        warnings.push(format!(
            "Residual has no place for CISO Assistant's {}: left out",
            dropped.join(", ")
        ));
    }
    if !unknown.is_empty() {
        warnings.push(format!(
            "columns CISO Assistant does not write were left out: {}",
            unknown.join(", ")
        ));
    }
    let criteria = criteria.unwrap_or_else(|| imported_register(String::new(), String::new(), currency, now).criteria);
    let mut builder = Builder {
        assets: Vec::new(),
        controls: Vec::new(),
        control_ids: BTreeMap::new(),
        status_conflicts: Vec::new(),
    };
    let (mut risks, mut treatments) = (Vec::new(), Vec::new());
    let (mut differing, mut recomputed, mut transfers, mut open_with_controls) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut current_as_inherent = false;
    for (n, row) in body.iter().enumerate() {
        let line = n + 2;
        let get = |c: Column| {
            columns
                .get(&c)
                .and_then(|k| row.get(*k))
                .map_or("", |s| unguarded(s.trim()))
        };
        let at = |c: Column| format!("row {line} column {}", header[columns[&c]].trim());
        let title = get(Column::Name).to_string();
        if title.is_empty() {
            problems.push(Problem::new(
                at(Column::Name),
                "is empty: every risk scenario needs a name",
            ));
            continue;
        }
        let mut scores = [None; 3];
        for (k, score) in scores.iter_mut().enumerate() {
            let proba = level(&criteria.likelihood, get(Column::Proba(k)));
            let impact = level(&criteria.impact, get(Column::Impact(k)));
            match (proba, impact) {
                (Ok(Some(l)), Ok(Some(i))) => *score = Some((l, i)),
                (Ok(_), Ok(_)) => {}
                (p, i) => {
                    if let Err(why) = p {
                        problems.push(Problem::new(at(Column::Proba(k)), why));
                    }
                    if let Err(why) = i {
                        problems.push(Problem::new(at(Column::Impact(k)), why));
                    }
                }
            }
            if let (Some((l, i)), Some(&col)) = (*score, columns.get(&Column::Level(k))) {
                let given = unguarded(row.get(col).map_or("", |s| s.trim()));
                let derived = criteria.level(l, i).map(|v| v.name.as_str()).unwrap_or("--");
                if !given.is_empty() && given != "--" && !given.eq_ignore_ascii_case(derived) {
                    recomputed.push(format!("row {line}: {given} → {derived}"));
                }
            }
        }
        let base = match get(Column::RefId) {
            "" => format!("CA-{:03}", n + 1),
            given => given.to_string(),
        };
        let mut id = base.clone();
        let mut k = 2;
        while risks.iter().any(|r: &Risk| r.id == id) {
            id = format!("{base}-{k}");
            k += 1;
        }
        if id != base {
            warnings.push(format!(
                "row {line}: the ref_id {} repeats an earlier row's: this risk is {}",
                short(&base),
                short(&id)
            ));
        }
        let mut risk = Risk::blank(id.clone());
        risk.title = title;
        risk.description = get(Column::Description).to_string();
        risk.threat = text_of(get(Column::Threats));
        risk.vulnerability = text_of(get(Column::Vulnerabilities));
        risk.owner = match text_of(get(Column::Owners)) {
            owners if owners.is_empty() => OWNER.into(),
            owners => owners,
        };
        let qualifications = get(Column::Qualifications).to_lowercase();
        if ["confidentiality", "integrity", "availability"]
            .iter()
            .any(|p| qualifications.contains(p))
        {
            risk.affects = Cia {
                confidentiality: qualifications.contains("confidentiality"),
                integrity: qualifications.contains("integrity"),
                availability: qualifications.contains("availability"),
            };
        }
        risk.assets = items(get(Column::Assets)).iter().map(|a| builder.asset(a)).collect();
        let inherent = scores[0].or_else(|| {
            current_as_inherent |= scores[1].is_some();
            scores[1]
        });
        risk.assessment = inherent.map(|(l, i)| Assessment {
            likelihood: l,
            impact: Impact::Overall(i),
            criteria_version: criteria.version,
        });
        let stated: Vec<String> = [(1, "current"), (2, "residual")]
            .into_iter()
            .filter_map(|(k, stage)| {
                let (l, i) = scores[k]?;
                (Some((l, i)) != inherent).then(|| {
                    format!(
                        "{stage} {} × {}",
                        criteria.likelihood[usize::from(l) - 1].label,
                        criteria.impact[usize::from(i) - 1].label
                    )
                })
            })
            .collect();
        if !stated.is_empty() {
            differing.push(format!("{id} ({})", stated.join(", ")));
        }
        let mut controls: Vec<String> = control_items(get(Column::Existing))
            .iter()
            .map(|c| builder.control(c, ControlStatus::Implemented))
            .collect();
        for c in control_items(get(Column::Additional)) {
            let id = builder.control(&c, ControlStatus::Planned);
            if !controls.contains(&id) {
                controls.push(id);
            }
        }
        let justification = get(Column::Justification).to_string();
        let option = match get(Column::Treatment).to_lowercase().as_str() {
            "mitigate" => Some(TreatmentOption::Modify),
            "accept" => Some(TreatmentOption::Retain),
            "avoid" => Some(TreatmentOption::Avoid),
            "cancelled" => {
                risk.status = RiskStatus::Closed;
                None
            }
            "transfer" => {
                transfers.push(id.clone());
                risk.notes = "CISO Assistant's treatment: transfer (its terms are not in the file).".into();
                None
            }
            "open" | "" => None,
            other => {
                warnings.push(format!("row {line}: the treatment \"{}\" is not one of open, mitigate, accept, avoid, transfer: taken as open", short(other)));
                None
            }
        };
        if risk.status != RiskStatus::Closed {
            risk.status = match (option, risk.assessment.is_some()) {
                (Some(_), _) => RiskStatus::Treated,
                (None, true) => RiskStatus::Analysed,
                (None, false) => RiskStatus::Identified,
            };
        }
        if option.is_some() || !controls.is_empty() {
            let mut treatment = Treatment::new(&id);
            treatment.option = option.unwrap_or(TreatmentOption::Modify);
            if option.is_none() {
                open_with_controls.push(id.clone());
            }
            treatment.rationale = match (option, justification.is_empty()) {
                (Some(TreatmentOption::Avoid), true) => {
                    "Avoided in CISO Assistant (no justification given there).".into()
                }
                _ => justification,
            };
            treatment.controls = controls;
            treatments.push(treatment);
        } else if !justification.is_empty() {
            risk.notes = format!(
                "{}Justification in CISO Assistant: {justification}",
                if risk.notes.is_empty() { "" } else { " " }
            );
        }
        risks.push(risk);
    }
    if body.is_empty() {
        problems.push(Problem::new("$", "the file has a header but no risk scenario"));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut register = imported_register(
        super::super::import_id("ciso-assistant", text),
        "Imported from CISO Assistant".into(),
        currency,
        now,
    );
    register.criteria = criteria;
    register.risks = risks;
    register.assets = builder.assets;
    register.controls = builder.controls;
    register.treatments = treatments;
    if !columns.contains_key(&Column::Owners) {
        warnings.push(format!(
            "CISO Assistant's assessment CSV has no owners: every risk's owner is \"{OWNER}\""
        ));
    }
    let anchored = register
        .criteria
        .likelihood
        .iter()
        .chain(&register.criteria.impact)
        .all(|l| l.anchor.is_some());
    warnings.push(if anchored {
        format!("the file has no amounts: risks are simulated from the criteria's anchors until they get a FAIR model, in {currency}")
    } else {
        "the file has no amounts, and the matrix has no anchors: no risk can be simulated until its levels get anchors (in Criteria) or the risks get FAIR models".to_string()
    });
    if current_as_inherent {
        warnings.push("some rows have no inherent score: their current score is taken as the inherent".into());
    }
    if !differing.is_empty() {
        warnings.push(format!(
            "the file's current and residual scores are not kept: Residual derives them from the controls' effects, which the CSV does not give, so they equal the inherent until you set the effects. The file said: {}",
            differing.join("; ")
        ));
    }
    if !recomputed.is_empty() {
        warnings.push(format!(
            "risk levels are recomputed from the matrix, and some differ from the file's: {}",
            recomputed.join("; ")
        ));
    }
    if !register.assets.is_empty() {
        warnings
            .push("assets are created by name with the type \"information\": the CSV does not give their type".into());
    }
    if !register.controls.is_empty() {
        warnings.push("controls are linked with no effect: set each one's effect in Treatment".into());
    }
    builder.status_conflicts.sort();
    builder.status_conflicts.dedup();
    if !builder.status_conflicts.is_empty() {
        warnings.push(format!(
            "controls listed as existing for one risk and additional for another are taken as implemented: {}",
            builder.status_conflicts.join(", ")
        ));
    }
    if !transfers.is_empty() {
        warnings.push(format!(
            "a transfer needs its terms (deductible, share, cap), which CISO Assistant does not keep: left untreated, with a note: {}",
            transfers.join(", ")
        ));
    }
    if !open_with_controls.is_empty() {
        warnings.push(format!(
            "open risks with controls get a \"modify\" treatment to link them (their status stays analysed): {}",
            open_with_controls.join(", ")
        ));
    }
    checked(register, warnings)
}

#[cfg(test)]
#[path = "assessment_read_tests.rs"]
mod tests;

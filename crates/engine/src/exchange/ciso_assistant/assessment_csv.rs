//! CISO Assistant's risk-assessment CSV (`risk_assessment_csv`): `;`-separated, UTF-8
//! with a byte-order mark, one row per risk scenario, levels given by the matrix's names,
//! `--` when unrated. This side writes it; `assessment_read` reads it back.

use crate::assess::risk_state::RiskState;
use crate::io::csv::{BOM, line_with};
use crate::model::control::ControlStatus;
use crate::model::register::Register;
use crate::model::treatment::TreatmentOption;

/// The columns, with the optional inherent ones (CISO Assistant's `inherent_risk` flag).
pub const COLUMNS: [&str; 18] = [
    "ref_id",
    "assets",
    "threats",
    "name",
    "description",
    "inherent_impact",
    "inherent_proba",
    "inherent_level",
    "existing_applied_controls",
    "current_impact",
    "current_proba",
    "current_risk",
    "additional_controls",
    "residual_impact",
    "residual_proba",
    "residual_risk",
    "treatment",
    "strength_of_knowledge",
];

/// The treatment as CISO Assistant names it.
fn treatment_name(option: Option<TreatmentOption>) -> &'static str {
    match option {
        Some(TreatmentOption::Modify) => "mitigate",
        Some(TreatmentOption::Retain) => "accept",
        Some(TreatmentOption::Avoid) => "avoid",
        Some(TreatmentOption::Share) => "transfer",
        None => "open",
    }
}

/// The register as CISO Assistant's risk-assessment CSV, with a warning for each thing
/// it cannot hold. Lists (assets, controls) are joined with `|`, which its import splits
/// on and which no comma in a name can be mistaken for.
pub fn write(register: &Register) -> (String, Vec<String>) {
    let mut out = String::from(BOM);
    out.push_str(&line_with(&COLUMNS, ';'));
    let states: Vec<Vec<Option<(u8, u8)>>> = RiskState::ALL
        .iter()
        .map(|s| crate::treat::state_levels::all_state_scores(register, *s))
        .collect();
    let c = &register.criteria;
    let label = |scale: &[crate::model::criteria::ScaleLevel], n: u8| {
        scale
            .get(usize::from(n).saturating_sub(1))
            .map_or("--".to_string(), |l| l.label.clone())
    };
    for (n, risk) in register.risks.iter().enumerate() {
        let assets: Vec<String> = risk
            .assets
            .iter()
            .map(|id| {
                register
                    .assets
                    .iter()
                    .find(|a| &a.id == id)
                    .map_or(id.clone(), |a| a.name.clone())
            })
            .collect();
        let treatment = register.treatments.iter().find(|t| t.risk == risk.id);
        let controls = |implemented: bool| -> String {
            treatment
                .map(|t| {
                    t.controls
                        .iter()
                        .filter_map(|id| register.controls.iter().find(|c| &c.id == id))
                        .filter(|c| (c.status == ControlStatus::Implemented) == implemented)
                        .filter(|c| c.status.in_plan())
                        .map(|c| format!("{} {}", c.id, c.title))
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .unwrap_or_default()
        };
        let mut row = vec![
            risk.id.clone(),
            assets.join("|"),
            risk.threat.clone(),
            risk.title.clone(),
            risk.description.clone(),
        ];
        for (k, scores) in states.iter().enumerate() {
            let (impact, proba, level) = match scores[n] {
                Some((l, i)) => (
                    label(&c.impact, i),
                    label(&c.likelihood, l),
                    c.level(l, i).map_or("--".to_string(), |v| v.name.clone()),
                ),
                None => ("--".into(), "--".into(), "--".into()),
            };
            if k == 1 {
                row.push(controls(true));
            }
            if k == 2 {
                row.push(controls(false));
            }
            row.extend([impact, proba, level]);
        }
        row.push(treatment_name(treatment.map(|t| t.option)).into());
        row.push(String::new());
        out.push_str(&line_with(&row, ';'));
    }
    let warnings = vec![
        "CISO Assistant's assessment CSV keeps no owners, FAIR models, anchors, review dates, costs, control effects, acceptances or the SoA: they are left out".into(),
        "a risk impact scored per security property is written as its highest".into(),
        "a shared risk (\"transfer\") loses its transfer terms".into(),
    ];
    (out, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::csv::parse_with;

    #[test]
    fn the_demo_reads_back_as_the_columns_and_names_ciso_assistant_uses() {
        let register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let (text, warnings) = write(&register);
        assert!(text.starts_with(BOM) && text.contains("\r\n"));
        assert!(!warnings.is_empty());
        let rows = parse_with(&text, ';').unwrap();
        assert_eq!(rows[0], COLUMNS.map(String::from).to_vec());
        assert_eq!(rows.len(), register.risks.len() + 1);
        let col = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
        let levels: Vec<&str> = register.criteria.levels.iter().map(|l| l.name.as_str()).collect();
        for (row, risk) in rows[1..].iter().zip(&register.risks) {
            assert_eq!(row.len(), COLUMNS.len());
            assert_eq!(row[col("ref_id")], risk.id);
            assert_eq!(row[col("name")], risk.title);
            assert!(["mitigate", "accept", "avoid", "transfer", "open"].contains(&row[col("treatment")].as_str()));
            for level in ["inherent_level", "current_risk", "residual_risk"] {
                assert!(
                    row[col(level)] == "--" || levels.contains(&row[col(level)].as_str()),
                    "{}",
                    row[col(level)]
                );
            }
            let impact = &row[col("inherent_impact")];
            assert!(impact == "--" || register.criteria.impact.iter().any(|l| &l.label == impact));
        }
        // R-001 is treated with 8.13 (implemented) and 8.22, 8.16 (planned).
        let r1 = &rows[1];
        assert_eq!(r1[col("existing_applied_controls")], "8.13 Information backup");
        assert!(r1[col("additional_controls")].contains("8.22 ") && r1[col("additional_controls")].contains('|'));
    }
}

//! The register and the treatment plan as CSV tables for spreadsheets and other tools:
//! one row per risk with its scores and levels in the three states, its treatment and,
//! when a simulation has run, its figures; one row per control of the plan.

use crate::assess::risk_state::RiskState;
use crate::io::csv::{BOM, line, number};
use crate::model::register::{Register, slug};
use crate::quant::simulation::SimulationResult;
use crate::treat::treatment_plan::plan;

/// The register, one row per risk. `simulated` (the analysis of this register) adds the
/// mean, P90, P99 and P(annual loss > each threshold) of each risk; `bom` starts the file
/// with the byte-order mark Excel needs to read UTF-8.
pub fn register_csv(register: &Register, simulated: Option<&SimulationResult>, bom: bool) -> String {
    let mut out = String::from(if bom { BOM } else { "" });
    let mut header: Vec<String> = [
        "id",
        "title",
        "owner",
        "status",
        "confidentiality",
        "integrity",
        "availability",
        "assets",
    ]
    .map(String::from)
    .to_vec();
    for state in RiskState::ALL {
        for part in ["likelihood", "impact", "level"] {
            header.push(format!("{}_{part}", state.as_str()));
        }
    }
    header.extend(["treatment", "controls"].map(String::from));
    if simulated.is_some() {
        header.extend(["mean", "p90", "p99"].map(String::from));
        for t in &register.criteria.loss_thresholds {
            header.push(format!("p_loss_above_{}", slug(&t.name).replace('-', "_")));
        }
    }
    out.push_str(&line(&header));
    let states: Vec<Vec<Option<(u8, u8)>>> = RiskState::ALL
        .iter()
        .map(|s| crate::treat::state_levels::all_state_scores(register, *s))
        .collect();
    let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
    for (n, risk) in register.risks.iter().enumerate() {
        let mut row = vec![
            risk.id.clone(),
            risk.title.clone(),
            risk.owner.clone(),
            risk.status.as_str().to_string(),
            yes(risk.affects.confidentiality),
            yes(risk.affects.integrity),
            yes(risk.affects.availability),
            risk.assets.join(" "),
        ];
        for scores in &states {
            match scores[n] {
                Some((l, i)) => {
                    let level = register
                        .criteria
                        .level(l, i)
                        .map(|v| v.name.clone())
                        .unwrap_or_default();
                    row.extend([l.to_string(), i.to_string(), level]);
                }
                None => row.extend([String::new(), String::new(), String::new()]),
            }
        }
        let treatment = register.treatments.iter().find(|t| t.risk == risk.id);
        row.push(treatment.map(|t| t.option.as_str().to_string()).unwrap_or_default());
        row.push(treatment.map(|t| t.controls.join(" ")).unwrap_or_default());
        if let Some(result) = simulated {
            match result.risks.iter().find(|r| r.id == risk.id) {
                Some(r) => {
                    row.extend([number(r.summary.mean), number(r.summary.p90), number(r.summary.p99)]);
                    row.extend(r.summary.exceedance.iter().map(|p| number(*p)));
                }
                None => row.extend(std::iter::repeat_n(
                    String::new(),
                    3 + register.criteria.loss_thresholds.len(),
                )),
            }
        }
        out.push_str(&line(&row));
    }
    out
}

/// The treatment plan, one row per control in it, by owner (as [`plan`] orders them);
/// `today` (`YYYY-MM-DD`) decides what is overdue.
pub fn plan_csv(register: &Register, today: &str, bom: bool) -> String {
    let mut out = String::from(if bom { BOM } else { "" });
    out.push_str(&line(&[
        "owner",
        "control",
        "title",
        "status",
        "due_date",
        "overdue",
        "one_off_cost",
        "annual_cost",
        "annualised_cost",
        "risks",
    ]));
    for owner in plan(register, today) {
        for item in &owner.items {
            out.push_str(&line(&[
                owner.owner.clone(),
                item.id.clone(),
                item.title.clone(),
                item.status.as_str().to_string(),
                item.due_date.clone().unwrap_or_default(),
                if item.overdue { "yes" } else { "no" }.to_string(),
                number(item.one_off_cost),
                number(item.annual_cost),
                number(item.annualised_cost),
                item.risks.join(" "),
            ]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::document::load;

    /// Splits a CSV text into rows of cells (RFC 4180, an independent reader).
    fn rows(text: &str) -> Vec<Vec<String>> {
        let text = text.strip_prefix(BOM).unwrap_or(text);
        let (mut all, mut row, mut cur, mut quoted, mut chars) =
            (Vec::new(), Vec::new(), String::new(), false, text.chars().peekable());
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => row.push(std::mem::take(&mut cur)),
                ('\r', false) if chars.peek() == Some(&'\n') => {
                    chars.next();
                    row.push(std::mem::take(&mut cur));
                    all.push(std::mem::take(&mut row));
                }
                (c, _) => cur.push(c),
            }
        }
        all
    }

    #[test]
    fn a_row_per_risk_with_its_three_states_and_figures() {
        let register = load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let settings = crate::model::settings::SimulationSettings {
            trials: 2_000,
            ..register.simulation
        };
        let result = crate::quant::simulation::simulate(&register, Some(settings)).unwrap();
        let text = register_csv(&register, Some(&result), true);
        assert!(text.starts_with(BOM));
        let table = rows(&text);
        assert_eq!(table.len(), register.risks.len() + 1);
        let header = &table[0];
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("no column {name}"))
        };
        assert_eq!(header.last().unwrap(), "p_loss_above_tolerance");
        for (row, risk) in table[1..].iter().zip(&register.risks) {
            assert_eq!(row.len(), header.len());
            assert_eq!(row[col("id")], risk.id);
            assert_eq!(row[col("title")], risk.title, "titles read back whole, commas and all");
            let figures = result.risks.iter().find(|r| r.id == risk.id).unwrap();
            assert_eq!(row[col("mean")].parse::<f64>().unwrap(), figures.summary.mean);
            let inherent = crate::assess::risk_state::scores(&register, risk, RiskState::Inherent);
            assert_eq!(
                row[col("inherent_likelihood")],
                inherent.map(|s| s.0.to_string()).unwrap_or_default()
            );
            let residual = crate::treat::state_levels::state_score(&register, risk, RiskState::Residual).scores;
            let level = residual
                .and_then(|(l, i)| register.criteria.level(l, i))
                .map(|v| v.name.clone());
            assert_eq!(row[col("residual_level")], level.unwrap_or_default());
        }
        // Without a simulation, no figure columns.
        let plain = rows(&register_csv(&register, None, false));
        assert!(!plain[0].contains(&"mean".to_string()));
    }

    #[test]
    fn a_row_per_planned_control_with_costs() {
        let register = load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let table = rows(&plan_csv(&register, "2027-02-01", false));
        let planned: usize = plan(&register, "2027-02-01").iter().map(|o| o.items.len()).sum();
        assert_eq!(table.len(), planned + 1);
        let total: f64 = table[1..].iter().map(|r| r[7].parse::<f64>().unwrap()).sum();
        let expected: f64 = plan(&register, "2027-02-01").iter().map(|o| o.annual_cost).sum();
        assert!((total - expected).abs() < 1e-6);
    }
}

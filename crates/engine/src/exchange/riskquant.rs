//! riskquant's CSV (Netflix-Skunkworks/riskquant): five columns and no header, one
//! scenario a row: identifier, name, annual frequency λ of a Poisson process (the
//! column its README calls "Probability"), and the 5th and 95th percentiles of a
//! lognormal loss per event.

use super::{OWNER, checked, imported_register, supplied};
use crate::io::csv::{line, number, parse};
use crate::model::distribution::{Bounds, Distribution};
use crate::model::fair_model::{EventModel, FairModel};
use crate::model::problem::Problem;
use crate::model::register::Register;
use crate::model::risk::Risk;
use crate::quant::simulation::{ModelSource, RiskModel};

/// A register from riskquant's CSV, with warnings on what had to be supplied. Every
/// problem is named by its row and column; nothing partial is returned.
pub fn read(text: &str, currency: &str, now: &str) -> Result<(Register, Vec<String>), Vec<Problem>> {
    let rows = parse(text).map_err(|why| vec![Problem::new("$", why)])?;
    if rows.is_empty() {
        return Err(vec![Problem::new(
            "$",
            "the file holds no scenario (riskquant rows are: identifier, name, annual frequency, low loss, high loss)",
        )]);
    }
    let mut problems = Vec::new();
    let mut risks: Vec<Risk> = Vec::new();
    for (n, row) in rows.iter().enumerate() {
        let at = |column: usize| format!("row {} column {}", n + 1, column);
        if row.len() != 5 {
            problems.push(Problem::new(
                format!("row {}", n + 1),
                format!(
                    "has {} fields; riskquant rows have 5: identifier, name, annual frequency, low loss, high loss",
                    row.len()
                ),
            ));
            continue;
        }
        let value = |column: usize, problems: &mut Vec<Problem>| -> Option<f64> {
            match row[column - 1].trim().parse::<f64>() {
                Ok(x) if x.is_finite() => Some(x),
                _ => {
                    problems.push(Problem::new(
                        at(column),
                        format!("\"{}\" is not a number", row[column - 1]),
                    ));
                    None
                }
            }
        };
        let (Some(lambda), Some(low), Some(high)) = (
            value(3, &mut problems),
            value(4, &mut problems),
            value(5, &mut problems),
        ) else {
            continue;
        };
        if lambda < 0.0 {
            problems.push(Problem::new(at(3), "the annual frequency must be 0 or more"));
            continue;
        }
        if !(low > 0.0 && high > low) {
            problems.push(Problem::new(
                at(4),
                "the low loss must be above 0 and below the high loss",
            ));
            continue;
        }
        // Identifiers need not be unique in riskquant; they must be here.
        let base = if row[0].trim().is_empty() {
            format!("RQ-{:03}", n + 1)
        } else {
            row[0].trim().to_string()
        };
        let mut id = base.clone();
        let mut k = 2;
        while risks.iter().any(|r| r.id == id) {
            id = format!("{base}-{k}");
            k += 1;
        }
        let mut risk = Risk::blank(id);
        risk.title = row[1].trim().to_string();
        risk.owner = OWNER.into();
        risk.fair = Some(FairModel {
            event_model: EventModel::Poisson,
            loss_event_frequency: Some(Distribution::Constant { value: lambda }),
            loss_magnitude: Some(Distribution::Lognormal { low, high }),
            ..FairModel::default()
        });
        risks.push(risk);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut register = imported_register(
        super::import_id("riskquant", text),
        "Imported from riskquant".into(),
        currency,
        now,
    );
    register.risks = risks;
    let mut warnings = supplied("riskquant", currency);
    warnings.push("riskquant has no qualitative scores: the risks are unscored, with the default 5×5 criteria".into());
    checked(register, warnings)
}

/// riskquant's CSV of a register, one row per risk that can be simulated, with a warning
/// for each thing the format cannot say: anything but a Poisson frequency with a constant
/// rate and a lognormal loss per event is approximated (the mean rate, and a lognormal
/// through the loss's 5th and 95th percentiles).
pub fn write(register: &Register) -> (String, Vec<String>) {
    let (mut out, mut warnings) = (String::new(), Vec::new());
    for risk in &register.risks {
        let (model, anchored) = match &risk.fair {
            Some(model) => (Some(model.clone()), false),
            None => (
                crate::assess::qualitative_bridge::anchored_model(risk, &register.criteria).ok(),
                true,
            ),
        };
        let Some(model) = model else {
            warnings.push(format!("{}: left out (no FAIR model and no score)", risk.id));
            continue;
        };
        let Ok(simulated) = RiskModel::new(&risk.id, &model, ModelSource::Fair, "$") else {
            warnings.push(format!("{}: left out (its FAIR model is incomplete)", risk.id));
            continue;
        };
        let lambda = simulated.frequency.mean();
        let exact_frequency = model.event_model == EventModel::Poisson
            && matches!(model.loss_event_frequency, Some(Distribution::Constant { .. }));
        let (low, high, exact_loss) = match &model.loss_magnitude {
            Some(Distribution::Lognormal { low, high }) => (*low, *high, true),
            Some(other) => {
                let shape = other.shape(Bounds::NON_NEGATIVE);
                (shape.quantile(0.05), shape.quantile(0.95), false)
            }
            None => {
                // Primary plus secondary: the primary loss's spread, scaled to the mean loss.
                let primary = model.primary_loss.as_ref().map(|p| p.shape(Bounds::NON_NEGATIVE));
                match primary {
                    Some(shape) if shape.mean() > 0.0 => {
                        let scale = simulated.magnitude.mean() / shape.mean();
                        (shape.quantile(0.05) * scale, shape.quantile(0.95) * scale, false)
                    }
                    _ => {
                        warnings.push(format!("{}: left out (no loss magnitude to write)", risk.id));
                        continue;
                    }
                }
            }
        };
        let (low, high) = (low.max(0.01), high.max(low.max(0.01) * 1.0001));
        // riskquant reads finite numbers only: a risk whose figures are not is left out,
        // never written as `inf` for its reader to refuse.
        if ![lambda, low, high].iter().all(|x| x.is_finite()) {
            warnings.push(format!("{}: left out (its figures are not finite numbers)", risk.id));
            continue;
        }
        if anchored {
            warnings.push(format!("{}: from its score's anchors (it has no FAIR model)", risk.id));
        }
        if !exact_frequency {
            warnings.push(format!(
                "{}: the loss event frequency is written as its mean, {} a year",
                risk.id,
                number(lambda)
            ));
        }
        if !exact_loss {
            warnings.push(format!(
                "{}: the loss per event is written as a lognormal through its 5th and 95th percentiles",
                risk.id
            ));
        }
        out.push_str(&line(&[
            risk.id.clone(),
            risk.title.clone(),
            number(lambda),
            number(low),
            number(high),
        ]));
    }
    warnings
        .push("riskquant keeps no owners, statuses, scores, assets, controls or treatments: they are left out".into());
    (out, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of riskquant's README, as its `csv_to_simpleloss` reads it.
    const README: &str = "R-001,\"Ransomware encrypts warehouse systems\",0.8,150000,2500000\r\nR-002,\"Customer data exposed via portal API\",0.3,100000,4000000\r\n";

    #[test]
    fn the_readme_example_reads_and_writes_back_the_same_rows() {
        let (register, warnings) = read(README, "USD", "2026-11-29T00:00:00Z").unwrap();
        assert_eq!(register.risks.len(), 2);
        assert_eq!(register.currency, "USD");
        assert!(warnings.iter().any(|w| w.contains("owners")));
        let fair = register.risks[0].fair.as_ref().unwrap();
        assert_eq!(fair.loss_event_frequency, Some(Distribution::Constant { value: 0.8 }));
        assert_eq!(
            fair.loss_magnitude,
            Some(Distribution::Lognormal {
                low: 150_000.0,
                high: 2_500_000.0
            })
        );
        // riskquant's annualized loss is λ × E[LM]; so is the model's analytic mean.
        let model = RiskModel::new("R-001", fair, ModelSource::Fair, "$").unwrap();
        let (mu, sigma) = (
            (150_000f64.ln() + 2_500_000f64.ln()) / 2.0,
            (2_500_000f64.ln() - 150_000f64.ln()) / (2.0 * 1.644_853_626_951_472_2),
        );
        let expected = 0.8 * (mu + sigma * sigma / 2.0).exp();
        assert!(
            (model.analytic_mean() / expected - 1.0).abs() < 1e-9,
            "{} vs {expected}",
            model.analytic_mean()
        );
        let (text, _) = write(&register);
        assert_eq!(
            parse(&text).unwrap(),
            parse(README).unwrap(),
            "a round trip gives the same rows"
        );
    }

    #[test]
    fn bad_rows_are_named_and_nothing_is_read() {
        let text = "a,b,0.5,10,100\nc,d,x,10,100\ne,f,0.1,100,10\ng,h,1\n";
        let problems = read(text, "USD", "2026-11-29T00:00:00Z").unwrap_err();
        let at: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(at, ["row 2 column 3", "row 3 column 4", "row 4"]);
        // Duplicate identifiers are kept apart.
        let (register, _) = read("X,one,1,10,100\nX,two,1,10,100\n", "EUR", "2026-11-29T00:00:00Z").unwrap();
        assert_eq!(register.risks[1].id, "X-2");
    }

    #[test]
    fn an_export_approximates_what_riskquant_cannot_say_and_says_so() {
        let register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let (text, warnings) = write(&register);
        let rows = parse(&text).unwrap();
        assert_eq!(rows.len(), register.risks.len(), "every demo risk can be written");
        for row in &rows {
            let (lambda, low, high): (f64, f64, f64) = (
                row[2].parse().unwrap(),
                row[3].parse().unwrap(),
                row[4].parse().unwrap(),
            );
            assert!(lambda >= 0.0 && low > 0.0 && high > low, "{row:?}");
        }
        assert!(warnings.iter().any(|w| w.contains("percentiles")));
        assert!(warnings.iter().any(|w| w.contains("anchors")));
        // What it writes reads back into a valid register.
        assert!(read(&text, "EUR", "2026-11-29T00:00:00Z").is_ok());
    }
}

//! Which tool a file comes from, and its import preview: the app takes any of the
//! formats the converters read, and shows the same preview as for a Residual register,
//! with the converter's warnings as its notes.

use crate::io::csv::BOM;
use crate::io::import::{Preview, precheck, too_large};
use crate::io::library::Library;
use crate::model::criteria::RiskCriteria;
use crate::model::problem::Problem;

/// The formats an import takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Residual's register JSON.
    Residual,
    /// A pyfair `FairModel` or `FairMetaModel` JSON.
    Pyfair,
    /// riskquant's five-column CSV.
    Riskquant,
    /// CISO Assistant's risk-assessment CSV.
    CisoAssistant,
    /// CISO Assistant's quantitative hypotheses (JSON).
    CisoAssistantCrq,
    /// A CISO Assistant risk-matrix library (YAML): a register with its criteria.
    CisoAssistantMatrix,
}

impl Format {
    /// The format as the user knows it.
    pub fn label(self) -> &'static str {
        match self {
            Format::Residual => "a Residual register",
            Format::Pyfair => "a pyfair model (JSON)",
            Format::Riskquant => "a riskquant CSV",
            Format::CisoAssistant => "a CISO Assistant risk-assessment CSV",
            Format::CisoAssistantMatrix => "a CISO Assistant risk-matrix library (YAML)",
            Format::CisoAssistantCrq => "CISO Assistant quantitative hypotheses (JSON)",
        }
    }

    /// Whether the file has no currency of its own, so the import asks for one.
    pub fn needs_currency(self) -> bool {
        self != Format::Residual
    }
}

/// The format of `text`: JSON is pyfair's when its type says so, CISO Assistant's
/// hypotheses when it has their distribution or stages, and Residual's otherwise; a CSV is CISO Assistant's when its header has a
/// `name` column, and riskquant's (which has no header) otherwise.
pub fn recognise(text: &str) -> Format {
    let text = text.strip_prefix(BOM).unwrap_or(text).trim_start();
    if text.starts_with(['{', '[']) {
        // pyfair writes its keys sorted, so its "type" may come last.
        let own = text.contains("\"schema_version\"");
        let pyfair = ["\"FairModel\"", "\"FairMetaModel\""].iter().any(|t| text.contains(t));
        let crq = text.contains("\"LOGNORMAL-CI90\"") || text.contains("\"risk_stage\"");
        return match (own, pyfair, crq) {
            (false, true, _) => Format::Pyfair,
            (false, false, true) => Format::CisoAssistantCrq,
            _ => Format::Residual,
        };
    }
    let first = text.lines().find(|l| !l.trim_start().starts_with('#')).unwrap_or("");
    if first.starts_with("urn:") || text.contains("\nobjects:") {
        return Format::CisoAssistantMatrix;
    }
    let header = text.lines().next().unwrap_or("").to_lowercase();
    let named = header
        .split([';', ',', '\t', '|'])
        .any(|cell| cell.trim().trim_matches('"') == "name");
    if named {
        Format::CisoAssistant
    } else {
        Format::Riskquant
    }
}

/// What a foreign import needs that its file does not say.
#[derive(Debug, Clone, PartialEq)]
pub struct Supplied {
    /// The currency of the amounts.
    pub currency: String,
    /// The matrix a CISO Assistant assessment was scored on (the default 5×5 if `None`).
    pub criteria: Option<RiskCriteria>,
    /// Now, as an RFC 3339 timestamp (the register's creation time).
    pub now: String,
}

/// The import preview of `text` in `format`: the register read and checked, with the
/// converter's warnings as notes, or every problem found (nothing is changed either way).
pub fn preview(text: &str, format: Format, supplied: &Supplied, library: &Library) -> Result<Preview, Vec<Problem>> {
    if format == Format::Residual {
        return crate::io::import::read(text, library);
    }
    let (currency, now) = (supplied.currency.as_str(), supplied.now.as_str());
    let read = match format {
        Format::Pyfair => {
            precheck(text).map_err(|p| vec![p])?;
            super::pyfair::read(text, currency)
        }
        Format::Riskquant => {
            too_large(text.len() as f64).map_err(|p| vec![p])?;
            super::riskquant::read(text, currency, now)
        }
        Format::CisoAssistant => {
            too_large(text.len() as f64).map_err(|p| vec![p])?;
            super::ciso_assistant::read(text, supplied.criteria.clone(), currency, now)
        }
        Format::CisoAssistantCrq => super::ciso_assistant::crq::read(text, currency, now),
        Format::CisoAssistantMatrix => {
            too_large(text.len() as f64).map_err(|p| vec![p])?;
            let tree = super::ciso_assistant::library_yaml::parse(text).map_err(|why| vec![Problem::new("$", why)])?;
            super::ciso_assistant::matrix::register_from_library(&tree, currency, now)
        }
        Format::Residual => unreachable!("read above"),
    };
    let (register, warnings) = read?;
    let clash = crate::io::import::clash(library, &register.id);
    Ok(Preview {
        register,
        notes: warnings,
        clash,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::library::MemoryStore;

    #[test]
    fn each_format_is_recognised() {
        let demo = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        assert_eq!(recognise(crate::DEMO_REGISTER_JSON), Format::Residual);
        assert_eq!(recognise(&super::super::pyfair::write(&demo).0), Format::Pyfair);
        assert_eq!(recognise(&super::super::riskquant::write(&demo).0), Format::Riskquant);
        assert_eq!(
            recognise(&super::super::ciso_assistant::write(&demo).0),
            Format::CisoAssistant
        );
        assert_eq!(recognise("ref_id,name\nR-1,x"), Format::CisoAssistant);
        assert_eq!(recognise("\"Name\";\"assets\""), Format::CisoAssistant);
        assert_eq!(recognise(""), Format::Riskquant);
        let (yaml, _) = super::super::ciso_assistant::matrix::write_library(&demo.criteria, "x");
        assert_eq!(recognise(&yaml), Format::CisoAssistantMatrix);
        let library = Library::open(&MemoryStore::default());
        let supplied = Supplied {
            currency: "EUR".into(),
            criteria: None,
            now: "2026-11-29T12:00:00Z".into(),
        };
        let shown = preview(&yaml, Format::CisoAssistantMatrix, &supplied, &library).unwrap();
        let back = &shown.register.criteria;
        assert_eq!(
            back.likelihood.iter().map(|l| &l.label).collect::<Vec<_>>(),
            demo.criteria.likelihood.iter().map(|l| &l.label).collect::<Vec<_>>()
        );
        for (l, i) in [(1, 1), (3, 4), (5, 5)] {
            assert_eq!(back.level(l, i).unwrap().name, demo.criteria.level(l, i).unwrap().name);
        }
        assert!(shown.register.risks.is_empty());
        let (crq, _) = super::super::ciso_assistant::crq::write(&demo).unwrap();
        assert_eq!(recognise(&crq), Format::CisoAssistantCrq);
    }

    #[test]
    fn a_foreign_file_previews_with_the_converter_s_warnings_and_its_problems_change_nothing() {
        let store = MemoryStore::default();
        let library = Library::open(&store);
        let demo = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let supplied = Supplied {
            currency: "CHF".into(),
            criteria: Some(demo.criteria.clone()),
            now: "2026-11-29T12:00:00Z".into(),
        };
        let (csv, _) = super::super::ciso_assistant::write(&demo);
        let shown = preview(&csv, Format::CisoAssistant, &supplied, &library).unwrap();
        assert_eq!(shown.register.risks.len(), demo.risks.len());
        assert_eq!(shown.register.currency, "CHF");
        assert!(shown.notes.iter().any(|n| n.contains("owners")));
        let (rq, _) = super::super::riskquant::write(&demo);
        assert!(preview(&rq, Format::Riskquant, &supplied, &library).is_ok());
        let problems = preview("a,b,x,1,2\n", Format::Riskquant, &supplied, &library).unwrap_err();
        assert!(problems[0].path.starts_with("row 1"));
        let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        assert!(
            preview(&deep, Format::Pyfair, &supplied, &library).unwrap_err()[0]
                .message
                .contains("nested")
        );
    }
}

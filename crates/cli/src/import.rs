//! `residual import --from FORMAT FILE [-o OUT] [--currency CODE] [--matrix FILE]`: a
//! register from another tool's file, with a warning for everything the mapping had to
//! supply.

use residual_engine::io::export::register_file;

/// The formats `--from` takes.
pub const FORMATS: &str = "riskquant (riskquant's five-column CSV), pyfair (a pyfair FairModel or FairMetaModel JSON), ciso-assistant (CISO Assistant's risk-assessment CSV; --matrix names the matrix it was scored on: a CISO Assistant risk-matrix library (YAML) or a Residual register, else the default 5×5), ciso-assistant-matrix (a CISO Assistant risk-matrix library, YAML: a register with its criteria and no risks), ciso-assistant-crq (CISO Assistant quantitative hypotheses, JSON)";

pub fn run(args: &[&str], usage: &str) -> i32 {
    let (mut format, mut file, mut out, mut currency, mut matrix) = (None, None, None, "USD", None);
    let mut rest = args.iter();
    while let Some(&arg) = rest.next() {
        let mut value = |name: &str| rest.next().copied().ok_or(format!("{name} needs a value"));
        let step = match arg {
            "--from" => value("--from").map(|v| format = Some(v)),
            "-o" | "--output" => value("-o").map(|v| out = Some(v)),
            "--currency" => value("--currency").map(|v| currency = v),
            "--matrix" => value("--matrix").map(|v| matrix = Some(v)),
            flag if flag.starts_with('-') => Err(format!("unknown option {flag}")),
            path if file.is_none() => {
                file = Some(path);
                Ok(())
            }
            extra => Err(format!("one file at a time ({extra}?)")),
        };
        if let Err(message) = step {
            eprintln!("residual import: {message}\n\n{usage}");
            return 2;
        }
    }
    let (Some(format), Some(file)) = (format, file) else {
        eprintln!("residual import: --from FORMAT and a FILE are required\n\n{usage}");
        return 2;
    };
    if !matches!(
        format,
        "riskquant" | "pyfair" | "ciso-assistant" | "ciso-assistant-matrix" | "ciso-assistant-crq"
    ) {
        eprintln!("residual import: no format \"{format}\"; the formats are {FORMATS}");
        return 2;
    }
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{file}: cannot read: {error}");
            return 1;
        }
    };
    if matrix.is_some() && format != "ciso-assistant" {
        eprintln!("residual import: --matrix is for --from ciso-assistant");
        return 2;
    }
    let criteria = match matrix.map(criteria_of) {
        None => None,
        Some(Ok(criteria)) => Some(criteria),
        Some(Err(message)) => {
            eprintln!("{message}");
            return 1;
        }
    };
    let read = match format {
        "ciso-assistant-matrix" => matrix_register(&text, currency),
        "ciso-assistant-crq" => {
            residual_engine::exchange::ciso_assistant::crq::read(&text, currency, &crate::export::now())
        }
        "pyfair" => residual_engine::exchange::pyfair::read(&text, currency),
        "ciso-assistant" => {
            residual_engine::exchange::ciso_assistant::read(&text, criteria, currency, &crate::export::now())
        }
        _ => residual_engine::exchange::riskquant::read(&text, currency, &crate::export::now()),
    };
    match read {
        Ok((register, warnings)) => {
            for warning in warnings {
                eprintln!("residual import: warning: {warning}");
            }
            crate::export::write_out(out, &register_file(&register), "import")
        }
        Err(problems) => {
            for problem in problems {
                eprintln!("{file}: {problem}");
            }
            1
        }
    }
}

/// The criteria in `file`: a CISO Assistant risk-matrix library (YAML), or the criteria
/// of a Residual register (JSON).
fn criteria_of(file: &str) -> Result<residual_engine::model::criteria::RiskCriteria, String> {
    let text = std::fs::read_to_string(file).map_err(|error| format!("{file}: cannot read: {error}"))?;
    let lines = |problems: Vec<residual_engine::model::problem::Problem>| {
        problems
            .iter()
            .map(|p| format!("{file}: {p}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if text.trim_start().starts_with('{') {
        return residual_engine::io::document::load(&text)
            .map(|loaded| loaded.register.criteria)
            .map_err(lines);
    }
    let tree = yaml_tree(&text).map_err(|why| format!("{file}: {why}"))?;
    residual_engine::exchange::ciso_assistant::matrix::read_library(&tree)
        .map(|(criteria, _, warnings)| {
            for warning in warnings {
                eprintln!("residual import: warning: {warning}");
            }
            criteria
        })
        .map_err(lines)
}

/// A YAML document as the tree the engine reads.
fn yaml_tree(text: &str) -> Result<serde_json::Value, String> {
    residual_engine::io::import::too_large(text.len() as f64).map_err(|p| p.message)?;
    // The app's reader: one parser, so a library reads the same on the command line and
    // in the browser.
    residual_engine::exchange::ciso_assistant::library_yaml::parse(text)
        .map_err(|why| format!("is not YAML the reader understands: {why}"))
}

/// A register holding a CISO Assistant matrix library's criteria, and no risks yet.
fn matrix_register(
    text: &str,
    currency: &str,
) -> Result<(residual_engine::model::register::Register, Vec<String>), Vec<residual_engine::model::problem::Problem>> {
    let tree = yaml_tree(text).map_err(|why| vec![residual_engine::model::problem::Problem::new("$", why)])?;
    residual_engine::exchange::ciso_assistant::matrix::register_from_library(&tree, currency, &crate::export::now())
}

//! `residual import --from FORMAT FILE [-o OUT] [--currency CODE] [--matrix FILE]`: a
//! register from another tool's file, with a warning for everything the mapping had to
//! supply.

use residual_engine::io::export::register_file;

/// The formats `--from` takes.
pub const FORMATS: &str = "riskquant (riskquant's five-column CSV), pyfair (a pyfair FairModel or FairMetaModel JSON), ciso-assistant (CISO Assistant's risk-assessment CSV; --matrix names the register whose criteria it was scored on, else the default 5×5)";

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
    if !matches!(format, "riskquant" | "pyfair" | "ciso-assistant") {
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

/// The criteria of the register in `file`: the matrix a CISO Assistant assessment was
/// scored on.
fn criteria_of(file: &str) -> Result<residual_engine::model::criteria::RiskCriteria, String> {
    let text = std::fs::read_to_string(file).map_err(|error| format!("{file}: cannot read: {error}"))?;
    residual_engine::io::document::load(&text)
        .map(|loaded| loaded.register.criteria)
        .map_err(|problems| {
            let lines: Vec<String> = problems.iter().map(|p| format!("{file}: {p}")).collect();
            lines.join("\n")
        })
}

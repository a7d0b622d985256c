//! `residual import --from FORMAT FILE [-o OUT] [--currency CODE]`: a register from
//! another tool's file, with a warning for everything the mapping had to supply.

use residual_engine::io::export::register_file;

/// The formats `--from` takes.
pub const FORMATS: &str = "riskquant (riskquant's five-column CSV), pyfair (a pyfair FairModel or FairMetaModel JSON)";

pub fn run(args: &[&str], usage: &str) -> i32 {
    let (mut format, mut file, mut out, mut currency) = (None, None, None, "USD");
    let mut rest = args.iter();
    while let Some(&arg) = rest.next() {
        let mut value = |name: &str| rest.next().copied().ok_or(format!("{name} needs a value"));
        let step = match arg {
            "--from" => value("--from").map(|v| format = Some(v)),
            "-o" | "--output" => value("-o").map(|v| out = Some(v)),
            "--currency" => value("--currency").map(|v| currency = v),
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
    if !matches!(format, "riskquant" | "pyfair") {
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
    let read = if format == "pyfair" {
        residual_engine::exchange::pyfair::read(&text, currency)
    } else {
        residual_engine::exchange::riskquant::read(&text, currency, &crate::export::now())
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

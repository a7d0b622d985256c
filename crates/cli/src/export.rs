//! `residual export --to FORMAT FILE [-o OUT] [--bom]`: a register in another format.

use residual_engine::io::export::register_file;
use residual_engine::model::register::Register;
use residual_engine::model::timestamp::from_unix_millis;
use residual_engine::quant::simulation::simulate;
use residual_engine::treat::register_csv::{plan_csv, register_csv};

/// The formats `--to` takes, with what each writes.
pub const FORMATS: &str = "json (the exchange file), csv (one row per risk, with its figures \
simulated at the register's settings), plan-csv (one row per control of the treatment plan), \
riskquant (riskquant's five-column CSV), pyfair (a pyfair FairMetaModel JSON), \
ciso-assistant (CISO Assistant's risk-assessment CSV), \
oscal (OSCAL assessment results, with the figures simulated at the register's settings and the register attached), \
ciso-assistant-matrix (the criteria as a CISO Assistant risk-matrix library, YAML), \
ciso-assistant-crq (CISO Assistant quantitative hypotheses per risk and stage, JSON)";

/// The options after `export`.
struct Options<'a> {
    format: &'a str,
    file: &'a str,
    out: Option<&'a str>,
    bom: bool,
}

fn parse<'a>(args: &[&'a str]) -> Result<Options<'a>, String> {
    let (mut format, mut file, mut out, mut bom) = (None, None, None, false);
    let mut rest = args.iter();
    while let Some(&arg) = rest.next() {
        match arg {
            "--to" => format = Some(*rest.next().ok_or("--to needs a format")?),
            "-o" | "--output" => out = Some(*rest.next().ok_or("-o needs a file")?),
            "--bom" => bom = true,
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            path if file.is_none() => file = Some(path),
            extra => return Err(format!("one register file at a time ({extra}?)")),
        }
    }
    Ok(Options {
        format: format.ok_or("--to FORMAT is required")?,
        file: file.ok_or("a register FILE is required")?,
        out,
        bom,
    })
}

/// Runs `export`; `load` reads the register (its problems already printed when `None`).
pub fn run(args: &[&str], load: impl Fn(&str) -> Option<Register>, usage: &str) -> i32 {
    let options = match parse(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("residual export: {message}\n\n{usage}");
            return 2;
        }
    };
    if !matches!(
        options.format,
        "json"
            | "csv"
            | "plan-csv"
            | "riskquant"
            | "pyfair"
            | "ciso-assistant"
            | "oscal"
            | "ciso-assistant-matrix"
            | "ciso-assistant-crq"
    ) {
        eprintln!(
            "residual export: no format \"{}\"; the formats are {FORMATS}",
            options.format
        );
        return 2;
    }
    let Some(register) = load(options.file) else { return 1 };
    use residual_engine::exchange::{ciso_assistant, oscal, pyfair, riskquant};
    // Each format's text and what it could not keep, or why it could not be written.
    let written = match options.format {
        "json" => Ok((register_file(&register), Vec::new())),
        "riskquant" => Ok(riskquant::write(&register)),
        "pyfair" => Ok(pyfair::write(&register)),
        "ciso-assistant" => Ok(ciso_assistant::write(&register)),
        "ciso-assistant-matrix" => Ok(ciso_assistant::matrix::write_library(
            &register.criteria,
            &register.name,
        )),
        "ciso-assistant-crq" => ciso_assistant::crq::write(&register),
        "oscal" => simulate(&register, None).map(|result| oscal::write(&register, Some(&result), &now())),
        "csv" => {
            simulate(&register, None).map(|result| (register_csv(&register, Some(&result), options.bom), Vec::new()))
        }
        _ => Ok((plan_csv(&register, &now()[..10], options.bom), Vec::new())),
    };
    match written {
        Ok((text, warnings)) => {
            for warning in warnings {
                eprintln!("residual export: warning: {warning}");
            }
            write_out(options.out, &text, "export")
        }
        Err(problems) => {
            for problem in problems {
                eprintln!("{}: {problem}", options.file);
            }
            1
        }
    }
}

/// The clock as an RFC 3339 timestamp.
pub fn now() -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64);
    from_unix_millis(millis)
}

/// Prints `text`, or writes it to `out`; the exit code.
pub fn write_out(out: Option<&str>, text: &str, command: &str) -> i32 {
    match out {
        None => {
            print!("{text}");
            0
        }
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => 0,
            Err(error) => {
                eprintln!("residual {command}: cannot write {path}: {error}");
                1
            }
        },
    }
}

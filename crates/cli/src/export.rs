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
    let text = match options.format {
        "json" => register_file(&register),
        "riskquant" | "pyfair" | "ciso-assistant" | "ciso-assistant-matrix" => {
            let (text, warnings) = match options.format {
                "ciso-assistant-matrix" => {
                    residual_engine::exchange::ciso_assistant::matrix::write_library(&register.criteria, &register.name)
                }
                "pyfair" => residual_engine::exchange::pyfair::write(&register),
                "ciso-assistant" => residual_engine::exchange::ciso_assistant::write(&register),
                _ => residual_engine::exchange::riskquant::write(&register),
            };
            for warning in warnings {
                eprintln!("residual export: warning: {warning}");
            }
            text
        }
        "ciso-assistant-crq" => match residual_engine::exchange::ciso_assistant::crq::write(&register) {
            Ok((text, warnings)) => {
                for warning in warnings {
                    eprintln!("residual export: warning: {warning}");
                }
                text
            }
            Err(problems) => {
                for problem in problems {
                    eprintln!("{}: {problem}", options.file);
                }
                return 1;
            }
        },
        "oscal" => match simulate(&register, None) {
            Ok(result) => {
                let (text, warnings) = residual_engine::exchange::oscal::write(&register, Some(&result), &now());
                for warning in warnings {
                    eprintln!("residual export: warning: {warning}");
                }
                text
            }
            Err(problems) => {
                for problem in problems {
                    eprintln!("{}: {problem}", options.file);
                }
                return 1;
            }
        },
        "csv" => match simulate(&register, None) {
            Ok(result) => register_csv(&register, Some(&result), options.bom),
            Err(problems) => {
                for problem in problems {
                    eprintln!("{}: {problem}", options.file);
                }
                return 1;
            }
        },
        _ => plan_csv(&register, &now()[..10], options.bom),
    };
    write_out(options.out, &text, "export")
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

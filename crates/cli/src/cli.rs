//! The command-line shell: parses arguments, calls the engine, prints. Exit codes:
//! 0 success, 1 the input has problems, 2 the command line is wrong, 3 the engine
//! failed (a bug: the run stopped and says on which risk).

use std::io::Write;

use residual_engine::io::document;
use residual_engine::io::schema::register_schema_text;
use residual_engine::model::settings::Sampling;
use residual_engine::model::settings::SimulationSettings;
use residual_engine::quant::simulation::{self, ModelSource, SimulationResult};

const USAGE: &str = "\
usage: residual <command> [arguments]

commands:
  validate FILE   check a register; prints one line per problem, each naming its JSON path
  simulate FILE [--trials N] [--seed S] [--sampling lhs|mc] [--threads T] [--json]
                  run the quantitative (Open FAIR) Monte-Carlo simulation; trials, seed and
                  sampling default to the register's own settings, threads to every core
  treatment FILE [--trials N] [--seed S] [--sampling lhs|mc] [--json]
                  inherent, current and residual risk of each risk and of the register,
                  and the ROSI of each control and of the plan
  soa FILE [--json]
                  the Statement of Applicability as CSV (or JSON)
  export --to json|csv|plan-csv|riskquant|pyfair|ciso-assistant|ciso-assistant-matrix|
              ciso-assistant-crq|oscal FILE [-o OUT] [--bom]
                  the register as an exchange file (json), a CSV table of its risks with
                  their scores, levels, treatment and simulated figures (csv), of the
                  treatment plan (plan-csv), riskquant's CSV, pyfair's JSON, CISO Assistant's
                  risk-assessment CSV, risk-matrix library (YAML) or quantitative
                  hypotheses (JSON), or OSCAL assessment results; --bom marks a CSV as UTF-8
                  for Excel; what a format cannot hold is said on standard error
  import --from riskquant|pyfair|ciso-assistant|ciso-assistant-matrix|ciso-assistant-crq
         FILE [-o OUT]
         [--currency CODE] [--matrix LIBRARY.yaml|REGISTER.json]
                  a register from another tool's file (currency USD unless given)
  schema          print the JSON Schema of the register format
  help            print this text";

/// Files larger than this are refused before reading: no real register comes near it.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

pub fn run(args: Vec<String>) -> i32 {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["validate", file] => validate(file),
        ["simulate", file, options @ ..] => match simulate_options(options) {
            Ok(options) => simulate(file, options),
            Err(OptionError::Value(message)) => {
                eprintln!("residual simulate: {message}");
                1
            }
            Err(OptionError::Usage(message)) => {
                eprintln!("residual simulate: {message}\n\n{USAGE}");
                2
            }
        },
        ["treatment", file, options @ ..] => match simulate_options(options) {
            Ok(options) if options.threads.is_none() => treatment(file, options),
            Ok(_) => {
                eprintln!("residual treatment: --threads is not an option of treatment\n\n{USAGE}");
                2
            }
            Err(OptionError::Value(message)) => {
                eprintln!("residual treatment: {message}");
                1
            }
            Err(OptionError::Usage(message)) => {
                eprintln!("residual treatment: {message}\n\n{USAGE}");
                2
            }
        },
        ["export", options @ ..] => crate::export::run(options, load, USAGE),
        ["import", options @ ..] => crate::import::run(options, USAGE),
        ["soa", file] => soa(file, false),
        ["soa", file, "--json"] => soa(file, true),
        ["schema"] => {
            print!("{}", register_schema_text());
            0
        }
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            0
        }
        _ => {
            eprintln!("{USAGE}");
            2
        }
    }
}

fn validate(file: &str) -> i32 {
    let bytes = match read_file(file) {
        Ok(bytes) => bytes,
        Err(message) => {
            eprintln!("{file}: {message}");
            return 1;
        }
    };
    match document::load_bytes(&bytes) {
        Ok(loaded) => {
            for note in &loaded.notes {
                println!("{file}: note: {note}");
            }
            println!(
                "{file}: valid register \"{}\" ({} risks, {} assets)",
                loaded.register.name,
                loaded.register.risks.len(),
                loaded.register.assets.len()
            );
            0
        }
        Err(problems) => {
            let mut out = std::io::stdout().lock();
            for problem in &problems {
                let _ = writeln!(out, "{file}: {problem}");
            }
            1
        }
    }
}

#[derive(Default)]
struct SimulateOptions {
    trials: Option<u32>,
    seed: Option<u64>,
    sampling: Option<Sampling>,
    threads: Option<usize>,
    json: bool,
}

/// A bad option value is bad input (exit 1); an unknown option a usage error (exit 2).
enum OptionError {
    Value(String),
    Usage(String),
}

fn simulate_options(args: &[&str]) -> Result<SimulateOptions, OptionError> {
    let mut options = SimulateOptions::default();
    let mut rest = args.iter();
    while let Some(&flag) = rest.next() {
        if flag == "--json" {
            options.json = true;
            continue;
        }
        if !["--trials", "--seed", "--sampling", "--threads"].contains(&flag) {
            return Err(OptionError::Usage(format!("unknown option {flag}")));
        }
        let value = rest.next().ok_or(OptionError::Usage(format!("{flag} needs a value")))?;
        let result = option_value(&mut options, flag, value);
        result.map_err(OptionError::Value)?;
    }
    Ok(options)
}

fn option_value(options: &mut SimulateOptions, flag: &str, value: &str) -> Result<(), String> {
    {
        let number = |what: &str| {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag}: \"{value}\" is not {what}"))
        };
        match flag {
            "--trials" => {
                let n = number("a whole number")?;
                if let Some(message) = residual_engine::model::settings::trials_problem(n) {
                    return Err(format!("--trials: {message}"));
                }
                options.trials = Some(n as u32);
            }
            "--seed" => {
                let seed = number("a whole number")?;
                if let Some(message) = residual_engine::model::settings::seed_problem(seed) {
                    return Err(format!("--seed: {message}"));
                }
                options.seed = Some(seed);
            }
            "--sampling" => {
                options.sampling =
                    Some(Sampling::parse(value).ok_or(format!("--sampling: \"{value}\" is not lhs or mc"))?)
            }
            "--threads" => options.threads = Some(number("a whole number")?.clamp(1, 256) as usize),
            _ => unreachable!("flags are checked by the caller"),
        }
    }
    Ok(())
}

/// The register in `file`, or its problems printed (then `None`).
fn load(file: &str) -> Option<residual_engine::model::register::Register> {
    match read_file(file).map_err(|m| vec![m]).and_then(|bytes| {
        document::load_bytes(&bytes)
            .map(|l| l.register)
            .map_err(|ps| ps.iter().map(|p| p.to_string()).collect())
    }) {
        Ok(register) => Some(register),
        Err(messages) => {
            for message in messages {
                eprintln!("{file}: {message}");
            }
            None
        }
    }
}

fn settings_of(register: &residual_engine::model::register::Register, options: &SimulateOptions) -> SimulationSettings {
    let defaults = register.simulation;
    SimulationSettings {
        trials: options.trials.unwrap_or(defaults.trials),
        seed: options.seed.unwrap_or(defaults.seed),
        sampling: options.sampling.unwrap_or(defaults.sampling),
    }
}

fn soa(file: &str, json: bool) -> i32 {
    let Some(register) = load(file) else { return 1 };
    let rows = residual_engine::treat::applicability::statement(&register);
    if json {
        print!("{}", residual_engine::treat::applicability::to_json(&register, &rows));
    } else {
        print!("{}", residual_engine::treat::applicability::to_csv(&rows));
    }
    0
}

fn treatment(file: &str, options: SimulateOptions) -> i32 {
    use residual_engine::assess::risk_state::RiskState;
    let Some(register) = load(file) else { return 1 };
    let settings = settings_of(&register, &options);
    let result = match residual_engine::treat::states::simulate_states(&register, &settings, true) {
        Ok(found) => found,
        Err(problems) => {
            for problem in problems {
                eprintln!("{file}: {problem}");
            }
            return 1;
        }
    };
    if options.json {
        let value = serde_json::json!({
            "trials": settings.trials, "seed": settings.seed, "sampling": settings.sampling, "currency": register.currency,
            "inherent": &result.inherent, "current": &result.current, "residual": &result.residual, "rosi": &result.rosi,
        });
        println!("{}", serde_json::to_string_pretty(&value).expect("results serialise"));
        return 0;
    }
    let money = residual_engine::io::money::whole;
    println!(
        "{} — {} trials, seed {}; mean and P90 of the annual loss in {}",
        register.name, settings.trials, settings.seed, register.currency
    );
    println!(
        "{:<10} {:>13} {:>13} {:>13} {:>13} {:>13} {:>13}",
        "risk", "inherent", "P90", "current", "P90", "residual", "P90"
    );
    let line = |id: &str, s: [&residual_engine::quant::statistics::Summary; 3]| {
        println!(
            "{:<10} {:>13} {:>13} {:>13} {:>13} {:>13} {:>13}",
            id,
            money(s[0].mean),
            money(s[0].p90),
            money(s[1].mean),
            money(s[1].p90),
            money(s[2].mean),
            money(s[2].p90)
        );
    };
    let [inherent, current, residual] = RiskState::ALL.map(|state| result.state(state));
    for (i, r) in inherent.risks.iter().enumerate() {
        line(
            &r.id,
            [&r.summary, &current.risks[i].summary, &residual.risks[i].summary],
        );
    }
    line("register", [&inherent.register, &current.register, &residual.register]);
    println!(
        "{:<10} {:>13} {:>13} {:>9} {:>12}",
        "ROSI of", "cost/year", "avoided/year", "ROSI", "P(ROSI > 0)"
    );
    for r in &result.rosi {
        let percent = r.rosi.map_or("-".to_string(), |x| format!("{:.0}%", 100.0 * x));
        println!(
            "{:<10} {:>13} {:>13} {:>9} {:>11.1}%",
            r.subject,
            money(r.cost),
            money(r.benefit),
            percent,
            100.0 * r.p_positive
        );
    }
    0
}

fn simulate(file: &str, options: SimulateOptions) -> i32 {
    let Some(register) = load(file) else { return 1 };
    let settings = settings_of(&register, &options);
    let plan = match simulation::plan(&register) {
        Ok(plan) => plan,
        Err(problems) => {
            for problem in problems {
                eprintln!("{file}: {problem}");
            }
            return 1;
        }
    };
    let threads = options
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let result = match simulation::run_parallel(&plan, &settings, threads) {
        Ok(result) => result,
        Err(failure) => {
            eprintln!(
                "{file}: {failure}. This is a bug in Residual, not a problem of the register; please report it with the file."
            );
            return 3;
        }
    };
    if options.json {
        let mut value = serde_json::to_value(&result).expect("results serialise");
        value["currency"] = register.currency.clone().into();
        value["thresholds"] = serde_json::to_value(&register.criteria.loss_thresholds).expect("thresholds serialise");
        println!("{}", serde_json::to_string_pretty(&value).expect("results serialise"));
    } else {
        print_table(&register, &result);
    }
    0
}

fn print_table(register: &residual_engine::model::register::Register, result: &SimulationResult) {
    let money = residual_engine::io::money::whole;
    println!(
        "{} — {} trials, seed {}, {} sampling; annual loss in {}",
        register.name,
        result.trials,
        result.seed,
        result.sampling.as_str(),
        register.currency
    );
    println!(
        "{:<10} {:>13} {:>13} {:>13} {:>13} {:>13}  {:<8} level",
        "risk", "mean", "p50", "p90", "p99", "es99", "model"
    );
    for r in &result.risks {
        let s = &r.summary;
        let level = r.derived.as_ref().map_or("-".to_string(), |d| d.level.clone());
        let source = match r.source {
            ModelSource::Fair => "fair",
            ModelSource::Anchors => "anchors",
        };
        println!(
            "{:<10} {:>13} {:>13} {:>13} {:>13} {:>13}  {:<8} {level}",
            r.id,
            money(s.mean),
            money(s.p50),
            money(s.p90),
            money(s.p99),
            money(s.es99),
            source
        );
    }
    let s = &result.register;
    println!(
        "{:<10} {:>13} {:>13} {:>13} {:>13} {:>13}",
        "register",
        money(s.mean),
        money(s.p50),
        money(s.p90),
        money(s.p99),
        money(s.es99)
    );
    println!(
        "standard error of the mean: {} ({:.2}%)",
        money(s.se_mean),
        100.0 * s.se_mean / s.mean.max(f64::MIN_POSITIVE)
    );
    for (t, p) in register.criteria.loss_thresholds.iter().zip(&s.exceedance) {
        let limit = t.max_probability.map_or(String::new(), |max| {
            format!(
                " (appetite curve: at most {:.2}%: {})",
                100.0 * max,
                if *p <= max { "within" } else { "ABOVE" }
            )
        });
        println!(
            "P(annual loss > {} {}) = {:.2}%{limit}",
            t.name,
            money(t.annual_loss),
            100.0 * p
        );
    }
    for skipped in &result.skipped {
        println!("skipped {}: {}", skipped.id, skipped.reason);
    }
}

fn read_file(file: &str) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(file).map_err(|e| format!("cannot read: {e}"))?.len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "is {size} bytes; a register file may be at most {MAX_FILE_BYTES} bytes"
        ));
    }
    std::fs::read(file).map_err(|e| format!("cannot read: {e}"))
}

//! The command-line shell: parses arguments, calls the engine, prints. Exit codes:
//! 0 success, 1 the input has problems, 2 the command line is wrong.

use std::io::Write;

use residual::document;
use residual::schema::register_schema_text;

const USAGE: &str = "\
usage: residual <command> [arguments]

commands:
  validate FILE   check a register; prints one line per problem, each naming its JSON path
  schema          print the JSON Schema of the register format
  help            print this text";

/// Files larger than this are refused before reading: no real register comes near it.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

pub fn run(args: Vec<String>) -> i32 {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["validate", file] => validate(file),
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

fn read_file(file: &str) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(file).map_err(|e| format!("cannot read: {e}"))?.len();
    if size > MAX_FILE_BYTES {
        return Err(format!("is {size} bytes; a register file may be at most {MAX_FILE_BYTES} bytes"));
    }
    std::fs::read(file).map_err(|e| format!("cannot read: {e}"))
}

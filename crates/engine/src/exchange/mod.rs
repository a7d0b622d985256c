//! Other tools' formats, in and out. Each converter says, as warnings, what its mapping
//! drops or approximates; docs/interop.md has each mapping field by field. This is the
//! last layer: a converter may need the simulation (an export approximates what the
//! other format cannot say).

use crate::model::criteria::{MatrixStyle, preset};
use crate::model::problem::Problem;
use crate::model::register::Register;

pub mod ciso_assistant;
pub mod foreign;
pub mod oscal;
pub mod pyfair;
pub mod riskquant;

/// The owner given to imported risks: the other tools have none, and Residual needs one.
pub const OWNER: &str = "To be assigned";

/// The id of a register read from `tool`'s `text`: the tool and a digest of the text, so
/// that two different files never come in under one id (nor give one OSCAL uuid), and
/// the same file always under the same.
pub fn import_id(tool: &str, text: &str) -> String {
    format!(
        "{tool}-{:012x}",
        crate::io::digest::fnv1a(text.as_bytes()) & 0xffff_ffff_ffff
    )
}

/// An empty register for risks read from another tool: the default 5×5 criteria.
fn imported_register(id: String, name: String, currency: &str, now: &str) -> Register {
    let criteria = preset(5, MatrixStyle::Multiplicative).expect("5×5 is a preset");
    Register::new(id, name, currency, criteria, now)
}

/// The warnings every import from `tool` shares: the owners and the currency supplied.
fn supplied(tool: &str, currency: &str) -> Vec<String> {
    vec![
        format!("{tool} has no owners: every risk's owner is \"{OWNER}\""),
        format!("{tool} has no currency: losses are taken as {currency}"),
    ]
}

/// The register with its warnings, if it passes the checks loading applies.
fn checked(register: Register, warnings: Vec<String>) -> Result<(Register, Vec<String>), Vec<Problem>> {
    let problems = crate::io::validation::check(&register);
    if problems.is_empty() {
        Ok((register, warnings))
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn imports_of_different_files_get_different_ids_and_of_one_file_the_same() {
        let (a, _) = super::riskquant::read("A,one,0.5,1000,20000\n", "EUR", "2026-11-29T12:00:00Z").unwrap();
        let (b, _) = super::riskquant::read("B,two,0.5,1000,20000\n", "EUR", "2026-11-29T12:00:00Z").unwrap();
        let (again, _) = super::riskquant::read("A,one,0.5,1000,20000\n", "EUR", "2026-11-30T12:00:00Z").unwrap();
        assert_ne!(a.id, b.id);
        assert_eq!(a.id, again.id);
        assert!(a.id.starts_with("riskquant-"));
    }
}

//! One edit of a register as the app makes it: the change, then the checks that
//! loading makes. An edit that would leave a register that loading refuses is refused
//! whole, with the problems named by field, and the register stays as it was; so a
//! save can never write what a load refuses (ARCHITECTURE.md invariant).

use crate::io::validation;
use crate::model::problem::Problem;
use crate::model::register::Register;

/// The register after `change`, stamped `modified = now`; `Ok(None)` when the change
/// changed nothing; `Err` with every problem when loading would refuse the result.
pub fn apply(
    register: &Register,
    change: impl FnOnce(&mut Register),
    now: &str,
) -> Result<Option<Register>, Vec<Problem>> {
    let mut after = register.clone();
    change(&mut after);
    if after == *register {
        return Ok(None);
    }
    after.modified = now.to_string();
    let problems = validation::check(&after);
    if problems.is_empty() {
        Ok(Some(after))
    } else {
        Err(problems)
    }
}

/// A refusal as one sentence for the user: the first problem, and how many more.
pub fn describe(problems: &[Problem]) -> String {
    match problems {
        [] => String::new(),
        [one] => format!("Not changed: {one}"),
        [first, rest @ ..] => format!("Not changed: {first} (and {} more)", rest.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_that_loading_would_refuse_changes_nothing() {
        let register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let refused = apply(
            &register,
            |r| r.controls[0].due_date = Some("end of Q3".into()),
            "2026-11-29T10:00:00.000Z",
        )
        .unwrap_err();
        assert_eq!(refused[0].path, "$.controls[0].due_date");
        assert!(describe(&refused).starts_with("Not changed: $.controls[0].due_date: \"end of Q3\" is not a date"));
        let same = apply(&register, |r| r.name = r.name.clone(), "2026-11-29T10:00:00.000Z").unwrap();
        assert!(same.is_none());
        let renamed = apply(&register, |r| r.name = "Renamed".into(), "2026-11-29T10:00:00.000Z")
            .unwrap()
            .unwrap();
        assert_eq!(
            (renamed.name.as_str(), renamed.modified.as_str()),
            ("Renamed", "2026-11-29T10:00:00.000Z")
        );
    }
}

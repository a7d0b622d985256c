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
    // A status "accepted" follows from a recorded acceptance: a withdrawn one ends it,
    // and a risk marked accepted without one keeps the status it had.
    for id in after.settle_accepted_status() {
        let had = register.risks.iter().find(|r| r.id == id).map(|r| r.status);
        if let (Some(had), Some(risk)) = (had, after.risks.iter_mut().find(|r| r.id == id))
            && had != crate::model::risk::RiskStatus::Accepted
        {
            risk.status = had;
        }
    }
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

/// As [`describe`], each problem's place in the analyst's words, named in `register` (the
/// register before the refused edit): "Not changed: Asset 2 “Laptops”, Id: "A-001" is
/// used twice".
pub fn describe_in(register: &Register, problems: &[Problem]) -> String {
    let said = |p: &Problem| format!("{}: {}", crate::io::field_label::place(register, &p.path), p.message);
    match problems {
        [] => String::new(),
        [one] => format!("Not changed: {}", said(one)),
        [first, rest @ ..] => format!("Not changed: {} (and {} more)", said(first), rest.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_follows_a_recorded_acceptance_through_every_edit() {
        use crate::model::risk::RiskStatus;
        let register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let now = "2026-12-07T10:00:00.000Z";
        let status = |r: &Register, id: &str| r.risks.iter().find(|x| x.id == id).unwrap().status;
        // Marked accepted with nothing recorded: the edit is made, the status is not.
        let marked = apply(&register, |r| r.risks[0].status = RiskStatus::Accepted, now).unwrap();
        assert_eq!(marked, None, "nothing changed: the status follows the acceptance");
        // Accepted: recorded, and the status says so.
        let accepted = apply(
            &register,
            |r| {
                crate::treat::acceptance::accept(r, "R-001", "Owner accepts", "2026-12-07", None);
            },
            now,
        )
        .unwrap()
        .unwrap();
        assert_eq!(status(&accepted, "R-001"), RiskStatus::Accepted);
        // Withdrawn: back to treated (it has a treatment); a risk without one, evaluated.
        let withdrawn = apply(
            &accepted,
            |r| crate::treat::treatment_plan::treatment_mut(r, "R-001").acceptance = None,
            now,
        )
        .unwrap()
        .unwrap();
        assert_eq!(status(&withdrawn, "R-001"), RiskStatus::Treated);
        let mut bare = register.clone();
        bare.risks.iter_mut().find(|x| x.id == "R-012").unwrap().status = RiskStatus::Accepted;
        assert_eq!(bare.settle_accepted_status(), ["R-012"]);
        assert_eq!(status(&bare, "R-012"), RiskStatus::Evaluated);
    }

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

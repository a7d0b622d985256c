use super::*;
use crate::treat::applicability::statement;

const NOW: &str = "2026-12-07T12:00:00.000Z";

fn demo() -> Register {
    crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register
}

/// Every field the demo register has: the register's own, each risk's rationale, each
/// transfer term, each control's parts, and every SoA line's justification.
fn every_field(r: &Register) -> Vec<InlineField> {
    let mut fields = vec![
        InlineField::Name,
        InlineField::Organisation,
        InlineField::Scope,
        InlineField::Currency,
        InlineField::Seed,
    ];
    for risk in &r.risks {
        fields.push(InlineField::Rationale { risk: risk.id.clone() });
    }
    for t in r.treatments.iter().filter(|t| t.transfer.is_some()) {
        for term in TransferTerm::ALL {
            fields.push(InlineField::Transfer {
                risk: t.risk.clone(),
                term,
            });
        }
    }
    for c in &r.controls {
        for part in ControlPart::ALL {
            fields.push(InlineField::Control {
                control: c.id.clone(),
                part,
            });
        }
    }
    for s in statement(r) {
        fields.push(InlineField::Justification { control: s.control });
    }
    fields
}

#[test]
fn every_key_names_its_field_again_whatever_the_id() {
    let r = demo();
    let mut fields = every_field(&r);
    assert!(fields.len() > 100, "{}", fields.len());
    fields.push(InlineField::Control {
        control: "ORG:1.2 with: colons".into(),
        part: ControlPart::AnnualCost,
    });
    fields.push(InlineField::Rationale { risk: String::new() });
    for field in &fields {
        assert_eq!(
            InlineField::from_key(&field.key()).as_ref(),
            Some(field),
            "{}",
            field.key()
        );
    }
    for other in [
        "",
        "ui-search",
        "control-colour:8.13",
        "transfer-:R-1",
        "name:R-1",
        "seed:",
        "rationale",
    ] {
        assert_eq!(InlineField::from_key(other), None, "{other}");
    }
}

#[test]
fn what_a_field_shows_reads_back_into_it_without_a_change() {
    let r = demo();
    for field in every_field(&r) {
        let shown = field
            .shown(&r)
            .unwrap_or_else(|| panic!("{} shows nothing", field.key()));
        // A justification the SoA only suggests becomes a decision when committed; every
        // other field is left exactly as it was.
        let outcome =
            commit(&r, &field, &shown, Some(&shown), NOW).unwrap_or_else(|e| panic!("{}: {e:?}", field.key()));
        match &field {
            InlineField::Justification { control } if !r.applicability.iter().any(|a| &a.control == control) => {
                let after = outcome.expect("a suggestion recorded as a decision");
                assert_eq!(field.shown(&after).as_deref(), Some(shown.as_str()));
            }
            _ => assert_eq!(outcome, None, "{} changed the register", field.key()),
        }
    }
}

#[test]
fn typed_text_lands_where_the_field_shows_it() {
    let r = demo();
    let transfer_risk = r.treatments.iter().find(|t| t.transfer.is_some()).unwrap().risk.clone();
    let control = r.controls[0].id.clone();
    let cases = [
        (InlineField::Organisation, "  Acme Freight Ltd ", "Acme Freight Ltd"),
        (InlineField::Currency, "usd", "USD"),
        (InlineField::Seed, " 9007199254740991 ", "9007199254740991"),
        (
            InlineField::Rationale { risk: "R-005".into() },
            "Cheaper than the loss",
            "Cheaper than the loss",
        ),
        (
            InlineField::Transfer {
                risk: transfer_risk.clone(),
                term: TransferTerm::Share,
            },
            "7",
            "7",
        ),
        (
            InlineField::Transfer {
                risk: transfer_risk.clone(),
                term: TransferTerm::Cap,
            },
            "",
            "",
        ),
        (
            InlineField::Transfer {
                risk: transfer_risk,
                term: TransferTerm::Deductible,
            },
            "1'250'000",
            "1,250,000",
        ),
        (
            InlineField::Control {
                control: control.clone(),
                part: ControlPart::OneOffCost,
            },
            "12 500",
            "12,500",
        ),
        (
            InlineField::Control {
                control: control.clone(),
                part: ControlPart::DueDate,
            },
            "2031-03-04",
            "2031-03-04",
        ),
        (
            InlineField::Control {
                control,
                part: ControlPart::ImpactLevels,
            },
            "2",
            "2",
        ),
        (
            InlineField::Justification { control: "5.7".into() },
            "Threat intelligence feeds the SOC",
            "Threat intelligence feeds the SOC",
        ),
    ];
    for (field, typed, shown) in cases {
        let after = commit(&r, &field, typed, field.shown(&r).as_deref(), NOW)
            .unwrap_or_else(|e| panic!("{}: {e:?}", field.key()))
            .unwrap_or_else(|| panic!("{} changed nothing", field.key()));
        assert_eq!(field.shown(&after).as_deref(), Some(shown), "{}", field.key());
        assert_eq!(after.modified, NOW);
        assert!(crate::io::validation::check(&after).is_empty());
    }
    // The share is kept as a fraction.
    let share = InlineField::Transfer {
        risk: "R-007".into(),
        term: TransferTerm::Share,
    };
    let after = commit(&r, &share, "35", None, NOW).unwrap().unwrap();
    let t = after.treatments.iter().find(|t| t.risk == "R-007").unwrap();
    assert_eq!(t.transfer.as_ref().unwrap().share, 0.35);
}

#[test]
fn text_that_does_not_read_is_refused_by_name_and_changes_nothing() {
    let r = demo();
    let control = r.controls[0].id.clone();
    let part = |part| InlineField::Control {
        control: control.clone(),
        part,
    };
    let cases = [
        (part(ControlPart::AnnualCost), "12 kEUR", "Annual cost of control "),
        (part(ControlPart::OneOffCost), "1'200'000'0", "One-off cost of control "),
        (part(ControlPart::DueDate), "end of Q3", "Due date of control "),
        (
            part(ControlPart::LikelihoodLevels),
            "9",
            "Likelihood levels of control ",
        ),
        (
            InlineField::Seed,
            "-1",
            "Seed: a whole number from 0 to 9007199254740991",
        ),
        (InlineField::Seed, "9007199254740992", "Seed: "),
        (InlineField::Name, "   ", "Register name: a register needs a name"),
        (InlineField::Currency, "EURO", "Currency (ISO 4217): "),
        (
            InlineField::Transfer {
                risk: "R-007".into(),
                term: TransferTerm::Share,
            },
            "120",
            "Transfer Share % of R-007: a percentage from 0 to 100",
        ),
        (
            InlineField::Justification { control: "5.1".into() },
            " ",
            "Justification of 5.1: every inclusion or exclusion needs one",
        ),
    ];
    for (field, typed, message) in cases {
        match commit(&r, &field, typed, None, NOW) {
            Err(Refusal::Invalid(why)) => assert!(why.starts_with(message), "{}: {why}", field.key()),
            other => panic!("{} took {typed:?}: {other:?}", field.key()),
        }
    }
}

#[test]
fn a_field_changed_since_typing_began_is_not_overwritten() {
    let r = demo();
    let owner = InlineField::Control {
        control: r.controls[0].id.clone(),
        part: ControlPart::Owner,
    };
    let base = owner.shown(&r).unwrap();
    // Another tab set the owner meanwhile.
    let theirs = commit(&r, &owner, "Facilities manager", Some(&base), NOW)
        .unwrap()
        .unwrap();
    assert_eq!(
        commit(&theirs, &owner, "Head of IT", Some(&base), NOW),
        Err(Refusal::Changed {
            now: Some("Facilities manager".into())
        })
    );
    // Typing to what it holds now loses nothing: nothing to commit.
    assert_eq!(
        commit(&theirs, &owner, "Facilities manager", Some(&base), NOW),
        Ok(None)
    );
    // Without a base the text is committed.
    assert!(commit(&theirs, &owner, "Head of IT", None, NOW).unwrap().is_some());
}

#[test]
fn a_field_whose_item_is_gone_shows_nothing_and_takes_nothing() {
    let mut r = demo();
    let at = r.risks.iter().position(|x| x.id == "R-007").unwrap();
    r.remove_risk(at);
    let id = r.controls[0].id.clone();
    r.controls.retain(|c| c.id != id);
    for t in &mut r.treatments {
        t.controls.retain(|c| *c != id);
    }
    let gone = [
        InlineField::Rationale { risk: "R-007".into() },
        InlineField::Transfer {
            risk: "R-007".into(),
            term: TransferTerm::Premium,
        },
        InlineField::Control {
            control: id,
            part: ControlPart::Owner,
        },
    ];
    for field in gone {
        assert_eq!(field.shown(&r), None, "{}", field.key());
        assert_eq!(
            commit(&r, &field, "anything", Some("before"), NOW),
            Err(Refusal::Changed { now: None }),
            "{}",
            field.key()
        );
        assert!(
            matches!(commit(&r, &field, "1", None, NOW), Err(Refusal::Invalid(why)) if why.ends_with("it was removed since it was shown"))
        );
    }
}

#[test]
fn a_share_shows_as_typed_without_float_noise() {
    for (fraction, shown) in [
        (0.07, "7"),
        (0.8, "80"),
        (0.333, "33.3"),
        (0.0, "0"),
        (1.0, "100"),
        (0.125, "12.5"),
    ] {
        assert_eq!(percent(fraction), shown);
    }
}

/// A control's "lowers the score by" typed in place invalidated an acceptance, and the
/// risk stayed "accepted" in the list (second outside trial).
#[test]
fn a_field_that_invalidates_an_acceptance_takes_the_accepted_status_back() {
    use crate::model::risk::RiskStatus;
    let mut register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
    // A risk treated by a control that counts in its residual state.
    let (risk, control) = register
        .treatments
        .iter()
        .find_map(|t| t.controls.first().map(|c| (t.risk.clone(), c.clone())))
        .expect("a treated risk");
    assert!(crate::treat::acceptance::accept(
        &mut register,
        &risk,
        "For now.",
        "2026-12-07",
        None
    ));
    let status = |r: &Register| r.risks.iter().find(|x| x.id == risk).unwrap().status;
    assert_eq!(status(&register), RiskStatus::Accepted);
    let field = InlineField::Control {
        control,
        part: ControlPart::LikelihoodLevels,
    };
    let now = field.shown(&register).unwrap_or_default();
    let typed = if now.trim() == "2" { "1" } else { "2" };
    let moved = commit_after(&register, |_| {}, &field, typed, None, "2026-12-08T00:00:00Z")
        .unwrap()
        .expect("a change");
    assert_eq!(status(&moved), RiskStatus::Treated);
}

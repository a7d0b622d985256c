//! Random sequences of the edits the app's views make (through the engine functions
//! they call, gated by `edit::apply` as `Workspace::edit` gates them): whatever the
//! sequence, every register that is kept loads again, equal to itself, and a refused
//! edit changes nothing. Renaming a risk or an asset is never refused for its
//! references: they are renamed with it.
//!
//! `cargo test --test generative_edits` runs a modest budget; the long run is
//! `GENERATIVE_EDITS=10000 cargo test --release --test generative_edits`.

use residual_engine::assess::criteria_change::apply_criteria;
use residual_engine::generated::Dice;
use residual_engine::io::document::load;
use residual_engine::io::edit::apply;
use residual_engine::model::applicability::Applicability;
use residual_engine::model::control::ControlStatus;
use residual_engine::model::criteria::{MatrixStyle, preset};
use residual_engine::model::register::Register;
use residual_engine::model::treatment::TreatmentOption;
use residual_engine::treat::applicability::{decide, statement};
use residual_engine::treat::treatment_plan::{centre_of, link, treatment_mut, unlink, with_centre};

const DATES: [&str; 6] = ["2027-03-31", "end of Q3", "", "2027-02-30", "31/12/2027", "2028-02-29"];
const STAMPS: [&str; 3] = [
    "2026-11-29T10:00:00.000Z",
    "+010000-01-01T00:00:00.000Z",
    "9999-12-31T23:59:59.999Z",
];

/// A change to a register, as a view makes one.
type Change = Box<dyn FnOnce(&mut Register)>;

/// One random edit of the kinds the views make, with its description; `fresh` numbers
/// new ids.
fn random_edit(dice: &mut Dice, register: &Register, fresh: usize) -> (String, Change) {
    let risk = |dice: &mut Dice| (!register.risks.is_empty()).then(|| dice.below(register.risks.len()));
    let control_ids: Vec<String> = register
        .controls
        .iter()
        .map(|c| c.id.clone())
        .chain(["5.8", "8.13", "8.24", "9.9"].map(String::from))
        .collect();
    match dice.below(14) {
        0 => {
            let Some(n) = risk(dice) else {
                return ("nothing".into(), Box::new(|_| {}));
            };
            let (to, kind) = if dice.chance(0.7) {
                (format!("R-NEW-{fresh}"), "fresh")
            } else {
                (register.risks[dice.below(register.risks.len())].id.clone(), "taken")
            };
            (
                format!("rename risk {n} to {kind} {to}"),
                Box::new(move |r: &mut Register| {
                    let mut draft = r.risks[n].clone();
                    draft.id = to;
                    r.put_risk(Some(n), draft);
                }),
            )
        }
        1 if !register.assets.is_empty() => {
            let n = dice.below(register.assets.len());
            let (to, kind) = if dice.chance(0.7) {
                (format!("A-NEW-{fresh}"), "fresh")
            } else {
                (register.assets[dice.below(register.assets.len())].id.clone(), "taken")
            };
            (
                format!("rename asset {n} to {kind} {to}"),
                Box::new(move |r: &mut Register| {
                    let mut draft = r.assets[n].clone();
                    draft.id = to;
                    r.put_asset(Some(n), draft);
                }),
            )
        }
        2 if !register.controls.is_empty() => {
            let (n, date) = (dice.below(register.controls.len()), dice.pick(&DATES));
            (
                format!("due date {date:?}"),
                Box::new(move |r: &mut Register| r.controls[n].due_date = (!date.is_empty()).then(|| date.to_string())),
            )
        }
        3 => {
            let Some(n) = risk(dice) else {
                return ("nothing".into(), Box::new(|_| {}));
            };
            let option = dice.pick(&TreatmentOption::ALL);
            let rationale = if dice.chance(0.5) {
                String::new()
            } else {
                "Because".into()
            };
            (
                format!("option {option:?} rationale {rationale:?}"),
                Box::new(move |r: &mut Register| {
                    let id = r.risks[n].id.clone();
                    let t = treatment_mut(r, &id);
                    t.option = option;
                    t.rationale = rationale;
                }),
            )
        }
        4 => {
            let Some(n) = risk(dice) else {
                return ("nothing".into(), Box::new(|_| {}));
            };
            let control = dice
                .pick(&control_ids.iter().map(String::as_str).collect::<Vec<_>>())
                .to_string();
            (
                format!("link {control}"),
                Box::new(move |r: &mut Register| {
                    let id = r.risks[n].id.clone();
                    let _ = link(r, &id, &control);
                }),
            )
        }
        5 => {
            let Some(n) = risk(dice) else {
                return ("nothing".into(), Box::new(|_| {}));
            };
            let control = dice
                .pick(&control_ids.iter().map(String::as_str).collect::<Vec<_>>())
                .to_string();
            (
                format!("unlink {control}"),
                Box::new(move |r: &mut Register| {
                    let id = r.risks[n].id.clone();
                    unlink(r, &id, &control);
                }),
            )
        }
        6 => {
            let control = dice.pick(&["5.8", "8.13", "5.1", "7.4"]).to_string();
            let applicable = dice.chance(0.5);
            let justification = if dice.chance(0.2) {
                String::new()
            } else {
                "Decided".into()
            };
            (
                format!("SoA {control} applicable {applicable}"),
                Box::new(move |r: &mut Register| {
                    if let Some(row) = statement(r).into_iter().find(|s| s.control == control) {
                        decide(r, &row, Some(applicable), Some(justification));
                    } else {
                        r.applicability.push(Applicability {
                            control,
                            applicable,
                            justification,
                        });
                    }
                }),
            )
        }
        7 => {
            let Some(n) = risk(dice) else {
                return ("nothing".into(), Box::new(|_| {}));
            };
            let date = dice.pick(&DATES);
            (
                "accept".into(),
                Box::new(move |r: &mut Register| {
                    let id = r.risks[n].id.clone();
                    residual_engine::treat::acceptance::accept(
                        r,
                        &id,
                        "Accepted by the owner",
                        date,
                        Some((1000.0, 5000.0)),
                    );
                }),
            )
        }
        8 => {
            let Some(n) = risk(dice) else {
                return ("nothing".into(), Box::new(|_| {}));
            };
            (
                "duplicate risk".into(),
                Box::new(move |r: &mut Register| {
                    r.duplicate_risk(n);
                }),
            )
        }
        9 => {
            let Some(n) = risk(dice) else {
                return ("nothing".into(), Box::new(|_| {}));
            };
            (
                "remove risk".into(),
                Box::new(move |r: &mut Register| {
                    r.remove_risk(n);
                }),
            )
        }
        10 => {
            let size = dice.pick(&[3usize, 4, 5]);
            (
                format!("criteria {size}×{size}"),
                Box::new(move |r: &mut Register| {
                    apply_criteria(r, preset(size, MatrixStyle::Additive).expect("a preset"))
                }),
            )
        }
        11 if !register.controls.is_empty() => {
            let (n, status, centre) = (
                dice.below(register.controls.len()),
                dice.pick(&ControlStatus::ALL),
                dice.unit() * 1.2 - 0.1,
            );
            (
                format!("control status {status:?}, effectiveness {centre}"),
                Box::new(move |r: &mut Register| {
                    let c = &mut r.controls[n];
                    c.status = status;
                    for reduction in &mut c.effect.reductions {
                        let _ = centre_of(&reduction.effectiveness);
                        reduction.effectiveness = with_centre(&reduction.effectiveness, centre);
                    }
                }),
            )
        }
        12 => {
            let stamp = dice.pick(&STAMPS);
            (
                format!("timestamp {stamp}"),
                Box::new(move |r: &mut Register| r.created = stamp.into()),
            )
        }
        _ => {
            let name = if dice.chance(0.2) {
                " ".to_string()
            } else {
                format!("Register {fresh}")
            };
            (
                format!("name {name:?}"),
                Box::new(move |r: &mut Register| r.name = name),
            )
        }
    }
}

#[test]
fn random_edit_sequences_never_leave_a_register_that_fails_to_load() {
    let sequences = std::env::var("GENERATIVE_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(150u64);
    let demo = load(residual_engine::DEMO_REGISTER_JSON).unwrap().register;
    let (mut kept, mut refused) = (0, 0);
    for seed in 0..sequences {
        let mut dice = Dice::new(seed);
        let mut register = if seed % 3 == 0 {
            residual_engine::generated::register(seed, Default::default()).register
        } else {
            demo.clone()
        };
        assert!(
            load(&register.to_compact_json()).is_ok(),
            "seed {seed}: the start loads"
        );
        for step in 0..20 {
            let (what, change) = random_edit(&mut dice, &register, step);
            let renames = what.contains(" to fresh ");
            match apply(&register, change, "2026-11-29T10:00:00.000Z") {
                Ok(Some(after)) => {
                    let loaded = load(&after.to_compact_json())
                        .unwrap_or_else(|p| panic!("seed {seed} step {step} ({what}): kept but fails to load: {p:?}"));
                    assert!(
                        loaded.register == after,
                        "seed {seed} step {step} ({what}): loads as another register"
                    );
                    register = after;
                    kept += 1;
                }
                Ok(None) => {}
                Err(problems) => {
                    assert!(!problems.is_empty());
                    assert!(
                        !renames,
                        "seed {seed} step {step} ({what}): a rename to a fresh id was refused: {problems:?}"
                    );
                    refused += 1;
                }
            }
        }
    }
    eprintln!("{sequences} sequences: {kept} edits kept, {refused} refused");
    assert!(
        kept > refused / 10 && refused > 0,
        "both kinds happen: {kept} kept, {refused} refused"
    );
}

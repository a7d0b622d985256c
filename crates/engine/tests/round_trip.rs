//! Any register survives its own JSON: register → JSON → register → JSON gives the same
//! bytes, and every recorded acceptance still holds. Numbers are written as a slider or a
//! simulation leaves them, with all 17 significant digits, which a parser that is one
//! ulp off would change (and with them the acceptance fingerprints).
//!
//! `ROUND_TRIPS=n` sets how many generated registers (default 200).

use residual_engine::generated::{Dice, Space, register};
use residual_engine::io::document::load;
use residual_engine::model::distribution::Distribution;
use residual_engine::model::register::Register;
use residual_engine::model::treatment::{Transfer, TreatmentOption};
use residual_engine::treat::acceptance::{AcceptanceStatus, accept, status};

/// Overwrites the register's free numbers with full-precision ones, as sliders and
/// simulations produce them (0.1 + 0.2 = 0.30000000000000004), and accepts some risks.
fn with_awkward_numbers(mut r: Register, dice: &mut Dice) -> Register {
    for control in &mut r.controls {
        control.annual_cost = (dice.unit() * 1e6 * 3.0).min(1e15) / 3.0;
        control.one_off_cost = dice.unit() * 7.0 / 3.0;
        for reduction in &mut control.effect.reductions {
            let centre = 0.1 + 0.2 * dice.unit();
            reduction.effectiveness = Distribution::pert(centre * 0.5, centre, (centre * 1.5).min(1.0));
        }
    }
    for treatment in &mut r.treatments {
        if treatment.option == TreatmentOption::Share {
            treatment.transfer = Some(Transfer {
                share: dice.unit(),
                deductible: dice.unit() * 1e5,
                ..Transfer::starting_terms()
            });
        }
    }
    let risks: Vec<String> = r.risks.iter().map(|risk| risk.id.clone()).collect();
    for risk in &risks {
        if !dice.chance(0.3) {
            continue;
        }
        let figures = (dice.unit() * 1e7 / 7.0, dice.unit() * 1e8 / 3.0);
        assert!(accept(&mut r, risk, "Within appetite.", "2026-11-29", Some(figures)));
    }
    r
}

#[test]
fn any_register_reads_back_to_the_same_bytes_and_its_acceptances_hold() {
    let count: u64 = std::env::var("ROUND_TRIPS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let space = Space {
        max_risks: 30,
        ..Space::default()
    };
    let mut accepted = 0;
    for seed in 0..count {
        let mut dice = Dice::new(seed ^ 0xA11CE);
        let written = with_awkward_numbers(register(seed, space).register, &mut dice);
        let text = written.to_json();
        let read = load(&text).unwrap_or_else(|p| panic!("seed {seed}: {p:?}")).register;
        assert!(read == written, "seed {seed}: the register read back differs");
        assert_eq!(read.to_json(), text, "seed {seed}: pretty JSON");
        let compact = load(&written.to_compact_json()).unwrap().register;
        assert_eq!(
            compact.to_compact_json(),
            written.to_compact_json(),
            "seed {seed}: compact JSON"
        );
        for treatment in &read.treatments {
            if let Some(acceptance) = &treatment.acceptance {
                accepted += 1;
                assert_eq!(
                    status(&read, &treatment.risk, acceptance, "2027-01-01"),
                    AcceptanceStatus::Valid,
                    "seed {seed}: {}'s acceptance no longer holds after a round trip",
                    treatment.risk
                );
            }
        }
    }
    assert!(accepted > count as usize, "acceptances were recorded ({accepted})");
}

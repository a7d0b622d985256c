//! The largest numbers Residual works with. Beyond them the simulation could not give
//! a meaningful answer (sums of cents overflow, event counts beyond any table, a run
//! that never ends), so a register that exceeds one is refused with the field named,
//! never simulated into a silently wrong figure.
//!
//! - Money (a loss per event, an impact anchor, a cost, a premium, a threshold) is at
//!   most [`MAX_AMOUNT`]: 10^15, a thousand trillion. A risk's loss in one simulated
//!   year is capped at the same figure (`LOSS_CAP` in `quant::simulation`) and the result
//!   says in how many years the cap applied.
//! - A frequency (loss events, threat events or contacts a year, a likelihood anchor) is
//!   at most [`MAX_FREQUENCY`] a year.
//! - Under the Poisson event model every loss event's loss is drawn, so a risk may
//!   expect at most [`MAX_EVENTS_PER_YEAR`] loss events a year; the rate model (one
//!   draw of frequency × magnitude a year) takes more frequent events.

/// The largest amount of money in a register, in its currency.
pub const MAX_AMOUNT: f64 = 1e15;
/// The largest frequency, in events a year.
pub const MAX_FREQUENCY: f64 = 1e6;
/// The most loss events a year a Poisson risk may expect.
pub const MAX_EVENTS_PER_YEAR: f64 = 1e4;

/// What is wrong with an amount of money, if anything: not a number, below 0, or above
/// [`MAX_AMOUNT`].
pub fn amount_problem(value: f64) -> Option<String> {
    if !(value.is_finite() && value >= 0.0) {
        Some("must be a number ≥ 0".into())
    } else if value > MAX_AMOUNT {
        Some(format!(
            "{} is more than Residual can simulate: at most {}",
            short(value),
            short(MAX_AMOUNT)
        ))
    } else {
        None
    }
}

/// What is wrong with a parameter of a money estimate (a loss), if anything: only the
/// upper limit (the distribution checks the rest).
pub fn amount_limit_problem(value: f64) -> Option<String> {
    (value.abs() > MAX_AMOUNT).then(|| {
        format!(
            "{} is more than Residual can simulate: a loss is at most {}",
            short(value),
            short(MAX_AMOUNT)
        )
    })
}

/// As [`amount_limit_problem`], for a frequency in events a year.
pub fn frequency_limit_problem(value: f64) -> Option<String> {
    (value.abs() > MAX_FREQUENCY).then(|| {
        format!(
            "{} events a year is more than Residual can simulate: at most {}",
            short(value),
            short(MAX_FREQUENCY)
        )
    })
}

/// A large number as people read it: "1e15", "1e308", "2.5e9".
fn short(value: f64) -> String {
    if value.abs() >= 1e6 {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_beyond_the_limit_or_not_numbers_are_refused() {
        assert_eq!(amount_problem(0.0), None);
        assert_eq!(amount_problem(MAX_AMOUNT), None);
        assert_eq!(
            amount_problem(1e308).as_deref(),
            Some("1e308 is more than Residual can simulate: at most 1e15")
        );
        assert_eq!(amount_problem(f64::INFINITY).as_deref(), Some("must be a number ≥ 0"));
        assert_eq!(amount_problem(-0.01).as_deref(), Some("must be a number ≥ 0"));
        assert_eq!(frequency_limit_problem(1e6), None);
        assert!(
            frequency_limit_problem(2.5e6)
                .unwrap()
                .starts_with("2.5e6 events a year")
        );
        assert!(amount_limit_problem(-1e300).is_some());
    }
}

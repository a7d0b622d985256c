//! The levels of a risk in its current and residual states, and what moves them, so that
//! the money and the levels never disagree silently.
//!
//! - A risk scored only qualitatively moves by its counted controls' "lowers the score
//!   by" levels (`risk_state`).
//! - A risk with a FAIR model, on criteria whose likelihood and impact levels all have
//!   anchors, moves by what its controls do to the model: the expected loss events a year
//!   and loss per event, inherent and in the state, are each read on the anchors (the
//!   highest level whose anchor starts at or below the value), and the difference in
//!   levels is applied to the assessed score. A model that reads as the assessed score
//!   (as one built from the anchors does) gives the state's reading exactly; one that
//!   reads otherwise keeps the analyst's score and moves it as far as the model moved.
//! - The analyst may choose the score fields for such a risk instead (`levels_follow`).
//!
//! The means are analytic: reductions of one factor multiply, (1 − E[e₁])(1 − E[e₂])…,
//! as the simulation draws them independently. A transfer limits the year's loss, not an
//! event's, and moves no level on either basis.

use crate::assess::qualitative_bridge::level_for;
use crate::assess::risk_state::{RiskState, Treated, all_treated, scores_with, treated};
use crate::model::control::ReducedFactor;
use crate::model::distribution::Bounds;
use crate::model::fair_model::{
    EventModel, FairModel, FrequencySource, GivenFactor, MagnitudeSource, ThreatEventSource, VulnerabilitySource,
};
use crate::model::register::Register;
use crate::model::risk::{LevelsFollow, Risk};

/// Why a state's levels come from the score fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Because {
    /// The inherent state is the assessed score itself.
    Inherent,
    /// The risk has no FAIR model.
    NoModel,
    /// A likelihood or impact level of the criteria has no anchor.
    NoAnchors,
    /// The analyst chose the score fields for this risk.
    Chosen,
    /// The FAIR model is incomplete or invalid, so it has no means.
    ModelIncomplete,
}

/// The model's expected loss events a year and loss per event, read on the anchors.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    /// Expected loss events a year (the annual probability under the Bernoulli model).
    pub events_per_year: f64,
    /// Expected loss per event.
    pub loss_per_event: f64,
    /// The likelihood level whose anchor holds `events_per_year`.
    pub likelihood: u8,
    /// The impact level whose anchor holds `loss_per_event`.
    pub impact: u8,
}

/// What a state's levels are read from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Basis {
    /// The assessed score less the counted controls' score levels.
    Scores(Because),
    /// The FAIR model through the anchors: its reading inherent and in the state.
    Model {
        /// The untreated model's reading.
        inherent: Reading,
        /// The model's reading with the state's controls.
        state: Reading,
    },
}

/// A risk's score in a state and what it was read from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StateScore {
    /// (likelihood, impact), or `None` for a risk not scored or avoided.
    pub scores: Option<(u8, u8)>,
    /// What the score was read from.
    pub basis: Basis,
}

impl StateScore {
    /// What the level was read from, in the analyst's words, for the risk assessed
    /// `assessed` on `criteria`; `None` where there is nothing to add (the inherent
    /// state, a risk without a FAIR model).
    pub fn explain(
        &self,
        criteria: &crate::model::criteria::RiskCriteria,
        assessed: Option<(u8, u8)>,
    ) -> Option<String> {
        use crate::io::money::short;
        let label = |scale: &[crate::model::criteria::ScaleLevel], n: u8| {
            scale
                .get(usize::from(n).wrapping_sub(1))
                .map_or(String::new(), |l| l.label.clone())
        };
        let events = |x: f64| {
            if x >= 100.0 {
                short(x)
            } else {
                format!("{}", (x * 1000.0).round() / 1000.0)
            }
        };
        match self.basis {
            Basis::Model { inherent, state } => {
                let mut text = format!(
                    "Read from the FAIR model on the anchors: {} loss events a year ({}) and {} a loss ({}), against {} and {} untreated.",
                    events(state.events_per_year),
                    label(&criteria.likelihood, state.likelihood),
                    short(state.loss_per_event),
                    label(&criteria.impact, state.impact),
                    events(inherent.events_per_year),
                    short(inherent.loss_per_event),
                );
                if let Some((l, i)) = assessed
                    && (l, i) != (inherent.likelihood, inherent.impact)
                {
                    text.push_str(&format!(
                        " The assessed score is L{l}×I{i} where the untreated model reads L{}×I{}: the score moves as many levels as the model does.",
                        inherent.likelihood, inherent.impact
                    ));
                }
                Some(text)
            }
            Basis::Scores(Because::NoAnchors) => Some(
                "The criteria's likelihood and impact levels are not all anchored in events a year and money, so the level moves only by the controls' “lowers the score by” fields; give anchors in Criteria to let it follow the FAIR model.".into(),
            ),
            Basis::Scores(Because::Chosen) => {
                Some("The level moves by the controls' “lowers the score by” fields, as chosen for this risk, not by its FAIR model.".into())
            }
            Basis::Scores(Because::ModelIncomplete) => Some(
                "The FAIR model is incomplete, so the level moves by the controls' “lowers the score by” fields until it is complete.".into(),
            ),
            Basis::Scores(Because::Inherent | Because::NoModel) => None,
        }
    }
}

/// The score of `risk` in `state` and what it was read from.
pub fn state_score(register: &Register, risk: &Risk, state: RiskState) -> StateScore {
    score_with(register, risk, state, &treated(register, &risk.id, state), &|| {
        risk.fair.as_ref().and_then(means)
    })
}

/// The scores of every risk in `state`, in register order: what the heat maps, the
/// exports and the acceptance read (in place of `risk_state::all_scores`).
pub fn all_state_scores(register: &Register, state: RiskState) -> Vec<Option<(u8, u8)>> {
    all_state_scores_with(register, state, &ModelMeans::of(register))
}

/// Each risk's untreated model means (see [`means`]), for the risks whose levels follow
/// their model: computed once for many evaluations of one register's risks under other
/// treatments (the optimiser's).
#[derive(Debug, Clone)]
pub struct ModelMeans(Vec<Option<(f64, f64, f64)>>);

impl ModelMeans {
    /// The means of `register`'s risks, in register order.
    pub fn of(register: &Register) -> ModelMeans {
        let anchored = model_basis_possible(register);
        ModelMeans(
            register
                .risks
                .iter()
                .map(|risk| match &risk.fair {
                    Some(fair) if anchored && risk.levels_follow == LevelsFollow::Model => means(fair),
                    _ => None,
                })
                .collect(),
        )
    }
}

/// [`all_state_scores`] with the means computed before; `register` has the same risks,
/// in the same order, as the one `means` was computed for.
pub fn all_state_scores_with(register: &Register, state: RiskState, means: &ModelMeans) -> Vec<Option<(u8, u8)>> {
    let treated = all_treated(register, state);
    register
        .risks
        .iter()
        .zip(&treated)
        .enumerate()
        .map(|(k, (risk, treated))| {
            score_with(register, risk, state, treated, &|| means.0.get(k).copied().flatten()).scores
        })
        .collect()
}

/// Whether every likelihood and impact level has an anchor.
fn model_basis_possible(register: &Register) -> bool {
    let anchored = |scale: &[crate::model::criteria::ScaleLevel]| scale.iter().all(|l| l.anchor.is_some());
    anchored(&register.criteria.likelihood) && anchored(&register.criteria.impact)
}

fn score_with(
    register: &Register,
    risk: &Risk,
    state: RiskState,
    treated: &Treated,
    means: &dyn Fn() -> Option<(f64, f64, f64)>,
) -> StateScore {
    let by_scores = |because| StateScore {
        scores: scores_with(risk, treated),
        basis: Basis::Scores(because),
    };
    if state == RiskState::Inherent {
        return by_scores(Because::Inherent);
    }
    if risk.fair.is_none() {
        return by_scores(Because::NoModel);
    }
    if risk.levels_follow == LevelsFollow::Scores {
        return by_scores(Because::Chosen);
    }
    if !model_basis_possible(register) {
        return by_scores(Because::NoAnchors);
    }
    let criteria = &register.criteria;
    let Some((events, primary, secondary)) = means() else {
        return by_scores(Because::ModelIncomplete);
    };
    let keep = |factors: &[ReducedFactor]| {
        treated
            .controls
            .iter()
            .flat_map(|c| &c.effect.reductions)
            .filter(|r| factors.contains(&r.factor))
            .map(|r| 1.0 - r.effectiveness.shape(Bounds::PROBABILITY).mean())
            .product::<f64>()
    };
    let read = |events_per_year: f64, loss_per_event: f64| Reading {
        events_per_year,
        loss_per_event,
        likelihood: level_for(&criteria.likelihood, events_per_year).unwrap_or(1),
        impact: level_for(&criteria.impact, loss_per_event).unwrap_or(1),
    };
    let before = read(events, primary + secondary);
    let after = read(
        events * keep(&[ReducedFactor::Frequency, ReducedFactor::Vulnerability]),
        primary * keep(&[ReducedFactor::PrimaryLoss]) + secondary * keep(&[ReducedFactor::SecondaryLoss]),
    );
    let moved = |assessed: u8, from: u8, to: u8, levels: usize| {
        (i32::from(assessed) - (i32::from(from) - i32::from(to))).clamp(1, levels as i32) as u8
    };
    let inherent = crate::assess::evaluation::scores(risk);
    let scores = inherent.filter(|_| !treated.avoided).map(|(l, i)| {
        (
            moved(l, before.likelihood, after.likelihood, criteria.likelihood.len()),
            moved(i, before.impact, after.impact, criteria.impact.len()),
        )
    });
    StateScore {
        scores,
        basis: Basis::Model {
            inherent: before,
            state: after,
        },
    }
}

/// The untreated model's expected loss events a year (the probability, at most 1, under
/// the Bernoulli model), primary loss per event and secondary loss per event (E[SLEF] ·
/// E[SLM]); `None` for a model that does not check.
pub fn means(model: &FairModel) -> Option<(f64, f64, f64)> {
    // Remembered by the model's content: every edit redraws the levels of every risk,
    // and a vulnerability from capability against resistance is an integral.
    use std::cell::RefCell;
    use std::collections::HashMap;
    type Means = Option<(f64, f64, f64)>;
    const KEEP: usize = 100_000;
    thread_local! {
        static KNOWN: RefCell<HashMap<u64, Means>> = RefCell::new(HashMap::new());
    }
    let key = crate::io::digest::fnv1a_json(model);
    if let Some(known) = KNOWN.with(|k| k.borrow().get(&key).copied()) {
        return known;
    }
    let found = compute_means(model);
    KNOWN.with(|k| {
        let mut k = k.borrow_mut();
        if k.len() >= KEEP {
            k.clear();
        }
        k.insert(key, found);
    });
    found
}

fn compute_means(model: &FairModel) -> Option<(f64, f64, f64)> {
    let mut problems = Vec::new();
    model.check("$", &mut problems);
    if !problems.is_empty() {
        return None;
    }
    let mean = |f: &GivenFactor| f.shape().mean();
    let events = match model.frequency_source("$").ok()? {
        FrequencySource::Direct(f) => mean(&f),
        FrequencySource::Derived {
            threat_events,
            vulnerability,
        } => {
            let tef = match threat_events {
                ThreatEventSource::Direct(f) => mean(&f),
                ThreatEventSource::ContactTimesAction { contact, action } => mean(&contact) * mean(&action),
            };
            let v = match vulnerability {
                VulnerabilitySource::Direct(f) => mean(&f),
                // E[1 − F_TC(RS)] by the midpoint rule over RS's quantiles (within 1% of
                // the simulation's 20,000 points, which is all a level needs).
                VulnerabilitySource::CapabilityVsResistance { capability, resistance } => {
                    const N: usize = 512;
                    let ps: Vec<f64> = (0..N).map(|i| (i as f64 + 0.5) / N as f64).collect();
                    let tc = capability.shape();
                    resistance
                        .shape()
                        .quantiles(&ps)
                        .iter()
                        .map(|&rs| 1.0 - tc.cdf(rs))
                        .sum::<f64>()
                        / N as f64
                }
            };
            tef * v
        }
    };
    let events = if model.event_model == EventModel::Bernoulli {
        events.min(1.0)
    } else {
        events
    };
    let (primary, secondary) = match model.magnitude_source("$").ok()? {
        MagnitudeSource::Direct(f) => (mean(&f), 0.0),
        MagnitudeSource::Split { primary, secondary } => {
            (mean(&primary), secondary.map_or(0.0, |(f, m)| mean(&f) * mean(&m)))
        }
    };
    Some((events, primary, secondary))
}

#[cfg(test)]
#[path = "state_levels_tests.rs"]
mod tests;

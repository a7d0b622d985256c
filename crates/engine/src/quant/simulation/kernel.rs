//! The kernel: one risk's annual loss for every trial, in columns of one value per
//! trial reused from risk to risk.

use super::*;

/// Arrays of one value per trial, reused from risk to risk.
pub struct Scratch {
    pub(super) rate: Vec<f64>,
    pub(super) uniforms: Vec<f64>,
    pub(super) events: Vec<u32>,
    pub(super) loss: Vec<f64>,
    /// The year's loss in whole cents, as added into the register.
    pub(super) cents: Vec<i64>,
    pub(super) per_event: crate::quant::loss_magnitude::EventScratch,
    /// Treatment multipliers per trial (frequency, primary, secondary), and draws.
    pub(super) scales: [Vec<f64>; 3],
    pub(super) draws: Vec<f64>,
}

impl Scratch {
    /// Working arrays for `trials` simulated years.
    pub fn new(trials: usize) -> Scratch {
        Scratch {
            rate: vec![0.0; trials],
            uniforms: vec![0.0; trials],
            events: vec![0; trials],
            loss: vec![0.0; trials],
            cents: vec![0; trials],
            per_event: Default::default(),
            scales: Default::default(),
            draws: Vec::new(),
        }
    }
}

/// Simulates one risk into `scratch.loss` (before the cap at `LOSS_CAP`); returns the
/// total number of events.
pub fn simulate_risk(model: &RiskModel, settings: &SimulationSettings, scratch: &mut Scratch) -> f64 {
    let (seed, key, sampling) = (settings.seed, model.id.as_str(), settings.sampling);
    let source = Draws { seed, key, sampling };
    let n = settings.trials as usize;
    let Scratch {
        rate,
        uniforms,
        events,
        loss,
        per_event,
        scales,
        draws,
        ..
    } = scratch;
    let treatment = model.treatment.as_ref();
    if treatment.is_some_and(|t| t.avoided) {
        loss.iter_mut().for_each(|l| *l = 0.0);
        return 0.0;
    }
    let [frequency_scale, primary_scale, secondary_scale] = scales;
    let mut scaled = |factors: &[ReducedFactor], scale: &mut Vec<f64>| {
        treatment.is_some_and(|t| t.scale(factors, seed, sampling, scale, draws, n))
    };
    let thinned = scaled(
        &[ReducedFactor::Frequency, ReducedFactor::Vulnerability],
        frequency_scale,
    );
    let loss_scale = crate::quant::loss_magnitude::LossScale {
        primary: scaled(&[ReducedFactor::PrimaryLoss], primary_scale).then_some(primary_scale.as_slice()),
        secondary: scaled(&[ReducedFactor::SecondaryLoss], secondary_scale).then_some(secondary_scale.as_slice()),
    };
    let total = if model.event_model == EventModel::Rate {
        model.frequency.draw(source, rate, uniforms);
        if thinned {
            rate.iter_mut().zip(frequency_scale.iter()).for_each(|(r, s)| *r *= s);
        }
        model
            .magnitude
            .rate_times_magnitude(source, rate, loss, per_event, &loss_scale);
        rate.iter().sum()
    } else {
        draw_events(model, settings, rate, uniforms, events);
        if thinned {
            treated::thin(seed, key, events, frequency_scale);
        }
        model
            .magnitude
            .add_event_losses(source, events, loss, per_event, &loss_scale);
        events.iter().map(|&k| k as f64).sum()
    };
    if let Some(transfer) = treatment.and_then(|t| t.transfer.as_ref()) {
        loss.iter_mut().for_each(|l| *l = transfer.retained(*l));
    }
    total
}

/// Each year's number of loss events, as the plan decided (see [`EventDraw`]).
pub(super) fn draw_events(
    model: &RiskModel,
    settings: &SimulationSettings,
    rate: &mut [f64],
    uniforms: &mut [f64],
    events: &mut [u32],
) {
    let (seed, key, sampling) = (settings.seed, model.id.as_str(), settings.sampling);
    let source = Draws { seed, key, sampling };
    let draw_uniforms = |uniforms: &mut [f64]| source.stream(input::EVENTS).fill(sampling, uniforms);
    match &model.events {
        EventDraw::Mixed(count) => {
            draw_uniforms(uniforms);
            for (k, &u) in events.iter_mut().zip(uniforms.iter()) {
                *k = count.count(u);
            }
        }
        EventDraw::Probability(p) => {
            draw_uniforms(uniforms);
            for (k, &u) in events.iter_mut().zip(uniforms.iter()) {
                *k = (u < *p) as u32;
            }
        }
        EventDraw::FromRate => {
            model.frequency.draw(source, rate, uniforms);
            draw_uniforms(uniforms);
            if model.event_model == EventModel::Poisson {
                crate::model::distribution::poisson_quantiles(rate, uniforms, events);
            } else {
                for ((k, &p), &u) in events.iter_mut().zip(rate.iter()).zip(uniforms.iter()) {
                    *k = (u < p) as u32;
                }
            }
        }
    }
}

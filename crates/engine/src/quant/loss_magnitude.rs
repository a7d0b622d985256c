//! Loss magnitude (LM): the loss from one loss event, primary plus secondary.
//!
//! Per trial with events, the first event's primary loss is Latin-hypercube sampled
//! across those trials, and the further events of all years are sampled as one more
//! Latin hypercube (in batches of at most one per trial), shuffled over those years. Secondary
//! loss: in a year with one event, the stakeholders' reaction is a stratified draw
//! against E[SLEF] and the reacting years' secondary loss is stratified; a year with
//! several events draws one SLEF, then each event's reaction and secondary loss.

use crate::model::distribution::QuantileTable;
use crate::model::fair_model::{GivenFactor, MagnitudeSource};
use crate::model::settings::Sampling;
use crate::quant::loss_event_frequency::input;
use crate::quant::sampling::{Draws, Stream};

/// Working arrays reused from risk to risk (at most one entry per trial each).
#[derive(Debug, Default)]
pub struct EventScratch {
    values: Vec<f64>,
    busy: Vec<u32>,
    batch: Vec<f64>,
    reactions: Vec<u32>,
}

/// Per-trial multipliers of the losses, from the controls acting on a risk (`None`:
/// nothing reduces that part).
#[derive(Debug, Clone, Copy, Default)]
pub struct LossScale<'a> {
    /// Per-trial multiplier (0–1) of the primary loss (or the whole loss magnitude), if any
    /// control reduces it.
    pub primary: Option<&'a [f64]>,
    /// Per-trial multiplier (0–1) of the secondary loss, if any control reduces it.
    pub secondary: Option<&'a [f64]>,
}

/// `total` draws from a table (or probabilities, without one), handed out one at a time
/// and made in batches of at most `cap`, each batch one Latin hypercube under LHS, so a
/// sample of any size needs O(cap) memory.
struct Batched<'a> {
    stream: Stream,
    sampling: Sampling,
    table: Option<&'a QuantileTable>,
    left: usize,
    cap: usize,
    buffer: &'a mut Vec<f64>,
    next: usize,
}

impl<'a> Batched<'a> {
    fn new(
        stream: Stream,
        sampling: Sampling,
        table: Option<&'a QuantileTable>,
        total: usize,
        cap: usize,
        buffer: &'a mut Vec<f64>,
    ) -> Self {
        buffer.clear();
        Batched {
            stream,
            sampling,
            table,
            left: total,
            cap: cap.max(1),
            buffer,
            next: 0,
        }
    }

    /// The next draw; at most `total` calls.
    #[inline]
    fn next(&mut self) -> f64 {
        if self.next == self.buffer.len() {
            let n = self.left.min(self.cap);
            debug_assert!(n > 0, "more draws taken than announced");
            self.buffer.resize(n, 0.0);
            match self.table {
                Some(table) => self.stream.fill_from(self.sampling, self.buffer, table),
                None => self.stream.fill(self.sampling, self.buffer),
            }
            self.left -= n;
            self.next = 0;
        }
        self.next += 1;
        self.buffer[self.next - 1]
    }
}

/// A risk's loss magnitude (loss per loss event, currency units), ready to sample: primary
/// loss plus optional secondary loss.
#[derive(Debug, Clone)]
pub struct LossMagnitude {
    primary: QuantileTable,
    /// Secondary loss event frequency and secondary loss magnitude.
    secondary: Option<(QuantileTable, QuantileTable)>,
    /// E[SLEF] as the table samples it.
    secondary_mean: f64,
}

impl LossMagnitude {
    /// Builds the sampling tables of a checked model's magnitude branch.
    pub fn new(source: &MagnitudeSource) -> Self {
        let table = |f: &GivenFactor| QuantileTable::new(f.shape());
        let (primary, secondary) = match source {
            MagnitudeSource::Direct(f) => (table(f), None),
            MagnitudeSource::Split { primary, secondary } => {
                (table(primary), secondary.map(|(f, m)| (table(&f), table(&m))))
            }
        };
        let mut secondary_mean = 0.0;
        if let Some((f, _)) = &secondary {
            f.nodes(|w, p| secondary_mean += w * p);
        }
        LossMagnitude {
            primary,
            secondary,
            secondary_mean,
        }
    }

    /// E[primary] and E[SLEF]·E[SLM]: the two parts a control's primary and secondary
    /// loss reductions scale.
    pub fn means(&self) -> (f64, f64) {
        (
            self.primary.shape().mean(),
            self.secondary
                .as_ref()
                .map_or(0.0, |(f, m)| f.shape().mean() * m.shape().mean()),
        )
    }

    /// E[LM] = E[primary] + E[SLEF]·E[SLM].
    pub fn mean(&self) -> f64 {
        self.primary.shape().mean()
            + self
                .secondary
                .as_ref()
                .map_or(0.0, |(f, m)| f.shape().mean() * m.shape().mean())
    }

    /// Sets `loss[t]` to the losses of the `events[t]` events of each trial.
    /// `scratch` needs room for one value per trial with at least one event.
    /// The primary losses are multiplied by `scale.primary`, each secondary loss by
    /// `scale.secondary`.
    pub fn add_event_losses(
        &self,
        draws: Draws<'_>,
        events: &[u32],
        loss: &mut [f64],
        work: &mut EventScratch,
        scale: &LossScale,
    ) {
        let EventScratch {
            values: scratch,
            busy,
            batch,
            ..
        } = work;
        let with_events = events.iter().filter(|&&k| k > 0).count();
        scratch.clear();
        // One spare slot: the loop below reads scratch[j] before knowing whether the
        // trial has an event, so that it needs no branch in the common case.
        scratch.resize(with_events + 1, 0.0);
        draws
            .stream(input::PRIMARY)
            .fill_from(draws.sampling, &mut scratch[..with_events], &self.primary);
        // First events, without branches; the (few) trials with further events are
        // noted on the way, also without branches.
        busy.resize(events.len() + 1, 0);
        let (mut j, mut m) = (0, 0);
        for (t, &k) in events.iter().enumerate() {
            let has = (k > 0) as usize;
            loss[t] = scratch[j] * has as f64;
            j += has;
            busy[m] = t as u32;
            m += (k > 1) as usize;
        }
        // Further events: one stratified sample over all of them.
        let left: usize = busy[..m].iter().map(|&t| events[t as usize] as usize - 1).sum();
        let mut further = Batched::new(
            draws.stream(input::FURTHER_EVENTS),
            draws.sampling,
            Some(&self.primary),
            left,
            events.len(),
            batch,
        );
        for &t in &busy[..m] {
            for _ in 1..events[t as usize] {
                loss[t as usize] += further.next();
            }
        }
        if let Some(s) = scale.primary {
            loss.iter_mut().zip(s).for_each(|(l, s)| *l *= s);
        }
        if let Some((frequency, magnitude)) = &self.secondary {
            self.add_secondary(draws, events, loss, (frequency, magnitude), work, scale.secondary);
        }
    }

    /// Secondary losses. In a year with one event, the reaction depends on SLEF only
    /// through its mean, so a stratified draw against E[SLEF] decides it and the reacting
    /// years' SLM is stratified too (exact in distribution, and LHS then fixes how many
    /// years see a reaction). Years with several events share one SLEF draw, as the model
    /// says; those draws, the events' reactions and the reacting events' SLM are each one
    /// more stratified sample.
    fn add_secondary(
        &self,
        draws: Draws<'_>,
        events: &[u32],
        loss: &mut [f64],
        (frequency, magnitude): (&QuantileTable, &QuantileTable),
        work: &mut EventScratch,
        scale: Option<&[f64]>,
    ) {
        let EventScratch {
            values: scratch,
            busy: years,
            batch,
            reactions,
        } = work;
        let factor = |t: usize| scale.map_or(1.0, |s| s[t]);
        // The one-event years, then (kept in place) those that see a reaction.
        years.clear();
        years.extend((0..events.len() as u32).filter(|&t| events[t as usize] == 1));
        scratch.clear();
        scratch.resize(years.len(), 0.0);
        draws.stream(input::SECONDARY_SINGLE).fill(draws.sampling, scratch);
        let mut reacting = 0;
        for j in 0..years.len() {
            if scratch[j] < self.secondary_mean {
                years[reacting] = years[j];
                reacting += 1;
            }
        }
        scratch.resize(reacting, 0.0);
        draws
            .stream(input::SECONDARY_SINGLE_MAGNITUDE)
            .fill_from(draws.sampling, scratch, magnitude);
        for (&t, &m) in years[..reacting].iter().zip(scratch.iter()) {
            loss[t as usize] += m * factor(t as usize);
        }
        // Years with several events: their SLEF, then each event's reaction.
        years.clear();
        years.extend((0..events.len() as u32).filter(|&t| events[t as usize] > 1));
        let several: usize = years.iter().map(|&t| events[t as usize] as usize).sum();
        let cap = events.len();
        let mut probability = Batched::new(
            draws.stream(input::SECONDARY_FREQUENCY),
            draws.sampling,
            Some(frequency),
            years.len(),
            cap,
            batch,
        );
        let mut occurs = Batched::new(
            draws.stream(input::SECONDARY_OCCURS),
            draws.sampling,
            None,
            several,
            cap,
            scratch,
        );
        reactions.clear();
        for &t in years.iter() {
            let p = probability.next();
            reactions.push((0..events[t as usize]).map(|_| (occurs.next() < p) as u32).sum());
        }
        let reacting: usize = reactions.iter().map(|&r| r as usize).sum();
        let mut size = Batched::new(
            draws.stream(input::SECONDARY_MAGNITUDE),
            draws.sampling,
            Some(magnitude),
            reacting,
            cap,
            batch,
        );
        for (&t, &r) in years.iter().zip(reactions.iter()) {
            for _ in 0..r {
                loss[t as usize] += size.next() * factor(t as usize);
            }
        }
    }

    /// The rate × magnitude model: `loss[t] = rate[t] × LM[t]`, one LM draw per trial,
    /// with secondary loss counted as SLEF × SLM (as pyfair does).
    pub fn rate_times_magnitude(
        &self,
        draws: Draws<'_>,
        rate: &[f64],
        loss: &mut [f64],
        work: &mut EventScratch,
        scale: &LossScale,
    ) {
        let EventScratch {
            values: frequencies,
            batch: sizes,
            ..
        } = work;
        let n = rate.len();
        draws
            .stream(input::PRIMARY)
            .fill_from(draws.sampling, loss, &self.primary);
        if let Some(s) = scale.primary {
            loss.iter_mut().zip(s).for_each(|(l, s)| *l *= s);
        }
        if let Some((frequency, magnitude)) = &self.secondary {
            frequencies.resize(n, 0.0);
            sizes.resize(n, 0.0);
            draws
                .stream(input::SECONDARY_FREQUENCY)
                .fill_from(draws.sampling, frequencies, frequency);
            draws
                .stream(input::SECONDARY_MAGNITUDE)
                .fill_from(draws.sampling, sizes, magnitude);
            if let Some(scale) = scale.secondary {
                sizes.iter_mut().zip(scale).for_each(|(m, s)| *m *= s);
            }
            for ((l, f), s) in loss.iter_mut().zip(frequencies.iter()).zip(sizes.iter()) {
                *l += f * s;
            }
        }
        for (l, r) in loss.iter_mut().zip(rate) {
            *l *= r;
        }
    }
}

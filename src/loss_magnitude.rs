//! Loss magnitude (LM): the loss from one loss event, primary plus secondary.
//!
//! Per trial with events, the first event's primary loss is Latin-hypercube sampled
//! across those trials; further events in the same year draw independently. Secondary
//! loss: in a year with one event, the stakeholders' reaction is a stratified draw
//! against E[SLEF] and the reacting years' secondary loss is stratified; a year with
//! several events draws one SLEF, then each event's reaction and secondary loss.

use crate::distribution::QuantileTable;
use crate::fair_model::{Factor, MagnitudeSource};
use crate::loss_event_frequency::input;
use crate::sampling::{Sampling, Stream};

/// Working arrays reused from risk to risk (at most one entry per trial each).
#[derive(Debug, Default)]
pub struct EventScratch {
    values: Vec<f64>,
    busy: Vec<u32>,
    batch: Vec<f64>,
}

#[derive(Debug, Clone)]
pub struct LossMagnitude {
    primary: QuantileTable,
    /// Secondary loss event frequency and secondary loss magnitude.
    secondary: Option<(QuantileTable, QuantileTable)>,
    /// E[SLEF] as the table samples it.
    secondary_mean: f64,
}

impl LossMagnitude {
    pub fn new(source: &MagnitudeSource) -> Self {
        let table = |f: &Factor| QuantileTable::new(f.shape());
        let (primary, secondary) = match source {
            MagnitudeSource::Direct(f) => (table(f), None),
            MagnitudeSource::Split { primary, secondary } => (table(primary), secondary.map(|(f, m)| (table(&f), table(&m)))),
        };
        let mut secondary_mean = 0.0;
        if let Some((f, _)) = &secondary {
            f.nodes(|w, p| secondary_mean += w * p);
        }
        LossMagnitude { primary, secondary, secondary_mean }
    }

    /// E[LM] = E[primary] + E[SLEF]·E[SLM].
    pub fn mean(&self) -> f64 {
        self.primary.shape().mean() + self.secondary.as_ref().map_or(0.0, |(f, m)| f.shape().mean() * m.shape().mean())
    }

    /// Sets `loss[t]` to the losses of the `events[t]` events of each trial.
    /// `scratch` needs room for one value per trial with at least one event.
    pub fn add_event_losses(&self, seed: u64, key: &str, sampling: Sampling, events: &[u32], loss: &mut [f64], work: &mut EventScratch) {
        let EventScratch { values: scratch, busy, batch } = work;
        let with_events = events.iter().filter(|&&k| k > 0).count();
        scratch.clear();
        // One spare slot: the loop below reads scratch[j] before knowing whether the
        // trial has an event, so that it needs no branch in the common case.
        scratch.resize(with_events + 1, 0.0);
        Stream::new(seed, key, input::PRIMARY).fill_from(sampling, &mut scratch[..with_events], &self.primary);
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
        // Further events in a year draw independently, through the table in batches of
        // at most one per trial (so memory stays O(trials) however frequent the events).
        let mut left: usize = busy[..m].iter().map(|&t| events[t as usize] as usize - 1).sum();
        batch.resize(left.min(events.len()), 0.0);
        let mut stream = Stream::new(seed, key, input::FURTHER_EVENTS);
        let (mut next, mut filled) = (0, 0);
        for &t in &busy[..m] {
            let mut k = events[t as usize] as usize - 1;
            while k > 0 {
                if next == filled {
                    filled = left.min(batch.len());
                    stream.fill(Sampling::Mc, &mut batch[..filled]);
                    self.primary.sample_in_place(&mut batch[..filled]);
                    left -= filled;
                    next = 0;
                }
                let take = k.min(filled - next);
                loss[t as usize] += batch[next..next + take].iter().sum::<f64>();
                next += take;
                k -= take;
            }
        }
        if let Some((frequency, magnitude)) = &self.secondary {
            self.add_secondary(seed, key, sampling, events, loss, (frequency, magnitude), (scratch, busy));
        }
    }

    /// Secondary losses. In a year with one event, the reaction depends on SLEF only
    /// through its mean, so a stratified draw against E[SLEF] decides it and the reacting
    /// years' SLM is stratified too (exact in distribution, and LHS then fixes how many
    /// years see a reaction). Years with several events share one SLEF draw, as the model
    /// says, and draw each reaction and SLM independently.
    #[allow(clippy::too_many_arguments)]
    fn add_secondary(
        &self,
        seed: u64,
        key: &str,
        sampling: Sampling,
        events: &[u32],
        loss: &mut [f64],
        (frequency, magnitude): (&QuantileTable, &QuantileTable),
        (scratch, years): (&mut Vec<f64>, &mut Vec<u32>),
    ) {
        // The one-event years, then (kept in place) those that see a reaction.
        years.clear();
        years.extend((0..events.len() as u32).filter(|&t| events[t as usize] == 1));
        scratch.clear();
        scratch.resize(years.len(), 0.0);
        Stream::new(seed, key, input::SECONDARY_SINGLE).fill(sampling, scratch);
        let mut reacting = 0;
        for j in 0..years.len() {
            if scratch[j] < self.secondary_mean {
                years[reacting] = years[j];
                reacting += 1;
            }
        }
        scratch.resize(reacting, 0.0);
        Stream::new(seed, key, input::SECONDARY_SINGLE_MAGNITUDE).fill_from(sampling, scratch, magnitude);
        for (&t, &m) in years[..reacting].iter().zip(scratch.iter()) {
            loss[t as usize] += m;
        }
        let mut probability = Stream::new(seed, key, input::SECONDARY_FREQUENCY);
        let mut occurs = Stream::new(seed, key, input::SECONDARY_OCCURS);
        let mut size = Stream::new(seed, key, input::SECONDARY_MAGNITUDE);
        for (t, &k) in events.iter().enumerate().filter(|&(_, &k)| k > 1) {
            let p = frequency.sample(probability.unit());
            for _ in 0..k {
                let reacts = (occurs.unit() < p) as u8 as f64;
                loss[t] += reacts * magnitude.sample(size.unit());
            }
        }
    }

    /// The rate × magnitude model: `loss[t] = rate[t] × LM[t]`, one LM draw per trial,
    /// with secondary loss counted as SLEF × SLM (as pyfair does).
    pub fn rate_times_magnitude(&self, seed: u64, key: &str, sampling: Sampling, rate: &[f64], loss: &mut [f64], work: &mut EventScratch) {
        let EventScratch { values: frequencies, batch: sizes, .. } = work;
        let n = rate.len();
        Stream::new(seed, key, input::PRIMARY).fill_from(sampling, loss, &self.primary);
        if let Some((frequency, magnitude)) = &self.secondary {
            frequencies.resize(n, 0.0);
            sizes.resize(n, 0.0);
            Stream::new(seed, key, input::SECONDARY_FREQUENCY).fill_from(sampling, frequencies, frequency);
            Stream::new(seed, key, input::SECONDARY_MAGNITUDE).fill_from(sampling, sizes, magnitude);
            for ((l, f), s) in loss.iter_mut().zip(frequencies.iter()).zip(sizes.iter()) {
                *l += f * s;
            }
        }
        for (l, r) in loss.iter_mut().zip(rate) {
            *l *= r;
        }
    }
}

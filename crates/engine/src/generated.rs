//! Registers generated across the whole allowed space, from a seed: for the generative
//! tests (natively and in wasm) and for benchmarking on registers unlike the demo.
//!
//! Every distribution kind and event model; amounts from a tenth of a cent to the
//! largest Residual simulates (and, when asked, beyond it, to check the refusal);
//! zero-based anchors; constant frequencies of 0 and 50; Bernoulli probabilities of 0
//! and 1; capability and resistance at 0 and 100; controls whose effectiveness is 0 or
//! 1; transfers with a cap of 0; 1 to 200 risks; prime and round trial counts; both
//! samplings. A generated register passes `validation::check` unless `beyond_limits`
//! put a number past a limit in it.

use crate::model::control::{Control, ControlStatus, Effect, ReducedFactor, Reduction};
use crate::model::criteria::{Anchor, MatrixStyle, preset};
use crate::model::distribution::{Bounds, Distribution};
use crate::model::fair_model::{EventModel, FairModel};
use crate::model::register::Register;
use crate::model::risk::{Assessment, Impact, LevelsFollow, Risk, RiskStatus};
use crate::model::security_property::Cia;
use crate::model::settings::Sampling;
use crate::model::settings::SimulationSettings;
use crate::model::treatment::{Transfer, Treatment, TreatmentOption};

/// The settings of the reference runs whose bytes are pinned in
/// `tests/fixtures/demo-simulation.json`: one definition for the native test that writes
/// the fixture and the browser test that checks wasm gives the same bytes.
pub const REFERENCE_SIMULATION: SimulationSettings = SimulationSettings {
    trials: 3_000,
    seed: 27_001,
    sampling: Sampling::Lhs,
};

/// The settings of the reference treatment run (`tests/fixtures/demo-treatment.json`).
pub const REFERENCE_TREATMENT: SimulationSettings = SimulationSettings {
    trials: 2_000,
    ..REFERENCE_SIMULATION
};

/// A small deterministic generator (SplitMix64): the same seed, the same register.
pub struct Dice(u64);

impl Dice {
    /// A generator seeded with `seed`; equal seeds give equal sequences.
    pub fn new(seed: u64) -> Dice {
        Dice(seed ^ 0x5DEE_CE66_D1CE_5EED)
    }

    /// The next 64 uniformly random bits (one SplitMix64 step).
    pub fn next_u64(&mut self) -> u64 {
        crate::quant::sampling::splitmix64(&mut self.0)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..n.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p` (0–1).
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One of `items`, each equally likely; `items` must not be empty.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// 10^x for x uniform in [low, high].
    pub fn decades(&mut self, low: f64, high: f64) -> f64 {
        10f64.powf(low + (high - low) * self.unit())
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Space {
    /// The most risks (at least 1).
    pub max_risks: usize,
    /// The most trials.
    pub max_trials: u32,
    /// Put a number past a limit (an amount up to 1e300, a frequency up to 1e300)
    /// into one risk, to check that it is refused with the field named.
    pub beyond_limits: bool,
}

impl Default for Space {
    fn default() -> Self {
        Space {
            max_risks: 200,
            max_trials: 20_000,
            beyond_limits: false,
        }
    }
}

/// A generated register and the settings to simulate it with.
pub struct Generated {
    /// The generated register; valid unless [`Space::beyond_limits`] was set.
    pub register: Register,
    /// Trials, seed and sampling to simulate it with.
    pub settings: SimulationSettings,
}

/// Trial counts: primes, round numbers, tiny ones.
const TRIALS: [u32; 12] = [1, 2, 3, 7, 97, 100, 1_000, 1_024, 4_096, 9_973, 10_000, 20_000];

/// One register from `seed`.
pub fn register(seed: u64, space: Space) -> Generated {
    let mut dice = Dice::new(seed);
    let size = dice.pick(&[3usize, 4, 5]);
    let style = if dice.chance(0.5) {
        MatrixStyle::Multiplicative
    } else {
        MatrixStyle::Additive
    };
    let mut criteria = preset(size, style).expect("3×3 to 5×5 are presets");
    anchor_scale(
        &mut dice,
        &mut criteria.likelihood,
        (-3.0, 2.0),
        crate::model::limits::MAX_FREQUENCY,
    );
    anchor_scale(
        &mut dice,
        &mut criteria.impact,
        (-3.0, 14.0),
        crate::model::limits::MAX_AMOUNT,
    );
    let mut register = Register::new(
        format!("gen-{seed}"),
        format!("Generated {seed}"),
        "EUR",
        criteria,
        "2026-01-01T00:00:00Z",
    );
    let risks = 1 + match dice.below(4) {
        0 => 0,
        1 => dice.below(5),
        2 => dice.below(30),
        _ => dice.below(space.max_risks.max(1)),
    }
    .min(space.max_risks.max(1) - 1);
    for i in 0..risks {
        let risk = risk(&mut dice, &register, i);
        register.risks.push(risk);
    }
    if space.beyond_limits {
        put_beyond_limits(&mut dice, &mut register);
    }
    add_controls(&mut dice, &mut register);
    let trials = TRIALS
        .iter()
        .copied()
        .filter(|&t| t <= space.max_trials)
        .collect::<Vec<_>>();
    let settings = SimulationSettings {
        trials: dice.pick(&trials),
        seed: dice.next_u64() >> 11,
        sampling: if dice.chance(0.5) { Sampling::Lhs } else { Sampling::Mc },
    };
    register.simulation = settings;
    Generated { register, settings }
}

/// Anchors that rise with the scale, the lowest sometimes starting at 0, over `decades`.
fn anchor_scale(dice: &mut Dice, scale: &mut [crate::model::criteria::ScaleLevel], decades: (f64, f64), limit: f64) {
    let mut edges: Vec<f64> = (0..=scale.len()).map(|_| dice.decades(decades.0, decades.1)).collect();
    edges.sort_by(f64::total_cmp);
    edges.dedup();
    while edges.len() <= scale.len() {
        let top = *edges.last().expect("not empty");
        edges.push(top * 2.0);
    }
    if dice.chance(0.3) {
        edges[0] = 0.0;
    }
    for (i, level) in scale.iter_mut().enumerate() {
        level.anchor = Some(Anchor {
            low: edges[i],
            high: edges[i + 1].min(limit).max(edges[i] * 1.5 + 1e-3),
        });
    }
}

/// A distribution of any kind the quantity's bounds allow, around `scale`.
fn estimate(dice: &mut Dice, bounds: Bounds, scale: f64) -> Distribution {
    let probability = bounds.upper.is_finite();
    let (lo, hi) = if probability {
        let a = dice.unit() * bounds.upper;
        let b = dice.unit() * bounds.upper;
        (a.min(b), a.max(b))
    } else {
        let a = scale * dice.decades(-1.0, 0.0);
        (a, a * dice.decades(0.05, 2.0))
    };
    let hi = if hi > lo {
        hi
    } else {
        lo + (bounds.upper.min(lo + 1.0) - lo).max(1e-9)
    };
    let mode = lo + (hi - lo) * dice.unit();
    let edge = if probability {
        dice.pick(&[bounds.lower, bounds.upper])
    } else {
        0.0
    };
    let empirical = if probability { 7 } else { 8 };
    match dice.below(empirical + 1) {
        // Observed values: one, a few or many, some at the edge (0 for a loss).
        k if k == empirical => {
            let count = dice.pick(&[1usize, 2, 17, 1000]);
            Distribution::empirical(
                (0..count)
                    .map(|_| {
                        if dice.chance(0.1) {
                            edge
                        } else {
                            lo + (hi - lo) * dice.unit()
                        }
                    })
                    .collect(),
            )
        }
        0 => Distribution::Constant {
            value: if dice.chance(0.3) { edge } else { mode },
        },
        1 => Distribution::Uniform { min: lo, max: hi },
        2 => Distribution::Triangular { min: lo, mode, max: hi },
        3 => Distribution::Pert {
            min: lo,
            mode,
            max: hi,
            gamma: dice.pick(&[1.0, 4.0, 20.0]),
        },
        4 => Distribution::Normal {
            mean: mode,
            sd: (hi - lo).max(1e-6) / 2.0,
        },
        5 if probability => Distribution::Beta {
            alpha: dice.decades(-1.0, 2.0),
            beta: dice.decades(-1.0, 2.0),
        },
        5 => Distribution::Lognormal {
            low: lo.max(1e-3),
            high: hi.max(lo.max(1e-3) * 1.01),
        },
        6 if probability => Distribution::Constant { value: edge },
        6 => Distribution::Poisson { mean: mode.min(1e6) },
        _ => Distribution::Lognormal {
            low: lo.max(1e-3),
            high: hi.max(lo.max(1e-3) * 1.01),
        },
    }
}

/// A frequency estimate: sometimes exactly 0 or 50 a year.
fn frequency(dice: &mut Dice, model: EventModel) -> Distribution {
    if model == EventModel::Bernoulli {
        return match dice.below(4) {
            0 => Distribution::Constant {
                value: dice.pick(&[0.0, 1.0]),
            },
            _ => estimate(dice, Bounds::PROBABILITY, 1.0),
        };
    }
    match dice.below(6) {
        0 => Distribution::Constant {
            value: dice.pick(&[0.0, 50.0]),
        },
        _ => {
            let scale = dice.decades(-3.0, 1.0);
            estimate(dice, Bounds::NON_NEGATIVE, scale)
        }
    }
}

/// A loss estimate, from a tenth of a cent to the largest amount.
fn loss(dice: &mut Dice) -> Distribution {
    let scale = dice.decades(-3.0, 13.0);
    let d = estimate(dice, Bounds::NON_NEGATIVE, scale);
    clamp_amounts(d)
}

/// Keeps every parameter of a loss estimate within the largest amount.
fn clamp_amounts(mut d: Distribution) -> Distribution {
    for (parameter, value) in d.parameters() {
        if parameter.in_units() && value > crate::model::limits::MAX_AMOUNT {
            d.set(parameter, crate::model::limits::MAX_AMOUNT)
                .expect("a parameter of the estimate");
        }
    }
    if let Distribution::Lognormal { low, high } = &mut d
        && *high <= *low
    {
        *low = *high / 2.0;
    }
    if let Distribution::Empirical { values } = &mut d {
        for v in values {
            *v = v.min(crate::model::limits::MAX_AMOUNT);
        }
    }
    d
}

fn score(dice: &mut Dice, levels: usize) -> u8 {
    1 + dice.below(levels) as u8
}

fn risk(dice: &mut Dice, register: &Register, i: usize) -> Risk {
    let criteria = &register.criteria;
    let mut risk = Risk {
        id: format!("G-{i}"),
        title: format!("Generated risk {i}"),
        description: String::new(),
        assets: Vec::new(),
        threat: String::new(),
        vulnerability: String::new(),
        owner: "Owner".into(),
        category: String::new(),
        affects: Cia {
            confidentiality: true,
            integrity: dice.chance(0.5),
            availability: dice.chance(0.5),
        },
        status: if dice.chance(0.05) {
            RiskStatus::Closed
        } else {
            RiskStatus::Analysed
        },
        assessment: None,
        fair: None,
        levels_follow: if dice.chance(0.2) {
            LevelsFollow::Scores
        } else {
            LevelsFollow::Model
        },
        review_date: None,
        notes: String::new(),
    };
    if dice.chance(0.7) {
        risk.assessment = Some(Assessment {
            likelihood: score(dice, criteria.likelihood.len()),
            impact: Impact::Overall(score(dice, criteria.impact.len())),
            criteria_version: criteria.version,
        });
    }
    if risk.assessment.is_none() || dice.chance(0.6) {
        risk.fair = Some(fair_model(dice));
    }
    risk
}

fn fair_model(dice: &mut Dice) -> FairModel {
    let event_model = dice.pick(&[EventModel::Poisson, EventModel::Bernoulli, EventModel::Rate]);
    let mut m = FairModel {
        event_model,
        ..Default::default()
    };
    if dice.chance(0.5) {
        m.loss_event_frequency = Some(frequency(dice, event_model));
    } else {
        if dice.chance(0.6) {
            m.threat_event_frequency = Some(frequency(dice, EventModel::Poisson));
        } else {
            m.contact_frequency = Some(frequency(dice, EventModel::Poisson));
            m.probability_of_action = Some(estimate(dice, Bounds::PROBABILITY, 1.0));
        }
        if dice.chance(0.5) {
            m.vulnerability = Some(estimate(dice, Bounds::PROBABILITY, 1.0));
        } else {
            let edge = |dice: &mut Dice| Distribution::Constant {
                value: dice.pick(&[0.0, 100.0]),
            };
            m.threat_capability = Some(if dice.chance(0.2) {
                edge(dice)
            } else {
                estimate(dice, Bounds::SCORE_0_100, 100.0)
            });
            m.resistance_strength = Some(if dice.chance(0.2) {
                edge(dice)
            } else {
                estimate(dice, Bounds::SCORE_0_100, 100.0)
            });
        }
    }
    if dice.chance(0.5) {
        m.loss_magnitude = Some(loss(dice));
    } else {
        m.primary_loss = Some(loss(dice));
        if dice.chance(0.6) {
            m.secondary_loss_event_frequency = Some(estimate(dice, Bounds::PROBABILITY, 1.0));
            m.secondary_loss_magnitude = Some(loss(dice));
        }
    }
    m
}

/// Puts one number past a limit into a FAIR risk (adding one if there is none).
fn put_beyond_limits(dice: &mut Dice, register: &mut Register) {
    let huge = dice.decades(15.5, 300.0);
    let index = register.risks.iter().position(|r| r.fair.is_some()).unwrap_or(0);
    let risk = &mut register.risks[index];
    risk.status = RiskStatus::Analysed;
    let mut m = FairModel {
        event_model: EventModel::Poisson,
        loss_event_frequency: Some(Distribution::Constant { value: 1.0 }),
        loss_magnitude: Some(Distribution::Constant { value: 1.0 }),
        ..Default::default()
    };
    if dice.chance(0.5) {
        m.loss_magnitude = Some(Distribution::Uniform { min: 1.0, max: huge });
    } else {
        m.loss_event_frequency = Some(Distribution::Uniform {
            min: 1.0,
            max: huge.min(1e300),
        });
    }
    risk.fair = Some(m);
}

/// Controls with reductions of every factor (effectiveness from 0 to 1), linked to
/// some risks, with treatments of every option and transfers (some capped at 0).
fn add_controls(dice: &mut Dice, register: &mut Register) {
    let count = dice.below(4);
    for c in 0..count {
        let mut control = Control::planned(&format!("ORG-{c}"), &format!("Generated control {c}"));
        control.status = dice.pick(&ControlStatus::ALL);
        control.annual_cost = dice.decades(0.0, 6.0);
        let factors = dice.below(3);
        for f in 0..factors {
            let effectiveness = match dice.below(3) {
                0 => Distribution::Constant {
                    value: dice.pick(&[0.0, 1.0]),
                },
                _ => estimate(dice, Bounds::PROBABILITY, 1.0),
            };
            let factor = ReducedFactor::ALL[(f + dice.below(4)) % 4];
            if control.effect.reductions.iter().all(|r| r.factor != factor) {
                control.effect.reductions.push(Reduction { factor, effectiveness });
            }
        }
        if dice.chance(0.3) {
            control.effect = Effect {
                likelihood_levels: 1,
                impact_levels: dice.below(2) as u8,
                ..control.effect
            };
        }
        register.controls.push(control);
    }
    let ids: Vec<String> = register.risks.iter().map(|r| r.id.clone()).collect();
    for id in ids {
        if !dice.chance(0.4) {
            continue;
        }
        let option = dice.pick(&TreatmentOption::ALL);
        let mut treatment = Treatment::new(&id);
        treatment.option = option;
        treatment.rationale = "Generated".into();
        treatment.controls = register
            .controls
            .iter()
            .filter(|_| dice.chance(0.6))
            .map(|c| c.id.clone())
            .collect();
        if option == TreatmentOption::Share || dice.chance(0.2) {
            treatment.transfer = Some(Transfer {
                deductible: if dice.chance(0.3) { 0.0 } else { dice.decades(0.0, 7.0) },
                share: dice.pick(&[0.0, 0.5, 1.0]),
                cap: if dice.chance(0.3) {
                    Some(0.0)
                } else if dice.chance(0.5) {
                    Some(dice.decades(3.0, 9.0))
                } else {
                    None
                },
                annual_premium: dice.decades(0.0, 5.0),
                in_force: dice.chance(0.5),
            });
        }
        register.treatments.push(treatment);
    }
}

/// What is wrong with a simulation result, if anything: a statistic that is not finite,
/// percentiles out of order, VaR above ES, probabilities outside [0, 1], or the
/// register's mean other than the sum of its risks' (up to half a cent per risk-year
/// of rounding; a register whose total saturated the cents is exempt).
pub fn violations(result: &crate::quant::simulation::SimulationResult) -> Vec<String> {
    let mut found = Vec::new();
    for (name, summary) in result
        .risks
        .iter()
        .map(|r| (r.id.as_str(), &r.summary))
        .chain([("register", &result.register)])
    {
        summary_violations(name, summary, result.trials, &mut found);
    }
    let sum: f64 = result.risks.iter().map(|r| r.summary.mean).sum();
    let saturated = result.register.max >= i64::MAX as f64 / 100.0 * 0.999;
    let slack = 0.005 * result.risks.len() as f64 + 1e-9 * sum.abs();
    if !saturated && (result.register.mean - sum).abs() > slack {
        found.push(format!(
            "register: mean {} is not the sum of the risks' means {sum}",
            result.register.mean
        ));
    }
    found
}

fn summary_violations(name: &str, s: &crate::quant::statistics::Summary, trials: u32, found: &mut Vec<String>) {
    let scalars = [
        ("mean", s.mean),
        ("sd", s.sd),
        ("min", s.min),
        ("max", s.max),
        ("var95", s.var95),
        ("var99", s.var99),
        ("es95", s.es95),
        ("es99", s.es99),
        ("se_mean", s.se_mean),
        ("p_zero", s.p_zero),
    ];
    for (field, value) in scalars {
        if !value.is_finite() {
            found.push(format!("{name}: {field} is {value}"));
        }
    }
    let order = [s.min, s.p5, s.p10, s.p25, s.p50, s.p75, s.p90, s.p95, s.p99, s.max];
    let tolerance = |x: f64| 1e-9 * x.abs().max(1.0);
    if order.windows(2).any(|w| !(w[0] <= w[1] + tolerance(w[1]))) {
        found.push(format!("{name}: min ≤ p5 ≤ … ≤ p99 ≤ max fails: {order:?}"));
    }
    if !(s.min <= s.mean + tolerance(s.mean) && s.mean <= s.max + tolerance(s.max)) {
        found.push(format!("{name}: mean {} outside [{}, {}]", s.mean, s.min, s.max));
    }
    if !(s.var95 <= s.es95 + tolerance(s.es95)
        && s.var99 <= s.es99 + tolerance(s.es99)
        && s.es95 <= s.es99 + tolerance(s.es99)
        && s.es99 <= s.max + tolerance(s.max))
    {
        found.push(format!(
            "{name}: VaR ≤ ES ≤ max fails: var95 {} es95 {} var99 {} es99 {} max {}",
            s.var95, s.es95, s.var99, s.es99, s.max
        ));
    }
    if !(s.p90_ci[0] <= s.p90 + tolerance(s.p90) && s.p90 <= s.p90_ci[1] + tolerance(s.p90)) {
        found.push(format!("{name}: p90 {} outside its interval {:?}", s.p90, s.p90_ci));
    }
    let probability = |p: f64| (0.0..=1.0).contains(&p);
    if !probability(s.p_zero)
        || !s.exceedance.iter().all(|&p| probability(p))
        || s.exceedance.windows(2).any(|w| w[1] > w[0])
    {
        found.push(format!(
            "{name}: p_zero {} or exceedances {:?} are not decreasing probabilities",
            s.p_zero, s.exceedance
        ));
    }
    let lec = &s.lec;
    if !lec.p.iter().all(|&p| probability(p))
        || lec.p.windows(2).any(|w| w[1] > w[0])
        || lec.x.windows(2).any(|w| !(w[0] < w[1]))
    {
        found.push(format!(
            "{name}: the exceedance curve is not a decreasing probability over rising losses"
        ));
    }
    if lec.counts.iter().sum::<u64>() > u64::from(trials) {
        found.push(format!("{name}: the histogram counts more years than trials"));
    }
}

/// The demo register written to pyfair and read back: its lognormal estimates return as
/// empirical ones (pyfair's raw samples). Its simulation is pinned in
/// `tests/fixtures/demo-pyfair-simulation.json`, natively and in wasm alike.
pub fn demo_through_pyfair() -> Register {
    let demo = crate::io::document::load(crate::DEMO_REGISTER_JSON)
        .expect("the demo loads")
        .register;
    let (text, _) = crate::exchange::pyfair::write(&demo);
    crate::exchange::pyfair::read(&text, &demo.currency)
        .expect("pyfair's JSON of the demo reads back")
        .0
}

/// The simulations pinned in `tests/fixtures/demo-pyfair-simulation.json`: the demo
/// through pyfair at [`REFERENCE_SIMULATION`], under Latin hypercube then Monte Carlo, as
/// one JSON array. One definition for the native test that writes the fixture and the
/// browser test that checks wasm gives the same bytes.
pub fn demo_through_pyfair_simulated() -> String {
    let register = demo_through_pyfair();
    let run = |sampling| {
        let settings = SimulationSettings {
            sampling,
            ..REFERENCE_SIMULATION
        };
        let result = crate::quant::simulation::simulate(&register, Some(settings)).expect("the demo simulates");
        serde_json::to_string(&result).expect("results serialise")
    };
    format!("[{},{}]", run(Sampling::Lhs), run(Sampling::Mc))
}

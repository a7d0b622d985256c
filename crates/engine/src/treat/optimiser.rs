//! Which candidate controls to put in the plan: given a budget, the set that lowers the
//! register's residual P90 most; given a target (a register P90, or every scored risk
//! within appetite), the cheapest set that meets it.
//!
//! Candidates are the linked controls not yet in operation (planned or in progress);
//! implemented controls always count. Each risk's annual losses are simulated once per
//! subset of the candidates linked to it (common random numbers, so subsets compare on
//! the same years), and any set's register losses are then sums of those columns. With
//! at most [`EXACT_LIMIT`] candidates every subset is tried (exact); with more, a greedy
//! search adds the candidate with the best improvement per unit of cost until the goal
//! is met or the budget is spent.

use serde::{Deserialize, Serialize};

use crate::assess::risk_state::RiskState;
use crate::model::control::ControlStatus;
use crate::model::problem::Problem;
use crate::model::register::Register;
use crate::model::settings::SimulationSettings;
use crate::quant::simulation::{plan_state, trial_losses};

/// Up to this many candidates, every subset is evaluated.
pub const EXACT_LIMIT: usize = 10;

/// What the optimiser aims for when choosing candidate controls; tagged by `goal` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "goal", rename_all = "snake_case")]
pub enum Goal {
    /// Lowest register P90 for at most this annualised cost a year.
    Budget {
        /// Most the selected controls may cost, annualised (currency units per year).
        budget: f64,
    },
    /// Cheapest set with the register's residual P90 at most this.
    RegisterP90 {
        /// Target for the register's residual annual loss P90 (currency units per year).
        p90: f64,
    },
    /// Cheapest set with every scored risk's residual level accepted by the criteria.
    WithinAppetite,
}

/// How the suggested set was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Every subset of the candidates was evaluated (at most [`EXACT_LIMIT`] candidates):
    /// the best set.
    Exact,
    /// Candidates were added one at a time by best improvement per unit of cost: a good
    /// set, not necessarily the best.
    Greedy,
}

/// The optimiser's answer: which candidate controls to keep in the treatment plan, their
/// cost, and the register's residual risk with them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The candidate controls to keep in the plan.
    pub controls: Vec<String>,
    /// Their annualised cost a year.
    pub cost: f64,
    /// The register's residual mean and P90 with them.
    pub mean: f64,
    /// The register's residual annual loss P90 with them (currency units per year).
    pub p90: f64,
    /// Whether the goal is met (a budget always is).
    pub meets_goal: bool,
    /// Whether the set was found by exhaustive or greedy search.
    pub method: Method,
    /// The candidates that were considered.
    pub candidates: Vec<String>,
    /// How many candidate sets were simulated to find it.
    pub sets_evaluated: usize,
    /// Risk columns (one risk's simulated years for one set) simulated to find it.
    pub columns_simulated: usize,
}

/// A suggestion has no per-risk lists: it is sent whole.
impl crate::quant::simulation::parts::RiskLists for Suggestion {
    fn risk_lists(&mut self) -> Vec<&mut Vec<crate::quant::simulation::RiskResult>> {
        Vec::new()
    }
}

/// A set of candidates: `set[i]` says whether candidate `i` is in it. A plain vector, so
/// any number of candidates fits (a register may plan hundreds of controls).
type Set = Vec<bool>;

fn p90(losses: &mut [f64]) -> f64 {
    crate::quant::statistics::percentile(losses, 0.9)
}

/// The register with only the candidates in `set` left in the plan.
fn with_set(register: &Register, candidates: &[String], set: &[bool]) -> Register {
    let mut r = register.clone();
    retire_unchosen(&mut r, candidates, set);
    r
}

/// Takes the candidates not in `set` out of the plan (retired: they give no credit).
fn retire_unchosen(register: &mut Register, candidates: &[String], set: &[bool]) {
    for c in register.controls.iter_mut() {
        if let Some(i) = candidates.iter().position(|id| *id == c.id)
            && !set[i]
        {
            c.status = ControlStatus::Retired;
        }
    }
}

/// Optimises for `goal`: exact (every subset) up to [`EXACT_LIMIT`] candidates, greedy
/// beyond.
pub fn optimise(register: &Register, settings: &SimulationSettings, goal: Goal) -> Result<Suggestion, Vec<Problem>> {
    optimise_up_to(register, settings, goal, EXACT_LIMIT)
}

/// As [`optimise`], exact up to `exact_limit` candidates.
fn optimise_up_to(
    register: &Register,
    settings: &SimulationSettings,
    goal: Goal,
    exact_limit: usize,
) -> Result<Suggestion, Vec<Problem>> {
    let mut search = Search::new(register, settings, goal)?;
    let ((best, columns), method) = if search.candidates.len() <= exact_limit {
        (search.exact()?, Method::Exact)
    } else {
        (search.greedy()?, Method::Greedy)
    };
    let (mean, p) = search.measure(&columns.iter().map(Vec::as_slice).collect::<Vec<_>>());
    Ok(Suggestion {
        controls: search
            .candidates
            .iter()
            .zip(&best)
            .filter(|(_, on)| **on)
            .map(|(c, _)| c.clone())
            .collect(),
        cost: search.cost(&best),
        mean,
        p90: p,
        meets_goal: search.meets(&best, p),
        method,
        candidates: search.candidates.clone(),
        sets_evaluated: search.evaluated,
        columns_simulated: search.simulated,
    })
}

/// What a search needs: the candidates with their costs, which risks each is linked to,
/// and counters of the work done.
struct Search<'a> {
    register: &'a Register,
    settings: &'a SimulationSettings,
    goal: Goal,
    candidates: Vec<String>,
    /// Annualised cost of each candidate.
    costs: Vec<f64>,
    /// The residual plan's risks, in plan order (the order a run adds them).
    risks: Vec<String>,
    /// Per risk (plan order): the candidates linked to it.
    linked: Vec<Vec<usize>>,
    /// Each risk's untreated model means, for its levels (risks in register order).
    means: crate::treat::state_levels::ModelMeans,
    /// Sets whose register years were measured.
    evaluated: usize,
    /// Risk columns simulated.
    simulated: usize,
}

impl<'a> Search<'a> {
    fn new(register: &'a Register, settings: &'a SimulationSettings, goal: Goal) -> Result<Self, Vec<Problem>> {
        let candidates: Vec<String> = register
            .controls
            .iter()
            .filter(|c| {
                matches!(c.status, ControlStatus::Planned | ControlStatus::InProgress)
                    && !register.linked_risks(&c.id).is_empty()
            })
            .map(|c| c.id.clone())
            .collect();
        let costs = candidates
            .iter()
            .map(|id| {
                register
                    .controls
                    .iter()
                    .find(|c| &c.id == id)
                    .map_or(0.0, |c| c.annualised_cost())
            })
            .collect();
        let risks: Vec<String> = plan_state(register, RiskState::Residual)?
            .risks
            .into_iter()
            .map(|m| m.id)
            .collect();
        let linked = risks
            .iter()
            .map(|risk| {
                (0..candidates.len())
                    .filter(|&i| register.linked_risks(&candidates[i]).contains(&risk.as_str()))
                    .collect()
            })
            .collect();
        Ok(Search {
            register,
            settings,
            goal,
            candidates,
            costs,
            risks,
            linked,
            means: crate::treat::state_levels::ModelMeans::of(register),
            evaluated: 0,
            simulated: 0,
        })
    }

    fn cost(&self, set: &[bool]) -> f64 {
        self.costs.iter().zip(set).filter(|(_, on)| **on).map(|(c, _)| c).sum()
    }

    /// Risk `risk`'s simulated years with the candidates in `set` (only those linked to
    /// it matter), on the run's random numbers.
    fn column(&mut self, risk: usize, set: &[bool]) -> Result<Vec<f64>, Vec<Problem>> {
        self.simulated += 1;
        let mut alone = self.register.clone();
        alone.risks.retain(|r| r.id == self.risks[risk]);
        retire_unchosen(&mut alone, &self.candidates, set);
        Ok(trial_losses(
            &plan_state(&alone, RiskState::Residual)?,
            self.settings,
            |_| true,
        ))
    }

    /// Every risk's column for `set`.
    fn columns_for(&mut self, set: &[bool]) -> Result<Vec<Vec<f64>>, Vec<Problem>> {
        (0..self.risks.len()).map(|r| self.column(r, set)).collect()
    }

    /// The register's mean and P90 from one column per risk, added as a run adds them
    /// (stratified under LHS), so the figures are the simulation's for that set.
    fn measure(&mut self, columns: &[&[f64]]) -> (f64, f64) {
        self.evaluated += 1;
        let chosen = self.risks.iter().map(String::as_str).zip(columns.iter().copied());
        let mut losses = crate::quant::simulation::register_years(self.settings, chosen);
        let mean = losses.iter().sum::<f64>() / self.settings.trials as f64;
        (mean, p90(&mut losses))
    }

    fn within_appetite(&self, set: &[bool]) -> bool {
        let r = with_set(self.register, &self.candidates, set);
        crate::treat::state_levels::all_state_scores_with(&r, RiskState::Residual, &self.means)
            .into_iter()
            .flatten()
            .all(|(l, i)| r.criteria.level(l, i).is_none_or(|level| level.accepted))
    }

    fn meets(&self, set: &[bool], p90: f64) -> bool {
        match self.goal {
            Goal::Budget { budget } => self.cost(set) <= budget + 1e-9,
            Goal::RegisterP90 { p90: target } => p90 <= target,
            Goal::WithinAppetite => self.within_appetite(set),
        }
    }

    /// Better: meets the goal; then for a budget the lower P90, else the lower cost; then
    /// the lower P90 and the lower cost. Keys are (meets, cost, P90).
    fn better(&self, a: (bool, f64, f64), b: (bool, f64, f64)) -> bool {
        let (meets_a, cost_a, p90_a) = a;
        let (meets_b, cost_b, p90_b) = b;
        if meets_a != meets_b {
            return meets_a;
        }
        match self.goal {
            Goal::Budget { .. } => (p90_a, cost_a) < (p90_b, cost_b),
            _ if meets_a => (cost_a, p90_a) < (cost_b, p90_b),
            _ => (p90_a, cost_a) < (p90_b, cost_b),
        }
    }

    /// Every subset. Each risk is simulated once per subset of the candidates linked to
    /// it (at most 2^EXACT_LIMIT columns), and any set's register years are made from
    /// those columns. Returns the best set with its risks' columns.
    fn exact(&mut self) -> Result<(Set, Vec<Vec<f64>>), Vec<Problem>> {
        let n = self.candidates.len();
        let mut per_subset: Vec<Vec<Vec<f64>>> = Vec::with_capacity(self.risks.len());
        for risk in 0..self.risks.len() {
            let linked = self.linked[risk].clone();
            let mut columns = Vec::with_capacity(1 << linked.len());
            for mask in 0..(1usize << linked.len()) {
                let mut set = vec![false; n];
                for (bit, &c) in linked.iter().enumerate() {
                    set[c] = (mask >> bit) & 1 == 1;
                }
                columns.push(self.column(risk, &set)?);
            }
            per_subset.push(columns);
        }
        let mut best: Option<(Set, (bool, f64, f64))> = None;
        for mask in 0..(1usize << n) {
            let set: Set = (0..n).map(|i| (mask >> i) & 1 == 1).collect();
            let columns: Vec<&[f64]> = (0..self.risks.len())
                .map(|risk| per_subset[risk][self.subset(risk, &set)].as_slice())
                .collect();
            let (_, p) = self.measure(&columns);
            let key = (self.meets(&set, p), self.cost(&set), p);
            if best.as_ref().is_none_or(|(_, b)| self.better(key, *b)) {
                best = Some((set, key));
            }
        }
        let best = best.map_or_else(|| vec![false; n], |(set, _)| set);
        let columns = (0..self.risks.len())
            .map(|risk| std::mem::take(&mut per_subset[risk][self.subset(risk, &best)]))
            .collect();
        Ok((best, columns))
    }

    /// The index, among the subsets of `risk`'s linked candidates, of the ones `set` takes
    /// (bit i = its i-th linked candidate).
    fn subset(&self, risk: usize, set: &[bool]) -> usize {
        self.linked[risk]
            .iter()
            .enumerate()
            .fold(0, |m, (bit, &c)| m | (usize::from(set[c]) << bit))
    }

    /// Adds, one at a time, the candidate with the best improvement per unit of cost: for
    /// a target until it is met, for a budget while something affordable helps. Memory
    /// stays at one column per risk plus one per (risk, candidate) pair, and each step
    /// simulates only the risks of the candidate it added: polynomial in the candidates.
    ///
    /// Candidates are ranked on the plain per-year sum of the risks' columns, which a
    /// candidate changes only in its own risks' columns (work per candidate: its risks'
    /// years and one selection of the P90); the set reached is measured as a run adds
    /// it (stratified under LHS) after each step, and that measure decides when a target
    /// is met and is what the suggestion reports. Returns the set with its risks' columns.
    fn greedy(&mut self) -> Result<(Set, Vec<Vec<f64>>), Vec<Problem>> {
        let n = self.candidates.len();
        let trials = self.settings.trials as usize;
        let budgeted = matches!(self.goal, Goal::Budget { .. });
        let mut set = vec![false; n];
        let mut current = self.columns_for(&set)?;
        let (_, mut p) = self.measure(&current.iter().map(Vec::as_slice).collect::<Vec<_>>());
        let mut total = vec![0.0; trials];
        for column in &current {
            total.iter_mut().zip(column).for_each(|(t, x)| *t += x);
        }
        let mut scratch = vec![0.0; trials];
        let ranked_p90 = |total: &[f64], scratch: &mut Vec<f64>| {
            scratch.copy_from_slice(total);
            p90(scratch)
        };
        let mut ranked = ranked_p90(&total, &mut scratch);
        // Risk columns with one more candidate, kept until that risk's set changes.
        let mut trial_columns: std::collections::HashMap<(usize, usize), Vec<f64>> = Default::default();
        let risks_of: Vec<Vec<usize>> = (0..n)
            .map(|c| (0..self.risks.len()).filter(|&r| self.linked[r].contains(&c)).collect())
            .collect();
        while budgeted || !self.meets(&set, p) {
            let mut step: Option<(usize, f64)> = None;
            for c in (0..n).filter(|&c| !set[c]) {
                let mut next = set.clone();
                next[c] = true;
                if matches!(self.goal, Goal::Budget { budget } if self.cost(&next) > budget + 1e-9) {
                    continue;
                }
                scratch.copy_from_slice(&total);
                for &r in &risks_of[c] {
                    if let std::collections::hash_map::Entry::Vacant(slot) = trial_columns.entry((r, c)) {
                        slot.insert(self.column(r, &next)?);
                    }
                    let with = &trial_columns[&(r, c)];
                    scratch
                        .iter_mut()
                        .zip(with.iter().zip(&current[r]))
                        .for_each(|(t, (w, o))| *t += w - o);
                }
                self.evaluated += 1;
                let gain = (ranked - p90(&mut scratch)) / self.costs[c].max(1.0);
                if step.is_none_or(|(_, g)| gain > g) {
                    step = Some((c, gain));
                }
            }
            match step {
                Some((c, gain)) if gain > 0.0 || !budgeted => {
                    set[c] = true;
                    for &r in &risks_of[c] {
                        let with = trial_columns.remove(&(r, c)).expect("simulated for this step");
                        total
                            .iter_mut()
                            .zip(with.iter().zip(&current[r]))
                            .for_each(|(t, (w, o))| *t += w - o);
                        current[r] = with;
                        // That risk's set changed: its other trial columns are stale.
                        trial_columns.retain(|&(risk, _), _| risk != r);
                    }
                    ranked = ranked_p90(&total, &mut scratch);
                    p = self.measure(&current.iter().map(Vec::as_slice).collect::<Vec<_>>()).1;
                }
                _ => break,
            }
        }
        Ok((set, current))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::risk_state::RiskState;
    use crate::quant::simulation::simulate_state;

    fn demo() -> Register {
        crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register
    }

    fn settings() -> SimulationSettings {
        SimulationSettings {
            trials: 4_000,
            seed: 5,
            sampling: crate::model::settings::Sampling::Lhs,
        }
    }

    #[test]
    fn the_suggestion_is_what_the_simulation_gives_for_that_set() {
        let register = demo();
        let s = optimise(&register, &settings(), Goal::Budget { budget: 100_000.0 }).unwrap();
        assert_eq!(s.method, Method::Exact);
        assert_eq!(s.sets_evaluated, (1 << s.candidates.len()) + 1);
        assert!(s.cost <= 100_000.0 && s.meets_goal);
        // Simulating the register with just the suggested candidates gives the same P90.
        let set: Set = s.candidates.iter().map(|c| s.controls.contains(c)).collect();
        let check = simulate_state(
            &with_set(&register, &s.candidates, &set),
            RiskState::Residual,
            Some(settings()),
        )
        .unwrap();
        assert!(
            (check.register.p90 - s.p90).abs() <= 1e-6 * s.p90 + 0.01 * register.risks.len() as f64,
            "{} vs {}",
            check.register.p90,
            s.p90
        );
        // A bigger budget never does worse.
        let more = optimise(&register, &settings(), Goal::Budget { budget: 1e9 }).unwrap();
        assert!(more.p90 <= s.p90);
        assert_eq!(more.controls.len(), more.candidates.len());
    }

    #[test]
    fn a_target_gets_the_cheapest_set_that_meets_it_checked_against_every_subset() {
        let register = demo();
        let all = optimise(&register, &settings(), Goal::Budget { budget: 1e9 }).unwrap();
        let none = optimise(&register, &settings(), Goal::Budget { budget: 0.0 }).unwrap();
        let target = (all.p90 + none.p90) / 2.0;
        let s = optimise(&register, &settings(), Goal::RegisterP90 { p90: target }).unwrap();
        assert!(s.meets_goal && s.p90 <= target);
        // No cheaper subset meets the target (checked by brute force through the simulation).
        let n = s.candidates.len();
        for mask in 0..(1usize << n) {
            let set: Set = (0..n).map(|i| (mask >> i) & 1 == 1).collect();
            let cost: f64 = (0..n)
                .filter(|&i| set[i])
                .map(|i| {
                    register
                        .controls
                        .iter()
                        .find(|c| c.id == s.candidates[i])
                        .unwrap()
                        .annualised_cost()
                })
                .sum();
            if cost < s.cost - 1e-6 {
                let p = simulate_state(
                    &with_set(&register, &s.candidates, &set),
                    RiskState::Residual,
                    Some(settings()),
                )
                .unwrap()
                .register
                .p90;
                assert!(
                    p > target - 0.01 * register.risks.len() as f64,
                    "set {mask:b} costs {cost} < {} and has P90 {p} ≤ {target}",
                    s.cost
                );
            }
        }
    }

    #[test]
    fn greedy_meets_a_reachable_target_at_no_less_than_the_exact_cost() {
        let register = demo();
        let all = optimise(&register, &settings(), Goal::Budget { budget: 1e9 }).unwrap();
        let goal = Goal::RegisterP90 { p90: all.p90 * 1.1 };
        let exact = optimise(&register, &settings(), goal).unwrap();
        let greedy = optimise_up_to(&register, &settings(), goal, 0).unwrap();
        assert_eq!(greedy.method, Method::Greedy);
        assert!(
            greedy.meets_goal && greedy.cost >= exact.cost - 1e-6,
            "{greedy:?} vs {exact:?}"
        );
        assert!(greedy.sets_evaluated < 1 << greedy.candidates.len());
        let budget = optimise_up_to(&register, &settings(), Goal::Budget { budget: 60_000.0 }, 0).unwrap();
        assert!(budget.cost <= 60_000.0 && budget.p90 >= all.p90);
    }

    /// Whether every scored risk's residual level is accepted, read the long way: the
    /// controls left out are retired, each risk's residual score comes from its own
    /// score less the levels of the controls its treatment links and that still count,
    /// and the level is looked up in the matrix by id.
    fn all_accepted_by_hand(register: &Register, candidates: &[String], set: &[bool]) -> bool {
        let kept = |id: &str| {
            let control = register.controls.iter().find(|c| c.id == id).unwrap();
            match candidates.iter().position(|c| c == id) {
                Some(i) => set[i],
                None => control.status.in_plan(),
            }
        };
        register
            .risks
            .iter()
            .filter_map(|risk| Some((risk, crate::assess::evaluation::scores(risk)?)))
            .all(|(risk, (l, i))| {
                let treatment = register.treatments.iter().find(|t| t.risk == risk.id);
                if treatment.is_some_and(|t| t.option == crate::model::treatment::TreatmentOption::Avoid) {
                    return true;
                }
                let (mut dl, mut di) = (0u8, 0u8);
                for id in treatment.map(|t| t.controls.as_slice()).unwrap_or_default() {
                    if kept(id) {
                        let effect = &register.controls.iter().find(|c| &c.id == id).unwrap().effect;
                        dl = dl.saturating_add(effect.likelihood_levels);
                        di = di.saturating_add(effect.impact_levels);
                    }
                }
                let (l, i) = (l.saturating_sub(dl).max(1), i.saturating_sub(di).max(1));
                let id = &register.criteria.matrix[usize::from(l) - 1][usize::from(i) - 1];
                register
                    .criteria
                    .levels
                    .iter()
                    .find(|level| &level.id == id)
                    .unwrap()
                    .accepted
            })
    }

    #[test]
    fn within_appetite_is_the_cheapest_set_that_brings_every_scored_risk_within_appetite() {
        // The demo as it is (its appetite cannot be met with its candidates), and with
        // every level but the highest accepted (it can).
        let mut relaxed = demo();
        let top = relaxed.criteria.levels.len() - 1;
        relaxed
            .criteria
            .levels
            .iter_mut()
            .take(top)
            .for_each(|level| level.accepted = true);
        let mut reachable = 0;
        for register in [demo(), relaxed] {
            let s = optimise(&register, &settings(), Goal::WithinAppetite).unwrap();
            let n = s.candidates.len();
            let chosen: Set = s.candidates.iter().map(|c| s.controls.contains(c)).collect();
            assert_eq!(
                s.meets_goal,
                all_accepted_by_hand(&register, &s.candidates, &chosen),
                "{s:?}"
            );
            let cost = |set: &[bool]| -> f64 {
                (0..n)
                    .filter(|&i| set[i])
                    .map(|i| {
                        register
                            .controls
                            .iter()
                            .find(|c| c.id == s.candidates[i])
                            .unwrap()
                            .annualised_cost()
                    })
                    .sum()
            };
            // No cheaper subset meets the goal, nor any subset when the suggestion does not
            // (brute force, the long way).
            for mask in 0..(1usize << n) {
                let set: Set = (0..n).map(|i| (mask >> i) & 1 == 1).collect();
                if !s.meets_goal || cost(&set) < s.cost - 1e-6 {
                    assert!(
                        !all_accepted_by_hand(&register, &s.candidates, &set),
                        "{mask:b} beats {s:?}"
                    );
                }
            }
            reachable += usize::from(s.meets_goal);
        }
        assert_eq!(reachable, 1, "the relaxed criteria can be met, the demo's cannot");
    }

    /// A register with `risks` risks, each treated by `per_risk` planned controls of its
    /// own (each taking 10% off its loss magnitude, at a cost), so there are
    /// `risks × per_risk` candidates.
    fn many_candidates(risks: usize, per_risk: usize) -> Register {
        use crate::model::control::{Control, ReducedFactor, Reduction};
        use crate::model::distribution::Distribution;
        use crate::model::fair_model::FairModel;
        use crate::model::risk::Risk;
        let mut register = demo();
        let template = register.risks[0].clone();
        register.risks = (0..risks)
            .map(|r| Risk {
                id: format!("R-{r:03}"),
                ..template.clone()
            })
            .collect();
        register.treatments.clear();
        register.controls.clear();
        register.applicability.clear();
        for (r, risk) in register.risks.iter_mut().enumerate() {
            risk.fair = Some(FairModel {
                loss_event_frequency: Some(Distribution::Constant { value: 1.0 }),
                loss_magnitude: Some(Distribution::pert(1_000.0, 5_000.0, 50_000.0 * (1 + r) as f64)),
                ..FairModel::default()
            });
            let mut treatment = crate::model::treatment::Treatment::new(&risk.id);
            for k in 0..per_risk {
                let id = format!("ORG-{r}-{k}");
                let mut control = Control::planned(&id, "Candidate");
                control.annual_cost = 100.0 * (1 + k + r) as f64;
                control.effect.reductions.push(Reduction {
                    factor: ReducedFactor::PrimaryLoss,
                    effectiveness: Distribution::Constant { value: 0.1 },
                });
                register.controls.push(control);
                treatment.controls.push(id);
            }
            register.treatments.push(treatment);
        }
        register
    }

    fn few_trials() -> SimulationSettings {
        SimulationSettings {
            trials: 200,
            ..settings()
        }
    }

    #[test]
    fn two_hundred_candidates_are_searched_greedily_within_budget() {
        let register = many_candidates(100, 2);
        let s = optimise(&register, &few_trials(), Goal::Budget { budget: 20_000.0 }).unwrap();
        assert_eq!((s.candidates.len(), s.method), (200, Method::Greedy));
        assert!(
            s.cost <= 20_000.0 && !s.controls.is_empty(),
            "{} controls for {}",
            s.controls.len(),
            s.cost
        );
        // The last candidates (beyond bit 63 of a word) can be chosen: the cheapest of
        // risk 99 are cheap enough and help.
        let index = |id: &str| s.candidates.iter().position(|c| c == id).unwrap();
        assert!(s.controls.iter().any(|c| index(c) >= 64), "{:?}", s.controls);
        // Polynomial work: a column per risk to start and per (risk, candidate) tried,
        // at most one sweep of the candidates per step.
        assert!(
            s.columns_simulated <= 100 + 200 * (s.controls.len() + 1) + 100,
            "{}",
            s.columns_simulated
        );
        assert!(
            s.sets_evaluated <= 1 + 200 * (s.controls.len() + 1) + 1,
            "{}",
            s.sets_evaluated
        );
    }

    #[test]
    fn a_risk_linked_to_sixteen_candidates_needs_no_column_per_subset() {
        let register = many_candidates(1, 16);
        let s = optimise(&register, &few_trials(), Goal::Budget { budget: 1e9 }).unwrap();
        assert_eq!((s.candidates.len(), s.method), (16, Method::Greedy));
        assert!(!s.controls.is_empty());
        // 2^16 subsets would be 65,536 columns; greedy tries each remaining candidate once
        // per step: at most 1 + 16 + 15 + … + 1 + 1 = 138.
        assert!(s.columns_simulated <= 1 + 16 * 17 / 2 + 1, "{}", s.columns_simulated);
    }
}

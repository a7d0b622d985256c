//! What will be simulated: each risk's model (its FAIR model, or one built from the
//! criteria's anchors for its score), built once and shared by risks with the same model,
//! and the risks left out with the reason.

use super::*;

/// How a risk's model was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelSource {
    /// The risk's own FAIR model.
    Fair,
    /// Built from the criteria's anchors for its qualitative score.
    Anchors,
}

/// A risk ready to simulate.
#[derive(Debug, Clone)]
pub struct RiskModel {
    /// Id of the risk, e.g. "R-001"; also keys its random streams.
    pub id: String,
    /// Whether the model is the risk's own FAIR model or built from its qualitative score's
    /// anchors.
    pub source: ModelSource,
    /// How loss events become a year's loss: Poisson, Bernoulli or rate.
    pub event_model: EventModel,
    /// Loss event frequency (events per year, or annual probability for Bernoulli), ready
    /// to sample.
    pub frequency: LossEventFrequency,
    /// Loss magnitude (currency units per loss event), ready to sample.
    pub magnitude: LossMagnitude,
    /// How each year's number of loss events is drawn.
    pub events: EventDraw,
    /// What acts on the risk in the planned state; `None` when nothing does.
    pub treatment: Option<TreatmentModel>,
}

/// How a year's number of loss events is drawn, decided once when the plan is made.
/// Where LEF is given directly, the count depends on it only through its distribution,
/// so one stratified draw per year decides the count exactly, with the same distribution
/// as drawing LEF first (and LHS then stratifies the count itself).
#[derive(Debug, Clone)]
pub enum EventDraw {
    /// Poisson with LEF given: from P(N = k) = E[Poisson(k; LEF)].
    Mixed(EventCount),
    /// Bernoulli with the probability given: a loss year with probability E[p].
    Probability(f64),
    /// From the LEF drawn for the year (LEF derived from its factors, or the rate model).
    FromRate,
}

impl RiskModel {
    /// Checks `model` and builds its sampling tables, untreated. Errs with the problems
    /// found (under `path`), including more than
    /// [`MAX_EVENTS_PER_YEAR`](crate::model::limits::MAX_EVENTS_PER_YEAR) expected loss
    /// events a year under the Poisson model.
    pub fn new(id: &str, model: &FairModel, source: ModelSource, path: &str) -> Result<RiskModel, Vec<Problem>> {
        let mut problems = Vec::new();
        model.check(path, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        let frequency = LossEventFrequency::new(&model.frequency_source(path).map_err(|p| vec![p])?);
        let magnitude = LossMagnitude::new(&model.magnitude_source(path).map_err(|p| vec![p])?);
        let events = match (&frequency, model.event_model) {
            (LossEventFrequency::Direct(table), EventModel::Poisson) => EventDraw::Mixed(EventCount::new(table)),
            (LossEventFrequency::Direct(table), EventModel::Bernoulli) => EventDraw::Probability(table.shape().mean()),
            (derived, EventModel::Poisson) => EventDraw::Mixed(EventCount::of_nodes(&derived.rate_nodes())),
            (derived, EventModel::Bernoulli) => {
                EventDraw::Probability(derived.rate_nodes().iter().map(|&(w, p)| w * p.min(1.0)).sum())
            }
            _ => EventDraw::FromRate,
        };
        if let EventDraw::Mixed(count) = &events
            && count.mean() > crate::model::limits::MAX_EVENTS_PER_YEAR
        {
            use crate::model::fair_factor::Factor;
            let factor = [
                Factor::LossEventFrequency,
                Factor::ThreatEventFrequency,
                Factor::ContactFrequency,
            ]
            .into_iter()
            .find(|&factor| model.get(factor).is_some())
            .unwrap_or(Factor::LossEventFrequency);
            return Err(vec![Problem::new(
                field(path, factor.as_str()),
                format!(
                    "gives about {:.0} loss events a year; under the Poisson event model each event's loss is drawn, so at most {} a year are simulated. Use the rate event model for such frequent events.",
                    count.mean(),
                    crate::model::limits::MAX_EVENTS_PER_YEAR
                ),
            )]);
        }
        Ok(RiskModel {
            id: id.to_string(),
            source,
            event_model: model.event_model,
            frequency,
            magnitude,
            events,
            treatment: None,
        })
    }

    /// The expected annual loss, from the model's analytic means.
    pub fn analytic_mean(&self) -> f64 {
        let lef = self.frequency.mean();
        match self.event_model {
            EventModel::Poisson => lef * self.magnitude.mean(),
            EventModel::Bernoulli => lef.min(1.0) * self.magnitude.mean(),
            EventModel::Rate => lef * self.magnitude.mean(),
        }
    }
}

/// A risk left out of the simulation, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skipped {
    /// Id of the skipped risk.
    pub id: String,
    /// Why it was skipped, e.g. "closed" or "no FAIR model and no qualitative score".
    pub reason: String,
}

/// What will be simulated.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The risks to simulate, in register order.
    pub risks: Vec<RiskModel>,
    /// The risks left out, and why.
    pub skipped: Vec<Skipped>,
    /// The criteria's loss thresholds (annual loss, currency units) whose exceedance
    /// probability is reported.
    pub thresholds: Vec<f64>,
    pub(super) criteria: RiskCriteria,
}

/// Builds every risk's model: its FAIR model if it has one, else one from the criteria
/// anchors of its qualitative score. Closed risks and risks with neither are skipped.
/// A FAIR model with problems fails the plan, naming the fields. The risks are
/// inherent: no control counts (see [`plan_state`]).
pub fn plan(register: &Register) -> Result<Plan, Vec<Problem>> {
    plan_state(register, RiskState::Inherent)
}

/// As [`plan`], with what counts in `state` acting on each risk.
pub fn plan_state(register: &Register, state: RiskState) -> Result<Plan, Vec<Problem>> {
    let mut risks = Vec::new();
    let mut skipped = Vec::new();
    let mut problems = Vec::new();
    for (i, risk) in register.risks.iter().enumerate() {
        let path = field(&index("$.risks", i), "fair");
        if risk.status == crate::model::risk::RiskStatus::Closed {
            skipped.push(Skipped {
                id: risk.id.clone(),
                reason: "closed".into(),
            });
            continue;
        }
        let (model, source) = match &risk.fair {
            Some(model) => (model.clone(), ModelSource::Fair),
            None => match qualitative_bridge::anchored_model(risk, &register.criteria) {
                Ok(model) => (model, ModelSource::Anchors),
                Err(reason) => {
                    skipped.push(Skipped {
                        id: risk.id.clone(),
                        reason,
                    });
                    continue;
                }
            },
        };
        match planned_model(&risk.id, &model, source, &path) {
            Ok(mut m) => {
                m.treatment = TreatmentModel::new(register, &risk.id, state);
                risks.push(m)
            }
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let thresholds = register
        .criteria
        .loss_thresholds
        .iter()
        .map(|t| t.annual_loss)
        .collect();
    Ok(Plan {
        risks,
        skipped,
        thresholds,
        criteria: register.criteria.clone(),
    })
}

/// Risk models already built on this thread, by source and model (not by risk: the
/// tables do not depend on the id, which only keys the random streams, so risks scored
/// on the same cell share one). Building a model (its quantile and event-count tables)
/// costs far more than simulating it at the live treatment view's 10,000 trials, and
/// there only the controls change between runs.
const MODEL_CACHE_SIZE: usize = 512;
thread_local! {
    static MODELS: std::cell::RefCell<std::collections::HashMap<String, RiskModel>> = Default::default();
}

/// The model of one risk, untreated, from the cache or built (and then cached).
pub(super) fn planned_model(
    id: &str,
    model: &FairModel,
    source: ModelSource,
    path: &str,
) -> Result<RiskModel, Vec<Problem>> {
    let key = format!("{source:?}\u{1f}{}", serde_json::to_string(model).unwrap_or_default());
    if let Some(mut found) = MODELS.with(|m| m.borrow().get(&key).cloned()) {
        found.id = id.to_string();
        return Ok(found);
    }
    let built = RiskModel::new(id, model, source, path)?;
    MODELS.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MODEL_CACHE_SIZE {
            m.clear();
        }
        m.insert(key, built.clone());
    });
    Ok(built)
}

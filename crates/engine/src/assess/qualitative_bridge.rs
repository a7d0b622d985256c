//! The bridge between the qualitative and the quantitative analysis, through the
//! criteria's anchors (each likelihood level: a range of events per year; each impact
//! level: a range of loss per event).
//!
//! - Qualitative → quantitative: a risk with a score but no FAIR model is simulated
//!   with LEF ~ lognormal whose 90% interval is its likelihood level's anchor, and
//!   LM ~ lognormal whose 90% interval is its impact level's anchor (uniform when the
//!   anchor starts at 0).
//! - Quantitative → qualitative: a simulated risk's likelihood level is the highest level
//!   whose anchor starts at or below its mean loss events per year; its impact level,
//!   the same for its mean loss per event; its risk level is the matrix cell of the two.

use serde::{Deserialize, Serialize};

use crate::model::criteria::{Anchor, RiskCriteria, ScaleLevel};
use crate::model::distribution::Distribution;
use crate::model::fair_model::{EventModel, FairModel};
use crate::model::risk::Risk;

/// The qualitative score and risk level that simulated results correspond to, read off the
/// criteria's anchors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DerivedLevel {
    /// Likelihood level (1-based): the highest whose anchor starts at or below the mean
    /// loss events per year.
    pub likelihood: u8,
    /// Impact level (1-based): the highest whose anchor starts at or below the mean loss
    /// per event.
    pub impact: u8,
    /// Id of the risk level in the criteria's matrix.
    pub level: String,
}

/// A FAIR model for a risk scored only qualitatively, or why there can be none.
pub fn anchored_model(risk: &Risk, criteria: &RiskCriteria) -> Result<FairModel, String> {
    let assessment = risk
        .assessment
        .as_ref()
        .ok_or("no FAIR model and no qualitative score")?;
    let impact = assessment.impact.overall().ok_or("no impact score")?;
    let anchor = |scale: &[ScaleLevel], score: u8, what: &str| {
        scale
            .get(usize::from(score).wrapping_sub(1))
            .and_then(|level| level.anchor)
            .ok_or(format!(
                "the criteria give no quantitative anchor for {what} level {score}"
            ))
    };
    let lef = anchor(&criteria.likelihood, assessment.likelihood, "likelihood")?;
    let lm = anchor(&criteria.impact, impact, "impact")?;
    Ok(FairModel {
        loss_event_frequency: Some(from_anchor(lef)),
        loss_magnitude: Some(from_anchor(lm)),
        ..Default::default()
    })
}

fn from_anchor(anchor: Anchor) -> Distribution {
    if anchor.low > 0.0 {
        Distribution::Lognormal {
            low: anchor.low,
            high: anchor.high,
        }
    } else {
        Distribution::Uniform {
            min: anchor.low,
            max: anchor.high,
        }
    }
}

/// The qualitative level simulated results correspond to, if every level of both scales
/// is anchored. For the Bernoulli model the annual probability stands in for the rate.
pub fn derived_level(
    criteria: &RiskCriteria,
    events_per_year: f64,
    loss_per_event: Option<f64>,
    _model: EventModel,
) -> Option<DerivedLevel> {
    let likelihood = level_for(&criteria.likelihood, events_per_year)?;
    let impact = level_for(&criteria.impact, loss_per_event.unwrap_or(0.0))?;
    let level = criteria.level(likelihood, impact)?.id.clone();
    Some(DerivedLevel {
        likelihood,
        impact,
        level,
    })
}

/// The highest level whose anchor starts at or below `value` (the lowest level if none).
pub fn level_for(scale: &[ScaleLevel], value: f64) -> Option<u8> {
    let anchors: Option<Vec<Anchor>> = scale.iter().map(|l| l.anchor).collect();
    let anchors = anchors?;
    let position = anchors.iter().rposition(|a| a.low <= value).unwrap_or(0);
    Some(position as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::document::load;
    use crate::model::risk::{Assessment, Impact};

    fn demo() -> crate::model::register::Register {
        load(crate::DEMO_REGISTER_JSON).unwrap().register
    }

    #[test]
    fn a_score_becomes_lognormals_over_its_anchors() {
        let register = demo();
        let mut risk = register.risks[0].clone();
        risk.fair = None;
        risk.assessment = Some(Assessment {
            likelihood: 3,
            impact: Impact::Overall(4),
            criteria_version: 1,
        });
        let model = anchored_model(&risk, &register.criteria).unwrap();
        let (l, i) = (
            register.criteria.likelihood[2].anchor.unwrap(),
            register.criteria.impact[3].anchor.unwrap(),
        );
        assert_eq!(
            model.loss_event_frequency,
            Some(Distribution::Lognormal {
                low: l.low,
                high: l.high
            })
        );
        assert_eq!(
            model.loss_magnitude,
            Some(Distribution::Lognormal {
                low: i.low,
                high: i.high
            })
        );
        risk.assessment = None;
        assert!(anchored_model(&risk, &register.criteria).is_err());
    }

    #[test]
    fn results_map_back_to_the_level_whose_anchor_holds_them() {
        let criteria = demo().criteria;
        for (level, scale) in [
            (1u8, &criteria.likelihood),
            (3, &criteria.likelihood),
            (5, &criteria.impact),
        ] {
            let a = scale[level as usize - 1].anchor.unwrap();
            let inside = (a.low * a.high).sqrt();
            assert_eq!(level_for(scale, inside), Some(level));
        }
        assert_eq!(level_for(&criteria.likelihood, 0.0), Some(1));
        assert_eq!(
            level_for(&criteria.likelihood, 1e9),
            Some(criteria.likelihood.len() as u8)
        );
        let derived = derived_level(&criteria, 0.5, Some(200_000.0), EventModel::Poisson).unwrap();
        assert_eq!((derived.likelihood, derived.impact), (3, 3));
        assert_eq!(
            Some(derived.level.as_str()),
            criteria.level(3, 3).map(|l| l.id.as_str())
        );
    }
}

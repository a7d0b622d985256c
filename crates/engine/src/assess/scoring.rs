//! Scoring a risk one choice at a time, as a form does (ISO/IEC 27005 risk analysis):
//! a likelihood given before any impact waits, for no impact is chosen for the analyst;
//! each score is stamped with the criteria version it was given under; and a FAIR model
//! that is still what the anchors gave for the old scores follows the new ones, while
//! one the analyst edited stays as it is.

use crate::assess::qualitative_bridge::anchored_model;
use crate::model::criteria::{ImpactMode, RiskCriteria};
use crate::model::risk::{Assessment, Impact, Risk};
use crate::model::security_property::{Cia, SecurityProperty};

/// A risk being scored: the risk, and a likelihood that waits for its impact.
#[derive(Debug)]
pub struct Scoring<'a> {
    /// The risk whose scores change.
    pub risk: &'a mut Risk,
    /// A likelihood given while the risk has no assessment and the criteria take one
    /// overall impact: it becomes the assessment's when the impact is given.
    pub waiting: &'a mut Option<u8>,
    /// The criteria the scores are given under.
    pub criteria: &'a RiskCriteria,
}

impl Scoring<'_> {
    /// Sets the likelihood level (1-based), or clears the scores (`None`, "not scored").
    pub fn set_likelihood(&mut self, level: Option<u8>) {
        let Some(level) = level else {
            *self.waiting = None;
            self.rescore(|risk, _| risk.assessment = None);
            return;
        };
        if self.risk.assessment.is_none() && self.criteria.impact_mode == ImpactMode::Overall {
            *self.waiting = Some(level);
            return;
        }
        let version = self.criteria.version;
        self.rescore(|risk, _| {
            let impact = risk.assessment.as_ref().map_or_else(no_impact, |a| a.impact.clone());
            risk.assessment = Some(Assessment {
                likelihood: level,
                impact,
                criteria_version: version,
            });
        });
    }

    /// Sets the impact level (1-based) overall (`property` `None`) or on one security
    /// property; `None` clears it. Clearing the overall impact takes the assessment away
    /// and leaves its likelihood waiting: a score has both or neither.
    pub fn set_impact(&mut self, property: Option<SecurityProperty>, level: Option<u8>) {
        let version = self.criteria.version;
        if self.risk.assessment.is_none() {
            let (Some(likelihood), Some(level)) = (*self.waiting, level) else {
                return;
            };
            *self.waiting = None;
            self.rescore(|risk, _| {
                risk.assessment = Some(Assessment {
                    likelihood,
                    impact: impact_of(property, level),
                    criteria_version: version,
                });
            });
            return;
        }
        self.rescore(|risk, waiting| {
            let Some(a) = risk.assessment.as_mut() else { return };
            a.criteria_version = version;
            match (property, &mut a.impact, level) {
                (None, impact, Some(level)) => *impact = Impact::Overall(level),
                (None, _, None) => {
                    *waiting = Some(a.likelihood);
                    risk.assessment = None;
                }
                (Some(p), Impact::PerProperty(cia), level) => *cia.get_mut(p) = level,
                (Some(_), impact, level) => {
                    *impact = Impact::PerProperty(Cia {
                        confidentiality: level,
                        integrity: level,
                        availability: level,
                    })
                }
            }
        });
    }

    /// Applies `change`; a FAIR model that was what the anchors gave for the old scores
    /// follows the new ones.
    fn rescore(&mut self, change: impl FnOnce(&mut Risk, &mut Option<u8>)) {
        let follows = self.risk.fair.is_some()
            && self.risk.fair.as_ref() == anchored_model(self.risk, self.criteria).ok().as_ref();
        change(self.risk, self.waiting);
        if follows && let Ok(model) = anchored_model(self.risk, self.criteria) {
            self.risk.fair = Some(model);
        }
    }
}

fn no_impact() -> Impact {
    Impact::PerProperty(Cia {
        confidentiality: None,
        integrity: None,
        availability: None,
    })
}

fn impact_of(property: Option<SecurityProperty>, level: u8) -> Impact {
    match property {
        None => Impact::Overall(level),
        Some(p) => {
            let mut impact = no_impact();
            if let Impact::PerProperty(cia) = &mut impact {
                *cia.get_mut(p) = Some(level);
            }
            impact
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::document::load;

    fn demo() -> (Risk, RiskCriteria) {
        let register = load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let mut risk = Risk::blank("R-900".into());
        risk.title = "Test".into();
        (risk, register.criteria)
    }

    #[test]
    fn a_likelihood_waits_for_its_impact_and_both_are_stamped() {
        let (mut risk, mut criteria) = demo();
        criteria.impact_mode = ImpactMode::Overall;
        criteria.version = 7;
        let mut waiting = None;
        let mut s = Scoring {
            risk: &mut risk,
            waiting: &mut waiting,
            criteria: &criteria,
        };
        s.set_likelihood(Some(3));
        assert!(s.risk.assessment.is_none());
        assert_eq!(*s.waiting, Some(3));
        // No impact without a likelihood first, and no impact chosen for the analyst.
        s.set_impact(None, None);
        assert!(s.risk.assessment.is_none());
        s.set_impact(None, Some(4));
        let a = s.risk.assessment.clone().unwrap();
        assert_eq!((a.likelihood, a.impact, a.criteria_version), (3, Impact::Overall(4), 7));
        assert_eq!(*s.waiting, None);
    }

    /// Clearing the overall impact took the score to impact 1 before; now the score
    /// goes and its likelihood waits for a new impact.
    #[test]
    fn clearing_the_overall_impact_never_gives_impact_one() {
        let (mut risk, criteria) = demo();
        let mut waiting = None;
        risk.assessment = Some(Assessment {
            likelihood: 4,
            impact: Impact::Overall(5),
            criteria_version: criteria.version,
        });
        let mut s = Scoring {
            risk: &mut risk,
            waiting: &mut waiting,
            criteria: &criteria,
        };
        s.set_impact(None, None);
        assert_eq!(s.risk.assessment, None);
        assert_eq!(*s.waiting, Some(4));
        s.set_likelihood(None);
        assert_eq!(*s.waiting, None);
    }

    #[test]
    fn per_property_impacts_are_set_one_at_a_time() {
        let (mut risk, mut criteria) = demo();
        criteria.impact_mode = ImpactMode::PerProperty;
        let mut waiting = None;
        let mut s = Scoring {
            risk: &mut risk,
            waiting: &mut waiting,
            criteria: &criteria,
        };
        s.set_likelihood(Some(2));
        assert_eq!(s.risk.assessment.as_ref().map(|a| a.impact.overall()), Some(None));
        s.set_impact(Some(SecurityProperty::Integrity), Some(3));
        s.set_impact(Some(SecurityProperty::Availability), Some(5));
        s.set_impact(Some(SecurityProperty::Availability), None);
        let Some(Impact::PerProperty(cia)) = s.risk.assessment.as_ref().map(|a| a.impact.clone()) else {
            panic!("per property")
        };
        assert_eq!(
            (cia.confidentiality, cia.integrity, cia.availability),
            (None, Some(3), None)
        );
    }

    /// A model the anchors gave follows the new score; one the analyst edited stays.
    #[test]
    fn an_anchored_model_follows_the_score_and_an_edited_one_stays() {
        let (mut risk, criteria) = demo();
        risk.assessment = Some(Assessment {
            likelihood: 2,
            impact: Impact::Overall(2),
            criteria_version: criteria.version,
        });
        let anchored = anchored_model(&risk, &criteria).expect("the demo's criteria have anchors");
        risk.fair = Some(anchored.clone());
        let mut waiting = None;
        let mut s = Scoring {
            risk: &mut risk,
            waiting: &mut waiting,
            criteria: &criteria,
        };
        s.set_impact(None, Some(4));
        let followed = s.risk.fair.clone().unwrap();
        assert_ne!(followed, anchored);
        assert_eq!(Ok(followed.clone()), anchored_model(s.risk, &criteria));
        // Edited by the analyst: it stays through a change of score.
        let mut edited = followed;
        edited.event_model = crate::model::event_model::EventModel::Rate;
        s.risk.fair = Some(edited.clone());
        s.set_likelihood(Some(5));
        assert_eq!(s.risk.fair, Some(edited));
    }
}

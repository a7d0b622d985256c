//! Changing the criteria after risks were scored. A change never silently alters a
//! score: `preview_criteria` says how every scored risk would be remapped, and only
//! `apply_criteria` (after the user confirms) rescores them, raising the criteria
//! version and recording it on each assessment.
//!
//! Mapping rule for a score between two scales:
//! 1. if the old level and every new level have quantitative anchors, the old level's
//!    representative value (geometric mean of its anchor range) is located on the new
//!    scale: the level whose range holds it, or the nearest end;
//! 2. otherwise by relative position: `round((s − 1)(m − 1)/(n − 1)) + 1` from a scale of
//!    n levels to one of m.
//!
//! Identical scales map every score to itself.

use crate::model::criteria::{ImpactMode, RiskCriteria, ScaleLevel};
use crate::model::register::Register;
use crate::model::risk::{Assessment, Impact, Risk};
use crate::model::security_property::Cia;

/// A score and the level it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemappedScore {
    /// Level on the likelihood scale, 1-based.
    pub likelihood: u8,
    /// Level on the impact scale (overall or per security property), 1-based.
    pub impact: Impact,
    /// Id of the resulting risk level, if the matrix gives one.
    pub level: Option<String>,
}

/// How one scored risk fares under new criteria.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemapPreview {
    /// Id of the scored risk, e.g. "R-001".
    pub risk_id: String,
    /// The risk's title, for display.
    pub title: String,
    /// The score and level under the current criteria.
    pub before: RemappedScore,
    /// The score and level the risk would get under the new criteria.
    pub after: RemappedScore,
}

impl RemapPreview {
    /// True when the new criteria would change the likelihood or impact score.
    pub fn score_changed(&self) -> bool {
        self.before.likelihood != self.after.likelihood || self.before.impact != self.after.impact
    }
    /// True when the new criteria would change the risk level.
    pub fn level_changed(&self) -> bool {
        self.before.level != self.after.level
    }
}

/// Maps a score (1-based) from one scale to another by the rule in the module docs.
pub fn map_score(from: &[ScaleLevel], to: &[ScaleLevel], score: u8) -> u8 {
    let s = usize::from(score).clamp(1, from.len().max(1));
    if from == to {
        return s as u8;
    }
    let anchored_target = to.iter().all(|level| level.anchor.is_some());
    if let (Some(anchor), true) = (
        from.get(s - 1).and_then(|l| l.anchor),
        anchored_target && !to.is_empty(),
    ) {
        let value = if anchor.low > 0.0 {
            (anchor.low * anchor.high).sqrt()
        } else {
            anchor.high / 2.0
        };
        let position = to
            .iter()
            .position(|level| level.anchor.is_some_and(|a| value < a.high))
            .unwrap_or(to.len() - 1);
        return (position + 1) as u8;
    }
    if from.len() <= 1 || to.is_empty() {
        return 1;
    }
    let scaled = (s - 1) as f64 * (to.len() - 1) as f64 / (from.len() - 1) as f64;
    (scaled.round() as usize + 1) as u8
}

fn remap_assessment(risk: &Risk, assessment: &Assessment, old: &RiskCriteria, new: &RiskCriteria) -> Assessment {
    let impact_of = |score: u8| map_score(&old.impact, &new.impact, score);
    let impact = match (&assessment.impact, new.impact_mode) {
        (Impact::Overall(score), ImpactMode::Overall) => Impact::Overall(impact_of(*score)),
        (Impact::PerProperty(cia), ImpactMode::PerProperty) => Impact::PerProperty(Cia {
            confidentiality: cia.confidentiality.map(impact_of),
            integrity: cia.integrity.map(impact_of),
            availability: cia.availability.map(impact_of),
        }),
        (Impact::PerProperty(_), ImpactMode::Overall) => {
            Impact::Overall(impact_of(assessment.impact.overall().unwrap_or(1)))
        }
        (Impact::Overall(score), ImpactMode::PerProperty) => {
            // Every affected property takes the overall score; a risk marked as affecting
            // nothing keeps it on all three, so no information is lost.
            let mapped = impact_of(*score);
            let any = risk.affects.confidentiality || risk.affects.integrity || risk.affects.availability;
            let pick = |affected: bool| (affected || !any).then_some(mapped);
            Impact::PerProperty(Cia {
                confidentiality: pick(risk.affects.confidentiality),
                integrity: pick(risk.affects.integrity),
                availability: pick(risk.affects.availability),
            })
        }
    };
    Assessment {
        likelihood: map_score(&old.likelihood, &new.likelihood, assessment.likelihood),
        impact,
        criteria_version: old.version + 1,
    }
}

fn scored(criteria: &RiskCriteria, assessment: &Assessment) -> RemappedScore {
    let level = assessment
        .impact
        .overall()
        .and_then(|impact| criteria.level(assessment.likelihood, impact))
        .map(|level| level.id.clone());
    RemappedScore {
        likelihood: assessment.likelihood,
        impact: assessment.impact.clone(),
        level,
    }
}

/// How every scored risk of `register` would be rescored under `new` criteria.
pub fn preview_criteria(register: &Register, new: &RiskCriteria) -> Vec<RemapPreview> {
    let old = &register.criteria;
    register
        .risks
        .iter()
        .filter_map(|risk| {
            let assessment = risk.assessment.as_ref()?;
            let after = remap_assessment(risk, assessment, old, new);
            Some(RemapPreview {
                risk_id: risk.id.clone(),
                title: risk.title.clone(),
                before: scored(old, assessment),
                after: scored(new, &after),
            })
        })
        .collect()
}

/// Adopts `new` criteria: the version becomes the old one plus one, every scored risk
/// is rescored exactly as `preview_criteria` showed, and asset values move to the new
/// impact scale by the same rule. Criteria that say the same as
/// the current ones change nothing.
pub fn apply_criteria(register: &mut Register, new: RiskCriteria) {
    if register.criteria.same_rules_as(&new) {
        return;
    }
    let old = register.criteria.clone();
    // Asset values are levels of the impact scale too.
    for asset in &mut register.assets {
        let map = |value: Option<u8>| value.map(|v| map_score(&old.impact, &new.impact, v));
        asset.value = Cia {
            confidentiality: map(asset.value.confidentiality),
            integrity: map(asset.value.integrity),
            availability: map(asset.value.availability),
        };
    }
    for risk in &mut register.risks {
        if let Some(assessment) = &risk.assessment {
            let remapped = remap_assessment(risk, assessment, &old, &new);
            risk.assessment = Some(remapped);
        }
    }
    register.criteria = RiskCriteria {
        version: old.version + 1,
        ..new
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::document::load;
    use crate::model::criteria::{Anchor, MatrixStyle, preset};

    fn demo() -> Register {
        load(crate::DEMO_REGISTER_JSON).unwrap().register
    }

    fn unanchored(labels: usize) -> Vec<ScaleLevel> {
        (0..labels)
            .map(|n| ScaleLevel {
                label: format!("L{n}"),
                description: String::new(),
                anchor: None,
            })
            .collect()
    }

    #[test]
    fn identical_scales_map_to_themselves() {
        let scale = demo().criteria.likelihood;
        for s in 1..=5 {
            assert_eq!(map_score(&scale, &scale, s), s);
        }
    }

    #[test]
    fn unanchored_scales_map_by_relative_position() {
        let five = unanchored(5);
        let three = unanchored(3);
        assert_eq!([1, 2, 3, 4, 5].map(|s| map_score(&five, &three, s)), [1, 2, 2, 3, 3]);
        assert_eq!([1, 2, 3].map(|s| map_score(&three, &five, s)), [1, 3, 5]);
        let seven = unanchored(7);
        assert_eq!([1, 2, 3, 4, 5].map(|s| map_score(&five, &seven, s)), [1, 3, 4, 6, 7]);
    }

    #[test]
    fn anchored_scales_map_by_value() {
        let five = preset(5, MatrixStyle::Multiplicative).unwrap().likelihood;
        let four = preset(4, MatrixStyle::Multiplicative).unwrap().likelihood;
        // The 4-level scale merges Rare and Unlikely (0.01–0.33), then Possible, Likely, Almost certain.
        assert_eq!([1, 2, 3, 4, 5].map(|s| map_score(&five, &four, s)), [1, 1, 2, 3, 4]);
        // A value beyond the new scale's ends goes to the nearest end.
        let mut narrow = four.clone();
        narrow[3].anchor = Some(Anchor { low: 4.0, high: 5.0 });
        let mut wide = five.clone();
        wide[4].anchor = Some(Anchor { low: 24.0, high: 100.0 });
        assert_eq!(map_score(&wide, &narrow, 5), 4);
    }

    #[test]
    fn preview_lists_every_scored_risk_and_changes_nothing() {
        let register = demo();
        let before = register.clone();
        let new = preset(4, MatrixStyle::Multiplicative).unwrap();
        let preview = preview_criteria(&register, &new);
        assert_eq!(register, before, "a preview must not touch the register");
        assert_eq!(
            preview.len(),
            register.risks.iter().filter(|r| r.assessment.is_some()).count()
        );
        // likelihood 3 (Possible) → 2, impact 5 (Severe) → 4 on the 4×4 scales.
        let r1 = preview.iter().find(|p| p.risk_id == "R-001").unwrap();
        assert_eq!((r1.before.likelihood, r1.after.likelihood), (3, 2));
        assert_eq!(
            (r1.before.impact.clone(), r1.after.impact.clone()),
            (Impact::Overall(5), Impact::Overall(4))
        );
        assert_eq!(r1.before.level.as_deref(), Some("high"));
        assert_eq!(r1.after.level.as_deref(), new.level(2, 4).map(|l| l.id.as_str()));
        assert!(r1.score_changed());
    }

    #[test]
    fn apply_rescores_as_previewed_and_raises_the_version() {
        let mut register = demo();
        let new = preset(4, MatrixStyle::Additive).unwrap();
        let preview = preview_criteria(&register, &new);
        apply_criteria(&mut register, new.clone());
        assert_eq!(register.criteria.version, 2);
        assert!(register.criteria.same_rules_as(&new));
        for (risk, seen) in register.risks.iter().zip(&preview) {
            let assessment = risk.assessment.as_ref().unwrap();
            assert_eq!(assessment.criteria_version, 2);
            assert_eq!(
                (assessment.likelihood, &assessment.impact),
                (seen.after.likelihood, &seen.after.impact)
            );
            let level = register
                .criteria
                .level(assessment.likelihood, assessment.impact.overall().unwrap());
            assert_eq!(level.map(|l| l.id.clone()), seen.after.level);
        }
        let problems = crate::io::validation::check(&register);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn applying_the_same_rules_changes_nothing() {
        let mut register = demo();
        let before = register.clone();
        let same = RiskCriteria {
            version: 7,
            ..register.criteria.clone()
        };
        apply_criteria(&mut register, same);
        assert_eq!(register, before);
    }

    #[test]
    fn a_matrix_edit_keeps_scores_but_may_change_levels() {
        let mut register = demo();
        let mut new = register.criteria.clone();
        new.matrix[2][4] = "critical".into(); // Possible × Severe
        let preview = preview_criteria(&register, &new);
        let r1 = preview.iter().find(|p| p.risk_id == "R-001").unwrap();
        assert!(!r1.score_changed() && r1.level_changed());
        assert_eq!(preview.iter().filter(|p| p.level_changed()).count(), 1);
        apply_criteria(&mut register, new);
        assert_eq!(register.criteria.version, 2);
    }

    #[test]
    fn switching_to_per_property_impact_scores_the_affected_properties() {
        let mut register = demo();
        let mut new = register.criteria.clone();
        new.impact_mode = ImpactMode::PerProperty;
        apply_criteria(&mut register, new);
        let r7 = register.risks.iter().find(|r| r.id == "R-007").unwrap(); // DDoS: availability only, impact 3
        assert_eq!(
            r7.assessment.as_ref().unwrap().impact,
            Impact::PerProperty(Cia {
                confidentiality: None,
                integrity: None,
                availability: Some(3)
            })
        );
        assert!(
            crate::io::validation::check(&register).is_empty(),
            "{:?}",
            crate::io::validation::check(&register)
        );
        // And back: the overall impact is the highest property score.
        let mut back = register.criteria.clone();
        back.impact_mode = ImpactMode::Overall;
        apply_criteria(&mut register, back);
        let r7 = register.risks.iter().find(|r| r.id == "R-007").unwrap();
        assert_eq!(r7.assessment.as_ref().unwrap().impact, Impact::Overall(3));
        assert_eq!(register.criteria.version, 3);
    }
}

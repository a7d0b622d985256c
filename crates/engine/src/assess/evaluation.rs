//! Risk evaluation (ISO/IEC 27001 6.1.2 e): each scored risk's level, whether it is
//! above the risk appetite, and its priority for treatment. Derived, never stored.

use crate::model::register::Register;
use crate::model::risk::Risk;

/// The evaluation of one risk against the risk criteria (ISO/IEC 27001 6.1.2 e): its level,
/// whether it exceeds the risk appetite, and its treatment priority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// Id of the risk level, when the risk is scored.
    pub level: Option<String>,
    /// Rank of the level (0 = lowest), for sorting.
    pub level_rank: Option<usize>,
    /// True when the level is not accepted by the appetite; `None` when unscored.
    pub above_appetite: Option<bool>,
    /// 1 = treat first. Unscored risks have no priority.
    pub priority: Option<usize>,
}

/// The overall (likelihood, impact) of a scored risk.
pub fn scores(risk: &Risk) -> Option<(u8, u8)> {
    let assessment = risk.assessment.as_ref()?;
    Some((assessment.likelihood, assessment.impact.overall()?))
}

/// One evaluation per risk, in register order. Priority orders risks by level, then by
/// likelihood × impact, then impact, then likelihood; ties keep register order.
pub fn evaluate(register: &Register) -> Vec<Evaluation> {
    let criteria = &register.criteria;
    let mut evaluations: Vec<Evaluation> = register
        .risks
        .iter()
        .map(|risk| {
            let level = scores(risk).and_then(|(l, i)| criteria.level(l, i));
            Evaluation {
                level: level.map(|l| l.id.clone()),
                level_rank: level.and_then(|l| criteria.level_rank(&l.id)),
                above_appetite: level.map(|l| !l.accepted),
                priority: None,
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..register.risks.len())
        .filter(|&n| evaluations[n].level_rank.is_some())
        .collect();
    let key = |n: usize| {
        let (l, i) = scores(&register.risks[n]).unwrap_or((0, 0));
        (evaluations[n].level_rank, u16::from(l) * u16::from(i), i, l)
    };
    order.sort_by_key(|&n| std::cmp::Reverse(key(n)));
    for (rank, n) in order.into_iter().enumerate() {
        evaluations[n].priority = Some(rank + 1);
    }
    evaluations
}

/// `counts[l - 1][i - 1]`: how many risks are scored at likelihood l and impact i.
pub fn heat_map(register: &Register) -> Vec<Vec<usize>> {
    cell_counts(&register.criteria, register.risks.iter().filter_map(scores))
}

/// `counts[l - 1][i - 1]`: how many of `scores` (likelihood, impact) fall in each cell
/// of the criteria's matrix; a score outside it is not counted.
pub fn cell_counts(
    criteria: &crate::model::criteria::RiskCriteria,
    scores: impl IntoIterator<Item = (u8, u8)>,
) -> Vec<Vec<usize>> {
    let mut counts = vec![vec![0; criteria.impact.len()]; criteria.likelihood.len()];
    for (l, i) in scores {
        if let Some(cell) = counts
            .get_mut(usize::from(l) - 1)
            .and_then(|row| row.get_mut(usize::from(i) - 1))
        {
            *cell += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::document::load;

    fn demo() -> Register {
        load(crate::DEMO_REGISTER_JSON).unwrap().register
    }

    /// The demo's scores, levels and appetite as its matrix gives them, read off the
    /// matrix by hand: only "low" is within the appetite.
    #[test]
    fn levels_and_appetite_follow_the_matrix() {
        const PINNED: [(&str, u8, u8, &str, bool); 14] = [
            ("R-001", 3, 5, "high", true),
            ("R-002", 4, 3, "high", true),
            ("R-003", 3, 4, "high", true),
            ("R-004", 2, 4, "medium", true),
            ("R-005", 2, 3, "medium", true),
            ("R-006", 4, 2, "medium", true),
            ("R-007", 3, 3, "medium", true),
            ("R-008", 4, 4, "high", true),
            ("R-009", 1, 4, "low", false),
            ("R-010", 2, 5, "high", true),
            ("R-011", 3, 4, "high", true),
            ("R-012", 3, 4, "high", true),
            ("R-013", 4, 2, "medium", true),
            ("R-014", 2, 3, "medium", true),
        ];
        let register = demo();
        let found: Vec<(&str, u8, u8, &str, bool)> = register
            .risks
            .iter()
            .zip(evaluate(&register))
            .map(|(risk, e)| {
                let (l, i) = scores(risk).unwrap();
                let level = register
                    .criteria
                    .levels
                    .iter()
                    .find(|x| Some(&x.id) == e.level.as_ref())
                    .unwrap();
                (risk.id.as_str(), l, i, level.id.as_str(), e.above_appetite.unwrap())
            })
            .collect();
        assert_eq!(found, PINNED);
    }

    #[test]
    fn priorities_rank_by_level_then_score() {
        let register = demo();
        let evaluations = evaluate(&register);
        let mut priorities: Vec<usize> = evaluations.iter().filter_map(|e| e.priority).collect();
        priorities.sort();
        assert_eq!(priorities, (1..=register.risks.len()).collect::<Vec<_>>());
        let first = evaluations.iter().position(|e| e.priority == Some(1)).unwrap();
        // The highest-level risks are High; among them R-008 (4 × 4 = 16) scores most.
        assert_eq!(register.risks[first].id, "R-008");
        let last = evaluations
            .iter()
            .position(|e| e.priority == Some(register.risks.len()))
            .unwrap();
        assert_eq!(register.risks[last].id, "R-009");
        // Priority never puts a lower level ahead of a higher one.
        for a in &evaluations {
            for b in &evaluations {
                if a.level_rank > b.level_rank {
                    assert!(a.priority < b.priority);
                }
            }
        }
    }

    #[test]
    fn unscored_risks_have_no_level_or_priority() {
        let mut register = demo();
        register.risks[0].assessment = None;
        let evaluations = evaluate(&register);
        assert_eq!(
            evaluations[0],
            Evaluation {
                level: None,
                level_rank: None,
                above_appetite: None,
                priority: None
            }
        );
        assert_eq!(
            evaluations.iter().filter_map(|e| e.priority).max(),
            Some(register.risks.len() - 1)
        );
    }

    #[test]
    fn heat_map_counts_every_scored_risk_in_its_cell() {
        let register = demo();
        let counts = heat_map(&register);
        assert_eq!(counts.iter().flatten().sum::<usize>(), register.risks.len());
        let expected = register.risks.iter().filter(|r| scores(r) == Some((4, 4))).count();
        assert_eq!(counts[3][3], expected);
        assert_eq!(counts[3][3], 1);
    }
}

/// Whether a simulated annual loss stays within the appetite curve, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct AppetiteVerdict {
    /// Every point of the curve holds.
    pub within: bool,
    /// The verdict and each point, failing points first: "Above the appetite curve: a
    /// 31.4% chance of losing more than Appetite (5M EUR) in a year, where at most 10%
    /// is accepted; …".
    pub text: String,
}

/// The verdict of an annual loss whose chances of exceeding each loss threshold are
/// `exceedance` (one per threshold, as the statistics report them) on the appetite curve
/// of `criteria`; `None` when no threshold has a most accepted chance.
pub fn appetite_verdict(
    criteria: &crate::model::criteria::RiskCriteria,
    exceedance: &[f64],
    currency: &str,
) -> Option<AppetiteVerdict> {
    let mut points: Vec<(bool, String)> = criteria
        .loss_thresholds
        .iter()
        .zip(exceedance)
        .filter_map(|(t, &p)| {
            let max = t.max_probability?;
            Some((
                p <= max,
                format!(
                    "{} {} chance of losing more than {} ({} {currency}) in a year, where at most {} is accepted",
                    article(&percent(p)),
                    percent(p),
                    t.name,
                    crate::io::money::short(t.annual_loss),
                    percent(max)
                ),
            ))
        })
        .collect();
    if points.is_empty() {
        return None;
    }
    let within = points.iter().all(|(ok, _)| *ok);
    points.sort_by_key(|(ok, _)| *ok);
    let words: Vec<String> = points.into_iter().map(|(_, w)| w).collect();
    Some(AppetiteVerdict {
        within,
        text: format!(
            "{}: {}.",
            if within {
                "Within the appetite curve"
            } else {
                "Above the appetite curve"
            },
            words.join("; ")
        ),
    })
}

/// "a" or "an" before a percentage as it is read aloud: an 8%, an 11%, an 18.5%, an 80%.
fn article(percent: &str) -> &'static str {
    let whole: String = percent.chars().take_while(char::is_ascii_digit).collect();
    let vowel = whole.starts_with('8') || whole == "11" || whole == "18";
    if vowel { "an" } else { "a" }
}

/// 0.314 → "31.4%", 0.1 → "10%".
fn percent(p: f64) -> String {
    let text = format!("{:.1}", 100.0 * p);
    format!("{}%", text.strip_suffix(".0").unwrap_or(&text))
}

#[cfg(test)]
mod appetite_tests {
    use super::*;

    #[test]
    fn the_verdict_names_each_point_failing_first() {
        let demo = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let criteria = &demo.criteria;
        let maxima: Vec<f64> = criteria
            .loss_thresholds
            .iter()
            .filter_map(|t| t.max_probability)
            .collect();
        assert_eq!(maxima.len(), 2, "the demo's appetite and tolerance");
        let within = appetite_verdict(criteria, &[0.05, 0.005], "EUR").unwrap();
        assert!(within.within);
        assert_eq!(
            within.text,
            "Within the appetite curve: a 5% chance of losing more than Appetite (5M EUR) in a year, where at most 10% is accepted; a 0.5% chance of losing more than Tolerance (15M EUR) in a year, where at most 1% is accepted."
        );
        let above = appetite_verdict(criteria, &[0.05, 0.0234], "EUR").unwrap();
        assert!(!above.within);
        assert!(
            above
                .text
                .starts_with("Above the appetite curve: a 2.3% chance of losing more than Tolerance"),
            "{}",
            above.text
        );
        let mut none = criteria.clone();
        none.loss_thresholds.iter_mut().for_each(|t| t.max_probability = None);
        assert_eq!(appetite_verdict(&none, &[0.5, 0.5], "EUR"), None);
    }
}

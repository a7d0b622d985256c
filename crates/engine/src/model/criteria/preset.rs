//! Ready-made criteria: 3×3, 4×4 and 5×5 matrices, multiplicative or in the additive
//! style of the ISO/IEC 27005 examples, with anchored scales and four-or-fewer levels.

use super::{Anchor, ImpactMode, RiskCriteria, RiskLevel, ScaleLevel};

named_enum! {
    /// How a matrix cell's level follows from its likelihood `l` and impact `i`.
    pub enum MatrixStyle {
        /// By the product l × i.
        Multiplicative = ("multiplicative", "multiplicative (likelihood × impact)"),
        /// By the sum l + i, as in the example matrices of ISO/IEC 27005.
        Additive = ("additive", "ISO/IEC 27005 style (likelihood + impact)"),
    }
}

/// Criteria with `size` levels on each scale (3, 4 or 5). Returns `None` for other sizes.
pub fn preset(size: usize, style: MatrixStyle) -> Option<RiskCriteria> {
    // Upper bounds of each risk level, on the product or the sum, lowest level first.
    let bounds: &[u32] = match (size, style) {
        (3, MatrixStyle::Multiplicative) => &[2, 4, 9],
        (4, MatrixStyle::Multiplicative) => &[3, 6, 9, 16],
        (5, MatrixStyle::Multiplicative) => &[4, 9, 16, 25],
        (3, MatrixStyle::Additive) => &[3, 4, 6],
        (4, MatrixStyle::Additive) => &[3, 5, 7, 8],
        (5, MatrixStyle::Additive) => &[4, 6, 8, 10],
        _ => return None,
    };
    let levels: Vec<RiskLevel> = standard_levels().into_iter().take(bounds.len()).collect();
    let matrix = (1..=size as u32)
        .map(|l| {
            (1..=size as u32)
                .map(|i| {
                    let value = if style == MatrixStyle::Multiplicative {
                        l * i
                    } else {
                        l + i
                    };
                    let rank = bounds
                        .iter()
                        .position(|&bound| value <= bound)
                        .expect("bounds cover the matrix");
                    levels[rank].id.clone()
                })
                .collect()
        })
        .collect();
    Some(RiskCriteria {
        version: 1,
        likelihood: scale(&LIKELIHOOD, size),
        impact: scale(&IMPACT, size),
        impact_mode: ImpactMode::Overall,
        levels,
        matrix,
        loss_thresholds: Vec::new(),
    })
}

type Row = (&'static str, &'static str, f64, f64);

/// Five rows per scale; smaller presets merge neighbouring rows (see `scale`).
const LIKELIHOOD: [Row; 5] = [
    ("Rare", "Not expected in the next ten years.", 0.01, 0.1),
    ("Unlikely", "Could happen once in three to ten years.", 0.1, 0.33),
    ("Possible", "Could happen once in one to three years.", 0.33, 1.0),
    ("Likely", "Expected about once or a few times a year.", 1.0, 4.0),
    ("Almost certain", "Expected several times a year or more.", 4.0, 24.0),
];

const IMPACT: [Row; 5] = [
    ("Negligible", "Absorbed by normal operations.", 1_000.0, 10_000.0),
    (
        "Minor",
        "Short disruption or small cost, handled within a team.",
        10_000.0,
        100_000.0,
    ),
    (
        "Moderate",
        "Customers affected; management attention.",
        100_000.0,
        500_000.0,
    ),
    (
        "Major",
        "Multi-day outage or notifiable breach; material cost.",
        500_000.0,
        2_500_000.0,
    ),
    (
        "Severe",
        "Threatens contracts, licences or continuity.",
        2_500_000.0,
        20_000_000.0,
    ),
];

/// The scale of `size` levels: for 5 all rows; for fewer, neighbouring rows merged so the
/// anchors still cover the whole range without gaps.
fn scale(rows: &[Row; 5], size: usize) -> Vec<ScaleLevel> {
    let groups: &[&[usize]] = match size {
        3 => &[&[0, 1], &[2], &[3, 4]],
        4 => &[&[0, 1], &[2], &[3], &[4]],
        _ => &[&[0], &[1], &[2], &[3], &[4]],
    };
    let labels3 = ["Low", "Medium", "High"];
    groups
        .iter()
        .enumerate()
        .map(|(n, group)| {
            let first = rows[group[0]];
            let last = rows[*group.last().unwrap()];
            let label = if size == 3 {
                labels3[n].to_string()
            } else {
                first.0.to_string()
            };
            let description = if group.len() == 1 {
                first.1.to_string()
            } else {
                format!("{} {}", first.1, last.1)
            };
            ScaleLevel {
                label,
                description,
                anchor: Some(Anchor {
                    low: first.2,
                    high: last.3,
                }),
            }
        })
        .collect()
}

fn standard_levels() -> Vec<RiskLevel> {
    let level = |id: &str, name: &str, colour: &str, action: &str, days: u32, accepted: bool| RiskLevel {
        id: id.into(),
        name: name.into(),
        colour: colour.into(),
        action: action.into(),
        review_interval_days: days,
        accepted,
    };
    vec![
        level(
            "low",
            "Low",
            "#1a9850",
            "Accept and monitor at the annual review.",
            365,
            true,
        ),
        level(
            "medium",
            "Medium",
            "#fee08b",
            "Treat within 12 months or accept with owner sign-off.",
            180,
            false,
        ),
        level(
            "high",
            "High",
            "#f46d43",
            "Treat within 90 days; report to the steering group.",
            90,
            false,
        ),
        level(
            "critical",
            "Critical",
            "#a50026",
            "Treat immediately; escalate to the board.",
            30,
            false,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::problem::Problem;

    #[test]
    fn every_preset_is_valid_and_monotone() {
        for size in 3..=5 {
            for style in [MatrixStyle::Multiplicative, MatrixStyle::Additive] {
                let criteria = preset(size, style).unwrap();
                let mut problems: Vec<Problem> = Vec::new();
                criteria.check("$", &mut problems);
                assert!(problems.is_empty(), "{size} {style:?}: {problems:?}");
                assert_eq!((criteria.likelihood.len(), criteria.impact.len()), (size, size));
                // A higher likelihood or impact never gives a lower level.
                for l in 1..=size as u8 {
                    for i in 1..=size as u8 {
                        let rank = |l, i| criteria.level_rank(&criteria.level(l, i).unwrap().id).unwrap();
                        if l > 1 {
                            assert!(rank(l, i) >= rank(l - 1, i));
                        }
                        if i > 1 {
                            assert!(rank(l, i) >= rank(l, i - 1));
                        }
                    }
                }
                // The corners are the lowest and the highest level.
                let top = criteria.levels.len() - 1;
                assert_eq!(criteria.level_rank(&criteria.level(1, 1).unwrap().id), Some(0));
                assert_eq!(
                    criteria.level_rank(&criteria.level(size as u8, size as u8).unwrap().id),
                    Some(top)
                );
            }
        }
    }

    #[test]
    fn the_5x5_multiplicative_preset_is_the_demo_matrix() {
        let demo = crate::io::document::load(crate::DEMO_REGISTER_JSON)
            .unwrap()
            .register
            .criteria;
        assert_eq!(preset(5, MatrixStyle::Multiplicative).unwrap().matrix, demo.matrix);
    }

    #[test]
    fn additive_and_multiplicative_differ_where_expected() {
        let product = preset(4, MatrixStyle::Multiplicative).unwrap();
        let sum = preset(4, MatrixStyle::Additive).unwrap();
        // l=1, i=4: product 4 (medium), sum 5 (medium); l=2, i=4: product 8 (high), sum 6 (high);
        // l=1, i=3: product 3 (low), sum 4 (medium).
        assert_eq!(product.level(1, 3).unwrap().id, "low");
        assert_eq!(sum.level(1, 3).unwrap().id, "medium");
        assert_eq!(product.level(2, 4).unwrap().id, "high");
        assert_eq!(sum.level(2, 4).unwrap().id, "high");
    }

    #[test]
    fn other_sizes_have_no_preset() {
        assert!(preset(2, MatrixStyle::Additive).is_none());
        assert!(preset(6, MatrixStyle::Multiplicative).is_none());
    }
}

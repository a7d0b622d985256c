//! Finding risks in a register: text search, filters and sort orders for the register
//! table. Pure functions over the register and its evaluations.

use std::cmp::Ordering;

use crate::assess::evaluation::{Evaluation, scores};
use crate::model::register::Register;
use crate::model::risk::{Risk, RiskStatus};

/// Which risks the register table shows; every criterion set must hold. The default shows
/// all risks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RiskFilter {
    /// Words that must all appear (case-insensitive) in the risk's text fields or its
    /// assets' names.
    pub text: String,
    /// Only risks at this risk level (by level id, e.g. "high").
    pub level: Option<String>,
    /// Only risks with exactly this owner.
    pub owner: Option<String>,
    /// Only risks that concern the asset with this id.
    pub asset: Option<String>,
    /// Only risks with this status.
    pub status: Option<RiskStatus>,
    /// Only scored risks whose level the risk appetite does not accept.
    pub above_appetite_only: bool,
    /// A heat-map cell: (likelihood, impact).
    pub cell: Option<(u8, u8)>,
}

impl RiskFilter {
    /// True when the filter lets every risk through.
    pub fn is_empty(&self) -> bool {
        *self == RiskFilter::default()
    }
}

/// The column the register table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// By id, numbers by value ("R-2" before "R-10").
    Id,
    /// By title, ignoring case.
    Title,
    /// By owner, ignoring case.
    Owner,
    /// By inherent likelihood score; unscored risks first.
    Likelihood,
    /// By overall inherent impact score; unscored risks first.
    Impact,
    /// By severity: level, then likelihood × impact (the evaluation's priority).
    Level,
    /// By status, in process order (identified … closed).
    Status,
    /// By next review date; risks without one first.
    ReviewDate,
}

/// A sort order of the register table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// The column to sort by.
    pub key: SortKey,
    /// True to reverse the order (ties still keep register order).
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort {
            key: SortKey::Id,
            descending: false,
        }
    }
}

/// Indexes into `register.risks` of the risks that pass `filter`, in `sort` order
/// (ties in register order). `evaluations` must be `evaluate(register)`.
pub fn select(register: &Register, evaluations: &[Evaluation], filter: &RiskFilter, sort: Sort) -> Vec<usize> {
    let words: Vec<String> = filter.text.split_whitespace().map(str::to_lowercase).collect();
    let mut chosen: Vec<usize> = (0..register.risks.len())
        .filter(|&n| {
            let risk = &register.risks[n];
            let evaluation = &evaluations[n];
            filter
                .level
                .as_ref()
                .is_none_or(|level| evaluation.level.as_ref() == Some(level))
                && filter.owner.as_ref().is_none_or(|owner| &risk.owner == owner)
                && filter.asset.as_ref().is_none_or(|asset| risk.assets.contains(asset))
                && filter.status.is_none_or(|status| risk.status == status)
                && (!filter.above_appetite_only || evaluation.above_appetite == Some(true))
                && filter.cell.is_none_or(|cell| scores(risk) == Some(cell))
                && (words.is_empty() || {
                    let haystack = searchable_text(register, risk);
                    words.iter().all(|word| haystack.contains(word.as_str()))
                })
        })
        .collect();
    chosen.sort_by(|&a, &b| {
        let order = compare(register, evaluations, sort.key, a, b);
        if sort.descending { order.reverse() } else { order }
    });
    chosen
}

fn searchable_text(register: &Register, risk: &Risk) -> String {
    let assets = risk
        .assets
        .iter()
        .filter_map(|id| register.assets.iter().find(|a| &a.id == id))
        .map(|a| a.name.as_str());
    [
        &risk.id,
        &risk.title,
        &risk.description,
        &risk.threat,
        &risk.vulnerability,
        &risk.owner,
        &risk.category,
        &risk.notes,
    ]
    .into_iter()
    .map(String::as_str)
    .chain(assets)
    .collect::<Vec<_>>()
    .join("\n")
    .to_lowercase()
}

fn compare(register: &Register, evaluations: &[Evaluation], key: SortKey, a: usize, b: usize) -> Ordering {
    let (ra, rb) = (&register.risks[a], &register.risks[b]);
    match key {
        SortKey::Id => natural(&ra.id, &rb.id),
        SortKey::Title => ra.title.to_lowercase().cmp(&rb.title.to_lowercase()),
        SortKey::Owner => ra.owner.to_lowercase().cmp(&rb.owner.to_lowercase()),
        SortKey::Likelihood => scores(ra).map(|s| s.0).cmp(&scores(rb).map(|s| s.0)),
        SortKey::Impact => scores(ra).map(|s| s.1).cmp(&scores(rb).map(|s| s.1)),
        // Priority 1 is the most severe, so severity ascending is priority descending;
        // unscored risks are the least severe.
        SortKey::Level => match (evaluations[a].priority, evaluations[b].priority) {
            (Some(pa), Some(pb)) => pb.cmp(&pa),
            (pa, pb) => pa.is_some().cmp(&pb.is_some()),
        },
        SortKey::Status => (ra.status as u8).cmp(&(rb.status as u8)),
        SortKey::ReviewDate => ra.review_date.cmp(&rb.review_date),
    }
    .then_with(|| a.cmp(&b))
}

/// Orders ids like "R-2" before "R-10": text parts by text, digit runs by value.
pub fn natural(a: &str, b: &str) -> Ordering {
    fn chunks(text: &str) -> Vec<(bool, String)> {
        let mut out: Vec<(bool, String)> = Vec::new();
        for c in text.chars() {
            let digit = c.is_ascii_digit();
            match out.last_mut() {
                Some((d, chunk)) if *d == digit => chunk.push(c),
                _ => out.push((digit, c.to_string())),
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for ((da, xa), (db, xb)) in ca.iter().zip(&cb) {
        let order = if *da && *db {
            let (ta, tb) = (xa.trim_start_matches('0'), xb.trim_start_matches('0'));
            ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb))
        } else {
            xa.cmp(xb)
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    ca.len().cmp(&cb.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::evaluation::evaluate;
    use crate::io::document::load;

    fn demo() -> Register {
        load(crate::DEMO_REGISTER_JSON).unwrap().register
    }

    fn ids(register: &Register, chosen: &[usize]) -> Vec<String> {
        chosen.iter().map(|&n| register.risks[n].id.clone()).collect()
    }

    #[test]
    fn no_filter_lists_everything_in_id_order() {
        let register = demo();
        let chosen = select(&register, &evaluate(&register), &RiskFilter::default(), Sort::default());
        assert_eq!(chosen, (0..register.risks.len()).collect::<Vec<_>>());
    }

    #[test]
    fn filters_combine() {
        let register = demo();
        let evaluations = evaluate(&register);
        let engineering = RiskFilter {
            owner: Some("Head of Engineering".into()),
            ..Default::default()
        };
        assert_eq!(
            ids(
                &register,
                &select(&register, &evaluations, &engineering, Sort::default())
            ),
            ["R-007", "R-008", "R-012", "R-013"]
        );
        let high = RiskFilter {
            level: Some("high".into()),
            ..engineering.clone()
        };
        assert_eq!(
            ids(&register, &select(&register, &evaluations, &high, Sort::default())),
            ["R-008", "R-012"]
        );
        let portal = RiskFilter {
            asset: Some("A-002".into()),
            status: Some(RiskStatus::Analysed),
            ..Default::default()
        };
        assert_eq!(
            ids(&register, &select(&register, &evaluations, &portal, Sort::default())),
            ["R-007", "R-013"]
        );
        let cell = RiskFilter {
            cell: Some((3, 4)),
            ..Default::default()
        };
        assert_eq!(
            ids(&register, &select(&register, &evaluations, &cell, Sort::default())),
            ["R-003", "R-011", "R-012"]
        );
        let above = RiskFilter {
            above_appetite_only: true,
            ..Default::default()
        };
        assert_eq!(
            select(&register, &evaluations, &above, Sort::default()).len(),
            register.risks.len() - 1
        );
    }

    #[test]
    fn text_search_matches_all_words_in_any_field_or_asset_name() {
        let register = demo();
        let evaluations = evaluate(&register);
        let search = |text: &str| {
            ids(
                &register,
                &select(
                    &register,
                    &evaluations,
                    &RiskFilter {
                        text: text.into(),
                        ..Default::default()
                    },
                    Sort::default(),
                ),
            )
        };
        assert_eq!(search("RANSOMWARE"), ["R-001"]);
        assert_eq!(search("payroll provider"), ["R-004"]);
        assert_eq!(search("server room"), ["R-009"]);
        assert!(search("no such words").is_empty());
    }

    #[test]
    fn text_search_finds_a_risk_by_the_name_of_an_asset_it_concerns() {
        let mut register = demo();
        // A word that only the asset's name holds: no risk mentions it.
        let asset = register.risks.iter().find_map(|r| r.assets.first().cloned()).unwrap();
        register.assets.iter_mut().find(|a| a.id == asset).unwrap().name = "Quetzal vault".into();
        assert!(
            !serde_json::to_string(&register.risks)
                .unwrap()
                .to_lowercase()
                .contains("quetzal")
        );
        let mut concerned: Vec<String> = register
            .risks
            .iter()
            .filter(|r| r.assets.contains(&asset))
            .map(|r| r.id.clone())
            .collect();
        let evaluations = evaluate(&register);
        let filter = RiskFilter {
            text: "QUETZAL".into(),
            ..Default::default()
        };
        let mut found = ids(&register, &select(&register, &evaluations, &filter, Sort::default()));
        concerned.sort();
        found.sort();
        assert_eq!(found, concerned);
    }

    #[test]
    fn level_sort_descending_is_priority_order() {
        let register = demo();
        let evaluations = evaluate(&register);
        let chosen = select(
            &register,
            &evaluations,
            &RiskFilter::default(),
            Sort {
                key: SortKey::Level,
                descending: true,
            },
        );
        let priorities: Vec<usize> = chosen.iter().map(|&n| evaluations[n].priority.unwrap()).collect();
        assert_eq!(priorities, (1..=register.risks.len()).collect::<Vec<_>>());
    }

    #[test]
    fn natural_order_of_ids() {
        let mut list = vec!["R-10", "R-2", "R-001", "A-1", "R-02"];
        list.sort_by(|a, b| natural(a, b));
        assert_eq!(list, ["A-1", "R-001", "R-2", "R-02", "R-10"]);
    }
}

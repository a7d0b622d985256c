//! A result sent in parts: the simulation worker hands the page a result of thousands
//! of risks (three states of 10,000 risks are 40 MB of JSON), and reading it whole would
//! hold the page's only thread for over a second. Split, each part is read in a task of
//! its own (a few milliseconds), and the whole is put together at the end, unchanged.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{RiskResult, SimulationResult};

/// A result holding per-risk lists (one per state), which can be sent apart.
pub trait RiskLists {
    /// The per-risk lists, in a fixed order.
    fn risk_lists(&mut self) -> Vec<&mut Vec<RiskResult>>;
}

impl RiskLists for SimulationResult {
    fn risk_lists(&mut self) -> Vec<&mut Vec<RiskResult>> {
        vec![&mut self.risks]
    }
}

/// A result split for sending: the rest of the result (its per-risk lists empty), and
/// the per-risk lists in parts of at most `per_part` risks, each `(list, JSON array)`.
pub struct Split {
    /// The result without its per-risk lists, as JSON.
    pub rest: String,
    /// `(index of the list, JSON array of its next risks)`, in order.
    pub parts: Vec<(usize, String)>,
}

/// Splits `result` into parts of at most `per_part` risks (at least one).
pub fn split<T: RiskLists + Serialize>(mut result: T, per_part: usize) -> Result<Split, String> {
    let mut parts = Vec::new();
    for (list, risks) in result.risk_lists().into_iter().enumerate() {
        for chunk in std::mem::take(risks).chunks(per_part.max(1)) {
            parts.push((list, serde_json::to_string(chunk).map_err(|e| e.to_string())?));
        }
    }
    let rest = serde_json::to_string(&result).map_err(|e| e.to_string())?;
    Ok(Split { rest, parts })
}

/// Reads one part's risks.
pub fn read_part(json: &str) -> Result<Vec<RiskResult>, String> {
    serde_json::from_str(json).map_err(|e| format!("unreadable results: {e}"))
}

/// Puts a result together again from the rest and the parts' risks, in the order sent.
pub fn join<T: RiskLists + DeserializeOwned>(rest: &str, parts: Vec<(usize, Vec<RiskResult>)>) -> Result<T, String> {
    let mut result: T = serde_json::from_str(rest).map_err(|e| format!("unreadable results: {e}"))?;
    let mut lists = result.risk_lists();
    for (list, risks) in parts {
        lists
            .get_mut(list)
            .ok_or_else(|| format!("unreadable results: a part of list {list}, which there is not"))?
            .extend(risks);
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_split_in_parts_joins_to_the_same_result() {
        let register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let settings = crate::model::settings::SimulationSettings {
            trials: 2_000,
            ..register.simulation
        };
        let result = super::super::simulate(&register, Some(settings)).unwrap();
        assert!(result.risks.len() > 10);
        for per_part in [1, 3, 5, 1_000] {
            let Split { rest, parts } = split(result.clone(), per_part).unwrap();
            let expected_parts = result.risks.len().div_ceil(per_part);
            assert_eq!(parts.len(), expected_parts, "{per_part} a part");
            assert!(!rest.contains("\"R-001\""), "the rest carries no risk");
            let read: Vec<(usize, Vec<RiskResult>)> = parts
                .iter()
                .map(|(list, json)| (*list, read_part(json).unwrap()))
                .collect();
            assert!(read.iter().all(|(_, risks)| risks.len() <= per_part));
            let joined: SimulationResult = join(&rest, read).unwrap();
            assert_eq!(joined, result);
        }
        let Split { rest, .. } = split(result.clone(), 4).unwrap();
        assert!(join::<SimulationResult>(&rest, vec![(1, Vec::new())]).is_err());
    }
}

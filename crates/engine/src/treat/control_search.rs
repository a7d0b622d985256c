//! Finding a control to link to a risk by what the analyst types: a number ("8.13"), a
//! word of its title ("backup"), or an ISO/IEC 27002 attribute ("corrective",
//! "#Detective", "asset management"). Every word typed must match; the closest matches
//! come first: the exact number, then numbers that start so, then titles, then
//! attributes, the register's own controls before Annex A's.

use crate::model::catalogue::{Attributes, annex_a, id_order};
use crate::model::register::Register;

/// A control that can be linked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The control's id: an Annex A number or the organisation's own.
    pub id: String,
    /// The control's title.
    pub title: String,
    /// The register has it already (otherwise linking adopts it from Annex A).
    pub own: bool,
    /// The attribute that matched, when only an attribute did, e.g. "#Corrective".
    pub by_attribute: Option<String>,
}

/// The controls not yet linked (`linked`) that match `query`, best first; every one when
/// the query is blank.
pub fn candidates(register: &Register, linked: &[String], query: &str) -> Vec<Candidate> {
    let words: Vec<String> = query
        .split_whitespace()
        .map(|w| w.trim_start_matches('#').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let catalogue = annex_a();
    let own = register
        .controls
        .iter()
        .filter(|c| !linked.contains(&c.id))
        .map(|c| (c.id.as_str(), c.title.as_str(), true));
    let annex = catalogue
        .controls
        .iter()
        .filter(|c| !linked.contains(&c.id) && !register.controls.iter().any(|o| o.id == c.id))
        .map(|c| (c.id.as_str(), c.title.as_str(), false));
    let mut found: Vec<(u8, Candidate)> = own
        .chain(annex)
        .filter_map(|(id, title, own)| {
            let attributes = catalogue.control(id).map(|c| &c.attributes);
            let (rank, by_attribute) = rank(&words, id, title, attributes)?;
            Some((
                rank,
                Candidate {
                    id: id.to_string(),
                    title: title.to_string(),
                    own,
                    by_attribute,
                },
            ))
        })
        .collect();
    found.sort_by(|(a, x), (b, y)| (a, !x.own, id_order(&x.id)).cmp(&(b, !y.own, id_order(&y.id))));
    found.into_iter().map(|(_, c)| c).collect()
}

/// How well a control matches every word: 0 the exact number, 1 a number that starts
/// so, 2 a title, 3 an attribute (with the attribute's name); `None` if a word matches
/// nothing.
fn rank(words: &[String], id: &str, title: &str, attributes: Option<&Attributes>) -> Option<(u8, Option<String>)> {
    let id = id.to_lowercase();
    let title_words: Vec<String> = title
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    let attribute_names = attributes.map(attribute_names).unwrap_or_default();
    let mut worst = 0;
    let mut by_attribute = None;
    for word in words {
        let rank = if id == *word {
            0
        } else if id.starts_with(word.as_str()) {
            1
        } else if title_words.iter().any(|t| t.starts_with(word.as_str())) {
            2
        } else if let Some(name) = attribute_names
            .iter()
            .find(|name| name.split('_').any(|part| part.starts_with(word.as_str())))
        {
            by_attribute.get_or_insert_with(|| format!("#{}", title_case(name)));
            3
        } else {
            return None;
        };
        worst = worst.max(rank);
    }
    Some((worst, by_attribute.filter(|_| worst == 3)))
}

/// The attribute values of a catalogue control, as their JSON names ("corrective",
/// "asset_management").
fn attribute_names(attributes: &Attributes) -> Vec<String> {
    let json = serde_json::to_value(attributes).unwrap_or_default();
    json.as_object()
        .into_iter()
        .flat_map(|o| o.values())
        .filter_map(|v| v.as_array())
        .flatten()
        .filter_map(|v| v.as_str().map(String::from))
        .collect()
}

/// "asset_management" → "Asset_management", as ISO/IEC 27002 writes its hashtags.
fn title_case(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Register {
        crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register
    }

    fn ids(found: &[Candidate]) -> Vec<&str> {
        found.iter().map(|c| c.id.as_str()).collect()
    }

    #[test]
    fn a_number_finds_itself_first_then_those_it_starts() {
        let register = demo();
        let found = candidates(&register, &[], "8.1");
        assert_eq!(found[0].id, "8.1");
        assert!(
            ids(&found)[1..].iter().all(|id| id.starts_with("8.1")),
            "{:?}",
            ids(&found)
        );
        assert!(ids(&found).contains(&"8.13") && ids(&found).contains(&"8.19"));
        // Linked controls are not offered; the register's own come before Annex A's.
        let found = candidates(&register, &["8.1".to_string()], "8.1");
        assert!(!ids(&found).contains(&"8.1"));
        assert_eq!(
            candidates(&register, &[], "").len(),
            93 + register.controls.iter().filter(|c| !c.id.contains('.')).count()
        );
    }

    #[test]
    fn words_of_the_title_and_attributes_all_must_match() {
        let register = demo();
        assert_eq!(ids(&candidates(&register, &[], "backup")), ["8.13"]);
        assert_eq!(ids(&candidates(&register, &[], "information BACK")), ["8.13"]);
        let corrective = candidates(&register, &[], "#Corrective");
        assert!(corrective.len() >= 14, "{}", corrective.len());
        assert!(
            corrective
                .iter()
                .all(|c| c.by_attribute.as_deref() == Some("#Corrective"))
        );
        // Two words: the detective controls of physical security.
        let mut both = ids(&candidates(&register, &[], "detective physical"))
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        both.sort();
        assert_eq!(both, ["7.11", "7.4"]);
        assert!(candidates(&register, &[], "zzz").is_empty());
    }
}

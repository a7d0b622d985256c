//! The register: one organisation's risk assessment, the document that Residual
//! stores, exports and validates (format version 1, see docs/register-format.md).

use serde::{Deserialize, Serialize};

#[cfg(test)]
use crate::io::document::load;
use crate::model::asset::Asset;
use crate::model::control::Control;
use crate::model::criteria::RiskCriteria;
use crate::model::risk::Risk;
use crate::model::treatment::Treatment;

/// The format version this build writes. Older versions are migrated on load
/// (see `migration`); newer ones are refused.
pub const SCHEMA_VERSION: &str = "1";

/// A risk register: one organisation's information-security risk assessment and treatment
/// (ISO/IEC 27001 6.1.2–6.1.3), the document Residual stores and exchanges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Register {
    /// The URL of the JSON Schema this document follows (written on export, accepted and
    /// kept on reading; not checked against).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Format version of this document: "1".
    pub schema_version: String,
    /// The program and version that wrote this file, e.g. "Residual 0.1.0" (written on
    /// export; `modified` says when its content last changed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator: Option<String>,
    /// Stable identifier of the register, unique among an analyst's registers.
    pub id: String,
    /// Display name of the register, e.g. "ISMS risk assessment 2025".
    pub name: String,
    /// Name of the organisation assessed; may be empty.
    #[serde(default)]
    pub organisation: String,
    /// The ISMS scope this assessment covers.
    #[serde(default)]
    pub scope: String,
    /// ISO 4217 code of the currency losses are expressed in, e.g. "EUR".
    pub currency: String,
    /// When the register was created (RFC 3339).
    pub created: String,
    /// When the register was last changed (RFC 3339).
    pub modified: String,
    /// How many times this register has been saved; raised by one on every save. Lets two
    /// browser tabs notice when their saves crossed. Storage bookkeeping: an export leaves
    /// it out.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub revision: u64,
    /// The risk criteria (ISO/IEC 27005): likelihood and impact scales, risk matrix, levels
    /// and risk acceptance criteria.
    pub criteria: RiskCriteria,
    /// Trials, seed and sampling design of the quantitative analysis.
    #[serde(default)]
    pub simulation: crate::model::settings::SimulationSettings,
    /// The assets in scope.
    #[serde(default)]
    pub assets: Vec<Asset>,
    /// The identified risks.
    #[serde(default)]
    pub risks: Vec<Risk>,
    /// The controls the register uses: Annex A ones by number, the organisation's own by
    /// their ids.
    #[serde(default)]
    pub controls: Vec<Control>,
    /// The treatment of each risk that has one (at most one per risk).
    #[serde(default)]
    pub treatments: Vec<Treatment>,
    /// Statement of Applicability decisions: whether each control applies, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applicability: Vec<crate::model::applicability::Applicability>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A name as a safe identifier and file name: lower-case ASCII letters and digits joined
/// by single dashes ("Acme Ltd — ISMS 2026" is "acme-ltd-isms-2026"); "register" when
/// nothing is left.
pub fn slug(name: &str) -> String {
    // Accented Latin letters keep their base letter ("Zürich" is "zurich").
    let base = |c: char| -> &'static str {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
            'æ' => "ae",
            'ç' | 'č' | 'ć' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
            'œ' => "oe",
            'ß' => "ss",
            'š' | 'ś' => "s",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => "u",
            'ý' | 'ÿ' => "y",
            'ž' | 'ź' | 'ż' => "z",
            'ł' => "l",
            'ř' => "r",
            _ => "-",
        }
    };
    let slug: String = name
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                base(c).to_string()
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() { "register".into() } else { slug }
}

impl Register {
    /// The name of a file this register is exported to on `date` (`YYYY-MM-DD`), from its
    /// name, not its internal id: "acme-isms-2026-2026-11-29.json".
    pub fn file_name(&self, date: &str, extension: &str) -> String {
        format!("{}-{date}.{extension}", slug(&self.name))
    }

    /// A new, empty register with the given criteria.
    pub fn new(id: String, name: String, currency: &str, criteria: RiskCriteria, now: &str) -> Register {
        Register {
            schema: None,
            schema_version: SCHEMA_VERSION.into(),
            generator: None,
            id,
            name,
            organisation: String::new(),
            scope: String::new(),
            currency: currency.into(),
            created: now.into(),
            modified: now.into(),
            revision: 0,
            criteria,
            simulation: Default::default(),
            assets: Vec::new(),
            risks: Vec::new(),
            controls: Vec::new(),
            treatments: Vec::new(),
            applicability: Vec::new(),
        }
    }

    /// The next free id of the form `PREFIX-NNN` ("R-015" after "R-014").
    pub fn next_id<'a>(prefix: &str, taken: impl Iterator<Item = &'a str>) -> String {
        let highest = taken
            .filter_map(|id| id.strip_prefix(prefix)?.strip_prefix('-')?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        format!("{prefix}-{:03}", highest + 1)
    }

    /// The next free risk id, e.g. "R-015" after "R-014".
    pub fn next_risk_id(&self) -> String {
        Register::next_id("R", self.risks.iter().map(|r| r.id.as_str()))
    }

    /// The next free asset id, e.g. "A-004" after "A-003".
    pub fn next_asset_id(&self) -> String {
        Register::next_id("A", self.assets.iter().map(|a| a.id.as_str()))
    }

    /// Copies risk `index` under a new id, right after it; returns the copy's index.
    pub fn duplicate_risk(&mut self, index: usize) -> usize {
        let mut copy = self.risks[index].clone();
        copy.id = self.next_risk_id();
        copy.title = format!("{} (copy)", copy.title);
        self.risks.insert(index + 1, copy);
        index + 1
    }

    /// Removes risk `index` and its treatment; returns both so the deletion can be undone.
    pub fn remove_risk(&mut self, index: usize) -> Risk {
        let risk = self.risks.remove(index);
        self.treatments.retain(|t| t.risk != risk.id);
        risk
    }

    /// Whether two registers say the same, apart from `revision` (storage's save
    /// counter, which a save raises without changing anything else). Every field is
    /// named here, so a new one cannot be left out.
    pub fn same_content(&self, other: &Register) -> bool {
        let Register {
            schema,
            schema_version,
            generator,
            id,
            name,
            organisation,
            scope,
            currency,
            created,
            modified,
            revision: _,
            criteria,
            simulation,
            assets,
            risks,
            controls,
            treatments,
            applicability,
        } = self;
        *id == other.id
            && *modified == other.modified
            && *name == other.name
            && *schema == other.schema
            && *schema_version == other.schema_version
            && *generator == other.generator
            && *organisation == other.organisation
            && *scope == other.scope
            && *currency == other.currency
            && *created == other.created
            && *criteria == other.criteria
            && *simulation == other.simulation
            && *assets == other.assets
            && *risks == other.risks
            && *controls == other.controls
            && *treatments == other.treatments
            && *applicability == other.applicability
    }

    /// A risk's status "accepted" follows from a recorded acceptance of its residual
    /// risk: a risk marked accepted without one (its acceptance withdrawn, or a file
    /// that says so) goes back to "treated" when it has a treatment, else "evaluated".
    /// Returns the ids of the risks changed.
    pub fn settle_accepted_status(&mut self) -> Vec<String> {
        let mut changed = Vec::new();
        for risk in &mut self.risks {
            if risk.status != crate::model::risk::RiskStatus::Accepted {
                continue;
            }
            let treatment = self.treatments.iter().find(|t| t.risk == risk.id);
            if treatment.is_some_and(|t| t.acceptance.is_some()) {
                continue;
            }
            risk.status = if treatment.is_some() {
                crate::model::risk::RiskStatus::Treated
            } else {
                crate::model::risk::RiskStatus::Evaluated
            };
            changed.push(risk.id.clone());
        }
        changed
    }

    /// Brings back a risk deleted since a form opened it, with its `treatment` as it was
    /// then (unless the risk has one again): controls removed from the register since
    /// are left out of it, so nothing dangles. Returns the risk's index.
    pub fn restore_risk(&mut self, risk: Risk, treatment: Option<Treatment>) -> usize {
        let id = risk.id.clone();
        let n = self.put_risk(None, risk);
        if let Some(mut treatment) = treatment.filter(|_| !self.treatments.iter().any(|t| t.risk == id)) {
            treatment.risk = id;
            treatment.controls.retain(|c| self.controls.iter().any(|x| &x.id == c));
            self.treatments.push(treatment);
        }
        n
    }

    /// Puts `risk` at `index` (replacing the risk there), or adds it when `index` is
    /// `None`; returns its index. A changed id is renamed in what refers to the risk
    /// (its treatment), so an edit never leaves a dangling reference.
    pub fn put_risk(&mut self, index: Option<usize>, risk: Risk) -> usize {
        let (n, renamed) = put(&mut self.risks, index, risk, |r| &r.id);
        if let Some((old, new)) = renamed {
            self.treatments
                .iter_mut()
                .filter(|t| t.risk == old)
                .for_each(|t| t.risk = new.clone());
        }
        n
    }

    /// As [`Register::put_risk`], for an asset: a changed id is renamed in every risk
    /// that names the asset.
    pub fn put_asset(&mut self, index: Option<usize>, asset: Asset) -> usize {
        let (n, renamed) = put(&mut self.assets, index, asset, |a| &a.id);
        if let Some((old, new)) = renamed {
            self.risks
                .iter_mut()
                .flat_map(|r| r.assets.iter_mut())
                .filter(|a| **a == old)
                .for_each(|a| *a = new.clone());
        }
        n
    }

    /// The risks whose treatment links control `id`: the only risks it gives credit to.
    pub fn linked_risks(&self, id: &str) -> Vec<&str> {
        self.treatments
            .iter()
            .filter(|t| t.controls.iter().any(|c| c == id))
            .map(|t| t.risk.as_str())
            .collect()
    }

    /// The register as the pretty-printed JSON, ending with a newline, that Residual writes
    /// to files and exports.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a register always serialises");
        text.push('\n');
        text
    }

    /// The register as compact JSON, for the browser's storage (about a third smaller
    /// than [`Register::to_json`]; the same document).
    pub fn to_compact_json(&self) -> String {
        serde_json::to_string(self).expect("a register always serialises")
    }
}

/// Puts `item` at `index` of `items` (or at the end); returns its index and, when it
/// replaced an item of another id that no other item keeps, the (old, new) ids to rename.
fn put<T>(
    items: &mut Vec<T>,
    index: Option<usize>,
    item: T,
    id: fn(&T) -> &String,
) -> (usize, Option<(String, String)>) {
    let Some(n) = index else {
        items.push(item);
        return (items.len() - 1, None);
    };
    let old = id(&std::mem::replace(&mut items[n], item)).clone();
    let new = id(&items[n]).clone();
    let still_used = items.iter().enumerate().any(|(i, x)| i != n && *id(x) == old);
    (n, (old != new && !still_used).then_some((old, new)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_safe_slugs_and_file_names() {
        assert_eq!(slug("Acme Ltd — ISMS 2026"), "acme-ltd-isms-2026");
        assert_eq!(slug("—"), "register");
        assert_eq!(slug("Ünïcode only"), "unicode-only");
        assert_eq!(
            slug("Zürich Rückversicherung — Straße"),
            "zurich-ruckversicherung-strasse"
        );
        assert_eq!(slug("東京"), "register");
        let mut register = load(crate::DEMO_REGISTER_JSON).unwrap().register;
        register.name = "Workshop: Q3 review".into();
        assert_eq!(
            register.file_name("2026-11-29", "json"),
            "workshop-q3-review-2026-11-29.json"
        );
    }

    #[test]
    fn a_deleted_risk_comes_back_with_its_treatment() {
        let mut register = load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let n = register.risks.iter().position(|r| r.id == "R-002").unwrap();
        let treatment = register.treatments.iter().find(|t| t.risk == "R-002").cloned();
        let before = register.clone();
        let mut risk = register.remove_risk(n);
        assert!(!register.treatments.iter().any(|t| t.risk == "R-002"));
        risk.title = "Edited while deleted".into();
        // A control removed meanwhile is left out of the treatment brought back.
        let gone = treatment.as_ref().unwrap().controls[1].clone();
        register.controls.retain(|c| c.id != gone);
        let at = register.restore_risk(risk, treatment.clone());
        assert_eq!(register.risks[at].title, "Edited while deleted");
        let back = register.treatments.iter().find(|t| t.risk == "R-002").unwrap();
        let mut expected = treatment.unwrap();
        expected.controls.retain(|c| *c != gone);
        assert_eq!(*back, expected);
        assert!(crate::io::validation::check(&register).is_empty());
        // A treatment it has again is kept, not doubled.
        let mut again = before.clone();
        let own = again.treatments.iter().find(|t| t.risk == "R-002").cloned();
        let m = again.risks.iter().position(|r| r.id == "R-002").unwrap();
        let risk = again.remove_risk(m);
        again.treatments.push(Treatment::new("R-002"));
        again.restore_risk(risk, own);
        assert_eq!(again.treatments.iter().filter(|t| t.risk == "R-002").count(), 1);
        assert_eq!(
            again.treatments.iter().find(|t| t.risk == "R-002").unwrap().controls,
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_save_counter_is_not_content() {
        let register = load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let mut saved = register.clone();
        saved.revision += 3;
        assert!(register.same_content(&saved) && register != saved);
        let mut edited = register.clone();
        edited.risks[13].notes.push('!');
        assert!(!register.same_content(&edited));
        let mut stamped = register.clone();
        stamped.modified = "2027-01-01T00:00:00Z".into();
        assert!(!register.same_content(&stamped));
    }

    #[test]
    fn next_ids_follow_the_highest() {
        assert_eq!(
            Register::next_id("R", ["R-001", "R-014", "R-3", "X-99", "R-abc"].into_iter()),
            "R-015"
        );
        assert_eq!(Register::next_id("A", std::iter::empty()), "A-001");
    }

    #[test]
    fn renaming_a_risk_or_an_asset_renames_its_references() {
        let mut register = load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let n = register
            .risks
            .iter()
            .position(|r| register.treatments.iter().any(|t| t.risk == r.id))
            .unwrap();
        let old = register.risks[n].id.clone();
        let mut risk = register.risks[n].clone();
        risk.id = "R-RENAMED".into();
        register.put_risk(Some(n), risk);
        assert!(register.treatments.iter().any(|t| t.risk == "R-RENAMED"));
        assert!(register.treatments.iter().all(|t| t.risk != old));
        let a = register
            .assets
            .iter()
            .position(|a| register.risks.iter().any(|r| r.assets.contains(&a.id)))
            .unwrap();
        let old_asset = register.assets[a].id.clone();
        let users = register.risks.iter().filter(|r| r.assets.contains(&old_asset)).count();
        let mut asset = register.assets[a].clone();
        asset.id = "A-RENAMED".into();
        register.put_asset(Some(a), asset);
        assert_eq!(
            register
                .risks
                .iter()
                .filter(|r| r.assets.iter().any(|x| x == "A-RENAMED"))
                .count(),
            users
        );
        assert!(
            crate::io::validation::check(&register).is_empty(),
            "{:?}",
            crate::io::validation::check(&register)
        );
        assert!(load(&register.to_json()).is_ok());
        assert_eq!(load(&register.to_compact_json()).unwrap().register, register);
    }

    #[test]
    fn duplicating_and_removing_risks() {
        let mut register = load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let count = register.risks.len();
        let copy = register.duplicate_risk(0);
        assert_eq!(copy, 1);
        assert_eq!(register.risks[1].id, format!("R-{:03}", count + 1));
        assert_eq!(register.risks[1].title, format!("{} (copy)", register.risks[0].title));
        assert!(crate::io::validation::check(&register).is_empty());
        let removed = register.remove_risk(0);
        assert_eq!(removed.id, "R-001");
        assert!(register.treatments.iter().all(|t| t.risk != "R-001"));
        assert!(crate::io::validation::check(&register).is_empty());
    }
}

//! The ISO/IEC 27001:2022 Annex A catalogue: the 93 controls with their official short
//! titles, themes and ISO/IEC 27002:2022 attributes. The data file is
//! `public/catalog/iso27001-2022-annex-a.json`, served as-is and built into the binary.
//!
//! A register's own `controls` hold only the controls it uses (Annex A ones by their
//! number, organisation-specific ones by their own ids).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub const ANNEX_A_JSON: &str = include_str!("../../../../public/catalog/iso27001-2022-annex-a.json");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub catalogue: String,
    pub version: u32,
    pub title: String,
    pub themes: Vec<Theme>,
    pub controls: Vec<CatalogueControl>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// The clause number: "5" to "8".
    pub id: String,
    pub name: String,
    pub theme: ThemeName,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeName {
    Organizational,
    People,
    Physical,
    Technological,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueControl {
    /// "5.1" … "8.34".
    pub id: String,
    /// The official 2022 short title.
    pub title: String,
    pub theme: ThemeName,
    pub attributes: Attributes,
}

/// The five attribute dimensions of ISO/IEC 27002:2022 (its Annex A, table A.1), as
/// snake-case values of the standard's hashtags ("#Threat_and_vulnerability_management"
/// is "threat_and_vulnerability_management").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attributes {
    pub control_type: Vec<ControlType>,
    pub information_security_properties: Vec<crate::model::security_property::SecurityProperty>,
    pub cybersecurity_concepts: Vec<CybersecurityConcept>,
    pub operational_capabilities: Vec<OperationalCapability>,
    pub security_domains: Vec<SecurityDomain>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlType {
    Preventive,
    Detective,
    Corrective,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CybersecurityConcept {
    Identify,
    Protect,
    Detect,
    Respond,
    Recover,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationalCapability {
    Governance,
    AssetManagement,
    InformationProtection,
    HumanResourceSecurity,
    PhysicalSecurity,
    SystemAndNetworkSecurity,
    ApplicationSecurity,
    SecureConfiguration,
    IdentityAndAccessManagement,
    ThreatAndVulnerabilityManagement,
    Continuity,
    SupplierRelationshipsSecurity,
    LegalAndCompliance,
    InformationSecurityEventManagement,
    InformationSecurityAssurance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecurityDomain {
    GovernanceAndEcosystem,
    Protection,
    Defence,
    Resilience,
}

/// The Annex A catalogue, parsed once.
pub fn annex_a() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| serde_json::from_str(ANNEX_A_JSON).expect("the built-in catalogue parses"))
}

impl Catalogue {
    pub fn control(&self, id: &str) -> Option<&CatalogueControl> {
        self.controls.iter().find(|c| c.id == id)
    }
}

/// Orders control ids as the standard does: "5.2" before "5.10", Annex A before the
/// organisation's own.
pub fn id_order(id: &str) -> (u8, u32, u32, String) {
    let mut parts = id.split('.').map(|p| p.parse::<u32>());
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(theme)), Some(Ok(number)), None) => (0, theme, number, String::new()),
        _ => (1, 0, 0, id.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_has_the_93_controls_of_annex_a_2022() {
        let catalogue = annex_a();
        assert_eq!(catalogue.controls.len(), 93);
        let count = |theme| catalogue.controls.iter().filter(|c| c.theme == theme).count();
        assert_eq!(
            [
                ThemeName::Organizational,
                ThemeName::People,
                ThemeName::Physical,
                ThemeName::Technological
            ]
            .map(count),
            [37, 8, 14, 34]
        );
        // Ids run 5.1–5.37, 6.1–6.8, 7.1–7.14, 8.1–8.34, in order, each once.
        let expected: Vec<String> = [(5, 37), (6, 8), (7, 14), (8, 34)]
            .iter()
            .flat_map(|&(t, n)| (1..=n).map(move |k| format!("{t}.{k}")))
            .collect();
        assert_eq!(
            catalogue.controls.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
            expected
        );
        for c in &catalogue.controls {
            assert_eq!(
                c.id.split('.').next(),
                catalogue
                    .themes
                    .iter()
                    .find(|t| t.theme == c.theme)
                    .map(|t| t.id.as_str()),
                "{}",
                c.id
            );
            let a = &c.attributes;
            assert!(
                !(a.control_type.is_empty()
                    || a.information_security_properties.is_empty()
                    || a.cybersecurity_concepts.is_empty()
                    || a.operational_capabilities.is_empty()
                    || a.security_domains.is_empty()),
                "{} lacks an attribute",
                c.id
            );
        }
    }

    #[test]
    fn titles_and_attributes_are_the_2022_ones() {
        let c = |id| annex_a().control(id).unwrap();
        assert_eq!(c("5.7").title, "Threat intelligence");
        assert_eq!(c("5.23").title, "Information security for use of cloud services");
        assert_eq!(c("8.28").title, "Secure coding");
        assert_eq!(
            c("8.34").title,
            "Protection of information systems during audit testing"
        );
        assert_eq!(c("8.13").attributes.control_type, vec![ControlType::Corrective]);
        assert_eq!(
            c("5.30").attributes.cybersecurity_concepts,
            vec![CybersecurityConcept::Respond]
        );
        assert_eq!(
            c("7.2").attributes.operational_capabilities,
            vec![
                OperationalCapability::PhysicalSecurity,
                OperationalCapability::IdentityAndAccessManagement
            ]
        );
        assert_eq!(c("8.16").attributes.security_domains, vec![SecurityDomain::Defence]);
        assert!(annex_a().control("5.38").is_none());
    }

    #[test]
    fn the_corrective_view_is_the_standards_table_a2() {
        // ISO/IEC 27002:2022 Table A.2 filters the matrix by #Corrective.
        let corrective: Vec<&str> = annex_a()
            .controls
            .iter()
            .filter(|c| c.attributes.control_type.contains(&ControlType::Corrective))
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(
            corrective,
            [
                "5.5", "5.6", "5.7", "5.24", "5.26", "5.28", "5.29", "5.30", "5.35", "5.37", "6.4", "8.7", "8.13",
                "8.16"
            ]
        );
    }

    #[test]
    fn ids_sort_as_the_standard_numbers_them() {
        let mut ids = vec!["8.1", "ORG-2", "5.10", "5.2", "ORG-1", "6.1"];
        ids.sort_by_key(|id| id_order(id));
        assert_eq!(ids, vec!["5.2", "5.10", "6.1", "8.1", "ORG-1", "ORG-2"]);
    }
}

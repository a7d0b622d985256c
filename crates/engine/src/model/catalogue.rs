//! The ISO/IEC 27001:2022 Annex A catalogue: the 93 controls with their official short
//! titles, themes and ISO/IEC 27002:2022 attributes. The data file is
//! `public/catalog/iso27001-2022-annex-a.json`, served as-is and built into the binary.
//!
//! A register's own `controls` hold only the controls it uses (Annex A ones by their
//! number, organisation-specific ones by their own ids).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The raw JSON text of the built-in Annex A catalogue, embedded at compile time; parse it
/// with [`annex_a`].
pub const ANNEX_A_JSON: &str = include_str!("../../../../public/catalog/iso27001-2022-annex-a.json");

/// A control catalogue: its identity, its themes and its controls, as stored in the
/// catalogue JSON file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Machine name of the catalogue, e.g. "iso27001-2022-annex-a".
    pub catalogue: String,
    /// Version number of the catalogue file (currently 1).
    pub version: u32,
    /// Human-readable title of the catalogue.
    pub title: String,
    /// The four Annex A themes (clauses 5 to 8), in clause order.
    pub themes: Vec<Theme>,
    /// Every control of the catalogue (93 for Annex A 2022), in the standard's order.
    pub controls: Vec<CatalogueControl>,
}

/// One of the four themes that group the Annex A controls (ISO/IEC 27001:2022 clauses
/// A.5–A.8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// The clause number: "5" to "8".
    pub id: String,
    /// The theme's display name, e.g. "Organizational controls".
    pub name: String,
    /// Which theme this is, as the value controls refer to.
    pub theme: ThemeName,
}

/// The four ISO/IEC 27002:2022 control themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeName {
    /// Organizational controls (clause 5, 37 controls).
    Organizational,
    /// People controls (clause 6, 8 controls).
    People,
    /// Physical controls (clause 7, 14 controls).
    Physical,
    /// Technological controls (clause 8, 34 controls).
    Technological,
}

/// One Annex A control as the catalogue describes it: number, title, theme and ISO/IEC
/// 27002 attributes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueControl {
    /// "5.1" … "8.34".
    pub id: String,
    /// The official 2022 short title.
    pub title: String,
    /// The theme (clause) the control belongs to.
    pub theme: ThemeName,
    /// The control's ISO/IEC 27002:2022 attribute values.
    pub attributes: Attributes,
}

/// The five attribute dimensions of ISO/IEC 27002:2022 (its Annex A, table A.1), as
/// snake-case values of the standard's hashtags ("#Threat_and_vulnerability_management"
/// is "threat_and_vulnerability_management").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attributes {
    /// #Control_type: when the control acts relative to an incident (preventive, detective,
    /// corrective).
    pub control_type: Vec<ControlType>,
    /// #Information_security_properties: which of confidentiality, integrity and
    /// availability the control preserves.
    pub information_security_properties: Vec<crate::model::security_property::SecurityProperty>,
    /// #Cybersecurity_concepts: the NIST CSF / ISO/IEC TS 27110 functions the control
    /// serves.
    pub cybersecurity_concepts: Vec<CybersecurityConcept>,
    /// #Operational_capabilities: the practitioner's view of which capability the control
    /// belongs to.
    pub operational_capabilities: Vec<OperationalCapability>,
    /// #Security_domains: the four broad domains the control contributes to.
    pub security_domains: Vec<SecurityDomain>,
}

/// ISO/IEC 27002:2022 control type: when the control acts relative to an
/// information-security incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlType {
    /// Stops an incident from occurring.
    Preventive,
    /// Detects an incident as or after it occurs.
    Detective,
    /// Limits the consequences of an incident or restores normal operation after one.
    Corrective,
}

/// The five cybersecurity concepts (ISO/IEC TS 27110, the NIST CSF functions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CybersecurityConcept {
    /// Understand the assets, risks and context to manage.
    Identify,
    /// Put safeguards in place.
    Protect,
    /// Discover security events.
    Detect,
    /// Act on a detected incident.
    Respond,
    /// Restore capabilities affected by an incident.
    Recover,
}

/// The fifteen ISO/IEC 27002:2022 operational capabilities: areas of security practice,
/// from the practitioner's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationalCapability {
    /// Information-security governance: policies, roles, management direction.
    Governance,
    /// Inventory, ownership and handling of assets.
    AssetManagement,
    /// Protection of information itself (classification, labelling, transfer, leakage).
    InformationProtection,
    /// Security before, during and after employment.
    HumanResourceSecurity,
    /// Physical and environmental security of sites and equipment.
    PhysicalSecurity,
    /// Security of systems and networks (malware, logging, network controls).
    SystemAndNetworkSecurity,
    /// Security of applications and their development.
    ApplicationSecurity,
    /// Secure configuration and hardening of systems.
    SecureConfiguration,
    /// Identities, authentication and access rights.
    IdentityAndAccessManagement,
    /// Threat intelligence and technical vulnerability management.
    ThreatAndVulnerabilityManagement,
    /// Business continuity and ICT readiness, backups and redundancy.
    Continuity,
    /// Security in supplier relationships and the ICT supply chain.
    SupplierRelationshipsSecurity,
    /// Legal, regulatory, contractual and privacy requirements.
    LegalAndCompliance,
    /// Reporting, assessment and response to security events and incidents.
    InformationSecurityEventManagement,
    /// Independent review and checks that security works as intended.
    InformationSecurityAssurance,
}

/// The four ISO/IEC 27002:2022 security domains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecurityDomain {
    /// Governance, risk and compliance, including suppliers and the wider ecosystem.
    GovernanceAndEcosystem,
    /// Architecture, administration, identity and access, maintenance and physical
    /// protection.
    Protection,
    /// Detection and incident management.
    Defence,
    /// Continuity and crisis management.
    Resilience,
}

/// The Annex A catalogue, parsed once.
pub fn annex_a() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| serde_json::from_str(ANNEX_A_JSON).expect("the built-in catalogue parses"))
}

impl Catalogue {
    /// The control with this number (e.g. "5.23"), or `None` if the catalogue has no such
    /// control.
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

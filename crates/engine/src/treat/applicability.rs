//! The Statement of Applicability (ISO/IEC 27001 6.1.3 d): every Annex A control, and
//! the organisation's own, with whether it is applicable, why, how far it is
//! implemented and which risks it treats. Decisions are stored in the register
//! (`applicability`); a control without one gets a suggestion from the treatments.
//! Exported as CSV (RFC 4180) and as JSON (docs/register-format.md).

use serde::{Deserialize, Serialize};

use crate::model::applicability::Applicability;
use crate::model::catalogue::{ThemeName, annex_a, id_order};
use crate::model::control::ControlStatus;
use crate::model::register::Register;

named_enum! {
    /// The group a line of the Statement of Applicability falls in: one of the four
    /// Annex A themes, or the organisation's own controls. Written in the SoA's CSV and
    /// JSON by its name.
    pub enum SoaTheme {
        /// Organizational controls (A.5).
        Organizational = ("Organizational", "Organizational controls (A.5)"),
        /// People controls (A.6).
        People = ("People", "People controls (A.6)"),
        /// Physical controls (A.7).
        Physical = ("Physical", "Physical controls (A.7)"),
        /// Technological controls (A.8).
        Technological = ("Technological", "Technological controls (A.8)"),
        /// The organisation's own controls, beyond Annex A.
        OrganisationSpecific = ("Organisation-specific", "The organisation's own controls"),
    }
}

impl From<ThemeName> for SoaTheme {
    fn from(theme: ThemeName) -> SoaTheme {
        match theme {
            ThemeName::Organizational => SoaTheme::Organizational,
            ThemeName::People => SoaTheme::People,
            ThemeName::Physical => SoaTheme::Physical,
            ThemeName::Technological => SoaTheme::Technological,
        }
    }
}

/// One line of the Statement of Applicability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// Control id: Annex A number such as "5.23", or the organisation's own id.
    pub control: String,
    /// The control's title: the register's, else the official Annex A title.
    pub title: String,
    /// The Annex A theme, or the organisation's own.
    pub theme: SoaTheme,
    /// Whether the control is applicable (included), as decided or suggested.
    pub applicable: bool,
    /// Why the control is included or excluded, as decided or suggested.
    pub justification: String,
    /// True when the analyst decided; false when this line is the suggestion.
    pub decided: bool,
    /// `None` when the register does not have the control.
    pub status: Option<ControlStatus>,
    /// The control's owner in the register; empty when none or when the register lacks the
    /// control.
    pub owner: String,
    /// The control's implementation due date, `YYYY-MM-DD`, if set.
    pub due_date: Option<String>,
    /// Ids of the risks whose treatment links the control.
    pub linked_risks: Vec<String>,
    /// The ISO/IEC 27002:2022 attributes of an Annex A control.
    pub attributes: Option<crate::model::catalogue::Attributes>,
}

/// The suggestion for a control no one has decided on: applicable when a treatment links
/// it or it is in operation; otherwise not, for want of a risk that calls for it.
fn suggestion(register: &Register, id: &str) -> (bool, String) {
    let linked = register.linked_risks(id);
    let status = register.controls.iter().find(|c| c.id == id).map(|c| c.status);
    if !linked.is_empty() {
        (true, format!("Selected to treat {}.", linked.join(", ")))
    } else if status == Some(ControlStatus::Implemented) {
        (true, "In operation.".into())
    } else {
        (false, "No identified risk calls for this control.".into())
    }
}

/// The statement for every Annex A control, then the organisation's own controls.
pub fn statement(register: &Register) -> Vec<Statement> {
    let catalogue = annex_a();
    let mut rows: Vec<(String, String, SoaTheme)> = catalogue
        .controls
        .iter()
        .map(|c| (c.id.clone(), c.title.clone(), c.theme.into()))
        .collect();
    let attributes = |id: &str| catalogue.control(id).map(|c| c.attributes.clone());
    let mut own: Vec<_> = register
        .controls
        .iter()
        .filter(|c| catalogue.control(&c.id).is_none())
        .collect();
    own.sort_by_key(|c| id_order(&c.id));
    rows.extend(
        own.into_iter()
            .map(|c| (c.id.clone(), c.title.clone(), SoaTheme::OrganisationSpecific)),
    );
    rows.into_iter()
        .map(|(id, title, theme)| {
            let attributes = attributes(&id);
            line(register, id, title, theme, attributes)
        })
        .collect()
}

/// The statement line of one control (Annex A or the register's own), without the
/// others': what a field of one line needs, at a fraction of [`statement`]'s cost.
pub fn statement_of(register: &Register, id: &str) -> Option<Statement> {
    let catalogue = annex_a();
    if let Some(c) = catalogue.control(id) {
        return Some(line(
            register,
            c.id.clone(),
            c.title.clone(),
            c.theme.into(),
            Some(c.attributes.clone()),
        ));
    }
    let own = register.controls.iter().find(|c| c.id == id)?;
    Some(line(
        register,
        own.id.clone(),
        own.title.clone(),
        SoaTheme::OrganisationSpecific,
        None,
    ))
}

fn line(
    register: &Register,
    id: String,
    title: String,
    theme: SoaTheme,
    attributes: Option<crate::model::catalogue::Attributes>,
) -> Statement {
    let control = register.controls.iter().find(|c| c.id == id);
    let decision = register.applicability.iter().find(|a| a.control == id);
    let (applicable, justification) = match decision {
        Some(a) => (a.applicable, a.justification.clone()),
        None => suggestion(register, &id),
    };
    Statement {
        linked_risks: register.linked_risks(&id).into_iter().map(String::from).collect(),
        attributes,
        title: control.map_or(title, |c| c.title.clone()),
        control: id,
        theme,
        applicable,
        justification,
        decided: decision.is_some(),
        status: control.map(|c| c.status),
        owner: control.map_or(String::new(), |c| c.owner.clone()),
        due_date: control.and_then(|c| c.due_date.clone()),
    }
}

/// Records a decision on the control of statement line `row`: whether it applies and why,
/// each as the line shows it unless given.
pub fn decide(register: &mut Register, row: &Statement, applicable: Option<bool>, justification: Option<String>) {
    let entry = Applicability {
        control: row.control.clone(),
        applicable: applicable.unwrap_or(row.applicable),
        justification: justification.unwrap_or_else(|| row.justification.clone()),
    };
    match register.applicability.iter_mut().find(|a| a.control == row.control) {
        Some(a) => *a = entry,
        None => register.applicability.push(entry),
    }
}

/// An attribute dimension's values as the standard writes them: "#Preventive #Detective".
fn hashtags<T: Serialize>(values: &[T]) -> String {
    values
        .iter()
        .filter_map(|v| serde_json::to_value(v).ok()?.as_str().map(String::from))
        .map(|v| {
            let words: Vec<String> = v
                .split('_')
                .enumerate()
                .map(|(i, w)| {
                    if i == 0 {
                        w[..1].to_uppercase() + &w[1..]
                    } else {
                        w.to_string()
                    }
                })
                .collect();
            format!("#{}", words.join("_")).replace("#Governance_and_ecosystem", "#Governance_and_Ecosystem")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The attributes of a statement line, one string per dimension (empty for an
/// organisation's own control).
pub fn attribute_cells(row: &Statement) -> [String; 5] {
    match &row.attributes {
        Some(a) => [
            hashtags(&a.control_type),
            hashtags(&a.information_security_properties),
            hashtags(&a.cybersecurity_concepts),
            hashtags(&a.operational_capabilities),
            hashtags(&a.security_domains),
        ],
        None => Default::default(),
    }
}

/// The statement as CSV: a header line, then one line per control (RFC 4180 quoting).
pub fn to_csv(rows: &[Statement]) -> String {
    let mut out = String::from(
        "control,title,theme,applicable,decision,justification,implementation_status,owner,due_date,linked_risks,\
         control_type,information_security_properties,cybersecurity_concepts,operational_capabilities,security_domains\r\n",
    );
    for r in rows {
        let cells = [
            r.control.clone(),
            r.title.clone(),
            r.theme.as_str().to_string(),
            if r.applicable { "yes" } else { "no" }.into(),
            if r.decided { "decided" } else { "suggested" }.into(),
            r.justification.clone(),
            r.status.map_or("not in register", |s| s.as_str()).into(),
            r.owner.clone(),
            r.due_date.clone().unwrap_or_default(),
            r.linked_risks.join(" "),
        ];
        let [a, b, c, d, e] = attribute_cells(r);
        let cells: Vec<String> = cells.into_iter().chain([a, b, c, d, e]).collect();
        out.push_str(&crate::io::csv::line(&cells));
    }
    out
}

/// The statement as JSON: `{"register", "name", "controls": [...]}`.
pub fn to_json(register: &Register, rows: &[Statement]) -> String {
    let value = serde_json::json!({
        "format": "residual-statement-of-applicability",
        "version": 1,
        "register": register.id,
        "name": register.name,
        "controls": rows,
    });
    serde_json::to_string_pretty(&value).expect("the statement serialises") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_is_the_line_of_the_whole_statement() {
        let mut register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        register
            .controls
            .push(crate::model::control::Control::planned("ORG-1", "Call-back check"));
        let all = statement(&register);
        assert!(all.len() > 93);
        for line in &all {
            assert_eq!(
                statement_of(&register, &line.control).as_ref(),
                Some(line),
                "{}",
                line.control
            );
        }
        assert_eq!(statement_of(&register, "9.99"), None);
    }

    /// The demo register without its own decisions.
    fn demo() -> Register {
        let mut register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        register.applicability.clear();
        register
    }

    #[test]
    fn every_annex_a_control_is_stated_and_treating_controls_are_suggested_in() {
        let register = demo();
        let rows = statement(&register);
        assert!(rows.len() >= 93);
        assert_eq!(
            rows.iter()
                .filter(|r| r.theme != SoaTheme::OrganisationSpecific)
                .count(),
            93
        );
        let treating = &register.treatments[0].controls[0];
        let row = rows.iter().find(|r| &r.control == treating).unwrap();
        assert!(row.applicable && !row.decided);
        assert!(row.linked_risks.contains(&register.treatments[0].risk));
        assert!(row.justification.contains(&register.treatments[0].risk));
        let unused = rows.iter().find(|r| r.control == "7.6").unwrap();
        assert!(!unused.applicable && unused.status.is_none());
    }

    #[test]
    fn decisions_override_suggestions_and_are_checked() {
        let mut register = demo();
        register.applicability.push(Applicability {
            control: "7.6".into(),
            applicable: true,
            justification: "Server room at the depot.".into(),
        });
        let row = statement(&register).into_iter().find(|r| r.control == "7.6").unwrap();
        assert!(row.applicable && row.decided);
        // Deciding again replaces the decision; the suggestion's reason is kept when only
        // the answer is given.
        decide(&mut register, &row, Some(false), None);
        let suggested = statement(&register).into_iter().find(|r| r.control == "7.7").unwrap();
        decide(&mut register, &suggested, Some(true), None);
        assert_eq!(register.applicability.len(), 2);
        assert_eq!(
            (
                register.applicability[0].applicable,
                register.applicability[0].justification.as_str()
            ),
            (false, "Server room at the depot.")
        );
        assert_eq!(register.applicability[1].justification, suggested.justification);
        register.applicability.truncate(1);
        register.applicability[0].applicable = true;
        let treating = register.treatments[0].controls[0].clone();
        register.applicability.push(Applicability {
            control: treating,
            applicable: false,
            justification: String::new(),
        });
        register.applicability.push(Applicability {
            control: "9.1".into(),
            applicable: true,
            justification: "x".into(),
        });
        let problems = crate::io::validation::check(&register);
        let paths: Vec<&str> = problems
            .iter()
            .map(|p| p.path.as_str())
            .filter(|p| p.starts_with("$.applicability"))
            .collect();
        assert_eq!(
            paths,
            [
                "$.applicability[1].justification",
                "$.applicability[1].applicable",
                "$.applicability[2].control"
            ]
        );
    }

    #[test]
    fn csv_has_a_line_per_control_with_quoted_cells() {
        let mut register = demo();
        register.applicability.push(Applicability {
            control: "5.1".into(),
            applicable: true,
            justification: "Board policy, \"v3\", approved".into(),
        });
        let rows = statement(&register);
        let csv = to_csv(&rows);
        assert_eq!(csv.lines().count(), rows.len() + 1);
        assert!(csv.contains("5.1,Policies for information security,Organizational,yes,decided,\"Board policy, \"\"v3\"\", approved\","), "{}", &csv[..400]);
        assert_eq!(crate::io::csv::cell("=HYPERLINK()"), "'=HYPERLINK()");
        // Every start a spreadsheet reads as a formula is defused, and `;` is quoted for
        // spreadsheets that split on it.
        for (cell, written) in [
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "\"'\r=1\""),
            ("a;b", "\"a;b\""),
            ("plain", "plain"),
        ] {
            assert_eq!(crate::io::csv::cell(cell), written, "{cell:?}");
        }
        let backup = csv.lines().find(|l| l.starts_with("8.13,")).unwrap();
        assert!(
            backup.ends_with(",R-001,#Corrective,#Integrity #Availability,#Recover,#Continuity,#Protection"),
            "{backup}"
        );
        assert!(csv.lines().next().unwrap().ends_with(",security_domains"));
        let json: serde_json::Value = serde_json::from_str(&to_json(&register, &rows)).unwrap();
        assert_eq!(json["controls"].as_array().unwrap().len(), rows.len());
    }
}

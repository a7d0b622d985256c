//! The words a person reads for a field named by its JSON path inside an item:
//! `fair.loss_magnitude.high` is "Loss magnitude, high (95th percentile)", so that a
//! message names the field as the form labels it, not as the file spells it.

use crate::model::distribution::Parameter;
use crate::model::fair_factor::Factor;

/// The label of one path segment, or `None` for a segment with no better name than its
/// own (an unknown one is shown as written, with `_` as spaces).
fn segment(name: &str) -> Option<&'static str> {
    Some(match name {
        "id" => "Id",
        "title" => "Title",
        "name" => "Name",
        "owner" => "Owner",
        "category" => "Category",
        "threat" => "Threat",
        "vulnerability" => "Vulnerability",
        "description" => "Description",
        "notes" => "Notes",
        "status" => "Status",
        "kind" => "Type",
        "review_date" => "Next review",
        "assets" => "Assets",
        "affects" => "Affects",
        "likelihood" => "Likelihood",
        "impact" => "Impact",
        "value" => "Value",
        "confidentiality" => "confidentiality",
        "integrity" => "integrity",
        "availability" => "availability",
        "fair" => "FAIR model",
        "event_model" => "Event model",
        "annual_loss" => "annual loss",
        "max_probability" => "most accepted chance of losing more",
        "label" => "name",
        "colour" => "colour",
        // The FAIR factors and the parameters of an estimate are labelled by their types.
        _ => {
            return Factor::parse(name)
                .map(Factor::label)
                .or_else(|| Parameter::parse(name).map(Parameter::label));
        }
    })
}

/// The label of a field path inside an item (`"fair.loss_magnitude.high"`,
/// `"impact.availability"`, `"assets[2]"`): each segment's label, joined by ", ", with
/// list positions left out. Inside a FAIR model only the factor and its parameter are
/// named ("Loss magnitude, high (95th percentile)"), and an impact on one property reads
/// "Impact on availability".
pub fn field_label(path: &str) -> String {
    let names: Vec<&str> = path
        .split('.')
        .map(|s| s.split('[').next().unwrap_or(s))
        .filter(|s| !s.is_empty())
        .collect();
    let names: &[&str] = match names.as_slice() {
        ["fair", rest @ ..] if !rest.is_empty() => rest,
        all => all,
    };
    if let [
        "impact" | "value",
        property @ ("confidentiality" | "integrity" | "availability"),
    ] = names
    {
        let head = if names[0] == "impact" { "Impact on" } else { "Value for" };
        return format!("{head} {property}");
    }
    let mut words: Vec<String> = names
        .iter()
        .map(|n| segment(n).map_or_else(|| n.replace('_', " "), str::to_string))
        .collect();
    // An empirical estimate's value is named by its position: "value 3".
    if let (Some("values"), Some(index)) = (
        names.last().copied(),
        path.rsplit_once("values[")
            .and_then(|(_, i)| i.strip_suffix(']'))
            .and_then(|i| i.parse::<usize>().ok()),
    ) {
        words.pop();
        words.push(format!("value {}", index + 1));
    }
    words.join(", ")
}

/// Where a register problem is, in the analyst's words: `$.assets[1].id` is "Asset 2
/// “Laptops”, id", `$.risks[3].fair.loss_magnitude.min` is "Risk R-004 “Payroll breach”,
/// Loss magnitude, minimum", naming each item by its position (1-based) or id and its name
/// in `register` (the register before the refused edit).
pub fn place(register: &crate::model::register::Register, path: &str) -> String {
    let inner = path.strip_prefix("$.").unwrap_or(path);
    if inner.starts_with("criteria") {
        return criteria_place(path, &register.criteria);
    }
    let (list, rest) = inner.split_once('[').unwrap_or((inner, ""));
    let (index, field) = rest.split_once(']').unwrap_or(("", ""));
    let Ok(k) = index.parse::<usize>() else {
        return field_label(inner);
    };
    let named = |name: Option<&str>| {
        name.filter(|n| !n.trim().is_empty())
            .map(|n| format!(" “{n}”"))
            .unwrap_or_default()
    };
    let item = match list {
        "risks" => match register.risks.get(k) {
            Some(r) => format!("Risk {}{}", r.id, named(Some(&r.title))),
            None => format!("Risk {}", k + 1),
        },
        "assets" => format!(
            "Asset {}{}",
            k + 1,
            named(register.assets.get(k).map(|a| a.name.as_str()))
        ),
        "controls" => match register.controls.get(k) {
            Some(c) => format!("Control {}{}", c.id, named(Some(&c.title))),
            None => format!("Control {}", k + 1),
        },
        "treatments" => match register.treatments.get(k) {
            Some(t) => format!("Treatment of {}", t.risk),
            None => format!("Treatment {}", k + 1),
        },
        "applicability" => match register.applicability.get(k) {
            Some(a) => format!("Statement of Applicability, {}", a.control),
            None => format!("Statement of Applicability, entry {}", k + 1),
        },
        other => return field_label(other),
    };
    let field = field.trim_start_matches('.');
    if field.is_empty() {
        item
    } else {
        format!("{item}, {}", field_label(field))
    }
}

/// A criteria problem in the words of the criteria editor: `$.criteria.loss_thresholds[2]
/// .annual_loss` is "Loss threshold 3 “Tolerance”, annual loss", naming the row by its
/// position (1-based) and its name.
pub fn criteria_place(path: &str, criteria: &crate::model::criteria::RiskCriteria) -> String {
    let inner = path.strip_prefix("$.criteria.").unwrap_or(path);
    let (list, rest) = inner.split_once('[').unwrap_or((inner, ""));
    let (index, field) = rest.split_once(']').unwrap_or(("", ""));
    let Ok(k) = index.parse::<usize>() else {
        return field_label(inner);
    };
    let field = field_label(field.trim_start_matches('.'));
    let (what, name) = match list {
        "loss_thresholds" => (
            "Loss threshold",
            criteria.loss_thresholds.get(k).map(|t| t.name.clone()),
        ),
        "likelihood" => ("Likelihood level", criteria.likelihood.get(k).map(|l| l.label.clone())),
        "impact" => ("Impact level", criteria.impact.get(k).map(|l| l.label.clone())),
        "levels" => ("Risk level", criteria.levels.get(k).map(|l| l.name.clone())),
        other => return field_label(other),
    };
    let named = name
        .filter(|n| !n.trim().is_empty())
        .map(|n| format!(" “{n}”"))
        .unwrap_or_default();
    if field.is_empty() {
        format!("{what} {}{named}", k + 1)
    } else {
        format!("{what} {}{named}, {field}", k + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_the_form_labels_them() {
        assert_eq!(field_label("title"), "Title");
        assert_eq!(
            field_label("fair.loss_magnitude.high"),
            "Loss magnitude, high (95th percentile)"
        );
        assert_eq!(field_label("fair"), "FAIR model");
        assert_eq!(field_label("impact.availability"), "Impact on availability");
        assert_eq!(field_label("value.integrity"), "Value for integrity");
        assert_eq!(field_label("assets[2]"), "Assets");
        assert_eq!(
            field_label("fair.threat_event_frequency.mode"),
            "Threat event frequency, most likely"
        );
        assert_eq!(field_label("some_new_field"), "some new field");
        assert_eq!(field_label("fair.primary_loss.values[4]"), "Primary loss, value 5");
        assert_eq!(field_label("fair.primary_loss.values"), "Primary loss, values");
    }

    /// Every field of a risk that validation can name has a label of its own.
    #[test]
    fn every_path_validation_names_has_a_label() {
        let mut named = 0;
        for seed in 0..200 {
            let generated = crate::generated::register(
                seed,
                crate::generated::Space {
                    beyond_limits: true,
                    ..Default::default()
                },
            );
            for problem in crate::io::validation::check(&generated.register) {
                let Some(rest) = problem.path.strip_prefix("$.risks[") else {
                    continue;
                };
                let field = rest.split_once("].").map_or("", |(_, f)| f);
                let field = field.trim_start_matches("assessment.");
                for name in field.split('.').map(|s| s.split('[').next().unwrap_or(s)) {
                    assert!(segment(name).is_some(), "no label for `{name}` in {}", problem.path);
                    named += 1;
                }
            }
        }
        assert!(named > 50, "only {named} names checked");
    }

    #[test]
    fn register_problems_name_the_item_and_the_field() {
        let register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let second = &register.assets[1];
        assert_eq!(
            place(&register, "$.assets[1].id"),
            format!("Asset 2 “{}”, Id", second.name)
        );
        assert_eq!(
            place(&register, "$.risks[3].fair.loss_magnitude.min"),
            format!("Risk R-004 “{}”, Loss magnitude, minimum", register.risks[3].title)
        );
        assert_eq!(place(&register, "$.assets[99].name"), "Asset 100, Name");
        assert!(place(&register, "$.criteria.loss_thresholds[0].annual_loss").starts_with("Loss threshold 1 “"));
        let problems = crate::io::edit::apply(
            &register,
            |r| r.assets[1].id = r.assets[0].id.clone(),
            "2026-12-08T00:00:00Z",
        )
        .unwrap_err();
        // The risks that named the asset by its old id are refused too, counted.
        let said = crate::io::edit::describe_in(&register, &problems);
        assert!(
            said.starts_with(&format!(
                "Not changed: Asset 2 “{}”, Id: \"{}\" is used twice: number 1 in the list has it too (and ",
                second.name, register.assets[0].id
            )),
            "{said}"
        );
    }

    #[test]
    fn criteria_problems_name_the_row_by_position_and_name() {
        let criteria = crate::io::document::load(crate::DEMO_REGISTER_JSON)
            .unwrap()
            .register
            .criteria;
        let name = &criteria.loss_thresholds[1].name;
        assert_eq!(
            criteria_place("$.criteria.loss_thresholds[1].annual_loss", &criteria),
            format!("Loss threshold 2 “{name}”, annual loss")
        );
        assert_eq!(
            criteria_place("$.criteria.likelihood[0].label", &criteria),
            "Likelihood level 1 “Rare”, name"
        );
        assert_eq!(
            criteria_place("$.criteria.loss_thresholds[9]", &criteria),
            "Loss threshold 10"
        );
    }
}

//! The cells of CISO Assistant's CSV: which column is which (with the names its import
//! wizard also takes), the separator, the formula guard, and how lists are split.

/// The columns read, with the names CISO Assistant writes or accepts for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Column {
    RefId,
    Name,
    Description,
    Assets,
    Threats,
    Vulnerabilities,
    Owners,
    Qualifications,
    Proba(usize),
    Impact(usize),
    Level(usize),
    Existing,
    Additional,
    Treatment,
    Justification,
}

/// Inherent, current, residual.
pub(super) const STAGES: [&str; 3] = ["inherent", "current", "residual"];

/// Columns CISO Assistant writes that Residual has no place for.
pub(super) const DROPPED: [&str; 6] = [
    "strength_of_knowledge",
    "filtering_labels",
    "labels",
    "internal_id",
    "risk_assessment",
    "applied_controls_count",
];

pub(super) fn column(name: &str) -> Option<Column> {
    let stage = |rest: &str| STAGES.iter().position(|s| name.strip_suffix(rest) == Some(*s));
    Some(match name {
        "ref_id" => Column::RefId,
        "name" => Column::Name,
        "description" => Column::Description,
        "assets" | "asset" => Column::Assets,
        "threats" | "threat" => Column::Threats,
        "vulnerabilities" | "vulnerability" => Column::Vulnerabilities,
        "owners" | "owner" => Column::Owners,
        "qualifications" => Column::Qualifications,
        "existing_applied_controls" | "existing_controls" => Column::Existing,
        "additional_controls" | "applied_controls" => Column::Additional,
        "treatment" => Column::Treatment,
        "justification" => Column::Justification,
        _ => {
            if let Some(k) = stage("_proba").or_else(|| stage("_probability")) {
                Column::Proba(k)
            } else if let Some(k) = stage("_impact") {
                Column::Impact(k)
            } else if let Some(k) = stage("_risk").or_else(|| stage("_level")) {
                Column::Level(k)
            } else {
                return None;
            }
        }
    })
}

/// The separator of the header line: the most frequent of `;`, `,`, tab and `|` outside
/// quotes (`;` on a tie, as CISO Assistant writes).
pub(super) fn separator(text: &str) -> char {
    let header = text.lines().next().unwrap_or("");
    let mut quoted = false;
    let mut counts = [0usize; 4];
    let candidates = [';', ',', '\t', '|'];
    for c in header.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && let Some(k) = candidates.iter().position(|x| *x == c) {
            counts[k] += 1;
        }
    }
    let best = (0..4).max_by_key(|k| (counts[*k], 4 - k)).unwrap_or(0);
    candidates[best]
}

/// A cell as typed: the formula guard (a `'` before `=`, `+`, `-` or `@`) taken off.
pub(super) fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// A list cell's items. CISO Assistant splits on line breaks, `|`, `;` and `,`; a cell
/// that has line breaks or `|` is split on those only, so that a name with a comma
/// (Annex A 5.31 "Legal, statutory, …") survives the round trip.
pub(super) fn items(cell: &str) -> Vec<String> {
    let parts: Vec<&str> = if cell.contains(['\n', '|']) {
        cell.split(['\n', '|']).collect()
    } else {
        cell.split([';', ',']).collect()
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// A list cell kept as text: items on lines or between `|` joined with "; ", any other
/// cell as it is (a threat may well hold a comma).
pub(super) fn text_of(cell: &str) -> String {
    if cell.contains(['\n', '|']) {
        items(cell).join("; ")
    } else {
        cell.trim().to_string()
    }
}

/// A value as quoted in a message: at most 40 characters.
pub(super) fn short(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

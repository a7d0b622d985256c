//! The register's fields that the views edit in place, one at a time, outside any form
//! with a Save button: the register's name, organisation, scope and currency, the
//! simulation seed, a treatment's rationale and transfer terms, a control's owner, due
//! date, costs and levels, and an SoA justification.
//!
//! For each: what it shows, how typed text is read into it (the one place those rules
//! live), and its name in words. A field also has a stable text key
//! ([`InlineField::key`]), so that the app can keep text typed into it as a draft, in
//! storage, and commit it later (after a reload, say) without the view that showed it.

use crate::io::money::{grouped, parse_amount};
use crate::model::control::{Control, Effect};
use crate::model::register::Register;
use crate::model::settings::MAX_SEED;
use crate::model::treatment::Transfer;
use crate::treat::applicability::{decide, statement_of};
use crate::treat::treatment_plan::treatment_mut;

named_enum! {
    /// A term of a risk's transfer (insurance).
    pub enum TransferTerm {
        /// Loss a year kept before the insurer pays.
        Deductible = ("deductible", "Deductible"),
        /// Percentage of the loss above the deductible that the insurer pays.
        Share = ("share", "Share %"),
        /// Most the insurer pays a year; empty for no limit.
        Cap = ("cap", "Cap / year"),
        /// Premium per year.
        Premium = ("premium", "Premium / year"),
    }
}

named_enum! {
    /// A field of a control as the treatment form edits it.
    pub enum ControlPart {
        /// Who answers for the control.
        Owner = ("owner", "Owner"),
        /// When it is due, `YYYY-MM-DD`, or empty.
        DueDate = ("due", "Due date"),
        /// One-off cost.
        OneOffCost = ("one-off", "One-off cost"),
        /// Cost a year.
        AnnualCost = ("annual", "Annual cost"),
        /// Levels it takes off a linked risk's likelihood score.
        LikelihoodLevels = ("levels-likelihood", "Likelihood levels"),
        /// Levels it takes off a linked risk's impact score.
        ImpactLevels = ("levels-impact", "Impact levels"),
    }
}

/// A field of a register edited in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InlineField {
    /// The register's name.
    Name,
    /// The organisation assessed.
    Organisation,
    /// The scope of the assessment.
    Scope,
    /// The currency, an ISO 4217 code.
    Currency,
    /// The simulation's seed.
    Seed,
    /// Why the risk's treatment option was chosen.
    Rationale {
        /// The risk's id.
        risk: String,
    },
    /// A term of the risk's transfer.
    Transfer {
        /// The risk's id.
        risk: String,
        /// Which term.
        term: TransferTerm,
    },
    /// A field of a control.
    Control {
        /// The control's id.
        control: String,
        /// Which field.
        part: ControlPart,
    },
    /// Why a control is or is not applicable, in the Statement of Applicability.
    Justification {
        /// The control's id.
        control: String,
    },
}

/// A percentage as a person types it: no float noise ("7", not "7.000000000000001").
fn percent(fraction: f64) -> String {
    let value = (fraction * 100.0 * 1e9).round() / 1e9;
    format!("{value}")
}

impl InlineField {
    /// A stable text key naming the field in its register: `"rationale:R-001"`,
    /// `"control-owner:8.13"`, `"organisation"`. The item's id comes last, after the
    /// first colon, so any id reads back.
    pub fn key(&self) -> String {
        match self {
            InlineField::Name => "name".into(),
            InlineField::Organisation => "organisation".into(),
            InlineField::Scope => "scope".into(),
            InlineField::Currency => "currency".into(),
            InlineField::Seed => "seed".into(),
            InlineField::Rationale { risk } => format!("rationale:{risk}"),
            InlineField::Transfer { risk, term } => format!("transfer-{}:{risk}", term.as_str()),
            InlineField::Control { control, part } => format!("control-{}:{control}", part.as_str()),
            InlineField::Justification { control } => format!("justification:{control}"),
        }
    }

    /// The field a key names; `None` for any other text (a view's own draft key).
    pub fn from_key(key: &str) -> Option<InlineField> {
        let (kind, id) = match key.split_once(':') {
            Some((kind, id)) => (kind, Some(id.to_string())),
            None => (key, None),
        };
        Some(match (kind, id) {
            ("name", None) => InlineField::Name,
            ("organisation", None) => InlineField::Organisation,
            ("scope", None) => InlineField::Scope,
            ("currency", None) => InlineField::Currency,
            ("seed", None) => InlineField::Seed,
            ("rationale", Some(risk)) => InlineField::Rationale { risk },
            ("justification", Some(control)) => InlineField::Justification { control },
            (kind, Some(id)) => {
                if let Some(term) = kind.strip_prefix("transfer-").and_then(TransferTerm::parse) {
                    InlineField::Transfer { risk: id, term }
                } else if let Some(part) = kind.strip_prefix("control-").and_then(ControlPart::parse) {
                    InlineField::Control { control: id, part }
                } else {
                    return None;
                }
            }
            _ => return None,
        })
    }

    /// The field in words, as a message names it: "Owner of control 8.13".
    pub fn label(&self) -> String {
        match self {
            InlineField::Name => "Register name".into(),
            InlineField::Organisation => "Organisation".into(),
            InlineField::Scope => "Scope of the assessment".into(),
            InlineField::Currency => "Currency (ISO 4217)".into(),
            InlineField::Seed => "Seed".into(),
            InlineField::Rationale { risk } => format!("Rationale of {risk}"),
            InlineField::Transfer { risk, term } => format!("Transfer {} of {risk}", term.label()),
            InlineField::Control { control, part } => format!("{} of control {control}", part.label()),
            InlineField::Justification { control } => format!("Justification of {control}"),
        }
    }

    /// What the field shows for `register`; `None` when its item is gone (the risk,
    /// transfer or control was removed).
    pub fn shown(&self, register: &Register) -> Option<String> {
        let control = |id: &str| register.controls.iter().find(|c| c.id == id);
        let transfer = |risk: &str| {
            register
                .treatments
                .iter()
                .find(|t| t.risk == risk)
                .and_then(|t| t.transfer.as_ref())
        };
        Some(match self {
            InlineField::Name => register.name.clone(),
            InlineField::Organisation => register.organisation.clone(),
            InlineField::Scope => register.scope.clone(),
            InlineField::Currency => register.currency.clone(),
            InlineField::Seed => register.simulation.seed.to_string(),
            InlineField::Rationale { risk } => {
                register.risks.iter().find(|r| &r.id == risk)?;
                register
                    .treatments
                    .iter()
                    .find(|t| &t.risk == risk)
                    .map_or(String::new(), |t| t.rationale.clone())
            }
            InlineField::Transfer { risk, term } => {
                let t = transfer(risk)?;
                match term {
                    TransferTerm::Deductible => grouped(t.deductible),
                    TransferTerm::Share => percent(t.share),
                    TransferTerm::Cap => t.cap.map(grouped).unwrap_or_default(),
                    TransferTerm::Premium => grouped(t.annual_premium),
                }
            }
            InlineField::Control { control: id, part } => {
                let c = control(id)?;
                match part {
                    ControlPart::Owner => c.owner.clone(),
                    ControlPart::DueDate => c.due_date.clone().unwrap_or_default(),
                    ControlPart::OneOffCost => grouped(c.one_off_cost),
                    ControlPart::AnnualCost => grouped(c.annual_cost),
                    ControlPart::LikelihoodLevels => c.effect.likelihood_levels.to_string(),
                    ControlPart::ImpactLevels => c.effect.impact_levels.to_string(),
                }
            }
            InlineField::Justification { control } => statement_of(register, control)?.justification,
        })
    }

    /// Reads `text` into the field of `register`. When the text does not read, or the
    /// item is gone, says why (without the field's name) and changes nothing. What the
    /// whole register must satisfy (a date it can hold, a rationale for Avoid) is checked
    /// after, by [`commit`].
    pub fn set(&self, register: &mut Register, text: &str) -> Result<(), String> {
        let gone = || "it was removed since it was shown".to_string();
        match self {
            InlineField::Name => {
                let name = text.trim();
                if name.is_empty() {
                    return Err("a register needs a name".into());
                }
                register.name = name.into();
            }
            InlineField::Organisation => register.organisation = text.trim().into(),
            InlineField::Scope => register.scope = text.trim().into(),
            InlineField::Currency => register.currency = text.trim().to_uppercase(),
            InlineField::Seed => {
                register.simulation.seed = text
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|seed| *seed <= MAX_SEED)
                    .ok_or_else(|| format!("a whole number from 0 to {MAX_SEED}"))?;
            }
            InlineField::Rationale { risk } => {
                if !register.risks.iter().any(|r| &r.id == risk) {
                    return Err(gone());
                }
                // An empty rationale for a risk without a treatment makes none.
                if !text.is_empty() || register.treatments.iter().any(|t| &t.risk == risk) {
                    treatment_mut(register, risk).rationale = text.to_string();
                }
            }
            InlineField::Transfer { risk, term } => {
                let mut terms = register
                    .treatments
                    .iter()
                    .find(|t| &t.risk == risk)
                    .and_then(|t| t.transfer.clone())
                    .ok_or_else(gone)?;
                set_term(&mut terms, *term, text)?;
                treatment_mut(register, risk).transfer = Some(terms);
            }
            InlineField::Control { control, part } => {
                let c = register
                    .controls
                    .iter_mut()
                    .find(|c| &c.id == control)
                    .ok_or_else(gone)?;
                set_part(c, *part, text)?;
            }
            InlineField::Justification { control } => {
                let text = text.trim();
                if text.is_empty() {
                    return Err("every inclusion or exclusion needs one".into());
                }
                let row = statement_of(register, control).ok_or_else(gone)?;
                decide(register, &row, None, Some(text.into()));
            }
        }
        Ok(())
    }
}

fn set_term(t: &mut Transfer, term: TransferTerm, text: &str) -> Result<(), String> {
    if term == TransferTerm::Cap && text.trim().is_empty() {
        t.cap = None;
        return Ok(());
    }
    let value = parse_amount(text)?;
    match term {
        TransferTerm::Deductible => t.deductible = value,
        TransferTerm::Share if value > 100.0 => return Err("a percentage from 0 to 100".into()),
        TransferTerm::Share => t.share = value / 100.0,
        TransferTerm::Cap => t.cap = Some(value),
        TransferTerm::Premium => t.annual_premium = value,
    }
    Ok(())
}

fn set_part(c: &mut Control, part: ControlPart, text: &str) -> Result<(), String> {
    match part {
        ControlPart::Owner => c.owner = text.trim().to_string(),
        ControlPart::DueDate => c.due_date = (!text.trim().is_empty()).then(|| text.trim().to_string()),
        ControlPart::OneOffCost => c.one_off_cost = parse_amount(text)?,
        ControlPart::AnnualCost => c.annual_cost = parse_amount(text)?,
        ControlPart::LikelihoodLevels => c.effect.likelihood_levels = Effect::parse_levels(text)?,
        ControlPart::ImpactLevels => c.effect.impact_levels = Effect::parse_levels(text)?,
    }
    Ok(())
}

/// Why a typed text was not committed.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The text does not read, or the register would refuse it: the message names the
    /// field ("One-off cost of control 8.13: …").
    Invalid(String),
    /// The field changed since typing began (another tab, another view): what it holds
    /// now. Nothing was changed.
    Changed {
        /// What the field shows now; `None` when its item was removed.
        now: Option<String>,
    },
}

/// Commits `text` typed into `field`, when the field still shows `base` (what it showed
/// when typing began; `None` to skip that check): the register after the edit, stamped
/// `now`, or `Ok(None)` when the text changes nothing. Refused whole, with the reason,
/// when the text does not read, when the register would then refuse to load, or when
/// the field changed since typing began.
pub fn commit(
    register: &Register,
    field: &InlineField,
    text: &str,
    base: Option<&str>,
    now: &str,
) -> Result<Option<Register>, Refusal> {
    commit_after(register, |_| {}, field, text, base, now)
}

/// As [`commit`], with `prepare` made first in the same edit (a treatment option that
/// needs the rationale being typed).
pub fn commit_after(
    register: &Register,
    prepare: impl FnOnce(&mut Register),
    field: &InlineField,
    text: &str,
    base: Option<&str>,
    now: &str,
) -> Result<Option<Register>, Refusal> {
    let current = field.shown(register);
    if let Some(base) = base
        && current.as_deref() != Some(base)
    {
        // Typed to the value it holds now: nothing to commit, nothing lost.
        if current.as_deref() == Some(text) {
            return Ok(None);
        }
        return Err(Refusal::Changed { now: current });
    }
    let named = |why: String| Refusal::Invalid(format!("{}: {why}", field.label()));
    let mut reading = Ok(());
    // A field that moves a residual score (a control's levels, its status) can
    // invalidate an acceptance: `apply_edit` settles the statuses.
    let outcome = crate::treat::acceptance::apply_edit(
        register,
        |r| {
            prepare(r);
            reading = field.set(r, text);
        },
        now,
    );
    reading.map_err(named)?;
    outcome.map_err(|problems| named(problems.first().map_or(String::new(), |p| p.message.clone())))
}

#[cfg(test)]
mod tests;

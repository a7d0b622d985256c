//! A form's edits and another save of the same item, merged field by field. A form
//! remembers the item as it opened it (the base); when the item was saved meanwhile
//! (another tab, another view), saving the form would silently revert those changes.
//! Instead the two are compared with the base: a field changed on one side takes that
//! side's value, and a field changed on both sides to different values is the user's
//! choice.
//!
//! Fields are the item's own (title, owner, assessment, …), and one level into a group
//! of fields (an object whose values are all objects: a FAIR model's factors). A field
//! is merged whole: a score, a distribution, a list of assets never mixes both sides.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::io::field_label::field_label;

/// Who changed a field since the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangedBy {
    /// Only the form.
    Me,
    /// Only the other save.
    Them,
    /// Both, to different values: the user chooses.
    Both,
}

/// Which side's value a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The form's.
    Mine,
    /// The other save's.
    Theirs,
}

/// One field that changed since the base.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// Its path in the item: `"owner"`, `"fair.loss_magnitude"`.
    pub path: String,
    /// Its name as the form labels it: "Owner", "Loss magnitude".
    pub label: String,
    /// Who changed it.
    pub changed_by: ChangedBy,
    /// The form's value, in words ("" when absent).
    pub mine: String,
    /// The other save's value, in words.
    pub theirs: String,
}

/// A three-way comparison of an item: the base, the form's version and the other save's.
#[derive(Debug, Clone)]
pub struct Merge {
    mine: Value,
    theirs: Value,
    /// Every field changed since the base, in the item's field order.
    pub changes: Vec<FieldChange>,
}

/// Whether a value is a group of fields, merged field by field: an object of objects
/// and text (a FAIR model: its factors and its event model). A score (numbers) or a set
/// of flags is one field.
fn is_group(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::Object(fields))
        if fields.values().any(Value::is_object) && fields.values().all(|v| v.is_object() || v.is_string()))
}

fn object(value: &Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

/// The keys of the three objects, in the order they first appear (base, mine, theirs).
fn keys(objects: [&Map<String, Value>; 3]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for o in objects {
        for k in o.keys() {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
    }
    keys
}

impl Merge {
    /// Compares `mine` and `theirs` with `base`.
    pub fn of<T: Serialize>(base: &T, mine: &T, theirs: &T) -> Merge {
        // Each side's fields in the order the item declares them, with their words.
        let words = |item: &T| {
            serde_json::to_string(item)
                .map(|t| fields_in_words(&t))
                .unwrap_or_default()
        };
        let (mine_words, theirs_words, base_words) = (words(mine), words(theirs), words(base));
        let [base, mine, theirs] = [base, mine, theirs].map(|v| serde_json::to_value(v).unwrap_or(Value::Null));
        let mut changes = Vec::new();
        compare("", &base, &mine, &theirs, &mut changes);
        let order: Vec<&String> = mine_words
            .iter()
            .chain(&theirs_words)
            .chain(&base_words)
            .map(|(p, _)| p)
            .collect();
        let find = |side: &[(String, String)], path: &str| side.iter().find(|(p, _)| p == path).map(|(_, w)| w.clone());
        for change in &mut changes {
            change.mine = find(&mine_words, &change.path).unwrap_or_default();
            change.theirs = find(&theirs_words, &change.path).unwrap_or_default();
        }
        changes.sort_by_key(|c| order.iter().position(|p| **p == c.path).unwrap_or(usize::MAX));
        Merge { mine, theirs, changes }
    }

    /// True when no field was changed on both sides: the merge needs no choice.
    pub fn is_clean(&self) -> bool {
        self.changes.iter().all(|c| c.changed_by != ChangedBy::Both)
    }

    /// The merged item: each field changed on one side takes that side's value, and each
    /// changed on both takes the side `choose` gives for its path. `Err` when the result
    /// is not an item of this type (it always is for items of the same type).
    pub fn resolve<T: DeserializeOwned>(&self, choose: impl Fn(&str) -> Side) -> Result<T, String> {
        let mut merged = self.theirs.clone();
        for change in &self.changes {
            let side = match change.changed_by {
                ChangedBy::Me => Side::Mine,
                ChangedBy::Them => Side::Theirs,
                ChangedBy::Both => choose(&change.path),
            };
            if side == Side::Mine {
                put(&mut merged, &change.path, lookup(&self.mine, &change.path));
            }
        }
        serde_json::from_value(merged).map_err(|e| e.to_string())
    }
}

fn compare(prefix: &str, base: &Value, mine: &Value, theirs: &Value, changes: &mut Vec<FieldChange>) {
    let (b, m, t) = (object(base), object(mine), object(theirs));
    for key in keys([&b, &m, &t]) {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let (bv, mv, tv) = (b.get(&key), m.get(&key), t.get(&key));
        // A group present on all three sides is merged field by field; one added or
        // removed on a side is one change (removing a FAIR model removes it whole).
        if prefix.is_empty() && [bv, mv, tv].into_iter().all(is_group) {
            compare(
                &path,
                bv.unwrap_or(&Value::Null),
                mv.unwrap_or(&Value::Null),
                tv.unwrap_or(&Value::Null),
                changes,
            );
            continue;
        }
        let changed_by = match (mv != bv, tv != bv) {
            (false, false) => continue,
            (true, false) => ChangedBy::Me,
            (false, true) => ChangedBy::Them,
            (true, true) if mv == tv => continue,
            (true, true) => ChangedBy::Both,
        };
        changes.push(FieldChange {
            label: field_label(&path),
            path,
            changed_by,
            mine: String::new(),
            theirs: String::new(),
        });
    }
}

/// Each field of an object and of its fields' fields, in the order the text gives them,
/// with its value in words: `[("id", "R-001"), …, ("fair.loss_magnitude", "type
/// lognormal, low 20000, high 400000")]`. (A JSON tree would sort the fields by name.)
fn fields_in_words(text: &str) -> Vec<(String, String)> {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

    /// A value's words; below a map, records its fields `levels` deep.
    struct Walk<'a> {
        out: &'a mut Vec<(String, String)>,
        prefix: String,
        levels: u8,
    }

    impl<'de> DeserializeSeed<'de> for Walk<'_> {
        type Value = String;
        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Walk<'_> {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
            let mut parts = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                let path = format!("{}{key}", self.prefix);
                let words = map.next_value_seed(Walk {
                    out: &mut *self.out,
                    prefix: format!("{path}."),
                    levels: self.levels.saturating_sub(1),
                })?;
                if self.levels > 0 {
                    self.out.push((path, words.clone()));
                }
                parts.push(format!("{} {words}", key.replace('_', " ")));
            }
            Ok(parts.join(", "))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
            let mut parts = Vec::new();
            let mut scratch = Vec::new();
            while let Some(words) = seq.next_element_seed(Walk {
                out: &mut scratch,
                prefix: String::new(),
                levels: 0,
            })? {
                parts.push(words);
            }
            Ok(parts.join(", "))
        }
        fn visit_bool<E>(self, v: bool) -> Result<String, E> {
            Ok(if v { "yes" } else { "no" }.into())
        }
        fn visit_i64<E>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E>(self, v: f64) -> Result<String, E> {
            Ok(format!("{v}"))
        }
        fn visit_str<E>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_unit<E>(self) -> Result<String, E> {
            Ok(String::new())
        }
    }

    let mut out = Vec::new();
    let mut reader = serde_json::Deserializer::from_str(text);
    let _ = Walk {
        out: &mut out,
        prefix: String::new(),
        levels: 2,
    }
    .deserialize(&mut reader);
    out
}

fn lookup(value: &Value, path: &str) -> Option<Value> {
    path.split('.').try_fold(value, |v, key| v.get(key)).cloned()
}

/// Sets (or, for `None`, removes) the field at `path`, making the groups on the way.
fn put(target: &mut Value, path: &str, value: Option<Value>) {
    let (parents, last) = match path.rsplit_once('.') {
        Some((parents, last)) => (Some(parents), last),
        None => (None, path),
    };
    let mut at = target;
    for key in parents.into_iter().flat_map(|p| p.split('.')) {
        if !at.get(key).is_some_and(Value::is_object) {
            at[key] = Value::Object(Map::new());
        }
        at = &mut at[key];
    }
    if let Value::Object(fields) = at {
        match value {
            Some(v) => {
                fields.insert(last.to_string(), v);
            }
            None => {
                fields.remove(last);
            }
        }
    }
}

#[cfg(test)]
mod tests;

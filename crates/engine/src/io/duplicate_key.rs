//! A JSON object that gives one key twice. JSON's grammar allows it, but readers
//! disagree on which value counts (serde_json and JavaScript keep the last, others the
//! first or refuse), and a tool that wrote two values meant something no reader can
//! know. Every JSON document Residual reads is refused when it does this, with the path
//! of the second occurrence.

use std::borrow::Cow;
use std::collections::HashSet;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::model::problem::Problem;

/// A step of a path: an object's key or an array's index.
enum Step<'de> {
    Key(Cow<'de, str>),
    Index(usize),
}

/// The first key given twice in one object of `text`, as a problem at its path
/// (`$.risks[2].title`); `None` when there is none, or when `text` is not well-formed
/// JSON (its reader says why).
pub fn first_duplicate(text: &str) -> Option<Problem> {
    let mut path = Vec::new();
    let mut found = None;
    let mut reader = serde_json::Deserializer::from_str(text);
    let _ = Walk {
        path: &mut path,
        found: &mut found,
    }
    .deserialize(&mut reader);
    found.map(|(path, key)| {
        Problem::new(
            path,
            format!("the key \"{key}\" is given twice in one object; readers keep one or the other, so the document is refused (keep one)"),
        )
    })
}

fn render(path: &[Step]) -> String {
    let mut out = String::from("$");
    for step in path {
        match step {
            Step::Key(key) if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                out.push('.');
                out.push_str(key);
            }
            Step::Key(key) => out.push_str(&format!("[{}]", serde_json::to_string(key).unwrap_or_default())),
            Step::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

/// Visits any JSON value, stopping at the first key given twice.
struct Walk<'a, 'de> {
    path: &'a mut Vec<Step<'de>>,
    found: &'a mut Option<(String, String)>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// An object key, borrowed from the text when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

/// Objects with more keys than this remember them in a hash set (a hostile file may
/// have an object of a million keys), fewer in a list.
const LINEAR: usize = 32;

impl<'de> Visitor<'de> for Walk<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut few: Vec<Cow<'de, str>> = Vec::new();
        let mut many: HashSet<Cow<'de, str>> = HashSet::new();
        while let Some(key) = map.next_key_seed(Key)? {
            let seen = if many.is_empty() {
                few.contains(&key)
            } else {
                many.contains(&key)
            };
            if seen {
                self.path.push(Step::Key(key.clone()));
                *self.found = Some((render(self.path), key.into_owned()));
                return Err(de::Error::custom("a key given twice"));
            }
            if many.is_empty() && few.len() < LINEAR {
                few.push(key.clone());
            } else {
                many.extend(few.drain(..));
                many.insert(key.clone());
            }
            self.path.push(Step::Key(key));
            map.next_value_seed(Walk {
                path: &mut *self.path,
                found: &mut *self.found,
            })?;
            self.path.pop();
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            self.path.push(Step::Index(index));
            let more = seq.next_element_seed(Walk {
                path: &mut *self.path,
                found: &mut *self.found,
            })?;
            self.path.pop();
            if more.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(text: &str) -> Option<String> {
        first_duplicate(text).map(|p| p.path)
    }

    #[test]
    fn a_key_given_twice_is_named_by_its_path() {
        assert_eq!(path_of(r#"{"a": 1, "a": 2}"#).as_deref(), Some("$.a"));
        assert_eq!(
            path_of(r#"{"risks": [{"id": "R-1"}, {"id": "R-2", "title": "x", "title": "y"}]}"#).as_deref(),
            Some("$.risks[1].title")
        );
        // The same key written two ways is the same key.
        assert_eq!(path_of(r#"{"name": 1, "n\u0061me": 2}"#).as_deref(), Some("$.name"));
        assert_eq!(
            path_of(r#"{"a b": {"c.d": 1, "c.d": 2}}"#).as_deref(),
            Some(r#"$["a b"]["c.d"]"#)
        );
        let problem = first_duplicate(r#"{"x": {"y": [1, {"z": 0, "z": 0}]}}"#).unwrap();
        assert_eq!(problem.path, "$.x.y[1].z");
        assert!(
            problem
                .message
                .starts_with("the key \"z\" is given twice in one object"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn the_same_key_in_different_objects_is_no_duplicate() {
        for text in [
            r#"{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}"#,
            r#"[1, "a", true, null, {"k": "k"}]"#,
            crate::DEMO_REGISTER_JSON,
            "not json at all",
            "",
        ] {
            assert_eq!(path_of(text), None, "{text:.60}");
        }
    }

    #[test]
    fn an_object_of_many_keys_is_checked_by_hash_without_a_miss() {
        let keys: Vec<String> = (0..5_000).map(|k| format!("\"k{k}\": {k}")).collect();
        let unique = format!("{{{}}}", keys.join(", "));
        assert_eq!(path_of(&unique), None);
        let twice = format!("{{{}, \"k17\": 0}}", keys.join(", "));
        assert_eq!(path_of(&twice).as_deref(), Some("$.k17"));
        let early = format!("{{\"k3\": 1, {}}}", keys.join(", "));
        assert_eq!(path_of(&early).as_deref(), Some("$.k3"));
    }
}

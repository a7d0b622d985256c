//! Reading a [`Distribution`] from its tagged JSON object, `{"type": "pert", "min": …}`.
//!
//! The derived reader for a `tag = "type"` enum buffers the whole object before it knows
//! the variant, and an error found in the buffer has no position in the text, so the
//! register reader could not name the field. This reader takes each field as it comes:
//! a value of the wrong kind is refused where it stands (`….loss_magnitude.min`), and a
//! field missing or foreign to the variant is refused at the end of the object, with the
//! derive's own words ("missing field `max`", "unknown field `mean`, expected one of
//! `min`, `mode`, `max`, `gamma`").

use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};

use super::{Distribution, PERT_GAMMA};

/// Every parameter name any variant has, in the order the slots are kept.
const PARAMETERS: [&str; 11] = [
    "value", "min", "mode", "max", "gamma", "low", "high", "mean", "sd", "alpha", "beta",
];

/// The `type` names, for "unknown variant" messages.
const TYPES: [&str; 8] = Distribution::KINDS;

/// The parameters of the variant named `type_name`, in declaration order.
fn fields_of(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "constant" => &["value"],
        "uniform" => &["min", "max"],
        "triangular" => &["min", "mode", "max"],
        "pert" => &["min", "mode", "max", "gamma"],
        "lognormal" => &["low", "high"],
        "normal" => &["mean", "sd"],
        "poisson" => &["mean"],
        _ => &["alpha", "beta"],
    }
}

impl<'de> Deserialize<'de> for Distribution {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(DistributionVisitor)
    }
}

struct DistributionVisitor;

/// A key of a distribution object, read without allocating unless it is unknown.
enum Key {
    Type,
    Parameter(usize),
    Other(String),
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: Error>(self, key: &str) -> Result<Key, E> {
                Ok(match PARAMETERS.iter().position(|p| *p == key) {
                    _ if key == "type" => Key::Type,
                    Some(slot) => Key::Parameter(slot),
                    None => Key::Other(key.to_string()),
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

impl<'de> Visitor<'de> for DistributionVisitor {
    type Value = Distribution;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("internally tagged enum Distribution")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Distribution, A::Error> {
        let mut type_name: Option<String> = None;
        let mut slots: [Option<f64>; PARAMETERS.len()] = [None; PARAMETERS.len()];
        // Keys in the order they came, to report the first one the variant lacks.
        let mut seen: Vec<usize> = Vec::new();
        while let Some(key) = map.next_key::<Key>()? {
            let slot = match key {
                Key::Type => {
                    if type_name.is_some() {
                        return Err(Error::duplicate_field("type"));
                    }
                    let name = map.next_value::<String>()?;
                    if !TYPES.contains(&name.as_str()) {
                        return Err(Error::unknown_variant(&name, &TYPES));
                    }
                    type_name = Some(name);
                    continue;
                }
                Key::Parameter(slot) => slot,
                Key::Other(key) => {
                    let known = type_name.as_deref().map_or(&PARAMETERS[..], fields_of);
                    return Err(Error::unknown_field(&key, known));
                }
            };
            if slots[slot].is_some() {
                return Err(Error::duplicate_field(PARAMETERS[slot]));
            }
            slots[slot] = Some(map.next_value::<f64>()?);
            seen.push(slot);
        }
        let type_name = type_name.ok_or_else(|| Error::missing_field("type"))?;
        let fields = fields_of(&type_name);
        if let Some(&foreign) = seen.iter().find(|&&slot| !fields.contains(&PARAMETERS[slot])) {
            return Err(Error::unknown_field(PARAMETERS[foreign], fields));
        }
        let get = |name: &'static str| {
            let slot = PARAMETERS.iter().position(|p| *p == name).expect("a parameter name");
            slots[slot].ok_or_else(|| Error::missing_field(name))
        };
        Ok(match type_name.as_str() {
            "constant" => Distribution::Constant { value: get("value")? },
            "uniform" => Distribution::Uniform {
                min: get("min")?,
                max: get("max")?,
            },
            "triangular" => Distribution::Triangular {
                min: get("min")?,
                mode: get("mode")?,
                max: get("max")?,
            },
            "pert" => Distribution::Pert {
                min: get("min")?,
                mode: get("mode")?,
                max: get("max")?,
                gamma: get("gamma").unwrap_or(PERT_GAMMA),
            },
            "lognormal" => Distribution::Lognormal {
                low: get("low")?,
                high: get("high")?,
            },
            "normal" => Distribution::Normal {
                mean: get("mean")?,
                sd: get("sd")?,
            },
            "poisson" => Distribution::Poisson { mean: get("mean")? },
            _ => Distribution::Beta {
                alpha: get("alpha")?,
                beta: get("beta")?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Distribution, String> {
        serde_json::from_str(text).map_err(|e| crate::io::json_path::error_message(&e))
    }

    #[test]
    fn every_variant_reads_back_what_it_writes() {
        let all = [
            Distribution::Constant { value: 3.5 },
            Distribution::Uniform { min: 1.0, max: 2.0 },
            Distribution::Triangular {
                min: 1.0,
                mode: 2.0,
                max: 4.0,
            },
            Distribution::Pert {
                min: 1.0,
                mode: 2.0,
                max: 4.0,
                gamma: 6.0,
            },
            Distribution::Lognormal { low: 10.0, high: 1e6 },
            Distribution::Normal { mean: 5.0, sd: 2.0 },
            Distribution::Beta { alpha: 2.0, beta: 3.0 },
            Distribution::Poisson { mean: 0.25 },
        ];
        for distribution in all {
            let text = serde_json::to_string(&distribution).unwrap();
            assert_eq!(read(&text), Ok(distribution.clone()), "{text}");
            // The tag may come anywhere in the object.
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(read(&value.to_string()), Ok(distribution), "{value}");
        }
        assert!(
            TYPES
                .iter()
                .all(|t| fields_of(t).iter().all(|f| PARAMETERS.contains(f)))
        );
    }

    #[test]
    fn gamma_defaults_and_mistakes_are_named() {
        assert_eq!(
            read(r#"{"min":1,"mode":2,"max":3,"type":"pert"}"#),
            Ok(Distribution::Pert {
                min: 1.0,
                mode: 2.0,
                max: 3.0,
                gamma: PERT_GAMMA
            })
        );
        assert_eq!(
            read(r#"{"type":"pert","min":1,"mode":2}"#),
            Err("missing field `max`".into())
        );
        assert_eq!(read(r#"{"min":1}"#), Err("missing field `type`".into()));
        assert_eq!(
            read(r#"{"type":"pert","min":1,"mode":2,"max":3,"mean":4}"#),
            Err("unknown field `mean`, expected one of `min`, `mode`, `max`, `gamma`".into())
        );
        assert_eq!(
            read(r#"{"type":"normal","mean":1,"sd":2,"nope":1}"#),
            Err("unknown field `nope`, expected `mean` or `sd`".into())
        );
        assert_eq!(
            read(r#"{"type":"gauss","mean":1}"#),
            Err(
                "unknown variant `gauss`, expected one of `constant`, `uniform`, `triangular`, `pert`, \
                 `lognormal`, `normal`, `beta`, `poisson`"
                    .into()
            )
        );
        assert_eq!(
            read(r#"{"type":"constant","value":1,"value":2}"#),
            Err("duplicate field `value`".into())
        );
        assert_eq!(
            read(r#"{"type":"constant","value":"1"}"#),
            Err("invalid type: string \"1\", expected f64".into())
        );
        assert_eq!(
            read("7"),
            Err("invalid type: integer `7`, expected internally tagged enum Distribution".into())
        );
    }
}

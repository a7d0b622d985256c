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

use super::{Distribution, DistributionKind, Parameter};

/// Every parameter's JSON name, for "unknown field" messages before the `type` is known.
const PARAMETERS: [&str; Parameter::ALL.len()] = Parameter::NAMES;

/// The `type` names, for "unknown variant" messages.
const TYPES: [&str; DistributionKind::ALL.len()] = DistributionKind::NAMES;

impl<'de> Deserialize<'de> for Distribution {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(DistributionVisitor)
    }
}

struct DistributionVisitor;

/// A key of a distribution object, read without allocating unless it is unknown.
enum Key {
    Type,
    Parameter(Parameter),
    /// An empirical estimate's `values`.
    Values,
    Other(String),
}

/// What an empirical estimate takes, for "unknown field" messages.
const VALUES: [&str; 1] = ["values"];

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: Error>(self, key: &str) -> Result<Key, E> {
                Ok(match Parameter::parse(key) {
                    _ if key == "type" => Key::Type,
                    _ if key == "values" => Key::Values,
                    Some(parameter) => Key::Parameter(parameter),
                    None => Key::Other(key.to_string()),
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// The fields a kind takes besides `type`.
fn names_of(kind: DistributionKind) -> &'static [&'static str] {
    match kind {
        DistributionKind::Empirical => &VALUES,
        _ => kind.parameter_names(),
    }
}

impl<'de> Visitor<'de> for DistributionVisitor {
    type Value = Distribution;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("internally tagged enum Distribution")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Distribution, A::Error> {
        let mut kind: Option<DistributionKind> = None;
        let mut slots: [Option<f64>; Parameter::ALL.len()] = [None; Parameter::ALL.len()];
        // Parameters in the order they came, to report the first one the kind lacks.
        let mut seen: Vec<Parameter> = Vec::new();
        let mut values: Option<Vec<f64>> = None;
        while let Some(key) = map.next_key::<Key>()? {
            let parameter = match key {
                Key::Type => {
                    if kind.is_some() {
                        return Err(Error::duplicate_field("type"));
                    }
                    let name = map.next_value::<String>()?;
                    kind = Some(DistributionKind::parse(&name).ok_or_else(|| Error::unknown_variant(&name, &TYPES))?);
                    continue;
                }
                Key::Parameter(parameter) => parameter,
                Key::Values => {
                    if values.is_some() {
                        return Err(Error::duplicate_field("values"));
                    }
                    values = Some(map.next_value()?);
                    continue;
                }
                Key::Other(key) => {
                    let known = kind.map_or(&PARAMETERS[..], names_of);
                    return Err(Error::unknown_field(&key, known));
                }
            };
            if slots[parameter as usize].is_some() {
                return Err(Error::duplicate_field(parameter.as_str()));
            }
            slots[parameter as usize] = Some(map.next_value::<f64>()?);
            seen.push(parameter);
        }
        let kind = kind.ok_or_else(|| Error::missing_field("type"))?;
        if let Some(foreign) = seen.iter().find(|p| !kind.parameters().contains(p)) {
            return Err(Error::unknown_field(foreign.as_str(), names_of(kind)));
        }
        if kind == DistributionKind::Empirical {
            let values = values.ok_or_else(|| Error::missing_field("values"))?;
            return Ok(Distribution::empirical(values));
        } else if values.is_some() {
            return Err(Error::unknown_field("values", names_of(kind)));
        }
        Distribution::from_parameters(kind, |p| slots[p as usize]).map_err(|p| Error::missing_field(p.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::distribution::PERT_GAMMA;

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
            Distribution::empirical(vec![3.0, 1.0, 2.0, 2.0]),
        ];
        for distribution in all {
            let text = serde_json::to_string(&distribution).unwrap();
            assert_eq!(read(&text), Ok(distribution.clone()), "{text}");
            // The tag may come anywhere in the object.
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(read(&value.to_string()), Ok(distribution), "{value}");
        }
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
                 `lognormal`, `normal`, `beta`, `poisson`, `empirical`"
                    .into()
            )
        );
        assert_eq!(
            read(r#"{"type":"empirical","values":[5, 1, 3]}"#),
            Ok(Distribution::Empirical {
                values: vec![1.0, 3.0, 5.0]
            })
        );
        assert_eq!(read(r#"{"type":"empirical"}"#), Err("missing field `values`".into()));
        assert_eq!(
            read(r#"{"type":"empirical","values":[1],"mean":1}"#),
            Err("unknown field `mean`, expected `values`".into())
        );
        assert_eq!(
            read(r#"{"values":[1],"type":"normal","mean":1,"sd":2}"#),
            Err("unknown field `values`, expected `mean` or `sd`".into())
        );
        assert_eq!(
            read(r#"{"type":"empirical","values":[1,"2"]}"#),
            Err("invalid type: string \"2\", expected f64".into())
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

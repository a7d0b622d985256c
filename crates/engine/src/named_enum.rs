//! `named_enum!`: a fieldless enum whose variants each have a name in the register's
//! JSON and a label for people, written once. The serde names, `ALL`, `as_str`, `parse`
//! and `label` all come from the same table, so they cannot drift apart.

/// Defines `pub enum $name` with `Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize,
/// Deserialize` (read from a JSON string only, so that a wrong value is refused where it
/// stands: "invalid type: null, expected a string") and, for each `Variant = ("json name", "Label")`, the serde name and:
/// - `ALL`: every variant, in declaration order, and `NAMES`, their JSON names;
/// - `as_str`: the JSON name;
/// - `parse`: the variant with a JSON name, or `None`;
/// - `label`: the name shown to people.
///
/// Attributes before the enum (docs, `cfg_attr` derives) and before each variant (docs,
/// `#[default]`) are kept.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = ($json:literal, $label:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        pub enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $json)] $variant ),+
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Name;
                impl serde::de::Visitor<'_> for Name {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<$name, E> {
                        $name::parse(text).ok_or_else(|| E::unknown_variant(text, &$name::NAMES))
                    }
                }
                deserializer.deserialize_str(Name)
            }
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; [$($json),+].len()] = [$($name::$variant),+];

            /// Every variant's JSON name, in declaration order (for messages that list
            /// what a field takes).
            pub const NAMES: [&'static str; [$($json),+].len()] = [$($json),+];

            /// The name in the register's JSON.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $json),+
                }
            }

            /// The variant with this JSON name; `None` for any other text.
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($json => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The name shown to people.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::assess::risk_state::RiskState;
    use crate::model::control::{ControlStatus, ReducedFactor};
    use crate::model::fair_model::EventModel;
    use crate::model::risk::RiskStatus;
    use crate::model::security_property::SecurityProperty;
    use crate::model::settings::Sampling;
    use crate::model::treatment::TreatmentOption;

    /// Each variant's JSON name is its serde name both ways, `parse` undoes `as_str`,
    /// and names and labels are distinct.
    fn check<T>(all: &[T], as_str: fn(&T) -> &'static str, label: fn(&T) -> &'static str, parse: fn(&str) -> Option<T>)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let mut names = std::collections::HashSet::new();
        let mut labels = std::collections::HashSet::new();
        for v in all {
            let name = as_str(v);
            assert_eq!(serde_json::to_string(v).unwrap(), format!("\"{name}\""));
            assert_eq!(&serde_json::from_str::<T>(&format!("\"{name}\"")).unwrap(), v);
            assert_eq!(parse(name).as_ref(), Some(v));
            assert!(
                names.insert(name) && labels.insert(label(v)) && !label(v).is_empty(),
                "{v:?}"
            );
        }
        assert!(parse("").is_none() && parse("no such name").is_none());
        assert!(parse(&as_str(&all[0]).to_uppercase()).is_none(), "names are exact");
    }

    #[test]
    fn names_labels_and_serde_agree_for_every_named_enum() {
        check(&ControlStatus::ALL, |v| v.as_str(), |v| v.label(), ControlStatus::parse);
        check(&ReducedFactor::ALL, |v| v.as_str(), |v| v.label(), ReducedFactor::parse);
        check(
            &TreatmentOption::ALL,
            |v| v.as_str(),
            |v| v.label(),
            TreatmentOption::parse,
        );
        check(&Sampling::ALL, |v| v.as_str(), |v| v.label(), Sampling::parse);
        check(&EventModel::ALL, |v| v.as_str(), |v| v.label(), EventModel::parse);
        check(&RiskState::ALL, |v| v.as_str(), |v| v.label(), RiskState::parse);
        check(&RiskStatus::ALL, |v| v.as_str(), |v| v.label(), RiskStatus::parse);
        check(
            &SecurityProperty::ALL,
            |v| v.as_str(),
            |v| v.label(),
            SecurityProperty::parse,
        );
        use crate::model::distribution::{DistributionKind, Parameter};
        use crate::model::fair_factor::Factor;
        check(&Factor::ALL, |v| v.as_str(), |v| v.label(), Factor::parse);
        check(
            &DistributionKind::ALL,
            |v| v.as_str(),
            |v| v.label(),
            DistributionKind::parse,
        );
        check(&Parameter::ALL, |v| v.as_str(), |v| v.label(), Parameter::parse);
        use crate::treat::applicability::SoaTheme;
        check(&SoaTheme::ALL, |v| v.as_str(), |v| v.label(), SoaTheme::parse);
        assert_eq!(ControlStatus::InProgress.as_str(), "in_progress");
        assert_eq!(RiskStatus::ALL.len(), 6);
    }
}

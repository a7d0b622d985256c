//! Digests of text: FNV-1a (64-bit), the one hash the engine uses, for the simulation's
//! stream keys, acceptance fingerprints and the app's result keys. Not cryptographic:
//! it tells versions apart, it does not protect them.
//!
//! Also the canonical JSON those digests are taken over, so that a digest never depends
//! on how a JSON library happens to order an object's keys.

/// FNV-1a over `bytes`: the offset basis 0xcbf29ce484222325, then for each byte XOR and
/// multiply by the FNV prime 0x100000001b3.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// FNV-1a over `value`'s compact JSON, without building the text: the same digest as
/// `fnv1a(serde_json::to_string(value))`, for a large register (a result key taken at
/// every edit) without a copy of it in memory.
pub fn fnv1a_json(value: &impl serde::Serialize) -> u64 {
    struct Fnv(u64);
    impl std::io::Write for Fnv {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 = bytes
                .iter()
                .fold(self.0, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3));
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    // Writing into the hasher cannot fail, and the register's types always serialise.
    let _ = serde_json::to_writer(&mut hasher, value);
    hasher.0
}

/// `value` as compact JSON with every object's keys in byte order, whatever order the
/// value holds them in: the same value always gives the same text.
pub fn canonical_json(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (n, key) in keys.into_iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        leaf => out.push_str(&leaf.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_digest_is_the_digest_of_the_json_text() {
        let register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        let parts = (&register.risks, &register.criteria, &register.simulation);
        assert_eq!(
            fnv1a_json(&parts),
            fnv1a(serde_json::to_string(&parts).unwrap().as_bytes())
        );
        assert_eq!(fnv1a_json(&""), fnv1a(b"\"\""));
        let mut changed = register.clone();
        changed.risks[3].title.push('.');
        assert_ne!(fnv1a_json(&changed.risks), fnv1a_json(&register.risks));
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        // From the FNV reference test suite (64-bit FNV-1a).
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn canonical_json_orders_keys_at_every_depth() {
        let mut inner = serde_json::Map::new();
        inner.insert("d".into(), 2.into());
        inner.insert("c".into(), serde_json::json!([true, null, "é\"x"]));
        let mut outer = serde_json::Map::new();
        outer.insert("b".into(), 1.5.into());
        outer.insert(
            "a".into(),
            serde_json::Value::Array(vec![serde_json::Value::Object(inner)]),
        );
        assert_eq!(
            canonical_json(&serde_json::Value::Object(outer)),
            r#"{"a":[{"c":[true,null,"é\"x"],"d":2}],"b":1.5}"#
        );
    }
}

//! Stable identifiers and encodings OSCAL needs: name-based UUIDs (version 5, RFC 9562,
//! which hash with SHA-1, by the `uuid` crate) so that a re-export names each thing as
//! before, and base64 for the attached register.

pub use uuid::Uuid;

/// The version 5 UUID of `name` in `namespace` (SHA-1 by the `uuid` crate, as RFC 9562
/// asks; never used for security).
pub fn uuid_v5(namespace: &Uuid, name: &str) -> Uuid {
    Uuid::new_v5(namespace, name.as_bytes())
}

/// A UUID as text: 8-4-4-4-12 lowercase hexadecimal digits.
pub fn text(uuid: &Uuid) -> String {
    uuid.hyphenated().to_string()
}

/// `bytes` in base64 (RFC 4648, standard alphabet, padded).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (k, b)| n | u32::from(*b) << (16 - 8 * k));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * k) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_5_uuids_match_other_implementations() {
        // Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://example.org/").
        assert_eq!(
            text(&uuid_v5(&Uuid::NAMESPACE_URL, "https://example.org/")),
            "527dda32-a0de-5105-a042-cb475b5f7d11"
        );
        let dns = Uuid::NAMESPACE_DNS;
        // RFC 9562's own example (Appendix A.4): "www.example.com" in the DNS namespace.
        assert_eq!(
            text(&uuid_v5(&dns, "www.example.com")),
            "2ed6657d-e927-568b-95e1-2665a8aea6a2"
        );
    }

    #[test]
    fn base64_pads_as_rfc_4648_shows() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }
}

//! The register as an exchange file: the document with the URL of its schema and the
//! program that wrote it, without the storage bookkeeping (`revision`). Writing, reading
//! and writing again gives the same bytes: keys in declaration order, every number in the
//! shortest form that reads back to itself.

use crate::model::register::Register;

/// Where the app serves the schema of format version 1, relative to the page (so that a
/// copy hosted under a sub-path serves it too).
pub const SCHEMA_PATH: &str = "schema/register-v1.json";
/// The schema's `$id`: stable wherever Residual is hosted, so that a consuming tool can
/// keep the schema in its own store and find it by this name.
pub const SCHEMA_ID: &str = "urn:residual:schema:register-v1";
/// This program and its version, as an exported file names its writer.
pub const GENERATOR: &str = concat!("Residual ", env!("CARGO_PKG_VERSION"));

/// The exchange file of `register`: pretty JSON with `$schema` (the schema's `$id`, as the
/// command line writes it) and `generator`.
pub fn register_file(register: &Register) -> String {
    register_file_with_schema(register, SCHEMA_ID)
}

/// The exchange file of `register` naming its schema by `schema`: the app gives the URL
/// where the deployment that wrote the file serves it, so that the name resolves.
pub fn register_file_with_schema(register: &Register, schema: &str) -> String {
    Register {
        schema: Some(schema.into()),
        generator: Some(GENERATOR.into()),
        revision: 0,
        ..register.clone()
    }
    .to_json()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::document::load;
    use crate::io::library::{Library, MemoryStore};

    #[test]
    fn the_file_names_its_schema_and_writer_and_leaves_out_the_save_counter() {
        let mut register = load(crate::DEMO_REGISTER_JSON).unwrap().register;
        register.revision = 41;
        let file = register_file(&register);
        assert!(file.starts_with("{\n  \"$schema\": \"urn:residual:schema:register-v1\",\n  \"schema_version\": \"1\",\n  \"generator\": \"Residual "));
        assert!(!file.contains("\"revision\""));
        let read = load(&file).unwrap().register;
        assert_eq!(read.schema.as_deref(), Some(SCHEMA_ID));
        assert_eq!(read.generator.as_deref(), Some(GENERATOR));
        let served = register_file_with_schema(&register, "https://example.org/tools/residual/schema/register-v1.json");
        assert_eq!(
            load(&served).unwrap().register.schema.as_deref(),
            Some("https://example.org/tools/residual/schema/register-v1.json")
        );
    }

    /// Export → import in place (as the app's import does) → export: the same bytes.
    #[test]
    fn export_import_export_gives_the_same_bytes() {
        let mut texts = vec![crate::DEMO_REGISTER_JSON.to_string()];
        for seed in 0..30 {
            texts.push(crate::generated::register(seed, Default::default()).register.to_json());
        }
        for text in texts {
            let first = register_file(&load(&text).unwrap().register);
            let mut store = MemoryStore::default();
            let mut library = Library::open(&store);
            let preview = crate::io::import::read(&first, &library).unwrap();
            library.replace(&mut store, &preview.register).unwrap();
            let stored = Library::open(&store);
            assert_eq!(stored.registers.len(), 1);
            assert!(stored.registers[0].revision > 0, "the store keeps its counter");
            assert_eq!(register_file(&stored.registers[0]), first);
        }
    }
}

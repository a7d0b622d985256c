//! The JSON Schema of the register format, generated from the Rust types so the two
//! cannot drift. The committed copy in `public/schema/register-v1.json` is served by
//! the app; a test fails when it differs from what this generates.

use serde_json::{Value, json};

use crate::model::register::{Register, SCHEMA_VERSION};

use crate::io::export::SCHEMA_ID;
pub use crate::io::export::SCHEMA_PATH;

/// The JSON Schema of the register format (version [`SCHEMA_VERSION`]), generated from the
/// model types and their doc comments.
pub fn register_schema() -> Value {
    let mut schema = schemars::schema_for!(Register);
    schema.insert("$id".into(), json!(SCHEMA_ID));
    schema.insert("title".into(), json!("Residual risk register"));
    schema.insert(
        "description".into(),
        json!("An ISO/IEC 27001 risk register as Residual stores and exports it. See docs/register-format.md."),
    );
    // The version is part of the contract: a document of another version is not this format.
    if let Some(property) = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut("schema_version"))
        .and_then(Value::as_object_mut)
    {
        property.insert("const".into(), json!(SCHEMA_VERSION));
    }
    schema.to_value()
}

/// The schema as the committed file holds it: pretty-printed, with a final newline.
pub fn register_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&register_schema()).expect("a schema always serialises");
    text.push('\n');
    text
}

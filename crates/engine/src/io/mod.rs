//! Text in and out: documents and their migrations, validation, the storage rules, the
//! JSON Schema, amounts of money, and edits that can never save what a load refuses.

pub mod csv;
pub mod digest;
pub mod document;
pub mod duplicate_key;
pub mod edit;
pub mod export;
pub mod field_label;
pub mod import;
pub mod json_path;
pub mod library;
pub mod merge;
pub mod migration;
pub mod money;
#[cfg(not(target_arch = "wasm32"))]
pub mod schema;
pub mod validation;

//! CISO Assistant (intuitem/ciso-assistant-community): its risk-assessment CSV, both
//! ways. docs/interop.md has the mapping field by field.

mod assessment_csv;
mod assessment_read;
mod columns;
pub mod crq;
pub mod library_yaml;
pub mod matrix;
mod scenario_parts;

pub use assessment_csv::{COLUMNS, write};
pub use assessment_read::read;

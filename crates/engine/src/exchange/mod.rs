//! Other tools' formats, in and out. Each converter says, as warnings, what its mapping
//! drops or approximates; docs/interop.md has each mapping field by field. This is the
//! last layer: a converter may need the simulation (an export approximates what the
//! other format cannot say).

pub mod ciso_assistant;
pub mod pyfair;
pub mod riskquant;

//! A problem found in a register document, named by its JSON path.

use std::fmt;

/// One thing wrong with a document. `path` is a JSONPath such as
/// `$.risks[3].likelihood`, so a message always names the field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// JSONPath of the offending value, e.g. `$.risks[3].likelihood`.
    pub path: String,
    /// What is wrong, phrased to follow the path, e.g. "must be between 1 and 5".
    pub message: String,
}

impl Problem {
    /// A problem with the value at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Builds child paths: `index("$.risks", 3)` is `$.risks[3]`, `field("$", "name")` is `$.name`.
pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// The path of field `name` under `path`: `field("$", "name")` is `$.name`.
pub fn field(path: &str, name: &str) -> String {
    format!("{path}.{name}")
}

//! Where in a JSON text a byte lies, as a JSONPath (`$.risks[0].fair.loss_magnitude.high`),
//! so that a syntax-level error such as a number too large for a double (`1e309`) names
//! the field, not a line and column. A small scanner: it follows objects, arrays and
//! strings up to the offset, and needs the text to be well formed only up to there.

/// A container open at some point of the text.
enum Frame {
    /// An object, with the key of the member being read (once seen).
    Object { key: Option<String>, expecting_key: bool },
    /// An array, with the index of the element being read.
    Array { index: usize },
}

/// The JSONPath of the value that byte `offset` of `text` belongs to (a closing bracket
/// belongs to its container).
pub fn path_at(text: &str, offset: usize) -> String {
    path_of(&frames_at(text, offset))
}

/// The JSONPath of the value a `serde_json` error in reading `text` is about. serde_json
/// places an error at the last byte it read: the end of a scalar of the wrong kind, or
/// the closing brace of an object that lacks a field, so the path at that byte names the
/// field, or the object. (Values the deserialiser buffers first lose their position and
/// are placed at the end of their parent; the register's types read in place, see
/// `Distribution` and `Impact`, so that does not arise for them.)
pub fn error_path(text: &str, error: &serde_json::Error) -> String {
    path_at(text, offset_of(text, error.line(), error.column()))
}

/// A `serde_json` error's message without its " at line L column C" suffix.
pub fn error_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    message.strip_suffix(&suffix).unwrap_or(&message).to_string()
}

/// The containers open just after byte `offset` of `text` has been read.
fn frames_at(text: &str, offset: usize) -> Vec<Frame> {
    let bytes = text.as_bytes();
    let end = (offset + 1).min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key, expecting_key }) => {
                    *key = None;
                    *expecting_key = true;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object {
                    key,
                    expecting_key: true,
                }) = stack.last_mut()
                {
                    let raw = &text[start..j.min(bytes.len())];
                    *key =
                        Some(serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string()));
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    stack
}

/// The JSONPath of a stack of open containers (down to the first object with no key yet).
fn path_of(stack: &[Frame]) -> String {
    let mut path = String::from("$");
    for frame in stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    path.push('.');
                    path.push_str(key);
                } else {
                    path.push_str(&format!("[{}]", serde_json::to_string(key).unwrap_or_default()));
                }
            }
            Frame::Object { key: None, .. } => break,
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// The byte offset of a 1-based line and column (in bytes), as serde_json reports them.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// The number that ends at or spans byte `offset` (for a message).
pub fn number_at(text: &str, offset: usize) -> &str {
    let bytes = text.as_bytes();
    let is_number = |b: u8| b.is_ascii_digit() || matches!(b, b'e' | b'E' | b'+' | b'-' | b'.');
    let mut start = offset.min(bytes.len());
    while start > 0 && is_number(bytes[start - 1]) {
        start -= 1;
    }
    let mut end = offset.min(bytes.len());
    while end < bytes.len() && is_number(bytes[end]) {
        end += 1;
    }
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_follows_objects_arrays_and_strings() {
        let text = r#"{"a": 1, "risks": [{"id": "x,]}", "fair": {"lm": {"high": 1e309}}}, {"b": [1, 2, 3]}], "c": {"d e": 5}}"#;
        let at = |needle: &str| path_at(text, text.find(needle).unwrap() + needle.len() - 1);
        assert_eq!(at("1e309"), "$.risks[0].fair.lm.high");
        assert_eq!(at("[1, 2"), "$.risks[1].b[1]");
        assert_eq!(at("\"d e\": 5"), "$.c[\"d e\"]");
        assert_eq!(at("{\"a\": 1"), "$.a");
        assert_eq!(number_at(text, text.find("1e309").unwrap() + 5), "1e309");
    }

    #[test]
    fn lines_and_columns_become_offsets() {
        let text = "{\n  \"a\": 1,\n  \"b\": 2\n}";
        assert_eq!(&text[offset_of(text, 3, 8)..offset_of(text, 3, 9)], "2");
    }
}

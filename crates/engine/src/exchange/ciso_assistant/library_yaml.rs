//! A reader for the YAML CISO Assistant's libraries are written in (PyYAML's block
//! style): block mappings and sequences (a sequence may sit at its key's indentation,
//! and `- -` nests one), plain scalars folded over several lines, single- and
//! double-quoted scalars with their escapes and line folding, literal and folded block
//! scalars with their chomping and indentation indicators, one-line flow sequences and
//! mappings, explicit keys (`? key` / `: value`) whose key is a scalar on one line, and
//! comments. Scalars are read as YAML 1.2's core schema reads them.
//! Anything else (anchors, tags, keys that are collections or span lines, multi-line flow
//! collections, several documents) is refused with its line, never read some other way.
//!
//! It is the only YAML parser of Residual: the app and the command line both read
//! libraries with it. Why not a full parser: measured on wasm32 at the page's profile
//! (opt-level z, LTO, wasm-opt -Oz, gzip -9; `scripts/yaml-reader-size`), a probe that
//! reads a library into a matrix was 58,980 bytes without YAML, 69,595 with this reader
//! (+10,615) and 90,439 with saphyr 0.3.4 (+31,459, three times as much), on a page
//! already over its budget (BENCHMARKS.md, "YAML reader"). serde_yaml, a full parser, is its oracle in the
//! tests and the fuzz target: every one of the 288 libraries CISO Assistant ships
//! (intuitem/ciso-assistant-community, August 2026) gives the same tree with both.

use serde_json::{Map, Number, Value};

/// Nesting deeper than this is refused (a library needs six levels).
const MAX_DEPTH: usize = 64;

/// One line of the document: its number (1-based), indentation and text without the
/// indentation or a trailing comment.
#[derive(Debug, Clone)]
struct Line<'a> {
    number: usize,
    indent: usize,
    text: &'a str,
    /// Empty lines just before this one (a folded scalar keeps each as a line break).
    blank_before: usize,
}

/// `text` without a comment: `#` at its start or after a space, outside quotes.
fn uncommented(text: &str) -> &str {
    let (mut single, mut double, mut escaped) = (false, false, false);
    let mut previous = ' ';
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if double => escaped = true,
            '"' if !single => double = !double,
            '\'' if !double => single = !single,
            '#' if !single && !double && previous.is_whitespace() => return text[..at].trim_end(),
            _ => {}
        }
        previous = c;
    }
    text.trim_end()
}

struct Reader<'a> {
    /// The lines that hold content, comments and blank lines left out.
    lines: Vec<Line<'a>>,
    at: usize,
    /// Every line of the document as written: a quoted or block scalar reads its lines
    /// from here, where a `#` or an empty line is part of the value.
    source: Vec<&'a str>,
}

type Read<T> = Result<T, String>;

fn fail<T>(line: usize, why: &str) -> Read<T> {
    Err(format!("line {line}: {why}"))
}

/// A plain scalar as YAML 1.2's core schema reads it.
fn plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        // Infinity and not-a-number have no JSON number: a full parser's tree has null.
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN"
        | ".NAN" => Value::Null,
        _ if text.starts_with("0x") || text.starts_with("0o") => {
            let (radix, digits) = match text.strip_prefix("0x") {
                Some(hex) => (16, hex),
                None => (8, text.strip_prefix("0o").unwrap_or(text)),
            };
            match u64::from_str_radix(digits, radix) {
                Ok(n) if !digits.is_empty() => Value::Number(n.into()),
                _ => Value::String(text.to_string()),
            }
        }
        _ => {
            let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
            // A leading zero (0279) reads as text, as a full parser reads it.
            if digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()) {
                return Value::String(text.to_string());
            }
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                if let Ok(n) = text.parse::<i64>() {
                    return Value::Number(n.into());
                }
                if let Ok(n) = text.parse::<u64>() {
                    return Value::Number(n.into());
                }
            }
            let numeric = digits.bytes().next().is_some_and(|b| b.is_ascii_digit() || b == b'.')
                && digits
                    .bytes()
                    .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
            match text
                .parse::<f64>()
                .ok()
                .filter(|x| numeric && x.is_finite())
                .and_then(Number::from_f64)
            {
                Some(n) => Value::Number(n),
                None => Value::String(text.to_string()),
            }
        }
    }
}

/// The inside of a double-quoted scalar (its lines joined by `\n`), unescaped and folded.
fn double_quoted(raw: &str, line: usize) -> Read<String> {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') => {
                    // A line continuation: the break and the next line's indentation go.
                    while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                        chars.next();
                    }
                }
                Some(e) => {
                    let hex = |n: usize, chars: &mut std::iter::Peekable<std::str::Chars>| -> Read<char> {
                        let code: String = chars.by_ref().take(n).collect();
                        u32::from_str_radix(&code, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .ok_or_else(|| format!("line {line}: \\{e}{code} is not a character"))
                    };
                    out.push(match e {
                        '0' => '\0',
                        'a' => '\u{7}',
                        'b' => '\u{8}',
                        't' | '\t' => '\t',
                        'n' => '\n',
                        'v' => '\u{b}',
                        'f' => '\u{c}',
                        'r' => '\r',
                        'e' => '\u{1b}',
                        ' ' => ' ',
                        '"' => '"',
                        '/' => '/',
                        '\\' => '\\',
                        'N' => '\u{85}',
                        '_' => '\u{a0}',
                        'L' => '\u{2028}',
                        'P' => '\u{2029}',
                        'x' => hex(2, &mut chars)?,
                        'u' => hex(4, &mut chars)?,
                        'U' => hex(8, &mut chars)?,
                        other => return fail(line, &format!("\\{other} is not an escape of YAML")),
                    });
                }
                None => return fail(line, "a double-quoted scalar ends in a backslash"),
            },
            '\n' => fold(&mut out, &mut chars),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Folds a line break inside a quoted scalar: trailing spaces before it go, the next
/// line's indentation goes, one break becomes a space and each empty line a `\n`.
fn fold(out: &mut String, chars: &mut std::iter::Peekable<std::str::Chars>) {
    while out.ends_with([' ', '\t']) {
        out.pop();
    }
    let mut empty = 0;
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        if chars.peek() == Some(&'\n') {
            chars.next();
            empty += 1;
        } else {
            break;
        }
    }
    if empty == 0 {
        out.push(' ');
    } else {
        out.extend(std::iter::repeat_n('\n', empty));
    }
}

/// The inside of a single-quoted scalar, `''` read as `'`, folded.
fn single_quoted(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' if chars.peek() == Some(&'\'') => {
                chars.next();
                out.push('\'');
            }
            '\n' => fold(&mut out, &mut chars),
            c => out.push(c),
        }
    }
    out
}

/// Where a quoted scalar that starts `text` closes, if on this line.
fn closing(text: &str, quote: char) -> Option<usize> {
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                chars.next();
            }
            c if c == quote => return Some(at),
            _ => {}
        }
    }
    None
}

/// The items of a one-line flow collection's inside, split at top-level commas.
fn flow_items(inside: &str) -> Vec<&str> {
    let (mut items, mut depth, mut start, mut quote) = (Vec::new(), 0i32, 0, None::<char>);
    for (at, c) in inside.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            // A quote opens a quoted item only at the item's start; inside a plain one it
            // is a character like any other.
            (None, '"' | '\'') if inside[start..at].trim().is_empty() => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                items.push(inside[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    items.push(inside[start..].trim());
    items.into_iter().filter(|s| !s.is_empty()).collect()
}

/// A scalar or one-line flow collection written on one line.
fn inline(text: &str, line: usize, depth: usize) -> Read<Value> {
    if depth > MAX_DEPTH {
        return fail(line, "nested too deep");
    }
    let text = text.trim();
    if let Some(inside) = text.strip_prefix('[') {
        let inside = inside
            .strip_suffix(']')
            .map_or_else(|| fail(line, "a flow sequence must close on its line"), Ok)?;
        return flow_items(inside)
            .into_iter()
            .map(|item| inline(item, line, depth + 1))
            .collect::<Read<Vec<_>>>()
            .map(Value::Array);
    }
    if let Some(inside) = text.strip_prefix('{') {
        let inside = inside
            .strip_suffix('}')
            .map_or_else(|| fail(line, "a flow mapping must close on its line"), Ok)?;
        let mut map = Map::new();
        for item in flow_items(inside) {
            let (key, value) = split_key(item).ok_or_else(|| format!("line {line}: \"{item}\" is not key: value"))?;
            map.insert(key, inline(value, line, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if text.starts_with(['&', '*', '!', '|', '>']) {
        return fail(line, "anchors, aliases, tags and block scalars are not read here");
    }
    match text.chars().next() {
        Some('"') => Ok(Value::String(double_quoted(
            &text[1..text.len().saturating_sub(1).max(1)],
            line,
        )?)),
        Some('\'') => Ok(Value::String(single_quoted(
            &text[1..text.len().saturating_sub(1).max(1)],
        ))),
        _ => Ok(plain(text)),
    }
}

/// A `key: value` (or `key:`) split at its colon, the key unquoted.
fn split_key(text: &str) -> Option<(String, &str)> {
    let (key, rest) = if text.starts_with(['"', '\'']) {
        let quote = text.chars().next()?;
        let end = closing(text, quote)?;
        let key = if quote == '"' {
            double_quoted(&text[1..end], 0).ok()?
        } else {
            single_quoted(&text[1..end])
        };
        (key, text[end + 1..].trim_start())
    } else {
        // A plain key cannot start with an indicator of YAML's syntax.
        if text.starts_with([
            '[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', '%', '@', '`', '-', '?', ':',
        ]) {
            return None;
        }
        let at = text
            .char_indices()
            .find(|(at, c)| *c == ':' && text[at + 1..].chars().next().is_none_or(char::is_whitespace))?
            .0;
        (text[..at].trim().to_string(), &text[at..])
    };
    let rest = rest.strip_prefix(':')?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| (key, rest.trim()))
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<&Line<'a>> {
        self.lines.get(self.at)
    }

    /// Goes on from the first content line after line `last` (1-based).
    fn skip_to(&mut self, last: usize) {
        while self.peek().is_some_and(|l| l.number <= last) {
            self.at += 1;
        }
    }

    /// A literal (`|`) or folded (`>`) block scalar whose header is `header` on line
    /// `line`, its content the lines after it indented more than `indent`.
    fn block_scalar(&mut self, header: &str, line: usize, indent: usize) -> Read<Value> {
        let literal = header.starts_with('|');
        let indicators = header[1..].split('#').next().unwrap_or_default();
        if header[1..].trim_start().starts_with('#') && !header[1..].starts_with(char::is_whitespace) {
            return fail(line, "a comment after a block scalar's header needs a space before it");
        }
        let indicators = indicators.trim_end();
        let (mut chomp, mut explicit) = ('c', None::<usize>);
        for c in indicators.chars() {
            match c {
                '-' | '+' if chomp == 'c' => chomp = c,
                '1'..='9' if explicit.is_none() => explicit = c.to_digit(10).map(|d| d as usize),
                _ => {
                    return fail(
                        line,
                        "a block scalar's header is | or > with at most a digit and - or +",
                    );
                }
            }
        }
        // The content: the lines after the header that are blank or indented more.
        let mut end = line;
        while let Some(next) = self.source.get(end) {
            let blank = next.trim_start_matches(' ').is_empty();
            let deeper = next.len() - next.trim_start_matches(' ').len() > indent;
            if !(blank || deeper) {
                break;
            }
            end += 1;
        }
        let content = &self.source[line..end];
        let width = match explicit {
            Some(d) => indent + d,
            None => content
                .iter()
                .find(|l| !l.trim_start_matches(' ').is_empty())
                .map_or(indent + 1, |l| l.len() - l.trim_start_matches(' ').len()),
        };
        let mut body: Vec<&str> = Vec::with_capacity(content.len());
        for (k, text) in content.iter().enumerate() {
            let spaces = text.len() - text.trim_start_matches(' ').len();
            if text.trim_start_matches(' ').is_empty() {
                body.push(text.get(width..).unwrap_or(""));
            } else if spaces < width {
                return fail(line + k + 1, "a block scalar's line is indented less than its first");
            } else {
                body.push(&text[width..]);
            }
        }
        let kept = body.iter().rposition(|l| !l.is_empty()).map_or(0, |k| k + 1);
        let trailing = body.len() - kept;
        let mut out = String::new();
        if literal {
            out = body[..kept].join("\n");
        } else {
            let (mut first, mut previous_more, mut empty) = (true, false, 0);
            for text in &body[..kept] {
                if text.is_empty() {
                    empty += 1;
                    continue;
                }
                let more = text.starts_with([' ', '\t']);
                if first {
                    out.extend(std::iter::repeat_n('\n', empty));
                } else if previous_more || more {
                    out.extend(std::iter::repeat_n('\n', empty + 1));
                } else if empty == 0 {
                    out.push(' ');
                } else {
                    out.extend(std::iter::repeat_n('\n', empty));
                }
                out.push_str(text);
                (first, previous_more, empty) = (false, more, 0);
            }
        }
        match chomp {
            '-' => {}
            '+' => out.extend(std::iter::repeat_n('\n', usize::from(kept > 0) + trailing)),
            _ if kept > 0 => out.push('\n'),
            _ => {}
        }
        // Content lines that look like comments are text: go past them all.
        self.skip_to(end);
        Ok(Value::String(out))
    }

    /// A scalar that starts with `first` on line `line` and may go on over the following
    /// lines indented more than `indent`: a quoted one until its closing quote, a plain
    /// one while they are not keys or items.
    fn scalar(&mut self, first: &str, line: usize, indent: usize, depth: usize) -> Read<Value> {
        let quote = first.chars().next().filter(|c| *c == '"' || *c == '\'');
        if let Some(q) = quote {
            let mut raw = first.to_string();
            let mut last = line;
            // The lines after the first are read as written: inside quotes a `#` is text
            // and an empty line a line break.
            while closing(&raw, q).is_none() {
                let Some(next) = self.source.get(last) else {
                    return fail(line, "a quoted scalar never closes");
                };
                raw.push('\n');
                raw.push_str(next.trim_end());
                last += 1;
            }
            let end = closing(&raw, q).unwrap_or(raw.len() - 1);
            let after = &raw[end + 1..];
            let comment = after.starts_with([' ', '\t']) && after.trim_start().starts_with('#');
            if !after.trim().is_empty() && !comment {
                return fail(last, "text after a closing quote");
            }
            self.skip_to(last);
            return inline(&raw[..=end], line, depth);
        }
        if first.starts_with(['|', '>']) {
            return self.block_scalar(first, line, indent);
        }
        if first.starts_with(['[', '{']) || first.starts_with(['&', '*', '!', '|', '>']) {
            return inline(first, line, depth);
        }
        if first.starts_with([']', '}', ',', '%', '@', '`'])
            || ["-", "?", ":"].contains(&first)
            || first.starts_with("- ")
            || first.starts_with("? ")
            || first.starts_with(": ")
        {
            return fail(
                line,
                "a plain value cannot start with an indicator of YAML's syntax (quote it)",
            );
        }
        if first.contains(": ") || first.ends_with(':') {
            return fail(line, "a plain value cannot hold \": \" (quote it)");
        }
        let mut text = first.to_string();
        while let Some(next) = self.peek().filter(|l| l.indent > indent) {
            // A continuation line may start with "- ": inside a plain value it is text.
            if split_key(next.text).is_some() {
                return fail(
                    next.number,
                    "a key or an item inside a value (is the indentation right?)",
                );
            }
            if next.blank_before > 0 {
                text.extend(std::iter::repeat_n('\n', next.blank_before));
            } else {
                text.push(' ');
            }
            text.push_str(next.text);
            self.at += 1;
        }
        Ok(plain(&text))
    }

    /// The block node that starts at the next line (a sequence or a mapping, at that
    /// line's indentation).
    fn block(&mut self, depth: usize) -> Read<Value> {
        let Some(first) = self.peek().cloned() else {
            return Ok(Value::Null);
        };
        if depth > MAX_DEPTH {
            return fail(first.number, "nested too deep");
        }
        if first.text == "-" || first.text.starts_with("- ") {
            self.sequence(first.indent, depth)
        } else {
            self.mapping(first.indent, depth)
        }
    }

    fn sequence(&mut self, indent: usize, depth: usize) -> Read<Value> {
        let mut items = Vec::new();
        while let Some(line) = self
            .peek()
            .cloned()
            .filter(|l| l.indent == indent && (l.text == "-" || l.text.starts_with("- ")))
        {
            let rest = line.text[1..].trim_start();
            let column = indent + (line.text.len() - rest.len());
            if rest.is_empty() {
                self.at += 1;
                items.push(match self.peek() {
                    Some(next) if next.indent > indent => self.block(depth + 1)?,
                    _ => Value::Null,
                });
            } else if rest == "-"
                || rest.starts_with("- ")
                || split_key(rest).is_some() && !rest.starts_with(['"', '\'', '[', '{'])
                || rest.starts_with(['"', '\'']) && split_key(rest).is_some()
            {
                // The item's first line sits after its dash: read it as a line of its own.
                self.lines[self.at] = Line {
                    number: line.number,
                    indent: column,
                    text: rest,
                    blank_before: line.blank_before,
                };
                items.push(self.block(depth + 1)?);
            } else {
                self.at += 1;
                items.push(self.scalar(rest, line.number, indent, depth + 1)?);
            }
        }
        if let Some(line) = self.peek().filter(|l| l.indent > indent) {
            return fail(line.number, "unexpected indentation");
        }
        Ok(Value::Array(items))
    }

    fn mapping(&mut self, indent: usize, depth: usize) -> Read<Value> {
        let mut map = Map::new();
        while let Some(line) = self.peek().cloned().filter(|l| l.indent == indent) {
            if line.text.starts_with("- ") || line.text == "-" {
                return fail(line.number, "a sequence item where a key was expected");
            }
            // An explicit key (`? key` then `: value`), as PyYAML writes a key longer than
            // 128 characters: a one-line scalar key.
            if line.text == "?" || line.text.starts_with("? ") {
                let key = match inline(line.text[1..].trim(), line.number, depth + 1)? {
                    Value::String(text) => text,
                    Value::Null => return fail(line.number, "an explicit key must be written on its line"),
                    Value::Array(_) | Value::Object(_) => return fail(line.number, "a key must be a scalar"),
                    other => other.to_string(),
                };
                self.at += 1;
                let value = match self.peek().cloned() {
                    Some(next) if next.indent == indent && (next.text == ":" || next.text.starts_with(": ")) => {
                        let rest = next.text[1..].trim_start();
                        let column = indent + (next.text.len() - rest.len());
                        if rest.is_empty() {
                            self.at += 1;
                            match self.peek() {
                                Some(after) if after.indent > indent => self.block(depth + 1)?,
                                _ => Value::Null,
                            }
                        } else if rest.starts_with("- ") || split_key(rest).is_some() {
                            // The value's first line sits after its colon: read it as a line of its own.
                            self.lines[self.at] = Line {
                                number: next.number,
                                indent: column,
                                text: rest,
                                blank_before: next.blank_before,
                            };
                            self.block(depth + 1)?
                        } else {
                            self.at += 1;
                            self.scalar(rest, next.number, indent, depth + 1)?
                        }
                    }
                    _ => Value::Null,
                };
                if map.insert(key.clone(), value).is_some() {
                    return fail(line.number, &format!("the key \"{key}\" repeats"));
                }
                continue;
            }
            let (key, rest) = split_key(line.text).ok_or_else(|| {
                format!(
                    "line {}: \"{}\" is not key: value",
                    line.number,
                    line.text.chars().take(40).collect::<String>()
                )
            })?;
            self.at += 1;
            let value = if rest.is_empty() {
                match self.peek() {
                    // A value on the next line, indented: a block, or a scalar alone.
                    Some(next)
                        if next.indent > indent
                            && !(next.text == "-"
                                || next.text.starts_with("- ")
                                || next.text == "?"
                                || next.text.starts_with("? ")
                                || split_key(next.text).is_some()) =>
                    {
                        let next = next.clone();
                        self.at += 1;
                        self.scalar(next.text, next.number, indent, depth + 1)?
                    }
                    Some(next) if next.indent > indent => self.block(depth + 1)?,
                    // PyYAML writes a key's sequence at the key's own indentation.
                    Some(next) if next.indent == indent && (next.text == "-" || next.text.starts_with("- ")) => {
                        self.sequence(indent, depth + 1)?
                    }
                    _ => Value::Null,
                }
            } else {
                self.scalar(rest, line.number, indent, depth + 1)?
            };
            if map.insert(key.clone(), value).is_some() {
                return fail(line.number, &format!("the key \"{key}\" repeats"));
            }
        }
        if let Some(line) = self.peek().filter(|l| l.indent > indent) {
            return fail(line.number, "unexpected indentation");
        }
        Ok(Value::Object(map))
    }
}

/// The tree of a YAML document in the subset above, or why not, by line.
pub fn parse(text: &str) -> Result<Value, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A carriage return alone breaks a line too.
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = normalised.as_str();
    // YAML allows no control character but tab and line breaks (and NEL).
    if let Some((k, _)) = text.lines().enumerate().find(|(_, l)| {
        l.chars().any(|c| {
            (c.is_control() && !matches!(c, '\t' | '\r' | '\n' | '\u{85}')) || matches!(c, '\u{fffe}' | '\u{ffff}')
        })
    }) {
        return fail(k + 1, "a control character, which YAML does not allow");
    }
    let mut lines = Vec::new();
    let mut blank = 0;
    for (k, raw) in text.lines().enumerate() {
        if raw.contains('\t') && raw.trim_start_matches(' ').starts_with('\t') {
            return fail(k + 1, "tabs cannot indent YAML");
        }
        let trimmed = raw.trim_start_matches(' ');
        // Document markers count only at the start of a line; indented, they are text.
        if raw == "---" || raw == "..." || raw.starts_with("--- ") || raw.starts_with("... ") {
            if lines.is_empty() && raw == "---" {
                continue;
            }
            return fail(k + 1, "one document only");
        }
        let content = uncommented(trimmed);
        if content.is_empty() {
            blank += 1;
            continue;
        }
        lines.push(Line {
            number: k + 1,
            indent: raw.len() - trimmed.len(),
            text: content,
            blank_before: blank,
        });
        blank = 0;
    }
    let mut reader = Reader {
        lines,
        at: 0,
        source: text.lines().collect(),
    };
    let value = reader.block(0)?;
    match reader.peek() {
        Some(line) => fail(line.number, "unexpected text after the document"),
        None => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same tree as a full YAML parser (serde_yaml) gives.
    fn same_as_serde_yaml(text: &str) {
        let ours = parse(text).unwrap_or_else(|why| panic!("{why}\n{text}"));
        let theirs: Value = serde_yaml::from_str(text).unwrap();
        assert_eq!(ours, theirs, "{text}");
    }

    #[test]
    fn libraries_read_as_a_full_parser_reads_them() {
        same_as_serde_yaml(include_str!(
            "../../../../cli/tests/fixtures/ciso-assistant-matrix-3x3.yaml"
        ));
        let demo = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
        same_as_serde_yaml(&super::super::matrix::write_library(&demo.criteria, "Meridian \"5×5\" — test").0);
        // PyYAML's habits, written here as its dump writes them: a description folded over
        // lines in single quotes, double quotes with \x and \u escapes and a line
        // continuation, comments, a sequence at its key's indentation, flow lists.
        same_as_serde_yaml(
            "# a library\nurn: urn:x:risk:library:y  # trailing comment\nversion: 2\nobjects:\n  risk_matrix:\n  - name: It's\n    description: ' The source of risk is likely to achieve its\n      objective. '\n    fr: \"Bas\\xE9e sur l\\u2019approche \\\n      EBIOS\\ RM\"\n    grid:\n    - [0, 1, 2]\n    - - 1\n      - 2\n    flow: {id: 0, name: 'Rare', on: true, none: ~}\n    hexcolor: '#FAF7E9'\n    weird: a # b\n    folded: one\n\n      two\n    quoted: 'one\n\n\n      two'\n    dquoted: \"one\r\r\r      two\"\n    zero: [-0279, 007, 0]\n    marker:\n      ---\n    negative: -1.5\n    plain: [1, eria \\\"2, 2, 'x, y']\n    empty:\n",
        );
    }

    /// What CISO Assistant's framework libraries hold beyond the matrices' needs: block
    /// scalars in every style, quoted values whose lines hold `#` or are empty, plain
    /// values whose lines start with "- ", and YAML's line-separator escapes.
    #[test]
    fn block_scalars_and_multi_line_values_read_as_a_full_parser_reads_them() {
        for header in ["|", "|-", "|+", ">", ">-", ">+", "|2", "|-2", ">2-", "|+2", "| # note"] {
            same_as_serde_yaml(&format!(
                "a: {header}\n  one\n  two #3\n\n    deeper\n  # not a comment\n\n\n  last\n\n\nb: 1\nc:\n- {header}\n  item\n\n- x\n"
            ));
            same_as_serde_yaml(&format!(
                "a: {header}\n\n  after an empty line\n   more\n  back\nb: {header}\n"
            ));
            same_as_serde_yaml(&format!(
                "list:\n  - {header}\n    in a list\n    folded\n  - {header}\n"
            ));
        }
        same_as_serde_yaml(
            "text: '6. Inspect systems via version control #, last update\n  date, or other.'\nnext: 1\n",
        );
        same_as_serde_yaml(
            "a: 'one\n\n  ### A heading inside quotes\n\n  two'  # a comment\nb: \"x\n  # y\n\n\n  z\"\n",
        );
        same_as_serde_yaml(
            "a: acting in good faith to mitigate any identified\n  - significant risks\n  - to safety\nb: 2\n",
        );
        same_as_serde_yaml("a: \"one \\L\\ntwo \\P three \\N four \\_ five\"\n");
        // Explicit keys, as PyYAML writes a long one: a mapping, a scalar, a sequence,
        // an empty value, a block below, and a key alone.
        same_as_serde_yaml(
            "q:\n  ? urn:x:question:1\n  : type: unique_choice\n    text: \"Is it?\"\n  ? 'urn:x:question:2'\n  : plain value\n  ? urn:x:3\n  : - a\n    - b\n  ? urn:x:4\n  :\n    deep: 1\n  ? urn:x:5\n  next: 2\n",
        );
        assert!(
            parse("a: 'x' y\n")
                .unwrap_err()
                .starts_with("line 1: text after a closing quote")
        );
        assert!(
            parse("a: 'x\n  y'z\n")
                .unwrap_err()
                .starts_with("line 2: text after a closing quote")
        );
    }

    #[test]
    fn what_it_does_not_read_is_refused_by_line() {
        for (text, line) in [
            ("a: &x 1\nb: *x\n", "line 1"),
            ("a: |x\n  text\n", "line 1"),
            ("a: |\n    one\n  two\n", "line 3"),
            ("a: [1,\n  2]\n", "line 1"),
            ("a: 1\n   b: 2\n", "line 2"),
            ("a: 1\na: 2\n", "line 2"),
            ("a: 1\n---\nb: 2\n", "line 2"),
            ("a: \"open\n", "line 1"),
            ("a: b: c\n", "line 1"),
            ("]a: 1\n", "line 1"),
            ("a: ,b\n", "line 1"),
            ("a: \u{1}\n", "line 1"),
        ] {
            let why = parse(text).unwrap_err();
            assert!(why.starts_with(line), "{text:?}: {why}");
        }
        let deep = format!(
            "{}x: 1\n",
            (0..100)
                .map(|k| format!("{}k{k}:\n", " ".repeat(k)))
                .collect::<String>()
        );
        assert!(parse(&deep).is_err());
    }
}

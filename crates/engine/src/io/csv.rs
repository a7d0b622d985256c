//! CSV as spreadsheets read it safely: RFC 4180 lines (CRLF, quotes doubled), UTF-8,
//! an optional byte-order mark so that Excel reads the UTF-8, and cells that can never
//! run as formulas.

/// The byte-order mark Excel needs to read a CSV file as UTF-8.
pub const BOM: &str = "\u{feff}";

/// One cell. Quoted when it holds a comma, a semicolon (the separator spreadsheets use in
/// many locales), a quote or a line break; a cell starting with =, +, -, @, a tab or a
/// carriage return gets a ' first, so spreadsheets do not run it as a formula (OWASP's
/// CSV-injection list).
pub fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// One line: the cells, comma-separated, ended by CRLF.
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    line_with(cells, ',')
}

/// One line with another separator (`;` for tools set to semicolon locales).
pub fn line_with<S: AsRef<str>>(cells: &[S], separator: char) -> String {
    let mut out = cells
        .iter()
        .map(|c| cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join(&separator.to_string());
    out.push_str("\r\n");
    out
}

/// A number as a cell: the shortest text that reads back to it, no separators.
pub fn number(x: f64) -> String {
    format!("{x}")
}

/// Reads CSV text (RFC 4180, a leading BOM ignored, CRLF or LF line ends, blank lines
/// skipped) into rows of cells; an unclosed quote is refused with its line number.
pub fn parse(text: &str) -> Result<Vec<Vec<String>>, String> {
    parse_with(text, ',')
}

/// [`parse`] with another separator.
pub fn parse_with(text: &str, separator: char) -> Result<Vec<Vec<String>>, String> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let (mut rows, mut row, mut cur, mut quoted, mut line) = (Vec::new(), Vec::new(), String::new(), false, 1);
    let mut chars = text.chars().peekable();
    let mut started = 0;
    // Whether nothing of the current field has been read: only there does a quote open
    // a quoted field; inside an unquoted one it is a character like any other.
    let mut field_start = true;
    while let Some(c) = chars.next() {
        let at_start = std::mem::replace(&mut field_start, false);
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if at_start => {
                quoted = true;
                started = line;
            }
            (c, false) if c == separator => {
                row.push(std::mem::take(&mut cur));
                field_start = true;
            }
            ('\r', false) if chars.peek() == Some(&'\n') => field_start = at_start,
            ('\n', false) => {
                field_start = true;
                row.push(std::mem::take(&mut cur));
                if !(row.len() == 1 && row[0].is_empty()) {
                    rows.push(std::mem::take(&mut row));
                }
                row.clear();
                line += 1;
            }
            (c, _) => {
                if c == '\n' {
                    line += 1;
                }
                cur.push(c);
            }
        }
    }
    if quoted {
        return Err(format!("line {started}: a quote is opened and never closed"));
    }
    if !cur.is_empty() || !row.is_empty() {
        row.push(cur);
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_line(text: &str) -> Vec<String> {
        parse(text).unwrap().remove(0)
    }

    #[test]
    fn parsing_reads_quotes_line_ends_and_refuses_an_open_quote() {
        let rows = parse("\u{feff}a,\"b,c\",\"say \"\"hi\"\"\"\r\n\r\nx,\"two\nlines\",z\n").unwrap();
        assert_eq!(rows, vec![vec!["a", "b,c", "say \"hi\""], vec!["x", "two\nlines", "z"]]);
        assert_eq!(parse("a,b").unwrap(), vec![vec!["a", "b"]]);
        assert_eq!(
            parse("ok\nx,\"open").unwrap_err(),
            "line 2: a quote is opened and never closed"
        );
    }

    /// A quote inside an unquoted field once opened quoting there, so `5" disk,x` ate
    /// the separator and the rest of the file up to the next quote.
    #[test]
    fn a_quote_inside_an_unquoted_field_is_a_character() {
        assert_eq!(
            parse("5\" disk,x\nHe said \"no\",y\n").unwrap(),
            vec![vec!["5\" disk", "x"], vec!["He said \"no\"", "y"]]
        );
        assert_eq!(
            parse("a,\"b\"\r\n\"c\",d").unwrap(),
            vec![vec!["a", "b"], vec!["c", "d"]]
        );
    }

    #[test]
    fn cells_quote_and_defuse_and_read_back() {
        let cells = [
            "plain",
            "a,b",
            "semi;colon",
            "say \"hi\"",
            "line\nbreak",
            "=SUM(A1)",
            "-3",
            "@x",
            "\tTab",
            "Zürich",
        ];
        let text = line(&cells);
        assert!(text.ends_with("\r\n"));
        let back = parse_line(&text);
        assert_eq!(back[..5], cells[..5]);
        assert_eq!(back[5], "'=SUM(A1)");
        assert_eq!(back[6], "'-3");
        assert_eq!(back[7], "'@x");
        assert_eq!(back[8], "'\tTab");
        assert_eq!(back[9], "Zürich");
        assert_eq!(number(1234.5), "1234.5");
    }
}

//! Amounts of money as people read them, for the command line and the browser alike.

/// 1234567.8 → "1,234,568".
pub fn whole(x: f64) -> String {
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 && digits != "0" {
        format!("-{out}")
    } else {
        out
    }
}

/// 1234 → "1.2k", 2 500 000 → "2.5M", 3 000 000 000 → "3B".
pub fn short(x: f64) -> String {
    let (value, suffix) = match x.abs() {
        a if a >= 1e9 => (x / 1e9, "B"),
        a if a >= 1e6 => (x / 1e6, "M"),
        a if a >= 1e3 => (x / 1e3, "k"),
        _ => (x, ""),
    };
    let rounded = (value * 10.0).round() / 10.0;
    let digits = if rounded.abs() >= 100.0 || rounded.fract() == 0.0 {
        0
    } else {
        1
    };
    format!("{value:.digits$}{suffix}")
}

/// An amount typed by a person: "1500", "1,500,000", "1 500 000", "2.5", "1e6". Commas
/// and spaces may only separate thousands (so "1,5" is refused, not read as 15); the
/// amount must be a finite number ≥ 0. The error says what to type instead.
pub fn parse_amount(text: &str) -> Result<f64, String> {
    let compact: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '_'))
        .collect();
    if compact.is_empty() {
        return Err("is empty: type an amount such as 25000".into());
    }
    let whole_part = compact.split(['.', 'e', 'E']).next().unwrap_or("");
    if whole_part.contains(',') {
        let groups: Vec<&str> = whole_part.split(',').collect();
        let grouped = !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..]
                .iter()
                .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        if !grouped {
            return Err(format!(
                "\"{}\" is not an amount: use a point for decimals (1.5), and commas only between thousands (1,500)",
                text.trim()
            ));
        }
    }
    let number: f64 = compact
        .replace(',', "")
        .parse()
        .map_err(|_| format!("\"{}\" is not an amount such as 25000 or 1,500,000", text.trim()))?;
    if !number.is_finite() || number < 0.0 || (number == 0.0 && number.is_sign_negative()) {
        return Err(format!("\"{}\" is not an amount: it must be a number ≥ 0", text.trim()));
    }
    Ok(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_amounts_are_read_or_refused_with_a_reason() {
        for (text, value) in [
            ("1500", 1500.0),
            ("1,500,000", 1.5e6),
            ("1 500 000", 1.5e6),
            (" 2.5 ", 2.5),
            ("1e6", 1e6),
            ("0", 0.0),
            ("12,345.67", 12_345.67),
            ("1\u{202f}000", 1000.0),
        ] {
            assert_eq!(parse_amount(text), Ok(value), "{text}");
        }
        for text in [
            "abc",
            "-5",
            "Infinity",
            "NaN",
            "0x10",
            "-0",
            "",
            "1,5",
            "1,50",
            ",500",
            "1e400",
            "12,34,567",
        ] {
            assert!(parse_amount(text).is_err(), "{text} is refused");
        }
        assert!(parse_amount("1,5").unwrap_err().contains("use a point for decimals"));
    }

    #[test]
    fn amounts_read_naturally() {
        assert_eq!(whole(1_234_567.8), "1,234,568");
        assert_eq!(whole(999.0), "999");
        assert_eq!(whole(-1_000.0), "-1,000");
        assert_eq!(whole(0.2), "0");
        assert_eq!(short(1_234.0), "1.2k");
        assert_eq!(short(2_500_000.0), "2.5M");
        assert_eq!(short(3e9), "3B");
        assert_eq!(short(500.0), "500");
        assert_eq!(short(250_000.0), "250k");
    }
}

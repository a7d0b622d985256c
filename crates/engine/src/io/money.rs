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

pub use crate::model::number::grouped;

/// 1234 → "1.2k", 2 500 000 → "2.5M", 3 000 000 000 → "3B": at most four significant
/// figures, one decimal below 100. The suffix is chosen after rounding, so 999 999 is
/// "1M", never "1000k".
pub fn short(x: f64) -> String {
    const SCALES: [(f64, &str); 4] = [(1.0, ""), (1e3, "k"), (1e6, "M"), (1e9, "B")];
    let mut k = SCALES.iter().rposition(|(scale, _)| x.abs() >= *scale).unwrap_or(0);
    loop {
        let (scale, suffix) = SCALES[k];
        let value = x / scale;
        let tenths = (value * 10.0).round();
        let digits = if value.abs() >= 99.95 || tenths % 10.0 == 0.0 {
            0
        } else {
            1
        };
        let text = format!("{value:.digits$}");
        let shown: f64 = text.parse().unwrap_or(value);
        if shown.abs() >= 1000.0 && k + 1 < SCALES.len() {
            k += 1;
            continue;
        }
        return if shown == 0.0 {
            "0".into()
        } else {
            format!("{text}{suffix}")
        };
    }
}

/// A number typed by a person, the one reading for every number field: "1500",
/// "1,500,000", "1 500 000", "250'000" (Swiss), "2.5", "-3", "1e6", "500k", "2.5M",
/// "1bn". Commas and spaces may only separate
/// thousands (so "1,5" is refused, not read as 15); the number must be finite. The
/// error says what to type instead, without naming the field (the caller does).
pub fn parse_number(text: &str) -> Result<f64, String> {
    parse_typed(text, "a number")
}

/// [`parse_number`], its messages speaking of `noun` ("a number", "an amount").
fn parse_typed(text: &str, noun: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    // "500k", "2.5M", "1 bn": as the app itself writes amounts. The number before the
    // suffix is read as any other, then scaled in decimal (so 1.1M is exactly 1100000).
    for (suffixes, exponent) in SCALES {
        let Some(number) = suffixes.iter().find_map(|s| trimmed.strip_suffix(s)) else {
            continue;
        };
        let number = number.trim_end();
        if number.is_empty()
            || number.ends_with(|c: char| !c.is_ascii_digit() && c != '.')
            || number.contains(['e', 'E'])
        {
            break;
        }
        let plain = parse_plain(number, noun)?;
        let scaled: f64 = format!("{plain:e}")
            .split_once('e')
            .and_then(|(m, e)| format!("{m}e{}", e.parse::<i32>().ok()? + exponent).parse().ok())
            .ok_or_else(|| format!("\"{trimmed}\" is not {noun}"))?;
        if !scaled.is_finite() {
            return Err(format!("\"{trimmed}\" is too large a number"));
        }
        return Ok(scaled);
    }
    parse_plain(text, noun)
}

/// The suffixes of thousands, millions and billions, and their powers of ten: k, M and B
/// as the app writes them, and the usual other spellings.
const SCALES: [(&[&str], i32); 3] = [
    (&["bn", "Bn", "BN", "B", "b"], 9),
    (&["mn", "Mn", "MN", "M", "m"], 6),
    (&["k", "K"], 3),
];

/// [`parse_typed`] without a suffix.
fn parse_plain(text: &str, noun: &str) -> Result<f64, String> {
    /// What may separate thousands: a comma, a space (also no-break and thin), an
    /// underscore, or an apostrophe (Swiss, typed or typographic).
    const SEPARATORS: [char; 7] = [',', ' ', '\u{a0}', '\u{202f}', '_', '\'', '\u{2019}'];
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(format!("is empty: type {noun} such as 25000"));
    }
    let unsigned = trimmed.strip_prefix(['-', '+']).unwrap_or(trimmed);
    let (whole_part, rest) = unsigned.split_at(unsigned.find(['.', 'e', 'E']).unwrap_or(unsigned.len()));
    // Separators only between thousands: "1,5" and "1'200'000'0" are refused, not read
    // as 15 and 12,000,000.
    let grouped = |part: &str| {
        let groups: Vec<&str> = part.split(SEPARATORS).collect();
        groups.len() == 1
            || (!groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..]
                    .iter()
                    .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit())))
    };
    if !grouped(whole_part) || rest.contains(SEPARATORS) {
        return Err(format!(
            "\"{trimmed}\" is not {noun}: use a point for decimals (1.5), and commas, spaces or apostrophes only between thousands (1,500 or 1'500)"
        ));
    }
    let compact: String = trimmed.chars().filter(|c| !SEPARATORS.contains(c)).collect();
    let unsigned = compact.strip_prefix(['-', '+']).unwrap_or(&compact);
    // Rust's parser also reads "inf", "NaN" and "infinity"; a form never means them.
    let plain = unsigned
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'e' | b'E' | b'-' | b'+'));
    let number: f64 = compact
        .parse()
        .ok()
        .filter(|_| plain)
        .ok_or_else(|| format!("\"{}\" is not {noun} such as 25000 or 1,500,000", text.trim()))?;
    if !number.is_finite() {
        return Err(format!("\"{}\" is too large a number", text.trim()));
    }
    Ok(number)
}

/// A list of numbers typed or pasted by a person (a spreadsheet column or row): items
/// separated by semicolons, tabs or new lines, each read by [`parse_number`] (so commas
/// and spaces may group thousands); empty items are skipped. The error names the item
/// by its position, from 1.
pub fn parse_numbers(text: &str) -> Result<Vec<f64>, String> {
    let items: Vec<&str> = text
        .split([';', '\t', '\n', '\r'])
        .filter(|t| !t.trim().is_empty())
        .collect();
    if items.is_empty() {
        return Err("is empty: type numbers separated by semicolons or one per line, such as 1200; 5400".into());
    }
    items
        .iter()
        .enumerate()
        .map(|(i, t)| parse_number(t).map_err(|why| format!("value {}: {why}", i + 1)))
        .collect()
}

/// A list of numbers as [`parse_numbers`] reads it back: "1,200; 5,400".
pub fn grouped_list(values: &[f64]) -> String {
    values.iter().map(|&v| grouped(v)).collect::<Vec<_>>().join("; ")
}

/// An amount typed by a person: a number as [`parse_number`] reads it that is ≥ 0. The
/// error says what to type instead.
pub fn parse_amount(text: &str) -> Result<f64, String> {
    let number = parse_typed(text, "an amount")?;
    if number < 0.0 || (number == 0.0 && number.is_sign_negative()) {
        return Err(format!("\"{}\" is not an amount: it must be a number ≥ 0", text.trim()));
    }
    Ok(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_list_reads_by_semicolons_tabs_and_lines() {
        assert_eq!(
            parse_numbers("1,200; 5 400;\n80000\t0.5\r\n;"),
            Ok(vec![1200.0, 5400.0, 80000.0, 0.5])
        );
        assert_eq!(
            parse_numbers("1; 2; 3,5"),
            Err("value 3: \"3,5\" is not a number: use a point for decimals (1.5), and commas, spaces or apostrophes only between thousands (1,500 or 1'500)".into())
        );
        assert!(parse_numbers(" ;\n ").unwrap_err().starts_with("is empty"));
        let values = [1234.5, 0.001, 2e20, -3.0];
        assert_eq!(parse_numbers(&grouped_list(&values)), Ok(values.to_vec()));
    }

    #[test]
    fn amounts_read_with_the_suffixes_the_app_writes() {
        for (typed, read) in [
            ("500k", 500_000.0),
            ("500 K", 500_000.0),
            ("2.5M", 2_500_000.0),
            ("1.1M", 1_100_000.0),
            ("5m", 5_000_000.0),
            ("1,500k", 1_500_000.0),
            ("3B", 3e9),
            ("1.25bn", 1.25e9),
            ("-2k", -2000.0),
            (" 0.5 mn ", 500_000.0),
        ] {
            assert_eq!(
                parse_amount(typed).or_else(|_| parse_number(typed)),
                Ok(read),
                "{typed}"
            );
        }
        // What short() writes reads back to about the same amount.
        for x in [1234.0, 999_999.0, 2_500_000.0, 3e9, 47_000.0] {
            let back = parse_amount(&short(x)).unwrap();
            assert!((back / x - 1.0).abs() < 0.05, "{x} → {} → {back}", short(x));
        }
        for refused in ["k", "1e3k", "2,5M", "5kk", "M5", "1.2.3k"] {
            assert!(parse_number(refused).is_err(), "{refused}");
        }
        assert!(parse_amount("-1k").is_err());
    }

    #[test]
    fn swiss_apostrophes_separate_thousands() {
        assert_eq!(parse_amount("250'000"), Ok(250_000.0));
        assert_eq!(parse_number("1\u{2019}500\u{2019}000.5"), Ok(1_500_000.5));
    }

    #[test]
    fn grouped_numbers_read_back_to_the_same_number() {
        assert_eq!(grouped(2_500_000.0), "2,500,000");
        assert_eq!(grouped(0.01), "0.01");
        assert_eq!(grouped(1234.5), "1,234.5");
        assert_eq!(grouped(-999.0), "-999");
        assert_eq!(grouped(100.0), "100");
        for x in [
            0.0,
            1.0,
            999.0,
            1000.0,
            123_456.789,
            1e15,
            0.333_333_333_333,
            55_609_533_713_099.46,
        ] {
            assert_eq!(parse_number(&grouped(x)), Ok(x), "{x}");
        }
    }

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
            "1'200'000'0",
            "1 5",
            "0,05",
            "1.000,5",
            "1.5e1,000",
            "1,,000",
        ] {
            assert!(parse_amount(text).is_err(), "{text} is refused");
        }
        assert!(parse_amount("1,5").unwrap_err().contains("use a point for decimals"));
        assert!(
            parse_amount("1'200'000'0")
                .unwrap_err()
                .contains("only between thousands")
        );
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
        assert_eq!(short(999_999.0), "1M");
        assert_eq!(short(999.96), "1k");
        assert_eq!(short(99.96), "100");
        assert_eq!(short(-0.04), "0");
    }

    /// Every boundary of `short`: below and above each power of ten and each rounding
    /// step, the number shown is under 1000 (but for billions), at least 1 when it has a
    /// suffix, and within half its last digit of the amount.
    #[test]
    fn short_amounts_round_at_every_boundary() {
        let mut amounts = vec![0.0, 0.04, 0.05, 0.96, 1e12];
        for power in 0..12 {
            let p = 10f64.powi(power);
            for edge in [
                p,
                0.9995 * p,
                0.99949 * p,
                0.99951 * p,
                0.9996 * p,
                0.99999 * p,
                1.00001 * p,
                0.0995 * p,
            ] {
                amounts.extend([edge, -edge]);
            }
        }
        for x in amounts {
            let text = short(x);
            let (number, suffix) = text.split_at(text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(text.len()));
            let shown: f64 = number.parse().unwrap_or_else(|_| panic!("{x} shows as {text}"));
            let scale = match suffix {
                "" => 1.0,
                "k" => 1e3,
                "M" => 1e6,
                "B" => 1e9,
                other => panic!("{x}: suffix {other}"),
            };
            assert!(shown.abs() < 1000.0 || suffix == "B", "{x} shows as {text}");
            assert!(suffix.is_empty() || shown.abs() >= 1.0, "{x} shows as {text}");
            let last_digit = if number.contains('.') { 0.1 } else { 1.0 };
            assert!(
                (shown * scale - x).abs() <= 0.5 * last_digit * scale * (1.0 + 1e-9),
                "{x} shows as {text}"
            );
        }
    }

    #[test]
    fn typed_numbers_may_be_negative_and_amounts_may_not() {
        assert_eq!(parse_number("-1,500.5"), Ok(-1500.5));
        assert_eq!(parse_number("+2"), Ok(2.0));
        assert_eq!(parse_number("0.25"), Ok(0.25));
        for text in ["inf", "-Infinity", "nan", "1e400", "1,5", "--1", "12a"] {
            assert!(parse_number(text).is_err(), "{text} is refused");
        }
        assert!(parse_amount("-1").unwrap_err().contains("≥ 0"));
        assert!(parse_amount("x").unwrap_err().contains("not an amount"));
    }
}

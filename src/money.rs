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
    if x < 0.0 && digits != "0" { format!("-{out}") } else { out }
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
    let digits = if rounded.abs() >= 100.0 || rounded.fract() == 0.0 { 0 } else { 1 };
    format!("{value:.digits$}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! Numbers as the model's messages show them: the same text a form shows and reads back.

/// A number exactly as stored, its whole part grouped by thousands: 2500000 →
/// "2,500,000", 0.01 → "0.01", 1234.5 → "1,234.5"; what `parse_number` reads back to
/// the same number (for an input field).
pub fn grouped(x: f64) -> String {
    let text = format!("{x}");
    if !x.is_finite() || text.contains('e') {
        return text;
    }
    let (sign, rest) = text.strip_prefix('-').map_or(("", text.as_str()), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

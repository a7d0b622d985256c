//! Text on a coloured background: the WCAG 2 contrast ratio, and the ink (black or
//! white) that reads best on a risk level's colour. The better of the two always has a
//! contrast of at least 4.58:1, above the 4.5:1 that WCAG asks of normal text.

/// The relative luminance (WCAG 2) of `#rrggbb`; `None` for anything else.
pub fn relative_luminance(colour: &str) -> Option<f64> {
    let hex = colour.strip_prefix('#').filter(|h| h.len() == 6 && h.is_ascii())?;
    let channel = |i: usize| -> Option<f64> {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).ok()?) / 255.0;
        Some(if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

/// The contrast ratio (1 to 21) between two luminances.
pub fn contrast_ratio(a: f64, b: f64) -> f64 {
    let (light, dark) = if a > b { (a, b) } else { (b, a) };
    (light + 0.05) / (dark + 0.05)
}

/// Black or white, whichever contrasts more with `colour` (`#rrggbb`); black for a
/// colour that cannot be read.
pub fn ink_for(colour: &str) -> &'static str {
    match relative_luminance(colour) {
        Some(l) if contrast_ratio(l, 1.0) > contrast_ratio(l, 0.0) => "#ffffff",
        _ => "#000000",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luminance_and_contrast_match_wcag_reference_values() {
        assert!((relative_luminance("#ffffff").unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(relative_luminance("#000000"), Some(0.0));
        // WCAG's own example: #777777 on white is about 4.48:1.
        let grey = relative_luminance("#777777").unwrap();
        assert!(
            (contrast_ratio(grey, 1.0) - 4.48).abs() < 0.01,
            "{}",
            contrast_ratio(grey, 1.0)
        );
        assert_eq!(relative_luminance("red"), None);
        assert_eq!(relative_luminance("#12345"), None);
    }

    /// Over every colour on a grid of the RGB cube, the ink chosen reads at 4.5:1 or more.
    #[test]
    fn the_chosen_ink_always_reads_at_4_5_to_1() {
        let mut worst = f64::INFINITY;
        for r in (0..=255).step_by(15) {
            for g in (0..=255).step_by(15) {
                for b in (0..=255).step_by(15) {
                    let colour = format!("#{r:02x}{g:02x}{b:02x}");
                    let l = relative_luminance(&colour).unwrap();
                    let ink = if ink_for(&colour) == "#ffffff" { 1.0 } else { 0.0 };
                    worst = worst.min(contrast_ratio(l, ink));
                }
            }
        }
        assert!(worst >= 4.5, "worst contrast {worst}");
    }

    #[test]
    fn every_preset_level_colour_has_readable_ink() {
        for size in 3..=5 {
            for style in crate::model::criteria::MatrixStyle::ALL {
                let criteria = crate::model::criteria::preset(size, style).unwrap();
                for level in &criteria.levels {
                    let l = relative_luminance(&level.colour).expect("a #rrggbb colour");
                    let ink = if ink_for(&level.colour) == "#ffffff" { 1.0 } else { 0.0 };
                    assert!(contrast_ratio(l, ink) >= 4.5, "{} {}", level.name, level.colour);
                }
            }
        }
    }
}

//! Charts drawn with plotters as SVG text: the browser renders the text, so the charts
//! stay sharp on a projector. Colours are the Okabe–Ito palette (safe for colour-blind
//! readers); lines are thick and labels large enough to read from the back of a room.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use residual_engine::io::money::short as money_short;
use residual_engine::quant::statistics::ExceedanceCurve;

/// Okabe–Ito: blue, orange, bluish green, vermillion, sky blue, reddish purple.
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(86, 180, 233),
    RGBColor(204, 121, 167),
];

const INK: RGBColor = RGBColor(34, 34, 34);
const FONT: &str = "sans-serif";

/// One curve of a loss exceedance chart.
pub struct Curve<'a> {
    pub label: String,
    pub curve: &'a ExceedanceCurve,
    pub colour: RGBColor,
}

type LossChart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<LogCoord<f64>, RangedCoordf64>>;

/// White background, annual loss on a log x-axis, and the y-axis described and formatted.
fn loss_axes<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    (x_low, x_high): (f64, f64),
    y_high: f64,
    currency: &str,
    y_desc: &str,
    y_format: &dyn Fn(&f64) -> String,
) -> Result<LossChart<'a, 'b>, String> {
    let text = |e: &dyn std::fmt::Display| e.to_string();
    root.fill(&WHITE).map_err(|e| text(&e))?;
    let mut chart = ChartBuilder::on(root)
        .margin(16)
        .margin_right(48)
        .x_label_area_size(56)
        .y_label_area_size(72)
        .build_cartesian_2d((x_low..x_high).log_scale(), 0f64..y_high)
        .map_err(|e| text(&e))?;
    chart
        .configure_mesh()
        .x_desc(format!("Annual loss ({currency}, log scale)"))
        .y_desc(y_desc)
        .x_label_formatter(&|x| money_short(*x))
        .y_label_formatter(y_format)
        .label_style((FONT, 20).into_font().color(&INK))
        .axis_desc_style((FONT, 20).into_font().color(&INK))
        .light_line_style(RGBColor(235, 235, 235))
        .bold_line_style(RGBColor(210, 210, 210))
        .draw()
        .map_err(|e| text(&e))?;
    Ok(chart)
}

/// Loss exceedance curves on a log x-axis, with a vertical line per threshold and the
/// risk appetite curve through `appetite`'s points (annual loss, most chance accepted of
/// losing more), which the curves should stay under.
pub fn loss_exceedance(
    curves: &[Curve],
    thresholds: &[(String, f64)],
    appetite: &[(f64, f64)],
    currency: &str,
    size: (u32, u32),
) -> String {
    let mut svg = String::new();
    let x_low = curves
        .iter()
        .filter_map(|c| c.curve.x.first().copied())
        .fold(f64::INFINITY, f64::min);
    let x_high = curves
        .iter()
        .filter_map(|c| c.curve.x.last().copied())
        .fold(0.0, f64::max);
    let y_high = curves
        .iter()
        .filter_map(|c| c.curve.p.first().copied())
        .fold(0.0, f64::max)
        .clamp(0.01, 1.0)
        * 1.05;
    if !(x_low.is_finite() && x_high > x_low) {
        return svg;
    }
    let drawn = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let mut chart = loss_axes(
            &root,
            (x_low, x_high),
            y_high,
            currency,
            "Chance of losing more",
            &|y| format!("{:.0}%", y * 100.0),
        )?;
        for (i, (name, value)) in thresholds.iter().enumerate() {
            if *value <= x_low || *value >= x_high {
                continue;
            }
            let colour = if i == 0 { PALETTE[1] } else { PALETTE[3] };
            let style = ShapeStyle {
                color: colour.to_rgba(),
                filled: false,
                stroke_width: 3,
            };
            chart.draw_series(DashedLineSeries::new(
                vec![(*value, 0.0), (*value, y_high)],
                10,
                6,
                style,
            ))?;
            chart.draw_series(std::iter::once(Text::new(
                format!("{name} {}", money_short(*value)),
                (*value * 1.04, y_high * (0.94 - 0.07 * i as f64)),
                (FONT, 20).into_font().color(&colour),
            )))?;
        }
        let inside: Vec<(f64, f64)> = appetite
            .iter()
            .copied()
            .filter(|(x, p)| *x > x_low && *x < x_high && *p <= y_high)
            .collect();
        if !inside.is_empty() {
            let style = ShapeStyle {
                color: INK.to_rgba(),
                filled: false,
                stroke_width: 3,
            };
            chart
                .draw_series(DashedLineSeries::new(inside.clone(), 4, 4, style))?
                .label("Appetite curve")
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], style));
            chart.draw_series(inside.iter().map(|&point| TriangleMarker::new(point, 9, INK.filled())))?;
        }
        for c in curves {
            let points: Vec<(f64, f64)> = c.curve.x.iter().copied().zip(c.curve.p.iter().copied()).collect();
            let style = ShapeStyle {
                color: c.colour.to_rgba(),
                filled: false,
                stroke_width: 4,
            };
            let colour = c.colour;
            chart
                .draw_series(LineSeries::new(points, style))?
                .label(c.label.clone())
                .legend(move |(x, y)| {
                    PathElement::new(
                        vec![(x, y), (x + 24, y)],
                        ShapeStyle {
                            color: colour.to_rgba(),
                            filled: false,
                            stroke_width: 4,
                        },
                    )
                });
        }
        if curves.len() > 1 || !inside.is_empty() {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::LowerLeft)
                .label_font((FONT, 20).into_font().color(&INK))
                .background_style(WHITE.mix(0.9))
                .border_style(RGBColor(200, 200, 200))
                .draw()?;
        }
        root.present()?;
        Ok(())
    })();
    if drawn.is_err() {
        return String::new();
    }
    svg
}

/// The distribution of the non-zero annual losses: bars between the curve's log-spaced
/// points, as a share of all trials.
pub fn histogram(curve: &ExceedanceCurve, trials: u32, currency: &str, size: (u32, u32)) -> String {
    let mut svg = String::new();
    let (Some(&x_low), Some(&x_high)) = (curve.x.first(), curve.x.last()) else {
        return svg;
    };
    let share: Vec<f64> = curve.counts.iter().map(|&c| c as f64 / trials.max(1) as f64).collect();
    let y_high = share.iter().copied().fold(0.0, f64::max).max(1e-6) * 1.1;
    let drawn = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let mut chart = loss_axes(
            &root,
            (x_low, x_high),
            y_high,
            currency,
            "Share of simulated years",
            &|y| format!("{:.1}%", y * 100.0),
        )?;
        let fill = PALETTE[0].mix(0.8).filled();
        chart.draw_series(
            curve
                .x
                .windows(2)
                .zip(&share)
                .map(|(edge, &s)| Rectangle::new([(edge[0], 0.0), (edge[1], s)], fill)),
        )?;
        root.present()?;
        Ok(())
    })();
    if drawn.is_err() {
        return String::new();
    }
    svg
}

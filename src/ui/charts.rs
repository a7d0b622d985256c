//! Charts drawn with plotters as SVG text: the browser renders the text, so the charts
//! stay sharp on a projector. Colours are the Okabe–Ito palette (safe for colour-blind
//! readers); lines are thick and labels large enough to read from the back of a room.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use residual_engine::io::money::short as money_short;
use residual_engine::quant::statistics::{ExceedanceCurve, Summary};

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

/// One curve of a loss exceedance chart, with the median, P90 and P99 it marks.
pub struct Curve<'a> {
    pub label: String,
    pub curve: &'a ExceedanceCurve,
    pub colour: RGBColor,
    /// The percentiles as the figures state them (the simulation's own order
    /// statistics, so that chart and figures agree to the digit).
    pub marks: [f64; 3],
}

impl<'a> Curve<'a> {
    /// The curve of a simulated annual loss, marked at its own percentiles.
    pub fn of(label: impl Into<String>, summary: &'a Summary, colour: RGBColor) -> Curve<'a> {
        Curve {
            label: label.into(),
            curve: &summary.lec,
            colour,
            marks: [summary.p50, summary.p90, summary.p99],
        }
    }
}

type LossChart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Text sizes as plotters takes them (it writes 0.8 of this as the SVG font size).
/// Charts are drawn 1200 wide and shown at least about 900 px wide (see `.charts` in the
/// style sheet), so labels are at least 24 × 0.8 × 0.75 ≈ 14 px on screen.
pub const LABEL: u32 = 24;
const TITLE: u32 = 26;
/// The size every chart is drawn at (the browser scales it to its box).
pub const SIZE: (u32, u32) = (1200, 640);
/// The size of a chart shown in a side column 28rem wide (about 438 px inside its
/// frame): labels are still 24 × 0.8 × 438 / 580 ≈ 14.5 px there.
pub const SIDE: (u32, u32) = (580, 480);

/// Gives every text of an SVG a white halo (a stroke painted under its fill), as maps
/// do: a line or an arrowhead that crosses a name is cut where the name is, and the
/// name stays legible.
pub fn with_halos(svg: String) -> String {
    svg.replace(
        "<text ",
        "<text stroke=\"#fff\" stroke-width=\"5\" stroke-linejoin=\"round\" paint-order=\"stroke\" ",
    )
}

/// How the loss axis is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LossScale {
    /// Decades equally spaced: tails and small losses both visible.
    #[default]
    Log,
    /// Losses as they add up.
    Linear,
}

impl LossScale {
    /// The axis position of a loss.
    pub fn to_axis(self, loss: f64) -> f64 {
        match self {
            LossScale::Log => loss.max(1e-9).log10(),
            LossScale::Linear => loss,
        }
    }

    /// The loss at an axis position.
    pub fn to_loss(self, at: f64) -> f64 {
        match self {
            LossScale::Log => 10f64.powf(at),
            LossScale::Linear => at,
        }
    }
}

/// Where a chart's plot lies in its SVG and what it spans, so that a pointer position
/// can be read back as a loss.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotArea {
    /// The SVG's width and height.
    pub size: (f64, f64),
    /// The plot's left, right, top and bottom edges, in SVG units.
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    /// The axis positions at the left and right edges.
    pub axis: (f64, f64),
    pub scale: LossScale,
}

impl PlotArea {
    /// The loss at a fraction (0 at the left edge, 1 at the right) of the plot's width.
    pub fn loss_at(&self, fraction: f64) -> f64 {
        self.scale
            .to_loss(self.axis.0 + fraction.clamp(0.0, 1.0) * (self.axis.1 - self.axis.0))
    }
}

/// White background, annual loss on the x-axis (log or linear), and the y-axis
/// described and formatted.
fn loss_axes<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    (x_low, x_high): (f64, f64),
    y_high: f64,
    (currency, scale): (&str, LossScale),
    y_desc: &str,
    y_format: &dyn Fn(&f64) -> String,
) -> Result<LossChart<'a, 'b>, String> {
    let text = |e: &dyn std::fmt::Display| e.to_string();
    let mut chart = ChartBuilder::on(root)
        .margin(16)
        .margin_right(56)
        .x_label_area_size(72)
        .y_label_area_size(96)
        .build_cartesian_2d(scale.to_axis(x_low)..scale.to_axis(x_high), 0f64..y_high)
        .map_err(|e| text(&e))?;
    let axis_name = match scale {
        LossScale::Log => format!("Annual loss ({currency}, log scale)"),
        LossScale::Linear => format!("Annual loss ({currency})"),
    };
    chart
        .configure_mesh()
        .x_desc(axis_name)
        .y_desc(y_desc)
        .x_labels(8)
        .x_label_formatter(&|u| money_short(scale.to_loss(*u)))
        .y_label_formatter(y_format)
        .label_style((FONT, LABEL).into_font().color(&INK))
        .axis_desc_style((FONT, TITLE).into_font().color(&INK))
        .light_line_style(RGBColor(235, 235, 235))
        .bold_line_style(RGBColor(210, 210, 210))
        // One light line between labelled ones: the default of up to ten each way made the
        // SVG hundreds of lines longer, and the browser's parse of it a long task.
        .max_light_lines(1)
        .draw()
        .map_err(|e| text(&e))?;
    Ok(chart)
}

/// A curve's chance of losing more than `loss` (interpolated; 0 beyond its last point).
pub fn chance_above(curve: &ExceedanceCurve, loss: f64) -> f64 {
    match curve.x.iter().position(|&x| x >= loss) {
        None => 0.0,
        Some(0) => curve.p.first().copied().unwrap_or(0.0),
        Some(g) => {
            let (x0, x1, p0, p1) = (curve.x[g - 1], curve.x[g], curve.p[g - 1], curve.p[g]);
            let t = if x1 > x0 { (loss - x0) / (x1 - x0) } else { 0.0 };
            p0 + t * (p1 - p0)
        }
    }
}

/// The percentiles marked on every curve.
const MARKS: [(&str, f64); 3] = [("median", 0.5), ("P90", 0.1), ("P99", 0.01)];

/// Loss exceedance curves, with a vertical line per threshold and the risk appetite
/// curve through `appetite`'s points (annual loss, most chance accepted of losing
/// more), which the curves should stay under. The median, P90 and P99 are marked and
/// labelled on each curve; the legend sits in a band above the plot, never on it.
/// Returns the SVG and where its plot lies (empty and `None` when nothing can be drawn).
pub fn loss_exceedance(
    curves: &[Curve],
    thresholds: &[(String, f64)],
    appetite: &[(f64, f64)],
    currency: &str,
    scale: LossScale,
    size: (u32, u32),
) -> (String, Option<PlotArea>) {
    let mut svg = String::new();
    // A curve with no year of loss (a risk that never happened in the simulation) is
    // drawn at zero; it does not stretch the axis down to its grid's first point.
    let with_loss = || curves.iter().filter(|c| c.curve.p.first().is_some_and(|p| *p > 0.0));
    let x_low = match scale {
        LossScale::Log => with_loss()
            .filter_map(|c| c.curve.x.first().copied())
            .fold(f64::INFINITY, f64::min),
        LossScale::Linear => 0.0,
    };
    // On a linear axis the far tail would squeeze everything to the left: it ends at
    // the largest P99.9 of the curves.
    let x_high = with_loss()
        .filter_map(|c| match scale {
            LossScale::Log => c.curve.x.last().copied(),
            LossScale::Linear => c.curve.loss_at_chance(0.001).or(c.curve.x.last().copied()),
        })
        .fold(0.0, f64::max);
    let y_high = curves
        .iter()
        .filter_map(|c| c.curve.p.first().copied())
        .fold(0.0, f64::max)
        .clamp(0.01, 1.0)
        * 1.05;
    if !(x_low.is_finite() && x_high > x_low) {
        return (svg, None);
    }
    // Every threshold and appetite point is drawn, with room on each side: one at the
    // edge of the losses (an appetite of 100k where the curves start at 100k) is the one
    // the verdict may be about.
    let marks = || {
        thresholds
            .iter()
            .map(|(_, v)| *v)
            .chain(appetite.iter().map(|(x, _)| *x))
            .filter(|v| *v > 0.0)
    };
    let (x_low, x_high) = match scale {
        LossScale::Log => (
            marks().fold(x_low, |low, v| low.min(v / 2.0)),
            marks().fold(x_high, |high, v| high.max(v * 2.0)),
        ),
        LossScale::Linear => (x_low, marks().fold(x_high, |high, v| high.max(v * 1.1))),
    };
    let mut area = None;
    let drawn = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE)?;
        let (legend, plot) = root.split_vertically(48);
        let mut chart = loss_axes(
            &plot,
            (x_low, x_high),
            y_high,
            (currency, scale),
            "Chance of losing more in a year",
            &|y| format!("{:.0}%", y * 100.0),
        )?;
        let u = |loss: f64| scale.to_axis(loss);
        let (u_low, u_high) = (u(x_low), u(x_high));
        for (i, (name, value)) in thresholds.iter().enumerate() {
            if *value <= x_low || *value >= x_high {
                continue;
            }
            // Colours no state's curve uses (the states are vermillion, amber and blue).
            let colour = if i == 0 { PALETTE[5] } else { RGBColor(110, 110, 110) };
            let style = ShapeStyle {
                color: colour.to_rgba(),
                filled: false,
                stroke_width: 3,
            };
            chart.draw_series(DashedLineSeries::new(
                vec![(u(*value), 0.0), (u(*value), y_high)],
                10,
                6,
                style,
            ))?;
            chart.draw_series(std::iter::once(Text::new(
                format!("{name} {}", money_short(*value)),
                (u(*value) + (u_high - u_low) * 0.008, y_high * (0.97 - 0.07 * i as f64)),
                (FONT, LABEL).into_font().color(&colour),
            )))?;
        }
        let inside: Vec<(f64, f64)> = appetite
            .iter()
            .copied()
            .filter(|(x, p)| *x > x_low && *x < x_high && *p <= y_high)
            .map(|(x, p)| (u(x), p))
            .collect();
        let appetite_style = ShapeStyle {
            color: INK.to_rgba(),
            filled: false,
            stroke_width: 3,
        };
        if !inside.is_empty() {
            chart.draw_series(DashedLineSeries::new(inside.clone(), 4, 4, appetite_style))?;
            chart.draw_series(inside.iter().map(|&point| TriangleMarker::new(point, 9, INK.filled())))?;
        }
        for (k, c) in curves.iter().enumerate() {
            let points: Vec<(f64, f64)> = c
                .curve
                .x
                .iter()
                .zip(&c.curve.p)
                .filter(|(x, _)| **x <= x_high)
                .map(|(&x, &p)| (u(x), p))
                .collect();
            // Earlier curves are drawn wider, so that one equal to a later one (an
            // inherent risk no control yet changes) shows as a rim around it.
            let style = ShapeStyle {
                color: c.colour.to_rgba(),
                filled: false,
                stroke_width: 3 + 2 * (curves.len() - 1 - k) as u32,
            };
            chart.draw_series(LineSeries::new(points, style))?;
            // Marks on every curve of two; of more, on the last only (the residual
            // state), so that labels do not pile up.
            if curves.len() > 2 && k + 1 < curves.len() {
                continue;
            }
            for ((name, q), loss) in MARKS.into_iter().zip(c.marks) {
                // A percentile of no loss (most years without one) has no point on the curve.
                if !(loss > 0.0 && loss >= x_low && loss <= x_high) {
                    continue;
                }
                let at = (u(loss), q);
                chart.draw_series(std::iter::once(Circle::new(at, 7, c.colour.filled())))?;
                // The median and P90 are labelled to the right of their points (above the
                // falling curve), the second curve's a line lower; P99, near the axis and
                // close below P90, to the left of its point and just above it, so the two never meet.
                let font = (FONT, LABEL).into_font().color(&c.colour);
                let (label_at, font) = if q < 0.05 {
                    (
                        (
                            at.0 - (u_high - u_low) * 0.012,
                            q + y_high * (0.01 + 0.06 * (k % 2) as f64),
                        ),
                        font.pos(Pos::new(HPos::Right, VPos::Bottom)),
                    )
                } else {
                    (
                        (
                            at.0 + (u_high - u_low) * 0.012,
                            q + y_high * (0.035 - 0.06 * (k % 2) as f64),
                        ),
                        font,
                    )
                };
                chart.draw_series(std::iter::once(Text::new(
                    format!("{name} {}", money_short(loss)),
                    label_at,
                    font,
                )))?;
            }
        }
        // The legend: a line sample and a name per curve, then the appetite curve.
        let mut x = if size.0 < SIZE.0 { 16 } else { 120 };
        let mut entry = |name: &str, colour: RGBColor, dashed: bool| -> Result<(), Box<dyn std::error::Error + '_>> {
            let style = ShapeStyle {
                color: colour.to_rgba(),
                filled: false,
                stroke_width: 4,
            };
            if dashed {
                legend.draw(&PathElement::new(vec![(x, 24), (x + 10, 24)], style))?;
                legend.draw(&PathElement::new(vec![(x + 18, 24), (x + 28, 24)], style))?;
            } else {
                legend.draw(&PathElement::new(vec![(x, 24), (x + 28, 24)], style))?;
            }
            legend.draw(&Text::new(
                name.to_string(),
                (x + 36, 12),
                (FONT, LABEL).into_font().color(&INK),
            ))?;
            x += 36 + (name.chars().count() as i32) * 12 + 36;
            Ok(())
        };
        for c in curves {
            entry(&c.label, c.colour, false)?;
        }
        if !inside.is_empty() {
            entry("Appetite curve (stay below)", INK, true)?;
        }
        let (px, py) = chart.plotting_area().get_pixel_range();
        area = Some(PlotArea {
            size: (f64::from(size.0), f64::from(size.1)),
            left: f64::from(px.start),
            right: f64::from(px.end),
            top: f64::from(py.start) + 48.0,
            bottom: f64::from(py.end) + 48.0,
            axis: (u_low, u_high),
            scale,
        });
        root.present()?;
        Ok(())
    })();
    if drawn.is_err() {
        return (String::new(), None);
    }
    (with_halos(svg), area)
}

/// The distribution of the non-zero annual losses: bars between the curve's log-spaced
/// points, as a share of all trials.
pub fn histogram(curve: &ExceedanceCurve, trials: u32, currency: &str) -> String {
    let mut svg = String::new();
    let (Some(&x_low), Some(&x_high)) = (curve.x.first(), curve.x.last()) else {
        return svg;
    };
    let share: Vec<f64> = curve.counts.iter().map(|&c| c as f64 / trials.max(1) as f64).collect();
    let y_high = share.iter().copied().fold(0.0, f64::max).max(1e-6) * 1.1;
    let drawn =
        (|| -> Result<(), Box<dyn std::error::Error + '_>> {
            let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
            root.fill(&WHITE)?;
            let scale = LossScale::Log;
            let mut chart = loss_axes(
                &root,
                (x_low, x_high),
                y_high,
                (currency, scale),
                "Share of simulated years",
                &|y| format!("{:.1}%", y * 100.0),
            )?;
            let fill = PALETTE[0].mix(0.8).filled();
            chart.draw_series(curve.x.windows(2).zip(&share).map(|(edge, &s)| {
                Rectangle::new([(scale.to_axis(edge[0]), 0.0), (scale.to_axis(edge[1]), s)], fill)
            }))?;
            root.present()?;
            Ok(())
        })();
    if drawn.is_err() {
        return String::new();
    }
    svg
}

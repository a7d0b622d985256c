//! The treatment view's charts, drawn with plotters as SVG text like `charts`: the heat
//! map with inherent → residual arrows, per-risk bars before and after, and the ROSI of
//! each control and of the plan.

use plotters::prelude::*;

use super::charts::{LABEL, PALETTE, with_halos};
use residual_engine::io::money::short as money_short;
use residual_engine::model::criteria::RiskCriteria;
use residual_engine::treat::cost_benefit::Rosi;

const INK: RGBColor = RGBColor(34, 34, 34);
const FONT: &str = "sans-serif";
/// Inherent, current, residual.
pub const STATE_COLOURS: [RGBColor; 3] = [PALETTE[3], PALETTE[1], PALETTE[0]];

fn hex(colour: &str) -> RGBColor {
    let c = colour.trim_start_matches('#');
    let byte = |i: usize| u8::from_str_radix(c.get(i..i + 2).unwrap_or("cc"), 16).unwrap_or(204);
    RGBColor(byte(0), byte(2), byte(4))
}

/// One risk on the heat map: where it starts and where the treatment takes it (`None`:
/// avoided).
#[derive(Clone, PartialEq)]
pub struct Move {
    pub id: String,
    pub from: Cell,
    pub to: Option<Cell>,
}

/// A cell of the heat map: (likelihood, impact), 1-based.
type Cell = (u8, u8);

/// A point on a chart, in data coordinates.
type Point = (f64, f64);

fn draw(
    size: (u32, u32),
    body: impl FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> Result<(), Box<dyn std::error::Error>>,
) -> String {
    let mut svg = String::new();
    let ok = {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let done = root
            .fill(&WHITE)
            .map_err(|e| e.to_string().into())
            .and_then(|_| body(&root));
        done.is_ok() && root.present().is_ok()
    };
    if ok { svg } else { String::new() }
}

/// Likelihood (up) × impact (across), each cell in its level's colour, each risk a dot
/// at its inherent score with an arrow to its residual score.
pub fn heat_map_arrows(criteria: &RiskCriteria, moves: &[Move], size: (u32, u32)) -> String {
    // Past a few dozen risks, names would cover the map (and thousands of arrows freeze
    // the page): risks that make the same move are drawn as one arrow, labelled with
    // their number.
    let grouped;
    let moves = if moves.len() > NAMED_MOVES {
        grouped = group_moves(moves);
        &grouped[..]
    } else {
        moves
    };
    let (nl, ni) = (criteria.likelihood.len() as f64, criteria.impact.len() as f64);
    let svg = draw(size, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(16)
            .x_label_area_size(80)
            .y_label_area_size(150)
            .build_cartesian_2d(0f64..ni, 0f64..nl)?;
        let ilabels: Vec<String> = criteria.impact.iter().map(|s| s.label.clone()).collect();
        let llabels: Vec<String> = criteria.likelihood.iter().map(|s| s.label.clone()).collect();
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(ni as usize * 2 + 1)
            .y_labels(nl as usize * 2 + 1)
            .x_label_formatter(&|x| {
                if (x.fract() - 0.5).abs() < 1e-6 {
                    ilabels.get(*x as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y| {
                if (y.fract() - 0.5).abs() < 1e-6 {
                    llabels.get(*y as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .x_desc("Impact")
            .y_desc("Likelihood")
            .label_style((FONT, LABEL).into_font().color(&INK))
            .axis_desc_style((FONT, 26).into_font().color(&INK))
            .draw()?;
        for l in 0..nl as usize {
            for i in 0..ni as usize {
                let level = criteria.level(l as u8 + 1, i as u8 + 1);
                let colour = level.map_or(RGBColor(230, 230, 230), |lv| hex(&lv.colour));
                let (x, y) = (i as f64, l as f64);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x + 0.02, y + 0.02), (x + 0.98, y + 0.98)],
                    colour.mix(0.45).filled(),
                )))?;
            }
        }
        // Several risks in one cell sit side by side: where risks start along the top of
        // the cell, where they end along the bottom.
        let slot = |cell: (u8, u8), id: &str, at_end: bool| -> (f64, f64) {
            let same: Vec<&Move> = moves
                .iter()
                .filter(|m| {
                    if at_end {
                        m.to == Some(cell) && m.to != Some(m.from)
                    } else {
                        m.from == cell
                    }
                })
                .collect();
            let k = same.iter().position(|m| m.id == id).unwrap_or(0);
            // Two to a row, far enough apart that two names never touch.
            let (col, row) = (k % 2, k / 2);
            let y = if at_end {
                0.42 - 0.26 * (row % 2) as f64
            } else {
                0.82 - 0.22 * (row % 2) as f64
            };
            // Ends sit right of starts, so that an arrow passing down a column misses
            // the dots that start in the cells it crosses.
            let x = if at_end { 0.24 } else { 0.1 } + 0.46 * col as f64;
            (cell.1 as f64 - 1.0 + x, cell.0 as f64 - 1.0 + y)
        };
        // Arrows first, then the dots over them, then the names over everything.
        let ends: Vec<(Point, Option<Point>)> = moves
            .iter()
            .map(|m| {
                (
                    slot(m.from, &m.id, false),
                    m.to.filter(|to| *to != m.from).map(|to| slot(to, &m.id, true)),
                )
            })
            .collect();
        for &(start, end) in &ends {
            let Some(end) = end else { continue };
            let style = ShapeStyle {
                color: INK.to_rgba(),
                filled: false,
                stroke_width: 3,
            };
            chart.draw_series(std::iter::once(PathElement::new(vec![start, end], style)))?;
            // Arrowhead: a small triangle at the end, pointing along the move.
            let (dx, dy) = (end.0 - start.0, end.1 - start.1);
            let len = (dx * dx + dy * dy).sqrt().max(1e-9);
            let (ux, uy) = (dx / len * 0.14, dy / len * 0.14 * (ni / nl));
            let back = (end.0 - ux, end.1 - uy);
            let head = vec![
                end,
                (back.0 - uy * 0.5, back.1 + ux * 0.5),
                (back.0 + uy * 0.5, back.1 - ux * 0.5),
            ];
            chart.draw_series(std::iter::once(Polygon::new(head, INK.filled())))?;
        }
        for (m, &(start, end)) in moves.iter().zip(&ends) {
            if let Some(end) = end {
                chart.draw_series(std::iter::once(Circle::new(end, 9, STATE_COLOURS[2].filled())))?;
                chart.draw_series(std::iter::once(Text::new(
                    m.id.clone(),
                    // Below its dot: arrows come in from above (a treatment lowers a risk).
                    (end.0 - 0.09, end.1 - 0.055),
                    (FONT, LABEL).into_font().color(&STATE_COLOURS[2]),
                )))?;
            }
            if m.to.is_none() {
                chart.draw_series(std::iter::once(Text::new(
                    "✕ avoided",
                    (start.0 - 0.1, start.1 - 0.12),
                    (FONT, LABEL).into_font().color(&INK),
                )))?;
            }
            chart.draw_series(std::iter::once(Circle::new(start, 9, STATE_COLOURS[0].filled())))?;
            // Names beside their dots, never above or below, where the next row sits.
            chart.draw_series(std::iter::once(Text::new(
                m.id.clone(),
                (start.0 + 0.045, start.1 + 0.08),
                (FONT, LABEL).into_font().color(&INK),
            )))?;
        }
        Ok(())
    });
    // Names are drawn last, each with a halo: an arrow that crosses one is cut there.
    with_halos(svg)
}

/// Per risk, the mean (bar) and P90 (whisker end) of the annual loss before and after.
pub struct Bars {
    pub id: String,
    pub before: (f64, f64),
    pub after: (f64, f64),
}

pub fn risk_bars(rows: &[Bars], labels: (&str, &str), currency: &str, size: (u32, u32)) -> String {
    let high = rows
        .iter()
        .map(|r| r.before.1.max(r.after.1).max(r.before.0).max(r.after.0))
        .fold(1.0, f64::max)
        * 1.08;
    let n = rows.len().max(1) as f64;
    draw(size, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(16)
            .margin_right(40)
            .x_label_area_size(72)
            .y_label_area_size(150)
            .build_cartesian_2d(0f64..high, 0f64..n)?;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(rows.len() * 2 + 1)
            .y_label_formatter(&|y| {
                if (y.fract() - 0.5).abs() < 1e-6 {
                    ids.get(rows.len() - 1 - *y as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&|x| money_short(*x))
            .x_desc(format!("Annual loss ({currency}): bar = mean, whisker to P90"))
            .label_style((FONT, LABEL).into_font().color(&INK))
            .axis_desc_style((FONT, 26).into_font().color(&INK))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()?;
        for (k, r) in rows.iter().enumerate() {
            let y = n - 1.0 - k as f64;
            for (j, (mean, p90)) in [r.before, r.after].into_iter().enumerate() {
                let (y0, y1) = if j == 0 {
                    (y + 0.52, y + 0.9)
                } else {
                    (y + 0.1, y + 0.48)
                };
                let colour = if j == 0 { STATE_COLOURS[0] } else { STATE_COLOURS[2] };
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y0), (mean, y1)],
                    colour.filled(),
                )))?;
                let mid = (y0 + y1) / 2.0;
                let style = ShapeStyle {
                    color: colour.to_rgba(),
                    filled: false,
                    stroke_width: 3,
                };
                chart.draw_series(std::iter::once(PathElement::new(vec![(mean, mid), (p90, mid)], style)))?;
                chart.draw_series(std::iter::once(PathElement::new(vec![(p90, y0), (p90, y1)], style)))?;
            }
        }
        for (j, label) in [labels.0, labels.1].into_iter().enumerate() {
            let colour = STATE_COLOURS[if j == 0 { 0 } else { 2 }];
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, 0.0), (0.0, 0.0)],
                    colour.filled(),
                )))?
                .label(label.to_string())
                .legend(move |(x, y)| Rectangle::new([(x, y - 8), (x + 22, y + 8)], colour.filled()));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .label_font((FONT, 26).into_font().color(&INK))
            .background_style(WHITE.mix(0.9))
            .border_style(RGBColor(200, 200, 200))
            .draw()?;
        Ok(())
    })
}

/// Each control's (and the plan's) ROSI over the simulated years: the 5th–95th
/// percentile range, the median (dot) and the mean ROSI (diamond), with P(ROSI > 0).
/// The axis is clipped at `limit` (as a multiple); a clipped range ends in an arrow.
pub fn rosi_chart(rows: &[Rosi], size: (u32, u32)) -> String {
    let rows: Vec<&Rosi> = rows.iter().filter(|r| r.rosi.is_some()).collect();
    let n = rows.len().max(1) as f64;
    let limit = rows.iter().filter_map(|r| r.rosi).fold(1.0, f64::max).min(30.0) * 1.25;
    draw(size, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(16)
            .margin_right(330)
            .x_label_area_size(72)
            .y_label_area_size(150)
            .build_cartesian_2d(-1.1f64..limit, 0f64..n)?;
        let ids: Vec<String> = rows
            .iter()
            .map(|r| {
                if r.subject == "plan" {
                    "Whole plan".to_string()
                } else {
                    r.subject.clone()
                }
            })
            .collect();
        let count = rows.len();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(count * 2 + 1)
            .y_label_formatter(&|y| {
                if (y.fract() - 0.5).abs() < 1e-6 {
                    ids.get(count - 1 - *y as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&|x| format!("{:.0}%", x * 100.0))
            .x_desc("Return on security investment a year (ROSI)")
            .label_style((FONT, LABEL).into_font().color(&INK))
            .axis_desc_style((FONT, 26).into_font().color(&INK))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()?;
        let zero = ShapeStyle {
            color: INK.to_rgba(),
            filled: false,
            stroke_width: 2,
        };
        chart.draw_series(std::iter::once(PathElement::new(vec![(0.0, 0.0), (0.0, n)], zero)))?;
        for (k, r) in rows.iter().enumerate() {
            let y = n - 0.5 - k as f64;
            let colour = if r.subject == "plan" { PALETTE[5] } else { PALETTE[0] };
            let (lo, hi) = (r.rosi_p5.unwrap_or(-1.0).max(-1.1), r.rosi_p95.unwrap_or(0.0));
            let style = ShapeStyle {
                color: colour.to_rgba(),
                filled: false,
                stroke_width: 5,
            };
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(lo, y), (hi.min(limit), y)],
                style,
            )))?;
            if hi > limit {
                chart.draw_series(std::iter::once(Polygon::new(
                    vec![
                        (limit, y),
                        (limit - limit * 0.025, y + 0.18),
                        (limit - limit * 0.025, y - 0.18),
                    ],
                    colour.filled(),
                )))?;
            }
            if let Some(median) = r.rosi_p50 {
                chart.draw_series(std::iter::once(Circle::new((median.min(limit), y), 8, WHITE.filled())))?;
                chart.draw_series(std::iter::once(Circle::new(
                    (median.min(limit), y),
                    8,
                    ShapeStyle {
                        color: colour.to_rgba(),
                        filled: false,
                        stroke_width: 3,
                    },
                )))?;
            }
            let mean = r.rosi.unwrap_or(0.0).min(limit);
            let d = 0.22;
            let w = limit * 0.012;
            chart.draw_series(std::iter::once(Polygon::new(
                vec![(mean - w, y), (mean, y + d), (mean + w, y), (mean, y - d)],
                PALETTE[3].filled(),
            )))?;
            chart.draw_series(std::iter::once(Text::new(
                format!(
                    "mean {:.0}% · P(>0) {:.0}%",
                    100.0 * r.rosi.unwrap_or(0.0),
                    100.0 * r.p_positive
                ),
                (limit * 1.01, y + 0.1),
                (FONT, LABEL).into_font().color(&INK),
            )))?;
        }
        Ok(())
    })
}

/// The most moves drawn one by one, each with its risk's id.
const NAMED_MOVES: usize = 36;

/// One move per distinct (from, to), named by how many risks make it.
fn group_moves(moves: &[Move]) -> Vec<Move> {
    let mut counts: std::collections::BTreeMap<(Cell, Option<Cell>), usize> = Default::default();
    for m in moves {
        *counts.entry((m.from, m.to)).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((from, to), n)| Move {
            id: if n == 1 { "1 risk".into() } else { format!("{n} risks") },
            from,
            to,
        })
        .collect()
}

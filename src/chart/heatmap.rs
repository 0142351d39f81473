//! A rate grid as a heatmap with the target contour.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{draw_legend, err, frame, render_with};
use crate::error::{Error, InputError, Result};
use crate::scenario::RateGrid;

/// The colour scale's half-width in doublings: a quarter of the target to four times it.
const SPAN: f64 = 2.0;

/// A number for the key: three significant decimals, trailing zeros dropped; large values in
/// scientific form.
fn short(v: f64) -> String {
    if v.abs() >= 1e6 {
        return format!("{v:.2e}");
    }
    let t = format!("{v:.3}");
    t.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A heatmap of a rate grid (growth rate × year → value), coloured relative to the target, with
/// the target contour: the boundary between the years below and at or above the target, and a
/// colour key in the values' units (a quarter of the target or less to four times or more).
/// At most 200 rates are drawn, evenly picked from the grid.
///
/// # Errors
/// [`InputError::OutOfRange`] if `values` does not hold rates × years values; as
/// [`history_chart`](super::history_chart).
pub fn heatmap_chart(grid: &RateGrid, values: &[f64], path: &Path) -> Result<()> {
    let (n, y) = (grid.rates.len(), grid.years);
    if values.len() != n.saturating_mul(y) || n == 0 || y == 0 {
        return Err(Error::Input(InputError::OutOfRange {
            what: "heatmap values",
            value: values.len() as f64,
            expected: "rates × years values",
        }));
    }
    let rows = n.min(200);
    let pick: Vec<usize> = (0..rows)
        .map(|i| {
            if rows == 1 {
                0
            } else {
                i * (n - 1) / (rows - 1)
            }
        })
        .collect();
    let rate_lo = grid.rates.first().copied().unwrap_or(0.0) * 100.0;
    let rate_hi = grid.rates.last().copied().unwrap_or(0.0) * 100.0;
    let step = if rows > 1 {
        (rate_hi - rate_lo) / (rows - 1) as f64
    } else {
        1.0
    };
    let colour = |v: f64| -> RGBColor {
        // log2(v / target) / 2 in [-1, 1] (a quarter of the target to four times it) → blue
        // (below) to white to red (above).
        let t = ((v / grid.target).log2() / SPAN).clamp(-1.0, 1.0);
        let f = |a: f64| crate::convert::f64_to_u8_saturating(255.0 * a);
        if t < 0.0 {
            RGBColor(f(1.0 + t), f(1.0 + 0.6 * t), 255)
        } else {
            RGBColor(255, f(1.0 - 0.8 * t), f(1.0 - t))
        }
    };
    let title = format!(
        "Growth rate x year: value from {} (target {}; blue below, red above)",
        grid.base, grid.target
    );
    let key_value = |t: f64| grid.target * 2f64.powf(t * SPAN);
    render!(path, root, {
        root.fill(&WHITE).map_err(err)?;
        let (w, h) = root.dim_in_pixel();
        let (root, key) = root.split_horizontally(w.saturating_sub(170));
        // The colour key: log2(value / target) from -1 to 1, in the values' own units.
        let (top, bottom) = (70i32, i32::try_from(h).unwrap_or(650) - 80);
        let steps = 60;
        for k in 0..steps {
            let t = 1.0 - 2.0 * f64::from(k) / f64::from(steps);
            let y0 = top + (bottom - top) * k / steps;
            let y1 = top + (bottom - top) * (k + 1) / steps;
            key.draw(&Rectangle::new(
                [(20, y0), (50, y1)],
                colour(key_value(t)).filled(),
            ))
            .map_err(err)?;
        }
        key.draw(&Rectangle::new(
            [(20, top), (50, bottom)],
            BLACK.stroke_width(1),
        ))
        .map_err(err)?;
        key.draw(&Text::new(
            "value".to_owned(),
            (20, top - 40),
            ("sans-serif", 16).into_font(),
        ))
        .map_err(err)?;
        key.draw(&Text::new(
            "(units of BASE)".to_owned(),
            (20, top - 22),
            ("sans-serif", 13).into_font(),
        ))
        .map_err(err)?;
        for (t, words) in [
            (1.0, "4x target or more"),
            (0.5, ""),
            (0.0, "target"),
            (-0.5, ""),
            (-1.0, "a quarter or less"),
        ] {
            // t is one of five steps in [-1, 1]: the offset is within the key's height.
            #[allow(clippy::cast_possible_truncation)]
            let y = top + ((1.0 - t) / 2.0 * f64::from(bottom - top)).round() as i32;
            key.draw(&PathElement::new(
                vec![(50, y), (56, y)],
                BLACK.stroke_width(1),
            ))
            .map_err(err)?;
            key.draw(&Text::new(
                short(key_value(t)),
                (60, y - 8),
                ("sans-serif", 14).into_font(),
            ))
            .map_err(err)?;
            if !words.is_empty() {
                key.draw(&Text::new(
                    words.to_owned(),
                    (60, y + 7),
                    ("sans-serif", 12).into_font(),
                ))
                .map_err(err)?;
            }
        }
        let mut chart = frame(
            &root,
            &title,
            24,
            0.5..(y as f64 + 0.5),
            (rate_lo - step / 2.0)..(rate_hi + step / 2.0),
        )?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("years ahead")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .y_desc("annual growth rate, %")
            .label_style(("sans-serif", 16))
            .draw()
            .map_err(err)?;
        let cells = pick.iter().enumerate().flat_map(|(row, &i)| {
            let r = rate_lo + step * row as f64;
            (0..y).map(move |t| {
                let v = values.get(i * y + t).copied().unwrap_or(f64::NAN);
                let x = t as f64 + 1.0;
                Rectangle::new(
                    [(x - 0.5, r - step / 2.0), (x + 0.5, r + step / 2.0)],
                    colour(v).filled(),
                )
            })
        });
        chart.draw_series(cells).map_err(err)?;
        // The contour, a staircase: for each drawn rate, the left edge of its first year at or
        // above the target, across the rate's row.
        let contour: Vec<(f64, f64)> = pick
            .iter()
            .enumerate()
            .filter_map(|(row, &i)| {
                let r = rate_lo + step * row as f64;
                let first =
                    (0..y).find(|t| values.get(i * y + t).is_some_and(|v| *v >= grid.target))?;
                let x = first as f64 + 0.5;
                Some([(x, r - step / 2.0), (x, r + step / 2.0)])
            })
            .flatten()
            .collect();
        chart
            .draw_series(LineSeries::new(contour, BLACK.stroke_width(3)))
            .map_err(err)?
            .label("target contour")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(3)));
        draw_legend(&mut chart)?;
        Ok(())
    })
}

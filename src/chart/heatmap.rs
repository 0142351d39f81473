//! A rate grid as a heatmap with the target contour.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{draw_legend, err, frame, render_with};
use crate::error::{Error, InputError, Result};
use crate::scenario::RateGrid;

/// A heatmap of a rate grid (growth rate × year → value), coloured relative to the target, with
/// the target contour: the boundary between the years below and at or above the target.
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
        // log2(v / target) in [-1, 1] → blue (below) to white to red (above).
        let t = (v / grid.target).log2().clamp(-1.0, 1.0);
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
    render!(path, root, {
        root.fill(&WHITE).map_err(err)?;
        let mut chart = frame(
            root,
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

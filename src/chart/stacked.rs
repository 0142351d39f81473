//! A scenario's layers, stacked.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{COLOURS, draw_legend, err, frame, money_mesh, render_with};
use crate::error::Result;
use crate::scenario::ScenarioResult;

/// A scenario's path as stacked layers: the baseline, then each layer's contribution on top, the
/// total, and the target line.
///
/// # Errors
/// As [`history_chart`](super::history_chart).
pub fn stacked_chart(result: &ScenarioResult, path: &Path) -> Result<()> {
    let years: Vec<f64> = result.years.iter().map(|y| f64::from(*y)).collect();
    let mut cumulative = vec![result.baseline.clone()];
    for c in &result.contributions {
        let prev = cumulative.last().cloned().unwrap_or_default();
        cumulative.push(prev.iter().zip(&c.values).map(|(a, b)| a + b).collect());
    }
    let names: Vec<String> = std::iter::once("baseline".to_string())
        .chain(result.contributions.iter().map(|c| c.layer.clone()))
        .collect();
    let top = result
        .total
        .iter()
        .copied()
        .chain(cumulative.iter().flatten().copied())
        .chain(result.target)
        .fold(0.0, f64::max)
        / 1e9
        * 1.1;
    let (x0, x1) = (
        years.first().copied().unwrap_or(0.0),
        years.last().copied().unwrap_or(1.0),
    );
    let title = format!("{}: contributions by layer", result.scenario);
    render!(path, root, {
        root.fill(&WHITE).map_err(err)?;
        let mut chart = frame(root, &title, 26, x0..x1, 0.0..top.max(1.0))?;
        money_mesh(&mut chart, "year")?;
        let zero = vec![0.0; years.len()];
        for (i, (upper, name)) in cumulative.iter().zip(&names).enumerate() {
            let lower = if i == 0 {
                &zero
            } else {
                cumulative.get(i - 1).unwrap_or(&zero)
            };
            let mut pts: Vec<(f64, f64)> = years
                .iter()
                .zip(upper)
                .map(|(x, v)| (*x, v / 1e9))
                .collect();
            pts.extend(years.iter().zip(lower).rev().map(|(x, v)| (*x, v / 1e9)));
            // The baseline in grey, each layer in the next colour.
            let colour = match i {
                0 => RGBColor(160, 160, 160),
                _ => COLOURS
                    .get((i - 1) % COLOURS.len())
                    .copied()
                    .unwrap_or(BLACK),
            };
            chart
                .draw_series(std::iter::once(Polygon::new(pts, colour.mix(0.75))))
                .map_err(err)?
                .label(name.clone())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 20, y + 6)], colour.filled())
                });
        }
        chart
            .draw_series(LineSeries::new(
                years.iter().zip(&result.total).map(|(x, v)| (*x, v / 1e9)),
                BLACK.stroke_width(2),
            ))
            .map_err(err)?
            .label("total")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
        if let Some(t) = result.target {
            let red = RGBColor(200, 30, 30);
            chart
                .draw_series(LineSeries::new(
                    vec![(x0, t / 1e9), (x1, t / 1e9)],
                    red.stroke_width(2),
                ))
                .map_err(err)?
                .label(format!("target ${:.1} billion", t / 1e9))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], red.stroke_width(2))
                });
        }
        draw_legend(&mut chart)?;
        Ok(())
    })
}

//! A forecast calibration chart: nominal against observed interval coverage by horizon.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{COLOURS, draw_legend, err, frame, render_with};
use crate::error::{Error, InputError, Result};
use crate::forecast::{Backtest, Method};

/// The calibration chart of one method: for each subset and horizon, the share of outcomes
/// inside the calibrated interval against its nominal level
/// ([`Backtest::reliability`]), with the diagonal a calibrated method would follow and a
/// ±2-point band around it.
///
/// # Errors
/// [`InputError::Missing`] if the backtest has no rows of `method`;
/// [`IoError::Chart`](crate::error::IoError::Chart) as [`history_chart`](super::history_chart).
pub fn calibration_chart(backtest: &Backtest, method: Method, path: &Path) -> Result<()> {
    let mut lines: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    for sub in &backtest.spec.subsets {
        for h in 1..=backtest.spec.horizons {
            let pts: Vec<(f64, f64)> = backtest
                .reliability
                .iter()
                .filter(|r| r.method == method && r.subset == sub.name() && r.horizon == h)
                .map(|r| (r.nominal * 100.0, r.observed * 100.0))
                .collect();
            if !pts.is_empty() {
                lines.push((format!("{} pairs, h = {h}", sub.name()), pts));
            }
        }
    }
    if lines.is_empty() {
        return Err(Error::Input(InputError::Missing {
            what: "backtest rows of the method",
            purpose: "to draw its calibration chart",
        }));
    }
    let lo = lines
        .iter()
        .flat_map(|l| l.1.iter().flat_map(|p| [p.0, p.1]))
        .fold(100.0, f64::min)
        .min(45.0);
    let title = format!(
        "{}: calibrated intervals, observed vs nominal coverage ({} series, origins {}-{})",
        method.as_str(),
        backtest.series,
        backtest
            .spec
            .origins
            .iter()
            .min()
            .copied()
            .unwrap_or_default(),
        backtest
            .spec
            .origins
            .iter()
            .max()
            .copied()
            .unwrap_or_default()
    );
    render!(path, root, {
        root.fill(&WHITE).map_err(err)?;
        let mut chart = frame(root, &title, 20, lo - 2.0..100.0, lo - 2.0..100.0)?;
        chart
            .configure_mesh()
            .x_desc("nominal coverage, %")
            .y_desc("observed coverage, %")
            .label_style(("sans-serif", 16))
            .draw()
            .map_err(err)?;
        let grey = RGBColor(150, 150, 150);
        chart
            .draw_series(std::iter::once(Polygon::new(
                vec![
                    (lo, lo - 2.0),
                    (100.0, 98.0),
                    (100.0, 100.0),
                    (lo, lo + 2.0),
                ],
                grey.mix(0.25),
            )))
            .map_err(err)?
            .label("nominal ± 2 points")
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 6), (x + 20, y + 6)], grey.mix(0.25).filled())
            });
        for (i, (label, pts)) in lines.iter().enumerate() {
            let colour = COLOURS.get(i % COLOURS.len()).copied().unwrap_or(BLACK);
            let style = if label.starts_with("all") {
                colour.stroke_width(2)
            } else {
                colour.stroke_width(1)
            };
            chart
                .draw_series(LineSeries::new(pts.clone(), style))
                .map_err(err)?
                .label(label.clone())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2))
                });
            chart
                .draw_series(pts.iter().map(|p| Circle::new(*p, 4, colour.filled())))
                .map_err(err)?;
        }
        draw_legend(&mut chart)
    })
}

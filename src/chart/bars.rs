//! A general-equilibrium counterfactual's real GDP change by country, sorted.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{err, frame, render_with};
use crate::equilibrium::EquilibriumResult;
use crate::error::Result;

/// Bars of each country's full-equilibrium real GDP change (%), largest first; gains blue,
/// losses orange, the reference country's code in the title.
///
/// # Errors
/// As [`history_chart`](super::history_chart); nothing to draw for a result without countries.
pub fn equilibrium_chart(result: &EquilibriumResult, path: &Path) -> Result<()> {
    let mut rows: Vec<(&str, f64)> = result
        .countries
        .iter()
        .map(|c| (c.country.code(), c.real_gdp_full_pct))
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let lo = rows.iter().map(|r| r.1).fold(0.0, f64::min);
    let hi = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    let pad = ((hi - lo) * 0.08).max(1e-6);
    let n = rows.len();
    let title = format!(
        "{}: real GDP, {} (σ = {}, reference {})",
        result.counterfactual.split(';').next().unwrap_or(""),
        result.direction.words(),
        result.sigma,
        result.reference
    );
    let labels: Vec<String> = rows.iter().map(|r| r.0.to_owned()).collect();
    render!(path, root, {
        root.fill(&WHITE).map_err(err)?;
        // Room below the lowest bar for the country codes, staggered in two rows.
        let bottom = lo - 3.0 * pad;
        let mut chart = frame(root, &title, 22, -0.5..(n as f64 - 0.5), bottom..(hi + pad))?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_desc("% change")
            .label_style(("sans-serif", 14))
            .draw()
            .map_err(err)?;
        let size = if n > 40 { 9 } else { 13 };
        chart
            .draw_series(labels.iter().enumerate().map(|(i, code)| {
                let y = if i % 2 == 0 {
                    lo - 1.0 * pad
                } else {
                    lo - 2.2 * pad
                };
                Text::new(
                    code.clone(),
                    (i as f64, y),
                    TextStyle::from(("sans-serif", size).into_font()).pos(
                        plotters::style::text_anchor::Pos::new(
                            plotters::style::text_anchor::HPos::Center,
                            plotters::style::text_anchor::VPos::Center,
                        ),
                    ),
                )
            }))
            .map_err(err)?;
        chart
            .draw_series(rows.iter().enumerate().map(|(i, (_, v))| {
                let colour = if *v >= 0.0 {
                    RGBColor(0, 114, 178)
                } else {
                    RGBColor(230, 159, 0)
                };
                let x = i as f64;
                Rectangle::new([(x - 0.4, 0.0), (x + 0.4, *v)], colour.filled())
            }))
            .map_err(err)?;
        Ok(())
    })
}

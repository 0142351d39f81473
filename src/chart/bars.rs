//! A general-equilibrium counterfactual's real GDP change by country, sorted.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{err, frame, render_with};
use crate::equilibrium::EquilibriumResult;
use crate::error::Result;

/// Horizontal bars of each country's full-equilibrium real GDP change (%), sorted by value,
/// largest on top, each labelled with its country code; the top and bottom 15 when there are
/// more than 30 countries (the subtitle says how many are left out). Gains blue, losses orange.
///
/// # Errors
/// As [`history_chart`](super::history_chart); nothing to draw for a result without countries.
pub fn equilibrium_chart(result: &EquilibriumResult, path: &Path) -> Result<()> {
    let rows: Vec<Bar> = result
        .countries
        .iter()
        .map(|c| Bar {
            code: c.country.code().to_owned(),
            point: c.real_gdp_full_pct,
            median: c.real_gdp_full_pct,
            low: c.real_gdp_full_pct,
            high: c.real_gdp_full_pct,
        })
        .collect();
    let title = format!(
        "{}: real GDP, {}",
        result.counterfactual.split(';').next().unwrap_or(""),
        result.direction.words(),
    );
    let about = format!(
        "full general equilibrium, % change; σ = {}, reference {}",
        result.sigma, result.reference
    );
    horizontal_bars(path, &title, &about, rows, false)
}

/// One country's bar: code, point, median and interval.
struct Bar {
    code: String,
    point: f64,
    median: f64,
    low: f64,
    high: f64,
}

/// The countries an intervals chart shows, sorted by median (largest first): all of them up to
/// 30, else the top and bottom 15 with `None` marking the gap between them.
fn shown(rows: &[Bar]) -> Vec<Option<usize>> {
    const EACH: usize = 15;
    if rows.len() <= 2 * EACH {
        return (0..rows.len()).map(Some).collect();
    }
    (0..EACH)
        .map(Some)
        .chain(std::iter::once(None))
        .chain((rows.len() - EACH..rows.len()).map(Some))
        .collect()
}

/// Horizontal bars of each country's full-equilibrium real GDP change (%) at the estimated
/// coefficients, with whiskers over the draws' interval and a dot at their median, sorted by the
/// median, largest on top; the top and bottom 15 when there are more than 30 countries (the
/// title says how many are left out). Gains blue, losses orange.
///
/// # Errors
/// As [`history_chart`](super::history_chart); nothing to draw for a result without countries.
pub fn equilibrium_intervals_chart(
    result: &crate::equilibrium::EquilibriumIntervals,
    path: &Path,
) -> Result<()> {
    let rows: Vec<Bar> = result
        .countries
        .iter()
        .filter(|c| c.measure == "real_gdp_full_pct")
        .map(|c| Bar {
            code: c.country.code().to_owned(),
            point: c.point,
            median: c.median,
            low: c.low,
            high: c.high,
        })
        .collect();
    let title = format!(
        "{}: real GDP, {}",
        result.point.counterfactual.split(';').next().unwrap_or(""),
        result.point.direction.words(),
    );
    let about = format!(
        "bar: at the estimates; whisker: {:.0}% interval, dot: median of {} draws; σ = {}, reference {}",
        100.0 * result.level,
        result.solved,
        result.point.sigma,
        result.point.reference
    );
    horizontal_bars(path, &title, &about, rows, true)
}

/// The bars of [`equilibrium_chart`] and [`equilibrium_intervals_chart`]: sorted by median,
/// largest on top, the top and bottom 15 of more than 30; whiskers and median dots when
/// `whiskers`.
fn horizontal_bars(
    path: &Path,
    title: &str,
    about: &str,
    mut rows: Vec<Bar>,
    whiskers: bool,
) -> Result<()> {
    rows.sort_by(|a, b| b.median.total_cmp(&a.median));
    let picked = shown(&rows);
    let lo = rows.iter().map(|r| r.low.min(r.point)).fold(0.0, f64::min);
    let hi = rows.iter().map(|r| r.high.max(r.point)).fold(0.0, f64::max);
    let pad = ((hi - lo) * if whiskers { 0.05 } else { 0.1 }).max(1e-6);
    let m = picked.len();
    let left_out = rows.len().saturating_sub(m.saturating_sub(1));
    let which = if picked.contains(&None) {
        format!(
            "; top and bottom 15 of {} countries ({left_out} between not shown)",
            rows.len()
        )
    } else {
        format!("; {} countries", rows.len())
    };
    let subtitle = format!("{about}{which}");
    let labels: Vec<String> = picked
        .iter()
        .map(|p| {
            p.and_then(|i| rows.get(i))
                .map_or("…".to_owned(), |r| r.code.clone())
        })
        .collect();
    render!(path, root, {
        root.fill(&WHITE).map_err(err)?;
        let height = root.dim_in_pixel().1;
        let (body, foot) = root.split_vertically(height.saturating_sub(30));
        foot.draw(&Text::new(
            subtitle.clone(),
            (90, 6),
            ("sans-serif", 14).into_font(),
        ))
        .map_err(err)?;
        let mut chart = frame(
            &body,
            title,
            20,
            (lo - pad)..(hi + pad),
            -0.5..(m as f64 - 0.5),
        )?;
        let label = |y: &f64| -> String {
            let k = y.round();
            if (y - k).abs() > 1e-6 || k < 0.0 {
                return String::new();
            }
            // Row 0 is drawn at the top.
            let row = crate::convert::f64_to_usize(k).and_then(|k| m.checked_sub(1 + k));
            row.and_then(|r| labels.get(r)).cloned().unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(m)
            .y_label_formatter(&label)
            .x_desc("% change")
            .label_style(("sans-serif", if m > 20 { 12 } else { 14 }))
            .draw()
            .map_err(err)?;
        let y_of = |r: usize| (m - 1 - r) as f64;
        let drawn: Vec<(f64, &Bar)> = picked
            .iter()
            .enumerate()
            .filter_map(|(r, p)| p.and_then(|i| rows.get(i)).map(|row| (y_of(r), row)))
            .collect();
        chart
            .draw_series(drawn.iter().map(|(y, row)| {
                let colour = if row.point >= 0.0 {
                    RGBColor(0, 114, 178)
                } else {
                    RGBColor(230, 159, 0)
                };
                Rectangle::new(
                    [(0.0, y - 0.35), (row.point, y + 0.35)],
                    colour.mix(0.75).filled(),
                )
            }))
            .map_err(err)?;
        if !whiskers {
            // Each bar's value at its end, outside the bar.
            // Decimals for about three significant digits on the largest bar.
            let largest = hi.abs().max(lo.abs());
            let places = if largest > 0.0 {
                crate::convert::f64_to_usize((2.0 - largest.log10().floor()).clamp(1.0, 4.0))
                    .unwrap_or(1)
            } else {
                1
            };
            let shift = pad * 0.15;
            chart
                .draw_series(drawn.iter().map(|(y, row)| {
                    let (x, h) = if row.point >= 0.0 {
                        (row.point + shift, plotters::style::text_anchor::HPos::Left)
                    } else {
                        (row.point - shift, plotters::style::text_anchor::HPos::Right)
                    };
                    Text::new(
                        format!("{:.places$}%", row.point),
                        (x, *y),
                        TextStyle::from(("sans-serif", 11).into_font()).pos(
                            plotters::style::text_anchor::Pos::new(
                                h,
                                plotters::style::text_anchor::VPos::Center,
                            ),
                        ),
                    )
                }))
                .map_err(err)?;
            return Ok(());
        }
        for (y, row) in &drawn {
            let style = BLACK.stroke_width(1);
            chart
                .draw_series([
                    PathElement::new(vec![(row.low, *y), (row.high, *y)], style),
                    PathElement::new(vec![(row.low, y - 0.2), (row.low, y + 0.2)], style),
                    PathElement::new(vec![(row.high, y - 0.2), (row.high, y + 0.2)], style),
                ])
                .map_err(err)?;
        }
        chart
            .draw_series(
                drawn
                    .iter()
                    .map(|(y, row)| Circle::new((row.median, *y), 3, BLACK.filled())),
            )
            .map_err(err)?;
        Ok(())
    })
}

//! A projection fan with the target.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{draw_legend, err, frame, header, money_mesh, render_with};
use crate::error::Result;
use crate::growth::Series;
use crate::scenario::PathSummary;

/// A projection fan: quantile bands of many paths per year, the median, the target line, the
/// year each quantile path first reaches the target, and (if given) the published history.
///
/// The drawing is one function on purpose: it paints the layers top to bottom in the order a
/// reader sees them, inside one plotters chart context, which borrows the drawing area and
/// would have to be threaded through every piece.
///
/// # Errors
/// As [`history_chart`](super::history_chart).
pub fn fan_chart(
    summary: &PathSummary,
    history: Option<&Series>,
    title: &str,
    path: &Path,
) -> Result<()> {
    fan_chart_labelled(
        summary,
        history,
        &FanText {
            title: title.to_owned(),
            subtitle: None,
            units: "paths",
        },
        path,
    )
}

/// What a fan chart says about itself: its title in words, a subtitle with the assumptions,
/// and what its bands are made of (`paths` of a Monte Carlo, `runs` of a sweep).
#[derive(Debug, Clone, PartialEq)]
pub struct FanText {
    /// The title.
    pub title: String,
    /// A second line: the assumptions (paths, shocks, the parameters swept).
    pub subtitle: Option<String>,
    /// What the bands' quantiles are over, in the legend ("20%-80% of runs").
    pub units: &'static str,
}

/// [`fan_chart`] with its text given: a subtitle under the title, and the bands labelled by
/// what they are quantiles of.
///
/// # Errors
/// As [`history_chart`](super::history_chart).
pub fn fan_chart_labelled(
    summary: &PathSummary,
    history: Option<&Series>,
    text: &FanText,
    path: &Path,
) -> Result<()> {
    let (title, units) = (text.title.as_str(), text.units);
    let subtitle = text.subtitle.clone().unwrap_or_default();
    let years: Vec<f64> = summary.years.iter().map(|y| f64::from(*y)).collect();
    let q = |level: f64| {
        summary
            .quantile_levels
            .iter()
            .position(|l| (l - level).abs() < 1e-12)
            .and_then(|i| summary.fan.get(i))
    };
    let hist: Vec<(f64, f64)> = history
        .map(|s| {
            s.points()
                .iter()
                .map(|p| (f64::from(p.year), p.estimate.point() / 1e9))
                .collect()
        })
        .unwrap_or_default();
    let x0 = hist
        .iter()
        .map(|p| p.0)
        .chain(years.iter().copied())
        .fold(f64::INFINITY, f64::min);
    let x1 = years.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let top = summary
        .fan
        .iter()
        .flatten()
        .copied()
        .chain(std::iter::once(summary.target))
        .fold(0.0, f64::max)
        / 1e9
        * 1.1;
    let target = summary.target / 1e9;
    render!(path, root, {
        root.fill(&WHITE).map_err(err)?;
        let below;
        let (area, caption, size) = if subtitle.is_empty() {
            (root, title, 26)
        } else {
            below = header(root, title, &subtitle)?;
            (&below, "", 1)
        };
        let mut chart = frame(area, caption, size, x0 - 0.5..x1 + 0.5, 0.0..top.max(1.0))?;
        money_mesh(&mut chart, "year")?;
        let band = |lo: &[f64], hi: &[f64]| -> Vec<(f64, f64)> {
            let mut pts: Vec<(f64, f64)> =
                years.iter().zip(hi).map(|(x, v)| (*x, v / 1e9)).collect();
            pts.extend(years.iter().zip(lo).rev().map(|(x, v)| (*x, v / 1e9)));
            pts
        };
        let blue = RGBColor(0, 114, 178);
        let levels = &summary.quantile_levels;
        if let (Some(first), Some(last)) = (levels.first(), levels.last())
            && let (Some(lo), Some(hi)) = (q(*first), q(*last))
        {
            chart
                .draw_series(std::iter::once(Polygon::new(band(lo, hi), blue.mix(0.15))))
                .map_err(err)?
                .label(format!(
                    "{:.0}%-{:.0}% of {units}",
                    first * 100.0,
                    last * 100.0
                ))
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 20, y + 6)], blue.mix(0.15).filled())
                });
        }
        if let (Some(lo), Some(hi)) = (q(0.25), q(0.75)) {
            chart
                .draw_series(std::iter::once(Polygon::new(band(lo, hi), blue.mix(0.3))))
                .map_err(err)?
                .label(format!("25%-75% of {units}"))
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 20, y + 6)], blue.mix(0.3).filled())
                });
        }
        if let Some(m) = q(0.5) {
            chart
                .draw_series(LineSeries::new(
                    years.iter().zip(m).map(|(x, v)| (*x, v / 1e9)),
                    blue.stroke_width(3),
                ))
                .map_err(err)?
                .label(format!("median of the {units}"))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], blue.stroke_width(3))
                });
        }
        let red = RGBColor(200, 30, 30);
        chart
            .draw_series(LineSeries::new(
                vec![(x0 - 0.5, target), (x1 + 0.5, target)],
                red.stroke_width(2),
            ))
            .map_err(err)?
            .label(format!("target ${target:.1} billion"))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], red.stroke_width(2)));
        // Where each quantile path first reaches the target: a marker on the target line, and a
        // label above it, staggered so labels of neighbouring years do not overlap.
        let crossings: Vec<(f64, f64)> = levels
            .iter()
            .zip(&summary.fan)
            .filter_map(|(level, path)| {
                years
                    .iter()
                    .zip(path)
                    .find(|(_, v)| **v >= summary.target)
                    .map(|(x, _)| (*level, *x))
            })
            .collect();
        for (i, (level, x)) in crossings.iter().rev().enumerate() {
            let label_y = target + top * (0.05 + 0.055 * i as f64);
            let label_x = if *x > x1 - 1.5 { *x - 1.6 } else { *x + 0.1 };
            chart
                .draw_series(std::iter::once(Circle::new((*x, target), 6, red.filled())))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*x, target), (*x, label_y)],
                    red.mix(0.6),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{:.0}% quantile: {x:.0}", level * 100.0),
                    (label_x, label_y),
                    ("sans-serif", 15).into_font().color(&red),
                )))
                .map_err(err)?;
        }
        if !hist.is_empty() {
            chart
                .draw_series(hist.iter().map(|p| Circle::new(*p, 5, BLACK.filled())))
                .map_err(err)?
                .label("published (series)")
                .legend(|(x, y)| Circle::new((x + 10, y), 5, BLACK.filled()));
        }
        draw_legend(&mut chart)?;
        Ok(())
    })
}

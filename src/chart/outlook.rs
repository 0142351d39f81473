//! The target outlook as one picture: the history, the forecast fan, the target and the chance.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{draw_legend, err, frame, header, money_mesh, render_with};
use crate::error::Result;
use crate::outlook::TargetOutlook;

/// The outlook chart: the published history (each year's point with the range its figures'
/// rounding and repeated values allow; partial years annualised as hollow markers, marked as
/// such; a nowcast's year as a short bar from the value its "more than" figure rules out), the
/// calibrated forecast's median and interval from the last published year, the target with its
/// rounding, the year the median and each edge of the interval first reach the target, the
/// chance of the target by the reading year written on it, and the method with its measured
/// coverage in the subtitle.
///
/// The drawing is one function on purpose: it paints the layers top to bottom in the order a
/// reader sees them, inside one plotters chart context, which borrows the drawing area and
/// would have to be threaded through every piece.
///
/// # Errors
/// As [`history_chart`](super::history_chart); [`InputError::Missing`](crate::error::InputError::Missing)
/// for an outlook without a forecast.
pub fn outlook_chart(o: &TargetOutlook, path: &Path) -> Result<()> {
    let f = o
        .forecast
        .as_ref()
        .ok_or(crate::Error::Input(crate::error::InputError::Missing {
            what: "a forecast",
            purpose: "for the outlook chart (the series is too short for one)",
        }))?;
    let bn = |v: f64| v / 1e9;
    let s = &o.spec;
    let target = bn(s.target.point());
    let (t_lo, t_hi) = (bn(s.target.interval().lo()), bn(s.target.interval().hi()));
    let points = o.series.points();
    let last = points
        .last()
        .map(|p| (f64::from(p.year), bn(p.estimate.point())));
    // The fan: from the last published year (no spread) through each target year.
    let mut fan: Vec<(f64, f64, f64, f64)> =
        last.map(|(x, y)| vec![(x, y, y, y)]).unwrap_or_default();
    fan.extend(o.rows.iter().filter_map(|r| {
        r.forecast_level.map(|e| {
            (
                f64::from(r.year),
                bn(e.interval().lo()),
                bn(e.point()),
                bn(e.interval().hi()),
            )
        })
    }));
    let first_year = points
        .first()
        .map_or(f64::from(s.base_year), |p| f64::from(p.year));
    let (x0, x1) = (first_year - 0.5, f64::from(s.last_year) + 0.5);
    let history_top = points
        .iter()
        .map(|p| bn(p.estimate.interval().hi()))
        .fold(0.0, f64::max);
    // The fan's upper edge grows without bound; the view keeps the target and the history
    // readable (the edge leaves the frame, and the crossing years say the rest).
    let top = (t_hi * 1.6).max(history_top * 1.3);
    let reaches = |edge: fn(&(f64, f64, f64, f64)) -> f64| {
        fan.iter().skip(1).find(|p| edge(p) >= target).map_or_else(
            || format!("not by {}", s.last_year),
            |p| format!("in {:.0}", p.0),
        )
    };
    let (median_year, hi_year, lo_year) = (reaches(|p| p.2), reaches(|p| p.3), reaches(|p| p.1));
    let chance = o
        .rows
        .iter()
        .find(|r| r.year == o.reading_year)
        .and_then(|r| r.forecast_probability);
    let level = format!("{:.0}%", s.level * 100.0);
    let dollars = crate::data::money::format_dollars(s.target.point(), None);
    let title = format!(
        "{} {}: {dollars} by {}?",
        s.series.corridor, s.series.flow, o.reading_year
    );
    let covered: Vec<String> = f
        .measured
        .iter()
        .filter(|r| r.subset == "all")
        .map(|r| format!("{:.0}%", r.cov90 * 100.0))
        .collect();
    let subtitle = format!(
        "{}{}; {level} intervals covered {} of outcomes at 1-{} years out of sample (AGTPA panel)",
        f.method.label(),
        if f.discount.is_some() && f.prior_age > 0 {
            format!(", prior discounted for its {} years", f.prior_age)
        } else {
            String::new()
        },
        covered.join("/"),
        covered.len()
    );
    let nowcasts: Vec<(f64, f64)> = f
        .nowcasts
        .iter()
        .map(|n| (f64::from(n.year), bn(n.median.1)))
        .collect();
    render!(path, root, {
        root.fill(&WHITE).map_err(err)?;
        let lower = header(root, &title, &subtitle)?;
        let mut chart = frame(&lower, "", 1, x0..x1, 0.0..top)?;
        money_mesh(&mut chart, "year")?;
        let grey = RGBColor(150, 150, 150);
        // The target and its rounding.
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(x0, t_lo), (x1, t_hi)],
                grey.mix(0.18).filled(),
            )))
            .map_err(err)?;
        chart
            .draw_series(LineSeries::new(
                vec![(x0, target), (x1, target)],
                ShapeStyle::from(&BLACK).stroke_width(2),
            ))
            .map_err(err)?
            .label(format!(
                "target: {} (its rounding shaded)",
                crate::audit::fmt_estimate(s.target, crate::data::Unit::Usd)
            ))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
        // The forecast's interval and median.
        let blue = RGBColor(0, 114, 178);
        let band: Vec<(f64, f64)> = fan
            .iter()
            .map(|p| (p.0, p.3.min(top)))
            .chain(fan.iter().rev().map(|p| (p.0, p.1)))
            .collect();
        chart
            .draw_series(std::iter::once(Polygon::new(band, blue.mix(0.2).filled())))
            .map_err(err)?
            .label(format!(
                "forecast, {level} interval: upper edge reaches the target {hi_year}, lower edge {lo_year}"
            ))
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 20, y + 6)], blue.mix(0.2).filled()));
        chart
            .draw_series(LineSeries::new(
                fan.iter().map(|p| (p.0, p.2)),
                ShapeStyle::from(&blue).stroke_width(3),
            ))
            .map_err(err)?
            .label(format!("forecast median: reaches the target {median_year}"))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], blue.stroke_width(3))
            });
        // The published history: each year's range, full years filled, partial years hollow.
        let orange = RGBColor(213, 94, 0);
        chart
            .draw_series(points.iter().map(|p| {
                let (x, lo, hi) = (
                    f64::from(p.year),
                    bn(p.estimate.interval().lo()),
                    bn(p.estimate.interval().hi()),
                );
                PathElement::new(vec![(x, lo), (x, hi)], orange.stroke_width(2))
            }))
            .map_err(err)?;
        chart
            .draw_series(points.iter().filter(|p| p.annualised.is_none()).map(|p| {
                Circle::new(
                    (f64::from(p.year), bn(p.estimate.point())),
                    6,
                    orange.filled(),
                )
            }))
            .map_err(err)?
            .label("published full year (bar: the range its figures' rounding allows)")
            .legend(move |(x, y)| Circle::new((x + 10, y), 6, orange.filled()));
        if points.iter().any(|p| p.annualised.is_some()) {
            chart
                .draw_series(points.iter().filter(|p| p.annualised.is_some()).map(|p| {
                    Circle::new(
                        (f64::from(p.year), bn(p.estimate.point())),
                        6,
                        orange.stroke_width(2),
                    )
                }))
                .map_err(err)?
                .label("partial year, annualised pro rata")
                .legend(move |(x, y)| Circle::new((x + 10, y), 6, orange.stroke_width(2)));
        }
        if !nowcasts.is_empty() {
            chart
                .draw_series(nowcasts.iter().map(|(x, y)| {
                    PathElement::new(vec![(x - 0.15, *y), (x + 0.15, *y)], orange.stroke_width(3))
                }))
                .map_err(err)?
                .label("nowcast from a partial-year figure: the year's updated median")
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], orange.stroke_width(3))
                });
        }
        // The chance, written on the chart.
        if let Some(p) = chance {
            chart
                .draw_series(std::iter::once(Text::new(
                    format!(
                        "P(≥ {dollars} by {}) = {:.2} ({:.2}-{:.2} over the inputs' rounding)",
                        o.reading_year,
                        p.point(),
                        p.interval().lo(),
                        p.interval().hi()
                    ),
                    (f64::from(s.base_year) + 1.3, top * 0.06),
                    ("sans-serif", 18).into_font(),
                )))
                .map_err(err)?;
        }
        draw_legend(&mut chart)?;
        Ok(())
    })
}

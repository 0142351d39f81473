//! Charts as SVG or PNG (by the file's extension), drawn with plotters in pure Rust. Text uses an
//! embedded DejaVu Sans font, so PNGs need no system font or image library. Files are written
//! atomically.

use std::path::Path;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::corridor::{Corridor, Flow};
use crate::country::Country;
use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::export::{commit, temp_beside};
use crate::scenario::ScenarioResult;
use crate::series::Series;
use crate::summary::PathSummary;
use crate::sweep::RateGrid;

const SIZE: (u32, u32) = (1100, 650);
const FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
static REGISTER: Once = Once::new();

fn register_font() {
    REGISTER.call_once(|| {
        // The bytes are a valid TrueType font shipped with the crate; a failure here would only
        // mean text is left out.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT);
        let _ = plotters::style::register_font("sans-serif", FontStyle::Bold, FONT);
    });
}

fn chart_error(path: &Path) -> impl Fn(String) -> Error + '_ {
    move |message| Error::Chart {
        path: path.display().to_string(),
        message,
    }
}

/// Draws onto an SVG or PNG backend chosen by `path`'s extension (one drawing function per
/// backend: the [`render!`] macro writes both from one body), then moves the finished file into
/// place.
fn render_with(
    path: &Path,
    svg: impl Fn(&DrawingArea<SVGBackend<'_>, Shift>) -> std::result::Result<(), String>,
    png: impl Fn(&DrawingArea<BitMapBackend<'_>, Shift>) -> std::result::Result<(), String>,
) -> Result<()> {
    register_font();
    let temp = temp_beside(path);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let drawn = match ext.as_deref() {
        Some("svg") => {
            let root = SVGBackend::new(&temp, SIZE).into_drawing_area();
            svg(&root).and_then(|()| root.present().map_err(|e| e.to_string()))
        }
        Some("png") => {
            let root = BitMapBackend::new(&temp, SIZE).into_drawing_area();
            png(&root).and_then(|()| root.present().map_err(|e| e.to_string()))
        }
        _ => {
            return Err(chart_error(path)(
                "the file name must end in .svg or .png".into(),
            ));
        }
    };
    if let Err(message) = drawn {
        let _ = std::fs::remove_file(&temp);
        return Err(chart_error(path)(message));
    }
    commit(&temp, path)
}

/// `render!(path, root, { body })`: the body, drawing on `root`, once per backend.
macro_rules! render {
    ($path:expr, $root:ident, $body:block) => {
        render_with(
            $path,
            |$root: &DrawingArea<SVGBackend<'_>, Shift>| -> std::result::Result<(), String> {
                $body
            },
            |$root: &DrawingArea<BitMapBackend<'_>, Shift>| -> std::result::Result<(), String> {
                $body
            },
        )
    };
}

type Chart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// A chart with the crate's caption and axis-area sizes.
fn frame<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    title: &str,
    title_size: u32,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
) -> std::result::Result<Chart<'a, DB>, String> {
    ChartBuilder::on(root)
        .caption(title, ("sans-serif", title_size))
        .margin(20)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(x, y)
        .map_err(err)
}

/// Grid and labels for a chart of years against US$ billion.
fn money_mesh<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    x_desc: &str,
) -> std::result::Result<(), String> {
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc("US$ billion")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .label_style(("sans-serif", 16))
        .draw()
        .map_err(err)
}

/// The legend, in the upper left on a translucent white box.
fn draw_legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
) -> std::result::Result<(), String> {
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 16))
        .position(SeriesLabelPosition::UpperLeft)
        .draw()
        .map_err(err)
}

fn side_colour(c: Option<Country>) -> RGBColor {
    match c.map(Country::code) {
        Some("KAZ") => RGBColor(0, 114, 178),
        Some("UZB") => RGBColor(213, 94, 0),
        Some("USA") => RGBColor(0, 158, 115),
        _ => RGBColor(110, 110, 110),
    }
}

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// The history of a corridor's flow: every published level, by reporting side, with its
/// rounding interval as a bar (an arrow for "more than"); partial years as hollow markers at the
/// middle of the months they cover.
///
/// # Errors
/// [`Error::Chart`] if drawing fails or the extension is not `.svg`/`.png`; [`Error::Io`] if the
/// file cannot be moved into place.
pub fn history_chart(data: &Dataset, corridor: Corridor, flow: Flow, path: &Path) -> Result<()> {
    struct P {
        x: f64,
        lo: f64,
        mid: f64,
        hi: f64,
        open: bool,
        partial: bool,
        side: Option<Country>,
    }
    let points: Vec<P> = data
        .flow_levels(corridor, flow)
        .filter_map(|f| {
            let (p, e) = (f.period()?, f.estimate()?);
            let first = p.first_day();
            let months = f64::from(p.month_count().unwrap_or(12));
            let x =
                f64::from(first.year()) + (f64::from(first.month()) - 1.0 + months / 2.0) / 12.0;
            Some(P {
                x,
                lo: e.interval().lo() / 1e9,
                mid: e.point() / 1e9,
                hi: e.interval().hi() / 1e9,
                open: !e.interval().hi().is_finite(),
                partial: !p.is_calendar_year(),
                side: f.reporter(),
            })
        })
        .collect();
    let x0 = points
        .iter()
        .map(|p| p.x)
        .fold(f64::INFINITY, f64::min)
        .floor()
        - 0.5;
    let x1 = points
        .iter()
        .map(|p| p.x)
        .fold(f64::NEG_INFINITY, f64::max)
        .ceil()
        + 0.5;
    let top = points
        .iter()
        .map(|p| if p.open { p.mid * 1.3 } else { p.hi })
        .fold(0.0, f64::max)
        * 1.1;
    let title = format!("{corridor} {flow}: published figures and their rounding intervals");
    render!(path, root, {
        root.fill(&WHITE).map_err(err)?;
        let (x0, x1) = if x0.is_finite() {
            (x0, x1)
        } else {
            (2015.0, 2025.0)
        };
        let mut chart = frame(root, &title, 26, x0..x1, 0.0..top.max(1.0))?;
        money_mesh(
            &mut chart,
            "year (partial years at the middle of their months)",
        )?;
        let sides: Vec<Option<Country>> = {
            let mut s: Vec<Option<Country>> = points.iter().map(|p| p.side).collect();
            s.sort();
            s.dedup();
            s
        };
        for side in sides {
            let colour = side_colour(side);
            let mine: Vec<&P> = points.iter().filter(|p| p.side == side).collect();
            let style = ShapeStyle::from(&colour).stroke_width(2);
            chart
                .draw_series(mine.iter().map(|p| {
                    let hi = if p.open { top * 0.97 } else { p.hi };
                    PathElement::new(vec![(p.x, p.lo), (p.x, hi)], style)
                }))
                .map_err(err)?
                .label(format!(
                    "reported by {}",
                    side.map_or("unknown side".to_string(), |c| c.name().to_string())
                ))
                .legend(move |(x, y)| Circle::new((x + 10, y), 5, colour.filled()));
            chart
                .draw_series(mine.iter().map(|p| {
                    let s = if p.partial {
                        colour.stroke_width(2)
                    } else {
                        colour.filled()
                    };
                    Circle::new((p.x, p.mid), 6, s)
                }))
                .map_err(err)?;
            chart
                .draw_series(mine.iter().filter(|p| p.open).map(|p| {
                    Polygon::new(
                        vec![
                            (p.x - 0.12, top * 0.93),
                            (p.x + 0.12, top * 0.93),
                            (p.x, top * 0.99),
                        ],
                        colour.filled(),
                    )
                }))
                .map_err(err)?;
        }
        draw_legend(&mut chart)?;
        Ok(())
    })
}

/// A projection fan: quantile bands of many paths per year, the median, the target line, the
/// year each quantile path first reaches the target, and (if given) the published history.
///
/// # Errors
/// As [`history_chart`].
pub fn fan_chart(
    summary: &PathSummary,
    history: Option<&Series>,
    title: &str,
    path: &Path,
) -> Result<()> {
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
        let mut chart = frame(root, title, 26, x0 - 0.5..x1 + 0.5, 0.0..top.max(1.0))?;
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
                    "{:.0}%-{:.0}% of paths",
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
                .label("25%-75%")
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
                .label("median")
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
                    format!("{:.0}% path: {x:.0}", level * 100.0),
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

const PALETTE: [RGBColor; 6] = [
    RGBColor(160, 160, 160),
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
];

/// A scenario's path as stacked layers: the baseline, then each layer's contribution on top, the
/// total, and the target line.
///
/// # Errors
/// As [`history_chart`].
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
            let colour = PALETTE.get(i % PALETTE.len()).copied().unwrap_or(BLACK);
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

/// A heatmap of a rate grid (growth rate × year → value), coloured relative to the target, with
/// the target contour: the boundary between the years below and at or above the target.
/// At most 200 rates are drawn, evenly picked from the grid.
///
/// # Errors
/// [`Error::OutOfRange`] if `values` does not hold rates × years values; as [`history_chart`].
pub fn heatmap_chart(grid: &RateGrid, values: &[f64], path: &Path) -> Result<()> {
    let (n, y) = (grid.rates.len(), grid.years);
    if values.len() != n.saturating_mul(y) || n == 0 || y == 0 {
        return Err(Error::OutOfRange {
            what: "heatmap values",
            value: values.len() as f64,
            expected: "rates × years values",
        });
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

//! The history of a corridor's flow as published.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{draw_legend, err, frame, money_mesh, render_with, side_colour};
use crate::data::{Corridor, Country, Dataset, Flow};
use crate::error::Result;

/// The history of a corridor's flow: every published level, by reporting side, with its
/// rounding interval as a bar; partial years annualised pro rata (× 12 / months) as hollow
/// markers beside the year's full figures; an open-ended figure ("more than $1.2 billion in
/// January–April") as a short upward marker at its bound, annualised. The legend explains every
/// marker.
///
/// The drawing is one function on purpose: it paints the layers top to bottom in the order a
/// reader sees them, inside one plotters chart context, which borrows the drawing area and
/// would have to be threaded through every piece.
///
/// # Errors
/// [`IoError::Chart`](crate::error::IoError::Chart) if drawing fails or the extension is not
/// `.svg`/`.png`; [`IoError::Io`](crate::error::IoError::Io) if the file cannot be moved into
/// place.
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
            let partial = !p.is_calendar_year();
            // A partial year at its year, annualised pro rata, just right of the full figures.
            let scale = 12.0 / f64::from(p.month_count().unwrap_or(12).max(1));
            let x = f64::from(p.first_day().year()) + if partial { 0.12 } else { 0.0 };
            Some(P {
                x,
                lo: e.interval().lo() * scale / 1e9,
                mid: e.point() * scale / 1e9,
                hi: e.interval().hi() * scale / 1e9,
                open: !e.interval().hi().is_finite(),
                partial,
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
        * 1.25;
    let title =
        format!("{corridor} {flow} as published: each figure with the range its rounding allows");
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
            "year (partial years annualised pro rata, hollow)",
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
                .draw_series(
                    mine.iter()
                        .filter(|p| !p.open)
                        .map(|p| PathElement::new(vec![(p.x, p.lo), (p.x, p.hi)], style)),
                )
                .map_err(err)?
                .label(format!(
                    "reported by {}",
                    side.map_or("unknown side".to_string(), |c| c.name().to_string())
                ))
                .legend(move |(x, y)| Circle::new((x + 10, y), 5, colour.filled()));
            chart
                .draw_series(mine.iter().filter(|p| !p.open).map(|p| {
                    let s = if p.partial {
                        colour.stroke_width(2)
                    } else {
                        colour.filled()
                    };
                    Circle::new((p.x, p.mid), 6, s)
                }))
                .map_err(err)?;
            // "More than": a short upward triangle standing on the bound.
            let rise = top * 0.04;
            chart
                .draw_series(mine.iter().filter(|p| p.open).map(|p| {
                    Polygon::new(
                        vec![(p.x - 0.1, p.lo), (p.x + 0.1, p.lo), (p.x, p.lo + rise)],
                        colour.stroke_width(2),
                    )
                }))
                .map_err(err)?;
        }
        // What the markers mean, for every side (grey stands for any side's colour).
        let grey = RGBColor(90, 90, 90);
        let markers: [(&str, u8); 3] = [
            ("full year (filled); bar: the range its rounding allows", 0),
            ("part of a year, annualised pro rata (hollow)", 1),
            (
                "\"more than\" a part-year figure: its bound, annualised (triangle)",
                2,
            ),
        ];
        for (label, kind) in markers {
            if (kind == 1 && !points.iter().any(|p| p.partial && !p.open))
                || (kind == 2 && !points.iter().any(|p| p.open))
            {
                continue;
            }
            chart
                .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
                .map_err(err)?
                .label(label)
                .legend(move |(x, y)| -> DynElement<'static, _, (i32, i32)> {
                    match kind {
                        0 => Circle::new((x + 10, y), 5, grey.filled()).into_dyn(),
                        1 => Circle::new((x + 10, y), 5, grey.stroke_width(2)).into_dyn(),
                        _ => Polygon::new(
                            vec![(x + 4, y + 5), (x + 16, y + 5), (x + 10, y - 6)],
                            grey.stroke_width(2),
                        )
                        .into_dyn(),
                    }
                });
        }
        draw_legend(&mut chart)?;
        Ok(())
    })
}

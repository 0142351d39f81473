//! The history of a corridor's flow as published.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{draw_legend, err, frame, money_mesh, render_with, side_colour};
use crate::data::{Corridor, Country, Dataset, Flow};
use crate::error::Result;

/// The history of a corridor's flow: every published level, by reporting side, with its
/// rounding interval as a bar (an arrow for "more than"); partial years as hollow markers at the
/// middle of the months they cover.
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

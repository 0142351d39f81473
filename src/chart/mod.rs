//! Charts as SVG or PNG (by the file's extension), drawn with plotters in pure Rust. Text uses an
//! embedded DejaVu Sans font, so PNGs need no system font or image library. Files are written
//! atomically (feature `charts`, on by default).
//!
//! # Examples
//! ```
//! use bilateral::{Corridor, Dataset, Flow, chart};
//! let path = std::env::temp_dir().join("bilateral-chart-doc.svg");
//! chart::history_chart(&Dataset::builtin()?, Corridor::KAZ_UZB, Flow::Turnover, &path)?;
//! assert!(std::fs::read_to_string(&path)?.starts_with("<svg"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::path::Path;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::data::Country;
use crate::error::{Error, IoError, Result};
use crate::file::atomic::{commit, stage};

const SIZE: (u32, u32) = (1100, 650);

/// Okabe and Ito's colour-blind-safe colours, in the order the charts use them.
const COLOURS: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
];
const FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");
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
    move |message| {
        Error::Io(IoError::Chart {
            path: path.display().to_string(),
            message,
        })
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
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("svg" | "png")) {
        return Err(chart_error(path)(
            "the file name must end in .svg or .png".into(),
        ));
    }
    let temp = stage(path)?;
    let drawn = if ext.as_deref() == Some("svg") {
        let root = SVGBackend::new(temp.path(), SIZE).into_drawing_area();
        svg(&root).and_then(|()| root.present().map_err(|e| e.to_string()))
    } else {
        let root = BitMapBackend::new(temp.path(), SIZE).into_drawing_area();
        png(&root).and_then(|()| root.present().map_err(|e| e.to_string()))
    };
    // On failure the temporary file is removed when `temp` drops.
    drawn.map_err(chart_error(path))?;
    commit(temp, path)
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
    // plotters loops forever laying out ticks on an axis that is not a finite, non-empty range
    // (an empty summary, an infinite target or value): refuse it here, for every chart.
    for (name, r) in [("x", &x), ("y", &y)] {
        if !(r.start.is_finite() && r.end.is_finite() && r.start < r.end) {
            return Err(format!(
                "nothing to draw: the {name} axis would run from {} to {} (empty or non-finite data)",
                r.start, r.end
            ));
        }
    }
    ChartBuilder::on(root)
        .caption(title, ("sans-serif", title_size))
        .margin(20)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(x, y)
        .map_err(err)
}

/// A title and a grey subtitle line (the assumptions) across the top; the area below them for
/// the chart, which [`frame`] then builds without a caption of its own.
fn header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> std::result::Result<DrawingArea<DB, Shift>, String> {
    let (upper, lower) = root.split_vertically(64);
    upper
        .draw(&Text::new(
            title.to_owned(),
            (20, 8),
            ("sans-serif", 24).into_font(),
        ))
        .map_err(err)?;
    upper
        .draw(&Text::new(
            subtitle.to_owned(),
            (20, 40),
            ("sans-serif", 14).into_font().color(&RGBColor(80, 80, 80)),
        ))
        .map_err(err)?;
    Ok(lower)
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

// After the `render!` macro, which the chart modules use.
mod bars;
mod fan;
mod heatmap;
mod history;
mod outlook;
mod reliability;
mod stacked;

pub use bars::{equilibrium_chart, equilibrium_intervals_chart};
pub use fan::{FanText, fan_chart, fan_chart_labelled};
pub use heatmap::heatmap_chart;
pub use history::history_chart;
pub use outlook::outlook_chart;
pub use reliability::calibration_chart;
pub use stacked::stacked_chart;

/// A chart as SVG text, to embed in a page: `draw` is one of this module's functions given a
/// path (it draws into a temporary folder, removed afterwards), and the drawing scales with its
/// container (width 100% over its `viewBox`).
///
/// ```
/// use bilateral::{Corridor, Dataset, Flow, chart};
/// let data = Dataset::builtin()?;
/// let svg = chart::svg_text(|path| chart::history_chart(&data, Corridor::KAZ_UZB, Flow::Turnover, path))?;
/// assert!(svg.starts_with("<svg width=\"100%\" viewBox=\"0 0 1100 650\""));
/// # Ok::<(), bilateral::Error>(())
/// ```
///
/// # Errors
/// As `draw`; [`IoError::Io`] when the temporary folder cannot be made or read.
pub fn svg_text(draw: impl FnOnce(&Path) -> Result<()>) -> Result<String> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |cause| Error::Io(IoError::Io { path, cause })
    };
    let dir = tempfile::tempdir().map_err(io(&std::env::temp_dir()))?;
    let path = dir.path().join("chart.svg");
    draw(&path)?;
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let (w, h) = SIZE;
    let sized = format!("<svg width=\"{w}\" height=\"{h}\"");
    Ok(match text.strip_prefix(&sized) {
        // plotters writes the viewBox after the size: the drawing keeps it and scales.
        Some(rest) => format!("<svg width=\"100%\"{rest}"),
        None => text,
    })
}

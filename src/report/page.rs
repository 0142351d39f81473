//! The page: sections in the order a reader asks, each from the layer that owns its result.

use std::fmt::Write as _;

use crate::audit::{Finding, Reconciliation, Verdict, audit_corridor, mirror_from_dataset};
use crate::chart;
use crate::data::{Corridor, Dataset, Estimate, Figure};
use crate::error::Result;
use crate::outlook::TargetOutlook;
use crate::outlook::table::{Amounts, comparison_cells, year_cells};
use crate::scenario::preset_files_with;
use crate::table::pct;

/// The page's style: readable on a screen, printable (tables and charts kept whole, no
/// backgrounds needed), colour-blind-safe accents as in the charts.
const STYLE: &str = "
:root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #d0d0d0; --blue: #0072b2; --orange: #e69f00;
        --red: #b2182b; --green: #009e73; }
* { box-sizing: border-box; }
body { font-family: 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif; color: var(--ink);
       max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.8rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; border-bottom: 2px solid var(--blue);
     padding-bottom: .2rem; break-after: avoid; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; break-after: avoid; }
p.meta, p.note, .small { color: var(--muted); font-size: .85rem; }
.answer { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0; }
.answer div { flex: 1 1 220px; border: 1px solid var(--rule); border-left: 5px solid var(--blue);
              padding: .6rem .9rem; break-inside: avoid; }
.answer b { display: block; font-size: 1.6rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .85rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .45rem; text-align: left;
         vertical-align: top; }
th { background: #f2f5f8; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n, td.k, td span[class^=verdict] { white-space: nowrap; }
tr { break-inside: avoid; }
figure { margin: 1rem 0; break-inside: avoid; }
figure svg { width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: .85rem; }
.verdict-inconsistent { color: var(--red); font-weight: bold; }
.verdict-in_tension { color: var(--orange); font-weight: bold; }
.verdict-consistent { color: var(--green); font-weight: bold; }
blockquote { margin: 0; color: var(--muted); font-style: italic; }
code { background: #f2f2f2; padding: 0 .2rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-before: auto; }
  a { color: inherit; text-decoration: none; }
  @page { size: A4; margin: 15mm; }
}
";

/// Text made safe inside HTML elements and attributes.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A cell: text, or a number aligned right.
enum Cell {
    Text(String),
    Num(String),
    /// A short key kept on one line (a check, a period, a flow).
    Key(String),
    /// Text already escaped (a verdict with its class).
    Html(String),
}

/// An HTML table; headers ending in `#` are number columns (the `#` is not shown).
fn table(headers: &[&str], rows: &[Vec<Cell>]) -> String {
    let mut s = String::from("<table>\n<thead><tr>");
    for h in headers {
        match h.strip_suffix('#') {
            Some(h) => {
                let _ = write!(s, "<th class=\"n\">{}</th>", esc(h));
            }
            None => {
                let _ = write!(s, "<th>{}</th>", esc(h));
            }
        }
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        s.push_str("<tr>");
        for cell in row {
            let _ = match cell {
                Cell::Text(t) => write!(s, "<td>{}</td>", esc(t)),
                Cell::Num(t) => write!(s, "<td class=\"n\">{}</td>", esc(t)),
                Cell::Key(t) => write!(s, "<td class=\"k\">{}</td>", esc(t)),
                Cell::Html(t) => write!(s, "<td>{t}</td>"),
            };
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table>\n");
    s
}

fn text(t: impl Into<String>) -> Cell {
    Cell::Text(t.into())
}

fn key(t: impl Into<String>) -> Cell {
    Cell::Key(t.into())
}

fn num(t: impl Into<String>) -> Cell {
    Cell::Num(t.into())
}

/// Dollars as a reader says them, to two decimals at their scale ("$8.55 billion").
fn money(dollars: f64) -> String {
    crate::data::money::format_dollars(dollars, Some(2))
}

/// The target as its documents print it ("$10 billion"), not as the range its rounding allows.
fn printed_target(e: Estimate) -> String {
    crate::data::money::format_dollars(e.point(), None)
}

fn verdict_cell(v: Verdict) -> Cell {
    Cell::Html(format!(
        "<span class=\"verdict-{}\">{}</span>",
        v.as_str(),
        esc(v.label())
    ))
}

/// A chart's SVG in a figure with its caption; a chart that cannot be drawn is said so in its
/// place (the rest of the page still stands).
fn figure(svg: Result<String>, caption: &str) -> String {
    match svg {
        Ok(svg) => format!(
            "<figure>\n{svg}\n<figcaption>{}</figcaption></figure>\n",
            esc(caption)
        ),
        Err(e) => format!(
            "<p class=\"note\">The chart could not be drawn: {}</p>\n",
            esc(&e.to_string())
        ),
    }
}

/// The page for the outlook's corridor, from `data` (the figures the outlook was made from) and
/// the outlook; `made_by` names the program and command in the page's header.
///
/// # Errors
/// An error of the audit's mirror statistics, the scenario presets or a chart's temporary
/// folder; a chart that cannot be drawn is said so in its place instead.
pub fn corridor_report(data: &Dataset, outlook: &TargetOutlook, made_by: &str) -> Result<String> {
    let spec = &outlook.spec;
    let corridor = spec.series.corridor;
    let year = outlook.reading_year;
    let target = printed_target(spec.target);
    let title = format!("{corridor} {}: {target} by {year}?", spec.series.flow);
    // One unit for every table's amounts, chosen by the target's size and said once here.
    let amounts = Amounts::for_target(spec.target.point());
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n\
         <p class=\"meta\">Made by {} from {} published figures on {corridor}. Amounts in US dollars; in \
         tables, {}.</p>\n",
        esc(&title),
        esc(&title),
        esc(made_by),
        data.corridor_figures(corridor).count(),
        amounts.name,
    );
    answer(&mut s, outlook);
    forecast_section(&mut s, outlook, amounts);
    rates_section(&mut s, outlook);
    figures_section(&mut s, data, corridor, spec.series.flow);
    audit_section(&mut s, data, corridor);
    mirror_section(&mut s, data, corridor, amounts)?;
    scenarios_section(&mut s, data, corridor, amounts)?;
    sources_section(&mut s, data, corridor, outlook);
    s.push_str("</body>\n</html>\n");
    Ok(s)
}

/// The question and the answer: the rate each published base figure needs, the forecast's
/// chance and median, and whether the base figures agree.
fn answer(s: &mut String, o: &TargetOutlook) {
    let spec = &o.spec;
    let year = o.reading_year;
    let target = printed_target(spec.target);
    let _ = write!(
        s,
        "<h2>The question and the answer</h2>\n<p>At what annual growth does {} {} reach {target} \
         by {year}, and how likely is it on the corridor's record?</p>\n<div class=\"answer\">\n",
        esc(&spec.series.corridor.to_string()),
        esc(&spec.series.flow.to_string())
    );
    let needed: Vec<f64> = o.published.iter().map(|p| p.required.point()).collect();
    let row = o.rows.iter().find(|r| r.year == year);
    if let (Some(lo), Some(hi)) = (
        needed.iter().copied().reduce(f64::min),
        needed.iter().copied().reduce(f64::max),
    ) {
        let rate = if (hi - lo).abs() < 5e-5 {
            pct(lo)
        } else {
            format!("{}–{}", pct(lo), pct(hi))
        };
        let _ = writeln!(
            s,
            "<div><b>{} a year</b>needed from the published {} figures to reach {target} by {year}</div>",
            esc(&rate),
            spec.base_year
        );
    } else if let Some(r) = row {
        let _ = writeln!(
            s,
            "<div><b>{} a year</b>needed from the base level to reach {target} by {year}</div>",
            esc(&pct(r.required.point()))
        );
    }
    if let Some(r) = row {
        if let Some(p) = r.forecast_probability {
            let iv = p.interval();
            let _ = writeln!(
                s,
                "<div><b>{:.2}</b>chance of at least {target} by {year} (calibrated forecast; \
                 {:.2}–{:.2} over the inputs' rounding)</div>",
                p.point(),
                iv.lo(),
                iv.hi()
            );
        }
        if let Some(level) = r.forecast_level {
            let level_pct = spec.level * 100.0;
            let _ = writeln!(
                s,
                "<div><b>{}</b>the forecast's median for {year} ({level_pct:.0}% interval \
                 {} to {})</div>",
                money(level.point()),
                money(level.interval().lo()),
                money(level.interval().hi())
            );
        }
    }
    s.push_str("</div>\n<ul>\n");
    for p in &o.published {
        let iv = p.required.interval();
        let _ = writeln!(
            s,
            "<li>{} published ({}) needs <b>{}</b> a year by {year} ({}–{} over the figure's and \
             the target's rounding).</li>",
            esc(&p.printed),
            esc(&p.source),
            esc(&pct(p.required.point())),
            esc(&pct(iv.lo())),
            esc(&pct(iv.hi()))
        );
    }
    if let Some(d) = &o.disagreement {
        let _ = writeln!(s, "<li>{}</li>", esc(d));
    }
    let crossing = o
        .rows
        .iter()
        .find(|r| {
            r.forecast_level
                .is_some_and(|e| e.point() >= spec.target.point())
        })
        .map_or_else(
            || format!("does not reach {target} by {}", spec.last_year),
            |r| format!("first reaches {target} in {}", r.year),
        );
    if o.forecast.is_some() {
        let _ = writeln!(s, "<li>The forecast's median {crossing}.</li>");
    }
    let _ = writeln!(
        s,
        "<li>The target's documents name no year: {year} is read as {} years after {}; the \
         table below gives every year.</li>\n</ul>",
        year - spec.base_year,
        spec.base_year
    );
}

/// The outlook chart and table, and what the forecast rests on.
fn forecast_section(s: &mut String, o: &TargetOutlook, a: Amounts) {
    let spec = &o.spec;
    let level = format!("{:.0}%", spec.level * 100.0);
    s.push_str("<h2>The outlook</h2>\n");
    if o.forecast.is_some() {
        s.push_str(&figure(
            chart::svg_text(|path| chart::outlook_chart(o, path)),
            "History as published (ranges: the figures' rounding; hollow: partial years \
             annualised), the calibrated forecast's median and intervals, the target with its \
             rounding, and the chance of the target.",
        ));
    }
    let rows: Vec<Vec<Cell>> = o
        .rows
        .iter()
        .map(|r| year_cells(r, a, "–").into_iter().map(num).collect())
        .collect();
    let interval = format!("{level} interval, {}#", a.short);
    let trend = format!("trend, {level} interval, {}#", a.short);
    let median = format!("forecast median, {}#", a.short);
    s.push_str(&table(
        &[
            "year#",
            "rate needed [range]#",
            &median,
            &interval,
            "P(≥ target) [inputs]#",
            &trend,
            "P(trend ≥ target)#",
        ],
        &rows,
    ));
    let Some(f) = &o.forecast else {
        let _ = writeln!(
            s,
            "<p class=\"note\">No forecast: the series is too short for one.</p>"
        );
        return;
    };
    s.push_str("<h3>How much the answer depends on the method</h3>\n");
    let year = o.reading_year;
    let rows: Vec<Vec<Cell>> = comparison_cells(o, f, a, "–")
        .into_iter()
        .map(|cells| {
            cells
                .into_iter()
                .enumerate()
                .map(|(i, c)| if i == 0 { text(c) } else { num(c) })
                .collect()
        })
        .collect();
    let median = format!("{year} median, {}#", a.short);
    let interval = format!("{level} interval, {}#", a.short);
    s.push_str(&table(
        &[
            "method",
            &median,
            &interval,
            "P(≥ target)#",
            "log-MAE h1/h2/h3, all [large pairs]#",
            "80% intervals covered, all [large]#",
        ],
        &rows,
    ));
    let _ = writeln!(
        s,
        "<p class=\"note\">Skill measured out of sample on the reference panel, each method with \
         its own calibration.</p>"
    );
    for line in crate::outlook::table::forecast_note(f, spec.level)
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", esc(line));
    }
}

/// The rates the corridor has shown and when each reaches the target.
fn rates_section(s: &mut String, o: &TargetOutlook) {
    if o.historical.is_empty() {
        return;
    }
    s.push_str("<h2>The rates the corridor has shown</h2>\n");
    let rows: Vec<Vec<Cell>> = o
        .historical
        .iter()
        .map(|h| {
            let iv = h.rate.interval();
            let range = match h.year_reached_range {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a}–{b}"),
                (Some(a), None) => format!("{a} to never"),
                (None, _) => "never".into(),
            };
            vec![
                num(format!(
                    "{} [{}, {}]",
                    pct(h.rate.point()),
                    pct(iv.lo()),
                    pct(iv.hi())
                )),
                num(h.year_reached.map_or("never".into(), |y| y.to_string())),
                num(range),
                text(h.label.clone()),
            ]
        })
        .collect();
    s.push_str(&table(
        &[
            "rate a year [range]#",
            "reaches the target#",
            "over the range#",
            "from",
        ],
        &rows,
    ));
}

/// The corridor's published figures, with the history chart.
fn figures_section(s: &mut String, data: &Dataset, corridor: Corridor, flow: crate::data::Flow) {
    s.push_str("<h2>What was published</h2>\n");
    s.push_str(&figure(
        chart::svg_text(|path| chart::history_chart(data, corridor, flow, path)),
        &format!("Every published {flow} level by reporting side, with the range its printed precision allows."),
    ));
    let mut figures: Vec<&Figure> = data.corridor_figures(corridor).collect();
    figures.sort_by(|a, b| {
        a.period()
            .map(|p| p.to_string())
            .cmp(&b.period().map(|p| p.to_string()))
            .then_with(|| a.id().as_str().cmp(b.id().as_str()))
    });
    let (dated, other): (Vec<&Figure>, Vec<&Figure>) =
        figures.into_iter().partition(|f| f.period().is_some());
    let source = |f: &Figure| {
        let quote = &f.provenance().quote;
        Cell::Html(format!(
            "{}{}<span class=\"small\">{}</span>",
            esc(&f.provenance().source.to_string()),
            if quote.trim().is_empty() {
                "<br>".to_owned()
            } else {
                format!("<blockquote>“{}”</blockquote>", esc(quote))
            },
            esc(f.id().as_str())
        ))
    };
    let measure = |f: &Figure| f.measure().replace('_', " ");
    if !dated.is_empty() {
        let _ = writeln!(s, "<h3>Trade by period ({})</h3>", dated.len());
        let rows: Vec<Vec<Cell>> = dated
            .iter()
            .map(|f| {
                vec![
                    key(f.period().map_or(String::new(), |p| p.to_string())),
                    text(measure(f)),
                    num(f.value_text()),
                    text(f.reporter().map_or(String::new(), |c| c.code().to_owned())),
                    source(f),
                ]
            })
            .collect();
        s.push_str(&table(
            &[
                "period",
                "measure",
                "as published#",
                "side",
                "source, quote and id",
            ],
            &rows,
        ));
    }
    if !other.is_empty() {
        let _ = writeln!(
            s,
            "<h3>Targets, projects and other figures ({})</h3>",
            other.len()
        );
        let rows: Vec<Vec<Cell>> = other
            .iter()
            .map(|f| vec![text(measure(f)), num(f.value_text()), source(f)])
            .collect();
        s.push_str(&table(
            &["measure", "as published#", "source, quote and id"],
            &rows,
        ));
    }
}

/// The audit's findings on the corridor, grouped by verdict (the disagreements first).
fn audit_section(s: &mut String, data: &Dataset, corridor: Corridor) {
    s.push_str("<h2>Do the published figures agree?</h2>\n");
    let findings = audit_corridor(data, corridor);
    let order = [
        Verdict::Inconsistent,
        Verdict::InTension,
        Verdict::Consistent,
        Verdict::Info,
        Verdict::NotChecked,
    ];
    let counts: Vec<String> = order
        .iter()
        .map(|v| {
            format!(
                "{} {}",
                findings.iter().filter(|f| f.verdict == *v).count(),
                v.label()
            )
        })
        .collect();
    let _ = writeln!(
        s,
        "<p>The audit compares every pair of figures that must agree, within their printed \
         precision: {} findings, {}.</p>",
        findings.len(),
        esc(&counts.join(", "))
    );
    for v in order {
        let group: Vec<&Finding> = findings.iter().filter(|f| f.verdict == v).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(
            s,
            "<h3>{} ({})</h3>",
            esc(capitalised(v.label()).as_str()),
            group.len()
        );
        let rows: Vec<Vec<Cell>> = group
            .iter()
            .map(|f| {
                vec![
                    key(f.check.label()),
                    key(f.period.map_or(String::new(), |p| p.to_string())),
                    verdict_cell(f.verdict),
                    text(f.explanation.clone()),
                ]
            })
            .collect();
        s.push_str(&table(
            &["check", "period", "verdict", "what the figures say"],
            &rows,
        ));
    }
}

fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    c.next().map_or(String::new(), |first| {
        first.to_uppercase().chain(c).collect()
    })
}

/// Each flow as its exporter and its importer report it, against the CIF/FOB band.
fn mirror_section(s: &mut String, data: &Dataset, corridor: Corridor, a: Amounts) -> Result<()> {
    s.push_str("<h2>Mirror statistics</h2>\n");
    let pairs = mirror_from_dataset(data, corridor, Reconciliation::default())?;
    if pairs.is_empty() {
        let _ = writeln!(
            s,
            "<p>No year has both sides' figures of the same flow: nothing to mirror.</p>"
        );
        return Ok(());
    }
    let _ = writeln!(
        s,
        "<p>The importer's figure (CIF) should exceed the exporter's (FOB) by freight and \
         insurance: a ratio inside the usual band is consistent.</p>"
    );
    let rows: Vec<Vec<Cell>> = pairs
        .iter()
        .map(|p| {
            vec![
                num(p.year.to_string()),
                key(format!("{} → {}", p.exporter.code(), p.importer.code())),
                num(format!(
                    "{} [{}]",
                    a.value(p.exporter_reports.point()),
                    a.range_with(p.exporter_reports, "–")
                )),
                num(format!(
                    "{} [{}]",
                    a.value(p.importer_reports.point()),
                    a.range_with(p.importer_reports, "–")
                )),
                num(p.ratio.map_or("–".into(), |r| {
                    format!(
                        "{:.2} [{:.2}, {:.2}]",
                        r.point(),
                        r.interval().lo(),
                        r.interval().hi()
                    )
                })),
                verdict_cell(p.verdict),
                num(a.value(p.reconciled.point())),
                text(p.rule.clone()),
            ]
        })
        .collect();
    let exporter = format!("exporter reports, {}#", a.short);
    let importer = format!("importer reports, {}#", a.short);
    let reconciled = format!("reconciled, {}#", a.short);
    s.push_str(&table(
        &[
            "year#",
            "flow",
            &exporter,
            &importer,
            "CIF/FOB ratio#",
            "verdict",
            &reconciled,
            "rule",
        ],
        &rows,
    ));
    Ok(())
}

/// The presets named for the corridor: each one's path, year by year, and the chart of the one
/// with the most layers.
fn scenarios_section(s: &mut String, data: &Dataset, corridor: Corridor, a: Amounts) -> Result<()> {
    s.push_str("<h2>Scenario presets</h2>\n");
    // The preset files named for the corridor (`kaz-uzb-….toml`); one whose figures the data
    // lack is said so in its place, the others still shown.
    let prefix = format!(
        "data/scenarios/{}-{}-",
        corridor.reporter().code().to_ascii_lowercase(),
        corridor.partner().code().to_ascii_lowercase()
    );
    let mut presets = Vec::new();
    let mut failed = 0;
    for (name, scenario) in preset_files_with(data) {
        if !name.starts_with(&prefix) {
            continue;
        }
        match scenario {
            Ok(scenario) => presets.push(scenario),
            Err(e) => {
                failed += 1;
                let _ = writeln!(
                    s,
                    "<p class=\"note\">Preset {} cannot be built on these data: {}</p>",
                    esc(name),
                    esc(&e.to_string())
                );
            }
        }
    }
    if presets.is_empty() {
        if failed == 0 {
            let _ = writeln!(s, "<p>No preset is named for {corridor}.</p>");
        }
        return Ok(());
    }
    let results = presets
        .iter()
        .map(crate::scenario::Scenario::run)
        .collect::<Result<Vec<_>>>()?;
    let _ = writeln!(
        s,
        "<p>Illustrative paths: each preset's assumptions are in its file under \
         <code>data/scenarios/</code> and below; they are not forecasts.</p>"
    );
    let mut headers: Vec<String> = vec!["year#".into()];
    headers.extend(
        results
            .iter()
            .map(|r| format!("{}, {}#", r.scenario, a.short)),
    );
    let mut years: Vec<i32> = results
        .iter()
        .flat_map(|r| r.years.iter().copied())
        .collect();
    years.sort_unstable();
    years.dedup();
    let mut rows: Vec<Vec<Cell>> = years
        .iter()
        .map(|y| {
            let mut row = vec![num(y.to_string())];
            row.extend(results.iter().map(|r| {
                num(r
                    .years
                    .iter()
                    .zip(&r.total)
                    .find(|(ry, _)| *ry == y)
                    .map_or("–".into(), |(_, v)| a.value(*v)))
            }));
            row
        })
        .collect();
    let mut reach = vec![text("reaches the target")];
    reach.extend(results.iter().map(|r| {
        num(r.target.map_or("no target".into(), |t| {
            r.first_year_reaching(t)
                .map_or("not in these years".into(), |y| y.to_string())
        }))
    }));
    rows.push(reach);
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    s.push_str(&table(&header_refs, &rows));
    s.push_str("<ul>\n");
    for p in &presets {
        let _ = writeln!(
            s,
            "<li><b>{}</b>: {}</li>",
            esc(&p.name),
            esc(&p.description)
        );
    }
    s.push_str("</ul>\n");
    if let Some(widest) = results.iter().max_by_key(|r| r.contributions.len()) {
        s.push_str(&figure(
            chart::svg_text(|path| chart::stacked_chart(widest, path)),
            &format!(
                "{}: the baseline and each layer's contribution, stacked, against the target.",
                widest.scenario
            ),
        ));
    }
    Ok(())
}

/// Where every number comes from, and how to make the page again.
fn sources_section(s: &mut String, data: &Dataset, corridor: Corridor, o: &TargetOutlook) {
    s.push_str("<h2>Sources and method</h2>\n<ul>\n");
    let mut sources: Vec<String> = data
        .corridor_figures(corridor)
        .map(|f| f.provenance().source.to_string())
        .collect();
    sources.sort();
    sources.dedup();
    let _ = writeln!(
        s,
        "<li>Published figures: {} sources, each figure with its quote above: {}.</li>",
        sources.len(),
        esc(&sources.join("; "))
    );
    if let Some(f) = &o.forecast {
        let _ = writeln!(
            s,
            "<li>Forecast: {}, calibrated on the {} (CC BY 4.0).</li>",
            esc(f.method.label()),
            esc(&f.reference)
        );
    }
    let _ = writeln!(
        s,
        "<li>Make this page again: <code>bilateral report --corridor {}-{} -o report.html</code>; \
         the same numbers as tables: <code>bilateral outlook</code>, <code>bilateral figures</code>, \
         <code>bilateral audit</code>, <code>bilateral mirror</code>, \
         <code>bilateral scenario presets</code>.</li>\n</ul>",
        corridor.reporter().code(),
        corridor.partner().code()
    );
}

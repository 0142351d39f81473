//! General-equilibrium counterfactuals: the book's two applications and a synthetic world,
//! timed.
//!
//! ```text
//! cargo run --release --example equilibrium -- borders ../shared/data/agtpa/cross_section_2006.csv --csv FILE [--chart FILE.svg]
//! cargo run --release --example equilibrium -- nafta ../shared/data/agtpa/rta_panel_1986_2006.csv --csv FILE [--chart FILE.png]
//! cargo run --release --example equilibrium -- synthetic --countries 200 --seed 1 [--csv FILE]
//! cargo run --release --example equilibrium -- borders ../shared/data/agtpa/cross_section_2006.csv --draws 1000 --seed 1
//! ```
//!
//! With `--draws D` (and `--seed S`, `--level L`, default 0.9) the first stage's cost
//! coefficients are drawn D times from Normal(β̂, V̂) and baseline and counterfactual solved
//! again per draw: it prints the per-country intervals (69 countries or fewer), then
//! `equilibrium NAME draws=D seconds=S failed=F` (seconds: the best of 3 runs after a warm-up of
//! the draws from the baseline in memory, the first stage excluded, as gegravity's MonteCarloGE
//! is timed in tools/equilibrium/), the largest mover's interval, and the largest distance
//! between a country's median and its point result over every column. `--imbalances balanced`
//! removes trade imbalances first (Dekle, Eaton & Kortum).
//!
//! Prints the per-country table (sorted by real GDP change), then
//! `equilibrium NAME countries=N iterations=I seconds=S`: seconds are the best of 5 runs after a
//! warm-up of the whole application from the data in memory (first-stage PPML, baseline,
//! conditional and full equilibria); iterations are the full equilibrium's. `--csv` writes the
//! per-country results with the columns `country,exports_cdl_pct,exports_full_pct,
//! price_full_pct,omr_cdl_pct,omr_full_pct,imr_cdl_pct,imr_full_pct,real_gdp_full_pct`;
//! `--chart` draws the real GDP change by country.

use std::process::ExitCode;

use bilateral::equilibrium::{
    Baseline, Counterfactual, Draws, EquilibriumResult, Imbalances, book,
};
use bilateral::gravity::{Panel, PanelColumns, agtpa};

const RUNS: usize = 5;

/// An application: from the data in memory to a baseline and its counterfactual.
type App = Box<dyn Fn() -> bilateral::Result<(Baseline, Counterfactual)>>;

#[path = "common/timed.rs"]
mod timed;

fn main() -> ExitCode {
    timed::finish(
        run(),
        "equilibrium borders FILE | nafta FILE | synthetic [--countries N] [--seed S]  [--csv FILE] [--chart FILE] [--sigma S] [--draws D] [--level L] [--imbalances balanced]",
    )
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mode = match parser.next()? {
        Some(Value(v)) => v.string()?,
        Some(other) => return Err(other.unexpected().into()),
        None => return Err("a mode is needed: borders, nafta or synthetic".into()),
    };
    let (mut file, mut csv, mut chart, mut countries, mut seed, mut sigma) = (
        None::<String>,
        None::<String>,
        None::<String>,
        200usize,
        1u64,
        book::SIGMA,
    );
    let (mut draws, mut level, mut imbalances) = (None::<usize>, 0.9, Imbalances::FixedShares);
    while let Some(arg) = parser.next()? {
        match arg {
            Value(v) if file.is_none() && mode != "synthetic" => file = Some(v.string()?),
            Long("csv") => csv = Some(parser.value()?.string()?),
            Long("chart") => chart = Some(parser.value()?.string()?),
            Long("countries") => countries = parser.value()?.parse()?,
            Long("seed") => seed = parser.value()?.parse()?,
            Long("sigma") => sigma = parser.value()?.parse()?,
            Long("draws") => draws = Some(parser.value()?.parse()?),
            Long("level") => level = parser.value()?.parse()?,
            Long("imbalances") => imbalances = parser.value()?.string()?.parse()?,
            other => return Err(other.unexpected().into()),
        }
    }
    let need_file = || file.clone().ok_or(format!("{mode} needs its data file"));
    let (name, app): (&str, App) = match mode.as_str() {
        "borders" => {
            let panel = Panel::from_csv(need_file()?, &PanelColumns::default())?;
            (
                "borders",
                Box::new(move || book::borders_on(&panel, sigma).map(|(b, c, _)| (b, c))),
            )
        }
        "nafta" => {
            let panel = agtpa::rta_panel(need_file()?)?;
            (
                "nafta",
                Box::new(move || book::nafta_on(&panel, sigma).map(|(b, c, _)| (b, c))),
            )
        }
        "synthetic" => (
            "synthetic",
            Box::new(move || book::synthetic(countries, seed)),
        ),
        other => return Err(format!("unknown mode {other:?}").into()),
    };
    if let Some(d) = draws {
        let (b, cf) = app()?;
        let b = b.with_imbalances(imbalances);
        let spec = Draws::new(d, seed)?.level(level)?;
        let (r, best) = timed::best_of(3, || b.solve_with_draws(&cf, &spec))?;
        if b.countries().len() <= 100 {
            print!("{r}");
        }
        if let Some(path) = &csv {
            bilateral::io::write_csv(std::path::Path::new(path), &r)?;
        }
        if let Some(path) = &chart {
            bilateral::chart::equilibrium_intervals_chart(&r, std::path::Path::new(path))?;
        }
        println!(
            "equilibrium {name} draws={} seconds={best:.3} failed={}",
            r.draws, r.failed
        );
        if let Some(m) = r.largest_mover() {
            println!(
                "largest mover {} {}: point {:.3} median {:.3} {:.0}% interval [{:.3}, {:.3}]",
                m.country,
                m.measure,
                m.point,
                m.median,
                100.0 * r.level,
                m.low,
                m.high
            );
        }
        for (what, only) in [
            ("real GDP", Some("real_gdp_full_pct")),
            ("any column", None),
        ] {
            let worst = r
                .countries
                .iter()
                .filter(|c| only.is_none_or(|m| c.measure == m))
                .map(|c| ((c.median - c.point).abs(), c))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((gap, c)) = worst {
                println!(
                    "largest |median - point|, {what}: {gap:.4} percentage points ({} {}, point {:.3})",
                    c.country, c.measure, c.point
                );
            }
        }
        return Ok(());
    }
    let solve = || -> bilateral::Result<(usize, EquilibriumResult)> {
        let (b, cf) = app()?;
        let b = b.with_imbalances(imbalances);
        Ok((b.countries().len(), b.solve(&cf)?))
    };
    let ((n, result), best) = timed::best_of(RUNS, solve)?;
    if n <= 100 {
        print!("{result}");
    }
    if let Some(path) = &csv {
        bilateral::io::write_csv(std::path::Path::new(path), &result)?;
    }
    if let Some(path) = &chart {
        bilateral::chart::equilibrium_chart(&result, std::path::Path::new(path))?;
    }
    println!(
        "equilibrium {name} countries={n} iterations={} seconds={best:.3}",
        result.iterations
    );
    Ok(())
}

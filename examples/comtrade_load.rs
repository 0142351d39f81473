//! Load benchmark for Comtrade-layout files: writes a synthetic file of N rows (default 10
//! million) once, then loads and aggregates it to totals over commodity codes, printing
//! `rows_per_s` (the streaming csv reader) and, with `--features polars`, `polars_rows_per_s`
//! (the lazy polars scan).
//!
//! `cargo run --release --example comtrade_load -- --rows 10000000 [--file PATH]`

#[path = "common/args.rs"]
mod args;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const REPORTERS: [&str; 12] = [
    "KAZ", "UZB", "KGZ", "TJK", "TKM", "RUS", "CHN", "TUR", "USA", "DEU", "IND", "IRN",
];
const HS4: [&str; 16] = [
    "1001", "2701", "2709", "2711", "7208", "7403", "8703", "8471", "3102", "5201", "0805", "8517",
    "2601", "7601", "8429", "TOTAL",
];

/// Writes `rows` rows in the Comtrade bulk layout (with columns the reader ignores), values from a
/// fixed-seed linear congruential generator so every run writes the same file.
fn generate(path: &Path, rows: u64) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::with_capacity(1 << 22, std::fs::File::create(path)?);
    writeln!(
        w,
        "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,cmdCode,cmdDesc,qty,primaryValue,cifvalue,fobvalue,isAggregate"
    )?;
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    for _ in 0..rows {
        let r = next();
        let year = 2015 + (r % 10);
        let rep = REPORTERS[(r / 10 % 12) as usize];
        let mut par = REPORTERS[(r / 120 % 12) as usize];
        if par == rep {
            par = "W00";
        }
        let flow = if r / 1440 % 2 == 0 { "X" } else { "M" };
        let cmd = HS4[(r / 2880 % 16) as usize];
        let value = (next() % 1_000_000_000) as f64 / 10.0;
        let (cif, fob) = if flow == "M" {
            (format!("{value}"), String::new())
        } else {
            (String::new(), format!("{value}"))
        };
        writeln!(
            w,
            "C,A,{year}0101,{year},52,{year},0,{rep},,{flow},,0,{par},,{cmd},,,{value},{cif},{fob},False"
        )?;
    }
    w.flush()
}

fn main() -> ExitCode {
    args::main(
        &["rows", "file"],
        "usage: comtrade_load [--rows N] [--file PATH]",
        |a| {
            let rows: u64 = a.get("rows", 10_000_000)?;
            let default = format!("target/comtrade-synthetic-{rows}.csv");
            let path = PathBuf::from(a.get("file", default)?);
            Ok(run(&path, rows))
        },
    )
}

fn run(path: &Path, rows: u64) -> bilateral::Result<()> {
    if !path.exists() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|cause| {
                bilateral::Error::Io(bilateral::error::IoError::Io {
                    path: dir.display().to_string(),
                    cause,
                })
            })?;
        }
        let t = Instant::now();
        generate(path, rows).map_err(|cause| {
            bilateral::Error::Io(bilateral::error::IoError::Io {
                path: path.display().to_string(),
                cause,
            })
        })?;
        eprintln!(
            "wrote {} ({rows} rows) in {:.1} s",
            path.display(),
            t.elapsed().as_secs_f64()
        );
    }
    let t = Instant::now();
    let load = bilateral::io::comtrade_totals(path)?;
    let secs = t.elapsed().as_secs_f64();
    println!("rows {}", load.rows);
    println!("totals {}", load.items.len());
    println!("rows_per_s {:.0}", load.rows as f64 / secs);
    #[cfg(feature = "polars")]
    {
        let t = Instant::now();
        let df = bilateral::io::comtrade_totals_frame(path)?;
        let secs = t.elapsed().as_secs_f64();
        println!("polars_totals {}", df.height());
        println!("polars_rows_per_s {:.0}", load.rows as f64 / secs);
    }
    Ok(())
}

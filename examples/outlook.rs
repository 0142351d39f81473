//! The main job: for Kazakhstan–Uzbekistan on the built-in data, print the published figures grouped
//! by year with their sources, then the consistency audit.
//!
//! Run with `cargo run --release --example outlook`.

use std::process::ExitCode;

use bilateral::{Corridor, Dataset, Figure, TextTable, audit_corridor, fmt_estimate, tally};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn source_text(f: &Figure) -> String {
    let p = f.provenance();
    let mut s = p.source.to_string();
    if let Some(who) = &p.attributed_to {
        s.push_str(&format!(" ({who})"));
    }
    s
}

fn run() -> bilateral::Result<()> {
    let data = Dataset::builtin()?;
    let corridor = Corridor::KAZ_UZB;
    println!("bilateral outlook: {corridor} (Kazakhstan-Uzbekistan), built-in data");
    println!(
        "{} figures and {} regime facts in the dataset\n",
        data.figures().len(),
        data.regimes().len()
    );

    println!("== Published figures by year ==");
    for (year, figures) in data.by_year(corridor) {
        let heading = year.map_or("Undated (as of publication)".to_string(), |y| y.to_string());
        println!("\n-- {heading} --");
        let mut t = TextTable::new([
            "id", "period", "measure", "value", "interval", "side", "source",
        ])
        .limit(6, 48);
        for f in figures {
            let interval = f
                .estimate()
                .map(|e| fmt_estimate(e, f.unit()))
                .unwrap_or_default();
            t.row([
                f.id().to_string(),
                f.period().map(|p| p.to_string()).unwrap_or_default(),
                f.measure().to_string(),
                f.value_text(),
                if f.unit() == bilateral::Unit::Usd {
                    interval
                } else {
                    String::new()
                },
                f.reporter().map(|c| c.to_string()).unwrap_or_default(),
                source_text(f),
            ]);
        }
        print!("{t}");
    }

    let findings = audit_corridor(&data, corridor);
    let (ok, tension, bad) = tally(&findings);
    println!(
        "\n== Consistency audit: {} findings ({ok} consistent, {tension} in tension, {bad} inconsistent) ==\n",
        findings.len()
    );
    let mut t = TextTable::new(["check", "period", "verdict", "derived", "explanation"])
        .limit(3, 28)
        .limit(4, 90);
    for f in &findings {
        t.row([
            f.check.to_string(),
            f.period.map(|p| p.to_string()).unwrap_or_default(),
            f.verdict.to_string(),
            fmt_estimate(f.derived, f.unit),
            f.explanation.clone(),
        ]);
    }
    print!("{t}");
    Ok(())
}

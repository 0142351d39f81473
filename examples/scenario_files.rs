//! Writes every preset scenario as a JSON and a TOML file, to edit and load back with
//! `Scenario::from_json` / `Scenario::from_toml`.
//!
//! `cargo run --example scenario_files -- --out DIR` (default `target/scenarios/`)

#[path = "common/args.rs"]
mod args;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    let dir = match args::arg(&argv, "--out", "target/scenarios".to_string()) {
        Ok(d) => PathBuf::from(d),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match run(&dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &std::path::Path) -> bilateral::Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| bilateral::Error::Io {
        path: dir.display().to_string(),
        source,
    })?;
    for s in bilateral::presets() {
        let stem = s.name.replace(' ', "_");
        for (ext, text) in [("json", s.to_json()?), ("toml", s.to_toml()?)] {
            let path = dir.join(format!("{stem}.{ext}"));
            bilateral::write_atomic(&path, text.as_bytes())?;
            println!("{}", path.display());
        }
    }
    Ok(())
}

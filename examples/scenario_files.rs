//! Writes every preset scenario as a JSON and a TOML file, to edit and load back with
//! `Scenario::from_json` / `Scenario::from_toml`.
//!
//! `cargo run --example scenario_files -- --out DIR` (default `target/scenarios/`)

#[path = "common/args.rs"]
mod args;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    args::main(&["out"], "usage: scenario_files [--out DIR]", |a| {
        Ok(run(&PathBuf::from(
            a.get("out", "target/scenarios".to_string())?,
        )))
    })
}

fn run(dir: &std::path::Path) -> bilateral::Result<()> {
    std::fs::create_dir_all(dir).map_err(|cause| {
        bilateral::Error::Io(bilateral::error::IoError::Io {
            path: dir.display().to_string(),
            cause,
        })
    })?;
    for s in bilateral::scenario::presets()? {
        let stem = s.name.replace(' ', "_");
        for (ext, text) in [("json", s.to_json()?), ("toml", s.to_toml()?)] {
            let path = dir.join(format!("{stem}.{ext}"));
            bilateral::io::write_atomic(&path, text.as_bytes())?;
            println!("{}", path.display());
        }
    }
    Ok(())
}

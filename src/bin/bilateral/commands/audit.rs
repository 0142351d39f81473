//! `bilateral audit`.

use std::process::ExitCode;

use bilateral::audit;
use bilateral::{Corridor, Result, Verdict};

use super::DataArgs;
use crate::output::Out;

/// When the audit should fail a pipeline.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Exit 1 if any finding is inconsistent.
    Inconsistent,
    /// Exit 1 if any finding is in tension or inconsistent.
    InTension,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArgs,
    /// Keep the findings about one corridor (either direction), e.g. KAZ-UZB.
    #[arg(long, value_parser = super::corridor)]
    corridor: Option<Corridor>,
    /// Exit with status 1 when a finding has this verdict or a worse one.
    #[arg(long, value_enum, value_name = "VERDICT")]
    fail_on: Option<FailOn>,
}

pub fn run(a: &Args, out: &Out) -> Result<ExitCode> {
    let data = a.data.load()?;
    let findings = match a.corridor {
        Some(c) => {
            data.require_corridor(c)?;
            audit::audit_corridor(&data, c)
        }
        None => audit::audit(&data),
    };
    out.emit(&findings)?;
    let failing = |v: Verdict| match a.fail_on {
        None => false,
        Some(FailOn::Inconsistent) => v == Verdict::Inconsistent,
        Some(FailOn::InTension) => matches!(v, Verdict::Inconsistent | Verdict::InTension),
    };
    let bad = findings.iter().filter(|f| failing(f.verdict)).count();
    if bad > 0 {
        eprintln!("audit: {bad} finding(s) at or past the --fail-on verdict");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

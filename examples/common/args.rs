//! Command-line flags for the examples, parsed with lexopt: `--name value` or `--name=value` for
//! the flags an example declares, and `--help`. Anything else is an error that names it, so a
//! misspelt flag is never silently ignored.

use std::collections::HashMap;
use std::fmt::Display;
use std::process::ExitCode;
use std::str::FromStr;

/// The flags given, by name (without `--`).
pub struct Args {
    values: HashMap<String, String>,
}

impl Args {
    /// The value of `--name`, parsed, or `default` if it was not given.
    pub fn get<T: FromStr>(&self, name: &str, default: T) -> Result<T, String>
    where
        T::Err: Display,
    {
        match self.values.get(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|e| format!("--{name} {v:?}: {e}")),
        }
    }
}

/// Parses the process's arguments against `flags`; `None` after printing `usage` for `--help`.
fn parse(flags: &[&str], usage: &str) -> Result<Option<Args>, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut values = HashMap::new();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => {
                println!("{usage}");
                return Ok(None);
            }
            Long(name) if flags.contains(&name) => {
                let name = name.to_owned();
                let value = parser
                    .value()
                    .map_err(|e| e.to_string())?
                    .string()
                    .map_err(|_| format!("--{name}: the value is not UTF-8"))?;
                values.insert(name, value);
            }
            other => return Err(other.unexpected().to_string()),
        }
    }
    Ok(Some(Args { values }))
}

/// An example's `main`: parses `flags`, runs `body`, prints any error (with the usage for a bad
/// argument) and gives the exit status: 0 on success, 2 for a usage error, 1 otherwise.
pub fn main<E: Display>(
    flags: &[&str],
    usage: &str,
    body: impl FnOnce(&Args) -> Result<Result<(), E>, String>,
) -> ExitCode {
    let args = match parse(flags, usage) {
        Ok(Some(a)) => a,
        Ok(None) => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}\n{usage}");
            return ExitCode::from(2);
        }
    };
    match body(&args) {
        Err(e) => {
            eprintln!("error: {e}\n{usage}");
            ExitCode::from(2)
        }
        Ok(Err(e)) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
        Ok(Ok(())) => ExitCode::SUCCESS,
    }
}

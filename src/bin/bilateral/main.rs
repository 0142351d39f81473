//! `bilateral`, the command: every capability of the library from a terminal, as tables, JSON or
//! CSV. Exit status: 0 on success, 2 on a usage error, 1 on a data or computation error (with the
//! error's one-line message).

mod commands;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use output::Out;

/// Bilateral trade statistics: published figures, their audit, growth to a target, scenarios,
/// Comtrade files.
#[derive(Parser)]
#[command(
    name = "bilateral",
    version,
    about,
    after_help = "Examples:\n  bilateral outlook\n  bilateral growth required 4.5 10 7 --interval\n  bilateral comtrade trade.csv --totals --reporter KAZ --partner UZB\n  bilateral audit --fail-on inconsistent"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    out: output::OutArgs,
}

#[derive(Subcommand)]
enum Command {
    /// The target outlook for a corridor: the rate a target needs by year, the rates the corridor
    /// has shown, and the trend's chance of getting there.
    #[command(
        after_help = "Example:\n  bilateral outlook --corridor KAZ-UZB --target 10e9 --years 2026..2035 --charts out/"
    )]
    Outlook(commands::outlook::Args),
    /// A report to send: one self-contained HTML page with the question and the answer, the
    /// outlook table and chart, the published figures and their sources, the audit's findings,
    /// mirror statistics and the scenario presets' paths.
    #[command(after_help = "Example:\n  bilateral report --corridor KAZ-UZB -o report.html")]
    Report(commands::outlook::ReportArgs),
    /// The published figures, with their intervals, reporting sides, sources and quotes.
    #[command(
        after_help = "Example:\n  bilateral figures --corridor KAZ-UZB --year 2023 --search turnover"
    )]
    Figures(commands::figures::Args),
    /// The consistency audit: do the published figures agree with each other?
    #[command(after_help = "Example:\n  bilateral audit --corridor KAZ-UZB --fail-on inconsistent")]
    Audit(commands::audit::Args),
    /// Growth arithmetic: the rate a target needs, years to a target, compound rates, paths.
    #[command(subcommand)]
    Growth(commands::growth::Command),
    /// A UN Comtrade (or WITS) file: its rows, totals over commodity codes, mirror pairs.
    #[command(after_help = COMTRADE_HELP)]
    Comtrade(commands::comtrade::Args),
    /// The annual series of a corridor's flow built from the published figures, and what it
    /// leaves out.
    #[command(
        after_help = "Example:\n  bilateral series --corridor KAZ-UZB --flow turnover --partial-years pro-rata"
    )]
    Series(commands::extra::SeriesArgs),
    /// Mirror statistics from the published figures: each flow as its exporter and importer
    /// report it, against the CIF/FOB band.
    #[command(after_help = "Example:\n  bilateral mirror --corridor KAZ-UZB")]
    Mirror(commands::extra::MirrorArgs),
    /// Checks every quote against the document it cites (exit 1 on a problem).
    #[command(after_help = "Example:\n  bilateral provenance --sources ../shared/sources")]
    Provenance(commands::extra::ProvenanceArgs),
    /// Scenarios: run a scenario file, sweep its parameters, Monte Carlo, the presets.
    #[command(subcommand)]
    Scenario(commands::scenario::Command),
    /// Structural gravity: PPML (or OLS) with high-dimensional fixed effects on a flow panel.
    #[command(
        after_help = "Examples:\n  bilateral gravity panel.csv -f 'trade ~ ln_DIST + CNTG + RTA | exp_year + imp_year' --cluster pair_id\n  bilateral gravity ../shared/data/agtpa/rta_panel_1986_2006.csv --rta-table"
    )]
    Gravity(Box<commands::gravity::Args>),
    /// General-equilibrium counterfactuals of the gravity model: what removing borders, or adding
    /// or removing an agreement, does to every country.
    #[command(
        after_help = "Examples:\n  bilateral equilibrium borders ../shared/data/agtpa/cross_section_2006.csv --chart gdp.png\n  bilateral equilibrium agreement ../shared/data/agtpa/rta_panel_1986_2006.csv --countries CHN,JPN,KOR --year 2006\n  bilateral equilibrium nafta ../shared/data/agtpa/rta_panel_1986_2006.csv --draws 1000 --chart nafta.png\n  bilateral equilibrium estimate panel.csv --formula 'trade ~ log(DIST) + CNTG + RTA | exporter + importer' --year 2023 --reference RUS --change 'RTA = 1 among KAZ, UZB' --draws 1000"
    )]
    Equilibrium(commands::equilibrium::Args),
    /// Forecast backtest on a flow panel's pairs: every method at rolling origins, log-MAE,
    /// MASE, bias, and the coverage of intervals calibrated out of sample.
    #[command(
        after_help = "Example:\n  bilateral backtest ../shared/data/agtpa/rta_panel_1986_2006.csv --chart calibration.svg"
    )]
    Backtest(Box<commands::backtest::Args>),
}

/// Every command and subcommand takes negative numbers as values (`--rates -0.1:0.3:41`,
/// `growth required 4.5 -1 3`, `--share-cv=-1` refused by its own check, not as an unknown
/// flag): no flag of the command starts with a digit, so `-0.1` can only be a value.
fn negative_numbers(cmd: clap::Command) -> clap::Command {
    let cmd = cmd.allow_negative_numbers(true);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    names
        .iter()
        .fold(cmd, |c, name| c.mut_subcommand(name, negative_numbers))
}

/// The columns `comtrade` reads, in each layout, and what each must hold.
const COMTRADE_HELP: &str = "\
Columns read (by header name; any other column is ignored):
  today's CSV (API and bulk)  legacy bulk CSV            must hold
  refYear                     Year                       the year, e.g. 2022
  reporterISO / reporterCode  Reporter ISO / Reporter Code  ISO alpha-3 (KAZ), former (SUN),
                                                         area (W00, S19) or numeric (398)
  partnerISO / partnerCode    Partner ISO / Partner Code    the same
  flowCode                    Trade Flow Code            X, M, RX, RM (legacy 2, 1, 3, 4)
  cmdCode                     Commodity Code             TOTAL or an HS code (text: 0801)
  primaryValue                Trade Value (US$)          US dollars, at least 0
  optional: cifvalue, fobvalue, period, freqCode (A/M), aggrLevel, isLeaf, motCode,
  customsCode, partner2Code, partner2ISO (legacy: CIF/FOB Trade Value (US$), Period,
  Aggregate Level, Is Leaf Code, Mode of Transport Code, Customs Proc. Code, 2nd Partner ...)
The API's JSON download (an object with a \"data\" array) is read as today's CSV.
A sample: data/comtrade_sample.csv.

Examples:
  bilateral comtrade data/comtrade_sample.csv --totals --reporter KAZ --partner UZB
  bilateral comtrade download.json --totals --partner W00
  bilateral comtrade data/comtrade_sample.csv --mirror --reporter KAZ --partner UZB";

fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let matches = negative_numbers(Cli::command()).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let out = match Out::new(&cli.out) {
        Ok(out) => out,
        Err(usage) => {
            eprintln!("error: {usage}");
            return ExitCode::from(2);
        }
    };
    if let Err(usage) = out.check_html(matches!(cli.command, Command::Report(_))) {
        eprintln!("error: {usage}");
        return ExitCode::from(2);
    }
    let done = match cli.command {
        Command::Report(a) => commands::outlook::report(&a, &out),
        Command::Outlook(a) => commands::outlook::run(&a, &out),
        Command::Figures(a) => commands::figures::run(&a, &out),
        Command::Audit(a) => commands::audit::run(&a, &out),
        Command::Growth(c) => commands::growth::run(&c, &out),
        Command::Comtrade(a) => commands::comtrade::run(&a, &out),
        Command::Series(a) => commands::extra::series(&a, &out),
        Command::Mirror(a) => commands::extra::mirror(&a, &out),
        Command::Provenance(a) => commands::extra::provenance(&a, &out),
        Command::Scenario(c) => commands::scenario::run(&c, &out),
        Command::Gravity(a) => commands::gravity::run(&a, &out),
        Command::Equilibrium(a) => commands::equilibrium::run(&a, &out),
        Command::Backtest(a) => commands::backtest::run(&a, &out),
    };
    match done {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

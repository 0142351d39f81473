//! The catalogue of bad inputs: each gives the exact error variant it must, naming file, line and
//! field where it came from a file. Nothing panics.

use bilateral::data::{Documents, check_provenance};
use bilateral::error::{DataError, FileError, GrowthError, InputError, ScenarioError};
use bilateral::growth::{
    Reach, TrendModel, cagr, first_year_reaching, growth, required_rate, years_to_target,
};
use bilateral::io::{comtrade_totals_from, read_comtrade_from};
use bilateral::scenario::{MonteCarlo, Shocks, presets};
use bilateral::{Dataset, Error, Rate, Scenario, TrendFit};

const HEADER: &str = "id,measure,corridor,period,unit,value,reporter,source,quote";

fn load(text: &[u8]) -> Result<Dataset, Error> {
    Dataset::from_figures_csv("bad.csv", text)
}

/// Loads a file whose one record is `row`; returns the error's root and its (line, field).
fn row_error(row: &str) -> (Error, (u64, String)) {
    let e = load(format!("{HEADER}\n{row}\n").as_bytes())
        .err()
        .unwrap_or_else(|| panic!("{row:?} should fail"));
    let loc = e
        .location()
        .map(|l| (l.line, l.field.clone()))
        .unwrap_or_default();
    assert!(e.to_string().starts_with("bad.csv:"), "{e}");
    (
        match e {
            Error::Field { error, .. } => *error,
            other => other,
        },
        loc,
    )
}

fn field(loc: &(u64, String), name: &str) {
    assert_eq!(*loc, (2, name.to_string()), "wrong place");
}

#[test]
fn data_files() {
    assert!(matches!(
        load(b""),
        Err(Error::File(FileError::EmptyFile { .. }))
    ));
    assert!(matches!(
        load(format!("{HEADER}\n").as_bytes()),
        Err(Error::File(FileError::NoRecords { .. }))
    ));
    assert!(matches!(
        load(b"id,measure,corridor,period,value,source\na,turnover,KAZ->UZB,2023,1,x\n"),
        Err(Error::File(FileError::MissingColumn { ref column, .. })) if column == "unit"
    ));
    assert!(matches!(
        load(b"id,measure,unit,unit,value,source\na,b,usd,usd,1,x\n"),
        Err(Error::File(FileError::DuplicateColumn { column, .. })) if column == "unit"
    ));
    assert!(matches!(
        load(b"id;measure;unit;value;source\na;b;usd;1;x\n"),
        Err(Error::File(FileError::WrongDelimiter { found: ';', .. }))
    ));
    let mut bytes = format!("{HEADER}\na,turnover,KAZ->UZB,2023,usd,1 USD,KAZ,x,").into_bytes();
    bytes.extend([0xff, 0xfe, b'\n']);
    let e = load(&bytes).err();
    assert_eq!(
        e.as_ref().and_then(Error::location).map(|l| l.line),
        Some(2),
        "non-UTF-8 bytes: {e:?}"
    );

    let (e, at) = row_error("a,jobs,KAZ->UZB,2023,count,n/a,KAZ,x,q");
    assert!(
        matches!(e, Error::Data(DataError::InvalidNumber { ref text }) if text == "n/a"),
        "{e}"
    );
    field(&at, "value");
    let (e, at) = row_error("a,turnover,KAZ->UZB,2023,usd,n/a,KAZ,x,q");
    assert!(
        matches!(e, Error::Data(DataError::InvalidMoney { .. })),
        "{e}"
    );
    field(&at, "value");
    let (e, _) = row_error("a,jobs,KAZ->UZB,2023,count,\"1,2\",KAZ,x,q");
    assert!(
        matches!(e, Error::Data(DataError::InvalidNumber { ref text }) if text == "1,2"),
        "{e}"
    );
    let (e, at) = row_error("a,exports,KAZ->UZB,2023,usd,$-3 billion,KAZ,x,q");
    assert!(
        matches!(e, Error::Data(DataError::NegativeMoney { value }) if value == -3e9),
        "{e}"
    );
    field(&at, "value");
    let (e, _) = row_error("a,jobs,KAZ->UZB,2023,count,1e400,KAZ,x,q");
    assert!(
        matches!(e, Error::Input(InputError::NonFinite { .. })),
        "{e}"
    );
    let (e, at) = row_error("a,exports,KAZ->UZB,2023,usd,$3 billion,QQQ,x,q");
    assert!(
        matches!(e, Error::Data(DataError::UnknownCountry { ref code }) if code == "QQQ"),
        "{e}"
    );
    field(&at, "reporter");
    let (e, at) = row_error("a,exports,KAZ->UZB,2023-13,usd,$3 billion,KAZ,x,q");
    assert!(
        matches!(e, Error::Data(DataError::InvalidPeriod { .. })),
        "{e}"
    );
    field(&at, "period");
    let (e, at) = row_error("a,share,KAZ->UZB,2023,percent,abc,KAZ,x,q");
    assert!(
        matches!(e, Error::Data(DataError::InvalidNumber { .. })),
        "{e}"
    );
    field(&at, "value");
    let (e, at) = row_error("a,exports,KAZ->UZB,2023,dollars,3,KAZ,x,q");
    assert!(
        matches!(e, Error::Data(DataError::UnknownKeyword { ref what, .. }) if what == "unit"),
        "{e}"
    );
    field(&at, "unit");
    let (e, at) = row_error("A B,exports,KAZ->UZB,2023,usd,3 USD,KAZ,x,q");
    assert!(matches!(e, Error::Data(DataError::InvalidId { .. })), "{e}");
    field(&at, "id");

    let dup = format!(
        "{HEADER}\na,x,KAZ->UZB,2023,usd,1 USD,KAZ,s,q\na,y,KAZ->UZB,2023,usd,2 USD,KAZ,s,q\n"
    );
    assert!(
        matches!(load(dup.as_bytes()), Err(Error::Data(DataError::DuplicateId { ref second, ref id, .. }))
            if id == "a" && second.ends_with(":3)"))
    );

    // A quote missing from its document.
    let text = format!(
        "{HEADER},printed\nq,turnover,KAZ->UZB,2023,usd,$4.6 billion,KAZ,002_26f6919544f59e0e.txt,turnover was $4.6 billion,$4.6 billion\n"
    );
    let data = load(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let docs = Documents::from_texts([(
        "002_26f6919544f59e0e.txt",
        "Their trade turnover was $4.5 billion in 2023.",
    )]);
    let report = check_provenance(&data, &docs);
    assert!(matches!(
        report.problems.first().map(Error::root),
        Some(Error::Data(DataError::QuoteNotInDocument { .. }))
    ));
    assert_eq!(
        report
            .problems
            .first()
            .and_then(|e| e.location())
            .map(|l| (l.line, l.field.as_str())),
        Some((2, "quote"))
    );
}

#[test]
fn function_inputs() -> bilateral::Result<()> {
    assert!(matches!(
        growth(f64::NAN, 1.0),
        Err(Error::Input(InputError::NonFinite { .. }))
    ));
    assert!(matches!(
        cagr(1.0, f64::INFINITY, 2.0),
        Err(Error::Input(InputError::NonFinite { .. }))
    ));
    assert!(matches!(
        bilateral::Usd::new(f64::NEG_INFINITY),
        Err(Error::Input(InputError::NonFinite { .. }))
    ));
    assert!(matches!(
        Rate::new(f64::NAN),
        Err(Error::Input(InputError::NonFinite { .. }))
    ));
    assert!(matches!(
        required_rate(0.0, 10.0, 7.0),
        Err(Error::Input(InputError::NonPositiveBase { .. }))
    ));
    assert!(matches!(
        required_rate(-4.5, 10.0, 7.0),
        Err(Error::Input(InputError::NonPositiveBase { .. }))
    ));
    assert!(matches!(
        Rate::new(-1.0),
        Err(Error::Growth(GrowthError::RateAtOrBelowMinusOne { .. }))
    ));
    assert!(matches!(
        Rate::new(-2.5),
        Err(Error::Growth(GrowthError::RateAtOrBelowMinusOne { .. }))
    ));
    assert!(matches!(
        required_rate(4.5, 10.0, 0.0),
        Err(Error::Input(InputError::ZeroHorizon))
    ));
    assert!(matches!(
        cagr(4.5, 10.0, 0.0),
        Err(Error::Input(InputError::ZeroHorizon))
    ));
    // An unreachable target is not an error: it is "never".
    let zero = Rate::new(0.0).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(years_to_target(4.5, 10.0, zero), Ok(Reach::Never)));
    assert!(matches!(
        first_year_reaching(4.5, 10.0, zero),
        Ok(Reach::Never)
    ));
    // Empty and too-short series.
    assert!(matches!(
        TrendFit::new(&[], TrendModel::LogLinear),
        Err(Error::Growth(GrowthError::SeriesTooShort { got: 0, .. }))
    ));
    assert!(matches!(
        TrendFit::new(&[(2020, 1.0), (2021, 2.0)], TrendModel::Linear),
        Err(Error::Growth(GrowthError::SeriesTooShort { got: 2, .. }))
    ));
    let mc = MonteCarlo::new(
        presets()?[0].clone(),
        Shocks::Normal { mean: 0.0, sd: 0.1 },
        0,
        1,
    );
    assert!(matches!(
        mc.run(),
        Err(Error::Growth(GrowthError::SeriesTooShort { .. }))
    ));
    let mc = MonteCarlo::new(
        presets()?[0].clone(),
        Shocks::Normal {
            mean: 0.0,
            sd: -0.1,
        },
        10,
        1,
    );
    assert!(matches!(
        mc.run(),
        Err(Error::Scenario(ScenarioError::Parameter { .. }))
    ));
    Ok(())
}

#[test]
fn scenario_files() -> bilateral::Result<()> {
    let json = presets()?[1].to_json().unwrap_or_default();
    let unknown = json.replacen("\"trade_cost\"", "\"tariff_magic\"", 1);
    assert!(
        matches!(Scenario::from_json(&unknown), Err(Error::File(FileError::Document { ref path, ref message, .. }))
            if path.starts_with("layers") && message.contains("tariff_magic"))
    );
    // A misspelt field is an error naming it, not a silent default.
    let misspelt = json.replacen("\"horizon\"", "\"horizn\"", 1);
    assert!(
        matches!(Scenario::from_json(&misspelt), Err(Error::File(FileError::Document { ref message, .. }))
            if message.contains("horizn"))
    );
    let out_of_range = json.replacen("\"covered_share\": 0.4", "\"covered_share\": 1.4", 1);
    assert!(matches!(
        Scenario::from_json(&out_of_range),
        Err(Error::Scenario(ScenarioError::Parameter { ref parameter, .. })) if parameter == "covered_share"
    ));
    let too_long = json.replacen("\"years\": 3", "\"years\": 30", 1);
    assert!(matches!(
        Scenario::from_json(&too_long),
        Err(Error::Scenario(ScenarioError::PhaseInTooLong {
            years: 30,
            horizon: 12,
            ..
        }))
    ));
    assert!(matches!(
        Scenario::from_toml("name = "),
        Err(Error::File(FileError::Document {
            format: "toml",
            line: 1,
            ..
        }))
    ));
    assert!(matches!(
        Scenario::from_json("{\"name\": 1}"),
        Err(Error::File(FileError::Document { format: "json", ref path, .. })) if path == "name"
    ));
    Ok(())
}

#[test]
fn comtrade_files() {
    let header = "refYear,reporterISO,partnerISO,flowCode,cmdCode,primaryValue";
    let bad = |row: &str| {
        let e = read_comtrade_from("ct.csv", format!("{header}\n{row}\n").as_bytes())
            .err()
            .unwrap_or_else(|| panic!("{row} should fail"));
        let at = e
            .location()
            .map(|l| (l.line, l.field.clone()))
            .unwrap_or_default();
        (
            e.root().to_string(),
            matches!(e.root(), Error::Data(DataError::UnknownKeyword { .. })),
            matches!(e.root(), Error::Data(DataError::NegativeMoney { .. })),
            at,
        )
    };
    let (_, unknown_flow, _, at) = bad("2022,KAZ,UZB,ZZ,TOTAL,5");
    assert!(unknown_flow);
    assert_eq!(at, (2, "flowCode".into()));
    let (_, _, negative, at) = bad("2022,KAZ,UZB,X,TOTAL,-5");
    assert!(negative);
    assert_eq!(at, (2, "primaryValue".into()));
    let e = read_comtrade_from(
        "ct.csv",
        format!("{header}\n2022,KAZ,UZB,X,TOTAL,\n").as_bytes(),
    )
    .err();
    assert!(
        matches!(
            e.as_ref().map(Error::root),
            Some(Error::Data(DataError::EmptyField))
        ),
        "{e:?}"
    );
    let missing = "refYear,reporterISO,partnerISO,flowCode,cmdCode\n2022,KAZ,UZB,X,TOTAL\n";
    assert!(matches!(
        comtrade_totals_from("ct.csv", missing.as_bytes()),
        Err(Error::File(FileError::MissingColumn {
            ref column,
            ..
        })) if column == "primaryValue"
    ));
}

/// Each layer's failure has its layer's kind, and the predicates callers branch on say what
/// happened, through the wrappers that name where.
#[test]
fn errors_are_grouped_by_layer_with_predicates() {
    use bilateral::data::Economy;
    use bilateral::equilibrium::Baseline;
    use bilateral::error::{EquilibriumError, ErrorKind, GravityError};
    use bilateral::gravity::{Gravity, Options, Panel};

    let data = "KZX".parse::<bilateral::Country>().unwrap_err();
    assert_eq!(data.kind(), ErrorKind::Data);

    let wrapped =
        load(format!("{HEADER}\nx,turnover,KAZ->UZB,2023,usd,abc,KAZ,d001,q\n").as_bytes())
            .unwrap_err();
    assert!(
        wrapped
            .location()
            .is_some_and(|l| l.line == 2 && l.field == "value")
    );
    assert_eq!(wrapped.kind(), wrapped.root().kind());

    let file = load(b"id,measure\nx,turnover\n").unwrap_err();
    assert_eq!(file.kind(), ErrorKind::File);
    assert!(file.is_unknown_name() || matches!(file.root(), Error::File(_)));

    let growth = Rate::new(-1.5).unwrap_err();
    assert_eq!(growth.kind(), ErrorKind::Growth);
    assert!(growth.is_range());

    let input = Rate::new(f64::NAN).unwrap_err();
    assert_eq!(input.kind(), ErrorKind::Input);
    assert!(input.is_range() && !input.is_convergence());

    let mut scenario = presets().unwrap()[0].clone();
    let unknown = scenario.set("no_such.layer", 1.0).unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::Scenario);
    assert!(unknown.is_unknown_name());

    // Gravity: one IRLS iteration cannot converge on a panel with noise.
    let names = ["A", "B", "C"];
    let (mut ex, mut im, mut t, mut v) = (vec![], vec![], vec![], vec![]);
    for (i, a) in names.iter().enumerate() {
        for (j, b) in names.iter().enumerate() {
            ex.push(*a);
            im.push(*b);
            t.push(2000);
            v.push(1.0 + ((i * 5 + j * 7) % 4) as f64);
        }
    }
    let panel = Panel::new(&ex, &im, &t, &v, vec![]).unwrap();
    let stopped = Gravity::ppml(&panel)
        .formula("trade ~ 1")
        .unwrap()
        .options(Options {
            max_iterations: 1,
            ..Options::default()
        })
        .fit()
        .unwrap_err();
    assert_eq!(stopped.kind(), ErrorKind::Gravity, "{stopped}");
    assert!(stopped.is_convergence());
    let empty = Panel::new(&[], &[], &[], &[], vec![]).unwrap();
    let e = Gravity::ppml(&empty)
        .formula("trade ~ 1")
        .unwrap()
        .fit()
        .unwrap_err();
    assert!(
        matches!(e, Error::Gravity(GravityError::EmptyPanel { .. })),
        "{e}"
    );

    let twice = Economy::list(["A", "A"]).unwrap();
    let e = Baseline::new(
        twice,
        &[1.0; 4],
        vec![0.0; 4],
        vec![],
        Economy::new("A").unwrap(),
        7.0,
    )
    .unwrap_err();
    assert!(
        matches!(e, Error::Equilibrium(EquilibriumError::DuplicateCountry { ref country }) if country == "A"),
        "{e}"
    );
    assert_eq!(e.kind(), ErrorKind::Equilibrium);

    let io = bilateral::io::write_csv(
        std::path::Path::new("/nonexistent-folder/x.csv"),
        &presets().unwrap()[0].run().unwrap(),
    )
    .unwrap_err();
    assert!(io.is_io(), "{io}");
}

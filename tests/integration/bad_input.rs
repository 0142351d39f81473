//! The catalogue of bad inputs: each gives the exact error variant it must, naming file, line and
//! field where it came from a file. Nothing panics.

use bilateral::data::{Documents, check_provenance};
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
    assert!(matches!(load(b""), Err(Error::EmptyFile { .. })));
    assert!(matches!(
        load(format!("{HEADER}\n").as_bytes()),
        Err(Error::NoRecords { .. })
    ));
    assert!(matches!(
        load(b"id,measure,corridor,period,value,source\na,turnover,KAZ->UZB,2023,1,x\n"),
        Err(Error::MissingColumn { ref column, .. }) if column == "unit"
    ));
    assert!(matches!(
        load(b"id,measure,unit,unit,value,source\na,b,usd,usd,1,x\n"),
        Err(Error::DuplicateColumn { column, .. }) if column == "unit"
    ));
    assert!(matches!(
        load(b"id;measure;unit;value;source\na;b;usd;1;x\n"),
        Err(Error::WrongDelimiter { found: ';', .. })
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
        matches!(e, Error::InvalidNumber { ref text } if text == "n/a"),
        "{e}"
    );
    field(&at, "value");
    let (e, at) = row_error("a,turnover,KAZ->UZB,2023,usd,n/a,KAZ,x,q");
    assert!(matches!(e, Error::InvalidMoney { .. }), "{e}");
    field(&at, "value");
    let (e, _) = row_error("a,jobs,KAZ->UZB,2023,count,\"1,2\",KAZ,x,q");
    assert!(
        matches!(e, Error::InvalidNumber { ref text } if text == "1,2"),
        "{e}"
    );
    let (e, at) = row_error("a,exports,KAZ->UZB,2023,usd,$-3 billion,KAZ,x,q");
    assert!(
        matches!(e, Error::NegativeMoney { value } if value == -3e9),
        "{e}"
    );
    field(&at, "value");
    let (e, _) = row_error("a,jobs,KAZ->UZB,2023,count,1e400,KAZ,x,q");
    assert!(matches!(e, Error::NonFinite { .. }), "{e}");
    let (e, at) = row_error("a,exports,KAZ->UZB,2023,usd,$3 billion,QQQ,x,q");
    assert!(
        matches!(e, Error::UnknownCountry { ref code } if code == "QQQ"),
        "{e}"
    );
    field(&at, "reporter");
    let (e, at) = row_error("a,exports,KAZ->UZB,2023-13,usd,$3 billion,KAZ,x,q");
    assert!(matches!(e, Error::InvalidPeriod { .. }), "{e}");
    field(&at, "period");
    let (e, at) = row_error("a,share,KAZ->UZB,2023,percent,abc,KAZ,x,q");
    assert!(matches!(e, Error::InvalidNumber { .. }), "{e}");
    field(&at, "value");
    let (e, at) = row_error("a,exports,KAZ->UZB,2023,dollars,3,KAZ,x,q");
    assert!(
        matches!(e, Error::UnknownKeyword { ref what, .. } if what == "unit"),
        "{e}"
    );
    field(&at, "unit");
    let (e, at) = row_error("A B,exports,KAZ->UZB,2023,usd,3 USD,KAZ,x,q");
    assert!(matches!(e, Error::InvalidId { .. }), "{e}");
    field(&at, "id");

    let dup = format!(
        "{HEADER}\na,x,KAZ->UZB,2023,usd,1 USD,KAZ,s,q\na,y,KAZ->UZB,2023,usd,2 USD,KAZ,s,q\n"
    );
    assert!(
        matches!(load(dup.as_bytes()), Err(Error::DuplicateId { ref second, ref id, .. })
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
        Some(Error::QuoteNotInDocument { .. })
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
        Err(Error::NonFinite { .. })
    ));
    assert!(matches!(
        cagr(1.0, f64::INFINITY, 2.0),
        Err(Error::NonFinite { .. })
    ));
    assert!(matches!(
        bilateral::Usd::new(f64::NEG_INFINITY),
        Err(Error::NonFinite { .. })
    ));
    assert!(matches!(Rate::new(f64::NAN), Err(Error::NonFinite { .. })));
    assert!(matches!(
        required_rate(0.0, 10.0, 7.0),
        Err(Error::NonPositiveBase { .. })
    ));
    assert!(matches!(
        required_rate(-4.5, 10.0, 7.0),
        Err(Error::NonPositiveBase { .. })
    ));
    assert!(matches!(
        Rate::new(-1.0),
        Err(Error::RateAtOrBelowMinusOne { .. })
    ));
    assert!(matches!(
        Rate::new(-2.5),
        Err(Error::RateAtOrBelowMinusOne { .. })
    ));
    assert!(matches!(
        required_rate(4.5, 10.0, 0.0),
        Err(Error::ZeroHorizon)
    ));
    assert!(matches!(cagr(4.5, 10.0, 0.0), Err(Error::ZeroHorizon)));
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
        Err(Error::SeriesTooShort { got: 0, .. })
    ));
    assert!(matches!(
        TrendFit::new(&[(2020, 1.0), (2021, 2.0)], TrendModel::Linear),
        Err(Error::SeriesTooShort { got: 2, .. })
    ));
    let mc = MonteCarlo::new(
        presets()?[0].clone(),
        Shocks::Normal { mean: 0.0, sd: 0.1 },
        0,
        1,
    );
    assert!(matches!(mc.run(), Err(Error::SeriesTooShort { .. })));
    let mc = MonteCarlo::new(
        presets()?[0].clone(),
        Shocks::Normal {
            mean: 0.0,
            sd: -0.1,
        },
        10,
        1,
    );
    assert!(matches!(mc.run(), Err(Error::Parameter { .. })));
    Ok(())
}

#[test]
fn scenario_files() -> bilateral::Result<()> {
    let json = presets()?[1].to_json().unwrap_or_default();
    let unknown = json.replacen("\"trade_cost\"", "\"tariff_magic\"", 1);
    assert!(
        matches!(Scenario::from_json(&unknown), Err(Error::Document { ref path, ref message, .. })
            if path.starts_with("layers") && message.contains("tariff_magic"))
    );
    // A misspelt field is an error naming it, not a silent default.
    let misspelt = json.replacen("\"horizon\"", "\"horizn\"", 1);
    assert!(
        matches!(Scenario::from_json(&misspelt), Err(Error::Document { ref message, .. })
            if message.contains("horizn"))
    );
    let out_of_range = json.replacen("\"covered_share\": 0.4", "\"covered_share\": 1.4", 1);
    assert!(matches!(
        Scenario::from_json(&out_of_range),
        Err(Error::Parameter { ref parameter, .. }) if parameter == "covered_share"
    ));
    let too_long = json.replacen("\"years\": 3", "\"years\": 30", 1);
    assert!(matches!(
        Scenario::from_json(&too_long),
        Err(Error::PhaseInTooLong {
            years: 30,
            horizon: 12,
            ..
        })
    ));
    assert!(matches!(
        Scenario::from_toml("name = "),
        Err(Error::Document {
            format: "toml",
            line: 1,
            ..
        })
    ));
    assert!(matches!(
        Scenario::from_json("{\"name\": 1}"),
        Err(Error::Document { format: "json", ref path, .. }) if path == "name"
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
            matches!(e.root(), Error::UnknownKeyword { .. }),
            matches!(e.root(), Error::NegativeMoney { .. }),
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
        matches!(e.as_ref().map(Error::root), Some(Error::EmptyField)),
        "{e:?}"
    );
    let missing = "refYear,reporterISO,partnerISO,flowCode,cmdCode\n2022,KAZ,UZB,X,TOTAL\n";
    assert!(matches!(
        comtrade_totals_from("ct.csv", missing.as_bytes()),
        Err(Error::MissingColumn {
            ref column,
            ..
        }) if column == "primaryValue"
    ));
}

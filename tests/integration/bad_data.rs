//! Bad data files give typed errors that name the file, the line and the field.

use bilateral::error::{DataError, FileError, IoError};
use std::path::PathBuf;

use bilateral::data::{Documents, check_provenance};
use bilateral::{Dataset, Error};

const HEADER: &str = "id,measure,corridor,period,unit,value,bound,reporter,source,printed,quote";
const GOOD: &str = "ok,turnover,KAZ->UZB,2023,usd,$4.5 billion,eq,KAZ,002_26f6919544f59e0e.txt,$4.5 billion,Their trade turnover was $4.5 billion in 2023";

/// Writes `text` to a fresh file and returns its path.
fn file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bilateral-bad-data-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// Loads a file whose third line is `bad_line`, expecting an error at that line and `field`.
fn error_at_line_3(name: &str, bad_line: &str, field: &str) -> Error {
    let path = file(name, &format!("{HEADER}\n{GOOD}\n{bad_line}\n"));
    let err = Dataset::load(&path, None)
        .err()
        .unwrap_or_else(|| panic!("{name} should fail"));
    let loc = err
        .location()
        .unwrap_or_else(|| panic!("{name}: no location in {err}"));
    assert_eq!(loc.file, path.display().to_string());
    assert_eq!(loc.line, 3, "{err}");
    assert_eq!(loc.field, field, "{err}");
    let message = err.to_string();
    assert!(
        message.contains(&format!("{}:3: field `{field}`", path.display())),
        "{message}"
    );
    err
}

#[test]
fn negative_money() {
    let e = error_at_line_3(
        "negative.csv",
        "neg,exports,KAZ->UZB,2023,usd,$-3 billion,eq,KAZ,x,,",
        "value",
    );
    assert!(
        matches!(e.root(), Error::Data(DataError::NegativeMoney { value }) if *value == -3e9),
        "{e}"
    );
}

#[test]
fn unknown_country_code() {
    let e = error_at_line_3(
        "country.csv",
        "cc,exports,KAZ->UZB,2023,usd,$3 billion,eq,KZX,x,,",
        "reporter",
    );
    assert!(
        matches!(e.root(), Error::Data(DataError::UnknownCountry { code }) if code == "KZX"),
        "{e}"
    );
    let e = error_at_line_3(
        "corridor.csv",
        "cc,exports,KAZ->UZX,2023,usd,$3 billion,eq,KAZ,x,,",
        "corridor",
    );
    assert!(
        matches!(e.root(), Error::Data(DataError::UnknownCountry { code }) if code == "UZX"),
        "{e}"
    );
}

#[test]
fn percentage_that_is_not_a_number() {
    let e = error_at_line_3(
        "percent.csv",
        "pc,share_of_central_asian_trade,KAZ->UZB,2023,percent,abc,eq,,x,,",
        "value",
    );
    assert!(
        matches!(e.root(), Error::Data(DataError::InvalidNumber { text }) if text == "abc"),
        "{e}"
    );
}

#[test]
fn month_thirteen() {
    let e = error_at_line_3(
        "period.csv",
        "p,exports,KAZ->UZB,2023-13,usd,$3 billion,eq,KAZ,x,,",
        "period",
    );
    assert!(
        matches!(e.root(), Error::Data(DataError::InvalidPeriod { .. })),
        "{e}"
    );
}

#[test]
fn missing_column() {
    let path = file(
        "missing.csv",
        "id,measure,corridor,period,value,source\na,b,KAZ->UZB,2023,1,x\n",
    );
    let e = Dataset::load(&path, None).err();
    assert!(
        matches!(&e, Some(Error::File(FileError::MissingColumn { file, column })) if *file == path.display().to_string() && column == "unit"),
        "{e:?}"
    );
    let message = e.map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("missing column `unit`"), "{message}");
}

#[test]
fn quote_not_in_its_document() {
    let path = file(
        "quote.csv",
        &format!(
            "{HEADER}\n{GOOD}\nq,turnover,KAZ->UZB,2023,usd,$4.6 billion,eq,KAZ,002_26f6919544f59e0e.txt,$4.6 billion,Their trade turnover was $4.6 billion in 2023\n"
        ),
    );
    let data = Dataset::load(&path, None).unwrap_or_else(|e| panic!("{e}"));
    let docs = Documents::from_texts([(
        "002_26f6919544f59e0e.txt",
        "Their trade turnover was $4.5 billion in 2023, exceeding $1.2 billion in the first four months of 2024.",
    )]);
    let report = check_provenance(&data, &docs);
    assert_eq!(report.checked, 2);
    assert_eq!(report.problems.len(), 1);
    let e = &report.problems[0];
    assert!(
        matches!(e.root(), Error::Data(DataError::QuoteNotInDocument { id, .. }) if id == "q"),
        "{e}"
    );
    let loc = e
        .location()
        .map(|l| (l.file.clone(), l.line, l.field.clone()));
    assert_eq!(
        loc,
        Some((path.display().to_string(), 3, "quote".to_string()))
    );
}

#[test]
fn unreadable_file_names_its_path() {
    let missing = std::env::temp_dir().join("bilateral-no-such-file.csv");
    let e = Dataset::load(&missing, None).err();
    assert!(
        matches!(&e, Some(Error::Io(IoError::Io { path, .. })) if path.ends_with("bilateral-no-such-file.csv")),
        "{e:?}"
    );
}

#[test]
fn a_user_file_in_the_builtin_format_loads_and_merges() {
    let path = file("mine.csv", &format!("{HEADER}\n{GOOD}\n"));
    let mine = Dataset::load(&path, None).unwrap_or_else(|e| panic!("{e}"));
    let all = Dataset::builtin()
        .and_then(|b| b.merged(mine.clone()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        all.figure("ok").map(|f| f.value_text()),
        Some("$4.5 billion".to_string())
    );
    // Merging twice repeats every id: the error names the file and line of both.
    let again = all.merged(mine);
    let place = format!("({}:2)", path.display());
    assert!(
        matches!(again, Err(Error::Data(DataError::DuplicateId { ref first, ref second, .. }))
            if first.ends_with(&place) && second.ends_with(&place)),
        "{again:?}"
    );
}

#[test]
fn line_numbers_are_the_same_with_windows_line_ends() {
    // Line 1 header, 2 good, 3 blank, 4 good, 5 bad: in LF, CRLF and CR copies alike.
    let bad = GOOD
        .replace("$4.5 billion,eq", "$-4.5 billion,eq")
        .replacen("ok,", "bad,", 1);
    let lf = format!(
        "{HEADER}\n{GOOD}\n\n{}\n{bad}\n",
        GOOD.replacen("ok,", "ok2,", 1)
    );
    for text in [lf.clone(), lf.replace('\n', "\r\n"), lf.replace('\n', "\r")] {
        let e = Dataset::from_figures_csv("f.csv", text.as_bytes()).unwrap_err();
        assert_eq!(e.location().map(|l| l.line), Some(5), "{e}");
    }
    // A gravity panel names the same line too.
    let panel = "exporter,importer,year,trade\r\nA,B,2000,1\r\n\r\nB,A,2000,-1\r\n";
    let e =
        bilateral::gravity::Panel::from_csv_bytes("p.csv", panel.as_bytes(), &Default::default())
            .unwrap_err();
    assert_eq!(e.location().map(|l| l.line), Some(4), "{e}");
}

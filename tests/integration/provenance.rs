//! The provenance check against the source documents.
//!
//! Runs against `../shared/sources` (or `$BILATERAL_SOURCES`). When the folder is absent, as in a
//! fresh clone on its own, the test says so and passes, unless `BILATERAL_REQUIRE_SOURCES` is
//! set, as `.ci/run` does.

use std::collections::BTreeSet;
use std::path::PathBuf;

use bilateral::data::{Documents, Source, check_provenance};

fn sources_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("BILATERAL_SOURCES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/sources"));
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("BILATERAL_REQUIRE_SOURCES").is_none(),
        "BILATERAL_REQUIRE_SOURCES is set but {} is not a folder",
        dir.display()
    );
    eprintln!("skipped: no source documents at {}", dir.display());
    None
}

#[test]
fn every_quote_is_in_its_document_and_every_value_in_its_quote() {
    let Some(dir) = sources_dir() else { return };
    let docs = Documents::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    let data = crate::common::builtin();
    let report = check_provenance(&data, &docs);
    let problems: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    assert!(
        problems.is_empty(),
        "provenance problems:\n{}",
        problems.join("\n")
    );

    // Every figure and fact that cites a document was checked, and they cite all five.
    let citing = data
        .figures()
        .iter()
        .map(|f| &f.provenance().source)
        .chain(data.regimes().iter().map(|r| &r.provenance.source))
        .filter(|s| matches!(s, Source::Document(_)))
        .count();
    assert_eq!(report.checked, citing);
    let cited: BTreeSet<&str> = data
        .figures()
        .iter()
        .filter_map(|f| match &f.provenance().source {
            Source::Document(d) => Some(d.as_str()),
            Source::Publisher(_) => None,
        })
        .collect();
    let available: BTreeSet<&str> = docs.names().collect();
    assert_eq!(cited, available, "every document is cited, and only those");
}

#[test]
fn a_changed_value_is_caught() {
    let Some(dir) = sources_dir() else { return };
    let docs = Documents::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    // The 2023 exports figure with its value edited from 3.1 to 3.2: the quote still says 3.1.
    let csv = "id,measure,corridor,period,unit,value,reporter,source,printed,quote\n\
        x,exports,KAZ->UZB,2023,usd,$3.2 billion,KAZ,002_26f6919544f59e0e.txt,$3.1 billion,\
        \"In 2023, Kazakh exports jumped by 56.9 percent to $3.1 billion from $2 billion, while imports fell by 9.1 percent to $1.3 billion.\"\n";
    let data = bilateral::Dataset::from_figures_csv("edited.csv", csv.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let report = check_provenance(&data, &docs);
    assert_eq!(report.problems.len(), 1);
    let e = &report.problems[0];
    assert!(
        matches!(
            e.root(),
            bilateral::Error::Data(bilateral::error::DataError::ValueNotInPrinted { .. })
        ),
        "{e}"
    );
    let loc = e
        .location()
        .map(|l| (l.file.as_str(), l.line, l.field.as_str()));
    assert_eq!(loc, Some(("edited.csv", 2, "printed")));
}

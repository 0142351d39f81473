//! Reading the data files (`figures` and `regimes` CSV files) into typed values, with errors that
//! name the file, line and field. Each file is read through its row struct
//! ([`FigureRow`], [`RegimeRow`]), then each row is checked and converted.
//!
//! The format is documented in `data/README.md`.

use crate::data::Figure;
use crate::data::RegimeFact;
use crate::data::rows::{FigureRow, RegimeRow};
use crate::error::Result;
use crate::schema;

/// Reads a figures file (whether ids are unique across files is the dataset's check).
pub(crate) fn read_figures(file: &str, bytes: &[u8]) -> Result<Vec<Figure>> {
    schema::read::<FigureRow>(file, bytes)?
        .into_iter()
        .map(|(line, row)| row.into_figure(file, line))
        .collect()
}

/// Reads a regimes file.
pub(crate) fn read_regimes(file: &str, bytes: &[u8]) -> Result<Vec<RegimeFact>> {
    schema::read::<RegimeRow>(file, bytes)?
        .into_iter()
        .map(|(line, row)| row.into_fact(file, line))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Value;
    use crate::error::Error;
    use crate::error::{DataError, FileError};

    const HEADER: &str = "id,measure,corridor,period,unit,value,bound,reporter,source,quote\n";

    fn load(body: &str) -> Result<Vec<Figure>> {
        let text = format!("{HEADER}{body}");
        read_figures("t.csv", text.as_bytes())
    }

    fn located(e: &Error) -> (u64, &str, &Error) {
        let loc = e.location().map_or((0, ""), |l| (l.line, l.field.as_str()));
        (loc.0, loc.1, e.root())
    }

    #[test]
    fn reads_a_good_row() {
        let f =
            load("a,turnover,KAZ->UZB,2023,usd,$4.5 billion,eq,KAZ,002_26f6919544f59e0e.txt,q\n");
        let f = f.unwrap_or_default();
        assert_eq!(f.len(), 1);
        assert_eq!(
            f.first().map(Figure::value_text).as_deref(),
            Some("$4.5 billion")
        );
    }

    #[test]
    fn decimals_override_sets_the_step() {
        let text = "id,measure,unit,value,decimals,source\n\
                    a,imports,usd,0.7352 bn USD,4,x\n\
                    b,turnover,usd,3.0 bn USD,0,x\n\
                    c,jobs,count,\"14,700\",-2,x\n";
        let f = read_figures("t.csv", text.as_bytes()).unwrap_or_default();
        let steps: Vec<f64> = f
            .iter()
            .filter_map(|f| match f.value() {
                Value::Amount { step, .. } => Some(*step),
                _ => None,
            })
            .collect();
        assert_eq!(steps.len(), 3);
        approx::assert_relative_eq!(steps[0], 1e5, max_relative = 1e-9);
        approx::assert_relative_eq!(steps[1], 1e9, max_relative = 1e-9);
        approx::assert_relative_eq!(steps[2], 100.0, max_relative = 1e-9);
    }

    #[test]
    fn errors_name_line_and_field() {
        let e = load("a,turnover,KAZ->UZB,2023,usd,$-3 billion,eq,KAZ,x,q\n").err();
        let e = e.as_ref().map(located);
        assert!(
            matches!(
                e,
                Some((2, "value", Error::Data(DataError::NegativeMoney { .. })))
            ),
            "{e:?}"
        );

        let e = load("a,turnover,KAZ->UZB,2023,usd,$1 billion,eq,KZX,x,q\n").err();
        let e = e.as_ref().map(located);
        assert!(
            matches!(
                e,
                Some((2, "reporter", Error::Data(DataError::UnknownCountry { .. })))
            ),
            "{e:?}"
        );

        let e = load("a,turnover,KAZ->UZB,2023-13,usd,$1 billion,eq,KAZ,x,q\n").err();
        let e = e.as_ref().map(located);
        assert!(
            matches!(
                e,
                Some((2, "period", Error::Data(DataError::InvalidPeriod { .. })))
            ),
            "{e:?}"
        );

        let good = "a,turnover,KAZ->UZB,2023,usd,$1 billion,eq,KAZ,x,q\n";
        let e = load(&format!(
            "{good}b,share,KAZ->UZB,2023,percent,abc,eq,KAZ,x,q\n"
        ))
        .err();
        let e = e.as_ref().map(located);
        assert!(
            matches!(
                e,
                Some((3, "value", Error::Data(DataError::InvalidNumber { .. })))
            ),
            "{e:?}"
        );

        let e = crate::data::Dataset::from_figures_csv(
            "t.csv",
            format!("{HEADER}{good}{good}").as_bytes(),
        )
        .err();
        assert!(
            matches!(e, Some(Error::Data(DataError::DuplicateId { ref first, ref second, .. }))
                if first == "figure #1 (t.csv:2)" && second == "figure #2 (t.csv:3)"),
            "{e:?}"
        );
    }

    #[test]
    fn file_level_errors() {
        assert!(matches!(
            read_figures("t", b""),
            Err(Error::File(FileError::EmptyFile { .. }))
        ));
        assert!(matches!(
            read_figures("t", HEADER.as_bytes()),
            Err(Error::File(FileError::NoRecords { .. }))
        ));
        assert!(matches!(
            read_figures("t", b"id,measure,unit,value\na,b,usd,1\n"),
            Err(Error::File(FileError::MissingColumn { ref column, .. })) if column == "source"
        ));
        assert!(matches!(
            read_figures("t", b"id;measure;unit;value;source\n"),
            Err(Error::File(FileError::WrongDelimiter { found: ';', .. }))
        ));
        assert!(matches!(
            read_figures("t", b"id,id,measure,unit,value,source\n"),
            Err(Error::File(FileError::DuplicateColumn { .. }))
        ));
        assert!(matches!(
            read_figures("t", b"id,measure,unit,value,source,colour\n"),
            Err(Error::File(FileError::UnknownColumn { .. }))
        ));
        assert!(matches!(
            read_figures("t", b"id,measure,unit,value,source\na,b,usd\n"),
            Err(Error::File(FileError::Csv { line: 2, .. }))
        ));
        let e = read_figures("t", b"id,measure,unit,value,source\na,b,usd,\xff,x\n");
        let at = e.as_ref().err().and_then(Error::location);
        assert_eq!(at.map(|l| (l.line, l.field.as_str())), Some((2, "value")));
    }
}

//! Comtrade-layout files and mirror statistics, on fixtures written in that layout.

use bilateral::error::{DataError, FileError, InputError};
use std::path::PathBuf;

use crate::common::{REL, builtin};
use approx::assert_relative_eq;
use bilateral::audit::{Reconciliation, mirror_from_dataset, mirror_from_totals};
use bilateral::data::{Area, ComtradeFlow, Party, TotalBasis};
use bilateral::io::{comtrade_totals, comtrade_totals_from, read_comtrade, read_comtrade_from};
use bilateral::{Corridor, Country, Error, Verdict};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/comtrade_kaz_uzb.csv")
}

#[test]
fn reads_rows_by_header_name() -> bilateral::Result<()> {
    let load = read_comtrade(&fixture())?;
    // Nine data rows, all kept; the one with partner W00 (World) is an area, typed as one.
    assert_eq!((load.rows, load.area_rows, load.items.len()), (9, 1, 9));
    assert!(
        load.items
            .iter()
            .any(|r| r.partner == Party::Area(Area::World) && r.value == 84e9)
    );
    let steel = load
        .items
        .iter()
        .find(|r| r.commodity == "7208")
        .unwrap_or_else(|| panic!("7208"));
    assert_eq!(
        (steel.reporter, steel.partner, steel.flow),
        (
            Party::Country(Country::KAZ),
            Party::Country(Country::UZB),
            ComtradeFlow::Export
        )
    );
    assert_eq!(steel.value, 800e6);
    assert_eq!(steel.fob, Some(800e6));
    assert_eq!(steel.cif, None);
    assert_eq!(steel.period.as_deref(), Some("2022"));
    assert_eq!(steel.origin.line, 3);
    assert!(steel.origin.file.ends_with("comtrade_kaz_uzb.csv"));
    assert!(load.items.iter().any(|r| r.flow == ComtradeFlow::ReExport));
    Ok(())
}

#[test]
fn totals_over_commodity_codes() -> bilateral::Result<()> {
    let totals = comtrade_totals(&fixture())?.items;
    let get = |r: Country, p: Country, f: ComtradeFlow| {
        totals
            .iter()
            .find(|t| {
                t.year == 2022
                    && t.reporter == Party::Country(r)
                    && t.partner == Party::Country(p)
                    && t.flow == f
            })
            .unwrap_or_else(|| panic!("{r} {p} {f}"))
    };
    // Kazakh exports: no TOTAL row, so the 4-digit HS rows 1.2 + 0.8 + 0.5 = 2.5 billion, from 3
    // rows starting on line 2.
    let x = get(Country::KAZ, Country::UZB, ComtradeFlow::Export);
    assert_eq!(
        (x.value, x.rows, x.basis, x.origin.line, x.months),
        (2.5e9, 3, TotalBasis::Level { digits: 4 }, 2, 12)
    );
    // Uzbek imports: the TOTAL row (2.75 billion), not TOTAL + the wheat row.
    let m = get(Country::UZB, Country::KAZ, ComtradeFlow::Import);
    assert_eq!((m.value, m.basis), (2.75e9, TotalBasis::TotalRow));
    Ok(())
}

#[test]
fn mirror_pairs_from_comtrade() -> bilateral::Result<()> {
    let totals = comtrade_totals(&fixture())?.items;
    let pairs = mirror_from_totals(
        &totals,
        Country::KAZ,
        Country::UZB,
        Reconciliation::default(),
    )?;
    assert_eq!(pairs.len(), 2);
    // KAZ→UZB 2022: CIF 2.75 / FOB 2.5 = 1.10, in the band; reconciled 0.5·2.5 + 0.5·2.75/1.1 = 2.5.
    let k = &pairs[0];
    assert_eq!((k.exporter, k.importer), (Country::KAZ, Country::UZB));
    assert_relative_eq!(k.ratio.unwrap().point(), 1.1, max_relative = REL);
    assert_relative_eq!(k.gap.point(), 0.25e9, max_relative = REL);
    assert_eq!(k.verdict, Verdict::Consistent);
    assert_relative_eq!(k.reconciled.point(), 2.5e9, max_relative = REL);
    assert!(k.exporter_sources[0].contains("row 2 (3 rows, sum of 4-digit codes)"));
    // UZB→KAZ: 1.45 / 1.3 = 1.11538; reconciled 0.65 + 0.5·1.45/1.1 = 1.309091 billion.
    let u = &pairs[1];
    assert_relative_eq!(u.ratio.unwrap().point(), 1.45 / 1.3, max_relative = REL);
    assert_relative_eq!(u.reconciled.point(), 1.309_090_909e9, max_relative = 1e-9);
    // All weight on the exporter gives the exporter's value.
    let rule = Reconciliation {
        exporter_weight: 1.0,
        cif_fob_factor: 1.1,
    };
    let p = mirror_from_totals(&totals, Country::KAZ, Country::UZB, rule)?;
    assert_eq!(p[0].reconciled.point(), 2.5e9);
    assert!(
        mirror_from_totals(
            &totals,
            Country::KAZ,
            Country::UZB,
            Reconciliation {
                exporter_weight: 2.0,
                cif_fob_factor: 1.1
            }
        )
        .is_err()
    );
    Ok(())
}

#[test]
fn mirror_gap_for_the_builtin_2022_kazakh_exports() -> bilateral::Result<()> {
    let pairs = mirror_from_dataset(&builtin(), Corridor::KAZ_UZB, Reconciliation::default())?;
    let p = pairs
        .iter()
        .find(|p| p.year == 2022 && p.exporter == Country::KAZ)
        .unwrap_or_else(|| panic!("2022 pair"));
    // Kazakh side "$2 billion" [1.5, 2.5] (002); Uzbek side $3.7 billion [3.65, 3.75].
    assert_eq!(p.exporter_sources, ["d002.exports.2022"]);
    assert_eq!(p.importer_sources, ["s.kzuz.2022.exports.uzb"]);
    // Ratio 3.7 / 2 = 1.85 over [3.65 / 2.5, 3.75 / 1.5] = [1.46, 2.5]: outside 1.0–1.2.
    assert_relative_eq!(p.ratio.unwrap().interval().lo(), 1.46, max_relative = REL);
    assert_relative_eq!(p.ratio.unwrap().interval().hi(), 2.5, max_relative = REL);
    assert_eq!(p.verdict, Verdict::Inconsistent);
    // Gap 3.7 − 2 = 1.7 billion.
    assert_relative_eq!(p.gap.point(), 1.7e9, max_relative = REL);
    Ok(())
}

const HEADER: &str = "refYear,reporterISO,partnerISO,flowCode,cmdCode,primaryValue";

fn comtrade_error(body: &str) -> Error {
    let text = format!("{HEADER}\n2022,KAZ,UZB,X,TOTAL,100\n{body}\n");
    read_comtrade_from("bad.csv", text.as_bytes())
        .err()
        .unwrap_or_else(|| panic!("{body} should fail"))
}

fn at(e: &Error) -> (u64, String) {
    e.location()
        .map(|l| (l.line, l.field.clone()))
        .unwrap_or_default()
}

#[test]
fn bad_comtrade_rows_name_file_line_and_column() {
    let e = comtrade_error("2022,KAZ,UZB,XM,TOTAL,100");
    assert!(
        matches!(e.root(), Error::Data(DataError::UnknownKeyword { text, .. }) if text == "XM"),
        "{e}"
    );
    assert_eq!(at(&e), (3, "flowCode".into()));
    assert!(
        e.to_string().starts_with("bad.csv:3: field `flowCode`"),
        "{e}"
    );
    let e = comtrade_error("2022,KAZ,UZB,X,TOTAL,-5");
    assert!(
        matches!(e.root(), Error::Data(DataError::NegativeMoney { .. })),
        "{e}"
    );
    assert_eq!(at(&e), (3, "primaryValue".into()));
    let e = comtrade_error("2022,KAZ,UZB,X,TOTAL,");
    assert!(
        matches!(e.root(), Error::Data(DataError::EmptyField)),
        "{e}"
    );
    let e = comtrade_error("2022,KZX,UZB,X,TOTAL,1");
    assert!(
        matches!(e.root(), Error::Data(DataError::UnknownCountry { .. })),
        "{e}"
    );
    assert_eq!(at(&e), (3, "reporterISO".into()));
    let missing = "refYear,reporterISO,partnerISO,flowCode,cmdCode\n2022,KAZ,UZB,X,TOTAL\n";
    assert!(matches!(
        comtrade_totals_from("m.csv", missing.as_bytes()),
        Err(Error::File(FileError::MissingColumn {
            ref column,
            ..
        })) if column == "primaryValue"
    ));
    assert!(matches!(
        read_comtrade_from("e.csv", "".as_bytes()),
        Err(Error::File(FileError::EmptyFile { .. }))
    ));
}

#[test]
fn a_byte_order_mark_before_the_header_is_accepted() -> bilateral::Result<()> {
    // What a spreadsheet saves as "CSV UTF-8": EF BB BF, then the header.
    let text = "\u{feff}refYear,reporterISO,partnerISO,flowCode,cmdCode,primaryValue\n\
                2022,KAZ,UZB,X,TOTAL,2000000000\n";
    let load = comtrade_totals_from("bom.csv", text.as_bytes())?;
    assert_eq!(load.items.len(), 1);
    assert_eq!(load.items[0].value, 2e9);
    Ok(())
}

fn mixed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/comtrade_mixed.csv")
}

#[test]
fn totals_never_double_count_levels_breakdowns_or_months() -> bilateral::Result<()> {
    let load = comtrade_totals(&mixed())?;
    let get = |year: i32, r: &str, p: &str, f: ComtradeFlow| {
        load.items
            .iter()
            .find(|t| {
                t.year == year && t.reporter.code() == r && t.partner.code() == p && t.flow == f
            })
            .unwrap_or_else(|| panic!("{year} {r} {p} {f}"))
    };
    // 2022 KAZ exports to UZB: the TOTAL row, 1000. Not TOTAL + the 2-digit rows (2000) + the
    // 4-digit rows (3000) + the 6-digit row (3350); not the sea-transport (motCode 2100, 300), the
    // customs-procedure (C01, 500) or the via-Russia (partner2 643, 120) breakdowns; not the
    // January row (90), since the year has annual rows.
    let x = get(2022, "KAZ", "UZB", ComtradeFlow::Export);
    assert_eq!(
        (x.value, x.basis, x.months),
        (1000.0, TotalBasis::TotalRow, 12)
    );
    // 2022 UZB imports from KAZ, no TOTAL row: the leaves 1001 (300) + 100210 (200) = 500; not
    // all four rows (1200), which double count chapter 10 and heading 1002.
    let m = get(2022, "UZB", "KAZ", ComtradeFlow::Import);
    assert_eq!((m.value, m.basis, m.rows), (500.0, TotalBasis::Leaves, 2));
    // 2023, monthly only: January's TOTAL 80 + February's TOTAL 70 + March's 2-digit rows
    // 30 + 20 = 50 (not + the 4-digit 30): 200 over three months.
    let q = get(2023, "KAZ", "UZB", ComtradeFlow::Export);
    assert_eq!((q.value, q.months), (200.0, 3));
    // A historical file by numeric code: 810 is the USSR, 842 Comtrade's USA.
    let h = get(1990, "SUN", "USA", ComtradeFlow::Export);
    assert_eq!(h.reporter, Party::Former("SUN".parse()?));
    assert_eq!(h.partner, Party::Country(Country::USA));
    // The all-partner row loads, as an area.
    let w = get(2022, "KAZ", "W00", ComtradeFlow::Export);
    assert_eq!(w.value, 84_000.0);
    // What was left out: 3 breakdown rows; 1 monthly row of a year with annual rows.
    assert_eq!((load.breakdown_rows, load.monthly_rows_skipped), (3, 1));
    // Only full years are paired as mirror flows: 2023 (three months) is not.
    let pairs = mirror_from_totals(
        &load.items,
        Country::KAZ,
        Country::UZB,
        Reconciliation::default(),
    )?;
    assert!(pairs.iter().all(|p| p.year == 2022));
    Ok(())
}

#[test]
fn without_level_columns_one_code_length_is_summed() -> bilateral::Result<()> {
    // No TOTAL, no aggrLevel or isLeaf: the coarsest codes present, 2 digits: 600 + 400 = 1000.
    let text = format!(
        "{HEADER}\n2022,KAZ,UZB,X,72,600\n2022,KAZ,UZB,X,7208,350\n2022,KAZ,UZB,X,7210,250\n2022,KAZ,UZB,X,10,400\n"
    );
    let t = comtrade_totals_from("levels.csv", text.as_bytes())?;
    assert_eq!(t.items.len(), 1);
    assert_eq!(
        (t.items[0].value, t.items[0].basis),
        (1000.0, TotalBasis::Level { digits: 2 })
    );
    Ok(())
}

#[test]
fn repeated_totals_bad_years_repeated_columns_and_overflow_are_errors() {
    // Two identical TOTAL rows: adding them would give 200.
    let text = format!("{HEADER}\n2022,KAZ,UZB,X,TOTAL,100\n2022,KAZ,UZB,X,TOTAL,100\n");
    assert!(matches!(
        comtrade_totals_from("twice.csv", text.as_bytes()),
        Err(Error::File(FileError::DuplicateRow {
            line: 3,
            first: 2,
            ..
        }))
    ));
    for year in ["1899", "3000"] {
        let text = format!("{HEADER}\n{year},KAZ,UZB,X,TOTAL,100\n");
        let e = read_comtrade_from("year.csv", text.as_bytes()).err();
        assert_eq!(
            e.as_ref()
                .and_then(Error::location)
                .map(|l| (l.line, l.field.clone())),
            Some((2, "refYear".into())),
            "{year}: {e:?}"
        );
    }
    let text = "refYear,reporterISO,partnerISO,flowCode,cmdCode,primaryValue,cmdCode\n";
    assert!(matches!(
        read_comtrade_from("cols.csv", text.as_bytes()),
        Err(Error::File(FileError::DuplicateColumn { ref column, .. })) if column == "cmdCode"
    ));
    let text = format!("{HEADER}\n2022,KAZ,UZB,X,7208,1.7e308\n2022,KAZ,UZB,X,7210,1.7e308\n");
    let e = comtrade_totals_from("big.csv", text.as_bytes()).err();
    assert!(
        matches!(
            e.as_ref().map(Error::root),
            Some(Error::Input(InputError::NonFinite { .. }))
        ),
        "{e:?}"
    );
}

#[test]
fn line_numbers_count_blank_lines() {
    // Line 1 header, 2 a row, 3-4 blank (one with \r\n), 5 a row with a bad flow code: the error
    // names line 5, not line 3 where the csv crate's position points.
    let text = format!("{HEADER}\n2022,KAZ,UZB,X,TOTAL,100\n\n\r\n2022,KAZ,UZB,Q,TOTAL,1\n");
    let e = read_comtrade_from("blank.csv", text.as_bytes()).unwrap_err();
    assert_eq!(at(&e), (5, "flowCode".into()), "{e}");
    let text = format!("{HEADER}\n\n2022,KAZ,UZB,X,TOTAL,100\n2022,KAZ,UZB,X,7208,-1\n");
    let e = read_comtrade_from("blank.csv", text.as_bytes()).unwrap_err();
    assert_eq!(at(&e), (4, "primaryValue".into()), "{e}");
    let ok = read_comtrade_from(
        "blank.csv",
        format!("{HEADER}\n\n\n2022,KAZ,UZB,X,TOTAL,100\n").as_bytes(),
    )
    .unwrap();
    assert_eq!(ok.items[0].origin.line, 4);
}

// ---- the API's JSON and the legacy bulk CSV ----------------------------------------------

fn layout(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn the_api_json_and_the_legacy_csv_give_the_same_totals() -> bilateral::Result<()> {
    let key = |t: &bilateral::data::TradeTotal| {
        (
            t.year,
            t.reporter.to_string(),
            t.partner.to_string(),
            t.flow,
            t.value,
            t.months,
        )
    };
    let today: Vec<_> = comtrade_totals(&fixture())?.items.iter().map(key).collect();
    assert_eq!(today.len(), 6);
    for name in ["comtrade_kaz_uzb_api.json", "comtrade_kaz_uzb_legacy.csv"] {
        let load = comtrade_totals(&layout(name))?;
        let other: Vec<_> = load.items.iter().map(key).collect();
        assert_eq!(other, today, "{name}");
        assert_eq!((load.rows, load.area_rows), (9, 1), "{name}");
    }
    // Kazakhstan's 2022 exports to Uzbekistan have no TOTAL row: wheat, steel and coal,
    // 1.2 + 0.8 + 0.5 = $2.5 billion, from the leaves in the legacy file.
    let legacy = comtrade_totals(&layout("comtrade_kaz_uzb_legacy.csv"))?;
    let kaz_x = legacy
        .items
        .iter()
        .find(|t| {
            t.year == 2022
                && t.flow == ComtradeFlow::Export
                && t.partner == Party::Country(Country::UZB)
        })
        .unwrap_or_else(|| panic!("KAZ X UZB"));
    assert_eq!(kaz_x.value, 1.2e9 + 0.8e9 + 0.5e9);
    assert_eq!(kaz_x.basis, TotalBasis::Leaves);
    // Legacy World (WLD) is the same area as today's W00.
    let records = read_comtrade(&layout("comtrade_kaz_uzb_legacy.csv"))?;
    assert!(
        records
            .items
            .iter()
            .any(|r| r.partner == Party::Area(Area::World))
    );
    Ok(())
}

#[test]
fn a_bad_json_or_legacy_file_is_refused_naming_what_and_where() {
    let err = |text: &str| {
        read_comtrade_from("dl.json", text.as_bytes())
            .map(|_| ())
            .expect_err(text)
            .to_string()
    };
    let e = err("{\"count\": 0, \"error\": \"\"}");
    assert!(e.contains("dl.json") && e.contains("`data` array"), "{e}");
    let e = err("{\"data\": [{\"refYear\": 2022, \"flowCode\": {\"x\": 1}}]}");
    assert!(e.contains("data item 1") && e.contains("flowCode"), "{e}");
    let e = err("{\"data\": [");
    assert!(e.contains("not valid JSON"), "{e}");
    // A field error in the JSON names the item (line N is item N - 1) and the field.
    let e = err(
        "{\"data\": [{\"refYear\": 2022, \"reporterISO\": \"KAZ\", \"partnerISO\": \"UZB\", \"flowCode\": \"Q\", \"cmdCode\": \"TOTAL\", \"primaryValue\": 1}]}",
    );
    assert!(e.contains("item N - 1):2: field `flowCode`"), "{e}");
    // The legacy layout's errors name its own columns.
    let legacy = "Year,Trade Flow Code,Reporter ISO,Partner ISO,Commodity Code,Trade Value (US$)\n2022,7,KAZ,UZB,TOTAL,5\n";
    let e = read_comtrade_from("old.csv", legacy.as_bytes())
        .map(|_| ())
        .expect_err("flow 7")
        .to_string();
    assert!(e.contains("old.csv:2: field `Trade Flow Code`"), "{e}");
}

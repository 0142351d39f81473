//! The built-in dataset holds every figure the issue lists, with the intervals its printed
//! precision implies (worked by hand in the comments).

use crate::common::{REL, builtin, estimate, figure};
use approx::assert_relative_eq;
use bilateral::data::{Bound, Date, Regime, RegimeStatus, Unit, Value};
use bilateral::{Corridor, Country, Flow, Period};

/// (id, lo, hi) for dollar figures: a printed "$X" with step s is [X - s/2, X + s/2].
const MONEY: &[(&str, f64, f64)] = &[
    // "$4.5 billion": step 0.1 bn → [4.45, 4.55]
    ("d002.turnover.2023.a", 4.45e9, 4.55e9),
    // "$4.4 billion" → [4.35, 4.45]
    ("d002.turnover.2023.b", 4.35e9, 4.45e9),
    // "$3.1 billion" exports → [3.05, 3.15]
    ("d002.exports.2023", 3.05e9, 3.15e9),
    // "$2 billion": step 1 bn → [1.5, 2.5]
    ("d002.exports.2022", 1.5e9, 2.5e9),
    // "$1.3 billion" imports → [1.25, 1.35]
    ("d002.imports.2023", 1.25e9, 1.35e9),
    // "ten billion dollars": a whole number of billions → [9.5, 10.5]
    ("d002.target.a", 9.5e9, 10.5e9),
    // "$3.1 billion" of 69 projects
    ("d002.projects.value", 3.05e9, 3.15e9),
    // "$217 million": step 1 m → [216.5, 217.5] m
    ("d002.completed.value", 216.5e6, 217.5e6),
    // "$178 million" → [177.5, 178.5] m
    ("d002.underway.value", 177.5e6, 178.5e6),
    // "$100bn" → [99.5, 100.5] bn
    ("d000.infrastructure.value", 99.5e9, 100.5e9),
    // Series: "0.7352" bn with 4 decimals → [0.73515, 0.73525] bn
    ("s.kzuz.2017.imports.kaz", 0.73515e9, 0.73525e9),
    // Series: 2018 "USD3 billion", 0 decimals → [2.5, 3.5] bn
    ("s.kzuz.2018.turnover.kaz", 2.5e9, 3.5e9),
];

#[test]
fn money_figures_and_their_intervals() {
    let data = builtin();
    for (id, lo, hi) in MONEY {
        let e = estimate(&data, id);
        assert_relative_eq!(e.interval().lo(), *lo, max_relative = REL);
        assert_relative_eq!(e.interval().hi(), *hi, max_relative = REL);
    }
}

#[test]
fn exceeding_is_a_lower_bound_on_a_partial_year() {
    let data = builtin();
    let f = figure(&data, "d002.turnover.2024-jan-apr");
    assert_eq!(f.bound(), Bound::Gt);
    assert_eq!(f.period(), "2024-01..2024-04".parse().ok());
    assert_eq!(f.period().and_then(Period::month_count), Some(4));
    let e = estimate(&data, "d002.turnover.2024-jan-apr");
    assert_relative_eq!(e.interval().lo(), 1.2e9, max_relative = REL);
    assert_eq!(e.interval().hi(), f64::INFINITY);
}

#[test]
fn growth_rates_and_shares() {
    let data = builtin();
    // (id, printed value, base period, end period); a printed "29.5" is [29.45, 29.55].
    for (id, v, base, end) in [
        ("d002.turnover.growth.5y", 29.5, "2018", "2023"),
        ("d002.exports.growth.2023", 56.9, "2022", "2023"),
        ("d002.imports.growth.2023", -9.1, "2022", "2023"),
    ] {
        let f = figure(&data, id);
        assert_eq!(f.unit(), Unit::PercentChange);
        assert_eq!(f.base_period(), base.parse().ok());
        assert_eq!(f.period(), end.parse().ok());
        let e = estimate(&data, id);
        assert_relative_eq!(e.interval().lo(), v - 0.05, max_relative = REL);
        assert_relative_eq!(e.interval().hi(), v + 0.05, max_relative = REL);
    }
    // "57 percent" → [56.5, 57.5]
    let share = estimate(&data, "d002.share.central-asia");
    assert_relative_eq!(share.interval().lo(), 56.5, max_relative = REL);
    assert_relative_eq!(share.interval().hi(), 57.5, max_relative = REL);
}

fn amount(data: &bilateral::Dataset, id: &str) -> (f64, Unit, Bound) {
    let f = figure(data, id);
    match f.value() {
        Value::Amount { value, .. } => (*value, f.unit(), f.bound()),
        other => panic!("{id}: {other:?}"),
    }
}

#[test]
fn counts_capacities_and_areas() {
    let data = builtin();
    for (id, value, unit, bound) in [
        ("d002.projects.count", 69.0, Unit::Count, Bound::Eq),
        ("d002.projects.jobs", 14_700.0, Unit::Count, Bound::Nearly),
        ("d002.completed.count", 12.0, Unit::Count, Bound::Eq),
        ("d002.completed.jobs", 4_500.0, Unit::Count, Bound::Approx),
        ("d002.underway.count", 3.0, Unit::Count, Bound::Eq),
        ("d002.taraz.capacity", 500_000.0, Unit::Tonnes, Bound::Eq),
        ("d002.centre.area", 100.0, Unit::Hectares, Bound::Eq),
        ("d002.commission.number", 21.0, Unit::Ordinal, Bound::Eq),
        ("d002.target.multiple", 2.0, Unit::Ratio, Bound::Eq),
        ("d000.jackson-vanik.count", 5.0, Unit::Count, Bound::Eq),
        (
            "d001.determination.frequency",
            2.0,
            Unit::PerYear,
            Bound::Eq,
        ),
        ("d001.wto.accession-years", 20.0, Unit::Years, Bound::Nearly),
        ("d003.processes.approved", 77.0, Unit::Count, Bound::Eq),
        ("d003.processes.operational", 42.0, Unit::Count, Bound::Eq),
        ("d003.joint-projects.count", 5.0, Unit::Count, Bound::Eq),
        ("d004.wto.members", 161.0, Unit::Count, Bound::Eq),
    ] {
        assert_eq!(amount(&data, id), (value, unit, bound), "{id}");
    }
    // "nearly 14,700" to the hundred → [14,600, 14,700]
    let jobs = estimate(&data, "d002.projects.jobs");
    assert_eq!(
        (jobs.interval().lo(), jobs.interval().hi()),
        (14_600.0, 14_700.0)
    );
}

fn date(data: &bilateral::Dataset, id: &str) -> String {
    match figure(data, id).value() {
        Value::Date { period } => period.to_string(),
        other => panic!("{id}: {other:?}"),
    }
}

fn countries(data: &bilateral::Dataset, id: &str) -> Vec<Country> {
    match figure(data, id).value() {
        Value::Countries { countries } => countries.clone(),
        other => panic!("{id}: {other:?}"),
    }
}

#[test]
fn dates_and_country_lists() {
    let data = builtin();
    for (id, text) in [
        ("d002.centre.technical-launch", "2026-Q4"),
        ("d002.centre.opening", "2027-H1"),
        ("d002.commission.dates", "2024-07-11..2024-07-12"),
        ("d001.trade-act.year", "1974"),
        ("d001.wto.accession", "2015"),
        ("d004.wto.application", "1996-01-29"),
        ("d004.wto.working-party", "1996-02-06"),
    ] {
        assert_eq!(date(&data, id), text, "{id}");
    }
    assert_eq!(
        countries(&data, "d000.jackson-vanik.countries"),
        [
            Country::AZE,
            Country::KAZ,
            Country::TJK,
            Country::TKM,
            Country::UZB
        ]
    );
    assert_eq!(
        countries(&data, "d004.eaeu.members"),
        [Country::ARM, Country::BLR, Country::KAZ, Country::RUS]
    );
    assert_eq!(
        countries(&data, "d003.joint-projects.countries"),
        [Country::KAZ, Country::KGZ, Country::BLR, Country::RUS]
    );
}

#[test]
fn the_shared_series_are_built_in() {
    let data = builtin();
    let kzuz = data.flow_levels(Corridor::KAZ_UZB, Flow::Turnover).count();
    // 002: 2023 ×2 and Jan–Apr 2024; series: 2017, 2018, 2020 Jan–Nov, 2021 Jan–Oct, 2021
    // Jan–Nov, 2022 ×2, 2023 ×2.
    assert_eq!(kzuz, 12);
    assert_eq!(
        data.flow_levels(Corridor::KAZ_USA, Flow::Turnover).count(),
        4
    );
    // Both regional totals of 2023.
    let totals: Vec<&str> = data
        .figures()
        .iter()
        .filter(|f| f.measure().starts_with("total_") && f.unit() == Unit::Usd)
        .map(|f| f.measure())
        .collect();
    assert_eq!(
        totals,
        [
            "total_kazakhstan_trade_with_central_asia",
            "total_intra_central_asian_trade"
        ]
    );
    // Every series figure keeps its publisher and side.
    let s = figure(&data, "s.kzuz.2022.exports.uzb");
    assert_eq!(s.reporter(), Some(Country::UZB));
    assert!(
        s.provenance()
            .source
            .name()
            .starts_with("Uzbek official data")
    );
}

#[test]
fn trade_regimes_are_dated_and_sourced() {
    let data = builtin();
    let on = |y, m, d| Date::new(y, m, d).unwrap_or_else(|e| panic!("{e}"));
    let status = |c, r, d| data.regime_status(c, r, d).map(|f| f.status);
    // WTO: applicant from 1996, member by the 2023 letter.
    assert_eq!(
        status(Country::KAZ, Regime::Wto, on(2000, 1, 1)),
        Some(RegimeStatus::Applicant)
    );
    assert_eq!(
        status(Country::KAZ, Regime::Wto, on(2023, 3, 1)),
        Some(RegimeStatus::Member)
    );
    let member = data.regime_status(Country::KAZ, Regime::Wto, on(2023, 3, 1));
    assert_eq!(member.and_then(|f| f.since), "2015".parse().ok());
    // Jackson-Vanik: the five still under annual review in 2025; Russia has PNTR.
    for c in [
        Country::AZE,
        Country::KAZ,
        Country::TJK,
        Country::TKM,
        Country::UZB,
    ] {
        assert_eq!(
            status(c, Regime::JacksonVanik, on(2025, 11, 1)),
            Some(RegimeStatus::AnnualReview),
            "{c}"
        );
    }
    assert_eq!(
        status(Country::RUS, Regime::JacksonVanik, on(2023, 3, 1)),
        Some(RegimeStatus::PermanentNtr)
    );
    // EAEU 2015: Armenia, Belarus, Kazakhstan, Russia.
    for c in [Country::ARM, Country::BLR, Country::KAZ, Country::RUS] {
        assert_eq!(
            status(c, Regime::Eaeu, on(2015, 12, 1)),
            Some(RegimeStatus::Member)
        );
    }
    // The Kazakhstan–Uzbekistan free trade regime was planned as of July 2024, not before.
    assert_eq!(
        status(Country::UZB, Regime::FreeTrade, on(2024, 8, 1)),
        Some(RegimeStatus::Planned)
    );
    assert_eq!(
        status(Country::UZB, Regime::FreeTrade, on(2024, 1, 1)),
        None
    );
}

#[test]
fn the_dataset_round_trips_through_json() {
    let data = builtin();
    let json = serde_json::to_string(&data).unwrap_or_else(|e| panic!("{e}"));
    let back: bilateral::Dataset = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert!(back == data, "JSON round trip changed the dataset");
    // Countries, corridors and periods serialise as their text forms.
    assert!(json.contains(r#""corridor":"KAZ->UZB""#));
    assert!(json.contains(r#""period":"2024-01..2024-04""#));
}

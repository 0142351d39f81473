//! The target outlook for Kazakhstan–Uzbekistan: $10 billion from 2023's $4.5 billion.

use crate::common::{HAND_4DP, builtin, estimate};
use approx::assert_relative_eq;
use bilateral::error::InputError;
use bilateral::growth::SeriesSpec;
use bilateral::outlook::{RateSource, TargetOutlook, TargetSpec, target_outlook};
use bilateral::{Corridor, Country, Error, Flow};

fn spec(series: SeriesSpec, years: std::ops::RangeInclusive<i32>) -> TargetSpec {
    let data = builtin();
    TargetSpec::new(
        series,
        2023,
        estimate(&data, "d002.turnover.2023.a"),
        estimate(&data, "d002.target.a"),
        years,
    )
}

fn outlook(s: &TargetSpec) -> TargetOutlook {
    target_outlook(&builtin(), s).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn required_rates_by_target_year() {
    let o = outlook(&spec(
        SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover),
        2026..=2035,
    ));
    assert_eq!(o.rows.len(), 10);
    let row = |y: i32| {
        o.rows
            .iter()
            .find(|r| r.year == y)
            .unwrap_or_else(|| panic!("{y}"))
    };
    // 2026, three years: e^(0.798508 / 3) − 1 = e^0.266169 − 1 = 1.304956 − 1 = 30.4956%.
    assert_relative_eq!(
        row(2026).required.point() * 100.0,
        30.4956,
        epsilon = HAND_4DP
    );
    // 2030, seven years: 12.0832%.
    assert_relative_eq!(
        row(2030).required.point() * 100.0,
        12.0832,
        epsilon = HAND_4DP
    );
    assert_eq!(row(2030).horizon, 7);
    // Further targets need less; the trend's chance only grows.
    for w in o.rows.windows(2) {
        assert!(w[1].required.point() < w[0].required.point());
        let (p0, p1) = (
            w[0].trend_probability.unwrap(),
            w[1].trend_probability.unwrap(),
        );
        assert!(p1 >= p0);
        assert!((0.0..=1.0).contains(&p0));
    }
}

#[test]
fn historical_rates_and_when_they_arrive() {
    let o = outlook(&spec(
        SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover),
        2026..=2035,
    ));
    let stated = o
        .historical
        .iter()
        .find(|h| {
            h.figures
                .iter()
                .any(|f| f.as_str() == "d002.turnover.growth.5y")
        })
        .unwrap_or_else(|| panic!("the +29.5% rate"));
    assert_eq!(stated.source, RateSource::StatedGrowth);
    // 1.295^(1/5) − 1 = 5.3062%; 15.44 years from 2023 → first whole year 16 → 2039; over the
    // rounding of rate, base and target, 14.22 to 16.63 years → 2038 to 2040.
    assert_relative_eq!(stated.rate.point() * 100.0, 5.3062, epsilon = HAND_4DP);
    assert_eq!(stated.year_reached, Some(2039));
    assert_eq!(stated.year_reached_range, (Some(2038), Some(2040)));

    // Published levels 2017 ($2.0B, [1.95, 2.05]) to 2023 (4.45, [4.35, 4.55]) over six years:
    // (4.45 / 2.0)^(1/6) − 1: ln 2.225 = 0.799757, / 6 = 0.133293 → 14.2584%;
    // lo (4.35 / 2.05)^(1/6) − 1: ln 2.121951 = 0.752336, / 6 = 0.125389 → 13.3593%;
    // hi (4.55 / 1.95)^(1/6) − 1: ln 2.333333 = 0.847298, / 6 = 0.141216 → 15.1676%.
    let levels = o
        .historical
        .iter()
        .find(|h| h.source == RateSource::PublishedLevels)
        .unwrap_or_else(|| panic!("levels rate"));
    assert_relative_eq!(levels.rate.point() * 100.0, 14.2584, epsilon = HAND_4DP);
    assert_relative_eq!(
        levels.rate.interval().lo() * 100.0,
        13.3593,
        epsilon = HAND_4DP
    );
    assert_relative_eq!(
        levels.rate.interval().hi() * 100.0,
        15.1676,
        epsilon = HAND_4DP
    );
    // 0.798508 / 0.133293 = 5.99 years → 2029.
    assert_eq!(levels.year_reached, Some(2029));

    // The trend is there, and the table's flags follow each rate's year.
    assert!(
        o.historical
            .iter()
            .any(|h| h.source == RateSource::FittedTrend)
    );
    for r in &o.rows {
        for (h, reached) in o.historical.iter().zip(&r.reached) {
            assert_eq!(*reached, h.year_reached.is_some_and(|y| y <= r.year));
        }
    }
}

#[test]
fn errors() {
    let data = builtin();
    let series = SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover);
    // Target years must come after the base year: the message says which year, not "horizon 0".
    assert!(matches!(
        target_outlook(&data, &spec(series, 2023..=2030)),
        Err(Error::Input(InputError::OutOfRange { what: "first target year", value, .. })) if value == 2023.0
    ));
    // A last year before the first.
    let mut backwards = spec(series, 2026..=2030);
    (backwards.first_year, backwards.last_year) = (2030, 2026);
    assert!(matches!(
        target_outlook(&data, &backwards),
        Err(Error::Input(InputError::OutOfRange { .. }))
    ));
    // The Uzbek side alone published one full year: too short to fit a trend, which the outlook
    // then goes without.
    let short = spec(series.side(Country::UZB), 2026..=2030);
    assert!(target_outlook(&data, &short).is_ok_and(|o| o.fit.is_none()));
    // No side published anything as the United States: no outlook at all.
    let none = spec(series.side(Country::USA), 2026..=2030);
    assert!(target_outlook(&data, &none).is_err());
}

#[test]
fn outlook_serialises() {
    let o = outlook(&spec(
        SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover),
        2026..=2028,
    ));
    let json = serde_json::to_string(&o).unwrap_or_else(|e| panic!("{e}"));
    let back: TargetOutlook = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert!(back == o);
}

#[test]
fn two_published_years_give_rates_without_a_trend() {
    // A corridor with two published years: too few for a trend, enough for the rates a target
    // needs and the compound rate between the two levels.
    let csv = "id,measure,corridor,period,unit,value,source\n\
               x.2019,turnover,KAZ->KGZ,2019,usd,$900 million,Example\n\
               x.2023,turnover,KAZ->KGZ,2023,usd,$1.6 billion,Example\n";
    let data = bilateral::Dataset::from_figures_csv("two.csv", csv.as_bytes()).unwrap();
    let kaz_kgz: Corridor = "KAZ->KGZ".parse().unwrap();
    let base = data.figure("x.2023").and_then(|f| f.estimate()).unwrap();
    let target = bilateral::Estimate::exact(3e9).unwrap();
    let spec = TargetSpec::new(
        SeriesSpec::new(kaz_kgz, Flow::Turnover),
        2023,
        base,
        target,
        2026..=2030,
    );
    let o = target_outlook(&data, &spec).unwrap_or_else(|e| panic!("{e}"));
    assert!(o.fit.is_none());
    assert!(
        o.rows
            .iter()
            .all(|r| r.trend_level.is_none() && r.trend_probability.is_none())
    );
    // 2030 is seven years on: (3 / 1.6)^(1/7) - 1 = 9.3957%.
    let r2030 = o.rows.iter().find(|r| r.year == 2030).unwrap();
    assert_relative_eq!(r2030.required.point() * 100.0, 9.3957, epsilon = HAND_4DP);
    // The levels' compound rate, (1.6 / 0.9)^(1/4) - 1 = 15.4701%, and no trend rate.
    assert_eq!(o.historical.len(), 1);
    assert_eq!(o.historical[0].source, RateSource::PublishedLevels);
    assert_relative_eq!(
        o.historical[0].rate.point() * 100.0,
        15.4701,
        epsilon = HAND_4DP
    );
    // With one published year there is still no trend; with none there is no outlook.
    let one = bilateral::Dataset::from_figures_csv(
        "one.csv",
        "id,measure,corridor,period,unit,value,source\n\
         x.2023,turnover,KAZ->KGZ,2023,usd,$1.6 billion,Example\n"
            .as_bytes(),
    )
    .unwrap();
    let o = target_outlook(&one, &spec).unwrap_or_else(|e| panic!("{e}"));
    assert!(o.fit.is_none() && o.historical.is_empty());
}

#[test]
fn the_outlook_starts_from_each_published_figure_and_says_they_disagree() {
    let data = builtin();
    let s = TargetSpec::published(&data, Corridor::KAZ_UZB, Flow::Turnover, None)
        .unwrap_or_else(|e| panic!("{e}"));
    let o = outlook(&s);
    // The documents name no year for $10 billion: seven years after 2023.
    assert_eq!(o.reading_year, 2030);
    // (10 / 4.5)^(1/7) − 1 and (10 / 4.4)^(1/7) − 1, each figure with its document.
    let rate = |printed: &str, source: &str| {
        o.published
            .iter()
            .find(|p| p.printed == printed && p.source == source)
            .unwrap_or_else(|| panic!("{printed} from {source}"))
            .required
    };
    let a = rate("$4.5 billion", "002_26f6919544f59e0e.txt");
    let b = rate("$4.4 billion", "002_26f6919544f59e0e.txt");
    assert_relative_eq!(
        a.point(),
        (10.0f64 / 4.5).powf(1.0 / 7.0) - 1.0,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        b.point(),
        (10.0f64 / 4.4).powf(1.0 / 7.0) - 1.0,
        max_relative = 1e-12
    );
    assert_eq!(format!("{:.2}", a.point() * 100.0), "12.08");
    assert_eq!(format!("{:.2}", b.point() * 100.0), "12.44");
    // The range over the rounding: $4.45-4.55 billion to $9.5-10.5 billion in 7 years.
    assert_relative_eq!(
        a.interval().lo(),
        (9.5f64 / 4.55).powf(1.0 / 7.0) - 1.0,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        a.interval().hi(),
        (10.5f64 / 4.45).powf(1.0 / 7.0) - 1.0,
        max_relative = 1e-12
    );
    let d = o
        .disagreement
        .as_deref()
        .unwrap_or_else(|| panic!("they disagree"));
    assert!(
        d.contains("inconsistent") && d.contains("bilateral audit --corridor KAZ-UZB"),
        "{d}"
    );
    let text = o.to_string();
    assert!(
        text.starts_with("KAZ->UZB turnover in 2023 as published"),
        "{text}"
    );
    assert!(
        text.contains("12.08% a year") && text.contains("12.44% a year"),
        "{text}"
    );
    assert!(text.contains("to reach $10 billion by 2030"), "{text}");
}

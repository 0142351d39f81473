//! Trend fits and series selection, against hand-worked least squares and a published t table.

use crate::common::{REL, builtin};
use approx::assert_relative_eq;
use bilateral::error::{GrowthError, InputError};
use bilateral::growth::{Annualised, Duplicates, PartialYears, SeriesSpec, TrendModel};
use bilateral::{Corridor, Country, Error, Flow, Series, TrendFit};

/// Student t, 2 degrees of freedom, upper 5% point: 2.919986 (standard t tables).
const T_2DF_95: f64 = 2.919_986;

fn fit(points: &[(i32, f64)], model: TrendModel) -> TrendFit {
    TrendFit::new(points, model).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn linear_fit_by_hand() -> bilateral::Result<()> {
    // x = 1..4, y = 1, 3, 2, 5. x̄ = 2.5, ȳ = 2.75, Sxx = 5, Sxy = 5.5 → b = 1.1, a = 0.
    // Residuals y − 1.1x: −0.1, 0.8, −1.3, 0.6; SSR = 2.7; s² = 2.7 / 2 = 1.35, s = 1.161895.
    // se(b) = s / √5 = 0.519615; se(a) = s·√(1/4 + 6.25/5) = s·√1.5 = 1.423025.
    let f = fit(
        &[(1, 1.0), (2, 3.0), (3, 2.0), (4, 5.0)],
        TrendModel::Linear,
    );
    assert_relative_eq!(f.slope(), 1.1, max_relative = REL);
    assert!(f.intercept().abs() < 1e-12);
    assert_relative_eq!(f.residual_se(), 1.161_895, epsilon = 1e-6);
    assert_relative_eq!(f.se_slope(), 0.519_615, epsilon = 1e-6);
    assert_relative_eq!(f.se_intercept(), 1.423_025, epsilon = 1e-6);
    assert_eq!(f.df(), 2.0);
    // At x = 5: ŷ = 5.5, se = s·√(1 + 1/4 + 6.25/5) = s·√2.5 = 1.837117;
    // 90% half-width = 2.919986 × 1.837117 = 5.364355 → [0.135645, 10.864355].
    let pi = f.prediction_interval(5, 0.9)?;
    assert_relative_eq!(pi.point(), 5.5, max_relative = REL);
    assert_relative_eq!(
        pi.interval().lo(),
        5.5 - T_2DF_95 * 1.837_117,
        epsilon = 1e-5
    );
    assert_relative_eq!(
        pi.interval().hi(),
        5.5 + T_2DF_95 * 1.837_117,
        epsilon = 1e-5
    );
    // P(level ≥ ŷ) = 0.5; P(level ≥ upper 90% end) = 0.05.
    assert_relative_eq!(f.probability_at_least(5, 5.5)?, 0.5, epsilon = 1e-9);
    assert_relative_eq!(
        f.probability_at_least(5, pi.interval().hi())?,
        0.05,
        epsilon = 1e-6
    );
    Ok(())
}

#[test]
fn log_linear_fit_finds_constant_growth() -> bilateral::Result<()> {
    // 2 · 1.1^t exactly: slope ln 1.1, rate 10%, no residual.
    let points: Vec<(i32, f64)> = (0..6).map(|t| (2018 + t, 2.0 * 1.1f64.powi(t))).collect();
    let f = fit(&points, TrendModel::LogLinear);
    assert_relative_eq!(f.slope(), 1.1f64.ln(), max_relative = 1e-9);
    let r = f.annual_rate(0.9)?;
    assert_relative_eq!(r.point(), 0.10, max_relative = 1e-9);
    assert_relative_eq!(f.predict(2024)?, 2.0 * 1.1f64.powi(6), max_relative = 1e-9);
    // A perfect fit leaves no doubt either way.
    assert_eq!(f.probability_at_least(2024, 3.0)?, 1.0);
    assert_eq!(f.probability_at_least(2024, 4.0)?, 0.0);
    Ok(())
}

#[test]
fn fit_errors() {
    assert!(matches!(
        TrendFit::new(&[(2020, 1.0), (2021, 2.0)], TrendModel::LogLinear),
        Err(Error::Growth(GrowthError::SeriesTooShort {
            needed: 3,
            got: 2,
            ..
        }))
    ));
    assert!(matches!(
        TrendFit::new(&[], TrendModel::Linear),
        Err(Error::Growth(GrowthError::SeriesTooShort { got: 0, .. }))
    ));
    let f = fit(&[(1, 1.0), (2, 3.0), (3, 2.0)], TrendModel::Linear);
    assert!(matches!(
        f.prediction_interval(4, 1.0),
        Err(Error::Input(InputError::OutOfRange { .. }))
    ));
    assert!(matches!(
        f.probability_at_least(4, 0.0),
        Err(Error::Input(InputError::NonPositiveBase { .. }))
    ));
    assert!(matches!(
        f.probability_at_least(4, f64::NAN),
        Err(Error::Input(InputError::NonFinite { .. }))
    ));
}

#[test]
fn default_series_is_full_years_with_repeats_as_intervals() -> bilateral::Result<()> {
    let data = builtin();
    let s = Series::from_dataset(&data, SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover))?;
    assert_eq!(
        s.values().iter().map(|v| v.0).collect::<Vec<_>>(),
        [2017, 2018, 2022, 2023]
    );
    // 2022: KAZ "$5 billion" [4.5, 5.5] and UZB "$5.0 billion" [4.95, 5.05] → hull [4.5, 5.5].
    let p = s
        .at(2022)
        .map(|p| p.estimate)
        .unwrap_or_else(|| panic!("2022"));
    assert_relative_eq!(p.interval().lo(), 4.5e9, max_relative = REL);
    assert_relative_eq!(p.interval().hi(), 5.5e9, max_relative = REL);
    // 2023: 4.5, 4.4, 4.4, 4.5 → mean 4.45, hull [4.35, 4.55].
    let p = s
        .at(2023)
        .map(|p| p.estimate)
        .unwrap_or_else(|| panic!("2023"));
    assert_relative_eq!(p.point(), 4.45e9, max_relative = REL);
    Ok(())
}

#[test]
fn duplicates_rules() -> bilateral::Result<()> {
    let data = builtin();
    let spec = SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover);
    // Prefer the Uzbek side: 2022 is its "$5.0 billion" [4.95, 5.05]; 2017 (Kazakh side only)
    // falls back to what there is.
    let s = Series::from_dataset(&data, spec.duplicates(Duplicates::Prefer(Country::UZB)))?;
    let p = s
        .at(2022)
        .map(|p| p.estimate)
        .unwrap_or_else(|| panic!("2022"));
    assert_relative_eq!(p.interval().lo(), 4.95e9, max_relative = REL);
    assert!(s.at(2017).is_some());
    // Only the Uzbek side: no full years but 2022.
    let s = Series::from_dataset(&data, spec.side(Country::UZB))?;
    assert_eq!(s.values().iter().map(|v| v.0).collect::<Vec<_>>(), [2022]);
    // Latest: of the 2023 values only 002's carry a publication date (14 July 2024); the later
    // of them in the file is "$4.4 billion".
    let s = Series::from_dataset(&data, spec.duplicates(Duplicates::Latest))?;
    let p = s.at(2023).unwrap_or_else(|| panic!("2023"));
    assert_eq!(
        p.figures.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
        ["d002.turnover.2023.b"]
    );
    Ok(())
}

#[test]
fn partial_years_are_annualised_only_when_asked() -> bilateral::Result<()> {
    let data = builtin();
    let spec =
        SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover).partial_years(PartialYears::ProRata);
    let s = Series::from_dataset(&data, spec)?;
    // 2020: January–November $2.6 billion [2.55, 2.65] × 12 / 11 = 2.836364 [2.781818, 2.890909].
    let p = s.at(2020).unwrap_or_else(|| panic!("2020"));
    assert_eq!(p.annualised, Some(Annualised::ProRata { months: 11 }));
    assert_relative_eq!(p.estimate.point(), 2.6e9 * 12.0 / 11.0, max_relative = REL);
    assert_relative_eq!(
        p.estimate.interval().lo(),
        2.55e9 * 12.0 / 11.0,
        max_relative = REL
    );
    // 2021: the longest partial (January–November, Uzbek side) is used, not January–October.
    let p = s.at(2021).unwrap_or_else(|| panic!("2021"));
    assert_eq!(
        p.figures.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
        ["s.kzuz.2021-01-2021-11.turnover.uzb"]
    );
    // 2024: "more than $1.2 billion" is only a bound, never a point.
    assert!(s.at(2024).is_none());
    // Full years are never annualised.
    assert_eq!(s.at(2023).map(|p| p.annualised), Some(None));

    // Seasonal shares: if January–November carries 80% of the year, 2020 is 2.6 / 0.8 = 3.25.
    let mut shares = [0.8 / 11.0; 12];
    shares[11] = 0.2;
    let s = Series::from_dataset(
        &data,
        spec.partial_years(PartialYears::SeasonalShare(shares)),
    )?;
    let p = s.at(2020).unwrap_or_else(|| panic!("2020"));
    assert_relative_eq!(p.estimate.point(), 3.25e9, max_relative = 1e-9);
    // Shares must sum to one.
    let bad = Series::from_dataset(
        &data,
        spec.partial_years(PartialYears::SeasonalShare([0.1; 12])),
    );
    assert!(matches!(
        bad,
        Err(Error::Input(InputError::OutOfRange { .. }))
    ));
    Ok(())
}

#[test]
fn figures_left_out_of_a_series_say_why() -> bilateral::Result<()> {
    use bilateral::growth::SkipReason;
    let data = builtin();
    let reason = |s: &Series, id: &str| {
        s.skipped()
            .iter()
            .find(|k| k.figure.as_str() == id)
            .map(|k| k.reason)
    };
    // The default leaves partial years out, and "more than $1.2 billion" in Jan-Apr 2024 is only
    // a bound.
    let s = Series::from_dataset(&data, SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover))?;
    assert_eq!(
        reason(&s, "d002.turnover.2024-jan-apr"),
        Some(SkipReason::OpenEnded)
    );
    assert_eq!(
        reason(&s, "s.kzuz.2020-01-2020-11.turnover.uzb"),
        Some(SkipReason::PartialYearExcluded)
    );
    // Pro rata: 2021 has Jan-Oct (KAZ) and Jan-Nov (UZB); the longer one is annualised.
    let spec =
        SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover).partial_years(PartialYears::ProRata);
    let s = Series::from_dataset(&data, spec)?;
    assert_eq!(
        reason(&s, "s.kzuz.2021-01-2021-10.turnover.kaz"),
        Some(SkipReason::ShorterPartialYear)
    );
    // 3.5 [3.45, 3.55) over 11 months: x 12 / 11.
    let p2021 = s.at(2021).map(|p| p.estimate.interval());
    assert_relative_eq!(
        p2021.map_or(0.0, |i| i.lo()),
        3.45e9 * 12.0 / 11.0,
        max_relative = REL
    );
    // Every 2022 and 2023 figure is a point's, so none of them is left out.
    assert!(
        s.skipped()
            .iter()
            .all(|k| !k.figure.as_str().contains("2022"))
    );
    Ok(())
}

#[test]
fn a_corridor_named_from_the_other_side_reads_the_same_figures() -> bilateral::Result<()> {
    let data = builtin();
    let uzb_kaz: Corridor = "UZB->KAZ".parse()?;
    // 002_26f6919544f59e0e.txt: Kazakhstan's imports from Uzbekistan were "$1.3 billion" in
    // 2023, printed to $0.1 billion: [1.25, 1.35) billion. Seen from Uzbekistan, those are its
    // exports to Kazakhstan.
    let exports = Series::from_dataset(&data, SeriesSpec::new(uzb_kaz, Flow::Exports))?;
    let p = exports.at(2023).expect("2023 is published");
    assert_relative_eq!(p.estimate.interval().lo(), 1.25e9, max_relative = REL);
    assert_relative_eq!(p.estimate.interval().hi(), 1.35e9, max_relative = REL);
    let imports = Series::from_dataset(&data, SeriesSpec::new(Corridor::KAZ_UZB, Flow::Imports))?;
    assert_eq!(exports.points(), imports.points());
    // Turnover is the same sum from either side.
    let a = Series::from_dataset(&data, SeriesSpec::new(uzb_kaz, Flow::Turnover))?;
    let b = Series::from_dataset(&data, SeriesSpec::new(Corridor::KAZ_UZB, Flow::Turnover))?;
    assert_eq!(a.points(), b.points());
    // A balance changes sign with the side: none of KAZ->UZB's balances is a level of UZB->KAZ's.
    assert_eq!(data.flow_levels(uzb_kaz, Flow::Balance).count(), 0);
    Ok(())
}

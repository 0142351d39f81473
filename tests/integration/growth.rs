//! Growth arithmetic: reference values worked by hand, properties, and errors.

use crate::common::{HAND_4DP, REL, builtin, estimate};
use approx::assert_relative_eq;
use bilateral::error::{GrowthError, InputError};
use bilateral::growth::est;
use bilateral::growth::{
    Direction, Reach, cagr, compound_path, doubling_time, first_year_reaching, growth, linear_path,
    log_growth, required_rate, years_to_target,
};
use bilateral::{Error, Estimate, Interval, Rate};
use proptest::prelude::*;

fn rate(r: f64) -> Rate {
    Rate::new(r).unwrap_or_else(|e| panic!("{e}"))
}

fn est(point: f64, lo: f64, hi: f64) -> Estimate {
    Interval::new(lo, hi)
        .and_then(|i| Estimate::new(point, i))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn reference_values() -> bilateral::Result<()> {
    // (10 / 4.5)^(1/7) − 1: ln(2.22222) = 0.798508, / 7 = 0.114073, e^x = 1.120832 → 12.0832%.
    assert_relative_eq!(
        required_rate(4.5, 10.0, 7.0)?.as_percent(),
        12.0832,
        epsilon = HAND_4DP
    );
    // (4.5 / 2.0)^(1/6) − 1: ln 2.25 = 0.810930, / 6 = 0.135155, e^x = 1.144714 → 14.4714%.
    assert_relative_eq!(
        cagr(2.0, 4.5, 6.0)?.as_percent(),
        14.4714,
        epsilon = HAND_4DP
    );
    // 3.1 / 2 − 1 = 0.55; ln(4 / 2) = ln 2.
    assert_relative_eq!(growth(2.0, 3.1)?, 0.55, max_relative = REL);
    assert_relative_eq!(
        log_growth(2.0, 4.0)?,
        std::f64::consts::LN_2,
        max_relative = REL
    );
    // At 10%: ln(2.22222) / ln 1.1 = 0.798508 / 0.0953102 = 8.37799 years; first whole year 9.
    let y = years_to_target(4.5, 10.0, rate(0.10))?;
    assert!(matches!(
        y,
        Reach::After {
            direction: Direction::Up,
            ..
        }
    ));
    assert_relative_eq!(y.years().unwrap_or(f64::NAN), 8.37799, epsilon = 1e-4);
    assert_eq!(
        first_year_reaching(4.5, 10.0, rate(0.10))?,
        Reach::After {
            years: 9,
            direction: Direction::Up
        }
    );
    // Already there (above the target, not falling), and never (below it, not growing).
    assert_eq!(years_to_target(10.0, 4.5, rate(0.10))?, Reach::AlreadyThere);
    assert_eq!(years_to_target(4.5, 4.5, rate(-0.10))?, Reach::AlreadyThere);
    assert_eq!(years_to_target(4.5, 10.0, rate(-0.05))?, Reach::Never);
    assert_eq!(first_year_reaching(4.5, 10.0, rate(0.0))?, Reach::Never);
    // Falling to a lower target, as numpy-financial's nper(-0.10, 0, -10, 4.5) counts it:
    // ln(4.5 / 10) / ln 0.9 = -0.798508 / -0.105361 = 7.57881 years; first whole year 8
    // (tools/peers/nper.txt: numpy-financial gives 7.578813478960585).
    let down = years_to_target(10.0, 4.5, rate(-0.10))?;
    assert!(matches!(
        down,
        Reach::After {
            direction: Direction::Down,
            ..
        }
    ));
    assert_relative_eq!(down.years().unwrap_or(f64::NAN), 7.57881, epsilon = 1e-4);
    assert_eq!(
        first_year_reaching(10.0, 4.5, rate(-0.10))?.years(),
        Some(8)
    );
    // Rule of 72's exact form at 7%: ln 2 / ln 1.07 = 0.693147 / 0.0676586 = 10.2448 years.
    assert_relative_eq!(
        doubling_time(rate(0.07))?.unwrap_or(f64::NAN),
        10.2448,
        epsilon = 1e-4
    );
    assert_eq!(doubling_time(rate(-0.01))?, None);
    // 4.5 · 1.1^t: 4.5, 4.95, 5.445.
    let p = compound_path(4.5, rate(0.10), 2)?;
    assert_eq!(p.len(), 3);
    assert_relative_eq!(p[1], 4.95, max_relative = REL);
    assert_relative_eq!(p[2], 5.445, max_relative = REL);
    assert_eq!(linear_path(4.5, -1.5, 3)?, vec![4.5, 3.0, 1.5, 0.0]);
    Ok(())
}

#[test]
fn hitting_the_target_exactly_in_year_seven_counts_as_year_seven() -> bilateral::Result<()> {
    let r = required_rate(4.5, 10.0, 7.0)?;
    assert_eq!(first_year_reaching(4.5, 10.0, r)?.years(), Some(7));
    Ok(())
}

#[test]
fn published_figures_carry_their_rounding() -> bilateral::Result<()> {
    let data = builtin();
    let base = estimate(&data, "d002.turnover.2023.a"); // $4.5 billion: [4.45, 4.55]
    let target = estimate(&data, "d002.target.a"); // ten billion dollars: [9.5, 10.5]
    let r = est::required_rate(base, target, 7.0)?;
    // lo: (9.5 / 4.55)^(1/7) − 1: 2.087912, ln = 0.736165, / 7 = 0.105166 → 11.0896%
    // hi: (10.5 / 4.45)^(1/7) − 1: 2.359551, ln = 0.858470, / 7 = 0.122639 → 13.0474%
    assert_relative_eq!(r.point() * 100.0, 12.0832, epsilon = HAND_4DP);
    assert_relative_eq!(r.interval().lo() * 100.0, 11.0896, epsilon = HAND_4DP);
    assert_relative_eq!(r.interval().hi() * 100.0, 13.0474, epsilon = HAND_4DP);

    // "+29.5% over five years" as an annual rate: 1.295^(1/5) − 1 = 5.3062%, over
    // [1.2945^(1/5) − 1, 1.2955^(1/5) − 1] = [5.2980%, 5.3143%].
    let g = estimate(&data, "d002.turnover.growth.5y").map_monotone(|p| 1.0 + p / 100.0)?;
    let annual = est::cagr(Estimate::exact(1.0)?, g, 5.0)?;
    assert_relative_eq!(annual.point() * 100.0, 5.3062, epsilon = HAND_4DP);
    assert_relative_eq!(annual.interval().lo() * 100.0, 5.2980, epsilon = HAND_4DP);
    assert_relative_eq!(annual.interval().hi() * 100.0, 5.3143, epsilon = HAND_4DP);

    // Exports $2 billion [1.5, 2.5] to $3.1 billion [3.05, 3.15]: [+22%, +110%], point +55%.
    let from = estimate(&data, "d002.exports.2022");
    let to = estimate(&data, "d002.exports.2023");
    let g = est::growth(from, to)?;
    assert_relative_eq!(g.interval().lo(), 0.22, max_relative = REL);
    assert_relative_eq!(g.interval().hi(), 1.10, max_relative = REL);

    // Years from $4.5 billion to $10 billion at 5.3062% [5.2980%, 5.3143%]:
    // point 0.798508 / ln 1.053062 = 15.44; fastest ln(9.5/4.55) / ln 1.053143 = 14.22;
    // slowest ln(10.5/4.45) / ln 1.052980 = 16.63.
    let Reach::After { years: y, .. } = est::years_to_target(base, target, annual)? else {
        panic!("reached");
    };
    assert_relative_eq!(y.point(), 15.44, epsilon = 0.01);
    assert_relative_eq!(y.interval().lo(), 14.22, epsilon = 0.01);
    assert_relative_eq!(y.interval().hi(), 16.63, epsilon = 0.01);

    // A rate interval reaching zero or below: some values never get there.
    let y = est::years_to_target(base, target, est(0.05, -0.01, 0.10))?;
    assert!(matches!(y, Reach::After { years, .. } if years.interval().hi() == f64::INFINITY));
    let t = est::doubling_time(est(0.05, 0.0, 0.10))?;
    assert_eq!(t.map(|t| t.interval().hi()), Some(f64::INFINITY));

    let p = est::compound_path(base, est(0.1, 0.05, 0.15), 2)?;
    assert_relative_eq!(
        p[2].interval().lo(),
        4.45e9 * 1.05 * 1.05,
        max_relative = REL
    );
    assert_relative_eq!(
        p[2].interval().hi(),
        4.55e9 * 1.15 * 1.15,
        max_relative = REL
    );
    Ok(())
}

#[test]
fn errors() {
    assert!(matches!(
        growth(0.0, 1.0),
        Err(Error::Input(InputError::NonPositiveBase { .. }))
    ));
    assert!(matches!(
        growth(-1.0, 1.0),
        Err(Error::Input(InputError::NonPositiveBase { .. }))
    ));
    assert!(matches!(
        growth(f64::NAN, 1.0),
        Err(Error::Input(InputError::NonFinite { .. }))
    ));
    assert!(matches!(
        log_growth(1.0, 0.0),
        Err(Error::Input(InputError::NonPositiveBase { .. }))
    ));
    assert!(matches!(
        cagr(1.0, 2.0, 0.0),
        Err(Error::Input(InputError::ZeroHorizon))
    ));
    assert!(matches!(
        cagr(1.0, 2.0, -1.0),
        Err(Error::Input(InputError::OutOfRange { .. }))
    ));
    assert!(matches!(
        cagr(1.0, 0.0, 2.0),
        Err(Error::Growth(GrowthError::RateAtOrBelowMinusOne { .. }))
    ));
    assert!(matches!(
        cagr(1.0, f64::INFINITY, 2.0),
        Err(Error::Input(InputError::NonFinite { .. }))
    ));
    assert!(matches!(
        required_rate(4.5, 10.0, 0.0),
        Err(Error::Input(InputError::ZeroHorizon))
    ));
    assert!(matches!(
        required_rate(0.0, 10.0, 7.0),
        Err(Error::Input(InputError::NonPositiveBase { .. }))
    ));
    assert!(matches!(
        required_rate(4.5, -10.0, 7.0),
        Err(Error::Input(InputError::NonPositiveBase { .. }))
    ));
    assert!(matches!(
        Rate::new(-1.0),
        Err(Error::Growth(GrowthError::RateAtOrBelowMinusOne { .. }))
    ));
    assert!(matches!(
        Rate::new(-1.5),
        Err(Error::Growth(GrowthError::RateAtOrBelowMinusOne { .. }))
    ));
    assert!(matches!(
        Rate::new(f64::NEG_INFINITY),
        Err(Error::Input(InputError::NonFinite { .. }))
    ));
    assert!(matches!(
        compound_path(4.5, rate(0.1), 0),
        Err(Error::Input(InputError::ZeroHorizon))
    ));
    assert!(matches!(
        compound_path(4.5, rate(1e300), 5),
        Err(Error::Input(InputError::NonFinite { .. }))
    ));
    assert!(matches!(
        linear_path(4.5, -2.0, 3),
        Err(Error::Input(InputError::OutOfRange { .. }))
    ));
    assert!(matches!(
        years_to_target(4.5, f64::NAN, rate(0.1)),
        Err(Error::Input(InputError::NonFinite { .. }))
    ));
    let zero_base = est(1.0, 0.0, 2.0);
    assert!(matches!(
        est::growth(zero_base, zero_base),
        Err(Error::Input(InputError::NonPositiveBase { .. }))
    ));
}

proptest! {
    // Projecting at the required rate hits the target.
    #[test]
    fn required_rate_round_trip(base in 0.01f64..1e3, target in 0.01f64..1e3, n in 1u32..60) {
        let r = required_rate(base, target, f64::from(n)).unwrap_or_else(|e| panic!("{e}"));
        let path = compound_path(base, r, n).unwrap_or_else(|e| panic!("{e}"));
        let last = path.last().copied().unwrap_or(f64::NAN);
        prop_assert!((last - target).abs() <= 1e-9 * target.max(base), "{last} vs {target}");
    }

    // The rate implied by the years to a target gives the years back.
    #[test]
    fn years_round_trip(base in 0.01f64..1e3, ratio in 1.001f64..100.0, r in 0.001f64..2.0) {
        let target = base * ratio;
        let reach = years_to_target(base, target, rate(r)).unwrap_or_else(|e| panic!("{e}"));
        let rising = matches!(reach, Reach::After { direction: Direction::Up, .. });
        prop_assert!(rising, "{:?}", reach);
        let y = reach.years().unwrap_or(f64::NAN);
        let back = cagr(base, target, y).unwrap_or_else(|e| panic!("{e}"));
        prop_assert!((back.fraction() - r).abs() <= 1e-9 * (1.0 + r), "{} vs {r}", back.fraction());
        let k = first_year_reaching(base, target, rate(r)).unwrap_or_else(|e| panic!("{e}")).years().unwrap_or(0);
        // The first whole year is at or above the target, the year before is below.
        prop_assert!(base * (1.0 + r).powi(i32::try_from(k).unwrap_or(i32::MAX)) >= target * (1.0 - 1e-9));
        if k > 0 {
            prop_assert!(base * (1.0 + r).powi(i32::try_from(k - 1).unwrap_or(0)) < target);
        }
    }

    // Falling to a lower target: the first whole year is at or below it, the year before above.
    #[test]
    fn falling_to_a_lower_target(base in 1.0f64..1e3, ratio in 0.01f64..0.999, r in -0.9f64..-0.001) {
        let target = base * ratio;
        let k = match first_year_reaching(base, target, rate(r)).unwrap_or_else(|e| panic!("{e}")) {
            Reach::After { years, direction: Direction::Down } => years,
            other => panic!("{other:?}"),
        };
        let level = |t: u32| base * (1.0 + r).powi(i32::try_from(t).unwrap_or(i32::MAX));
        prop_assert!(level(k) <= target * (1.0 + 1e-9));
        prop_assert!(level(k - 1) > target);
    }

    // More ambitious targets, shorter horizons and smaller bases all need faster growth.
    #[test]
    fn required_rate_is_monotone(base in 0.1f64..10.0, target in 10.1f64..100.0, extra in 0.01f64..10.0, n in 1u32..30) {
        let r = |b, t, n: u32| required_rate(b, t, f64::from(n)).map(Rate::fraction).unwrap_or(f64::NAN);
        prop_assert!(r(base, target + extra, n) > r(base, target, n));
        prop_assert!(r(base, target, n + 1) < r(base, target, n));
        prop_assert!(r(base + extra / 100.0, target, n) < r(base, target, n));
    }

    // The interval versions contain the point versions for any values within the intervals.
    #[test]
    fn intervals_contain_their_points(
        b in 1.0f64..10.0, bw in 0.0f64..0.5, t in 10.0f64..50.0, tw in 0.0f64..2.0,
        n in 1u32..20, u in 0.0f64..1.0, v in 0.0f64..1.0,
    ) {
        let base = est(b, b - bw, b + bw);
        let target = est(t, t - tw, t + tw);
        let r = est::required_rate(base, target, f64::from(n)).unwrap_or_else(|e| panic!("{e}"));
        // Any base and target inside their intervals need a rate inside r's interval.
        let (bi, ti) = (b - bw + u * 2.0 * bw, t - tw + v * 2.0 * tw);
        let inner = required_rate(bi, ti, f64::from(n)).map(Rate::fraction).unwrap_or(f64::NAN);
        prop_assert!(r.interval().lo() <= inner + 1e-12 && inner <= r.interval().hi() + 1e-12);
    }

    // No finite or non-finite input makes any function panic.
    #[test]
    fn no_input_panics(a in any::<f64>(), b in any::<f64>(), c in any::<f64>(), n in any::<u32>()) {
        let _ = growth(a, b);
        let _ = log_growth(a, b);
        let _ = cagr(a, b, c);
        let _ = required_rate(a, b, f64::from(n % 200));
        let _ = required_rate(a, b, c);
        let _ = Rate::new(c).map(|r| {
            let _ = years_to_target(a, b, r);
            let _ = first_year_reaching(a, b, r);
            let _ = compound_path(a, r, n % 200);
            let _ = doubling_time(r);
        });
        let _ = linear_path(a, b, n % 200);
        if let (Ok(x), Ok(y)) = (Interval::new(a.min(b), a.max(b)), Interval::new(c.min(b), c.max(b)))
            && let (Ok(e1), Ok(e2)) = (Estimate::new(a, x), Estimate::new(c, y))
        {
            let _ = est::growth(e1, e2);
            let _ = est::cagr(e1, e2, f64::from(n % 50));
            let _ = est::required_rate(e1, e2, f64::from(n % 50));
            let _ = est::years_to_target(e1, e2, e1);
            let _ = est::compound_path(e1, e2, n % 50);
            let _ = est::doubling_time(e2);
        }
    }
}

#[test]
fn years_to_target_matches_numpy_financial_nper() -> bilateral::Result<()> {
    // tools/peers/nper.txt (numpy-financial 1.0.0): nper(rate, 0, -base, target). Where nper gives
    // a negative count (moving away from the target), bilateral says already there or never.
    let cases = [
        (
            4.5,
            10.0,
            0.10,
            Reach::After {
                years: 8.377989610943294,
                direction: Direction::Up,
            },
        ),
        (
            10.0,
            4.5,
            -0.10,
            Reach::After {
                years: 7.578813478960585,
                direction: Direction::Down,
            },
        ),
        (
            12.0,
            10.0,
            -0.10,
            Reach::After {
                years: 1.7304542945297512,
                direction: Direction::Down,
            },
        ),
        (10.0, 4.5, 0.10, Reach::AlreadyThere),
        (4.5, 10.0, -0.05, Reach::Never),
    ];
    for (base, target, r, want) in cases {
        let got = years_to_target(base, target, rate(r))?;
        match (got, want) {
            (
                Reach::After { years, direction },
                Reach::After {
                    years: peer,
                    direction: d,
                },
            ) => {
                assert_eq!(direction, d);
                assert_relative_eq!(years, peer, max_relative = 1e-12);
            }
            _ => assert_eq!(got, want),
        }
    }
    Ok(())
}

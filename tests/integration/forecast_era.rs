//! Forecasts that know their era: the prior age study and its discount rule, calibration by
//! size group and horizon with the period scale, nowcasts of partial years, and the outlook's
//! method comparison. Numbers are written out by hand from the formulas in each test.

use bilateral::error::ForecastError;
use bilateral::forecast::{
    AgeSpec, BacktestSpec, Calibration, ClassBounds, ClassBy, LogSeries, PartialYear,
    PriorDiscount, PriorUse, SeriesSet, Subset, age_study, fit_discount, share_sd,
};
use bilateral::outlook::{TargetSpec, target_outlook};
use bilateral::{Corridor, Dataset, Error, Flow};

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

// ---- the prior age study ---------------------------------------------------------------

/// 40 series, 1990-2005, growing 10% a year (in logs) to 1995 and 2% after, each with an
/// alternating ±0.05 shock whose sign differs between even and odd series (so the shocks cancel
/// in every average over the series).
fn two_eras() -> SeriesSet {
    let years: Vec<i32> = (1990..=2005).collect();
    let levels = (0..40)
        .map(|s| {
            years
                .iter()
                .map(|&y| {
                    let t = f64::from(y - 1990);
                    let trend = 0.10 * t.min(5.0) + 0.02 * (t - 5.0).max(0.0);
                    let shock = if (y as usize + s).is_multiple_of(2) {
                        0.05
                    } else {
                        -0.05
                    };
                    (1.0 + s as f64 / 10.0 + trend + shock).exp()
                })
                .collect()
        })
        .collect();
    let ids = (0..40).map(|s| format!("s{s}")).collect();
    SeriesSet::new(years, ids, levels).unwrap_or_else(|e| panic!("{e}"))
}

fn era_spec(ages: Vec<usize>) -> AgeSpec {
    AgeSpec {
        backtest: BacktestSpec {
            origins: vec![2003],
            horizons: 2,
            window: 4,
            classes: 1,
            class_by: ClassBy::None,
            subsets: vec![Subset::All],
            reference: "two eras".into(),
            usd_per_unit: None,
            ..BacktestSpec::agtpa()
        },
        ages,
        discount: None,
        own_years: None,
    }
}

/// The prior's drift mean at year `end`: the mean log growth 1990..end (shocks cancel).
fn drift_to(end: i32) -> f64 {
    let t = f64::from(end - 1990);
    (0.10 * t.min(5.0) + 0.02 * (t - 5.0).max(0.0)) / t
}

#[test]
fn an_old_prior_carries_its_eras_growth_into_the_bias() {
    let study = age_study(&two_eras(), &era_spec(vec![0, 6])).unwrap_or_else(|e| panic!("{e}"));
    // Every series shares one drift, so the prior's drift variance is at its floor (1e-6) and
    // the forecast's drift is the prior's to within 0.2%: the mean error at horizon h is
    // (0.02 − m(origin − age))·h, the shocks cancelling over the series.
    for (age, m) in [(0, drift_to(2003)), (6, drift_to(1997))] {
        let rows = study.rows_of(age, PriorUse::AsEstimated);
        assert_eq!(rows.len(), 2);
        for r in rows {
            let want = (0.02 - m) * r.horizon as f64;
            assert!(
                close(r.bias, want, 2e-4),
                "age {age} h{}: bias {} vs {want}",
                r.horizon,
                r.bias
            );
            assert_eq!(r.n, 40);
        }
    }
    // 0.02 − 0.66/13 = −0.0308 at age 0; 0.02 − 0.54/7 = −0.0571 at age 6.
    assert!(close(drift_to(2003), 0.66 / 13.0, 1e-12));
    assert!(close(drift_to(1997), 0.54 / 7.0, 1e-12));
}

#[test]
fn the_fitted_half_life_removes_what_age_adds_to_the_bias() {
    let fit = fit_discount(&two_eras(), &era_spec(vec![0, 6])).unwrap_or_else(|e| panic!("{e}"));
    // The bias of age 6 equals age 0's when the prior keeps m(2003)/m(1997) = 0.658 of its
    // drift: 2^(−6/h) = 0.658 at h = 9.9 years. Of the grid, 12 years keeps 0.707 (the bias
    // off by 0.0038 a year) and 8 keeps 0.595 (off by 0.0049): 12.
    let keep = drift_to(2003) / drift_to(1997);
    assert!(close(keep, 0.6581, 1e-4));
    assert_eq!(fit.discount.half_life, Some(12.0));
    assert!(fit.added_bias.0 < fit.added_bias.1 / 10.0);
    let d = PriorDiscount::new(Some(12.0), 0.0).unwrap_or_else(|e| panic!("{e}"));
    assert!(close(d.kept(6), 0.5f64.sqrt(), 1e-12));
}

#[test]
fn an_age_beyond_the_panel_is_refused_naming_its_years() {
    // Origin 2003 of a panel from 1990: a prior needs 3 years, so 11 years is the oldest.
    assert!(age_study(&two_eras(), &era_spec(vec![0, 11])).is_ok());
    let e = age_study(&two_eras(), &era_spec(vec![0, 12])).expect_err("too old");
    assert!(
        matches!(
            e,
            Error::Forecast(ForecastError::PriorAge {
                age: 12,
                origin: 2003,
                first: 1990,
                last: 2005,
                oldest: 11,
                until: 1991,
            })
        ),
        "{e:?}"
    );
    let text = e.to_string();
    assert!(
        text.contains("1990-2005") && text.contains("at most 11 years"),
        "{text}"
    );
    assert!(age_study(&two_eras(), &era_spec(vec![])).is_err());
    assert!(PriorDiscount::new(Some(0.0), 0.0).is_err());
    assert!(PriorDiscount::new(None, -1e-4).is_err());
    assert!(PriorDiscount::new(Some(f64::NAN), 0.0).is_err());
}

// ---- classes by size group ---------------------------------------------------------------

#[test]
fn size_groups_have_volatility_classes_of_their_own() {
    let b = ClassBounds {
        size: vec![1000.0],
        volatility: Vec::new(),
        nested: vec![vec![0.2, 0.4], vec![0.1]],
    };
    // Three classes below 1000, two at or above: five.
    assert_eq!(b.classes(), 5);
    assert_eq!(b.class_of(500.0, 0.1), 0);
    assert_eq!(b.class_of(500.0, 0.3), 1);
    assert_eq!(b.class_of(500.0, 0.9), 2);
    assert_eq!(b.class_of(1000.0, 0.05), 3);
    assert_eq!(b.class_of(2000.0, 0.5), 4);
    assert_eq!(b.describe(4), "size class 2 of 2, volatility class 2 of 2");
    assert_eq!(b.describe(1), "size class 1 of 2, volatility class 2 of 3");
}

// ---- nowcasts ---------------------------------------------------------------------------

/// A naive calibration whose multipliers are 2p (uniform scores on [0, 2]).
fn naive_calibration() -> Calibration {
    crate::common::uniform_calibration("naive", 2003)
}

#[test]
fn an_exact_partial_year_conditions_the_forecast_by_the_normal_formulas() {
    // Naive on logs 0, 0.1, 0.3, 0.4: the point stays 0.4; var_h = 0.02 h (mean squared change).
    let s = LogSeries::from_logs(&[2000, 2001, 2002, 2003], &[0.0, 0.1, 0.3, 0.4])
        .unwrap_or_else(|e| panic!("{e}"));
    let f = naive_calibration()
        .forecast(&s, 3)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(close(f.forecast.sd[1].powi(2), 0.04, 1e-12));
    // Four months of 2004 printed between e^0.5/3 and e^0.6/3, their share 1/3 with a log sd
    // of 0.1: z = y₁ + ln S is known to lie in [0.5, 0.6], read as 0.55 with the rounding's
    // variance 0.1²/12. V = 0.02 + 0.01 + 0.01/12; cov(y_h, y₁) = 0.02.
    let third = (1.0f64 / 3.0).ln();
    let p = PartialYear {
        horizon: 1,
        log_lo: 0.5 + third,
        log_hi: 0.6 + third,
        log_share: third,
        share_sd: 0.1,
    };
    let (g, effect) = f.with_nowcast(&p).unwrap_or_else(|e| panic!("{e}"));
    let v = 0.02 + 0.01 + 0.01 / 12.0;
    let k = 0.02 / v;
    for h in 1..=3 {
        assert!(close(g.forecast.point[h - 1], 0.4 + k * 0.15, 1e-12));
        let var = 0.02 * h as f64 - 0.02 * 0.02 / v;
        assert!(close(g.forecast.sd[h - 1], var.sqrt(), 1e-12), "h{h}");
    }
    assert!(close(effect.point.0, 0.4, 1e-12) && close(effect.point.1, 0.4 + k * 0.15, 1e-12));
}

#[test]
fn a_lower_bound_truncates_the_forecast() {
    let s = LogSeries::from_logs(&[2000, 2001, 2002, 2003], &[0.0, 0.1, 0.3, 0.4])
        .unwrap_or_else(|e| panic!("{e}"));
    let f = naive_calibration()
        .forecast(&s, 3)
        .unwrap_or_else(|e| panic!("{e}"));
    // "More than" a figure that puts z = y₂ + ln S at or above its own mean 0.4: α = 0, so
    // E[z | z ≥ 0.4] = 0.4 + √V·2φ(0) and Var = V(1 − 2/π), V = 0.04 + 0.1².
    let third = (1.0f64 / 3.0).ln();
    let p = PartialYear {
        horizon: 2,
        log_lo: 0.4 + third,
        log_hi: f64::INFINITY,
        log_share: third,
        share_sd: 0.1,
    };
    let (g, _) = f.with_nowcast(&p).unwrap_or_else(|e| panic!("{e}"));
    let v: f64 = 0.05;
    let lambda = 2.0 / (2.0 * std::f64::consts::PI).sqrt();
    let shift = v.sqrt() * lambda;
    let left = v * (1.0 - 2.0 / std::f64::consts::PI);
    for (h, cov) in [(1, 0.02), (2, 0.04), (3, 0.04)] {
        let k = cov / v;
        assert!(
            close(g.forecast.point[h - 1], 0.4 + k * shift, 1e-9),
            "h{h}"
        );
        let var = 0.02 * h as f64 - k * k * (v - left);
        assert!(close(g.forecast.sd[h - 1], var.sqrt(), 1e-9), "h{h}");
    }
    // A horizon the forecast does not reach is refused.
    let far = PartialYear { horizon: 4, ..p };
    assert!(f.with_nowcast(&far).is_err());
}

#[test]
fn the_share_of_a_year_is_less_certain_the_fewer_months_it_covers() {
    // cv·√((1 − S)/(11 S)): 4 months at cv 0.25 → 0.25·√(2/11); 11 months → 0.25/11.
    let four = share_sd(4, 0.25).unwrap_or_else(|e| panic!("{e}"));
    assert!(close(four, 0.25 * (2.0f64 / 11.0).sqrt(), 1e-12));
    let eleven = share_sd(11, 0.25).unwrap_or_else(|e| panic!("{e}"));
    assert!(close(eleven, 0.25 / 11.0, 1e-12));
    assert!(share_sd(0, 0.25).is_err() && share_sd(13, 0.25).is_err());
    assert!(share_sd(4, -0.1).is_err() && share_sd(4, f64::NAN).is_err());
}

// ---- the outlook -------------------------------------------------------------------------

fn outlook_spec(data: &Dataset) -> TargetSpec {
    TargetSpec::published(data, Corridor::KAZ_UZB, Flow::Turnover, None)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_outlook_prints_the_priors_age_the_nowcast_and_the_methods_side_by_side() {
    let data = Dataset::builtin().unwrap_or_else(|e| panic!("{e}"));
    let spec = outlook_spec(&data);
    let o = target_outlook(&data, &spec).unwrap_or_else(|e| panic!("{e}"));
    let f = o.forecast.as_ref().unwrap_or_else(|| panic!("a forecast"));
    // The built-in calibration is of 2006; the series ends in 2023.
    assert_eq!(f.prior_age, 17);
    let d = f.discount.unwrap_or_else(|| panic!("a discount rule"));
    let kept = d.kept(17);
    assert!(close(
        f.prior.drift_mean,
        f.prior_estimated.drift_mean * kept,
        1e-12
    ));
    assert!(close(
        f.prior.drift_var,
        f.prior_estimated.drift_var + 17.0 * d.drift_var_per_year,
        1e-12
    ));
    // January-April 2024, "more than $1.2 billion", lifts the 2024 median (a lower bound
    // cuts off the low tail).
    let n = f.nowcasts.first().unwrap_or_else(|| panic!("a nowcast"));
    assert_eq!((n.year, n.months), (2024, 4));
    assert!(n.median.1 > n.median.0);
    assert!(close(n.share, 1.0 / 3.0, 1e-12));
    // The comparison: the outlook's own forecast first, then the prior as estimated, naive and
    // drift, each at every target year.
    let labels: Vec<&str> = f.comparison.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "pooled, prior discounted for its age",
            "pooled, prior as estimated",
            "naive",
            "drift"
        ]
    );
    assert!(f.comparison[0].chosen);
    let at = |i: usize| {
        f.comparison[i]
            .years
            .iter()
            .find(|y| y.0 == 2030)
            .and_then(|y| y.1)
            .unwrap_or_else(|| panic!("2030"))
            .point()
    };
    // Discounting an older era's faster growth lowers the median; naive stays near the last
    // level (with the nowcast's lift).
    assert!(at(0) < at(1));
    assert!(at(2) < at(0));
    let row2030 = o
        .rows
        .iter()
        .find(|r| r.year == 2030)
        .unwrap_or_else(|| panic!());
    assert!(close(
        row2030.forecast_level.unwrap_or_else(|| panic!()).point(),
        at(0),
        1e-6 * at(0)
    ));
    let text = o.to_string();
    for phrase in [
        "a prior 17 years old here",
        "discounted by the rule fitted on the prior age study",
        "Nowcast: more than $1.2 billion in 2024-01..2024-04",
        "How much the answer depends on the method (2030",
        "pooled, prior as estimated",
    ] {
        assert!(text.contains(phrase), "{phrase}\n{text}");
    }
}

#[test]
fn without_the_nowcast_the_outlook_is_the_calibrated_forecast_of_the_series() {
    let data = Dataset::builtin().unwrap_or_else(|e| panic!("{e}"));
    let mut spec = outlook_spec(&data);
    spec.nowcast = false;
    let o = target_outlook(&data, &spec).unwrap_or_else(|e| panic!("{e}"));
    let pts = o.series.values();
    let s = LogSeries::from_levels(
        &pts.iter().map(|p| p.0).collect::<Vec<_>>(),
        &pts.iter().map(|p| p.1).collect::<Vec<_>>(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let c = Calibration::agtpa(spec.method).unwrap_or_else(|e| panic!("{e}"));
    let direct = c.forecast(&s, 12).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(direct.prior_age, 17);
    for r in &o.rows {
        let h = (r.year - 2023) as usize;
        let level = r.forecast_level.unwrap_or_else(|| panic!("{}", r.year));
        let want = direct.forecast.point[h - 1].exp();
        assert!(close(level.point(), want, 1e-9 * want), "{}", r.year);
    }
    assert!(o.forecast.as_ref().is_some_and(|f| f.nowcasts.is_empty()));
}

/// The built-in figures with `rows` (data-format CSV lines) added.
fn with_figures(rows: &str) -> Dataset {
    let header = "id,measure,corridor,country,period,base_period,unit,value,bound,decimals,reporter,attributed_to,source,address,published,printed,quote\n";
    let extra = Dataset::from_figures_csv("added.csv", format!("{header}{rows}").as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    Dataset::builtin()
        .and_then(|d| d.merged(extra))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_full_year_figure_wins_over_a_partial_one_and_the_outlook_says_so() {
    let data = with_figures(
        "t.2024,turnover,KAZ->UZB,,2024,,usd,$4.4 billion,eq,,KAZ,,test,,2025-02-01,$4.4 billion,\n",
    );
    let spec = outlook_spec(&data);
    assert_eq!(spec.base_year, 2024);
    let o = target_outlook(&data, &spec).unwrap_or_else(|e| panic!("{e}"));
    let f = o.forecast.as_ref().unwrap_or_else(|| panic!("a forecast"));
    assert!(f.nowcasts.is_empty());
    assert!(
        f.notes
            .iter()
            .any(|n| n.contains("d002.turnover.2024-jan-apr") && n.contains("full-year figure")),
        "{:?}",
        f.notes
    );
    assert!(
        o.to_string()
            .contains("Not a nowcast: d002.turnover.2024-jan-apr")
    );
}

#[test]
fn a_partial_year_of_days_is_refused_its_share_being_unknown() {
    let data = with_figures(
        "t.2024.days,turnover,KAZ->UZB,,2024-01-01..2024-05-15,,usd,$1.5 billion,eq,,KAZ,,test,,2024-06-01,$1.5 billion,\n",
    );
    let e = target_outlook(&data, &outlook_spec(&data)).expect_err("days, not months");
    let text = e.to_string();
    assert!(
        text.contains("t.2024.days") && text.contains("not a run of whole months"),
        "{text}"
    );
}

#[test]
fn a_longer_partial_year_replaces_a_shorter_one_as_the_nowcast() {
    let data = with_figures(
        "t.2024.h1,turnover,KAZ->UZB,,2024-01..2024-06,,usd,$2.4 billion,eq,,KAZ,,test,,2024-08-01,$2.4 billion,\n",
    );
    let o = target_outlook(&data, &outlook_spec(&data)).unwrap_or_else(|e| panic!("{e}"));
    let f = o.forecast.as_ref().unwrap_or_else(|| panic!("a forecast"));
    assert_eq!(f.nowcasts.len(), 1);
    assert_eq!(f.nowcasts[0].figure.as_str(), "t.2024.h1");
    assert_eq!(f.nowcasts[0].months, 6);
    // $2.4 billion in six months, half the year: about $4.8 billion, pulled towards it.
    assert!(f.nowcasts[0].median.1 < f.nowcasts[0].median.0 + 0.5e9);
    assert!(
        f.notes
            .iter()
            .any(|n| n.contains("d002.turnover.2024-jan-apr"))
    );
}

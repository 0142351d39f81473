//! The audit's findings on the built-in data, with every expected interval worked out by hand
//! from the printed figures in the comments.

use crate::common::{REL, builtin, finding};
use approx::assert_relative_eq;
use bilateral::audit::{Check, audit};
use bilateral::{Finding, Verdict};

/// The one finding of `check` that uses all of `ids`.
fn assert_interval(f: &Finding, lo: f64, hi: f64) {
    assert_relative_eq!(f.derived.interval().lo(), lo, max_relative = REL);
    assert_relative_eq!(f.derived.interval().hi(), hi, max_relative = REL);
}

#[test]
fn turnover_against_exports_plus_imports() {
    let all = audit(&builtin());
    // exports "$3.1 billion" [3.05, 3.15] + imports "$1.3 billion" [1.25, 1.35] = [4.30, 4.50],
    // point 4.4.
    let f = finding(
        &all,
        Check::SumOfFlows,
        &[
            "d002.exports.2023",
            "d002.imports.2023",
            "d002.turnover.2023.a",
        ],
    );
    assert_interval(&f, 4.30e9, 4.50e9);
    assert_relative_eq!(f.derived.point(), 4.4e9, max_relative = REL);
    // "$4.5 billion" is [4.45, 4.55), the narrower (0.10 against 0.20), middle 4.50. The middle
    // half of [4.30, 4.50] is [4.35, 4.45]: 4.50 is outside it, the ranges overlap on
    // [4.45, 4.50) → in tension.
    assert_eq!(f.verdict, Verdict::InTension);
    // "$4.4 billion" is [4.35, 4.45), middle 4.40, inside [4.35, 4.45] → consistent.
    let f = finding(
        &all,
        Check::SumOfFlows,
        &["d002.exports.2023", "d002.turnover.2023.b"],
    );
    assert_eq!(f.verdict, Verdict::Consistent);
    // Series 2017: 1.3 [1.25, 1.35] + 0.7352 [0.73515, 0.73525] = [1.98515, 2.08525] vs "2.0"
    // [1.95, 2.05]. The printed 2.0 is the narrower (0.1000 against 0.1001), middle 2.0; the
    // middle half of [1.98515, 2.08525] is [2.010175, 2.060225], which 2.0 misses; they overlap
    // on [1.98515, 2.05) → in tension.
    let f = finding(&all, Check::SumOfFlows, &["s.kzuz.2017.turnover.kaz"]);
    assert_interval(&f, 1.98515e9, 2.08525e9);
    assert_eq!(f.verdict, Verdict::InTension);
}

#[test]
fn the_two_2023_turnovers_cannot_both_be_right() {
    let all = audit(&builtin());
    // [4.45, 4.55) and [4.35, 4.45) touch only at the open end 4.45 → inconsistent. Each value is
    // printed by two sources, so the finding names all four figures.
    let f = finding(
        &all,
        Check::RepeatedLevel,
        &[
            "d002.turnover.2023.a",
            "d002.turnover.2023.b",
            "s.kzuz.2023.turnover.kaz",
            "s.kzuz.2023.turnover.kaz.2",
        ],
    );
    assert_eq!(f.verdict, Verdict::Inconsistent);
}

#[test]
fn stated_export_growth_against_its_levels() {
    let all = audit(&builtin());
    // 3.1 / 2 - 1: [3.05 / 2.5 - 1, 3.15 / 1.5 - 1] = [+22%, +110%], point +55%.
    let f = finding(
        &all,
        Check::GrowthVsLevels,
        &["d002.exports.growth.2023", "d002.exports.2022"],
    );
    assert_interval(&f, 22.0, 110.0);
    assert_relative_eq!(f.derived.point(), 55.0, max_relative = REL);
    // +56.9% [56.85, 56.95) is the narrower, middle 56.9; the middle half of [+22%, +110%] is
    // [22 + 22, 110 - 22] = [44%, 88%], which holds 56.9 → consistent.
    assert_eq!(f.verdict, Verdict::Consistent);
}

#[test]
fn readings_of_the_five_year_growth() {
    let all = audit(&builtin());
    // Five-year reading: 2018 = 4.4 / 1.295, over [4.35 / 1.2955, 4.45 / 1.2945].
    let (lo, hi) = (4.35e9 / 1.2955, 4.45e9 / 1.2945);
    let five: Vec<&Finding> = all
        .iter()
        .filter(|f| f.check == Check::ImpliedLevel && f.explanation.starts_with("five-year"))
        .collect();
    assert_eq!(five.len(), 1);
    assert_interval(five[0], lo, hi); // ≈ [3.3578, 3.4376] bn
    // The 2018 figure "USD3 billion" is [2.5, 3.5]: overlaps, but 3.0 is outside → in tension.
    assert_eq!(five[0].verdict, Verdict::InTension);
    // One-year reading: 2022 would be ≈ 3.36–3.44 bn; both 2022 figures ($5 billion [4.5, 5.5],
    // $5.0 billion [4.95, 5.05]) are far above → inconsistent.
    let one: Vec<&Finding> = all
        .iter()
        .filter(|f| {
            f.check == Check::ImpliedLevel
                && f.explanation.starts_with("one-year reading of +29.5%")
        })
        .collect();
    assert_eq!(one.len(), 2);
    assert!(one.iter().all(|f| f.verdict == Verdict::Inconsistent));
    // Annual-average reading: 4.4 / 1.295^5 over [4.35 / 1.2955^5, 4.45 / 1.2945^5] ≈ [1.192, 1.224]
    // bn, against 2018's [2.5, 3.5] → inconsistent.
    let avg: Vec<&Finding> = all
        .iter()
        .filter(|f| f.check == Check::ImpliedLevel && f.explanation.starts_with("annual-average"))
        .collect();
    assert_eq!(avg.len(), 1);
    assert_interval(
        avg[0],
        4.35e9 / 1.2955f64.powi(5),
        4.45e9 / 1.2945f64.powi(5),
    );
    assert_eq!(avg[0].verdict, Verdict::Inconsistent);
    // The summary: the data support the five-year reading only.
    let summary: Vec<&Finding> = all
        .iter()
        .filter(|f| f.check == Check::GrowthReadings)
        .collect();
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].verdict, Verdict::InTension);
    let e = &summary[0].explanation;
    assert!(e.contains("five-year (base 2018): supported"), "{e}");
    assert!(e.contains("one-year (base 2022): contradicted"), "{e}");
    assert!(
        e.contains("annual-average (base 2018): contradicted"),
        "{e}"
    );
}

#[test]
fn mirror_gaps_for_2022() {
    let all = audit(&builtin());
    // Kazakh exports 2022: Uzbek side (importer, CIF) 3.7 [3.65, 3.75] over Kazakh side
    // (exporter, FOB) "$2 billion" [1.5, 2.5] = [1.46, 2.5], point 1.85: nowhere near the
    // freight band [1.0, 1.2] → inconsistent.
    let f = finding(
        &all,
        Check::Mirror,
        &["s.kzuz.2022.exports.uzb", "d002.exports.2022"],
    );
    assert_interval(&f, 3.65 / 2.5, 3.75 / 1.5);
    assert_eq!(f.verdict, Verdict::Inconsistent);
    // Kazakh imports 2022, implied by "fell by 9.1% to $1.3 billion": [1.25 / 0.9095,
    // 1.35 / 0.9085] ≈ [1.3744, 1.4860] bn. Over the Uzbek side's 1.3 [1.25, 1.35]:
    // [1.3744 / 1.35, 1.4860 / 1.25] ≈ [1.018, 1.189], point 1 / 0.909 ≈ 1.100 → inside the band.
    let f = finding(
        &all,
        Check::Mirror,
        &["s.kzuz.2022.imports.uzb", "d002.imports.growth.2023"],
    );
    assert_interval(&f, 1.25 / 0.9095 / 1.35, 1.35 / 0.9085 / 1.25);
    assert_relative_eq!(f.derived.point(), 1.0 / 0.909, max_relative = REL);
    assert_eq!(f.verdict, Verdict::Consistent);
}

#[test]
fn partial_years() {
    let all = audit(&builtin());
    // "exceeding $1.2 billion" in four months: pro rata at least 1.2 × 12 / 4 = 3.6 bn a year.
    let paces: Vec<&Finding> = all
        .iter()
        .filter(|f| {
            f.check == Check::PartialYear && f.figures[0].as_str() == "d002.turnover.2024-jan-apr"
        })
        .collect();
    assert_eq!(paces.len(), 2, "against each distinct 2023 turnover");
    for f in paces {
        assert_relative_eq!(f.derived.interval().lo(), 3.6e9, max_relative = REL);
        assert_eq!(f.derived.interval().hi(), f64::INFINITY);
    }
    // January–October 2021 (Kazakh side, 3.0) must not exceed January–November (Uzbek side, 3.5).
    let f = finding(
        &all,
        Check::PartialYear,
        &[
            "s.kzuz.2021-01-2021-10.turnover.kaz",
            "s.kzuz.2021-01-2021-11.turnover.uzb",
        ],
    );
    assert_eq!(f.verdict, Verdict::Consistent);
}

#[test]
fn the_57_percent_share_matches_kazakhstans_central_asian_trade() {
    let all = audit(&builtin());
    // 4.5 / 0.57 over [4.45 / 0.575, 4.55 / 0.565] ≈ [7.739, 8.053] bn.
    let ka = finding(
        &all,
        Check::RegionalShare,
        &[
            "d002.turnover.2023.a",
            "s.ca.2023.total-kazakhstan-trade-with-central-asia.kaz",
        ],
    );
    assert_interval(&ka, 4.45e9 / 0.575, 4.55e9 / 0.565);
    // Kazakhstan's trade with Central Asia, "8 billion" [7.5, 8.5], holds 7.89 and 8 → consistent.
    assert_eq!(ka.verdict, Verdict::Consistent);
    // All intra-Central-Asian trade, "11 billion" [10.5, 11.5] → inconsistent.
    let intra = finding(
        &all,
        Check::RegionalShare,
        &[
            "d002.turnover.2023.a",
            "s.ca.2023.total-intra-central-asian-trade.kaz",
        ],
    );
    assert_eq!(intra.verdict, Verdict::Inconsistent);
}

#[test]
fn double_to_ten_billion() {
    let all = audit(&builtin());
    // 10 / 4.5 over [9.5 / 4.55, 10.5 / 4.45] ≈ [2.0879, 2.3596], point 2.222; "double" is 2 as
    // a whole number, [1.5, 2.5). The implied range is the narrower, middle ≈ 2.2237; the middle
    // half of [1.5, 2.5] is [1.75, 2.25], which holds it → consistent.
    let f = finding(
        &all,
        Check::TargetMultiple,
        &["d002.target.multiple", "d002.turnover.2023.a"],
    );
    assert_interval(&f, 9.5 / 4.55, 10.5 / 4.45);
    assert_eq!(f.verdict, Verdict::Consistent);
}

#[test]
fn findings_serialise() {
    let all = audit(&builtin());
    let json = serde_json::to_string(&all).unwrap_or_else(|e| panic!("{e}"));
    let back: Vec<Finding> = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert!(back == all, "JSON round trip changed the findings");
}

#[test]
fn the_verdict_rule_is_symmetric_and_gives_the_three_cases() {
    use bilateral::audit::compare;
    use bilateral::{Estimate, Interval};
    let e = |lo: f64, hi: f64| {
        let point = if hi.is_finite() { (lo + hi) / 2.0 } else { lo };
        Estimate::new(point, Interval::new(lo, hi).unwrap()).unwrap()
    };
    let cases = [
        // +56.9% [56.85, 56.95) against [+22%, +110%]: middle half [44, 88] holds 56.9.
        (e(22.0, 110.0), e(56.85, 56.95), Verdict::Consistent),
        // $4.5B [4.45, 4.55) against [4.30, 4.50): middle half [4.35, 4.45] misses 4.50.
        (e(4.30, 4.50), e(4.45, 4.55), Verdict::InTension),
        // $4.5B [4.45, 4.55) against $4.4B [4.35, 4.45): they only touch at 4.45.
        (e(4.45, 4.55), e(4.35, 4.45), Verdict::Inconsistent),
        // A single value at the open end of a range does not lie in it.
        (
            Estimate::exact(4.45).unwrap(),
            e(4.35, 4.45),
            Verdict::Inconsistent,
        ),
        // ... but at the closed start it does, at the edge: in tension.
        (
            Estimate::exact(4.35).unwrap(),
            e(4.35, 4.45),
            Verdict::InTension,
        ),
        // An open-ended range: "at least 3.6" against [4.35, 4.45): the middle 4.40 is past
        // 3.6 + 0.1 / 4 → consistent.
        (e(3.6, f64::INFINITY), e(4.35, 4.45), Verdict::Consistent),
    ];
    for (a, b, want) in cases {
        assert_eq!(compare(a, b), want, "{a:?} vs {b:?}");
        assert_eq!(compare(b, a), want, "{b:?} vs {a:?} (swapped)");
    }
}

#[test]
fn findings_that_compare_nothing_are_info_and_counted_apart() {
    let all = audit(&builtin());
    // The pro-rata pace of "more than $1.2 billion" in Jan-Apr 2024: at least 1.2 · 12 / 4 = 3.6,
    // unbounded above; nothing to compare it with.
    let pace: Vec<&Finding> = all
        .iter()
        .filter(|f| {
            f.figures
                .iter()
                .any(|x| x.as_str() == "d002.turnover.2024-jan-apr")
        })
        .collect();
    assert!(!pace.is_empty());
    for f in &pace {
        assert_eq!(f.verdict, Verdict::Info, "{}", f.explanation);
        assert_eq!(f.compared, None);
        assert_relative_eq!(f.derived.interval().lo(), 3.6e9, max_relative = REL);
        assert!(f.derived.interval().hi().is_infinite());
    }
    let tally = bilateral::audit::tally(&all);
    let info = all.iter().filter(|f| f.verdict == Verdict::Info).count();
    assert_eq!(tally.info, info);
    assert_eq!(tally.compared() + tally.info + tally.not_checked, all.len());
    assert_eq!(
        tally.consistent,
        all.iter()
            .filter(|f| f.verdict == Verdict::Consistent)
            .count()
    );
}

#[test]
fn derived_shares_of_the_project_portfolio() {
    let all = audit(&builtin());
    // ($217M + $178M) / $3.1B = 395 / 3100 = 12.742%; over the rounding
    // [216.5 + 177.5, 217.5 + 178.5] / [3.05, 3.15] billion = [12.508%, 12.984%].
    let f = finding(
        &all,
        Check::DerivedShare,
        &[
            "d002.projects.value",
            "d002.completed.value",
            "d002.underway.value",
        ],
    );
    assert_eq!(f.verdict, Verdict::Info);
    assert_relative_eq!(f.derived.point(), 39_500.0 / 3_100.0, max_relative = REL);
    assert_relative_eq!(
        f.derived.interval().lo(),
        39_400.0 / 3_150.0,
        max_relative = REL
    );
    assert_relative_eq!(
        f.derived.interval().hi(),
        39_600.0 / 3_050.0,
        max_relative = REL
    );
    // Counts printed to the unit are exact: 12 completed + 3 underway of 69 projects is
    // 15 / 69 = 21.739% exactly, not 20.1-23.4% as if each count were rounded.
    let f = finding(
        &all,
        Check::DerivedShare,
        &[
            "d002.projects.count",
            "d002.completed.count",
            "d002.underway.count",
        ],
    );
    assert_relative_eq!(f.derived.point(), 1500.0 / 69.0, max_relative = REL);
    assert_eq!(f.derived.interval().lo(), f.derived.interval().hi());
    // Jobs: "about 4,500" of "nearly 14,700" = 30.61%.
    let f = finding(
        &all,
        Check::DerivedShare,
        &["d002.projects.jobs", "d002.completed.jobs"],
    );
    assert_relative_eq!(f.derived.point(), 450_000.0 / 14_700.0, max_relative = REL);
}

#[test]
fn the_one_year_reading_against_the_documents_own_2022_figures() {
    let all = audit(&builtin());
    // 2022 turnover by the one-year reading of "+29.5% to $4.4 billion": 4.4 / 1.295 = 3.39768,
    // over [4.35 / 1.2955, 4.45 / 1.2945] = [3.35778, 3.43762].
    // The same document's 2022: exports 3.1 / 1.569 over [3.05 / 1.5695, 3.15 / 1.5685]
    // = [1.94329, 2.00829], plus imports 1.3 / 0.909 over [1.25 / 0.9095, 1.35 / 0.9085]
    // = [1.37438, 1.48596]: [3.31767, 3.49425].
    let f = finding(
        &all,
        Check::OwnFigures,
        &[
            "d002.turnover.growth.5y",
            "d002.exports.growth.2023",
            "d002.imports.growth.2023",
        ],
    );
    assert_relative_eq!(
        f.derived.interval().lo(),
        4.35e9 / 1.2955,
        max_relative = REL
    );
    assert_relative_eq!(
        f.derived.interval().hi(),
        4.45e9 / 1.2945,
        max_relative = REL
    );
    let c = f.compared.unwrap();
    let lo = 3.05e9 / 1.5695 + 1.25e9 / 0.9095;
    let hi = 3.15e9 / 1.5685 + 1.35e9 / 0.9085;
    assert_relative_eq!(c.interval().lo(), lo, max_relative = REL);
    assert_relative_eq!(c.interval().hi(), hi, max_relative = REL);
    // The narrower is the one-year reading, middle 3.39770; the middle half of the document's
    // range is [lo + w/4, hi - w/4] = [3.36182, 3.45011] → consistent: the document agrees with
    // itself, though the published 2022 turnover of $5 billion contradicts the reading.
    assert_eq!(f.verdict, Verdict::Consistent);
    assert_eq!(f.reading, Some(bilateral::audit::GrowthReading::OneYear));
    assert_eq!(f.side, Some(bilateral::Country::KAZ));
    let published = all.iter().find(|g| {
        g.check == Check::ImpliedLevel
            && g.reading == Some(bilateral::audit::GrowthReading::OneYear)
            && g.figures
                .iter()
                .any(|x| x.as_str() == "s.kzuz.2022.turnover.kaz")
    });
    assert_eq!(published.map(|g| g.verdict), Some(Verdict::Inconsistent));
}

#[test]
fn the_change_between_consecutive_published_levels() {
    let all = audit(&builtin());
    // 2022 "$5 billion" (KAZ, whole billions: [4.5, 5.5)) to 2023 "$4.4 billion" [4.35, 4.45):
    // 4.4 / 5 - 1 = -12%, over [4.35 / 5.5 - 1, 4.45 / 4.5 - 1] = [-20.909%, -1.111%]: a fall
    // whatever the rounding, against 002's "turnover rose by 29.5 percent" ending in 2023.
    let f = finding(
        &all,
        Check::LevelChange,
        &["s.kzuz.2022.turnover.kaz", "d002.turnover.2023.b"],
    );
    assert_eq!(f.verdict, Verdict::Inconsistent);
    assert_relative_eq!(f.derived.point(), -12.0, max_relative = REL);
    assert_relative_eq!(
        f.derived.interval().lo(),
        (4.35 / 5.5 - 1.0) * 100.0,
        max_relative = REL
    );
    assert_relative_eq!(
        f.derived.interval().hi(),
        (4.45 / 4.5 - 1.0) * 100.0,
        max_relative = REL
    );
    // Compared with a rise: [0, ∞), the statement's annual average 1.295^(1/5) - 1 = 5.305%
    // as its point.
    let rise = f.compared.unwrap();
    assert_eq!(rise.interval().lo(), 0.0);
    assert_eq!(rise.interval().hi(), f64::INFINITY);
    assert_relative_eq!(
        rise.point(),
        (1.295f64.powf(0.2) - 1.0) * 100.0,
        max_relative = REL
    );
    assert!(f.explanation.contains("rose"), "{}", f.explanation);
    assert!(
        f.figures
            .iter()
            .any(|x| x.as_str() == "d002.turnover.growth.5y")
    );
    // Every side's figures: against the Uzbek side's "$5.0bn" [4.95, 5.05) the fall to
    // "$4.5 billion" [4.45, 4.55) is certain, 4.45 / 5.05 - 1 = -11.88% to 4.55 / 4.95 - 1 =
    // -8.08%.
    let f = finding(
        &all,
        Check::LevelChange,
        &["s.kzuz.2022.turnover.uzb", "d002.turnover.2023.a"],
    );
    assert_eq!(f.verdict, Verdict::Inconsistent);
    assert_relative_eq!(f.derived.point(), -10.0, max_relative = REL);
    assert_relative_eq!(
        f.derived.interval().lo(),
        (4.45 / 5.05 - 1.0) * 100.0,
        max_relative = REL
    );
    assert_relative_eq!(
        f.derived.interval().hi(),
        (4.55 / 4.95 - 1.0) * 100.0,
        max_relative = REL
    );
    // "$5 billion" to "$4.5 billion": [4.45 / 5.5 - 1, 4.55 / 4.5 - 1] = [-19.1%, +1.1%] reaches
    // a rise only through the coarse rounding of "$5 billion".
    let f = finding(
        &all,
        Check::LevelChange,
        &["s.kzuz.2022.turnover.kaz", "d002.turnover.2023.a"],
    );
    assert_eq!(f.verdict, Verdict::InTension);
    // Without a statement about the end year, a change is for information.
    let usa = finding(
        &all,
        Check::LevelChange,
        &["s.kzus.2021.turnover.usa", "s.kzus.2022.turnover.kaz"],
    );
    assert_eq!(usa.verdict, Verdict::Info);
    // 2017 to 2018 has its own statement ("+50%"), compared by growth vs levels instead.
    assert!(!all.iter().any(|f| {
        f.check == Check::LevelChange
            && f.figures
                .iter()
                .any(|x| x.as_str() == "s.kzuz.2018.turnover.kaz")
    }));
}

#[test]
fn findings_have_stable_unique_ids() {
    let all = audit(&builtin());
    let again = audit(&builtin());
    let ids: Vec<&str> = all.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, again.iter().map(|f| f.id.as_str()).collect::<Vec<_>>());
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len());
    let f = finding(
        &all,
        Check::RepeatedLevel,
        &["d002.turnover.2023.a", "d002.turnover.2023.b"],
    );
    assert!(
        f.id.starts_with("repeated_level:2023:d002.turnover.2023.a,"),
        "{}",
        f.id
    );
}

#[test]
fn the_findings_table_names_each_findings_corridor() {
    let data = crate::common::builtin();
    let all = bilateral::audit::audit(&data);
    let text = bilateral::audit::findings_table(&all, 80).to_string();
    assert!(
        text.lines().next().is_some_and(|h| h.contains("corridor")),
        "{text}"
    );
    // Two corridors appear, each named on its rows.
    assert!(
        text.contains("KAZ->USA") && text.contains("KAZ->UZB"),
        "{text}"
    );
}

//! The audit's findings on the built-in data, with every expected interval worked out by hand
//! from the printed figures in the comments.

use crate::common::{REL, builtin};
use approx::assert_relative_eq;
use bilateral::audit::{Check, audit};
use bilateral::{Finding, Verdict};

/// The one finding of `check` that uses all of `ids`.
fn finding(findings: &[Finding], check: Check, ids: &[&str]) -> Finding {
    let matching: Vec<&Finding> = findings
        .iter()
        .filter(|f| {
            f.check == check
                && ids
                    .iter()
                    .all(|id| f.figures.iter().any(|x| x.as_str() == *id))
        })
        .collect();
    assert_eq!(matching.len(), 1, "{check} with {ids:?}: {matching:#?}");
    matching[0].clone()
}

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
    // "$4.5 billion" is [4.45, 4.55]: overlaps [4.30, 4.50], but 4.4 is outside it → in tension.
    assert_eq!(f.verdict, Verdict::InTension);
    // "$4.4 billion" is [4.35, 4.45]: each point inside the other → consistent.
    let f = finding(
        &all,
        Check::SumOfFlows,
        &["d002.exports.2023", "d002.turnover.2023.b"],
    );
    assert_eq!(f.verdict, Verdict::Consistent);
    // Series 2017: 1.3 [1.25, 1.35] + 0.7352 [0.73515, 0.73525] = [1.98515, 2.08525] vs 2.0
    // [1.95, 2.05]; points 2.0352 and 2.0 each inside the other → consistent.
    let f = finding(&all, Check::SumOfFlows, &["s.kzuz.2017.turnover.kaz"]);
    assert_interval(&f, 1.98515e9, 2.08525e9);
    assert_eq!(f.verdict, Verdict::Consistent);
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
    // +56.9% [56.85, 56.95] lies inside, but 55% is outside it → in tension.
    assert_eq!(f.verdict, Verdict::InTension);
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
    // 10 / 4.5 over [9.5 / 4.55, 10.5 / 4.45] ≈ [2.088, 2.360], point 2.222; "double" is 2 as a
    // whole number, [1.5, 2.5]: overlaps, 2 outside [2.088, 2.360] → in tension.
    let f = finding(
        &all,
        Check::TargetMultiple,
        &["d002.target.multiple", "d002.turnover.2023.a"],
    );
    assert_interval(&f, 9.5 / 4.55, 10.5 / 4.45);
    assert_eq!(f.verdict, Verdict::InTension);
}

#[test]
fn findings_serialise() {
    let all = audit(&builtin());
    let json = serde_json::to_string(&all).unwrap_or_else(|e| panic!("{e}"));
    let back: Vec<Finding> = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert!(back == all, "JSON round trip changed the findings");
}

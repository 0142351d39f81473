//! The README's figures are the program's: each figure the README quotes about the built-in data
//! is recomputed here (by the audit, the main job `bilateral outlook`, the presets) and looked up
//! in the README's text, and every number in the section on what the audit says must be one of
//! the figures checked. Speed figures are measurements, kept with the peers' outputs under
//! `tools/`, and are not checked here.

use bilateral::Verdict;
use bilateral::audit::{Check, FREIGHT_BAND, Finding, audit, fmt_estimate};
use bilateral::data::Unit;

use crate::common::{builtin, finding};

/// The README with dashes and minus signs as hyphens and every run of white space as one space,
/// so that a phrase can be looked up however the text is wrapped.
fn readme() -> String {
    let text = include_str!("../../README.md");
    let text = text.replace(['–', '−'], "-");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of one `## ` section.
fn section<'a>(readme: &'a str, title: &str) -> &'a str {
    let start = readme
        .find(&format!("## {title}"))
        .unwrap_or_else(|| panic!("no section {title}"));
    let rest = &readme[start + 3..];
    let end = rest.find(" ## ").map_or(rest.len(), |e| e);
    &rest[..end]
}

/// Collects phrases that must appear in a text.
struct Phrases<'a> {
    text: &'a str,
    seen: Vec<String>,
}

impl Phrases<'_> {
    fn has(&mut self, phrase: impl Into<String>) {
        let phrase = phrase.into().replace(['–', '−'], "-");
        assert!(
            self.text.contains(&phrase),
            "the README does not say {phrase:?}"
        );
        self.seen.push(phrase);
    }
}

/// The part of `text` from `from` up to `to` (or the end).
fn part<'a>(text: &'a str, from: &str, to: Option<&str>) -> &'a str {
    let start = text.find(from).unwrap_or_else(|| panic!("no {from:?}"));
    let rest = &text[start..];
    let end = to.and_then(|t| rest.find(t)).map_or(rest.len(), |e| e);
    &rest[..end]
}

/// Every number in `text` outside the phrases `seen` is a calendar year (or one of `words`, a
/// number the text uses as a word): the rest were all recomputed.
fn only_checked_numbers(text: &str, seen: &[String], words: &[&str]) {
    let mut rest = text.to_owned();
    let mut seen = seen.to_vec();
    seen.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for s in &seen {
        rest = rest.replace(s.as_str(), " ");
    }
    let allowed =
        |n: &str| words.contains(&n) || n.parse::<u32>().is_ok_and(|y| (1986..=2035).contains(&y));
    let mut number = String::new();
    for c in rest.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (!number.is_empty() && (c == '.' || c == ',')) {
            number.push(c);
        } else if !number.is_empty() {
            let n = number.trim_end_matches(['.', ',']).to_owned();
            assert!(
                allowed(&n),
                "the README says {n}, which no check here recomputes:\n{rest}"
            );
            number.clear();
        }
    }
}

/// Every quoted text in `text` is a published figure as printed.
fn quoted_figures(text: &str, data: &bilateral::Dataset, p: &mut Phrases<'_>) {
    for q in text.split('"').skip(1).step_by(2) {
        let published = data.figures().iter().any(|f| f.value_text() == q);
        assert!(published, "the README quotes {q:?}, which no figure prints");
        p.seen.push(format!("\"{q}\""));
    }
}

#[test]
fn the_audit_section_quotes_what_the_audit_computes() {
    let text = readme();
    let body = section(&text, "What the audit says about the built-in data");
    let mut p = Phrases {
        text: body,
        seen: Vec::new(),
    };
    let data = builtin();
    let all = audit(&data);
    let one = |all: &[Finding], check, ids: &[&str]| finding(all, check, ids);
    let usd = |f: &Finding| fmt_estimate(f.derived, Unit::Usd);
    let pct = |f: &Finding| fmt_estimate(f.derived, Unit::PercentChange);
    let ratio = |f: &Finding| fmt_estimate(f.derived, Unit::Ratio);

    // 2023: exports + imports against each turnover, and the two turnovers.
    let sum = one(
        &all,
        Check::SumOfFlows,
        &["d002.turnover.2023.b", "d002.exports.2023"],
    );
    assert_eq!(sum.verdict, Verdict::Consistent);
    p.has(usd(&sum));
    let edge = one(
        &all,
        Check::SumOfFlows,
        &["d002.turnover.2023.a", "d002.exports.2023"],
    );
    assert_eq!(edge.verdict, Verdict::InTension);
    let twice = one(
        &all,
        Check::RepeatedLevel,
        &["d002.turnover.2023.a", "d002.turnover.2023.b"],
    );
    assert_eq!(twice.verdict, Verdict::Inconsistent);

    // +56.9% against the levels it links.
    let g = one(
        &all,
        Check::GrowthVsLevels,
        &["d002.exports.growth.2023", "d002.exports.2022"],
    );
    assert_eq!(g.verdict, Verdict::Consistent);
    p.has(format!("the two levels give {}", pct(&g)));
    let two = data
        .figure("d002.exports.2022")
        .and_then(|f| f.estimate())
        .unwrap();
    p.has(format!("read as {}", fmt_estimate(two, Unit::Usd)));

    // The readings of +29.5%.
    let reading = |r: bilateral::audit::GrowthReading, id: &str| {
        all.iter()
            .find(|f| {
                f.check == Check::ImpliedLevel
                    && f.reading == Some(r)
                    && f.figures.iter().any(|x| x.as_str() == id)
                    && f.figures
                        .iter()
                        .any(|x| x.as_str() == "d002.turnover.growth.5y")
            })
            .unwrap_or_else(|| panic!("{r:?} {id}"))
    };
    use bilateral::audit::GrowthReading::{AnnualAverage, AsStated, OneYear};
    let five = reading(AsStated, "s.kzuz.2018.turnover.kaz");
    assert_eq!(five.verdict, Verdict::InTension);
    p.has(format!("puts 2018 at {}, in tension", usd(five)));
    for id in ["s.kzuz.2022.turnover.kaz", "s.kzuz.2022.turnover.uzb"] {
        let one_year = reading(OneYear, id);
        assert_eq!(one_year.verdict, Verdict::Inconsistent);
        p.has(format!("puts 2022 at {}, contradicted", usd(one_year)));
    }
    let own = all.iter().find(|f| f.check == Check::OwnFigures).unwrap();
    assert_eq!(own.verdict, Verdict::Consistent);
    p.has(format!(
        "({})",
        fmt_estimate(own.compared.unwrap(), Unit::Usd)
    ));
    let average = reading(AnnualAverage, "s.kzuz.2018.turnover.kaz");
    assert_eq!(average.verdict, Verdict::Inconsistent);
    p.has(format!("({} in 2018) is contradicted", usd(average)));

    // 2022 to 2023.
    let fall = one(
        &all,
        Check::LevelChange,
        &["s.kzuz.2022.turnover.uzb", "d002.turnover.2023.a"],
    );
    assert_eq!(fall.verdict, Verdict::Inconsistent);
    p.has(format!("\"$4.5 billion\" is {}", pct(&fall)));
    let coarse = one(
        &all,
        Check::LevelChange,
        &["s.kzuz.2022.turnover.kaz", "d002.turnover.2023.a"],
    );
    assert_eq!(coarse.verdict, Verdict::InTension);
    p.has(format!("the change is {}: in tension", pct(&coarse)));

    // The two sides of 2022 flows against the freight band.
    let mirror = |id: &str| {
        all.iter()
            .find(|f| {
                f.check == Check::Mirror
                    && f.unit == Unit::Ratio
                    && f.figures.iter().any(|x| x.as_str() == id)
            })
            .unwrap()
    };
    let exports = mirror("d002.exports.2022");
    assert_eq!(exports.verdict, Verdict::Inconsistent);
    p.has(format!("is {} times", ratio(exports)));
    p.has(format!(
        "{:.1}-{:.1} CIF/FOB band",
        FREIGHT_BAND.0, FREIGHT_BAND.1
    ));
    let imports = mirror("d002.imports.growth.2023");
    assert_eq!(imports.verdict, Verdict::Consistent);
    p.has(format!("give {}, inside the band", ratio(imports)));

    // The regional share.
    for (total, verdict) in [
        (
            "s.ca.2023.total-kazakhstan-trade-with-central-asia.kaz",
            Verdict::Consistent,
        ),
        (
            "s.ca.2023.total-intra-central-asian-trade.kaz",
            Verdict::Inconsistent,
        ),
    ] {
        let f = one(
            &all,
            Check::RegionalShare,
            &["d002.share.central-asia", "d002.turnover.2023.a", total],
        );
        assert_eq!(f.verdict, verdict);
        p.has(format!("over that share is {}", usd(&f)));
    }

    // For information.
    let pace = all
        .iter()
        .find(|f| f.check == Check::PartialYear && f.verdict == Verdict::Info)
        .unwrap();
    p.has(format!("a pace of {} a year", usd(pace)));
    let share =
        |ids: &[&str]| fmt_estimate(one(&all, Check::DerivedShare, ids).derived, Unit::Percent);
    p.has(share(&[
        "d002.projects.value",
        "d002.completed.value",
        "d002.underway.value",
    ]));
    p.has(share(&[
        "d002.projects.count",
        "d002.completed.count",
        "d002.underway.count",
    ]));
    p.has(share(&["d002.projects.jobs", "d002.completed.jobs"]));

    quoted_figures(body, &data, &mut p);
    // Every number in the findings is one of the figures checked above, or a year.
    only_checked_numbers(
        part(body, "Among them", Some("Then the target outlook")),
        &p.seen,
        &[],
    );
}

#[cfg(feature = "cli")]
#[test]
fn the_outlook_paragraph_quotes_the_main_job() {
    let out = crate::common::bilateral_ok(&["outlook", "--format", "json"]);
    let o: bilateral::outlook::TargetOutlook = serde_json::from_slice(&out).unwrap();
    let text = readme();
    let body = section(&text, "What the audit says about the built-in data");
    let mut p = Phrases {
        text: body,
        seen: Vec::new(),
    };
    let bn = |x: f64| x / 1e9;
    let base = o.spec.base.interval();
    p.has(format!(
        "${:.2}-{:.2} billion over its two figures",
        bn(base.lo()),
        bn(base.hi())
    ));
    let y2030 = o.rows.iter().find(|r| r.year == 2030).unwrap();
    let r = y2030.required;
    p.has(format!(
        "{:.2}% a year ({:.2}-{:.2}%)",
        r.point() * 100.0,
        r.interval().lo() * 100.0,
        r.interval().hi() * 100.0
    ));
    let stated = o
        .historical
        .iter()
        .find(|h| {
            h.figures
                .iter()
                .any(|f| f.as_str() == "d002.turnover.growth.5y")
        })
        .unwrap();
    p.has(format!(
        "({:.2}% a year) gets there only in {}",
        stated.rate.point() * 100.0,
        stated.year_reached.unwrap()
    ));
    let compound = o
        .historical
        .iter()
        .find(|h| {
            h.label
                .starts_with("compound rate between published levels 2017-2023")
        })
        .unwrap();
    p.has(format!(
        "2017 and 2023 ({:.2}%) in {}",
        compound.rate.point() * 100.0,
        compound.year_reached.unwrap()
    ));
    p.has(format!(
        "gives a {:.2} chance by 2030",
        y2030.trend_probability.unwrap()
    ));
    let fp = y2030.forecast_probability.unwrap();
    p.has(format!(
        "gives {:.2} ({:.2}-{:.2} over",
        fp.point(),
        fp.interval().lo(),
        fp.interval().hi()
    ));
    let fl = y2030.forecast_level.unwrap();
    p.has(format!(
        "a median of ${:.2} billion in 2030",
        bn(fl.point())
    ));
    p.has(format!(
        "interval of ${:.2}-{:.2} billion",
        bn(fl.interval().lo()),
        bn(fl.interval().hi())
    ));
    let forecast = o.forecast.as_ref().unwrap();
    p.has(format!(
        "({:.1}% a year in logs",
        forecast.prior_estimated.drift_mean * 100.0
    ));
    p.has(format!("{} years old in 2023", forecast.prior_age));
    let rule = forecast.discount.unwrap();
    p.has(format!("halved every {} years", rule.half_life.unwrap()));
    p.has(format!(
        "discounts it to {:.1}%",
        forecast.prior.drift_mean * 100.0
    ));
    p.has(format!(
        "({:.1}% a year, as the command prints it)",
        forecast.prior.drift_mean.exp_m1() * 100.0
    ));
    let at = |label: &str| {
        let m = forecast
            .comparison
            .iter()
            .find(|m| m.label == label)
            .unwrap();
        let y = m.years.iter().find(|y| y.0 == 2030).unwrap();
        (bn(y.1.unwrap().point()), y.2.unwrap().point())
    };
    let (l, pr) = at("pooled, prior as estimated");
    p.has(format!("would be ${l:.2} billion and {pr:.2}"));
    let (l, pr) = at("naive");
    p.has(format!("naive says ${l:.2} billion and {pr:.2}"));
    let (l, pr) = at("drift");
    p.has(format!("drift ${l:.2} billion and {pr:.2}"));
    let n = forecast.nowcasts.first().unwrap();
    p.has(format!(
        "lifts the 2024 median from ${:.2} billion to ${:.2} billion",
        bn(n.median.0),
        bn(n.median.1)
    ));
    p.has(format!("a 2024 below about ${:.1} billion", 1.2 / n.share));
    let tl = y2030.trend_level.unwrap();
    p.has(format!(
        "${:.2}-{:.2} billion, says",
        bn(tl.interval().lo()),
        bn(tl.interval().hi())
    ));

    p.has("$10 billion by 2030");
    quoted_figures(body, &crate::common::builtin(), &mut p);
    only_checked_numbers(
        part(
            body,
            "Then the target outlook",
            Some("Last, the illustrative"),
        ),
        &p.seen,
        // The intervals' level.
        &["90"],
    );

    // The command list's worked example.
    let out = crate::common::bilateral_ok(&[
        "growth",
        "required",
        "4.5",
        "10",
        "7",
        "--interval",
        "--format",
        "table",
    ]);
    let answer = String::from_utf8(out).unwrap();
    assert!(
        text.contains(&format!("--interval # {}:", answer.trim())),
        "the README's example of growth required does not say {answer}"
    );

    // The backtest's measured coverage in the list of what the crate does.
    let pooled =
        bilateral::forecast::Calibration::agtpa(bilateral::forecast::Method::Pooled).unwrap();
    let cov = |subset: &str, h: usize| {
        let m = pooled
            .measured
            .iter()
            .find(|m| m.subset == subset && m.horizon == h)
            .unwrap();
        ((m.cov80 * 100.0).round(), (m.cov90 * 100.0).round())
    };
    let all: Vec<(f64, f64)> = (1..=3).map(|h| cov("all", h)).collect();
    let mut q = Phrases {
        text: &text,
        seen: Vec::new(),
    };
    q.has(format!(
        "covered {}/{}%, {}/{}% and {}/{}% of all pairs'",
        all[0].0, all[0].1, all[1].0, all[1].1, all[2].0, all[2].1
    ));
    let large: Vec<(f64, f64)> = (1..=3).map(|h| cov("large", h)).collect();
    let range = |v: Vec<f64>| {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        format!("{lo}-{hi}")
    };
    q.has(format!(
        "and {}/{}% of large pairs'",
        range(large.iter().map(|c| c.0).collect()),
        range(large.iter().map(|c| c.1).collect())
    ));
}

#[test]
fn the_presets_paragraph_quotes_the_presets() {
    let text = readme();
    let body = section(&text, "What the audit says about the built-in data");
    let mut p = Phrases {
        text: body,
        seen: Vec::new(),
    };
    let presets = bilateral::scenario::presets().unwrap();
    let all = presets
        .iter()
        .find(|s| s.name == "kaz-uzb all levers")
        .unwrap();
    let r = all.run().unwrap();
    p.has(format!(
        "all levers together give ${:.2} billion in {}",
        r.total.last().unwrap() / 1e9,
        r.years.last().unwrap()
    ));
    let mut reaching = Vec::new();
    for s in &presets {
        let r = s.run().unwrap();
        if let Some(i) = r.total.iter().position(|v| *v >= 10e9) {
            reaching.push((s.name.clone(), r.years[i]));
        }
    }
    assert_eq!(reaching.len(), 1, "{reaching:?}");
    assert!(reaching[0].0.contains("estimated"), "{reaching:?}");
    p.has(format!("reaches it, in {}", reaching[0].1));
    p.has("short of $10 billion");
    only_checked_numbers(part(body, "Last, the illustrative", None), &p.seen, &[]);
}

/// The first hour's table: each command runs as written (a Comtrade download replaced by the
/// sample, output files sent to a temporary folder), and the rates it quotes are the ones the
/// published 2023 figures need: (10/4.5)^(1/7) - 1 and (10/4.4)^(1/7) - 1.
#[cfg(feature = "cli")]
#[test]
fn the_first_hours_commands_run_and_its_rates_are_the_published_figures() {
    let raw = include_str!("../../README.md");
    let start = raw.find("## Your first hour").expect("the section");
    let table = &raw[start
        ..raw[start..]
            .find("\nWhat it holds")
            .map_or(raw.len(), |e| e + start)];
    let text = readme();
    let first = section(&text, "Your first hour");
    for (base, doc) in [(4.5_f64, "$4.5 billion"), (4.4, "$4.4 billion")] {
        let rate = ((10.0 / base).powf(1.0 / 7.0) - 1.0) * 100.0;
        assert!(
            first.contains(&format!("{rate:.2}% from {doc}")),
            "{rate:.2}% from {doc}"
        );
    }
    assert!(first.contains("002_26f6919544f59e0e.txt"));
    let dir = tempfile::tempdir().unwrap();
    let sample = format!("{}/data/comtrade_sample.csv", env!("CARGO_MANIFEST_DIR"));
    let mut ran = 0;
    for line in table.lines().filter(|l| l.starts_with("| `bilateral")) {
        let cell = line.split(" | ").next().unwrap_or("");
        for command in cell.split('`').filter(|c| c.starts_with("bilateral ")) {
            let mut args: Vec<String> = command
                .split_whitespace()
                .skip(1)
                .map(str::to_owned)
                .collect();
            for i in 0..args.len() {
                if args[i] == "download.csv" {
                    args[i] = sample.clone();
                }
                if i > 0 && args[i - 1] == "-o" {
                    args[i] = dir.path().join(&args[i]).display().to_string();
                }
            }
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_bilateral"))
                .args(&args)
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{command}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    assert_eq!(ran, 9, "the table's commands");
    for file in ["report.html", "outlook.xlsx"] {
        assert!(dir.path().join(file).exists(), "{file}");
    }
}

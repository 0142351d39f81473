//! What fixest users reach for in trade work: offsets, observation weights, prediction on new
//! data, and split fits with shards. Each checked by an identity built here: integer weights are
//! duplicated rows; an offset fixed at a coefficient's estimate leaves the others where the full
//! fit put them; a prediction on the fitted rows is the fitted value; shards concatenate to the
//! whole.

use bilateral::Error;
use bilateral::gravity::synthetic::synthetic_panel;
use bilateral::gravity::{DropReason, Gravity, GravityFit, Panel};

/// A synthetic trade panel (`synthetic_panel`) with an integer weight column (1 to 3) added.
fn weighted_panel() -> (Panel, Vec<usize>) {
    let panel = synthetic_panel(12, 4, 3).unwrap();
    let weights: Vec<usize> = (0..panel.len()).map(|i| 1 + (i * 7 + 3) % 3).collect();
    let w: Vec<f64> = weights.iter().map(|w| *w as f64).collect();
    (panel.with_column("w", w).unwrap(), weights)
}

/// The same panel with row i repeated weights[i] times.
fn duplicated(panel: &Panel, weights: &[usize]) -> Panel {
    let mut ex = vec![];
    let mut im = vec![];
    let mut time = vec![];
    let mut value = vec![];
    let (mut x1, mut x2) = (vec![], vec![]);
    let c = panel.countries();
    let (px1, px2) = (panel.numeric("x1").unwrap(), panel.numeric("x2").unwrap());
    for (i, w) in weights.iter().enumerate() {
        for _ in 0..*w {
            ex.push(c[panel.exporters()[i] as usize].as_str());
            im.push(c[panel.importers()[i] as usize].as_str());
            time.push(panel.times()[i]);
            value.push(panel.values()[i]);
            x1.push(px1[i]);
            x2.push(px2[i]);
        }
    }
    Panel::new(
        &ex,
        &im,
        &time,
        &value,
        vec![("x1".into(), x1), ("x2".into(), x2)],
    )
    .unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

fn estimate(fit: &GravityFit, name: &str) -> f64 {
    fit.coefficient(name).unwrap().estimate
}

const FORMULA: &str = "trade ~ x1 + x2 | exporter^year + importer^year";

#[test]
fn integer_weights_fit_as_duplicated_rows() {
    let (panel, weights) = weighted_panel();
    let copies = duplicated(&panel, &weights);
    for ppml in [true, false] {
        let (model, copied) = if ppml {
            (Gravity::ppml(&panel), Gravity::ppml(&copies))
        } else {
            (Gravity::ols(&panel), Gravity::ols(&copies))
        };
        let weighted = model
            .formula(FORMULA)
            .unwrap()
            .weights("w")
            .cluster(["exporter^importer"])
            .fit()
            .unwrap();
        let plain = copied
            .formula(FORMULA)
            .unwrap()
            .cluster(["exporter^importer"])
            .fit()
            .unwrap();
        for name in ["x1", "x2"] {
            let (a, b) = (estimate(&weighted, name), estimate(&plain, name));
            assert!(rel(a, b) < 1e-8, "ppml={ppml} {name}: {a} vs {b}");
        }
        assert!(weighted.to_string().contains("weights: w"));
        // A weighted row's score is its copies' summed, and the copies share a cluster: the
        // clustered variances differ only by the (N − 1)/(N − k) correction, N being rows in
        // one fit and copies in the other.
        let correction = |f: &GravityFit| {
            let (n, k) = (f.observations as f64, f.df_k as f64);
            (n - 1.0) / (n - k)
        };
        for name in ["x1", "x2"] {
            let s1 = weighted.coefficient(name).unwrap().std_error / correction(&weighted).sqrt();
            let s2 = plain.coefficient(name).unwrap().std_error / correction(&plain).sqrt();
            assert!(rel(s1, s2) < 1e-6, "ppml={ppml} {name}: {s1} vs {s2}");
        }
    }
}

#[test]
fn an_offset_at_a_coefficients_estimate_leaves_the_others_in_place() {
    let panel = synthetic_panel(12, 4, 5).unwrap();
    let full = Gravity::ppml(&panel)
        .formula(FORMULA)
        .unwrap()
        .fit()
        .unwrap();
    let b1 = estimate(&full, "x1");
    let offset = format!("{b1:.17}*x1");
    let partial = Gravity::ppml(&panel)
        .formula("trade ~ x2 | exporter^year + importer^year")
        .unwrap()
        .offset(&offset)
        .unwrap()
        .fit()
        .unwrap();
    let (a, b) = (estimate(&partial, "x2"), estimate(&full, "x2"));
    assert!(rel(a, b) < 1e-7, "{a} vs {b}");
    assert!(partial.to_string().contains("offset: "), "{partial}");
    // Fitted values include the offset: they are the full model's.
    for (p, f) in partial.fitted.iter().zip(&full.fitted) {
        assert!(rel(*p, *f) < 1e-6);
    }
    // OLS: the same identity on log flows.
    let full = Gravity::ols(&panel)
        .formula("log(trade) ~ x1 + x2 | exporter^year + importer^year")
        .unwrap()
        .fit()
        .unwrap();
    let b1 = estimate(&full, "x1");
    let partial = Gravity::ols(&panel)
        .formula("log(trade) ~ x2 | exporter^year + importer^year")
        .unwrap()
        .offset(&format!("{b1:.17}*x1"))
        .unwrap()
        .fit()
        .unwrap();
    let (a, b) = (estimate(&partial, "x2"), estimate(&full, "x2"));
    assert!(rel(a, b) < 1e-9, "{a} vs {b}");
}

#[test]
fn offsets_parse_as_written_and_bad_ones_are_named() {
    use bilateral::gravity::Offset;
    let o: Offset = "log(gdp) - 2.5e-1*RTA + ln_DIST".parse().unwrap();
    assert_eq!(o.terms().len(), 3);
    assert_eq!(o.terms()[1].0, -0.25);
    assert_eq!(o.to_string(), "log(gdp) - 0.25*RTA + ln_DIST");
    for bad in ["", "2*", "x*y*z", "log(x", "nan*x", "1e999*x", "3 + x"] {
        let e = bad.parse::<Offset>().unwrap_err();
        assert!(matches!(e, Error::Gravity(_)), "{bad:?}: {e}");
    }
}

#[test]
fn bad_weights_and_offsets_name_their_row_and_column() {
    let panel = synthetic_panel(8, 3, 1).unwrap();
    let n = panel.len();
    for (value, needle) in [
        (-1.0, "zero or more"),
        (f64::NAN, "NaN"),
        (f64::INFINITY, "inf"),
    ] {
        let mut w = vec![1.0; n];
        w[5] = value;
        let p = panel.clone().with_column("w", w).unwrap();
        let e = Gravity::ppml(&p)
            .formula(FORMULA)
            .unwrap()
            .weights("w")
            .fit()
            .unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("`w`") && text.contains(":7:"),
            "{value}: {text}"
        );
        assert!(text.contains(needle), "{value}: {text}");
    }
    // Weight 0: the row leaves, counted.
    let mut w = vec![1.0; n];
    w[2] = 0.0;
    w[9] = 0.0;
    let p = panel.clone().with_column("w", w).unwrap();
    let fit = Gravity::ppml(&p)
        .formula(FORMULA)
        .unwrap()
        .weights("w")
        .fit()
        .unwrap();
    assert_eq!(fit.dropped(DropReason::ZeroWeight), 2);
    // An offset under a log of zero names its line and column.
    let mut z = vec![1.0; n];
    z[4] = 0.0;
    let p = panel.with_column("z", z).unwrap();
    let e = Gravity::ppml(&p)
        .formula(FORMULA)
        .unwrap()
        .offset("log(z)")
        .unwrap()
        .fit()
        .unwrap_err();
    let text = e.to_string();
    assert!(text.contains(":6:") && text.contains("`z`"), "{text}");
}

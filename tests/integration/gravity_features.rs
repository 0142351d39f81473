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

#[test]
fn predictions_on_the_estimation_panel_are_the_fitted_values() {
    let panel = synthetic_panel(10, 3, 9).unwrap();
    for ppml in [true, false] {
        let model = if ppml {
            Gravity::ppml(&panel).formula(FORMULA).unwrap()
        } else {
            Gravity::ols(&panel)
                .formula("log(trade) ~ x1 + x2 | exporter^year + importer^year")
                .unwrap()
        };
        let fit = model.offset("0.1*x1").unwrap().fit().unwrap();
        let predicted = fit.predict(&panel).unwrap();
        assert_eq!(predicted.len(), panel.len());
        for (&row, fitted) in fit.rows.iter().zip(&fit.fitted) {
            let p = predicted[row];
            assert!(
                rel(p, *fitted) < 1e-7,
                "ppml={ppml} row {row}: {p} vs {fitted}"
            );
        }
    }
}

#[test]
fn unseen_levels_are_an_error_naming_them_or_left_out_when_asked() {
    let panel = synthetic_panel(10, 3, 9).unwrap();
    let fit = Gravity::ppml(&panel)
        .formula("trade ~ x1 + x2 | exporter + importer")
        .unwrap()
        .fit()
        .unwrap();
    // Two rows: one between countries the fit knows, one from a new exporter.
    let known_ex = panel.countries()[panel.exporters()[0] as usize].clone();
    let known_im = panel.countries()[panel.importers()[0] as usize].clone();
    let new = Panel::new(
        &[known_ex.as_str(), "ZZZ"],
        &[known_im.as_str(), known_im.as_str()],
        &[2000, 2000],
        &[1.0, 1.0],
        vec![("x1".into(), vec![0.3, 0.3]), ("x2".into(), vec![0.1, 0.1])],
    )
    .unwrap();
    let e = fit.predict(&new).unwrap_err();
    let text = e.to_string();
    assert!(text.contains("exporter") && text.contains("ZZZ"), "{text}");
    let known = fit.predict_known(&new).unwrap();
    assert!(known[0].is_some() && known[1].is_none(), "{known:?}");
    // The known row: exp(fe_exporter + fe_importer + b·x), from the fit's own values.
    let fe = |name: &str, level: &str| {
        let v = fit.fixed_effects.iter().find(|f| f.name == name).unwrap();
        v.values[v.levels.iter().position(|l| l == level).unwrap()]
    };
    let eta = fe("exporter", &known_ex)
        + fe("importer", &known_im)
        + estimate(&fit, "x1") * 0.3
        + estimate(&fit, "x2") * 0.1;
    assert!(rel(known[0].unwrap(), eta.exp()) < 1e-12);
    // A missing regressor column is named.
    let bare = Panel::new(&["a", "b"], &["b", "a"], &[2000, 2000], &[1.0, 1.0], vec![]).unwrap();
    let e = fit.predict(&bare).unwrap_err();
    assert!(e.to_string().contains("x1"), "{e}");
}

/// A panel of five products: the synthetic panel's rows assigned to products 1–5 in turn, with
/// product 3's flows all zero (its model cannot be fitted).
fn product_panel() -> Panel {
    let panel = synthetic_panel(12, 4, 11).unwrap();
    let product: Vec<f64> = (0..panel.len()).map(|i| (i % 5 + 1) as f64).collect();
    let trade: Vec<f64> = panel
        .values()
        .iter()
        .zip(&product)
        .map(|(v, p)| if *p == 3.0 { 0.0 } else { *v })
        .collect();
    panel
        .with_column("product", product)
        .unwrap()
        .with_column("flow", trade)
        .unwrap()
}

#[test]
fn a_split_fits_each_level_and_keeps_each_failure() {
    use bilateral::gravity::{Estimator, GravitySpec, split_fit};
    use bilateral::shard::Shard;
    let panel = product_panel();
    let spec = GravitySpec::parse(Estimator::Ppml, "flow ~ x1 + x2 | exporter + importer").unwrap();
    let split = split_fit(&panel, &spec, "product", Shard::WHOLE).unwrap();
    let levels: Vec<&str> = split.levels.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(levels, ["1", "2", "3", "4", "5"]);
    let failed: Vec<&str> = split.failed().map(|(l, _)| l).collect();
    assert_eq!(failed, ["3"]);
    assert_eq!(split.fitted().count(), 4);
    // Level 4's model is the model fitted on level 4's rows.
    let rows = panel.filter(|r| r.get("product") == Some(4.0));
    let direct = Gravity::with_spec(&rows, spec.clone()).fit().unwrap();
    let from_split = split.by_level()["4"];
    for (a, b) in from_split.coefficients.iter().zip(&direct.coefficients) {
        assert_eq!(a.estimate, b.estimate);
        assert_eq!(a.std_error, b.std_error);
    }
    assert!(split.to_string().contains("3: failed"), "{split}");
    // A column with one level, and a split column inside the model, are refused.
    let one = panel
        .clone()
        .with_column("one", vec![1.0; panel.len()])
        .unwrap();
    assert!(split_fit(&one, &spec, "one", Shard::WHOLE).is_err());
    let inside = GravitySpec::parse(Estimator::Ppml, "flow ~ x1 | exporter + product").unwrap();
    assert!(split_fit(&panel, &inside, "product", Shard::WHOLE).is_err());
}

#[test]
fn split_shards_concatenate_to_the_whole_table_exactly() {
    use bilateral::gravity::{Estimator, GravitySpec, split_fit};
    use bilateral::shard::Shard;
    let panel = product_panel();
    let spec = GravitySpec::parse(Estimator::Ppml, "flow ~ x1 + x2 | exporter + importer").unwrap();
    let whole =
        bilateral::io::to_csv(&split_fit(&panel, &spec, "product", Shard::WHOLE).unwrap()).unwrap();
    let whole = String::from_utf8(whole).unwrap();
    for n in [1, 2, 3, 5, 7] {
        let mut joined = String::new();
        for i in 0..n {
            let part = split_fit(&panel, &spec, "product", Shard::new(i, n).unwrap()).unwrap();
            let csv = String::from_utf8(bilateral::io::to_csv(&part).unwrap()).unwrap();
            let (header, body) = csv.split_once('\n').unwrap();
            if i == 0 {
                joined.push_str(header);
                joined.push('\n');
            } else {
                assert_eq!(header, whole.split_once('\n').unwrap().0);
            }
            joined.push_str(body);
        }
        assert_eq!(joined, whole, "{n} shards");
    }
}

#[test]
fn a_panel_file_is_streamed_with_its_byte_order_mark_and_line_ends() {
    use bilateral::gravity::PanelColumns;
    let text =
        "\u{feff}exporter,importer,year,trade,x\r\nA,B,2000,1.5,0.1\r\n\r\nB,A,2000,2.5,x\r\n";
    let dir = std::env::temp_dir().join(format!("bilateral-stream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("panel.csv");
    std::fs::write(&path, text).unwrap();
    let from_file = Panel::from_csv(&path, &PanelColumns::default()).unwrap();
    let from_bytes =
        Panel::from_csv_bytes("panel.csv", text.as_bytes(), &PanelColumns::default()).unwrap();
    assert_eq!(from_file.values(), &[1.5, 2.5]);
    assert_eq!(from_file.values(), from_bytes.values());
    assert_eq!(from_file.countries(), from_bytes.countries());
    // Column x holds text on the record after a blank line: line 4, named.
    let e = from_file.numeric("x").unwrap_err().to_string();
    assert!(e.contains("line 4"), "{e}");
    // A record with no end is bounded, not read to the end of memory.
    let endless = dir.join("endless.csv");
    let mut body = b"exporter,importer,year,trade\nA,B,2000,".to_vec();
    body.extend(std::iter::repeat_n(
        b'1',
        (bilateral::limits::MAX_RECORD_BYTES + 10) as usize,
    ));
    std::fs::write(&endless, &body).unwrap();
    let e = Panel::from_csv(&endless, &PanelColumns::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("endless.csv:2:"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

//! Fixed-effect and cluster keys: a column, a built-in key (`exp_year`, `sym_pair`, ...) or an
//! interaction (`exporter^year`) as category codes per row, and their levels in a sample.

use crate::error::{Error, GravityError, Result};
use std::collections::HashMap;

use super::panel::Panel;
use super::spec::FixedEffect;

/// Built-in fixed-effect keys, for error messages.
const BUILT_IN: &str =
    "exporter, importer, year, time, exp_year, imp_year, exp_time, imp_time, pair, sym_pair, intra";

/// Category codes and labels.
pub(super) type Key = (Vec<u32>, Vec<String>);

pub(super) fn combine(a: &Key, b: &Key) -> Key {
    let mut index: HashMap<(u32, u32), u32> = HashMap::new();
    let mut labels = Vec::new();
    let codes =
        a.0.iter()
            .zip(&b.0)
            .map(|(&x, &y)| {
                *index.entry((x, y)).or_insert_with(|| {
                    let la = a.1.get(x as usize).map_or("", String::as_str);
                    let lb = b.1.get(y as usize).map_or("", String::as_str);
                    labels.push(format!("{la}^{lb}"));
                    u32::try_from(labels.len() - 1).unwrap_or(u32::MAX)
                })
            })
            .collect();
    (codes, labels)
}

fn component(panel: &Panel, name: &str) -> Result<Key> {
    let names = panel.key_columns();
    if panel.column(name).is_some()
        || [&names.exporter, &names.importer, &names.time]
            .iter()
            .any(|k| *k == name)
    {
        return panel.categories(name);
    }
    let countries = panel.countries().to_vec();
    let ex = || (panel.exporters().to_vec(), countries.clone());
    let im = || (panel.importers().to_vec(), countries.clone());
    let time = || panel.categories(&names.time);
    Ok(match name {
        "exporter" | "exp" => ex(),
        "importer" | "imp" => im(),
        "year" | "time" => time()?,
        "exp_year" | "exp_time" => combine(&ex(), &time()?),
        "imp_year" | "imp_time" => combine(&im(), &time()?),
        "pair" => combine(&ex(), &im()),
        "sym_pair" => {
            let lo: Vec<u32> = panel
                .exporters()
                .iter()
                .zip(panel.importers())
                .map(|(a, b)| *a.min(b))
                .collect();
            let hi: Vec<u32> = panel
                .exporters()
                .iter()
                .zip(panel.importers())
                .map(|(a, b)| *a.max(b))
                .collect();
            combine(&(lo, countries.clone()), &(hi, countries.clone()))
        }
        "intra" => {
            let n = u32::try_from(countries.len()).unwrap_or(u32::MAX);
            let mut labels = countries.clone();
            labels.push("international".into());
            let codes = panel
                .exporters()
                .iter()
                .zip(panel.importers())
                .map(|(a, b)| if a == b { *a } else { n })
                .collect();
            (codes, labels)
        }
        _ => {
            return Err(Error::Gravity(GravityError::NoSuchColumn {
                panel: panel.source().to_owned(),
                column: name.to_owned(),
                available: format!("{}; built-in keys: {BUILT_IN}", panel.available()),
            }));
        }
    })
}

/// The codes of a fixed effect or cluster key on the panel.
pub(crate) fn key(panel: &Panel, fe: &FixedEffect) -> Result<Key> {
    let mut parts = fe.0.iter();
    let first = parts.next().ok_or_else(|| {
        Error::Gravity(GravityError::Formula {
            formula: fe.to_string(),
            reason: "an empty fixed effect".into(),
        })
    })?;
    let mut k = component(panel, first)?;
    for p in parts {
        k = combine(&k, &component(panel, p)?);
    }
    Ok(k)
}

/// Recodes `codes` over the kept rows to 0..G in order of first appearance.
pub(super) fn compact(codes: &[u32], rows: &[usize], labels: &[String]) -> (Vec<u32>, Vec<String>) {
    let mut map: HashMap<u32, u32> = HashMap::new();
    let mut out_labels = Vec::new();
    let out = rows
        .iter()
        .map(|&i| {
            let c = codes.get(i).copied().unwrap_or(0);
            *map.entry(c).or_insert_with(|| {
                out_labels.push(labels.get(c as usize).cloned().unwrap_or_default());
                u32::try_from(out_labels.len() - 1).unwrap_or(u32::MAX)
            })
        })
        .collect();
    (out, out_labels)
}

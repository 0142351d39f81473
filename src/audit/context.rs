//! What every check reads: the published levels grouped by flow, period and side, and the
//! growth statements.

use super::finding::fmt_money;
use crate::data::Corridor;
use crate::data::Country;
use crate::data::Dataset;
use crate::data::Estimate;
use crate::data::Period;
use crate::data::{Figure, FigureId, Unit};

/// A level with where it came from: published (by one or more sources printing the same value),
/// or implied by a growth statement.
#[derive(Clone)]
pub(super) struct Level<'a> {
    pub(super) figure: &'a Figure,
    /// Other figures printing the same value for the same flow, period and side.
    pub(super) also: Vec<&'a Figure>,
    pub(super) estimate: Estimate,
    /// The growth figure it was derived from, for implied levels.
    pub(super) implied_by: Option<&'a Figure>,
}

impl Level<'_> {
    pub(super) fn ids(&self) -> Vec<FigureId> {
        let mut ids = vec![self.figure.id().clone()];
        ids.extend(self.also.iter().map(|f| f.id().clone()));
        if let Some(g) = self.implied_by {
            ids.push(g.id().clone());
        }
        ids
    }

    pub(super) fn describe(&self) -> String {
        let sources: Vec<String> = std::iter::once(self.figure)
            .chain(self.also.iter().copied())
            .map(|f| f.provenance().source.to_string())
            .collect();
        match self.implied_by {
            None => format!(
                "{} ({}{})",
                self.figure.value_text(),
                reporter_text(self.figure.reporter()),
                sources.join("; ")
            ),
            Some(g) => format!(
                "{} implied by {} to {} ({})",
                fmt_money(self.estimate),
                g.value_text(),
                self.figure.value_text(),
                g.provenance().source
            ),
        }
    }
}

pub(super) fn reporter_text(r: Option<Country>) -> String {
    r.map(|c| format!("{c}, ")).unwrap_or_default()
}

/// Key of a series of levels: corridor (if any) and measure.
pub(super) type SeriesKey<'a> = (Option<Corridor>, &'a str);

pub(super) struct Context<'a> {
    /// Published dollar levels with a period: flows along corridors, and regional totals.
    pub(super) levels: Vec<Level<'a>>,
    /// Percentage changes with a period and a base period.
    pub(super) growths: Vec<&'a Figure>,
    pub(super) figures: &'a [Figure],
}

impl<'a> Context<'a> {
    pub(super) fn new(data: &'a Dataset) -> Context<'a> {
        let figures = data.figures();
        let mut levels: Vec<Level<'a>> = Vec::new();
        for f in figures.iter().filter(|f| {
            f.unit() == Unit::Usd
                && f.period().is_some()
                && (f.flow().is_some() || f.measure().starts_with("total_"))
        }) {
            let Some(estimate) = f.estimate() else {
                continue;
            };
            // The same printed value for the same flow, period and side is one level, however
            // many sources print it.
            let same = levels.iter_mut().find(|l| {
                Context::key(l.figure) == Context::key(f)
                    && l.figure.period() == f.period()
                    && l.figure.reporter() == f.reporter()
                    && l.estimate == estimate
            });
            match same {
                Some(l) => l.also.push(f),
                None => levels.push(Level {
                    figure: f,
                    also: Vec::new(),
                    estimate,
                    implied_by: None,
                }),
            }
        }
        let growths = figures
            .iter()
            .filter(|f| {
                f.unit() == Unit::PercentChange && f.period().is_some() && f.base_period().is_some()
            })
            .collect();
        Context {
            levels,
            growths,
            figures,
        }
    }

    pub(super) fn key(f: &Figure) -> SeriesKey<'_> {
        (f.corridor(), f.measure())
    }

    pub(super) fn levels_at(
        &self,
        key: SeriesKey<'_>,
        period: Period,
    ) -> impl Iterator<Item = &Level<'a>> {
        self.levels
            .iter()
            .filter(move |l| Context::key(l.figure) == key && l.figure.period() == Some(period))
    }

    /// Levels at the end of a growth statement: the "to Y" figure from the same sentence if
    /// there is one, otherwise every same-side level of the end period.
    pub(super) fn end_levels(&self, g: &Figure) -> Vec<&Level<'a>> {
        let Some(p) = g.period() else {
            return Vec::new();
        };
        let same_side: Vec<&Level<'a>> = self
            .levels_at(Context::key(g), p)
            .filter(|l| l.figure.reporter() == g.reporter() || g.reporter().is_none())
            .collect();
        let same_quote: Vec<&Level<'a>> = same_side
            .iter()
            .copied()
            .filter(|l| {
                !g.provenance().quote.is_empty()
                    && l.figure.provenance().quote == g.provenance().quote
            })
            .collect();
        if same_quote.is_empty() {
            same_side
        } else {
            same_quote
        }
    }
}

/// An implied level and the period it is for.
pub(super) struct Implied<'a> {
    pub(super) level: Level<'a>,
    pub(super) period: Period,
}

impl<'a> Level<'a> {
    pub(super) fn with_period(self, period: Period) -> Implied<'a> {
        Implied {
            level: self,
            period,
        }
    }
}

//! A collection of published figures and regime facts: the built-in data, or a user's own files.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::data::Country;
use crate::data::Date;
use crate::data::Figure;
use crate::data::loader;
use crate::data::{Corridor, Flow};
use crate::data::{Regime, RegimeFact};
use crate::error::{DataError, Error, Result};

/// The built-in files, compiled into the crate: (name, contents).
const BUILTIN_FIGURES: &[(&str, &str)] = &[
    ("data/figures.csv", include_str!("../../data/figures.csv")),
    ("data/series.csv", include_str!("../../data/series.csv")),
];
const BUILTIN_REGIMES: (&str, &str) = ("data/regimes.csv", include_str!("../../data/regimes.csv"));

/// Published figures and regime facts.
///
/// # Examples
/// ```
/// use bilateral::{Corridor, Dataset, Flow};
/// let data = Dataset::builtin()?;
/// let turnover_2023: Vec<String> = data
///     .flow_levels(Corridor::KAZ_UZB, Flow::Turnover)
///     .filter(|f| f.period().and_then(|p| p.year()) == Some(2023))
///     .map(|f| f.value_text())
///     .collect();
/// assert!(turnover_2023.contains(&"$4.5 billion".to_string()));
/// assert!(turnover_2023.contains(&"$4.4 billion".to_string()));
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "DatasetRepr")]
pub struct Dataset {
    figures: Vec<Figure>,
    regimes: Vec<RegimeFact>,
}

/// A dataset as written, checked by [`Dataset::from_parts`] (unique ids) when read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DatasetRepr {
    figures: Vec<Figure>,
    regimes: Vec<RegimeFact>,
}

impl TryFrom<DatasetRepr> for Dataset {
    type Error = Error;
    fn try_from(r: DatasetRepr) -> Result<Dataset> {
        Dataset::from_parts(r.figures, r.regimes)
    }
}

impl Dataset {
    /// The data shipped with the crate: every figure of the five source documents, the
    /// supplementary published series, and the trade-regime facts. Needs no files at run time.
    ///
    /// # Errors
    /// Only if the built-in files are malformed, which the crate's tests rule out.
    pub fn builtin() -> Result<Dataset> {
        let mut figures = Vec::new();
        for (name, text) in BUILTIN_FIGURES {
            figures.extend(loader::read_figures(name, text.as_bytes())?);
        }
        let regimes = loader::read_regimes(BUILTIN_REGIMES.0, BUILTIN_REGIMES.1.as_bytes())?;
        Dataset::from_parts(figures, regimes)
    }

    /// Reads figures from CSV text in the data format (`data/README.md`); `name` is used in
    /// error messages.
    ///
    /// # Errors
    /// A typed error naming the file, line and field for any malformed record; see
    /// [`Error::Field`], [`FileError::MissingColumn`](crate::error::FileError::MissingColumn),
    /// [`DataError::DuplicateId`].
    pub fn from_figures_csv(name: &str, text: &[u8]) -> Result<Dataset> {
        Dataset::from_parts(loader::read_figures(name, text)?, Vec::new())
    }

    /// Reads a figures file and, optionally, a regimes file from disk.
    ///
    /// # Errors
    /// [`IoError::Io`](crate::error::IoError::Io) if a file cannot be read; otherwise as
    /// [`Dataset::from_figures_csv`].
    pub fn load(figures: &Path, regimes: Option<&Path>) -> Result<Dataset> {
        let read = crate::file::read;
        let name = figures.display().to_string();
        let figs = loader::read_figures(&name, &read(figures)?)?;
        let regs = match regimes {
            Some(p) => loader::read_regimes(&p.display().to_string(), &read(p)?)?,
            None => Vec::new(),
        };
        Dataset::from_parts(figs, regs)
    }

    /// A folder laid out as the built-in data (`data/README.md`): `figures.csv`, and where
    /// present `series.csv` (more figures) and `regimes.csv`.
    ///
    /// # Errors
    /// [`IoError::Io`](crate::error::IoError::Io) naming `figures.csv` if the folder has none, or
    /// a file that cannot be read; as [`Dataset::from_figures_csv`] for a malformed file;
    /// [`DataError::DuplicateId`] for an id used twice across the files.
    ///
    /// # Examples
    /// ```
    /// use bilateral::Dataset;
    /// // The crate's own data folder holds the built-in files.
    /// let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    /// let data = Dataset::load_dir(&dir)?;
    /// assert_eq!(data.figures().len(), Dataset::builtin()?.figures().len());
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn load_dir(dir: &Path) -> Result<Dataset> {
        let regimes = dir.join("regimes.csv");
        let regimes = regimes.is_file().then_some(regimes);
        let data = Dataset::load(&dir.join("figures.csv"), regimes.as_deref())?;
        let series = dir.join("series.csv");
        if series.is_file() {
            data.merged(Dataset::load(&series, None)?)
        } else {
            Ok(data)
        }
    }

    /// A dataset from figures and regime facts: the one place ids are checked to be unique,
    /// whether the items were read from files, built in code or merged.
    ///
    /// # Errors
    /// [`DataError::DuplicateId`] if two items share an id, naming where each is: its place in the
    /// lists, and its file and line when it was read from one (`figure #3 (data/figures.csv:4)`).
    pub fn from_parts(figures: Vec<Figure>, regimes: Vec<RegimeFact>) -> Result<Dataset> {
        let mut first: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
        let place = |origin: Option<&crate::data::Origin>, what: &str, i: usize| match origin {
            Some(o) => format!("{what} #{} ({}:{})", i + 1, o.file, o.line),
            None => format!("{what} #{}", i + 1),
        };
        let items = figures
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id().as_str(), place(f.origin(), "figure", i)))
            .chain(
                regimes
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (r.id.as_str(), place(r.origin.as_ref(), "regime fact", i))),
            );
        for (id, here) in items {
            if let Some(earlier) = first.get(id) {
                return Err(Error::Data(DataError::DuplicateId {
                    id: id.to_owned(),
                    first: earlier.clone(),
                    second: here,
                }));
            }
            first.insert(id, here);
        }
        Ok(Dataset { figures, regimes })
    }

    /// This dataset with another's figures and facts added.
    ///
    /// # Errors
    /// [`DataError::DuplicateId`] if an id appears in both, naming the files and lines.
    pub fn merged(self, other: Dataset) -> Result<Dataset> {
        let mut figures = self.figures;
        figures.extend(other.figures);
        let mut regimes = self.regimes;
        regimes.extend(other.regimes);
        Dataset::from_parts(figures, regimes)
    }

    /// Every figure, in file order.
    pub fn figures(&self) -> &[Figure] {
        &self.figures
    }

    /// Every regime fact, in file order.
    pub fn regimes(&self) -> &[RegimeFact] {
        &self.regimes
    }

    /// The figure with this id.
    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.id().as_str() == id)
    }

    /// Figures about a corridor (in either direction).
    pub fn corridor_figures(&self, corridor: Corridor) -> impl Iterator<Item = &Figure> {
        self.figures.iter().filter(move |f| {
            f.corridor()
                .is_some_and(|c| c.joins(corridor.reporter(), corridor.partner()))
        })
    }

    /// Checks that the data hold figures about `corridor` (either direction).
    ///
    /// # Errors
    /// [`DataError::NoFigures`](crate::error::DataError::NoFigures) naming the corridors they do
    /// hold figures about.
    ///
    /// ```
    /// use bilateral::{Corridor, Dataset};
    /// let data = Dataset::builtin()?;
    /// assert!(data.require_corridor(Corridor::KAZ_UZB).is_ok());
    /// let e = data.require_corridor("KAZ->CHN".parse()?).expect_err("none");
    /// assert!(e.to_string().contains("KAZ->UZB"));
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn require_corridor(&self, corridor: Corridor) -> crate::Result<()> {
        if self.corridor_figures(corridor).next().is_some() {
            return Ok(());
        }
        let mut known: Vec<String> = self
            .figures
            .iter()
            .filter_map(|f| f.corridor())
            .map(|c| c.to_string())
            .collect();
        known.sort();
        known.dedup();
        Err(crate::Error::Data(crate::error::DataError::NoFigures {
            corridor: corridor.to_string(),
            known: if known.is_empty() {
                "none".into()
            } else {
                known.join(", ")
            },
        }))
    }

    /// Dollar levels of one flow along a corridor, as named from `corridor`'s side, wherever they
    /// are stored: `UZB->KAZ` exports are the figures stored as `KAZ->UZB` imports (and as
    /// `UZB->KAZ` exports), turnover is the same from either side. A balance changes sign with
    /// the side, so only balances stored from `corridor`'s side are levels of it.
    ///
    /// # Examples
    /// ```
    /// use bilateral::{Corridor, Dataset, Flow};
    /// let data = Dataset::builtin()?;
    /// let uzb_kaz: Corridor = "UZB->KAZ".parse()?;
    /// // Uzbekistan's exports to Kazakhstan are Kazakhstan's imports from Uzbekistan.
    /// let a: Vec<_> = data.flow_levels(uzb_kaz, Flow::Exports).map(|f| f.id()).collect();
    /// let b: Vec<_> = data.flow_levels(Corridor::KAZ_UZB, Flow::Imports).map(|f| f.id()).collect();
    /// assert!(!a.is_empty());
    /// assert_eq!(a, b);
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn flow_levels(&self, corridor: Corridor, flow: Flow) -> impl Iterator<Item = &Figure> {
        self.figures.iter().filter(move |f| {
            f.is_flow_level()
                && (f.corridor() == Some(corridor) && f.flow() == Some(flow)
                    || flow != Flow::Balance
                        && f.corridor() == Some(corridor.reversed())
                        && f.flow() == Some(flow.mirrored()))
        })
    }

    /// Figures about a corridor grouped by the year their period starts in (figures without a
    /// period under `None`, first).
    pub fn by_year(&self, corridor: Corridor) -> BTreeMap<Option<i32>, Vec<&Figure>> {
        let mut map: BTreeMap<Option<i32>, Vec<&Figure>> = BTreeMap::new();
        for f in self.corridor_figures(corridor) {
            map.entry(f.period().map(|p| p.first_day().year()))
                .or_default()
                .push(f);
        }
        map
    }

    /// The latest stated status of `country` in `regime` as of `on`.
    ///
    /// # Examples
    /// ```
    /// use bilateral::{Country, Dataset};
    /// use bilateral::data::{Date, Regime, RegimeStatus};
    /// let data = Dataset::builtin()?;
    /// let jv = data.regime_status(Country::KAZ, Regime::JacksonVanik, Date::new(2025, 12, 31)?);
    /// assert_eq!(jv.map(|f| f.status), Some(RegimeStatus::AnnualReview));
    /// let wto = data.regime_status(Country::KAZ, Regime::Wto, Date::new(2024, 1, 1)?);
    /// assert_eq!(wto.map(|f| f.status), Some(RegimeStatus::Member));
    /// # Ok::<(), bilateral::Error>(())
    /// ```
    pub fn regime_status(&self, country: Country, regime: Regime, on: Date) -> Option<&RegimeFact> {
        crate::data::status_on(&self.regimes, country, regime, on)
    }
}

//! General-equilibrium counterfactuals of the structural gravity model: what a change in trade
//! costs (an agreement added or removed, borders removed, any change per pair) does to every
//! country, not only the pair (Anderson & van Wincoop 2003; Anderson, Larch & Yotov 2018,
//! "GEPPML"; Yotov, Piermartini, Monteiro & Larch 2016, *An Advanced Guide to Trade Policy
//! Analysis*, chapter 2).
//!
//! - [`Baseline`]: countries, output and expenditure from observed flows (intra-national ones
//!   included), trade costs from a first-stage estimate ([`Baseline::from_fit`] on a PPML fit
//!   with exporter and importer fixed effects, or any fixed part plus cost terms), and the
//!   multilateral resistances, normalised by one reference country's inward resistance.
//! - [`Counterfactual`]: cost changes on sets of [`Pairs`].
//! - [`Baseline::solve`]: the conditional equilibrium (output and expenditure held) and the full
//!   endowment equilibrium (factory-gate prices, output, expenditure and resistances iterated
//!   to a stated tolerance), reported per country and per pair ([`EquilibriumResult`]), with
//!   trade imbalances held as shares of output or removed first ([`Imbalances`]).
//! - [`Baseline::solve_with_draws`]: the same with the first stage's uncertainty: the cost
//!   coefficients drawn from Normal(β̂, V̂), every column's median and interval
//!   ([`EquilibriumIntervals`]).
//! - [`FirstStage`]: the cost terms estimated on any panel's cross-section, and the baseline.
//! - [`Change`] and [`Pairs`] read from words: `RTA = 1 among KAZ, UZB`.
//!
//! ```
//! use bilateral::data::Economy;
//! use bilateral::equilibrium::{Baseline, CostTerm, Counterfactual, Pairs};
//! // Three symmetric economies (data codes, not ISO countries), a border cost on every
//! // international pair.
//! let names = Economy::list(["A", "B", "C"])?;
//! let flows = [10.0, 1.0, 1.0, 1.0, 10.0, 1.0, 1.0, 1.0, 10.0];
//! let border = CostTerm { name: "BRDR".into(), coefficient: -2.0,
//!     values: vec![0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0] };
//! let b = Baseline::new(names, &flows, vec![0.0; 9], vec![border], Economy::new("C")?, 7.0)?;
//! let r = b.solve(&Counterfactual::new("no borders").set_term("BRDR", Pairs::International, 0.0))?;
//! // Symmetric countries: every real GDP rises by the same amount.
//! let g = r.country("A").unwrap().real_gdp_full_pct;
//! assert!(g > 0.0 && (g - r.country("B").unwrap().real_gdp_full_pct).abs() < 1e-8);
//! # Ok::<(), bilateral::Error>(())
//! ```

// Every vector here is n or n × n long, checked once in `Baseline::new`; indexing cannot go out
// of bounds, and loops over i, j read like the model's equations.
#![allow(clippy::indexing_slicing, clippy::needless_range_loop)]

pub mod book;
mod counterfactual;
mod draws;
mod first_stage;
mod model;
mod parse;

pub use counterfactual::{
    Change, Counterfactual, CountryResult, Direction, EquilibriumResult, PairResult, PairTable,
    Pairs, World,
};
pub use draws::{
    COUNTRY_MEASURES, CountryInterval, DrawnCoefficient, Draws, EquilibriumIntervals, Failure,
    MAX_DRAWS, PAIR_MEASURES, PairInterval, PairIntervals,
};
pub(crate) use first_stage::default_sigma;
pub use first_stage::{FirstStage, ZeroPairs};
pub use model::{Baseline, CostTerm, Imbalances, MAX_COUNTRIES, Provenance, Tolerances};

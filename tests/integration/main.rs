//! Integration tests, one module per capability, in one test binary: linking each file as its own
//! binary cost a gigabyte of disk apiece with polars.

mod common;

mod audit;
mod bad_data;
mod bad_input;
mod charts;
#[cfg(feature = "cli")]
mod cli;
mod comtrade;
mod corrupted;
mod equilibrium;
mod equilibrium_draws;
mod examples;
mod exports;
mod figures;
mod forecast;
mod forecast_era;
mod frames;
mod fuzz_checks;
mod fuzz_regressions;
mod gravity;
mod gravity_features;
mod gravity_solver;
mod growth;
mod hostile;
mod layering;
mod properties;
mod provenance;
mod readme;
#[cfg(feature = "cli")]
mod report;
mod scenarios;
mod target;
mod trend;

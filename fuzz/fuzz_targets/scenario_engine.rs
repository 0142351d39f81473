//! Fuzz target: see `checks::scenario_engine`.
#![no_main]

#[path = "../../tests/integration/fuzz_checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::scenario_engine(data));

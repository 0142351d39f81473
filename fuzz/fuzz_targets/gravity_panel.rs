//! Fuzz target: see `checks::gravity_panel`.
#![no_main]

#[path = "../../tests/integration/fuzz_checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::gravity_panel(data));

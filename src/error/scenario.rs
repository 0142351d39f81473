//! Scenarios, their layers and parameters, sweeps.

/// Scenarios, their layers and parameters, sweeps.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScenarioError {
    /// A scenario parameter outside its allowed range.
    #[error(
        "scenario layer {layer_x:?}: parameter `{parameter_x}` = {value} is out of range: expected {expected}", layer_x = crate::error::excerpt(layer), parameter_x = crate::error::excerpt(parameter))]
    Parameter {
        /// The layer (or `baseline`).
        layer: String,
        /// The parameter.
        parameter: String,
        /// The value given.
        value: f64,
        /// The allowed range, in words.
        expected: &'static str,
    },
    /// A phase-in or ramp-up longer than the scenario's horizon.
    #[error(
        "scenario layer {layer_x:?}: phase-in of {years} years is longer than the {horizon}-year horizon", layer_x = crate::error::excerpt(layer))]
    PhaseInTooLong {
        /// The layer.
        layer: String,
        /// The phase-in length.
        years: u32,
        /// The scenario horizon.
        horizon: u32,
    },
    /// A parameter path that names nothing in the scenario.
    #[error("no scenario parameter at path {path_x:?} (the scenario's parameters: {known_x})", path_x = crate::error::excerpt(path), known_x = crate::error::excerpt(known))]
    UnknownParameter {
        /// The path given (e.g. `free_trade.cost_after`).
        path: String,
        /// The scenario's parameter paths, comma-separated.
        known: String,
    },
    /// Two layers with the same name.
    #[error("two scenario layers are named {name_x:?}", name_x = crate::error::excerpt(name))]
    DuplicateLayer {
        /// The repeated name.
        name: String,
    },
    /// A sweep shard outside `0..count`, or sweep outputs that do not make up the whole sweep.
    #[error("sweep shards: {reason_x}", reason_x = crate::error::excerpt(reason))]
    Shard {
        /// What is wrong.
        reason: String,
    },
    /// A layer named like the rows a result keeps for itself.
    #[error(
        "layer name {name_x:?} is reserved: scenario results use \"baseline\" and \"total\" for their own rows", name_x = crate::error::excerpt(name))]
    ReservedName {
        /// The name given.
        name: String,
    },
    /// A scenario level that overflows or turns negative.
    #[error(
        "scenario {scenario_x:?}: the level in {year} after {after_x} is {value}: expected a finite level at least 0", scenario_x = crate::error::excerpt(scenario), after_x = crate::error::excerpt(after))]
    Level {
        /// The scenario.
        scenario: String,
        /// The year.
        year: i32,
        /// What was added last (`the baseline`, `layer "free_trade"`).
        after: String,
        /// The level.
        value: f64,
    },
    /// A sweep axis with no values.
    #[error("sweep axis {path_x:?} has no values", path_x = crate::error::excerpt(path))]
    EmptyAxis {
        /// The axis's parameter path.
        path: String,
    },
}

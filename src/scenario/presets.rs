//! Named scenarios for Kazakhstan–Uzbekistan (and one for Kazakhstan–USA).
//!
//! **These are illustrative assumptions, not forecasts.** Where a number comes from a source
//! document it says so; every other number is a round value chosen by the crate's authors to show
//! the levers at work, and says so. Change them with [`Scenario::set`] or sweep them.

use super::{
    Baseline, ImportSubstitution, Layer, PhaseIn, Project, ProjectPipeline, Scenario, TradeCost,
};

const BASE_YEAR: i32 = 2023;
const HORIZON: u32 = 12;

/// The Kazakhstan–Uzbekistan baseline of the presets: 2023 turnover of $4.5 billion (002),
/// growing at 5.306% a year, the annual rate of "+29.5% over the past five years" (002:
/// 1.295^(1/5) − 1).
pub fn preset_baseline() -> Baseline {
    Baseline::Compound {
        base: 4.5e9,
        rate: 1.295f64.powf(0.2) - 1.0,
    }
}

fn scenario(name: &str, description: &str, layers: Vec<Layer>) -> Scenario {
    Scenario {
        name: name.to_owned(),
        description: description.to_owned(),
        base_year: BASE_YEAR,
        horizon: HORIZON,
        // "increasing mutual trade to ten billion dollars" (002).
        target: Some(10e9),
        baseline: preset_baseline(),
        layers,
    }
}

/// The full free trade regime (002: "transitioning to a fully free trade regime").
///
/// Illustrative: both countries already trade largely duty-free under the CIS free trade
/// agreement, so the lever is what remains — exemptions and non-tariff barriers — taken as an
/// ad-valorem equivalent of 5% on 40% of the flow, removed over three years from 2025, with an
/// import demand elasticity of 1.5 and third-country imports of the same goods equal to the
/// covered flow (ratio 1). The substitution elasticity is the WITS/SMART default of 1.5.
fn free_trade() -> Layer {
    Layer::TradeCost(TradeCost {
        name: "free_trade".into(),
        start_year: 2025,
        phase_in: PhaseIn::Linear { years: 3 },
        covered_share: 0.4,
        cost_before: 0.05,
        cost_after: 0.0,
        import_demand_elasticity: 1.5,
        substitution_elasticity: super::SMART_SUBSTITUTION_ELASTICITY,
        third_country_ratio: 1.0,
    })
}

/// Replacing imports from third countries (002: "replacing imports from third countries").
///
/// Illustrative: $2 billion a year of Uzbek imports from third countries in goods Kazakhstan
/// supplies, growing 3% a year, of which 10% switches to Kazakh suppliers over five years from
/// 2025.
fn import_substitution() -> Layer {
    Layer::ImportSubstitution(ImportSubstitution {
        name: "import_substitution".into(),
        start_year: 2025,
        phase_in: PhaseIn::Linear { years: 5 },
        third_country_imports: 2.0e9,
        third_country_growth: 0.03,
        share: 0.10,
    })
}

/// New industrial projects (002).
///
/// From the source: the Taraz electrometallurgical plant's capacity of 500,000 tons of steel
/// products; 69 projects worth $3.1 billion, of which 12 ($217 million) are completed and 3 ($178
/// million) underway, leaving 54 worth $2.705 billion. Illustrative: steel at $600 a tonne with
/// 30% sold to Uzbekistan, from 2026 over three years; the remaining projects producing half their
/// investment value a year, 20% of it traded across the border, from 2027 over four years. The
/// completed projects are taken to be in the baseline already.
fn projects() -> Layer {
    Layer::ProjectPipeline(ProjectPipeline {
        name: "industrial_projects".into(),
        projects: vec![
            Project {
                name: "taraz_steel".into(),
                first_year: 2026,
                ramp_up_years: 3,
                capacity: 500_000.0,
                unit_price: 600.0,
                traded_share: 0.3,
            },
            Project {
                name: "remaining_54_projects".into(),
                first_year: 2027,
                ramp_up_years: 4,
                capacity: 1.0,
                unit_price: 0.5 * (3.1e9 - 217e6 - 178e6),
                traded_share: 0.2,
            },
        ],
    })
}

/// Named scenarios: the baseline alone, each lever alone, all levers together (substitution and
/// projects first, so the free trade regime also applies to the trade they add), and permanent
/// normal trade relations for Kazakhstan–USA.
///
/// # Examples
/// ```
/// let all = bilateral::presets();
/// let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
/// assert!(names.contains(&"kaz-uzb all levers"));
/// for s in &all {
///     s.run()?; // every preset is valid
/// }
/// # Ok::<(), bilateral::Error>(())
/// ```
pub fn presets() -> Vec<Scenario> {
    vec![
        scenario(
            "kaz-uzb baseline",
            "Illustrative. 2023 turnover $4.5 billion growing at the annualised +29.5%-over-five-years pace (002).",
            vec![],
        ),
        scenario(
            "kaz-uzb free trade regime",
            "Illustrative. The baseline plus a full free trade regime: see the free_trade layer's assumptions.",
            vec![free_trade()],
        ),
        scenario(
            "kaz-uzb import substitution",
            "Illustrative. The baseline plus 10% of $2 billion of Uzbek third-country imports switching to Kazakh suppliers.",
            vec![import_substitution()],
        ),
        scenario(
            "kaz-uzb industrial projects",
            "Illustrative. The baseline plus the Taraz plant (500,000 t, 002) and the remaining joint projects ($2.705 billion, 002).",
            vec![projects()],
        ),
        scenario(
            "kaz-uzb all levers",
            "Illustrative. Substitution and projects, then the free trade regime on the enlarged flow.",
            vec![import_substitution(), projects(), free_trade()],
        ),
        Scenario {
            name: "kaz-usa permanent normal trade relations".into(),
            description: "Illustrative. Kazakhstan–USA turnover of $4.1 billion in 2023 (published series) \
                growing 5% a year; lifting Jackson-Vanik (000, 001) removes an uncertainty premium taken \
                as a 2% ad-valorem equivalent on 30% of the flow from 2027, with an import demand \
                elasticity of 1.5."
                .into(),
            base_year: BASE_YEAR,
            horizon: HORIZON,
            target: None,
            baseline: Baseline::Compound {
                base: 4.1e9,
                rate: 0.05,
            },
            layers: vec![Layer::TradeCost(TradeCost {
                name: "pntr".into(),
                start_year: 2027,
                phase_in: PhaseIn::Immediate,
                covered_share: 0.3,
                cost_before: 0.02,
                cost_after: 0.0,
                import_demand_elasticity: 1.5,
                substitution_elasticity: super::SMART_SUBSTITUTION_ELASTICITY,
                third_country_ratio: 0.0,
            })],
        },
    ]
}

//! Seeded random streams and sample quantiles, shared by Monte Carlo and the general-equilibrium
//! draws: each chunk of work draws from its own generator seeded from the run's seed and the
//! chunk's index, so results do not depend on the thread count.

/// Mixes the seed and a chunk index into a stream seed (SplitMix64 finaliser).
pub(crate) fn stream_seed(seed: u64, chunk: u64) -> u64 {
    let mut z = seed ^ chunk.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The `q` quantile of `data`, interpolating linearly between order statistics (the "type 7"
/// definition of Hyndman and Fan, R's default), found by partial selection instead of a sort;
/// reorders `data`.
///
/// # Formula
/// h = (n − 1)·q; Q = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎), 0-based order statistics.
pub(crate) fn quantile_select(data: &mut [f64], q: f64) -> f64 {
    let n = data.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * q;
    let lo = h.floor();
    let i = crate::convert::f64_to_usize(lo).unwrap_or(0).min(n - 1);
    let (_, a, right) = data.select_nth_unstable_by(i, f64::total_cmp);
    let a = *a;
    let b = right.iter().copied().min_by(f64::total_cmp).unwrap_or(a);
    a + (h - lo) * (b - a)
}

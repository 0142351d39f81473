//! Partialling out fixed effects by their normal equations: the largest fixed effect is
//! eliminated exactly (its levels are blocks of their own rows), and the system of the others,
//! the Schur complement `S = D₂'W(I − P₁)D₂`, is solved directly by a sparse Cholesky
//! factorisation or, when its factor would be too large, by conjugate gradients.
//!
//! Alternating projections need as many sweeps as the network needs to mix: thousands on a
//! sparse individual–firm or exporter–product network. The normal equations do not care how
//! the network mixes: the direct solve costs the factor's size, whatever its condition.
//!
//! - Eliminated effect `e`, the one with most levels; its level `g` holds rows `R(g)` with
//!   weight `W_g = Σ_{R(g)} w`. `P₁` replaces a row's value by its level's weighted mean.
//! - `D₂` codes the other effects' levels (`m` in all). For a column `x`, their coefficients
//!   `β` solve `S β = b`, `b = D₂'W(I − P₁)x`; then `α_e(g) = Σ_{R(g)} w (x − D₂β) / W_g` and
//!   the residual is `x − α_e − D₂β`.
//! - Direct: `S` is assembled (its pattern once per fit, its values once per set of weights),
//!   ordered (reverse Cuthill–McKee, the densest levels last) and factored by an up-looking
//!   sparse Cholesky. A pivot that falls to rounding level marks a level the others already
//!   determine (one per connected component and effect beyond the first): it is pinned to 0,
//!   which picks one of the equivalent solutions and leaves the residuals unchanged.
//! - Conjugate gradients: `S v` is applied from the rows (`O(n)` a product), preconditioned by
//!   `S`'s diagonal, warm-started from the previous solution.
//!
//! Convergence: both report the relative residual of the normal equations,
//! `‖b − Sβ‖₂ / ‖b‖₂`. The direct solve refines its solution (up to three times) until that is
//! at most the tolerance; conjugate gradients stop there. Residuals of the columns are then
//! exact for the eliminated effect and within that tolerance for the others.

use crate::error::{Error, GravityError, NoConvergence, Result};

use super::demean::FixedEffectCodes;

/// The most off-diagonal pairs of `S` whose pattern is built for a direct solve.
const MAX_PAIRS: usize = 40_000_000;
/// The largest Cholesky factor (non-zeros) a direct solve builds.
const MAX_FACTOR: usize = 60_000_000;
/// The most floating-point operations a factorisation may take (Σ column count²).
const MAX_FLOPS: f64 = 4e9;
/// A pivot below this share of its diagonal marks a level the others determine.
const PIVOT_TOLERANCE: f64 = 1e-10;

/// The structure of the system for one set of fixed effects (weights come later).
#[derive(Debug, Clone)]
pub(crate) struct Schur {
    /// The fixed effect eliminated exactly.
    eliminated: usize,
    /// Rows in the order of the eliminated effect's levels.
    rows: Vec<u32>,
    /// Where each level's rows start in `rows` (levels + 1 entries).
    starts: Vec<usize>,
    /// Per row in `rows` order, its level of each other effect, as an index into `0..m`.
    levels: Vec<u32>,
    /// Other effects per row.
    width: usize,
    /// Levels of the other effects.
    m: usize,
    /// Per fixed effect, where its levels start in `0..m` (the eliminated one: none).
    other_offset: Vec<Option<usize>>,
    /// Per fixed effect, where its levels start in the caller's coefficient layout.
    offsets: Vec<usize>,
    /// Per fixed effect, its levels.
    sizes: Vec<usize>,
    /// The direct solver's structure, when it fits the limits.
    direct: Option<Direct>,
}

/// The symbolic part of a direct solve.
#[derive(Debug, Clone)]
struct Direct {
    /// Level → position in the factor's order.
    position: Vec<u32>,
    /// The upper triangle of the ordered `S`, column by column (rows increasing, diagonal last).
    a_start: Vec<usize>,
    a_row: Vec<u32>,
    /// The elimination tree.
    parent: Vec<u32>,
    /// Where each column of `L` starts (diagonal first).
    l_start: Vec<usize>,
    /// Where each group's list of distinct levels starts (the lists themselves are only
    /// needed to find the slots).
    group_start: Vec<usize>,
    /// Per row (in `rows` order), its levels' places in its group's list.
    row_local: Vec<u32>,
    /// Per group, the slot in `S`'s values of each pair `(p, q)`, `p ≤ q`, of its list,
    /// row-major over the upper triangle; and where each group's slots start.
    slots: Vec<u32>,
    slot_start: Vec<usize>,
}

/// What a solve with given weights needs: the factor (direct) or the diagonal (conjugate
/// gradients), and a fingerprint of the weights it was made for.
pub(crate) struct Prepared {
    factor: Option<Factor>,
    diagonal: Vec<f64>,
    /// The weights in `rows` order, and each group's `1 / W_g` (0 for a weightless group).
    wp: Vec<f64>,
    winv: Vec<f64>,
    fingerprint: u64,
}

impl Prepared {
    /// Whether it was made for these weights.
    pub(crate) fn fits(&self, w: &[f64]) -> bool {
        self.fingerprint == fingerprint(w)
    }
}

/// A hash of the weights' bits (FNV-1a over the words): equal weights, equal fingerprint.
fn fingerprint(w: &[f64]) -> u64 {
    w.iter()
        .fold(0xcbf2_9ce4_8422_2325_u64 ^ w.len() as u64, |h, x| {
            (h ^ x.to_bits()).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

/// A factorised `S`.
struct Factor {
    l_row: Vec<u32>,
    l_val: Vec<f64>,
    pinned: usize,
}

/// What one solve did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Solved {
    /// Solves with the factor, refinement included (direct), or conjugate-gradient iterations.
    pub(crate) iterations: usize,
    /// The largest relative normal-equation residual over the columns.
    pub(crate) residual: f64,
    /// Levels pinned to 0 (direct only).
    pub(crate) pinned: usize,
}

const NONE: u32 = u32::MAX;

/// A level or position as the `u32` the structures hold (levels are `u32` codes, so every
/// count here fits; [`NONE`] otherwise).
fn small(k: usize) -> u32 {
    u32::try_from(k).unwrap_or(NONE)
}

impl Schur {
    /// The structure for `fe` (at least one fixed effect), with the direct solver's when `S`
    /// and its factor fit the limits.
    pub(crate) fn new(fe: &FixedEffectCodes, try_direct: bool) -> Result<Schur> {
        let sizes = fe.sizes();
        let eliminated = (0..sizes.len())
            .max_by_key(|&k| (sizes.get(k).copied().unwrap_or(0), usize::MAX - k))
            .unwrap_or(0);
        let n = fe.len();
        let g_count = sizes.get(eliminated).copied().unwrap_or(0);
        // Rows by the eliminated effect's level (a counting sort, stable).
        let codes = fe.codes(eliminated);
        let mut starts = vec![0usize; g_count + 1];
        for &c in codes {
            if let Some(s) = starts.get_mut(c as usize + 1) {
                *s += 1;
            }
        }
        for i in 1..starts.len() {
            let prev = starts.get(i - 1).copied().unwrap_or(0);
            if let Some(s) = starts.get_mut(i) {
                *s += prev;
            }
        }
        let mut next = starts.clone();
        let mut rows = vec![0u32; n];
        for (i, &c) in codes.iter().enumerate() {
            if let Some(p) = next.get_mut(c as usize) {
                if let Some(r) = rows.get_mut(*p) {
                    *r = u32::try_from(i).unwrap_or(NONE);
                }
                *p += 1;
            }
        }
        let mut other_offset = vec![None; sizes.len()];
        let mut m = 0usize;
        for (k, s) in sizes.iter().enumerate() {
            if k != eliminated {
                if let Some(o) = other_offset.get_mut(k) {
                    *o = Some(m);
                }
                m += s;
            }
        }
        let width = sizes.len().saturating_sub(1);
        let values = crate::limits::values("fixed-effect levels per row", n.checked_mul(width))?;
        let mut levels = vec![0u32; values];
        for (p, &r) in rows.iter().enumerate() {
            let mut j = 0;
            for (k, off) in other_offset.iter().enumerate() {
                if let Some(off) = off {
                    let g = fe.codes(k).get(r as usize).copied().unwrap_or(0) as usize;
                    if let Some(slot) = levels.get_mut(p * width + j) {
                        *slot = u32::try_from(off + g).unwrap_or(NONE);
                    }
                    j += 1;
                }
            }
        }
        let mut offsets = Vec::with_capacity(sizes.len());
        let mut total = 0;
        for s in sizes {
            offsets.push(total);
            total += s;
        }
        let mut schur = Schur {
            eliminated,
            rows,
            starts,
            levels,
            width,
            m,
            other_offset,
            offsets,
            sizes: sizes.to_vec(),
            direct: None,
        };
        if try_direct && m > 0 {
            schur.direct = schur.symbolic();
        }
        Ok(schur)
    }

    /// Builds the direct solver's structure, if it fits the limits.
    pub(crate) fn enable_direct(&mut self) {
        if self.direct.is_none() && self.m > 0 {
            self.direct = self.symbolic();
        }
    }

    /// Whether the direct solver is available.
    pub(crate) fn is_direct(&self) -> bool {
        self.direct.is_some()
    }

    /// The levels of the eliminated effect.
    fn groups(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Rows (positions in `rows` order) of group `g`.
    fn range(&self, g: usize) -> std::ops::Range<usize> {
        let a = self.starts.get(g).copied().unwrap_or(0);
        let b = self.starts.get(g + 1).copied().unwrap_or(a);
        a..b
    }

    fn row_levels(&self, p: usize) -> &[u32] {
        self.levels
            .get(p * self.width..(p + 1) * self.width)
            .unwrap_or(&[])
    }

    /// The graph of `S`, its ordering and the factor's structure; `None` past the limits.
    fn symbolic(&self) -> Option<Direct> {
        let m = self.m;
        // Each group's distinct levels; off-diagonal pairs join them pairwise.
        let mut group_levels: Vec<u32> = Vec::new();
        let mut group_start = Vec::with_capacity(self.groups() + 1);
        group_start.push(0);
        let mut pairs_total = 0usize;
        let mut slots_total = 0usize;
        for g in 0..self.groups() {
            let from = group_levels.len();
            for p in self.range(g) {
                group_levels.extend_from_slice(self.row_levels(p));
            }
            let list = group_levels.get_mut(from..)?;
            list.sort_unstable();
            let mut d = 0;
            for i in 0..list.len() {
                let v = list.get(i).copied()?;
                if d == 0 || list.get(d - 1).copied() != Some(v) {
                    *list.get_mut(d)? = v;
                    d += 1;
                }
            }
            group_levels.truncate(from + d);
            group_start.push(group_levels.len());
            pairs_total = pairs_total.saturating_add(d * d.saturating_sub(1) / 2);
            slots_total = slots_total.saturating_add(d * (d + 1) / 2);
            if pairs_total > MAX_PAIRS {
                return None;
            }
        }
        let mut edges: Vec<u64> = Vec::with_capacity(pairs_total);
        for g in 0..self.groups() {
            let list = group_levels.get(*group_start.get(g)?..*group_start.get(g + 1)?)?;
            for (i, &a) in list.iter().enumerate() {
                for &b in list.iter().skip(i + 1) {
                    edges.push((u64::from(a) << 32) | u64::from(b));
                }
            }
        }
        edges.sort_unstable();
        edges.dedup();
        // Adjacency (both directions).
        let mut degree = vec![0usize; m];
        for e in &edges {
            let (a, b) = ((e >> 32) as usize, (e & 0xffff_ffff) as usize);
            if let Some(d) = degree.get_mut(a) {
                *d += 1;
            }
            if let Some(d) = degree.get_mut(b) {
                *d += 1;
            }
        }
        let mut adj_start = vec![0usize; m + 1];
        for i in 0..m {
            let s = adj_start.get(i).copied().unwrap_or(0) + degree.get(i).copied().unwrap_or(0);
            if let Some(x) = adj_start.get_mut(i + 1) {
                *x = s;
            }
        }
        let mut fill = adj_start.clone();
        let mut adj = vec![0u32; adj_start.get(m).copied().unwrap_or(0)];
        for e in &edges {
            let (a, b) = ((e >> 32) as u32, (e & 0xffff_ffff) as u32);
            for (x, y) in [(a, b), (b, a)] {
                if let Some(f) = fill.get_mut(x as usize) {
                    if let Some(slot) = adj.get_mut(*f) {
                        *slot = y;
                    }
                    *f += 1;
                }
            }
        }
        drop(fill);
        let order = ordering(m, &adj_start, &adj, &degree);
        let mut position = vec![0u32; m];
        for (p, &l) in order.iter().enumerate() {
            if let Some(x) = position.get_mut(l as usize) {
                *x = u32::try_from(p).unwrap_or(NONE);
            }
        }
        // Upper CSC of the ordered S: column j holds rows i < j, then the diagonal.
        let mut count = vec![1usize; m];
        for e in &edges {
            let (a, b) = ((e >> 32) as usize, (e & 0xffff_ffff) as usize);
            let (pa, pb) = (
                position.get(a).copied().unwrap_or(0),
                position.get(b).copied().unwrap_or(0),
            );
            if let Some(c) = count.get_mut(pa.max(pb) as usize) {
                *c += 1;
            }
        }
        let mut a_start = vec![0usize; m + 1];
        for j in 0..m {
            let s = a_start.get(j).copied().unwrap_or(0) + count.get(j).copied().unwrap_or(0);
            if let Some(x) = a_start.get_mut(j + 1) {
                *x = s;
            }
        }
        let mut a_row = vec![0u32; a_start.get(m).copied().unwrap_or(0)];
        let mut fill = a_start.clone();
        for e in &edges {
            let (a, b) = ((e >> 32) as usize, (e & 0xffff_ffff) as usize);
            let (pa, pb) = (
                position.get(a).copied().unwrap_or(0),
                position.get(b).copied().unwrap_or(0),
            );
            let (i, j) = (pa.min(pb), pa.max(pb));
            if let Some(f) = fill.get_mut(j as usize) {
                if let Some(slot) = a_row.get_mut(*f) {
                    *slot = i;
                }
                *f += 1;
            }
        }
        drop(edges);
        for j in 0..m {
            let (s, e) = (
                a_start.get(j).copied().unwrap_or(0),
                a_start.get(j + 1).copied().unwrap_or(0),
            );
            if let Some(col) = a_row.get_mut(s..e) {
                let last = col.len().saturating_sub(1);
                if let Some(d) = col.get_mut(last) {
                    *d = u32::try_from(j).unwrap_or(NONE);
                }
                col.sort_unstable();
            }
        }
        let parent = etree(m, &a_start, &a_row);
        let l_start = column_counts(m, &a_start, &a_row, &parent)?;
        // Each group's pairs' slots, found once: assembling with new weights is then a pass of
        // indexed adds.
        let slot_of = |a: u32, b: u32| -> Option<u32> {
            let (pa, pb) = (*position.get(a as usize)?, *position.get(b as usize)?);
            let (i, j) = (pa.min(pb), pa.max(pb));
            let (s, e) = (*a_start.get(j as usize)?, *a_start.get(j as usize + 1)?);
            let k = a_row.get(s..e)?.binary_search(&i).ok()?;
            u32::try_from(s + k).ok()
        };
        let mut slots = Vec::with_capacity(slots_total);
        let mut slot_start = Vec::with_capacity(self.groups() + 1);
        slot_start.push(0);
        let mut row_local = vec![0u32; self.levels.len()];
        for g in 0..self.groups() {
            let list = group_levels.get(*group_start.get(g)?..*group_start.get(g + 1)?)?;
            for (i, &a) in list.iter().enumerate() {
                for &b in list.iter().skip(i) {
                    slots.push(slot_of(a, b)?);
                }
            }
            slot_start.push(slots.len());
            for p in self.range(g) {
                for (j, &l) in self.row_levels(p).iter().enumerate() {
                    let local = list.binary_search(&l).ok()?;
                    *row_local.get_mut(p * self.width + j)? = u32::try_from(local).ok()?;
                }
            }
        }
        Some(Direct {
            position,
            a_start,
            a_row,
            parent,
            l_start,
            group_start,
            row_local,
            slots,
            slot_start,
        })
    }

    /// Per-level weighted sums over each group: `W_g`, and the group's `a_g` (scattered into
    /// `acc` for the levels in `touched`).
    fn group_weight(&self, g: usize, w: &[f64]) -> f64 {
        self.range(g)
            .map(|p| {
                let r = self.rows.get(p).copied().unwrap_or(0) as usize;
                w.get(r).copied().unwrap_or(0.0)
            })
            .sum()
    }

    /// `S`'s values in the direct structure's order: per group, `D₂'WD₂` of its rows and
    /// `−a_g a_g' / W_g`, added at the group's precomputed slots.
    fn assemble(&self, d: &Direct, w: &[f64]) -> Vec<f64> {
        let mut values = vec![0.0; d.a_row.len()];
        let mut acc: Vec<f64> = Vec::new();
        let mut add = |slot: Option<&u32>, v: f64| {
            if let Some(x) = slot.and_then(|&s| values.get_mut(s as usize)) {
                *x += v;
            }
        };
        for g in 0..self.groups() {
            let (ls, le) = (
                d.group_start.get(g).copied().unwrap_or(0),
                d.group_start.get(g + 1).copied().unwrap_or(0),
            );
            let size = le - ls;
            let slots = d
                .slots
                .get(d.slot_start.get(g).copied().unwrap_or(0)..)
                .unwrap_or(&[]);
            // The slot of local pair (i, j), i ≤ j, in the row-major upper triangle.
            let tri = |i: usize, j: usize| i * size - i * i.saturating_sub(1) / 2 - i + j;
            acc.clear();
            acc.resize(size, 0.0);
            let mut wg = 0.0;
            for p in self.range(g) {
                let r = self.rows.get(p).copied().unwrap_or(0) as usize;
                let wr = w.get(r).copied().unwrap_or(0.0);
                wg += wr;
                let local = d
                    .row_local
                    .get(p * self.width..(p + 1) * self.width)
                    .unwrap_or(&[]);
                for (i, &a) in local.iter().enumerate() {
                    if let Some(x) = acc.get_mut(a as usize) {
                        *x += wr;
                    }
                    // D₂'WD₂ between the row's own levels (its diagonal is `acc`, below).
                    for &b in local.iter().skip(i + 1) {
                        let (lo, hi) = ((a.min(b)) as usize, (a.max(b)) as usize);
                        add(slots.get(tri(lo, hi)), wr);
                    }
                }
            }
            for i in 0..size {
                let ai = acc.get(i).copied().unwrap_or(0.0);
                for j in i..size {
                    let aj = acc.get(j).copied().unwrap_or(0.0);
                    let mut v = if wg > 0.0 { -ai * aj / wg } else { 0.0 };
                    if i == j {
                        v += ai;
                    }
                    add(slots.get(tri(i, j)), v);
                }
            }
        }
        values
    }

    /// `b = D₂'W(I − P₁)x` for each column, and each group's `Σ w x`.
    fn right_side(&self, w: &[f64], x: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let mut b = vec![0.0; self.m];
        let mut sums = vec![0.0; self.groups()];
        for g in 0..self.groups() {
            let (mut wx, mut wg) = (0.0, 0.0);
            for p in self.range(g) {
                let r = self.rows.get(p).copied().unwrap_or(0) as usize;
                let wr = w.get(r).copied().unwrap_or(0.0);
                wx += wr * x.get(r).copied().unwrap_or(0.0);
                wg += wr;
            }
            let mean = if wg > 0.0 { wx / wg } else { 0.0 };
            if let Some(s) = sums.get_mut(g) {
                *s = wx;
            }
            for p in self.range(g) {
                let r = self.rows.get(p).copied().unwrap_or(0) as usize;
                let v =
                    w.get(r).copied().unwrap_or(0.0) * (x.get(r).copied().unwrap_or(0.0) - mean);
                for &l in self.row_levels(p) {
                    if let Some(t) = b.get_mut(l as usize) {
                        *t += v;
                    }
                }
            }
        }
        (b, sums)
    }

    /// `out = S V` for the `k` columns of `v`, stored level-major (`v[l * k + c]`), from the
    /// rows: one pass over them for all columns, the groups split between threads.
    fn apply(&self, prepared: &Prepared, v: &[f64], k: usize, out: &mut [f64]) {
        use rayon::prelude::*;
        let groups = self.groups();
        // Threads pay from about 60,000 row-columns (an apply of that size takes some 100 µs);
        // each keeps its own copy of the output.
        let threads = if self.rows.len().saturating_mul(k) >= 60_000 {
            rayon::current_num_threads().clamp(1, 64)
        } else {
            1
        };
        let chunk = groups.div_ceil(threads).max(1);
        let firsts: Vec<usize> = (0..groups).step_by(chunk).collect();
        let partial = |g0: usize| -> Vec<f64> {
            let groups = g0..(g0 + chunk).min(groups);
            // The kernel specialised to the common column counts (the outcome and up to five
            // regressors), so the per-row loops are over fixed-size arrays.
            match k {
                1 => self.apply_block::<1>(prepared, v, groups),
                2 => self.apply_block::<2>(prepared, v, groups),
                3 => self.apply_block::<3>(prepared, v, groups),
                4 => self.apply_block::<4>(prepared, v, groups),
                5 => self.apply_block::<5>(prepared, v, groups),
                6 => self.apply_block::<6>(prepared, v, groups),
                _ => self.apply_block_dyn(prepared, v, k, groups),
            }
        };
        let parts: Vec<Vec<f64>> = if firsts.len() > 1 {
            firsts.par_iter().map(|&g0| partial(g0)).collect()
        } else {
            firsts.iter().map(|&g0| partial(g0)).collect()
        };
        out.iter_mut().for_each(|o| *o = 0.0);
        for part in parts {
            out.iter_mut().zip(part).for_each(|(o, x)| *o += x);
        }
    }

    /// [`Schur::apply`]'s part for the groups in `groups`, `K` columns.
    fn apply_block<const K: usize>(
        &self,
        prepared: &Prepared,
        v: &[f64],
        groups: std::ops::Range<usize>,
    ) -> Vec<f64> {
        let mut acc = vec![0.0; self.m * K];
        let mut u: Vec<[f64; K]> = Vec::new();
        let width = self.width.max(1);
        for g in groups {
            let range = self.range(g);
            let (Some(levels), Some(wp)) = (
                self.levels
                    .get(range.start * self.width..range.end * self.width),
                prepared.wp.get(range.clone()),
            ) else {
                continue;
            };
            u.clear();
            let mut mean = [0.0; K];
            for (row, wr) in levels.chunks_exact(width).zip(wp) {
                let mut s = [0.0; K];
                for &l in row {
                    let at = l as usize * K;
                    if let Some(vl) = v
                        .get(at..at + K)
                        .and_then(|x| <&[f64; K]>::try_from(x).ok())
                    {
                        s.iter_mut().zip(vl).for_each(|(a, b)| *a += b);
                    }
                }
                mean.iter_mut().zip(&s).for_each(|(m, x)| *m += wr * x);
                u.push(s);
            }
            let inv = prepared.winv.get(g).copied().unwrap_or(0.0);
            mean.iter_mut().for_each(|m| *m *= inv);
            for ((row, wr), s) in levels.chunks_exact(width).zip(wp).zip(&u) {
                let mut t = [0.0; K];
                t.iter_mut()
                    .zip(s.iter().zip(&mean))
                    .for_each(|(t, (x, m))| *t = wr * (x - m));
                for &l in row {
                    let at = l as usize * K;
                    if let Some(o) = acc
                        .get_mut(at..at + K)
                        .and_then(|x| <&mut [f64; K]>::try_from(x).ok())
                    {
                        o.iter_mut().zip(&t).for_each(|(o, t)| *o += t);
                    }
                }
            }
        }
        acc
    }

    /// [`Schur::apply`]'s part for the groups in `groups`, any number of columns.
    fn apply_block_dyn(
        &self,
        prepared: &Prepared,
        v: &[f64],
        k: usize,
        groups: std::ops::Range<usize>,
    ) -> Vec<f64> {
        let mut acc = vec![0.0; self.m * k];
        let mut u: Vec<f64> = Vec::new();
        let mut mean = vec![0.0; k];
        for g in groups {
            let range = self.range(g);
            u.clear();
            u.resize(range.len() * k, 0.0);
            mean.iter_mut().for_each(|x| *x = 0.0);
            for (s, p) in u.chunks_exact_mut(k).zip(range.clone()) {
                let wr = prepared.wp.get(p).copied().unwrap_or(0.0);
                for &l in self.row_levels(p) {
                    let at = l as usize * k;
                    if let Some(vl) = v.get(at..at + k) {
                        s.iter_mut().zip(vl).for_each(|(a, b)| *a += b);
                    }
                }
                mean.iter_mut()
                    .zip(s.iter())
                    .for_each(|(m, x)| *m += wr * x);
            }
            let inv = prepared.winv.get(g).copied().unwrap_or(0.0);
            mean.iter_mut().for_each(|m| *m *= inv);
            for (s, p) in u.chunks_exact(k).zip(range) {
                let wr = prepared.wp.get(p).copied().unwrap_or(0.0);
                for &l in self.row_levels(p) {
                    let at = l as usize * k;
                    if let Some(o) = acc.get_mut(at..at + k) {
                        for ((o, x), m) in o.iter_mut().zip(s).zip(&mean) {
                            *o += wr * (x - m);
                        }
                    }
                }
            }
        }
        acc
    }

    /// `S`'s diagonal.
    fn diagonal(&self, w: &[f64]) -> Vec<f64> {
        let mut diag = vec![0.0; self.m];
        let mut acc = vec![0.0; self.m];
        let mut touched: Vec<u32> = Vec::new();
        for g in 0..self.groups() {
            touched.clear();
            let wg = self.group_weight(g, w);
            for p in self.range(g) {
                let r = self.rows.get(p).copied().unwrap_or(0) as usize;
                let wr = w.get(r).copied().unwrap_or(0.0);
                for &l in self.row_levels(p) {
                    if let Some(dg) = diag.get_mut(l as usize) {
                        *dg += wr;
                    }
                    if let Some(x) = acc.get_mut(l as usize) {
                        if *x == 0.0 {
                            touched.push(l);
                        }
                        *x += wr;
                    }
                }
            }
            for &l in &touched {
                if let Some(x) = acc.get_mut(l as usize) {
                    if wg > 0.0
                        && let Some(dg) = diag.get_mut(l as usize)
                    {
                        *dg -= *x * *x / wg;
                    }
                    *x = 0.0;
                }
            }
        }
        diag
    }

    /// Residuals and coefficients (the caller's layout, `[(offset + level) * columns + c]`)
    /// from the other effects' solution `beta` of column `c`.
    #[allow(clippy::too_many_arguments)]
    fn finish(
        &self,
        w: &[f64],
        x: &[f64],
        beta: &[f64],
        sums: &[f64],
        c: usize,
        columns: usize,
        coefficients: &mut [f64],
    ) -> Vec<f64> {
        let mut r = x.to_vec();
        let e_off = self.offsets.get(self.eliminated).copied().unwrap_or(0);
        for g in 0..self.groups() {
            let mut fitted = 0.0;
            let mut wg = 0.0;
            for p in self.range(g) {
                let row = self.rows.get(p).copied().unwrap_or(0) as usize;
                let wr = w.get(row).copied().unwrap_or(0.0);
                let s: f64 = self
                    .row_levels(p)
                    .iter()
                    .map(|&l| beta.get(l as usize).copied().unwrap_or(0.0))
                    .sum();
                fitted += wr * s;
                wg += wr;
                if let Some(v) = r.get_mut(row) {
                    *v -= s;
                }
            }
            let alpha = if wg > 0.0 {
                (sums.get(g).copied().unwrap_or(0.0) - fitted) / wg
            } else {
                0.0
            };
            for p in self.range(g) {
                let row = self.rows.get(p).copied().unwrap_or(0) as usize;
                if let Some(v) = r.get_mut(row) {
                    *v -= alpha;
                }
            }
            if let Some(a) = coefficients.get_mut((e_off + g) * columns + c) {
                *a = alpha;
            }
        }
        for (k, off) in self.other_offset.iter().enumerate() {
            let Some(off) = off else { continue };
            let base = self.offsets.get(k).copied().unwrap_or(0);
            for level in 0..self.sizes.get(k).copied().unwrap_or(0) {
                if let (Some(a), Some(b)) = (
                    coefficients.get_mut((base + level) * columns + c),
                    beta.get(off + level),
                ) {
                    *a = *b;
                }
            }
        }
        r
    }

    /// The factor (direct) or diagonal (conjugate gradients) for weights `w`.
    pub(crate) fn prepare(&self, w: &[f64]) -> Prepared {
        let wp: Vec<f64> = self
            .rows
            .iter()
            .map(|&r| w.get(r as usize).copied().unwrap_or(0.0))
            .collect();
        let winv: Vec<f64> = (0..self.groups())
            .map(|g| {
                let wg: f64 = wp.get(self.range(g)).map_or(0.0, |x| x.iter().sum());
                if wg > 0.0 { 1.0 / wg } else { 0.0 }
            })
            .collect();
        let factor = self
            .direct
            .as_ref()
            .map(|d| factorize(d, &self.assemble(d, w)));
        let diagonal = if factor.is_none() {
            self.diagonal(w)
        } else {
            Vec::new()
        };
        Prepared {
            factor,
            diagonal,
            wp,
            winv,
            fingerprint: fingerprint(w),
        }
    }

    /// The other effects' solution of each column, by the direct factor (refined) or by
    /// conjugate gradients from `start`, with what [`Schur::prepare`] made for the same
    /// weights; then the residuals and the coefficients (the caller's layout).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn solve_prepared(
        &self,
        prepared: &Prepared,
        w: &[f64],
        columns: &[&[f64]],
        start: Option<&[f64]>,
        tolerance: f64,
        max_iterations: usize,
        total_levels: usize,
    ) -> Result<(Vec<Vec<f64>>, Vec<f64>, Solved)> {
        let mc = columns.len();
        let mut coefficients = vec![0.0; total_levels * mc];
        let mut residuals = Vec::with_capacity(mc);
        let mut report = Solved {
            iterations: 0,
            residual: 0.0,
            pinned: 0,
        };
        use rayon::prelude::*;
        let sides: Vec<(Vec<f64>, Vec<f64>)> =
            columns.par_iter().map(|x| self.right_side(w, x)).collect();
        let betas: Vec<Vec<f64>> = match (&prepared.factor, &self.direct) {
            (Some(f), Some(d)) => {
                report.pinned = f.pinned;
                let mut betas = Vec::with_capacity(mc);
                for (b, _) in &sides {
                    let (beta, steps, residual) = self.direct_solve(d, f, prepared, b, tolerance);
                    report.iterations = report.iterations.max(steps);
                    report.residual = report.residual.max(residual);
                    betas.push(beta);
                }
                betas
            }
            _ => {
                // Level-major blocks: `[l * mc + c]`.
                let mut b = vec![0.0; self.m * mc];
                let mut warm = vec![0.0; self.m * mc];
                for (c, (side, _)) in sides.iter().enumerate() {
                    for (l, v) in side.iter().enumerate() {
                        if let Some(t) = b.get_mut(l * mc + c) {
                            *t = *v;
                        }
                        if let Some(t) = warm.get_mut(l * mc + c) {
                            *t = self.start_value(start, l, c, mc);
                        }
                    }
                }
                let (x, iterations, residual) =
                    self.conjugate_gradients(prepared, &b, mc, warm, tolerance, max_iterations)?;
                report.iterations = iterations;
                report.residual = residual;
                (0..mc)
                    .map(|c| x.iter().skip(c).step_by(mc).copied().collect())
                    .collect()
            }
        };
        // Each column's residuals and coefficients in parallel, then the coefficients
        // interleaved into the caller's layout.
        let done: Vec<(Vec<f64>, Vec<f64>)> = columns
            .par_iter()
            .zip(&betas)
            .zip(&sides)
            .map(|((x, beta), (_, sums))| {
                let mut own = vec![0.0; total_levels];
                let r = self.finish(w, x, beta, sums, 0, 1, &mut own);
                (r, own)
            })
            .collect();
        for (c, (r, own)) in done.into_iter().enumerate() {
            for (slot, v) in coefficients.iter_mut().skip(c).step_by(mc).zip(own) {
                *slot = v;
            }
            residuals.push(r);
        }
        Ok((residuals, coefficients, report))
    }

    /// The warm start for level `l` (of the other effects) of column `c`.
    fn start_value(&self, start: Option<&[f64]>, l: usize, c: usize, columns: usize) -> f64 {
        let Some(s) = start else { return 0.0 };
        // Level l of the other effects → the caller's layout.
        let mut base = l;
        for (k, off) in self.other_offset.iter().enumerate() {
            if let Some(off) = off
                && l >= *off
                && l < off + self.sizes.get(k).copied().unwrap_or(0)
            {
                base = self.offsets.get(k).copied().unwrap_or(0) + (l - off);
            }
        }
        s.get(base * columns + c).copied().unwrap_or(0.0)
    }

    fn direct_solve(
        &self,
        d: &Direct,
        f: &Factor,
        prepared: &Prepared,
        b: &[f64],
        tolerance: f64,
    ) -> (Vec<f64>, usize, f64) {
        let norm_b = norm(b);
        let mut beta = vec![0.0; self.m];
        let mut rhs = b.to_vec();
        let mut sv = vec![0.0; self.m];
        let mut residual = 1.0;
        let mut steps = 0;
        for step in 0..4 {
            let delta = factor_solve(d, f, &rhs);
            for (x, dx) in beta.iter_mut().zip(&delta) {
                *x += dx;
            }
            self.apply(prepared, &beta, 1, &mut sv);
            for ((r, bi), si) in rhs.iter_mut().zip(b).zip(&sv) {
                *r = bi - si;
            }
            residual = if norm_b > 0.0 {
                norm(&rhs) / norm_b
            } else {
                0.0
            };
            steps = step + 1;
            if residual <= tolerance {
                break;
            }
        }
        (beta, steps, residual)
    }

    /// Conjugate gradients, preconditioned by `S`'s diagonal, on the `k` columns of `b` at
    /// once (level-major, as [`Schur::apply`]): each column keeps its own step lengths and
    /// stops at its own convergence; one pass over the rows serves all of them.
    fn conjugate_gradients(
        &self,
        prepared: &Prepared,
        b: &[f64],
        k: usize,
        mut x: Vec<f64>,
        tolerance: f64,
        max_iterations: usize,
    ) -> Result<(Vec<f64>, usize, f64)> {
        let diag = &prepared.diagonal;
        let column_norms = |v: &[f64]| -> Vec<f64> {
            let mut out = vec![0.0; k];
            for row in v.chunks_exact(k) {
                out.iter_mut().zip(row).for_each(|(o, x)| *o += x * x);
            }
            out.iter().map(|x| x.sqrt()).collect()
        };
        let column_dots = |a: &[f64], b: &[f64]| -> Vec<f64> {
            let mut out = vec![0.0; k];
            for (ra, rb) in a.chunks_exact(k).zip(b.chunks_exact(k)) {
                out.iter_mut()
                    .zip(ra.iter().zip(rb))
                    .for_each(|(o, (x, y))| *o += x * y);
            }
            out
        };
        let precondition = |r: &[f64], z: &mut [f64]| {
            for ((zr, rr), di) in z.chunks_exact_mut(k).zip(r.chunks_exact(k)).zip(diag) {
                // A level no row uses (or one the others determine) keeps its value.
                let inv = if *di > 1e-300 { 1.0 / di } else { 0.0 };
                zr.iter_mut().zip(rr).for_each(|(z, r)| *z = r * inv);
            }
        };
        let norm_b = column_norms(b);
        let mut ax = vec![0.0; b.len()];
        self.apply(prepared, &x, k, &mut ax);
        let mut r: Vec<f64> = b.iter().zip(&ax).map(|(b, a)| b - a).collect();
        let mut z = vec![0.0; b.len()];
        precondition(&r, &mut z);
        let mut p = z.clone();
        let mut rz = column_dots(&r, &z);
        let mut ap = vec![0.0; b.len()];
        let relative = |r: &[f64]| -> Vec<f64> {
            column_norms(r)
                .iter()
                .zip(&norm_b)
                .map(|(r, b)| if *b > 0.0 { r / b } else { 0.0 })
                .collect()
        };
        let mut residual = relative(&r);
        let mut active: Vec<bool> = residual.iter().map(|r| *r > tolerance).collect();
        let worst = |res: &[f64]| res.iter().copied().fold(0.0_f64, f64::max);
        for it in 0..max_iterations {
            if !active.iter().any(|a| *a) {
                return Ok((x, it, worst(&residual)));
            }
            self.apply(prepared, &p, k, &mut ap);
            let pap = column_dots(&p, &ap);
            let alpha: Vec<f64> = (0..k)
                .map(|c| {
                    let (a, rzc, papc) = (
                        active.get(c).copied().unwrap_or(false),
                        rz.get(c).copied().unwrap_or(0.0),
                        pap.get(c).copied().unwrap_or(0.0),
                    );
                    // pᵀSp = 0: the rest of the residual is in S's null space.
                    if a && papc > 0.0 { rzc / papc } else { 0.0 }
                })
                .collect();
            for (a, papc) in active.iter_mut().zip(&pap) {
                if papc.is_nan() || *papc <= 0.0 {
                    *a = false;
                }
            }
            for ((xr, pr), (rr, apr)) in x
                .chunks_exact_mut(k)
                .zip(p.chunks_exact(k))
                .zip(r.chunks_exact_mut(k).zip(ap.chunks_exact(k)))
            {
                for (((xi, pi), (ri, api)), al) in xr
                    .iter_mut()
                    .zip(pr)
                    .zip(rr.iter_mut().zip(apr))
                    .zip(&alpha)
                {
                    *xi += al * pi;
                    *ri -= al * api;
                }
            }
            precondition(&r, &mut z);
            let rz_new = column_dots(&r, &z);
            let beta: Vec<f64> = rz_new
                .iter()
                .zip(&rz)
                .map(|(n, o)| if *o != 0.0 { n / o } else { 0.0 })
                .collect();
            rz = rz_new;
            for (pr, zr) in p.chunks_exact_mut(k).zip(z.chunks_exact(k)) {
                for (((pi, zi), be), a) in pr.iter_mut().zip(zr).zip(&beta).zip(&active) {
                    *pi = if *a { zi + be * *pi } else { 0.0 };
                }
            }
            residual = relative(&r);
            for (a, res) in active.iter_mut().zip(&residual) {
                if *res <= tolerance {
                    *a = false;
                }
            }
        }
        let last = worst(&residual);
        if last <= tolerance || !active.iter().any(|a| *a) {
            return Ok((x, max_iterations, last));
        }
        Err(Error::Gravity(GravityError::NoConvergence(NoConvergence {
            what: "demeaning (conjugate gradients on the fixed effects' normal equations)",
            iterations: max_iterations,
            last_change: last,
            tolerance,
        })))
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

/// Reverse Cuthill–McKee on the sparse levels, the densest levels (degree above ten times the
/// root of the count, at least 32) last: they would widen every band they join.
fn ordering(m: usize, adj_start: &[usize], adj: &[u32], degree: &[usize]) -> Vec<u32> {
    let threshold = (m.isqrt() * 10).max(32);
    let dense = |l: usize| degree.get(l).copied().unwrap_or(0) > threshold;
    let mut visited = vec![false; m];
    let mut order: Vec<u32> = Vec::with_capacity(m);
    let mut starts: Vec<usize> = (0..m).filter(|&l| !dense(l)).collect();
    starts.sort_by_key(|&l| degree.get(l).copied().unwrap_or(0));
    let mut queue = std::collections::VecDeque::new();
    let mut neighbours: Vec<u32> = Vec::new();
    for s in starts {
        if visited.get(s).copied().unwrap_or(true) {
            continue;
        }
        if let Some(v) = visited.get_mut(s) {
            *v = true;
        }
        queue.push_back(small(s));
        while let Some(v) = queue.pop_front() {
            order.push(v);
            neighbours.clear();
            let (a, b) = (
                adj_start.get(v as usize).copied().unwrap_or(0),
                adj_start.get(v as usize + 1).copied().unwrap_or(0),
            );
            for &u in adj.get(a..b).unwrap_or(&[]) {
                if !dense(u as usize) && !visited.get(u as usize).copied().unwrap_or(true) {
                    if let Some(x) = visited.get_mut(u as usize) {
                        *x = true;
                    }
                    neighbours.push(u);
                }
            }
            neighbours.sort_by_key(|&u| degree.get(u as usize).copied().unwrap_or(0));
            queue.extend(neighbours.iter().copied());
        }
    }
    order.reverse();
    let mut rest: Vec<u32> = (0..m).filter(|&l| dense(l)).map(small).collect();
    rest.sort_by_key(|&l| degree.get(l as usize).copied().unwrap_or(0));
    order.extend(rest);
    order
}

/// The elimination tree of the upper CSC matrix (Liu's algorithm with path compression).
fn etree(m: usize, a_start: &[usize], a_row: &[u32]) -> Vec<u32> {
    let mut parent = vec![NONE; m];
    let mut ancestor = vec![NONE; m];
    for k in 0..m {
        let (s, e) = (
            a_start.get(k).copied().unwrap_or(0),
            a_start.get(k + 1).copied().unwrap_or(0),
        );
        for &i in a_row.get(s..e).unwrap_or(&[]) {
            let mut i = i as usize;
            while i != NONE as usize && i < k {
                let next = ancestor.get(i).copied().unwrap_or(NONE);
                if let Some(a) = ancestor.get_mut(i) {
                    *a = small(k);
                }
                if next == NONE {
                    if let Some(p) = parent.get_mut(i) {
                        *p = small(k);
                    }
                    break;
                }
                i = next as usize;
            }
        }
    }
    parent
}

/// Column pointers of `L` from the row patterns (each row's pattern is the reach of its
/// entries up the elimination tree); `None` past [`MAX_FACTOR`] or [`MAX_FLOPS`].
fn column_counts(m: usize, a_start: &[usize], a_row: &[u32], parent: &[u32]) -> Option<Vec<usize>> {
    let mut count = vec![1usize; m];
    let mut mark = vec![NONE; m];
    let mut total = m;
    for k in 0..m {
        if let Some(x) = mark.get_mut(k) {
            *x = small(k);
        }
        let (s, e) = (
            a_start.get(k).copied().unwrap_or(0),
            a_start.get(k + 1).copied().unwrap_or(0),
        );
        for &i in a_row.get(s..e).unwrap_or(&[]) {
            let mut i = i as usize;
            while i < k && mark.get(i).copied() != Some(small(k)) {
                if let Some(x) = mark.get_mut(i) {
                    *x = small(k);
                }
                if let Some(c) = count.get_mut(i) {
                    *c += 1;
                }
                total += 1;
                i = parent.get(i).copied().unwrap_or(NONE) as usize;
            }
        }
        if total > MAX_FACTOR {
            return None;
        }
    }
    let flops: f64 = count.iter().map(|&c| (c as f64) * (c as f64)).sum();
    if flops > MAX_FLOPS {
        return None;
    }
    let mut start = vec![0usize; m + 1];
    for j in 0..m {
        let s = start.get(j).copied().unwrap_or(0) + count.get(j).copied().unwrap_or(0);
        if let Some(x) = start.get_mut(j + 1) {
            *x = s;
        }
    }
    Some(start)
}

/// Up-looking Cholesky of the upper CSC `S` (as in Davis, *Direct Methods for Sparse Linear
/// Systems*, `cs_chol`): row `k` of `L` solves a triangular system along the elimination tree.
/// A pivot at rounding level is pinned (its level set to 0 by a penalty).
fn factorize(d: &Direct, values: &[f64]) -> Factor {
    let m = d.position.len();
    let nnz = d.l_start.get(m).copied().unwrap_or(0);
    let mut l_row = vec![0u32; nnz];
    let mut l_val = vec![0.0; nnz];
    let mut next = d.l_start.clone();
    let mut x = vec![0.0; m];
    let mut mark = vec![NONE; m];
    let mut stack: Vec<u32> = Vec::new();
    let mut path: Vec<u32> = Vec::new();
    let mut pinned = 0;
    for k in 0..m {
        // The pattern of row k, in topological order.
        stack.clear();
        if let Some(mk) = mark.get_mut(k) {
            *mk = small(k);
        }
        let (s, e) = (
            d.a_start.get(k).copied().unwrap_or(0),
            d.a_start.get(k + 1).copied().unwrap_or(0),
        );
        let mut diag = 0.0;
        for p in s..e {
            let i = d.a_row.get(p).copied().unwrap_or(0) as usize;
            let v = values.get(p).copied().unwrap_or(0.0);
            if i == k {
                diag = v;
                continue;
            }
            if let Some(xi) = x.get_mut(i) {
                *xi = v;
            }
            path.clear();
            let mut j = i;
            while j < k && mark.get(j).copied() != Some(small(k)) {
                path.push(small(j));
                if let Some(mj) = mark.get_mut(j) {
                    *mj = small(k);
                }
                j = d.parent.get(j).copied().unwrap_or(NONE) as usize;
            }
            while let Some(j) = path.pop() {
                stack.push(j);
            }
        }
        let mut dk = diag;
        // `stack` holds paths pushed whole; reversed, ancestors come after descendants.
        for &i in stack.iter().rev() {
            let i = i as usize;
            let li = d.l_start.get(i).copied().unwrap_or(0);
            let lii = l_val.get(li).copied().unwrap_or(1.0);
            let lki = x.get(i).copied().unwrap_or(0.0) / lii;
            if let Some(xi) = x.get_mut(i) {
                *xi = 0.0;
            }
            for p in li + 1..next.get(i).copied().unwrap_or(li + 1) {
                let r = l_row.get(p).copied().unwrap_or(0) as usize;
                let v = l_val.get(p).copied().unwrap_or(0.0);
                if let Some(xr) = x.get_mut(r) {
                    *xr -= v * lki;
                }
            }
            dk -= lki * lki;
            if let Some(p) = next.get_mut(i) {
                if let (Some(r), Some(v)) = (l_row.get_mut(*p), l_val.get_mut(*p)) {
                    *r = small(k);
                    *v = lki;
                }
                *p += 1;
            }
        }
        if !dk.is_finite() || dk <= PIVOT_TOLERANCE * diag.abs() {
            // A level the others determine: a penalty pins it to 0.
            dk = 1e30 * diag.abs().max(1.0);
            pinned += 1;
        }
        if let Some(p) = next.get_mut(k) {
            if let (Some(r), Some(v)) = (l_row.get_mut(*p), l_val.get_mut(*p)) {
                *r = small(k);
                *v = dk.sqrt();
            }
            *p += 1;
        }
    }
    Factor {
        l_row,
        l_val,
        pinned,
    }
}

/// Solves `S x = b` with the factor (in the levels' own order).
fn factor_solve(d: &Direct, f: &Factor, b: &[f64]) -> Vec<f64> {
    let m = d.position.len();
    let mut y = vec![0.0; m];
    for (l, &p) in d.position.iter().enumerate() {
        if let Some(v) = y.get_mut(p as usize) {
            *v = b.get(l).copied().unwrap_or(0.0);
        }
    }
    // L y = b.
    for j in 0..m {
        let (s, e) = (
            d.l_start.get(j).copied().unwrap_or(0),
            d.l_start.get(j + 1).copied().unwrap_or(0),
        );
        let yj = y.get(j).copied().unwrap_or(0.0) / f.l_val.get(s).copied().unwrap_or(1.0);
        if let Some(v) = y.get_mut(j) {
            *v = yj;
        }
        for p in s + 1..e {
            let r = f.l_row.get(p).copied().unwrap_or(0) as usize;
            if let Some(v) = y.get_mut(r) {
                *v -= f.l_val.get(p).copied().unwrap_or(0.0) * yj;
            }
        }
    }
    // L' x = y.
    for j in (0..m).rev() {
        let (s, e) = (
            d.l_start.get(j).copied().unwrap_or(0),
            d.l_start.get(j + 1).copied().unwrap_or(0),
        );
        let mut v = y.get(j).copied().unwrap_or(0.0);
        for p in s + 1..e {
            let r = f.l_row.get(p).copied().unwrap_or(0) as usize;
            v -= f.l_val.get(p).copied().unwrap_or(0.0) * y.get(r).copied().unwrap_or(0.0);
        }
        if let Some(x) = y.get_mut(j) {
            *x = v / f.l_val.get(s).copied().unwrap_or(1.0);
        }
    }
    let mut out = vec![0.0; m];
    for (l, &p) in d.position.iter().enumerate() {
        if let Some(v) = out.get_mut(l) {
            *v = y.get(p as usize).copied().unwrap_or(0.0);
        }
    }
    out
}

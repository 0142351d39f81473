//! Shards of a job: part `I` of `N` of an ordered list of tasks (sweep runs, the levels of a
//! split fit), as contiguous blocks whose outputs, taken in shard order, make up the whole
//! job's output. Any batch engine runs them: a Slurm array (`--shard $SLURM_ARRAY_TASK_ID/N`),
//! a Kubernetes indexed job (`--shard $JOB_COMPLETION_INDEX/N`).

use std::ops::Range;
use std::str::FromStr;

use crate::error::{Error, InputError, Result};

/// Part `index` (from 0) of `count`.
///
/// ```
/// use bilateral::shard::Shard;
/// let s: Shard = "1/3".parse()?;
/// assert_eq!(s.range(10), 3..6);
/// // The shards' blocks tile the tasks in order.
/// let blocks: Vec<_> = (0..3).map(|i| Shard::new(i, 3).unwrap().range(10)).collect();
/// assert_eq!(blocks, vec![0..3, 3..6, 6..10]);
/// assert!("3/3".parse::<Shard>().is_err());
/// # Ok::<(), bilateral::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    index: usize,
    count: usize,
}

impl Shard {
    /// The whole job as one shard.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Part `index` of `count`.
    ///
    /// # Errors
    /// [`InputError::OutOfRange`] if `count` is 0 or `index ≥ count`.
    pub fn new(index: usize, count: usize) -> Result<Shard> {
        if count == 0 {
            return Err(Error::Input(InputError::OutOfRange {
                what: "a shard count",
                value: 0.0,
                expected: "1 or more",
            }));
        }
        if index >= count {
            return Err(Error::Input(InputError::OutOfRange {
                what: "a shard index",
                value: index as f64,
                expected: "0 to the shard count less 1 (I/N with I < N)",
            }));
        }
        Ok(Shard { index, count })
    }

    /// The shard's index (from 0).
    pub fn index(self) -> usize {
        self.index
    }

    /// The number of shards.
    pub fn count(self) -> usize {
        self.count
    }

    /// The shard's block of `len` ordered tasks: `⌊I·len/N⌋ .. ⌊(I+1)·len/N⌋`.
    pub fn range(self, len: usize) -> Range<usize> {
        // k·len/n in 128 bits: no overflow for any usize k, len, n with k ≤ n.
        let cut = |k: usize| {
            let c = (k as u128) * (len as u128) / (self.count as u128);
            usize::try_from(c).unwrap_or(len)
        };
        cut(self.index)..cut(self.index + 1)
    }
}

impl FromStr for Shard {
    type Err = Error;

    /// `I/N`, e.g. `0/4`.
    fn from_str(text: &str) -> Result<Shard> {
        let bad = || {
            Error::Input(InputError::WrongKind {
                what: "a shard",
                got: text.to_owned(),
                expected: "I/N with 0 ≤ I < N, e.g. 0/4",
            })
        };
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let i: usize = i.trim().parse().map_err(|_| bad())?;
        let n: usize = n.trim().parse().map_err(|_| bad())?;
        Shard::new(i, n)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

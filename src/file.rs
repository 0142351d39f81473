//! Reading files with a size limit, and I/O errors that name the path.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// The largest data file the readers accept (1 GiB): far beyond any table of figures or results,
/// and a guard against reading a device or a runaway file into memory.
pub(crate) const MAX_FILE_BYTES: u64 = 1 << 30;

/// The [`Error::Io`] for `path`.
pub(crate) fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |cause| Error::Io {
        path: path.display().to_string(),
        cause,
    }
}

/// Reads a whole file, refusing one over [`MAX_FILE_BYTES`] before reading past the limit.
///
/// # Errors
/// [`Error::Io`]; [`Error::TooLarge`] for a file over the limit.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    let f = std::fs::File::open(path).map_err(io_error(path))?;
    let mut bytes = Vec::new();
    f.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error(path))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            what: "a data file",
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(bytes)
}

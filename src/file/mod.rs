//! Files: reading with a size limit, writing atomically, and I/O errors that name the path.

pub(crate) mod atomic;

pub use atomic::write_atomic;

use std::io::Read;
use std::path::Path;

use crate::error::{Error, InputError, IoError, Result};
use crate::limits::MAX_FILE_BYTES;

/// The [`IoError::Io`] for `path`.
pub(crate) fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |cause| {
        Error::Io(IoError::Io {
            path: path.display().to_string(),
            cause,
        })
    }
}

/// Opens a file to be streamed (read record by record, never whole), past a UTF-8 byte order
/// mark.
///
/// # Errors
/// [`IoError::Io`] naming the path.
pub(crate) fn open_stream(path: &Path) -> Result<std::io::BufReader<std::fs::File>> {
    use std::io::BufRead;
    let f = std::fs::File::open(path).map_err(io_error(path))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, f);
    let bom = reader
        .fill_buf()
        .map_err(io_error(path))?
        .starts_with(b"\xEF\xBB\xBF");
    if bom {
        reader.consume(3);
    }
    Ok(reader)
}

/// Reads a whole file, refusing one over [`MAX_FILE_BYTES`] before reading past the limit.
///
/// # Errors
/// [`IoError::Io`]; [`InputError::TooLarge`] for a file over the limit.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    let f = std::fs::File::open(path).map_err(io_error(path))?;
    // A regular file says its size: refuse it before reading. Devices and pipes are read up to
    // the limit.
    let too_large = Error::Input(InputError::TooLarge {
        what: "a file read whole",
        limit: MAX_FILE_BYTES,
    })
    .within(path.display().to_string());
    if f.metadata()
        .is_ok_and(|m| m.is_file() && m.len() > MAX_FILE_BYTES)
    {
        return Err(too_large);
    }
    let mut bytes = Vec::new();
    f.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error(path))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large);
    }
    Ok(bytes)
}

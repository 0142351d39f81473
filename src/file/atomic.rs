//! Atomic writes: a temporary file in the target's folder, synced to disk, renamed over the target
//! only when complete, then the folder synced so the rename itself survives a crash. A failure at
//! any step leaves the target untouched and removes the temporary file (tempfile deletes it on
//! drop).

use crate::error::Result;
use std::fs;
use std::io::Write;
use std::path::Path;

use tempfile::NamedTempFile;

use super::io_error;

/// An empty temporary file beside `path`, named `.name.XXXXXX.ext`: it keeps the extension, from
/// which plotters picks the image format.
pub(crate) fn stage(path: &Path) -> Result<NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("out");
    let ext = path
        .extension()
        .and_then(|s| s.to_str())
        .map(|e| format!(".{e}"))
        .unwrap_or_default();
    let prefix = format!(".{stem}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(&ext);
    // A finished file gets the permissions of any new file (0666 less the umask), not the
    // owner-only 0600 of a temporary one.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder.tempfile_in(dir).map_err(io_error(path))
}

/// Syncs a finished temporary file, renames it over `path` and syncs the folder.
pub(crate) fn commit(temp: NamedTempFile, path: &Path) -> Result<()> {
    temp.as_file().sync_all().map_err(io_error(path))?;
    temp.persist(path).map_err(|e| io_error(path)(e.error))?;
    sync_parent(path)
}

/// Makes a rename in `path`'s folder durable (a no-op where folders cannot be opened).
fn sync_parent(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_error(dir))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Writes `bytes` to `path` atomically: to a temporary file in the same folder, synced, renamed
/// over `path`, and the folder synced. On any failure `path` is untouched and the temporary file
/// removed.
///
/// # Errors
/// [`IoError::Io`](crate::error::IoError::Io) naming the path.
///
/// # Examples
/// ```
/// let path = std::env::temp_dir().join("bilateral-atomic-doc.txt");
/// bilateral::io::write_atomic(&path, b"4.5 bn USD\n")?;
/// assert_eq!(std::fs::read(&path)?, b"4.5 bn USD\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut temp = stage(path)?;
    temp.write_all(bytes).map_err(io_error(path))?;
    commit(temp, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::error::IoError;

    #[test]
    fn a_failed_write_leaves_the_target_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        fs::write(&target, "old").unwrap();
        // A folder where the file should be: the rename fails.
        let blocked = dir.path().join("blocked");
        fs::create_dir(&blocked).unwrap();
        fs::write(blocked.join("x"), "x").unwrap();
        assert!(matches!(
            write_atomic(&blocked, b"new"),
            Err(Error::Io(IoError::Io { .. }))
        ));
        write_atomic(&target, b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_written_file_is_readable_by_others_as_a_new_file_would_be() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        write_atomic(&target, b"x").unwrap();
        let plain = dir.path().join("plain.csv");
        fs::write(&plain, b"x").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // Same umask, same mode as fs::write gives (0644 under the usual 022), not 0600.
        assert_eq!(mode(&target), mode(&plain));
    }
}

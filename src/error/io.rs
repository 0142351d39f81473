//! Reading and writing.

/// Reading and writing: the operating system, serializers, charts, polars.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IoError {
    /// A chart that could not be drawn.
    #[error("chart {path_x}: {message_x}", path_x = crate::error::excerpt(path), message_x = crate::error::excerpt(message))]
    Chart {
        /// The file being written.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// An I/O error on a named file. The message includes the cause's, so it is not also given as
    /// [`std::error::Error::source`].
    #[error("{path_x}: {cause}", path_x = crate::error::excerpt(path))]
    Io {
        /// The file or folder.
        path: String,
        /// The underlying error.
        cause: std::io::Error,
    },
    /// A value that could not be written (e.g. a NaN where JSON needs a number).
    #[error("cannot write {what}: {message_x}", message_x = crate::error::excerpt(message))]
    Serialize {
        /// What was being written.
        what: &'static str,
        /// The serializer's description.
        message: String,
    },
    /// An error from polars while building a DataFrame.
    #[cfg(feature = "polars")]
    #[cfg_attr(docsrs, doc(cfg(feature = "polars")))]
    #[error("polars: {0}")]
    Polars(polars::error::PolarsError),
}

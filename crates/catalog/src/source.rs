//! Provenance: where a number comes from.

use crate::Date;
use core::fmt;

/// Where a number (or fact) comes from, for the "where does this come from?"
/// question the UI answers next to every figure.
///
/// `table` is the bundled file (under `crates/catalog/data/`, whose README
/// describes how each table was gathered); `detail` says which row or upstream
/// file it is; `date` says as of when (its meaning depends on the table, see
/// each table's accessor).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Source {
    /// The bundled table, e.g. `base-images.csv`.
    pub table: &'static str,
    /// The upstream file, commit or measurement the row comes from, e.g.
    /// `docker-library/repo-info@2986dca3a80c repos/python/remote/3.12-slim.md`.
    pub detail: &'static str,
    /// As of when the value holds (image date, measurement date, snapshot date).
    pub date: Date,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}; as of {})", self.table, self.detail, self.date)
    }
}

/// A value together with its [`Source`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it comes from.
    pub source: Source,
}

/// Where a fact about an official image's defaults comes from: a Dockerfile in
/// the project's real-world corpus (`shared/corpus/real-world/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CorpusRef {
    /// File name in `shared/corpus/real-world/`.
    pub file: &'static str,
    /// 1-based line of the instruction that establishes the fact.
    pub line: u32,
    /// Whether the fact is written there literally or follows from it.
    pub evidence: Evidence,
}

/// How directly a corpus line supports a fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// The value appears literally in the cited instruction.
    Literal,
    /// The value follows from the cited instruction; the text says how.
    Derived(&'static str),
}

impl fmt::Display for CorpusRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "shared/corpus/real-world/{}:{}", self.file, self.line)?;
        if let Evidence::Derived(why) = self.evidence {
            write!(f, " (derived: {why})")?;
        }
        Ok(())
    }
}

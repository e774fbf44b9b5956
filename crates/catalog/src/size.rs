//! Image sizes: exact compressed sizes, and uncompressed sizes that are
//! exact where repo-info measured the same build and estimated otherwise.
//!
//! # The ratio estimate
//!
//! repo-info gives the compressed (registry) size of every row but the
//! uncompressed (`docker image inspect`) size of only some. For the others
//! the uncompressed size is estimated as `compressed × r`, where `r` is the
//! uncompressed/compressed ratio observed on the rows that have both, per
//! [`SizeFamily`]. Rows with identical sizes (aliases such as `node:lts` and
//! `node:24`) count once.
//!
//! - value: `compressed × mean(r)` over the family;
//! - range: `compressed × [min(r) − s/2, max(r) + s/2]` with `s = max(r) −
//!   min(r)` (the observed spread, widened by half of it on each side, so a
//!   new image slightly outside the observed extremes is still covered), and
//!   never below `compressed × 1.0`;
//! - the `Other` family (Ubuntu, BusyBox, Oracle Linux, …) is too mixed to
//!   bound on its own: its range uses the samples of every family.
//!
//! A leave-one-out check over the table (see the tests) shows every held-out
//! row inside its range; the worst error of the point value is reported there.

use crate::{BaseImage, BuildMatch, Distro, Source, BASE_IMAGES};

/// The groups whose uncompressed/compressed ratios are pooled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SizeFamily {
    /// Debian-based, full (non-slim) images.
    DebianFull,
    /// Debian-based slim images.
    DebianSlim,
    /// Alpine-based images.
    Alpine,
    /// Everything else (Ubuntu, BusyBox, Oracle Linux, …).
    Other,
}

impl SizeFamily {
    /// The family of a measured row.
    pub fn of(row: &BaseImage) -> SizeFamily {
        SizeFamily::classify(row.os.distro, row.tag)
    }

    /// The family for a distro and tag (`slim` in the tag makes a Debian
    /// image slim).
    pub fn classify(distro: Distro, tag: &str) -> SizeFamily {
        match distro {
            Distro::Debian if tag.contains("slim") => SizeFamily::DebianSlim,
            Distro::Debian => SizeFamily::DebianFull,
            Distro::Alpine => SizeFamily::Alpine,
            _ => SizeFamily::Other,
        }
    }

    /// `debian full`, `debian slim`, `alpine`, `other`.
    pub fn name(self) -> &'static str {
        match self {
            SizeFamily::DebianFull => "debian full",
            SizeFamily::DebianSlim => "debian slim",
            SizeFamily::Alpine => "alpine",
            SizeFamily::Other => "other",
        }
    }
}

/// The observed uncompressed/compressed ratios of a family.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RatioStats {
    /// The family.
    pub family: SizeFamily,
    /// Number of distinct samples in the family.
    pub samples: usize,
    /// Mean ratio (point estimate).
    pub mean: f64,
    /// Smallest observed ratio (of the samples the range is built from).
    pub min: f64,
    /// Largest observed ratio.
    pub max: f64,
    /// Lower bound of the range (`min − spread/2`, at least 1.0).
    pub low: f64,
    /// Upper bound of the range (`max + spread/2`).
    pub high: f64,
}

/// Rows that have both sizes, deduplicated by (compressed, uncompressed).
fn samples(exclude: Option<&BaseImage>) -> impl Iterator<Item = (&'static BaseImage, f64)> + '_ {
    BASE_IMAGES.iter().enumerate().filter_map(move |(i, r)| {
        let local = r.local?;
        if exclude.is_some_and(|x| {
            x.compressed_bytes == r.compressed_bytes
                && x.local.map(|l| l.bytes) == Some(local.bytes)
        }) {
            return None;
        }
        // count aliases (same pair of sizes) once
        if BASE_IMAGES[..i].iter().any(|p| {
            p.compressed_bytes == r.compressed_bytes
                && p.local.map(|l| l.bytes) == Some(local.bytes)
        }) {
            return None;
        }
        Some((r, local.bytes as f64 / r.compressed_bytes as f64))
    })
}

/// The ratio statistics of a family, optionally leaving one row (and its
/// aliases) out, as the leave-one-out check does. None if the family has no
/// sample.
pub fn ratio_stats(family: SizeFamily, exclude: Option<&BaseImage>) -> Option<RatioStats> {
    let fam: Vec<f64> = samples(exclude)
        .filter(|(r, _)| SizeFamily::of(r) == family)
        .map(|(_, x)| x)
        .collect();
    if fam.is_empty() {
        return None;
    }
    let mean = fam.iter().sum::<f64>() / fam.len() as f64;
    let range: Vec<f64> = if family == SizeFamily::Other || fam.len() < 2 {
        samples(exclude).map(|(_, x)| x).collect()
    } else {
        fam.clone()
    };
    let min = range.iter().copied().fold(f64::INFINITY, f64::min);
    let max = range.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let spread = max - min;
    Some(RatioStats {
        family,
        samples: fam.len(),
        mean,
        min,
        max,
        low: (min - spread / 2.0).max(1.0),
        high: max + spread / 2.0,
    })
}

/// The uncompressed size of an image.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Uncompressed {
    /// Measured on the same image (same Image ID) as the compressed size.
    /// `tolerance` is the rounding of the printed value.
    Exact {
        /// Bytes (printed MB × 1,000,000).
        bytes: u64,
        /// ± rounding of the printed value.
        tolerance: u64,
        /// The repo-info local file.
        source: Source,
    },
    /// Estimated: **not measured on this build**.
    Estimated(Estimate),
}

impl Uncompressed {
    /// The best value in bytes (exact, or the estimate's point value).
    pub fn bytes(&self) -> u64 {
        match self {
            Uncompressed::Exact { bytes, .. } => *bytes,
            Uncompressed::Estimated(e) => e.bytes,
        }
    }

    /// `(low, high)` bounds in bytes.
    pub fn range(&self) -> (u64, u64) {
        match self {
            Uncompressed::Exact {
                bytes, tolerance, ..
            } => (bytes - tolerance, bytes + tolerance),
            Uncompressed::Estimated(e) => (e.low, e.high),
        }
    }

    /// True unless measured on the same image.
    pub fn is_estimated(&self) -> bool {
        matches!(self, Uncompressed::Estimated(_))
    }
}

/// An estimated uncompressed size: value and range, and how it was made.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Point value, bytes.
    pub bytes: u64,
    /// Lower bound, bytes.
    pub low: u64,
    /// Upper bound, bytes.
    pub high: u64,
    /// How.
    pub method: EstimateMethod,
}

/// How an uncompressed size was estimated.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EstimateMethod {
    /// From the compressed size and the family's observed ratio.
    Ratio(RatioStats),
    /// repo-info measured a different build of the same tag (or did not
    /// compare Image IDs); the value is that measurement, and the range
    /// spans it and the family's ratio range.
    OtherBuild {
        /// The other build's measured size, bytes.
        measured: u64,
        /// Different build, or not compared.
        build: BuildMatch,
        /// The family ratio the range also covers.
        ratio: RatioStats,
        /// The repo-info local file.
        source: Source,
    },
}

/// Estimates the uncompressed size of an image of `compressed` bytes in
/// `family` from the ratio alone (see the module docs). None if the family
/// has no sample.
pub fn estimate_from_ratio(compressed: u64, family: SizeFamily) -> Option<Estimate> {
    estimate_with(compressed, family, None)
}

pub(crate) fn estimate_with(
    compressed: u64,
    family: SizeFamily,
    exclude: Option<&BaseImage>,
) -> Option<Estimate> {
    let s = ratio_stats(family, exclude)?;
    let c = compressed as f64;
    Some(Estimate {
        bytes: (c * s.mean).round() as u64,
        low: (c * s.low).floor() as u64,
        high: (c * s.high).ceil() as u64,
        method: EstimateMethod::Ratio(s),
    })
}

/// The sizes of a measured image build.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ImageSize {
    /// Exact compressed (registry transfer) size, bytes.
    pub compressed_bytes: u64,
    /// Compressed size of each layer, in order.
    pub layers: &'static [u32],
    /// Uncompressed size, exact or estimated.
    pub uncompressed: Uncompressed,
    /// The row the numbers come from (image date, sources, notes).
    pub row: &'static BaseImage,
}

impl ImageSize {
    /// The sizes of a measured row.
    pub fn of(row: &'static BaseImage) -> ImageSize {
        let family = SizeFamily::of(row);
        let uncompressed = match row.local {
            Some(l) if l.build == BuildMatch::SameImage => Uncompressed::Exact {
                bytes: l.bytes,
                tolerance: l.tolerance,
                source: l.source,
            },
            Some(l) => {
                let ratio =
                    ratio_stats(family, None).expect("a row with a local size is its own sample");
                let c = row.compressed_bytes as f64;
                Uncompressed::Estimated(Estimate {
                    bytes: l.bytes,
                    low: ((c * ratio.low).floor() as u64).min(l.bytes - l.tolerance),
                    high: ((c * ratio.high).ceil() as u64).max(l.bytes + l.tolerance),
                    method: EstimateMethod::OtherBuild {
                        measured: l.bytes,
                        build: l.build,
                        ratio,
                        source: l.source,
                    },
                })
            }
            None => Uncompressed::Estimated(
                estimate_from_ratio(row.compressed_bytes, family)
                    .expect("every family has samples in the bundled table"),
            ),
        };
        ImageSize {
            compressed_bytes: row.compressed_bytes,
            layers: row.layers,
            uncompressed,
            row,
        }
    }

    /// Where the compressed size comes from.
    pub fn source(&self) -> Source {
        self.row.source
    }
}

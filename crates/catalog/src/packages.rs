//! Package sizes: pip (PyPI), apt (Debian) and apk (Alpine).

use crate::pep503::pep503_normalize;
use crate::{
    ApkLayer, ApkPackage, Date, DebianRelease, PipDist, PipPackage, Source, Sourced, APK_LAYERS,
    APK_PACKAGES, DEBIAN_BASELINE_BOOKWORM, DEBIAN_BASELINE_TRIXIE, PIP_PYC_PER_PY_BYTE_CP311,
};

// ------------------------------------------------------------------ pip

/// Splits `Name[extra,other]==1.2` into normalised name, sorted normalised
/// extras (comma-joined) and the pinned version, if any.
fn split_requirement(req: &str) -> (String, String, Option<&str>) {
    let (head, version) = match req.find("==") {
        Some(i) => (&req[..i], Some(req[i + 2..].trim())),
        None => (req, None),
    };
    let (name, extras) = match head.find('[') {
        Some(i) => {
            let inner = head[i + 1..].trim_end().trim_end_matches(']');
            let mut ex: Vec<String> = inner
                .split(',')
                .map(pep503_normalize)
                .filter(|e| !e.is_empty())
                .collect();
            layerlab_sort::sort(&mut ex);
            (&head[..i], ex.join(","))
        }
        None => (head, String::new()),
    };
    (pep503_normalize(name), extras, version)
}

/// The measured size of a PyPI requirement: `flask`, `Flask`,
/// `fastapi[standard]`, `gunicorn==19.10.0`. Names are matched
/// case-insensitively after PEP 503 normalisation (`Flask_SQLAlchemy` =
/// `flask-sqlalchemy`); with extras only a row with the same extras matches.
/// Without `==version` the newest measured version; rows for CPython 3.11
/// (the version whose `.pyc` bytes are measured) are preferred. See
/// [`pip_package_for`] for a given Python and version specifiers.
pub fn pip_package(requirement: &str) -> Option<&'static PipPackage> {
    let (name, extras, version) = split_requirement(requirement);
    let accept = |p: &PipPackage| version.is_none_or(|v| p.version == v);
    pip_package_for(&name, &extras, &accept, Some("3.11")).map(|m| m.row)
}

/// A row chosen by [`pip_package_for`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PipMatch {
    /// The row.
    pub row: &'static PipPackage,
    /// Whether it was resolved for the Python asked for (false: the
    /// nearest measured Python version, or none was asked for).
    pub same_python: bool,
}

/// The measured row for distribution `name` (any spelling) with `extras`
/// (normalised, sorted, comma-separated, or empty) whose version `accept`s,
/// for CPython `python` (`3.12`): the newest accepted version measured for
/// that Python (what pip would pick), else for the nearest measured Python
/// (the newer one on a tie). Only rows with a measured size are considered.
pub fn pip_package_for(
    name: &str,
    extras: &str,
    accept: &dyn Fn(&PipPackage) -> bool,
    python: Option<&str>,
) -> Option<PipMatch> {
    let want = python.and_then(python_minor);
    let mut best: Option<(&'static PipPackage, (u32, u32))> = None;
    for p in pip_packages(name) {
        if p.extras != extras || p.installed_bytes_with_deps.is_none() || !accept(p) {
            continue;
        }
        let minor = python_minor(p.python).unwrap_or(0);
        // Rank: distance to the wanted Python (newer first on a tie).
        let dist = match want {
            Some(w) => w.abs_diff(minor) * 2 + u32::from(minor < w),
            None => 0,
        };
        let rank = (dist, 1000 - minor);
        let better = match best {
            None => true,
            Some((b, br)) => {
                rank < br
                    || (rank == br
                        && crate::version_cmp(p.version, b.version) == std::cmp::Ordering::Greater)
            }
        };
        if better {
            best = Some((p, rank));
        }
    }
    best.map(|(row, (dist, _))| PipMatch {
        row,
        same_python: want.is_some() && dist == 0,
    })
}

/// `3.12` → 12.
pub fn python_minor(v: &str) -> Option<u32> {
    let mut it = v.trim().split('.');
    (it.next()? == "3").then_some(())?;
    it.next()?.parse().ok()
}

/// Every measured row of a distribution (all extras, versions and Pythons).
pub fn pip_packages(name: &str) -> impl Iterator<Item = &'static PipPackage> {
    let norm = pep503_normalize(name.split('[').next().unwrap_or(name));
    let table = crate::tail::pip_packages_table();
    let start = table.partition_point(|p| p.normalized < norm.as_str());
    let rows = &table[start..];
    let end = rows.partition_point(|p| p.normalized == norm);
    if end == 0 {
        crate::tail::note_miss();
    }
    rows[..end].iter()
}

/// Every row of `pip-packages.csv` this build has (without the
/// `long-tail` feature: tier 1 only, until the long tail is loaded).
pub fn pip_packages_all() -> impl Iterator<Item = &'static PipPackage> {
    crate::tail::pip_packages_table().iter()
}

/// Every row of `pip-dists.csv` this build has (as [`pip_packages_all`]).
pub fn pip_dists_all() -> impl Iterator<Item = &'static PipDist> {
    crate::tail::pip_dists_table().iter()
}

/// The measured wheel of `name` (any spelling) at `version` that CPython
/// 3.`python_minor` installs (None: any, the one CPython 3.11 installs
/// preferred).
pub fn pip_dist(name: &str, version: &str, python_minor: Option<u32>) -> Option<&'static PipDist> {
    let norm = pep503_normalize(name);
    let table = crate::tail::pip_dists_table();
    let start = table.partition_point(|d| d.name < norm.as_str());
    if table.get(start).is_none_or(|d| d.name != norm) {
        crate::tail::note_miss();
    }
    let rows = table[start..]
        .iter()
        .take_while(|d| d.name == norm)
        .filter(|d| d.version == version);
    let want = python_minor.unwrap_or(11);
    let fits = |d: &&PipDist| d.python_min <= want && want <= d.python_max;
    // Of the wheels that fit, the most specific (pip's tag order: `cp311`
    // before `cp310-abi3` before `py3`): the highest lower bound.
    let all: Vec<&'static PipDist> = rows.collect();
    let best = all
        .iter()
        .copied()
        .filter(|d| fits(d))
        .max_by_key(|d| (d.python_min, std::cmp::Reverse(d.python_max)));
    match python_minor {
        Some(_) => best,
        None => best.or(all.first().copied()),
    }
}

impl PipPackage {
    /// The dependencies installed with it, as (name, version).
    pub fn dependencies(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        self.dependencies
            .split(';')
            .filter(|d| !d.is_empty())
            .map(|d| d.split_once("==").unwrap_or((d, "")))
    }

    /// Installed size without `.pyc` files (`--no-compile`).
    pub fn installed_bytes_without_pyc(&self) -> Option<u64> {
        Some(self.installed_bytes_with_deps? - self.pyc_bytes_with_deps?)
    }
}

impl PipDist {
    /// Bytes it takes installed by CPython 3.`python_minor`, with or without
    /// `.pyc`, and whether the figure was measured: CPython 3.11 installs
    /// are measured; otherwise the unpacked members and launchers (exact)
    /// plus, when compiling, the `.py` bytes × the `.pyc` ratio CPython 3.11
    /// showed for this wheel (or for all measured wheels): an estimate.
    pub fn installed_bytes(&self, python_minor: Option<u32>, compile: bool) -> (u64, bool) {
        if python_minor.unwrap_or(11) == 11 {
            if let (Some(i), Some(p)) = (self.installed_bytes_cp311, self.pyc_bytes_cp311) {
                return (if compile { i } else { i - p }, true);
            }
        }
        let base = self.unpacked_bytes + u64::from(self.launcher_bytes);
        if !compile || self.py_bytes == 0 {
            return (base, true);
        }
        (base + self.pyc_estimate(), false)
    }

    /// Estimated `.pyc` bytes (see [`PipDist::installed_bytes`]).
    pub fn pyc_estimate(&self) -> u64 {
        let ratio = match self.pyc_bytes_cp311 {
            Some(p) if self.py_bytes > 0 => p as f64 / self.py_bytes as f64,
            _ => PIP_PYC_PER_PY_BYTE_CP311,
        };
        (self.py_bytes as f64 * ratio).round() as u64
    }

    /// Its console scripts.
    pub fn scripts(&self) -> impl Iterator<Item = &'static str> {
        self.console_scripts.split(';').filter(|s| !s.is_empty())
    }
}

// ------------------------------------------------------------------ debian

/// `apt-get update` lists kept in a layer that does not remove
/// `/var/lib/apt/lists/*` (main, updates, security; amd64; no translations).
pub const APT_LISTS_BYTES_BOOKWORM: Sourced<u64> = Sourced {
    value: 52_869_822,
    source: Source {
        table: "README.md",
        detail: "section 3: `apt-get update` in a private apt root against deb.debian.org, Debian 12.15, Release file dated 2026-07-11",
        date: Date::ymd(2026, 11, 22),
    },
};

/// Same as [`APT_LISTS_BYTES_BOOKWORM`] for trixie.
pub const APT_LISTS_BYTES_TRIXIE: Sourced<u64> = Sourced {
    value: 59_100_029,
    source: Source {
        table: "README.md",
        detail: "section 3: `apt-get update` in a private apt root against deb.debian.org, Debian 13.7, Release file dated 2026-09-12",
        date: Date::ymd(2026, 11, 22),
    },
};

impl DebianRelease {
    /// `bookworm` / `trixie` (case-insensitive), or `12` / `13`.
    pub fn from_codename(name: &str) -> Option<DebianRelease> {
        match name.to_ascii_lowercase().as_str() {
            "bookworm" | "12" => Some(DebianRelease::Bookworm),
            "trixie" | "13" => Some(DebianRelease::Trixie),
            _ => None,
        }
    }

    /// `bookworm` / `trixie`.
    pub fn codename(self) -> &'static str {
        match self {
            DebianRelease::Bookworm => "bookworm",
            DebianRelease::Trixie => "trixie",
        }
    }

    /// The other catalogued release.
    pub fn other(self) -> DebianRelease {
        match self {
            DebianRelease::Bookworm => DebianRelease::Trixie,
            DebianRelease::Trixie => DebianRelease::Bookworm,
        }
    }

    /// `12` / `13`.
    pub fn version(self) -> &'static str {
        match self {
            DebianRelease::Bookworm => "12",
            DebianRelease::Trixie => "13",
        }
    }

    /// The point release and Release-file date of the apt table's lists.
    pub fn measured_against(self) -> (&'static str, Date) {
        let r = crate::apt_release(self);
        (r.point_release, r.release_date)
    }

    /// Where the apt table's rows of this release come from.
    pub fn apt_source(self) -> Source {
        let r = crate::apt_release(self);
        Source {
            table: "debian-apt.csv",
            detail: r.method,
            date: r.read_date,
        }
    }

    /// Bytes of `apt-get update` lists (see [`APT_LISTS_BYTES_BOOKWORM`]).
    pub fn apt_lists_bytes(self) -> Sourced<u64> {
        match self {
            DebianRelease::Bookworm => APT_LISTS_BYTES_BOOKWORM,
            DebianRelease::Trixie => APT_LISTS_BYTES_TRIXIE,
        }
    }

    /// The "minimal Debian" package set treated as already installed
    /// (names from the official rootfs manifest; sorted).
    pub fn baseline(self) -> &'static [&'static str] {
        match self {
            DebianRelease::Bookworm => DEBIAN_BASELINE_BOOKWORM,
            DebianRelease::Trixie => DEBIAN_BASELINE_TRIXIE,
        }
    }

    /// Whether a package is in the baseline set.
    pub fn in_baseline(self, name: &str) -> bool {
        self.baseline().binary_search(&name).is_ok()
    }

    /// Where the baseline comes from.
    pub fn baseline_source(self) -> Source {
        Source {
            table: match self {
                DebianRelease::Bookworm => "debian-baseline-bookworm.txt",
                DebianRelease::Trixie => "debian-baseline-trixie.txt",
            },
            detail: "debuerreotype/docker-debian-artifacts <suite>/rootfs.manifest names, resolved against the lists of 2026-11-22",
            date: Date::ymd(2026, 11, 22),
        }
    }
}

// ------------------------------------------------------------------ apk

/// The result of [`apk_package`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApkMatch {
    /// The row used.
    pub package: &'static ApkPackage,
    /// The release branch asked for.
    pub requested: (u8, u8),
    /// True when the row is from another release branch (nearest available).
    pub other_release: bool,
    /// True when the row is not for x86_64.
    pub other_arch: bool,
}

/// Parses `3.24`, `3.24.1`, `v3.24` or `alpine3.24` into a branch.
pub fn alpine_branch(release: &str) -> Option<(u8, u8)> {
    let r = release.trim();
    let r = r.strip_prefix("alpine").unwrap_or(r);
    let r = r.strip_prefix('v').unwrap_or(r);
    let mut it = r.split('.');
    let major = it.next()?.parse().ok()?;
    let minor = it.next()?.parse().ok()?;
    Some((major, minor))
}

/// The installed size of an Alpine package on `alpine_release` (`3.24`,
/// `3.24.1`, `v3.24`). Falls back to the nearest release branch (and to
/// another architecture) that the table has, and says so in the result.
pub fn apk_package(name: &str, alpine_release: &str) -> Option<ApkMatch> {
    let want = alpine_branch(alpine_release)?;
    let start = APK_PACKAGES.partition_point(|p| p.name < name);
    let rows = APK_PACKAGES[start..].iter().take_while(|p| p.name == name);
    let distance = |b: (u8, u8)| -> u32 {
        let a = want.0 as i32 * 100 + want.1 as i32;
        let c = b.0 as i32 * 100 + b.1 as i32;
        (a - c).unsigned_abs()
    };
    // nearest branch, then x86_64, then newer branch, then table order
    let best = rows.min_by_key(|p| {
        (
            distance(p.branch),
            p.arch != "x86_64",
            core::cmp::Reverse(p.branch),
        )
    })?;
    Some(ApkMatch {
        package: best,
        requested: want,
        other_release: best.branch != want,
        other_arch: best.arch != "x86_64",
    })
}

/// Measured compressed layers of `apk add` commands.
pub fn apk_layers() -> &'static [ApkLayer] {
    APK_LAYERS
}

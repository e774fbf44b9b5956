//! Package sizes: pip (PyPI), apt (Debian) and apk (Alpine).

use crate::pep503::pep503_normalize;
use crate::{
    ApkLayer, ApkPackage, Date, DebianRelease, PipPackage, Source, Sourced, APK_LAYERS,
    APK_PACKAGES, DEBIAN_BASELINE_BOOKWORM, DEBIAN_BASELINE_TRIXIE, PIP_PACKAGES,
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
            ex.sort();
            (&head[..i], ex.join(","))
        }
        None => (head, String::new()),
    };
    (pep503_normalize(name), extras, version)
}

/// The measured size of a PyPI requirement: `flask`, `Flask`,
/// `fastapi[standard]`, `gunicorn==19.9.0`. Names are matched
/// case-insensitively after PEP 503 normalisation (`Flask_SQLAlchemy` =
/// `flask-sqlalchemy`). Without `==version` the unpinned (newest measured)
/// row is returned; with extras only a row with the same extras matches.
pub fn pip_package(requirement: &str) -> Option<&'static PipPackage> {
    let (name, extras, version) = split_requirement(requirement);
    let rows = pip_packages(&name).filter(|p| p.extras == extras);
    match version {
        Some(v) => rows.into_iter().find(|p| p.version == v),
        None => {
            let mut best = None;
            for p in rows {
                // prefer the unpinned measurement
                if best.is_none() || !p.requested_spec.contains("==") {
                    best = Some(p);
                }
            }
            best
        }
    }
}

/// Every measured row of a distribution (all extras and versions).
pub fn pip_packages(name: &str) -> impl Iterator<Item = &'static PipPackage> {
    let norm = pep503_normalize(name.split('[').next().unwrap_or(name));
    let start = PIP_PACKAGES.partition_point(|p| p.normalized < norm.as_str());
    PIP_PACKAGES[start..]
        .iter()
        .take_while(move |p| p.normalized == norm)
}

impl PipPackage {
    /// The dependencies installed with it, as (name, version).
    pub fn dependencies(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        self.dependencies
            .split(';')
            .filter(|d| !d.is_empty())
            .map(|d| d.split_once("==").unwrap_or((d, "")))
    }

    /// Installed size without `.pyc` files (`--no-compile` /
    /// `PYTHONDONTWRITEBYTECODE`).
    pub fn installed_bytes_without_pyc(&self) -> Option<u64> {
        Some(self.installed_bytes_with_deps? - self.pyc_bytes_with_deps?)
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

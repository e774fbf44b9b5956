//! Debian packages with their dependencies (`debian-apt.csv`) and what
//! `apt-get install` adds to an image: the requested packages plus the
//! closure of their Pre-Depends and Depends (and Recommends unless
//! `--no-install-recommends`), minus what is already installed.
//!
//! How apt's choices are modelled ([`apt_plan`]):
//! - a dependency group `a | b` is satisfied when any alternative, or a
//!   virtual name one of them is, is installed or already chosen;
//!   otherwise the first alternative apt can install is taken: a real
//!   package, or a virtual name through its provider (a single provider; of
//!   several, the one with the highest Debian priority, then the first by
//!   name — apt's own order between equals is the package-cache order, which
//!   the table does not keep);
//! - a requested virtual name with a single provider installs that provider
//!   (apt: "Note, selecting … instead of …"); with several, apt stops
//!   ("… is a virtual package provided by …, You should explicitly select
//!   one to install");
//! - Recommends are followed only for packages this install adds, as apt
//!   does; an unsatisfiable recommendation is skipped;
//! - version constraints are not checked: one candidate version a release
//!   (the table's), and installed packages are taken to satisfy them;
//! - a name with no row is *unknown* (not absent): the table holds every
//!   name the closure of its requested names reaches, but a build that
//!   embeds only tier 1 lacks the rest, and a name outside the closure was
//!   never looked up.

use crate::{
    AptPackage, AptRelease, AptStatus, DebianRelease, Source, APT_GONE_BOOKWORM_OFFSETS,
    APT_GONE_BOOKWORM_TEXT, APT_GONE_TRIXIE_OFFSETS, APT_GONE_TRIXIE_TEXT, APT_RELEASES,
};
use std::collections::BTreeSet;

const ALT: u16 = 0x8000;

fn text_name(text: &'static str, offsets: &'static [u32], i: usize) -> &'static str {
    &text[offsets[i] as usize..offsets[i + 1] as usize]
}

fn text_find(text: &'static str, offsets: &'static [u32], name: &str) -> Option<usize> {
    let (mut lo, mut hi) = (0, offsets.len().saturating_sub(1));
    while lo < hi {
        let mid = (lo + hi) / 2;
        match text_name(text, offsets, mid).cmp(name) {
            core::cmp::Ordering::Less => lo = mid + 1,
            core::cmp::Ordering::Greater => hi = mid,
            core::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// A name of the table in use (the embedded one, or the long tail once
/// loaded: rows are only ever read against the table they came from, as an
/// analysis does not outlive a load).
fn name_of(i: u16) -> &'static str {
    let t = crate::tail::apt_table();
    text_name(t.names_text, t.names_offsets, (i & !ALT) as usize)
}

/// Dependency groups of an encoded field.
fn decode(field: &'static [u16]) -> Vec<Vec<&'static str>> {
    let mut out: Vec<Vec<&'static str>> = Vec::new();
    for &i in field {
        if i & ALT != 0 {
            if let Some(g) = out.last_mut() {
                g.push(name_of(i));
                continue;
            }
        }
        out.push(vec![name_of(i)]);
    }
    out
}

impl AptPackage {
    /// The package (or virtual or missing) name.
    pub fn name(&self) -> &'static str {
        name_of(self.name)
    }

    /// Pre-Depends and Depends, each group's alternatives in order.
    pub fn depends(&self) -> Vec<Vec<&'static str>> {
        decode(self.depends)
    }

    /// Recommends, each group's alternatives in order.
    pub fn recommends(&self) -> Vec<Vec<&'static str>> {
        decode(self.recommends)
    }

    /// A package: the virtual names it provides. A virtual name: its providers.
    pub fn provides(&self) -> impl Iterator<Item = &'static str> {
        self.provides.iter().map(|&i| name_of(i))
    }

    /// Installed-Size in bytes (dpkg's KiB × 1024).
    pub fn installed_bytes(&self) -> Option<u64> {
        self.installed_kib.map(|k| k as u64 * 1024)
    }

    /// Where the row comes from.
    pub fn source(&self) -> Source {
        self.release.apt_source()
    }
}

/// A name's row in `release`, or None when the table does not have it
/// (unknown: see the module documentation).
pub fn apt_package(name: &str, release: DebianRelease) -> Option<&'static AptPackage> {
    let t = crate::tail::apt_table();
    let found = text_find(t.names_text, t.names_offsets, name).and_then(|i| {
        t.packages
            .binary_search_by(|p| (p.name, p.release).cmp(&(i as u16, release)))
            .ok()
            .map(|k| &t.packages[k])
    });
    if found.is_none() {
        crate::tail::note_miss();
    }
    found
}

/// Provenance of a release's rows.
pub fn apt_release(release: DebianRelease) -> &'static AptRelease {
    APT_RELEASES
        .iter()
        .find(|r| r.release == release)
        .expect("the generator requires both releases")
}

/// What `apt-get install <name>` finds in a release.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AptLocate {
    /// A package, or a virtual name with exactly one provider.
    Installable(&'static AptPackage),
    /// A virtual name with several providers: apt asks to select one and
    /// installs nothing.
    ChooseProvider(&'static AptPackage),
    /// No such name: "E: Unable to locate package". `other` is the row of
    /// the same name in the other release, when it is a package there.
    NotFound {
        /// The row in the other release, if that release has the package.
        other: Option<&'static AptPackage>,
    },
    /// Referenced but not installable: "E: Package '…' has no installation
    /// candidate".
    NoCandidate,
    /// Not in the tables.
    Unknown,
}

/// Whether `name` is a real package of the other release that `release`
/// has neither as a package nor as a virtual name (`debian-gone-*.txt`;
/// empty in a tier-1 build).
pub fn apt_gone(name: &str, release: DebianRelease) -> bool {
    let (text, offsets) = match release {
        DebianRelease::Bookworm => (APT_GONE_BOOKWORM_TEXT, APT_GONE_BOOKWORM_OFFSETS),
        DebianRelease::Trixie => (APT_GONE_TRIXIE_TEXT, APT_GONE_TRIXIE_OFFSETS),
    };
    text_find(text, offsets, name).is_some()
}

/// What `apt-get install <name>` finds in `release`. A name followed by
/// `:amd64`/`=version` must be stripped by the caller.
pub fn apt_locate(name: &str, release: DebianRelease) -> AptLocate {
    let other = || apt_package(name, release.other()).filter(|p| p.status == AptStatus::Package);
    match apt_package(name, release) {
        Some(p) => match p.status {
            AptStatus::Package => AptLocate::Installable(p),
            AptStatus::Virtual => {
                let provs: Vec<&str> = p.provides().collect();
                match provs.as_slice() {
                    [one] => apt_package(one, release)
                        .filter(|q| q.status == AptStatus::Package)
                        .map_or(AptLocate::Unknown, AptLocate::Installable),
                    _ => AptLocate::ChooseProvider(p),
                }
            }
            AptStatus::Absent => AptLocate::NotFound { other: other() },
            AptStatus::NoCandidate => AptLocate::NoCandidate,
        },
        None if apt_gone(name, release) => AptLocate::NotFound { other: other() },
        None => AptLocate::Unknown,
    }
}

/// Why a requested name installs nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AptFailure {
    /// "E: Unable to locate package".
    NotFound,
    /// "E: Package '…' has no installation candidate".
    NoCandidate,
    /// A virtual name with several providers (listed).
    ChooseProvider(Vec<&'static str>),
}

/// What one `apt-get install` adds, as [`apt_plan`] computes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AptPlan {
    /// Packages apt installs, in the order they were chosen.
    pub install: Vec<&'static AptPackage>,
    /// Sum of their Installed-Size, KiB.
    pub installed_kib: u64,
    /// Requested names already installed.
    pub already: Vec<String>,
    /// Names the closure reached that the tables do not have: the size is
    /// a lower bound.
    pub unknown: Vec<String>,
    /// Requested names apt cannot install (the whole command fails).
    pub failed: Vec<(String, AptFailure)>,
    /// Requested virtual names and the provider apt selects instead.
    pub selected: Vec<(String, &'static str)>,
}

impl AptPlan {
    /// Installed bytes (KiB × 1024).
    pub fn installed_bytes(&self) -> u64 {
        self.installed_kib * 1024
    }
    /// Whether a package is in the plan.
    pub fn installs(&self, name: &str) -> bool {
        self.install.iter().any(|p| p.name() == name)
    }
}

struct Planner {
    release: DebianRelease,
    recommends: bool,
    /// Installed or chosen package names and the virtual names they provide.
    have: BTreeSet<&'static str>,
    /// Installed names not in the tables (kept by name).
    have_other: BTreeSet<String>,
    plan: AptPlan,
}

/// apt's dependency resolution does not go deeper than the archive's
/// chains (a few dozen); this only bounds the recursion.
const MAX_DEPTH: usize = 256;

impl Planner {
    fn has(&self, name: &str) -> bool {
        self.have.contains(name) || self.have_other.contains(name)
    }

    fn add_have(&mut self, p: &'static AptPackage) {
        self.have.insert(p.name());
        self.have.extend(p.provides());
    }

    fn unknown(&mut self, n: &str) {
        if !self.plan.unknown.iter().any(|u| u == n) {
            self.plan.unknown.push(n.to_string());
        }
    }

    /// The provider apt picks for a virtual row (None: none installable).
    fn provider(&mut self, v: &'static AptPackage) -> Option<&'static AptPackage> {
        let mut best: Option<&'static AptPackage> = None;
        for n in v.provides() {
            match apt_package(n, self.release) {
                Some(q) if q.status == AptStatus::Package => {
                    if best.is_none_or(|b| q.priority > b.priority) {
                        best = Some(q);
                    }
                }
                Some(_) => {}
                None => self.unknown(n),
            }
        }
        best
    }

    /// The first alternative of a group that apt can install.
    fn choose(&mut self, g: &[&'static str]) -> Option<&'static AptPackage> {
        for a in g {
            match apt_package(a, self.release) {
                Some(q) => match q.status {
                    AptStatus::Package => return Some(q),
                    AptStatus::Virtual => {
                        if let Some(p) = self.provider(q) {
                            return Some(p);
                        }
                    }
                    AptStatus::Absent | AptStatus::NoCandidate => {}
                },
                None => {
                    // The first alternative apt would try is not known: so
                    // is the choice.
                    self.unknown(a);
                    return None;
                }
            }
        }
        None
    }

    /// Marks `p` for installation, then (depth first, in field order) what
    /// it needs.
    fn install(&mut self, p: &'static AptPackage, depth: usize) {
        self.add_have(p);
        self.plan.install.push(p);
        self.plan.installed_kib += p.installed_kib.unwrap_or(0) as u64;
        if depth >= MAX_DEPTH {
            self.unknown(p.name());
            return;
        }
        let mut groups = p.depends();
        if self.recommends {
            groups.extend(p.recommends());
        }
        for g in groups {
            if g.iter().any(|a| self.has(a)) {
                continue;
            }
            if let Some(q) = self.choose(&g) {
                if !self.has(q.name()) {
                    self.install(q, depth + 1);
                }
            }
        }
    }
}

/// What `apt-get install <requested>` adds to an image of `release` whose
/// installed packages are `installed` (names; their Provides are read from
/// the table). `recommends`: without `--no-install-recommends`.
pub fn apt_plan<'a>(
    requested: &[&str],
    release: DebianRelease,
    installed: impl IntoIterator<Item = &'a str>,
    recommends: bool,
) -> AptPlan {
    let mut pl = Planner {
        release,
        recommends,
        have: BTreeSet::new(),
        have_other: BTreeSet::new(),
        plan: AptPlan::default(),
    };
    for n in installed {
        match apt_package(n, release) {
            Some(p) => pl.add_have(p),
            None => {
                pl.have_other.insert(n.to_string());
            }
        }
    }
    for &n in requested {
        match apt_locate(n, release) {
            AptLocate::Installable(p) => {
                if p.name() != n {
                    pl.plan.selected.push((n.to_string(), p.name()));
                }
                if pl.has(p.name()) {
                    pl.plan.already.push(n.to_string());
                } else {
                    pl.install(p, 0);
                }
            }
            // One provider installed: apt selects it, nothing to do.
            AptLocate::ChooseProvider(v) if v.provides().any(|q| pl.has(q)) => {
                pl.plan.already.push(n.to_string())
            }
            AptLocate::ChooseProvider(v) => pl.plan.failed.push((
                n.to_string(),
                AptFailure::ChooseProvider(v.provides().collect()),
            )),
            AptLocate::NotFound { .. } => {
                pl.plan.failed.push((n.to_string(), AptFailure::NotFound))
            }
            AptLocate::NoCandidate => pl
                .plan
                .failed
                .push((n.to_string(), AptFailure::NoCandidate)),
            AptLocate::Unknown if pl.has(n) => pl.plan.already.push(n.to_string()),
            AptLocate::Unknown => pl.unknown(n),
        }
    }
    pl.plan
}

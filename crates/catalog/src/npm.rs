//! npm package sizes: lookups in the measured table (`npm-packages.csv`),
//! npm's semver ranges, and the estimate of a whole install.

use crate::{MeasureStatus, NpmPackage, NpmTable};

/// Every table the lookups search: tier 1, tier 2 (with the `long-tail`
/// feature), then the long tail loaded at run time ([`crate::load_long_tail`]).
pub fn npm_tables() -> Vec<&'static NpmTable> {
    let mut v: Vec<&'static NpmTable> = vec![&crate::data::NPM_TIER1];
    #[cfg(feature = "long-tail")]
    v.push(&crate::data::NPM_TIER2);
    v.extend(crate::tail::loaded_npm());
    v
}

impl NpmTable {
    /// The rows of `name` in this table.
    pub fn rows_of(&self, name: &str) -> &'static [NpmPackage] {
        let rows: &'static [NpmPackage] = self.rows;
        let start = rows.partition_point(|p| p.name < name);
        let end = start + rows[start..].partition_point(|p| p.name == name);
        &rows[start..end]
    }
}

impl NpmPackage {
    /// The tree as (package name, bytes of every installed copy of it).
    pub fn tree(&self) -> impl Iterator<Item = (&'static str, u64)> + '_ {
        self.tree
            .iter()
            .map(|&(i, _, b)| (self.names.get(i as usize), b as u64))
    }

    /// The tree as (package name, installed copies, bytes of one copy on average).
    pub fn tree_copies(&self) -> impl Iterator<Item = (&'static str, u16, u64)> + '_ {
        self.tree
            .iter()
            .map(|&(i, c, b)| (self.names.get(i as usize), c, b as u64 / c.max(1) as u64))
    }

    /// The `bin` entries (command names it links into `node_modules/.bin`,
    /// or the global bin directory with `-g`).
    pub fn bins(&self) -> impl Iterator<Item = &'static str> {
        self.bins.split(';').filter(|b| !b.is_empty())
    }

    /// Measured without error.
    pub fn is_ok(&self) -> bool {
        self.status == MeasureStatus::Ok && self.installed_bytes.is_some()
    }
}

/// Every measured row of a package (all ranges), once each: where a row is
/// in two tables (tier 1 without its tree, the long tail with it), the one
/// with the tree.
pub fn npm_packages(name: &str) -> Vec<&'static NpmPackage> {
    let name = name.trim().to_ascii_lowercase();
    let mut out: Vec<&'static NpmPackage> = Vec::new();
    for p in npm_tables()
        .into_iter()
        .flat_map(|t| t.rows_of(&name).iter())
    {
        match out.iter_mut().find(|q| q.requested == p.requested) {
            Some(q) if q.tree.is_empty() && !p.tree.is_empty() => *q = p,
            Some(_) => {}
            None => out.push(p),
        }
    }
    if out.is_empty() {
        crate::tail::note_miss();
    }
    out
}

/// The row [`npm_package`] chose.
#[derive(Clone, Copy, Debug)]
pub struct NpmMatch {
    /// The row.
    pub package: &'static NpmPackage,
    /// The row's version satisfies the range asked for (always true without
    /// a range; false when no row does and the newest row stands in).
    pub in_range: bool,
}

/// The measured row for `name` with the range a package.json or a command
/// line gives (`^4.17.1`, `13`, `latest`, or None): a row measured for that
/// very range, else one whose version satisfies it, else the newest release
/// (then `in_range` is false). Only rows measured without error are returned.
pub fn npm_package(name: &str, range: Option<&str>) -> Option<NpmMatch> {
    let rows: Vec<&'static NpmPackage> = npm_packages(name)
        .into_iter()
        .filter(|p| p.is_ok())
        .collect();
    let newest = rows.iter().find(|p| p.requested.is_empty()).copied();
    let range = range
        .map(str::trim)
        .filter(|r| !r.is_empty() && *r != "latest" && *r != "*" && *r != "x" && *r != "X");
    let Some(range) = range else {
        // The newest release asked for; a row measured for a range stands
        // in (flagged) when the newest was not measured.
        return match newest {
            Some(package) => Some(NpmMatch {
                package,
                in_range: true,
            }),
            None => rows.first().map(|&package| NpmMatch {
                package,
                in_range: false,
            }),
        };
    };
    if let Some(p) = rows.iter().find(|p| p.requested == range) {
        return Some(NpmMatch {
            package: p,
            in_range: true,
        });
    }
    // The newest measured version inside the range.
    let mut best: Option<&'static NpmPackage> = None;
    for p in &rows {
        if semver_satisfies(p.version, range) == Some(true)
            && best.is_none_or(|b| crate::version_cmp(p.version, b.version).is_gt())
        {
            best = Some(p);
        }
    }
    match best {
        Some(package) => Some(NpmMatch {
            package,
            in_range: true,
        }),
        None => newest.map(|package| NpmMatch {
            package,
            in_range: false,
        }),
    }
}

// ------------------------------------------------------------------ semver

/// (major, minor, patch, has a pre-release tag)
type Ver = (u64, u64, u64, bool);

fn parse_version(v: &str) -> Option<Ver> {
    let v = v.trim().trim_start_matches(['v', '=']);
    let core = v.split('+').next()?;
    let (core, pre) = match core.split_once('-') {
        Some((c, _)) => (c, true),
        None => (core, false),
    };
    let mut it = core.split('.');
    let a = it.next()?.parse().ok()?;
    let b = it.next()?.parse().ok()?;
    let c = it.next()?.parse().ok()?;
    if it.next().is_some() {
        return None;
    }
    Some((a, b, c, pre))
}

/// A partial version in a range: `1`, `1.2`, `1.2.x`, `*`.
fn parse_partial(v: &str) -> Option<[Option<u64>; 3]> {
    let v = v.trim().trim_start_matches(['v', '=']);
    let v = v.split(['-', '+']).next()?;
    let mut out = [None; 3];
    if v.is_empty() || v == "*" || v == "x" || v == "X" {
        return Some(out);
    }
    for (i, p) in v.split('.').enumerate() {
        if i > 2 {
            return None;
        }
        if p == "x" || p == "X" || p == "*" {
            break;
        }
        out[i] = Some(p.parse().ok()?);
    }
    Some(out)
}

type Bound = (u64, u64, u64);

/// [low, high) of one comparator set term.
fn term_bounds(t: &str) -> Option<(Bound, Option<Bound>)> {
    const ZERO: Bound = (0, 0, 0);
    let lower = |p: [Option<u64>; 3]| (p[0].unwrap_or(0), p[1].unwrap_or(0), p[2].unwrap_or(0));
    if let Some(r) = t.strip_prefix('^') {
        let p = parse_partial(r)?;
        let lo = lower(p);
        let hi = match p {
            [Some(0), Some(0), Some(c)] => (0, 0, c + 1),
            [Some(0), Some(0), None] => (0, 1, 0),
            [Some(0), Some(b), _] => (0, b + 1, 0),
            [Some(a), _, _] => (a + 1, 0, 0),
            [None, _, _] => return Some((ZERO, None)),
        };
        return Some((lo, Some(hi)));
    }
    if let Some(r) = t.strip_prefix('~').map(|r| r.trim_start_matches('>')) {
        let p = parse_partial(r)?;
        let hi = match p {
            [Some(a), Some(b), _] => (a, b + 1, 0),
            [Some(a), None, _] => (a + 1, 0, 0),
            [None, _, _] => return Some((ZERO, None)),
        };
        return Some((lower(p), Some(hi)));
    }
    for op in [">=", "<=", ">", "<", "="] {
        if let Some(r) = t.strip_prefix(op) {
            let p = parse_partial(r)?;
            let lo = lower(p);
            // The first version above the partial (`<=1.2` = `<1.3.0`).
            let next = match p {
                [Some(a), Some(b), Some(c)] => (a, b, c + 1),
                [Some(a), Some(b), None] => (a, b + 1, 0),
                [Some(a), None, _] => (a + 1, 0, 0),
                [None, _, _] => return Some((ZERO, None)),
            };
            return Some(match op {
                ">=" => (lo, None),
                ">" => (next, None),
                "<" => (ZERO, Some(lo)),
                "<=" => (ZERO, Some(next)),
                _ => (lo, Some(next)),
            });
        }
    }
    let p = parse_partial(t)?;
    let next = match p {
        [Some(a), Some(b), Some(c)] => (a, b, c + 1),
        [Some(a), Some(b), None] => (a, b + 1, 0),
        [Some(a), None, _] => (a + 1, 0, 0),
        [None, _, _] => return Some((ZERO, None)),
    };
    Some((lower(p), Some(next)))
}

/// Whether `version` satisfies the npm range `range` (`^4.17.1`, `~1.2`,
/// `>=1 <3`, `1.x || 2`, `1.2.3 - 2`). None when the range is not a semver
/// range (a tag, a URL, `file:`, `npm:` aliases, `workspace:`) or the
/// version is not semver. Pre-release versions satisfy only ranges that
/// name a pre-release (npm's rule, simplified to "never" here).
pub fn semver_satisfies(version: &str, range: &str) -> Option<bool> {
    let (a, b, c, pre) = parse_version(version)?;
    let v = (a, b, c);
    let mut any = false;
    for set in range.split("||") {
        let set = set.trim();
        // Hyphen range: `1.2.3 - 2.3`.
        let terms: Vec<String> = if let Some((lo, hi)) = set.split_once(" - ") {
            vec![format!(">={}", lo.trim()), format!("<={}", hi.trim())]
        } else {
            // `>= 1.2` → `>=1.2`
            let mut out: Vec<String> = Vec::new();
            for w in set.split_whitespace() {
                match out.last_mut() {
                    Some(last)
                        if matches!(last.as_str(), ">=" | "<=" | ">" | "<" | "=" | "^" | "~") =>
                    {
                        last.push_str(w)
                    }
                    _ => out.push(w.to_string()),
                }
            }
            out
        };
        let mut ok = !pre;
        for t in terms
            .iter()
            .map(String::as_str)
            .chain(terms.is_empty().then_some("*"))
        {
            let (lo, hi) = term_bounds(t)?;
            if v < lo || hi.is_some_and(|h| v >= h) {
                ok = false;
            }
        }
        any |= ok;
    }
    Some(any)
}

// ------------------------------------------------------------------ estimate

/// The size of installing several packages into one node_modules (a
/// package.json's dependencies, or `npm install a b c`), from the rows
/// measured one at a time.
#[derive(Clone, Debug, Default)]
pub struct NpmInstallEstimate {
    /// Best estimate, bytes: the union of the trees by package name, each
    /// name counted once at the largest size any of the trees gives it
    /// (npm hoists one copy of a shared package), plus each row's top-level
    /// extras (its `.bin` links and npm's lock file).
    pub value: u64,
    /// Lower bound: the largest single tree.
    pub low: u64,
    /// Upper bound: the trees' sum (nothing shared).
    pub high: u64,
    /// Package names in the union.
    pub n_packages: usize,
    /// The `.tgz` files of the union, estimated from each row's ratio of
    /// tarball to installed bytes; None if a row has no tarball measure.
    pub tarball_bytes: Option<u64>,
    /// The packuments of the union's names, estimated from the rows' mean
    /// packument bytes per package; None if a row has no packument measure.
    pub packument_bytes: Option<u64>,
    /// Rows used, with the name and range asked for.
    pub counted: Vec<(String, NpmMatch)>,
    /// Names with no measured row: the estimate leaves them out.
    pub unknown: Vec<String>,
    /// With a lock file ([`npm_lock_estimate`]): its packages found in the
    /// requested rows' trees, found in another row's tree, and found in none
    /// (counted at the mean size of the others).
    pub lock: Option<(usize, usize, usize)>,
}

impl NpmInstallEstimate {
    /// Every requested package has a row measured in its range.
    pub fn complete(&self) -> bool {
        self.unknown.is_empty()
    }

    /// Rows measured for a version outside the range asked for.
    pub fn out_of_range(&self) -> impl Iterator<Item = &(String, NpmMatch)> {
        self.counted.iter().filter(|(_, m)| !m.in_range)
    }
}

/// Estimates installing `deps` (name, range) together. See
/// [`NpmInstallEstimate`] for the approximation and its bounds.
pub fn npm_install_estimate(deps: &[(&str, Option<&str>)]) -> NpmInstallEstimate {
    estimate_with_union(deps).0
}

/// Like [`npm_install_estimate`], where a lock file says which packages are
/// installed: `lock` holds one (name, version) per entry of the lock (a
/// package nested in several places once per copy; dev dependencies already
/// left out if omitted). Each entry is sized by the version it pins, from
/// the measured trees ([`npm_version_bytes`]): that very version, else the
/// nearest measured one (±30% in the range when of the same major, ±60%
/// otherwise); an entry whose name no tree has is counted at
/// the mean size of the others (the range widens by those). The lock fixes
/// both which packages and which versions; the requested rows only say
/// whether the table knows the project's dependencies.
pub fn npm_lock_estimate(
    deps: &[(&str, Option<&str>)],
    lock: &[(&str, Option<&str>)],
) -> NpmInstallEstimate {
    let (mut e, union) = estimate_with_union(deps);
    if e.counted.is_empty() || lock.is_empty() {
        return e;
    }
    let extras = e.value.saturating_sub(union.values().sum::<u64>());
    let tarball_ratio = e.tarball_bytes.map(|t| t as f64 / e.value.max(1) as f64);
    let others = name_sizes();
    let (mut found, mut elsewhere, mut missing) = (0usize, 0usize, 0usize);
    let (mut known_b, mut spread) = (0u64, 0f64);
    for &(n, v) in lock {
        let sized = v
            .and_then(|v| npm_version_bytes(n, v))
            .map(|(b, m)| (b, m.spread()))
            .or_else(|| others.get(n).map(|&b| (b, VersionMatch::Other.spread())));
        match sized {
            Some((b, s)) => {
                if union.contains_key(n) {
                    found += 1;
                } else {
                    elsewhere += 1;
                }
                known_b += b;
                spread += b as f64 * s;
            }
            None => missing += 1,
        }
    }
    let known = found + elsewhere;
    if known == 0 {
        return e;
    }
    let mean = known_b / known as u64;
    let guess = mean * missing as u64;
    let spread = spread.round() as u64;
    e.value = known_b + guess + extras;
    e.low = (known_b + extras).saturating_sub(spread);
    e.high = e.value + guess + spread;
    let ratio = |x: Option<u64>, old_n: usize| x.map(|x| x as f64 / old_n.max(1) as f64);
    let old_n = e.n_packages;
    let mut names: Vec<&str> = lock.iter().map(|&(n, _)| n).collect();
    layerlab_sort::sort(&mut names);
    names.dedup();
    e.n_packages = names.len();
    e.packument_bytes = ratio(e.packument_bytes, old_n).map(|r| (r * names.len() as f64) as u64);
    e.tarball_bytes = tarball_ratio.map(|r| (r * e.value as f64).round() as u64);
    e.lock = Some((found, elsewhere, missing));
    e
}

/// How a measured version stands for the one asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionMatch {
    /// That very version was measured.
    Exact,
    /// Another version of the same major (of the same minor for `0.x`).
    SameMajor,
    /// Another major.
    Other,
}

impl VersionMatch {
    /// The relative uncertainty of a size measured on another version.
    fn spread(self) -> f64 {
        match self {
            VersionMatch::Exact => 0.0,
            VersionMatch::SameMajor => 0.3,
            VersionMatch::Other => 0.6,
        }
    }
}

/// One installed copy's bytes of `name@version` (its own directory, without
/// nested node_modules), from any measured tree that installed it; else the
/// nearest measured version (by major, then minor, then patch). None when no tree installed the name (or the table
/// with the versions, the long tail, is not in this build).
pub fn npm_version_bytes(name: &str, version: &str) -> Option<(u64, VersionMatch)> {
    let rows = version_rows(name);
    if rows.is_empty() {
        return None;
    }
    if let Some(r) = rows.iter().find(|r| r.1 == version) {
        return Some((r.2 as u64, VersionMatch::Exact));
    }
    let line = |v: &str| -> Option<(u64, Option<u64>)> {
        let mut it = v.split(['.', '-', '+']);
        let major: u64 = it.next()?.parse().ok()?;
        let minor: Option<u64> = it.next().and_then(|m| m.parse().ok());
        Some((major, if major == 0 { minor } else { None }))
    };
    // The nearest measured version: sizes drift release by release.
    let near = rows.iter().min_by_key(|r| version_distance(r.1, version))?;
    let m = if line(version).is_some() && line(near.1) == line(version) {
        VersionMatch::SameMajor
    } else {
        VersionMatch::Other
    };
    Some((near.2 as u64, m))
}

/// How far apart two versions are: major, then minor, then patch.
fn version_distance(a: &str, b: &str) -> (u64, u64, u64) {
    let parts = |v: &str| -> (u64, u64, u64) {
        let mut it = v.split(['.', '-', '+']);
        let mut n = || it.next().and_then(|x| x.parse().ok()).unwrap_or(0);
        (n(), n(), n())
    };
    let (a, b) = (parts(a), parts(b));
    (a.0.abs_diff(b.0), a.1.abs_diff(b.1), a.2.abs_diff(b.2))
}

/// The `NPM_VERSIONS` rows of `name` (empty without the long tail).
fn version_rows(name: &str) -> &'static [(&'static str, &'static str, u32)] {
    let rows = crate::tail::npm_versions_table();
    let start = rows.partition_point(|r| r.0 < name);
    let end = start + rows[start..].partition_point(|r| r.0 == name);
    if start == end {
        crate::tail::note_miss();
    }
    &rows[start..end]
}

/// Every name of every measured tree with one copy's size (the median over
/// the trees that have it).
fn name_sizes() -> std::collections::BTreeMap<&'static str, u64> {
    let mut all: std::collections::BTreeMap<&'static str, Vec<u64>> = Default::default();
    for t in npm_tables() {
        for p in t.rows {
            for (n, _, b) in p.tree_copies() {
                all.entry(n).or_default().push(b);
            }
        }
    }
    all.into_iter()
        .map(|(n, mut v)| {
            layerlab_sort::sort(&mut v);
            (n, v[v.len() / 2])
        })
        .collect()
}

fn estimate_with_union(
    deps: &[(&str, Option<&str>)],
) -> (
    NpmInstallEstimate,
    std::collections::BTreeMap<&'static str, u64>,
) {
    let mut e = NpmInstallEstimate::default();
    let mut union: std::collections::BTreeMap<&'static str, u64> = Default::default();
    let mut tarball = Some(0f64);
    let mut packuments = Some((0u64, 0u64));
    let mut seen: std::collections::BTreeSet<String> = Default::default();
    for &(name, range) in deps {
        let lname = name.trim().to_ascii_lowercase();
        if !seen.insert(lname.clone()) {
            continue;
        }
        let Some(m) = npm_package(&lname, range) else {
            e.unknown.push(lname);
            continue;
        };
        let p = m.package;
        let installed = p.installed_bytes.unwrap_or(0);
        // A row without its tree (the page's tier 1) counts whole.
        let mut tree_sum = 0u64;
        for (n, b) in p.tree() {
            tree_sum += b;
            let slot = union.entry(n).or_default();
            *slot = (*slot).max(b);
        }
        e.value += installed.saturating_sub(tree_sum);
        if p.tree.is_empty() {
            e.n_packages += p.n_packages as usize;
        }
        e.low = e.low.max(installed);
        e.high += installed;
        tarball = match (tarball, p.tarball_bytes) {
            (Some(t), Some(tb)) if installed > 0 => Some(t + tb as f64 / installed as f64),
            _ => None,
        };
        packuments = match (packuments, p.packument_bytes) {
            (Some((b, n)), Some(pb)) => Some((b + pb, n + p.n_packages as u64)),
            _ => None,
        };
        e.counted.push((lname, m));
    }
    e.value += union.values().sum::<u64>();
    e.n_packages += union.len();
    e.value = e.value.clamp(e.low, e.high.max(e.low));
    // The tarballs: the rows' mean ratio of .tgz to installed bytes.
    e.tarball_bytes = tarball
        .filter(|_| !e.counted.is_empty())
        .map(|sum| (e.value as f64 * sum / e.counted.len() as f64).round() as u64);
    e.packument_bytes = packuments
        .filter(|&(_, n)| n > 0)
        .map(|(b, n)| (b as f64 / n as f64 * e.n_packages as f64).round() as u64);
    (e, union)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver_ranges() {
        let yes = [
            ("4.21.2", "^4.17.1"),
            ("4.21.2", "4"),
            ("4.21.2", "4.x"),
            ("4.21.2", "~4.21.0"),
            ("0.11.8", "~0.11.4"),
            ("13.0.3", "~13.0.0"),
            ("2.6.0", ">=2 <3"),
            ("2.6.0", ">= 2.1"),
            ("1.5.0", "1.2.3 - 2"),
            ("3.1.2", "3.1.2"),
            ("3.1.2", "=3.1.2"),
            ("7.0.0", "^6 || ^7"),
            ("0.2.5", "^0.2.3"),
            ("1.0.0", "*"),
            ("1.0.0", ""),
        ];
        for (v, r) in yes {
            assert_eq!(semver_satisfies(v, r), Some(true), "{v} {r}");
        }
        let no = [
            ("5.0.0", "^4.17.1"),
            ("0.3.0", "^0.2.3"),
            ("0.0.4", "^0.0.3"),
            ("4.22.0", "~4.21.0"),
            ("3.0.0", ">=2 <3"),
            ("2.1.0", "1.2.3 - 2.0"),
            ("5.0.0-rc.1", "^5.0.0"),
        ];
        for (v, r) in no {
            assert_eq!(semver_satisfies(v, r), Some(false), "{v} {r}");
        }
        for r in ["latest", "github:user/repo", "file:../x", "npm:other@1"] {
            assert_eq!(semver_satisfies("1.0.0", r), None, "{r}");
        }
    }
}

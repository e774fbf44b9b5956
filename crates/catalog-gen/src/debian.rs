//! `debian-apt.csv` (packages with their dependencies, per release),
//! `debian-apt-releases.csv` (provenance), `debian-gone-<release>.txt` and
//! the baseline package lists.
//!
//! `LAYERLAB_CATALOG_TIER=1` at build time keeps only the tier-1 rows and
//! leaves the gone lists empty (the page's first-screen subset; the
//! catalogue's build script sets it when its `long-tail` feature is off);
//! anything else keeps every row.

use crate::lit::*;
use crate::table::*;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

fn is_deb_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+-.".contains(&b))
}

fn read_baseline(dir: &Path, file: &'static str) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(file))
        .unwrap_or_else(|e| fail(file, 0, &format!("cannot read: {e}")));
    let mut names = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (name, version) = line
            .split_once('=')
            .unwrap_or_else(|| fail(file, i + 1, "expected name=version"));
        if version.is_empty() || !is_deb_name(name) {
            fail(
                file,
                i + 1,
                "expected name=version with a Debian package name",
            );
        }
        names.push(name.to_string());
    }
    names.sort();
    names.dedup();
    names
}

fn read_names(dir: &Path, file: &'static str) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(file))
        .unwrap_or_else(|e| fail(file, 0, &format!("cannot read: {e}")));
    let mut names: Vec<String> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if !is_deb_name(line) {
            fail(file, i + 1, "expected one Debian package name a line");
        }
        if names.last().is_some_and(|l| l.as_str() >= line) {
            fail(file, i + 1, "names are not sorted and unique");
        }
        names.push(line.to_string());
    }
    names
}

/// Whether only tier-1 rows are embedded.
pub fn tier1_only() -> bool {
    std::env::var("LAYERLAB_CATALOG_TIER").is_ok_and(|v| v.trim() == "1")
}

fn release_variant(r: &Row<'_>, col: &str) -> &'static str {
    match r.req(col) {
        "bookworm" => "Bookworm",
        "trixie" => "Trixie",
        _ => r.bad(col, "is not bookworm or trixie"),
    }
}

/// A dependency field: `a|b,c` -> groups of names.
fn groups<'a>(r: &Row<'a>, col: &str) -> Vec<Vec<&'a str>> {
    let Some(s) = r.opt(col) else {
        return Vec::new();
    };
    s.split(',')
        .map(|g| {
            let alts: Vec<&str> = g.split('|').collect();
            if alts.iter().any(|a| !is_deb_name(a)) {
                r.bad(col, "has a group that is not `name|name`");
            }
            alts
        })
        .collect()
}

fn words<'a>(r: &Row<'a>, col: &str) -> Vec<&'a str> {
    let v: Vec<&str> = r.opt(col).map_or(Vec::new(), |s| s.split(' ').collect());
    if v.iter().any(|a| !is_deb_name(a)) {
        r.bad(col, "is not space-separated package names");
    }
    v
}

struct Pkg<'a> {
    name: &'a str,
    release: &'static str,
    version: Option<&'a str>,
    kib: Option<u64>,
    depends: Vec<Vec<&'a str>>,
    recommends: Vec<Vec<&'a str>>,
    provides: Vec<&'a str>,
    priority: u8,
    status: &'static str,
    tier: u8,
}

pub(crate) fn gen_debian(dir: &Path, out: &mut String) {
    let only1 = tier1_only();
    let t = Table::read(
        dir,
        "debian-apt.csv",
        &[
            "release",
            "package",
            "version",
            "installed_kib",
            "depends",
            "recommends",
            "provides",
            "priority",
            "status",
            "tier",
        ],
    );
    let mut pkgs = Vec::new();
    let mut seen = BTreeSet::new();
    for r in rows(&t) {
        let name = r.req("package");
        if !is_deb_name(name) {
            r.bad("package", "is not a Debian package name");
        }
        let release = release_variant(&r, "release");
        if !seen.insert((name, release)) {
            fail(t.file, r.line, &format!("duplicate {name} {release}"));
        }
        let tier: u8 = match r.req("tier") {
            "1" => 1,
            "2" => 2,
            _ => r.bad("tier", "is not 1 or 2"),
        };
        let status = match r.req("status") {
            "package" => "Package",
            "virtual" => "Virtual",
            "absent" => "Absent",
            "no-candidate" => "NoCandidate",
            _ => r.bad("status", "is not package, virtual, absent or no-candidate"),
        };
        let priority = match r.opt("priority") {
            Some("required") => 5,
            Some("important") => 4,
            Some("standard") => 3,
            Some("optional") => 2,
            Some("extra") => 1,
            None => 0,
            Some(_) => r.bad("priority", "is not a Debian priority"),
        };
        let p = Pkg {
            name,
            release,
            version: r.opt("version"),
            kib: r.opt_u64("installed_kib"),
            depends: groups(&r, "depends"),
            recommends: groups(&r, "recommends"),
            provides: words(&r, "provides"),
            priority,
            status,
            tier,
        };
        if (status == "Package") != (p.version.is_some() && p.kib.is_some()) {
            r.bad(
                "status",
                "must be `package` exactly when version and installed_kib are given",
            );
        }
        if status == "Virtual" && p.provides.is_empty() {
            r.bad("provides", "is empty for a virtual name (its providers)");
        }
        if only1 && tier != 1 {
            continue;
        }
        pkgs.push(p);
    }
    pkgs.sort_by(|a, b| (a.name, a.release).cmp(&(b.name, b.release)));
    // Every name a row mentions, indexed.
    let mut all = BTreeSet::new();
    for p in &pkgs {
        all.insert(p.name);
        for g in p.depends.iter().chain(&p.recommends) {
            all.extend(g.iter().copied());
        }
        all.extend(p.provides.iter().copied());
    }
    let names: Vec<&str> = all.into_iter().collect();
    if names.len() >= 0x8000 {
        fail(t.file, 0, "too many names for 15-bit indices");
    }
    let index: HashMap<&str, u16> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (*n, i as u16))
        .collect();
    write_text(out, "APT_NAMES", &names);
    let enc = |gs: &[Vec<&str>]| -> Vec<u16> {
        let mut v = Vec::new();
        for g in gs {
            for (k, a) in g.iter().enumerate() {
                v.push(index[a] | if k > 0 { 0x8000 } else { 0 });
            }
        }
        v
    };
    out.push_str("/// `debian-apt.csv`, sorted by (name, release).\npub(crate) static APT_PACKAGES: &[AptPackage] = &[\n");
    for p in &pkgs {
        let mut prov: Vec<u16> = p.provides.iter().map(|n| index[n]).collect();
        prov.sort();
        let _ = writeln!(
            out,
            "    AptPackage {{ name: {}, release: DebianRelease::{}, version: {}, installed_kib: {}, depends: &{:?}, recommends: &{:?}, provides: &{:?}, priority: {}, status: AptStatus::{}, tier: {} }},",
            index[p.name],
            p.release,
            opt_lit(p.version),
            opt_num(p.kib),
            enc(&p.depends),
            enc(&p.recommends),
            prov,
            p.priority,
            p.status,
            p.tier,
        );
    }
    out.push_str("];\n\n");
    gen_releases(dir, out);
    for (konst, file) in [
        ("APT_GONE_BOOKWORM", "debian-gone-bookworm.txt"),
        ("APT_GONE_TRIXIE", "debian-gone-trixie.txt"),
    ] {
        let names = read_names(dir, file);
        let names: Vec<&str> = if only1 {
            Vec::new()
        } else {
            names.iter().map(String::as_str).collect()
        };
        write_text(out, konst, &names);
    }
    let bookworm = read_baseline(dir, "debian-baseline-bookworm.txt");
    let trixie = read_baseline(dir, "debian-baseline-trixie.txt");
    for (name, list) in [
        ("DEBIAN_BASELINE_BOOKWORM", &bookworm),
        ("DEBIAN_BASELINE_TRIXIE", &trixie),
    ] {
        let _ = writeln!(out, "/// Baseline (\"minimal Debian\") package names, sorted.\npub(crate) static {name}: &[&str] = &[");
        for n in list.iter() {
            let _ = writeln!(out, "    {},", lit(n));
        }
        out.push_str("];\n\n");
    }
}

fn gen_releases(dir: &Path, out: &mut String) {
    let t = Table::read(
        dir,
        "debian-apt-releases.csv",
        &[
            "release",
            "point_release",
            "release_date",
            "updates_date",
            "security_date",
            "read_date",
            "apt_version",
            "packages_in_lists",
            "rows",
            "method",
        ],
    );
    let mut seen = BTreeSet::new();
    out.push_str("/// `debian-apt-releases.csv`: where each release's rows come from.\npub(crate) static APT_RELEASES: &[AptRelease] = &[\n");
    for r in rows(&t) {
        let rel = release_variant(&r, "release");
        if !seen.insert(rel) {
            fail(t.file, r.line, &format!("duplicate release {rel}"));
        }
        let _ = writeln!(
            out,
            "    AptRelease {{ release: DebianRelease::{rel}, point_release: {}, release_date: {}, updates_date: {}, security_date: {}, read_date: {}, apt_version: {}, packages_in_lists: {}, method: {} }},",
            lit(r.req("point_release")),
            date_lit(r.date("release_date")),
            date_lit(r.date("updates_date")),
            date_lit(r.date("security_date")),
            date_lit(r.date("read_date")),
            lit(r.req("apt_version")),
            r.u64("packages_in_lists"),
            lit(r.req("method")),
        );
        r.u64("rows");
    }
    if seen.len() != 2 {
        fail(
            t.file,
            0,
            "expected one row for bookworm and one for trixie",
        );
    }
    out.push_str("];\n\n");
}

/// Sorted names as one text and `u32` offsets (`<K>_TEXT`, `<K>_OFFSETS`).
fn write_text(out: &mut String, konst: &str, names: &[&str]) {
    let mut joined = String::new();
    let mut offsets = Vec::with_capacity(names.len() + 1);
    for n in names {
        offsets.push(joined.len() as u32);
        joined.push_str(n);
    }
    offsets.push(joined.len() as u32);
    let _ = writeln!(
        out,
        "/// Sorted package names, concatenated.\npub(crate) static {konst}_TEXT: &str = {};\n/// Start of each name in `{konst}_TEXT`, plus the end.\npub(crate) static {konst}_OFFSETS: &[u32] = &{:?};\n",
        lit(&joined),
        offsets
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert!(is_deb_name("libstdc++6"));
        assert!(is_deb_name("python3.11-dev"));
        assert!(!is_deb_name("Foo"));
        assert!(!is_deb_name("a b"));
        assert!(!is_deb_name(""));
    }
}

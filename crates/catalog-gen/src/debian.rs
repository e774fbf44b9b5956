//! `debian-packages.csv` and the baseline package lists.

use crate::lit::*;
use crate::table::*;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

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
        if name.is_empty()
            || version.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.:".contains(&b))
        {
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

pub(crate) fn gen_debian(dir: &Path, out: &mut String) {
    let t = Table::read(
        dir,
        "debian-packages.csv",
        &[
            "package",
            "debian_release",
            "own_installed_kib",
            "with_deps_installed_kib",
            "deps_counted",
            "archive_download_bytes",
            "with_recommends_installed_kib",
            "with_recommends_pkgs",
            "with_recommends_download_bytes",
            "packages_installed",
            "status",
        ],
    );
    let bookworm = read_baseline(dir, "debian-baseline-bookworm.txt");
    let trixie = read_baseline(dir, "debian-baseline-trixie.txt");
    let mut names = BTreeSet::new();
    let mut debs = Vec::new();
    let mut seen = BTreeSet::new();
    for r in rows(&t) {
        let d = read_deb(&r);
        if !seen.insert((d.name.clone(), d.release)) {
            fail(
                t.file,
                r.line,
                &format!("duplicate {} {}", d.name, d.release),
            );
        }
        names.extend(d.installs.iter().cloned());
        debs.push(d);
    }
    let index = write_names(out, t.file, names.into_iter().collect());
    debs.sort_by(|a, b| (a.name.as_str(), a.release).cmp(&(b.name.as_str(), b.release)));
    out.push_str("/// `debian-packages.csv`, sorted by (name, release).\npub static DEBIAN_PACKAGES: &[DebianPackage] = &[\n");
    for d in &debs {
        let mut idx: Vec<usize> = d.installs.iter().map(|n| index[n.as_str()]).collect();
        idx.sort();
        let _ = writeln!(
            out,
            "    DebianPackage {{ name: {}, release: DebianRelease::{}, {}, installs: &{:?} }},",
            lit(&d.name),
            d.release,
            d.fields,
            idx
        );
    }
    out.push_str("];\n\n");
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

/// A row of `debian-packages.csv`, read.
struct Deb {
    name: String,
    /// The `DebianRelease` variant.
    release: &'static str,
    /// The literal's fields but name, release and installs.
    fields: String,
    /// The names of the packages it installs.
    installs: Vec<String>,
}

fn read_deb(r: &Row<'_>) -> Deb {
    let name = r.req("package");
    let rel = r.req("debian_release");
    let release = if rel.starts_with("Debian 12 bookworm") {
        "Bookworm"
    } else if rel.starts_with("Debian 13 trixie") {
        "Trixie"
    } else {
        r.bad(
            "debian_release",
            "is not Debian 12 bookworm or Debian 13 trixie",
        )
    };
    let status = r.req("status");
    let status_lit = if status == "ok" {
        "DebianStatus::Ok".to_string()
    } else if status.starts_with("ok (") {
        "DebianStatus::VirtualOrBaseline".to_string()
    } else if let Some(msg) = status.strip_prefix("NOT AVAILABLE: ") {
        format!("DebianStatus::NotAvailable({})", lit(msg))
    } else {
        r.bad("status", "is not ok / ok (…) / NOT AVAILABLE: …")
    };
    let kib = |c: &str| -> Option<u32> {
        r.opt_u64(c)
            .map(|v| u32::try_from(v).unwrap_or_else(|_| r.bad(c, "is too large for KiB")))
    };
    let installs = installed_names(r);
    let deps: u16 = r.opt("deps_counted").map_or(0, |d| {
        d.parse()
            .unwrap_or_else(|_| r.bad("deps_counted", "is not an integer"))
    });
    if status == "ok" && installs.len() != deps as usize {
        r.bad(
            "deps_counted",
            &format!("does not match the {} packages listed", installs.len()),
        );
    }
    let rec_pkgs: Option<u16> = r.opt("with_recommends_pkgs").map(|v| {
        v.parse()
            .unwrap_or_else(|_| r.bad("with_recommends_pkgs", "is not an integer"))
    });
    let fields = format!(
        "own_installed_kib: {}, with_deps_installed_kib: {}, deps_counted: {deps}, archive_download_bytes: {}, with_recommends_installed_kib: {}, with_recommends_pkgs: {}, with_recommends_download_bytes: {}, status: {status_lit}",
        opt_num(kib("own_installed_kib")),
        opt_num(kib("with_deps_installed_kib")),
        opt_num(r.opt_u64("archive_download_bytes")),
        opt_num(kib("with_recommends_installed_kib")),
        opt_num(rec_pkgs),
        opt_num(r.opt_u64("with_recommends_download_bytes")),
    );
    Deb {
        name: name.to_string(),
        release,
        fields,
        installs,
    }
}

/// `packages_installed`: `name=version;…`, the names.
fn installed_names(r: &Row<'_>) -> Vec<String> {
    r.opt("packages_installed")
        .map(|s| {
            s.split(';')
                .map(|p| {
                    let (n, v) = p.split_once('=').unwrap_or_else(|| {
                        r.bad("packages_installed", "has an entry without =version")
                    });
                    if n.is_empty() || v.is_empty() {
                        r.bad("packages_installed", "has an empty name or version");
                    }
                    n.to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The package names, sorted and concatenated with their offsets; returns
/// each name's index.
fn write_names(out: &mut String, file: &'static str, names: Vec<String>) -> HashMap<String, usize> {
    if names.len() > u16::MAX as usize {
        fail(file, 0, "too many distinct package names for u16 indices");
    }
    let mut joined = String::new();
    let mut offsets = Vec::new();
    for n in &names {
        offsets.push(joined.len());
        joined.push_str(n);
    }
    offsets.push(joined.len());
    if joined.len() > u16::MAX as usize {
        fail(file, 0, "package names exceed 64 KiB");
    }
    let _ = writeln!(
        out,
        "/// Package names referenced by `DebianPackage::installs`, sorted and concatenated.\npub(crate) static DEBIAN_NAMES_TEXT: &str = {};\n/// Start of each name in `DEBIAN_NAMES_TEXT`, plus its length.\npub(crate) static DEBIAN_NAME_OFFSETS: &[u16] = &{:?};\n",
        lit(&joined),
        offsets
    );
    names.into_iter().enumerate().map(|(i, n)| (n, i)).collect()
}

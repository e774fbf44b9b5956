//! `apk-packages.csv`: Alpine packages.

use crate::lit::*;
use crate::table::*;
use std::fmt::Write as _;
use std::path::Path;

pub(crate) fn gen_apk(dir: &Path, out: &mut String) {
    let t = Table::read(
        dir,
        "apk-packages.csv",
        &[
            "alpine_release",
            "arch",
            "package",
            "version",
            "installed_size_as_printed",
            "installed_size_bytes_approx",
            "download_size_as_printed",
            "source",
            "source_ref",
            "date",
        ],
    );
    let mut pkgs = Vec::new();
    let mut layers = String::new();
    for r in rows(&t) {
        let rel = r.req("alpine_release");
        let relnum = rel.strip_prefix('v').unwrap_or(rel);
        if !crate::tagparse::is_dotted_number(relnum) {
            r.bad("alpine_release", "is not X.Y[.Z] or vX.Y");
        }
        let mut it = relnum.split('.').map(|p| {
            p.parse::<u8>()
                .unwrap_or_else(|_| r.bad("alpine_release", "has a component over 255"))
        });
        let branch = (
            it.next().unwrap(),
            it.next()
                .unwrap_or_else(|| r.bad("alpine_release", "has no minor version")),
        );
        let date_text = r.req("date");
        let date = date_text
            .rsplit(' ')
            .next()
            .and_then(parse_date)
            .unwrap_or_else(|| r.bad("date", "does not end with a YYYY-MM-DD date"));
        let detail = format!("{} {}", r.req("source"), r.req("source_ref"));
        let pkg = r.req("package");
        if let Some(cmd) = pkg.strip_prefix("LAYER: ") {
            let printed = r.req("download_size_as_printed");
            let bytes: u64 = printed
                .split_whitespace()
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| {
                    r.bad(
                        "download_size_as_printed",
                        "does not start with a byte count on a LAYER row",
                    )
                });
            let _ = writeln!(
                layers,
                "    ApkLayer {{ alpine_release: {}, command: {}, compressed_bytes: {bytes}, source: {} }},",
                lit(rel),
                lit(cmd),
                source_lit("apk-packages.csv", &detail, date)
            );
            continue;
        }
        if !pkg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.+".contains(&b))
        {
            r.bad("package", "is not an apk package name");
        }
        let origin = if r.req("source").starts_with("docker-library/repo-info") {
            "ImageListing"
        } else if r.req("source").starts_with("pkgs.alpinelinux.org") {
            "PackagePage"
        } else {
            r.bad(
                "source",
                "is neither docker-library/repo-info nor pkgs.alpinelinux.org",
            )
        };
        pkgs.push((
            pkg.to_string(),
            branch,
            format!(
                "    ApkPackage {{ alpine_release: {}, branch: ({}, {}), arch: {}, name: {}, version: {}, installed_printed: {}, installed_bytes: {}, download_printed: {}, origin: ApkOrigin::{origin}, source: {} }},\n",
                lit(rel),
                branch.0,
                branch.1,
                lit(r.req("arch")),
                lit(pkg),
                lit(r.req("version")),
                lit(r.req("installed_size_as_printed")),
                r.u64("installed_size_bytes_approx"),
                opt_lit(r.opt("download_size_as_printed")),
                source_lit("apk-packages.csv", &detail, date),
            ),
        ));
    }
    // by name, newest branch first; stable for equal keys (file order)
    pkgs.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    out.push_str("/// `apk-packages.csv` package rows, sorted by (name, newest branch first).\npub static APK_PACKAGES: &[ApkPackage] = &[\n");
    for p in &pkgs {
        out.push_str(&p.2);
    }
    out.push_str(
        "];\n\n/// `apk-packages.csv` LAYER rows.\npub static APK_LAYERS: &[ApkLayer] = &[\n",
    );
    out.push_str(&layers);
    out.push_str("];\n\n");
}

//! `python-tag-history.csv`: the Python tags published over time.

use crate::lit::*;
use crate::table::*;
use std::collections::BTreeMap;
use std::path::Path;

pub(crate) fn gen_python_history(dir: &Path, out: &mut String) {
    let t = Table::read(
        dir,
        "python-tag-history.csv",
        &[
            "minor_version",
            "release_kind",
            "variant_suffix",
            "variant_group",
            "first_seen_date",
            "last_seen_date",
            "removed_date",
            "removed_commit",
            "present_at_head",
            "presence_intervals",
            "first_full_version",
            "last_full_version",
        ],
    );
    let mut items = BTreeMap::new();
    for r in rows(&t) {
        let minor = r.req("minor_version");
        if !crate::tagparse::is_dotted_number(minor) || minor.split('.').count() != 2 {
            r.bad("minor_version", "is not X.Y");
        }
        let pre = match r.req("release_kind") {
            "final" => false,
            "prerelease" => true,
            _ => r.bad("release_kind", "is not final or prerelease"),
        };
        let suffix = match r.req("variant_suffix") {
            "(none)" => "",
            s => s,
        };
        let present = match r.req("present_at_head") {
            "yes" => true,
            "no" => false,
            _ => r.bad("present_at_head", "is not yes/no"),
        };
        let removed = r.opt_date("removed_date");
        if present == removed.is_some() {
            r.bad(
                "removed_date",
                "must be empty exactly when present_at_head is yes",
            );
        }
        let removed_commit = r.opt("removed_commit").map(|c| c.get(..12).unwrap_or(c));
        let intervals: u8 = r
            .req("presence_intervals")
            .parse()
            .unwrap_or_else(|_| r.bad("presence_intervals", "is not a small integer"));
        let first = r.date("first_seen_date");
        let last_seen = r.date("last_seen_date");
        if last_seen < first {
            r.bad("last_seen_date", "is before first_seen_date");
        }
        let key = (minor.to_string(), pre, suffix.to_string());
        let item = format!(
            "    PyTagHistory {{ minor: {}, prerelease: {pre}, suffix: {}, variant_group: {}, first_seen: {}, last_seen: {}, removed: {}, removed_commit: {}, present_at_head: {present}, presence_intervals: {intervals}, first_full_version: {}, last_full_version: {} }},\n",
            lit(minor),
            lit(suffix),
            match r.req("variant_group") {
                "default" => "VariantGroup::Default",
                "debian-full" => "VariantGroup::DebianFull",
                "debian-slim" => "VariantGroup::DebianSlim",
                "slim (unsuffixed)" => "VariantGroup::Slim",
                "alpine" => "VariantGroup::Alpine",
                "windowsservercore" => "VariantGroup::WindowsServerCore",
                "onbuild" => "VariantGroup::Onbuild",
                _ => r.bad("variant_group", "is not a known variant group"),
            },
            date_lit(first),
            date_lit(last_seen),
            opt_date_lit(removed),
            opt_lit(removed_commit),
            lit(r.req("first_full_version")),
            lit(r.req("last_full_version")),
        );
        if items.insert(key, item).is_some() {
            fail(
                t.file,
                r.line,
                "duplicate (minor_version, release_kind, variant_suffix)",
            );
        }
    }
    out.push_str("/// `python-tag-history.csv`, sorted by (minor, prerelease, suffix).\npub static PYTHON_TAG_HISTORY: &[PyTagHistory] = &[\n");
    for v in items.values() {
        out.push_str(v);
    }
    out.push_str("];\n\n");
}

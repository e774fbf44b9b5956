//! `npm-packages.csv`: measured npm packages with their dependency trees.
//!
//! Two tables are generated: tier 1 (`NPM_TIER1`, embedded everywhere: the
//! packages the corpus's install lines name, their sizes without their
//! trees) and tier 2 (`NPM_TIER2`: every row with its tree, behind the
//! catalogue's `long-tail` feature, which the CLI enables and the page leaves
//! out). Each table carries its own name list, so a tier can be left out or
//! added without the other.

use crate::lit::*;
use crate::table::*;
use std::collections::BTreeMap;
use std::path::Path;

/// One row, ready to print once the tier's name indices are known.
struct NpmRow {
    key: (String, String),
    tier: u8,
    fields: String,
    /// (name, (bytes of every installed copy of that name in the tree, copies))
    tree: Vec<(String, (u64, u16))>,
}

fn valid_name(n: &str) -> bool {
    let body = match n.strip_prefix('@') {
        Some(rest) => match rest.split_once('/') {
            Some((scope, name)) if !scope.is_empty() && !name.is_empty() => {
                return [scope, name].iter().all(|p| valid_part(p))
            }
            _ => return false,
        },
        None => n,
    };
    valid_part(body)
}

fn valid_part(p: &str) -> bool {
    !p.is_empty()
        && p.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._~".contains(&b))
}

/// `name@1.2.3=4567` → (name, version, bytes).
fn tree_entry(r: &Row, e: &str) -> (String, String, u64) {
    let (nv, bytes) = e
        .rsplit_once('=')
        .unwrap_or_else(|| r.bad("tree", "has an entry without `=bytes`"));
    let at = nv[1..]
        .find('@')
        .map(|i| i + 1)
        .unwrap_or_else(|| r.bad("tree", "has an entry without `@version`"));
    let bytes = bytes
        .parse()
        .unwrap_or_else(|_| r.bad("tree", "has a size that is not an integer"));
    (nv[..at].to_string(), nv[at + 1..].to_string(), bytes)
}

pub(crate) fn gen_npm(dir: &Path, out: &mut String) {
    let t = Table::read(
        dir,
        "npm-packages.csv",
        &[
            "package",
            "requested_spec",
            "version",
            "tier",
            "rank",
            "named_in",
            "installed_bytes",
            "allocated_bytes",
            "n_packages",
            "own_bytes",
            "tarball_bytes",
            "packument_bytes",
            "bins",
            "tree",
            "measured_on",
            "node_version",
            "npm_version",
            "ranking_source",
            "method",
            "status",
        ],
    );
    let mut out_rows: BTreeMap<(String, String), NpmRow> = BTreeMap::new();
    // Every (name, version) any measured tree installed, with each copy's bytes.
    let mut versions: BTreeMap<(String, String), Vec<u64>> = BTreeMap::new();
    for r in rows(&t) {
        let name = r.req("package");
        if !valid_name(name) {
            r.bad("package", "is not a valid npm package name");
        }
        let spec = r.req("requested_spec");
        let requested = match spec.strip_prefix(name) {
            Some("") => "",
            Some(rest) => rest
                .strip_prefix('@')
                .unwrap_or_else(|| r.bad("requested_spec", "is not `name` or `name@range`")),
            None => r.bad("requested_spec", "does not start with the package name"),
        };
        let tier: u8 = match r.req("tier") {
            "1" => 1,
            "2" => 2,
            _ => r.bad("tier", "is not 1 or 2"),
        };
        let status = r.req("status");
        let status_lit = if status == "ok" {
            "MeasureStatus::Ok".to_string()
        } else if status.starts_with("FAILED") {
            format!("MeasureStatus::Failed({})", lit(status))
        } else {
            r.bad("status", "is not ok / FAILED…")
        };
        let installed = r.opt_u64("installed_bytes");
        let tree: Vec<(String, String, u64)> = match r.opt("tree") {
            Some(tr) => tr.split(';').map(|e| tree_entry(&r, e)).collect(),
            None => Vec::new(),
        };
        if status == "ok" {
            if installed.is_none() {
                r.bad("installed_bytes", "is empty on an ok row");
            }
            if !tree.iter().any(|(n, _, _)| n == name) {
                r.bad("tree", "does not hold the package itself");
            }
            r.req("node_version");
            r.req("npm_version");
            r.req("method");
        }
        let n_packages: u16 = r.opt("n_packages").map_or(0, |n| {
            n.parse()
                .unwrap_or_else(|_| r.bad("n_packages", "is not an integer"))
        });
        if status == "ok" && n_packages as usize != tree.len() {
            r.bad("n_packages", "is not the number of tree entries");
        }
        // Sum the copies of a name (nested versions) into one entry.
        let mut by_name: BTreeMap<String, (u64, u16)> = BTreeMap::new();
        for (n, v, b) in tree {
            if status == "ok" {
                versions.entry((n.clone(), v)).or_default().push(b);
            }
            let e = by_name.entry(n).or_default();
            e.0 += b;
            e.1 += 1;
        }
        let rank = r.opt("rank").map_or("None".to_string(), |n| {
            let n: u16 = n
                .parse()
                .unwrap_or_else(|_| r.bad("rank", "is not an integer"));
            format!("Some({n})")
        });
        let detail = match r.opt("node_version") {
            Some(node) => format!(
                "npm install --ignore-scripts, node {node}, npm {}, linux x64",
                r.s("npm_version")
            ),
            None => "not measured".to_string(),
        };
        let date = r.date("measured_on");
        let fields = format!(
            "name: {}, requested: {}, version: {}, installed_bytes: {}, allocated_bytes: {}, own_bytes: {}, tarball_bytes: {}, packument_bytes: {}, n_packages: {n_packages}, rank: {rank}, bins: {}, status: {status_lit}, source: {}",
            lit(name),
            lit(requested),
            lit(r.s("version")),
            opt_num(installed),
            opt_num(r.opt_u64("allocated_bytes")),
            opt_num(r.opt_u64("own_bytes")),
            opt_num(r.opt_u64("tarball_bytes")),
            opt_num(r.opt_u64("packument_bytes")),
            lit(r.s("bins")),
            source_lit("npm-packages.csv", &detail, date),
        );
        let key = (name.to_string(), requested.to_string());
        let row = NpmRow {
            key: key.clone(),
            tier,
            fields,
            tree: by_name.into_iter().collect(),
        };
        if out_rows.insert(key, row).is_some() {
            fail(t.file, r.line, &format!("duplicate row {spec}"));
        }
    }
    // Tier 1 keeps the sizes without the trees (the page's budget); the CLI's
    // tier 2 holds every row with its tree, tier 1's included.
    let tier1: Vec<&NpmRow> = out_rows.values().filter(|r| r.tier == 1).collect();
    emit_tier(out, 1, &tier1, false);
    let all: Vec<&NpmRow> = out_rows.values().collect();
    emit_tier(out, 2, &all, true);
    emit_versions(out, &versions);
}

/// `NPM_VERSIONS` (tier 2): one package directory's bytes per (name,
/// version) installed in any measured tree (the median over its copies),
/// for sizing a lock file's entries by the versions it pins.
fn emit_versions(out: &mut String, versions: &BTreeMap<(String, String), Vec<u64>>) {
    out.push_str("/// One copy's bytes of every (name, version) in the measured trees, sorted.\n#[cfg(feature = \"long-tail\")]\npub(crate) static NPM_VERSIONS: &[(&str, &str, u32)] = &[\n");
    for ((n, v), bytes) in versions {
        let mut b = bytes.clone();
        b.sort_unstable();
        let m = u32::try_from(b[b.len() / 2])
            .unwrap_or_else(|_| fail("npm-packages.csv", 0, &format!("{n}@{v}: over 4 GB")));
        out.push_str(&format!("    ({}, {}, {m}),\n", lit(n), lit(v)));
    }
    out.push_str("];\n\n");
}

fn emit_tier(out: &mut String, tier: u8, rows: &[&NpmRow], trees: bool) {
    let mut names: Vec<&str> = rows
        .iter()
        .filter(|_| trees)
        .flat_map(|r| r.tree.iter().map(|(n, _)| n.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    let index = |n: &str| names.binary_search(&n).expect("collected above");
    let mut text = String::new();
    let mut offsets = Vec::new();
    for n in &names {
        offsets.push(text.len());
        text.push_str(n);
    }
    offsets.push(text.len());
    let cfg = if tier == 2 {
        "#[cfg(feature = \"long-tail\")]\n"
    } else {
        ""
    };
    out.push_str(&format!(
        "/// The names of `NPM_TIER{tier}`'s trees.\n{cfg}pub(crate) static NPM_NAMES{tier}: NpmNames = NpmNames {{\n    text: {},\n    offsets: &{offsets:?},\n}};\n\n",
        lit(&text)
    ));
    out.push_str(&format!(
        "/// `npm-packages.csv` tier {tier} rows, sorted by (name, requested range).\n{cfg}pub(crate) static NPM_TIER{tier}: NpmTable = NpmTable {{\n    rows: &[\n"
    ));
    for r in rows {
        let tree: Vec<String> = r
            .tree
            .iter()
            .filter(|_| trees)
            .map(|(n, (b, copies))| {
                let b = u32::try_from(*b).unwrap_or_else(|_| {
                    fail(
                        "npm-packages.csv",
                        0,
                        &format!("{}: tree entry {n} over 4 GB", r.key.0),
                    )
                });
                format!("({}, {copies}, {b})", index(n))
            })
            .collect();
        out.push_str(&format!(
            "        NpmPackage {{ {}, tier: {}, names: &NPM_NAMES{tier}, tree: &[{}] }},\n",
            r.fields,
            r.tier,
            tree.join(", ")
        ));
    }
    out.push_str("    ],\n};\n\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        for ok in ["express", "@angular/cli", "lodash.merge", "a-b_c~d"] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in ["Express", "@scope", "@/x", "", "a b", "@a/"] {
            assert!(!valid_name(bad), "{bad}");
        }
    }
}

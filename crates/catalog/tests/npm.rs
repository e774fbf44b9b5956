//! The npm table (`npm-packages.csv`): its shape and provenance, and the lookups.

use layerlab_catalog::{
    npm_install_estimate, npm_package, npm_packages, npm_tables, semver_satisfies, Date,
    MeasureStatus,
};

fn all_rows() -> Vec<&'static layerlab_catalog::NpmPackage> {
    npm_tables()
        .into_iter()
        .flat_map(|t| t.rows.iter())
        .collect()
}

#[test]
fn the_table_has_its_shape_and_provenance() {
    let tables = npm_tables();
    assert!(tables.len() >= 2, "tier 1 and the long tail (CLI build)");
    let long_tail = tables[1].rows;
    // ≥ 500 packages measured (the top 500 by downloads plus the named ones).
    let ok = long_tail.iter().filter(|p| p.is_ok()).count();
    assert!(ok >= 500, "{ok} rows measured");
    for p in long_tail {
        assert_eq!(p.source.table, "npm-packages.csv");
        assert!(p.source.date >= Date::ymd(2026, 12, 6), "{}", p.name);
        if !p.is_ok() {
            assert!(matches!(p.status, MeasureStatus::Failed(_)), "{}", p.name);
            continue;
        }
        assert!(p.source.detail.contains("node v") && p.source.detail.contains("npm "));
        let installed = p.installed_bytes.unwrap();
        let own = p.own_bytes.expect("own bytes");
        let tree: u64 = p.tree().map(|(_, b)| b).sum();
        assert!(own <= tree && tree <= installed, "{}", p.name);
        assert!(p.tree().any(|(n, _)| n == p.name), "{} in its tree", p.name);
        assert!(!p.version.is_empty());
        if !p.requested.is_empty() {
            assert_ne!(
                semver_satisfies(p.version, p.requested),
                Some(false),
                "{}@{} measured {}",
                p.name,
                p.requested,
                p.version
            );
        }
    }
    // Tier 1 (the page's first screen) carries sizes without trees.
    assert!(!tables[0].rows.is_empty());
    for p in tables[0].rows {
        assert_eq!(p.tier, 1);
        assert!(p.tree.is_empty(), "{}", p.name);
    }
}

#[test]
fn rows_are_sorted_for_the_lookups() {
    for t in npm_tables() {
        for w in t.rows.windows(2) {
            assert!(
                (w[0].name, w[0].requested) < (w[1].name, w[1].requested),
                "{} {}",
                w[0].name,
                w[1].name
            );
        }
    }
    assert!(all_rows().len() > 500);
}

#[test]
fn ranges_pick_a_release_inside_them() {
    let newest = npm_package("express", None).expect("express");
    assert!(newest.in_range);
    assert!(newest.package.requested.is_empty());
    let v4 = npm_package("express", Some("^4.17.1")).expect("express 4");
    assert!(
        v4.package.version.starts_with("4."),
        "{}",
        v4.package.version
    );
    assert!(v4.in_range);
    // A range no row satisfies: the newest release stands in, flagged.
    let old = npm_package("express", Some("^2.0.0")).expect("a stand-in");
    assert!(!old.in_range);
    // Names are case-insensitive; the tree's names resolve.
    assert!(npm_package("Express", None).is_some());
    assert!(newest.package.tree().any(|(n, _)| n == "body-parser"));
    assert!(npm_package("no-such-package-layerlab", None).is_none());
    // Tier 1 rows come back with their tree (from the long tail).
    let cli = npm_packages("@angular/cli");
    assert!(cli.iter().all(|p| !p.tree.is_empty()));
}

#[test]
fn bins_are_listed() {
    let ts = npm_package("typescript", None).unwrap().package;
    let bins: Vec<&str> = ts.bins().collect();
    assert!(bins.contains(&"tsc"), "{bins:?}");
}

#[test]
fn a_join_counts_shared_packages_once() {
    let react = npm_package("react", Some("^17.0.2")).unwrap().package;
    let dom = npm_package("react-dom", Some("^17.0.2")).unwrap().package;
    let e = npm_install_estimate(&[("react", Some("^17.0.2")), ("react-dom", Some("^17.0.2"))]);
    assert!(e.complete());
    // react-dom's tree holds react: the join is react-dom's tree, not the sum.
    let dom_b = dom.installed_bytes.unwrap();
    assert!(e.value < react.installed_bytes.unwrap() + dom_b);
    assert!(
        e.value.abs_diff(dom_b) * 50 < dom_b,
        "{} vs {}",
        e.value,
        dom_b
    );
    assert_eq!(e.low, dom_b);
    assert!(e.high > e.value);
    let e = npm_install_estimate(&[("express", None), ("no-such-package-layerlab", None)]);
    assert!(!e.complete());
    assert_eq!(e.unknown, ["no-such-package-layerlab"]);
    assert!(e.value > 0);
}

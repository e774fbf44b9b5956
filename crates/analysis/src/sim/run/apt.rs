//! apt-get and apt: package lists, installs with and without recommended packages, clean.

use super::ctx::RunCtx;
use crate::sim::size::{human, Bytes};
use crate::sim::vfs::{Kind, Origin};
use crate::sim::{LayerFact, LeftoverKind};
use layerlab_catalog as catalog;
// apt, apk

pub(super) fn apt(mut cx: RunCtx, prog: &str, args: &[String]) {
    if !has_apt(&mut cx, prog) {
        return;
    }
    let codename = cx
        .base_facts()
        .and_then(|f| f.codename.clone())
        .unwrap_or_else(|| "bookworm".into());
    let sub = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .cloned()
        .unwrap_or_default();
    match sub.as_str() {
        "update" => update(&mut cx, prog, &codename),
        "install" => install(&mut cx, prog, args, &codename),
        "clean" | "dist-clean" | "autoclean" => {
            cx.remove("/var/cache/apt/archives", &format!("{prog} {sub}"));
            if sub == "dist-clean" {
                cx.remove("/var/lib/apt/lists", "apt-get dist-clean");
            }
        }
        _ => {}
    }
}

/// An image with another package manager has no apt: the build fails here
/// (false, and the layer says so).
fn has_apt(cx: &mut RunCtx, prog: &str) -> bool {
    let pm = cx.stage().package_manager.clone();
    let Some(pm) = pm.filter(|p| p != "apt") else {
        return true;
    };
    cx.note(format!(
        "{prog}: this image has no apt ({pm} is its package manager); the build fails here"
    ));
    cx.fact(LayerFact::WrongPackageManager {
        program: prog.to_string(),
        has: pm,
    });
    false
}

/// `apt-get update`: the release's package lists, a leftover.
fn update(cx: &mut RunCtx, prog: &str, codename: &str) {
    let size = catalog::DebianRelease::from_codename(codename).map(|r| r.apt_lists_bytes().value);
    let dir = "/var/lib/apt/lists";
    let b = match size {
        Some(n) => Bytes::exact(n),
        None => Bytes::UNKNOWN,
    };
    cx.put(
        &format!("{dir}/{codename}_Packages"),
        Kind::File,
        b,
        Origin::Run {
            command: format!("{prog} update"),
        },
    );
    cx.note(format!("apt lists for {codename}: {b}"));
    cx.leftover(
        LeftoverKind::AptLists,
        dir,
        b,
        format!("{prog} update leaves {b} of package lists in {dir}; remove them in the same RUN (rm -rf {dir}/*)"),
    );
}

/// dpkg's record of an installed package, standing for its files.
fn dpkg_list(cx: &mut RunCtx, prog: &str, name: &str, size: Bytes) {
    cx.put_opaque_file(
        &format!("/var/lib/dpkg/info/{name}.list"),
        size,
        Origin::Run {
            command: format!("{prog} install {name}"),
        },
    );
}

/// `apt-get install`: each package with its share of the estimate.
fn install(cx: &mut RunCtx, prog: &str, args: &[String], codename: &str) {
    let no_rec = args.iter().any(|a| {
        a == "--no-install-recommends"
            || a.contains("Install-Recommends=false")
            || a.contains("Install-Recommends=0")
    });
    let names: Vec<&str> = args
        .iter()
        .skip_while(|a| *a != "install")
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .map(|p| p.split('=').next().unwrap_or(p))
        .collect();
    if !names.is_empty() {
        cx.system_packages(prog);
    }
    let Some(release) = catalog::DebianRelease::from_codename(codename) else {
        cx.note(format!(
            "{prog} install: the Debian release of this image is not in the tables; sizes unknown"
        ));
        for n in &names {
            dpkg_list(cx, prog, n, Bytes::UNKNOWN);
        }
        return;
    };
    // Packages installed together share dependencies: the catalogue
    // counts a package whose whole dependency set is inside another's
    // once, and gives a range (largest closure .. sum) otherwise.
    let est = catalog::apt_install_estimate(&names, release);
    let (low, high) = install_range(&est, no_rec);
    let value = if low == high { low } else { (low + high) / 2 };
    // dpkg's Installed-Size is itself an estimate: ±10% around the range.
    let total = Bytes::range(value, (low as f64 * 0.9) as u64, (high as f64 * 1.1) as u64);
    let mut parts = Vec::new();
    for p in &est.counted {
        let own = installed_kib(p, no_rec).unwrap_or(0) as u64 * 1024;
        parts.push(format!("{} {}", p.name, human(own)));
        // Each package's part of the total, in proportion to its closure.
        let share = total.scale(if high > 0 {
            own as f64 / high as f64
        } else {
            0.0
        });
        dpkg_list(cx, prog, p.name, share);
    }
    for p in &est.covered {
        dpkg_list(cx, prog, p.name, Bytes::ZERO);
    }
    for n in &est.unknown {
        dpkg_list(cx, prog, n, Bytes::UNKNOWN);
    }
    if !est.unknown.is_empty() {
        cx.note(format!(
            "not in the Debian table: {} (size unknown)",
            est.unknown.join(", ")
        ));
    }
    if !est.in_baseline.is_empty() {
        cx.note(format!(
            "already in the base image: {}",
            est.in_baseline.join(", ")
        ));
    }
    if !parts.is_empty() {
        cx.note(install_note(&parts, no_rec, value, low, high));
    }
}

/// A package's installed size with its dependencies (and its recommended
/// packages unless `no_rec`), KiB.
fn installed_kib(p: &catalog::DebianPackage, no_rec: bool) -> Option<u32> {
    if no_rec {
        p.with_deps_installed_kib
    } else {
        p.with_recommends_installed_kib
            .or(p.with_deps_installed_kib)
    }
}

/// The install's range in bytes: the catalogue's without recommended
/// packages; with them, the largest closure to the sum.
fn install_range(est: &catalog::AptInstallEstimate, no_rec: bool) -> (u64, u64) {
    if no_rec {
        return (est.low_kib * 1024, est.high_kib * 1024);
    }
    let with_rec: Vec<u64> = est
        .counted
        .iter()
        .map(|p| installed_kib(p, false).unwrap_or(0) as u64 * 1024)
        .collect();
    (
        with_rec.iter().copied().max().unwrap_or(0),
        with_rec.iter().sum(),
    )
}

fn install_note(parts: &[String], no_rec: bool, value: u64, low: u64, high: u64) -> String {
    format!(
        "installs {} with dependencies, {} ({}{})",
        parts.join(", "),
        if no_rec {
            "without recommended packages"
        } else {
            "with recommended packages"
        },
        human(value),
        if low != high {
            format!(
                ", between {} and {} depending on shared dependencies",
                human(low),
                human(high)
            )
        } else {
            String::new()
        }
    )
}

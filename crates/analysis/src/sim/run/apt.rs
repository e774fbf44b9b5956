//! apt-get and apt: package lists, installs with and without recommended packages, clean.

use super::ctx::RunCtx;
use crate::sim::size::{human, Bytes};
use crate::sim::vfs::{Kind, Origin};
use crate::sim::{LayerFact, LeftoverKind};
use layerlab_catalog as catalog;
// apt, apk

pub(super) fn apt(mut cx: RunCtx, prog: &str, args: &[String]) {
    let pm = cx.stage().package_manager.clone();
    if pm.as_deref().is_some_and(|p| p != "apt") {
        cx.note(format!(
            "{prog}: this image has no apt ({} is its package manager); the build fails here",
            pm.clone().unwrap_or_default()
        ));
        cx.fact(LayerFact::WrongPackageManager {
            program: prog.to_string(),
            has: pm.unwrap_or_default(),
        });
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
        "update" => {
            let size =
                catalog::DebianRelease::from_codename(&codename).map(|r| r.apt_lists_bytes().value);
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
        "install" => {
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
            let Some(release) = catalog::DebianRelease::from_codename(&codename) else {
                cx.note(format!("{prog} install: the Debian release of this image is not in the tables; sizes unknown"));
                for n in &names {
                    cx.put_opaque_file(
                        &format!("/var/lib/dpkg/info/{n}.list"),
                        Bytes::UNKNOWN,
                        Origin::Run {
                            command: format!("{prog} install {n}"),
                        },
                    );
                }
                return;
            };
            // Packages installed together share dependencies: the catalogue
            // counts a package whose whole dependency set is inside another's
            // once, and gives a range (largest closure .. sum) otherwise.
            let est = catalog::apt_install_estimate(&names, release);
            let (low, high) = if no_rec {
                (est.low_kib * 1024, est.high_kib * 1024)
            } else {
                let with_rec: Vec<u64> = est
                    .counted
                    .iter()
                    .map(|p| {
                        p.with_recommends_installed_kib
                            .or(p.with_deps_installed_kib)
                            .unwrap_or(0) as u64
                            * 1024
                    })
                    .collect();
                (
                    with_rec.iter().copied().max().unwrap_or(0),
                    with_rec.iter().sum(),
                )
            };
            let value = if low == high { low } else { (low + high) / 2 };
            // dpkg's Installed-Size is itself an estimate: ±10% around the range.
            let total = Bytes::range(value, (low as f64 * 0.9) as u64, (high as f64 * 1.1) as u64);
            let mut parts = Vec::new();
            for p in &est.counted {
                let kib = if no_rec {
                    p.with_deps_installed_kib
                } else {
                    p.with_recommends_installed_kib
                        .or(p.with_deps_installed_kib)
                };
                let own = kib.unwrap_or(0) as u64 * 1024;
                parts.push(format!("{} {}", p.name, human(own)));
                // Each package's part of the total, in proportion to its closure.
                let share = total.scale(if high > 0 {
                    own as f64 / high as f64
                } else {
                    0.0
                });
                cx.put_opaque_file(
                    &format!("/var/lib/dpkg/info/{}.list", p.name),
                    share,
                    Origin::Run {
                        command: format!("{prog} install {}", p.name),
                    },
                );
            }
            for p in &est.covered {
                cx.put_opaque_file(
                    &format!("/var/lib/dpkg/info/{}.list", p.name),
                    Bytes::ZERO,
                    Origin::Run {
                        command: format!("{prog} install {}", p.name),
                    },
                );
            }
            for n in &est.unknown {
                cx.put_opaque_file(
                    &format!("/var/lib/dpkg/info/{n}.list"),
                    Bytes::UNKNOWN,
                    Origin::Run {
                        command: format!("{prog} install {n}"),
                    },
                );
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
                cx.note(format!(
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
                ));
            }
        }
        "clean" | "dist-clean" | "autoclean" => {
            cx.remove("/var/cache/apt/archives", &format!("{prog} {sub}"));
            if sub == "dist-clean" {
                cx.remove("/var/lib/apt/lists", "apt-get dist-clean");
            }
        }
        _ => {}
    }
}

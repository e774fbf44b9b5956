//! apt-get and apt: package lists, installs with and without recommended packages, clean.

use super::ctx::RunCtx;
use crate::sim::size::{human, Bytes};
use crate::sim::vfs::{Kind, Origin};
use crate::sim::{LayerFact, LeftoverKind};
use layerlab_catalog as catalog;
// apt, apk

pub(super) fn apt(mut cx: RunCtx, prog: &str, args: &[String], conditional: bool) {
    if !has_apt(&mut cx, prog) {
        return;
    }
    // An image whose Debian release the catalogue does not give is sized as
    // bookworm (an assumption, said in the notes), but no package is ever
    // said to be missing from it (`install`).
    let known = cx.base_facts().and_then(|f| f.codename.clone());
    let assumed = known.is_none();
    let codename = known.unwrap_or_else(|| "bookworm".into());
    if assumed {
        cx.note(format!(
            "{prog}: this image's Debian release is not known; package sizes are bookworm's (an assumption)"
        ));
    }
    let sub = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .cloned()
        .unwrap_or_default();
    match sub.as_str() {
        "update" => update(&mut cx, prog, &codename),
        "install" => {
            // A package apt cannot find fails the build only where the image's
            // release is known and only Debian's own sources are configured.
            let certain = !assumed && !sources_may_be_added(cx.stage());
            install(&mut cx, prog, args, &codename, conditional, certain)
        }
        "remove" | "purge" => remove(&mut cx, prog, args),
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

/// A package name as apt reads it: `name`, `name=version`,
/// `name/release`, `name:arch`; None for anything else (a path, a pattern,
/// an unexpanded variable).
fn package_name(word: &str) -> Option<&str> {
    let n = word.split(['=', '/']).next().unwrap_or(word);
    let n = n.split(':').next().unwrap_or(n);
    let ok = !n.is_empty()
        && n.len() >= 2
        && n.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+-.".contains(&b))
        && n.as_bytes()[0].is_ascii_alphanumeric()
        && !word.starts_with("./")
        && !word.ends_with(".deb");
    ok.then_some(n)
}

/// The packages the stage's image has before this RUN: the image's own set
/// (the catalogue's, for images it knows; minimal Debian otherwise, with
/// `false`) plus what earlier RUNs of the stage chain installed (their dpkg
/// records in the virtual filesystem).
fn installed(cx: &RunCtx, release: catalog::DebianRelease) -> (Vec<String>, bool) {
    let known = cx.base_facts().and_then(|f| {
        let r = catalog::ImageRef::parse(&f.reference).ok()?;
        let pk = catalog::image_packages(
            &r.familiar_name(),
            r.tag_or_latest(),
            f.distro.as_deref(),
            f.codename.as_deref(),
        )?;
        (pk.debian == Some(release)).then_some(pk)
    });
    let mut names: Vec<String> = match &known {
        Some(pk) => pk.names().map(str::to_string).collect(),
        None => release.baseline().iter().map(|s| s.to_string()).collect(),
    };
    let fs = &cx.stage().fs;
    for (path, e) in fs.children(DPKG_INFO) {
        if e.is_dir() {
            continue;
        }
        if let Some(n) = path
            .rsplit('/')
            .next()
            .and_then(|b| b.strip_suffix(".list"))
        {
            names.push(n.to_string());
        }
    }
    (names, known.is_some())
}

const DPKG_INFO: &str = "/var/lib/dpkg/info";

/// `apt-get install`: the requested packages and the closure of their
/// dependencies (and recommended packages unless `--no-install-recommends`)
/// that the image does not have yet, each a dpkg record of its
/// Installed-Size.
/// Whether the stage's apt may know sources besides the image's own Debian
/// ones: a file written under /etc/apt/sources.list.d/ or over
/// /etc/apt/sources.list by this stage or a parent's instructions (`echo
/// deb … >`, `tee`, `COPY`, `curl -o`), or paths there the simulation cannot
/// see (an unmodelled command such as `add-apt-repository`, an unknown base
/// image, a copy whose contents are unknown). Then a package missing from
/// Debian's tables may come from them.
fn sources_may_be_added(stage: &crate::sim::Stage) -> bool {
    const LIST: &str = "/etc/apt/sources.list";
    const DIR: &str = "/etc/apt/sources.list.d";
    let written = |e: &crate::sim::vfs::Entry| e.line.is_some();
    stage.fs.get(LIST).is_some_and(written)
        || stage.fs.descendants(DIR).any(|(_, e)| written(e))
        || stage
            .fs
            .reasons(&format!("{DIR}/added.list"))
            .iter()
            .any(|why| !why.is_base_image())
}

fn install(
    cx: &mut RunCtx,
    prog: &str,
    args: &[String],
    codename: &str,
    conditional: bool,
    certain: bool,
) {
    let no_rec = args.iter().any(|a| {
        a == "--no-install-recommends"
            || a.contains("Install-Recommends=false")
            || a.contains("Install-Recommends=0")
    });
    let words: Vec<&str> = args
        .iter()
        .skip_while(|a| *a != "install")
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .map(String::as_str)
        .collect();
    let names: Vec<&str> = words.iter().filter_map(|w| package_name(w)).collect();
    let others: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| package_name(w).is_none())
        .collect();
    if !words.is_empty() {
        cx.system_packages(prog);
    }
    let Some(release) = catalog::DebianRelease::from_codename(codename) else {
        cx.note(format!(
            "{prog} install: the Debian release of this image is not in the tables; sizes unknown"
        ));
        for n in &words {
            dpkg_list(cx, prog, n, Bytes::UNKNOWN);
        }
        return;
    };
    let (have, image_known) = installed(cx, release);
    let mut plan = catalog::apt_plan(&names, release, have.iter().map(String::as_str), !no_rec);
    if !certain && !plan.failed.is_empty() {
        // Not a failure: unknown (another source, or another release, may have it).
        let failed: Vec<String> = plan.failed.drain(..).map(|(n, _)| n).collect();
        cx.note(format!(
            "not in Debian {}'s own packages: {} (this stage's apt may have other sources, or the release is not known; size unknown)",
            release.codename(),
            failed.join(", ")
        ));
        plan.unknown.extend(failed);
    }
    if !plan.failed.is_empty() {
        for (n, why) in &plan.failed {
            let other = catalog::apt_package(n, release.other())
                .filter(|p| p.status == catalog::AptStatus::Package)
                .and_then(|p| p.version);
            cx.fact(LayerFact::AptPackageMissing {
                program: prog.to_string(),
                package: n.clone(),
                release: release.codename().to_string(),
                why: match why {
                    catalog::AptFailure::NotFound => "not-found".into(),
                    catalog::AptFailure::NoCandidate => "no-candidate".into(),
                    catalog::AptFailure::ChooseProvider(p) => format!("virtual: {}", p.join(", ")),
                },
                other_release_version: other.map(str::to_string),
                conditional,
            });
        }
        let list: Vec<&str> = plan.failed.iter().map(|(n, _)| n.as_str()).collect();
        cx.note(format!(
            "{prog} install: Debian {} ({}) has no package {}; apt installs nothing and the command fails",
            release.version(),
            release.codename(),
            list.join(", ")
        ));
        if !conditional {
            return;
        }
    }
    let (point, _) = release.measured_against();
    for p in &plan.install {
        // dpkg's Installed-Size is itself an estimate of the files' bytes.
        let b = p.installed_bytes().unwrap_or(0);
        let size = Bytes::range(b, (b as f64 * 0.9) as u64, (b as f64 * 1.1) as u64);
        let size = if image_known {
            size
        } else {
            Bytes::range(size.value, 0, size.high)
        };
        dpkg_list(cx, prog, p.name(), size);
    }
    let mut unknown: Vec<String> = plan.unknown.clone();
    unknown.extend(others.iter().map(|w| w.to_string()));
    for n in &unknown {
        dpkg_list(cx, prog, n, Bytes::UNKNOWN);
    }
    if !unknown.is_empty() {
        cx.note(format!(
            "not in the Debian {} table: {} (size unknown)",
            release.codename(),
            unknown.join(", ")
        ));
    }
    if !plan.already.is_empty() {
        cx.note(format!("already in the image: {}", plan.already.join(", ")));
    }
    for (v, p) in &plan.selected {
        cx.note(format!("{v} is a virtual package: apt selects {p}"));
    }
    if !plan.install.is_empty() {
        let top: Vec<String> = plan
            .install
            .iter()
            .filter(|p| {
                names.contains(&p.name()) || plan.selected.iter().any(|(_, s)| *s == p.name())
            })
            .map(|p| format!("{} {}", p.name(), p.version.unwrap_or("")))
            .collect();
        cx.note(format!(
            "installs {} and {} more package{} ({}), {} of Installed-Size ({}, Debian {point} lists){}",
            top.join(", "),
            plan.install.len() - top.len(),
            if plan.install.len() - top.len() == 1 { "" } else { "s" },
            if no_rec {
                "dependencies only"
            } else {
                "dependencies and recommended packages"
            },
            human(plan.installed_bytes()),
            if image_known {
                "on top of the image's known packages"
            } else {
                "counted on minimal Debian: this image's own package set is not known, so packages it already has may add nothing"
            },
            if plan.unknown.is_empty() { "" } else { "; more from the names not in the table" },
        ));
    }
}

/// `apt-get remove|purge <names>`: their dpkg records go (the files leave
/// this layer's view; earlier layers keep their bytes). Dependencies stay,
/// as apt leaves them (only `autoremove` takes them).
fn remove(cx: &mut RunCtx, prog: &str, args: &[String]) {
    for w in args
        .iter()
        .skip_while(|a| *a != "remove" && *a != "purge")
        .skip(1)
    {
        if let Some(n) = package_name(w) {
            let path = format!("{DPKG_INFO}/{n}.list");
            if cx.stage().fs.get(&path).is_some() {
                cx.remove(&path, &format!("{prog} remove {n}"));
            }
        }
    }
}

//! ## What it does
//! Finds package-manager commands the stage's image does not have:
//! `apk add` on a Debian or Ubuntu image, `apt-get install` on Alpine,
//! whatever the stage is called or a comment says. The image's package
//! manager comes from the catalogue of base images.
//!
//! Also finds `apt-get install` of a package that the image's Debian release
//! does not have, such as `libldap-2.5-0` on a Debian 13 (trixie) image:
//! only for bookworm and trixie, whose package lists the catalogue holds
//! (`debian-apt.csv`, and the names of either release that the other lacks),
//! and only when the command's failure fails the `RUN` (not after `||` or
//! inside `if`).
//!
//! ## Why it matters
//! The command is not found and the `RUN` fails, so the build fails. It
//! usually comes from a tutorial written for another base, or from believing
//! a `-slim` image is Alpine (it is Debian). Likewise apt stops with
//! "E: Unable to locate package" and installs nothing: a Dockerfile written
//! for bookworm breaks when its unpinned base (`python:3.12-slim`) moves to
//! trixie, whose library packages have new names.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! RUN apk add --no-cache gcc
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! RUN apt-get update && apt-get install -y --no-install-recommends gcc \
//!  && rm -rf /var/lib/apt/lists/*
//! ```
//!
//! ## References
//! - Docker Official Images, python variants: <https://hub.docker.com/_/python>

use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &PackageManagerMismatch;

struct PackageManagerMismatch;

impl Rule for PackageManagerMismatch {
    fn meta(&self) -> Meta {
        Meta {
            id: "package-manager-mismatch",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "a package manager the image does not have (apk on Debian, apt-get on Alpine), or an apt package its Debian release does not have",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        missing_packages(cx, out);
        for st in &cx.sim.stages {
            for l in &st.layers {
                let Some(prog) = l.facts.iter().find_map(|f| match f {
                    crate::sim::LayerFact::WrongPackageManager { program, .. } => {
                        Some(program.as_str())
                    }
                    _ => None,
                }) else {
                    continue;
                };
                let Some(ins) = super::_shared_sim::instruction_at(cx, l.line) else {
                    continue;
                };
                let distro = super::_shared_sim::facts(cx.sim, st.index)
                    .map(|f| {
                        format!(
                            "{} {}",
                            f.distro.clone().unwrap_or_default(),
                            f.distro_version.clone().unwrap_or_default()
                        )
                        .trim()
                        .to_string()
                    })
                    .unwrap_or_default();
                let pm = st.package_manager.clone().unwrap_or_default();
                let msg = if distro.is_empty() {
                    format!("{prog}: this image has no {prog}; its package manager is {pm}; the build fails here")
                } else {
                    format!(
                        "{prog}: {} is {}, whose package manager is {pm}; the build fails here",
                        st.from,
                        capitalize(&distro)
                    )
                };
                let f = out.emit(super::_shared_instr::instruction_span(ins), msg);
                f.cost = Some(Cost::BuildFails);
                f.help = match pm.as_str() {
                    "apt" => "Use apt-get update && apt-get install -y --no-install-recommends … (Debian package names), or start FROM an -alpine image.".into(),
                    "apk" => "Use apk add --no-cache … (Alpine package names), or start FROM a Debian-based image.".into(),
                    _ => format!("Use the image's package manager ({pm})."),
                };
            }
        }
    }
}

/// `apt-get install` of names the release does not have.
fn missing_packages(cx: &RuleCtx, out: &mut Sink) {
    for st in &cx.sim.stages {
        for l in &st.layers {
            for f in &l.facts {
                let crate::sim::LayerFact::AptPackageMissing {
                    program,
                    package,
                    release,
                    why,
                    other_release_version,
                    conditional: false,
                } = f
                else {
                    continue;
                };
                let Some(ins) = super::_shared_sim::instruction_at(cx, l.line) else {
                    continue;
                };
                let Some(rel) = layerlab_catalog::DebianRelease::from_codename(release) else {
                    continue;
                };
                let other = match rel {
                    layerlab_catalog::DebianRelease::Bookworm => "Debian 13 (trixie)",
                    layerlab_catalog::DebianRelease::Trixie => "Debian 12 (bookworm)",
                };
                let (point, _) = rel.measured_against();
                let apt_says = match why.as_str() {
                    // apt reads a name with a dot as a glob too
                    "not-found" if package.contains('.') => {
                        format!("E: Couldn't find any package by glob '{package}'")
                    }
                    "not-found" => format!("E: Unable to locate package {package}"),
                    "no-candidate" => format!("E: Package '{package}' has no installation candidate"),
                    v => format!(
                        "{package} is a virtual package provided by {}: you should explicitly select one",
                        v.trim_start_matches("virtual: ")
                    ),
                };
                let also = other_release_version
                    .as_ref()
                    .map(|v| format!(" ({other} has it, {v})"))
                    .unwrap_or_default();
                let msg = format!(
                    "{program} install: {} is Debian {} ({release}), which has no package {package}{also}; apt stops with \"{apt_says}\" and the build fails here",
                    st.from,
                    rel.version(),
                );
                let f = out.emit(super::_shared_instr::span_of(cx, ins, package), msg);
                f.cost = Some(Cost::BuildFails);
                f.help = if why.starts_with("virtual") {
                    format!("Name one of the packages that provide {package}.")
                } else if other_release_version.is_some() {
                    format!(
                        "Use the package's Debian {} name (apt-cache search; library packages are renamed between releases), or pin the base image to the release the Dockerfile was written for (a -{} tag). Checked against the Debian {point} lists.",
                        rel.version(),
                        match rel {
                            layerlab_catalog::DebianRelease::Bookworm => "trixie",
                            layerlab_catalog::DebianRelease::Trixie => "bookworm",
                        }
                    )
                } else {
                    format!("Check the name against Debian {} ({release}) main; checked against the Debian {point} lists.", rel.version())
                };
            }
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

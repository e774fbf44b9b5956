//! ## What it does
//! Finds package-manager commands the stage's image does not have:
//! `apk add` on a Debian or Ubuntu image, `apt-get install` on Alpine,
//! whatever the stage is called or a comment says. The image's package
//! manager comes from the catalogue of base images.
//!
//! ## Why it matters
//! The command is not found and the `RUN` fails, so the build fails. It
//! usually comes from a tutorial written for another base, or from believing
//! a `-slim` image is Alpine (it is Debian).
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

use super::{Cost, Meta, Rule, RuleCtx, Sink};
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
            summary: "a package manager the image does not have (apk on Debian, apt-get on Alpine)",
            hadolint: &[],
            buildkit: None,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
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

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

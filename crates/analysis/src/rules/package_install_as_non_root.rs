//! ## What it does
//! Finds system package installs (`apt-get install`, `apk add`, a
//! system-wide `pip install` by a user without a home) that run after `USER`
//! switched to a non-root user. (pip 20 and later install into the user's
//! `~/.local` when they cannot write to the system: that works when the user
//! has a home.)
//!
//! ## Why it matters
//! Package managers write to system directories that only root can write:
//! the command fails with "permission denied" and the build stops. Install
//! as root, then switch user; or install Python packages with `--user` or
//! into a virtual environment the user owns.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! RUN useradd app
//! USER app
//! RUN pip install --no-cache-dir flask
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! RUN pip install --no-cache-dir flask
//! RUN useradd app
//! USER app
//! ```
//!
//! ## References
//! - Dockerfile reference, USER: <https://docs.docker.com/reference/dockerfile/#user>

use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &PackageInstallAsNonRoot;

struct PackageInstallAsNonRoot;

impl Rule for PackageInstallAsNonRoot {
    fn meta(&self) -> Meta {
        Meta {
            id: "package-install-as-non-root",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "a system package install runs as a non-root user",
            hadolint: &[],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let mut user: Vec<String> = Vec::new();
        for (stage, ins) in cx.instructions() {
            let Some(si) = stage else { continue };
            if user.len() <= si {
                // A stage starts as its base's user: an earlier stage's, or the image's.
                let st = &cx.sim.stages[si];
                let u = match &st.base {
                    crate::sim::Base::Stage { index } => {
                        user.get(*index).cloned().unwrap_or_else(|| "root".into())
                    }
                    crate::sim::Base::Image { facts: Some(f), .. } if !f.user.is_empty() => {
                        f.user.clone()
                    }
                    _ => "root".into(),
                };
                user.resize(si + 1, String::new());
                user[si] = u;
            }
            match ins.kind {
                Keyword::User => {
                    if let Args::Shell { text } = &ins.args {
                        user[si] = text.text.trim().to_string();
                    }
                }
                Keyword::Run => {
                    let u = user[si].clone();
                    if crate::sim::is_root_user(&u) || u.contains('$') {
                        continue;
                    }
                    let layer = cx.sim.stages[si]
                        .layers
                        .iter()
                        .find(|l| l.line == ins.start_line);
                    let pip_note = layer.and_then(|l| {
                        l.facts.iter().find_map(|f| match f {
                            crate::sim::LayerFact::PipPermissionDenied { user, site } => Some(format!(
                                "pip runs as {user}, who cannot write to {site}: the install fails (permission denied) unless --user or a venv is used"
                            )),
                            _ => None,
                        })
                    });
                    let Args::Shell { text } = &ins.args else {
                        continue;
                    };
                    let cmds = crate::sim::split_commands(&text.text);
                    let sys = cmds.iter().find(|c| {
                        let w: Vec<&str> = c.words.iter().map(String::as_str).collect();
                        match w.first().map(|p| crate::sim::vfs::basename(p)) {
                            Some("apt-get") | Some("apt") => w.iter().any(|a| {
                                matches!(*a, "install" | "update" | "upgrade" | "dist-upgrade")
                            }),
                            Some("apk") => {
                                w.iter().any(|a| matches!(*a, "add" | "update" | "upgrade"))
                            }
                            _ => false,
                        }
                    });
                    let what = match (sys, pip_note) {
                        (Some(c), _) => format!("{} runs as {u}, but only root can install system packages: the build fails (permission denied)", c.words[..2.min(c.words.len())].join(" ")),
                        (None, Some(n)) => n,
                        _ => continue,
                    };
                    let f = out.emit(super::_shared_instr::instruction_span(ins), what);
                    f.cost = Some(Cost::BuildFails);
                    f.help = "Install as root before USER (or switch with USER root for the install), or for Python use --user or a virtual environment the user owns.".into();
                }
                _ => {}
            }
        }
    }
}

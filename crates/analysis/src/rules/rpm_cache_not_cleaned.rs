//! ## What it does
//! Finds `yum`/`dnf`/`zypper` installs not followed by `yum clean all` /
//! `dnf clean all` / `zypper clean` in the same `RUN`, in stages that end up
//! in the final image.
//!
//! ## Why it matters
//! The package managers keep repository metadata (and with some settings
//! the downloaded packages) under `/var/cache/yum`, `/var/cache/dnf` or
//! `/var/cache/zypp`, which the container never uses (the bundled tables
//! have no measured size for it, so the finding carries no cost). Cleaning
//! in a later `RUN` does not help — the files stay in the earlier layer.
//! A cache mount (`--mount=type=cache`) is fine too.
//!
//! ## Example
//! ```dockerfile
//! FROM rockylinux:9
//! RUN dnf install -y httpd
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM rockylinux:9
//! RUN dnf install -y httpd && dnf clean all
//! ```
//!
//! ## References
//! - hadolint DL3032: <https://github.com/hadolint/hadolint/wiki/DL3032>
//! - hadolint DL3036: <https://github.com/hadolint/hadolint/wiki/DL3036>
//! - hadolint DL3040: <https://github.com/hadolint/hadolint/wiki/DL3040>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &RpmCacheNotCleaned;

struct RpmCacheNotCleaned;

impl Rule for RpmCacheNotCleaned {
    fn meta(&self) -> Meta {
        Meta {
            id: "rpm-cache-not-cleaned",
            category: Category::Size,
            severity: Severity::Warning,
            summary:
                "yum/dnf/zypper cache left in a layer of the final image (no clean in the same RUN)",
            hadolint: &["DL3032", "DL3036", "DL3040"],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in s::shipped_runs_without_cache_mount(cx) {
            let cmds = s::run_commands(ins);
            let mut tool = None;
            let mut cleaned = false;
            for cmd in cmds.iter() {
                let Some((i, prog)) = s::program(cmd) else {
                    continue;
                };
                if s::subcommand_args(
                    cmd,
                    &["yum", "dnf", "zypper"],
                    &["install", "in", "groupinstall", "update", "upgrade", "up"],
                )
                .is_some()
                    && tool.is_none()
                {
                    tool = Some(prog.to_string());
                }
                if s::subcommand_args(cmd, &["yum", "dnf", "zypper"], &["clean", "cc"]).is_some() {
                    cleaned = true;
                }
                if prog == "rm"
                    && cmd.words[i + 1..].iter().any(|w| {
                        w.starts_with("/var/cache/yum")
                            || w.starts_with("/var/cache/dnf")
                            || w.starts_with("/var/cache/zypp")
                    })
                {
                    cleaned = true;
                }
            }
            if let (Some(tool), false) = (tool, cleaned) {
                let clean = if tool == "zypper" {
                    "zypper clean --all".to_string()
                } else {
                    format!("{tool} clean all")
                };
                let f = out.emit(
                    s::span_of(cx, ins, &tool),
                    format!("{tool}'s cache stays in this layer: no `{clean}` in the same RUN"),
                );
                f.help = format!("End the RUN with `&& {clean}` (or use a cache mount).");
            }
        }
    }
}

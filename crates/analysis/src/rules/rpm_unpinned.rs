//! ## What it does
//! Finds `yum`/`dnf`/`zypper` installs of packages without a version, in
//! stages that end up in the final image.
//!
//! ## Why it matters
//! Unpinned packages make rebuilds install whatever version is current, so
//! two builds of the same file can differ. Distributions drop old versions
//! from their mirrors, so exact pins age too: this is reproducibility
//! advice, reported as info (hadolint: warning), and only for stages whose
//! contents ship — builder stages are not reported.
//!
//! ## Example
//! ```dockerfile
//! FROM rockylinux:9
//! RUN dnf install -y httpd && dnf clean all
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM rockylinux:9
//! RUN dnf install -y httpd-2.4.62 && dnf clean all
//! ```
//!
//! ## References
//! - hadolint DL3033: <https://github.com/hadolint/hadolint/wiki/DL3033>
//! - hadolint DL3037: <https://github.com/hadolint/hadolint/wiki/DL3037>
//! - hadolint DL3041: <https://github.com/hadolint/hadolint/wiki/DL3041>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &RpmUnpinned;

struct RpmUnpinned;

fn pinned(p: &str) -> bool {
    p.contains(['=', '<', '>'])
        || p.char_indices()
            .any(|(i, c)| c == '-' && p[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
}

impl Rule for RpmUnpinned {
    fn meta(&self) -> Meta {
        Meta {
            id: "rpm-unpinned",
            category: Category::Reproducibility,
            severity: Severity::Info,
            summary: "yum/dnf/zypper install without package versions",
            hadolint: &["DL3033", "DL3037", "DL3041"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (st, ins) in s::runs(cx) {
            if !s::shipped(cx, st) {
                continue;
            }
            let mut names = Vec::new();
            let mut tool = String::new();
            for cmd in s::run_commands(ins).iter() {
                let Some((_, prog)) = s::program(cmd) else {
                    continue;
                };
                let Some((_, args)) = s::subcommand_args(
                    cmd,
                    &["yum", "dnf", "microdnf", "tdnf", "zypper"],
                    &["install", "in"],
                ) else {
                    continue;
                };
                tool = prog.to_string();
                for p in s::positional(
                    args,
                    &[
                        "--setopt",
                        "--repo",
                        "--enablerepo",
                        "--disablerepo",
                        "--installroot",
                        "--releasever",
                        "-t",
                        "--type",
                        "-r",
                        "--from",
                        "-x",
                        "--exclude",
                    ],
                ) {
                    let not_name = p.contains('/')
                        || p.contains('$')
                        || p.starts_with('@')
                        || p.ends_with(".rpm")
                        || p.contains('*');
                    if !not_name && !pinned(p) {
                        names.push(p.to_string());
                    }
                }
            }
            if !names.is_empty() {
                let f = out.emit(
                    s::span_of(cx, ins, &tool),
                    format!("{tool} installs without versions: {}", s::list(&names)),
                );
                f.help = "For reproducible builds pin versions (pkg-1.2.3), or rely on a pinned base image.".into();
            }
        }
    }
}

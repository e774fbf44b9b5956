//! ## What it does
//! Finds `yum`, `dnf` and `zypper` commands that change packages without
//! their non-interactive switch (`yum install -y`, `dnf install -y`,
//! `zypper --non-interactive install` / `zypper install -y`).
//!
//! ## Why it matters
//! Builds have no terminal: the package manager asks "Is this ok [y/N]",
//! reads end-of-file, and aborts — the build fails (yum, dnf). zypper
//! findings are warnings: depending on the prompt it may take the default
//! answer, but the outcome then depends on zypper's defaults.
//!
//! ## Example
//! ```dockerfile
//! FROM rockylinux:9
//! RUN dnf install httpd
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM rockylinux:9
//! RUN dnf install -y httpd && dnf clean all
//! ```
//!
//! ## References
//! - hadolint DL3030: <https://github.com/hadolint/hadolint/wiki/DL3030>
//! - hadolint DL3034: <https://github.com/hadolint/hadolint/wiki/DL3034>
//! - hadolint DL3038: <https://github.com/hadolint/hadolint/wiki/DL3038>

use super::_shared_instr as s;
use super::{Cost, FileFact, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &RpmInstallMissingY;

struct RpmInstallMissingY;

impl Rule for RpmInstallMissingY {
    fn meta(&self) -> Meta {
        Meta {
            id: "rpm-install-missing-y",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "yum/dnf/zypper without -y (aborts at the confirmation prompt)",
            hadolint: &["DL3030", "DL3034", "DL3038"],
            buildkit: None,
            // Each finding is one RUN's, given the file-wide fact below.
            locality: Locality::Instruction,
        }
    }

    /// `assumeyes` when the file mentions it (yum/dnf configured to answer
    /// yes for the whole file): then no RUN is reported.
    fn file_fact(&self, cx: &RuleCtx) -> FileFact {
        s::mentioned(cx, &["assumeyes"])
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        if !self.file_fact(cx).is_empty() {
            return;
        }
        for (_, ins) in s::runs(cx) {
            if s::run_scripts(ins).join("\n").contains("yes |") {
                continue;
            }
            for cmd in s::run_commands(ins).iter() {
                let Some((i, prog)) = s::program(cmd) else {
                    continue;
                };
                let all = &cmd.words[i + 1..];
                let bad = match prog {
                    "yum" | "dnf" | "tdnf" => {
                        s::subcommand_args(
                            cmd,
                            &[prog],
                            &[
                                "install",
                                "groupinstall",
                                "localinstall",
                                "update",
                                "upgrade",
                                "remove",
                                "erase",
                                "reinstall",
                                "downgrade",
                                "module",
                            ],
                        )
                        .is_some()
                            && !s::has_opt(all, Some('y'), &["--assumeyes"])
                    }
                    "zypper" => {
                        s::subcommand_args(
                            cmd,
                            &["zypper"],
                            &[
                                "install",
                                "in",
                                "remove",
                                "rm",
                                "update",
                                "up",
                                "patch",
                                "dist-upgrade",
                                "dup",
                                "source-install",
                                "si",
                            ],
                        )
                        .is_some()
                            && !s::has_opt(all, Some('n'), &["--non-interactive", "--no-confirm"])
                            && !s::has_opt(all, Some('y'), &[])
                    }
                    _ => false,
                };
                if bad {
                    let msg = if prog == "zypper" {
                        "zypper without --non-interactive (-n) can stop at its confirmation prompt: a build has no terminal to answer it".to_string()
                    } else {
                        format!("{prog} without -y aborts at its confirmation prompt: a build has no terminal to answer it")
                    };
                    let f = out.emit(s::span_of(cx, ins, prog), msg);
                    f.help = if prog == "zypper" {
                        "Use zypper --non-interactive (or zypper install -y).".into()
                    } else {
                        format!("Add -y ({prog} install -y …).")
                    };
                    if prog == "zypper" {
                        // zypper may take its default answer when input ends.
                        f.severity = Severity::Warning;
                    } else {
                        f.cost = Some(Cost::BuildFails);
                    }
                    break;
                }
            }
        }
    }
}

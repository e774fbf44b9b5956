//! ## What it does
//! Finds `apt-get install` without `-y` (`--yes`, `--assume-yes`, `-qq`).
//!
//! ## Why it matters
//! Builds have no terminal: when apt-get needs to install anything beyond
//! the packages named (dependencies, almost always), it asks "Do you want to
//! continue? [Y/n]", reads end-of-file, and aborts — the build fails.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN apt-get update && apt-get install curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN apt-get update && apt-get install -y curl
//! ```
//!
//! ## References
//! - hadolint DL3014: <https://github.com/hadolint/hadolint/wiki/DL3014>
//! - apt-get(8), `-y`: <https://manpages.debian.org/bookworm/apt/apt-get.8.en.html>

use super::_shared_instr as s;
use super::{Cost, FileFact, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &AptGetMissingY;

struct AptGetMissingY;

fn assumes_yes(words: &[String]) -> bool {
    s::has_opt(words, Some('y'), &["--yes", "--assume-yes", "--force-yes"])
        || words
            .iter()
            .any(|w| w == "-qq" || w == "-q=2" || w == "--quiet=2" || w.contains("Assume-Yes"))
}

impl Rule for AptGetMissingY {
    fn meta(&self) -> Meta {
        Meta {
            id: "apt-get-missing-y",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "apt-get install without -y (aborts at the confirmation prompt)",
            hadolint: &["DL3014"],
            buildkit: None,
            // Each finding is one RUN's, given the file-wide fact below.
            locality: Locality::Instruction,
        }
    }

    /// The words that configure apt's answers for the whole file, among
    /// those it mentions: then no RUN is reported.
    fn file_fact(&self, cx: &RuleCtx) -> FileFact {
        s::mentioned(cx, &["Assume-Yes", "APT_GET_OPTS"])
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        if !self.file_fact(cx).is_empty() {
            return;
        }
        for (_, ins) in s::runs(cx) {
            let installs = s::apt_get_installs(ins);
            let missing: Vec<usize> = installs
                .iter()
                .enumerate()
                .filter(|(_, (all, pkgs))| {
                    !assumes_yes(all) && pkgs.iter().any(|p| !p.starts_with('-'))
                })
                .map(|(i, _)| i)
                .collect();
            let scripts = s::run_scripts(ins).join("\n");
            if missing.is_empty() || scripts.contains("yes |") {
                continue;
            }
            let f = out.emit(s::span_of(cx, ins, "apt-get"), "apt-get install without -y: it aborts at its confirmation prompt when it needs dependencies");
            f.help = "Add -y (apt-get install -y …).".into();
            f.cost = Some(Cost::BuildFails);
            f.fix = s::apt_install_flag_fix(cx, ins, installs.len(), &missing, "-y");
        }
    }
}

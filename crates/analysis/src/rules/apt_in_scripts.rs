//! ## What it does
//! Finds `apt` (rather than `apt-get`) in `RUN` commands.
//!
//! ## Why it matters
//! `apt` is the interactive front end: its output and options may change
//! between releases ("apt does not have a stable CLI interface. Use with
//! caution in scripts.") and it prints that warning in every build log.
//! `apt-get` and `apt-cache` are the stable tools for scripts.
//!
//! ## Example
//! ```dockerfile
//! FROM ubuntu:24.04
//! RUN apt update && apt install -y curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM ubuntu:24.04
//! RUN apt-get update && apt-get install -y curl
//! ```
//!
//! ## References
//! - hadolint DL3027: <https://github.com/hadolint/hadolint/wiki/DL3027>
//! - apt(8), "Script usage": <https://manpages.debian.org/bookworm/apt/apt.8.en.html>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &AptInScripts;

struct AptInScripts;

impl Rule for AptInScripts {
    fn meta(&self) -> Meta {
        Meta {
            id: "apt-in-scripts",
            category: Category::Style,
            severity: Severity::Info,
            summary: "apt (the interactive front end) used in RUN instead of apt-get",
            hadolint: &["DL3027"],
            buildkit: None,
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (_, ins) in s::runs(cx) {
            let uses = s::run_commands(ins)
                .iter()
                .any(|c| s::program(c).is_some_and(|(i, p)| p == "apt" && c.words.len() > i + 1));
            if uses {
                let f = out.emit(
                    s::span_of(cx, ins, "apt "),
                    "apt is meant for terminals; scripts should use apt-get or apt-cache",
                );
                f.help =
                    "Use apt-get (install, update, remove, …) or apt-cache (search, show).".into();
            }
        }
    }
}

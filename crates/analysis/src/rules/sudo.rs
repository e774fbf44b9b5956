//! ## What it does
//! Finds `sudo` in `RUN` commands.
//!
//! ## Why it matters
//! Build steps already run as the stage's `USER`; `sudo` is usually not
//! installed in base images (the build fails with `sudo: not found`), needs
//! a TTY or a password configuration when it is, and leaves a setuid tool in
//! the image. Switch users with `USER` instead (or `gosu`/`su-exec` in an
//! entrypoint script).
//!
//! ## Example
//! ```dockerfile
//! FROM ubuntu:24.04
//! RUN sudo apt-get update
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM ubuntu:24.04
//! USER root
//! RUN apt-get update
//! ```
//!
//! ## References
//! - hadolint DL3004: <https://github.com/hadolint/hadolint/wiki/DL3004>
//! - Dockerfile best practices, USER: <https://docs.docker.com/build/building/best-practices/#user>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &Sudo;

struct Sudo;

impl Rule for Sudo {
    fn meta(&self) -> Meta {
        Meta {
            id: "sudo",
            category: Category::Security,
            severity: Severity::Warning,
            summary: "sudo is used in RUN",
            hadolint: &["DL3004"],
            buildkit: None,
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (_, ins) in s::runs(cx) {
            let uses = s::run_commands(ins).iter().any(|c| {
                c.words
                    .first()
                    .is_some_and(|w| w == "sudo" || w.ends_with("/sudo"))
            });
            if uses {
                let f = out.emit(s::span_of(cx, ins, "sudo"), "`sudo` in RUN: build steps already run as the stage's USER, without a terminal for a password prompt");
                f.help = "Build steps run as the stage's USER; use `USER root` (and switch back) instead of sudo.".into();
            }
        }
    }
}

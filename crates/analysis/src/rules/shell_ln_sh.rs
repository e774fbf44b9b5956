//! ## What it does
//! Finds `RUN ln … /bin/sh`: replacing the shell that `RUN` uses by a
//! symbolic link.
//!
//! ## Why it matters
//! It changes `/bin/sh` for every program in the image, not only for the
//! Dockerfile (system scripts that expect `dash` or BusyBox `sh` then run
//! under `bash`, or break), and it is invisible to readers of later `RUN`
//! lines. The `SHELL` instruction changes the shell of `RUN` explicitly.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN ln -sf /bin/bash /bin/sh
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! SHELL ["/bin/bash", "-c"]
//! ```
//!
//! ## References
//! - hadolint DL4005: <https://github.com/hadolint/hadolint/wiki/DL4005>
//! - Dockerfile reference, SHELL: <https://docs.docker.com/reference/dockerfile/#shell>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &ShellLnSh;

struct ShellLnSh;

impl Rule for ShellLnSh {
    fn meta(&self) -> Meta {
        Meta {
            id: "shell-ln-sh",
            category: Category::Style,
            severity: Severity::Warning,
            summary: "RUN ln replaces /bin/sh (use SHELL)",
            hadolint: &["DL4005"],
            buildkit: None,
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (_, ins) in s::runs(cx) {
            for cmd in s::run_commands(ins).iter() {
                let Some((i, "ln")) = s::program(cmd) else {
                    continue;
                };
                let pos = s::positional(
                    &cmd.words[i + 1..],
                    &["-S", "--suffix", "-t", "--target-directory"],
                );
                if pos.len() >= 2 && pos.last().is_some_and(|t| *t == "/bin/sh") {
                    let f = out.emit(
                        s::span_of(cx, ins, "/bin/sh"),
                        "replaces /bin/sh for every later RUN and for the container at run time",
                    );
                    f.help = "Use the SHELL instruction to change the shell of RUN.".into();
                    break;
                }
            }
        }
    }
}

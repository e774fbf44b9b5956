//! ## What it does
//! Finds interactive or system-administration commands in `RUN` that make
//! no sense in an image build: `ssh`, `vim`, `shutdown`, `service`, `ps`,
//! `free`, `top`, `kill`, `mount`, `ifconfig`.
//!
//! ## Why it matters
//! A build step has no terminal, no init system and no running services:
//! `vim` or `top` hang or fail, `service … start` starts a process that dies
//! with the step, `mount` needs privileges the builder does not grant. Such
//! lines are usually copied from a shell session and do nothing useful.
//!
//! ## Example
//! ```dockerfile
//! FROM ubuntu:24.04
//! RUN service nginx start
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM ubuntu:24.04
//! CMD ["nginx", "-g", "daemon off;"]
//! ```
//!
//! ## References
//! - hadolint DL3001: <https://github.com/hadolint/hadolint/wiki/DL3001>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &CommandPointlessInBuild;

struct CommandPointlessInBuild;

const POINTLESS: &[&str] = &[
    "ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig",
];

impl Rule for CommandPointlessInBuild {
    fn meta(&self) -> Meta {
        Meta {
            id: "command-pointless-in-build",
            category: Category::Style,
            severity: Severity::Info,
            summary: "interactive or service-management command in RUN",
            hadolint: &["DL3001"],
            buildkit: None,
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (_, ins) in s::runs(cx) {
            for c in s::run_commands(ins).iter() {
                let Some((_, p)) = s::program(c) else {
                    continue;
                };
                if POINTLESS.contains(&p) && !c.conditional {
                    let f = out.emit(s::span_of(cx, ins, p), format!("`{p}` has no lasting effect in a build step: a RUN has no terminal, and nothing it starts keeps running"));
                    f.help =
                        "Remove it; start services with CMD/ENTRYPOINT when the container runs."
                            .into();
                    break;
                }
            }
        }
    }
}

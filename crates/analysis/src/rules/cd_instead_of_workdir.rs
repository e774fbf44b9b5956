//! ## What it does
//! Finds `RUN` commands that start by changing directory (`RUN cd /app &&
//! make`).
//!
//! ## Why it matters
//! The directory change lasts for one `RUN` only, which surprises readers
//! (the next `RUN` is back in the old directory), and every `RUN` of the
//! same directory repeats it. `WORKDIR` sets it for all later instructions
//! and for the container. A `cd` in the middle of a script (into a source
//! tree just unpacked) is normal shell and is not reported, unlike
//! hadolint's DL3003.
//!
//! ## Example
//! ```dockerfile
//! FROM node:22-slim
//! COPY . /app
//! RUN cd /app && npm ci
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:22-slim
//! WORKDIR /app
//! COPY . .
//! RUN npm ci
//! ```
//!
//! ## References
//! - hadolint DL3003: <https://github.com/hadolint/hadolint/wiki/DL3003>
//! - Dockerfile best practices, WORKDIR: <https://docs.docker.com/build/building/best-practices/#workdir>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &CdInsteadOfWorkdir;

struct CdInsteadOfWorkdir;

impl Rule for CdInsteadOfWorkdir {
    fn meta(&self) -> Meta {
        Meta {
            id: "cd-instead-of-workdir",
            category: Category::Style,
            severity: Severity::Info,
            summary: "RUN starts with cd (WORKDIR says it once for all instructions)",
            hadolint: &["DL3003"],
            buildkit: None,
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (_, ins) in s::runs(cx) {
            let cmds = s::run_commands(ins);
            let Some(first) = cmds
                .iter()
                .find(|c| !c.words.is_empty() && c.words[0] != "set")
            else {
                continue;
            };
            if first.words[0] == "cd"
                && first.words.get(1).is_some_and(|d| d.starts_with('/'))
                && cmds.len() > 1
            {
                let f = out.emit(
                    s::span_of(cx, ins, "cd"),
                    format!(
                        "RUN starts with `cd {}`: use WORKDIR {} instead",
                        first.words[1], first.words[1]
                    ),
                );
                f.help =
                    "Set WORKDIR before the RUN; it applies to every later instruction.".into();
            }
        }
    }
}

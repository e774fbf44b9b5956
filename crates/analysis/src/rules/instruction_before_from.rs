//! ## What it does
//! Finds instructions other than `ARG` before the first `FROM`.
//!
//! ## Why it matters
//! Before the first `FROM` there is no stage to apply them to: BuildKit
//! stops with "no build stage in current context". Only global `ARG`s (and
//! comments and parser directives) may come first.
//!
//! ## Example
//! ```dockerfile
//! ENV NODE_ENV=production
//! FROM node:22-slim
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:22-slim
//! ENV NODE_ENV=production
//! ```
//!
//! ## References
//! - hadolint DL3061: <https://github.com/hadolint/hadolint/wiki/DL3061>
//! - Dockerfile reference, format: <https://docs.docker.com/reference/dockerfile/#format>

use super::_shared_instr as s;
use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &InstructionBeforeFrom;

struct InstructionBeforeFrom;

impl Rule for InstructionBeforeFrom {
    fn meta(&self) -> Meta {
        Meta {
            id: "instruction-before-from",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "an instruction other than ARG comes before the first FROM",
            hadolint: &["DL3061"],
            buildkit: None,
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.checked().take_while(|i| i.kind != Keyword::From) {
            if ins.kind == Keyword::Arg || ins.kind == Keyword::Unknown || ins.error.is_some() {
                continue;
            }
            let f = out.emit(
                s::instruction_span(ins),
                format!(
                    "{} before the first FROM: there is no stage to apply it to",
                    ins.kind.as_str()
                ),
            );
            f.help = "Move it after FROM (only ARG may come before the first FROM).".into();
            f.cost = Some(Cost::BuildFails);
        }
    }
}

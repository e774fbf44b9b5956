//! ## What it does
//! Finds two stages with the same `AS` name (names are compared without
//! regard to case).
//!
//! ## Why it matters
//! `COPY --from=name`, `FROM name` and `--target name` then refer to only one
//! of them, and which one is easy to get wrong; BuildKit warns
//! (`DuplicateStageName`) and newer releases reject it.
//!
//! ## Example
//! ```dockerfile
//! FROM node:22 AS build
//! FROM node:22-slim AS build
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:22 AS build
//! FROM node:22-slim AS runtime
//! ```
//!
//! ## References
//! - hadolint DL3024: <https://github.com/hadolint/hadolint/wiki/DL3024>
//! - BuildKit build checks, DuplicateStageName: <https://docs.docker.com/reference/build-checks/duplicate-stage-name/>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &StageNameDuplicate;

struct StageNameDuplicate;

impl Rule for StageNameDuplicate {
    fn meta(&self) -> Meta {
        Meta {
            id: "stage-name-duplicate",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "two stages have the same name",
            hadolint: &["DL3024"],
            buildkit: Some("DuplicateStageName"),
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let mut seen: Vec<(String, u32)> = Vec::new();
        for ins in cx.df.instructions().filter(|i| i.kind == Keyword::From) {
            let Some(name) = s::from_name(ins) else {
                continue;
            };
            let lower = name.text.to_lowercase();
            if let Some((_, line)) = seen.iter().find(|(n, _)| *n == lower) {
                let f = out.emit(
                    name.span,
                    format!("stage name `{}` is already used on line {line}", name.text),
                );
                f.help = "Give each stage its own name.".into();
            } else {
                seen.push((lower, ins.start_line));
            }
        }
    }
}

//! ## What it does
//! Finds stage names with upper-case letters (`FROM node AS Builder`).
//!
//! ## Why it matters
//! Stage names are case-insensitive, so `Builder` and `builder` are the same
//! stage; BuildKit warns about non-lowercase names (`StageNameCasing`) to
//! keep references consistent.
//!
//! ## Example
//! ```dockerfile
//! FROM node:22 AS Builder
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:22 AS builder
//! ```
//!
//! ## References
//! - BuildKit build checks, StageNameCasing: <https://docs.docker.com/reference/build-checks/stage-name-casing/>

use super::_shared_instr as s;
use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &StageNameCasing;

struct StageNameCasing;

impl Rule for StageNameCasing {
    fn meta(&self) -> Meta {
        Meta {
            id: "stage-name-casing",
            category: Category::Style,
            severity: Severity::Info,
            summary: "stage name is not lowercase",
            hadolint: &[],
            buildkit: Some("StageNameCasing"),
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.checked().filter(|i| i.kind == Keyword::From) {
            let Some(name) = s::from_name(ins) else {
                continue;
            };
            let lower = name.text.to_lowercase();
            if lower != name.text && !name.text.contains('$') && cx.text(name.span) == name.text {
                let f = out.emit(
                    name.span,
                    format!("stage name `{}` should be lowercase", name.text),
                );
                f.help = format!(
                    "Write `{lower}` (references to it are case-insensitive and keep working)."
                );
                f.fix = Some(Fix::replace(format!("Rename to {lower}"), name.span, lower));
            }
        }
    }
}

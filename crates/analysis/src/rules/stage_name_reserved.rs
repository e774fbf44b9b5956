//! ## What it does
//! Finds stages named `scratch` or `context`.
//!
//! ## Why it matters
//! Those names are reserved: `FROM scratch` means the empty image and
//! `context` is the build context's name for `--from`/named contexts, so a
//! stage with that name cannot be referred to as intended.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine:3.20 AS scratch
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine:3.20 AS base
//! ```
//!
//! ## References
//! - hadolint DL3063: <https://github.com/hadolint/hadolint/wiki/DL3063>
//! - BuildKit build checks, ReservedStageName: <https://docs.docker.com/reference/build-checks/reserved-stage-name/>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &StageNameReserved;

struct StageNameReserved;

impl Rule for StageNameReserved {
    fn meta(&self) -> Meta {
        Meta {
            id: "stage-name-reserved",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "a stage is named with a reserved word (scratch, context)",
            hadolint: &["DL3063"],
            buildkit: Some("ReservedStageName"),
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.checked().filter(|i| i.kind == Keyword::From) {
            let Some(name) = s::from_name(ins) else {
                continue;
            };
            let l = name.text.to_lowercase();
            if l == "scratch" || l == "context" {
                let f = out.emit(
                    name.span,
                    format!(
                        "`{}` is a reserved word and should not name a stage",
                        name.text
                    ),
                );
                f.help = "Pick another name.".into();
            }
        }
    }
}

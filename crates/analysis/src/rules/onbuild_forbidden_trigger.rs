//! ## What it does
//! Finds `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
//!
//! ## Why it matters
//! These triggers are not allowed: BuildKit stops with "… isn't allowed as
//! an ONBUILD trigger" when it builds the image.
//!
//! ## Example
//! ```dockerfile
//! FROM node:22
//! ONBUILD FROM node:22-slim
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:22
//! ONBUILD COPY . /app
//! ```
//!
//! ## References
//! - hadolint DL3043: <https://github.com/hadolint/hadolint/wiki/DL3043>
//! - Dockerfile reference, ONBUILD: <https://docs.docker.com/reference/dockerfile/#onbuild>

use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &OnbuildForbiddenTrigger;

struct OnbuildForbiddenTrigger;

impl Rule for OnbuildForbiddenTrigger {
    fn meta(&self) -> Meta {
        Meta {
            id: "onbuild-forbidden-trigger",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "ONBUILD with ONBUILD, FROM or MAINTAINER as its trigger",
            hadolint: &["DL3043"],
            buildkit: None,
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.checked().filter(|i| i.kind == Keyword::Onbuild) {
            let Args::Onbuild { inner } = &ins.args else {
                continue;
            };
            if matches!(
                inner.kind,
                Keyword::Onbuild | Keyword::From | Keyword::Maintainer
            ) {
                let f = out.emit(
                    inner.keyword.span,
                    format!(
                        "{} isn't allowed as an ONBUILD trigger",
                        inner.kind.as_str()
                    ),
                );
                f.help = "Remove this ONBUILD.".into();
                f.cost = Some(Cost::BuildFails);
            }
        }
    }
}

//! ## What it does
//! Reports a `COPY` or `ADD` source that is not in the build context given
//! to Layerlab (or that `.dockerignore` excludes). It runs only when the
//! build context is known: without one, every source the Dockerfile names is
//! assumed to exist.
//!
//! Files that a step before `docker build` creates (a host build writing
//! `target/` or `dist/`, a generated `.env`) are not in a repository's
//! checkout: when a `.gitignore` of the context lists the source, the finding
//! is a note that states this assumption. In the page, where people add only
//! the files that matter, a source they did not add is assumed to exist.
//!
//! ## Why it matters
//! BuildKit stops with "failed to compute cache key: … not found" when a
//! source is missing from the context it was sent.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! COPY requirement.txt .
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! COPY requirements.txt .
//! ```
//!
//! ## References
//! - Dockerfile reference, COPY: <https://docs.docker.com/reference/dockerfile/#copy>
//! - Build context and .dockerignore: <https://docs.docker.com/build/concepts/context/>

use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::Problem;
use crate::{Assumption, Category};
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &CopySourceMissing;

struct CopySourceMissing;

impl Rule for CopySourceMissing {
    fn meta(&self) -> Meta {
        Meta {
            id: "copy-source-missing",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "a COPY/ADD source is not in the given build context",
            hadolint: &[],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for n in &cx.sim.notes {
            let Problem::CopySourceMissing { source, generated } = &n.problem else {
                continue;
            };
            let ignored = if cx.sim.has_dockerignore {
                " (or .dockerignore excludes it)"
            } else {
                ""
            };
            if *generated {
                let f = out.emit(
                    n.span,
                    format!("{source} is not in the build context; .gitignore lists it, so a step before docker build probably makes it (a host build, a generated file)"),
                );
                f.severity = Severity::Info;
                f.help = "If nothing makes it before docker build, the build fails here: build it first, or build it in a stage of this Dockerfile.".into();
                f.assumption = Some(Assumption {
                    text: format!("something creates {source} before docker build runs"),
                    decided_by: Vec::new(),
                });
                continue;
            }
            let f = out.emit(
                n.span,
                format!(
                    "{source} is not in the build context{ignored}: the build fails at this line"
                ),
            );
            f.help = "Fix the path (it is relative to the build context, not to the Dockerfile), or add the file.".into();
            f.cost = Some(Cost::BuildFails);
        }
    }
}

//! ## What it does
//! Reports a `FROM` whose image BuildKit cannot resolve: a reference Docker
//! rejects (a malformed tag or digest), or one built from build arguments
//! that have no value, so that the image name is empty.
//!
//! An argument without a default is often meant to be given with
//! `--build-arg` (by a compose file or CI): Layerlab then says so as a note
//! and treats the stage's image as unknown, rather than calling it an error.
//!
//! ## Why it matters
//! BuildKit stops at this line: "invalid reference format" for a malformed
//! reference, "base name should not be blank" for an empty one.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim@sha256:abc
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! ```
//!
//! ## References
//! - Dockerfile reference, FROM: <https://docs.docker.com/reference/dockerfile/#from>
//! - Dockerfile reference, ARG and FROM: <https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact>

use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::{BaseProblem, Problem};
use crate::{Assumption, Category};
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &UnresolvedBase;

struct UnresolvedBase;

impl Rule for UnresolvedBase {
    fn meta(&self) -> Meta {
        Meta {
            id: "unresolved-base",
            category: Category::Correctness,
            severity: Severity::Error,
            summary:
                "FROM names no image BuildKit can resolve (a malformed reference, or an empty one)",
            hadolint: &[],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for n in &cx.sim.notes {
            let Problem::UnresolvedBase { text, why } = &n.problem else {
                continue;
            };
            match why {
                BaseProblem::Invalid { reason } => {
                    let f = out.emit(n.span, format!("{text}: {reason}"));
                    f.help = "FROM needs an image reference BuildKit can resolve (name[:tag][@sha256:<64 hex digits>]).".into();
                    f.cost = Some(Cost::BuildFails);
                }
                BaseProblem::UnsetArgs { names } => {
                    let list = names.join(", ");
                    let f = out.emit(
                        n.span,
                        format!("{text}: {list} has no value here, so the image is whatever --build-arg gives; Layerlab treats it as unknown"),
                    );
                    f.severity = Severity::Info;
                    f.help = format!(
                        "Give {list} a default (ARG {}=image:tag before the first FROM) so that a plain docker build works, or always pass --build-arg.",
                        names.first().map(String::as_str).unwrap_or("")
                    );
                    f.assumption = Some(Assumption {
                        text: format!(
                            "the build passes --build-arg {}=…",
                            names.first().map(String::as_str).unwrap_or("")
                        ),
                        decided_by: Vec::new(),
                    });
                }
            }
        }
    }
}

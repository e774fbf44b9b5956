//! ## What it does
//! Finds a `COPY` of the whole build context (`COPY . .`) that brings in a
//! Git repository (`.git`), a Python virtual environment (`venv/`, `.venv/`)
//! or `node_modules`, because the context has no `.dockerignore` (or one
//! that does not exclude them). Only when the build context is known.
//!
//! When the context has none of these, `copy-context-without-dockerignore`
//! gives the weaker advice instead (never both on one line).
//!
//! ## Why it matters
//! `.git` can be larger than the code and holds the whole history (secrets
//! committed once included); it changes on every commit, so the `COPY`
//! layer and everything after it rebuild even when no file changed. A local
//! virtualenv or `node_modules` was built for the host, not for the image:
//! it wastes space and can shadow the packages installed in the image.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! WORKDIR /app
//! COPY . .
//! ```
//! with `.git/` and `venv/` in the context and no `.dockerignore`.
//!
//! ## Use instead
//! A `.dockerignore` next to the Dockerfile:
//! ```text
//! .git
//! venv
//! .venv
//! node_modules
//! __pycache__
//! ```
//!
//! ## References
//! - Docker docs, `.dockerignore` files: <https://docs.docker.com/build/concepts/context/#dockerignore-files>

use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &CopyGitOrVenvWithoutDockerignore;

struct CopyGitOrVenvWithoutDockerignore;

impl Rule for CopyGitOrVenvWithoutDockerignore {
    fn meta(&self) -> Meta {
        Meta {
            id: "copy-git-or-venv-without-dockerignore",
            category: Category::Size,
            severity: Severity::Warning,
            summary: "COPY . brings .git, a virtualenv or node_modules into the image",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        if !cx.sim.context_known {
            return;
        }
        for c in super::_shared_sim::whole_context_copies(cx) {
            if c.unwanted.is_empty() {
                continue;
            }
            let why = if cx.sim.has_dockerignore {
                "the .dockerignore does not exclude them"
            } else {
                "there is no .dockerignore"
            };
            let size = if c.unwanted_bytes.complete {
                crate::sim::size::human(c.unwanted_bytes.value)
            } else {
                "size not known".into()
            };
            let f = out.emit(
                super::_shared_instr::instruction_span(c.ins),
                format!(
                    "copies {} from the build context ({size}) into {}, because {why}",
                    c.unwanted.join(", "),
                    super::_shared_sim::stage_words(cx.sim, c.stage)
                ),
            );
            let shipped = super::shipped_stages(cx.sim);
            // Does a COPY --from bring any of what this COPY brought on into the image?
            let brought: Vec<&String> = cx.sim.stages[c.stage]
                .fs
                .all()
                .filter(|(_, e)| e.line == Some(c.ins.start_line) && !e.deleted)
                .map(|(p, _)| p)
                .collect();
            let carried = shipped.iter().any(|i| {
                cx.sim.stages[*i].copies.iter().any(|k| {
                    k.from == c.stage
                        && brought
                            .iter()
                            .any(|p| crate::sim::vfs::is_within(p, &k.source))
                })
            });
            if !shipped.contains(&c.stage) && !carried {
                // A builder's copy does not reach the image: only the context
                // sent and the build cache grow.
                f.severity = Severity::Info;
                f.message.push_str(" (not the final image: it only slows sending the context and grows the build cache)");
            } else if c.unwanted_bytes.complete && c.unwanted_bytes.value > 0 {
                f.cost = Some(Cost::bytes(c.unwanted_bytes));
            }
            let names: Vec<&str> = c
                .unwanted
                .iter()
                .map(|k| {
                    if *k == "a virtualenv" {
                        "the virtualenv directory"
                    } else {
                        k
                    }
                })
                .collect();
            f.help = format!(
                "List {} (and other local build output) in a .dockerignore next to the Dockerfile.",
                names.join(", ")
            );
        }
    }
}

//! ## What it does
//! Finds a `COPY .` or `ADD .` of the whole build context when the context
//! is known and has no `.dockerignore`, but holds nothing harmful yet: no
//! `.git`, virtualenv or `node_modules` (when it does,
//! `copy-git-or-venv-without-dockerignore` reports them instead, as a
//! warning with their size). Advice only.
//!
//! ## Why it matters
//! Without a `.dockerignore` the whole directory is sent to the builder and
//! copied into the image: today that is only the application, but the day
//! the project gets a Git repository, a local virtualenv, `node_modules`,
//! `__pycache__` or build output (`dist/`, `build/`), they are copied too.
//! They make the image bigger, can carry secrets from the history, and
//! change on every commit, so the `COPY` layer and all the layers after it
//! are rebuilt even when the code did not change. A `.dockerignore` written
//! now costs nothing.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! WORKDIR /app
//! COPY . .
//! ```
//! with a build context that holds `app.py` and `requirements.txt`, and no
//! `.dockerignore`.
//!
//! ## Use instead
//! Keep the Dockerfile, and add a `.dockerignore` next to it:
//! ```text
//! .git
//! venv
//! .venv
//! node_modules
//! __pycache__
//! dist
//! build
//! ```
//! or copy only what the image needs (`COPY app.py requirements.txt ./`).
//!
//! ## References
//! - Docker docs, `.dockerignore` files: <https://docs.docker.com/build/concepts/context/#dockerignore-files>

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &CopyContextWithoutDockerignore;

struct CopyContextWithoutDockerignore;

impl Rule for CopyContextWithoutDockerignore {
    fn meta(&self) -> Meta {
        Meta {
            id: "copy-context-without-dockerignore",
            category: Category::Size,
            severity: Severity::Info,
            summary: "COPY . copies the whole build context, which has no .dockerignore",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        if !cx.sim.context_known || cx.sim.has_dockerignore {
            return;
        }
        for c in super::_shared_sim::whole_context_copies(cx) {
            // Something harmful is copied: the stronger rule reports it.
            if !c.unwanted.is_empty() {
                continue;
            }
            let n = c.files;
            let files = if n == 1 {
                "1 file".to_string()
            } else {
                format!("{n} files")
            };
            let f = out.emit(
                super::_shared_instr::instruction_span(c.ins),
                format!(
                    "copies the whole build context ({files} today) into {}, and there is no .dockerignore: .git, virtualenvs, node_modules and build output will be sent and copied too as soon as they exist",
                    super::_shared_sim::stage_words(cx.sim, c.stage)
                ),
            );
            f.help = "Add a .dockerignore next to the Dockerfile (typical entries: .git, venv, .venv, node_modules, __pycache__, dist, build), or copy only the files the image needs.".into();
        }
    }
}

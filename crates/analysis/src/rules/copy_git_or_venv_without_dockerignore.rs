//! ## What it does
//! Finds a `COPY` of the whole build context (`COPY . .`) that brings in a
//! Git repository (`.git`), a Python virtual environment (`venv/`, `.venv/`)
//! or `node_modules`, because the context has no `.dockerignore` (or one
//! that does not exclude them). Only when the build context is known.
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

use super::{Context, Cost, Meta, Rule, Sink};
use crate::sim::vfs::Origin;
use crate::sim::Bytes;
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &CopyGitOrVenvWithoutDockerignore;

struct CopyGitOrVenvWithoutDockerignore;

/// What kind of unwanted directory a context path is in, if any.
fn unwanted(path: &str, venvs: &[String]) -> Option<&'static str> {
    let segs: Vec<&str> = path.split('/').collect();
    if segs.first() == Some(&".git") {
        return Some(".git");
    }
    if segs.contains(&"node_modules") {
        return Some("node_modules");
    }
    if venvs.iter().any(|v| path.starts_with(&format!("{v}/"))) {
        return Some("a virtualenv");
    }
    None
}

impl Rule for CopyGitOrVenvWithoutDockerignore {
    fn meta(&self) -> Meta {
        Meta {
            id: "copy-git-or-venv-without-dockerignore",
            category: Category::Size,
            severity: Severity::Warning,
            summary: "COPY . brings .git, a virtualenv or node_modules into the image",
            hadolint: &[],
            buildkit: None,
        }
    }

    fn check(&self, cx: &Context, out: &mut Sink) {
        if !cx.sim.context_known {
            return;
        }
        for (stage, ins) in cx.instructions() {
            let Some(si) = stage else { continue };
            if ins.kind != Keyword::Copy && ins.kind != Keyword::Add || ins.flag("from").is_some() {
                continue;
            }
            let (Args::Words { items } | Args::Exec { items, .. }) = &ins.args else { continue };
            if items.len() < 2 || !items[..items.len() - 1].iter().any(|t| matches!(t.text.as_str(), "." | "./")) {
                continue;
            }
            let st = &cx.sim.stages[si];
            let from_here: Vec<(&String, &crate::sim::vfs::Entry)> = st
                .fs
                .all()
                .filter(|(_, e)| e.line == Some(ins.start_line) && !e.is_dir())
                .filter(|(_, e)| matches!(e.origin, Origin::Context { .. }))
                .collect();
            let ctx_path = |e: &crate::sim::vfs::Entry| match &e.origin {
                Origin::Context { path } => path.clone(),
                _ => String::new(),
            };
            let venvs: Vec<String> = from_here
                .iter()
                .map(|(_, e)| ctx_path(e))
                .filter_map(|p| p.strip_suffix("/pyvenv.cfg").map(str::to_string))
                .collect();
            let mut kinds: Vec<&str> = Vec::new();
            let mut bytes = Bytes::ZERO;
            for (_, e) in &from_here {
                if let Some(k) = unwanted(&ctx_path(e), &venvs) {
                    if !kinds.contains(&k) {
                        kinds.push(k);
                    }
                    bytes += e.size;
                }
            }
            if kinds.is_empty() {
                continue;
            }
            let why = if cx.sim.has_dockerignore { "the .dockerignore does not exclude it" } else { "there is no .dockerignore" };
            let f = out.emit(
                super::_shared_sim::instruction_span(ins),
                format!("copies {} from the build context ({}), because {why}", kinds.join(", "), crate::sim::size::human(bytes.value)),
            );
            if bytes.complete && bytes.value > 0 {
                f.cost = Some(Cost::bytes(bytes));
            }
            f.help = format!("Add a .dockerignore listing {} (and other local build output).", kinds.iter().map(|k| if *k == "a virtualenv" { "the virtualenv directory" } else { k }).collect::<Vec<_>>().join(", "));
        }
    }
}

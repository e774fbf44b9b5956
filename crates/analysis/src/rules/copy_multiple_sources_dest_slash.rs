//! ## What it does
//! Finds `COPY`/`ADD` with several sources whose destination does not end
//! with `/`.
//!
//! ## Why it matters
//! With more than one source the destination is a directory, and Docker's
//! documentation requires it to end with `/`. The classic builder
//! (`DOCKER_BUILDKIT=0`, and tools built on it) stops with "When using COPY
//! with more than one source file, the destination must be a directory and
//! end with a /"; BuildKit accepts it, so the file builds in one place and
//! fails in another. The slash also tells readers that `/app` is a
//! directory.
//!
//! ## Example
//! ```dockerfile
//! FROM node:22-slim
//! COPY package.json package-lock.json /app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:22-slim
//! COPY package.json package-lock.json /app/
//! ```
//!
//! ## References
//! - hadolint DL3021: <https://github.com/hadolint/hadolint/wiki/DL3021>
//! - Dockerfile reference, COPY: <https://docs.docker.com/reference/dockerfile/#copy>

use super::_shared_instr as s;
use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &CopyMultipleSourcesDestSlash;

struct CopyMultipleSourcesDestSlash;

impl Rule for CopyMultipleSourcesDestSlash {
    fn meta(&self) -> Meta {
        Meta {
            id: "copy-multiple-sources-dest-slash",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "COPY/ADD with several sources to a destination without a trailing /",
            hadolint: &["DL3021"],
            buildkit: None,
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx
            .checked()
            .filter(|i| matches!(i.kind, Keyword::Copy | Keyword::Add))
        {
            let Some((srcs, dest)) = s::copy_paths(ins) else {
                continue;
            };
            let d = dest.text.as_str();
            if srcs.len() < 2
                || d.ends_with('/')
                || d.ends_with('\\')
                || d.contains('$')
                || d == "."
                || d == ".."
            {
                continue;
            }
            let f = out.emit(dest.span, format!("{} has {} sources, so `{d}` must be a directory ending with / (the classic builder rejects it)", ins.keyword.text, srcs.len()));
            f.help = format!("Write `{d}/`.");
            // In exec form the span covers the JSON string with its quotes.
            let at = if cx.text(dest.span).ends_with('"') {
                dest.span.end - 1
            } else {
                dest.span.end
            };
            f.fix = Some(Fix::insert(format!("Write {d}/"), at, "/"));
        }
    }
}

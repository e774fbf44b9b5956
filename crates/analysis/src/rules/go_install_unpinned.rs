//! ## What it does
//! Finds `go install` of packages without a version, in stages that end up in the
//! final image.
//!
//! ## Why it matters
//! Unpinned packages make rebuilds install whatever version is current, so
//! two builds of the same file can differ, and a new release can break a
//! build that worked yesterday. `@latest` counts as unpinned; local packages (`./...`) follow `go.mod` and are not reported. This is reproducibility advice, so
//! Layerlab reports it as info (hadolint: warning), and only for stages whose
//! contents ship: a builder stage's tools are not reported.
//!
//! ## Example
//! ```dockerfile
//! FROM golang:1.23
//! RUN go install golang.org/x/tools/gopls@latest
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM golang:1.23
//! RUN go install golang.org/x/tools/gopls@v0.16.2
//! ```
//!
//! ## References
//! - hadolint DL3062: <https://github.com/hadolint/hadolint/wiki/DL3062>
//! - Dockerfile best practices: <https://docs.docker.com/build/building/best-practices/>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &R;

struct R;

impl Rule for R {
    fn meta(&self) -> Meta {
        Meta {
            id: "go-install-unpinned",
            category: Category::Reproducibility,
            severity: Severity::Info,
            summary: "go install without a version",
            hadolint: &["DL3062"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        s::report_unpinned(
            cx,
            out,
            "go",
            "go install",
            "Pin a version (pkg@v1.2.3).",
            unpinned,
        );
    }
}

fn unpinned(ins: &layerlab_syntax::Instruction) -> Vec<String> {
    let mut out = Vec::new();
    for args in s::sub_invocations(ins, &["go"], &["install"]) {
        for p in s::positional(
            &args,
            &[
                "-o", "-C", "-p", "-tags", "-ldflags", "-gcflags", "-mod", "-modfile", "-pkgdir",
                "-overlay", "-pgo",
            ],
        ) {
            let local =
                p.starts_with('.') || p.starts_with('/') || p.contains('$') || p.contains('=');
            let pinned = p
                .split_once('@')
                .is_some_and(|(_, v)| v != "latest" && !v.is_empty());
            if !local && !pinned {
                out.push(p.to_string());
            }
        }
    }
    out
}

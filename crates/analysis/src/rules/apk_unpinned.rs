//! ## What it does
//! Finds `apk add` of packages without a version, in stages that end up in the
//! final image.
//!
//! ## Why it matters
//! Unpinned packages make rebuilds install whatever version is current, so
//! two builds of the same file can differ, and a new release can break a
//! build that worked yesterday. Alpine removes old package versions from its mirrors, so an exact pin eventually stops building; `~` pins (`curl~8.11`) age better. This is reproducibility advice, so
//! Layerlab reports it as info (hadolint: warning), and only for stages whose
//! contents ship: a builder stage's tools are not reported.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine:3.20
//! RUN apk add --no-cache curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine:3.20
//! RUN apk add --no-cache curl=8.11.1-r0
//! ```
//!
//! ## References
//! - hadolint DL3018: <https://github.com/hadolint/hadolint/wiki/DL3018>
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
            id: "apk-unpinned",
            category: Category::Reproducibility,
            severity: Severity::Info,
            summary: "apk add without package versions",
            hadolint: &["DL3018"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        s::report_unpinned(
            cx,
            out,
            "apk",
            "apk add",
            "Pin versions (curl=8.11.1-r0 or curl~8.11), or rely on a pinned base image.",
            unpinned,
        );
    }
}

fn unpinned(ins: &layerlab_syntax::Instruction) -> Vec<String> {
    let mut out = Vec::new();
    for args in s::sub_invocations(ins, &["apk"], &["add"]) {
        for p in s::positional(
            &args,
            &[
                "-X",
                "--repository",
                "-t",
                "--virtual",
                "-p",
                "--root",
                "--repositories-file",
                "--keys-dir",
                "--arch",
                "--cache-dir",
            ],
        ) {
            let pinned = p.contains('=') || p.contains('~') || p.contains('<') || p.contains('>');
            let not_name =
                p.contains('/') || p.contains('$') || p.ends_with(".apk") || p.starts_with('.');
            if !pinned && !not_name {
                out.push(p.to_string());
            }
        }
    }
    out
}

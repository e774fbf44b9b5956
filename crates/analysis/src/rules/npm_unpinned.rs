//! ## What it does
//! Finds `npm install` of packages without a version, in stages that end up in the
//! final image.
//!
//! ## Why it matters
//! Unpinned packages make rebuilds install whatever version is current, so
//! two builds of the same file can differ, and a new release can break a
//! build that worked yesterday. Installs from `package.json` (`npm ci`, `npm install` without names) are governed by the lockfile and are not reported. This is reproducibility advice, so
//! Layerlab reports it as info (hadolint: warning), and only for stages whose
//! contents ship: a builder stage's tools are not reported.
//!
//! ## Example
//! ```dockerfile
//! FROM node:22-slim
//! RUN npm install -g typescript
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:22-slim
//! RUN npm install -g typescript@5.6.3
//! ```
//!
//! ## References
//! - hadolint DL3016: <https://github.com/hadolint/hadolint/wiki/DL3016>
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
            id: "npm-unpinned",
            category: Category::Reproducibility,
            severity: Severity::Info,
            summary: "npm install of named packages without versions",
            hadolint: &["DL3016"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        s::report_unpinned(
            cx,
            out,
            "npm",
            "npm install",
            "Pin versions (typescript@5.6.3), or declare them in package.json with a lockfile.",
            unpinned,
        );
    }
}

fn unpinned(ins: &layerlab_syntax::Instruction) -> Vec<String> {
    let mut out = Vec::new();
    for args in s::sub_invocations(ins, &["npm"], &["install", "i", "add", "isntall", "in"]) {
        for p in s::positional(
            &args,
            &[
                "--prefix",
                "--registry",
                "--cache",
                "--omit",
                "--include",
                "-w",
                "--workspace",
            ],
        ) {
            let bare = p
                .strip_prefix('@')
                .map(|r| r.split_once('/').map_or("", |(_, n)| n))
                .unwrap_or(p);
            let pinned = bare.contains('@');
            let not_name = p.contains(':')
                || p.starts_with('.')
                || p.starts_with('/')
                || p.contains('$')
                || p.ends_with(".tgz")
                || p.ends_with(".tar.gz")
                || (p.contains('/') && !p.starts_with('@'));
            if !pinned && !not_name && p != "npm" {
                out.push(p.to_string());
            }
        }
    }
    out
}

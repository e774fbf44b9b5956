//! ## What it does
//! Finds `gem install` of packages without a version, in stages that end up in the
//! final image.
//!
//! ## Why it matters
//! Unpinned packages make rebuilds install whatever version is current, so
//! two builds of the same file can differ, and a new release can break a
//! build that worked yesterday. Gems installed from a `Gemfile.lock` (`bundle install`) are pinned already and are not reported. This is reproducibility advice, so
//! Layerlab reports it as info (hadolint: warning), and only for stages whose
//! contents ship: a builder stage's tools are not reported.
//!
//! ## Example
//! ```dockerfile
//! FROM ruby:3.3-slim
//! RUN gem install bundler
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM ruby:3.3-slim
//! RUN gem install bundler:2.5.22
//! ```
//!
//! ## References
//! - hadolint DL3028: <https://github.com/hadolint/hadolint/wiki/DL3028>
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
            id: "gem-unpinned",
            category: Category::Reproducibility,
            severity: Severity::Info,
            summary: "gem install without versions",
            hadolint: &["DL3028"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        s::report_unpinned(
            cx,
            out,
            "gem",
            "gem install",
            "Pin versions (bundler:2.5.22 or -v 2.5.22), or use a Gemfile.lock.",
            unpinned,
        );
    }
}

fn unpinned(ins: &layerlab_syntax::Instruction) -> Vec<String> {
    let mut out = Vec::new();
    for args in s::sub_invocations(ins, &["gem"], &["install", "i"]) {
        if s::has_opt(&args, Some('v'), &["--version"]) {
            continue;
        }
        for p in s::positional(
            &args,
            &[
                "-i",
                "--install-dir",
                "-n",
                "--bindir",
                "-s",
                "--source",
                "-P",
                "--trust-policy",
                "--platform",
                "-g",
                "--file",
            ],
        ) {
            let pinned = p.contains(':');
            let not_name = p.contains('/') || p.contains('$') || p.ends_with(".gem");
            if !pinned && !not_name {
                out.push(p.to_string());
            }
        }
    }
    out
}

//! ## What it does
//! Finds `apt-get install` of packages without a version (`curl` rather than
//! `curl=7.88.1-10+deb12u8`), in stages that end up in the final image.
//!
//! ## Why it matters
//! Unpinned packages make rebuilds install whatever version is current, so
//! two builds of the same file can differ. This is advice, not a defect:
//! Debian and Ubuntu remove old package versions from their mirrors, so a
//! pinned version eventually stops building — many teams rightly prefer
//! fresh security updates and pin the base image instead. That is why
//! Layerlab reports it as info (hadolint: warning) and only for stages whose
//! contents ship; builder stages are not reported.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN apt-get update && apt-get install -y --no-install-recommends curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
//! ```
//!
//! ## References
//! - hadolint DL3008: <https://github.com/hadolint/hadolint/wiki/DL3008>
//! - Dockerfile best practices, apt-get: <https://docs.docker.com/build/building/best-practices/#apt-get>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &AptGetUnpinned;

struct AptGetUnpinned;

impl Rule for AptGetUnpinned {
    fn meta(&self) -> Meta {
        Meta {
            id: "apt-get-unpinned",
            category: Category::Reproducibility,
            severity: Severity::Info,
            summary: "apt-get install without package versions",
            hadolint: &["DL3008"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (st, ins) in s::runs(cx) {
            if !s::shipped(cx, st) {
                continue;
            }
            let mut names: Vec<String> = Vec::new();
            for (_, args) in s::apt_get_installs(ins) {
                names.extend(
                    s::positional(&args, s::APT_VALUE_OPTS)
                        .into_iter()
                        .filter(|p| !s::apt_pinned_or_not_a_name(p))
                        .map(str::to_string),
                );
            }
            if names.is_empty() {
                continue;
            }
            let f = out.emit(
                s::span_of(cx, ins, "apt-get"),
                format!("apt-get installs without versions: {}", s::list(&names)),
            );
            f.help = "For reproducible builds pin versions (`pkg=version`), or rely on a pinned base image.".into();
        }
    }
}

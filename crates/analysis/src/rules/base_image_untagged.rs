//! ## What it does
//! Finds `FROM` images written without a tag or digest (`FROM ubuntu`).
//!
//! ## Why it matters
//! Without a tag Docker pulls `latest`, which moves: the same Dockerfile
//! builds on a different OS release or runtime version from one month to the
//! next, and a rebuild can break for reasons unrelated to any change.
//!
//! ## Example
//! ```dockerfile
//! FROM debian
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! ```
//!
//! ## References
//! - hadolint DL3006: <https://github.com/hadolint/hadolint/wiki/DL3006>
//! - Dockerfile best practices, FROM: <https://docs.docker.com/build/building/best-practices/#from>

use super::_shared_sim as ss;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::Base;
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &BaseImageUntagged;

struct BaseImageUntagged;

/// Whether an image reference has a tag or a digest.
pub(crate) fn has_tag(r: &str) -> bool {
    let last = r.rsplit('/').next().unwrap_or(r);
    last.contains(':') || r.contains('@')
}

impl Rule for BaseImageUntagged {
    fn meta(&self) -> Meta {
        Meta {
            id: "base-image-untagged",
            category: Category::Reproducibility,
            severity: Severity::Warning,
            summary: "base image without a tag (pulls whatever `latest` is)",
            hadolint: &["DL3006"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for st in cx.checked_stages() {
            let Base::Image { reference, .. } = &st.base else {
                continue;
            };
            let Some(image) = ss::from_image(cx, st) else {
                continue;
            };
            if image.text.contains('$') || has_tag(&image.text) {
                continue;
            }
            let f = out.emit(
                image.span,
                format!(
                    "`{}` has no tag: it is whatever `latest` is when you build",
                    image.text
                ),
            );
            f.help = format!(
                "Pin a tag, for example `{}:<version>` (or a digest).",
                reference.split(':').next().unwrap_or(reference)
            );
        }
    }
}

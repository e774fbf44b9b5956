//! ## What it does
//! Finds `FROM` images with the `latest` tag (`FROM node:latest`).
//!
//! ## Why it matters
//! `latest` is not a version: it moves with every release, so the same
//! Dockerfile builds on a different OS release or runtime version over time,
//! and a rebuild can break without any change to the file.
//!
//! ## Example
//! ```dockerfile
//! FROM node:latest
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:22-bookworm-slim
//! ```
//!
//! ## References
//! - hadolint DL3007: <https://github.com/hadolint/hadolint/wiki/DL3007>
//! - Dockerfile best practices, FROM: <https://docs.docker.com/build/building/best-practices/#from>

use super::_shared_sim as ss;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::Base;
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &BaseImageLatest;

struct BaseImageLatest;

impl Rule for BaseImageLatest {
    fn meta(&self) -> Meta {
        Meta {
            id: "base-image-latest",
            category: Category::Reproducibility,
            severity: Severity::Warning,
            summary: "base image uses the moving `latest` tag",
            hadolint: &["DL3007"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for st in cx.checked_stages() {
            if !matches!(st.base, Base::Image { .. }) {
                continue;
            }
            let Some(image) = ss::from_image(cx, st) else {
                continue;
            };
            let r = image.text.as_str();
            if r.contains('@') || r.contains('$') {
                continue;
            }
            let last = r.rsplit('/').next().unwrap_or(r);
            if last.ends_with(":latest") {
                let f = out.emit(
                    image.span,
                    format!("`{r}` uses the `latest` tag, which moves with every release"),
                );
                f.help = "Pin a version tag (or a digest).".into();
            }
        }
    }
}

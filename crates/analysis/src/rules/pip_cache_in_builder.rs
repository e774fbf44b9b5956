//! ## What it does
//! Finds `pip install` runs that keep pip's download cache (`~/.cache/pip`)
//! in a stage that is built but not shipped: a builder whose files the final
//! image copies selectively. Advice only: the final image does not carry
//! this cache. (When a `COPY --from` does carry it into the final image,
//! `pip-no-cache-dir` reports it as a warning instead.)
//!
//! ## Why it matters
//! It costs nothing in the image you ship: the cache stays in the builder's
//! layers and in the build cache on the machine that builds, and is
//! discarded with the builder. This is why it is a separate rule from
//! `pip-no-cache-dir`, which is a warning because there the cache is part of
//! the final image: silencing one does not silence the other, and the
//! message says which case it is. hadolint's DL3042 reports both cases
//! alike; `# hadolint ignore=DL3042` silences both here too. Adding
//! `--no-cache-dir` still keeps the builder and the build cache smaller;
//! a cache mount does better, reusing the downloads between builds.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12 AS builder
//! COPY requirements.txt .
//! RUN pip install --user -r requirements.txt
//!
//! FROM python:3.12-slim
//! COPY --from=builder /root/.local /root/.local
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12 AS builder
//! COPY requirements.txt .
//! RUN --mount=type=cache,target=/root/.cache/pip pip install --user -r requirements.txt
//! ```
//! or `pip install --no-cache-dir`, or nothing at all if the builder's size
//! does not matter to you.
//!
//! ## References
//! - pip documentation, "Caching": <https://pip.pypa.io/en/stable/topics/caching/>
//! - Docker docs, cache mounts: <https://docs.docker.com/build/cache/optimize/#use-cache-mounts>
//! - hadolint DL3042: <https://github.com/hadolint/hadolint/wiki/DL3042>

use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &PipCacheInBuilder;

struct PipCacheInBuilder;

impl Rule for PipCacheInBuilder {
    fn meta(&self) -> Meta {
        Meta {
            id: "pip-cache-in-builder",
            category: Category::Size,
            severity: Severity::Info,
            summary: "pip's download cache stays in a builder stage (not in the final image)",
            hadolint: &["DL3042"],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let shipped = super::shipped_stages(cx.sim);
        if shipped.is_empty() {
            return;
        }
        for c in super::_shared_sim::pip_caches(cx) {
            let (st, l) = (c.stage, c.leftover);
            // Copied into the final image after all: pip-no-cache-dir's warning.
            if shipped.contains(&st.index)
                || super::_shared_sim::carried_into_final(cx.sim, st.index, &l.path).is_some()
            {
                continue;
            }
            let f = out.emit(
                super::_shared_instr::instruction_span(c.ins),
                format!(
                    "pip keeps its download cache in {} ({}) in stage {}; the final image does not carry it, only the builder and the build cache do",
                    l.path,
                    c.size,
                    st.display_name()
                ),
            );
            f.help = format!(
                "Harmless for the image. To keep the builder and the build cache small, add --no-cache-dir, or use a cache mount (RUN --mount=type=cache,target={}) to reuse downloads between builds.",
                l.path
            );
            f.fix = Some(Fix::insert("Add --no-cache-dir", c.at, " --no-cache-dir"));
        }
    }
}

//! ## What it does
//! Finds `pip install` runs whose download cache (`~/.cache/pip`) stays in
//! the final image: in the target stage, in a stage it is built on, or in a
//! builder stage from which a `COPY --from` carries it into the image.
//!
//! ## Why it matters
//! pip keeps every wheel it downloads. In a container image nobody installs
//! again, so the cache is dead weight in the layer, often several megabytes,
//! and a later `rm` cannot take it out of that layer. Layerlab estimates the
//! cache from the measured wheel sizes of the packages installed. In a
//! builder stage whose files are copied selectively the cache is discarded
//! with the stage: `pip-cache-in-builder` mentions it there, as advice
//! (hadolint's DL3042 does not tell the two cases apart).
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! COPY requirements.txt .
//! RUN pip install -r requirements.txt
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! COPY requirements.txt .
//! RUN pip install --no-cache-dir -r requirements.txt
//! ```
//! or set `ENV PIP_NO_CACHE_DIR=1`, or use a cache mount
//! (`RUN --mount=type=cache,target=/root/.cache/pip pip install …`).
//!
//! ## References
//! - pip documentation, "Caching": <https://pip.pypa.io/en/stable/topics/caching/>
//! - hadolint DL3042: <https://github.com/hadolint/hadolint/wiki/DL3042>

use super::{Cost, Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &PipNoCacheDir;

struct PipNoCacheDir;

impl Rule for PipNoCacheDir {
    fn meta(&self) -> Meta {
        Meta {
            id: "pip-no-cache-dir",
            category: Category::Size,
            severity: Severity::Warning,
            summary: "pip's download cache is left in the final image",
            hadolint: &["DL3042"],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let shipped = super::shipped_stages(cx.sim);
        for c in super::_shared_sim::pip_caches(cx) {
            let (st, l, size) = (c.stage, c.leftover, &c.size);
            let msg = if shipped.contains(&st.index) {
                format!(
                    "pip keeps its download cache in {} ({size}), and it ships in the final image",
                    l.path
                )
            } else {
                let Some(line) = super::_shared_sim::carried_into_final(cx.sim, st.index, &l.path)
                else {
                    continue;
                };
                format!("pip keeps its download cache in {} ({size}) in stage {}, and the COPY on line {line} carries it into the final image", l.path, st.display_name())
            };
            let f = out.emit(super::_shared_instr::instruction_span(c.ins), msg);
            f.help = "Add --no-cache-dir to pip install (or set PIP_NO_CACHE_DIR=1).".into();
            if l.bytes.complete {
                f.cost = Some(Cost::bytes(l.bytes));
            }
            f.fix = Some(Fix::insert("Add --no-cache-dir", c.at, " --no-cache-dir"));
        }
    }
}

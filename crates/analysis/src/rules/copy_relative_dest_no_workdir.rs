//! ## What it does
//! Finds `COPY`/`ADD` to a relative destination (`COPY app.py app/`) in a
//! stage built on an image where no `WORKDIR` was set yet.
//!
//! ## Why it matters
//! A relative destination is resolved against the base image's working
//! directory, which the Dockerfile does not control (often `/`, sometimes
//! not): the files land somewhere the rest of the file may not expect, and a
//! new base image version can move them.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! COPY app.py app/
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! WORKDIR /srv
//! COPY app.py app/
//! ```
//!
//! ## References
//! - hadolint DL3045: <https://github.com/hadolint/hadolint/wiki/DL3045>
//! - Dockerfile reference, COPY: <https://docs.docker.com/reference/dockerfile/#copy>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::Base;
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &CopyRelativeDestNoWorkdir;

struct CopyRelativeDestNoWorkdir;

impl Rule for CopyRelativeDestNoWorkdir {
    fn meta(&self) -> Meta {
        Meta {
            id: "copy-relative-dest-no-workdir",
            category: Category::Reproducibility,
            severity: Severity::Info,
            summary: "COPY to a relative path before any WORKDIR",
            hadolint: &["DL3045"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let mut workdir = false;
        for (st, ins) in cx.checked_instructions().iter().copied() {
            match ins.kind {
                Keyword::From => {
                    // A stage built on an earlier stage inherits its WORKDIR;
                    // `scratch` starts at `/`.
                    workdir = !matches!(
                        st.and_then(|i| cx.sim.stages.get(i)).map(|s| &s.base),
                        Some(Base::Image { .. })
                    );
                }
                Keyword::Workdir => workdir = true,
                Keyword::Copy | Keyword::Add if !workdir => {
                    let Some((_, dest)) = s::copy_paths(ins) else {
                        continue;
                    };
                    let d = dest.text.as_str();
                    if d.starts_with('/')
                        || d.starts_with('$')
                        || d.starts_with('\\')
                        || d.chars().nth(1) == Some(':')
                    {
                        continue;
                    }
                    let f = out.emit(dest.span, format!("`{d}` is relative to the base image's WORKDIR, which this stage does not set"));
                    f.help = "Use an absolute destination, or set WORKDIR before this line.".into();
                }
                _ => {}
            }
        }
    }
}

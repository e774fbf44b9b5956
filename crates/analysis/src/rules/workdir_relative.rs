//! ## What it does
//! Finds a relative `WORKDIR` (`WORKDIR app`) in a stage where no absolute
//! `WORKDIR` was set before it.
//!
//! ## Why it matters
//! A relative `WORKDIR` is resolved against the base image's working
//! directory, which the Dockerfile does not control: when the base image
//! changes its `WORKDIR`, files land somewhere else. Like BuildKit's
//! `WorkdirRelativePath` (and unlike hadolint's DL3000), a relative path after
//! an absolute `WORKDIR` in the same stage is not reported, since it is then
//! fully determined; neither is one in a stage built on an earlier stage.
//!
//! ## Example
//! ```dockerfile
//! FROM node:22
//! WORKDIR app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:22
//! WORKDIR /app
//! ```
//!
//! ## References
//! - hadolint DL3000: <https://github.com/hadolint/hadolint/wiki/DL3000>
//! - BuildKit build checks, WorkdirRelativePath: <https://docs.docker.com/reference/build-checks/workdir-relative-path/>

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &WorkdirRelative;

struct WorkdirRelative;

impl Rule for WorkdirRelative {
    fn meta(&self) -> Meta {
        Meta {
            id: "workdir-relative",
            category: Category::Reproducibility,
            severity: Severity::Warning,
            summary: "relative WORKDIR without an absolute WORKDIR before it in the stage",
            hadolint: &["DL3000"],
            buildkit: Some("WorkdirRelativePath"),
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let mut absolute_set = false;
        for (st, ins) in cx.checked_instructions().iter().copied() {
            match ins.kind {
                // A stage built on an earlier stage inherits its WORKDIR.
                Keyword::From => {
                    absolute_set = matches!(
                        st.and_then(|i| cx.sim.stages.get(i)).map(|s| &s.base),
                        Some(crate::sim::Base::Stage { .. })
                    )
                }
                Keyword::Workdir => {
                    let Args::Shell { text } = &ins.args else {
                        continue;
                    };
                    let p = text.text.trim().trim_matches(|c| c == '"' || c == '\'');
                    // Variables and Windows paths (C:\) are not judged.
                    let absolute =
                        p.starts_with('/') || p.starts_with('$') || p.chars().nth(1) == Some(':');
                    if absolute {
                        absolute_set = true;
                    } else if !absolute_set && !p.is_empty() {
                        let f = out.emit(text.span, format!("relative WORKDIR `{p}` depends on the base image's working directory"));
                        f.help = format!("Use an absolute path (`WORKDIR /{p}`), or set an absolute WORKDIR earlier in the stage.");
                    }
                }
                _ => {}
            }
        }
    }
}

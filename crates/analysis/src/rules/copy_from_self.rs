//! ## What it does
//! Finds `COPY --from=<name>` where `<name>` is the stage the COPY is in.
//!
//! ## Why it matters
//! A stage cannot copy from itself: BuildKit stops with a circular dependency
//! error. It is usually a typo for the builder stage's name.
//!
//! ## Example
//! ```dockerfile
//! FROM golang:1.23 AS build
//! COPY --from=build /src/app /app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM golang:1.23 AS build
//! RUN go build -o /out/app .
//! FROM gcr.io/distroless/static
//! COPY --from=build /out/app /app
//! ```
//!
//! ## References
//! - hadolint DL3023: <https://github.com/hadolint/hadolint/wiki/DL3023>
//! - Multi-stage builds: <https://docs.docker.com/build/building/multi-stage/>

use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &CopyFromSelf;

struct CopyFromSelf;

impl Rule for CopyFromSelf {
    fn meta(&self) -> Meta {
        Meta {
            id: "copy-from-self",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "COPY --from names the stage it is in",
            hadolint: &["DL3023"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (st, ins) in cx.checked_instructions().iter().copied() {
            if ins.kind != Keyword::Copy {
                continue;
            }
            let (Some(st), Some(from)) = (st, ins.flag("from")) else {
                continue;
            };
            let Some(v) = &from.value else { continue };
            let Some(stage) = cx.sim.stages.get(st) else {
                continue;
            };
            let own = stage
                .name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(&v.text))
                || v.text == st.to_string();
            if own {
                let f = out.emit(
                    v.span,
                    format!("COPY --from={} refers to the stage it is in", v.text),
                );
                f.help = "Copy from an earlier stage (a stage cannot copy from itself).".into();
                f.cost = Some(Cost::BuildFails);
            }
        }
    }
}

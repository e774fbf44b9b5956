//! ## What it does
//! Lists the stages the target stage does not need: nothing it is built on
//! or copies from comes from them.
//!
//! ## Why it matters
//! BuildKit skips them, so their instructions never run for this target:
//! a fix made there has no effect on the image, and a mistake there is not
//! noticed until someone builds that stage. The legacy builder builds them
//! anyway, which costs time.
//!
//! ## Example
//! ```dockerfile
//! FROM golang:1.23 AS tools
//! RUN go install example.com/lint@latest
//! FROM python:3.12-slim
//! COPY app.py .
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! COPY app.py .
//! ```
//! or build the other stage explicitly with `--target tools`.
//!
//! ## References
//! - Docker docs, multi-stage builds: <https://docs.docker.com/build/building/multi-stage/>

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &StageNotNeeded;

struct StageNotNeeded;

impl Rule for StageNotNeeded {
    fn meta(&self) -> Meta {
        Meta {
            id: "stage-not-needed",
            category: Category::Style,
            severity: Severity::Info,
            summary: "a stage the target does not need (BuildKit skips it)",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let Some(t) = cx.sim.target_stage() else {
            return;
        };
        for st in cx
            .sim
            .stages
            .iter()
            .filter(|s| !s.needed && s.index < t.index)
        {
            let Some(ins) = super::_shared_sim::instruction_at(cx, st.line) else {
                continue;
            };
            let f = out.emit(
                super::_shared_instr::instruction_span(ins),
                format!(
                    "stage {} is not needed by the target stage {}: BuildKit skips it",
                    st.display_name(),
                    t.display_name()
                ),
            );
            f.help = "Remove it, use it (COPY --from, FROM), or build it with --target.".into();
        }
    }
}

//! ## What it does
//! Finds `FROM --platform=$TARGETPLATFORM`.
//!
//! ## Why it matters
//! Stages are built for the target platform by default, so the flag does
//! nothing but add noise (BuildKit's `RedundantTargetPlatform`). The flag is
//! useful with `$BUILDPLATFORM`, for cross-compiling stages.
//!
//! ## Example
//! ```dockerfile
//! FROM --platform=$TARGETPLATFORM alpine:3.20
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine:3.20
//! ```
//!
//! ## References
//! - hadolint DL3065: <https://github.com/hadolint/hadolint/wiki/DL3065>
//! - BuildKit build checks, RedundantTargetPlatform: <https://docs.docker.com/reference/build-checks/redundant-target-platform/>

use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &RedundantTargetPlatform;

struct RedundantTargetPlatform;

impl Rule for RedundantTargetPlatform {
    fn meta(&self) -> Meta {
        Meta {
            id: "redundant-target-platform",
            category: Category::Style,
            severity: Severity::Info,
            summary: "FROM --platform=$TARGETPLATFORM is the default",
            hadolint: &["DL3065"],
            buildkit: Some("RedundantTargetPlatform"),
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.checked().filter(|i| i.kind == Keyword::From) {
            let Some(fl) = ins.flag("platform") else {
                continue;
            };
            let Some(v) = &fl.value else { continue };
            if !matches!(v.text.as_str(), "$TARGETPLATFORM" | "${TARGETPLATFORM}") {
                continue;
            }
            let f = out.emit(
                fl.raw.span,
                "--platform=$TARGETPLATFORM is the default and can be removed",
            );
            f.help = "Remove the flag.".into();
            let rest = &cx
                .df
                .text(layerlab_syntax::Span::new(fl.raw.span.end, ins.span.end));
            let ws = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            if ws > 0 && ins.start_line == ins.end_line {
                f.fix = Some(Fix::edit(
                    "Remove --platform",
                    fl.raw.span.start,
                    fl.raw.span.end + ws,
                    String::new(),
                ));
            }
        }
    }
}

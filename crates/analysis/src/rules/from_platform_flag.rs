//! ## What it does
//! Finds `FROM --platform=` with a constant platform (`--platform=linux/amd64`).
//!
//! ## Why it matters
//! A constant platform pins the stage to one architecture: on an ARM machine
//! or in a multi-platform build the image silently contains amd64 binaries
//! that run under emulation, or fail to start with `exec format error`.
//! Use `$BUILDPLATFORM` (cross-compiling) or `$TARGETPLATFORM`, or leave it
//! out and pass `--platform` to `docker build`.
//!
//! ## Example
//! ```dockerfile
//! FROM --platform=linux/amd64 node:22-slim
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:22-slim
//! ```
//!
//! ## References
//! - hadolint DL3029: <https://github.com/hadolint/hadolint/wiki/DL3029>
//! - BuildKit build checks, FromPlatformFlagConstDisallowed: <https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/>

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &FromPlatformFlag;

struct FromPlatformFlag;

impl Rule for FromPlatformFlag {
    fn meta(&self) -> Meta {
        Meta {
            id: "from-platform-flag",
            category: Category::Reproducibility,
            severity: Severity::Warning,
            summary: "FROM --platform with a constant value",
            hadolint: &["DL3029"],
            buildkit: Some("FromPlatformFlagConstDisallowed"),
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.checked().filter(|i| i.kind == Keyword::From) {
            let Some(fl) = ins.flag("platform") else {
                continue;
            };
            let Some(v) = &fl.value else { continue };
            if v.text.contains('$') {
                continue;
            }
            let f = out.emit(
                fl.raw.span,
                format!(
                    "the stage is pinned to {}, whatever platform is built",
                    v.text
                ),
            );
            f.help =
                "Use $BUILDPLATFORM or $TARGETPLATFORM, or pass --platform to docker build.".into();
        }
    }
}

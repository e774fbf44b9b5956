//! ## What it does
//! Finds `EXPOSE` protocols not written in lowercase (`EXPOSE 53/UDP`).
//!
//! ## Why it matters
//! The protocol is case-insensitive for the build, but tools that read the
//! image configuration compare it as written; BuildKit warns about it
//! (`ExposeProtoCasing`).
//!
//! ## Example
//! ```dockerfile
//! FROM alpine:3.20
//! EXPOSE 53/UDP
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine:3.20
//! EXPOSE 53/udp
//! ```
//!
//! ## References
//! - BuildKit build checks, ExposeProtoCasing: <https://docs.docker.com/reference/build-checks/expose-proto-casing/>

use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &ExposeProtoCasing;

struct ExposeProtoCasing;

impl Rule for ExposeProtoCasing {
    fn meta(&self) -> Meta {
        Meta {
            id: "expose-proto-casing",
            category: Category::Style,
            severity: Severity::Info,
            summary: "EXPOSE protocol is not lowercase",
            hadolint: &[],
            buildkit: Some("ExposeProtoCasing"),
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.df.instructions().filter(|i| i.kind == Keyword::Expose) {
            let Args::Words { items } = &ins.args else {
                continue;
            };
            for t in items {
                let Some((_, proto)) = t.text.split_once('/') else {
                    continue;
                };
                if proto.to_lowercase() == proto || t.text.contains('$') {
                    continue;
                }
                let f = out.emit(t.span, format!("protocol `{proto}` should be lowercase"));
                f.help = format!("Write `{}`.", proto.to_lowercase());
                if cx.text(t.span) == t.text {
                    f.fix = Some(Fix::replace(
                        format!("Write {}", t.text.to_lowercase()),
                        t.span,
                        t.text.to_lowercase(),
                    ));
                }
            }
        }
    }
}

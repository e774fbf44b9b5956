//! ## What it does
//! Finds images that use both `wget` and `curl` in `RUN` commands of the
//! stages that ship.
//!
//! ## Why it matters
//! Both tools do the same job; when both are installed for the build, one
//! of them is a package (and its libraries) the image does not need. Pick
//! one for all downloads.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN curl -fsSLO https://example.com/a.tar.gz
//! RUN wget -q https://example.com/b.tar.gz
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN curl -fsSLO https://example.com/a.tar.gz
//! RUN curl -fsSLO https://example.com/b.tar.gz
//! ```
//!
//! ## References
//! - hadolint DL4001: <https://github.com/hadolint/hadolint/wiki/DL4001>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &WgetAndCurl;

struct WgetAndCurl;

impl Rule for WgetAndCurl {
    fn meta(&self) -> Meta {
        Meta {
            id: "wget-and-curl",
            category: Category::Size,
            severity: Severity::Info,
            summary: "both wget and curl are used (one tool is enough)",
            hadolint: &["DL4001"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let shipped = super::shipped_stages(cx.sim);
        let runs = s::runs(cx);
        for st in shipped {
            if st < cx.first_stage() {
                continue;
            }
            let mut curl = None;
            let mut wget = None;
            for (_, ins) in runs.iter().filter(|(s, _)| *s == Some(st)) {
                for c in s::run_commands(ins).iter() {
                    match s::program(c).map(|(_, p)| p) {
                        Some("curl") if curl.is_none() => curl = Some(ins),
                        Some("wget") if wget.is_none() => wget = Some(ins),
                        _ => {}
                    }
                }
            }
            if let (Some(c), Some(w)) = (curl, wget) {
                let f = out.emit(
                    s::span_of(cx, w, "wget"),
                    format!(
                        "wget is used here and curl on line {}: one download tool is enough",
                        c.start_line
                    ),
                );
                f.help = "Use the same tool for every download, and install only that one.".into();
            }
        }
    }
}

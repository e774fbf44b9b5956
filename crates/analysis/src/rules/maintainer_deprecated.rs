//! ## What it does
//! Finds the `MAINTAINER` instruction.
//!
//! ## Why it matters
//! `MAINTAINER` is deprecated; BuildKit warns about it on every build
//! (`MaintainerDeprecated`). The standard place for the author is the
//! `org.opencontainers.image.authors` label, which registries and tools read.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine:3.20
//! MAINTAINER Jane Doe <jane@example.com>
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine:3.20
//! LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
//! ```
//!
//! ## References
//! - hadolint DL4000: <https://github.com/hadolint/hadolint/wiki/DL4000>
//! - BuildKit build checks, MaintainerDeprecated: <https://docs.docker.com/reference/build-checks/maintainer-deprecated/>

use super::_shared_instr as s;
use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &MaintainerDeprecated;

struct MaintainerDeprecated;

impl Rule for MaintainerDeprecated {
    fn meta(&self) -> Meta {
        Meta {
            id: "maintainer-deprecated",
            category: Category::Style,
            severity: Severity::Info,
            summary: "MAINTAINER is deprecated (use a label)",
            hadolint: &["DL4000"],
            buildkit: Some("MaintainerDeprecated"),
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.checked().filter(|i| i.kind == Keyword::Maintainer) {
            let f = out.emit(
                s::instruction_span(ins),
                "MAINTAINER is deprecated: it only sets the image's legacy Author field",
            );
            f.help = "Use `LABEL org.opencontainers.image.authors=\"…\"`.".into();
            let Args::Shell { text } = &ins.args else {
                continue;
            };
            let who = text.text.trim();
            if who.is_empty()
                || who.contains('$')
                || who.contains('\\')
                || ins.start_line != ins.end_line
            {
                continue;
            }
            let who = who.replace('"', "\\\"");
            let label = if ins.keyword.text.chars().all(|c| c.is_lowercase()) {
                "label"
            } else {
                "LABEL"
            };
            let sp = s::instruction_span(ins);
            f.fix = Some(Fix::replace(
                "Use the org.opencontainers.image.authors label",
                sp,
                format!("{label} org.opencontainers.image.authors=\"{who}\""),
            ));
        }
    }
}

//! ## What it does
//! Finds `apt-get install` without `--no-install-recommends` in stages that
//! end up in the final image.
//!
//! ## Why it matters
//! By default apt also installs every "recommended" package: documentation,
//! optional tools, often tens of megabytes (`build-essential` pulls in
//! manual pages and Perl modules, `python3` pulls in a full set of extras).
//! They are rarely needed in a container. Builder stages whose files are
//! copied selectively are not reported: their extras never ship.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN apt-get update && apt-get install -y curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN apt-get update && apt-get install -y --no-install-recommends curl
//! ```
//!
//! ## References
//! - hadolint DL3015: <https://github.com/hadolint/hadolint/wiki/DL3015>
//! - Dockerfile best practices, apt-get: <https://docs.docker.com/build/building/best-practices/#apt-get>

use super::_shared_instr as s;
use super::{FileFact, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &AptGetNoRecommends;

struct AptGetNoRecommends;

impl Rule for AptGetNoRecommends {
    fn meta(&self) -> Meta {
        Meta {
            id: "apt-get-no-recommends",
            category: Category::Size,
            severity: Severity::Info,
            summary: "apt-get install also installs recommended packages",
            hadolint: &["DL3015"],
            buildkit: None,
            // One RUN and whether its stage is shipped, given the file-wide
            // fact below.
            locality: Locality::Stage,
        }
    }

    /// `Install-Recommends` when the file mentions it (apt configured for
    /// the whole file): then no RUN is reported.
    fn file_fact(&self, cx: &RuleCtx) -> FileFact {
        s::mentioned(cx, &["Install-Recommends"])
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        if !self.file_fact(cx).is_empty() {
            return;
        }
        for (st, ins) in s::runs(cx) {
            if !s::shipped(cx, st) {
                continue;
            }
            let installs = s::apt_get_installs(ins);
            let missing: Vec<usize> = installs
                .iter()
                .enumerate()
                .filter(|(_, (all, _))| !all.iter().any(|w| w == "--no-install-recommends"))
                .map(|(i, _)| i)
                .collect();
            if missing.is_empty() {
                continue;
            }
            let f = out.emit(s::span_of(cx, ins, "apt-get"), "apt-get install without --no-install-recommends also installs recommended packages");
            f.help = "Add --no-install-recommends, and install explicitly what you need.".into();
            f.fix = s::apt_install_flag_fix(
                cx,
                ins,
                installs.len(),
                &missing,
                "--no-install-recommends",
            );
        }
    }
}

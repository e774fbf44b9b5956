//! ## What it does
//! Finds `zypper dist-upgrade` (`zypper dup`) in `RUN`.
//!
//! ## Why it matters
//! A distribution upgrade inside a build moves the image to whatever the
//! repositories contain that day, possibly a new distribution release: the
//! result differs from one build to the next and from the base image you
//! chose. Use a newer base image instead.
//!
//! ## Example
//! ```dockerfile
//! FROM opensuse/leap:15.6
//! RUN zypper --non-interactive dist-upgrade
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM opensuse/leap:15.6
//! RUN zypper --non-interactive patch --category security
//! ```
//!
//! ## References
//! - hadolint DL3035: <https://github.com/hadolint/hadolint/wiki/DL3035>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &ZypperDistUpgrade;

struct ZypperDistUpgrade;

impl Rule for ZypperDistUpgrade {
    fn meta(&self) -> Meta {
        Meta {
            id: "zypper-dist-upgrade",
            category: Category::Reproducibility,
            severity: Severity::Info,
            summary: "zypper dist-upgrade in a build",
            hadolint: &["DL3035"],
            buildkit: None,
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (_, ins) in s::runs(cx) {
            if !s::sub_invocations(ins, &["zypper"], &["dist-upgrade", "dup"]).is_empty() {
                let f = out.emit(
                    s::span_of(cx, ins, "zypper"),
                    "zypper dist-upgrade makes the image depend on the day it is built",
                );
                f.help = "Use a newer base image, or `zypper patch` for updates.".into();
            }
        }
    }
}

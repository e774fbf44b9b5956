//! ## What it does
//! Finds a `CMD` that a later `CMD` in the same stage replaces.
//!
//! ## Why it matters
//! Only the last `CMD` of a stage takes effect; the earlier one is dead code
//! that readers take at face value ("why doesn't the image do what line 5
//! says?"). It is often a leftover of an edit or of a copied block.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! CMD ["python", "-V"]
//! CMD ["python", "app.py"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! CMD ["python", "app.py"]
//! ```
//!
//! ## References
//! - hadolint DL4003: <https://github.com/hadolint/hadolint/wiki/DL4003>
//! - BuildKit build checks, MultipleInstructionsDisallowed: <https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &R;

struct R;

impl Rule for R {
    fn meta(&self) -> Meta {
        Meta {
            id: "multiple-cmd",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "more than one CMD in a stage (only the last counts)",
            hadolint: &["DL4003"],
            buildkit: Some("MultipleInstructionsDisallowed"),
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        s::emit_overridden(cx, out, Keyword::Cmd);
    }
}

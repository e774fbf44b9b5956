//! ## What it does
//! Finds a final image whose last `USER` is a name (`USER app`) rather than
//! a numeric UID (`USER 10001`).
//!
//! ## Why it matters
//! Kubernetes' `runAsNonRoot` cannot verify a user name (it does not read the
//! image's `/etc/passwd`) and refuses to start the pod, and the host sees
//! only the numeric ID anyway. A numeric `USER` (the user can still be
//! created with that UID) works everywhere.
//!
//! ## Example
//! ```dockerfile
//! FROM node:22-slim
//! USER node
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:22-slim
//! USER 1000
//! ```
//!
//! ## References
//! - hadolint DL3066: <https://github.com/hadolint/hadolint/wiki/DL3066>
//! - Kubernetes, security context (`runAsNonRoot`): <https://kubernetes.io/docs/tasks/configure-pod-container/security-context/>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &UserNonNumeric;

struct UserNonNumeric;

impl Rule for UserNonNumeric {
    fn meta(&self) -> Meta {
        Meta {
            id: "user-non-numeric",
            category: Category::Security,
            severity: Severity::Info,
            summary: "the final image's USER is a name, not a numeric UID",
            hadolint: &["DL3066"],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let Some((ins, user)) = s::last_user(cx) else {
            return;
        };
        if user.is_empty()
            || user == "root"
            || user.contains('$')
            || user.chars().all(|c| c.is_ascii_digit())
        {
            return;
        }
        let f = out.emit(
            s::instruction_span(ins),
            format!(
                "USER {user} is a name: runtimes that check for non-root users need a numeric UID"
            ),
        );
        f.help = "Use the numeric UID (USER 10001), or UID:GID.".into();
    }
}

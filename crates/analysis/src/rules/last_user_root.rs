//! ## What it does
//! Finds a final image whose last `USER` instruction switches to root
//! (`USER root`, `USER 0`).
//!
//! ## Why it matters
//! The container's process then runs as root: a compromise of the
//! application is a compromise of everything the container can reach.
//! Switching to root for installation steps is fine; switch back to an
//! unprivileged user before the end of the stage. Images that never set
//! `USER` are not reported (many official images drop privileges in their
//! entrypoint with gosu).
//!
//! ## Example
//! ```dockerfile
//! FROM node:22-slim
//! USER root
//! RUN apt-get update && apt-get install -y --no-install-recommends git
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:22-slim
//! USER root
//! RUN apt-get update && apt-get install -y --no-install-recommends git
//! USER node
//! ```
//!
//! ## References
//! - hadolint DL3002: <https://github.com/hadolint/hadolint/wiki/DL3002>
//! - Dockerfile best practices, USER: <https://docs.docker.com/build/building/best-practices/#user>

use super::_shared_instr as s;
use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &LastUserRoot;

struct LastUserRoot;

impl Rule for LastUserRoot {
    fn meta(&self) -> Meta {
        Meta {
            id: "last-user-root",
            category: Category::Security,
            severity: Severity::Warning,
            summary: "the final image's last USER is root",
            hadolint: &["DL3002"],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let Some((ins, user)) = s::last_user(cx) else {
            return;
        };
        if user == "root" || user == "0" {
            let f = out.emit(
                s::instruction_span(ins),
                "the image runs as root: this is the last USER of the final stage",
            );
            f.help = "Switch to an unprivileged user (USER app, USER 1000) after the steps that need root.".into();
            f.cost = Some(Cost::Security);
        }
    }
}

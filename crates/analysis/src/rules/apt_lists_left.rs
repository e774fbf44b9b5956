//! ## What it does
//! Finds `apt-get update` runs whose package lists (`/var/lib/apt/lists`)
//! are still there when the `RUN` ends, in a stage that is shipped (the
//! target or a stage it is built on), with the size of the lists for that
//! Debian release.
//!
//! ## Why it matters
//! The lists are only needed to install; left in the layer they add tens of
//! megabytes to every pull, and a `rm` in a later `RUN` cannot take them out
//! of the layer that holds them.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN apt-get update && apt-get install -y --no-install-recommends curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN apt-get update && apt-get install -y --no-install-recommends curl \
//!     && rm -rf /var/lib/apt/lists/*
//! ```
//!
//! ## References
//! - hadolint DL3009: <https://github.com/hadolint/hadolint/wiki/DL3009>
//! - Docker docs, "Best practices, apt-get": <https://docs.docker.com/build/building/best-practices/#apt-get>

use super::{Cost, Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::{Leftover, LeftoverKind};
use crate::Category;
use layerlab_syntax::{Args, Severity};

pub(crate) const RULE: &dyn Rule = &AptListsLeft;

struct AptListsLeft;

impl Rule for AptListsLeft {
    fn meta(&self) -> Meta {
        Meta {
            id: "apt-lists-left",
            category: Category::Size,
            severity: Severity::Warning,
            summary: "apt's package lists are left in the final image",
            hadolint: &["DL3009"],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (l, superseded) in super::_shared_sim::shipped_leftovers(cx.sim, LeftoverKind::AptLists)
        {
            if superseded {
                continue; // reported as deleted-later-saves-nothing
            }
            report(cx, out, l);
        }
    }
}

fn report(cx: &RuleCtx, out: &mut Sink, l: &Leftover) {
    let Some(ins) = super::_shared_sim::instruction_at(cx, l.line) else {
        return;
    };
    let span = super::_shared_instr::instruction_span(ins);
    let size = if l.bytes.complete {
        format!("about {}", crate::sim::size::human(l.bytes.value))
    } else {
        "size unknown".into()
    };
    let f = out.emit(
        span,
        format!("apt's package lists stay in {} ({size})", l.path),
    );
    f.help = "Remove them in the same RUN: && rm -rf /var/lib/apt/lists/*".into();
    if l.bytes.complete {
        f.cost = Some(Cost::bytes(l.bytes));
    }
    if let Args::Shell { text } = &ins.args {
        if ins.heredocs.is_empty() && !text.text.trim_end().ends_with('\\') {
            let end = ins.rest.span.end;
            let raw = cx.text(ins.rest.span);
            let trimmed = raw.trim_end();
            let at = end - (raw.len() - trimmed.len());
            f.fix = Some(Fix::insert(
                "Remove the lists in the same RUN",
                at,
                " && rm -rf /var/lib/apt/lists/*",
            ));
        }
    }
}

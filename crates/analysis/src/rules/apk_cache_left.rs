//! ## What it does
//! Finds `apk add` (or `apk update`) without `--no-cache` in a shipped
//! stage, which leaves apk's package index in `/var/cache/apk`.
//!
//! ## Why it matters
//! The index is only needed to install; left in the layer it is downloaded
//! with every pull of the image, and a `rm` in a later `RUN` cannot take it
//! out of that layer. (The bundled tables have no measured size for the
//! index, so Layerlab reports the finding without a cost.)
//!
//! ## Example
//! ```dockerfile
//! FROM alpine:3.20
//! RUN apk add curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine:3.20
//! RUN apk add --no-cache curl
//! ```
//!
//! ## References
//! - hadolint DL3019: <https://github.com/hadolint/hadolint/wiki/DL3019>
//! - Alpine wiki, "Local APK cache": <https://wiki.alpinelinux.org/wiki/Local_APK_cache>

use super::{Cost, Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::{Leftover, LeftoverKind};
use crate::Category;
use layerlab_syntax::{Args, Severity};

pub(crate) const RULE: &dyn Rule = &ApkCacheLeft;

struct ApkCacheLeft;

impl Rule for ApkCacheLeft {
    fn meta(&self) -> Meta {
        Meta {
            id: "apk-cache-left",
            category: Category::Size,
            severity: Severity::Warning,
            summary: "apk's package index is left in the final image",
            hadolint: &["DL3019"],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (l, superseded) in super::_shared_sim::shipped_leftovers(cx.sim, LeftoverKind::ApkCache)
        {
            if superseded {
                continue;
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
    let f = out.emit(
        span,
        format!(
            "apk keeps its package index in {} (size not in the tables)",
            l.path
        ),
    );
    f.help = "Use apk add --no-cache (it fetches the index without storing it).".into();
    if l.bytes.complete {
        f.cost = Some(Cost::bytes(l.bytes));
    }
    if let Args::Shell { .. } = &ins.args {
        let text = cx.text(ins.span);
        if let Some(pos) = super::find_word_after(text, "add", &["apk"]) {
            let at = ins.span.start + pos;
            f.fix = Some(Fix::insert("Add --no-cache", at, " --no-cache"));
        }
    }
}

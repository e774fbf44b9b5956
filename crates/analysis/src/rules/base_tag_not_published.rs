//! ## What it does
//! Finds `FROM` images whose tag does not exist on Docker Hub: tags that were
//! never published (`python:3.12-slim-buster`) and tags that were removed
//! (`python:3.9-slim-buster`), using the official-images tag list and the
//! Python tag history bundled with Layerlab.
//!
//! ## Why it matters
//! A tag that was never published fails the build at `FROM`. A removed tag
//! may still be pulled from a cache or mirror for a while, but it gets no
//! security updates and will eventually disappear. Layerlab suggests a
//! published tag with the same Python line and variant. A removed tag whose
//! runtime or distribution is past end of life is reported once, by
//! `base-image-eol`, which names the removal too.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim-buster
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim-bookworm
//! ```
//!
//! ## References
//! - docker-library/official-images, `library/python`: <https://github.com/docker-library/official-images/blob/master/library/python>
//! - docker-library/python PR #822, "Add debian bookworm, remove buster" (2023-06)

use super::_shared_sim as ss;
use super::{Cost, Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &BaseTagNotPublished;

struct BaseTagNotPublished;

impl Rule for BaseTagNotPublished {
    fn meta(&self) -> Meta {
        Meta {
            id: "base-tag-not-published",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "the base image's tag was never published, or is no longer updated",
            hadolint: &[],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (st, f) in ss::image_stages(cx) {
            let never = f.status == "never_published";
            if !never && f.status != "no_longer_published" {
                continue;
            }
            // Removed because its line ended: base-image-eol reports both.
            if !never && (f.distro_eol_past || f.runtime_eol_past) {
                continue;
            }
            let Some(image) = ss::from_image(cx, st) else {
                continue;
            };
            let msg = if f.status_detail.starts_with(&f.reference) {
                f.status_detail.clone()
            } else if never {
                format!("{} was never published: {}", f.reference, f.status_detail)
            } else {
                format!(
                    "{} is no longer updated (still pullable): {}",
                    f.reference, f.status_detail
                )
            };
            let finding = out.emit(image.span, msg);
            if never {
                finding.cost = Some(Cost::BuildFails);
            } else {
                finding.severity = Severity::Warning;
                finding.cost = Some(Cost::Security);
            }
            if let Some(s) = &f.suggestion {
                finding.help = format!("Use {s}, which is published.");
                // Only a literal reference (no ${ARG}) can be rewritten safely.
                if !image.text.contains('$') {
                    finding.fix = Some(Fix::replace(format!("Use {s}"), image.span, s.clone()));
                }
            }
        }
    }
}

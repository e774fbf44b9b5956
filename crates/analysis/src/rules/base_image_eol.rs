//! ## What it does
//! Finds base images whose Linux distribution release or language runtime
//! is past its end of life on the analysis date (`python:3.7`: Python 3.7
//! ended on 2023-06-27), using the end-of-life dates bundled with Layerlab,
//! and suggests a published tag of a supported line.
//!
//! ## Why it matters
//! Past end of life, neither the distribution nor the runtime gets security
//! fixes, and the official image is no longer rebuilt: every known
//! vulnerability in it stays. Packages also drop support for old runtimes,
//! so upgrades get harder the longer it waits.
//!
//! A distribution release in an extended programme (Debian LTS, Ubuntu ESM)
//! whose official images are still rebuilt (the tag is still in the
//! official-images list, as `debian:bookworm` is during Debian 12's LTS) is
//! not reported: it still gets security updates.
//!
//! When the tag is no longer updated (dropped from the official image's tag
//! list; the last image is still pullable), this finding says so (and
//! `base-tag-not-published` stays silent); a tag that was never published is
//! `base-tag-not-published`'s error alone.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.7-alpine
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.13-alpine
//! ```
//!
//! ## References
//! - Python release status: <https://devguide.python.org/versions/>
//! - endoflife.date: <https://endoflife.date/>

use super::_shared_sim as ss;
use super::{Cost, Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &BaseImageEol;

struct BaseImageEol;

impl Rule for BaseImageEol {
    fn meta(&self) -> Meta {
        Meta {
            id: "base-image-eol",
            category: Category::Security,
            severity: Severity::Warning,
            summary: "the base image's distribution or runtime is past its end of life",
            hadolint: &[],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (st, f) in ss::image_stages(cx) {
            // A tag that never existed: base-tag-not-published's error says
            // everything (the build fails before any end of life matters).
            // A release in an extended programme (Debian LTS) whose images
            // are still rebuilt (the tag is published) is not past its end
            // of life.
            let distro_lts = f.distro_extended_until.is_some() && f.status == "published";
            let distro_past = f.distro_eol_past && !distro_lts;
            if !distro_past && !f.runtime_eol_past || f.status == "never_published" {
                continue;
            }
            let Some(image) = ss::from_image(cx, st) else {
                continue;
            };
            let mut parts = Vec::new();
            if f.runtime_eol_past {
                let rt = f.runtime.clone().unwrap_or_default();
                let name = if rt == "python" {
                    "Python".to_string()
                } else {
                    rt
                };
                let line = f
                    .runtime_version
                    .as_deref()
                    .map(|v| v.split('.').take(2).collect::<Vec<_>>().join("."))
                    .unwrap_or_default();
                parts.push(format!(
                    "{name} {line} reached end of life on {}",
                    f.runtime_eol.clone().unwrap_or_default()
                ));
            }
            if distro_past {
                let d = f.distro.clone().unwrap_or_default();
                let d = d[..1].to_uppercase() + &d[1..];
                let v = f.distro_version.clone().unwrap_or_default();
                let code = f
                    .codename
                    .as_ref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default();
                parts.push(format!(
                    "{d} {v}{code} support ended {}",
                    f.distro_eol.clone().unwrap_or_default()
                ));
            }
            if f.status == "no_longer_published" {
                let detail = f
                    .status_detail
                    .strip_prefix(f.reference.as_str())
                    .map(|d| format!("the tag{d}"))
                    .unwrap_or_else(|| {
                        format!("the tag is no longer published: {}", f.status_detail)
                    });
                parts.push(detail);
            }
            let fin = out.emit(image.span, format!("{}: {}", f.reference, parts.join("; ")));
            fin.cost = Some(Cost::Security);
            match &f.suggestion {
                Some(s) => {
                    fin.help = format!("Move to {s}, a published tag of a supported line (test the application on it first).");
                    // Only a literal reference (no ${ARG}) can be rewritten safely.
                    if !image.text.contains('$') {
                        fin.fix = Some(Fix::replace(format!("Use {s}"), image.span, s.clone()));
                    }
                }
                None => fin.help = "Move to a supported release of the image.".into(),
            }
        }
    }
}

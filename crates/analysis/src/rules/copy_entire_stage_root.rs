//! ## What it does
//! Finds `COPY --from=<stage> / <dest>`: copying a whole filesystem from
//! another stage or image.
//!
//! ## Why it matters
//! It brings everything the other stage has — its package manager, build
//! tools, caches, `/etc/passwd`, credentials left in it — into this image,
//! which defeats the point of a multi-stage build. Copy the paths you need.
//! Stages built `FROM scratch` (bundles of binaries meant to be copied
//! whole), stages built on images not known to contain an OS, and external
//! images are not reported.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim AS build
//! RUN pip wheel --no-cache-dir -w /wheels flask==3.0.3
//! FROM python:3.12-slim
//! COPY --from=build / /
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim AS build
//! RUN pip wheel --no-cache-dir -w /wheels flask==3.0.3
//! FROM python:3.12-slim
//! COPY --from=build /wheels /wheels
//! ```
//!
//! ## References
//! - hadolint DL3067: <https://github.com/hadolint/hadolint/wiki/DL3067>
//! - Multi-stage builds: <https://docs.docker.com/build/building/multi-stage/>

use super::_shared_instr as s;
use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &CopyEntireStageRoot;

struct CopyEntireStageRoot;

impl Rule for CopyEntireStageRoot {
    fn meta(&self) -> Meta {
        Meta {
            id: "copy-entire-stage-root",
            category: Category::Security,
            severity: Severity::Warning,
            summary: "COPY --from copies another stage's whole filesystem",
            hadolint: &["DL3067"],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.df.instructions().filter(|i| i.kind == Keyword::Copy) {
            let Some(from) = ins.flag("from").and_then(|f| f.value.as_ref()) else {
                continue;
            };
            let Some((srcs, _)) = s::copy_paths(ins) else {
                continue;
            };
            // Only stages built on an OS image: a stage built `FROM scratch`
            // (a bundle of binaries) is meant to be copied whole, and an
            // external image's contents are unknown.
            let Some(mut stage) = cx.sim.stage_by_ref(&from.text) else {
                continue;
            };
            let mut hops = 0;
            while let crate::sim::Base::Stage { index } = stage.base {
                stage = &cx.sim.stages[index];
                hops += 1;
                if hops > cx.sim.stages.len() {
                    break;
                }
            }
            let os_image = matches!(&stage.base, crate::sim::Base::Image { facts: Some(f), .. } if f.distro.is_some());
            if !os_image {
                continue;
            }
            if let Some(root) = srcs
                .iter()
                .find(|t| matches!(t.text.as_str(), "/" | "/." | "/*"))
            {
                let f = out.emit(root.span, format!("copies the whole filesystem of stage `{}`, its package manager, build tools and caches included", from.text));
                f.help = "Copy only the files you need from the other stage.".into();
                f.cost = Some(Cost::Security);
            }
        }
    }
}

//! ## What it does
//! Finds Go binaries built with cgo enabled (the default when a C compiler
//! is present, as in the `golang` images) in a glibc-based stage and copied
//! into an image without glibc: `scratch`, Alpine (musl), or distroless
//! `static`.
//!
//! ## Why it matters
//! A cgo binary is dynamically linked against the builder's glibc. Where
//! there is no glibc, the kernel cannot find its interpreter and the
//! container fails at start with the puzzling "no such file or directory"
//! (`exec /app: no such file or directory`).
//!
//! ## Example
//! ```dockerfile
//! FROM golang:1.23 AS build
//! WORKDIR /src
//! COPY . .
//! RUN go build -o /out/app .
//! FROM scratch
//! COPY --from=build /out/app /app
//! ENTRYPOINT ["/app"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN CGO_ENABLED=0 go build -o /out/app .
//! ```
//!
//! ## References
//! - Go `cgo` command, CGO_ENABLED: <https://pkg.go.dev/cmd/cgo>
//! - distroless images: <https://github.com/GoogleContainerTools/distroless>

use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::vfs::Origin;
use crate::sim::Base;
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &CgoBinaryIncompatible;

struct CgoBinaryIncompatible;

impl Rule for CgoBinaryIncompatible {
    fn meta(&self) -> Meta {
        Meta {
            id: "cgo-binary-incompatible",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "a Go binary built with cgo (glibc) copied into an image without glibc",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let Some(t) = cx.sim.target_stage() else {
            return;
        };
        let root = {
            let mut i = t.index;
            for _ in 0..cx.sim.stages.len() {
                match &cx.sim.stages[i].base {
                    Base::Stage { index } => i = *index,
                    _ => break,
                }
            }
            &cx.sim.stages[i].base
        };
        let target_libc = match root {
            Base::Scratch => "no C library (scratch)".to_string(),
            Base::Image { reference, facts } => {
                let f = facts.as_deref();
                if reference.contains("distroless/static") {
                    "no C library (distroless static)".to_string()
                } else if f.and_then(|f| f.libc.as_deref()) == Some("musl") {
                    "musl (Alpine)".to_string()
                } else {
                    return;
                }
            }
            _ => return,
        };
        let mut reported: Vec<u32> = Vec::new();
        for (_, e) in t.fs.all() {
            let Origin::Stage { stage, path } = &e.origin else {
                continue;
            };
            let Some(src) = cx.sim.stage_by_ref(stage) else {
                continue;
            };
            let Some(se) = src.fs.get(path) else { continue };
            if se.origin != (Origin::Go { cgo: true }) {
                continue;
            }
            let src_libc =
                super::_shared_sim::facts(cx.sim, src.index).and_then(|f| f.libc.clone());
            if src_libc.as_deref() != Some("glibc") {
                continue;
            }
            let Some(line) = e.line else { continue };
            if reported.contains(&line) {
                continue;
            }
            reported.push(line);
            let Some(ins) = super::_shared_sim::instruction_at(cx, line) else {
                continue;
            };
            let f = out.emit(
                super::_shared_instr::instruction_span(ins),
                format!(
                    "{path} was built with cgo on in stage {} (glibc, line {}); this image has {target_libc}, so it fails at start with \"no such file or directory\"",
                    src.display_name(),
                    se.line.unwrap_or(0)
                ),
            );
            f.cost = Some(Cost::StartFails);
            f.help = "Build with CGO_ENABLED=0 (a static binary), or use a final image with glibc (distroless base, debian-slim).".into();
        }
    }
}

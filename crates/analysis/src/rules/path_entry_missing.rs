//! ## What it does
//! Finds `ENV PATH` entries that name a directory the final image does not
//! have, when the simulation knows that part of the filesystem: the
//! directories a Dockerfile typically creates itself (`/root/.local/bin`,
//! `/opt/venv/bin`, `/app/node_modules/.bin`), not those of the base image.
//!
//! ## Why it matters
//! A `PATH` entry that does not exist is usually a sign that the files it
//! was meant for went elsewhere: copied to another directory, installed by
//! another user, or left in the builder. The commands it should provide are
//! then "not found" at run time.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim AS builder
//! RUN python -m venv /venv
//! FROM python:3.12-slim
//! COPY --from=builder /venv /opt/venv
//! ENV PATH=/venv/bin:$PATH
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! COPY --from=builder /venv /venv
//! ENV PATH=/venv/bin:$PATH
//! ```
//!
//! ## References
//! - Dockerfile reference, ENV: <https://docs.docker.com/reference/dockerfile/#env>

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::vfs;
use crate::sim::vfs::Presence;
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity, Span};

pub(crate) const RULE: &dyn Rule = &PathEntryMissing;

struct PathEntryMissing;

/// System directories whose contents the catalogue does not list.
const SYSTEM: &[&str] = &[
    "/usr",
    "/bin",
    "/sbin",
    "/lib",
    "/lib64",
    "/etc",
    "/var",
    "/snap",
    "/nix",
    "/go",
    "/usr/local",
    "/opt/conda",
    "/opt/java",
    "/opt/java/openjdk",
];

impl Rule for PathEntryMissing {
    fn meta(&self) -> Meta {
        Meta {
            id: "path-entry-missing",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "an ENV PATH entry names a directory the final image does not have",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let Some(t) = cx.sim.target_stage() else {
            return;
        };
        let chain = super::shipped_stages(cx.sim);
        for (stage, ins) in cx.instructions() {
            if !stage.is_some_and(|s| chain.contains(&s)) || ins.kind != Keyword::Env {
                continue;
            }
            let Args::KeyValues { pairs } = &ins.args else {
                continue;
            };
            for p in pairs.iter().filter(|p| p.key.text == "PATH") {
                let raw = cx.text(p.value.span);
                let quoted = raw != p.value.text;
                let mut off = 0usize;
                for part in p.value.text.split(':') {
                    let here = off;
                    off += part.len() + 1;
                    let part = part.trim_matches(|c| c == '"' || c == '\'');
                    if part.is_empty() || part.contains('$') || !part.starts_with('/') {
                        continue;
                    }
                    let dir = vfs::normalize(part, "/");
                    if SYSTEM.iter().any(|s| vfs::is_within(&dir, s)) || dir == "/" {
                        continue;
                    }
                    // Only what no plausible build puts there.
                    if !matches!(t.fs.presence(&dir), Presence::Absent) {
                        continue;
                    }
                    let span = if quoted {
                        p.value.span
                    } else {
                        Span::new(
                            p.value.span.start + here,
                            p.value.span.start + here + part.len(),
                        )
                    };
                    // What is there instead: a bin directory with that parent.
                    let near = vfs::parent(&dir)
                        .filter(|pa| t.fs.get(pa).is_some_and(|e| e.line.is_some()))
                        .map(|pa| {
                            format!(
                                "; {pa} exists (line {})",
                                t.fs.get(pa).and_then(|e| e.line).unwrap_or(0)
                            )
                        })
                        .unwrap_or_default();
                    let f = out.emit(
                        span,
                        format!("{dir} is on PATH but does not exist in the final image{near}"),
                    );
                    f.help =
                        "Point PATH at the directory the executables were copied or installed to."
                            .into();
                }
            }
        }
    }
}

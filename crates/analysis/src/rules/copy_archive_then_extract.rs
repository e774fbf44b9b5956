//! ## What it does
//! Finds a local tar archive copied with `COPY` and then unpacked with
//! `tar -x` in a later `RUN` of the same stage, in stages that end up in the
//! final image.
//!
//! ## Why it matters
//! The archive stays in the `COPY` layer even if the `RUN` deletes it
//! afterwards, so the image carries the software twice: packed and
//! unpacked. `ADD` of a local archive unpacks it in a single layer, without
//! the archive. (Alternatively, bind-mount it: `RUN --mount=type=bind`.)
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! COPY app.tar.gz /tmp/
//! RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! ADD app.tar.gz /opt/
//! ```
//!
//! ## References
//! - hadolint DL3010: <https://github.com/hadolint/hadolint/wiki/DL3010>
//! - Dockerfile reference, ADD: <https://docs.docker.com/reference/dockerfile/#add>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &CopyArchiveThenExtract;

struct CopyArchiveThenExtract;

const ARCHIVES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst",
];

fn base(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

impl Rule for CopyArchiveThenExtract {
    fn meta(&self) -> Meta {
        Meta {
            id: "copy-archive-then-extract",
            category: Category::Size,
            severity: Severity::Info,
            summary: "a copied archive is unpacked by RUN (ADD would unpack it without keeping it)",
            hadolint: &["DL3010"],
            buildkit: None,
            // A COPY of a shipped stage and the RUNs after it in its stage.
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let all = cx.checked_instructions();
        for (i, (st, ins)) in all.iter().enumerate() {
            if ins.kind != Keyword::Copy || ins.flag("from").is_some() || !s::shipped(cx, *st) {
                continue;
            }
            let Some((srcs, _)) = s::copy_paths(ins) else {
                continue;
            };
            for src in srcs.iter().filter(|t| {
                !t.text.contains(['$', '*', '?']) && ARCHIVES.iter().any(|a| t.text.ends_with(a))
            }) {
                let name = base(&src.text);
                let extracted = all[i + 1..]
                    .iter()
                    .take_while(|(s2, _)| s2 == st)
                    .filter(|(_, r)| r.kind == Keyword::Run)
                    .find(|(_, r)| {
                        s::run_commands(r).iter().any(|c| {
                            let Some((j, "tar")) = s::program(c) else {
                                return false;
                            };
                            let args = &c.words[j + 1..];
                            let extract =
                                args.first().is_some_and(|a| {
                                    !a.starts_with("--")
                                        && a.trim_start_matches('-')
                                            .starts_with(|ch: char| ch.is_ascii_alphabetic())
                                        && a.contains('x')
                                }) || args.iter().any(|a| a == "--extract" || a == "--get");
                            extract
                                && args.iter().any(|a| {
                                    base(a) == name
                                        || a.ends_with(&format!("/{name}"))
                                        || a.starts_with("-")
                                            && a.ends_with(name)
                                            && a.contains('f')
                                })
                        })
                    });
                if let Some((_, r)) = extracted {
                    let f = out.emit(src.span, format!("`{name}` is unpacked on line {}, but the archive itself stays in this COPY layer", r.start_line));
                    f.help = "ADD a local archive to unpack it in one layer, or bind-mount it for the RUN (RUN --mount=type=bind,source=…).".into();
                }
            }
        }
    }
}

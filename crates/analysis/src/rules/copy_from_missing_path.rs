//! ## What it does
//! Finds `COPY --from=<stage>` sources that do not exist in that stage, as
//! the simulation built it, and says what is there instead (pip installed
//! into `/home/app/.local`, not `/root/.local`).
//!
//! ## Why it matters
//! BuildKit stops with "not found" when a `COPY --from` source is missing.
//! The path usually looks right but depends on something else in the
//! builder: which user ran `pip install --user`, the Python version in a
//! `site-packages` path, the WORKDIR a build wrote into.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim AS builder
//! RUN useradd -m app
//! USER app
//! RUN pip install --user flask
//! FROM python:3.12-slim
//! COPY --from=builder /root/.local /root/.local
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! COPY --from=builder /home/app/.local /root/.local
//! ```
//!
//! ## References
//! - Dockerfile reference, `COPY --from`: <https://docs.docker.com/reference/dockerfile/#copy---from>

use super::_shared_sim::instruction_at;
use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::vfs;
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &CopyFromMissingPath;

struct CopyFromMissingPath;

impl Rule for CopyFromMissingPath {
    fn meta(&self) -> Meta {
        Meta {
            id: "copy-from-missing-path",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "a COPY --from source path does not exist in the source stage",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        // The simulation records a missing copy only when no plausible build
        // of that stage puts the path there (nothing it cannot see covers it).
        for m in &cx.sim.missing_copies {
            // A stage the target does not need is never built.
            if !cx.sim.stages[m.stage].needed {
                continue;
            }
            let src = &cx.sim.stages[m.from];
            // What is there instead: paths ending like the missing one.
            let tail: Vec<&str> = m
                .path
                .rsplit('/')
                .take(2)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let suffix = format!("/{}", tail.join("/"));
            let last = format!("/{}", vfs::basename(&m.path));
            let mut instead: Vec<String> = src
                .fs
                .all()
                .filter(|(k, e)| {
                    !e.deleted
                        && e.line.is_some()
                        && tail.len() > 1
                        && (k.ends_with(&suffix) || (is_home_tree(&m.path) && k.ends_with(&last)))
                })
                .map(|(k, _)| k.clone())
                .filter(|k| k != &m.path)
                .collect();
            // Or what a RUN may have put there (pip --user into another home).
            let may: Vec<(String, u32)> = src
                .fs
                .regions()
                .iter()
                .filter_map(|r| Some((ancestor_ending(&r.dir, &suffix)?, r.line?)))
                .filter(|(k, _)| tail.len() > 1 && k != &m.path)
                .collect();
            for (k, _) in &may {
                if !instead.contains(k) {
                    instead.push(k.clone());
                }
            }
            layerlab_sort::sort_by_key(&mut instead, |k| (k.len(), k.clone()));
            instead.truncate(3);
            let name = src.display_name();
            let mut msg = format!("{} does not exist in stage {name}", m.path);
            if let Some(first) = instead.first() {
                let line = src
                    .fs
                    .get(first)
                    .and_then(|e| e.line)
                    .or_else(|| may.iter().find(|(k, _)| k == first).map(|(_, l)| *l))
                    .unwrap_or(0);
                msg.push_str(&format!("; it has {first} (line {line})"));
                if instead.len() > 1 {
                    msg.push_str(&format!(" and {}", instead[1..].join(", ")));
                }
            }
            let mut related = vec![out.related(
                src.span,
                format!("stage {name}, whose files were searched for {}", m.path),
            )];
            if let Some(first) = instead.first() {
                let line = src
                    .fs
                    .get(first)
                    .and_then(|e| e.line)
                    .or_else(|| may.iter().find(|(k, _)| k == first).map(|(_, l)| *l));
                if let Some(ins) = line.and_then(|l| instruction_at(cx, l)) {
                    related.push(out.related(ins.span, format!("{first} is created here")));
                }
            }
            let f = out.emit(m.span, msg);
            f.related = related;
            f.cost = Some(Cost::BuildFails);
            f.help = match instead.first() {
                Some(p) => format!(
                    "Copy {p} instead, or change how stage {name} builds so the file lands at {}.",
                    m.path
                ),
                None => format!(
                    "BuildKit stops with \"not found\": nothing in stage {name} creates {}.",
                    m.path
                ),
            };
        }
    }
}

/// Whether a path is in a home directory (where `pip install --user` and
/// friends write: another user's home holds the same tree).
fn is_home_tree(path: &str) -> bool {
    vfs::is_within(path, "/root") || vfs::is_within(path, "/home")
}

/// The ancestor of `dir` (or `dir` itself) whose path ends with `suffix`.
fn ancestor_ending(dir: &str, suffix: &str) -> Option<String> {
    let mut p = Some(dir);
    while let Some(cur) = p {
        if cur.ends_with(suffix) {
            return Some(cur.to_string());
        }
        p = vfs::parent(cur);
    }
    None
}

//! ## What it does
//! Finds deletions (`rm`, `mv`) in one `RUN` of files that an earlier
//! instruction added, in a shipped stage, with the bytes that stay in the
//! image anyway.
//!
//! ## Why it matters
//! Each instruction is a layer, and layers only add: deleting a file in a
//! later layer hides it (a whiteout) but its bytes are still downloaded and
//! stored. `RUN rm -rf /var/lib/apt/lists/*` in its own `RUN` saves nothing.
//! Delete in the same `RUN` that created the files, or build in another
//! stage and copy only what is needed.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN apt-get update && apt-get install -y --no-install-recommends curl
//! RUN rm -rf /var/lib/apt/lists/*
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN apt-get update && apt-get install -y --no-install-recommends curl \
//!  && rm -rf /var/lib/apt/lists/*
//! ```
//!
//! ## References
//! - Docker docs, "Layers": <https://docs.docker.com/build/guide/layers/>
//! - OCI image spec, whiteouts: <https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts>

use super::{Cost, Edit, Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::LeftoverKind;
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &DeletedLaterSavesNothing;

struct DeletedLaterSavesNothing;

impl Rule for DeletedLaterSavesNothing {
    fn meta(&self) -> Meta {
        Meta {
            id: "deleted-later-saves-nothing",
            category: Category::Size,
            severity: Severity::Warning,
            summary: "files deleted in a later layer still weigh in the image",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        // One finding per deleting instruction.
        let mut by_rm: Vec<(u32, Vec<&crate::sim::Leftover>)> = Vec::new();
        for (l, _) in super::_shared_sim::shipped_leftovers(cx.sim, LeftoverKind::DeletedLater) {
            let Some(at) = l.removed_at else { continue };
            match by_rm.iter_mut().find(|(a, _)| *a == at) {
                Some((_, v)) => v.push(l),
                None => by_rm.push((at, vec![l])),
            }
        }
        for (at, ls) in by_rm {
            let Some(ins) = super::_shared_sim::instruction_at(cx, at) else {
                continue;
            };
            let mut total = crate::sim::Bytes::ZERO;
            for l in &ls {
                total += l.bytes;
            }
            let mut lines: Vec<u32> = ls.iter().map(|l| l.line).collect();
            layerlab_sort::sort(&mut lines);
            lines.dedup();
            let paths: Vec<&str> = ls.iter().map(|l| l.path.as_str()).take(3).collect();
            let size = if total.complete || total.high > 0 {
                crate::sim::size::human(total.value)
            } else {
                "bytes of unknown size".into()
            };
            let span = super::_shared_instr::instruction_span(ins);
            let f = out.emit(
                span,
                format!(
                    "deletes {}{}, added by line {}: the {size} stay in that layer and the image is no smaller",
                    paths.join(", "),
                    if ls.len() > 3 { " …" } else { "" },
                    lines.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", ")
                ),
            );
            if total.complete || total.high > 0 {
                f.cost = Some(Cost::bytes(total));
            }
            f.help =
                "Delete in the same RUN that creates the files (or use a separate build stage)."
                    .into();
            // Fold a lone `rm -rf …` RUN into the RUN just before it.
            if lines.len() == 1 {
                if let Some(fix) = fold(cx, ins, lines[0]) {
                    f.fix = Some(fix);
                }
            }
        }
    }
}

fn fold(cx: &RuleCtx, rm: &layerlab_syntax::Instruction, holder_line: u32) -> Option<Fix> {
    let Args::Shell { text } = &rm.args else {
        return None;
    };
    let cmds = crate::sim::split_commands(&text.text);
    if cmds.len() != 1
        || cmds[0].words.first().map(String::as_str) != Some("rm")
        || !rm.heredocs.is_empty()
        || !rm.flags.is_empty()
    {
        return None;
    }
    let all: Vec<&layerlab_syntax::Instruction> = cx.df.instructions().collect();
    let k = all.iter().position(|i| i.start_line == rm.start_line)?;
    let prev = all.get(k.checked_sub(1)?)?;
    if prev.kind != Keyword::Run || prev.start_line != holder_line || !prev.heredocs.is_empty() {
        return None;
    }
    let Args::Shell { .. } = &prev.args else {
        return None;
    };
    let raw = cx.text(prev.rest.span);
    let trimmed = raw.trim_end();
    if trimmed.ends_with('\\') {
        return None;
    }
    let at = prev.rest.span.end - (raw.len() - trimmed.len());
    let src = cx.df.source.as_str();
    let rm_span = super::_shared_instr::instruction_span(rm);
    let start = src[..rm_span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = src[rm_span.end..]
        .find('\n')
        .map_or(src.len(), |i| rm_span.end + i + 1);
    Some(Fix {
        title: "Delete in the RUN that creates the files".into(),
        edits: vec![
            Edit {
                start: at,
                end: at,
                replacement: format!(" && {}", text.text.trim()),
            },
            Edit {
                start,
                end,
                replacement: String::new(),
            },
        ],
    })
}

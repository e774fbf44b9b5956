//! ## What it does
//! Compares a multi-stage build with the single-stage build it replaces:
//! when the final stage starts from the same base as the builder and copies
//! back about everything the builder added, the split saves (almost)
//! nothing. Layerlab reports the figure: the final image's estimated size
//! against what the builder's steps plus the final stage's own files would
//! weigh in one stage.
//!
//! ## Why it matters
//! A multi-stage build pays off when the builder carries what the final
//! image does not need: compilers, headers, caches, a bigger base. With the
//! same slim base, `pip install --no-cache-dir`, and the installed packages
//! copied back, it adds instructions and fragile paths (a hard-coded
//! `python3.12/site-packages`) for no gain.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim AS builder
//! COPY requirements.txt .
//! RUN pip install --no-cache-dir -r requirements.txt
//! FROM python:3.12-slim
//! COPY --from=builder /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages
//! COPY . .
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! COPY requirements.txt .
//! RUN pip install --no-cache-dir -r requirements.txt
//! COPY . .
//! ```
//! or give the builder what the final image must not carry (build tools,
//! a full base image) and copy a virtual environment.
//!
//! ## References
//! - Docker docs, multi-stage builds: <https://docs.docker.com/build/building/multi-stage/>

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::size::human;
use crate::sim::{Base, Bytes, EdgeKind, EdgeSource};
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &MultistageSavesNothing;

struct MultistageSavesNothing;

fn same_base(a: &Base, b: &Base) -> bool {
    match (a, b) {
        (Base::Image { reference: x, .. }, Base::Image { reference: y, .. }) => x == y,
        (Base::Stage { index: x }, Base::Stage { index: y }) => x == y,
        (Base::Scratch, Base::Scratch) => true,
        _ => false,
    }
}

impl Rule for MultistageSavesNothing {
    fn meta(&self) -> Meta {
        Meta {
            id: "multistage-saves-nothing",
            category: Category::Size,
            severity: Severity::Info,
            summary: "the multi-stage split makes the image no smaller than a single stage",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let Some(t) = cx.sim.target_stage() else {
            return;
        };
        let sources: Vec<usize> = cx
            .sim
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::CopyFrom && e.to == t.index)
            .filter_map(|e| match e.from {
                EdgeSource::Stage { index } => Some(index),
                _ => None,
            })
            .collect();
        let [b] = sources.as_slice() else { return };
        if sources.iter().any(|s| *s != *b) {
            return;
        }
        let builder = &cx.sim.stages[*b];
        if !same_base(&builder.base, &t.base) {
            return;
        }
        // Layers: what the builder added, what the final stage adds, and
        // what it adds by itself (everything but the copies from the builder).
        let builder_layers: Bytes = builder.layers.iter().map(|l| l.size).sum();
        let final_layers: Bytes = t.layers.iter().map(|l| l.size).sum();
        let own: Bytes = t
            .layers
            .iter()
            .filter(|l| {
                !(l.keyword == Keyword::Copy
                    && cx.sim.edges.iter().any(|e| {
                        e.line == l.line && e.kind == EdgeKind::CopyFrom && e.to == t.index
                    }))
            })
            .map(|l| l.size)
            .sum();
        // Unknown package sizes in what one stage would hold prove nothing;
        // an unknown part in the final stage only makes the saving smaller.
        if !builder_layers.complete || !own.complete || builder_layers.value == 0 {
            return;
        }
        let single = builder_layers + own;
        let saved = single.value.saturating_sub(final_layers.value);
        // "Saves nothing": under 1 MB, or under 2% of what the builder added.
        if saved > 1_000_000 && saved * 50 > single.value {
            return;
        }
        let Some(ins) = super::_shared_sim::instruction_at(cx, t.line) else {
            return;
        };
        let base_note = if t.size.complete {
            format!(" ({} with the base)", human(t.size.value))
        } else {
            String::new()
        };
        let saves = if saved < 1_000_000 {
            "less than 1 MB".to_string()
        } else {
            format!("only {}", human(saved))
        };
        let f = out.emit(
            super::_shared_instr::instruction_span(ins),
            format!(
                "the split into stages saves {saves}: both start from {}, and this stage adds {}{base_note} where one stage doing the work of stage {} would add {}",
                t.from,
                human(final_layers.value),
                builder.display_name(),
                human(single.value),
            ),
        );
        f.help = format!(
            "Build in one stage, or let stage {} carry what the final image should not (build tools, a bigger base, caches).",
            builder.display_name()
        );
    }
}

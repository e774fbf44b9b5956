//! ## What it does
//! Says where the simulation stopped following the build because the input
//! exceeded one of its budgets: a variable that expands beyond 64 KiB, a
//! stage whose filesystem would list more than 30,000 paths, more than
//! 10,000 requirement lines for one `pip install`.
//!
//! ## Why it matters
//! Layerlab answers any input quickly and in bounded memory. Past a budget
//! it keeps what it computed, treats the rest as unknown (sizes become lower
//! bounds, nothing is claimed missing) and tells you so, rather than running
//! for minutes or giving figures it did not compute.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine:3.20
//! ARG A=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
//! ARG A=$A$A
//! ARG A=$A$A
//! ARG A=$A$A
//! ARG A=$A$A
//! ARG A=$A$A
//! ARG A=$A$A
//! ARG A=$A$A
//! ARG A=$A$A
//! ARG A=$A$A
//! ARG A=$A$A
//! RUN echo "$A"
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine:3.20
//! ARG A=xxxxxxxx
//! RUN echo "$A"
//! ```
//!
//! ## References
//! - Layerlab's budgets: `crates/analysis/src/sim/budget.rs`

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::budget::{Truncation, MAX_REQUIREMENT_LINES, MAX_STAGE_ENTRIES, MAX_VALUE_BYTES};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &SimulationTruncated;

struct SimulationTruncated;

impl Rule for SimulationTruncated {
    fn meta(&self) -> Meta {
        Meta {
            id: "simulation-truncated",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "the input exceeds a simulation budget: what follows is a lower bound",
            hadolint: &[],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let mut said: Vec<(u32, &'static str)> = Vec::new();
        for t in &cx.sim.truncations {
            let kind = match t {
                Truncation::Value { .. } => "value",
                Truncation::Entries { .. } => "entries",
                Truncation::RequirementLines { .. } => "requirements",
            };
            if said.contains(&(t.line(), kind)) {
                continue;
            }
            said.push((t.line(), kind));
            let Some(ins) = super::_shared_sim::instruction_at(cx, t.line()) else {
                continue;
            };
            let msg = match t {
                Truncation::Value { name, .. } => format!(
                    "{name} expands to more than {} KiB: the simulation keeps its first {} KiB, so what uses it is approximate",
                    MAX_VALUE_BYTES / 1024,
                    MAX_VALUE_BYTES / 1024
                ),
                Truncation::Entries { stage, .. } => format!(
                    "the simulated filesystem of stage {} reached its budget ({MAX_STAGE_ENTRIES} paths) here: from this line on, sizes are lower bounds and no path is claimed missing",
                    cx.sim.stages.get(*stage).map(|s| s.display_name()).unwrap_or_default()
                ),
                Truncation::RequirementLines { file, .. } => format!(
                    "{file} has more than {MAX_REQUIREMENT_LINES} requirement lines: the simulation reads the first {MAX_REQUIREMENT_LINES}, so the size is a lower bound"
                ),
            };
            let f = out.emit(super::_shared_instr::instruction_span(ins), msg);
            f.help = "Nothing is wrong with the build itself; Layerlab stops following it here to stay fast.".into();
        }
    }
}

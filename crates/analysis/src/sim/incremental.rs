//! Reusing a previous simulation's leading stages.
//!
//! A stage's simulation reads its own instructions, the global ARGs (the
//! instructions before the first FROM), the parser's escape character, the
//! build context and the options, and the stages before it (its base,
//! `COPY --from`, `--mount=from`, stage names); it writes only its own
//! [`Stage`] and appends to the simulation's lists (edges, notes, missing
//! copies, truncations). So when the escape character, the instructions
//! before the first FROM and the instructions of stages `0..n` are equal
//! (spans and lines included) and the context and options are the same, the
//! first `n` stages of the previous simulation, with the list entries they
//! appended, are what a fresh simulation would compute: they are kept and
//! the simulation goes on from stage `n`.
//!
//! Only a prefix is reused: an edit shifts the spans and lines of every
//! later instruction, which are part of every later stage's result, so the
//! stages after an edit are simulated again.
//!
//! [`super::finish`] changes a stage after the walk (sizes, `needed`); the
//! values before it are kept in [`Ends`] and put back on reuse.

use super::{Bytes, Simulation, Stage};
use layerlab_syntax::{Dockerfile, Instruction, Keyword};

/// A file's instructions split as the simulation walks them: those before
/// the first FROM, then one group per stage, each starting with its FROM
/// (instructions with a parse error belong to the group they stand in).
pub struct Groups<'a> {
    pub prelude: Vec<&'a Instruction>,
    pub stages: Vec<Vec<&'a Instruction>>,
}

impl<'a> Groups<'a> {
    pub fn of(df: &'a Dockerfile) -> Groups<'a> {
        let mut g = Groups {
            prelude: Vec::new(),
            stages: Vec::new(),
        };
        for ins in df.instructions() {
            if ins.error.is_none() && ins.kind == Keyword::From {
                g.stages.push(vec![ins]);
            } else if let Some(last) = g.stages.last_mut() {
                last.push(ins);
            } else {
                g.prelude.push(ins);
            }
        }
        g
    }
}

/// What a stage leaves when its last instruction is simulated: the lengths
/// of the simulation's lists, and the stage's sizes before `finish`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ends {
    edges: usize,
    notes: usize,
    missing_copies: usize,
    truncations: usize,
    size: Bytes,
    compressed_size: Bytes,
}

impl Ends {
    /// The ends after the last stage of `sim` was simulated (before `finish`).
    pub fn of(sim: &Simulation) -> Ends {
        let st = sim.stages.last().expect("a stage was just simulated");
        Ends {
            edges: sim.edges.len(),
            notes: sim.notes.len(),
            missing_copies: sim.missing_copies.len(),
            truncations: sim.truncations.len(),
            size: st.size,
            compressed_size: st.compressed_size,
        }
    }
}

/// How many leading stages of `prev` (the simulation of `pdf`) the file
/// split into `groups` can keep, and `prev` cut to them, as it was before
/// `finish`. Zero when the escape character or the global ARGs differ.
pub fn reuse(
    groups: &Groups,
    escape: char,
    pdf: &Dockerfile,
    mut prev: Simulation,
) -> (usize, Simulation) {
    let old = Groups::of(pdf);
    if escape != pdf.escape || groups.prelude != old.prelude {
        return (0, prev);
    }
    let n = groups
        .stages
        .iter()
        .zip(&old.stages)
        .take_while(|(a, b)| a == b)
        .count()
        .min(prev.stage_ends.len())
        .min(prev.stages.len());
    if n == 0 {
        return (0, prev);
    }
    let e = prev.stage_ends[n - 1];
    prev.stages.truncate(n);
    prev.stage_ends.truncate(n);
    prev.edges.truncate(e.edges);
    prev.notes.truncate(e.notes);
    prev.missing_copies.truncate(e.missing_copies);
    prev.truncations.truncate(e.truncations);
    prev.target = None;
    for (st, e) in prev.stages.iter_mut().zip(&prev.stage_ends) {
        unfinish(st, e);
    }
    (n, prev)
}

/// Puts back what `finish` changed in a stage.
fn unfinish(st: &mut Stage, e: &Ends) {
    st.needed = false;
    st.size = e.size;
    st.compressed_size = e.compressed_size;
}

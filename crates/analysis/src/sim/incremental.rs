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
//! Which instructions are equal comes from the parser: the leading items
//! [`layerlab_syntax::parse_reusing`] kept are the previous file's, so a
//! stage whose instructions are all among them, and that had as many
//! instructions before, is the same stage ([`Previous`]).
//!
//! Only a prefix is reused: an edit shifts the spans and lines of every
//! later instruction, which are part of every later stage's result, so the
//! stages after an edit are simulated again.
//!
//! [`super::finish`] changes a stage after the walk (sizes, `needed`); the
//! values before it are kept in [`Ends`] and put back on reuse.

use super::{Bytes, Simulation, Stage};
use layerlab_syntax::{Dockerfile, Instruction, Item, Keyword};

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

/// What [`reuse`] needs to know of the previous file: its escape character
/// and how many instructions precede the first FROM and are in each stage.
pub struct Shape {
    escape: char,
    prelude: usize,
    stages: Vec<usize>,
}

impl Shape {
    /// `df`'s shape (taken before the next parse consumes `df`).
    pub fn of(df: &Dockerfile) -> Shape {
        let g = Groups::of(df);
        Shape {
            escape: df.escape,
            prelude: g.prelude.len(),
            stages: g.stages.iter().map(Vec::len).collect(),
        }
    }
}

/// What the previous analysis leaves for the next simulation: the previous
/// file's [`Shape`], how many leading instructions of the new file the
/// parse kept from it ([`layerlab_syntax::Reparse::kept`]), and its
/// simulation.
pub struct Previous {
    shape: Shape,
    kept: usize,
    simulation: Simulation,
}

impl Previous {
    /// The previous file's `shape` and `simulation`, with the new file `df`
    /// whose first `kept_items` items the parse kept.
    pub fn new(shape: Shape, df: &Dockerfile, kept_items: usize, simulation: Simulation) -> Self {
        let kept = df.items[..kept_items.min(df.items.len())]
            .iter()
            .filter(|i| matches!(i, Item::Instruction(_)))
            .count();
        Previous {
            shape,
            kept,
            simulation,
        }
    }
}

/// How many leading stages of the previous simulation the file split into
/// `groups` can keep, and that simulation cut to them, as it was before
/// `finish`. Zero when the escape character or the global ARGs differ.
pub fn reuse(groups: &Groups, escape: char, prev: Previous) -> (usize, Simulation) {
    let (old, mut sim) = (prev.shape, prev.simulation);
    let prelude = groups.prelude.len();
    if escape != old.escape || prelude != old.prelude || prelude > prev.kept {
        return (0, sim);
    }
    let mut end = prelude;
    let n = groups
        .stages
        .iter()
        .zip(&old.stages)
        .take_while(|(g, &count)| {
            end += g.len();
            g.len() == count && end <= prev.kept
        })
        .count()
        .min(sim.stage_ends.len())
        .min(sim.stages.len());
    if n == 0 {
        return (0, sim);
    }
    let e = sim.stage_ends[n - 1];
    sim.stages.truncate(n);
    sim.stage_ends.truncate(n);
    sim.edges.truncate(e.edges);
    sim.notes.truncate(e.notes);
    sim.missing_copies.truncate(e.missing_copies);
    sim.truncations.truncate(e.truncations);
    sim.target = None;
    for (st, e) in sim.stages.iter_mut().zip(&sim.stage_ends) {
        unfinish(st, e);
    }
    (n, sim)
}

/// Puts back what `finish` changed in a stage.
fn unfinish(st: &mut Stage, e: &Ends) {
    st.needed = false;
    st.size = e.size;
    st.compressed_size = e.compressed_size;
}

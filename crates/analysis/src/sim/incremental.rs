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

use super::budget::Truncation;
use super::{Bytes, Edge, EdgeSource, MissingCopy, Note, Simulation, Stage};
use layerlab_syntax::relocate::{Relocate, Shift};
use layerlab_syntax::Reparse;
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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

/// What [`reuse`] needs to know of the previous file: its escape character,
/// how many instructions precede the first FROM, and for each stage its
/// FROM's item index and how many instructions it has.
pub struct Shape {
    escape: char,
    prelude: usize,
    stages: Vec<(usize, usize)>,
}

impl Shape {
    /// `df`'s shape (taken before the next parse consumes `df`).
    pub fn of(df: &Dockerfile) -> Shape {
        let mut shape = Shape {
            escape: df.escape,
            prelude: 0,
            stages: Vec::new(),
        };
        for (i, item) in df.items.iter().enumerate() {
            let Item::Instruction(ins) = item else {
                continue;
            };
            if ins.error.is_none() && ins.kind == Keyword::From {
                shape.stages.push((i, 1));
            } else if let Some(last) = shape.stages.last_mut() {
                last.1 += 1;
            } else {
                shape.prelude += 1;
            }
        }
        shape
    }
}

/// What the previous analysis leaves for the next simulation: the previous
/// file's [`Shape`], what the new parse kept of it
/// ([`layerlab_syntax::Reparse`]), and its simulation.
pub struct Previous {
    shape: Shape,
    /// How many leading instructions of the new file the parse kept.
    kept: usize,
    /// The first stage of the new file whose FROM (and so all after it)
    /// the parse moved from the stage with the same index: its index, and
    /// the move.
    moved: Option<(usize, Shift)>,
    simulation: Simulation,
}

impl Previous {
    /// The previous file's `shape` and `simulation`, with the new parse
    /// (which reused the previous one).
    pub fn new(shape: Shape, reparse: &Reparse, simulation: Simulation) -> Self {
        let df = &reparse.dockerfile;
        let kept = df.items[..reparse.kept.min(df.items.len())]
            .iter()
            .filter(|i| matches!(i, Item::Instruction(_)))
            .count();
        // The first stage of the new file whose FROM is among the moved
        // items and was the FROM of the stage with the same index before.
        let moved = reparse.moved.and_then(|m| {
            let froms = df.items.iter().enumerate().filter(|(_, i)| {
                matches!(i, Item::Instruction(ins) if ins.error.is_none() && ins.kind == Keyword::From)
            });
            let (index, (item, _)) = froms.enumerate().find(|(_, (i, _))| *i >= m.new)?;
            let old_item = item - m.new + m.old;
            (shape.stages.get(index).map(|s| s.0) == Some(old_item)).then_some((index, m.shift))
        });
        Previous {
            shape,
            kept,
            moved,
            simulation,
        }
    }
}

/// What a simulation takes from the previous one: the leading stages as
/// they are, and the previous stages that may be moved to the same index
/// after the edit ([`Reused::take_moved`]).
pub struct Reused {
    /// How many leading stages are kept.
    first: usize,
    /// The previous simulation cut to the kept stages, as before `finish`.
    sim: Option<Simulation>,
    moved: Option<MovedStages>,
}

/// The previous stages after the edit, with what they appended to the
/// simulation's lists, and what their reuse depends on.
struct MovedStages {
    shift: Shift,
    /// The first stage index that may be moved.
    from: usize,
    /// By stage index from `from`: the stage, as before `finish`, and its
    /// list entries.
    stages: Vec<Option<(Stage, Lists)>>,
    /// Every previous stage's name, by index.
    names: Vec<Option<String>>,
}

/// What one stage appended to the simulation's lists.
struct Lists {
    edges: Vec<Edge>,
    notes: Vec<Note>,
    missing_copies: Vec<MissingCopy>,
    truncations: Vec<Truncation>,
}

/// Which leading stages of the previous simulation the file split into
/// `groups` can keep, and which later ones may be moved. Nothing when the
/// escape character or the global ARGs differ.
pub fn reuse(groups: &Groups, escape: char, prev: Previous) -> Reused {
    let Previous {
        shape: old,
        kept,
        moved,
        simulation: mut sim,
    } = prev;
    let prelude = groups.prelude.len();
    if escape != old.escape || prelude != old.prelude || prelude > kept {
        return Reused {
            first: 0,
            sim: None,
            moved: None,
        };
    }
    let mut end = prelude;
    let n = groups
        .stages
        .iter()
        .zip(&old.stages)
        .take_while(|(g, &(_, count))| {
            end += g.len();
            g.len() == count && end <= kept
        })
        .count()
        .min(sim.stage_ends.len())
        .min(sim.stages.len());
    // (Stage 0 is not moved: the lists' entries of the global ARGs come
    // before it.)
    let moved = moved
        .filter(|(from, _)| *from >= n.max(1) && sim.stage_ends.len() == sim.stages.len())
        .map(|(from, shift)| MovedStages::take(&mut sim, from, shift));
    let e = match n {
        0 => Ends::default(),
        _ => sim.stage_ends[n - 1],
    };
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
    Reused {
        first: n,
        sim: (n > 0).then_some(sim),
        moved,
    }
}

impl MovedStages {
    /// Takes the stages from `from` on out of `sim`, with their lists.
    fn take(sim: &mut Simulation, from: usize, shift: Shift) -> MovedStages {
        let names = sim.stages.iter().map(|s| s.name.clone()).collect();
        let ends = sim.stage_ends.clone();
        let start = |i: usize| match i {
            0 => Ends::default(),
            _ => ends[i - 1],
        };
        let mut lists: Vec<Lists> = Vec::new();
        for i in (from..sim.stages.len()).rev() {
            let (a, b) = (start(i), ends[i]);
            lists.push(Lists {
                edges: sim.edges.drain(a.edges..b.edges).collect(),
                notes: sim.notes.drain(a.notes..b.notes).collect(),
                missing_copies: sim
                    .missing_copies
                    .drain(a.missing_copies..b.missing_copies)
                    .collect(),
                truncations: sim
                    .truncations
                    .drain(a.truncations..b.truncations)
                    .collect(),
            });
        }
        lists.reverse();
        let stages = sim
            .stages
            .drain(from..)
            .zip(&ends[from..])
            .zip(lists)
            .map(|((mut st, e), l)| {
                unfinish(&mut st, e);
                Some((st, l))
            })
            .collect();
        MovedStages {
            shift,
            from,
            stages,
            names,
        }
    }
}

impl Reused {
    /// The previous simulation cut to its kept leading stages, and how many
    /// there are; None when no stage is kept.
    pub fn take_kept(&mut self) -> Option<(Simulation, usize)> {
        Some((self.sim.take()?, self.first))
    }

    /// The previous stage `index`, moved, with its list entries appended to
    /// `sim`, when it is what simulating the new stage `index` would give:
    /// its instructions were moved from the previous parse (same index),
    /// the stages before it have the names they had, and every stage it
    /// reads (its edges) is one of `unchanged`. True when it was taken.
    pub fn take_moved(&mut self, index: usize, sim: &mut Simulation, unchanged: &[bool]) -> bool {
        let Some(m) = self.moved.as_mut().filter(|m| index >= m.from) else {
            return false;
        };
        let Some(slot) = m.stages.get_mut(index - m.from) else {
            return false;
        };
        let Some((_, lists)) = slot.as_ref() else {
            return false;
        };
        let same_names = sim.stages.len() == index
            && sim
                .stages
                .iter()
                .zip(&m.names)
                .all(|(s, name)| s.name == *name);
        let reads_unchanged = lists.edges.iter().all(|e| match e.from {
            EdgeSource::Stage { index: k } => unchanged.get(k) == Some(&true),
            EdgeSource::Image { .. } => true,
        });
        if !same_names || !reads_unchanged {
            return false;
        }
        let (mut stage, mut lists) = slot.take().expect("checked above");
        let by = m.shift;
        stage.relocate(by);
        lists.edges.relocate(by);
        lists.notes.relocate(by);
        lists.missing_copies.relocate(by);
        lists.truncations.relocate(by);
        sim.stages.push(stage);
        sim.edges.append(&mut lists.edges);
        sim.notes.append(&mut lists.notes);
        sim.missing_copies.append(&mut lists.missing_copies);
        sim.truncations.append(&mut lists.truncations);
        true
    }
}

/// Puts back what `finish` changed in a stage.
fn unfinish(st: &mut Stage, e: &Ends) {
    st.needed = false;
    st.size = e.size;
    st.compressed_size = e.compressed_size;
}

//! Moving a stage's simulation to where an edit before it put its
//! instructions ([`super::incremental`]): every line number and byte span a
//! stage's result holds, from its layers to its filesystem's entries, is
//! moved by the edit's [`Shift`] (positions before the edit — those a stage
//! inherited from a stage the edit did not move — stay).

use super::budget::Truncation;
use super::facts::{NodeInstall, PipInstall, StageCopy};
use super::vfs::Vfs;
use super::{Command, Edge, Layer, Leftover, MissingCopy, Note, Stage};
use layerlab_syntax::relocate::{Relocate, Shift};

impl Relocate for Stage {
    fn relocate(&mut self, by: Shift) {
        self.line = by.line(self.line);
        self.span.relocate(by);
        self.layers.relocate(by);
        self.leftovers.relocate(by);
        self.pip_installs.relocate(by);
        self.node_installs.relocate(by);
        self.copies.relocate(by);
        self.cmd.relocate(by);
        self.entrypoint.relocate(by);
        self.fs.relocate(by);
    }
}

impl Relocate for Layer {
    fn relocate(&mut self, by: Shift) {
        self.line = by.line(self.line);
        self.end_line = by.line(self.end_line);
    }
}

impl Relocate for Leftover {
    fn relocate(&mut self, by: Shift) {
        self.line = by.line(self.line);
        self.removed_at = self.removed_at.map(|l| by.line(l));
    }
}

/// Types whose only position is the line of the instruction that made them.
macro_rules! relocate_line {
    ($($t:ty),*) => {$(
        impl Relocate for $t {
            fn relocate(&mut self, by: Shift) {
                self.line = by.line(self.line);
            }
        }
    )*};
}

relocate_line!(PipInstall, NodeInstall, StageCopy, Command, Edge);

impl Relocate for Vfs {
    fn relocate(&mut self, by: Shift) {
        self.relocate_lines(|l| by.line(l));
    }
}

impl Relocate for Note {
    fn relocate(&mut self, by: Shift) {
        self.span.relocate(by);
    }
}

impl Relocate for MissingCopy {
    fn relocate(&mut self, by: Shift) {
        self.line = by.line(self.line);
        self.span.relocate(by);
    }
}

impl Relocate for Truncation {
    fn relocate(&mut self, by: Shift) {
        match self {
            Truncation::Value { line, .. }
            | Truncation::Entries { line, .. }
            | Truncation::RequirementLines { line, .. } => *line = by.line(*line),
        }
    }
}

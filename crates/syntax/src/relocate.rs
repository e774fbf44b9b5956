//! Moving parsed pieces to where an edit before them put their text.
//!
//! When an edit inserts or removes text before an item and leaves the item's
//! own text alone, the item parses the same at its new place: only its byte
//! offsets and line numbers move, by the edit's change in length and in line
//! count. [`Relocate`] applies that move to every position a piece holds, so
//! that [`crate::parse_reusing`] can keep the items after an edit instead of
//! parsing them again.

use crate::{
    Args, Comment, Diagnostic, Directive, Flag, Heredoc, Instruction, Item, KeyValue, SourceMap,
    Span, Token,
};

/// A move: `bytes` added to every byte offset from `from` on, `lines` to
/// every line number from `from_line` on (positions before the edit stay).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shift {
    pub from: usize,
    pub from_line: u32,
    pub bytes: isize,
    pub lines: i64,
}

impl Shift {
    /// A byte offset, moved when at or after `from`.
    pub fn offset(self, at: usize) -> usize {
        if at < self.from {
            return at;
        }
        at.checked_add_signed(self.bytes)
            .expect("a relocated offset stays in the text")
    }

    /// A 1-based line number, moved when at or after `from_line` (0, no
    /// line, never moves).
    pub fn line(self, line: u32) -> u32 {
        if line < self.from_line || line == 0 {
            return line;
        }
        u32::try_from(i64::from(line) + self.lines).expect("a relocated line stays in the text")
    }
}

/// Something holding source positions that can be moved by a [`Shift`].
pub trait Relocate {
    fn relocate(&mut self, by: Shift);
}

impl Relocate for Span {
    fn relocate(&mut self, by: Shift) {
        self.start = by.offset(self.start);
        self.end = by.offset(self.end);
    }
}

impl Relocate for Token {
    fn relocate(&mut self, by: Shift) {
        self.span.relocate(by);
    }
}

impl<T: Relocate> Relocate for Option<T> {
    fn relocate(&mut self, by: Shift) {
        if let Some(x) = self {
            x.relocate(by);
        }
    }
}

impl<T: Relocate> Relocate for Vec<T> {
    fn relocate(&mut self, by: Shift) {
        for x in self {
            x.relocate(by);
        }
    }
}

impl<T: Relocate> Relocate for Box<T> {
    fn relocate(&mut self, by: Shift) {
        (**self).relocate(by);
    }
}

impl Relocate for Item {
    fn relocate(&mut self, by: Shift) {
        match self {
            Item::Bom { span } | Item::Blank { span } => span.relocate(by),
            Item::Directive(d) => d.relocate(by),
            Item::Comment(c) => c.relocate(by),
            Item::Instruction(i) => i.relocate(by),
        }
    }
}

impl Relocate for Directive {
    fn relocate(&mut self, by: Shift) {
        self.span.relocate(by);
        self.name.relocate(by);
        self.value.relocate(by);
    }
}

impl Relocate for Comment {
    fn relocate(&mut self, by: Shift) {
        self.span.relocate(by);
        self.text.relocate(by);
    }
}

impl Relocate for Instruction {
    fn relocate(&mut self, by: Shift) {
        self.span.relocate(by);
        // (ONBUILD's inner instruction has no lines of its own: 0 stays.)
        self.start_line = by.line(self.start_line);
        self.end_line = by.line(self.end_line);
        self.keyword.relocate(by);
        self.flags.relocate(by);
        self.args.relocate(by);
        self.rest.relocate(by);
        self.rest_map.relocate(by);
        self.heredocs.relocate(by);
        self.comments.relocate(by);
    }
}

impl Relocate for Flag {
    fn relocate(&mut self, by: Shift) {
        self.raw.relocate(by);
        self.name.relocate(by);
        self.value.relocate(by);
    }
}

impl Relocate for Args {
    fn relocate(&mut self, by: Shift) {
        match self {
            Args::None => {}
            Args::Exec { items, span } => {
                items.relocate(by);
                span.relocate(by);
            }
            Args::Shell { text } | Args::Ignored { text } => text.relocate(by),
            Args::Words { items } => items.relocate(by),
            Args::KeyValues { pairs } => pairs.relocate(by),
            Args::Healthcheck { kind, cmd } => {
                kind.relocate(by);
                cmd.relocate(by);
            }
            Args::Onbuild { inner } => inner.relocate(by),
        }
    }
}

impl Relocate for KeyValue {
    fn relocate(&mut self, by: Shift) {
        self.key.relocate(by);
        self.value.relocate(by);
    }
}

impl Relocate for Heredoc {
    fn relocate(&mut self, by: Shift) {
        self.word_span.relocate(by);
        self.content_span.relocate(by);
        self.terminator_span.relocate(by);
    }
}

impl Relocate for SourceMap {
    fn relocate(&mut self, by: Shift) {
        self.relocate_sources(by);
    }
}

impl Relocate for Diagnostic {
    fn relocate(&mut self, by: Shift) {
        self.span.relocate(by);
    }
}

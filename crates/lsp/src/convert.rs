//! Byte offsets (the analysis' positions) and LSP positions (UTF-16), through
//! `layerlab_syntax::utf16`, the conversion the page uses too.

use layerlab_syntax::utf16::{offset16, position16, Position16};
use layerlab_syntax::LineIndex;
use lsp_types::{Position, Range};

/// A document's text and its line index.
pub struct Text<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
}

impl Text<'_> {
    pub fn position(&self, offset: usize) -> Position {
        let p = position16(self.index, self.text, offset);
        Position::new(p.line, p.character)
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end.max(start)))
    }

    pub fn offset(&self, pos: Position) -> usize {
        offset16(
            self.index,
            self.text,
            Position16 {
                line: pos.line,
                character: pos.character,
            },
        )
    }
}

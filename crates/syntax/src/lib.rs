//! # layerlab-syntax
//!
//! A lossless Dockerfile parser that reads files exactly as BuildKit's parser
//! (moby/buildkit `frontend/dockerfile/parser`) does, and adds what BuildKit
//! lacks: byte spans and line/column positions for every token, comments kept,
//! recovery after errors (a bad instruction becomes a [`Diagnostic`] and
//! parsing goes on), and a tree from which the source can be rebuilt exactly.
//!
//! ```
//! let df = layerlab_syntax::parse("FROM alpine\nRUN echo hi\n");
//! assert_eq!(df.instructions().count(), 2);
//! assert_eq!(df.to_source(), "FROM alpine\nRUN echo hi\n");
//! ```
//!
//! The crate has no dependency on a browser, a terminal or the file system.

mod ast;
mod dump;
pub mod fmt;
mod json;
mod lines;
mod parser;
pub mod relocate;
mod script_map;
pub mod sh;
pub mod shell;
mod source_map;
pub mod utf16;

pub use ast::*;
pub use lines::{LineCol, LineIndex};
pub use parser::{edit_distance, parse, parse_reusing, Moved, Reparse};
pub use script_map::{run_scripts, Origin, Piece, RunScript, ScriptMap};
pub use source_map::{Seg, SourceMap};

/// A parsed Dockerfile: the source, the items that tile it, and diagnostics.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Dockerfile {
    #[serde(skip)]
    pub source: String,
    /// The escape character in effect (`\` or `` ` ``).
    pub escape: char,
    pub items: Vec<Item>,
    pub diagnostics: Vec<Diagnostic>,
    #[serde(skip)]
    pub line_index: LineIndex,
    /// After each item, how many of `diagnostics` the parser had made
    /// ([`parse_reusing`] keeps an item's diagnostics with it).
    #[serde(skip)]
    pub diag_ends: Vec<usize>,
}

impl Dockerfile {
    /// The instructions, in order.
    pub fn instructions(&self) -> impl Iterator<Item = &Instruction> {
        self.items.iter().filter_map(|i| match i {
            Item::Instruction(ins) => Some(ins),
            _ => None,
        })
    }

    /// The parser directives, in order.
    pub fn directives(&self) -> impl Iterator<Item = &Directive> {
        self.items.iter().filter_map(|i| match i {
            Item::Directive(d) => Some(d),
            _ => None,
        })
    }

    /// Rebuild the source from the tree (always equal to `self.source`).
    pub fn to_source(&self) -> String {
        let mut out = String::with_capacity(self.source.len());
        for item in &self.items {
            out.push_str(&self.source[item.span().start..item.span().end]);
        }
        out
    }

    /// The text of a span.
    pub fn text(&self, span: Span) -> &str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.line_index.line_col(&self.source, offset)
    }

    /// True when BuildKit's parser would reject this file.
    pub fn rejected_by_buildkit(&self) -> bool {
        self.diagnostics.iter().any(|d| d.buildkit_parser_error)
    }

    /// The file in BuildKit's `Node.Dump()` format, with the final newline its
    /// tests add. `None` when BuildKit's parser rejects the file.
    pub fn buildkit_dump(&self) -> Option<String> {
        if self.rejected_by_buildkit() {
            return None;
        }
        Some(dump::dump(self))
    }
}

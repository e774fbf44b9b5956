//! A dialect-neutral POSIX/bash shell-script parser with byte spans, for the
//! analysis of `RUN` scripts.
//!
//! ```
//! use layerlab_syntax::sh::{parse_script, Command};
//! let s = parse_script("apt-get update && apt-get install -y curl");
//! assert!(s.errors.is_empty());
//! assert_eq!(s.body.items[0].tail.len(), 1);
//! let Command::Simple(cmd) = &s.body.items[0].head.cmds[0] else { panic!() };
//! let w = &cmd.words[1];
//! assert_eq!(&"apt-get update && apt-get install -y curl"[w.span.start..w.span.end], "update");
//! ```
//!
//! Unlike [`crate::shell`] (BuildKit's word lexer, which must stay
//! quirk-for-quirk BuildKit), this module reads shell syntax as a POSIX shell
//! or bash does: operators, reserved words in command position, compound
//! commands, functions, redirections and here-documents, and words split into
//! parts (quotes, escapes, parameter, command, arithmetic and process
//! substitutions, brace expansion, globs, tildes).
//!
//! Invariants (tests/sh.rs): [`parse_script`] never panics; problems are
//! [`ShError`]s; every span lies inside the input on character boundaries;
//! time is linear in the input; nesting deeper than [`MAX_DEPTH`] stops the
//! parse with [`ShErrorKind::TooDeep`] (so input cannot drive the recursion
//! deeper than that).

mod ast;
mod parse;

pub use ast::*;
pub use parse::parse_script;

/// The deepest nesting of compound commands, substitutions and `${…}`
/// operator words the parser follows.
pub const MAX_DEPTH: usize = 64;

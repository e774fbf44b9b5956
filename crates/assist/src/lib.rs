//! # layerlab-assist
//!
//! What an editor offers while a Dockerfile is written, computed once for
//! every editor: the language server (`crates/lsp`, which only converts
//! these results to the protocol's types) and the page's CodeMirror editor
//! (`web/`, through JSON). Positions are byte offsets into the Dockerfile;
//! each client converts them (UTF-16 for both, through
//! `layerlab_syntax::utf16`).
//!
//! - [`complete`]: completion from a parse alone (instructions, flags, stage
//!   names, ARG/ENV names, the catalogue's images and published tags);
//! - [`hover`]: typed facts about what is under the cursor (a base image, an
//!   instruction's layer, the rules of findings there), from a parse and the
//!   report of the last analysis ([`Facts`]), with [`Hover::markdown`];
//! - [`navigate`]: definitions and the stages as symbols;
//! - [`locate`]: the typed lookups they share.
//!
//! Pure: no browser, terminal, file system or network; builds for wasm32.

pub mod complete;
pub mod hover;
pub mod locate;
pub mod navigate;

pub use complete::{complete, Completion, Kind};
pub use hover::{hover, Facts, Hover, Section};

/// Where the rules' documentation lives: docs/rules.md in the repository
/// named by the workspace's Cargo.toml (`repository`), one heading per rule.
pub const RULES_DOC: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

/// The documentation link of a rule id (only for rules docs/rules.md has).
pub fn rule_href(rule: &str) -> Option<String> {
    layerlab_analysis::rules::rule(rule).map(|_| format!("{RULES_DOC}#{rule}"))
}

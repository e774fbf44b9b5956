//! # layerlab-lsp
//!
//! `layerlab lsp`: a Language Server Protocol server over standard input and
//! output. Diagnostics from the analysis (pragmas and `.layerlab.toml`
//! honoured, the file's directory as build context), code actions for the
//! findings' fixes, hover on base images and instructions, go-to-definition
//! for stage names and variables, the stages as document symbols,
//! completion, and inlay hints with each layer's size.
//!
//! What to complete, what a hover says, where a name is defined: the
//! `layerlab-assist` crate (shared with the page); this crate converts its
//! typed results to the protocol's.
//!
//! Synchronous: one thread reads messages (lsp-server's), this one answers
//! them in order. Changes that arrive together are analysed once.

mod actions;
mod convert;
mod diagnostics;
mod server;
pub mod uri;

pub use server::serve;

/// Serves one client on standard input and output until it says `exit`.
pub fn run_stdio() -> Result<(), String> {
    let (connection, io) = lsp_server::Connection::stdio();
    let served = serve(&connection);
    drop(connection);
    // A malformed or closed input stops the reader first: its error says why.
    let read = io
        .join()
        .map_err(|e| format!("language server: reading standard input: {e}"));
    read.and(served)
}

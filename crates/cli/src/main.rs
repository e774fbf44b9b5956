//! `layerlab`: parse and check Dockerfiles from the command line.
//!
//! Exit codes: 0 fine, 1 error-severity findings (or a file BuildKit's parser
//! rejects; for `fmt --check`/`--diff`: files that are not formatted), 2 usage
//! or I/O error (for `fmt`: a file it could not format).

mod buildargs;
mod commands;
mod config;
mod context;
mod diff;
mod escape;
mod files;
mod io;
mod render;
mod sarif;

/// Safe reads, shared with the language server.
pub(crate) use layerlab_project::safefs;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use commands::{check, compare, completions, fmt, lsp, parse, rules, tree};

#[derive(Parser)]
#[command(
    name = "layerlab",
    version,
    about = "Simulate Dockerfile builds: stages, sizes and the problems an expert would point out"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a Dockerfile and print its syntax tree.
    Parse(parse::Args),
    /// Simulate the build and report stages, layer sizes and problems.
    Check(check::Args),
    /// Compare two Dockerfiles: final and per-stage size deltas (B − A), base-image changes, and the findings only in A, only in B and in both.
    Compare(compare::Args),
    /// List the rules, or show one rule's documentation.
    Rules(rules::Args),
    /// Show a stage's simulated filesystem, like `dive` shows a built image.
    Tree(tree::Args),
    /// Run the language server (Language Server Protocol on standard input and output) for editors: diagnostics, fixes, hover, completion.
    Lsp(lsp::Args),
    /// Format Dockerfiles: keyword case and spacing, continuation indentation, exec-form spacing, trailing whitespace, final newline; never what BuildKit parses.
    Fmt(fmt::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match &cli.command {
        Command::Parse(a) => parse::run(a),
        Command::Check(a) => check::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Rules(a) => rules::run(a),
        Command::Tree(a) => tree::run(a),
        Command::Lsp(a) => lsp::run(a),
        Command::Fmt(a) => fmt::run(a),
        Command::Completions(a) => completions::run(a, Cli::command()),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("layerlab: {}", escape::text(&msg));
            ExitCode::from(2)
        }
    }
}

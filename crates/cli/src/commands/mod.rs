//! One module per subcommand: its arguments and its `run`.

pub(crate) mod check;
pub(crate) mod compare;
pub(crate) mod completions;
pub(crate) mod fmt;
pub(crate) mod lsp;
pub(crate) mod parse;
pub(crate) mod rules;
pub(crate) mod tree;

/// `--format` of the commands that print either words or JSON.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum OutputFormat {
    Human,
    Json,
}

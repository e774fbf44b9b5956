//! `layerlab lsp`: the language server on standard input and output
//! (`layerlab_lsp`; docs/editors.md says how each editor starts it).

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Accepted and ignored: editors' LSP clients often pass it; standard input and output are the only transport.
    #[arg(long)]
    stdio: bool,
}

pub(crate) fn run(_a: &Args) -> Result<u8, String> {
    layerlab_lsp::run_stdio()?;
    Ok(0)
}

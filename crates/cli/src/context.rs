//! Reading a build context directory (`layerlab_project::context`, shared
//! with the language server), its notes shown on standard error.

use layerlab_analysis::BuildContext;
use std::path::Path;

/// The context in `dir`; notes (links skipped) go to standard error, escaped.
pub fn load(dir: &Path) -> Result<BuildContext, String> {
    let (ctx, notes) = layerlab_project::context::load(dir)?;
    for n in notes {
        eprintln!("layerlab: note: {}", crate::escape::text(&n));
    }
    Ok(ctx)
}

//! `.layerlab.toml` for the files on the command line (the search and the
//! format are `layerlab_project::config`'s, shared with the language server).

use layerlab_analysis::Config;
pub(crate) use layerlab_project::config::{find, load, read_found, Found, Level};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The configuration for each file: `--config`, or the nearest `.layerlab.toml`.
pub(crate) fn for_files(files: &[&str], explicit: Option<&Path>) -> Result<Vec<Config>, String> {
    if let Some(p) = explicit {
        let c = load(p)?;
        return Ok(vec![c; files.len()]);
    }
    let mut cache: HashMap<Found, Config> = HashMap::new();
    let mut out = Vec::with_capacity(files.len());
    for &f in files {
        let dir = if f == "-" {
            PathBuf::from(".")
        } else {
            Path::new(f)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        };
        let found = find(&dir);
        if !cache.contains_key(&found) {
            let (c, note) = read_found(&found)?;
            if let Some(note) = note {
                eprintln!("layerlab: note: {}", crate::escape::text(&note));
            }
            cache.insert(found.clone(), c);
        }
        out.push(cache[&found].clone());
    }
    Ok(out)
}

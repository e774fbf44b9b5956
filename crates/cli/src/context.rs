//! Reading a build context directory into a [`BuildContext`].

use layerlab_analysis::BuildContext;
use std::path::Path;

/// Files whose text the simulation reads.
fn wants_text(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name == ".dockerignore"
        || name == ".gitignore"
        || name == "package.json"
        || name == "package-lock.json"
        || name == "yarn.lock"
        || name == "pnpm-lock.yaml"
        || name == "go.mod"
        || name == "go.sum"
        || name == "Pipfile"
        || name == "pyproject.toml"
        || name == "Cargo.toml"
        || (name.starts_with("requirements") && name.ends_with(".txt"))
        || name.ends_with(".in")
}

const MAX_FILES: usize = 200_000;
const MAX_TEXT: u64 = 4 * 1024 * 1024;

/// Walks `dir` (without following symbolic links) and records every file's
/// size, and the text of the files the simulation reads.
pub fn load(dir: &Path) -> Result<BuildContext, String> {
    let meta = std::fs::metadata(dir)
        .map_err(|e| format!("cannot read context {}: {e}", dir.display()))?;
    if !meta.is_dir() {
        return Err(format!("context {} is not a directory", dir.display()));
    }
    let mut ctx = BuildContext::new();
    let mut stack = vec![dir.to_path_buf()];
    let mut count = 0usize;
    while let Some(d) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).map_err(|e| format!("cannot read {}: {e}", d.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", d.display()))?;
            let path = entry.path();
            let ft = entry
                .file_type()
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() || ft.is_symlink() {
                count += 1;
                if count > MAX_FILES {
                    return Err(format!(
                        "context {} has more than {MAX_FILES} files",
                        dir.display()
                    ));
                }
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                if wants_text(&rel) && size <= MAX_TEXT && ft.is_file() {
                    match std::fs::read(&path) {
                        Ok(b) => ctx.add_text(&rel, &String::from_utf8_lossy(&b)),
                        Err(_) => ctx.add_sized(&rel, size),
                    }
                } else {
                    ctx.add_sized(&rel, size);
                }
            }
        }
    }
    Ok(ctx)
}

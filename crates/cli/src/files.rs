//! Turning `check`'s arguments (files and directories) into a list of Dockerfiles.

use std::path::Path;

/// Directories never searched.
const SKIP_DIRS: [&str; 3] = [".git", "node_modules", "target"];

/// True for `Dockerfile`, `*.Dockerfile`, `Dockerfile.*` and `Containerfile`.
pub fn is_dockerfile_name(name: &str) -> bool {
    name == "Dockerfile"
        || name == "Containerfile"
        || (name.len() > ".Dockerfile".len() && name.ends_with(".Dockerfile"))
        || (name.len() > "Dockerfile.".len() && name.starts_with("Dockerfile."))
}

/// Expands the arguments: files (and `-`) stay as they are, directories
/// become the Dockerfiles inside them, recursively, sorted by path.
pub fn expand(args: &[String]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for a in args {
        if a != "-" && Path::new(a).is_dir() {
            let before = out.len();
            walk(Path::new(a), &mut out)?;
            out[before..].sort();
            if out.len() == before {
                eprintln!("layerlab: warning: no Dockerfile in {a}");
            }
        } else {
            out.push(a.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ft = entry
            .file_type()
            .map_err(|e| format!("{}: {e}", entry.path().display()))?;
        if ft.is_dir() {
            if !SKIP_DIRS.contains(&name.as_str()) {
                walk(&entry.path(), out)?;
            }
        } else if is_dockerfile_name(&name) && entry.path().is_file() {
            out.push(entry.path().to_string_lossy().into_owned());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn names() {
        for n in [
            "Dockerfile",
            "Containerfile",
            "app.Dockerfile",
            "Dockerfile.dev",
        ] {
            assert!(super::is_dockerfile_name(n), "{n}");
        }
        for n in [
            "Dockerfile.",
            ".Dockerfile",
            "dockerfile.txt",
            "Makefile",
            "README.md",
        ] {
            assert!(!super::is_dockerfile_name(n), "{n}");
        }
    }
}

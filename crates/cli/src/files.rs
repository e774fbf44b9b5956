//! Turning `check`'s arguments (files and directories) into a list of Dockerfiles.

use crate::{escape, safefs};
use std::path::{Path, PathBuf};

/// Directories never searched.
const SKIP_DIRS: [&str; 3] = [".git", "node_modules", "target"];

/// True for `Dockerfile`, `*.Dockerfile`, `Dockerfile.*` and `Containerfile`.
pub fn is_dockerfile_name(name: &str) -> bool {
    name == "Dockerfile"
        || name == "Containerfile"
        || (name.len() > ".Dockerfile".len() && name.ends_with(".Dockerfile"))
        || (name.len() > "Dockerfile.".len() && name.starts_with("Dockerfile."))
}

/// One Dockerfile to check.
#[derive(Clone, Debug)]
pub struct Source {
    /// As named on the command line, or found under a directory (`-`: standard input).
    pub path: String,
    /// The directory argument it was found in (a symbolic link must resolve
    /// inside it); `None` for a file named on the command line.
    pub found_in: Option<PathBuf>,
}

/// Expands the arguments: files (and `-`) stay as they are, directories
/// become the Dockerfiles inside them, recursively, sorted by path.
/// A symbolic link found in a directory is followed only when it resolves
/// inside that directory; other links and non-regular files are skipped
/// with a note.
pub fn expand(args: &[String]) -> Result<Vec<Source>, String> {
    let mut out = Vec::new();
    for a in args {
        if a != "-" && Path::new(a).is_dir() {
            let root = Path::new(a);
            let mut found = Vec::new();
            walk(root, root, &mut found)?;
            found.sort();
            if found.is_empty() {
                eprintln!("layerlab: warning: no Dockerfile in {}", escape::text(a));
            }
            out.extend(found.into_iter().map(|path| Source {
                path,
                found_in: Some(root.to_path_buf()),
            }));
        } else {
            out.push(Source {
                path: a.clone(),
                found_in: None,
            });
        }
    }
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
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
                walk(root, &entry.path(), out)?;
            }
        } else if is_dockerfile_name(&name) {
            match usable(root, &entry.path(), ft) {
                Ok(()) => out.push(entry.path().to_string_lossy().into_owned()),
                Err(why) => eprintln!("layerlab: note: skipped {}", escape::text(&why)),
            }
        }
    }
    Ok(())
}

/// Ok for a regular file, or a link to one inside `root`; otherwise why not.
fn usable(root: &Path, path: &Path, ft: std::fs::FileType) -> Result<(), String> {
    if ft.is_symlink() {
        safefs::link_inside(path, &[root.to_path_buf()])?;
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(_) => Err(format!("{}: not a regular file", path.display())),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
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

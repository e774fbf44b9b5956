//! What the CLI's integration tests share: the vendored shared/ data and a
//! project directory made from a seed and its build context.

#![allow(dead_code)] // each test binary uses part of it

use std::path::{Path, PathBuf};

/// The repository's vendored `shared/` (or `$LAYERLAB_SHARED`).
pub fn shared() -> PathBuf {
    std::env::var_os("LAYERLAB_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

/// Copies the directory `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// Seed 04 as a project in a fresh temporary directory named after `name`:
/// the Dockerfile in its build context (shared/seeds/context/002). Returns
/// the directory and the Dockerfile's text.
pub fn seed04_project(name: &str) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("layerlab-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&shared().join("seeds/context/002"), &dir);
    let text =
        std::fs::read_to_string(shared().join("seeds/04_ru_user_local_multistage.Dockerfile"))
            .unwrap();
    std::fs::write(dir.join("Dockerfile"), &text).unwrap();
    (dir, text)
}

//! Locating the shared corpus: the repository's `shared/` folder (vendored).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The `shared` folder: `$LAYERLAB_SHARED`, else a `shared/corpus` found next
/// to one of this crate's ancestors (the repository's own). Panics (fails the
/// test) when none exists: corpus tests must never pass vacuously.
pub fn shared_dir() -> PathBuf {
    if let Ok(p) = std::env::var("LAYERLAB_SHARED") {
        let p = PathBuf::from(p);
        assert!(
            p.join("corpus").is_dir(),
            "LAYERLAB_SHARED={} has no corpus/ folder",
            p.display()
        );
        return p;
    }
    let mut dir: Option<&Path> = Some(Path::new(env!("CARGO_MANIFEST_DIR")));
    while let Some(d) = dir {
        let cand = d.join("shared");
        if cand.join("corpus").is_dir() {
            return cand;
        }
        dir = d.parent();
    }
    panic!("cannot find the shared corpus (the repository's shared/ folder): set LAYERLAB_SHARED to the folder holding corpus/ and seeds/")
}

pub fn read_text(path: &Path) -> String {
    let bytes =
        std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

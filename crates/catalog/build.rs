//! Generates `OUT_DIR/tables.rs` from the sourced tables in `data/`, with
//! `layerlab-catalog-gen` (which checks every value: a malformed file fails
//! the build with the file, line and column at fault).

use std::path::PathBuf;

fn main() {
    for f in layerlab_catalog_gen::DATA_FILES {
        println!("cargo:rerun-if-changed=data/{f}");
    }
    println!("cargo:rerun-if-changed=build.rs");
    // Without the crate's `long-tail` feature (the page's build), only the
    // tier-1 rows (the first screen); the generator reads this variable.
    // `LAYERLAB_CATALOG_TIER=1` by hand does the same with the feature on.
    println!("cargo:rerun-if-env-changed=LAYERLAB_CATALOG_TIER");
    if std::env::var_os("CARGO_FEATURE_LONG_TAIL").is_none() {
        std::env::set_var("LAYERLAB_CATALOG_TIER", "1");
    }
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("data");
    let out = layerlab_catalog_gen::generate(&dir);
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("tables.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}

//! `check` on every file of the shared corpus: no panic, and a report that
//! serialises to valid JSON with the documented fields.

mod common;

use common::*;
use std::path::Path;

fn files(dir: &Path, pred: &dyn Fn(&Path) -> bool, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, pred, out);
        } else if pred(&p) {
            out.push(p);
        }
    }
}

#[test]
fn every_corpus_file_simulates_to_valid_json() {
    let root = shared_dir().join("corpus");
    let mut all = Vec::new();
    files(
        &root.join("real-world"),
        &|p| p.extension().is_some_and(|e| e == "Dockerfile"),
        &mut all,
    );
    files(
        &root.join("edge-cases"),
        &|p| p.extension().is_some_and(|e| e == "Dockerfile"),
        &mut all,
    );
    files(
        &root.join("buildkit-parser"),
        &|p| p.file_name().is_some_and(|n| n == "Dockerfile"),
        &mut all,
    );
    assert_eq!(all.len(), 324 + 106 + 33 + 4 + 1, "corpus file count");
    for path in &all {
        let a = run(&read(path), None);
        let json =
            serde_json::to_string(&a.report).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        for key in ["findings", "stages", "layers", "image"] {
            assert!(v.get(key).is_some(), "{}: no {key}", path.display());
        }
        for s in v["stages"].as_array().unwrap() {
            for k in ["index", "name", "base", "line", "reachable", "size_bytes"] {
                assert!(s.get(k).is_some(), "{}: stage without {k}", path.display());
            }
        }
        for l in v["layers"].as_array().unwrap() {
            for k in [
                "stage",
                "line",
                "instruction",
                "size_bytes",
                "size_low_bytes",
                "size_high_bytes",
            ] {
                assert!(l.get(k).is_some(), "{}: layer without {k}", path.display());
            }
            assert!(l["size_low_bytes"].as_u64() <= l["size_bytes"].as_u64());
            assert!(l["size_bytes"].as_u64() <= l["size_high_bytes"].as_u64());
        }
        if !v["image"].is_null() {
            for k in [
                "stage",
                "size_bytes",
                "size_low_bytes",
                "size_high_bytes",
                "compressed_size_bytes",
                "base_size_bytes",
            ] {
                assert!(
                    v["image"].get(k).is_some(),
                    "{}: image without {k}",
                    path.display()
                );
            }
        }
        for f in v["findings"].as_array().unwrap() {
            for k in [
                "rule",
                "category",
                "severity",
                "line",
                "column",
                "end_line",
                "end_column",
                "message",
                "help",
            ] {
                assert!(
                    f.get(k).is_some(),
                    "{}: finding without {k}",
                    path.display()
                );
            }
        }
    }
}

//! An unknown size is never printed as `0 B` (issue 10): over every file
//! of the shared corpus and the seeds (with and without their context),
//! `layerlab check --format json` says which sizes are unknown, and the
//! human output must not show those as `0 B`.
//!
//! Unknown means: a layer, a stage total or the image with
//! `size_complete: false` and `size_bytes: 0`, or a stage's base image with
//! `base_size_known: false` and `base_size_bytes: 0`.

mod common;

use common::{layerlab, shared_dir, text};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, pred: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, pred, out);
        } else if pred(&p) {
            out.push(p);
        }
    }
}

fn dockerfile_ext(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "Dockerfile")
}

/// (label, Dockerfile, context directory).
fn inputs() -> Vec<(String, PathBuf, Option<PathBuf>)> {
    let shared = shared_dir();
    let root = shared.join("corpus");
    let mut paths = Vec::new();
    files(&root.join("real-world"), &dockerfile_ext, &mut paths);
    files(&root.join("edge-cases"), &dockerfile_ext, &mut paths);
    files(
        &root.join("buildkit-parser"),
        &|p| p.file_name().is_some_and(|n| n == "Dockerfile"),
        &mut paths,
    );
    paths.sort();
    assert!(paths.len() > 400, "{} corpus files", paths.len());
    let mut out: Vec<_> = paths
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(&root).unwrap().display().to_string(),
                p,
                None,
            )
        })
        .collect();
    let seeds = shared.join("seeds");
    let mut seed_paths = Vec::new();
    files(
        &seeds,
        &|p| dockerfile_ext(p) && p.parent().is_some_and(|d| d.ends_with("seeds")),
        &mut seed_paths,
    );
    seed_paths.sort();
    assert_eq!(seed_paths.len(), 8, "the eight seeds");
    for p in seed_paths {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let ctx = match &name[..2] {
            "01" | "02" => "000",
            "03" => "001",
            "04" => "002",
            _ => "003",
        };
        out.push((format!("seeds/{name}"), p.clone(), None));
        out.push((
            format!("seeds/{name} --context {ctx}"),
            p,
            Some(seeds.join("context").join(ctx)),
        ));
    }
    out
}

/// The human output's size rows: (stage index, row's line number or "" for
/// the base and total rows, label ("" or "total" or "(base …)"), size text).
fn rows(human: &str) -> Vec<(usize, String, String, String)> {
    let mut out = Vec::new();
    let mut stage: Option<usize> = None;
    for l in human.lines() {
        if let Some(rest) = l.strip_prefix("stage ") {
            stage = rest
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|n| n.parse().ok());
            continue;
        }
        if l.starts_with("image (stage") {
            stage = None;
            continue;
        }
        let Some(st) = stage else { continue };
        // "  {line:>6}  {size:<24}  {instruction}"
        if l.len() < 12 || !l.starts_with("  ") || l.contains(" size ") {
            continue;
        }
        let (num, rest) = (l.get(2..8).unwrap_or(""), l.get(10..).unwrap_or(""));
        if !num.trim().chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let Some(cut) = rest.find("  ") else { continue };
        let (size, label) = (&rest[..cut], rest[cut..].trim());
        out.push((
            st,
            num.trim().to_string(),
            label.to_string(),
            size.to_string(),
        ));
    }
    out
}

fn shows_zero(size: &str) -> bool {
    size.trim_start().starts_with("0 B")
}

#[test]
fn unknown_sizes_are_never_printed_as_zero() {
    let mut problems = Vec::new();
    for (label, path, ctx) in inputs() {
        let file = path.to_str().unwrap();
        let mut args = vec!["check", "--color", "never", file];
        if let Some(c) = &ctx {
            args.extend(["--context", c.to_str().unwrap()]);
        }
        let mut json_args = args.clone();
        json_args.extend(["--format", "json"]);
        let out = layerlab(&json_args, None);
        let v: serde_json::Value = match serde_json::from_slice(&out.stdout) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("{label}: no JSON ({e}): {}", text(&out.stderr)));
                continue;
            }
        };
        let human = text(&layerlab(&args, None).stdout);
        let rows = rows(&human);
        let unknown = |o: &serde_json::Value, bytes: &str, complete: &str| {
            o[bytes].as_u64() == Some(0) && o[complete].as_bool() == Some(false)
        };
        for l in v["layers"].as_array().into_iter().flatten() {
            if !unknown(l, "size_bytes", "size_complete") {
                continue;
            }
            let (st, line) = (l["stage"].as_u64().unwrap() as usize, l["line"].to_string());
            match rows.iter().find(|r| r.0 == st && r.1 == line) {
                Some(r) if shows_zero(&r.3) => problems.push(format!(
                    "{label}: stage {st} line {line} ({}) shows {:?}",
                    l["instruction"].as_str().unwrap_or(""),
                    r.3.trim()
                )),
                Some(_) => {}
                None => problems.push(format!(
                    "{label}: stage {st} line {line}: no row in the human output"
                )),
            }
        }
        for s in v["stages"].as_array().into_iter().flatten() {
            let st = s["index"].as_u64().unwrap() as usize;
            let base_unknown =
                s["base_stage"].is_null() && unknown(s, "base_size_bytes", "base_size_known");
            if base_unknown {
                if let Some(r) = rows
                    .iter()
                    .find(|r| r.0 == st && r.2.starts_with("(base"))
                    .filter(|r| shows_zero(&r.3))
                {
                    problems.push(format!(
                        "{label}: stage {st}'s unknown base shows {:?}",
                        r.3.trim()
                    ));
                }
            }
            if unknown(s, "size_bytes", "size_complete") {
                if let Some(r) = rows
                    .iter()
                    .find(|r| r.0 == st && r.2 == "total")
                    .filter(|r| shows_zero(&r.3))
                {
                    problems.push(format!(
                        "{label}: stage {st}'s unknown total shows {:?}",
                        r.3.trim()
                    ));
                }
            }
        }
        let img = &v["image"];
        if !img.is_null() && unknown(img, "size_bytes", "size_complete") {
            if let Some(l) = human.lines().find(|l| l.starts_with("image (stage")) {
                let after = l.split("): ").nth(1).unwrap_or("");
                if shows_zero(after) {
                    problems.push(format!("{label}: the unknown image size shows {l:?}"));
                }
            }
        }
    }
    let mut s = String::new();
    for p in problems.iter().take(40) {
        writeln!(s, "  {p}").unwrap();
    }
    if problems.len() > 40 {
        writeln!(s, "  … and {} more", problems.len() - 40).unwrap();
    }
    assert!(
        problems.is_empty(),
        "{} unknown sizes shown as 0 B:\n{s}",
        problems.len()
    );
}

/// The row parser reads what the renderer writes (so that the test above
/// cannot pass by reading nothing).
#[test]
fn the_size_rows_are_read() {
    let seed = shared_dir().join("seeds/04_ru_user_local_multistage.Dockerfile");
    let out = layerlab(&["check", "--color", "never", seed.to_str().unwrap()], None);
    let rows = rows(&text(&out.stdout));
    let layer_rows = rows.iter().filter(|r| !r.1.is_empty()).count();
    assert!(layer_rows >= 5, "{rows:?}");
    assert!(rows.iter().any(|r| r.0 == 1 && r.2 == "total"), "{rows:?}");
    assert!(
        rows.iter().any(|r| r.0 == 0 && r.2.starts_with("(base")),
        "{rows:?}"
    );
}

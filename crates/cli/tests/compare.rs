//! `layerlab compare A B`, run as a user would run it.

use std::path::PathBuf;
use std::process::Output;

mod common;
use common::{layerlab, shared_dir};

fn seeds() -> PathBuf {
    shared_dir().join("seeds")
}

fn p(b: &std::path::Path) -> &str {
    b.to_str().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn check_size(file: &std::path::Path, ctx: &std::path::Path) -> i64 {
    let out = layerlab(
        &[
            "check",
            "--format",
            "json",
            "--today",
            "2026-01-01",
            "--context",
            p(ctx),
            p(file),
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["image"]["size_bytes"].as_i64().unwrap()
}

#[test]
fn compare_json_delta_is_the_difference_of_the_checks() {
    let s = seeds();
    let (a, b, ctx) = (
        s.join("01_ru_single_stage.Dockerfile"),
        s.join("02_ru_multistage.Dockerfile"),
        s.join("context/000"),
    );
    let v = json(&layerlab(
        &[
            "compare",
            "--format",
            "json",
            "--today",
            "2026-01-01",
            "--context",
            p(&ctx),
            p(&a),
            p(&b),
        ],
        None,
    ));
    assert_eq!(v["a"].as_str(), Some(p(&a)));
    let delta = v["image"]["delta_bytes"].as_i64().unwrap();
    assert_eq!(delta, check_size(&b, &ctx) - check_size(&a, &ctx));
    assert!(delta.abs() < 100_000);
    // Both bases are unknown, and 02 also copies the builder's site-packages
    // with the base image's own pip in it (not measured): a difference of
    // lower bounds.
    assert_eq!(v["image"]["basis"], "incomplete");
    let only_b: Vec<&str> = v["findings"]["only_b"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(only_b.contains(&"multistage-saves-nothing"), "{only_b:?}");
}

#[test]
fn compare_context_a_and_b_are_per_side() {
    // With no context, COPY sources are unknown: requirements cannot be read
    // and the size changes; --context-b gives B its context only.
    let s = seeds();
    let a = s.join("05_zh_naive_python37.Dockerfile");
    let ctx = s.join("context/003");
    let with_both = json(&layerlab(
        &[
            "compare",
            "--format",
            "json",
            "--context",
            p(&ctx),
            p(&a),
            p(&a),
        ],
        None,
    ));
    assert_eq!(with_both["image"]["delta_bytes"].as_i64(), Some(0));
    let only_b = json(&layerlab(
        &[
            "compare",
            "--format",
            "json",
            "--context-b",
            p(&ctx),
            p(&a),
            p(&a),
        ],
        None,
    ));
    assert_ne!(
        only_b["image"]["delta_bytes"].as_i64(),
        Some(0),
        "{}",
        only_b["image"]
    );
    let overridden = json(&layerlab(
        &[
            "compare",
            "--format",
            "json",
            "--context",
            "/nonexistent-is-not-read",
            "--context-a",
            p(&ctx),
            "--context-b",
            p(&ctx),
            p(&a),
            p(&a),
        ],
        None,
    ));
    assert_eq!(overridden["image"]["delta_bytes"].as_i64(), Some(0));
}

#[test]
fn compare_human_output_and_stdin() {
    let s = seeds();
    let b = s.join("08_zh_multistage_install_option.Dockerfile");
    let out = layerlab(
        &["compare", "-", p(&b)],
        Some(&std::fs::read_to_string(s.join("05_zh_naive_python37.Dockerfile")).unwrap()),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = String::from_utf8_lossy(&out.stdout);
    assert!(t.contains("A: <stdin>"), "{t}");
    assert!(t.contains("final image:"), "{t}");
    assert!(t.contains("findings only in A"), "{t}");
    assert!(t.contains("[pip-install-option]"), "{t}");
    assert!(
        t.contains("python:3.7 (A:1) -> python:3.7-alpine (B:7)"),
        "{t}"
    );
}

#[test]
fn compare_usage_and_io_errors_exit_2() {
    let out = layerlab(&["compare", "-", "-"], Some("FROM alpine\n"));
    assert_eq!(out.status.code(), Some(2));
    let out = layerlab(&["compare", "/nonexistent/A", "/nonexistent/B"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/A"));
    let out = layerlab(&["compare", "only-one"], None);
    assert_eq!(out.status.code(), Some(2));
}

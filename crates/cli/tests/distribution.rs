//! The repository's own distribution files, checked with the CLI: the CLI
//! image's Dockerfile gets no finding from Layerlab and is formatted, and the
//! pre-commit hooks' entries are commands the CLI accepts.
//! (scripts/check-distribution runs the hooks through pre-commit itself and
//! validates action.yml against the action schema.)

mod common;
use common::{layerlab, text};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn the_cli_image_dockerfile_has_no_findings_and_is_formatted() {
    let root = repo();
    let dockerfile = root.join("Dockerfile");
    let (df, ctx) = (dockerfile.to_str().unwrap(), root.to_str().unwrap());
    let out = layerlab(&["check", "--format", "json", "--context", ctx, df], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]), "{report:#}");
    // The final image is scratch with the binary only, run unprivileged.
    let stages = report["stages"].as_array().unwrap();
    assert_eq!(stages.last().unwrap()["base"], "scratch");
    let src = std::fs::read_to_string(&dockerfile).unwrap();
    assert!(src.contains("USER 65534:65534"));

    let out = layerlab(&["fmt", "--check", df], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn the_pre_commit_hook_entries_are_valid_commands() {
    let manifest = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).unwrap();
    let entries: Vec<&str> = manifest
        .lines()
        .filter_map(|l| l.trim().strip_prefix("entry: "))
        .collect();
    assert_eq!(entries, ["layerlab check --color never", "layerlab fmt"]);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hook-entries");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("Dockerfile");
    std::fs::write(&file, "FROM alpine:3.20\nRUN echo ok\n").unwrap();
    for entry in entries {
        let mut args: Vec<&str> = entry.split(' ').skip(1).collect();
        args.push(file.to_str().unwrap());
        let out = layerlab(&args, None);
        assert_eq!(out.status.code(), Some(0), "{entry}: {}", text(&out.stderr));
    }
}

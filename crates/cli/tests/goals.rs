//! `layerlab check` with exercise goals: the checklist, the JSON `goals`
//! array, malformed goal lines, `--goals-file` and the `--goals` exit code.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_layerlab"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run layerlab")
}

fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("goal-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join(".git")).unwrap();
    for (path, content) in files {
        std::fs::write(root.join(path), content).unwrap();
    }
    root
}

const EXERCISE: &str = "# goal: size < 1GB\n# goal: no finding pip-no-cache-dir\n# goal: user != root\nFROM python:3.12-slim\nRUN pip install flask==3.0.3\n";
const SOLVED: &str = "# goal: size < 1GB\n# goal: no finding pip-no-cache-dir\n# goal: user != root\nFROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\nUSER 1000\n";

#[test]
fn human_output_is_a_checklist() {
    let root = project("human", &[("Dockerfile", EXERCISE)]);
    let out = run(&["check", "--color", "never", "Dockerfile"], &root);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("goals: 1 of 3 met"), "{s}");
    assert!(s.contains("  [x] size < 1GB  (estimated "), "{s}");
    assert!(
        s.contains("  [ ] no finding pip-no-cache-dir  (1 found, first on line 5)"),
        "{s}"
    );
    assert!(s.contains("  [ ] user != root  (runs as root)"), "{s}");
    assert!(!s.contains("all goals met"), "{s}");
    // Without --goals, unmet goals do not change the exit code.
    assert_eq!(out.status.code(), Some(0));
    let out = run(&["check", "--goals", "Dockerfile"], &root);
    assert_eq!(out.status.code(), Some(1));

    let root = project("human-solved", &[("Dockerfile", SOLVED)]);
    let out = run(
        &["check", "--goals", "--color", "never", "Dockerfile"],
        &root,
    );
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("goals: 3 of 3 met"), "{s}");
    assert!(s.contains("all goals met"), "{s}");
    assert_eq!(out.status.code(), Some(0), "{s}");
}

#[test]
fn files_without_goals_print_no_goals() {
    let root = project("none", &[("Dockerfile", "FROM python:3.12-slim\n")]);
    let out = run(&["check", "--color", "never", "Dockerfile"], &root);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("goals"));
    let out = run(&["check", "--format", "json", "Dockerfile"], &root);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("goals").is_none() && v.get("goal_errors").is_none());
    // --goals with no goals: nothing to fail.
    let out = run(&["check", "--goals", "Dockerfile"], &root);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn json_has_a_goals_array() {
    let root = project("json", &[("Dockerfile", EXERCISE)]);
    let out = run(&["check", "--format", "json", "Dockerfile"], &root);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let g = v["goals"].as_array().unwrap();
    assert_eq!(g.len(), 3);
    assert_eq!(g[0]["kind"], "size");
    assert_eq!(g[0]["op"], "lt");
    assert_eq!(g[0]["bytes"], 1_000_000_000u64);
    assert_eq!(g[0]["status"], "met");
    assert_eq!(g[0]["actual"], "size");
    assert!(g[0]["value"].as_u64().unwrap() > 0);
    assert_eq!(g[0]["line"], 1);
    assert_eq!(g[0]["column"], 9);
    assert_eq!(g[0]["origin"], "file");
    assert_eq!(g[1]["kind"], "no-finding");
    assert_eq!(g[1]["rule"], "pip-no-cache-dir");
    assert_eq!(g[1]["status"], "unmet");
    assert_eq!(g[1]["count"], 1);
    assert_eq!(g[2]["status"], "unmet");
    assert_eq!(g[2]["user"], "root");
}

#[test]
fn malformed_goals_are_reported_with_positions_and_fail_with_goals() {
    let text = "# goal: size < 150 MX\n# goal: no finding pip-no-cache\nFROM python:3.12-slim\n# goal: no errors\n";
    let root = project("bad", &[("Dockerfile", text)]);
    let out = run(&["check", "--color", "never", "Dockerfile"], &root);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("Dockerfile:1:20: goal error: unknown size unit `MX`"),
        "{s}"
    );
    assert!(s.contains("Dockerfile:2:20: goal error: unknown rule id `pip-no-cache` (did you mean `pip-no-cache-dir`?)"), "{s}");
    assert!(
        s.contains("Dockerfile:4:1: goal error: goals must be in the comments at the top"),
        "{s}"
    );
    let out = run(&["check", "--format", "json", "Dockerfile"], &root);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = v["goal_errors"].as_array().unwrap();
    assert_eq!(e.len(), 3);
    assert_eq!(e[1]["error"], "unknown-rule");
    assert_eq!(e[1]["suggestion"], "pip-no-cache-dir");
    assert_eq!(
        run(&["check", "--goals", "Dockerfile"], &root)
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn a_goals_file_adds_goals() {
    let root = project(
        "file",
        &[
            (
                "Dockerfile",
                "FROM python:3.12-slim AS build\nFROM python:3.12-slim\n",
            ),
            (
                "goals.txt",
                "# for the class\nstages >= 2\nbase = python:3.12-slim\nlayers > 1\n",
            ),
        ],
    );
    let out = run(
        &[
            "check",
            "--color",
            "never",
            "--goals-file",
            "goals.txt",
            "Dockerfile",
        ],
        &root,
    );
    let s = String::from_utf8_lossy(&out.stdout);
    // The first stage is not built for the target: one stage counts.
    assert!(s.contains("[ ] stages >= 2  (1 stage built)"), "{s}");
    assert!(s.contains("[x] base = python:3.12-slim"), "{s}");
    assert!(s.contains("[ ] layers > 1  (0 layers added)"), "{s}");
    let bad = run(
        &["check", "--goals-file", "missing.txt", "Dockerfile"],
        &root,
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("missing.txt"));
}

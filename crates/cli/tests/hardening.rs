//! A hostile checkout (issue 11, payloads 23–27 of
//! shared/reference/robustness-payloads.md): links out of the tree, terminal
//! escapes, stray configuration files, odd context names, huge files and
//! named pipes. Each answer comes quickly, reads nothing outside and shows
//! nothing raw.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

mod common;
use common::text;

/// A secret in the environment of every run: it must never be printed.
const SECRET: &str = "LAYERLAB_TEST_SECRET";
const SECRET_VALUE: &str = "hunter2-do-not-print";
/// An info (from-as-casing) made an error by the check directive.
const CASING_ERROR: &str = "# check=error=true\nFROM python:3.12-slim as base\nRUN echo hi\n";
const IGNORE_CASING: &str = "[rules]\nignore = [\"from-as-casing\"]\n";

/// A fresh directory with a `.git` (so that no `.layerlab.toml` above it is found).
fn project(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hardening-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join(".git")).unwrap();
    root
}

fn write(root: &Path, rel: &str, content: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

/// `layerlab args…` in `cwd` with the secret and a home outside the tests,
/// within 20 s.
fn run(args: &[&str], cwd: &Path) -> Output {
    common::run_timed(
        args,
        cwd,
        &[(SECRET, SECRET_VALUE), ("HOME", "/nonexistent-home")],
        Duration::from_secs(20),
    )
}

fn all_output(out: &Output) -> String {
    text(&out.stdout) + &text(&out.stderr)
}

/// `s` without colour codes (`ESC [ digits and ; m`).
fn without_colours(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\x1b[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let n = after
            .find(|c: char| !c.is_ascii_digit() && c != ';')
            .unwrap_or(after.len());
        if after[n..].starts_with('m') {
            rest = &after[n + 1..];
        } else {
            out.push('\x1b');
            rest = &rest[i + 1..];
        }
    }
    out + rest
}

/// Neither stream holds a raw ESC (but in colour codes), BEL, CR or U+202E.
fn assert_no_raw_controls(out: &Output) {
    let all = without_colours(&all_output(out));
    for c in ['\x1b', '\x07', '\r', '\u{202E}'] {
        assert!(!all.contains(c), "raw {c:?} in:\n{all}");
    }
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

#[test]
fn payload_23_a_link_to_proc_self_environ_is_not_read() {
    let root = project("p23");
    std::fs::create_dir_all(root.join("r")).unwrap();
    symlink("/proc/self/environ", root.join("r/Dockerfile")).unwrap();
    for args in [
        &["check", "--format", "sarif", "r"][..],
        &["check", "--format", "sarif", "r/Dockerfile"],
        &["check", "r/Dockerfile"],
        &["parse", "r/Dockerfile"],
        &["tree", "r/Dockerfile"],
        &["compare", "r/Dockerfile", "r/Dockerfile"],
    ] {
        let out = run(args, &root);
        let all = all_output(&out);
        assert!(
            !all.contains(SECRET_VALUE),
            "{args:?} printed the environment"
        );
        assert_eq!(out.status.code(), Some(2), "{args:?}: {all}");
        assert!(
            text(&out.stderr).contains("r/Dockerfile: a symbolic link to /proc/"),
            "{args:?}: {all}"
        );
    }
}

#[test]
fn links_that_stay_inside_are_followed() {
    let root = project("links-inside");
    write(&root, "r/docker/app.txt", CASING_ERROR);
    symlink("docker/app.txt", root.join("r/Dockerfile")).unwrap();
    // Out of its own directory but inside the directory argument.
    std::fs::create_dir_all(root.join("r/sub")).unwrap();
    symlink("../docker/app.txt", root.join("r/sub/Dockerfile")).unwrap();
    let out = run(&["check", "r"], &root);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
    assert!(stdout.contains("r/Dockerfile: 1 error(s)"), "{stdout}");
    assert!(stdout.contains("r/sub/Dockerfile: 1 error(s)"), "{stdout}");
    // Named directly, from the project: inside the working directory.
    let out = run(&["check", "r/sub/Dockerfile"], &root);
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
}

#[test]
fn a_configuration_link_out_of_its_directory_is_ignored() {
    let root = project("config-link");
    write(&root, "outside.toml", IGNORE_CASING);
    write(&root, "p/Dockerfile", CASING_ERROR);
    symlink("../outside.toml", root.join("p/.layerlab.toml")).unwrap();
    let out = run(&["check", "p/Dockerfile"], &root);
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
    assert!(
        text(&out.stderr).contains("note: ignored ")
            && text(&out.stderr).contains("a symbolic link to"),
        "{}",
        text(&out.stderr)
    );
    // --config naming a link to the environment: an error, and no secret.
    std::fs::create_dir_all(root.join("q")).unwrap();
    symlink("/proc/self/environ", root.join("q/env.toml")).unwrap();
    let out = run(&["check", "--config", "q/env.toml", "p/Dockerfile"], &root);
    assert!(!all_output(&out).contains(SECRET_VALUE));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("symbolic link"));
}

/// The file of payload 24, with a bidi override on its second line.
const ESCAPES: &str = "FROM alpine\x1b]0;pwned\x07\x1b[2K\r# all clean\nRUN echo \u{202E}olleh\n";

#[test]
fn payload_24_control_characters_are_escaped_in_human_output() {
    let root = project("p24");
    write(&root, "d/Dockerfile", ESCAPES);
    write(&root, "d/Dockerfile.\x1b[31mred", ESCAPES);
    for color in ["never", "always"] {
        let out = run(&["check", "--color", color, "d"], &root);
        assert_no_raw_controls(&out);
        let stdout = text(&out.stdout);
        assert!(stdout.contains("FROM alpine\\x1b]0;pwned\\x07\\x1b[2K\\r# all clean"));
        assert!(stdout.contains("RUN echo \\u{202e}olleh"), "{stdout}");
        assert!(stdout.contains("d/Dockerfile.\\x1b[31mred:"), "{stdout}");
    }
    for args in [
        &["tree", "d/Dockerfile"][..],
        &["compare", "d/Dockerfile", "d/Dockerfile.\x1b[31mred"],
        &["check", "d/nothing\x1b[2Khere"],
    ] {
        assert_no_raw_controls(&run(args, &root));
    }
}

#[test]
fn json_and_sarif_escape_control_characters() {
    let root = project("p24-json");
    write(&root, "Dockerfile", ESCAPES);
    for format in ["json", "sarif"] {
        let out = run(&["check", "--format", format, "Dockerfile"], &root);
        let stdout = text(&out.stdout);
        for c in ['\x1b', '\x07', '\r'] {
            assert!(!stdout.contains(c), "{format}: raw {c:?}");
        }
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert!(v.to_string().contains("\\u001b]0;pwned"), "{format}");
    }
}

#[test]
fn payload_25_a_configuration_above_home_is_not_read() {
    let root = project("p25-home");
    // No .git anywhere below `root`: only home stops the search.
    std::fs::remove_dir_all(root.join(".git")).unwrap();
    write(&root, ".layerlab.toml", IGNORE_CASING);
    write(&root, "home/x/Dockerfile", CASING_ERROR);
    let home = root.join("home");
    let check_from_home = || {
        common::run_timed(
            &["check", "x/Dockerfile"],
            &home,
            &[("HOME", home.to_str().unwrap())],
            Duration::from_secs(20),
        )
    };
    let out = check_from_home();
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
    // A file in home itself applies.
    write(&home, ".layerlab.toml", IGNORE_CASING);
    let out = check_from_home();
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
}

/// Payload 25 as written: `/tmp/.layerlab.toml` and `/tmp/x/Dockerfile`, in
/// a private mount namespace over an empty /tmp (skipped where user
/// namespaces are not allowed).
#[test]
fn payload_25_tmp_layerlab_toml_does_not_silence_findings() {
    // The binary is opened before the empty /tmp hides it (a checkout
    // under /tmp), and run through its descriptor.
    let script = "exec 3<\"$0\" && mount -t tmpfs tmpfs /tmp && mkdir /tmp/x \
        && printf 'threshold = \"error\"\\n' > /tmp/.layerlab.toml \
        && printf 'FROM python:3.12-slim\\nRUN pip install flask\\n' > /tmp/x/Dockerfile \
        && echo READY >&2 && cd /tmp/x && exec /proc/self/fd/3 check /tmp/x/Dockerfile";
    let out = Command::new("unshare")
        .args(["-rm", "sh", "-c", script, env!("CARGO_BIN_EXE_layerlab")])
        .env("HOME", "/nonexistent-home")
        .output();
    let out = match out {
        Ok(o) if text(&o.stderr).contains("READY") => o,
        _ => {
            eprintln!("skipped: no private mount namespace here");
            return;
        }
    };
    let stdout = text(&out.stdout);
    assert!(stdout.contains("warning[pip-no-cache-dir]"), "{stdout}");
    assert!(!stdout.contains("below the threshold"), "{stdout}");
}

#[test]
fn payload_25_a_configuration_owned_by_another_user_is_not_read() {
    let root = project("p25-owner");
    write(&root, "Dockerfile", CASING_ERROR);
    write(&root, ".layerlab.toml", IGNORE_CASING);
    // Only root can give a file away.
    if std::os::unix::fs::chown(root.join(".layerlab.toml"), Some(54321), None).is_err() {
        eprintln!("skipped: cannot chown as this user");
        return;
    }
    let out = run(&["check", "Dockerfile"], &root);
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
    assert!(
        text(&out.stderr).contains("owned by uid 54321"),
        "{}",
        text(&out.stderr)
    );
    // --config names it: read.
    let out = run(
        &["check", "--config", ".layerlab.toml", "Dockerfile"],
        &root,
    );
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
}

#[test]
fn payload_26_context_names_with_controls_and_backslashes() {
    let root = project("p26");
    write(&root, "Dockerfile", "FROM alpine:3.20\nCOPY . /app\n");
    write(&root, "outside.txt", "flask\n");
    write(&root, "ctx/evil\x1b]0;x\x07.txt", "x");
    write(&root, "ctx/..\\..\\escape.txt", "x");
    symlink("../outside.txt", root.join("ctx/requirements.txt")).unwrap();
    let args = ["tree", "--context", "ctx", "Dockerfile"];
    let out = run(&args, &root);
    assert_no_raw_controls(&out);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("/app/evil\\x1b]0;x\\x07.txt"), "{stdout}");
    assert!(stdout.contains("/app/..\\..\\escape.txt"), "{stdout}");
    assert!(!stdout.contains(" /escape.txt"), "{stdout}");
    assert!(!stdout.contains("requirements.txt"), "{stdout}");
    assert!(
        text(&out.stderr).contains("1 symbolic link(s) in context ctx lead out of it"),
        "{}",
        text(&out.stderr)
    );
}

/// A sparse file of 2 GiB.
fn huge(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let f = std::fs::File::create(path).unwrap();
    f.set_len(2 << 30).unwrap();
}

#[test]
fn payload_27_a_huge_file_is_a_clear_error() {
    let root = project("p27-huge");
    huge(&root.join("Dockerfile"));
    let out = run(&["check", "Dockerfile"], &root);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("cannot read Dockerfile: it is 2.1 GB (2147483648 bytes); the limit is"),
        "{err}"
    );
    // Found in a directory, and as a configuration: the same.
    huge(&root.join(".layerlab.toml"));
    write(&root, "small/Dockerfile", CASING_ERROR);
    let out = run(&["check", "."], &root);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("the limit is"));
}

#[test]
fn payload_27_a_named_pipe_or_a_device_is_a_clear_error() {
    let root = project("p27-fifo");
    mkfifo(&root.join("Dockerfile"));
    let out = run(&["check", "Dockerfile"], &root);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot read Dockerfile: a named pipe, not a regular file"),
        "{}",
        text(&out.stderr)
    );
    // Found in a directory: skipped with a note.
    let out = run(&["check", "."], &root);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("note: skipped ./Dockerfile: not a regular file"));
    // A device never ends: no out-of-memory, an error.
    let out = run(&["parse", "/dev/zero"], &root);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("a device, not a regular file"));
    // A goals file and a configuration that are pipes.
    write(&root, "ok/Dockerfile", CASING_ERROR);
    mkfifo(&root.join("goals"));
    let out = run(&["check", "--goals-file", "goals", "ok/Dockerfile"], &root);
    assert_eq!(out.status.code(), Some(2));
    mkfifo(&root.join("ok/.layerlab.toml"));
    let out = run(&["check", "ok/Dockerfile"], &root);
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
    assert!(text(&out.stderr).contains("not a regular file"));
    // A pipe in a build context is left out, never opened.
    std::fs::create_dir_all(root.join("ctx")).unwrap();
    mkfifo(&root.join("ctx/requirements.txt"));
    let out = run(&["check", "--context", "ctx", "ok/Dockerfile"], &root);
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
}

#[test]
fn standard_input_has_the_same_limit() {
    let big = "# padding\n".repeat(110_000);
    let out = common::run_in(&["check", "-"], None, Some(&big));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("standard input: it is larger than the limit of"),
        "{}",
        text(&out.stderr)
    );
}

//! `layerlab fmt` and `layerlab completions`, run as a user would run them.

mod common;
use common::{layerlab, run_in, text};
use std::path::{Path, PathBuf};

const UNFORMATTED: &str =
    "from alpine:3.20\nrun   apk add --no-cache curl  \ncmd [\"curl\",\"--version\"]";
const FORMATTED: &str =
    "FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD [\"curl\", \"--version\"]\n";

/// A fresh directory under the target directory (removed first).
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn check_reports_diff_shows_and_plain_fmt_writes() {
    let dir = scratch("fmt-writes");
    std::fs::write(dir.join("Dockerfile"), UNFORMATTED).unwrap();
    std::fs::create_dir(dir.join("svc")).unwrap();
    std::fs::write(dir.join("svc/Containerfile"), FORMATTED).unwrap();

    let out = run_in(&["fmt", "--check", "."], Some(&dir), None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "./Dockerfile: not formatted: keyword case (lines 1, 2, 3), space after keyword (line 2), \
         exec-form spacing (line 3), trailing whitespace (line 2), final newline (line 3)\n"
    );
    assert!(text(&out.stderr).contains("1 file(s) would be reformatted, 1 already formatted"));

    let out = run_in(&["fmt", "--diff", "Dockerfile"], Some(&dir), None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,3 @@\n\
         -from alpine:3.20\n-run   apk add --no-cache curl  \n-cmd [\"curl\",\"--version\"]\n\
         \\ No newline at end of file\n\
         +FROM alpine:3.20\n+RUN apk add --no-cache curl\n+CMD [\"curl\", \"--version\"]\n"
    );
    // Neither --check nor --diff wrote anything.
    assert_eq!(
        std::fs::read_to_string(dir.join("Dockerfile")).unwrap(),
        UNFORMATTED
    );

    let out = run_in(&["fmt", "."], Some(&dir), None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(dir.join("Dockerfile")).unwrap(),
        FORMATTED
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("svc/Containerfile")).unwrap(),
        FORMATTED
    );

    let out = run_in(&["fmt", "--check", "."], Some(&dir), None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn the_diff_applies_with_patch() {
    if std::process::Command::new("patch")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("patch is not installed: skipped");
        return;
    }
    let dir = scratch("fmt-patch");
    let src = "FROM a\n# 1\n# 2\n# 3\n# 4\n# 5\n# 6\n# 7\nenv A=1 \\\n  B=2\n# 8\r\nrun x\t\n";
    std::fs::write(dir.join("Dockerfile"), src).unwrap();
    let out = run_in(&["fmt", "--diff", "Dockerfile"], Some(&dir), None);
    assert_eq!(out.status.code(), Some(1));
    std::fs::write(dir.join("fix.patch"), &out.stdout).unwrap();
    let status = std::process::Command::new("patch")
        .args(["-p1", "-s", "-i", "fix.patch"])
        .current_dir(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    let patched = std::fs::read_to_string(dir.join("Dockerfile")).unwrap();
    let stdin = layerlab(&["fmt", "-"], Some(src));
    assert_eq!(patched, text(&stdin.stdout));
    assert_eq!(
        patched,
        "FROM a\n# 1\n# 2\n# 3\n# 4\n# 5\n# 6\n# 7\nENV A=1 \\\n    B=2\n# 8\r\nRUN x\n"
    );
}

#[test]
fn files_buildkit_rejects_are_left_unchanged_with_a_position() {
    let dir = scratch("fmt-rejected");
    let bad = "from a\nRUN <<EOF\necho\n";
    std::fs::write(dir.join("Dockerfile"), bad).unwrap();
    let out = run_in(&["fmt", "Dockerfile"], Some(&dir), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with(
            "Dockerfile:2:5: error[unterminated-heredoc]: unterminated heredoc: no line holding only `EOF` ends it; \
             BuildKit cannot parse this file, left unchanged\n"
        ),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("Dockerfile")).unwrap(),
        bad
    );

    // Not UTF-8: refused rather than rewritten with replacement characters.
    std::fs::write(dir.join("Dockerfile"), b"from a\nRUN echo \xff\n").unwrap();
    let out = run_in(&["fmt", "Dockerfile"], Some(&dir), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("Dockerfile:2:10: error: invalid UTF-8; left unchanged"));
    assert_eq!(
        std::fs::read(dir.join("Dockerfile")).unwrap(),
        b"from a\nRUN echo \xff\n"
    );
}

#[test]
fn standard_input_is_a_filter() {
    let out = layerlab(&["fmt", "-"], Some(UNFORMATTED));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), FORMATTED);
    assert_eq!(text(&out.stderr), "");
    let out = layerlab(&["fmt", "--check", "-"], Some(FORMATTED));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "");
    // Unparseable input passes through unchanged, with the error.
    let out = layerlab(&["fmt", "-"], Some("RUN <<EOF\n"));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "RUN <<EOF\n");
    assert!(text(&out.stderr).starts_with("<stdin>:1:5: error[unterminated-heredoc]"));
}

#[test]
fn completions_are_generated_from_the_argument_parser() {
    let out = layerlab(&["completions", "bash"], None);
    assert_eq!(out.status.code(), Some(0));
    let script = text(&out.stdout);
    for sub in [
        "check",
        "fmt",
        "completions",
        "--severity-threshold",
        "--diff",
    ] {
        assert!(script.contains(sub), "bash script lacks {sub}");
    }
    for shell in ["zsh", "fish"] {
        let out = layerlab(&["completions", shell], None);
        assert_eq!(out.status.code(), Some(0));
        assert!(text(&out.stdout).contains("severity-threshold"), "{shell}");
    }
    let out = layerlab(&["completions", "tcsh"], None);
    assert_eq!(out.status.code(), Some(2));

    // Source it in bash and ask for completions as bash's own machinery does.
    let Ok(bash) = std::process::Command::new("bash").arg("--version").output() else {
        eprintln!("bash is not installed: skipped the sourcing part");
        return;
    };
    assert!(bash.status.success());
    let dir = scratch("completions");
    std::fs::write(dir.join("layerlab.bash"), &script).unwrap();
    let probe = r#"
        source ./layerlab.bash
        complete -p layerlab
        COMP_WORDS=(layerlab f); COMP_CWORD=1; COMP_LINE="layerlab f"; COMP_POINT=${#COMP_LINE}
        _layerlab layerlab f layerlab
        echo "sub: ${COMPREPLY[*]}"
        COMP_WORDS=(layerlab fmt --c); COMP_CWORD=2; COMP_LINE="layerlab fmt --c"; COMP_POINT=${#COMP_LINE}
        _layerlab layerlab --c fmt
        echo "flag: ${COMPREPLY[*]}"
        COMP_WORDS=(layerlab check --severity-threshold ""); COMP_CWORD=3
        _layerlab layerlab "" --severity-threshold
        echo "value: ${COMPREPLY[*]}"
    "#;
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", probe])
        .current_dir(&dir)
        .output()
        .unwrap();
    let got = text(&out.stdout);
    assert!(out.status.success(), "{got}{}", text(&out.stderr));
    assert!(
        got.starts_with("complete ") && got.contains(" -F _layerlab layerlab\n"),
        "{got}"
    );
    assert!(got.contains("sub: fmt\n"), "{got}");
    assert!(got.contains("flag: --check\n"), "{got}");
    assert!(got.contains("value: error warning info"), "{got}");
}

/// fish and zsh, where installed (not by scripts/setup): fish answers
/// `complete -C` from the script; zsh's compinit registers it.
#[test]
fn completions_load_in_fish_and_zsh_when_installed() {
    let dir = scratch("completions-other");
    let has = |shell: &str| {
        std::process::Command::new(shell)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if has("fish") {
        let out = layerlab(&["completions", "fish"], None);
        std::fs::write(dir.join("layerlab.fish"), &out.stdout).unwrap();
        let out = std::process::Command::new("fish")
            .args([
                "--no-config",
                "-c",
                "source layerlab.fish; complete -C 'layerlab fmt --'; complete -C 'layerlab check --severity-threshold '",
            ])
            .current_dir(&dir)
            .output()
            .unwrap();
        let got = text(&out.stdout);
        assert!(
            got.contains("--check\t") && got.contains("--diff\t"),
            "{got}"
        );
        assert!(got.contains("error\ninfo\nwarning\n"), "{got}");
    } else {
        eprintln!("fish is not installed: skipped");
    }
    if has("zsh") {
        let out = layerlab(&["completions", "zsh"], None);
        std::fs::create_dir_all(dir.join("fn")).unwrap();
        std::fs::write(dir.join("fn/_layerlab"), &out.stdout).unwrap();
        let out = std::process::Command::new("zsh")
            .args([
                "-f",
                "-c",
                "fpath=(fn $fpath); autoload -U compinit && compinit -u -d zcompdump; print -r -- $_comps[layerlab]; autoload +X _layerlab && whence -w _layerlab",
            ])
            .current_dir(&dir)
            .output()
            .unwrap();
        let got = text(&out.stdout);
        assert_eq!(
            got,
            "_layerlab\n_layerlab: function\n",
            "{}",
            text(&out.stderr)
        );
    } else {
        eprintln!("zsh is not installed: skipped");
    }
}

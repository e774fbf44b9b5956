//! The dialect rules read RUN scripts with the shell that runs them:
//! `sh-bashism` (bash syntax under dash or BusyBox ash, per
//! docs/shell-dialects.md), `shell-syntax-error` (what every shell
//! rejects), and `shell-pipefail`'s help (which way to get pipefail in that
//! shell).

mod common;

use common::*;
use layerlab_syntax::Severity;

/// `(line, code, severity)` of the rule's findings.
fn hits(text: &str, rule: &str) -> Vec<(u32, String, Severity)> {
    run(text, None)
        .report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.line, f.code.clone().unwrap_or_default(), f.severity))
        .collect()
}

fn bashisms(text: &str) -> Vec<(u32, String, Severity)> {
    hits(text, "sh-bashism")
}

/// The codes and severities `script` gets as the only RUN of `from`.
fn one(from: &str, script: &str) -> Vec<(String, Severity)> {
    bashisms(&format!("FROM {from}\nRUN {script}\n"))
        .into_iter()
        .map(|(_, c, s)| (c, s))
        .collect()
}

fn e(code: &str) -> (String, Severity) {
    (code.to_string(), Severity::Error)
}

fn w(code: &str) -> (String, Severity) {
    (code.to_string(), Severity::Warning)
}

const DASH: &str = "python:3.12-slim";
const ASH: &str = "alpine:3.20";

#[test]
fn dash_constructs() {
    let cases: &[(&str, Vec<(String, Severity)>)] = &[
        ("[[ -f x ]] && echo y", vec![e("SC3010")]),
        ("if [[ -f x ]]; then echo y; fi", vec![w("SC3010")]),
        ("[[ -f x ]] && echo y; echo done", vec![w("SC3010")]),
        ("[ \"$a\" == b ] && echo y; true", vec![w("SC3014")]),
        ("test a == b", vec![e("SC3014")]),
        ("source ./env.sh && make", vec![e("SC3046")]),
        ("source ./env.sh || true; make", vec![w("SC3046")]),
        ("set -e; source ./env.sh; make", vec![e("SC3046")]),
        ("let x=1; echo", vec![w("SC3039")]),
        ("pushd /tmp && make && popd", vec![e("SC3044"), e("SC3044")]),
        ("declare -x A=1; echo", vec![w("SC3044")]),
        ("mkdir -p /app/{logs,tmp}", vec![w("SC3009")]),
        ("for i in {1..5}; do echo $i; done", vec![w("SC3009")]),
        ("a=(1 2)", vec![e("SC3030")]),
        ("echo \"${a[0]}\"", vec![e("SC3054")]),
        ("diff <(ls a) <(ls b)", vec![e("SC3001"), e("SC3001")]),
        ("make &> log", vec![w("SC3020")]),
        ("make &>> log", vec![w("SC3020")]),
        ("echo \"${v:0:2}\"", vec![e("SC3057")]),
        ("echo \"${v//a/b}\"", vec![e("SC3060")]),
        ("echo \"${v^^}\"", vec![e("SC3059")]),
        ("echo \"${!v}\"", vec![e("SC3053")]),
        ("echo $'a\\tb'", vec![w("SC3003")]),
        ("echo -e 'a\\tb'", vec![w("SC3037")]),
        ("echo -ne 'a'", vec![w("SC3037")]),
        ("function f { echo; }", vec![e("SC2113")]),
        ("function f() { echo; }", vec![e("SC2112")]),
        ("cat <<< x", vec![e("SC3011")]),
        ("ls |& cat", vec![e("SC3029")]),
        ("(( x = 1 ))", vec![w("SC3006")]),
        ("for ((i=0;i<3;i++)); do echo; done", vec![e("SC3005")]),
        // What dash has.
        (
            "echo -n x; f() { local y=1; }; . ./env.sh; [ a = b ]",
            vec![],
        ),
        ("echo $((1 + 2)) \"${v:-x}\" \"${v#a}\" \"${#v}\"", vec![]),
        (
            "find . -exec ls {} + ; echo '{a,b}' \"{a,b}\" {a} {}",
            vec![],
        ),
        // Programs, not builtins.
        ("/bin/echo -e x; /usr/bin/test a == b", vec![]),
        // Words bash does not brace-expand either.
        ("a={x,y}; case $a in {x,y}) ;; esac", vec![]),
        // Python 3.12-slim is Debian 13: its dash has pipefail.
        ("set -euo pipefail; curl x | sh", vec![]),
    ];
    for (script, want) in cases {
        assert_eq!(&one(DASH, script), want, "{script}");
    }
}

#[test]
fn ash_constructs() {
    let cases: &[(&str, Vec<(String, Severity)>)] = &[
        // BusyBox ash has these.
        ("[[ -f x ]] && [ a == b ] && source ./x && let y=1", vec![]),
        (
            "echo -e x $'a' \"${v:0:1}\" \"${v//a/b}\" && make &> log",
            vec![],
        ),
        (
            "function f { echo; }; diff <(ls) b; set -o pipefail",
            vec![],
        ),
        // And not these.
        ("mkdir -p /srv/{a,b}", vec![w("SC3009")]),
        ("a=(1 2)", vec![e("SC3030")]),
        ("make &>> log", vec![e("SC3020")]),
        ("cat <<< x", vec![e("SC3011")]),
        ("echo \"${v^^}\"", vec![e("SC3059")]),
        ("pushd /tmp; echo", vec![w("SC3044")]),
    ];
    for (script, want) in cases {
        assert_eq!(&one(ASH, script), want, "{script}");
    }
}

#[test]
fn silent_where_bash_runs_it_or_the_shell_is_unknown() {
    let script = "mkdir -p /app/{a,b} && [[ -d /app ]] && a=(1) && echo -e \"${a[0]}\"";
    let silent = [
        format!("FROM {DASH}\nSHELL [\"/bin/bash\", \"-c\"]\nRUN {script}\n"),
        format!("FROM {DASH} AS b\nSHELL [\"/bin/bash\", \"-c\"]\nFROM b\nRUN {script}\n"),
        format!("FROM eclipse-temurin:21-ubi9-minimal\nRUN {script}\n"),
        format!("FROM mysql:8.4\nRUN {script}\n"),
        format!("FROM registry.example.com/base:1\nRUN {script}\n"),
        format!("FROM centos:7\nRUN {script}\n"),
        format!(
            "FROM {DASH}\nRUN [\"bash\", \"-c\", \"{}\"]\n",
            script.replace('"', "\\\"")
        ),
        format!("FROM {DASH}\nRUN <<EOF\n#!/bin/bash\n{script}\nEOF\n"),
        format!("FROM {DASH}\nRUN bash -c '{}'\n", script.replace('\'', "")),
        // Here-documents are data.
        format!("FROM {DASH}\nRUN cat > /start.sh <<'EOF'\n{script}\nEOF\n"),
        format!("FROM {DASH}\nRUN cat > /start.sh <<EOF\n{script}\nEOF\n"),
        format!("FROM {DASH}\nRUN python3 <<EOF\nprint({{1, 2}})\nEOF\n"),
    ];
    for text in &silent {
        assert_eq!(bashisms(text), vec![], "{text}");
    }
    // A heredoc script without #! runs with /bin/sh.
    let text = format!("FROM {DASH}\nRUN <<EOF\n{script}\nEOF\n");
    assert_eq!(bashisms(&text).len(), 5, "{text}");
    // `sh` named by SHELL is the image's.
    let text = format!("FROM {DASH}\nSHELL [\"/bin/sh\", \"-ec\"]\nRUN {script}\n");
    assert_eq!(bashisms(&text).len(), 5, "{text}");
}

#[test]
fn pipefail_depends_on_the_dash_release() {
    let script = "set -o pipefail && curl -fsSL x | sh";
    assert_eq!(one("debian:bookworm-slim", script), vec![e("SC3040")]);
    assert_eq!(one("ubuntu:24.04", script), vec![e("SC3040")]);
    assert_eq!(one("debian:trixie-slim", script), vec![]);
    assert_eq!(one(ASH, script), vec![]);
    let f = run(&format!("FROM debian:bookworm-slim\nRUN {script}\n"), None);
    let f = f
        .report
        .findings
        .iter()
        .find(|f| f.rule == "sh-bashism")
        .unwrap();
    assert!(
        f.message.contains("debian:bookworm-slim is dash"),
        "{}",
        f.message
    );
    assert!(f.help.contains("\"-o\", \"pipefail\""), "{}", f.help);
}

#[test]
fn messages_name_the_shell_and_the_literal_path() {
    let a = run(
        &format!("FROM {DASH}\nRUN mkdir -p /app/{{logs,tmp}}\n"),
        None,
    );
    let f = a
        .report
        .findings
        .iter()
        .find(|f| f.rule == "sh-bashism")
        .unwrap();
    assert!(
        f.message
            .contains("/bin/sh in python:3.12-slim is dash: dash does not expand it"),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("one directory named `/app/{logs,tmp}`"),
        "{}",
        f.message
    );
    assert_eq!((f.line, f.column, f.end_column), (2, 19, 29));
    let fix = f.fix.as_ref().unwrap();
    let text = format!("FROM {DASH}\nRUN mkdir -p /app/{{logs,tmp}}\n");
    assert_eq!(
        fix.apply(&text),
        format!("FROM {DASH}\nRUN mkdir -p /app/logs /app/tmp\n")
    );
    // On Alpine the help does not pretend bash is there.
    let a = run(
        &format!("FROM {ASH}\nRUN mkdir -p /app/{{logs,tmp}}\n"),
        None,
    );
    let f = a
        .report
        .findings
        .iter()
        .find(|f| f.rule == "sh-bashism")
        .unwrap();
    assert!(f.message.contains("BusyBox ash"), "{}", f.message);
    assert!(f.help.contains("apk add --no-cache bash"), "{}", f.help);
}

#[test]
fn fixes_are_exact_rewrites() {
    let cases = [
        ("[ a == b ] && echo", "[ a = b ] && echo"),
        (
            "source /opt/venv/bin/activate && pip",
            ". /opt/venv/bin/activate && pip",
        ),
        ("echo -e 'a\\tb'", "echo 'a\\tb'"),
        ("echo -ne 'a'", "echo -n 'a'"),
        ("function f { echo; }", "f() { echo; }"),
        ("function f() { echo; }", "f() { echo; }"),
        ("make &> log && echo", "make > log 2>&1 && echo"),
        ("make &>> log && echo", "make >> log 2>&1 && echo"),
        ("ls |& cat", "ls 2>&1 | cat"),
        ("cp a.conf{,.bak}", "cp a.conf a.conf.bak"),
    ];
    for (script, fixed) in cases {
        let text = format!("FROM {DASH}\nRUN {script}\n");
        let a = run(&text, None);
        let f = a
            .report
            .findings
            .iter()
            .find(|f| f.rule == "sh-bashism")
            .unwrap_or_else(|| panic!("{script}"));
        let fix = f.fix.as_ref().unwrap_or_else(|| panic!("no fix: {script}"));
        assert_eq!(fix.apply(&text), format!("FROM {DASH}\nRUN {fixed}\n"));
        assert!(bashisms(&fix.apply(&text)).is_empty(), "{script}");
    }
    // No fix where `.` would differ: a name without `/` is looked up in PATH.
    let a = run(&format!("FROM {DASH}\nRUN source env.sh\n"), None);
    let f = a
        .report
        .findings
        .iter()
        .find(|f| f.rule == "sh-bashism")
        .unwrap();
    assert!(f.fix.is_none());
}

#[test]
fn ignore_by_shellcheck_code_hides_only_that_construct() {
    let text = format!(
        "FROM {DASH}\n# hadolint ignore=SC3009\nRUN mkdir -p /app/{{a,b}} && [[ -d /app ]]\n"
    );
    let codes: Vec<String> = bashisms(&text).into_iter().map(|(_, c, _)| c).collect();
    assert_eq!(codes, vec!["SC3010"]);
    let text = format!(
        "FROM {DASH}\n# hadolint ignore=SC3009,SC3010\nRUN mkdir -p /app/{{a,b}} && [[ -d /app ]]\n"
    );
    assert!(bashisms(&text).is_empty());
    let text = format!("FROM {DASH}\n# layerlab ignore=sh-bashism\nRUN mkdir -p /app/{{a,b}}\n");
    assert!(bashisms(&text).is_empty());
    let text = "FROM debian:bookworm-slim\n# hadolint ignore=SC1073\nRUN echo 'it's\n";
    assert!(hits(text, "shell-syntax-error").is_empty());
}

#[test]
fn syntax_errors_every_shell_rejects() {
    let bad = [
        ("echo 'it's there'", "SC1073"),
        ("echo \"abc", "SC1073"),
        ("echo `date", "SC1073"),
        ("echo $(date", "SC1073"),
        ("echo ${HOME", "SC1073"),
        ("echo $((1 + 2)", "SC1073"),
        ("echo a; fi", "SC1089"),
        ("echo a; done", "SC1089"),
        ("echo a; then", "SC1089"),
        ("echo a )", "SC1089"),
        ("&& echo a", "SC1070"),
        ("echo a (b)", "SC1088"),
        ("if true; then echo a", "SC1046"),
        ("if true; echo a; fi", "SC1049"),
        ("for f in a b; echo $f; done", "SC1058"),
        ("while true; do echo a", "SC1061"),
        ("{ echo a; echo b } > f", "SC1056"),
        ("case a in a) echo;;", "SC1072"),
        ("apt-get update &&", "SC1072"),
        ("echo >", "SC1072"),
        ("f()", "SC1064"),
    ];
    for (script, code) in bad {
        for from in ["debian:bookworm-slim", ASH, "registry.example.com/x:1"] {
            let text = format!("FROM {from}\nRUN {script}\n");
            let got = hits(&text, "shell-syntax-error");
            assert_eq!(got, vec![(2, code.to_string(), Severity::Error)], "{text}");
        }
    }
    // One finding per script: where the shell stops.
    let got = hits(
        "FROM debian:bookworm-slim\nRUN case a a) echo;; esac; fi\n",
        "shell-syntax-error",
    );
    assert_eq!(got.len(), 1);
}

#[test]
fn syntax_errors_left_out() {
    let fine = [
        // One of the shells accepts it.
        "FROM debian:bookworm-slim\nRUN cat > /x <<EOF\nno terminator\n",
        "FROM debian:bookworm-slim\nRUN [[ -f /x\n",
        "FROM debian:bookworm-slim\nRUN !\n",
        "FROM debian:bookworm-slim\nRUN function f\n",
        // Here-document bodies are data, a #! heredoc another language.
        "FROM debian:bookworm-slim\nRUN cat > /a.py <<'EOF'\nprint(\"it's (\"\nEOF\n",
        "FROM debian:bookworm-slim\nRUN python3 <<EOF\nif x ) fi \"\nEOF\n",
        "FROM debian:bookworm-slim\nRUN <<EOF\n#!/usr/bin/env python3\nprint('a' + (1\nEOF\n",
        // PowerShell and cmd.
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN Write-Host ('a' + (Get-Date))\n",
        "FROM debian:bookworm-slim\nSHELL [\"pwsh\", \"-Command\"]\nRUN Write-Host ('a' + (Get-Date))\n",
    ];
    for text in fine {
        assert_eq!(hits(text, "shell-syntax-error"), vec![], "{text}");
    }
    // Nested deeper than the parser follows: not judged.
    let deep = format!(
        "FROM debian:bookworm-slim\nRUN {}echo{}\n",
        "$(".repeat(100),
        ")".repeat(99)
    );
    assert_eq!(hits(&deep, "shell-syntax-error"), vec![]);
}

#[test]
fn pipefail_help_follows_the_shell() {
    let help = |head: &str| {
        let a = run(
            &format!("{head}RUN curl -fsSL https://example.com/a.tgz | tar -xz\n"),
            None,
        );
        a.report
            .findings
            .iter()
            .find(|f| f.rule == "shell-pipefail")
            .map(|f| f.help.clone())
            .unwrap_or_default()
    };
    let bookworm = help("FROM debian:bookworm-slim\n");
    assert!(bookworm.starts_with("Add SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]"));
    assert!(bookworm.contains("Not `set -o pipefail`"), "{bookworm}");
    let noble = help("FROM ubuntu:24.04\n");
    assert!(noble.contains("Not `set -o pipefail`"), "{noble}");
    let trixie = help("FROM debian:trixie-slim\n");
    assert!(
        trixie.starts_with("Start the script with `set -o pipefail &&`"),
        "{trixie}"
    );
    let alpine = help(&format!("FROM {ASH}\n"));
    assert!(
        alpine.starts_with("Start the script with `set -o pipefail &&`"),
        "{alpine}"
    );
    assert!(!alpine.contains("SHELL"), "{alpine}");
    let bash = help("FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-c\"]\n");
    assert!(
        bash.starts_with("Start the script with `set -o pipefail &&`"),
        "{bash}"
    );
}

//! The ShellCheck-grade rules of the shell layer, case by case: what
//! triggers each one and what must not, ignoring by SC code, and the
//! dialect cases (dash, BusyBox ash, bash via SHELL and via the image).
//! ShellCheck 0.11 agrees on the trigger cases unless a comment says why
//! Layerlab differs.

mod common;

use common::*;
use layerlab_analysis::{analyze_with, Config};

/// (line, column) of every finding of `rule`.
fn hits(rule: &str, text: &str) -> Vec<(u32, u32)> {
    rule_positions(text, rule)
}

/// Each `(script, expected count)` as one RUN on `from`.
fn check_cases(rule: &str, from: &str, cases: &[(&str, usize)]) {
    let mut bad = String::new();
    for (script, want) in cases {
        let text = format!("FROM {from}\nRUN {script}\n");
        let got = hits(rule, &text).len();
        if got != *want {
            bad.push_str(&format!("  {got} finding(s), want {want}: RUN {script}\n"));
        }
    }
    assert!(bad.is_empty(), "{rule} on {from}:\n{bad}");
}

const DEBIAN: &str = "debian:bookworm-slim";

#[test]
fn declare_masks_status_cases() {
    check_cases(
        "declare-masks-status",
        DEBIAN,
        &[
            (r#"export A="$(mktemp -d)""#, 1),
            ("export A=`date`", 1),
            (r#"export A="pre$(x)post""#, 1),
            ("export A=$(x) B=$(y)", 2),
            ("f() { local v=$(x); echo \"$v\"; }; f", 1),
            ("declare -r A=$(x); echo \"$A\"", 1),
            ("typeset A=$(x); echo \"$A\"", 1),
            ("readonly A=$(x)", 1),
            ("echo $(export A=$(x))", 1),
            // A plain assignment keeps the status.
            ("A=$(x); export A", 0),
            ("A=$(x) && export A", 0),
            ("f() { local v; v=$(x); echo \"$v\"; }; f", 0),
            ("export A=plain B=\"$C\"", 0),
            ("export PATH=\"/opt/bin:$PATH\"", 0),
            // Inside a `${…}` operator: ShellCheck does not count it.
            (r#"export CC="${CC:-$(command -v gcc)}""#, 0),
            // An env prefix is not a declaration.
            ("A=$(x) env", 0),
            ("echo export A=$(x)", 0),
        ],
    );
}

#[test]
fn declare_masks_status_fix_keeps_the_chain() {
    let text = "FROM debian:bookworm-slim\nRUN export V=$(git describe) && make\n";
    let a = run(text, None);
    let f = a
        .report
        .findings
        .iter()
        .find(|f| f.rule == "declare-masks-status")
        .unwrap();
    let fixed = f.fix.as_ref().unwrap().apply(text);
    assert_eq!(
        fixed,
        "FROM debian:bookworm-slim\nRUN V=$(git describe) && export V && make\n"
    );
    // `||` or options: no rewrite offered.
    for script in [
        "export V=$(x) || true",
        "export -n V=$(x)",
        "export V=$(x) W=1",
        "export V=$(x) &",
    ] {
        let a = run(&format!("FROM debian:bookworm-slim\nRUN {script}\n"), None);
        let f = a
            .report
            .findings
            .iter()
            .find(|f| f.rule == "declare-masks-status")
            .unwrap();
        assert!(f.fix.is_none(), "{script}");
    }
}

#[test]
fn bang_skips_errexit_cases() {
    check_cases(
        "bang-skips-errexit",
        DEBIAN,
        &[
            ("set -e; ! grep -q a f; echo next", 1),
            ("set -eux; \\\n    ! grep -q a f; \\\n    echo next", 1),
            ("set -o errexit; ! grep -q a f; echo next", 1),
            ("set -e; ! grep a f | wc -l; echo next", 1),
            ("set -e; ! { ldd x | grep 'not found'; }; echo next", 1),
            // The status of an if body's last command is dropped too
            // (measured: dash, ash and bash go on).
            ("set -e; if [ -f f ]; then ! grep a f; fi; echo next", 1),
            (
                "set -e; for f in a b; do ! grep x \"$f\"; done; echo next",
                1,
            ),
            ("set -e; { echo; ! grep a f; }; echo next", 1),
            // ShellCheck misses the case arm (measured: the shells go on).
            ("set -e; case x in x) ! grep a f ;; esac; echo next", 1),
            // Right of `&&`: ignored as well (measured; ShellCheck is silent).
            ("set -e; true && ! grep a f; echo next", 1),
            // A function's last command is its status, which set -e checks.
            ("set -e; f() { ! grep a f; echo in; }; f", 1),
            // Not flagged: conditions, tested statuses, last commands.
            ("set -e; ! grep a f", 0),
            ("set -e; echo; ! grep a f", 0),
            ("set -e; if ! grep a f; then echo; fi; echo next", 0),
            ("set -e; while ! test -f f; do sleep 1; done; echo next", 0),
            ("set -e; until ! test -f f; do sleep 1; done; echo next", 0),
            ("set -e; ! grep a f && echo found; echo next", 0),
            ("set -e; ! grep a f || exit 1; echo next", 0),
            ("set -e; ( ! grep a f ); echo next", 0),
            ("set -e; f() { ! grep a f; }; f; echo next", 0),
            ("set -e; x=$(! grep a f; echo y); echo next", 0),
            ("set -e; ! grep a f & echo next", 0),
            // The if is the last command: its status is the RUN's (measured:
            // exit 1). ShellCheck reports it.
            ("set -e; if [ -f f ]; then ! grep a f; fi", 0),
            // No errexit: every failing line is ignored alike.
            ("! grep a f; echo next", 0),
            ("set -e; set +e; ! grep a f; echo next", 0),
            ("echo; ! grep a f; set -e; echo next", 0),
        ],
    );
}

#[test]
fn bang_skips_errexit_sees_errexit_from_shell() {
    let text = "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-e\", \"-c\"]\nRUN ! grep a f; echo next\n";
    assert_eq!(hits("bang-skips-errexit", text), vec![(3, 5)]);
}

#[test]
fn find_xargs_unsafe_cases() {
    check_cases(
        "find-xargs-unsafe",
        DEBIAN,
        &[
            ("find . -name '*.pyc' | xargs rm -f", 1),
            ("find . -type f | xargs -r chmod 644", 1),
            ("cd /x && find . | xargs -n1 echo", 1),
            ("/usr/bin/find . | /usr/bin/xargs rm", 1),
            ("echo $(find . | xargs ls)", 1),
            // Either side using NUL is enough for ShellCheck.
            ("find . -print0 | xargs -0 rm", 0),
            ("find . -print0 | xargs rm", 0),
            ("find . | xargs -0 rm", 0),
            ("find . | xargs -r0 rm", 0),
            ("find . | xargs --null rm", 0),
            ("find . -printf '%p\\0' | xargs -0 rm", 0),
            ("find . -exec rm {} +", 0),
            // Not adjacent: another filter reads the names.
            ("find . | sort | xargs rm", 0),
            // `-d '\n'` keeps blanks and quotes (ShellCheck still warns).
            ("find . | xargs -d '\\n' rm", 0),
        ],
    );
}

#[test]
fn find_xargs_fix_is_offered_only_without_actions() {
    let text = "FROM debian:bookworm-slim\nRUN find . -name '*.o' 2>/dev/null | xargs rm -f\n";
    let a = run(text, None);
    let f = &a
        .report
        .findings
        .iter()
        .find(|f| f.rule == "find-xargs-unsafe")
        .unwrap();
    assert_eq!(
        f.fix.as_ref().unwrap().apply(text),
        "FROM debian:bookworm-slim\nRUN find . -name '*.o' -print0 2>/dev/null | xargs -0 rm -f\n"
    );
    for script in [
        "find . -name a -o -name b | xargs rm",
        "find . -name a -print | xargs rm",
    ] {
        let a = run(&format!("FROM debian:bookworm-slim\nRUN {script}\n"), None);
        let f = a
            .report
            .findings
            .iter()
            .find(|f| f.rule == "find-xargs-unsafe")
            .unwrap();
        assert!(f.fix.is_none(), "{script}");
    }
}

#[test]
fn unused_variable_cases() {
    check_cases(
        "unused-variable",
        DEBIAN,
        &[
            ("nproc=\"$(nproc)\"; make -j \"$(nproc)\"", 1),
            ("a=1; b=2; echo \"$a\"", 1),
            ("a=1 b=2; echo ok", 2),
            ("a=1; a=2; echo ok", 1),
            ("f() { local v=1; echo ok; }; f", 1),
            ("if true; then dir=/x; fi; echo ok", 1),
            ("CFLAGS=-O2; ./configure", 1),
            // Read in any way this can see.
            ("a=1; echo \"$a\"", 0),
            ("a=1; echo ${a:-x}", 0),
            ("a=1; echo ${#a}", 0),
            ("a=1; echo $((a + 1))", 0),
            ("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done", 0),
            ("n=3; for ((k=0; k<n; k++)); do echo; done", 0),
            ("n=3; (( n > 2 )) && echo big", 0),
            ("n=3; [[ n -gt 2 ]] && echo big", 0),
            ("i=1; echo \"${arr[i]}\"", 0),
            ("off=1; v=abc; echo \"${v:off:1}\"", 0),
            ("a=1; f() { echo \"$a\"; }; f", 0),
            ("a=1; echo \"$(echo $a)\"", 0),
            ("a=1; cat <<EOF\n$a\nEOF", 0),
            ("a=1; export a; env", 0),
            ("a=1; unset a", 0),
            ("a=1; let a++", 0),
            ("declare -x a=1; env", 0),
            // Exported or an env prefix: the program reads it.
            ("export a=1; env", 0),
            ("a=1 env", 0),
            ("a=1 b=2 make", 0),
            // Read by another shell (the author's intent; the missing export
            // is another matter). ShellCheck reports the second.
            ("a=1; sh -c 'echo $a'", 0),
            ("a=1; sh -c \"echo \\$a\"", 0),
            // A quoted here-document may be meant for this shell too.
            ("a=1; cat <<'EOF' > /x\n${a}\nEOF", 0),
            // Ways of reading this does not follow: the whole script is
            // left alone.
            ("a=1; eval \"echo \\$a\"", 0),
            ("a=1; . ./env.sh", 0),
            ("a=1; source ./env.sh", 0),
            ("set -a; a=1; env", 0),
            ("set -o allexport; a=1; env", 0),
            ("a=1; p=a; echo \"${!p}\"", 0),
            ("a=1; declare -n r=a; echo \"$r\"", 0),
            // Names the environment already has: assigning changes what
            // programs see.
            ("PATH=/opt/bin:$PATH; make", 0),
            ("HOME=/root; make", 0),
            ("LC_ALL=C; sort f", 0),
            ("IFS=:; set -- a:b", 0),
            ("_tmp=1; echo", 0),
            // Not assignments this rule reads (ShellCheck reports both: a
            // loop variable or `read` target is rarely a slip).
            ("for f in a b; do echo ok; done", 0),
            ("read -r line < /etc/hostname", 0),
        ],
    );
}

#[test]
fn unused_variable_knows_the_environment() {
    // ARG and ENV names are in the RUN's environment.
    let text =
        "FROM debian:bookworm-slim\nARG VERSION\nENV MODE=prod\nRUN VERSION=2; MODE=dev; make\n";
    assert!(hits("unused-variable", text).is_empty());
    // An upper-case name on an image whose environment is not known may be
    // one the image exports; a lower-case one is still reported.
    let text = "FROM example.com/unknown/image:1\nRUN JAVA_OPTS=-Xmx1g; tmp=1; make\n";
    assert_eq!(hits("unused-variable", text), vec![(2, 23)]);
    // On a known image, an upper-case name it does not set is reported.
    let text = "FROM debian:bookworm-slim\nRUN DEBIAN_FRONTEND=noninteractive; apt-get update\n";
    assert_eq!(hits("unused-variable", text), vec![(2, 5)]);
    // The image's own variables are skipped.
    let text = "FROM python:3.12-slim\nRUN PYTHON_VERSION=3.11; make\n";
    assert!(hits("unused-variable", text).is_empty());
}

#[test]
fn unused_variable_in_a_heredoc_script() {
    let text = "FROM debian:bookworm-slim\nRUN <<EOF\nset -e\njobs=4\nmake\nEOF\n";
    assert_eq!(hits("unused-variable", text), vec![(4, 1)]);
}

#[test]
fn echo_escapes_follows_the_shell() {
    let script = r#"RUN echo "a\nb" > /etc/x"#;
    // BusyBox ash (Alpine) and bash print the backslash.
    for from in [
        "FROM alpine:3.20",
        "FROM python:3.12-alpine",
        "FROM python:3.12-slim\nSHELL [\"/bin/bash\", \"-c\"]",
        "FROM eclipse-temurin:21-jdk-ubi9-minimal",
    ] {
        let text = format!("{from}\n{script}\n");
        assert_eq!(hits("echo-escapes", &text).len(), 1, "{from}");
    }
    // dash expands it; unknown and non-POSIX shells stay silent.
    for from in [
        "FROM python:3.12-slim",
        "FROM ubuntu:24.04",
        "FROM example.com/unknown/image:1",
        "FROM alpine:3.20\nSHELL [\"/bin/dash\", \"-c\"]",
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022",
    ] {
        let text = format!("{from}\n{script}\n");
        assert!(hits("echo-escapes", &text).is_empty(), "{from}");
    }
    // A heredoc's #! line decides.
    let text = "FROM python:3.12-slim\nRUN <<EOF\n#!/bin/bash\necho \"a\\tb\"\nEOF\n";
    assert_eq!(hits("echo-escapes", text), vec![(4, 6)]);
}

#[test]
fn echo_escapes_message_names_the_shell() {
    let a = run("FROM alpine:3.20\nRUN echo 'a\\tb'\n", None);
    let f = a
        .report
        .findings
        .iter()
        .find(|f| f.rule == "echo-escapes")
        .unwrap();
    assert!(
        f.message.contains("/bin/sh in alpine:3.20 is BusyBox ash"),
        "{}",
        f.message
    );
    assert!(f.message.contains("`\\t`"), "{}", f.message);
}

#[test]
fn echo_escapes_cases() {
    check_cases(
        "echo-escapes",
        "alpine:3.20",
        &[
            (r#"echo "a\nb""#, 1),
            (r#"echo 'a\tb'"#, 1),
            (r#"echo -n "a\nb""#, 1),
            (r#"echo "x\\ny""#, 1),
            (r#"echo a\\nb"#, 1),
            (r#"echo "one" "two\nthree""#, 1),
            (r#"echo "a\nb"; echo "c\nd""#, 2),
            (r#"echo -e "a\nb""#, 0),
            (r#"echo -ne "a\nb""#, 0),
            (r#"echo a\nb"#, 0),
            (r#"echo "$(printf 'a\n')""#, 0),
            (r#"echo "a\rb""#, 0),
            (r#"printf "a\nb""#, 0),
            (r#"echo "\$HOME""#, 0),
        ],
    );
}

/// `# hadolint ignore=SCxxxx` and `--ignore SCxxxx` drop the findings.
#[test]
fn ignored_by_shellcheck_code() {
    let cases = [
        (
            "SC2155",
            "declare-masks-status",
            "FROM debian:bookworm-slim\n{p}RUN export A=$(mktemp -d); echo \"$A\"\n",
        ),
        (
            "SC2251",
            "bang-skips-errexit",
            "FROM debian:bookworm-slim\n{p}RUN set -e; ! grep a f; echo next\n",
        ),
        (
            "SC2038",
            "find-xargs-unsafe",
            "FROM debian:bookworm-slim\n{p}RUN find . | xargs rm\n",
        ),
        (
            "SC2034",
            "unused-variable",
            "FROM debian:bookworm-slim\n{p}RUN jobs=4; make\n",
        ),
        (
            "SC2028",
            "echo-escapes",
            "FROM alpine:3.20\n{p}RUN echo \"a\\nb\"\n",
        ),
    ];
    for (code, rule, tmpl) in cases {
        let plain = tmpl.replace("{p}", "");
        assert_eq!(hits(rule, &plain).len(), 1, "{rule} without pragma");
        let pragma = tmpl.replace("{p}", &format!("# hadolint ignore={code}\n"));
        assert!(hits(rule, &pragma).is_empty(), "{rule} with {code} pragma");
        let config = Config {
            ignore: vec![code.to_string()],
            ..Config::default()
        };
        let a = analyze_with(&plain, &options(None), &config);
        assert!(
            !a.report.findings.iter().any(|f| f.rule == rule),
            "{rule} with --ignore {code}"
        );
    }
}

/// Windows images run PowerShell or cmd: nothing is read as sh.
#[test]
fn silent_on_windows_shells() {
    let text = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN $env:A = $(Get-Date); ! grep a f; echo next; find . | xargs rm; x=1\n";
    for rule in [
        "declare-masks-status",
        "bang-skips-errexit",
        "find-xargs-unsafe",
        "unused-variable",
        "echo-escapes",
    ] {
        assert!(hits(rule, text).is_empty(), "{rule}");
    }
}

/// ONBUILD RUN scripts are read too.
#[test]
fn onbuild_run_is_read() {
    let text = "FROM debian:bookworm-slim\nONBUILD RUN find . | xargs rm\n";
    assert_eq!(hits("find-xargs-unsafe", text), vec![(2, 13)]);
}

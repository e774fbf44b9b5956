//! The quoting rules on the shell layer: unquoted-expansion (SC2086),
//! unquoted-command-substitution (SC2046) and single-quoted-expansion
//! (SC2016), each case checked against what ShellCheck 0.11 reports or
//! against a deliberate, documented difference.

mod common;

use common::{rule_positions as hits, run};

fn df(run_line: &str) -> String {
    format!("FROM debian:bookworm-slim\n{run_line}\n")
}

/// The 1-based column of the first `needle` in an ASCII line.
fn col(line: &str, needle: &str) -> u32 {
    line.find(needle).expect("needle") as u32 + 1
}

const SC2086: &str = "unquoted-expansion";
const SC2046: &str = "unquoted-command-substitution";
const SC2016: &str = "single-quoted-expansion";

#[test]
fn unquoted_expansions_that_split_are_reported_on_the_word() {
    for (run_line, word) in [
        ("RUN d=$(ls -d /opt/*) && cp -r $d /srv", "$d "),
        ("RUN echo $1", "$1"),
        ("RUN f=$(mktemp); cat > $f", "$f"),
        ("RUN x=1 && y=\"a b\" && echo $y", "$y"),
        ("RUN [ -n $HOME ] && echo ok", "$HOME"),
        ("RUN a=1; a=$(id -un); echo $a", "$a"),
        ("RUN echo ${UNSET:-x}", "${"),
    ] {
        assert_eq!(
            hits(&df(run_line), SC2086),
            vec![(2, col(run_line, word))],
            "{run_line}"
        );
    }
}

#[test]
fn expansions_that_cannot_split_are_left_out() {
    for run_line in [
        // Assignments, export, [[ ]], case, for lists, arithmetic.
        "RUN a=$b c=$(id -u); export D=$b",
        "RUN case $x in a) echo a;; esac",
        "RUN for p in $list; do echo \"$p\"; done",
        "RUN echo $(( $n + 1 ))",
        // Special parameters, lengths, `${v:+literal}`.
        "RUN echo $? $# $$ $! ${#x} ${x:+--flag}",
        // The script's own plain values (also in `case` arms).
        "RUN n=4; make -j $n",
        "RUN v=8.0.30 && curl -O https://example.com/$v.tgz",
        "RUN case $(uname -m) in x86_64) a=amd64;; *) a=arm64;; esac; echo $a",
        "RUN timeout 3 true; code=$?; exit $code",
        // Quoted, or in a here-document body.
        "RUN echo \"$HOME\" \"${x%/*}\"",
        "RUN cat <<EOF > /etc/motd\n$HOME\nEOF",
    ] {
        assert_eq!(hits(&df(run_line), SC2086), vec![], "{run_line}");
    }
}

#[test]
fn variables_the_dockerfile_declares_are_left_out() {
    let text = "FROM python:3.12-slim\nARG VERSION\nENV DEPS=\"gcc make\" HOME_DIR=/srv\nRUN apt-get install -y $DEPS && pip install app==$VERSION && cd $HOME_DIR\nRUN echo $PYTHON_VERSION\n";
    assert_eq!(hits(text, SC2086), vec![]);
    // …but only from where they are declared on.
    let text = "FROM debian:bookworm-slim\nRUN echo $LATER\nENV LATER=1\n";
    assert_eq!(hits(text, SC2086), vec![(2, 10)]);
}

#[test]
fn stdin_scripts_of_a_shell_are_read_with_their_lines() {
    let text = "FROM alpine:3.20\nRUN <<\"EOF\" sh\nd=$(pwd)\necho $d\nEOF\n";
    assert_eq!(hits(text, SC2086), vec![(4, 6)]);
    let text = "FROM alpine:3.20\nRUN sh -e <<'EOF'\nd=$(pwd)\necho $d\nEOF\n";
    assert_eq!(hits(text, SC2086), vec![(4, 6)]);
    // A here-document that is data is not a script.
    let text = "FROM alpine:3.20\nRUN cat > /x <<'EOF'\necho $d\nEOF\n";
    assert_eq!(hits(text, SC2086), vec![]);
}

#[test]
fn powershell_and_cmd_are_not_read_as_sh() {
    let text = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN $a = 1; Write-Host $a $(Get-Date) '$b'\n";
    assert_eq!(hits(text, SC2086), vec![]);
    assert_eq!(hits(text, SC2046), vec![]);
    assert_eq!(hits(text, SC2016), vec![]);
    let text = "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN echo $a %PATH%\n";
    assert_eq!(hits(text, SC2086), vec![]);
}

#[test]
fn the_fix_quotes_a_bare_expansion_but_not_a_list() {
    let a = run(&df("RUN d=$(pwd) && cp $d /srv"), None);
    let f = a.report.findings.iter().find(|f| f.rule == SC2086).unwrap();
    let fix = f.fix.as_ref().expect("a fix");
    assert!(fix.apply(&a.dockerfile.source).contains("cp \"$d\" /srv"));
    let a = run(&df("RUN pkgs=$(cat l) && apt-get install -y $pkgs"), None);
    let f = a.report.findings.iter().find(|f| f.rule == SC2086).unwrap();
    assert!(f.fix.is_none(), "quoting a list would change what runs");
}

#[test]
fn command_substitutions_split_in_arguments_only() {
    assert_eq!(hits(&df("RUN make -j$(nproc)"), SC2046), vec![(2, 12)]);
    assert_eq!(hits(&df("RUN cd `dirname /a/b`"), SC2046), vec![(2, 8)]);
    for run_line in [
        "RUN v=$(nproc) && export W=$(nproc)",
        "RUN $(which python3) -V",
        "RUN for f in $(ls); do echo \"$f\"; done",
        "RUN make -j\"$(nproc)\"",
    ] {
        assert_eq!(hits(&df(run_line), SC2046), vec![], "{run_line}");
    }
}

#[test]
fn single_quoted_expansions_outside_programs_that_expand_them() {
    assert_eq!(hits(&df("RUN echo 'v=$VERSION'"), SC2016), vec![(2, 10)]);
    assert_eq!(
        hits(
            &df("RUN curl -H 'Authorization: Bearer ${TOKEN}' https://x"),
            SC2016
        ),
        vec![(2, 13)]
    );
    for run_line in [
        "RUN sed -i 's/$a/b/' f && awk '{print $1}' f && jq '.a | $x' f",
        "RUN sh -c 'echo $1' && find . -exec sh -eux -c 'echo $1' _ {} +",
        "RUN xargs sh -c 'echo $0' && su -c 'echo $HOME' app",
        "RUN python3 -c 'import os; print(\"$x\")' && php -r '$a = 1;'",
        "RUN echo 'export PATH=$PATH:/opt/bin' >> /root/.profile",
        "RUN echo 'costs $ 5' '$1x'",
        "RUN echo \"$HOME\"",
    ] {
        assert_eq!(hits(&df(run_line), SC2016), vec![], "{run_line}");
    }
}

#[test]
fn each_rule_is_ignored_by_its_shellcheck_code() {
    for (code, rule, run_line) in [
        ("SC2086", SC2086, "RUN d=$(pwd) && cp $d /srv"),
        ("SC2046", SC2046, "RUN make -j$(nproc)"),
        ("SC2016", SC2016, "RUN echo '$HOME'"),
    ] {
        let text = format!("FROM debian:bookworm-slim\n# hadolint ignore={code}\n{run_line}\n");
        assert_eq!(hits(&text, rule), vec![], "{code}");
        // Another code does not hide it.
        let text = format!("FROM debian:bookworm-slim\n# hadolint ignore=SC2034\n{run_line}\n");
        assert_eq!(hits(&text, rule).len(), 1, "{code}");
    }
}

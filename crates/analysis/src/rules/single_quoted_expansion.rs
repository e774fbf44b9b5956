//! ## What it does
//! Finds `$name`, `${…}`, `$(…)` or backquotes inside single quotes in a
//! `RUN` command, where the shell does not expand them.
//!
//! Left out, because the text is meant for another program that expands it
//! itself: the arguments of `sed`, `awk`, `perl`, `jq`, `eval`, `trap`,
//! `ssh`, `sudo`, `docker`, `podman`, `dpkg-query`, `alias`, `envsubst`, the
//! code of `python -c`, `node -e`, `ruby -e` and `php -r`, a script handed
//! to `sh -c`/`bash -c` (also through `xargs`, `su -c`, `find -exec`), and
//! `echo`/`printf` written to a file (`echo 'export PATH=$PATH:/x' >>
//! ~/.profile` writes the text on purpose).
//!
//! ## Why it matters
//! `echo 'Building $VERSION'` prints `$VERSION` literally, and
//! `curl -H 'Authorization: Bearer $TOKEN'` sends the word `$TOKEN`. Use
//! double quotes where the shell should expand the value.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! ARG VERSION=1.2.3
//! RUN echo 'Building version $VERSION'
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! ARG VERSION=1.2.3
//! RUN echo "Building version $VERSION"
//! ```
//!
//! ## References
//! - ShellCheck SC2016: <https://www.shellcheck.net/wiki/SC2016>
//! - POSIX, single quotes: <https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_02_02>

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::walk::{command_name, words, WordCtx};
use crate::Category;
use layerlab_syntax::sh::{Part, RedirOp, SimpleCmd};
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &SingleQuotedExpansion;

struct SingleQuotedExpansion;

impl Rule for SingleQuotedExpansion {
    fn meta(&self) -> Meta {
        Meta {
            id: "single-quoted-expansion",
            category: Category::Correctness,
            severity: Severity::Info,
            summary: "$variable or $(…) in single quotes in a RUN command: it is not expanded",
            hadolint: &["SC2016"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ss in cx.scripts().iter().filter(|s| s.shell.is_posix()) {
            let src = ss.run.text.as_str();
            if !src.contains('\'') {
                continue;
            }
            for w in words(&ss.ast) {
                if !matches!(w.ctx, WordCtx::Arg) {
                    continue;
                }
                let Some(cmd) = w.cmd else { continue };
                let Some((span, what)) = w.word.parts.iter().find_map(|p| match p {
                    Part::SingleQ(span) => expansion_in(ss.text(*span)).map(|w| (*span, w)),
                    _ => None,
                }) else {
                    continue;
                };
                if expands_elsewhere(cmd, src) {
                    continue;
                }
                let f = out.emit(
                    ss.span(span),
                    format!("`{what}` is in single quotes: the shell passes it literally, not its value"),
                );
                f.help = "Use double quotes where the shell should expand it. If the text is meant for a program that expands it itself, this is fine: add `# hadolint ignore=SC2016` on the line before the RUN.".into();
            }
        }
    }
}

/// The first expansion-looking text in a single-quoted string: `$name`,
/// `${`, `$(` or a backquote.
fn expansion_in(quoted: &str) -> Option<String> {
    let b = quoted.as_bytes();
    for (i, c) in b.iter().enumerate() {
        if *c == b'`' {
            return Some("`…`".into());
        }
        if *c != b'$' {
            continue;
        }
        match b.get(i + 1) {
            Some(b'{') | Some(b'(') => {
                return Some(format!("${}…", b[i + 1] as char));
            }
            Some(n) if n.is_ascii_alphabetic() || *n == b'_' => {
                let end = b[i + 1..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                    .map_or(b.len(), |p| i + 1 + p);
                return Some(quoted[i..end].to_string());
            }
            _ => {}
        }
    }
    None
}

/// Commands whose single-quoted arguments another program expands.
fn expands_elsewhere(cmd: &SimpleCmd, src: &str) -> bool {
    let Some(name) = command_name(cmd, src) else {
        return true;
    };
    const PROGRAMS: &[&str] = &[
        "sed",
        "gsed",
        "awk",
        "gawk",
        "mawk",
        "nawk",
        "perl",
        "jq",
        "yq",
        "eval",
        "trap",
        "ssh",
        "sudo",
        "docker",
        "podman",
        "dpkg-query",
        "alias",
        "envsubst",
        "xprop",
        "rename",
        "rg",
        "unset",
        "git",
    ];
    if PROGRAMS.contains(&name) {
        return true;
    }
    let words: Vec<&str> = cmd
        .words
        .iter()
        .filter_map(|w| src.get(w.span.start..w.span.end))
        .collect();
    // Code for an interpreter, or a script for a shell anywhere in the
    // command (`xargs sh -c '…'`, `su -c '…'`, `find -exec sh -eux -c '…'`).
    let code_flag = words.iter().enumerate().any(|(i, w)| {
        let prog = w.rsplit('/').next().unwrap_or(w);
        let flag = match prog {
            "sh" | "bash" | "dash" | "ash" | "zsh" | "su" => 'c',
            "node" | "nodejs" | "ruby" => 'e',
            "php" => 'r',
            p if p.starts_with("python") => 'c',
            _ => return false,
        };
        words[i + 1..]
            .iter()
            .take_while(|a| a.starts_with('-'))
            .any(|a| !a.starts_with("--") && a.contains(flag))
    });
    if code_flag {
        return true;
    }
    // `echo '…$x…' > file` writes the text on purpose.
    matches!(name, "echo" | "printf")
        && cmd.redirs.iter().any(|r| {
            matches!(r.op, RedirOp::Out | RedirOp::Append | RedirOp::Clobber)
                && r.fd.is_none_or(|fd| fd == 1)
        })
}

//! ## What it does
//! Finds `find … | xargs …` pipelines where neither side uses NUL
//! separators: no `-print0` on `find` and no `-0`/`--null` on `xargs`.
//!
//! ## Why it matters
//! `xargs` splits its input at blanks and newlines and treats quotes and
//! backslashes as quoting. A file name with a space, a quote or a newline
//! reaches the command cut in pieces or makes `xargs` stop with "unmatched
//! quote": files are skipped, or the wrong ones are removed. With
//! `find … -print0 | xargs -0 …` (GNU and BusyBox both have them) or
//! `find … -exec cmd {} +` every name arrives whole. Harmless when every
//! name is known to be plain, such as source files of your own repository,
//! which is why this is advice. ShellCheck calls it SC2038.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN find /usr/local/lib -name '*.pyc' | xargs rm -f
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN find /usr/local/lib -name '*.pyc' -print0 | xargs -0 rm -f
//! ```
//!
//! ## References
//! - ShellCheck SC2038: <https://www.shellcheck.net/wiki/SC2038>
//! - POSIX `xargs` input format: <https://pubs.opengroup.org/onlinepubs/9799919799/utilities/xargs.html>

use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::items::items;
use crate::shell::walk::command_name;
use crate::shell::ShellScript;
use crate::Category;
use layerlab_syntax::sh::{Command, SimpleCmd};
use layerlab_syntax::{Severity, Span};

pub(crate) const RULE: &dyn Rule = &FindXargsUnsafe;

struct FindXargsUnsafe;

impl Rule for FindXargsUnsafe {
    fn meta(&self) -> Meta {
        Meta {
            id: "find-xargs-unsafe",
            category: Category::Correctness,
            severity: Severity::Info,
            summary: "`find | xargs` without `-print0`/`-0` (names with blanks or quotes break)",
            hadolint: &["SC2038"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ss in cx.scripts().iter().filter(|s| s.shell.is_posix()) {
            let src = ss.run.text.as_str();
            for it in items(&ss.ast) {
                for p in it.pipelines() {
                    for pair in p.cmds.windows(2) {
                        let (Command::Simple(find), Command::Simple(xargs)) = (&pair[0], &pair[1])
                        else {
                            continue;
                        };
                        if command_name(find, src) != Some("find")
                            || command_name(xargs, src) != Some("xargs")
                        {
                            continue;
                        }
                        let find_args = args(find, src);
                        let xargs_args = args(xargs, src);
                        if find_args
                            .iter()
                            .any(|a| matches!(*a, "-print0" | "-printf"))
                            || xargs_args.iter().any(|a| nul_option(a))
                        {
                            continue;
                        }
                        let prog = xargs_command(xargs, src);
                        let msg = match prog {
                            Some(c) => format!("`find … | xargs {c}` splits file names at blanks and quotes: a name with a space or a quote reaches {c} cut in pieces, or xargs stops"),
                            None => "`find … | xargs` splits file names at blanks and quotes: a name with a space or a quote arrives cut in pieces, or xargs stops".into(),
                        };
                        let span = ss.span(Span::new(find.span.start, xargs.words[0].span.end));
                        let fix = fix(cx, ss, find, xargs, &find_args);
                        let f = out.emit(span, msg);
                        f.help = "Use `find … -print0 | xargs -0 …`, or `find … -exec cmd {} +`. Harmless when every name is plain (your own source files).".into();
                        f.fix = fix;
                    }
                }
            }
        }
    }
}

/// The command's arguments that are plain or quoted text.
fn args<'s>(cmd: &SimpleCmd, src: &'s str) -> Vec<&'s str> {
    cmd.words[1..]
        .iter()
        .filter_map(|w| {
            let t = src.get(w.span.start..w.span.end)?;
            Some(t.trim_matches(|c| c == '"' || c == '\''))
        })
        .collect()
}

/// `-0`, `--null`, or a flag group with `0` (`-r0`), or a delimiter
/// (`-d '\n'` keeps blanks and quotes, only newlines break).
fn nul_option(a: &str) -> bool {
    a == "--null"
        || a.starts_with("--delimiter")
        || (a.starts_with('-')
            && !a.starts_with("--")
            && a[1..].chars().all(|c| c.is_ascii_alphanumeric())
            && (a[1..].contains('0') || a[1..].starts_with('d')))
}

/// The command xargs runs, when its first non-option word is plain.
fn xargs_command<'s>(xargs: &SimpleCmd, src: &'s str) -> Option<&'s str> {
    let mut it = xargs.words[1..].iter();
    while let Some(w) = it.next() {
        let t = src.get(w.span.start..w.span.end)?;
        if let Some(o) = t.strip_prefix('-') {
            // Options that take the next word as their value.
            if matches!(o, "n" | "L" | "P" | "s" | "I" | "E" | "a") {
                it.next();
            }
            continue;
        }
        return w.is_plain_literal().then_some(t);
    }
    None
}

/// `-print0` after find's last word and `-0` after `xargs`, when find has no
/// action and no `-o` (an appended `-print0` would then change what it
/// prints) and both words are on their own in the Dockerfile text.
fn fix(
    cx: &RuleCtx,
    ss: &ShellScript,
    find: &SimpleCmd,
    xargs: &SimpleCmd,
    find_args: &[&str],
) -> Option<super::Fix> {
    let action = |a: &str| {
        matches!(
            a,
            "-print"
                | "-exec"
                | "-execdir"
                | "-ok"
                | "-okdir"
                | "-delete"
                | "-ls"
                | "-fprint"
                | "-fprint0"
                | "-fprintf"
                | "-fls"
                | "-quit"
                | "-prune"
                | "-o"
                | "-or"
                | ","
        )
    };
    if find_args.iter().any(|a| action(a)) {
        return None;
    }
    let last = find.words.last()?;
    let xw = &xargs.words[0];
    let (a, b) = (ss.span(last.span), ss.span(xw.span));
    if cx.df.text(a) != ss.text(last.span) || cx.df.text(b) != ss.text(xw.span) {
        return None;
    }
    let mut f = Fix::insert("Separate the names with NUL", a.end, " -print0");
    f.edits.push(super::Edit {
        start: b.end,
        end: b.end,
        replacement: " -0".into(),
    });
    Some(f)
}

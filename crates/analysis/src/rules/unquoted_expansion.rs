//! ## What it does
//! Finds `$var` and `${var…}` used unquoted as a command's name or
//! argument, or as a redirection target, in a `RUN` script, where the value
//! could contain spaces or `*?[`: the shell splits it into several words and
//! expands globs in each.
//!
//! Left out, because nothing splits there or the value cannot: assignment
//! values (`a=$b`), `export`/`local a=$b` (dash, ash and bash do not split
//! them), `[[ ]]` operands, `case` words, arithmetic, `for … in $list` (a
//! word list is what the author wants), `$?`, `$#`, `$$`, `$!`, `${#v}`,
//! `${v:+literal}`, variables the script last set to a plain word
//! (`n=4; make -j $n`), and variables that an `ENV` or `ARG` of the
//! Dockerfile, or the base image's ENV, declares (`$JAVA_HOME`,
//! `$PHPIZE_DEPS`): their value is written where the author sees it, and a
//! list there is meant to be split (hadolint leaves them out too).
//!
//! ## Why it matters
//! `cp $SRC /app` with `SRC="my file"` copies `my` and `file`, and a value
//! with `*` expands to whatever matches in the working directory. Quoting
//! (`"$SRC"`) passes the value as one word. Where splitting *is* the point —
//! a package list in a variable, `apt-mark manual $savedAptMark` in the
//! official images — leave it unquoted and say so with
//! `# hadolint ignore=SC2086` on the line before the `RUN`.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN dir=$(ls -d /opt/app-*) && cp -r $dir/conf /etc/app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN dir=$(ls -d /opt/app-*) && cp -r "$dir/conf" /etc/app
//! ```
//!
//! ## References
//! - ShellCheck SC2086: <https://www.shellcheck.net/wiki/SC2086>
//! - POSIX, field splitting: <https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_06_05>

use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::vars::{Assignments, DeclaredVars};
use crate::shell::walk::{words, WordCtx};
use crate::shell::ShellScript;
use crate::Category;
use layerlab_syntax::sh::{Param, ParamOpKind, Part, Word};
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &UnquotedExpansion;

struct UnquotedExpansion;

impl Rule for UnquotedExpansion {
    fn meta(&self) -> Meta {
        Meta {
            id: "unquoted-expansion",
            category: Category::Correctness,
            severity: Severity::Info,
            summary: "Unquoted $variable in a RUN command: the shell splits and globs its value",
            hadolint: &["SC2086"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let mut declared: Option<DeclaredVars> = None;
        for ss in cx.scripts().iter().filter(|s| s.shell.is_posix()) {
            let src = ss.run.text.as_str();
            // The candidates first: most scripts have none, and then the
            // script's assignments are never collected.
            let mut candidates = Vec::new();
            for w in words(&ss.ast) {
                // `for … in $list` and `a=( $list )` split on purpose.
                if !matches!(
                    w.ctx,
                    WordCtx::CmdName | WordCtx::Arg | WordCtx::RedirTarget
                ) {
                    continue;
                }
                for p in unquoted_params(w.word) {
                    match src.get(p.name.start..p.name.end) {
                        Some(name) if !never_splits(p, name, src) => {
                            candidates.push((w.word, p, name))
                        }
                        _ => {}
                    }
                }
            }
            if candidates.is_empty() {
                continue;
            }
            let assigned = Assignments::of(&ss.ast, src);
            for (word, p, name) in candidates {
                if assigned.safe_at(name, p.span.start) == Some(true) {
                    continue;
                }
                if !assigned.assigns(name) && from_dockerfile(cx, ss, name, &mut declared) {
                    continue;
                }
                emit(out, ss, word, p, name);
            }
        }
    }
}

/// The parameter expansions of a word outside any quotes.
fn unquoted_params(w: &Word) -> impl Iterator<Item = &Param> {
    w.parts.iter().filter_map(|p| match p {
        Part::Param(p) => Some(p),
        _ => None,
    })
}

/// Expansions that cannot split: `$?`, `$#`, `$$`, `$!`, `$-`, `${#v}`,
/// `$@` (ShellCheck's SC2068), shell counters, and `${v:+literal}`.
fn never_splits(p: &Param, name: &str, src: &str) -> bool {
    if p.length || matches!(name, "?" | "#" | "$" | "!" | "-" | "@") {
        return true;
    }
    if matches!(
        name,
        "RANDOM" | "LINENO" | "SECONDS" | "UID" | "EUID" | "PPID" | "BASHPID" | "OPTIND" | "SHLVL"
    ) {
        return true;
    }
    match &p.op {
        Some(op) if matches!(op.kind, ParamOpKind::Alternative { .. }) => op
            .arg
            .static_text(src)
            .is_some_and(|t| !crate::shell::vars::splits_or_globs(&t)),
        _ => false,
    }
}

/// Whether an ENV or ARG in force at this RUN (or the base image's ENV)
/// declares `name`: its value is written where the author sees it.
fn from_dockerfile(
    cx: &RuleCtx,
    ss: &ShellScript,
    name: &str,
    declared: &mut Option<DeclaredVars>,
) -> bool {
    let Some(stage) = ss.stage else {
        return false;
    };
    let ix = declared.get_or_insert_with(|| DeclaredVars::of(cx.df, cx.sim));
    ix.declares(name, stage, ss.ins.span.start)
}

fn emit(out: &mut Sink, ss: &ShellScript, word: &Word, p: &Param, name: &str) {
    let span = ss.span(p.span);
    let shown = ss.text(p.span);
    let f = out.emit(
        span,
        format!(
            "`{shown}` is unquoted: if ${name} holds spaces or `*?[`, the shell splits it into several words and expands globs"
        ),
    );
    f.help = format!(
        "Write \"{shown}\" to pass the value as one word. If splitting is intended (a list of packages or flags), keep it and add `# hadolint ignore=SC2086` on the line before the RUN."
    );
    // Quoting a whole plain word is safe only when the word is the bare
    // expansion, its Dockerfile text is exactly the script text, and the
    // name does not say it holds a list (`$PACKAGES`, `$CFLAGS`).
    if word.parts.len() == 1 && ss.text(word.span) == shown && !names_a_list(name) {
        let at = ss.span(word.span);
        if at.end - at.start == shown.len() {
            f.fix = Some(Fix::replace(
                format!("Quote {shown}"),
                at,
                format!("\"{shown}\""),
            ));
        }
    }
}

/// Names that say the value is a list meant to be split.
fn names_a_list(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    n.ends_with('S')
        || ["FLAGS", "OPTS", "ARGS", "DEPS", "LIST", "PKG", "MARK"]
            .iter()
            .any(|k| n.contains(k))
}

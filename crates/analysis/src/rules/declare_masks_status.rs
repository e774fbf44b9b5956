//! ## What it does
//! Finds `export`, `local`, `declare`, `readonly` or `typeset` whose
//! assignment runs a command substitution in the same command:
//! `export GNUPGHOME="$(mktemp -d)"`, `local v=$(cmd)`.
//!
//! ## Why it matters
//! The status of `export NAME=$(cmd)` is the status of `export`, which is 0,
//! not the status of `cmd` (measured in docs/shell-dialects.md). When `cmd`
//! fails, `set -e` does not stop the RUN and `&&` goes on, with the variable
//! empty or half-made. The failure shows up later, in a less clear place
//! (or not at all). A plain assignment
//! `NAME=$(cmd)` has the status of `cmd`, so assigning first and declaring
//! after keeps the check. It is harmless when the next command fails anyway
//! without the value (a `gpg --homedir "$GNUPGHOME"` right after), which is
//! why this is advice. ShellCheck calls it SC2155.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN set -eu; \
//!     export GNUPGHOME="$(mktemp -d)"; \
//!     gpg --batch --keyserver keyserver.ubuntu.com --recv-keys 0x1234
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN set -eu; \
//!     GNUPGHOME="$(mktemp -d)"; export GNUPGHOME; \
//!     gpg --batch --keyserver keyserver.ubuntu.com --recv-keys 0x1234
//! ```
//!
//! ## References
//! - ShellCheck SC2155: <https://www.shellcheck.net/wiki/SC2155>
//! - POSIX, exit status of `export`: <https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#export>

use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::items::{items, ItemAt};
use crate::shell::walk::command_name;
use crate::shell::ShellScript;
use crate::Category;
use layerlab_syntax::sh::{AndOrOp, Assign, AssignValue, Command, Part, SimpleCmd, Term};
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &DeclareMasksStatus;

struct DeclareMasksStatus;

impl Rule for DeclareMasksStatus {
    fn meta(&self) -> Meta {
        Meta {
            id: "declare-masks-status",
            category: Category::Correctness,
            severity: Severity::Info,
            summary: "`export`/`local NAME=$(cmd)`: the builtin's status hides a failure of cmd",
            hadolint: &["SC2155"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ss in cx.scripts().iter().filter(|s| s.shell.is_posix()) {
            for it in items(&ss.ast) {
                for p in it.pipelines() {
                    for c in &p.cmds {
                        let Command::Simple(cmd) = c else { continue };
                        check_cmd(cx, ss, &it, p.cmds.len() == 1 && p.bang.is_none(), cmd, out);
                    }
                }
            }
        }
    }
}

fn check_cmd(
    cx: &RuleCtx,
    ss: &ShellScript,
    it: &ItemAt,
    alone: bool,
    cmd: &SimpleCmd,
    out: &mut Sink,
) {
    if cmd.decl_assigns.is_empty() {
        return;
    }
    let src = ss.run.text.as_str();
    let Some(builtin) = command_name(cmd, src) else {
        return;
    };
    for a in &cmd.decl_assigns {
        let AssignValue::Word(w) = &a.value else {
            continue;
        };
        let Some(inner) = substitution(&w.parts, src) else {
            continue;
        };
        let name = ss.text(a.name);
        let what = inner
            .map(|c| format!("`{c}`"))
            .unwrap_or_else(|| "the command".into());
        let msg = format!(
            "`{builtin} {name}=$(…)` hides a failure of {what}: the command's status is {builtin}'s (0), so `set -e` and `&&` go on with {name} empty or incomplete"
        );
        let fix = fix(cx, ss, it, alone, cmd, a, builtin);
        let f = out.emit(ss.span(a.span), msg);
        f.help = match builtin {
            "export" | "readonly" => format!(
                "Assign first, then {builtin}: `{name}=\"$(…)\"; {builtin} {name}`. A plain assignment has the command's status. Harmless when the next command fails anyway without {name}."
            ),
            _ => format!(
                "Declare first, then assign: `{builtin} {name}; {name}=\"$(…)\"`. A plain assignment has the command's status. Harmless when the next command fails anyway without {name}."
            ),
        };
        f.fix = fix;
    }
}

/// The value runs a command substitution at its top level (not inside a
/// `${v:-…}` operator, which ShellCheck does not count either): `Some` with
/// the name of its first command when that is a plain word.
fn substitution<'s>(parts: &[Part], src: &'s str) -> Option<Option<&'s str>> {
    for p in parts {
        match p {
            Part::CmdSubst { body, .. } => {
                let name = body
                    .items
                    .first()
                    .and_then(|ao| match ao.head.cmds.first() {
                        Some(Command::Simple(s)) => command_name(s, src),
                        _ => None,
                    });
                return Some(name);
            }
            Part::DoubleQ { parts, .. } => {
                if let Some(r) = substitution(parts, src) {
                    return Some(r);
                }
            }
            _ => {}
        }
    }
    None
}

/// `NAME=V; export NAME` (or `local NAME; NAME=V`) when the rewrite is
/// plain: one assignment, no options, a whole command on one line, and a
/// list item joined only by `&&`.
fn fix(
    cx: &RuleCtx,
    ss: &ShellScript,
    it: &ItemAt,
    alone: bool,
    cmd: &SimpleCmd,
    a: &Assign,
    builtin: &str,
) -> Option<Fix> {
    if !alone
        || cmd.decl_assigns.len() != 1
        || cmd.words.len() != 1
        || !cmd.assigns.is_empty()
        || !cmd.redirs.is_empty()
        || a.append
        || a.index.is_some()
        || matches!(it.item.term, Some((Term::Amp, _)))
        || it.item.tail.iter().any(|(op, _, _)| *op == AndOrOp::Or)
    {
        return None;
    }
    let span = ss.span(cmd.span);
    let text = ss.text(cmd.span);
    if cx.df.text(span) != text {
        return None;
    }
    let sep = if it.item.tail.is_empty() {
        "; "
    } else {
        " && "
    };
    let name = ss.text(a.name);
    let assign = ss.text(a.span);
    let new = match builtin {
        "export" | "readonly" => format!("{assign}{sep}{builtin} {name}"),
        "local" | "declare" | "typeset" => format!("{builtin} {name}{sep}{assign}"),
        _ => return None,
    };
    Some(Fix::replace(
        format!("Assign {name} apart from {builtin}"),
        span,
        new,
    ))
}

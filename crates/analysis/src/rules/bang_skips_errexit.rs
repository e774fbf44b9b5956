//! ## What it does
//! Finds an assertion written `! cmd` as a command of its own in a RUN
//! script that runs under `set -e`: `! grep -q '/usr/share/locale' file;`
//! followed by more commands.
//!
//! ## Why it matters
//! `set -e` never stops the shell for a pipeline negated with `!` (POSIX
//! lists it with `if` conditions and the left side of `&&` and `||`). So
//! when `grep` finds what must not be there, `! grep` fails, the shell goes
//! on, and the build succeeds: the check can never fail the build. It only
//! works as the script's last command (its status is then the RUN's), as
//! the last command of a subshell or function, or when its status is tested
//! (`if`, `while`, left of `&&`/`||`). Right of `&&`, or at the end of an
//! `if` body or a loop that more commands follow, it does nothing either
//! (measured with dash, BusyBox ash and bash: docs/shell-dialects.md). A
//! RUN without `set -e` is not reported: there every failing line is
//! ignored alike. Write `! cmd || exit 1` or `if cmd; then exit 1; fi`;
//! ShellCheck's `cmd && exit 1` fails the RUN when it is the last command
//! and `cmd` fails, which is the good case. ShellCheck calls it SC2251.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN set -eux; \
//!     sed -i '/path-exclude/d' /etc/dpkg/dpkg.cfg.d/docker; \
//!     ! grep -q 'path-exclude' /etc/dpkg/dpkg.cfg.d/docker; \
//!     apt-get update
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN set -eux; \
//!     sed -i '/path-exclude/d' /etc/dpkg/dpkg.cfg.d/docker; \
//!     ! grep -q 'path-exclude' /etc/dpkg/dpkg.cfg.d/docker || exit 1; \
//!     apt-get update
//! ```
//!
//! ## References
//! - ShellCheck SC2251: <https://www.shellcheck.net/wiki/SC2251>
//! - POSIX, `set -e`: <https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#set>

use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::items::items;
use crate::shell::walk::{command_name, errexit_before};
use crate::Category;
use layerlab_syntax::sh::{Command, Pipeline, Term};
use layerlab_syntax::{Severity, Span};

pub(crate) const RULE: &dyn Rule = &BangSkipsErrexit;

struct BangSkipsErrexit;

impl Rule for BangSkipsErrexit {
    fn meta(&self) -> Meta {
        Meta {
            id: "bang-skips-errexit",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "`! cmd` under `set -e` never fails the build (the check does nothing)",
            hadolint: &["SC2251"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ss in cx.scripts().iter().filter(|s| s.shell.is_posix()) {
            let src = ss.run.text.as_str();
            for it in items(&ss.ast) {
                if it.in_condition
                    || it.in_subst
                    || it.status_escapes
                    || matches!(it.item.term, Some((Term::Amp, _)))
                {
                    continue;
                }
                // Only the last pipeline: the others are tested by `&&`/`||`.
                let p = it.item.tail.last().map_or(&it.item.head, |(_, _, p)| p);
                let Some(bang) = p.bang else { continue };
                if !(ss.shell.errexit || errexit_before(&ss.ast, src, bang.start)) {
                    continue;
                }
                let who = status_command(p, src).unwrap_or("the command");
                let text = ss.text(p.span);
                let what = if text.len() <= 80 && !text.contains('\n') {
                    format!("`{text}`")
                } else {
                    format!("`! {who} …`")
                };
                let msg = format!(
                    "{what} cannot fail the build: `set -e` ignores a pipeline negated with `!`, so when {who} succeeds the RUN goes on"
                );
                let end = ss.span(p.span).end;
                let f = out.emit(ss.span(Span::new(bang.start, p.span.end)), msg);
                f.help = "Make the failure explicit: `! cmd || exit 1`, or `if cmd; then exit 1; fi`. A bare `! cmd` only works as the script's last command.".into();
                f.fix = Some(Fix::insert("Add `|| exit 1`", end, " || exit 1"));
                if !it.item.tail.is_empty() {
                    // `a && ! b`: appending `|| exit 1` would also exit
                    // when `a` fails; leave the rewrite to the author.
                    f.fix = None;
                }
            }
        }
    }
}

/// The name of the command whose status the pipeline returns: the last
/// one, looking into `{ …; }` and `( … )` (`! { ldd … | grep …; }` gives
/// `grep`).
fn status_command<'s>(p: &Pipeline, src: &'s str) -> Option<&'s str> {
    match p.cmds.last()? {
        Command::Simple(s) => command_name(s, src),
        Command::Group { body, .. } | Command::Subshell { body, .. } => {
            let ao = body.items.last()?;
            status_command(ao.tail.last().map_or(&ao.head, |(_, _, p)| p), src)
        }
        _ => None,
    }
}

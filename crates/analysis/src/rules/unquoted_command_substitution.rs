//! ## What it does
//! Finds `$(…)` and `` `…` `` used unquoted as a command's argument in a
//! `RUN` script: the shell splits the command's output into words and
//! expands globs in each.
//!
//! Left out: assignment values (`v=$(cmd)`), `export`/`local v=$(cmd)`
//! (dash, ash and bash do not split them; see `declare-masks-status` for
//! what they do hide), `[[ ]]` operands, `case` words, `for … in $(…)`, and
//! the command-name position (`$(which python) -V`).
//!
//! ## Why it matters
//! `rm $(find /tmp -name '*.log')` breaks on a file name with a space, and
//! `cd $(dirname "$0")` on a path with one. Quoting keeps the output one
//! word. Splitting is what you want when the output is a list of words
//! (`apk add $(cat packages.txt)`), or when it may be empty and must then
//! vanish (`$([ -n "$x" ] && echo --flag)`): leave those unquoted and say so
//! with `# hadolint ignore=SC2046` on the line before the `RUN`.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN mkdir -p $(dirname /opt/app/config/settings.ini)
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN mkdir -p "$(dirname /opt/app/config/settings.ini)"
//! ```
//!
//! ## References
//! - ShellCheck SC2046: <https://www.shellcheck.net/wiki/SC2046>
//! - POSIX, command substitution and field splitting: <https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_06_03>

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::walk::{words, WordCtx};
use crate::Category;
use layerlab_syntax::sh::Part;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &UnquotedCommandSubstitution;

struct UnquotedCommandSubstitution;

impl Rule for UnquotedCommandSubstitution {
    fn meta(&self) -> Meta {
        Meta {
            id: "unquoted-command-substitution",
            category: Category::Correctness,
            severity: Severity::Info,
            summary: "Unquoted $(…) in a RUN command: the shell splits and globs its output",
            hadolint: &["SC2046"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ss in cx.scripts().iter().filter(|s| s.shell.is_posix()) {
            for w in words(&ss.ast) {
                if !matches!(w.ctx, WordCtx::Arg | WordCtx::RedirTarget) {
                    continue;
                }
                for p in &w.word.parts {
                    let Part::CmdSubst { span, .. } = p else {
                        continue;
                    };
                    let shown = ss.text(*span);
                    let f = out.emit(
                        ss.span(*span),
                        format!(
                            "`{}` is unquoted: its output is split into words and globbed",
                            short(shown)
                        ),
                    );
                    f.help = "Quote it (\"$(…)\") to pass the output as one word. If it prints a list meant to become several arguments, or nothing at all that must then vanish, keep it and add `# hadolint ignore=SC2046` on the line before the RUN.".into();
                }
            }
        }
    }
}

/// The substitution as shown in a message: at most 60 characters.
fn short(s: &str) -> String {
    if s.chars().count() <= 60 {
        return s.to_string();
    }
    let head: String = s.chars().take(56).collect();
    format!("{head} …)")
}

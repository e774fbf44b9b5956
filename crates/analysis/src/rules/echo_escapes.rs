//! ## What it does
//! Finds `echo` with `\n` or `\t` in a quoted argument and no `-e`, in a
//! RUN whose shell prints them as a backslash and a letter: bash (a
//! `SHELL ["/bin/bash", "-c"]`, a bash-based image such as Fedora or UBI)
//! and BusyBox ash (Alpine).
//!
//! ## Why it matters
//! `echo` differs between shells. dash (the `/bin/sh` of Debian and Ubuntu)
//! turns `\n` into a newline; bash and BusyBox ash print `\n` as it is
//! (measured in docs/shell-dialects.md). So `echo "a\nb" > file` writes two
//! lines on `python:3.12-slim` and one line with a literal `\n` on
//! `python:3.12-alpine`, and a config file or script written that way is
//! wrong. `printf` behaves the same in every shell. The rule stays silent
//! under dash and under shells it does not know; it is advice, since the
//! backslash may be meant (a JSON string, a regular expression).
//! ShellCheck calls it SC2028.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine:3.20
//! RUN echo "[global]\ntimeout = 60" > /etc/pip.conf
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine:3.20
//! RUN printf '[global]\ntimeout = 60\n' > /etc/pip.conf
//! ```
//!
//! ## References
//! - ShellCheck SC2028: <https://www.shellcheck.net/wiki/SC2028>
//! - POSIX `echo` (backslashes are implementation-defined): <https://pubs.opengroup.org/onlinepubs/9799919799/utilities/echo.html>

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::dialect::Dialect;
use crate::shell::walk::command_name;
use crate::Category;
use layerlab_syntax::sh::{Part, Word};
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &EchoEscapes;

struct EchoEscapes;

impl Rule for EchoEscapes {
    fn meta(&self) -> Meta {
        Meta {
            id: "echo-escapes",
            category: Category::Correctness,
            severity: Severity::Info,
            summary: "`echo \"a\\nb\"` prints the backslash in bash and BusyBox ash (use printf)",
            hadolint: &["SC2028"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ss in cx.scripts() {
            if !matches!(ss.shell.dialect, Dialect::Bash | Dialect::Ash) {
                continue;
            }
            let src = ss.run.text.as_str();
            // `shopt -s xpg_echo` makes bash's echo expand escapes.
            if src.contains("xpg_echo") {
                continue;
            }
            for cmd in ss.ast.simple_commands() {
                if command_name(cmd, src) != Some("echo") {
                    continue;
                }
                let mut args = cmd.words[1..].iter().peekable();
                let mut expands = false;
                while let Some(w) = args.peek() {
                    let t = ss.text(w.span);
                    let opt = t.len() > 1
                        && t.starts_with('-')
                        && t[1..].chars().all(|c| matches!(c, 'n' | 'e' | 'E'));
                    if !opt {
                        break;
                    }
                    expands |= t.contains('e');
                    args.next();
                }
                if expands {
                    continue;
                }
                let Some((w, esc)) = args.find_map(|w| escape_in(w, src).map(|e| (w, e))) else {
                    continue;
                };
                let f = out.emit(
                    ss.span(w.span),
                    format!(
                        "`echo` writes `{esc}` here as a backslash and a letter, not a {what}: {}, whose echo expands escapes only with -e (dash's echo always does)",
                        ss.shell.describe(),
                        what = if esc == "\\n" { "newline" } else { "tab" },
                    ),
                );
                f.help = "Use printf, which is the same in every shell: `printf 'a\\nb\\n'`, or `printf '%s\\n' \"line 1\" \"line 2\"`. Ignore this if the backslash is meant.".into();
            }
        }
    }
}

/// `\n` or `\t` in the text echo receives for the word (quotes removed;
/// expansions count as opaque, so `"$(printf 'a\n')"` is not read).
fn escape_in(w: &Word, src: &str) -> Option<&'static str> {
    fn text(parts: &[Part], src: &str, quoted: bool, out: &mut String) {
        for p in parts {
            let s = p.span();
            let t = src.get(s.start..s.end).unwrap_or("");
            match p {
                Part::Lit(_) => out.push_str(t),
                // `\\` gives a backslash; outside double quotes `\n`
                // gives `n`, inside them `\n` stays two characters.
                Part::Escaped(_) => {
                    let c = t.get(1..).unwrap_or("");
                    if quoted && !matches!(c, "\\" | "\"" | "$" | "`") {
                        out.push('\\');
                    }
                    out.push_str(c);
                }
                Part::SingleQ(_) => {
                    let inner = t.get(1..).unwrap_or("");
                    out.push_str(inner.strip_suffix('\'').unwrap_or(inner));
                }
                Part::DoubleQ { parts, .. } => text(parts, src, true, out),
                _ => out.push('\0'),
            }
        }
    }
    let mut s = String::new();
    text(&w.parts, src, false, &mut s);
    first_escape(&s)
}

fn first_escape(t: &str) -> Option<&'static str> {
    let b = t.as_bytes();
    (0..b.len().saturating_sub(1)).find_map(|i| match (b[i], b[i + 1]) {
        (b'\\', b'n') => Some("\\n"),
        (b'\\', b't') => Some("\\t"),
        _ => None,
    })
}

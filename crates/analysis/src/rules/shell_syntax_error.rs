//! ## What it does
//! Finds shell syntax errors in `RUN` scripts that dash, BusyBox ash and
//! bash all reject: a quote, backquote, `$(`, `${` or `$((` never closed;
//! a `)`, `}`, `fi`, `done`, `esac` or `then` with nothing to close; an
//! `if` without `then` or `fi`, a loop without `do` or `done`, a `case`
//! without `in` or `esac`, a `(` or `{` never closed; `&&`, `||` or `|`
//! with no command after it. The first error of each script is reported,
//! where the shell would stop.
//!
//! Scripts that are not sh (PowerShell or `cmd` in Windows images, a
//! heredoc with another `#!` program) are left alone, and so are
//! here-documents never terminated (the shells accept them with a
//! warning), `[[` without `]]` (dash runs `[[` as a command) and a lone
//! `!` (bash accepts it).
//!
//! ## Why it matters
//! The shell reads the whole script (or the whole compound command) before
//! running it: the RUN fails with "Syntax error" and nothing of it runs.
//! The usual causes are an apostrophe inside a single-quoted string, a
//! `&& \` left at the end of the last line, and `{ cmd }` without the `;`
//! that `}` needs.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN if [ -f /etc/os-release ]; then echo 'it's there'; fi
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN if [ -f /etc/os-release ]; then echo "it's there"; fi
//! ```
//!
//! ## References
//! - POSIX, Shell Command Language, grammar: <https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_10>
//! - ShellCheck, parse errors (SC1072, SC1073, SC1089): <https://www.shellcheck.net/wiki/SC1072>

use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::ShellScript;
use crate::Category;
use layerlab_syntax::sh::{Expected, ShError, ShErrorKind};
use layerlab_syntax::{Severity, Span};

pub(crate) const RULE: &dyn Rule = &ShellSyntaxError;

struct ShellSyntaxError;

impl Rule for ShellSyntaxError {
    fn meta(&self) -> Meta {
        Meta {
            id: "shell-syntax-error",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "a RUN script that every shell rejects with a syntax error",
            hadolint: &[
                "SC1073", "SC1089", "SC1070", "SC1088", "SC1046", "SC1049", "SC1058", "SC1061",
                "SC1056", "SC1064", "SC1072",
            ],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ss in cx.scripts() {
            if !ss.shell.is_posix() || ss.ast.depth_capped {
                continue;
            }
            // The shells stop at the first error; what follows it is the
            // parser's recovery, not the author's.
            let Some(e) = ss
                .ast
                .errors
                .iter()
                .find(|e| e.kind != ShErrorKind::UnterminatedHeredoc)
            else {
                continue;
            };
            let Some((code, at, what)) = describe(ss, e) else {
                continue;
            };
            let f = out.emit(
                ss.span(at),
                format!(
                    "{what}: dash, BusyBox ash and bash all stop with a syntax error, and the RUN fails"
                ),
            );
            f.code = Some(code.into());
            f.cost = Some(Cost::BuildFails);
            f.help = help(e.kind).into();
        }
    }
}

/// ShellCheck's code, what to underline and the problem in words; None for
/// an error one of the shells accepts (or that the parser reports only for
/// bash syntax).
fn describe(ss: &ShellScript, e: &ShError) -> Option<(&'static str, Span, String)> {
    let t = ss.text(e.span);
    // The opening characters of an unterminated construct.
    let opener = |n: usize| {
        let mut n = n.min(t.len());
        while !t.is_char_boundary(n) {
            n -= 1;
        }
        Span::new(e.span.start, e.span.start + n)
    };
    let unterminated = |n: usize, what: &str| {
        let at = opener(n);
        let open = match ss.text(at) {
            "`" => "this backquote".to_string(),
            o => format!("this `{o}`"),
        };
        Some((
            "SC1073",
            at,
            format!("{open} opens {what} that is never closed"),
        ))
    };
    match e.kind {
        ShErrorKind::UnterminatedSingleQuote => unterminated(1, "a single-quoted string"),
        ShErrorKind::UnterminatedDoubleQuote => unterminated(1, "a double-quoted string"),
        ShErrorKind::UnterminatedAnsiC => unterminated(2, "a quoted string"),
        ShErrorKind::UnterminatedBackquote => unterminated(1, "a command substitution"),
        ShErrorKind::UnterminatedCmdSubst if t.starts_with("$((") => {
            unterminated(3, "an arithmetic expansion")
        }
        ShErrorKind::UnterminatedCmdSubst if t.starts_with('$') => {
            unterminated(2, "a command substitution")
        }
        ShErrorKind::UnterminatedCmdSubst => unterminated(2, "a process substitution"),
        ShErrorKind::UnterminatedParam => unterminated(2, "a parameter expansion"),
        ShErrorKind::UnterminatedArith => unterminated(3, "an arithmetic expansion"),
        ShErrorKind::Unexpected => {
            let opens = match t {
                "fi" | "then" | "else" | "elif" => "an `if`",
                "done" | "do" => "a `for`, `while` or `until`",
                "esac" => "a `case`",
                "}" => "a `{`",
                ")" => "a `(`",
                ";;" => "a `case`",
                _ => "",
            };
            let operator = matches!(t, "&&" | "||" | "|" | "|&" | ";" | "&" | ";&" | ";;&");
            if !opens.is_empty() {
                Some(("SC1089", e.span, format!("`{t}` is outside {opens}")))
            } else if operator {
                let what = format!("`{t}` has no command before it");
                Some(("SC1070", e.span, what))
            } else if t == "(" {
                let what = "`(` cannot follow a command's words (a function is `name() { …; }`; quote a literal parenthesis)".to_string();
                Some(("SC1088", e.span, what))
            } else {
                Some(("SC1072", e.span, format!("`{t}` is unexpected here")))
            }
        }
        ShErrorKind::Missing(x) => {
            let (code, what) = match x {
                Expected::Then => ("SC1049", format!("`{t}` has no `then`")),
                Expected::Fi => ("SC1046", format!("`{t}` has no `fi`")),
                Expected::Do => ("SC1058", format!("`{t}` has no `do`")),
                Expected::Done => ("SC1061", format!("`{t}` has no `done`")),
                Expected::In => ("SC1072", format!("`{t}` has no `in`")),
                Expected::Esac => ("SC1072", format!("`{t}` has no `esac`")),
                Expected::CloseParen => ("SC1072", format!("`{t}` is never closed with `)`")),
                Expected::CloseBrace => ("SC1056", format!("`{t}` is never closed with `}}`")),
                // dash runs `[[` as a command: not a syntax error there.
                Expected::CloseBrackets => return None,
                Expected::Command => match t {
                    "&&" | "||" | "|" | "|&" => {
                        ("SC1072", format!("`{t}` has no command after it"))
                    }
                    // bash accepts a lone `!`.
                    "!" => return None,
                    // `function f` with no body is a command in dash.
                    _ if preceded_by_function(ss, e.span) => return None,
                    _ => ("SC1064", format!("the function `{t}` has no body")),
                },
                Expected::Word => (
                    "SC1072",
                    format!("`{t}` lacks the word that must follow it"),
                ),
            };
            Some((code, e.span, what))
        }
        ShErrorKind::UnterminatedHeredoc | ShErrorKind::TooDeep => None,
    }
}

/// `function f` (the keyword before the name).
fn preceded_by_function(ss: &ShellScript, name: Span) -> bool {
    ss.run
        .text
        .get(..name.start)
        .is_some_and(|b| b.trim_end().ends_with("function"))
}

fn help(kind: ShErrorKind) -> &'static str {
    match kind {
        ShErrorKind::UnterminatedSingleQuote => {
            "Close the quote. A `'` cannot appear inside single quotes: write `'it'\\''s'`, or use double quotes."
        }
        ShErrorKind::UnterminatedDoubleQuote
        | ShErrorKind::UnterminatedAnsiC
        | ShErrorKind::UnterminatedBackquote => {
            "Close it, or escape the character with a backslash if it is meant literally."
        }
        ShErrorKind::UnterminatedCmdSubst
        | ShErrorKind::UnterminatedParam
        | ShErrorKind::UnterminatedArith => "Add the closing bracket.",
        ShErrorKind::Unexpected => {
            "Remove it, or add what it closes; a keyword is one only as a command's first word."
        }
        ShErrorKind::Missing(Expected::CloseBrace) => {
            "Add the `}`; it needs a `;` or a newline before it: `{ cmd; }`."
        }
        ShErrorKind::Missing(Expected::Command) => {
            "Add the command, or remove the operator (a `&& \\` left at the end of the RUN's last line is the usual cause)."
        }
        ShErrorKind::Missing(_) => "Add the missing part; each keyword needs a `;` or a newline before it.",
        ShErrorKind::UnterminatedHeredoc | ShErrorKind::TooDeep => "",
    }
}

//! ## What it does
//! Finds bash-only syntax in `RUN` scripts that dash or BusyBox ash runs:
//! the image's `/bin/sh` (dash on Debian and Ubuntu images, BusyBox ash on
//! Alpine) with no `SHELL` choosing bash. Each construct is reported only
//! where it was measured to fail or to do something else in that shell
//! (docs/shell-dialects.md): `[[ ]]`, `==` in `[ ]`, `source`, `let`,
//! `$'…'`, `echo -e`, `function f`, `<( )`, `&>`, `${v:1:2}` and
//! `${v//a/b}` in dash only (BusyBox ash has them); brace expansion
//! `{a,b}`/`{1..5}`, arrays, `${a[i]}`, `${v^^}`, `${!v}`, `<<<`, `|&`,
//! `(( ))`, `for ((…))`, `pushd`, `declare`, `typeset` and `shopt` in
//! both; `set -o pipefail` on a dash older than Debian's 0.5.12-7
//! (bookworm, Ubuntu 24.04). Silent when the shell is bash (a `SHELL`, a
//! heredoc's `#!/bin/bash`, `["bash", "-c", …]`, an image whose `/bin/sh`
//! is bash) or not known.
//!
//! ## Why it matters
//! The script was written for bash and works there; under dash it breaks.
//! A syntax error (arrays, `<( )`, `function f()`), "Bad substitution"
//! (`${v:0:1}`) or `set -o pipefail`'s "Illegal option" stops the build.
//! Worse are the constructs that run and do something else: `[[` is "not
//! found", so `if [[ … ]]` silently takes the `else` branch; `mkdir -p
//! /app/{logs,tmp}` creates one directory named `{logs,tmp}`; `echo -e`
//! prints `-e`; `cmd &> log` runs `cmd` in the background. Error when the
//! build certainly fails, warning when it goes on doing something else.
//! Each finding carries ShellCheck's code (SC3010, SC3009, …), so `#
//! hadolint ignore=SC3009` silences only that construct.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! RUN mkdir -p /app/{logs,tmp} && if [[ -f /etc/debian_version ]]; then echo -e "debian\tyes"; fi
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! RUN mkdir -p /app/logs /app/tmp && if [ -f /etc/debian_version ]; then printf 'debian\tyes\n'; fi
//! ```
//!
//! Or run the script with bash (present in every Debian and Ubuntu image;
//! on Alpine install it first with `apk add --no-cache bash`):
//!
//! ```dockerfile
//! FROM python:3.12-slim
//! SHELL ["/bin/bash", "-c"]
//! RUN mkdir -p /app/{logs,tmp} && if [[ -f /etc/debian_version ]]; then echo -e "debian\tyes"; fi
//! ```
//!
//! ## References
//! - What dash, BusyBox ash and bash do with each construct, measured: docs/shell-dialects.md
//! - ShellCheck, the SC3xxx "In POSIX sh, … is undefined" checks: <https://www.shellcheck.net/wiki/SC3010>
//! - Ubuntu, dash as /bin/sh: <https://wiki.ubuntu.com/DashAsBinSh>
//! - Dockerfile reference, SHELL: <https://docs.docker.com/reference/dockerfile/#shell>

use super::{Cost, Edit, Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::bashisms::{self, effect, Bashism, Effect, Hit};
use crate::shell::dialect::{Dialect, Shell};
use crate::shell::walk::{command_name, failure_ends_script, WordCtx};
use crate::shell::ShellScript;
use crate::Category;
use layerlab_syntax::sh::Part;
use layerlab_syntax::{Severity, Span};

pub(crate) const RULE: &dyn Rule = &ShBashism;

struct ShBashism;

impl Rule for ShBashism {
    fn meta(&self) -> Meta {
        Meta {
            id: "sh-bashism",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "bash-only syntax in a RUN that dash or BusyBox ash runs",
            hadolint: &[
                "SC3010", "SC3014", "SC3046", "SC3039", "SC3044", "SC3009", "SC3030", "SC3054",
                "SC3001", "SC3020", "SC3057", "SC3060", "SC3059", "SC3053", "SC3003", "SC3037",
                "SC2113", "SC2112", "SC3040", "SC3011", "SC3029", "SC3006", "SC3005",
            ],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ss in cx.scripts() {
            if !matches!(ss.shell.dialect, Dialect::Dash | Dialect::Ash) {
                continue;
            }
            for hit in bashisms::find(&ss.ast, &ss.run.text) {
                report(cx, ss, &hit, out);
            }
        }
    }
}

fn report(cx: &RuleCtx, ss: &ShellScript, hit: &Hit, out: &mut Sink) {
    let shell = &ss.shell;
    let eff = match hit.bashism {
        // dash has `set -o pipefail` from Debian's 0.5.12-7 (trixie).
        Bashism::Pipefail if shell.dialect == Dialect::Dash => {
            (shell.dash_pipefail == Some(false)).then_some(Effect::Stops)
        }
        b => effect(b, shell.dialect),
    };
    let Some(eff) = eff else { return };
    let fatal = match eff {
        Effect::Stops => true,
        Effect::CommandFails => {
            let at = hit.command.map(|c| c.span()).unwrap_or(hit.span);
            failure_ends_script(&ss.ast, &ss.run.text, shell.errexit, at)
        }
        Effect::Differs => false,
    };
    let what = what_happens(ss, hit, fatal);
    let msg = format!("{}, and {}: {what}", construct(ss, hit), shell.describe());
    let span = ss.span(hit.span);
    let f = out.emit(span, msg);
    f.code = Some(hit.bashism.code().into());
    f.help = match hit.bashism {
        // Its help already is bash.
        Bashism::Pipefail => instead(hit.bashism).to_string(),
        b => format!("{} {}", instead(b), bash_advice(shell)),
    };
    if fatal {
        f.severity = Severity::Error;
        f.cost = Some(Cost::BuildFails);
    } else {
        f.severity = Severity::Warning;
    }
    f.fix = fix(cx, ss, hit);
}

/// The construct, as the message starts: "`[[ ]]` is bash syntax".
fn construct(ss: &ShellScript, hit: &Hit) -> String {
    let t = ss.text(hit.span);
    match hit.bashism {
        Bashism::DoubleBracket => "`[[ ]]` is bash syntax".into(),
        Bashism::EqEq => "`==` in `[ ]` is bash's (POSIX `[` compares strings with `=`)".into(),
        Bashism::Source | Bashism::Let | Bashism::DirStack | Bashism::BashBuiltin => {
            format!("`{t}` is a bash builtin")
        }
        Bashism::Braces => format!("brace expansion `{t}` is bash's"),
        Bashism::Array => "arrays are bash syntax".into(),
        Bashism::ArrayRef => format!("the array reference `{t}` is bash syntax"),
        Bashism::ProcSubst => format!("process substitution `{t}` is bash syntax"),
        Bashism::OutErr | Bashism::AppendOutErr => format!("`{t}` is bash's redirection of both streams"),
        Bashism::Substring => format!("the substring `{t}` is bash syntax"),
        Bashism::Replace => format!("the replacement `{t}` is bash syntax"),
        Bashism::CaseMod => format!("the case conversion `{t}` is bash syntax"),
        Bashism::Indirect => format!("the indirect expansion `{t}` is bash syntax"),
        Bashism::AnsiC => format!("`{t}` is bash's ANSI-C quoting"),
        Bashism::EchoE => format!("`echo {t}` is bash's echo option"),
        Bashism::FunctionKw | Bashism::FunctionKwParens => {
            "the `function` keyword is bash syntax".into()
        }
        Bashism::Pipefail => {
            "`set -o pipefail` came to Debian's dash in 0.5.12-7 (Debian 13; not in Debian 12 or Ubuntu 24.04)".into()
        }
        Bashism::HereString => "the here-string `<<<` is bash syntax".into(),
        Bashism::PipeErr => "`|&` is bash's pipe of both streams".into(),
        Bashism::Arith => "`(( ))` is bash's arithmetic command".into(),
        Bashism::ForArith => "`for ((…))` is bash's arithmetic loop".into(),
    }
}

/// What the shell does instead, for the message.
fn what_happens(ss: &ShellScript, hit: &Hit, fatal: bool) -> String {
    let sh = ss.shell.name();
    let fails = if fatal {
        "the RUN fails"
    } else {
        "the script goes on without it"
    };
    match hit.bashism {
        Bashism::DoubleBracket if fatal => {
            format!("`[[` is not found (status 127) and {fails}")
        }
        Bashism::DoubleBracket => {
            "`[[` is not found (status 127), so the test is always false and the script goes on silently".into()
        }
        Bashism::EqEq if fatal => {
            format!("`[` stops with \"unexpected operator\" (status 2) and {fails}")
        }
        Bashism::EqEq => {
            "`[` stops with \"unexpected operator\" (status 2), so the test is always false and the script goes on silently".into()
        }
        Bashism::Source | Bashism::Let | Bashism::DirStack | Bashism::BashBuiltin => {
            let t = ss.text(hit.span);
            format!("{sh} has no `{t}` (\"{t}: not found\", status 127) and {fails}")
        }
        Bashism::Braces => braces_effect(ss, hit, sh),
        Bashism::Array | Bashism::ProcSubst | Bashism::FunctionKw | Bashism::FunctionKwParens
        | Bashism::HereString | Bashism::PipeErr | Bashism::ForArith => {
            format!("{sh} stops with a syntax error before running the script, and the RUN fails")
        }
        Bashism::AppendOutErr if ss.shell.dialect == Dialect::Ash => {
            format!("{sh} stops with a syntax error before running the script, and the RUN fails")
        }
        Bashism::ArrayRef
        | Bashism::Substring
        | Bashism::Replace
        | Bashism::CaseMod
        | Bashism::Indirect => {
            format!("{sh} stops there with \"Bad substitution\", and the RUN fails")
        }
        Bashism::OutErr | Bashism::AppendOutErr => {
            "dash reads `cmd &> file` as `cmd &` (run in the background) and `> file` (an empty file): the output is not redirected, and the RUN may end before the command does".into()
        }
        Bashism::AnsiC => {
            let t = ss.text(hit.span);
            let inner = t.get(2..t.len().saturating_sub(1)).unwrap_or("");
            format!("dash reads a `$` and a single-quoted string, so the word is `${inner}`, with the `$` and the backslashes kept")
        }
        Bashism::EchoE => {
            let t = ss.text(hit.span);
            format!("dash's `echo` has no options but `-n`, so it prints `{t}` (it decodes backslash escapes anyway)")
        }
        Bashism::Pipefail => {
            "this dash stops with \"Illegal option -o pipefail\", and the RUN fails".into()
        }
        Bashism::Arith => format!(
            "{sh} reads `((…))` as nested subshells running a command named after the first word: it is not found and the arithmetic does not happen"
        ),
    }
}

/// What an unexpanded brace word does, naming the literal path.
fn braces_effect(ss: &ShellScript, hit: &Hit, sh: &str) -> String {
    let word = hit
        .word
        .map_or(String::new(), |w| ss.text(w.span).to_string());
    if hit.ctx == Some(WordCtx::ForItem) {
        return format!("{sh} does not expand it, so the loop runs once, with `{word}`");
    }
    let name = hit
        .cmd
        .and_then(|c| command_name(c, &ss.run.text))
        .unwrap_or("");
    let does = match name {
        "mkdir" => format!("`mkdir` creates one directory named `{word}`"),
        "touch" => format!("`touch` creates one file named `{word}`"),
        "rm" => format!("`rm` looks for a file named `{word}` and removes nothing"),
        "cp" | "mv" | "ln" | "chmod" | "chown" => {
            format!("`{name}` gets the one path `{word}`, which does not exist")
        }
        "echo" | "printf" => format!("`{name}` prints `{word}`"),
        "" => format!("the command gets `{word}`"),
        _ => format!("`{name}` gets the one argument `{word}`"),
    };
    format!("{sh} does not expand it, so {does}")
}

/// The portable way, for the help.
fn instead(b: Bashism) -> &'static str {
    match b {
        Bashism::DoubleBracket => "Use `[ … ]` (quote the variables; `=` compares strings, `case` matches patterns).",
        Bashism::EqEq => "Use `=`: `[ \"$a\" = b ]` works in every shell.",
        Bashism::Source => "Use `.`, POSIX's `source`: `. ./venv/bin/activate` (a name without `/` is looked up in PATH).",
        Bashism::Let => "Use arithmetic expansion: `x=$((x + 1))`.",
        Bashism::DirStack => "Use `cd`, in a subshell to come back: `(cd dir && make)`.",
        Bashism::BashBuiltin => "Assign plainly (`x=1`, `export x=1`); `shopt` options have no POSIX form.",
        Bashism::Braces => "Write the words out: `mkdir -p /app/logs /app/tmp`.",
        Bashism::Array | Bashism::ArrayRef => "Use a space-separated string or the positional parameters (`set -- a b; \"$1\"`).",
        Bashism::ProcSubst => "Write the command's output to a temporary file first, or use a pipe.",
        Bashism::OutErr | Bashism::AppendOutErr => "Use `> file 2>&1` (`>> file 2>&1` to append).",
        Bashism::Substring => "Use `cut` or `expr`: `$(printf '%s' \"$v\" | cut -c1-3)`.",
        Bashism::Replace => "Use `sed`: `$(printf '%s' \"$v\" | sed 's/a/b/g')`.",
        Bashism::CaseMod => "Use `tr`: `$(printf '%s' \"$v\" | tr a-z A-Z)`.",
        Bashism::Indirect => "Use `eval`: `eval \"value=\\$$name\"`.",
        Bashism::AnsiC => "Use printf: `\"$(printf 'a\\tb')\"`.",
        Bashism::EchoE => "Use printf, the same everywhere: `printf 'a\\tb\\n'`.",
        Bashism::FunctionKw | Bashism::FunctionKwParens => "Drop the keyword: `f() { …; }`.",
        Bashism::Pipefail => "Run the script with bash: SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before this RUN (bash is in every Debian and Ubuntu image), or build on Debian 13 (trixie), whose dash has pipefail.",
        Bashism::HereString => "Use a pipe (`printf '%s\\n' \"$v\" | cmd`) or a here-document.",
        Bashism::PipeErr => "Use `2>&1 |`.",
        Bashism::Arith => "Use arithmetic expansion: `x=$((x + 1))`, or `[ $((a > b)) -eq 1 ]` as a test.",
        Bashism::ForArith => "Use a while loop: `i=0; while [ $i -lt 3 ]; do …; i=$((i + 1)); done`.",
    }
}

/// How to keep the bash syntax instead.
fn bash_advice(shell: &Shell) -> &'static str {
    match shell.dialect {
        Dialect::Dash => "Or run the script with bash: SHELL [\"/bin/bash\", \"-c\"] before this RUN (bash is in every Debian and Ubuntu image; the SHELL applies to every later RUN of the stage).",
        _ => "Or install bash (`apk add --no-cache bash`: Alpine has none) and set SHELL [\"/bin/bash\", \"-c\"] after that RUN.",
    }
}

/// A safe local rewrite where the construct has an exact POSIX equivalent.
fn fix(cx: &RuleCtx, ss: &ShellScript, hit: &Hit) -> Option<Fix> {
    // Every edited piece must be one stretch of the Dockerfile.
    let exact = |s: Span| {
        let d = ss.span(s);
        (cx.text(d) == ss.text(s)).then_some(d)
    };
    match hit.bashism {
        Bashism::EqEq => {
            let d = exact(hit.span)?;
            Some(Fix::replace("Use `=`", d, "="))
        }
        Bashism::Source => {
            let cmd = hit.cmd?;
            let [_, file] = cmd.words.as_slice() else {
                return None;
            };
            if !file.static_text(&ss.run.text)?.contains('/') {
                return None;
            }
            let d = exact(hit.span)?;
            Some(Fix::replace("Use `.`", d, "."))
        }
        Bashism::EchoE => {
            let t = ss.text(hit.span);
            let d = exact(hit.span)?;
            if t == "-e" {
                // The word and the blank after it.
                let rest = &cx.df.source[d.end..];
                let blank = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                Some(Fix::edit(
                    "Remove -e (dash's echo decodes escapes without it)",
                    d.start,
                    d.end + blank,
                    "",
                ))
            } else if t.contains('n') && !t.contains('E') {
                Some(Fix::replace(
                    "Keep only -n (dash's echo decodes escapes without -e)",
                    d,
                    "-n",
                ))
            } else {
                None
            }
        }
        Bashism::FunctionKw | Bashism::FunctionKwParens => {
            let d = exact(hit.span)?;
            let name = ss
                .text(hit.span)
                .trim_start_matches("function")
                .trim_start();
            let parens = if hit.bashism == Bashism::FunctionKw {
                "()"
            } else {
                ""
            };
            Some(Fix::replace(
                "Drop the `function` keyword",
                d,
                format!("{name}{parens}"),
            ))
        }
        Bashism::OutErr | Bashism::AppendOutErr => {
            let r = hit
                .command?
                .redirs()
                .iter()
                .find(|r| r.op_span == hit.span)?;
            if r.fd.is_some() {
                return None;
            }
            let op = exact(r.op_span)?;
            let target = exact(r.target.span)?;
            let to = if hit.bashism == Bashism::OutErr {
                ">"
            } else {
                ">>"
            };
            Some(Fix {
                title: format!("Use `{to} file 2>&1`"),
                edits: vec![
                    Edit {
                        start: op.start,
                        end: op.end,
                        replacement: to.into(),
                    },
                    Edit {
                        start: target.end,
                        end: target.end,
                        replacement: " 2>&1".into(),
                    },
                ],
            })
        }
        Bashism::PipeErr => {
            let d = exact(hit.span)?;
            Some(Fix::replace("Use `2>&1 |`", d, "2>&1 |"))
        }
        Bashism::Braces => {
            let w = hit.word?;
            if hit.ctx == Some(WordCtx::CmdName)
                || !w
                    .parts
                    .iter()
                    .all(|p| matches!(p, Part::Lit(_) | Part::Brace { .. }))
            {
                return None;
            }
            let d = exact(w.span)?;
            let chars: Vec<(char, bool)> = ss.text(w.span).chars().map(|c| (c, true)).collect();
            let words = crate::sim::run::braces::expand(&chars, &mut 100_000)?;
            if words.len() > 16 {
                return None;
            }
            Some(Fix::replace(
                "Write the expanded words out",
                d,
                words.join(" "),
            ))
        }
        _ => None,
    }
}

//! Bash-only constructs in a parsed script, and what dash and BusyBox ash
//! do with each, as measured in docs/shell-dialects.md
//! (`scripts/verify-dialects`).
//!
//! [`find`] lists the constructs (dialect-neutral); [`effect`] says what a
//! shell does with one. Here-document bodies are data handed to a command,
//! not script: nothing in them is reported.

use super::dialect::Dialect;
use super::walk::{self, command_name, WordCtx};
use layerlab_syntax::sh::{
    AssignValue, Command, Node, ParamOpKind, Part, RedirOp, Script, SimpleCmd, Word,
};
use layerlab_syntax::Span;

/// A bash-only construct.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bashism {
    /// `[[ … ]]`
    DoubleBracket,
    /// `==` in `[ … ]` or `test`
    EqEq,
    /// `source file`
    Source,
    /// `let x=1+1`
    Let,
    /// `pushd`, `popd`
    DirStack,
    /// `declare`, `typeset`, `shopt`
    BashBuiltin,
    /// `{a,b}`, `{1..5}` in a command word
    Braces,
    /// `a=(x y)`
    Array,
    /// `${a[1]}`
    ArrayRef,
    /// `<(cmd)`, `>(cmd)`
    ProcSubst,
    /// `cmd &> file`
    OutErr,
    /// `cmd &>> file`
    AppendOutErr,
    /// `${v:1:2}`
    Substring,
    /// `${v/a/b}`, `${v//a/b}`
    Replace,
    /// `${v^^}`, `${v,,}`
    CaseMod,
    /// `${!v}`
    Indirect,
    /// `$'…'`
    AnsiC,
    /// `echo -e`, `echo -ne`
    EchoE,
    /// `function f { … }`
    FunctionKw,
    /// `function f() { … }`
    FunctionKwParens,
    /// `set -o pipefail` (dash from Debian's 0.5.12-7 only)
    Pipefail,
    /// `cat <<< word`
    HereString,
    /// `cmd |& cmd`
    PipeErr,
    /// `(( … ))`
    Arith,
    /// `for ((i=0; i<3; i++))`
    ForArith,
}

impl Bashism {
    /// ShellCheck's code for it (its "In POSIX sh, … is undefined").
    pub fn code(self) -> &'static str {
        match self {
            Bashism::DoubleBracket => "SC3010",
            Bashism::EqEq => "SC3014",
            Bashism::Source => "SC3046",
            Bashism::Let => "SC3039",
            Bashism::DirStack | Bashism::BashBuiltin => "SC3044",
            Bashism::Braces => "SC3009",
            Bashism::Array => "SC3030",
            Bashism::ArrayRef => "SC3054",
            Bashism::ProcSubst => "SC3001",
            Bashism::OutErr | Bashism::AppendOutErr => "SC3020",
            Bashism::Substring => "SC3057",
            Bashism::Replace => "SC3060",
            Bashism::CaseMod => "SC3059",
            Bashism::Indirect => "SC3053",
            Bashism::AnsiC => "SC3003",
            Bashism::EchoE => "SC3037",
            Bashism::FunctionKw => "SC2113",
            Bashism::FunctionKwParens => "SC2112",
            Bashism::Pipefail => "SC3040",
            Bashism::HereString => "SC3011",
            Bashism::PipeErr => "SC3029",
            Bashism::Arith => "SC3006",
            Bashism::ForArith => "SC3005",
        }
    }
}

/// What a shell does with a construct it does not have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// The shell stops with an error: a syntax error (the script does not
    /// run at all), "Bad substitution", or `set`'s "Illegal option".
    Stops,
    /// The command fails (not found, status 127; `[`'s "unexpected
    /// operator", status 2): the RUN fails when that status ends the
    /// script, otherwise the script goes on without it.
    CommandFails,
    /// It runs and does something else, silently.
    Differs,
}

/// What `dialect` does with `b` (None: it does what bash does, or the
/// shell is not known). `set -o pipefail` depends on dash's version: the
/// caller decides it ([`super::dialect::Shell::dash_pipefail`]).
pub fn effect(b: Bashism, dialect: Dialect) -> Option<Effect> {
    use Bashism::*;
    use Effect::*;
    // (dash, BusyBox ash), from docs/shell-dialects.md.
    let (dash, ash) = match b {
        DoubleBracket | EqEq | Source | Let => (Some(CommandFails), None),
        DirStack | BashBuiltin => (Some(CommandFails), Some(CommandFails)),
        Braces | Arith => (Some(Differs), Some(Differs)),
        Array | ArrayRef | CaseMod | Indirect | HereString | PipeErr | ForArith => {
            (Some(Stops), Some(Stops))
        }
        ProcSubst | Substring | Replace | FunctionKw | FunctionKwParens | Pipefail => {
            (Some(Stops), None)
        }
        OutErr | AnsiC | EchoE => (Some(Differs), None),
        // dash backgrounds the command; BusyBox ash rejects the operator.
        AppendOutErr => (Some(Differs), Some(Stops)),
    };
    match dialect {
        Dialect::Dash => dash,
        Dialect::Ash => ash,
        Dialect::Bash | Dialect::Posix | Dialect::NotPosix => None,
    }
}

/// One construct found.
#[derive(Clone, Copy, Debug)]
pub struct Hit<'s> {
    pub bashism: Bashism,
    /// What to underline (script span).
    pub span: Span,
    /// The command it is in or is (for messages, positions and fixes).
    pub cmd: Option<&'s SimpleCmd>,
    /// The compound command it is (`[[ ]]`, `function`), or the command
    /// that holds it when that is not a simple command.
    pub command: Option<&'s Command>,
    /// The word it is in (braces, `$'…'`, parameters), with its context.
    pub word: Option<&'s Word>,
    pub ctx: Option<WordCtx>,
}

impl<'s> Hit<'s> {
    fn new(bashism: Bashism, span: Span) -> Hit<'s> {
        Hit {
            bashism,
            span,
            cmd: None,
            command: None,
            word: None,
            ctx: None,
        }
    }
}

/// Every bash-only construct of the script, in source order, outside
/// here-document bodies.
pub fn find<'s>(script: &'s Script, src: &str) -> Vec<Hit<'s>> {
    let mut out = Vec::new();
    let in_heredoc = |s: Span| {
        script
            .heredocs
            .iter()
            .any(|h| h.body.start <= s.start && s.start < h.body.end)
    };
    script.walk(&mut |n| {
        if in_heredoc(n.span()) {
            return;
        }
        match n {
            Node::Command(c) => command(c, src, &mut out),
            Node::Pipeline(p) => {
                for (s, err) in &p.pipes {
                    if *err {
                        out.push(Hit::new(Bashism::PipeErr, *s));
                    }
                }
            }
            Node::Assign(a) => {
                if let AssignValue::Array { span, .. } = &a.value {
                    out.push(Hit::new(Bashism::Array, Span::new(a.span.start, span.end)));
                }
            }
            _ => {}
        }
    });
    for w in walk::words(script) {
        if in_heredoc(w.word.span) {
            continue;
        }
        word(w.word, w.ctx, w.cmd, src, &mut out);
    }
    layerlab_sort::sort_by_key(&mut out, |h| (h.span.start, h.span.end));
    out
}

fn command<'s>(c: &'s Command, src: &str, out: &mut Vec<Hit<'s>>) {
    for r in c.redirs() {
        let b = match r.op {
            RedirOp::OutErr => Bashism::OutErr,
            RedirOp::AppendOutErr => Bashism::AppendOutErr,
            RedirOp::HereString => Bashism::HereString,
            _ => continue,
        };
        out.push(Hit {
            command: Some(c),
            cmd: match c {
                Command::Simple(s) => Some(s),
                _ => None,
            },
            ..Hit::new(b, r.op_span)
        });
    }
    match c {
        Command::DoubleBracket { span, .. } => {
            let open = Span::new(span.start, (span.start + 2).min(span.end));
            out.push(Hit {
                command: Some(c),
                ..Hit::new(Bashism::DoubleBracket, open)
            });
        }
        Command::Func {
            name,
            keyword: Some(kw),
            ..
        } => {
            let after = src.get(name.end..).unwrap_or("").trim_start();
            let b = if after.starts_with('(') {
                Bashism::FunctionKwParens
            } else {
                Bashism::FunctionKw
            };
            out.push(Hit {
                command: Some(c),
                ..Hit::new(b, Span::new(kw.start, name.end))
            });
        }
        Command::ForArith { head, .. } => out.push(Hit {
            command: Some(c),
            ..Hit::new(Bashism::ForArith, *head)
        }),
        Command::Arith { span, .. } => out.push(Hit {
            command: Some(c),
            ..Hit::new(Bashism::Arith, *span)
        }),
        Command::Simple(s) => simple(s, c, src, out),
        _ => {}
    }
}

fn simple<'s>(s: &'s SimpleCmd, c: &'s Command, src: &str, out: &mut Vec<Hit<'s>>) {
    let Some(name) = command_name(s, src) else {
        return;
    };
    // `/bin/echo -e`, `/usr/bin/test a == b`: programs (GNU's take these),
    // not the shell's builtins.
    if src.get(s.words[0].span.start..s.words[0].span.end) != Some(name) {
        return;
    }
    let text = |w: &Word| w.static_text(src);
    let hit = |b: Bashism, span: Span| Hit {
        cmd: Some(s),
        command: Some(c),
        ..Hit::new(b, span)
    };
    let name_span = s.words[0].span;
    match name {
        "source" => out.push(hit(Bashism::Source, name_span)),
        "let" => out.push(hit(Bashism::Let, name_span)),
        "pushd" | "popd" => out.push(hit(Bashism::DirStack, name_span)),
        "declare" | "typeset" | "shopt" => out.push(hit(Bashism::BashBuiltin, name_span)),
        "[" | "test" => {
            for w in &s.words[1..] {
                if text(w).as_deref() == Some("==") {
                    out.push(hit(Bashism::EqEq, w.span));
                }
            }
        }
        "echo" => {
            for w in &s.words[1..] {
                let Some(t) = text(w) else { break };
                let is_flag = t.len() > 1
                    && t.starts_with('-')
                    && t[1..].chars().all(|c| matches!(c, 'n' | 'e' | 'E'));
                if !is_flag {
                    break;
                }
                if t.contains('e') {
                    out.push(hit(Bashism::EchoE, w.span));
                    break;
                }
            }
        }
        "set" => {
            let args: Vec<Option<String>> = s.words[1..].iter().map(text).collect();
            for (i, a) in args.iter().enumerate() {
                let Some(a) = a else { continue };
                let takes_name = a.starts_with('-') && !a.starts_with("--") && a.contains('o');
                if takes_name && args.get(i + 1).and_then(|n| n.as_deref()) == Some("pipefail") {
                    let span = Span::new(s.words[i + 1].span.start, s.words[i + 2].span.end);
                    out.push(hit(Bashism::Pipefail, span));
                }
            }
        }
        _ => {}
    }
}

/// Constructs in a word's own parts (words nested in command
/// substitutions and `${…}` operators come separately from
/// [`walk::words`]).
fn word<'s>(
    w: &'s Word,
    ctx: WordCtx,
    cmd: Option<&'s SimpleCmd>,
    src: &str,
    out: &mut Vec<Hit<'s>>,
) {
    let hit = |b: Bashism, span: Span| Hit {
        cmd,
        word: Some(w),
        ctx: Some(ctx),
        ..Hit::new(b, span)
    };
    // Only command words are brace-expanded (not assignments, `[[ ]]`
    // operands, `case` words or redirection targets).
    let expands = matches!(ctx, WordCtx::CmdName | WordCtx::Arg | WordCtx::ForItem);
    let mut stack: Vec<&'s [Part]> = vec![&w.parts];
    while let Some(parts) = stack.pop() {
        for p in parts {
            match p {
                Part::DoubleQ { parts, .. } => stack.push(parts),
                Part::Brace {
                    span, seq, items, ..
                } if expands && (!seq || is_sequence(items, src)) => {
                    out.push(hit(Bashism::Braces, *span))
                }
                Part::AnsiC(span) => out.push(hit(Bashism::AnsiC, *span)),
                Part::ProcSubst { span, .. } => out.push(hit(Bashism::ProcSubst, *span)),
                Part::Param(pa) => {
                    let b = if pa.index.is_some() {
                        Some(Bashism::ArrayRef)
                    } else if pa.indirect {
                        Some(Bashism::Indirect)
                    } else {
                        match pa.op.as_ref().map(|o| o.kind) {
                            Some(ParamOpKind::Substring) => Some(Bashism::Substring),
                            Some(ParamOpKind::Replace) => Some(Bashism::Replace),
                            Some(ParamOpKind::Case) => Some(Bashism::CaseMod),
                            _ => None,
                        }
                    };
                    if let Some(b) = b {
                        out.push(hit(b, pa.span));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether `{x..y}` (or `{x..y..step}`) is a sequence bash expands: both
/// ends integers, or both single letters, and an integer step.
fn is_sequence(items: &[Span], src: &str) -> bool {
    let [a, rest] = items else { return false };
    let a = src.get(a.start..a.end).unwrap_or("");
    let rest = src.get(rest.start..rest.end).unwrap_or("");
    let (b, step) = match rest.split_once("..") {
        Some((b, step)) => (b, Some(step)),
        None => (rest, None),
    };
    let int = |t: &str| t.parse::<i64>().is_ok();
    let letter = |t: &str| t.len() == 1 && t.bytes().all(|c| c.is_ascii_alphabetic());
    step.is_none_or(int) && ((int(a) && int(b)) || (letter(a) && letter(b)))
}

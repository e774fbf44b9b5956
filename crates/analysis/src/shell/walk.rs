//! Walks over a parsed script that know where a word stands: a command
//! argument is split and globbed, an assignment value or a `[[ ]]` operand
//! is not. The shell rules ask these instead of re-walking the AST.

use layerlab_syntax::sh::{
    AndOr, AndOrOp, AssignValue, Command, List, Param, Part, Pipeline, Script, SimpleCmd, Term,
    Word,
};
use layerlab_syntax::Span;

/// Where a word stands, which decides whether the shell splits and globs
/// its unquoted expansions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordCtx {
    /// The command name (`$cmd args`).
    CmdName,
    /// A command argument: split and globbed.
    Arg,
    /// An assignment value (`a=$b`): not split.
    Assign,
    /// The value of `export`/`local`/`declare`/`readonly`/`typeset a=$b`:
    /// not split by bash, split by dash (a POSIX-2008 grey area).
    DeclAssign,
    /// An array element (`a=( $b )`): split.
    ArrayItem,
    /// A redirection target (`> $f`): not split by bash (an error if it
    /// would be), split by dash.
    RedirTarget,
    /// A word of `for v in …`: split.
    ForItem,
    /// The word of `case … in`: not split.
    CaseWord,
    /// A `case` pattern: not split.
    CasePattern,
    /// An operand of bash `[[ ]]`: not split.
    DoubleBracket,
    /// The argument of a `${v:-…}`-style operator (the context of the outer
    /// word decides).
    ParamArg,
}

impl WordCtx {
    /// Whether unquoted expansions in this position are split into words
    /// and globbed.
    pub fn splits(self) -> bool {
        matches!(
            self,
            WordCtx::CmdName | WordCtx::Arg | WordCtx::ArrayItem | WordCtx::ForItem
        )
    }
}

/// A word with where it stands and the simple command around it.
#[derive(Clone, Copy, Debug)]
pub struct WordAt<'s> {
    pub word: &'s Word,
    pub ctx: WordCtx,
    /// The simple command whose name, argument or assignment this word is.
    pub cmd: Option<&'s SimpleCmd>,
}

/// Every word of the script with its context, in source order, including
/// words inside command substitutions (which start a new context) and the
/// arguments of `${v:-…}` operators.
pub fn words(script: &Script) -> Vec<WordAt<'_>> {
    let mut out = Vec::new();
    list(&script.body, &mut out);
    out
}

fn list<'s>(l: &'s List, out: &mut Vec<WordAt<'s>>) {
    for ao in &l.items {
        and_or(ao, out);
    }
}

fn and_or<'s>(ao: &'s AndOr, out: &mut Vec<WordAt<'s>>) {
    pipeline(&ao.head, out);
    for (_, _, p) in &ao.tail {
        pipeline(p, out);
    }
}

fn pipeline<'s>(p: &'s Pipeline, out: &mut Vec<WordAt<'s>>) {
    for c in &p.cmds {
        command(c, out);
    }
}

fn push<'s>(w: &'s Word, ctx: WordCtx, cmd: Option<&'s SimpleCmd>, out: &mut Vec<WordAt<'s>>) {
    out.push(WordAt { word: w, ctx, cmd });
    nested(&w.parts, cmd, out);
}

/// Words nested in a word's parts: command substitutions (their own
/// commands) and parameter operator arguments.
fn nested<'s>(parts: &'s [Part], cmd: Option<&'s SimpleCmd>, out: &mut Vec<WordAt<'s>>) {
    for p in parts {
        match p {
            Part::DoubleQ { parts, .. } => nested(parts, cmd, out),
            Part::Param(Param { op: Some(op), .. }) => {
                out.push(WordAt {
                    word: &op.arg,
                    ctx: WordCtx::ParamArg,
                    cmd,
                });
                nested(&op.arg.parts, cmd, out);
            }
            Part::CmdSubst { body, .. } | Part::ProcSubst { body, .. } => list(body, out),
            _ => {}
        }
    }
}

fn assigns<'s>(s: &'s SimpleCmd, out: &mut Vec<WordAt<'s>>) {
    for (a, ctx) in s
        .assigns
        .iter()
        .map(|a| (a, WordCtx::Assign))
        .chain(s.decl_assigns.iter().map(|a| (a, WordCtx::DeclAssign)))
    {
        match &a.value {
            AssignValue::Word(w) => push(w, ctx, Some(s), out),
            AssignValue::Array { items, .. } => {
                for w in items {
                    push(w, WordCtx::ArrayItem, Some(s), out);
                }
            }
        }
    }
}

fn command<'s>(c: &'s Command, out: &mut Vec<WordAt<'s>>) {
    match c {
        Command::Simple(s) => {
            assigns(s, out);
            for (i, w) in s.words.iter().enumerate() {
                // `export a=$b` keeps the assignment in decl_assigns, not in
                // words; a plain word here is an argument.
                let ctx = if i == 0 {
                    WordCtx::CmdName
                } else {
                    WordCtx::Arg
                };
                push(w, ctx, Some(s), out);
            }
        }
        Command::Subshell { body, .. } | Command::Group { body, .. } => list(body, out),
        Command::If { arms, else_, .. } => {
            for (c, b) in arms {
                list(c, out);
                list(b, out);
            }
            if let Some(e) = else_ {
                list(e, out);
            }
        }
        Command::For { items, body, .. } => {
            for w in items.iter().flatten() {
                push(w, WordCtx::ForItem, None, out);
            }
            list(body, out);
        }
        Command::ForArith { body, .. } => list(body, out),
        Command::Loop { cond, body, .. } => {
            list(cond, out);
            list(body, out);
        }
        Command::Case { word, arms, .. } => {
            push(word, WordCtx::CaseWord, None, out);
            for a in arms {
                for p in &a.patterns {
                    push(p, WordCtx::CasePattern, None, out);
                }
                list(&a.body, out);
            }
        }
        Command::Func { body, .. } => command(body, out),
        Command::DoubleBracket { words, .. } => {
            for w in words {
                push(w, WordCtx::DoubleBracket, None, out);
            }
        }
        Command::Arith { .. } => {}
    }
    let cmd = match c {
        Command::Simple(s) => Some(s),
        _ => None,
    };
    for r in c.redirs() {
        push(&r.target, WordCtx::RedirTarget, cmd, out);
    }
}

/// The command's name as a plain literal (`/usr/bin/env` is skipped), or
/// None for a computed or absent name.
pub fn command_name<'s>(cmd: &SimpleCmd, src: &'s str) -> Option<&'s str> {
    let w = cmd.words.first()?;
    if !w.is_plain_literal() {
        return None;
    }
    let t = src.get(w.span.start..w.span.end)?;
    Some(t.rsplit('/').next().unwrap_or(t))
}

/// Whether `set -e` (or `-o errexit`, or a flag group with `e`) runs at the
/// top level of the script before byte `at`.
pub fn errexit_before(script: &Script, src: &str, at: usize) -> bool {
    let mut on = false;
    for ao in &script.body.items {
        if ao.span.start >= at {
            break;
        }
        for p in std::iter::once(&ao.head).chain(ao.tail.iter().map(|(_, _, p)| p)) {
            for c in &p.cmds {
                let Command::Simple(s) = c else { continue };
                if command_name(s, src) != Some("set") {
                    continue;
                }
                let args: Vec<&str> = s.words[1..]
                    .iter()
                    .filter_map(|w| src.get(w.span.start..w.span.end))
                    .collect();
                for (i, a) in args.iter().enumerate() {
                    if a.starts_with('-') && !a.starts_with("--") && a[1..].contains('e') {
                        on = true;
                    } else if a.starts_with('+') && a[1..].contains('e') {
                        on = false;
                    } else if *a == "-o" && args.get(i + 1) == Some(&"errexit") {
                        on = true;
                    } else if *a == "+o" && args.get(i + 1) == Some(&"errexit") {
                        on = false;
                    }
                }
            }
        }
    }
    on
}

/// Whether the command at `cmd` (a command's span), failing, certainly ends
/// the script with a non-zero status, so that the RUN fails: it is a
/// top-level command, not under `!` or in the background, the status of its
/// pipeline (its last command), followed in its `&&`/`||` list only by
/// `&&`, and either in the script's last list item or, with `set -e` in
/// force (`errexit_at_start` or a `set -e` before it), the last of its list.
pub fn failure_ends_script(script: &Script, src: &str, errexit_at_start: bool, cmd: Span) -> bool {
    let items = &script.body.items;
    let Some(i) = items
        .iter()
        .position(|ao| ao.span.start <= cmd.start && cmd.end <= ao.span.end)
    else {
        return false;
    };
    let ao = &items[i];
    if matches!(ao.term, Some((Term::Amp, _))) {
        return false;
    }
    let pipelines: Vec<&Pipeline> = std::iter::once(&ao.head)
        .chain(ao.tail.iter().map(|(_, _, p)| p))
        .collect();
    let Some(j) = pipelines
        .iter()
        .position(|p| p.cmds.last().is_some_and(|c| c.span() == cmd))
    else {
        return false;
    };
    if pipelines[j].bang.is_some() || ao.tail[j..].iter().any(|(op, _, _)| *op == AndOrOp::Or) {
        return false;
    }
    let last_item = i + 1 == items.len();
    let last_of_list = j + 1 == pipelines.len();
    last_item || (last_of_list && (errexit_at_start || errexit_before(script, src, cmd.start)))
}

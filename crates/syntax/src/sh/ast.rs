//! The shell AST. Every node carries a [`Span`]: script-local byte offsets.
//!
//! The tree is dialect-neutral: bash-only forms (`[[ ]]`, `(( ))`, arrays,
//! `$'…'`, `<( )`, `function`, `&>`, brace expansion, `${v:o:l}`, `${v//p/r}`)
//! are recognised and kept as their own nodes, so a later pass can decide what
//! the shell in force makes of them.

use crate::Span;
use serde::Serialize;

/// A parsed script: its top-level list, the here-document bodies (referenced
/// by [`Redir::heredoc`]), and the parse errors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Script {
    pub body: List,
    pub heredocs: Vec<HereDoc>,
    pub errors: Vec<ShError>,
    /// Nesting went deeper than [`MAX_DEPTH`](super::MAX_DEPTH): parsing
    /// stopped there and the tree is partial.
    pub depth_capped: bool,
}

/// Commands separated by `;`, `&` or newlines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct List {
    pub items: Vec<AndOr>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AndOrOp {
    And,
    Or,
}

/// How a list item ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Term {
    Semi,
    Amp,
    Newline,
}

/// `p1 && p2 || p3`, with the separator that ends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AndOr {
    pub head: Pipeline,
    pub tail: Vec<(AndOrOp, Span, Pipeline)>,
    pub term: Option<(Term, Span)>,
    /// From the head to the last pipeline (the terminator excluded).
    pub span: Span,
}

/// `[!] c1 | c2 |& c3`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pipeline {
    pub bang: Option<Span>,
    pub cmds: Vec<Command>,
    /// One per `|` between commands; `true` for `|&`.
    pub pipes: Vec<(Span, bool)>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Command {
    Simple(SimpleCmd),
    /// `( list )`
    Subshell {
        body: List,
        span: Span,
        redirs: Vec<Redir>,
    },
    /// `{ list; }`
    Group {
        body: List,
        span: Span,
        redirs: Vec<Redir>,
    },
    /// `if c; then b; elif c; then b; else b; fi`: one `(condition, body)`
    /// per `if`/`elif`.
    If {
        arms: Vec<(List, List)>,
        else_: Option<List>,
        span: Span,
        redirs: Vec<Redir>,
    },
    /// `for v [in words]; do body; done` (`items` is `None` without `in`).
    For {
        var: Span,
        items: Option<Vec<Word>>,
        body: List,
        span: Span,
        redirs: Vec<Redir>,
    },
    /// bash `for ((init; cond; step)); do body; done`; `head` is the `((…))`.
    ForArith {
        head: Span,
        body: List,
        span: Span,
        redirs: Vec<Redir>,
    },
    /// `while`/`until cond; do body; done`.
    Loop {
        until: bool,
        cond: List,
        body: List,
        span: Span,
        redirs: Vec<Redir>,
    },
    /// `case word in p1|p2) list ;; esac`.
    Case {
        word: Word,
        arms: Vec<CaseArm>,
        span: Span,
        redirs: Vec<Redir>,
    },
    /// `name() body` or `function name [()] body`.
    Func {
        name: Span,
        keyword: Option<Span>,
        body: Box<Command>,
        span: Span,
    },
    /// bash `[[ … ]]`. Operators (`&&`, `||`, `!`, `(`, `)`, `<`, `>`) appear
    /// as one-part literal words; the `[[` and `]]` are not in `words`.
    DoubleBracket {
        words: Vec<Word>,
        span: Span,
        redirs: Vec<Redir>,
    },
    /// bash `(( … ))`, kept as text.
    Arith {
        span: Span,
        redirs: Vec<Redir>,
    },
}

impl Command {
    pub fn span(&self) -> Span {
        match self {
            Command::Simple(s) => s.span,
            Command::Subshell { span, .. }
            | Command::Group { span, .. }
            | Command::If { span, .. }
            | Command::For { span, .. }
            | Command::ForArith { span, .. }
            | Command::Loop { span, .. }
            | Command::Case { span, .. }
            | Command::Func { span, .. }
            | Command::DoubleBracket { span, .. }
            | Command::Arith { span, .. } => *span,
        }
    }

    /// Redirections applied to the whole command.
    pub fn redirs(&self) -> &[Redir] {
        match self {
            Command::Simple(s) => &s.redirs,
            Command::Subshell { redirs, .. }
            | Command::Group { redirs, .. }
            | Command::If { redirs, .. }
            | Command::For { redirs, .. }
            | Command::ForArith { redirs, .. }
            | Command::Loop { redirs, .. }
            | Command::Case { redirs, .. }
            | Command::DoubleBracket { redirs, .. }
            | Command::Arith { redirs, .. } => redirs,
            Command::Func { .. } => &[],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaseArm {
    pub patterns: Vec<Word>,
    pub body: List,
    /// `;;`, `;&` or `;;&`; `None` for the last arm before `esac`.
    pub term: Option<Span>,
    pub span: Span,
}

/// Assignments, words and redirections, in any order in the source; each
/// list is in source order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SimpleCmd {
    /// `A=1 B=2 cmd`: the assignments before the command name.
    pub assigns: Vec<Assign>,
    /// The `name=value` arguments of a declaration builtin (`export`,
    /// `local`, `declare`, `readonly`, `typeset`), which are not in `words`:
    /// `export A=$(cmd) B` has words `export`, `B`.
    pub decl_assigns: Vec<Assign>,
    pub words: Vec<Word>,
    pub redirs: Vec<Redir>,
    pub span: Span,
}

/// `name=value`, `name+=value`, `name[i]=value`, `name=(a b)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assign {
    pub name: Span,
    /// `[i]` of `name[i]=v`, brackets included.
    pub index: Option<Span>,
    pub append: bool,
    pub value: AssignValue,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum AssignValue {
    /// Possibly empty (`a=`: no parts, empty span after the `=`).
    Word(Word),
    /// bash `(a b c)`; the span covers the parentheses.
    Array { items: Vec<Word>, span: Span },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RedirOp {
    /// `<`
    In,
    /// `>`
    Out,
    /// `>>`
    Append,
    /// `>|`
    Clobber,
    /// `<>`
    ReadWrite,
    /// `<&`
    DupIn,
    /// `>&`
    DupOut,
    /// `&>` (bash)
    OutErr,
    /// `&>>` (bash)
    AppendOutErr,
    /// `<<<` (bash)
    HereString,
    /// `<<`
    HereDoc,
    /// `<<-`
    HereDocStrip,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Redir {
    /// The file descriptor written before the operator (`2>`).
    pub fd: Option<u32>,
    pub op: RedirOp,
    pub op_span: Span,
    /// The target; for here-documents, the delimiter word as written.
    pub target: Word,
    /// Index into [`Script::heredocs`] for `<<` and `<<-`.
    pub heredoc: Option<usize>,
    pub span: Span,
}

/// A here-document body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HereDoc {
    /// The delimiter with quotes removed (`'EOF'` → `EOF`).
    pub delim: String,
    /// The delimiter was quoted: the body is not expanded.
    pub quoted: bool,
    /// `<<-`: leading tabs are stripped from body lines and the terminator.
    pub strip_tabs: bool,
    /// The body lines, from the line after the command to just before the
    /// terminator line (each line's newline included).
    pub body: Span,
    /// The terminator line without its newline; `None` when the body runs to
    /// the end of the script.
    pub end: Option<Span>,
    /// For an unquoted delimiter, the body as literal text and expansions
    /// (`$v`, `${…}`, `$(…)`, backquotes, `$((…))`, `\$`); empty when quoted.
    pub parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Word {
    pub parts: Vec<Part>,
    pub span: Span,
}

impl Word {
    /// True when the word is made only of unquoted literal text (no quotes,
    /// escapes or expansions), e.g. a reserved word candidate.
    pub fn is_plain_literal(&self) -> bool {
        self.parts.iter().all(|p| matches!(p, Part::Lit(_)))
    }

    /// The word's value after quote removal when it has no expansion at all
    /// (`'a b'`, `"x"y`, `a\ b`), given the script it was parsed from;
    /// `None` if any part expands (parameters, substitutions, globs, braces,
    /// tildes) or is `$'…'`.
    pub fn static_text(&self, src: &str) -> Option<String> {
        let mut out = String::new();
        static_parts(&self.parts, src, &mut out).then_some(out)
    }
}

fn static_parts(parts: &[Part], src: &str, out: &mut String) -> bool {
    for p in parts {
        let s = p.span();
        let t = src.get(s.start..s.end).unwrap_or("");
        match p {
            Part::Lit(_) => out.push_str(t),
            // A backslash-newline never becomes a part, so this is `\c`.
            Part::Escaped(_) => out.push_str(t.get(1..).unwrap_or("")),
            Part::SingleQ(_) => {
                let inner = t.get(1..).unwrap_or("");
                out.push_str(inner.strip_suffix('\'').unwrap_or(inner));
            }
            Part::DoubleQ { parts, .. } => {
                if !static_parts(parts, src, out) {
                    return false;
                }
            }
            _ => return false,
        }
    }
    true
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Part {
    /// Unquoted literal text.
    Lit(Span),
    /// `\c` (backslash included).
    Escaped(Span),
    /// `'…'` (quotes included).
    SingleQ(Span),
    /// `$'…'` (bash; `$` and quotes included).
    AnsiC(Span),
    /// `"…"` (or `$"…"`), with its expansions.
    DoubleQ { parts: Vec<Part>, span: Span },
    /// `$name`, `$1`, `$?`, `${…}`.
    Param(Param),
    /// `$(…)` or `` `…` ``.
    CmdSubst {
        body: List,
        backquote: bool,
        span: Span,
    },
    /// `$((…))`, kept as text.
    ArithSubst(Span),
    /// `<(…)` (`out: false`) or `>(…)` (`out: true`), bash.
    ProcSubst { out: bool, body: List, span: Span },
    /// `{a,b}` or `{1..5}` (bash; literal in dash and ash). `items` are the
    /// raw texts between the braces and commas (for a sequence, the two ends).
    Brace {
        items: Vec<Span>,
        seq: bool,
        span: Span,
    },
    /// `*`, `?` or a bracket expression `[…]`.
    Glob(Span),
    /// `~` or `~user` at the start of a word or assignment value.
    Tilde(Span),
}

impl Part {
    pub fn span(&self) -> Span {
        match self {
            Part::Lit(s)
            | Part::Escaped(s)
            | Part::SingleQ(s)
            | Part::AnsiC(s)
            | Part::ArithSubst(s)
            | Part::Glob(s)
            | Part::Tilde(s) => *s,
            Part::DoubleQ { span, .. }
            | Part::CmdSubst { span, .. }
            | Part::ProcSubst { span, .. }
            | Part::Brace { span, .. } => *span,
            Part::Param(p) => p.span,
        }
    }
}

/// A parameter expansion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Param {
    /// The name, digits or special character (`@ * # ? - $ ! 0-9`).
    pub name: Span,
    pub braced: bool,
    /// `${#v}`
    pub length: bool,
    /// `${!v}` (bash)
    pub indirect: bool,
    /// `[i]` of `${a[i]}`, brackets included.
    pub index: Option<Span>,
    pub op: Option<ParamOp>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ParamOpKind {
    /// `-` / `:-`
    Default { colon: bool },
    /// `=` / `:=`
    Assign { colon: bool },
    /// `?` / `:?`
    Error { colon: bool },
    /// `+` / `:+`
    Alternative { colon: bool },
    /// `#` / `##`
    RemovePrefix { longest: bool },
    /// `%` / `%%`
    RemoveSuffix { longest: bool },
    /// `/`, `//`, `/#`, `/%` (bash)
    Replace,
    /// `:offset[:length]` (bash)
    Substring,
    /// `^`, `^^`, `,`, `,,` (bash)
    Case,
    /// `@Q` and the like (bash)
    Transform,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParamOp {
    pub kind: ParamOpKind,
    /// The operator's characters.
    pub op: Span,
    /// What follows the operator, up to the closing `}`.
    pub arg: Word,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ShErrorKind {
    UnterminatedSingleQuote,
    UnterminatedDoubleQuote,
    UnterminatedAnsiC,
    UnterminatedBackquote,
    /// `$(` or `<(`/`>(` without `)`.
    UnterminatedCmdSubst,
    /// `${` without `}`.
    UnterminatedParam,
    /// `$((` or `((` without `))`.
    UnterminatedArith,
    /// A here-document without its terminator line (bash and dash accept it
    /// with a warning).
    UnterminatedHeredoc,
    /// A token that cannot appear here: an unmatched `)`, `}`, `fi`, `done`,
    /// `esac`, `then`, …, or an operator with no command before it.
    Unexpected,
    /// The construct whose span is given lacks a part.
    Missing(Expected),
    /// Nesting deeper than [`MAX_DEPTH`](super::MAX_DEPTH).
    TooDeep,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Expected {
    Then,
    Fi,
    Do,
    Done,
    In,
    Esac,
    /// `)` of a subshell, `$(`, a case pattern or an array.
    CloseParen,
    /// `}` of a group.
    CloseBrace,
    /// `]]`
    CloseBrackets,
    /// A command (after `&&`, `|`, `!`, or as a function body).
    Command,
    /// A word (a redirection target, a `for` variable, a `case` word).
    Word,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ShError {
    pub kind: ShErrorKind,
    pub span: Span,
}

// ---------------------------------------------------------------------------
// Walking

/// A node reached by [`Script::walk`].
#[derive(Clone, Copy, Debug)]
pub enum Node<'a> {
    List(&'a List),
    AndOr(&'a AndOr),
    Pipeline(&'a Pipeline),
    Command(&'a Command),
    Assign(&'a Assign),
    Redir(&'a Redir),
    Word(&'a Word),
    Part(&'a Part),
}

impl Node<'_> {
    pub fn span(&self) -> Span {
        match self {
            Node::List(n) => n.span,
            Node::AndOr(n) => n.span,
            Node::Pipeline(n) => n.span,
            Node::Command(n) => n.span(),
            Node::Assign(n) => n.span,
            Node::Redir(n) => n.span,
            Node::Word(n) => n.span,
            Node::Part(n) => n.span(),
        }
    }
}

impl Script {
    /// Visit every node in pre-order (source order), then the parts of the
    /// here-document bodies. The recursion depth is bounded by the parser's
    /// nesting cap.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(Node<'a>)) {
        walk_list(&self.body, f);
        for h in &self.heredocs {
            walk_parts(&h.parts, f);
        }
    }

    /// Every word, in source order (command words, assignment values,
    /// redirection targets, `for` items, `case` words and patterns, `[[ ]]`
    /// operands, and words nested in substitutions and parameter operators).
    pub fn words(&self) -> Vec<&Word> {
        let mut out = Vec::new();
        self.walk(&mut |n| {
            if let Node::Word(w) = n {
                out.push(w)
            }
        });
        out
    }

    /// Every simple command, in source order (including those inside
    /// substitutions).
    pub fn simple_commands(&self) -> Vec<&SimpleCmd> {
        let mut out = Vec::new();
        self.walk(&mut |n| {
            if let Node::Command(Command::Simple(s)) = n {
                out.push(s)
            }
        });
        out
    }
}

fn walk_list<'a>(l: &'a List, f: &mut dyn FnMut(Node<'a>)) {
    f(Node::List(l));
    for ao in &l.items {
        f(Node::AndOr(ao));
        walk_pipeline(&ao.head, f);
        for (_, _, p) in &ao.tail {
            walk_pipeline(p, f);
        }
    }
}

fn walk_pipeline<'a>(p: &'a Pipeline, f: &mut dyn FnMut(Node<'a>)) {
    f(Node::Pipeline(p));
    for c in &p.cmds {
        walk_command(c, f);
    }
}

fn walk_words<'a>(ws: &'a [Word], f: &mut dyn FnMut(Node<'a>)) {
    for w in ws {
        walk_word(w, f);
    }
}

fn walk_command<'a>(c: &'a Command, f: &mut dyn FnMut(Node<'a>)) {
    f(Node::Command(c));
    match c {
        Command::Simple(s) => {
            for a in s.assigns.iter().chain(&s.decl_assigns) {
                f(Node::Assign(a));
                match &a.value {
                    AssignValue::Word(w) => walk_word(w, f),
                    AssignValue::Array { items, .. } => walk_words(items, f),
                }
            }
            walk_words(&s.words, f);
        }
        Command::Subshell { body, .. } | Command::Group { body, .. } => walk_list(body, f),
        Command::If { arms, else_, .. } => {
            for (c, b) in arms {
                walk_list(c, f);
                walk_list(b, f);
            }
            if let Some(e) = else_ {
                walk_list(e, f);
            }
        }
        Command::For { items, body, .. } => {
            if let Some(items) = items {
                walk_words(items, f);
            }
            walk_list(body, f);
        }
        Command::ForArith { body, .. } => walk_list(body, f),
        Command::Loop { cond, body, .. } => {
            walk_list(cond, f);
            walk_list(body, f);
        }
        Command::Case { word, arms, .. } => {
            walk_word(word, f);
            for a in arms {
                walk_words(&a.patterns, f);
                walk_list(&a.body, f);
            }
        }
        Command::Func { body, .. } => walk_command(body, f),
        Command::DoubleBracket { words, .. } => walk_words(words, f),
        Command::Arith { .. } => {}
    }
    for r in c.redirs() {
        f(Node::Redir(r));
        walk_word(&r.target, f);
    }
}

fn walk_word<'a>(w: &'a Word, f: &mut dyn FnMut(Node<'a>)) {
    f(Node::Word(w));
    walk_parts(&w.parts, f);
}

fn walk_parts<'a>(ps: &'a [Part], f: &mut dyn FnMut(Node<'a>)) {
    for p in ps {
        f(Node::Part(p));
        match p {
            Part::DoubleQ { parts, .. } => walk_parts(parts, f),
            Part::Param(pa) => {
                if let Some(op) = &pa.op {
                    walk_word(&op.arg, f);
                }
            }
            Part::CmdSubst { body, .. } | Part::ProcSubst { body, .. } => walk_list(body, f),
            _ => {}
        }
    }
}

//! The syntax tree: a lossless sequence of items, each with byte spans.
//!
//! Every byte of the source belongs to exactly one [`Item`]; concatenating the
//! items' spans in order rebuilds the source (see [`Dockerfile::items`]).
//! Inside an instruction every token (keyword, flag name and value, argument,
//! heredoc delimiter and body, comment) carries the span of the source bytes it
//! came from, even when continuation lines split it.

use serde::{Deserialize, Serialize};

use crate::SourceMap;

/// A half-open byte range `start..end` into the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn len(&self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(&self) -> bool {
        self.end == self.start
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// A piece of text as BuildKit's parser understands it (`text`), and where it
/// came from in the source (`span`). `text` can differ from the source bytes:
/// flag values lose their quotes, JSON strings are decoded, continuation
/// characters and comment lines inside an argument are removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    pub text: String,
    pub span: Span,
}

/// One top-level piece of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Item {
    /// A UTF-8 byte-order mark at the very start.
    Bom { span: Span },
    /// A parser directive (`# syntax=…`, `# escape=…`, `# check=…`).
    Directive(Directive),
    /// A comment line outside any instruction.
    Comment(Comment),
    /// An empty or whitespace-only line outside any instruction.
    Blank { span: Span },
    /// An instruction, with all its continuation lines and heredoc bodies.
    Instruction(Instruction),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Bom { span } | Item::Blank { span } => *span,
            Item::Directive(d) => d.span,
            Item::Comment(c) => c.span,
            Item::Instruction(i) => i.span,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// The whole line, newline included.
    pub span: Span,
    /// Lower-cased name (`syntax`, `escape`, `check`) and the name's span.
    pub name: Token,
    pub value: Token,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The whole line, newline included.
    pub span: Span,
    /// The comment's text after `#`, trimmed, and the span from `#` to the end
    /// of the text (no newline).
    pub text: Token,
}

/// The instruction keywords BuildKit knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Anything else: kept, dumped as BuildKit does (`(foo "")`), reported.
    Unknown,
}

impl Keyword {
    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::Stopsignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];

    /// Case-insensitive lookup, as BuildKit does it.
    pub fn from_word(word: &str) -> Keyword {
        let lower = word.to_lowercase();
        Keyword::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(&lower))
            .unwrap_or(Keyword::Unknown)
    }

    /// The canonical upper-case spelling (`UNKNOWN` for unknown ones).
    pub fn as_str(&self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "UNKNOWN",
        }
    }

    /// Instructions whose shell form may carry heredocs.
    pub fn can_have_heredocs(&self) -> bool {
        matches!(self, Keyword::Run | Keyword::Copy | Keyword::Add)
    }
}

/// A builder flag: a word after the keyword that starts with `--`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The flag as BuildKit reports it (quotes removed): `--mount=type=cache,target=/x`.
    pub raw: Token,
    /// The name without dashes (`mount`), spanning the name in the source.
    pub name: Token,
    /// The value after `=`, if any (`type=cache,target=/x`), spanning the value.
    pub value: Option<Token>,
}

/// How an instruction's arguments are written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Args {
    /// No arguments at all.
    None,
    /// A JSON array of strings (exec form): `["python", "app.py"]`.
    Exec { items: Vec<Token>, span: Span },
    /// The rest of the line as one string (shell form of RUN/CMD/ENTRYPOINT/
    /// SHELL, and MAINTAINER/STOPSIGNAL/USER/WORKDIR).
    Shell { text: Token },
    /// Whitespace-separated words (FROM, EXPOSE, COPY/ADD/VOLUME in shell form, ARG).
    Words { items: Vec<Token> },
    /// ENV and LABEL: `k=v ...` pairs, or the legacy `k v` form.
    KeyValues { pairs: Vec<KeyValue> },
    /// HEALTHCHECK: its type word (`CMD`, `NONE`) and the command after it.
    Healthcheck { kind: Token, cmd: Box<Args> },
    /// ONBUILD: the instruction it wraps.
    Onbuild { inner: Box<Instruction> },
    /// An unknown instruction; BuildKit drops its arguments.
    Ignored { text: Token },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyValue {
    pub key: Token,
    pub value: Token,
    /// True for `k=v`, false for the legacy `k v` form.
    pub equals: bool,
}

/// A heredoc attached to RUN, COPY or ADD (also under ONBUILD).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// The delimiter as BuildKit reads it (quotes removed): `EOF`.
    pub name: String,
    /// The `<<EOF` word on the instruction line (with `-`, quotes, fd).
    pub word_span: Span,
    /// File descriptor before `<<` (`3<<EOF`), 0 when absent.
    pub fd: u32,
    /// False when the delimiter is quoted: the body is not expanded.
    pub expand: bool,
    /// True for `<<-`: leading tabs are stripped.
    pub chomp: bool,
    /// The body, exactly as in the source (newlines included).
    pub content: String,
    pub content_span: Span,
    /// The terminator line (without its newline); empty at an unterminated end.
    pub terminator_span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Instruction {
    /// From the start of the first physical line to the end of the last one
    /// (continuations and heredoc bodies included), newline included.
    pub span: Span,
    /// 1-based, inclusive, as BuildKit counts them.
    pub start_line: u32,
    pub end_line: u32,
    /// The keyword as written, and what it is.
    pub keyword: Token,
    pub kind: Keyword,
    pub flags: Vec<Flag>,
    pub args: Args,
    /// The whole argument text after the flags, as one token (logical line).
    pub rest: Token,
    /// Offsets in `rest.text` → source offsets. `rest.text` is exactly the
    /// text of a shell-form RUN's script (`Args::Shell { text }` has the same
    /// text), and exec-form elements and ONBUILD's inner instruction are
    /// slices of it. Not serialized.
    #[serde(skip)]
    pub rest_map: SourceMap,
    pub heredocs: Vec<Heredoc>,
    /// Comment lines inside the instruction's continuation lines.
    pub comments: Vec<Span>,
    /// The logical line BuildKit built (continuations joined, comments removed).
    pub original: String,
    /// Set when BuildKit's parser rejects this instruction; its arguments are
    /// then [`Args::None`] and a diagnostic says why.
    pub error: Option<String>,
}

impl Instruction {
    /// Argument tokens in the order BuildKit dumps them (flattened).
    pub fn arg_tokens(&self) -> Vec<&Token> {
        fn walk<'a>(a: &'a Args, out: &mut Vec<&'a Token>) {
            match a {
                Args::None | Args::Onbuild { .. } | Args::Ignored { .. } => {}
                Args::Exec { items, .. } | Args::Words { items } => out.extend(items.iter()),
                Args::Shell { text } => out.push(text),
                Args::KeyValues { pairs } => {
                    for p in pairs {
                        out.push(&p.key);
                        out.push(&p.value);
                    }
                }
                Args::Healthcheck { kind, cmd } => {
                    out.push(kind);
                    walk(cmd, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.args, &mut out);
        out
    }

    /// True when the arguments are a JSON array (exec form).
    pub fn is_exec_form(&self) -> bool {
        match &self.args {
            Args::Exec { .. } => true,
            Args::Healthcheck { cmd, .. } => matches!(**cmd, Args::Exec { .. }),
            _ => false,
        }
    }

    /// The flag with this name (without dashes), if present.
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name.text == name)
    }
}

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The lower-case word (`error`, `warning`, `info`), as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A problem found while parsing, with its position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// A stable kebab-case id (`unterminated-heredoc`, `empty-continuation-line`, …).
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// True when BuildKit's own parser rejects the file for this reason (as
    /// opposed to a later BuildKit stage, or only a warning).
    pub buildkit_parser_error: bool,
}

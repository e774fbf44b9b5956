//! The formatter: text in, text out, and the edits that turned one into the
//! other (typed, in source offsets, so that an editor can apply them as text
//! edits). Built on the lossless tree; it never changes what BuildKit parses.
//!
//! What it does:
//! - instruction keywords in upper case (`run` → `RUN`, ONBUILD's inner one
//!   too; an unknown keyword is left as written);
//! - one space after the keyword (`RUN   echo` → `RUN echo`), and no
//!   indentation before it;
//! - continuation lines indented by [`INDENT`] (four spaces), comment lines
//!   inside the instruction too;
//! - exec form on one line spaced as `["a", "b"]`;
//! - trailing spaces and tabs removed, whitespace-only lines emptied;
//! - a final newline.
//!
//! What it leaves alone: parser directives, comments' text, heredoc bodies and
//! terminators, and every byte that reaches BuildKit's parse result. The
//! continuation lines of a shell command (`RUN`, `CMD`, `ENTRYPOINT` in shell
//! form, legacy `ENV k v`, a quoted value split over lines…) keep their
//! indentation: BuildKit passes those spaces to the shell and into the build
//! cache key and the image history, so re-indenting them would rebuild the
//! layer. Such an instruction keeps all its continuation lines as they are,
//! so that its lines stay consistent with each other.
//!
//! A file BuildKit's parser rejects is not formatted
//! ([`FormatError::Rejected`]). As a last guard the output is parsed again and
//! must give the same [`Dockerfile::buildkit_dump`] and directives, else
//! nothing is changed ([`FormatError::WouldChangeParse`]).

use crate::{dump, parse, Args, Diagnostic, Dockerfile, Instruction, Item, Keyword, Span};

/// The indentation of continuation lines.
pub const INDENT: &str = "    ";

/// Which formatting rule an edit applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FmtRule {
    /// `run` → `RUN`.
    KeywordCase,
    /// One space between the keyword and what follows it.
    KeywordSpace,
    /// No indentation before an instruction's keyword.
    InstructionIndent,
    /// Continuation (and inner comment) lines indented by [`INDENT`].
    ContinuationIndent,
    /// `["a","b"]` → `["a", "b"]`.
    ExecForm,
    /// Spaces and tabs at the end of a line.
    TrailingWhitespace,
    /// A newline at the end of the file.
    FinalNewline,
}

impl FmtRule {
    /// A few words for people (`keyword case`).
    pub fn describe(self) -> &'static str {
        match self {
            FmtRule::KeywordCase => "keyword case",
            FmtRule::KeywordSpace => "space after keyword",
            FmtRule::InstructionIndent => "instruction indentation",
            FmtRule::ContinuationIndent => "continuation indentation",
            FmtRule::ExecForm => "exec-form spacing",
            FmtRule::TrailingWhitespace => "trailing whitespace",
            FmtRule::FinalNewline => "final newline",
        }
    }
}

/// Replace `span` of the original text with `text`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FmtEdit {
    pub span: Span,
    pub text: String,
    pub rule: FmtRule,
}

/// The formatted text and the edits (sorted, not overlapping, in offsets of
/// the original text) that produce it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formatted {
    pub text: String,
    pub edits: Vec<FmtEdit>,
}

impl Formatted {
    /// True when the input was already formatted.
    pub fn is_unchanged(&self) -> bool {
        self.edits.is_empty()
    }
}

/// Why a file was left as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// BuildKit's parser rejects the file: this is its first reason.
    Rejected(Diagnostic),
    /// The formatted text would parse differently (a bug in the formatter;
    /// the file is left unchanged). `offset` is where the first instruction
    /// that differs starts in the original text.
    WouldChangeParse { offset: usize },
}

/// Formats a Dockerfile. See the module documentation for the rules.
pub fn format(src: &str) -> Result<Formatted, FormatError> {
    let df = parse(src);
    if let Some(d) = df.diagnostics.iter().find(|d| d.buildkit_parser_error) {
        return Err(FormatError::Rejected(d.clone()));
    }
    let mut edits = Vec::new();
    for item in &df.items {
        match item {
            Item::Bom { .. } | Item::Directive(_) => {}
            Item::Comment(c) => trailing(src, line_content(src, c.span), false, &mut edits),
            Item::Blank { span } => {
                let content = line_content(src, *span);
                if !content.is_empty() {
                    edits.push(FmtEdit {
                        span: content,
                        text: String::new(),
                        rule: FmtRule::TrailingWhitespace,
                    });
                }
            }
            Item::Instruction(ins) => instruction(&df, ins, &mut edits),
        }
    }
    if !src.is_empty() && !src.ends_with('\n') {
        let newline = if src.contains("\r\n") { "\r\n" } else { "\n" };
        edits.push(FmtEdit {
            span: Span::new(src.len(), src.len()),
            text: newline.to_string(),
            rule: FmtRule::FinalNewline,
        });
    }
    layerlab_sort::sort_by_key(&mut edits, |e| (e.span.start, e.span.end));
    let text = apply(src, &edits);
    verify(&df, &text)?;
    Ok(Formatted { text, edits })
}

/// The original text with the edits applied (sorted, not overlapping).
pub fn apply(src: &str, edits: &[FmtEdit]) -> String {
    let mut out = String::with_capacity(src.len() + 16);
    let mut at = 0;
    for e in edits {
        out.push_str(&src[at..e.span.start]);
        out.push_str(&e.text);
        at = e.span.end;
    }
    out.push_str(&src[at..]);
    out
}

fn verify(before: &Dockerfile, text: &str) -> Result<(), FormatError> {
    let after = parse(text);
    let directives = |df: &Dockerfile| {
        df.directives()
            .map(|d| (d.name.text.clone(), d.value.text.clone()))
            .collect::<Vec<_>>()
    };
    if after.buildkit_dump() == before.buildkit_dump()
        && directives(&after) == directives(before)
        && after.escape == before.escape
    {
        return Ok(());
    }
    // Where: the first instruction whose own dump differs.
    let mut a = after.instructions();
    let offset = before
        .instructions()
        .find(|b| {
            a.next()
                .is_none_or(|x| dump::instruction(x) != dump::instruction(b))
        })
        .map_or(0, |b| b.span.start);
    Err(FormatError::WouldChangeParse { offset })
}

/// A line's span without its line ending (`\n`, `\r\n`, trailing `\r`s).
fn line_content(src: &str, line: Span) -> Span {
    let b = src.as_bytes();
    let mut end = line.end;
    while end > line.start && matches!(b[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    Span::new(line.start, end)
}

/// True when `a` and `b` share a byte, or when an empty `a` lies strictly
/// inside `b` (a continuation joining two halves of one word).
fn overlaps(a: Span, b: Span) -> bool {
    if a.is_empty() {
        b.start < a.start && a.start < b.end
    } else {
        a.start < b.end && b.start < a.end
    }
}

fn touches_any(a: Span, sig: &[Span]) -> bool {
    sig.iter().any(|s| overlaps(a, *s))
}

/// Removes the spaces and tabs that end `content`. Never significant: after a
/// continuation character BuildKit drops them with it, at the end of an
/// instruction it trims them (but see the two exceptions below).
/// `heredoc_line`: the line that ends an instruction with `<<` in it, where
/// `\ ` (an escaped space) can end a heredoc's delimiter.
fn trailing(src: &str, content: Span, heredoc_line: bool, edits: &mut Vec<FmtEdit>) {
    let text = &src[content.start..content.end];
    let kept = text.trim_end_matches([' ', '\t']);
    let ws = Span::new(content.start + kept.len(), content.end);
    // A carriage return left at the end would become part of the line
    // ending, and the escape before it a continuation.
    let cr_exposed = kept.ends_with('\r');
    let heredoc_delimiter = heredoc_line && kept.ends_with('\\');
    if !ws.is_empty() && !cr_exposed && !heredoc_delimiter {
        edits.push(FmtEdit {
            span: ws,
            text: String::new(),
            rule: FmtRule::TrailingWhitespace,
        });
    }
}

/// The source spans whose bytes reach BuildKit's parse result, spacing
/// included: the keyword, each flag, each argument word, a shell command.
fn significant(ins: &Instruction, out: &mut Vec<Span>) {
    out.push(ins.keyword.span);
    out.extend(ins.flags.iter().map(|f| f.raw.span));
    args_spans(&ins.args, ins, out);
}

fn args_spans(args: &Args, ins: &Instruction, out: &mut Vec<Span>) {
    match args {
        Args::None => {}
        Args::Exec { items, .. } | Args::Words { items } => {
            out.extend(items.iter().map(|t| t.span))
        }
        Args::Shell { text } => out.push(text.span),
        Args::KeyValues { pairs } => {
            for p in pairs {
                if p.equals {
                    out.push(p.key.span.cover(p.value.span));
                } else {
                    out.push(p.key.span);
                    out.push(p.value.span);
                }
            }
        }
        Args::Healthcheck { kind, cmd } => {
            out.push(kind.span);
            args_spans(cmd, ins, out);
        }
        Args::Onbuild { inner } => significant(inner, out),
        Args::Ignored { .. } => out.push(ins.rest.span),
    }
}

fn instruction(df: &Dockerfile, ins: &Instruction, edits: &mut Vec<FmtEdit>) {
    let src = df.source.as_str();
    let mut sig = Vec::new();
    significant(ins, &mut sig);
    // The instruction's own lines: up to its first heredoc body.
    let header_end = ins
        .heredocs
        .first()
        .map_or(ins.span.end, |h| h.content_span.start);
    let mut lines = Vec::new();
    let mut at = ins.span.start;
    while at < header_end {
        let end = src[at..header_end]
            .find('\n')
            .map_or(header_end, |i| at + i + 1);
        lines.push(line_content(src, Span::new(at, end)));
        at = end;
    }
    let Some((first, rest)) = lines.split_first() else {
        return;
    };

    // The first line: no indentation before the keyword (unless removing it
    // would put a keyword starting with U+FEFF first in the file: a BOM).
    if ins.keyword.span.start > first.start
        && !ins.keyword.text.starts_with('\u{feff}')
        && src[first.start..ins.keyword.span.start]
            .chars()
            .all(char::is_whitespace)
    {
        edits.push(FmtEdit {
            span: Span::new(first.start, ins.keyword.span.start),
            text: String::new(),
            rule: FmtRule::InstructionIndent,
        });
    }
    keyword(src, ins, &sig, edits);
    exec_form(src, ins, edits);

    // Continuation lines: re-indented only when every one of them can be.
    enum Kind {
        Comment,
        Blank,
        Content,
    }
    let classified: Vec<(Span, Span, Kind)> = rest
        .iter()
        .map(|l| {
            let text = &src[l.start..l.end];
            let lead = text.len() - text.trim_start().len();
            let ws = Span::new(l.start, l.start + lead);
            let kind = if lead == text.len() {
                Kind::Blank
            } else if text[lead..].starts_with('#') {
                Kind::Comment
            } else {
                Kind::Content
            };
            (*l, ws, kind)
        })
        .collect();
    let reindent = classified.iter().all(|(_, ws, kind)| match kind {
        Kind::Content => {
            src[ws.start..ws.end]
                .bytes()
                .all(|b| b == b' ' || b == b'\t')
                && !touches_any(*ws, &sig)
        }
        Kind::Comment => src[ws.start..ws.end]
            .bytes()
            .all(|b| b == b' ' || b == b'\t'),
        Kind::Blank => true,
    });
    let heredoc_word = ins.original.contains("<<");
    let last = lines.len() - 1;
    trailing(src, *first, heredoc_word && last == 0, edits);
    for (i, (line, ws, kind)) in classified.iter().enumerate() {
        match kind {
            Kind::Blank => {
                if !line.is_empty() {
                    edits.push(FmtEdit {
                        span: *line,
                        text: String::new(),
                        rule: FmtRule::TrailingWhitespace,
                    });
                }
                continue;
            }
            Kind::Comment | Kind::Content => {
                if reindent && &src[ws.start..ws.end] != INDENT {
                    edits.push(FmtEdit {
                        span: *ws,
                        text: INDENT.to_string(),
                        rule: FmtRule::ContinuationIndent,
                    });
                }
                trailing(src, *line, heredoc_word && i + 1 == last, edits);
            }
        }
    }
}

/// Upper-case keyword and one space after it, for the instruction and the
/// one ONBUILD wraps.
fn keyword(src: &str, ins: &Instruction, sig: &[Span], edits: &mut Vec<FmtEdit>) {
    let k = ins.keyword.span;
    if ins.kind != Keyword::Unknown
        && src[k.start..k.end] == ins.keyword.text
        && ins.keyword.text != ins.kind.as_str()
    {
        edits.push(FmtEdit {
            span: k,
            text: ins.kind.as_str().to_string(),
            rule: FmtRule::KeywordCase,
        });
    }
    let after = &src[k.end..];
    let run = after.len() - after.trim_start_matches([' ', '\t']).len();
    let next = after[run..].chars().next();
    let ws = Span::new(k.end, k.end + run);
    if run > 0
        && !matches!(next, None | Some('\n' | '\r'))
        && &src[ws.start..ws.end] != " "
        && !touches_any(ws, sig)
    {
        edits.push(FmtEdit {
            span: ws,
            text: " ".to_string(),
            rule: FmtRule::KeywordSpace,
        });
    }
    if let Args::Onbuild { inner } = &ins.args {
        keyword(src, inner, sig, edits);
    }
}

/// `["a","b"]` → `["a", "b"]` when the array is on one line.
fn exec_form(src: &str, ins: &Instruction, edits: &mut Vec<FmtEdit>) {
    match &ins.args {
        Args::Exec { items, span } => {
            let text = &src[span.start..span.end];
            if text.contains('\n') || !text.starts_with('[') || !text.ends_with(']') {
                return;
            }
            let mut want = String::from("[");
            for (i, t) in items.iter().enumerate() {
                if i > 0 {
                    want.push_str(", ");
                }
                want.push_str(&src[t.span.start..t.span.end]);
            }
            want.push(']');
            if want != text {
                edits.push(FmtEdit {
                    span: *span,
                    text: want,
                    rule: FmtRule::ExecForm,
                });
            }
        }
        Args::Healthcheck { cmd, .. } => {
            let mut inner = ins.clone();
            inner.args = (**cmd).clone();
            exec_form(src, &inner, edits);
        }
        Args::Onbuild { inner } => exec_form(src, inner, edits),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(s: &str) -> String {
        format(s).unwrap().text
    }

    #[test]
    fn keywords_spacing_and_exec_form() {
        assert_eq!(
            fmt("from alpine\n  run   echo hi   \ncmd [\"a\",\"b\" ,  \"c\"]"),
            "FROM alpine\nRUN echo hi\nCMD [\"a\", \"b\", \"c\"]\n"
        );
        assert_eq!(
            fmt("FROM a\nonbuild  run\techo\n"),
            "FROM a\nONBUILD RUN echo\n"
        );
        assert_eq!(
            fmt("FROM a\nHEALTHCHECK CMD [\"a\",\"b\"]\n"),
            "FROM a\nHEALTHCHECK CMD [\"a\", \"b\"]\n"
        );
    }

    #[test]
    fn continuation_lines() {
        assert_eq!(
            fmt("FROM a\nENV A=1 \\\n  B=2 \\\n\t\t# c  \n        C=3\n"),
            "FROM a\nENV A=1 \\\n    B=2 \\\n    # c\n    C=3\n"
        );
        // A shell command's continuation lines are the shell's: kept.
        let run = "FROM a\nRUN apt-get update \\\n  && echo \"a \\\n b\"\n";
        assert_eq!(fmt(run), run);
        // Spaces after the continuation character are not the shell's.
        assert_eq!(fmt("FROM a\nRUN a \\  \n  b\n"), "FROM a\nRUN a \\\n  b\n");
        // Joined words stay joined.
        let joined = "FROM a\nCOPY a\\\nb /x\n";
        assert_eq!(fmt(joined), joined);
    }

    #[test]
    fn heredocs_and_directives_untouched() {
        let src = "# escape=`\nFROM a\nrun <<EOF   \n  body  \nEOF\nRUN a `\n  b\n";
        assert_eq!(
            fmt(src),
            "# escape=`\nFROM a\nRUN <<EOF\n  body  \nEOF\nRUN a `\n  b\n"
        );
    }

    #[test]
    fn rejected_files_are_not_formatted() {
        let Err(FormatError::Rejected(d)) = format("FROM a\nRUN <<EOF\nx\n") else {
            panic!("should be rejected")
        };
        assert_eq!(d.code, "unterminated-heredoc");
        assert!(matches!(format(""), Err(FormatError::Rejected(_))));
    }

    #[test]
    fn found_by_the_property_tests() {
        // Found by the property test: stripping the spaces would turn `\r`
        // into a line ending and the escape before it into a continuation.
        for src in [
            "EXPOSE \\\r   ",
            "FROM\n   alpine:3.19 \\\r   \nFROM",
            "   \u{feff}",
            "# escape=`\nRUN <<EOF\\  \nEOF ",
        ] {
            let f = format(src).unwrap();
            assert_eq!(parse(&f.text).buildkit_dump(), parse(src).buildkit_dump());
        }
    }

    #[test]
    fn the_guard_refuses_a_different_parse() {
        let df = parse("FROM a\nRUN x y\n");
        assert_eq!(verify(&df, "FROM a\nRUN   x y\n"), Ok(()));
        assert_eq!(
            verify(&df, "FROM a\nRUN x  y\n"),
            Err(FormatError::WouldChangeParse { offset: 7 })
        );
    }

    #[test]
    fn edits_rebuild_the_text() {
        let src = "from a\nrun  x  \n";
        let f = format(src).unwrap();
        assert_eq!(apply(src, &f.edits), f.text);
        assert_eq!(
            f.edits.iter().map(|e| e.rule).collect::<Vec<_>>(),
            vec![
                FmtRule::KeywordCase,
                FmtRule::KeywordCase,
                FmtRule::KeywordSpace,
                FmtRule::TrailingWhitespace
            ]
        );
        assert!(format(&f.text).unwrap().is_unchanged());
    }
}

//! The line-oriented parser. It reads a file the way BuildKit's parser does
//! (physical lines, parser directives, continuation lines, heredoc bodies),
//! builds each instruction's logical line from slices of the source, and keeps
//! a map from the logical line back to source offsets so that every token gets
//! a source span.

use crate::json::{parse_string_array, JsonArray};
use crate::relocate::{Relocate, Shift};
use crate::shell::{EmptyEnv, Lex};
use crate::source_map::{Seg, SourceMap};
use crate::{
    Args, Comment, Diagnostic, Directive, Dockerfile, Flag, Heredoc, Instruction, Item, KeyValue,
    Keyword, LineIndex, Severity, Span, Token,
};

/// BuildKit reads lines with Go's `bufio.Scanner` and its default 64 KiB buffer.
const MAX_LINE_BYTES: usize = 64 * 1024;
/// ONBUILD may wrap ONBUILD; beyond this depth we stop (BuildKit rejects any nesting later).
const MAX_ONBUILD_DEPTH: usize = 16;
/// The one diagnostic whose message names a line (so it is not moved).
const LINE_TOO_LONG: &str = "line-too-long";

/// Parse a Dockerfile. Never fails and never panics: problems become
/// [`Diagnostic`]s and parsing goes on with the next instruction.
pub fn parse(src: &str) -> Dockerfile {
    let mut p = Parser::new(src);
    p.run();
    p.finish(LineIndex::new(src))
}

/// A parse made by [`parse_reusing`], and how much of the previous one it kept.
pub struct Reparse {
    pub dockerfile: Dockerfile,
    /// How many leading items were kept as they were: the first `kept`
    /// items are equal to the previous parse's first `kept` items.
    pub kept: usize,
    /// The trailing items kept moved, if any.
    pub moved: Option<Moved>,
}

/// The trailing items of a [`Reparse`] taken from the previous parse: from
/// item `new` on, the items are the previous parse's from item `old` on,
/// each moved by `shift`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moved {
    pub new: usize,
    pub old: usize,
    pub shift: Shift,
}

/// [`parse`] of `src`, reusing the items of `prev` (the parse of an earlier
/// version of the same file) that the edit between the two texts did not
/// touch: the items before the first changed byte are kept as they are, the
/// items after the last changed byte are kept moved by the edit
/// ([`Relocate`]) once parsing the new text reaches one of them, and only
/// what lies between is parsed again. The dockerfile equals `parse(src)`.
///
/// An item can be kept because the parser's state between items is only the
/// escape character and whether the directives are over: the items kept
/// before the edit include an instruction or a blank line, which end the
/// directives (else everything is parsed again), so both are the same for
/// every item after them.
pub fn parse_reusing(prev: Dockerfile, src: &str) -> Reparse {
    if prev.source == src {
        let kept = prev.items.len();
        return Reparse {
            dockerfile: prev,
            kept,
            moved: None,
        };
    }
    let old_len = prev.source.len();
    let p = common_prefix(&prev.source, src);
    // An item that ends at the old end may have ended only because the text
    // did (an open continuation or heredoc): it is parsed again.
    let k = prev
        .items
        .partition_point(|i| i.span().end <= p && i.span().end < old_len);
    // An instruction or a blank line ends the directives (a comment may
    // not: a line rejected as a directive leaves them open).
    let directives_over = prev.items[..k]
        .iter()
        .any(|i| matches!(i, Item::Instruction(_) | Item::Blank { .. }));
    if !directives_over || prev.diag_ends.len() != prev.items.len() {
        return Reparse {
            dockerfile: parse(src),
            kept: 0,
            moved: None,
        };
    }
    let index = LineIndex::new(src);
    let b = prev.items[k - 1].span().end;
    let s = common_suffix(&prev.source[p..], &src[p..]);
    let shift = Shift {
        from: 0,
        from_line: 0,
        bytes: src.len() as isize - old_len as isize,
        lines: index.line_count() as i64 - prev.line_index.line_count() as i64,
    };
    let line_no = prev.line_index.line_of(b) - 1;
    let old_lines = prev.line_index.clone();
    let Dockerfile {
        escape,
        mut items,
        mut diagnostics,
        mut diag_ends,
        ..
    } = prev;
    let ends = diag_ends.clone();
    let rest = Rest {
        first: k,
        items: items.split_off(k),
        diags: diagnostics.split_off(diag_ends[k - 1]),
        diag_ends: ends,
        shift,
    };
    diag_ends.truncate(k);
    let mut parser = Parser {
        pos: b,
        line_no,
        escape,
        directives_done: true,
        items,
        diags: diagnostics,
        diag_ends,
        ..Parser::new(src)
    };
    let mut rest = Some(rest);
    let mut moved = None;
    while parser.pos < src.len() {
        if parser.pos >= src.len() - s {
            rest = match rest.take().map(|r| parser.take_rest(r, &old_lines)) {
                Some(Ok(m)) => {
                    moved = Some(m);
                    break;
                }
                Some(Err(r)) => Some(r),
                None => None,
            };
        }
        parser.step();
    }
    Reparse {
        dockerfile: parser.finish(index),
        kept: k,
        moved,
    }
}

/// The items of the previous parse after those kept before the edit, with
/// their diagnostics, and how an edit before them moved them.
struct Rest {
    /// The index of `items[0]` in the previous parse.
    first: usize,
    items: Vec<Item>,
    /// The diagnostics made from `items[0]` on.
    diags: Vec<Diagnostic>,
    /// The previous parse's `diag_ends`, whole.
    diag_ends: Vec<usize>,
    shift: Shift,
}

/// The length of the longest common prefix of `a` and `b`, in bytes, down
/// to a char boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let mut n = matching(x.len().min(y.len()), |i, len| {
        x[i..i + len] == y[i..i + len]
    });
    while !a.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// The length of the longest common suffix of `a` and `b`, in bytes.
fn common_suffix(a: &str, b: &str) -> usize {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let (ex, ey) = (x.len(), y.len());
    matching(ex.min(ey), |i, len| {
        x[ex - i - len..ex - i] == y[ey - i - len..ey - i]
    })
}

/// The largest `n <= len` such that `same(0, n)` holds, given that
/// `same(i, k)` says whether the `k` bytes from `i` match: whole chunks are
/// compared first (one `memcmp` each), then bytes.
fn matching(len: usize, same: impl Fn(usize, usize) -> bool) -> usize {
    const CHUNK: usize = 256;
    let mut n = 0;
    while n + CHUNK <= len && same(n, CHUNK) {
        n += CHUNK;
    }
    while n < len && same(n, 1) {
        n += 1;
    }
    n
}

/// One physical line: `start..end` includes the newline; `content_end`
/// excludes trailing `\r` and `\n` characters (Go's `trimNewline`).
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    content_end: usize,
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    line_no: u32,
    escape: char,
    directives_done: bool,
    seen_directives: Vec<String>,
    items: Vec<Item>,
    diags: Vec<Diagnostic>,
    /// After each item, how many diagnostics there were.
    diag_ends: Vec<usize>,
}

/// Maps logical-line offsets back to source offsets (a [`SourceMap`] over the
/// whole logical line, with the token helper the argument readers use).
struct Mapper<'a> {
    map: &'a SourceMap,
}

impl Mapper<'_> {
    fn at(&self, l: usize) -> usize {
        self.map.to_source(l)
    }
    fn span(&self, a: usize, b: usize) -> Span {
        self.map.span(a, b)
    }
    fn tok(&self, text: impl Into<String>, a: usize, b: usize) -> Token {
        Token {
            text: text.into(),
            span: self.span(a, b),
        }
    }
}

fn is_go_space(c: char) -> bool {
    c.is_whitespace()
}

/// Go's `reWhitespace` class: `[\t\v\f\r ]`.
fn is_re_ws(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// RE2's `\s`: `[\t\n\f\r ]`.
fn is_re2_s(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn trim_start_offset(s: &str) -> usize {
    s.len() - s.trim_start_matches(is_go_space).len()
}

impl<'a> Parser<'a> {
    fn take_line(&mut self) -> Line {
        let start = self.pos;
        let end = match self.src[start..].find('\n') {
            Some(i) => start + i + 1,
            None => self.src.len(),
        };
        self.pos = end;
        self.line_no += 1;
        let b = self.src.as_bytes();
        let mut content_end = end;
        while content_end > start && matches!(b[content_end - 1], b'\n' | b'\r') {
            content_end -= 1;
        }
        if end - start > MAX_LINE_BYTES {
            self.diags.push(Diagnostic {
                code: LINE_TOO_LONG,
                severity: Severity::Error,
                message: format!(
                    "line {} is {} bytes long; BuildKit reads lines of at most {} bytes",
                    self.line_no,
                    end - start,
                    MAX_LINE_BYTES - 1
                ),
                span: Span::new(start, content_end),
                buildkit_parser_error: true,
            });
        }
        Line {
            start,
            end,
            content_end,
        }
    }

    fn new(src: &'a str) -> Parser<'a> {
        Parser {
            src,
            pos: 0,
            line_no: 0,
            escape: '\\',
            directives_done: false,
            seen_directives: Vec::new(),
            items: Vec::new(),
            diags: Vec::new(),
            diag_ends: Vec::new(),
        }
    }

    fn run(&mut self) {
        if self.src.starts_with('\u{feff}') {
            self.items.push(Item::Bom {
                span: Span::new(0, 3),
            });
            self.diag_ends.push(0);
            self.pos = 3;
        }
        while self.pos < self.src.len() {
            self.step();
        }
    }

    /// The file, once every item is read.
    fn finish(self, line_index: LineIndex) -> Dockerfile {
        let Parser {
            src,
            items,
            mut diags,
            diag_ends,
            escape,
            ..
        } = self;
        if !items.iter().any(|i| matches!(i, Item::Instruction(_))) {
            diags.push(Diagnostic {
                code: "no-instructions",
                severity: Severity::Error,
                message: "file with no instructions".into(),
                span: Span::new(src.len(), src.len()),
                buildkit_parser_error: true,
            });
        }
        Dockerfile {
            source: src.to_string(),
            escape,
            items,
            diagnostics: diags,
            line_index,
            diag_ends,
        }
    }

    /// Reads the item that starts at `pos`.
    fn step(&mut self) {
        self.item();
        self.diag_ends.push(self.diags.len());
    }

    /// When an item of `rest` starts where this parse has got to, once
    /// moved (the caller checks that the text from here on is the same as
    /// the previous text from there): appends it and every item after it,
    /// moved, with their diagnostics. `rest` back when no item starts there
    /// or a diagnostic to move names a line in its message.
    fn take_rest(&mut self, mut rest: Rest, old_lines: &LineIndex) -> Result<Moved, Rest> {
        let at = self.pos as isize - rest.shift.bytes;
        let Ok(i) = rest
            .items
            .binary_search_by_key(&at, |it| it.span().start as isize)
        else {
            return Err(rest);
        };
        rest.shift.from = at as usize;
        rest.shift.from_line = old_lines.line_of(rest.shift.from);
        let moved = Moved {
            new: self.items.len(),
            old: rest.first + i,
            shift: rest.shift,
        };
        let first_diag = rest.diag_ends[rest.first - 1];
        let (d_from, d_to) = (
            rest.diag_ends[moved.old - 1] - first_diag,
            rest.diag_ends[rest.diag_ends.len() - 1] - first_diag,
        );
        let diags = &mut rest.diags[d_from..d_to];
        if diags.iter().any(|d| d.code == LINE_TOO_LONG) {
            return Err(rest);
        }
        for d in diags.iter_mut() {
            d.relocate(rest.shift);
        }
        let base = self.diags.len();
        self.diags.extend(rest.diags.drain(d_from..d_to));
        self.diag_ends.extend(
            rest.diag_ends[moved.old..]
                .iter()
                .map(|e| base + e - first_diag - d_from),
        );
        for mut item in rest.items.drain(i..) {
            item.relocate(rest.shift);
            self.items.push(item);
        }
        self.pos = self.src.len();
        Ok(moved)
    }

    /// Reads one item: a directive, a comment, a blank line or an instruction.
    fn item(&mut self) {
        let line = self.take_line();
        let token_start = line.start + trim_start_offset(&self.src[line.start..line.content_end]);
        let token = &self.src[token_start..line.content_end];
        let line_span = Span::new(line.start, line.end);

        match self.possible_directive(token, token_start) {
            Ok(Some(d)) => {
                self.items.push(Item::Directive(Directive {
                    span: line_span,
                    name: d.0,
                    value: d.1,
                }));
                return;
            }
            Ok(None) => {}
            Err((code, message)) => self.diags.push(Diagnostic {
                code,
                severity: Severity::Error,
                message,
                span: Span::new(token_start, line.content_end),
                buildkit_parser_error: true,
            }),
        }
        if let Some(after_hash) = token.strip_prefix('#') {
            let text = after_hash.trim_matches(is_go_space).to_string();
            self.items.push(Item::Comment(Comment {
                span: line_span,
                text: Token {
                    text,
                    span: Span::new(token_start, line.content_end),
                },
            }));
            return;
        }
        let (seg_end, eol) = self.trim_continuation(token_start, line.content_end);
        if eol && seg_end == token_start {
            self.items.push(Item::Blank { span: line_span });
            return;
        }
        self.instruction(line, token_start, seg_end, eol);
    }

    /// BuildKit's directive parser: `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`
    /// on the leading block of lines.
    #[allow(clippy::type_complexity)]
    fn possible_directive(
        &mut self,
        token: &str,
        base: usize,
    ) -> Result<Option<(Token, Token)>, (&'static str, String)> {
        if self.directives_done {
            return Ok(None);
        }
        let Some((name_r, value_r)) = match_directive(token) else {
            self.directives_done = true;
            return Ok(None);
        };
        let name = token[name_r.0..name_r.1].to_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            self.directives_done = true;
            return Ok(None);
        }
        if self.seen_directives.contains(&name) {
            return Err((
                "duplicate-directive",
                format!("only one {name} parser directive can be used"),
            ));
        }
        self.seen_directives.push(name.clone());
        let value = &token[value_r.0..value_r.1];
        if name == "escape" {
            match value {
                "\\" => self.escape = '\\',
                "`" => self.escape = '`',
                _ => {
                    return Err((
                        "invalid-escape-directive",
                        format!("invalid escape token '{value}' does not match ` or \\"),
                    ))
                }
            }
        }
        Ok(Some((
            Token {
                text: name,
                span: Span::new(base + name_r.0, base + name_r.1),
            },
            Token {
                text: value.to_string(),
                span: Span::new(base + value_r.0, base + value_r.1),
            },
        )))
    }

    /// Go's `trimContinuationCharacter`: `([^E])E[ \t]*$|^E[ \t]*$`.
    /// Returns the end of the kept text and whether the instruction ends here.
    fn trim_continuation(&self, start: usize, end: usize) -> (usize, bool) {
        let text = &self.src[start..end];
        let t = text.trim_end_matches([' ', '\t']);
        let Some(before) = t.strip_suffix(self.escape) else {
            return (end, true);
        };
        if before.is_empty() || !before.ends_with(self.escape) {
            (start + before.len(), false)
        } else {
            (end, true)
        }
    }

    fn instruction(&mut self, first: Line, seg_start: usize, seg_end: usize, mut eol: bool) {
        let start_line = self.line_no;
        let diags_before = self.diags.len();
        let mut segs = vec![Seg {
            logical: 0,
            source: seg_start,
            len: seg_end - seg_start,
        }];
        let mut logical = String::from(&self.src[seg_start..seg_end]);
        let mut comments = Vec::new();
        let mut empty_lines: Vec<Span> = Vec::new();
        let mut end = first.end;
        while !eol && self.pos < self.src.len() {
            let l = self.take_line();
            end = l.end;
            let content = &self.src[l.start..l.content_end];
            let ws = trim_start_offset(content);
            if content[ws..].starts_with('#') {
                comments.push(Span::new(l.start + ws, l.content_end));
                continue;
            }
            if ws == content.len() {
                empty_lines.push(Span::new(l.start, l.end));
                continue;
            }
            let (e, is_eol) = self.trim_continuation(l.start, l.content_end);
            segs.push(Seg {
                logical: logical.len(),
                source: l.start,
                len: e - l.start,
            });
            logical.push_str(&self.src[l.start..e]);
            eol = is_eol;
        }
        if let Some(first_empty) = empty_lines.first() {
            self.diags.push(Diagnostic {
                code: "empty-continuation-line",
                severity: Severity::Warning,
                message: format!(
                    "empty continuation line{} inside this instruction; BuildKit warns that they will become errors",
                    if empty_lines.len() > 1 { "s" } else { "" }
                ),
                span: *first_empty,
                buildkit_parser_error: false,
            });
        }

        let source_map = SourceMap::new(segs);
        let map = Mapper { map: &source_map };
        let mut node = self.node(&logical, 0, logical.len(), &map, 0);
        node.comments = comments;
        node.original = logical.clone();
        node.start_line = start_line;

        if node.error.is_none() && can_contain_heredoc(&node) && logical.contains("<<") {
            match heredocs_from_line(&logical) {
                Ok(specs) => {
                    let mut cursor = 0;
                    for spec in specs {
                        let (wa, wb) = find_heredoc_word(&logical, cursor);
                        cursor = wb;
                        let word_span = map.span(wa, wb);
                        let (heredoc, terminated) = self.read_heredoc(spec, word_span);
                        end = self.pos;
                        let name = heredoc.name.clone();
                        node.heredocs.push(heredoc);
                        if !terminated {
                            self.diags.push(Diagnostic {
                                code: "unterminated-heredoc",
                                severity: Severity::Error,
                                message: format!(
                                    "unterminated heredoc: no line holding only `{name}` ends it"
                                ),
                                span: word_span,
                                buildkit_parser_error: true,
                            });
                            break;
                        }
                    }
                }
                Err(message) => {
                    node.error = Some(message.clone());
                    self.diags.push(Diagnostic {
                        code: "invalid-heredoc",
                        severity: Severity::Error,
                        message,
                        span: node.rest.span,
                        buildkit_parser_error: true,
                    });
                }
            }
        }
        node.span = Span::new(first.start, end.max(first.end));
        node.end_line = self.line_no;
        if let Some(message) = &node.error {
            // Only this instruction's own diagnostics can repeat the error.
            if !self.diags[diags_before..]
                .iter()
                .any(|d| d.span == node.rest.span && d.buildkit_parser_error)
            {
                self.diags.push(Diagnostic {
                    code: error_code(&node),
                    severity: Severity::Error,
                    message: message.clone(),
                    span: if node.rest.span.is_empty() {
                        node.keyword.span
                    } else {
                        node.rest.span
                    },
                    buildkit_parser_error: true,
                });
            }
        } else {
            validate(&node, &mut self.diags);
        }
        self.items.push(Item::Instruction(node));
    }

    fn read_heredoc(&mut self, spec: HeredocSpec, word_span: Span) -> (Heredoc, bool) {
        let body_start = self.pos;
        let mut content = String::new();
        let mut terminated = false;
        let mut terminator_span = Span::new(self.src.len(), self.src.len());
        let mut body_end = body_start;
        while self.pos < self.src.len() {
            let l = self.take_line();
            let mut cand = &self.src[l.start..l.content_end];
            if spec.chomp {
                cand = cand.trim_start_matches('\t');
            }
            if cand == spec.name {
                terminated = true;
                terminator_span = Span::new(l.start, l.content_end);
                break;
            }
            content.push_str(&self.src[l.start..l.end]);
            body_end = l.end;
        }
        let heredoc = Heredoc {
            name: spec.name,
            word_span,
            fd: spec.fd,
            expand: spec.expand,
            chomp: spec.chomp,
            content,
            content_span: Span::new(body_start, body_end),
            terminator_span,
        };
        (heredoc, terminated)
    }

    /// BuildKit's `newNodeFromLine` on `logical[a..b]`.
    fn node(&self, logical: &str, a: usize, b: usize, map: &Mapper, depth: usize) -> Instruction {
        let line = &logical[a..b];
        // splitCommand: trim, split off the first word at [\t\v\f\r ]+.
        let t0 = a + trim_start_offset(line);
        let t1 = a + line.trim_end_matches(is_go_space).len();
        let t1 = t1.max(t0);
        let trimmed = &logical[t0..t1];
        let cmd_len = trimmed.find(is_re_ws).unwrap_or(trimmed.len());
        let cmd = &trimmed[..cmd_len];
        let keyword = map.tok(cmd, t0, t0 + cmd_len);
        let kind = Keyword::from_word(cmd);

        let mut flags = Vec::new();
        let (mut r0, mut r1) = (t1, t1);
        if cmd_len < trimmed.len() {
            let after_ws = t0 + cmd_len + trimmed[cmd_len..].len()
                - trimmed[cmd_len..].trim_start_matches(is_re_ws).len();
            let after = &logical[after_ws..t1];
            let (rest_off, words) = extract_builder_flags(after);
            for (text, fa, fb) in words {
                flags.push(make_flag(text, after_ws + fa, after_ws + fb, logical, map));
            }
            let rest = &logical[after_ws + rest_off..t1];
            r0 = after_ws + rest_off + trim_start_offset(rest);
            r1 = after_ws + rest_off + rest.trim_end_matches(is_go_space).len();
            r1 = r1.max(r0);
        }
        let rest_tok = map.tok(&logical[r0..r1], r0, r1);

        let mut ins = Instruction {
            span: Span::new(map.at(a), map.at(a)),
            start_line: 0,
            end_line: 0,
            keyword,
            kind,
            flags,
            args: Args::None,
            rest: rest_tok,
            rest_map: map.map.sub(r0, r1),
            heredocs: Vec::new(),
            comments: Vec::new(),
            original: String::new(),
            error: None,
        };
        let result = match kind {
            Keyword::Add | Keyword::Copy | Keyword::Volume => {
                self.maybe_json_to_list(logical, r0, r1, map)
            }
            Keyword::Arg => Ok(self.words_args(logical, r0, r1, map)),
            Keyword::Cmd | Keyword::Entrypoint | Keyword::Run | Keyword::Shell => {
                self.maybe_json(logical, r0, r1, map)
            }
            Keyword::Env => self.name_val(logical, r0, r1, map, "ENV"),
            Keyword::Label => self.name_val(logical, r0, r1, map, "LABEL"),
            Keyword::Expose | Keyword::From => Ok(whitespace_words(logical, r0, r1, map)),
            Keyword::Healthcheck => self.health(logical, r0, r1, map),
            Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir => {
                Ok(if r0 == r1 {
                    Args::None
                } else {
                    Args::Shell {
                        text: map.tok(&logical[r0..r1], r0, r1),
                    }
                })
            }
            Keyword::Onbuild => {
                if r0 == r1 {
                    Ok(Args::None)
                } else if depth >= MAX_ONBUILD_DEPTH {
                    Err("ONBUILD is nested too deeply".to_string())
                } else {
                    let inner = self.node(logical, r0, r1, map, depth + 1);
                    match inner.error.clone() {
                        Some(e) => Err(e),
                        None => {
                            let mut inner = inner;
                            inner.span = map.span(r0, r1);
                            Ok(Args::Onbuild {
                                inner: Box::new(inner),
                            })
                        }
                    }
                }
            }
            Keyword::Unknown => Ok(Args::Ignored {
                text: map.tok(&logical[r0..r1], r0, r1),
            }),
        };
        match result {
            Ok(args) => ins.args = args,
            Err(e) => ins.error = Some(e),
        }
        ins
    }

    fn maybe_json(&self, logical: &str, a: usize, b: usize, map: &Mapper) -> Result<Args, String> {
        if a == b {
            return Ok(Args::None);
        }
        let s = &logical[a..b];
        match json_args(s, a, map) {
            Ok(Some(args)) => Ok(args),
            Ok(None) => Ok(Args::Shell {
                text: map.tok(s, a, b),
            }),
            Err(e) => Err(e),
        }
    }

    fn maybe_json_to_list(
        &self,
        logical: &str,
        a: usize,
        b: usize,
        map: &Mapper,
    ) -> Result<Args, String> {
        match json_args(&logical[a..b], a, map) {
            Ok(Some(args)) => Ok(args),
            Ok(None) => Ok(whitespace_words(logical, a, b, map)),
            Err(e) => Err(e),
        }
    }

    fn words_args(&self, logical: &str, a: usize, b: usize, map: &Mapper) -> Args {
        let words = parse_words(&logical[a..b], self.escape);
        if words.is_empty() {
            return Args::None;
        }
        Args::Words {
            items: words
                .into_iter()
                .map(|(x, y)| map.tok(&logical[a + x..a + y], a + x, a + y))
                .collect(),
        }
    }

    fn name_val(
        &self,
        logical: &str,
        a: usize,
        b: usize,
        map: &Mapper,
        key: &str,
    ) -> Result<Args, String> {
        let s = &logical[a..b];
        let words = parse_words(s, self.escape);
        let Some(&(w0a, w0b)) = words.first() else {
            return Ok(Args::None);
        };
        if !s[w0a..w0b].contains('=') {
            // Legacy `KEY value with spaces`.
            let Some(split) = s.find(is_re_ws) else {
                return Err(format!("{key} must have two arguments"));
            };
            let vstart = split + s[split..].len() - s[split..].trim_start_matches(is_re_ws).len();
            let key_tok = map.tok(&s[..split], a, a + split);
            let value_tok = map.tok(&s[vstart..], a + vstart, b);
            return Ok(Args::KeyValues {
                pairs: vec![KeyValue {
                    key: key_tok,
                    value: value_tok,
                    equals: false,
                }],
            });
        }
        let mut pairs = Vec::new();
        for (x, y) in words {
            let w = &s[x..y];
            let Some(eq) = w.find('=') else {
                let mut q = String::new();
                crate::dump::go_quote(w, &mut q);
                return Err(format!(
                    "Syntax error - can't find = in {q}. Must be of the form: name=value"
                ));
            };
            pairs.push(KeyValue {
                key: map.tok(&w[..eq], a + x, a + x + eq),
                value: map.tok(&w[eq + 1..], a + x + eq + 1, a + y),
                equals: true,
            });
        }
        Ok(Args::KeyValues { pairs })
    }

    fn health(&self, logical: &str, a: usize, b: usize, map: &Mapper) -> Result<Args, String> {
        let s = &logical[a..b];
        let sep = s
            .find(|c: char| c.is_ascii_whitespace() || c == '\u{b}')
            .unwrap_or(s.len());
        if sep == 0 {
            return Ok(Args::None);
        }
        let next = sep + s[sep..].len()
            - s[sep..]
                .trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '\u{b}')
                .len();
        let kind = map.tok(&s[..sep], a, a + sep);
        let cmd = self.maybe_json(logical, a + next, b, map)?;
        Ok(Args::Healthcheck {
            kind,
            cmd: Box::new(cmd),
        })
    }
}

fn error_code(ins: &Instruction) -> &'static str {
    match ins.kind {
        Keyword::Env | Keyword::Label => match &ins.error {
            Some(e) if e.contains("two arguments") => {
                if ins.kind == Keyword::Env {
                    "env-missing-value"
                } else {
                    "label-missing-value"
                }
            }
            _ => {
                if ins.kind == Keyword::Env {
                    "env-missing-equals"
                } else {
                    "label-missing-equals"
                }
            }
        },
        _ => "invalid-json-args",
    }
}

/// Exec form: `Ok(Some)` for a JSON array of strings, `Ok(None)` for not-JSON
/// (shell-form fallback), `Err` for JSON that is not an array of strings.
fn json_args(s: &str, a: usize, map: &Mapper) -> Result<Option<Args>, String> {
    let lead = trim_start_offset(s);
    if !s[lead..].starts_with('[') {
        return Ok(None);
    }
    match parse_string_array(&s[lead..]) {
        JsonArray::Strings(items) => {
            let base = a + lead;
            Ok(Some(Args::Exec {
                items: items
                    .into_iter()
                    .map(|(v, x, y)| map.tok(v, base + x, base + y))
                    .collect(),
                span: map.span(a, a + s.len()),
            }))
        }
        JsonArray::NotStrings => {
            Err("when using JSON array syntax, arrays must be comprised of strings only".into())
        }
        JsonArray::Invalid => Ok(None),
    }
}

fn whitespace_words(logical: &str, a: usize, b: usize, map: &Mapper) -> Args {
    if a == b {
        return Args::None;
    }
    let s = &logical[a..b];
    let mut items = Vec::new();
    let mut i = 0;
    // Split on runs of [\t\v\f\r ] exactly as Go's regexp.Split does
    // (including the empty word at either end if the text starts or ends with
    // such a run, which trimming normally rules out).
    loop {
        let rel = s[i..].find(is_re_ws);
        let end = rel.map_or(s.len(), |r| i + r);
        items.push(map.tok(&s[i..end], a + i, a + end));
        match rel {
            None => break,
            Some(_) => {
                i = end + s[end..].len() - s[end..].trim_start_matches(is_re_ws).len();
            }
        }
    }
    Args::Words { items }
}

fn make_flag(text: String, a: usize, b: usize, logical: &str, map: &Mapper) -> Flag {
    let raw_src = &logical[a..b];
    let body = text.strip_prefix("--").unwrap_or(&text);
    let (name, value) = match body.find('=') {
        Some(i) => (body[..i].to_string(), Some(body[i + 1..].to_string())),
        None => (body.to_string(), None),
    };
    // Locate the name and value in the raw source text of the flag.
    let name_start = a + raw_src.len().min(2);
    let eq = raw_src.find('=').map(|i| a + i);
    let name_end = eq.unwrap_or(b);
    let value_tok = value.map(|v| {
        let vs = eq.map_or(b, |e| e + 1);
        map.tok(v, vs, b)
    });
    Flag {
        raw: map.tok(text.clone(), a, b),
        name: map.tok(name, name_start, name_end.max(name_start)),
        value: value_tok,
    }
}

/// BuildKit's `extractBuilderFlags`. Returns the offset where the arguments
/// start and each flag's processed text with its range. Like BuildKit, the
/// backslash (always `\`, whatever the escape directive) escapes the next byte,
/// quotes are removed, and a bare `--` ends the flags.
fn extract_builder_flags(s: &str) -> (usize, Vec<(String, usize, usize)>) {
    let b = s.as_bytes();
    let n = b.len();
    // Go tests unicode.IsSpace(rune(byte)); the non-ASCII spaces 0x85 and 0xA0
    // can only occur inside multi-byte characters here, so they are not
    // treated as separators (that would split a character in two).
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
    // Go appends `string(rune(byte))`, which turns each byte >= 0x80 into a
    // Latin-1 character; reproduce that for identical dumps.
    let push = |w: &mut String, c: u8| w.push(char::from(c));
    let mut words = Vec::new();
    let mut pos = 0;
    loop {
        while pos < n && space(b[pos]) {
            pos += 1;
        }
        if pos == n {
            return (pos, words);
        }
        if !(b[pos] == b'-' && pos + 1 < n && b[pos + 1] == b'-') {
            return (pos, words);
        }
        let start = pos;
        let mut word = String::new();
        let mut blank_ok = false;
        let mut quote: Option<u8> = None;
        loop {
            if pos == n {
                if word != "--" && (blank_ok || !word.is_empty()) {
                    words.push((word, start, pos));
                }
                return (pos, words);
            }
            let ch = b[pos];
            match quote {
                None => {
                    if space(ch) {
                        if word == "--" {
                            return (pos, words);
                        }
                        if blank_ok || !word.is_empty() {
                            words.push((std::mem::take(&mut word), start, pos));
                        }
                        break;
                    }
                    if ch == b'\'' || ch == b'"' {
                        quote = Some(ch);
                        blank_ok = true;
                        pos += 1;
                        continue;
                    }
                    if ch == b'\\' {
                        if pos + 1 == n {
                            pos += 1;
                            continue;
                        }
                        pos += 1;
                    }
                    push(&mut word, b[pos]);
                    pos += 1;
                }
                Some(q) => {
                    if ch == q {
                        quote = None;
                        pos += 1;
                        continue;
                    }
                    if ch == b'\\' {
                        if pos + 1 == n {
                            quote = None;
                            pos += 1;
                            continue;
                        }
                        pos += 1;
                    }
                    push(&mut word, b[pos]);
                    pos += 1;
                }
            }
        }
    }
}

/// BuildKit's `parseWords` (ENV, LABEL, ARG): words split on whitespace,
/// quotes and escapes kept. Returns byte ranges; each word's text is exactly
/// its range of the input (a lone escape at the very end is left out).
fn parse_words(s: &str, escape: char) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut chars = s.char_indices().peekable();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut quote: Option<char> = None;
    while let Some((i, ch)) = chars.next() {
        match (start, quote) {
            (None, _) => {
                if is_go_space(ch) {
                    continue;
                }
                start = Some(i);
                // fall through into the in-word handling of this character
                handle_word_char(ch, i, s, escape, &mut chars, &mut quote, &mut end);
            }
            (Some(st), None) => {
                if is_go_space(ch) {
                    if end > st {
                        words.push((st, end));
                    }
                    start = None;
                    continue;
                }
                handle_word_char(ch, i, s, escape, &mut chars, &mut quote, &mut end);
            }
            (Some(_), Some(q)) => {
                if ch == q {
                    quote = None;
                    end = i + ch.len_utf8();
                    continue;
                }
                if ch == escape && q != '\'' {
                    match chars.next() {
                        None => {
                            quote = None;
                            continue;
                        }
                        Some((j, c2)) => end = j + c2.len_utf8(),
                    }
                    continue;
                }
                end = i + ch.len_utf8();
            }
        }
    }
    if let Some(st) = start {
        if end > st {
            words.push((st, end));
        }
    }
    words
}

fn handle_word_char(
    ch: char,
    i: usize,
    _s: &str,
    escape: char,
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
    quote: &mut Option<char>,
    end: &mut usize,
) {
    if ch == '\'' || ch == '"' {
        *quote = Some(ch);
        *end = i + 1;
        return;
    }
    if ch == escape {
        match chars.next() {
            None => return, // a lone escape at the end is dropped
            Some((j, c2)) => {
                *end = j + c2.len_utf8();
                return;
            }
        }
    }
    *end = i + ch.len_utf8();
}

/// `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, returning the name and
/// value ranges.
#[allow(clippy::type_complexity)]
fn match_directive(t: &str) -> Option<((usize, usize), (usize, usize))> {
    let b = t.as_bytes();
    if b.first() != Some(&b'#') {
        return None;
    }
    let mut i = 1;
    while i < b.len() && is_re2_s(b[i]) {
        i += 1;
    }
    let ns = i;
    if !b.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let ne = i;
    while i < b.len() && is_re2_s(b[i]) {
        i += 1;
    }
    if b.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    let after_eq = i;
    if after_eq == b.len() {
        return None;
    }
    while i < b.len() && is_re2_s(b[i]) {
        i += 1;
    }
    if i == b.len() {
        // `\s*` gives back one character so that `.+?` matches it.
        let last = t[after_eq..].chars().next_back()?;
        return Some(((ns, ne), (b.len() - last.len_utf8(), b.len())));
    }
    let mut e = b.len();
    while e > i && is_re2_s(b[e - 1]) {
        e -= 1;
    }
    Some(((ns, ne), (i, e)))
}

fn can_contain_heredoc(ins: &Instruction) -> bool {
    let target = match (&ins.kind, &ins.args) {
        (Keyword::Onbuild, Args::Onbuild { inner }) => inner.as_ref(),
        _ => ins,
    };
    target.kind.can_have_heredocs() && !matches!(target.args, Args::Exec { .. })
}

struct HeredocSpec {
    name: String,
    fd: u32,
    expand: bool,
    chomp: bool,
}

/// BuildKit's `heredocsFromLine`.
fn heredocs_from_line(line: &str) -> Result<Vec<HeredocSpec>, String> {
    let mut lex = Lex::new('\\');
    lex.raw_quotes = true;
    lex.raw_escapes = true;
    lex.skip_unset_env = true;
    let words = lex.process_words(line, &EmptyEnv).unwrap_or_default();
    let mut out = Vec::new();
    for w in words {
        if let Some(h) = parse_heredoc_word(&w)? {
            out.push(h);
        }
    }
    Ok(out)
}

/// BuildKit's `ParseHeredoc`: `^(\d*)<<(-?)([^<]*)$`, then the delimiter word
/// read with and without quote removal to tell whether it was quoted.
fn parse_heredoc_word(w: &str) -> Result<Option<HeredocSpec>, String> {
    let digits = w.bytes().take_while(|c| c.is_ascii_digit()).count();
    let Some(r) = w[digits..].strip_prefix("<<") else {
        return Ok(None);
    };
    let (chomp, rest) = match r.strip_prefix('-') {
        Some(x) => (true, x),
        None => (false, r),
    };
    if rest.contains('<') || rest.is_empty() {
        return Ok(None);
    }
    let fd = w[..digits].parse::<u32>().unwrap_or(0);
    let mut lex = Lex::new('\\');
    lex.skip_unset_env = true;
    let words = lex
        .process_words(rest, &EmptyEnv)
        .map_err(|e| e.to_string())?;
    if words.len() != 1 {
        return Ok(None);
    }
    lex.raw_quotes = true;
    let raw = lex
        .process_words(rest, &EmptyEnv)
        .map_err(|e| e.to_string())?;
    if raw.len() != words.len() {
        return Err(format!(
            "internal lexing of heredoc produced inconsistent results: {rest}"
        ));
    }
    let quotes = |s: &str| s.chars().filter(|c| *c == '\'' || *c == '"').count();
    Ok(Some(HeredocSpec {
        expand: quotes(&words[0]) == quotes(&raw[0]),
        name: words[0].clone(),
        fd,
        chomp,
    }))
}

/// Finds the next `<<` heredoc word at or after `from` in the logical line.
fn find_heredoc_word(line: &str, from: usize) -> (usize, usize) {
    let b = line.as_bytes();
    let mut i = from.min(b.len());
    while let Some(k) = line[i..].find("<<").map(|k| i + k) {
        let mut after = k + 2;
        if b.get(after) == Some(&b'-') {
            after += 1;
        }
        if b.get(after)
            .is_some_and(|c| *c != b'<' && !c.is_ascii_whitespace())
        {
            let mut start = k;
            while start > 0 && b[start - 1].is_ascii_digit() {
                start -= 1;
            }
            let end = line[after..]
                .find(|c: char| c.is_ascii_whitespace())
                .map_or(line.len(), |e| after + e);
            return (start, end);
        }
        i = k + 2;
    }
    (line.len(), line.len())
}

/// Checks BuildKit makes after parsing (instructions.Parse): argument counts,
/// unknown instructions, HEALTHCHECK and SHELL forms.
fn validate(ins: &Instruction, diags: &mut Vec<Diagnostic>) {
    let kw = ins.kind.as_str();
    let n = match &ins.args {
        Args::None => 0,
        Args::Exec { items, .. } | Args::Words { items } => items.len(),
        Args::KeyValues { pairs } => pairs.len(),
        _ => 1,
    };
    let mut err = |code: &'static str, message: String, span: Span| {
        diags.push(Diagnostic {
            code,
            severity: Severity::Error,
            message,
            span,
            buildkit_parser_error: false,
        });
    };
    let whole = ins.keyword.span.cover(ins.rest.span);
    match ins.kind {
        Keyword::Unknown => {
            let word = &ins.keyword.text;
            // Only words of a keyword's length ± 2 can be within distance 2.
            let upper = if word.len() <= 13 { word.to_uppercase() } else { String::new() };
            let suggestion = Keyword::ALL
                .iter()
                .filter(|k| !upper.is_empty() && k.as_str().len().abs_diff(upper.len()) <= 2)
                .map(|k| (edit_distance(&upper, k.as_str()), k.as_str()))
                .filter(|(d, _)| *d <= 2)
                .min();
            let hint = suggestion.map(|(_, k)| format!(" (did you mean {k}?)")).unwrap_or_default();
            err("unknown-instruction", format!("unknown instruction: {word}{hint}"), ins.keyword.span);
        }
        Keyword::From => {
            if n != 1 && n != 3 {
                err("missing-arguments", "FROM requires either one or three arguments".into(), whole);
            } else if n == 3 {
                if let Args::Words { items } = &ins.args {
                    if !items[1].text.eq_ignore_ascii_case("as") {
                        err(
                            "missing-arguments",
                            "when FROM has three arguments, the second must be AS".into(),
                            items[1].span,
                        );
                    }
                }
            }
        }
        Keyword::Copy | Keyword::Add if n < 2 => err(
            "missing-arguments",
            format!(
                "{kw} requires at least two arguments, but {} provided; the destination could not be determined",
                if n == 0 { "none was" } else { "only one was" }
            ),
            whole,
        ),
        Keyword::Env | Keyword::Label | Keyword::Arg | Keyword::Expose | Keyword::Volume | Keyword::Onbuild
            if n == 0 =>
        {
            err("missing-arguments", format!("{kw} requires at least one argument"), whole)
        }
        Keyword::User | Keyword::Workdir | Keyword::Maintainer | Keyword::Stopsignal if n == 0 => {
            err("missing-arguments", format!("{kw} requires exactly one argument"), whole)
        }
        Keyword::Shell => {
            if !matches!(ins.args, Args::Exec { .. }) {
                err("shell-not-json", "SHELL requires the arguments to be in JSON form".into(), whole);
            } else if n == 0 {
                err("missing-arguments", "SHELL requires at least one argument".into(), whole);
            }
        }
        Keyword::Healthcheck => match &ins.args {
            Args::None => err("missing-arguments", "HEALTHCHECK requires an argument".into(), whole),
            Args::Healthcheck { kind, cmd } => {
                let k = kind.text.to_uppercase();
                if k == "NONE" && !matches!(**cmd, Args::None) {
                    err("missing-arguments", "HEALTHCHECK NONE takes no arguments".into(), whole);
                } else if k == "CMD" && matches!(**cmd, Args::None) {
                    err("missing-arguments", "Missing command after HEALTHCHECK CMD".into(), whole);
                } else if k != "CMD" && k != "NONE" {
                    err(
                        "missing-arguments",
                        format!("Unknown type \"{}\" in HEALTHCHECK (try CMD)", kind.text),
                        kind.span,
                    );
                }
            }
            _ => {}
        },
        _ => {}
    }
}

/// Levenshtein distance of the first 64 characters of each word (for
/// "did you mean" suggestions).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        let w = |s: &str| {
            parse_words(s, '\\')
                .into_iter()
                .map(|(a, b)| s[a..b].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(w(r#"abc="123 456" def"#), vec![r#"abc="123 456""#, "def"]);
        assert_eq!(w(r"a\ b c\"), vec![r"a\ b", "c"]);
        assert_eq!(w(r"'x\' y"), vec![r"'x\'", "y"]);
        assert_eq!(w("\\"), Vec::<String>::new());
    }

    #[test]
    fn flags() {
        let (rest, f) =
            extract_builder_flags(r#"--mount=type=cache,target="/a b" --link -- --not-a-flag x"#);
        let names: Vec<_> = f.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, vec!["--mount=type=cache,target=/a b", "--link"]);
        assert!(
            r#"--mount=type=cache,target="/a b" --link -- --not-a-flag x"#[rest..]
                .trim_start()
                .starts_with("--not")
        );
    }

    #[test]
    fn directive_regex() {
        assert_eq!(match_directive("# escape=`"), Some(((2, 8), (9, 10))));
        assert_eq!(
            match_directive("#Syntax = docker/dockerfile:1  "),
            Some(((1, 7), (10, 29)))
        );
        assert_eq!(match_directive("# escape= "), Some(((2, 8), (9, 10))));
        assert_eq!(match_directive("# escape="), None);
        assert_eq!(match_directive("# 1x=y"), None);
    }

    #[test]
    fn continuation() {
        let df = parse("ENV C trailing\\\\\nENV D next\n");
        assert_eq!(df.instructions().count(), 2);
        let df = parse("RUN a \\\n\\\n  b\n");
        assert_eq!(df.instructions().next().unwrap().original, "RUN a   b");
    }
}

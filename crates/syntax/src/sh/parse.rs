//! A scannerless recursive-descent parser over the script's bytes.
//!
//! Shell lexing depends on context (command position, quotes, `case`
//! patterns, `[[ ]]`, here-documents), so words and operators are read
//! directly from the text where the grammar needs them. All positions stop on
//! ASCII bytes or after whole characters, so every span is on character
//! boundaries. Every loop consumes input on each turn (or stops), look-ahead is
//! bounded by a constant, and recursion goes through [`Parser::enter`], which
//! stops the whole parse at [`MAX_DEPTH`]: time is linear and the stack is
//! bounded whatever the input.

use super::ast::*;
use super::MAX_DEPTH;
use crate::Span;

/// Parse a shell script. Never panics; problems are in [`Script::errors`].
pub fn parse_script(src: &str) -> Script {
    let mut p = Parser {
        b: src.as_bytes(),
        pos: 0,
        depth: 0,
        aborted: false,
        in_bq: false,
        paren_ctx: 0,
        errors: Vec::new(),
        heredocs: Vec::new(),
        pending: Vec::new(),
        brace_budget: src.len() + 1024,
    };
    let body = p.list(&[]);
    for pd in std::mem::take(&mut p.pending) {
        let len = p.b.len();
        p.heredocs[pd.index].body = Span::new(len, len);
        p.err(ShErrorKind::UnterminatedHeredoc, pd.op);
    }
    Script {
        body,
        heredocs: p.heredocs,
        errors: p.errors,
        depth_capped: p.aborted,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// An unquoted word: ends at a blank or an operator character.
    Word,
    /// The right side of `=~` in `[[ ]]`: `( ) | < >` are part of the word.
    Regex,
    /// Inside `"…"`: ends at `"`.
    DQuote,
    /// The word after a `${…}` operator: ends at `}`.
    ParamArg,
    /// An unquoted here-document body: expansions and `\$ \` \\` only.
    HereBody,
}

struct Pending {
    delim: Vec<u8>,
    strip: bool,
    index: usize,
    op: Span,
}

struct Parser<'a> {
    b: &'a [u8],
    pos: usize,
    depth: usize,
    aborted: bool,
    /// Inside a backquote substitution: an unescaped `` ` `` ends it.
    in_bq: bool,
    /// Number of enclosing `(`, `$(`, `<(`: a `)` ends the current list.
    paren_ctx: usize,
    errors: Vec<ShError>,
    heredocs: Vec<HereDoc>,
    pending: Vec<Pending>,
    /// Bytes the brace-expansion look-ahead may still scan. Nested `{` make
    /// those scans overlap, so a shared budget keeps the total linear; when it
    /// runs out, braces are read as literal text.
    brace_budget: usize,
}

const KEYWORDS: [&str; 20] = [
    "if", "then", "elif", "else", "fi", "do", "done", "case", "esac", "while", "until", "for",
    "in", "function", "select", "{", "}", "!", "[[", "]]",
];

/// Builtins whose `name=value` arguments are assignments (bash parses
/// `local a=(x y)`; no shell splits `export A=$B`).
const DECL_BUILTINS: [&[u8]; 5] = [b"export", b"local", b"declare", b"readonly", b"typeset"];

/// Reserved words that close a construct: never a command name.
const CLOSERS: [&str; 8] = ["then", "elif", "else", "fi", "do", "done", "esac", "}"];

fn is_meta(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')'
    )
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn is_special_param(c: u8) -> bool {
    matches!(c, b'@' | b'*' | b'#' | b'?' | b'-' | b'$' | b'!')
}

fn utf8_len(c: u8) -> usize {
    match c {
        0..=0x7f => 1,
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        _ => 2,
    }
}

fn lit_word(span: Span) -> Word {
    Word {
        parts: vec![Part::Lit(span)],
        span,
    }
}

impl<'a> Parser<'a> {
    // -----------------------------------------------------------------------
    // Low level

    fn eof(&self) -> bool {
        self.pos >= self.b.len()
    }

    fn peek(&self, off: usize) -> Option<u8> {
        self.b.get(self.pos + off).copied()
    }

    fn at(&self, s: &str) -> bool {
        self.b[self.pos.min(self.b.len())..].starts_with(s.as_bytes())
    }

    fn bump_char(&mut self) {
        if let Some(&c) = self.b.get(self.pos) {
            self.pos = (self.pos + utf8_len(c)).min(self.b.len());
        }
    }

    fn err(&mut self, kind: ShErrorKind, span: Span) {
        if self.aborted && kind != ShErrorKind::TooDeep {
            return;
        }
        self.errors.push(ShError { kind, span });
    }

    fn here(&self, n: usize) -> Span {
        Span::new(self.pos, (self.pos + n).min(self.b.len()))
    }

    /// Report the `n`-byte token at the cursor as unexpected and skip it.
    fn unexpected(&mut self, n: usize) {
        let s = self.here(n);
        self.err(ShErrorKind::Unexpected, s);
        self.pos = s.end;
    }

    /// Go one level deeper; false (and the parse is over) past the cap.
    /// Every `enter` is paired with a `leave`.
    fn enter(&mut self) -> bool {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            if !self.aborted {
                let s = self.here(0);
                self.err(ShErrorKind::TooDeep, s);
            }
            self.aborted = true;
            self.pos = self.b.len();
            return false;
        }
        true
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Blanks, `\`-newline continuations and a comment.
    fn skip_blanks(&mut self) {
        while let Some(c) = self.peek(0) {
            match c {
                b' ' | b'\t' => self.pos += 1,
                b'\\' if self.peek(1) == Some(b'\n') => self.pos += 2,
                b'#' => {
                    while let Some(c) = self.peek(0) {
                        if c == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                _ => break,
            }
        }
    }

    /// Blanks, comments and newlines (reading here-document bodies).
    fn skip_linebreaks(&mut self) {
        loop {
            self.skip_blanks();
            if self.peek(0) == Some(b'\n') {
                self.newline();
            } else {
                break;
            }
        }
    }

    /// Consume a newline, then the bodies of the here-documents opened on
    /// the line it ends.
    fn newline(&mut self) {
        self.pos += 1;
        for pd in std::mem::take(&mut self.pending) {
            let body_start = self.pos;
            loop {
                let line_start = self.pos;
                if line_start >= self.b.len() {
                    self.heredocs[pd.index].body = Span::new(body_start, line_start);
                    self.err(ShErrorKind::UnterminatedHeredoc, pd.op);
                    break;
                }
                let le = self.b[line_start..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(self.b.len(), |i| line_start + i);
                let mut line = &self.b[line_start..le];
                if pd.strip {
                    while let [b'\t', rest @ ..] = line {
                        line = rest;
                    }
                }
                self.pos = (le + 1).min(self.b.len());
                if line == pd.delim.as_slice() {
                    let h = &mut self.heredocs[pd.index];
                    h.body = Span::new(body_start, line_start);
                    h.end = Some(Span::new(line_start, le));
                    break;
                }
            }
            if !self.heredocs[pd.index].quoted {
                let body = self.heredocs[pd.index].body;
                let parts = self.heredoc_parts(body);
                self.heredocs[pd.index].parts = parts;
            }
        }
    }

    /// The expansions of an unquoted here-document body, parsed in place
    /// with the input cut at the body's end.
    fn heredoc_parts(&mut self, body: Span) -> Vec<Part> {
        let full = self.b;
        let saved = (self.pos, self.in_bq, self.paren_ctx);
        let outer_pending = std::mem::take(&mut self.pending);
        self.b = &full[..body.end];
        self.pos = body.start;
        self.in_bq = false;
        self.paren_ctx = 0;
        let parts = self.parts(Mode::HereBody);
        for pd in std::mem::replace(&mut self.pending, outer_pending) {
            self.heredocs[pd.index].body = Span::new(body.end, body.end);
            self.err(ShErrorKind::UnterminatedHeredoc, pd.op);
        }
        self.b = full;
        (self.pos, self.in_bq, self.paren_ctx) = saved;
        if self.aborted {
            self.pos = self.b.len();
        }
        parts
    }

    /// The reserved word at the cursor, if it is followed by a delimiter.
    fn keyword(&self) -> Option<&'static str> {
        let rest = &self.b[self.pos.min(self.b.len())..];
        // Most words start with a letter no keyword starts with.
        if !matches!(
            rest.first(),
            Some(
                b'i' | b't'
                    | b'e'
                    | b'f'
                    | b'd'
                    | b'c'
                    | b'w'
                    | b'u'
                    | b's'
                    | b'{'
                    | b'}'
                    | b'!'
                    | b'['
                    | b']'
            )
        ) {
            return None;
        }
        for kw in KEYWORDS {
            if rest.starts_with(kw.as_bytes()) {
                match rest.get(kw.len()) {
                    None => return Some(kw),
                    Some(&c) if is_meta(c) || (c == b'`' && self.in_bq) => return Some(kw),
                    _ => {}
                }
            }
        }
        None
    }

    /// `c` cannot start (or continue) an unquoted word here.
    fn ends_word(&self, c: u8) -> bool {
        is_meta(c) || (c == b'`' && self.in_bq)
    }

    /// A word (possibly a process substitution) starts at the cursor.
    fn starts_word(&self, c: u8) -> bool {
        !self.ends_word(c) || self.at_procsubst()
    }

    fn kw_is(&self, kw: &str) -> bool {
        self.keyword() == Some(kw)
    }

    // -----------------------------------------------------------------------
    // Lists, and-or chains, pipelines

    /// Commands up to the end of input, a `)` that closes an enclosing
    /// parenthesis, the end of a backquote substitution, or one of the
    /// reserved words in `stops` (`";;"` stands for the `case` arm ends).
    fn list(&mut self, stops: &[&str]) -> List {
        let mut items: Vec<AndOr> = Vec::new();
        let start = self.pos;
        loop {
            self.skip_linebreaks();
            if self.aborted || self.eof() {
                break;
            }
            let c = self.b[self.pos];
            match c {
                b')' => {
                    if self.paren_ctx > 0 {
                        break;
                    }
                    self.unexpected(1);
                    continue;
                }
                b'`' if self.in_bq => break,
                b';' => {
                    if self.at(";;") || self.at(";&") {
                        if stops.contains(&";;") {
                            break;
                        }
                        self.unexpected(if self.at(";;&") { 3 } else { 2 });
                    } else {
                        self.unexpected(1);
                    }
                    continue;
                }
                b'&' if self.peek(1) != Some(b'>') => {
                    self.unexpected(if self.at("&&") { 2 } else { 1 });
                    continue;
                }
                b'|' => {
                    self.unexpected(if self.at("||") || self.at("|&") { 2 } else { 1 });
                    continue;
                }
                _ => {}
            }
            if let Some(kw) = self.keyword() {
                if stops.contains(&kw) {
                    break;
                }
                if CLOSERS.contains(&kw) {
                    self.unexpected(kw.len());
                    continue;
                }
            }
            let before = self.pos;
            if let Some(ao) = self.and_or() {
                items.push(ao);
            }
            if self.pos == before {
                let s = Span::new(self.pos, self.pos);
                self.bump_char();
                self.err(ShErrorKind::Unexpected, Span::new(s.start, self.pos));
            }
        }
        let span = match (items.first(), items.last()) {
            (Some(f), Some(l)) => Span::new(f.span.start, l.span.end),
            _ => Span::new(start, start),
        };
        List { items, span }
    }

    fn and_or(&mut self) -> Option<AndOr> {
        let head = self.pipeline()?;
        let mut tail = Vec::new();
        loop {
            self.skip_blanks();
            let op = if self.at("&&") {
                AndOrOp::And
            } else if self.at("||") {
                AndOrOp::Or
            } else {
                break;
            };
            let op_span = self.here(2);
            self.pos += 2;
            self.skip_linebreaks();
            match self.pipeline() {
                Some(p) => tail.push((op, op_span, p)),
                None => {
                    self.err(ShErrorKind::Missing(Expected::Command), op_span);
                    break;
                }
            }
        }
        let end = tail.last().map_or(head.span.end, |t| t.2.span.end);
        let span = Span::new(head.span.start, end);
        self.skip_blanks();
        let term = match self.peek(0) {
            Some(b';') if !matches!(self.peek(1), Some(b';') | Some(b'&')) => {
                self.pos += 1;
                Some((Term::Semi, Span::new(self.pos - 1, self.pos)))
            }
            Some(b'&') if !matches!(self.peek(1), Some(b'&') | Some(b'>')) => {
                self.pos += 1;
                Some((Term::Amp, Span::new(self.pos - 1, self.pos)))
            }
            Some(b'\n') => {
                let s = self.here(1);
                self.newline();
                Some((Term::Newline, s))
            }
            _ => None,
        };
        Some(AndOr {
            head,
            tail,
            term,
            span,
        })
    }

    fn pipeline(&mut self) -> Option<Pipeline> {
        self.skip_blanks();
        let start = self.pos;
        let mut bang = None;
        while self.kw_is("!") {
            bang = Some(self.here(1));
            self.pos += 1;
            self.skip_blanks();
        }
        let mut cmds = Vec::new();
        let mut pipes = Vec::new();
        match self.command() {
            Some(c) => {
                self.after_compound(&c);
                cmds.push(c)
            }
            None => {
                let b = bang?;
                self.err(ShErrorKind::Missing(Expected::Command), b);
            }
        }
        while !cmds.is_empty() {
            self.skip_blanks();
            let (n, amp) = if self.at("||") {
                break;
            } else if self.at("|&") {
                (2, true)
            } else if self.at("|") {
                (1, false)
            } else {
                break;
            };
            let ps = self.here(n);
            self.pos += n;
            pipes.push((ps, amp));
            self.skip_linebreaks();
            if self.kw_is("!") {
                // `!` negates a whole pipeline, never a command after `|`.
                self.unexpected(1);
                self.skip_blanks();
            }
            match self.command() {
                Some(c) => {
                    self.after_compound(&c);
                    cmds.push(c)
                }
                None => {
                    self.err(ShErrorKind::Missing(Expected::Command), ps);
                    break;
                }
            }
        }
        let end = cmds
            .last()
            .map_or(bang.map_or(start, |b| b.end), |c| c.span().end);
        Some(Pipeline {
            bang,
            cmds,
            pipes,
            span: Span::new(start, end),
        })
    }

    /// A compound command must be followed by an operator, a newline or a
    /// comment: `(a)b`, `fi x` and `[[ a ]] b` are syntax errors (the word
    /// is then read as the next command).
    fn after_compound(&mut self, c: &Command) {
        if matches!(c, Command::Simple(_)) {
            return;
        }
        self.skip_blanks();
        if let Some(c) = self.peek(0) {
            if !self.ends_word(c) {
                let at = self.pos;
                self.bump_char();
                let s = Span::new(at, self.pos);
                self.pos = at;
                self.err(ShErrorKind::Unexpected, s);
            }
        }
    }

    // -----------------------------------------------------------------------
    // Commands

    fn command(&mut self) -> Option<Command> {
        self.skip_blanks();
        if self.aborted || self.eof() {
            return None;
        }
        let c = self.b[self.pos];
        if c == b'(' {
            return Some(if self.at("((") {
                self.arith_command()
            } else {
                self.subshell()
            });
        }
        if let Some(kw) = self.keyword() {
            match kw {
                "if" => return Some(self.if_cmd()),
                "for" | "select" => return Some(self.for_cmd(kw.len())),
                "while" | "until" => return Some(self.loop_cmd(kw == "until")),
                "case" => return Some(self.case_cmd()),
                "{" => return Some(self.group()),
                "[[" => return Some(self.double_bracket()),
                "function" => return Some(self.function_kw()),
                k if CLOSERS.contains(&k) => return None,
                _ => {}
            }
        }
        if c == b'`' && self.in_bq {
            return None;
        }
        if is_meta(c) && !self.at_redir() && !self.at_procsubst() {
            return None;
        }
        Some(self.simple())
    }

    /// Parse the redirections after a compound command, and its span.
    fn finish(&mut self, start: usize) -> (Span, Vec<Redir>) {
        let mut end = self.pos;
        let mut redirs = Vec::new();
        loop {
            self.skip_blanks();
            if !self.at_redir() {
                break;
            }
            let r = self.redir();
            end = r.span.end;
            redirs.push(r);
        }
        (Span::new(start, end), redirs)
    }

    /// Expect the reserved word `kw`; otherwise report it missing at `opener`.
    fn expect_kw(&mut self, kw: &str, what: Expected, opener: Span) -> bool {
        if self.kw_is(kw) {
            self.pos += kw.len();
            true
        } else {
            self.err(ShErrorKind::Missing(what), opener);
            false
        }
    }

    fn subshell(&mut self) -> Command {
        let start = self.pos;
        self.pos += 1;
        let body = if self.enter() {
            let saved = self.paren_ctx;
            self.paren_ctx += 1;
            let body = self.list(&[]);
            self.paren_ctx = saved;
            if self.peek(0) == Some(b')') {
                self.pos += 1;
            } else {
                self.err(
                    ShErrorKind::Missing(Expected::CloseParen),
                    Span::new(start, start + 1),
                );
            }
            body
        } else {
            List::default()
        };
        self.leave();
        let (span, redirs) = self.finish(start);
        Command::Subshell { body, span, redirs }
    }

    fn group(&mut self) -> Command {
        let start = self.pos;
        self.pos += 1;
        let body = if self.enter() {
            let body = self.list(&["}"]);
            self.expect_kw("}", Expected::CloseBrace, Span::new(start, start + 1));
            body
        } else {
            List::default()
        };
        self.leave();
        let (span, redirs) = self.finish(start);
        Command::Group { body, span, redirs }
    }

    /// Scan `((…))` from just after the opening `((`. True with the cursor
    /// after the closing `))`; false (cursor unspecified) when the parentheses
    /// do not close that way, in which case bash reads `((` as two `(`.
    /// Falling back re-scans the text, at most once per nesting level, so the
    /// depth cap keeps the total linear.
    fn scan_arith(&mut self) -> bool {
        let mut depth = 0usize;
        while let Some(c) = self.peek(0) {
            match c {
                b'(' => depth += 1,
                b')' if depth > 0 => depth -= 1,
                b')' => {
                    if self.peek(1) == Some(b')') {
                        self.pos += 2;
                        return true;
                    }
                    return false;
                }
                _ => {}
            }
            self.bump_char();
        }
        false
    }

    fn arith_command(&mut self) -> Command {
        let start = self.pos;
        self.pos += 2;
        if !self.scan_arith() {
            self.pos = start;
            return self.subshell();
        }
        let (span, redirs) = self.finish(start);
        Command::Arith { span, redirs }
    }

    fn if_cmd(&mut self) -> Command {
        let start = self.pos;
        let mut opener = self.here(2);
        self.pos += 2;
        let mut arms = Vec::new();
        let mut else_ = None;
        if self.enter() {
            loop {
                let cond = self.list(&["then", "elif", "else", "fi"]);
                self.expect_kw("then", Expected::Then, opener);
                let body = self.list(&["elif", "else", "fi"]);
                arms.push((cond, body));
                if self.kw_is("elif") {
                    opener = self.here(4);
                    self.pos += 4;
                    continue;
                }
                if self.kw_is("else") {
                    self.pos += 4;
                    else_ = Some(self.list(&["fi"]));
                }
                break;
            }
            self.expect_kw("fi", Expected::Fi, Span::new(start, start + 2));
        }
        self.leave();
        let (span, redirs) = self.finish(start);
        Command::If {
            arms,
            else_,
            span,
            redirs,
        }
    }

    /// `do list done`, after a loop head.
    fn do_done(&mut self, opener: Span) -> List {
        self.skip_linebreaks();
        let has_do = self.expect_kw("do", Expected::Do, opener);
        let body = self.list(&["done"]);
        if has_do || self.kw_is("done") {
            self.expect_kw("done", Expected::Done, opener);
        }
        body
    }

    fn loop_cmd(&mut self, until: bool) -> Command {
        let start = self.pos;
        let n = 5; // `while` and `until`
        let opener = self.here(n);
        self.pos += n;
        let (cond, body) = if self.enter() {
            let cond = self.list(&["do", "done"]);
            let body = self.do_done(opener);
            (cond, body)
        } else {
            (List::default(), List::default())
        };
        self.leave();
        let (span, redirs) = self.finish(start);
        Command::Loop {
            until,
            cond,
            body,
            span,
            redirs,
        }
    }

    fn for_cmd(&mut self, kw_len: usize) -> Command {
        let start = self.pos;
        let opener = self.here(kw_len);
        self.pos += kw_len;
        if !self.enter() {
            self.leave();
            return Command::For {
                var: opener,
                items: None,
                body: List::default(),
                span: Span::new(start, self.pos),
                redirs: Vec::new(),
            };
        }
        self.skip_blanks();
        if self.at("((") {
            let hs = self.pos;
            self.pos += 2;
            if !self.scan_arith() {
                self.pos = self.b.len();
                self.err(ShErrorKind::UnterminatedArith, Span::new(hs, hs + 2));
            }
            let head = Span::new(hs, self.pos);
            self.skip_blanks();
            if self.peek(0) == Some(b';') {
                self.pos += 1;
            }
            let body = self.do_done(opener);
            self.leave();
            let (span, redirs) = self.finish(start);
            return Command::ForArith {
                head,
                body,
                span,
                redirs,
            };
        }
        let vs = self.pos;
        while self.peek(0).is_some_and(is_name_char) {
            self.pos += 1;
        }
        let var = Span::new(vs, self.pos);
        if var.is_empty() {
            self.err(ShErrorKind::Missing(Expected::Word), opener);
        }
        self.skip_linebreaks();
        let mut items = None;
        if self.kw_is("in") {
            self.pos += 2;
            let mut ws = Vec::new();
            loop {
                self.skip_blanks();
                match self.peek(0) {
                    None => break,
                    Some(c) if !self.starts_word(c) => break,
                    _ => ws.push(self.word(Mode::Word)),
                }
            }
            items = Some(ws);
        }
        self.skip_blanks();
        if self.peek(0) == Some(b';') && !self.at(";;") {
            self.pos += 1;
        }
        let body = self.do_done(opener);
        self.leave();
        let (span, redirs) = self.finish(start);
        Command::For {
            var,
            items,
            body,
            span,
            redirs,
        }
    }

    fn case_cmd(&mut self) -> Command {
        let start = self.pos;
        let opener = self.here(4);
        self.pos += 4;
        self.skip_blanks();
        let word = match self.peek(0) {
            Some(c) if self.starts_word(c) => self.word(Mode::Word),
            _ => {
                self.err(ShErrorKind::Missing(Expected::Word), opener);
                Word {
                    parts: Vec::new(),
                    span: self.here(0),
                }
            }
        };
        let mut arms = Vec::new();
        if !self.enter() {
            self.leave();
            return Command::Case {
                word,
                arms,
                span: Span::new(start, self.pos),
                redirs: Vec::new(),
            };
        }
        self.skip_linebreaks();
        if self.expect_kw("in", Expected::In, opener) {
            loop {
                self.skip_linebreaks();
                if self.aborted || self.eof() {
                    self.err(ShErrorKind::Missing(Expected::Esac), opener);
                    break;
                }
                if self.kw_is("esac") {
                    self.pos += 4;
                    break;
                }
                let arm_start = self.pos;
                if self.peek(0) == Some(b'(') {
                    self.pos += 1;
                }
                let mut patterns = Vec::new();
                loop {
                    self.skip_blanks();
                    match self.peek(0) {
                        Some(c) if self.starts_word(c) => patterns.push(self.word(Mode::Word)),
                        _ => break,
                    }
                    self.skip_blanks();
                    if self.peek(0) == Some(b'|') && !self.at("||") {
                        self.pos += 1;
                        continue;
                    }
                    break;
                }
                if self.peek(0) == Some(b')') {
                    self.pos += 1;
                } else {
                    self.err(
                        ShErrorKind::Missing(Expected::CloseParen),
                        Span::new(arm_start, self.pos),
                    );
                }
                let body = self.list(&[";;", "esac"]);
                let n = if self.at(";;&") {
                    3
                } else if self.at(";;") || self.at(";&") {
                    2
                } else {
                    0
                };
                let term = (n > 0).then(|| self.here(n));
                self.pos += n;
                arms.push(CaseArm {
                    patterns,
                    body,
                    term,
                    span: Span::new(arm_start, self.pos),
                });
                if term.is_none() && !self.kw_is("esac") {
                    self.err(ShErrorKind::Missing(Expected::Esac), opener);
                    break;
                }
                if self.pos == arm_start {
                    self.unexpected(1);
                }
            }
        }
        self.leave();
        let (span, redirs) = self.finish(start);
        Command::Case {
            word,
            arms,
            span,
            redirs,
        }
    }

    fn double_bracket(&mut self) -> Command {
        let start = self.pos;
        let opener = self.here(2);
        self.pos += 2;
        let mut words = Vec::new();
        let mut regex = false;
        loop {
            self.skip_linebreaks();
            if self.aborted || self.eof() {
                self.err(ShErrorKind::Missing(Expected::CloseBrackets), opener);
                break;
            }
            if self.kw_is("]]") {
                self.pos += 2;
                break;
            }
            let c = self.b[self.pos];
            if self.at("&&") || self.at("||") {
                words.push(lit_word(self.here(2)));
                self.pos += 2;
                regex = false;
                continue;
            }
            if !regex && matches!(c, b'(' | b')' | b'<' | b'>') {
                words.push(lit_word(self.here(1)));
                self.pos += 1;
                continue;
            }
            let regex_char = regex && matches!(c, b'(' | b')' | b'<' | b'>' | b'|');
            if self.ends_word(c) && !regex_char {
                self.err(ShErrorKind::Missing(Expected::CloseBrackets), opener);
                break;
            }
            let w = self.word(if regex { Mode::Regex } else { Mode::Word });
            if w.span.is_empty() {
                self.err(ShErrorKind::Missing(Expected::CloseBrackets), opener);
                break;
            }
            regex = &self.b[w.span.start..w.span.end] == b"=~";
            words.push(w);
        }
        let (span, redirs) = self.finish(start);
        Command::DoubleBracket {
            words,
            span,
            redirs,
        }
    }

    fn function_kw(&mut self) -> Command {
        let start = self.pos;
        let keyword = self.here(8);
        self.pos += 8;
        self.skip_blanks();
        let ns = self.pos;
        while self.peek(0).is_some_and(|c| !is_meta(c)) {
            self.bump_char();
        }
        let name = Span::new(ns, self.pos);
        if name.is_empty() {
            self.err(ShErrorKind::Missing(Expected::Word), keyword);
        }
        self.skip_blanks();
        if self.peek(0) == Some(b'(') {
            self.pos += 1;
            self.skip_blanks();
            if self.peek(0) == Some(b')') {
                self.pos += 1;
            } else {
                self.err(ShErrorKind::Missing(Expected::CloseParen), keyword);
            }
        }
        self.func_body(start, name, Some(keyword))
    }

    fn func_body(&mut self, start: usize, name: Span, keyword: Option<Span>) -> Command {
        let body = if self.enter() {
            self.skip_linebreaks();
            self.command()
        } else {
            None
        };
        self.leave();
        let body = match body {
            Some(b) => b,
            None => {
                self.err(ShErrorKind::Missing(Expected::Command), name);
                Command::Group {
                    body: List::default(),
                    span: self.here(0),
                    redirs: Vec::new(),
                }
            }
        };
        let end = body.span().end.max(name.end);
        Command::Func {
            name,
            keyword,
            body: Box::new(body),
            span: Span::new(start, end),
        }
    }

    fn simple(&mut self) -> Command {
        let start = self.pos;
        let mut end = start;
        let mut assigns = Vec::new();
        let mut words: Vec<Word> = Vec::new();
        let mut redirs = Vec::new();
        let mut decl_assigns = Vec::new();
        let mut decl_builtin = false;
        loop {
            self.skip_blanks();
            if self.aborted || self.eof() {
                break;
            }
            let c = self.b[self.pos];
            if c == b'`' && self.in_bq {
                break;
            }
            if self.at_redir() {
                let r = self.redir();
                end = r.span.end;
                redirs.push(r);
                continue;
            }
            if is_meta(c) && !self.at_procsubst() {
                if c == b'(' {
                    if words.len() == 1
                        && assigns.is_empty()
                        && redirs.is_empty()
                        && words[0].is_plain_literal()
                    {
                        let name = words[0].span;
                        self.pos += 1;
                        self.skip_blanks();
                        if self.peek(0) == Some(b')') {
                            self.pos += 1;
                        } else {
                            self.err(ShErrorKind::Missing(Expected::CloseParen), name);
                        }
                        return self.func_body(start, name, None);
                    }
                    self.err(ShErrorKind::Unexpected, self.here(1));
                }
                break;
            }
            if words.is_empty() {
                if let Some(a) = self.assignment() {
                    end = a.span.end;
                    assigns.push(a);
                    continue;
                }
            } else if decl_builtin {
                if let Some(a) = self.assignment() {
                    end = a.span.end;
                    decl_assigns.push(a);
                    continue;
                }
            }
            let w = self.word(Mode::Word);
            end = w.span.end;
            if words.is_empty() {
                decl_builtin = w.is_plain_literal()
                    && DECL_BUILTINS.contains(&&self.b[w.span.start..w.span.end]);
            }
            words.push(w);
        }
        Command::Simple(SimpleCmd {
            assigns,
            decl_assigns,
            words,
            redirs,
            span: Span::new(start, end),
        })
    }

    /// `name=`, `name+=`, `name[i]=` at the cursor, then the value.
    fn assignment(&mut self) -> Option<Assign> {
        let start = self.pos;
        if !self.peek(0).is_some_and(is_name_start) {
            return None;
        }
        let mut i = self.pos;
        while self.b.get(i).copied().is_some_and(is_name_char) {
            i += 1;
        }
        let name = Span::new(start, i);
        let mut index = None;
        if self.b.get(i) == Some(&b'[') {
            let is = i;
            let mut d = 0usize;
            loop {
                match self.b.get(i) {
                    Some(b'[') => d += 1,
                    Some(b']') => {
                        d -= 1;
                        if d == 0 {
                            i += 1;
                            break;
                        }
                    }
                    Some(&c) if !is_meta(c) => {}
                    _ => return None,
                }
                i += 1;
            }
            index = Some(Span::new(is, i));
        }
        let append = self.b.get(i) == Some(&b'+');
        if append {
            i += 1;
        }
        if self.b.get(i) != Some(&b'=') {
            return None;
        }
        self.pos = i + 1;
        let value = if self.peek(0) == Some(b'(') {
            let vs = self.pos;
            self.pos += 1;
            let mut items = Vec::new();
            loop {
                self.skip_linebreaks();
                match self.peek(0) {
                    Some(b')') => {
                        self.pos += 1;
                        break;
                    }
                    Some(c) if self.starts_word(c) => items.push(self.word(Mode::Word)),
                    _ => {
                        self.err(
                            ShErrorKind::Missing(Expected::CloseParen),
                            Span::new(vs, vs + 1),
                        );
                        break;
                    }
                }
            }
            AssignValue::Array {
                items,
                span: Span::new(vs, self.pos),
            }
        } else {
            match self.peek(0) {
                Some(c) if self.starts_word(c) => AssignValue::Word(self.word(Mode::Word)),
                _ => AssignValue::Word(Word {
                    parts: Vec::new(),
                    span: self.here(0),
                }),
            }
        };
        Some(Assign {
            name,
            index,
            append,
            value,
            span: Span::new(start, self.pos),
        })
    }

    fn at_procsubst(&self) -> bool {
        matches!(self.peek(0), Some(b'<') | Some(b'>')) && self.peek(1) == Some(b'(')
    }

    /// A redirection operator (with an optional fd number) at the cursor.
    fn at_redir(&self) -> bool {
        let mut i = self.pos;
        while i < self.b.len() && i - self.pos < 10 && self.b[i].is_ascii_digit() {
            i += 1;
        }
        match self.b.get(i) {
            Some(b'<') | Some(b'>') => self.b.get(i + 1) != Some(&b'('),
            Some(b'&') => i == self.pos && self.b.get(i + 1) == Some(&b'>'),
            _ => false,
        }
    }

    fn redir(&mut self) -> Redir {
        let start = self.pos;
        let mut fd: Option<u32> = None;
        while let Some(c) = self.peek(0).filter(u8::is_ascii_digit) {
            fd = Some(
                fd.unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(u32::from(c - b'0')),
            );
            self.pos += 1;
        }
        const OPS: [(&str, RedirOp); 12] = [
            ("<<<", RedirOp::HereString),
            ("<<-", RedirOp::HereDocStrip),
            ("<<", RedirOp::HereDoc),
            ("<>", RedirOp::ReadWrite),
            ("<&", RedirOp::DupIn),
            ("<", RedirOp::In),
            ("&>>", RedirOp::AppendOutErr),
            ("&>", RedirOp::OutErr),
            (">>", RedirOp::Append),
            (">|", RedirOp::Clobber),
            (">&", RedirOp::DupOut),
            (">", RedirOp::Out),
        ];
        let (text, op) = OPS
            .iter()
            .copied()
            .find(|(t, _)| self.at(t))
            .unwrap_or((">", RedirOp::Out));
        let op_span = self.here(text.len());
        self.pos = op_span.end;
        self.skip_blanks();
        let target = match self.peek(0) {
            Some(c) if !is_meta(c) || self.at_procsubst() => self.word(Mode::Word),
            _ => {
                self.err(ShErrorKind::Missing(Expected::Word), op_span);
                Word {
                    parts: Vec::new(),
                    span: self.here(0),
                }
            }
        };
        let mut heredoc = None;
        if matches!(op, RedirOp::HereDoc | RedirOp::HereDocStrip) {
            let (delim, quoted) = self.unquote(&target);
            let index = self.heredocs.len();
            self.heredocs.push(HereDoc {
                delim: String::from_utf8_lossy(&delim).into_owned(),
                quoted,
                strip_tabs: op == RedirOp::HereDocStrip,
                body: Span::new(self.b.len(), self.b.len()),
                end: None,
                parts: Vec::new(),
            });
            self.pending.push(Pending {
                delim,
                strip: op == RedirOp::HereDocStrip,
                index,
                op: op_span,
            });
            heredoc = Some(index);
        }
        Redir {
            fd,
            op,
            op_span,
            span: Span::new(start, target.span.end.max(op_span.end)),
            target,
            heredoc,
        }
    }

    /// A here-document delimiter with quotes and backslashes removed, and
    /// whether any quoting was there.
    fn unquote(&self, w: &Word) -> (Vec<u8>, bool) {
        let mut out = Vec::new();
        let mut quoted = false;
        for p in &w.parts {
            let s = p.span();
            let t = &self.b[s.start..s.end];
            match p {
                Part::Escaped(_) => {
                    quoted = true;
                    out.extend_from_slice(&t[1..]);
                }
                Part::SingleQ(_) | Part::DoubleQ { .. } => {
                    quoted = true;
                    let inner = &t[1..];
                    out.extend_from_slice(inner.strip_suffix(&t[..1]).unwrap_or(inner));
                }
                Part::AnsiC(_) => {
                    quoted = true;
                    let inner = &t[2..];
                    out.extend_from_slice(inner.strip_suffix(b"'").unwrap_or(inner));
                }
                _ => out.extend_from_slice(t),
            }
        }
        (out, quoted)
    }

    // -----------------------------------------------------------------------
    // Words

    fn word(&mut self, mode: Mode) -> Word {
        let start = self.pos;
        let parts = self.parts(mode);
        Word {
            parts,
            span: Span::new(start, self.pos),
        }
    }

    fn parts(&mut self, mode: Mode) -> Vec<Part> {
        let word_start = self.pos;
        let mut parts = Vec::new();
        let mut lit: Option<usize> = None;
        while let Some(c) = self.peek(0) {
            if self.aborted {
                break;
            }
            let here = self.pos;
            let part = match mode {
                Mode::Word | Mode::Regex => {
                    if c == b'`' && self.in_bq {
                        break;
                    }
                    if is_meta(c) {
                        if mode == Mode::Word && self.at_procsubst() {
                            Some(self.procsubst())
                        } else if mode == Mode::Regex
                            && matches!(c, b'(' | b')' | b'|' | b'<' | b'>')
                        {
                            None
                        } else {
                            break;
                        }
                    } else {
                        self.part_common(c, mode, here == word_start)
                    }
                }
                Mode::DQuote => {
                    if c == b'"' {
                        break;
                    }
                    self.part_common(c, mode, false)
                }
                Mode::ParamArg => {
                    if c == b'}' {
                        break;
                    }
                    self.part_common(c, mode, false)
                }
                Mode::HereBody => match c {
                    b'\\' if !matches!(self.peek(1), Some(b'$' | b'`' | b'\\' | b'\n')) => None,
                    b'\\' | b'$' | b'`' => self.part_common(c, mode, false),
                    _ => None,
                },
            };
            match part {
                Some(p) => {
                    if let Some(s) = lit.take() {
                        if s < here {
                            parts.push(Part::Lit(Span::new(s, here)));
                        }
                    }
                    parts.push(p);
                }
                None if self.pos == here => {
                    lit.get_or_insert(here);
                    self.bump_char();
                }
                None => {
                    // A `\`-newline continuation: nothing to keep.
                    if let Some(s) = lit.take() {
                        if s < here {
                            parts.push(Part::Lit(Span::new(s, here)));
                        }
                    }
                }
            }
        }
        if let Some(s) = lit {
            if s < self.pos {
                parts.push(Part::Lit(Span::new(s, self.pos)));
            }
        }
        parts
    }

    /// The part starting at the cursor, or `None` for a literal character
    /// (cursor unmoved) or a line continuation (cursor moved).
    fn part_common(&mut self, c: u8, mode: Mode, word_start: bool) -> Option<Part> {
        let start = self.pos;
        match c {
            b'\\' => {
                let next = self.peek(1)?;
                if next == b'\n' {
                    self.pos += 2;
                    return None;
                }
                if mode == Mode::DQuote && !matches!(next, b'$' | b'`' | b'"' | b'\\') {
                    return None;
                }
                self.pos += 1;
                self.bump_char();
                Some(Part::Escaped(Span::new(start, self.pos)))
            }
            b'\'' if mode != Mode::DQuote => Some(self.single_quote(start, start + 1)),
            b'"' if mode != Mode::DQuote => Some(self.double_quote(start, start)),
            b'$' => self.dollar(mode),
            b'`' => Some(self.backquote()),
            b'*' | b'?' if mode == Mode::Word => {
                self.pos += 1;
                Some(Part::Glob(Span::new(start, self.pos)))
            }
            b'[' if mode == Mode::Word => self.bracket_glob(),
            b'{' if mode == Mode::Word => self.brace(),
            b'~' if mode == Mode::Word && word_start => {
                self.pos += 1;
                while self.peek(0).is_some_and(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'+')
                }) {
                    self.pos += 1;
                }
                Some(Part::Tilde(Span::new(start, self.pos)))
            }
            _ => None,
        }
    }

    /// `'…'` from `start` (its `$` for `$'…'`); the text begins at `from`.
    fn single_quote(&mut self, start: usize, from: usize) -> Part {
        let ansi = from > start + 1;
        self.pos = from;
        loop {
            match self.peek(0) {
                None => {
                    let kind = if ansi {
                        ShErrorKind::UnterminatedAnsiC
                    } else {
                        ShErrorKind::UnterminatedSingleQuote
                    };
                    self.err(kind, Span::new(start, self.pos));
                    break;
                }
                Some(b'\'') => {
                    self.pos += 1;
                    break;
                }
                Some(b'\\') if ansi => {
                    self.pos += 1;
                    self.bump_char();
                }
                Some(_) => self.bump_char(),
            }
        }
        let span = Span::new(start, self.pos);
        if ansi {
            Part::AnsiC(span)
        } else {
            Part::SingleQ(span)
        }
    }

    /// `"…"` from `start` (its `$` for `$"…"`); the quote is at `quote`.
    fn double_quote(&mut self, start: usize, quote: usize) -> Part {
        self.pos = quote + 1;
        let parts = self.parts(Mode::DQuote);
        self.close(b'"', ShErrorKind::UnterminatedDoubleQuote, start);
        Part::DoubleQ {
            parts,
            span: Span::new(start, self.pos),
        }
    }

    fn dollar(&mut self, mode: Mode) -> Option<Part> {
        let start = self.pos;
        let next = self.peek(1)?;
        match next {
            b'{' => Some(self.braced_param()),
            b'(' if self.peek(2) == Some(b'(') && {
                self.pos += 3;
                self.scan_arith()
            } =>
            {
                Some(Part::ArithSubst(Span::new(start, self.pos)))
            }
            b'(' => {
                self.pos = start;
                self.pos += 2;
                let body = self.sub_list(false, true);
                self.close(b')', ShErrorKind::UnterminatedCmdSubst, start);
                Some(Part::CmdSubst {
                    body,
                    backquote: false,
                    span: Span::new(start, self.pos),
                })
            }
            b'\'' if !matches!(mode, Mode::DQuote | Mode::HereBody) => {
                Some(self.single_quote(start, start + 2))
            }
            b'"' if !matches!(mode, Mode::DQuote | Mode::HereBody) => {
                Some(self.double_quote(start, start + 1))
            }
            c if is_name_start(c) => {
                self.pos += 1;
                while self.peek(0).is_some_and(is_name_char) {
                    self.pos += 1;
                }
                Some(self.param_simple(start))
            }
            c if c.is_ascii_digit() || is_special_param(c) => {
                self.pos += 2;
                Some(self.param_simple(start))
            }
            _ => None,
        }
    }

    fn param_simple(&self, start: usize) -> Part {
        Part::Param(Param {
            name: Span::new(start + 1, self.pos),
            braced: false,
            length: false,
            indirect: false,
            index: None,
            op: None,
            span: Span::new(start, self.pos),
        })
    }

    /// A list inside `$(…)` / `<(…)` (`paren`) or `` `…` ``, one level deeper.
    fn sub_list(&mut self, bq: bool, paren: bool) -> List {
        let body = if self.enter() {
            let (saved_bq, saved_paren) = (self.in_bq, self.paren_ctx);
            self.in_bq = bq;
            self.paren_ctx = if paren { saved_paren + 1 } else { 0 };
            let body = self.list(&[]);
            self.in_bq = saved_bq;
            self.paren_ctx = saved_paren;
            body
        } else {
            List::default()
        };
        self.leave();
        body
    }

    /// Steps over the `closer` of a construct opened at `start`, or records
    /// it as unterminated (`kind`, spanning what was read).
    fn close(&mut self, closer: u8, kind: ShErrorKind, start: usize) {
        if self.peek(0) == Some(closer) {
            self.pos += 1;
        } else {
            self.err(kind, Span::new(start, self.pos));
        }
    }

    fn backquote(&mut self) -> Part {
        let start = self.pos;
        self.pos += 1;
        let body = self.sub_list(true, false);
        self.close(b'`', ShErrorKind::UnterminatedBackquote, start);
        Part::CmdSubst {
            body,
            backquote: true,
            span: Span::new(start, self.pos),
        }
    }

    fn procsubst(&mut self) -> Part {
        let start = self.pos;
        let out = self.peek(0) == Some(b'>');
        self.pos += 2;
        let body = self.sub_list(false, true);
        self.close(b')', ShErrorKind::UnterminatedCmdSubst, start);
        Part::ProcSubst {
            out,
            body,
            span: Span::new(start, self.pos),
        }
    }

    fn braced_param(&mut self) -> Part {
        let start = self.pos;
        self.pos += 2;
        let mut length = false;
        let mut indirect = false;
        let after_prefix = |c: Option<u8>| {
            c.is_some_and(|c| is_name_start(c) || c.is_ascii_digit() || is_special_param(c))
        };
        if self.peek(0) == Some(b'#') && self.peek(1) != Some(b'}') && after_prefix(self.peek(1)) {
            length = true;
            self.pos += 1;
        } else if self.peek(0) == Some(b'!')
            && self.peek(1) != Some(b'}')
            && after_prefix(self.peek(1))
        {
            indirect = true;
            self.pos += 1;
        }
        let ns = self.pos;
        match self.peek(0) {
            Some(c) if is_name_start(c) => {
                while self.peek(0).is_some_and(is_name_char) {
                    self.pos += 1;
                }
            }
            Some(c) if c.is_ascii_digit() => {
                while self.peek(0).is_some_and(|c| c.is_ascii_digit()) {
                    self.pos += 1;
                }
            }
            Some(c) if is_special_param(c) => self.pos += 1,
            _ => {}
        }
        let name = Span::new(ns, self.pos);
        let mut index = None;
        if self.peek(0) == Some(b'[') {
            let is = self.pos;
            let mut d = 0usize;
            while let Some(c) = self.peek(0) {
                if c == b'[' {
                    d += 1;
                } else if c == b']' {
                    d -= 1;
                    if d == 0 {
                        self.pos += 1;
                        break;
                    }
                } else if c == b'}' {
                    break;
                }
                self.bump_char();
            }
            index = Some(Span::new(is, self.pos));
        }
        const OPS: [(&str, ParamOpKind); 23] = [
            (":-", ParamOpKind::Default { colon: true }),
            (":=", ParamOpKind::Assign { colon: true }),
            (":?", ParamOpKind::Error { colon: true }),
            (":+", ParamOpKind::Alternative { colon: true }),
            ("-", ParamOpKind::Default { colon: false }),
            ("=", ParamOpKind::Assign { colon: false }),
            ("?", ParamOpKind::Error { colon: false }),
            ("+", ParamOpKind::Alternative { colon: false }),
            ("##", ParamOpKind::RemovePrefix { longest: true }),
            ("#", ParamOpKind::RemovePrefix { longest: false }),
            ("%%", ParamOpKind::RemoveSuffix { longest: true }),
            ("%", ParamOpKind::RemoveSuffix { longest: false }),
            ("//", ParamOpKind::Replace),
            ("/#", ParamOpKind::Replace),
            ("/%", ParamOpKind::Replace),
            ("/", ParamOpKind::Replace),
            ("^^", ParamOpKind::Case),
            ("^", ParamOpKind::Case),
            (",,", ParamOpKind::Case),
            (",", ParamOpKind::Case),
            (":", ParamOpKind::Substring),
            ("@", ParamOpKind::Transform),
            ("*", ParamOpKind::Transform),
        ];
        let mut op = None;
        if self.peek(0).is_some_and(|c| c != b'}') {
            let found = OPS.iter().copied().find(|(t, _)| self.at(t));
            let (text, kind) = match found {
                Some(f) => f,
                None => {
                    let at = self.pos;
                    self.bump_char();
                    self.err(ShErrorKind::Unexpected, Span::new(at, self.pos));
                    self.pos = at;
                    ("", ParamOpKind::Transform)
                }
            };
            let op_span = self.here(text.len());
            self.pos = op_span.end;
            let arg = if self.enter() {
                self.word(Mode::ParamArg)
            } else {
                Word {
                    parts: Vec::new(),
                    span: self.here(0),
                }
            };
            self.leave();
            op = Some(ParamOp {
                kind,
                op: op_span,
                arg,
            });
        }
        self.close(b'}', ShErrorKind::UnterminatedParam, start);
        Part::Param(Param {
            name,
            braced: true,
            length,
            indirect,
            index,
            op,
            span: Span::new(start, self.pos),
        })
    }

    /// `[…]` bracket expression (bounded look-ahead); `None` if not one.
    fn bracket_glob(&mut self) -> Option<Part> {
        let start = self.pos;
        let mut i = start + 1;
        if matches!(self.b.get(i), Some(b'!') | Some(b'^')) {
            i += 1;
        }
        if self.b.get(i) == Some(&b']') {
            i += 1;
        }
        while i < self.b.len() && i - start < 256 {
            match self.b[i] {
                b']' => {
                    self.pos = i + 1;
                    return Some(Part::Glob(Span::new(start, self.pos)));
                }
                c if is_meta(c) || matches!(c, b'\'' | b'"' | b'$' | b'`' | b'\\' | b'[') => {
                    return None
                }
                _ => i += 1,
            }
        }
        None
    }

    /// `{a,b}` or `{x..y}` (bounded look-ahead, no quotes or expansions
    /// inside); `None` if not one.
    fn brace(&mut self) -> Option<Part> {
        let start = self.pos;
        let mut i = start + 1;
        let mut depth = 0usize;
        let mut commas = Vec::new();
        let end = loop {
            if i >= self.b.len() || i - start > 1024 || self.brace_budget == 0 {
                return None;
            }
            self.brace_budget -= 1;
            match self.b[i] {
                b'{' => depth += 1,
                b'}' if depth == 0 => break i,
                b'}' => depth -= 1,
                b',' if depth == 0 => commas.push(i),
                c if is_meta(c) || matches!(c, b'\'' | b'"' | b'$' | b'`' | b'\\') => return None,
                _ => {}
            }
            i += 1;
        };
        let mut items = Vec::new();
        let seq;
        if commas.is_empty() {
            let inner = &self.b[start + 1..end];
            let dots = inner.windows(2).position(|w| w == b"..")?;
            if dots == 0 || dots + 2 >= inner.len() {
                return None;
            }
            items.push(Span::new(start + 1, start + 1 + dots));
            items.push(Span::new(start + 1 + dots + 2, end));
            seq = true;
        } else {
            let mut from = start + 1;
            for c in commas {
                items.push(Span::new(from, c));
                from = c + 1;
            }
            items.push(Span::new(from, end));
            seq = false;
        }
        self.pos = end + 1;
        Some(Part::Brace {
            items,
            seq,
            span: Span::new(start, self.pos),
        })
    }
}

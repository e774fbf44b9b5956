//! Shell-word processing and variable expansion as BuildKit does it
//! (moby/buildkit `frontend/dockerfile/shell`, `shell.Lex`).
//!
//! BuildKit runs this on the arguments of ENV, ARG, FROM, COPY, WORKDIR,
//! LABEL, ... after parsing. It is a small, deliberately incomplete imitation
//! of a POSIX shell, and this module reproduces it quirk for quirk:
//!
//! * quotes: `'...'` is literal; in `"..."` only `$` is special and the escape
//!   character escapes `"`, `$` and itself (any other escape stays as typed);
//!   outside quotes the escape character escapes anything, and a trailing one
//!   is dropped. [`Lex::raw_quotes`] keeps quote characters in the output,
//!   [`Lex::raw_escapes`] keeps escape characters, and
//!   [`Lex::skip_process_quotes`] treats quotes as ordinary characters.
//! * `$name`, `${name}`; names are letters, digits and `_`, or one run of
//!   digits (`$12`), or one special parameter (`$@ $* $# $? $- $$ $! $0`).
//!   A `$` not followed by a name stays a `$`.
//! * `${v:-w}` `${v-w}` `${v:+w}` `${v+w}` `${v:?msg}` `${v?msg}`; anything
//!   else after the name (for instance `${v:=w}`) is an error.
//! * `${v#pat}` `${v##pat}` `${v%pat}` `${v%%pat}` `${v/pat/repl}`
//!   `${v//pat/repl}` with `*` and `?` wildcards (no `[...]` classes). As in
//!   BuildKit, wildcards never match a newline, and in `${v//pat/repl}` the
//!   replacement's `$0` / `${0}` stands for the matched text and `$$` for `$`.
//! * [`Lex::skip_unset_env`] leaves references to unset variables as they were
//!   written (as BuildKit re-spells them).
//! * [`Lex::process_words`] splits the result into words at unquoted
//!   whitespace, including whitespace that came out of an unquoted expansion.
//!
//! Unlike BuildKit, nesting of `${...}` inside `${...}` is limited to
//! [`MAX_NESTING`] levels (deeper input is an error rather than a risk to the
//! stack), and some error messages are worded differently (an error message
//! quotes at most the first 200 characters of the input).
//!
//! The code never panics on any input. Expansion is linear in the input.
//! Pattern matching needs no regex engine: all-literal stretches of a pattern
//! are searched with Knuth-Morris-Pratt (linear), stretches with `?` with a
//! bit-parallel Shift-And (value length x pattern length / 64 at worst). The
//! one corner that can cost value length x pattern length, as Go's regexp
//! does, is `${v/pat/...}` where the text before `pat`'s first `*` contains a
//! newline.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// How deeply `${...}` may nest inside the word of another `${...}`.
pub const MAX_NESTING: usize = 64;

/// The most bytes of variable values one word's expansion may substitute
/// (`$A$A$A…` with a long `A` stops here with an error, in linear time).
pub const MAX_EXPANSION: usize = 16 << 20;

/// At most this many characters of the input are quoted in an error message.
const MAX_QUOTED_CHARS: usize = 200;

/// Where variable values come from.
pub trait Env {
    /// The value of a variable, or `None` when it is unset.
    fn get(&self, name: &str) -> Option<String>;
}

/// No variables at all.
pub struct EmptyEnv;
impl Env for EmptyEnv {
    fn get(&self, _name: &str) -> Option<String> {
        None
    }
}

impl Env for HashMap<String, String> {
    fn get(&self, name: &str) -> Option<String> {
        HashMap::get(self, name).cloned()
    }
}

/// Why expansion failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellError {
    pub message: String,
}

impl std::fmt::Display for ShellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for ShellError {}

/// Options of BuildKit's `shell.Lex`.
#[derive(Clone, Debug)]
pub struct Lex {
    /// The escape character: `\` by default, `` ` `` with `# escape=``.
    pub escape: char,
    /// Keep `'` and `"` in the output (quotes still group words).
    pub raw_quotes: bool,
    /// Keep escape characters in the output (they still escape).
    pub raw_escapes: bool,
    /// Leave references to unset variables as written instead of expanding
    /// them to nothing.
    pub skip_unset_env: bool,
    /// Treat `'` and `"` as ordinary characters.
    pub skip_process_quotes: bool,
}

/// The result of expanding one word, with the names that were looked up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    pub result: String,
    /// Variable names that were set when referenced (in order of first use).
    pub matched: Vec<String>,
    /// Variable names that were referenced but unset (in order of first use).
    pub unmatched: Vec<String>,
}

impl Lex {
    pub fn new(escape: char) -> Self {
        Lex {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_unset_env: false,
            skip_process_quotes: false,
        }
    }

    /// One word in, one string out (BuildKit's `ProcessWord`).
    pub fn process_word(&self, word: &str, env: &dyn Env) -> Result<String, ShellError> {
        self.process_word_with_matches(word, env).map(|e| e.result)
    }

    /// Like [`Lex::process_word`], also telling which variables were used.
    pub fn process_word_with_matches(
        &self,
        word: &str,
        env: &dyn Env,
    ) -> Result<Expansion, ShellError> {
        let mut expander = Expander::new(self, word, env);
        let result = expander.run(None).map_err(|fail| fail.into_error(word))?;
        Ok(Expansion {
            result,
            matched: expander.matched,
            unmatched: expander.unmatched,
        })
    }

    /// One line in, a list of words out (BuildKit's `ProcessWords`).
    pub fn process_words(&self, line: &str, env: &dyn Env) -> Result<Vec<String>, ShellError> {
        let mut expander = Expander::new(self, line, env);
        let mut words = Words::default();
        expander
            .run(Some(&mut words))
            .map_err(|fail| fail.into_error(line))?;
        Ok(words.finish())
    }
}

// ---------------------------------------------------------------------------
// Errors

enum Fail {
    /// An ordinary error; an enclosing `${...}` that ran out of input reports
    /// the missing `}` instead, as BuildKit does.
    Syntax(String),
    /// Nesting beyond [`MAX_NESTING`]; reported as is.
    TooDeep,
    /// More than [`MAX_EXPANSION`] bytes substituted.
    TooLong,
}

impl Fail {
    fn syntax(message: impl Into<String>) -> Self {
        Fail::Syntax(message.into())
    }

    fn into_error(self, input: &str) -> ShellError {
        let reason = match self {
            Fail::Syntax(message) => message,
            Fail::TooLong => {
                format!(
                    "the expansion substitutes more than {MAX_EXPANSION} bytes of variable values"
                )
            }
            Fail::TooDeep => {
                format!("syntax error: ${{...}} nested more than {MAX_NESTING} levels deep")
            }
        };
        let shown: String = input.chars().take(MAX_QUOTED_CHARS).collect();
        let ellipsis = if shown.len() < input.len() { "..." } else { "" };
        ShellError {
            message: format!("failed to process {shown:?}{ellipsis}: {reason}"),
        }
    }
}

const MISSING_BRACE: &str = "syntax error: missing '}'";

fn unsupported_modifier(spelled: &str) -> Fail {
    Fail::syntax(format!("unsupported modifier ({spelled}) in substitution"))
}

fn invalid_pattern(pattern: &str, why: String) -> Fail {
    Fail::syntax(format!(
        "invalid pattern ({pattern}) in substitution: {why}"
    ))
}

// ---------------------------------------------------------------------------
// Input and word splitting

/// The unread rest of the input.
struct Cursor<'a> {
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    fn new(input: &'a str) -> Self {
        // Go's text/scanner, which BuildKit reads the word with, drops a
        // byte-order mark at the very start.
        Cursor {
            rest: input.strip_prefix('\u{FEFF}').unwrap_or(input),
        }
    }

    fn peek(&self) -> Option<char> {
        self.rest.chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let mut chars = self.rest.chars();
        let c = chars.next();
        self.rest = chars.as_str();
        c
    }
}

/// Collects the words of [`Lex::process_words`].
#[derive(Default)]
struct Words {
    done: Vec<String>,
    current: String,
    /// Set by anything kept verbatim (even an empty quoted string); an
    /// unquoted space ends the word only when the word is not empty.
    in_word: bool,
}

impl Words {
    /// An unquoted character: whitespace separates words.
    fn add_char(&mut self, c: char) {
        if !c.is_whitespace() {
            self.add_raw_char(c);
        } else if self.in_word && !self.current.is_empty() {
            self.done.push(std::mem::take(&mut self.current));
            self.in_word = false;
        }
    }

    fn add_raw_char(&mut self, c: char) {
        self.current.push(c);
        self.in_word = true;
    }

    fn add_str(&mut self, s: &str) {
        s.chars().for_each(|c| self.add_char(c));
    }

    fn add_raw_str(&mut self, s: &str) {
        self.current.push_str(s);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.current.is_empty() {
            self.done.push(self.current);
        }
        self.done
    }
}

// ---------------------------------------------------------------------------
// The expander

struct Expander<'a> {
    lex: &'a Lex,
    env: &'a dyn Env,
    input: Cursor<'a>,
    depth: usize,
    matched: Vec<String>,
    unmatched: Vec<String>,
    seen_matched: HashSet<String>,
    seen_unmatched: HashSet<String>,
    /// Bytes of variable values substituted so far.
    substituted: usize,
}

impl<'a> Expander<'a> {
    fn new(lex: &'a Lex, input: &'a str, env: &'a dyn Env) -> Self {
        Expander {
            lex,
            env,
            input: Cursor::new(input),
            depth: 0,
            matched: Vec::new(),
            unmatched: Vec::new(),
            seen_matched: HashSet::new(),
            seen_unmatched: HashSet::new(),
            substituted: 0,
        }
    }

    fn run(&mut self, words: Option<&mut Words>) -> Result<String, Fail> {
        let raw_escapes = self.lex.raw_escapes;
        self.process_until(None, raw_escapes, words)
    }

    fn lookup(&mut self, name: &str) -> Result<Option<String>, Fail> {
        let value = self.env.get(name);
        self.substituted += value.as_ref().map_or(0, String::len);
        if self.substituted > MAX_EXPANSION {
            return Err(Fail::TooLong);
        }
        let (list, seen) = if value.is_some() {
            (&mut self.matched, &mut self.seen_matched)
        } else {
            (&mut self.unmatched, &mut self.seen_unmatched)
        };
        if !seen.contains(name) {
            seen.insert(name.to_owned());
            list.push(name.to_owned());
        }
        Ok(value)
    }

    /// Reads up to `stop` (consumed) or, with no `stop`, to the end of input.
    /// `raw_escapes` says whether escape characters are kept, here and in
    /// double quotes met on the way; nested `${...}` words choose their own.
    fn process_until(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
        mut words: Option<&mut Words>,
    ) -> Result<String, Fail> {
        let mut out = String::new();
        while let Some(c) = self.input.peek() {
            if Some(c) == stop {
                self.input.bump();
                return Ok(out);
            }
            let is_quote = (c == '\'' || c == '"') && !self.lex.skip_process_quotes;
            if c == '$' {
                let text = self.dollar()?;
                if let Some(w) = words.as_deref_mut() {
                    w.add_str(&text);
                }
                out.push_str(&text);
            } else if is_quote {
                let text = if c == '\'' {
                    self.single_quoted()?
                } else {
                    self.double_quoted(raw_escapes)?
                };
                if let Some(w) = words.as_deref_mut() {
                    w.add_raw_str(&text);
                }
                out.push_str(&text);
            } else {
                self.input.bump();
                if c != self.lex.escape {
                    if let Some(w) = words.as_deref_mut() {
                        w.add_char(c);
                    }
                    out.push(c);
                    continue;
                }
                if raw_escapes {
                    if let Some(w) = words.as_deref_mut() {
                        w.add_raw_char(c);
                    }
                    out.push(c);
                }
                // An escape at the very end is dropped.
                let Some(escaped) = self.input.bump() else {
                    break;
                };
                if let Some(w) = words.as_deref_mut() {
                    w.add_raw_char(escaped);
                }
                out.push(escaped);
            }
        }
        match stop {
            Some(s) => Err(Fail::syntax(format!(
                "unexpected end of statement while looking for matching {s}"
            ))),
            None => Ok(out),
        }
    }

    /// The word of a `${...}` operator, up to `stop`.
    fn nested(&mut self, stop: char, raw_escapes: bool, at_end: &str) -> Result<String, Fail> {
        if self.depth >= MAX_NESTING {
            return Err(Fail::TooDeep);
        }
        self.depth += 1;
        let result = self.process_until(Some(stop), raw_escapes, None);
        self.depth -= 1;
        result.map_err(|fail| match fail {
            Fail::Syntax(_) if self.input.peek().is_none() => Fail::syntax(at_end),
            other => other,
        })
    }

    fn single_quoted(&mut self) -> Result<String, Fail> {
        let mut out = String::new();
        let open = self.input.bump();
        if self.lex.raw_quotes {
            out.extend(open);
        }
        loop {
            match self.input.bump() {
                None => {
                    return Err(Fail::syntax(
                        "unexpected end of statement while looking for matching single-quote",
                    ))
                }
                Some('\'') => {
                    if self.lex.raw_quotes {
                        out.push('\'');
                    }
                    return Ok(out);
                }
                Some(c) => out.push(c),
            }
        }
    }

    fn double_quoted(&mut self, raw_escapes: bool) -> Result<String, Fail> {
        let mut out = String::new();
        let open = self.input.bump();
        if self.lex.raw_quotes {
            out.extend(open);
        }
        loop {
            match self.input.peek() {
                None => {
                    return Err(Fail::syntax(
                        "unexpected end of statement while looking for matching double-quote",
                    ))
                }
                Some('"') => {
                    self.input.bump();
                    if self.lex.raw_quotes {
                        out.push('"');
                    }
                    return Ok(out);
                }
                Some('$') => {
                    let text = self.dollar()?;
                    out.push_str(&text);
                }
                Some(c) => {
                    self.input.bump();
                    if c != self.lex.escape {
                        out.push(c);
                        continue;
                    }
                    if raw_escapes {
                        out.push(c);
                    }
                    match self.input.peek() {
                        // Let the loop report the missing quote.
                        None => {}
                        // Only these can be escaped; other escapes stay, and
                        // with raw_escapes they then appear twice, as in BuildKit.
                        Some(next) if next == '"' || next == '$' || next == self.lex.escape => {
                            self.input.bump();
                            out.push(next);
                        }
                        Some(_) => out.push(c),
                    }
                }
            }
        }
    }

    /// A name after `$`: a run of digits, one special parameter, or letters,
    /// digits and underscores (letters and digits as Go's `unicode` sees them).
    fn name(&mut self) -> String {
        let mut name = String::new();
        if let Some(first) = self.input.peek() {
            if is_go_digit(first) {
                while let Some(c) = self.input.peek().filter(|&c| is_go_digit(c)) {
                    self.input.bump();
                    name.push(c);
                }
                return name;
            }
            if is_special_parameter(first) {
                self.input.bump();
                name.push(first);
                return name;
            }
        }
        while let Some(c) = self
            .input
            .peek()
            .filter(|&c| is_go_letter(c) || is_go_digit(c) || c == '_')
        {
            self.input.bump();
            name.push(c);
        }
        name
    }

    /// A `$` reference; the input is at the `$`.
    fn dollar(&mut self) -> Result<String, Fail> {
        self.input.bump();
        if self.input.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                return Ok("$".to_owned());
            }
            return Ok(match self.lookup(&name)? {
                Some(value) => value,
                None if self.lex.skip_unset_env => format!("${name}"),
                None => String::new(),
            });
        }
        self.input.bump();
        match self.input.peek() {
            None => return Err(Fail::syntax(MISSING_BRACE)),
            Some('{' | '}' | ':') => return Err(Fail::syntax("syntax error: bad substitution")),
            Some(_) => {}
        }
        let name = self.name();
        match self.input.bump() {
            None => Err(Fail::syntax(MISSING_BRACE)),
            Some('}') => Ok(match self.lookup(&name)? {
                Some(value) => value,
                None if self.lex.skip_unset_env => format!("${{{name}}}"),
                None => String::new(),
            }),
            Some('/') => self.substitute(&name),
            Some(c @ (':' | '-' | '+' | '?' | '#' | '%')) => self.modifier(&name, c),
            Some(c) => Err(unsupported_modifier(&c.to_string())),
        }
    }

    /// `${name<op>word}`; the input is after `op`'s first character.
    fn modifier(&mut self, name: &str, first: char) -> Result<String, Fail> {
        let (null_is_unset, op) = if first == ':' {
            (true, self.input.bump())
        } else {
            (false, Some(first))
        };
        let mut spelled = String::new();
        if null_is_unset {
            spelled.push(':');
        }
        spelled.push(op.unwrap_or('\u{FFFD}'));

        let keep_escapes = matches!(op, Some('#' | '%'));
        let word = self.nested('}', keep_escapes, MISSING_BRACE)?;
        let value = self.lookup(name)?;
        if value.is_none() && self.lex.skip_unset_env {
            return Ok(format!("${{{name}{spelled}{word}}}"));
        }
        let unset = match &value {
            None => true,
            Some(v) => null_is_unset && v.is_empty(),
        };
        match op {
            Some('-') => Ok(if unset {
                word
            } else {
                value.unwrap_or_default()
            }),
            Some('+') => Ok(if unset { String::new() } else { word }),
            Some('?') if unset => {
                let why = if !word.is_empty() {
                    word
                } else if value.is_none() {
                    "is not allowed to be unset".to_owned()
                } else {
                    "is not allowed to be empty".to_owned()
                };
                Err(Fail::syntax(format!("{name}: {why}")))
            }
            Some('?') => Ok(value.unwrap_or_default()),
            Some(c @ ('#' | '%')) => {
                let (longest, pattern) = match word.strip_prefix(c) {
                    Some(rest) => (true, rest),
                    None => (false, word.as_str()),
                };
                let value = value.unwrap_or_default();
                let trimmed = if c == '#' {
                    trim_prefix(&value, pattern, longest)
                } else {
                    trim_suffix(&value, pattern, longest)
                };
                trimmed.map_err(|why| invalid_pattern(pattern, why))
            }
            _ => Err(unsupported_modifier(&spelled)),
        }
    }

    /// `${name/pattern/replacement}` and `${name//pattern/replacement}`; the
    /// input is after the first `/`.
    fn substitute(&mut self, name: &str) -> Result<String, Fail> {
        let all = self.input.peek() == Some('/');
        if all {
            self.input.bump();
        }
        let pattern = self.nested('/', true, "syntax error: missing '/' in ${}")?;
        let replacement = self.nested('}', true, MISSING_BRACE)?;
        let value = self.lookup(name)?;
        if value.is_none() && self.lex.skip_unset_env {
            // BuildKit writes a single `/` back even for `//`.
            return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
        }
        let glob = Glob::parse(&pattern, true).map_err(|why| invalid_pattern(&pattern, why))?;
        let value = value.unwrap_or_default();
        Ok(if all {
            glob.replace_all(&value, &replacement)
        } else {
            glob.replace_first(&value, &replacement)
        })
    }
}

fn is_special_parameter(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

// ---------------------------------------------------------------------------
// Patterns
//
// BuildKit turns a pattern into a Go regular expression (`*` -> `.*` or `.*?`,
// `?` -> `.`) and takes Go's leftmost-first match. Go's `.` does not match a
// newline. Rather than a regex engine, this matcher uses the structure of such
// patterns: literal segments separated by stars. A star never crosses a
// newline, so a segment that contains a newline has exactly one possible
// place, and between such places the free segments are placed earliest-first
// (lazy stars) or latest-first (greedy stars), which gives the very match a
// backtracking engine would prefer.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Atom {
    Lit(char),
    /// Any one character except a newline.
    Any,
}

struct Segment {
    atoms: Vec<Atom>,
    /// Offset of the first literal newline.
    newline_at: Option<usize>,
    search: Search,
}

/// How a segment is looked for: Knuth-Morris-Pratt when it is all literal,
/// bit-parallel Shift-And when it has `?`s. Each has a forward and a backward
/// form.
enum Search {
    Literal {
        chars: Vec<char>,
        reversed: Vec<char>,
        forward: Vec<usize>,
        backward: Vec<usize>,
    },
    Wild {
        forward: Box<ShiftAnd>,
        backward: Box<ShiftAnd>,
    },
}

impl Segment {
    fn new(atoms: Vec<Atom>) -> Self {
        let newline_at = atoms.iter().position(|a| *a == Atom::Lit('\n'));
        let literal: Option<Vec<char>> = atoms
            .iter()
            .map(|a| if let Atom::Lit(c) = a { Some(*c) } else { None })
            .collect();
        let search = match literal {
            Some(chars) => {
                let reversed: Vec<char> = chars.iter().rev().copied().collect();
                let (forward, backward) = (failure_table(&chars), failure_table(&reversed));
                Search::Literal {
                    chars,
                    reversed,
                    forward,
                    backward,
                }
            }
            None => Search::Wild {
                forward: Box::new(ShiftAnd::new(atoms.iter().copied())),
                backward: Box::new(ShiftAnd::new(atoms.iter().rev().copied())),
            },
        };
        Segment {
            atoms,
            newline_at,
            search,
        }
    }

    fn len(&self) -> usize {
        self.atoms.len()
    }

    fn matches_at(&self, hay: &[char], at: usize) -> bool {
        let Some(window) = at.checked_add(self.len()).and_then(|end| hay.get(at..end)) else {
            return false;
        };
        self.atoms.iter().zip(window).all(|(atom, &c)| match atom {
            Atom::Lit(l) => *l == c,
            Atom::Any => c != '\n',
        })
    }

    /// The first place in `hay[lo..hi]` where the segment fits entirely.
    fn earliest(&self, hay: &[char], lo: usize, hi: usize) -> Option<usize> {
        let window = hay.get(lo..hi.min(hay.len()))?;
        let n = self.len();
        if n > window.len() {
            return None;
        }
        let end = match &self.search {
            Search::Literal { chars, forward, .. } => {
                kmp_first_end(chars, forward, window.iter().copied())
            }
            Search::Wild { forward, .. } => forward.first_end(window.iter().copied()),
        }?;
        Some(lo + end - n)
    }

    /// The last place in `hay[lo..hi]` where the segment fits entirely.
    fn latest(&self, hay: &[char], lo: usize, hi: usize) -> Option<usize> {
        let hi = hi.min(hay.len());
        let window = hay.get(lo..hi)?;
        if self.len() > window.len() {
            return None;
        }
        let end = match &self.search {
            Search::Literal {
                reversed, backward, ..
            } => kmp_first_end(reversed, backward, window.iter().rev().copied()),
            Search::Wild { backward, .. } => backward.first_end(window.iter().rev().copied()),
        }?;
        Some(hi - end)
    }
}

fn failure_table(needle: &[char]) -> Vec<usize> {
    let mut table = vec![0; needle.len()];
    let mut k = 0;
    for i in 1..needle.len() {
        while k > 0 && needle[i] != needle[k] {
            k = table[k - 1];
        }
        if needle[i] == needle[k] {
            k += 1;
        }
        table[i] = k;
    }
    table
}

/// Knuth-Morris-Pratt: how many characters of `text` are read when the first
/// occurrence of `needle` is complete.
fn kmp_first_end(
    needle: &[char],
    table: &[usize],
    text: impl Iterator<Item = char>,
) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    let mut k = 0;
    for (i, c) in text.enumerate() {
        while k > 0 && needle.get(k) != Some(&c) {
            k = table.get(k - 1).copied().unwrap_or(0);
        }
        if needle.get(k) == Some(&c) {
            k += 1;
        }
        if k == needle.len() {
            return Some(i + 1);
        }
    }
    None
}

/// Shift-And (bit-parallel) search for a sequence of atoms: one pass over the
/// text, with one bit per atom, so `?` patterns cost O(text * atoms / 64) in
/// the worst case instead of O(text * atoms).
struct ShiftAnd {
    len: usize,
    /// Bits of the `?` atoms.
    any: Vec<u64>,
    /// The atoms that are a given character: as bits when the character is
    /// frequent in the segment, as a list of positions when it occurs at most
    /// once per word of bits (which keeps memory linear in the segment length).
    classes: Vec<Class>,
    /// Index into `classes` for ASCII characters (`u32::MAX`: none)...
    ascii: [u32; 128],
    /// ...and for the others.
    other: HashMap<char, u32>,
}

enum Class {
    Dense(Vec<u64>),
    Sparse(Vec<usize>),
}

impl ShiftAnd {
    fn new(atoms: impl Iterator<Item = Atom>) -> Self {
        let atoms: Vec<Atom> = atoms.collect();
        let words = atoms.len().div_ceil(64).max(1);
        let mut any = vec![0u64; words];
        let mut ascii = [u32::MAX; 128];
        let mut other = HashMap::new();
        let mut positions: Vec<Vec<usize>> = Vec::new();
        for (i, atom) in atoms.iter().enumerate() {
            let c = match atom {
                Atom::Any => {
                    any[i / 64] |= 1 << (i % 64);
                    continue;
                }
                Atom::Lit(c) => *c,
            };
            let slot = match ascii.get_mut(c as usize) {
                Some(slot) => slot,
                None => other.entry(c).or_insert(u32::MAX),
            };
            if *slot == u32::MAX {
                *slot = positions.len() as u32;
                positions.push(Vec::new());
            }
            positions[*slot as usize].push(i);
        }
        let classes = positions
            .into_iter()
            .map(|list| {
                if list.len() <= words {
                    return Class::Sparse(list);
                }
                let mut bits = vec![0u64; words];
                for i in list {
                    bits[i / 64] |= 1 << (i % 64);
                }
                Class::Dense(bits)
            })
            .collect();
        ShiftAnd {
            len: atoms.len(),
            any,
            classes,
            ascii,
            other,
        }
    }

    fn class(&self, c: char) -> Option<&Class> {
        let index = match self.ascii.get(c as usize) {
            Some(&index) => index,
            None => *self.other.get(&c)?,
        };
        self.classes.get(index as usize)
    }

    /// How many characters of `text` are read when the first occurrence is
    /// complete.
    fn first_end(&self, text: impl Iterator<Item = char>) -> Option<usize> {
        if self.len == 0 {
            return Some(0);
        }
        let last = (self.len - 1) / 64;
        let last_bit = 1u64 << ((self.len - 1) % 64);
        let mut state = vec![0u64; self.any.len()];
        let mut kept: Vec<usize> = Vec::new();
        for (i, c) in text.enumerate() {
            let class = self.class(c);
            // Every partial match grows by one atom and a new one starts;
            // only those whose new atom accepts `c` are kept.
            kept.clear();
            let mut carry = 1u64;
            let no_any = c == '\n';
            match class {
                Some(Class::Dense(bits)) => {
                    for ((word, &any), &bits) in state.iter_mut().zip(&self.any).zip(bits) {
                        let shifted = (*word << 1) | carry;
                        carry = *word >> 63;
                        *word = shifted & (if no_any { bits } else { any | bits });
                    }
                }
                _ => {
                    for word in state.iter_mut() {
                        let shifted = (*word << 1) | carry;
                        carry = *word >> 63;
                        *word = shifted;
                    }
                    if let Some(Class::Sparse(list)) = class {
                        let set = |p: usize| state[p / 64] & (1 << (p % 64)) != 0;
                        kept.extend(list.iter().copied().filter(|&p| set(p)));
                    }
                    for (word, &any) in state.iter_mut().zip(&self.any) {
                        *word &= if no_any { 0 } else { any };
                    }
                }
            }
            for &p in &kept {
                state[p / 64] |= 1 << (p % 64);
            }
            if state[last] & last_bit != 0 {
                return Some(i + 1);
            }
        }
        None
    }
}

/// Index of the first newline at or after `from`, or `hay.len()`.
fn next_newline(hay: &[char], from: usize) -> usize {
    hay.get(from..)
        .and_then(|rest| rest.iter().position(|&c| c == '\n'))
        .map_or(hay.len(), |i| from + i)
}

/// A shell pattern: segments with a star between each two.
struct Glob {
    segments: Vec<Segment>,
    /// For each index `j`, the first segment at or after `j` that contains a
    /// newline (or `segments.len()`).
    forced_from: Vec<usize>,
    greedy: bool,
}

impl Glob {
    /// Parses a pattern the way BuildKit converts it: `*`, `?`, `\*`, `\?`,
    /// `\\`, and `\}` / `\/` standing for `}` / `/`; any other escape is an
    /// error. (The backslash is the pattern's escape whatever the Dockerfile's
    /// escape character is.)
    fn parse(pattern: &str, greedy: bool) -> Result<Glob, String> {
        let mut chars = pattern
            .strip_prefix('\u{FEFF}')
            .unwrap_or(pattern)
            .chars()
            .peekable();
        let mut segments = Vec::new();
        let mut current = Vec::new();
        while let Some(c) = chars.next() {
            let atom = match c {
                '*' => {
                    // `**` matches what `*` does, with either kind of star.
                    if segments.is_empty() || !current.is_empty() {
                        segments.push(Segment::new(std::mem::take(&mut current)));
                    }
                    continue;
                }
                '?' => Atom::Any,
                '\\' => {
                    if matches!(chars.peek(), Some('}' | '/')) {
                        continue;
                    }
                    match chars.next() {
                        Some(e @ ('*' | '?' | '\\')) => Atom::Lit(e),
                        other => {
                            return Err(format!(
                                "invalid escape '\\{}'",
                                other.unwrap_or('\u{FFFD}')
                            ))
                        }
                    }
                }
                c => Atom::Lit(c),
            };
            current.push(atom);
        }
        segments.push(Segment::new(current));
        let mut forced_from = vec![segments.len(); segments.len() + 1];
        for j in (0..segments.len()).rev() {
            forced_from[j] = if segments[j].newline_at.is_some() {
                j
            } else {
                forced_from[j + 1]
            };
        }
        Ok(Glob {
            segments,
            forced_from,
            greedy,
        })
    }

    /// The end of the preferred match that starts exactly at `start`.
    fn match_at(&self, hay: &[char], start: usize) -> Option<usize> {
        let first = self.segments.first()?;
        if !first.matches_at(hay, start) {
            return None;
        }
        self.place_rest(hay, 1, start + first.len())
    }

    /// Places `segments[j..]` (each after a star) from position `e`; returns
    /// the end of the preferred match.
    fn place_rest(&self, hay: &[char], mut j: usize, mut e: usize) -> Option<usize> {
        let count = self.segments.len();
        while j < count {
            let line_end = next_newline(hay, e);
            let forced = self.forced_from.get(j).copied().filter(|&f| f < count);
            let Some(f) = forced else {
                return self.place_last_window(hay, j, e, line_end);
            };
            // Everything before the segment's first newline lies on the
            // current line, so the segment can only sit at one place.
            let seg = &self.segments[f];
            if line_end >= hay.len() {
                return None;
            }
            let at = line_end.checked_sub(seg.newline_at?)?;
            if at < e || !self.fits_between(hay, j, f, e, at) || !seg.matches_at(hay, at) {
                return None;
            }
            e = at + seg.len();
            j = f + 1;
        }
        Some(e)
    }

    /// Whether `segments[j..f]` fit, in order, into the newline-free `hay[lo..hi]`.
    fn fits_between(&self, hay: &[char], j: usize, f: usize, lo: usize, hi: usize) -> bool {
        let mut p = lo;
        for seg in &self.segments[j..f] {
            match seg.earliest(hay, p, hi) {
                Some(at) => p = at + seg.len(),
                None => return false,
            }
        }
        true
    }

    /// Places `segments[j..]` into the newline-free `hay[lo..hi]`; the match
    /// ends after the last one: as late as possible with greedy stars, as
    /// early as possible with lazy ones.
    fn place_last_window(&self, hay: &[char], j: usize, lo: usize, hi: usize) -> Option<usize> {
        let segments = self.segments.get(j..)?;
        if self.greedy {
            let (last, before) = segments.split_last()?;
            let at = last.latest(hay, lo, hi)?;
            let mut bound = at;
            for seg in before.iter().rev() {
                bound = seg.latest(hay, lo, bound)?;
            }
            Some(at + last.len())
        } else {
            let mut p = lo;
            for seg in segments {
                p = seg.earliest(hay, p, hi)? + seg.len();
            }
            Some(p)
        }
    }

    /// The latest end for the first segment such that the rest of the pattern
    /// still matches, for starts in the newline-free `hay[lo..line_end]`.
    fn first_segment_bound(&self, hay: &[char], lo: usize, line_end: usize) -> Option<usize> {
        let count = self.segments.len();
        let (upto, hi) = match self.forced_from.get(1).copied().filter(|&f| f < count) {
            Some(f) => {
                let seg = &self.segments[f];
                if line_end >= hay.len() {
                    return None;
                }
                let at = line_end.checked_sub(seg.newline_at?)?;
                if at < lo || !seg.matches_at(hay, at) {
                    return None;
                }
                self.place_rest(hay, f + 1, at + seg.len())?;
                (f, at)
            }
            None => (count, line_end),
        };
        let mut bound = hi;
        for seg in self.segments.get(1..upto)?.iter().rev() {
            bound = seg.latest(hay, lo, bound)?;
        }
        Some(bound)
    }

    /// The leftmost match starting at or after `from`, as (start, end).
    fn find(&self, hay: &[char], from: usize) -> Option<(usize, usize)> {
        let first = self.segments.first()?;
        if from > hay.len() {
            return None;
        }
        if self.segments.len() == 1 {
            let start = first.earliest(hay, from, hay.len())?;
            return Some((start, start + first.len()));
        }
        if let Some(offset) = first.newline_at {
            // The start is fixed by the newline the first segment matches.
            let mut q = from.checked_add(offset)?;
            loop {
                let nl = next_newline(hay, q);
                if nl >= hay.len() {
                    return None;
                }
                let start = nl - offset;
                if let Some(end) = self.match_at(hay, start) {
                    return Some((start, end));
                }
                q = nl + 1;
            }
        }
        let mut pos = from;
        loop {
            let line_end = next_newline(hay, pos);
            let start = self
                .first_segment_bound(hay, pos, line_end)
                .and_then(|bound| first.earliest(hay, pos, bound));
            if let Some(start) = start {
                if let Some(end) = self.match_at(hay, start) {
                    return Some((start, end));
                }
            }
            if line_end >= hay.len() {
                return None;
            }
            pos = line_end + 1;
        }
    }

    /// `${v/pattern/replacement}`: the first match is replaced, literally.
    fn replace_first(&self, value: &str, replacement: &str) -> String {
        let hay: Vec<char> = value.chars().collect();
        match self.find(&hay, 0) {
            Some((start, end)) => {
                let mut out = String::with_capacity(value.len() + replacement.len());
                push_chars(&mut out, &hay, 0, start);
                out.push_str(replacement);
                push_chars(&mut out, &hay, end, hay.len());
                out
            }
            None => value.to_owned(),
        }
    }

    /// `${v//pattern/replacement}`, as Go's `Regexp.ReplaceAllString` does it:
    /// an empty match right after a match is not replaced, and the
    /// replacement is a template (`$0` is the match, `$$` a dollar).
    fn replace_all(&self, value: &str, replacement: &str) -> String {
        let hay: Vec<char> = value.chars().collect();
        let template = Template::parse(replacement);
        let mut out = String::with_capacity(value.len());
        let mut last_end = 0;
        let mut search = 0;
        while search <= hay.len() {
            let Some((start, end)) = self.find(&hay, search) else {
                break;
            };
            push_chars(&mut out, &hay, last_end, start);
            if end > last_end || start == 0 {
                template.expand_into(&mut out, &hay, start, end);
            }
            last_end = end;
            search = end.max(search + 1);
        }
        push_chars(&mut out, &hay, last_end, hay.len());
        out
    }
}

fn push_chars(out: &mut String, hay: &[char], from: usize, to: usize) {
    out.extend(hay.get(from..to).unwrap_or_default());
}

/// `${v#pattern}` / `${v##pattern}`.
fn trim_prefix(value: &str, pattern: &str, longest: bool) -> Result<String, String> {
    let glob = Glob::parse(pattern, longest)?;
    let hay: Vec<char> = value.chars().collect();
    Ok(match glob.match_at(&hay, 0) {
        Some(end) => hay.get(end..).unwrap_or_default().iter().collect(),
        None => value.to_owned(),
    })
}

/// `${v%pattern}` / `${v%%pattern}`: BuildKit reverses the value and the
/// pattern (keeping each `\x` pair in order) and trims a prefix.
fn trim_suffix(value: &str, pattern: &str, longest: bool) -> Result<String, String> {
    let glob = Glob::parse(&reverse_pattern(pattern), longest)?;
    let reversed: Vec<char> = value.chars().rev().collect();
    Ok(match glob.match_at(&reversed, 0) {
        Some(end) => value
            .chars()
            .take(reversed.len().saturating_sub(end))
            .collect(),
        None => value.to_owned(),
    })
}

fn reverse_pattern(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut units: Vec<&[char]> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let width = if chars[i] == '\\' && i + 1 < chars.len() {
            2
        } else {
            1
        };
        units.push(&chars[i..i + width]);
        i += width;
    }
    units.iter().rev().flat_map(|unit| unit.iter()).collect()
}

/// A replacement of `${v//pattern/replacement}`, parsed as Go's
/// `Regexp.Expand` reads templates. The converted pattern has no groups, so
/// `$0` / `${0}` is the whole match, any other `$name` is empty, `$$` is `$`,
/// and a `$` that starts no name is kept.
struct Template {
    pieces: Vec<Piece>,
}

enum Piece {
    Text(String),
    Match,
}

impl Template {
    fn parse(template: &str) -> Template {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut rest = template;
        while let Some(i) = rest.find('$') {
            text.push_str(&rest[..i]);
            rest = &rest[i + 1..];
            if let Some(after) = rest.strip_prefix('$') {
                text.push('$');
                rest = after;
                continue;
            }
            match template_name(rest) {
                Some((name, after)) => {
                    if name == "0" {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                        pieces.push(Piece::Match);
                    }
                    rest = after;
                }
                None => text.push('$'),
            }
        }
        text.push_str(rest);
        pieces.push(Piece::Text(text));
        Template { pieces }
    }

    fn expand_into(&self, out: &mut String, hay: &[char], start: usize, end: usize) {
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Match => push_chars(out, hay, start, end),
            }
        }
    }
}

/// `name` or `{name}` at the start of `s`, and what follows it.
fn template_name(s: &str) -> Option<(&str, &str)> {
    let (braced, body) = match s.strip_prefix('{') {
        Some(body) => (true, body),
        None => (false, s),
    };
    let len = body
        .char_indices()
        .find(|&(_, c)| !(is_go_letter(c) || is_go_digit(c) || c == '_'))
        .map_or(body.len(), |(i, _)| i);
    if len == 0 {
        return None;
    }
    let (name, after) = body.split_at(len);
    if braced {
        return Some((name, after.strip_prefix('}')?));
    }
    Some((name, after))
}

// ---------------------------------------------------------------------------
// Go's unicode.IsLetter and unicode.IsDigit (Unicode 15.0.0, as in Go 1.21+)

fn is_go_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        in_ranges(LETTER_RANGES, c)
    }
}

fn is_go_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_ranges(DIGIT_RANGES, c)
    }
}

fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                Ordering::Less
            } else if lo > c {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        })
        .is_ok()
}

// Non-ASCII ranges of general categories Lu, Ll, Lt, Lm, Lo (letters) and Nd
// (decimal digits), generated from the Unicode 15.0.0 character database.
#[rustfmt::skip]
const LETTER_RANGES: &[(u32, u32)] = &[
    (0xAA, 0xAA), (0xB5, 0xB5), (0xBA, 0xBA), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2C1),
    (0x2C6, 0x2D1), (0x2E0, 0x2E4), (0x2EC, 0x2EC), (0x2EE, 0x2EE), (0x370, 0x374), (0x376, 0x377),
    (0x37A, 0x37D), (0x37F, 0x37F), (0x386, 0x386), (0x388, 0x38A), (0x38C, 0x38C), (0x38E, 0x3A1),
    (0x3A3, 0x3F5), (0x3F7, 0x481), (0x48A, 0x52F), (0x531, 0x556), (0x559, 0x559), (0x560, 0x588),
    (0x5D0, 0x5EA), (0x5EF, 0x5F2), (0x620, 0x64A), (0x66E, 0x66F), (0x671, 0x6D3), (0x6D5, 0x6D5),
    (0x6E5, 0x6E6), (0x6EE, 0x6EF), (0x6FA, 0x6FC), (0x6FF, 0x6FF), (0x710, 0x710), (0x712, 0x72F),
    (0x74D, 0x7A5), (0x7B1, 0x7B1), (0x7CA, 0x7EA), (0x7F4, 0x7F5), (0x7FA, 0x7FA), (0x800, 0x815),
    (0x81A, 0x81A), (0x824, 0x824), (0x828, 0x828), (0x840, 0x858), (0x860, 0x86A), (0x870, 0x887),
    (0x889, 0x88E), (0x8A0, 0x8C9), (0x904, 0x939), (0x93D, 0x93D), (0x950, 0x950), (0x958, 0x961),
    (0x971, 0x980), (0x985, 0x98C), (0x98F, 0x990), (0x993, 0x9A8), (0x9AA, 0x9B0), (0x9B2, 0x9B2),
    (0x9B6, 0x9B9), (0x9BD, 0x9BD), (0x9CE, 0x9CE), (0x9DC, 0x9DD), (0x9DF, 0x9E1), (0x9F0, 0x9F1),
    (0x9FC, 0x9FC), (0xA05, 0xA0A), (0xA0F, 0xA10), (0xA13, 0xA28), (0xA2A, 0xA30), (0xA32, 0xA33),
    (0xA35, 0xA36), (0xA38, 0xA39), (0xA59, 0xA5C), (0xA5E, 0xA5E), (0xA72, 0xA74), (0xA85, 0xA8D),
    (0xA8F, 0xA91), (0xA93, 0xAA8), (0xAAA, 0xAB0), (0xAB2, 0xAB3), (0xAB5, 0xAB9), (0xABD, 0xABD),
    (0xAD0, 0xAD0), (0xAE0, 0xAE1), (0xAF9, 0xAF9), (0xB05, 0xB0C), (0xB0F, 0xB10), (0xB13, 0xB28),
    (0xB2A, 0xB30), (0xB32, 0xB33), (0xB35, 0xB39), (0xB3D, 0xB3D), (0xB5C, 0xB5D), (0xB5F, 0xB61),
    (0xB71, 0xB71), (0xB83, 0xB83), (0xB85, 0xB8A), (0xB8E, 0xB90), (0xB92, 0xB95), (0xB99, 0xB9A),
    (0xB9C, 0xB9C), (0xB9E, 0xB9F), (0xBA3, 0xBA4), (0xBA8, 0xBAA), (0xBAE, 0xBB9), (0xBD0, 0xBD0),
    (0xC05, 0xC0C), (0xC0E, 0xC10), (0xC12, 0xC28), (0xC2A, 0xC39), (0xC3D, 0xC3D), (0xC58, 0xC5A),
    (0xC5D, 0xC5D), (0xC60, 0xC61), (0xC80, 0xC80), (0xC85, 0xC8C), (0xC8E, 0xC90), (0xC92, 0xCA8),
    (0xCAA, 0xCB3), (0xCB5, 0xCB9), (0xCBD, 0xCBD), (0xCDD, 0xCDE), (0xCE0, 0xCE1), (0xCF1, 0xCF2),
    (0xD04, 0xD0C), (0xD0E, 0xD10), (0xD12, 0xD3A), (0xD3D, 0xD3D), (0xD4E, 0xD4E), (0xD54, 0xD56),
    (0xD5F, 0xD61), (0xD7A, 0xD7F), (0xD85, 0xD96), (0xD9A, 0xDB1), (0xDB3, 0xDBB), (0xDBD, 0xDBD),
    (0xDC0, 0xDC6), (0xE01, 0xE30), (0xE32, 0xE33), (0xE40, 0xE46), (0xE81, 0xE82), (0xE84, 0xE84),
    (0xE86, 0xE8A), (0xE8C, 0xEA3), (0xEA5, 0xEA5), (0xEA7, 0xEB0), (0xEB2, 0xEB3), (0xEBD, 0xEBD),
    (0xEC0, 0xEC4), (0xEC6, 0xEC6), (0xEDC, 0xEDF), (0xF00, 0xF00), (0xF40, 0xF47), (0xF49, 0xF6C),
    (0xF88, 0xF8C), (0x1000, 0x102A), (0x103F, 0x103F), (0x1050, 0x1055), (0x105A, 0x105D),
    (0x1061, 0x1061), (0x1065, 0x1066), (0x106E, 0x1070), (0x1075, 0x1081), (0x108E, 0x108E),
    (0x10A0, 0x10C5), (0x10C7, 0x10C7), (0x10CD, 0x10CD), (0x10D0, 0x10FA), (0x10FC, 0x1248),
    (0x124A, 0x124D), (0x1250, 0x1256), (0x1258, 0x1258), (0x125A, 0x125D), (0x1260, 0x1288),
    (0x128A, 0x128D), (0x1290, 0x12B0), (0x12B2, 0x12B5), (0x12B8, 0x12BE), (0x12C0, 0x12C0),
    (0x12C2, 0x12C5), (0x12C8, 0x12D6), (0x12D8, 0x1310), (0x1312, 0x1315), (0x1318, 0x135A),
    (0x1380, 0x138F), (0x13A0, 0x13F5), (0x13F8, 0x13FD), (0x1401, 0x166C), (0x166F, 0x167F),
    (0x1681, 0x169A), (0x16A0, 0x16EA), (0x16F1, 0x16F8), (0x1700, 0x1711), (0x171F, 0x1731),
    (0x1740, 0x1751), (0x1760, 0x176C), (0x176E, 0x1770), (0x1780, 0x17B3), (0x17D7, 0x17D7),
    (0x17DC, 0x17DC), (0x1820, 0x1878), (0x1880, 0x1884), (0x1887, 0x18A8), (0x18AA, 0x18AA),
    (0x18B0, 0x18F5), (0x1900, 0x191E), (0x1950, 0x196D), (0x1970, 0x1974), (0x1980, 0x19AB),
    (0x19B0, 0x19C9), (0x1A00, 0x1A16), (0x1A20, 0x1A54), (0x1AA7, 0x1AA7), (0x1B05, 0x1B33),
    (0x1B45, 0x1B4C), (0x1B83, 0x1BA0), (0x1BAE, 0x1BAF), (0x1BBA, 0x1BE5), (0x1C00, 0x1C23),
    (0x1C4D, 0x1C4F), (0x1C5A, 0x1C7D), (0x1C80, 0x1C88), (0x1C90, 0x1CBA), (0x1CBD, 0x1CBF),
    (0x1CE9, 0x1CEC), (0x1CEE, 0x1CF3), (0x1CF5, 0x1CF6), (0x1CFA, 0x1CFA), (0x1D00, 0x1DBF),
    (0x1E00, 0x1F15), (0x1F18, 0x1F1D), (0x1F20, 0x1F45), (0x1F48, 0x1F4D), (0x1F50, 0x1F57),
    (0x1F59, 0x1F59), (0x1F5B, 0x1F5B), (0x1F5D, 0x1F5D), (0x1F5F, 0x1F7D), (0x1F80, 0x1FB4),
    (0x1FB6, 0x1FBC), (0x1FBE, 0x1FBE), (0x1FC2, 0x1FC4), (0x1FC6, 0x1FCC), (0x1FD0, 0x1FD3),
    (0x1FD6, 0x1FDB), (0x1FE0, 0x1FEC), (0x1FF2, 0x1FF4), (0x1FF6, 0x1FFC), (0x2071, 0x2071),
    (0x207F, 0x207F), (0x2090, 0x209C), (0x2102, 0x2102), (0x2107, 0x2107), (0x210A, 0x2113),
    (0x2115, 0x2115), (0x2119, 0x211D), (0x2124, 0x2124), (0x2126, 0x2126), (0x2128, 0x2128),
    (0x212A, 0x212D), (0x212F, 0x2139), (0x213C, 0x213F), (0x2145, 0x2149), (0x214E, 0x214E),
    (0x2183, 0x2184), (0x2C00, 0x2CE4), (0x2CEB, 0x2CEE), (0x2CF2, 0x2CF3), (0x2D00, 0x2D25),
    (0x2D27, 0x2D27), (0x2D2D, 0x2D2D), (0x2D30, 0x2D67), (0x2D6F, 0x2D6F), (0x2D80, 0x2D96),
    (0x2DA0, 0x2DA6), (0x2DA8, 0x2DAE), (0x2DB0, 0x2DB6), (0x2DB8, 0x2DBE), (0x2DC0, 0x2DC6),
    (0x2DC8, 0x2DCE), (0x2DD0, 0x2DD6), (0x2DD8, 0x2DDE), (0x2E2F, 0x2E2F), (0x3005, 0x3006),
    (0x3031, 0x3035), (0x303B, 0x303C), (0x3041, 0x3096), (0x309D, 0x309F), (0x30A1, 0x30FA),
    (0x30FC, 0x30FF), (0x3105, 0x312F), (0x3131, 0x318E), (0x31A0, 0x31BF), (0x31F0, 0x31FF),
    (0x3400, 0x4DBF), (0x4E00, 0xA48C), (0xA4D0, 0xA4FD), (0xA500, 0xA60C), (0xA610, 0xA61F),
    (0xA62A, 0xA62B), (0xA640, 0xA66E), (0xA67F, 0xA69D), (0xA6A0, 0xA6E5), (0xA717, 0xA71F),
    (0xA722, 0xA788), (0xA78B, 0xA7CA), (0xA7D0, 0xA7D1), (0xA7D3, 0xA7D3), (0xA7D5, 0xA7D9),
    (0xA7F2, 0xA801), (0xA803, 0xA805), (0xA807, 0xA80A), (0xA80C, 0xA822), (0xA840, 0xA873),
    (0xA882, 0xA8B3), (0xA8F2, 0xA8F7), (0xA8FB, 0xA8FB), (0xA8FD, 0xA8FE), (0xA90A, 0xA925),
    (0xA930, 0xA946), (0xA960, 0xA97C), (0xA984, 0xA9B2), (0xA9CF, 0xA9CF), (0xA9E0, 0xA9E4),
    (0xA9E6, 0xA9EF), (0xA9FA, 0xA9FE), (0xAA00, 0xAA28), (0xAA40, 0xAA42), (0xAA44, 0xAA4B),
    (0xAA60, 0xAA76), (0xAA7A, 0xAA7A), (0xAA7E, 0xAAAF), (0xAAB1, 0xAAB1), (0xAAB5, 0xAAB6),
    (0xAAB9, 0xAABD), (0xAAC0, 0xAAC0), (0xAAC2, 0xAAC2), (0xAADB, 0xAADD), (0xAAE0, 0xAAEA),
    (0xAAF2, 0xAAF4), (0xAB01, 0xAB06), (0xAB09, 0xAB0E), (0xAB11, 0xAB16), (0xAB20, 0xAB26),
    (0xAB28, 0xAB2E), (0xAB30, 0xAB5A), (0xAB5C, 0xAB69), (0xAB70, 0xABE2), (0xAC00, 0xD7A3),
    (0xD7B0, 0xD7C6), (0xD7CB, 0xD7FB), (0xF900, 0xFA6D), (0xFA70, 0xFAD9), (0xFB00, 0xFB06),
    (0xFB13, 0xFB17), (0xFB1D, 0xFB1D), (0xFB1F, 0xFB28), (0xFB2A, 0xFB36), (0xFB38, 0xFB3C),
    (0xFB3E, 0xFB3E), (0xFB40, 0xFB41), (0xFB43, 0xFB44), (0xFB46, 0xFBB1), (0xFBD3, 0xFD3D),
    (0xFD50, 0xFD8F), (0xFD92, 0xFDC7), (0xFDF0, 0xFDFB), (0xFE70, 0xFE74), (0xFE76, 0xFEFC),
    (0xFF21, 0xFF3A), (0xFF41, 0xFF5A), (0xFF66, 0xFFBE), (0xFFC2, 0xFFC7), (0xFFCA, 0xFFCF),
    (0xFFD2, 0xFFD7), (0xFFDA, 0xFFDC), (0x10000, 0x1000B), (0x1000D, 0x10026), (0x10028, 0x1003A),
    (0x1003C, 0x1003D), (0x1003F, 0x1004D), (0x10050, 0x1005D), (0x10080, 0x100FA),
    (0x10280, 0x1029C), (0x102A0, 0x102D0), (0x10300, 0x1031F), (0x1032D, 0x10340),
    (0x10342, 0x10349), (0x10350, 0x10375), (0x10380, 0x1039D), (0x103A0, 0x103C3),
    (0x103C8, 0x103CF), (0x10400, 0x1049D), (0x104B0, 0x104D3), (0x104D8, 0x104FB),
    (0x10500, 0x10527), (0x10530, 0x10563), (0x10570, 0x1057A), (0x1057C, 0x1058A),
    (0x1058C, 0x10592), (0x10594, 0x10595), (0x10597, 0x105A1), (0x105A3, 0x105B1),
    (0x105B3, 0x105B9), (0x105BB, 0x105BC), (0x10600, 0x10736), (0x10740, 0x10755),
    (0x10760, 0x10767), (0x10780, 0x10785), (0x10787, 0x107B0), (0x107B2, 0x107BA),
    (0x10800, 0x10805), (0x10808, 0x10808), (0x1080A, 0x10835), (0x10837, 0x10838),
    (0x1083C, 0x1083C), (0x1083F, 0x10855), (0x10860, 0x10876), (0x10880, 0x1089E),
    (0x108E0, 0x108F2), (0x108F4, 0x108F5), (0x10900, 0x10915), (0x10920, 0x10939),
    (0x10980, 0x109B7), (0x109BE, 0x109BF), (0x10A00, 0x10A00), (0x10A10, 0x10A13),
    (0x10A15, 0x10A17), (0x10A19, 0x10A35), (0x10A60, 0x10A7C), (0x10A80, 0x10A9C),
    (0x10AC0, 0x10AC7), (0x10AC9, 0x10AE4), (0x10B00, 0x10B35), (0x10B40, 0x10B55),
    (0x10B60, 0x10B72), (0x10B80, 0x10B91), (0x10C00, 0x10C48), (0x10C80, 0x10CB2),
    (0x10CC0, 0x10CF2), (0x10D00, 0x10D23), (0x10E80, 0x10EA9), (0x10EB0, 0x10EB1),
    (0x10F00, 0x10F1C), (0x10F27, 0x10F27), (0x10F30, 0x10F45), (0x10F70, 0x10F81),
    (0x10FB0, 0x10FC4), (0x10FE0, 0x10FF6), (0x11003, 0x11037), (0x11071, 0x11072),
    (0x11075, 0x11075), (0x11083, 0x110AF), (0x110D0, 0x110E8), (0x11103, 0x11126),
    (0x11144, 0x11144), (0x11147, 0x11147), (0x11150, 0x11172), (0x11176, 0x11176),
    (0x11183, 0x111B2), (0x111C1, 0x111C4), (0x111DA, 0x111DA), (0x111DC, 0x111DC),
    (0x11200, 0x11211), (0x11213, 0x1122B), (0x1123F, 0x11240), (0x11280, 0x11286),
    (0x11288, 0x11288), (0x1128A, 0x1128D), (0x1128F, 0x1129D), (0x1129F, 0x112A8),
    (0x112B0, 0x112DE), (0x11305, 0x1130C), (0x1130F, 0x11310), (0x11313, 0x11328),
    (0x1132A, 0x11330), (0x11332, 0x11333), (0x11335, 0x11339), (0x1133D, 0x1133D),
    (0x11350, 0x11350), (0x1135D, 0x11361), (0x11400, 0x11434), (0x11447, 0x1144A),
    (0x1145F, 0x11461), (0x11480, 0x114AF), (0x114C4, 0x114C5), (0x114C7, 0x114C7),
    (0x11580, 0x115AE), (0x115D8, 0x115DB), (0x11600, 0x1162F), (0x11644, 0x11644),
    (0x11680, 0x116AA), (0x116B8, 0x116B8), (0x11700, 0x1171A), (0x11740, 0x11746),
    (0x11800, 0x1182B), (0x118A0, 0x118DF), (0x118FF, 0x11906), (0x11909, 0x11909),
    (0x1190C, 0x11913), (0x11915, 0x11916), (0x11918, 0x1192F), (0x1193F, 0x1193F),
    (0x11941, 0x11941), (0x119A0, 0x119A7), (0x119AA, 0x119D0), (0x119E1, 0x119E1),
    (0x119E3, 0x119E3), (0x11A00, 0x11A00), (0x11A0B, 0x11A32), (0x11A3A, 0x11A3A),
    (0x11A50, 0x11A50), (0x11A5C, 0x11A89), (0x11A9D, 0x11A9D), (0x11AB0, 0x11AF8),
    (0x11C00, 0x11C08), (0x11C0A, 0x11C2E), (0x11C40, 0x11C40), (0x11C72, 0x11C8F),
    (0x11D00, 0x11D06), (0x11D08, 0x11D09), (0x11D0B, 0x11D30), (0x11D46, 0x11D46),
    (0x11D60, 0x11D65), (0x11D67, 0x11D68), (0x11D6A, 0x11D89), (0x11D98, 0x11D98),
    (0x11EE0, 0x11EF2), (0x11F02, 0x11F02), (0x11F04, 0x11F10), (0x11F12, 0x11F33),
    (0x11FB0, 0x11FB0), (0x12000, 0x12399), (0x12480, 0x12543), (0x12F90, 0x12FF0),
    (0x13000, 0x1342F), (0x13441, 0x13446), (0x14400, 0x14646), (0x16800, 0x16A38),
    (0x16A40, 0x16A5E), (0x16A70, 0x16ABE), (0x16AD0, 0x16AED), (0x16B00, 0x16B2F),
    (0x16B40, 0x16B43), (0x16B63, 0x16B77), (0x16B7D, 0x16B8F), (0x16E40, 0x16E7F),
    (0x16F00, 0x16F4A), (0x16F50, 0x16F50), (0x16F93, 0x16F9F), (0x16FE0, 0x16FE1),
    (0x16FE3, 0x16FE3), (0x17000, 0x187F7), (0x18800, 0x18CD5), (0x18D00, 0x18D08),
    (0x1AFF0, 0x1AFF3), (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE), (0x1B000, 0x1B122),
    (0x1B132, 0x1B132), (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B167),
    (0x1B170, 0x1B2FB), (0x1BC00, 0x1BC6A), (0x1BC70, 0x1BC7C), (0x1BC80, 0x1BC88),
    (0x1BC90, 0x1BC99), (0x1D400, 0x1D454), (0x1D456, 0x1D49C), (0x1D49E, 0x1D49F),
    (0x1D4A2, 0x1D4A2), (0x1D4A5, 0x1D4A6), (0x1D4A9, 0x1D4AC), (0x1D4AE, 0x1D4B9),
    (0x1D4BB, 0x1D4BB), (0x1D4BD, 0x1D4C3), (0x1D4C5, 0x1D505), (0x1D507, 0x1D50A),
    (0x1D50D, 0x1D514), (0x1D516, 0x1D51C), (0x1D51E, 0x1D539), (0x1D53B, 0x1D53E),
    (0x1D540, 0x1D544), (0x1D546, 0x1D546), (0x1D54A, 0x1D550), (0x1D552, 0x1D6A5),
    (0x1D6A8, 0x1D6C0), (0x1D6C2, 0x1D6DA), (0x1D6DC, 0x1D6FA), (0x1D6FC, 0x1D714),
    (0x1D716, 0x1D734), (0x1D736, 0x1D74E), (0x1D750, 0x1D76E), (0x1D770, 0x1D788),
    (0x1D78A, 0x1D7A8), (0x1D7AA, 0x1D7C2), (0x1D7C4, 0x1D7CB), (0x1DF00, 0x1DF1E),
    (0x1DF25, 0x1DF2A), (0x1E030, 0x1E06D), (0x1E100, 0x1E12C), (0x1E137, 0x1E13D),
    (0x1E14E, 0x1E14E), (0x1E290, 0x1E2AD), (0x1E2C0, 0x1E2EB), (0x1E4D0, 0x1E4EB),
    (0x1E7E0, 0x1E7E6), (0x1E7E8, 0x1E7EB), (0x1E7ED, 0x1E7EE), (0x1E7F0, 0x1E7FE),
    (0x1E800, 0x1E8C4), (0x1E900, 0x1E943), (0x1E94B, 0x1E94B), (0x1EE00, 0x1EE03),
    (0x1EE05, 0x1EE1F), (0x1EE21, 0x1EE22), (0x1EE24, 0x1EE24), (0x1EE27, 0x1EE27),
    (0x1EE29, 0x1EE32), (0x1EE34, 0x1EE37), (0x1EE39, 0x1EE39), (0x1EE3B, 0x1EE3B),
    (0x1EE42, 0x1EE42), (0x1EE47, 0x1EE47), (0x1EE49, 0x1EE49), (0x1EE4B, 0x1EE4B),
    (0x1EE4D, 0x1EE4F), (0x1EE51, 0x1EE52), (0x1EE54, 0x1EE54), (0x1EE57, 0x1EE57),
    (0x1EE59, 0x1EE59), (0x1EE5B, 0x1EE5B), (0x1EE5D, 0x1EE5D), (0x1EE5F, 0x1EE5F),
    (0x1EE61, 0x1EE62), (0x1EE64, 0x1EE64), (0x1EE67, 0x1EE6A), (0x1EE6C, 0x1EE72),
    (0x1EE74, 0x1EE77), (0x1EE79, 0x1EE7C), (0x1EE7E, 0x1EE7E), (0x1EE80, 0x1EE89),
    (0x1EE8B, 0x1EE9B), (0x1EEA1, 0x1EEA3), (0x1EEA5, 0x1EEA9), (0x1EEAB, 0x1EEBB),
    (0x20000, 0x2A6DF), (0x2A700, 0x2B739), (0x2B740, 0x2B81D), (0x2B820, 0x2CEA1),
    (0x2CEB0, 0x2EBE0), (0x2F800, 0x2FA1D), (0x30000, 0x3134A), (0x31350, 0x323AF),
];
#[rustfmt::skip]
const DIGIT_RANGES: &[(u32, u32)] = &[
    (0x660, 0x669), (0x6F0, 0x6F9), (0x7C0, 0x7C9), (0x966, 0x96F), (0x9E6, 0x9EF), (0xA66, 0xA6F),
    (0xAE6, 0xAEF), (0xB66, 0xB6F), (0xBE6, 0xBEF), (0xC66, 0xC6F), (0xCE6, 0xCEF), (0xD66, 0xD6F),
    (0xDE6, 0xDEF), (0xE50, 0xE59), (0xED0, 0xED9), (0xF20, 0xF29), (0x1040, 0x1049),
    (0x1090, 0x1099), (0x17E0, 0x17E9), (0x1810, 0x1819), (0x1946, 0x194F), (0x19D0, 0x19D9),
    (0x1A80, 0x1A89), (0x1A90, 0x1A99), (0x1B50, 0x1B59), (0x1BB0, 0x1BB9), (0x1C40, 0x1C49),
    (0x1C50, 0x1C59), (0xA620, 0xA629), (0xA8D0, 0xA8D9), (0xA900, 0xA909), (0xA9D0, 0xA9D9),
    (0xA9F0, 0xA9F9), (0xAA50, 0xAA59), (0xABF0, 0xABF9), (0xFF10, 0xFF19), (0x104A0, 0x104A9),
    (0x10D30, 0x10D39), (0x11066, 0x1106F), (0x110F0, 0x110F9), (0x11136, 0x1113F),
    (0x111D0, 0x111D9), (0x112F0, 0x112F9), (0x11450, 0x11459), (0x114D0, 0x114D9),
    (0x11650, 0x11659), (0x116C0, 0x116C9), (0x11730, 0x11739), (0x118E0, 0x118E9),
    (0x11950, 0x11959), (0x11C50, 0x11C59), (0x11D50, 0x11D59), (0x11DA0, 0x11DA9),
    (0x11F50, 0x11F59), (0x16A60, 0x16A69), (0x16AC0, 0x16AC9), (0x16B50, 0x16B59),
    (0x1D7CE, 0x1D7FF), (0x1E140, 0x1E149), (0x1E2F0, 0x1E2F9), (0x1E4F0, 0x1E4F9),
    (0x1E950, 0x1E959), (0x1FBF0, 0x1FBF9),
];

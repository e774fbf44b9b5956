//! A RUN script split into simple commands (`&&`, `;`, `||`, `|`, newlines,
//! control words), with env prefixes and conditional commands marked, and
//! brace expansion where the shell has it.

use super::braces;

/// One simple command: env prefixes, words, and whether it runs only
/// conditionally (after `||`, inside `if`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleCommand {
    pub assignments: Vec<(String, String)>,
    pub words: Vec<String>,
    pub conditional: bool,
}

/// The characters brace expansion may scan and copy in one script.
const BRACE_BUDGET: usize = 1 << 20;

/// What the shell does with `{a,b}` and `{1..5}` in a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Braces {
    /// bash: several words (`/app/{logs,tmp}` → `/app/logs /app/tmp`).
    Expand,
    /// dash, BusyBox ash: the word as written (one directory named
    /// `{logs,tmp}`).
    Literal,
}

/// Splits a shell script into simple commands. Quotes and escapes are removed
/// from words; `$(…)` and backquotes are kept as opaque text; control words
/// (`if`, `then`, `for`, …) separate commands. Braces stay as written (see
/// [`split_commands_in`]).
pub fn split_commands(script: &str) -> Vec<SimpleCommand> {
    split_commands_in(script, Braces::Literal)
}

/// [`split_commands`] for a shell that treats brace expressions as `braces`
/// says (assignment values are never expanded, as in bash).
pub fn split_commands_in(script: &str, braces: Braces) -> Vec<SimpleCommand> {
    let mut s = Splitter {
        chars: script.chars().collect(),
        i: 0,
        out: Vec::new(),
        cur: SimpleCommand::default(),
        word: String::new(),
        unquoted: Vec::new(),
        braces,
        brace_budget: BRACE_BUDGET,
        in_word: false,
        conditional_depth: 0,
        next_conditional: false,
    };
    while s.i < s.chars.len() {
        s.step();
    }
    s.push_word();
    s.finish();
    s.out
}

/// The state of [`split_commands`]: where it is, the command and word being
/// read, and how deep in conditionals.
struct Splitter {
    chars: Vec<char>,
    i: usize,
    out: Vec<SimpleCommand>,
    cur: SimpleCommand,
    word: String,
    /// Per character of `word`: written unquoted (so it can take part in a
    /// brace expression). Kept only under [`Braces::Expand`].
    unquoted: Vec<bool>,
    braces: Braces,
    /// What brace expansion may still spend in this script (linear work).
    brace_budget: usize,
    in_word: bool,
    conditional_depth: usize,
    /// The next command runs after `||`.
    next_conditional: bool,
}

impl Splitter {
    /// Reads what starts at `i`.
    fn step(&mut self) {
        let c = self.chars[self.i];
        match c {
            '\\' => self.escape(),
            '\'' => self.single_quoted(),
            '"' => self.double_quoted(),
            '`' => self.backquoted(),
            '$' if self.chars.get(self.i + 1) == Some(&'(') => self.substitution(),
            '#' if !self.in_word => self.comment(),
            ' ' | '\t' | '\r' => {
                self.push_word();
                self.i += 1;
            }
            // `2>&1`, `>&2`, `&>file`, `>|file`: redirections, not separators.
            '&' | '|' if is_redirection_part(&self.chars, self.i) => self.literal(c),
            '\n' | ';' | '&' | '|' | '(' | ')' => self.separator(c),
            _ => {
                if !self.control_word() {
                    self.literal(c);
                }
            }
        }
    }

    /// Adds `c` to the word; `unquoted` when it was written without quotes
    /// or a backslash.
    fn push_char(&mut self, c: char, unquoted: bool) {
        self.word.push(c);
        if self.braces == Braces::Expand {
            self.unquoted.push(unquoted);
        }
    }

    fn literal(&mut self, c: char) {
        self.push_char(c, true);
        self.in_word = true;
        self.i += 1;
    }

    /// `\x` is `x`; a backslash-newline joins lines.
    fn escape(&mut self) {
        let Some(&next) = self.chars.get(self.i + 1) else {
            self.i += 1;
            return;
        };
        if next != '\n' {
            self.push_char(next, false);
            self.in_word = true;
        }
        self.i += 2;
    }

    fn single_quoted(&mut self) {
        self.in_word = true;
        self.i += 1;
        while self.i < self.chars.len() && self.chars[self.i] != '\'' {
            self.push_char(self.chars[self.i], false);
            self.i += 1;
        }
        self.i += 1;
    }

    fn double_quoted(&mut self) {
        self.in_word = true;
        self.i += 1;
        while self.i < self.chars.len() && self.chars[self.i] != '"' {
            if self.chars[self.i] == '\\'
                && self.i + 1 < self.chars.len()
                && matches!(self.chars[self.i + 1], '"' | '\\' | '$' | '`')
            {
                self.i += 1;
            }
            self.push_char(self.chars[self.i], false);
            self.i += 1;
        }
        self.i += 1;
    }

    /// A backquoted command substitution, kept as it is.
    fn backquoted(&mut self) {
        self.in_word = true;
        self.push_char('`', false);
        self.i += 1;
        while self.i < self.chars.len() && self.chars[self.i] != '`' {
            self.push_char(self.chars[self.i], false);
            self.i += 1;
        }
        if self.i < self.chars.len() {
            self.push_char('`', false);
        }
        self.i += 1;
    }

    /// `$(…)`, kept as it is.
    fn substitution(&mut self) {
        self.in_word = true;
        let mut depth = 0;
        while self.i < self.chars.len() {
            let c = self.chars[self.i];
            self.push_char(c, false);
            if c == '(' {
                depth += 1;
            } else if c == ')' {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            self.i += 1;
        }
        self.i += 1;
    }

    fn comment(&mut self) {
        while self.i < self.chars.len() && self.chars[self.i] != '\n' {
            self.i += 1;
        }
    }

    /// `\n`, `;`, `&`, `|`, `&&`, `||`, `(`, `)`: the command ends (after
    /// `||` the next one is conditional).
    fn separator(&mut self, c: char) {
        self.push_word();
        self.finish();
        self.next_conditional = false;
        let doubled = self.chars.get(self.i + 1) == Some(&c);
        if c == '|' && doubled {
            self.next_conditional = true;
            self.i += 2;
        } else if c == '&' && doubled {
            self.i += 2;
        } else {
            self.i += 1;
        }
    }

    /// A control word at the start of a command (`if`, `then`, `done`, …)
    /// is skipped (true), tracking conditionals.
    fn control_word(&mut self) -> bool {
        if self.in_word || !self.cur.words.is_empty() {
            return false;
        }
        let rest: String = self.chars[self.i..]
            .iter()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ';' | '&' | '|'))
            .collect();
        match rest.as_str() {
            "if" | "while" | "until" | "case" => self.conditional_depth += 1,
            "fi" | "done" | "esac" => {
                self.conditional_depth = self.conditional_depth.saturating_sub(1)
            }
            "then" | "else" | "elif" | "do" | "for" | "{" | "}" | "!" => {}
            _ => return false,
        }
        self.i += rest.chars().count();
        true
    }

    /// The word read so far ends: an assignment before the first word, else
    /// a word of the command.
    fn push_word(&mut self) {
        if !self.in_word {
            return;
        }
        let w = std::mem::take(&mut self.word);
        let unquoted = std::mem::take(&mut self.unquoted);
        if self.cur.words.is_empty() && is_assignment(&w) {
            let (k, v) = w.split_once('=').unwrap_or((&w, ""));
            self.cur.assignments.push((k.to_string(), v.to_string()));
        } else if self.braces == Braces::Expand && w.contains('{') {
            let marked: Vec<(char, bool)> = w.chars().zip(unquoted).collect();
            match braces::expand(&marked, &mut self.brace_budget) {
                Some(words) => self.cur.words.extend(words),
                None => self.cur.words.push(w),
            }
        } else {
            self.cur.words.push(w);
        }
        self.in_word = false;
    }

    /// The command read so far ends (nothing when it is empty: control
    /// words are separators, not commands).
    fn finish(&mut self) {
        let mut c = std::mem::take(&mut self.cur);
        if !c.words.is_empty() || !c.assignments.is_empty() {
            c.conditional |= self.conditional_depth > 0 || self.next_conditional;
            self.out.push(c);
        }
    }
}

/// Whether the `&` or `|` at `i` belongs to a redirection operator.
fn is_redirection_part(chars: &[char], i: usize) -> bool {
    let prev = i.checked_sub(1).map(|p| chars[p]);
    let next = chars.get(i + 1).copied();
    match chars[i] {
        '&' => matches!(prev, Some('>' | '<')) || (next == Some('>') && prev != Some('&')),
        '|' => prev == Some('>'),
        _ => false,
    }
}

fn is_assignment(w: &str) -> bool {
    match w.split_once('=') {
        Some((k, _)) => {
            !k.is_empty()
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !k.starts_with(|c: char| c.is_ascii_digit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Vec<String>> {
        split_commands(s).into_iter().map(|c| c.words).collect()
    }

    #[test]
    fn splitting() {
        assert_eq!(
            words("apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*"),
            vec![
                vec!["apt-get", "update"],
                vec!["apt-get", "install", "-y", "curl"],
                vec!["rm", "-rf", "/var/lib/apt/lists/*"]
            ]
        );
        let c = split_commands("CGO_ENABLED=0 go build -o /out ./cmd; echo 'a && b' | tee x");
        assert_eq!(
            c[0].assignments,
            vec![("CGO_ENABLED".to_string(), "0".to_string())]
        );
        assert_eq!(c[0].words, vec!["go", "build", "-o", "/out", "./cmd"]);
        assert_eq!(c[1].words, vec!["echo", "a && b"]);
        assert_eq!(c[2].words, vec!["tee", "x"]);
        assert_eq!(
            words("make 2>&1 | tee log; echo x >&2; cmd &>/dev/null; echo y >| f"),
            vec![
                vec!["make", "2>&1"],
                vec!["tee", "log"],
                vec!["echo", "x", ">&2"],
                vec!["cmd", "&>/dev/null"],
                vec!["echo", "y", ">|", "f"]
            ]
        );
        let c = split_commands("if [ -f x ]; then pip install a; fi || true");
        assert!(c
            .iter()
            .any(|c| c.words == vec!["pip", "install", "a"] && c.conditional));
    }
}

//! A RUN script split into simple commands (`&&`, `;`, `||`, `|`, newlines,
//! control words), with env prefixes and conditional commands marked.

/// One simple command: env prefixes, words, and whether it runs only
/// conditionally (after `||`, inside `if`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleCommand {
    pub assignments: Vec<(String, String)>,
    pub words: Vec<String>,
    pub conditional: bool,
}

/// Splits a shell script into simple commands. Quotes and escapes are removed
/// from words; `$(…)` and backquotes are kept as opaque text; control words
/// (`if`, `then`, `for`, …) separate commands.
pub fn split_commands(script: &str) -> Vec<SimpleCommand> {
    let mut out = Vec::new();
    let mut cur = SimpleCommand::default();
    let mut word = String::new();
    let mut in_word = false;
    let mut conditional_depth = 0usize;
    let mut next_conditional = false;
    let chars: Vec<char> = script.chars().collect();
    let mut i = 0;
    let push_word = |cur: &mut SimpleCommand, word: &mut String, in_word: &mut bool| {
        if *in_word {
            let w = std::mem::take(word);
            if cur.words.is_empty() && is_assignment(&w) {
                let (k, v) = w.split_once('=').unwrap_or((&w, ""));
                cur.assignments.push((k.to_string(), v.to_string()));
            } else {
                cur.words.push(w);
            }
            *in_word = false;
        }
    };
    let finish = |cur: &mut SimpleCommand, out: &mut Vec<SimpleCommand>, conditional: bool| {
        if !cur.words.is_empty() || !cur.assignments.is_empty() {
            let mut c = std::mem::take(cur);
            c.conditional |= conditional;
            // Control words are separators, not commands.
            out.push(c);
        } else {
            *cur = SimpleCommand::default();
        }
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                if i + 1 < chars.len() {
                    if chars[i + 1] != '\n' {
                        word.push(chars[i + 1]);
                        in_word = true;
                    }
                    i += 2;
                } else {
                    i += 1;
                }
                continue;
            }
            '\'' => {
                in_word = true;
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    word.push(chars[i]);
                    i += 1;
                }
                i += 1;
                continue;
            }
            '"' => {
                in_word = true;
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\'
                        && i + 1 < chars.len()
                        && matches!(chars[i + 1], '"' | '\\' | '$' | '`')
                    {
                        i += 1;
                    }
                    word.push(chars[i]);
                    i += 1;
                }
                i += 1;
                continue;
            }
            '`' => {
                in_word = true;
                word.push(c);
                i += 1;
                while i < chars.len() && chars[i] != '`' {
                    word.push(chars[i]);
                    i += 1;
                }
                if i < chars.len() {
                    word.push('`');
                }
                i += 1;
                continue;
            }
            '$' if chars.get(i + 1) == Some(&'(') => {
                in_word = true;
                let mut depth = 0;
                while i < chars.len() {
                    word.push(chars[i]);
                    if chars[i] == '(' {
                        depth += 1;
                    } else if chars[i] == ')' {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    i += 1;
                }
                i += 1;
                continue;
            }
            '#' if !in_word => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            ' ' | '\t' | '\r' => {
                push_word(&mut cur, &mut word, &mut in_word);
                i += 1;
                continue;
            }
            // `2>&1`, `>&2`, `&>file`, `>|file`: redirections, not separators.
            '&' | '|' if is_redirection_part(&chars, i) => {
                word.push(c);
                in_word = true;
                i += 1;
                continue;
            }
            '\n' | ';' | '&' | '|' | '(' | ')' => {
                push_word(&mut cur, &mut word, &mut in_word);
                let cond = conditional_depth > 0 || next_conditional;
                finish(&mut cur, &mut out, cond);
                next_conditional = false;
                if c == '|' && chars.get(i + 1) == Some(&'|') {
                    next_conditional = true;
                    i += 2;
                    continue;
                }
                if c == '&' && chars.get(i + 1) == Some(&'&') {
                    i += 2;
                    continue;
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        // Control words at the start of a command.
        if !in_word && cur.words.is_empty() {
            let rest: String = chars[i..]
                .iter()
                .take_while(|c| !c.is_whitespace() && !matches!(c, ';' | '&' | '|'))
                .collect();
            match rest.as_str() {
                "if" | "while" | "until" | "case" => {
                    conditional_depth += 1;
                    i += rest.chars().count();
                    continue;
                }
                "fi" | "done" | "esac" => {
                    conditional_depth = conditional_depth.saturating_sub(1);
                    i += rest.chars().count();
                    continue;
                }
                "then" | "else" | "elif" | "do" | "for" | "{" | "}" | "!" => {
                    i += rest.chars().count();
                    continue;
                }
                _ => {}
            }
        }
        word.push(c);
        in_word = true;
        i += 1;
    }
    push_word(&mut cur, &mut word, &mut in_word);
    let cond = conditional_depth > 0 || next_conditional;
    finish(&mut cur, &mut out, cond);
    out
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

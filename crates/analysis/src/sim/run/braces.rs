//! Brace expansion as bash does it (`/app/{logs,tmp}` → `/app/logs
//! /app/tmp`, `{1..3}` → `1 2 3`), for the shells that have it: dash and
//! BusyBox ash keep the word as it is (docs/shell-dialects.md), so the
//! simulation calls this only under bash (see `Dialect::expands_braces`).
//!
//! A word comes as characters, each marked whether it was written unquoted
//! (only unquoted `{`, `,`, `}` take part). `${` starts a parameter, not a
//! brace expression. Expansions that would give more than [`MAX_WORDS`]
//! words, or cost more than the caller's work budget (characters scanned
//! and copied), are not made (the word stays as written).

/// The most words one word expands into.
pub const MAX_WORDS: usize = 256;

/// `word` expanded, or None when it has no brace expression (or too many
/// words would come out, or `budget` runs out: each character scanned or
/// copied costs one).
pub fn expand(word: &[(char, bool)], budget: &mut usize) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut any = false;
    let mut cx = Work {
        budget,
        any: &mut any,
    };
    expand_from(word.to_vec(), 0, &mut out, &mut cx, 0)?;
    any.then(|| {
        out.into_iter()
            .map(|w| w.into_iter().map(|(c, _)| c).collect())
            .collect()
    })
}

type Chars = Vec<(char, bool)>;

/// What an expansion may still spend, and whether it expanded anything.
struct Work<'a> {
    budget: &'a mut usize,
    any: &'a mut bool,
}

impl Work<'_> {
    /// Spends `n`; None when the budget is out.
    fn spend(&mut self, n: usize) -> Option<()> {
        *self.budget = self.budget.checked_sub(n)?;
        Some(())
    }
}

/// Expands the first brace expression at or after `from`, then the rest of
/// each result; pushes the finished words. None past [`MAX_WORDS`].
fn expand_from(
    word: Chars,
    from: usize,
    out: &mut Vec<Chars>,
    cx: &mut Work,
    depth: usize,
) -> Option<()> {
    if depth > 32 {
        return None;
    }
    cx.spend(word.len())?;
    let Some((open, close, alts)) = first_brace(&word, from, cx)? else {
        if out.len() >= MAX_WORDS {
            return None;
        }
        out.push(word);
        return Some(());
    };
    *cx.any = true;
    for alt in alts {
        let mut w: Chars = word[..open].to_vec();
        w.extend(alt);
        let next = w.len();
        w.extend_from_slice(&word[close + 1..]);
        // What an alternative brings is expanded too (`{a,b{1,2}}`), so the
        // search goes on from the start of the alternative.
        cx.spend(w.len())?;
        expand_from(w, open.min(next), out, cx, depth + 1)?;
    }
    Some(())
}

/// The first brace expression at or after `from`: its `{` and `}` indices
/// and its alternatives (Some(None): there is none; None: out of budget).
type Found = Option<(usize, usize, Vec<Chars>)>;

fn first_brace(w: &[(char, bool)], from: usize, cx: &mut Work) -> Option<Found> {
    let mut i = from;
    while i < w.len() {
        match w[i] {
            ('$', true) if w.get(i + 1) == Some(&('{', true)) => {
                // `${…}`: a parameter expansion, skipped as a whole.
                i = matching(w, i + 1, cx)?.map_or(w.len(), |j| j + 1);
                continue;
            }
            ('{', true) => {
                if let Some(close) = matching(w, i, cx)? {
                    cx.spend(close - i)?;
                    if let Some(alts) = alternatives(&w[i + 1..close]) {
                        return Some(Some((i, close, alts)));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    Some(None)
}

/// The index of the unquoted `}` closing the `{` at `open` (Some(None):
/// unclosed; None: out of budget).
fn matching(w: &[(char, bool)], open: usize, cx: &mut Work) -> Option<Option<usize>> {
    let mut depth = 0usize;
    for (j, &(c, unquoted)) in w.iter().enumerate().skip(open) {
        cx.spend(1)?;
        if !unquoted {
            continue;
        }
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(Some(j));
                }
            }
            _ => {}
        }
    }
    Some(None)
}

/// The alternatives of a brace body: split at top-level unquoted commas,
/// else a sequence `x..y[..step]`; None for neither (`{}`, `{a}`).
fn alternatives(body: &[(char, bool)]) -> Option<Vec<Chars>> {
    let mut parts = vec![Vec::new()];
    let mut depth = 0usize;
    for &(c, unquoted) in body {
        match c {
            '{' if unquoted => depth += 1,
            '}' if unquoted => depth = depth.saturating_sub(1),
            ',' if unquoted && depth == 0 => {
                parts.push(Vec::new());
                continue;
            }
            _ => {}
        }
        parts.last_mut().expect("never empty").push((c, unquoted));
    }
    if parts.len() > 1 {
        return Some(parts);
    }
    if body.iter().any(|&(_, unquoted)| !unquoted) {
        return None;
    }
    let text: String = body.iter().map(|&(c, _)| c).collect();
    let items = sequence(&text)?;
    Some(
        items
            .into_iter()
            .map(|s| s.chars().map(|c| (c, true)).collect())
            .collect(),
    )
}

/// `1..5`, `05..10`, `1..10..3`, `a..e`: the items, or None when it is not
/// a sequence bash expands (or has more than [`MAX_WORDS`] items).
fn sequence(text: &str) -> Option<Vec<String>> {
    let ends: Vec<&str> = text.split("..").collect();
    let (a, b, step) = match ends.as_slice() {
        [a, b] => (*a, *b, None),
        [a, b, s] => (*a, *b, Some(s.parse::<i64>().ok()?)),
        _ => return None,
    };
    let step = step.map_or(1, |s| s.unsigned_abs().max(1)) as usize;
    if let (Ok(x), Ok(y)) = (a.parse::<i64>(), b.parse::<i64>()) {
        let count = (x.abs_diff(y) as usize) / step + 1;
        if count > MAX_WORDS {
            return None;
        }
        let padded = |s: &str| {
            let d = s.strip_prefix('-').unwrap_or(s);
            d.len() > 1 && d.starts_with('0')
        };
        let width = if padded(a) || padded(b) {
            a.len().max(b.len())
        } else {
            0
        };
        let dir: i64 = if y >= x { 1 } else { -1 };
        return Some(
            (0..count)
                .map(|k| {
                    let v = x + dir * (k * step) as i64;
                    if v < 0 {
                        format!("-{:0w$}", -v, w = width.saturating_sub(1))
                    } else {
                        format!("{v:0width$}")
                    }
                })
                .collect(),
        );
    }
    let (mut ca, mut cb) = (a.chars(), b.chars());
    match (ca.next(), ca.next(), cb.next(), cb.next()) {
        (Some(x), None, Some(y), None) if x.is_ascii_alphabetic() && y.is_ascii_alphabetic() => {
            let (x, y) = (x as u8, y as u8);
            let items: Vec<String> = if x <= y {
                (x..=y)
                    .step_by(step)
                    .map(|c| (c as char).to_string())
                    .collect()
            } else {
                (y..=x)
                    .rev()
                    .step_by(step)
                    .map(|c| (c as char).to_string())
                    .collect()
            };
            Some(items)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unquoted(s: &str) -> Vec<(char, bool)> {
        s.chars().map(|c| (c, true)).collect()
    }

    fn ex(s: &str) -> Option<Vec<String>> {
        expand(&unquoted(s), &mut 100_000)
    }

    #[test]
    fn lists_and_sequences() {
        assert_eq!(
            ex("/app/{logs,tmp}").unwrap(),
            vec!["/app/logs", "/app/tmp"]
        );
        assert_eq!(ex("{1..3}").unwrap(), vec!["1", "2", "3"]);
        assert_eq!(ex("x{3..1}").unwrap(), vec!["x3", "x2", "x1"]);
        assert_eq!(ex("{08..10}").unwrap(), vec!["08", "09", "10"]);
        assert_eq!(ex("{1..10..4}").unwrap(), vec!["1", "5", "9"]);
        assert_eq!(ex("{a..c}").unwrap(), vec!["a", "b", "c"]);
        assert_eq!(ex("{a,b}{1,2}").unwrap(), vec!["a1", "a2", "b1", "b2"]);
        assert_eq!(ex("{a,b{1,2}}").unwrap(), vec!["a", "b1", "b2"]);
        assert_eq!(ex("a{,.bak}").unwrap(), vec!["a", "a.bak"]);
    }

    #[test]
    fn words_that_stay() {
        assert_eq!(ex("{}"), None);
        assert_eq!(ex("{a}"), None);
        assert_eq!(ex("{a..zz}"), None);
        assert_eq!(ex("${a,b}"), None);
        assert_eq!(ex("x"), None);
        assert_eq!(ex("{1..100000}"), None);
        // A quoted comma does not separate.
        let mut w = unquoted("{a");
        w.push((',', false));
        w.extend(unquoted("b}"));
        assert_eq!(expand(&w, &mut 100_000), None);
        // `${x}{a,b}` expands the second brace.
        assert_eq!(ex("${x}{a,b}").unwrap(), vec!["${x}a", "${x}b"]);
    }

    #[test]
    fn work_is_bounded() {
        // Unclosed braces would make the scan quadratic: the budget stops it.
        let w = unquoted(&"{".repeat(100_000));
        let mut budget = 1_000_000;
        assert_eq!(expand(&w, &mut budget), None);
        assert_eq!(budget, 0);
        let mut small = 10;
        assert_eq!(expand(&unquoted("/app/{logs,tmp}"), &mut small), None);
    }
}

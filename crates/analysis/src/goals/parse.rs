//! Reading goals: from a Dockerfile's leading comments or from a separate
//! text, into [`Goals`] with positions.

use super::grammar::{
    known_finding_ids, Goal, GoalError, GoalErrorKind, GoalKind, Goals, Op, Origin, Pos,
};
use crate::Analysis;
use layerlab_syntax::{edit_distance, Dockerfile, Item};
use std::borrow::Cow;

fn nearest(
    word: &str,
    candidates: impl Iterator<Item = &'static str>,
) -> Option<Cow<'static, str>> {
    let w = word.to_lowercase();
    let limit = (w.chars().count() / 3).clamp(1, 4);
    candidates
        .map(|c| {
            let c_lc = c.to_lowercase();
            // A prefix of a longer id (`pip-no-cache`) is as good as a typo.
            let d = if w.len() >= 4 && c_lc.starts_with(&w) {
                1
            } else {
                edit_distance(&w, &c_lc)
            };
            (d, c)
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| Cow::Borrowed(c))
}

/// Line and column (1-based, columns in characters) of `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary_compat(offset)];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    (line, col)
}

trait FloorBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorBoundary for str {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        i = i.min(self.len());
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

fn pos(text: &str, origin: Origin, start: usize, end: usize) -> Pos {
    let (line, column) = line_col(text, start);
    Pos {
        origin,
        line,
        column,
        start,
        end,
    }
}

/// If `body` (a comment's text after `#`) is a goal comment, the offset of
/// what follows `goal:` within it.
fn goal_prefix(body: &str) -> Option<usize> {
    let t = body.trim_start();
    let lead = body.len() - t.len();
    let word = t.get(..4)?;
    if !word.eq_ignore_ascii_case("goal") {
        return None;
    }
    let rest = &t[4..];
    let r = rest.trim_start();
    if !r.starts_with(':') {
        return None;
    }
    Some(lead + 4 + (rest.len() - r.len()) + 1)
}

/// The goals in a Dockerfile's leading comments (`# goal: …`); goal comments
/// after the first instruction are errors ([`GoalErrorKind::NotAtTop`]).
pub fn parse_dockerfile(df: &Dockerfile) -> Goals {
    let src = df.source.as_str();
    let mut out = Goals::default();
    let mut seen_instruction = false;
    for item in &df.items {
        match item {
            Item::Instruction(_) => seen_instruction = true,
            Item::Comment(c) => {
                // The comment's text token starts at `#`.
                let hash = c.text.span.start;
                let end = c.text.span.end.min(src.len());
                let Some(line) = src.get(hash..end) else {
                    continue;
                };
                let Some(body) = line.strip_prefix('#') else {
                    continue;
                };
                let Some(at) = goal_prefix(body) else {
                    continue;
                };
                let from = hash + 1 + at;
                if seen_instruction {
                    let kind = GoalErrorKind::NotAtTop;
                    out.errors.push(GoalError {
                        message: kind.message(),
                        kind,
                        pos: pos(src, Origin::File, hash, end),
                    });
                } else {
                    parse_line(src, from, end, Origin::File, &mut out);
                }
            }
            _ => {}
        }
    }
    out
}

/// The goals of a separate text: one a line, with or without `# goal:`;
/// blank lines and other `#` lines are skipped.
pub fn parse_text(text: &str) -> Goals {
    let mut out = Goals::default();
    let mut at = 0;
    for raw in text.split_inclusive('\n') {
        let start = at;
        at += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let end = start + line.len();
        let t = line.trim_start();
        let lead = line.len() - t.len();
        if t.is_empty() {
            continue;
        }
        let from = if let Some(body) = t.strip_prefix('#') {
            match goal_prefix(body) {
                Some(p) => start + lead + 1 + p,
                None => continue,
            }
        } else if let Some(p) = goal_prefix(t) {
            start + lead + p
        } else {
            start + lead
        };
        parse_line(text, from, end, Origin::Text, &mut out);
    }
    out
}

/// A cursor over one goal line of `src` (`at..end`).
struct Cursor<'a> {
    src: &'a str,
    at: usize,
    end: usize,
}

impl<'a> Cursor<'a> {
    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.at += c.len_utf8();
            } else {
                break;
            }
        }
    }
    fn peek(&self) -> Option<char> {
        self.src.get(self.at..self.end)?.chars().next()
    }
    fn rest(&self) -> &'a str {
        self.src.get(self.at..self.end).unwrap_or("")
    }
    /// Characters while `f` holds; returns (start, text).
    fn take_while(&mut self, f: impl Fn(char) -> bool) -> (usize, &'a str) {
        self.skip_ws();
        let start = self.at;
        while let Some(c) = self.peek() {
            if f(c) {
                self.at += c.len_utf8();
            } else {
                break;
            }
        }
        (start, self.src.get(start..self.at).unwrap_or(""))
    }
    /// The next whitespace-separated word.
    fn word(&mut self) -> (usize, &'a str) {
        self.take_while(|c| !c.is_whitespace())
    }
    fn operator(&mut self) -> (usize, &'a str) {
        self.skip_ws();
        let start = self.at;
        let rest = self.rest();
        let len = ["<=", ">=", "!=", "==", "<", ">", "=", "≤", "≥", "≠"]
            .iter()
            .find(|o| rest.starts_with(**o))
            .map(|o| o.len())
            .unwrap_or(0);
        self.at += len;
        (start, &rest[..len])
    }
}

fn op_of(s: &str) -> Option<Op> {
    Some(match s {
        "<" => Op::Lt,
        "<=" | "≤" => Op::Le,
        ">" => Op::Gt,
        ">=" | "≥" => Op::Ge,
        "=" | "==" => Op::Eq,
        "!=" | "≠" => Op::Ne,
        _ => return None,
    })
}

const SUBJECTS: &[&str] = &["size", "no", "finding", "stages", "layers", "user", "base"];
const UNITS: &[(&str, u64)] = &[
    ("B", 1),
    ("KB", 1000),
    ("MB", 1000 * 1000),
    ("GB", 1000 * 1000 * 1000),
    ("KiB", 1 << 10),
    ("MiB", 1 << 20),
    ("GiB", 1 << 30),
];

fn parse_line(src: &str, from: usize, end: usize, origin: Origin, out: &mut Goals) {
    let mut cur = Cursor { src, at: from, end };
    cur.skip_ws();
    let goal_start = cur.at;
    let text = cur.rest().trim_end().to_string();
    let goal_end = goal_start + text.len();
    let parsed = if text.is_empty() {
        Err((GoalErrorKind::Empty, goal_start, goal_start))
    } else {
        parse_goal(&mut cur).and_then(|kind| nothing_after(&mut cur).map(|()| kind))
    };
    match parsed {
        Ok(kind) => out.goals.push(Goal {
            kind,
            text,
            pos: pos(src, origin, goal_start, goal_end),
        }),
        Err((kind, s, e)) => out.errors.push(GoalError {
            message: kind.message(),
            kind,
            // An empty range (something missing) points at where it was expected.
            pos: pos(src, origin, s, e.max(s)),
        }),
    }
}

/// What is wrong with a goal, and where (byte range in the text).
type Bad = (GoalErrorKind, usize, usize);

/// A goal: its subject, then what that subject takes.
fn parse_goal(cur: &mut Cursor) -> Result<GoalKind, Bad> {
    let (ws, subject) = cur.take_while(|c| c.is_alphanumeric() || c == '-' || c == '_');
    match subject.to_lowercase().as_str() {
        "size" => size_goal(cur),
        s @ ("stages" | "layers") => count_goal(cur, s),
        "no" => no_goal(cur),
        "finding" => rule_id(cur).map(|rule| GoalKind::Finding { rule }),
        s @ ("user" | "base") => identity_goal(cur, s),
        _ => {
            let found = if subject.is_empty() {
                cur.word().1
            } else {
                subject
            };
            let kind = GoalErrorKind::UnknownGoal {
                word: found.to_string(),
                suggestion: nearest(found, SUBJECTS.iter().copied()),
            };
            Err((kind, ws, ws + found.len()))
        }
    }
}

/// Nothing but spaces may follow a goal.
fn nothing_after(cur: &mut Cursor) -> Result<(), Bad> {
    cur.skip_ws();
    let rest = cur.rest().trim_end();
    if rest.is_empty() {
        return Ok(());
    }
    let kind = GoalErrorKind::TrailingText {
        found: rest.to_string(),
    };
    Err((kind, cur.at, cur.at + rest.len()))
}

/// A comparison operator among those `allowed` (as the message lists them).
fn operator(cur: &mut Cursor, ok: impl Fn(Op) -> bool, allowed: &'static str) -> Result<Op, Bad> {
    let (os, o) = cur.operator();
    if let Some(op) = op_of(o).filter(|op| ok(*op)) {
        return Ok(op);
    }
    let found = if o.is_empty() { cur.word().1 } else { o };
    let kind = GoalErrorKind::BadOperator {
        found: found.to_string(),
        allowed: allowed.into(),
    };
    Err((kind, os, os + found.len()))
}

/// A number: a whole one, or with `decimals` a finite decimal.
fn number(cur: &mut Cursor, decimals: bool) -> Result<f64, Bad> {
    let (ns, num) = cur.take_while(|c| c.is_ascii_digit() || c == '.');
    let value: Option<f64> = if num.is_empty() || num.starts_with('.') || num.ends_with('.') {
        None
    } else if decimals {
        num.parse().ok().filter(|v: &f64| v.is_finite())
    } else {
        num.parse::<u64>().ok().map(|v| v as f64)
    };
    value.ok_or_else(|| {
        let found = if num.is_empty() { cur.word().1 } else { num };
        let kind = GoalErrorKind::BadNumber {
            found: found.to_string(),
        };
        (kind, ns, ns + found.len())
    })
}

/// `size < 150MB`: an ordering, a number and a unit.
fn size_goal(cur: &mut Cursor) -> Result<GoalKind, Bad> {
    let op = operator(cur, |op| !matches!(op, Op::Eq | Op::Ne), "<, <=, > or >=")?;
    let value = number(cur, true)?;
    let (us, unit) = cur.take_while(|c| c.is_ascii_alphabetic());
    if unit.is_empty() {
        return Err((GoalErrorKind::MissingUnit, us, us));
    }
    let Some(&(_, mult)) = UNITS.iter().find(|(u, _)| u.eq_ignore_ascii_case(unit)) else {
        let kind = GoalErrorKind::UnknownUnit {
            found: unit.to_string(),
            suggestion: nearest(unit, UNITS.iter().map(|(u, _)| *u)),
        };
        return Err((kind, us, us + unit.len()));
    };
    let bytes = (value * mult as f64).round();
    let bytes = if bytes >= u64::MAX as f64 {
        u64::MAX
    } else {
        bytes as u64
    };
    Ok(GoalKind::Size { op, bytes })
}

/// `stages >= 2`, `layers <= 5`: any comparison and a whole number.
fn count_goal(cur: &mut Cursor, subject: &str) -> Result<GoalKind, Bad> {
    let op = operator(cur, |_| true, "<, <=, >, >=, = or !=")?;
    let count = number(cur, false)? as u64;
    Ok(if subject == "stages" {
        GoalKind::Stages { op, count }
    } else {
        GoalKind::Layers { op, count }
    })
}

/// `no errors`, `no warnings`, `no findings`, `no finding <rule-id>`.
fn no_goal(cur: &mut Cursor) -> Result<GoalKind, Bad> {
    let (ns, what) = cur.take_while(|c| c.is_alphanumeric() || c == '-');
    match what.to_lowercase().as_str() {
        "errors" | "error" => Ok(GoalKind::NoErrors),
        "warnings" | "warning" => Ok(GoalKind::NoWarnings),
        "findings" => Ok(GoalKind::NoFindings),
        "finding" => rule_id(cur).map(|rule| GoalKind::NoFinding { rule }),
        _ => {
            let found = if what.is_empty() { cur.word().1 } else { what };
            let kind = GoalErrorKind::BadNo {
                found: found.to_string(),
            };
            Err((kind, ns, ns + found.len()))
        }
    }
}

/// `user = app`, `base != python:3.7`: equal or not, and a value.
fn identity_goal(cur: &mut Cursor, subject: &str) -> Result<GoalKind, Bad> {
    let equal = operator(cur, |op| matches!(op, Op::Eq | Op::Ne), "= or !=")? == Op::Eq;
    let (vs, value) = cur.word();
    if value.is_empty() {
        return Err((GoalErrorKind::MissingValue, vs, vs));
    }
    let value = value.to_string();
    Ok(if subject == "user" {
        GoalKind::User { equal, user: value }
    } else {
        GoalKind::Base {
            equal,
            image: value,
        }
    })
}

fn rule_id(cur: &mut Cursor) -> Result<String, Bad> {
    let (s, id) = cur.word();
    let kind = if id.is_empty() {
        GoalErrorKind::MissingRule
    } else if known_finding_ids().any(|k| k == id) {
        return Ok(id.to_string());
    } else {
        GoalErrorKind::UnknownRule {
            id: id.to_string(),
            suggestion: nearest(id, known_finding_ids()),
        }
    };
    Err((kind, s, s + id.len()))
}

/// The file's own goals (leading `# goal:` comments) followed by those of
/// `extra` (a separate goals text), parsed.
pub fn goals_of(a: &Analysis, extra: Option<&str>) -> Goals {
    let mut g = parse_dockerfile(&a.dockerfile);
    if let Some(t) = extra {
        g.extend(parse_text(t));
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Options};

    fn one(text: &str) -> GoalKind {
        let g = parse_text(text);
        assert!(g.errors.is_empty(), "{text}: {:?}", g.errors);
        assert_eq!(g.goals.len(), 1, "{text}");
        g.goals[0].kind.clone()
    }

    fn error(text: &str) -> GoalError {
        let g = parse_text(text);
        assert!(g.goals.is_empty(), "{text}: {:?}", g.goals);
        assert_eq!(g.errors.len(), 1, "{text}");
        g.errors[0].clone()
    }

    #[test]
    fn sizes_with_units_and_operators() {
        assert_eq!(
            one("size < 150MB"),
            GoalKind::Size {
                op: Op::Lt,
                bytes: 150_000_000
            }
        );
        assert_eq!(
            one("size<=1.5 GiB"),
            GoalKind::Size {
                op: Op::Le,
                bytes: 1_610_612_736
            }
        );
        assert_eq!(
            one("SIZE >= 20 kb"),
            GoalKind::Size {
                op: Op::Ge,
                bytes: 20_000
            }
        );
        assert_eq!(
            one("size > 100 MiB"),
            GoalKind::Size {
                op: Op::Gt,
                bytes: 100 << 20
            }
        );
    }

    #[test]
    fn every_other_form() {
        assert_eq!(one("no errors"), GoalKind::NoErrors);
        assert_eq!(one("No Warnings"), GoalKind::NoWarnings);
        assert_eq!(one("no findings"), GoalKind::NoFindings);
        assert_eq!(
            one("no finding pip-no-cache-dir"),
            GoalKind::NoFinding {
                rule: "pip-no-cache-dir".into()
            }
        );
        assert_eq!(
            one("finding last-user-root"),
            GoalKind::Finding {
                rule: "last-user-root".into()
            }
        );
        assert_eq!(
            one("stages >= 2"),
            GoalKind::Stages {
                op: Op::Ge,
                count: 2
            }
        );
        assert_eq!(
            one("layers<=4"),
            GoalKind::Layers {
                op: Op::Le,
                count: 4
            }
        );
        assert_eq!(
            one("user != root"),
            GoalKind::User {
                equal: false,
                user: "root".into()
            }
        );
        assert_eq!(
            one("base = python:3.12-slim"),
            GoalKind::Base {
                equal: true,
                image: "python:3.12-slim".into()
            }
        );
    }

    #[test]
    fn prefixes_comments_and_blank_lines_in_a_separate_text() {
        let g = parse_text(
            "# goal: no errors\n\n# a note for the teacher\ngoal: stages >= 2\r\n  size < 1GB\n",
        );
        assert!(g.errors.is_empty(), "{:?}", g.errors);
        let lines: Vec<u32> = g.goals.iter().map(|g| g.pos.line).collect();
        assert_eq!(lines, [1, 4, 5]);
        assert_eq!(g.goals[1].text, "stages >= 2");
        assert_eq!(g.goals[2].pos.column, 3);
        assert!(g.goals.iter().all(|g| g.pos.origin == Origin::Text));
    }

    #[test]
    fn malformed_lines_say_what_and_where() {
        let e = error("size < 150");
        assert_eq!(e.kind, GoalErrorKind::MissingUnit);
        assert_eq!((e.pos.line, e.pos.column), (1, 11));

        let e = error("size < 150 MX");
        assert!(matches!(e.kind, GoalErrorKind::UnknownUnit { .. }), "{e:?}");
        assert_eq!(e.pos.column, 12);
        assert!(e.message.contains("`MX`"), "{}", e.message);

        let e = error("size = 150MB");
        assert!(matches!(e.kind, GoalErrorKind::BadOperator { .. }), "{e:?}");
        assert_eq!(e.pos.column, 6);

        let e = error("size 150MB");
        assert!(matches!(e.kind, GoalErrorKind::BadOperator { .. }), "{e:?}");

        let e = error("stages >= two");
        assert_eq!(
            e.kind,
            GoalErrorKind::BadNumber {
                found: "two".into()
            }
        );
        assert_eq!(e.pos.column, 11);

        let e = error("stages >= 1.5");
        assert!(matches!(e.kind, GoalErrorKind::BadNumber { .. }), "{e:?}");

        let e = error("\n  sise < 10MB");
        assert_eq!(
            e.kind,
            GoalErrorKind::UnknownGoal {
                word: "sise".into(),
                suggestion: Some("size".into())
            }
        );
        assert_eq!((e.pos.line, e.pos.column), (2, 3));
        assert!(e.message.contains("did you mean `size`"), "{}", e.message);

        let e = error("no finding pip-no-cache");
        assert_eq!(
            e.kind,
            GoalErrorKind::UnknownRule {
                id: "pip-no-cache".into(),
                suggestion: Some("pip-no-cache-dir".into())
            }
        );
        assert_eq!(e.pos.column, 12);
        assert_eq!(e.pos.end - e.pos.start, "pip-no-cache".len());

        let e = error("no finding totally-made-up-thing");
        assert!(
            matches!(
                e.kind,
                GoalErrorKind::UnknownRule {
                    suggestion: None,
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(error("finding").kind, GoalErrorKind::MissingRule);
        assert!(matches!(error("no bugs").kind, GoalErrorKind::BadNo { .. }));
        assert_eq!(error("user =").kind, GoalErrorKind::MissingValue);
        assert!(matches!(
            error("user < root").kind,
            GoalErrorKind::BadOperator { .. }
        ));
        assert_eq!(
            error("no errors please").kind,
            GoalErrorKind::TrailingText {
                found: "please".into()
            }
        );
        assert_eq!(error("# goal:").kind, GoalErrorKind::Empty);
        // Odd input never panics.
        for t in [
            "size < ",
            "size <\u{0}",
            "≤≤≤",
            "size ≤ 1.",
            "stages >= 99999999999999999999999",
            "size < 1e9MB",
            "user",
            "é",
        ] {
            let _ = parse_text(t);
        }
    }

    #[test]
    fn goals_come_from_the_leading_comments_only() {
        let text = "# syntax=docker/dockerfile:1\n# goal: no errors\n# just a comment\n#goal:stages>=2\nFROM alpine:3.20\n# goal: user != root\nRUN true\n";
        let a = analyze(text, &Options::default());
        let g = parse_dockerfile(&a.dockerfile);
        assert_eq!(g.goals.len(), 2, "{g:?}");
        assert_eq!(g.goals[0].kind, GoalKind::NoErrors);
        assert_eq!((g.goals[0].pos.line, g.goals[0].pos.column), (2, 9));
        assert_eq!(g.goals[1].pos.line, 4);
        assert_eq!(g.errors.len(), 1);
        assert_eq!(g.errors[0].kind, GoalErrorKind::NotAtTop);
        assert_eq!(g.errors[0].pos.line, 6);
        assert_eq!(g.goals[0].pos.origin, Origin::File);
        let e = parse_dockerfile(&layerlab_syntax::parse(
            "# goal: size < 9 parsecs\nFROM alpine\n",
        ));
        assert_eq!(e.errors[0].pos.line, 1);
        assert_eq!(e.errors[0].pos.column, 18);
    }
}

//! Exercise goals: what a Dockerfile should achieve, checked against its
//! [`Analysis`].
//!
//! A teacher writes goals as comments at the top of the file, before the
//! first instruction:
//!
//! ```text
//! # goal: size < 150MB
//! # goal: no errors
//! # goal: user != root
//! FROM python:3.12-slim
//! ```
//!
//! or as a separate text, one goal a line ([`parse_text`]; the web page
//! carries it in the share link). In a separate text the `# goal:` prefix is
//! optional, blank lines are skipped, and other `#` lines are comments.
//!
//! # Grammar
//!
//! One goal a line; words are case-insensitive; spaces around operators are
//! optional (`size<150MB` is fine).
//!
//! | goal | met when |
//! |---|---|
//! | `size < 150MB` (`<`, `<=`, `>`, `>=`) | the final image's estimated size compares so |
//! | `no errors` | no finding of error severity |
//! | `no warnings` | no finding of warning or error severity |
//! | `no findings` | no finding at all (info included) |
//! | `no finding <rule-id>` | no finding of that rule |
//! | `finding <rule-id>` | at least one finding of that rule |
//! | `stages >= 2` (`<`, `<=`, `>`, `>=`, `=`, `!=`) | the number of stages built for the final image (unused stages do not count) |
//! | `layers <= 5` (same operators) | the number of layers the Dockerfile adds to the final image (RUN, COPY, ADD, WORKDIR of the final stage and the stages it is built `FROM`; the base image's own layers do not count) |
//! | `user != root`, `user = app` | the final stage's effective user (its last `USER`, else the base image's default); `root` and `0` are the same user, and `app:app` matches `app` |
//! | `base = python:3.12-slim`, `base != python:3.7` | the image the final stage is built on (through `FROM <stage>` chains); `docker.io/library/` is implied and a missing tag means `latest` |
//!
//! Sizes take a unit: `B`, `KB`, `MB`, `GB` (powers of 1000, as `docker
//! images` prints them) or `KiB`, `MiB`, `GiB` (powers of 1024); decimals are
//! allowed (`1.5GB`).
//!
//! Rule ids are those of `layerlab rules` plus the parser's and the
//! simulation's own codes; an unknown id is an error that suggests the
//! nearest known one.
//!
//! # Evaluation
//!
//! Each goal evaluates to [`Status::Met`], [`Status::Unmet`] or
//! [`Status::Unknown`], with the [`Actual`] value it was judged on.
//!
//! - Size goals compare the estimate's best value (`size_bytes`), not its
//!   range: the range is shown with the result. When part of the size is
//!   unknown (an image not in the tables, a context file not given), the
//!   estimate is a lower bound, and a goal is decided only when the lower
//!   bound already decides it (`size < 150MB` with a lower bound of 200 MB is
//!   unmet); otherwise it is unknown, never met.
//! - Finding goals are unknown when ignore comments or the configuration
//!   hid findings (the hidden ones might be the ones the goal is about).
//! - `user` is unknown when the final image's default user is not in the
//!   tables and no `USER` sets it; `base` is unknown when the final stage's
//!   `FROM` cannot be resolved. A file without a stage leaves image goals
//!   unknown.
//!
//! Malformed goals are [`GoalError`]s with a position (1-based line and
//! column, byte offsets into the text they were read from); nothing here
//! panics.

use crate::sim::Base;
use crate::Analysis;
use layerlab_syntax::{edit_distance, Dockerfile, Item, Keyword, Severity};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Op {
    pub fn holds(self, actual: u64, limit: u64) -> bool {
        match self {
            Op::Lt => actual < limit,
            Op::Le => actual <= limit,
            Op::Gt => actual > limit,
            Op::Ge => actual >= limit,
            Op::Eq => actual == limit,
            Op::Ne => actual != limit,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "=",
            Op::Ne => "!=",
        }
    }
}

/// What a goal asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum GoalKind {
    /// The final image's estimated size compared with `bytes`.
    Size {
        op: Op,
        bytes: u64,
    },
    NoErrors,
    NoWarnings,
    NoFindings,
    NoFinding {
        rule: String,
    },
    Finding {
        rule: String,
    },
    /// Stages built for the final image.
    Stages {
        op: Op,
        count: u64,
    },
    /// Layers the Dockerfile adds to the final image.
    Layers {
        op: Op,
        count: u64,
    },
    /// The final user is (`equal`) or is not `user`.
    User {
        equal: bool,
        user: String,
    },
    /// The final image's base is (`equal`) or is not `image`.
    Base {
        equal: bool,
        image: String,
    },
}

/// Where a goal or an error was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// A `# goal:` comment at the top of the Dockerfile.
    File,
    /// A separate goals text (a share link's goals, a file given to the CLI).
    Text,
}

/// Where something is in the text it was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pos {
    pub origin: Origin,
    /// 1-based; columns count Unicode scalar values.
    pub line: u32,
    pub column: u32,
    /// Byte offsets.
    pub start: usize,
    pub end: usize,
}

/// One parsed goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    #[serde(flatten)]
    pub kind: GoalKind,
    /// The goal as written (`size < 150MB`), trimmed.
    pub text: String,
    #[serde(flatten)]
    pub pos: Pos,
}

/// What is wrong with a goal line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum GoalErrorKind {
    /// `# goal:` with nothing after it.
    Empty,
    /// The first word is not a goal (`suggestion`: the nearest one).
    UnknownGoal {
        word: String,
        suggestion: Option<Cow<'static, str>>,
    },
    /// An operator is missing or not allowed here (`allowed`: the ones that are).
    BadOperator {
        found: String,
        allowed: Cow<'static, str>,
    },
    /// A number is missing or malformed.
    BadNumber { found: String },
    /// A size without a unit.
    MissingUnit,
    /// A size unit that is not one of B, KB, MB, GB, KiB, MiB, GiB.
    UnknownUnit {
        found: String,
        suggestion: Option<Cow<'static, str>>,
    },
    /// `no` followed by something other than errors, warnings, findings, finding.
    BadNo { found: String },
    /// `finding` / `no finding` without a rule id.
    MissingRule,
    /// A rule id no rule has.
    UnknownRule {
        id: String,
        suggestion: Option<Cow<'static, str>>,
    },
    /// `user =` / `base =` without a value.
    MissingValue,
    /// Words after a complete goal.
    TrailingText { found: String },
    /// A `# goal:` comment after the first instruction (ignored).
    NotAtTop,
}

/// A malformed goal, positioned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalError {
    #[serde(flatten)]
    pub kind: GoalErrorKind,
    #[serde(flatten)]
    pub pos: Pos,
    /// The message in English (the web page translates `kind`).
    pub message: String,
}

/// The goals of a text, and what could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goals {
    pub goals: Vec<Goal>,
    pub errors: Vec<GoalError>,
}

impl Goals {
    pub fn is_empty(&self) -> bool {
        self.goals.is_empty() && self.errors.is_empty()
    }

    /// Both lists, `other`'s after `self`'s.
    pub fn extend(&mut self, other: Goals) {
        self.goals.extend(other.goals);
        self.errors.extend(other.errors);
    }
}

impl GoalErrorKind {
    /// The message in English.
    pub fn message(&self) -> String {
        match self {
            GoalErrorKind::Empty => "empty goal: write one after `goal:`, e.g. `size < 150MB`".into(),
            GoalErrorKind::UnknownGoal { word, suggestion } => {
                let mut m = format!("unknown goal `{word}`");
                if let Some(s) = suggestion {
                    m.push_str(&format!(" (did you mean `{s}`?)"));
                }
                m.push_str("; goals start with size, no, finding, stages, layers, user or base");
                m
            }
            GoalErrorKind::BadOperator { found, allowed } => {
                if found.is_empty() {
                    format!("expected an operator ({allowed})")
                } else {
                    format!("operator `{found}` is not allowed here; use {allowed}")
                }
            }
            GoalErrorKind::BadNumber { found } => {
                if found.is_empty() {
                    "expected a number".into()
                } else {
                    format!("`{found}` is not a number")
                }
            }
            GoalErrorKind::MissingUnit => {
                "a size needs a unit: B, KB, MB, GB, KiB, MiB or GiB".into()
            }
            GoalErrorKind::UnknownUnit { found, suggestion } => {
                let mut m = format!("unknown size unit `{found}`");
                if let Some(s) = suggestion {
                    m.push_str(&format!(" (did you mean `{s}`?)"));
                }
                m.push_str("; use B, KB, MB, GB, KiB, MiB or GiB");
                m
            }
            GoalErrorKind::BadNo { found } => format!(
                "after `no`, expected errors, warnings, findings or finding <rule-id>, found `{found}`"
            ),
            GoalErrorKind::MissingRule => "expected a rule id, e.g. `pip-no-cache-dir`".into(),
            GoalErrorKind::UnknownRule { id, suggestion } => {
                let mut m = format!("unknown rule id `{id}`");
                if let Some(s) = suggestion {
                    m.push_str(&format!(" (did you mean `{s}`?)"));
                }
                m.push_str("; `layerlab rules` lists them");
                m
            }
            GoalErrorKind::MissingValue => "expected a value after the operator".into(),
            GoalErrorKind::TrailingText { found } => {
                format!("unexpected `{found}` after the goal")
            }
            GoalErrorKind::NotAtTop => "goals must be in the comments at the top of the file, before the first instruction; this one is ignored".into(),
        }
    }
}

/// Finding codes that are not rules: the parser's.
const OTHER_CODES: &[&str] = &[
    "duplicate-directive",
    "empty-continuation-line",
    "env-missing-equals",
    "env-missing-value",
    "invalid-escape-directive",
    "invalid-heredoc",
    "invalid-json-args",
    "label-missing-equals",
    "label-missing-value",
    "line-too-long",
    "missing-arguments",
    "no-instructions",
    "shell-not-json",
    "unknown-instruction",
    "unterminated-heredoc",
];

/// Every id a finding can have.
pub fn known_finding_ids() -> impl Iterator<Item = &'static str> {
    crate::rules::RULES
        .iter()
        .map(|r| r.meta().id)
        .chain(OTHER_CODES.iter().copied())
}

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
    let colon = r.strip_prefix(':')?;
    let _ = colon;
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
    let err = |out: &mut Goals, kind: GoalErrorKind, s: usize, e: usize| {
        // An empty range (something missing) points at where it was expected.
        let e = if e > s { e } else { s };
        out.errors.push(GoalError {
            message: kind.message(),
            kind,
            pos: pos(src, origin, s, e),
        });
    };
    if text.is_empty() {
        err(out, GoalErrorKind::Empty, goal_start, goal_start);
        return;
    }
    let (ws, subject) = cur.take_while(|c| c.is_alphanumeric() || c == '-' || c == '_');
    let subject_lc = subject.to_lowercase();
    let kind = match subject_lc.as_str() {
        "size" | "stages" | "layers" => {
            let (os, o) = cur.operator();
            let allowed = if subject_lc == "size" {
                "<, <=, > or >="
            } else {
                "<, <=, >, >=, = or !="
            };
            let op = op_of(o).filter(|op| subject_lc != "size" || !matches!(op, Op::Eq | Op::Ne));
            let Some(op) = op else {
                let (_, found) = if o.is_empty() { cur.word() } else { (os, o) };
                err(
                    out,
                    GoalErrorKind::BadOperator {
                        found: found.to_string(),
                        allowed: allowed.into(),
                    },
                    os,
                    os + found.len(),
                );
                return;
            };
            let (ns, num) = cur.take_while(|c| c.is_ascii_digit() || c == '.');
            let is_size = subject_lc == "size";
            let value: Option<f64> = if num.is_empty() || num.starts_with('.') || num.ends_with('.')
            {
                None
            } else if is_size {
                num.parse().ok().filter(|v: &f64| v.is_finite())
            } else {
                num.parse::<u64>().ok().map(|v| v as f64)
            };
            let Some(value) = value else {
                let found = if num.is_empty() { cur.word().1 } else { num };
                err(
                    out,
                    GoalErrorKind::BadNumber {
                        found: found.to_string(),
                    },
                    ns,
                    ns + found.len(),
                );
                return;
            };
            if is_size {
                let (us, unit) = cur.take_while(|c| c.is_ascii_alphabetic());
                if unit.is_empty() {
                    err(out, GoalErrorKind::MissingUnit, us, us);
                    return;
                }
                let Some(&(_, mult)) = UNITS.iter().find(|(u, _)| u.eq_ignore_ascii_case(unit))
                else {
                    err(
                        out,
                        GoalErrorKind::UnknownUnit {
                            found: unit.to_string(),
                            suggestion: nearest(unit, UNITS.iter().map(|(u, _)| *u)),
                        },
                        us,
                        us + unit.len(),
                    );
                    return;
                };
                let bytes = (value * mult as f64).round();
                let bytes = if bytes >= u64::MAX as f64 {
                    u64::MAX
                } else {
                    bytes as u64
                };
                GoalKind::Size { op, bytes }
            } else if subject_lc == "stages" {
                GoalKind::Stages {
                    op,
                    count: value as u64,
                }
            } else {
                GoalKind::Layers {
                    op,
                    count: value as u64,
                }
            }
        }
        "no" => {
            let (ns, what) = cur.take_while(|c| c.is_alphanumeric() || c == '-');
            match what.to_lowercase().as_str() {
                "errors" | "error" => GoalKind::NoErrors,
                "warnings" | "warning" => GoalKind::NoWarnings,
                "findings" => GoalKind::NoFindings,
                "finding" => match rule_id(src, origin, &mut cur, out) {
                    Some(rule) => GoalKind::NoFinding { rule },
                    None => return,
                },
                _ => {
                    let found = if what.is_empty() { cur.word().1 } else { what };
                    err(
                        out,
                        GoalErrorKind::BadNo {
                            found: found.to_string(),
                        },
                        ns,
                        ns + found.len(),
                    );
                    return;
                }
            }
        }
        "finding" => match rule_id(src, origin, &mut cur, out) {
            Some(rule) => GoalKind::Finding { rule },
            None => return,
        },
        "user" | "base" => {
            let (os, o) = cur.operator();
            let equal = match op_of(o) {
                Some(Op::Eq) => true,
                Some(Op::Ne) => false,
                _ => {
                    let found = if o.is_empty() { cur.word().1 } else { o };
                    err(
                        out,
                        GoalErrorKind::BadOperator {
                            found: found.to_string(),
                            allowed: "= or !=".into(),
                        },
                        os,
                        os + found.len(),
                    );
                    return;
                }
            };
            let (vs, value) = cur.word();
            if value.is_empty() {
                err(out, GoalErrorKind::MissingValue, vs, vs);
                return;
            }
            if subject_lc == "user" {
                GoalKind::User {
                    equal,
                    user: value.to_string(),
                }
            } else {
                GoalKind::Base {
                    equal,
                    image: value.to_string(),
                }
            }
        }
        _ => {
            let found = if subject.is_empty() {
                cur.word().1
            } else {
                subject
            };
            err(
                out,
                GoalErrorKind::UnknownGoal {
                    word: found.to_string(),
                    suggestion: nearest(found, SUBJECTS.iter().copied()),
                },
                ws,
                ws + found.len(),
            );
            return;
        }
    };
    cur.skip_ws();
    let rest = cur.rest().trim_end();
    if !rest.is_empty() {
        err(
            out,
            GoalErrorKind::TrailingText {
                found: rest.to_string(),
            },
            cur.at,
            cur.at + rest.len(),
        );
        return;
    }
    out.goals.push(Goal {
        kind,
        text,
        pos: pos(src, origin, goal_start, goal_end),
    });
}

fn rule_id(src: &str, origin: Origin, cur: &mut Cursor, out: &mut Goals) -> Option<String> {
    let (s, id) = cur.word();
    let kind = if id.is_empty() {
        GoalErrorKind::MissingRule
    } else if known_finding_ids().any(|k| k == id) {
        return Some(id.to_string());
    } else {
        GoalErrorKind::UnknownRule {
            id: id.to_string(),
            suggestion: nearest(id, known_finding_ids()),
        }
    };
    out.errors.push(GoalError {
        message: kind.message(),
        kind,
        pos: pos(src, origin, s, s + id.len()),
    });
    None
}

/// Whether a goal holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Met,
    Unmet,
    Unknown,
}

/// The value a goal was judged on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "actual", rename_all = "kebab-case")]
pub enum Actual {
    /// The final image's size estimate (`complete: false`: a lower bound).
    Size {
        value: u64,
        low: u64,
        high: u64,
        complete: bool,
    },
    /// How many findings count for the goal, and the first one's line.
    Findings {
        count: usize,
        first_line: Option<u32>,
    },
    Stages {
        count: usize,
    },
    Layers {
        count: usize,
    },
    User {
        user: String,
    },
    Base {
        image: String,
    },
    /// Nothing to judge on (see the reason).
    None,
}

/// Why a goal cannot be decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Unknown {
    /// The file has no stage, so no image.
    NoImage,
    /// Part of the size is unknown and the lower bound does not decide.
    SizeIncomplete,
    /// Ignore comments or the configuration hid this many findings.
    Suppressed { count: usize },
    /// The base image's default user is not in the tables and no USER sets it.
    UserUnknown { image: String },
    /// The final stage's FROM could not be resolved.
    BaseUnresolved,
}

/// A goal's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub status: Status,
    #[serde(flatten)]
    pub actual: Actual,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown: Option<Unknown>,
    /// The result in English: `estimated 182 MB (170–190 MB)`.
    pub summary: String,
}

impl Actual {
    /// The value in English.
    pub fn describe(&self) -> String {
        match self {
            Actual::Size {
                value,
                low,
                high,
                complete,
            } => {
                if !complete {
                    format!("estimated at least {}", crate::sim::size::human(*value))
                } else if low == high {
                    format!("estimated {}", crate::sim::size::human(*value))
                } else {
                    format!(
                        "estimated {} ({}–{})",
                        crate::sim::size::human(*value),
                        crate::sim::size::human(*low),
                        crate::sim::size::human(*high)
                    )
                }
            }
            Actual::Findings { count: 0, .. } => "none found".into(),
            Actual::Findings {
                count,
                first_line: Some(l),
            } => format!("{count} found, first on line {l}"),
            Actual::Findings { count, .. } => format!("{count} found"),
            Actual::Stages { count: 1 } => "1 stage built".into(),
            Actual::Stages { count } => format!("{count} stages built"),
            Actual::Layers { count: 1 } => "1 layer added".into(),
            Actual::Layers { count } => format!("{count} layers added"),
            Actual::User { user } => format!("runs as {user}"),
            Actual::Base { image } => format!("built on {image}"),
            Actual::None => String::new(),
        }
    }
}

impl Unknown {
    /// The reason in English.
    pub fn describe(&self) -> String {
        match self {
            Unknown::NoImage => "the file has no stage, so there is no image".into(),
            Unknown::SizeIncomplete => {
                "part of the size is unknown (an image or a file Layerlab has no size for)".into()
            }
            Unknown::Suppressed { count } => {
                format!("{count} findings are hidden by ignore comments or the configuration")
            }
            Unknown::UserUnknown { image } => {
                format!("the default user of {image} is not known, and no USER sets one")
            }
            Unknown::BaseUnresolved => "the final stage's FROM cannot be resolved".into(),
        }
    }
}

fn finish(status: Status, actual: Actual, unknown: Option<Unknown>) -> Evaluation {
    let summary = match &unknown {
        Some(u) => {
            let a = actual.describe();
            if a.is_empty() {
                format!("unknown: {}", u.describe())
            } else {
                format!("{a}; unknown: {}", u.describe())
            }
        }
        None => actual.describe(),
    };
    Evaluation {
        status,
        actual,
        unknown,
        summary,
    }
}

/// The stages the final image is built from: the target and its `FROM <stage>` chain.
fn chain(a: &Analysis) -> Vec<usize> {
    crate::rules::shipped_stages(&a.simulation)
}

/// Normalises an image reference for comparison: no `docker.io/`,
/// `library/` or `index.docker.io/`; lower-case; `:latest` when untagged.
pub fn normalize_image(s: &str) -> String {
    let mut r = s.trim().to_lowercase();
    for p in ["docker.io/", "index.docker.io/", "registry-1.docker.io/"] {
        if let Some(x) = r.strip_prefix(p) {
            r = x.to_string();
        }
    }
    if let Some(x) = r.strip_prefix("library/") {
        r = x.to_string();
    }
    if r == "scratch" {
        return r;
    }
    let last = r.rsplit('/').next().unwrap_or("");
    if !last.contains(':') && !r.contains('@') {
        r.push_str(":latest");
    }
    r
}

fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    name == "root" || name == "0"
}

fn same_user(actual: &str, wanted: &str) -> bool {
    if is_root(wanted) {
        return is_root(actual);
    }
    actual == wanted || actual.split(':').next() == Some(wanted)
}

/// Evaluates one goal against an analysis.
pub fn evaluate(goal: &GoalKind, a: &Analysis) -> Evaluation {
    use Status::*;
    let sim = &a.simulation;
    let findings_goal = |keep: &dyn Fn(&crate::Finding) -> bool, want_none: bool| {
        let hits: Vec<&crate::Finding> = a.report.findings.iter().filter(|f| keep(f)).collect();
        let actual = Actual::Findings {
            count: hits.len(),
            first_line: hits.iter().map(|f| f.line).min(),
        };
        let met = hits.is_empty() == want_none;
        // Hidden findings could be the ones the goal is about: with none
        // visible, neither "none" nor "some" can be decided.
        if a.report.suppressed > 0 && hits.is_empty() {
            let count = a.report.suppressed;
            return finish(Unknown, actual, Some(self::Unknown::Suppressed { count }));
        }
        finish(if met { Met } else { Unmet }, actual, None)
    };
    match goal {
        GoalKind::NoErrors => findings_goal(&|f| f.severity == Severity::Error, true),
        GoalKind::NoWarnings => findings_goal(&|f| f.severity >= Severity::Warning, true),
        GoalKind::NoFindings => findings_goal(&|_| true, true),
        GoalKind::NoFinding { rule } => findings_goal(&|f| f.rule == *rule, true),
        GoalKind::Finding { rule } => findings_goal(&|f| f.rule == *rule, false),
        GoalKind::Size { op, bytes } => {
            let Some(img) = &a.report.image else {
                return finish(Unknown, Actual::None, Some(self::Unknown::NoImage));
            };
            let actual = Actual::Size {
                value: img.size_bytes,
                low: img.size_low_bytes,
                high: img.size_high_bytes,
                complete: img.size_complete,
            };
            let holds = op.holds(img.size_bytes, *bytes);
            if img.size_complete {
                return finish(if holds { Met } else { Unmet }, actual, None);
            }
            // A lower bound: it decides `<`/`<=` only when already too big,
            // `>`/`>=` only when already big enough.
            let decided = match op {
                Op::Lt | Op::Le => (!holds).then_some(Unmet),
                _ => holds.then_some(Met),
            };
            match decided {
                Some(s) => finish(s, actual, None),
                None => finish(Unknown, actual, Some(self::Unknown::SizeIncomplete)),
            }
        }
        GoalKind::Stages { op, count } => {
            if sim.target.is_none() {
                return finish(Unknown, Actual::None, Some(self::Unknown::NoImage));
            }
            let n = sim.stages.iter().filter(|s| s.needed).count();
            let met = op.holds(n as u64, *count);
            finish(
                if met { Met } else { Unmet },
                Actual::Stages { count: n },
                None,
            )
        }
        GoalKind::Layers { op, count } => {
            if sim.target.is_none() {
                return finish(Unknown, Actual::None, Some(self::Unknown::NoImage));
            }
            let n: usize = chain(a)
                .iter()
                .filter_map(|&i| sim.stages.get(i))
                .map(|s| s.layers.len())
                .sum();
            let met = op.holds(n as u64, *count);
            finish(
                if met { Met } else { Unmet },
                Actual::Layers { count: n },
                None,
            )
        }
        GoalKind::User { equal, user } => {
            let Some(stage) = sim.target_stage() else {
                return finish(Unknown, Actual::None, Some(self::Unknown::NoImage));
            };
            let stages = chain(a);
            // Was a USER instruction run in the final stage or its FROM chain?
            let set_by_user = a.dockerfile.instructions().any(|ins| {
                ins.kind == Keyword::User
                    && stages.iter().any(|&i| {
                        let s = &sim.stages[i];
                        let next = sim.stages.get(i + 1).map(|n| n.line).unwrap_or(u32::MAX);
                        ins.start_line > s.line && ins.start_line < next
                    })
            });
            if !set_by_user {
                // The root of the chain decides the default user.
                if let Some(&root) = stages.last() {
                    if let Base::Image { reference, facts } = &sim.stages[root].base {
                        if !facts.as_ref().is_some_and(|f| f.defaults_known) {
                            let image = reference.clone();
                            let why = self::Unknown::UserUnknown { image };
                            return finish(Unknown, Actual::None, Some(why));
                        }
                    }
                }
            }
            let met = same_user(&stage.user, user) == *equal;
            finish(
                if met { Met } else { Unmet },
                Actual::User {
                    user: stage.user.clone(),
                },
                None,
            )
        }
        GoalKind::Base { equal, image } => {
            if sim.target.is_none() {
                return finish(Unknown, Actual::None, Some(self::Unknown::NoImage));
            }
            let stages = chain(a);
            let base = stages
                .last()
                .and_then(|&i| sim.stages.get(i))
                .and_then(|s| match &s.base {
                    Base::Image { reference, .. } => Some(reference.clone()),
                    Base::Scratch => Some("scratch".to_string()),
                    _ => None,
                });
            let Some(base) = base else {
                return finish(Unknown, Actual::None, Some(self::Unknown::BaseUnresolved));
            };
            let met = (normalize_image(&base) == normalize_image(image)) == *equal;
            finish(
                if met { Met } else { Unmet },
                Actual::Base { image: base },
                None,
            )
        }
    }
}

/// Evaluates every goal, in order.
pub fn evaluate_all(goals: &[Goal], a: &Analysis) -> Vec<Evaluation> {
    goals.iter().map(|g| evaluate(&g.kind, a)).collect()
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

    fn eval(text: &str, goal: &str) -> Evaluation {
        let a = analyze(text, &Options::default());
        evaluate(&one(goal), &a)
    }

    #[test]
    fn finding_goals() {
        let bad = "FROM python:3.12-slim-buster\nRUN pip install flask==3.0.3\n";
        let e = eval(bad, "no errors");
        assert_eq!(e.status, Status::Unmet);
        assert!(
            matches!(
                e.actual,
                Actual::Findings {
                    count: 1..,
                    first_line: Some(1)
                }
            ),
            "{e:?}"
        );
        assert_eq!(
            eval(bad, "no finding pip-no-cache-dir").status,
            Status::Unmet
        );
        assert_eq!(eval(bad, "finding pip-no-cache-dir").status, Status::Met);
        let good = "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n";
        assert_eq!(eval(good, "no errors").status, Status::Met);
        assert_eq!(
            eval(good, "no finding pip-no-cache-dir").status,
            Status::Met
        );
        assert_eq!(eval(good, "finding pip-no-cache-dir").status, Status::Unmet);
        // Hiding a finding does not meet a goal about it.
        let hidden =
            "FROM python:3.12-slim\n# hadolint ignore=DL3042\nRUN pip install flask==3.0.3\n";
        let e = eval(hidden, "no finding pip-no-cache-dir");
        assert_eq!(e.status, Status::Unknown, "{e:?}");
        assert!(matches!(e.unknown, Some(Unknown::Suppressed { .. })));
    }

    #[test]
    fn size_goals_compare_the_estimate_and_respect_unknown_parts() {
        let text = "FROM python:3.12-slim\n";
        let a = analyze(text, &Options::default());
        let img = a.report.image.as_ref().unwrap();
        assert!(img.size_complete);
        let v = img.size_bytes;
        let lim = |op: &str, n: u64| evaluate(&one(&format!("size {op} {n}B")), &a).status;
        assert_eq!(lim("<", v + 1), Status::Met);
        assert_eq!(lim("<", v), Status::Unmet);
        assert_eq!(lim("<=", v), Status::Met);
        assert_eq!(lim(">", v), Status::Unmet);
        assert_eq!(lim(">=", v), Status::Met);
        let e = evaluate(&one("size < 1KB"), &a);
        assert!(e.summary.starts_with("estimated "), "{}", e.summary);

        // An image not in the tables: the size is a lower bound.
        let unknown = "FROM example.com/mystery:1\nRUN true\n";
        let a = analyze(unknown, &Options::default());
        assert!(!a.report.image.as_ref().unwrap().size_complete);
        let e = evaluate(&one("size < 150MB"), &a);
        assert_eq!(e.status, Status::Unknown, "{e:?}");
        assert_eq!(e.unknown, Some(Unknown::SizeIncomplete));
        assert_eq!(evaluate(&one("size >= 0B"), &a).status, Status::Met);
        // A known part already too big decides `<`.
        let big = "FROM python:3.12\nCOPY --from=example.com/mystery:1 /x /x\n";
        let a = analyze(big, &Options::default());
        if !a.report.image.as_ref().unwrap().size_complete {
            assert_eq!(evaluate(&one("size < 10MB"), &a).status, Status::Unmet);
        }
        // No stage: unknown.
        let a = analyze("# nothing\n", &Options::default());
        assert_eq!(
            evaluate(&one("size < 10MB"), &a).unknown,
            Some(Unknown::NoImage)
        );
    }

    #[test]
    fn stage_layer_user_and_base_goals() {
        let two = "FROM python:3.12-slim AS build\nRUN pip install --no-cache-dir flask==3.0.3\nFROM python:3.12-slim AS unused\nFROM python:3.12-slim\nCOPY --from=build /usr/local /usr/local\nUSER 1000:1000\n";
        assert_eq!(eval(two, "stages >= 2").status, Status::Met);
        assert_eq!(eval(two, "stages = 3").status, Status::Unmet);
        assert_eq!(eval(two, "layers <= 1").status, Status::Met);
        assert_eq!(eval(two, "layers < 1").status, Status::Unmet);
        assert_eq!(eval(two, "user != root").status, Status::Met);
        assert_eq!(eval(two, "user = 1000").status, Status::Met);
        assert_eq!(
            eval(two, "base = docker.io/library/python:3.12-slim").status,
            Status::Met
        );
        assert_eq!(eval(two, "base != python:3.12-slim").status, Status::Unmet);
        let root = "FROM python:3.12-slim\nUSER app\nUSER 0\n";
        let e = eval(root, "user != root");
        assert_eq!(e.status, Status::Unmet);
        assert_eq!(e.summary, "runs as 0");
        // The base's default user counts.
        assert_eq!(
            eval("FROM python:3.12-slim\n", "user = root").status,
            Status::Met
        );
        // An unknown image's default user is unknown, unless USER sets it.
        let e = eval("FROM example.com/mystery:1\n", "user != root");
        assert_eq!(e.status, Status::Unknown);
        assert!(matches!(e.unknown, Some(Unknown::UserUnknown { .. })));
        assert_eq!(
            eval("FROM example.com/mystery:1\nUSER app\n", "user != root").status,
            Status::Met
        );
        assert_eq!(
            eval("FROM alpine\n", "base = alpine:latest").status,
            Status::Met
        );
    }

    #[test]
    fn normalised_images() {
        assert_eq!(normalize_image("docker.io/library/Python"), "python:latest");
        assert_eq!(normalize_image("python:3.12"), "python:3.12");
        assert_eq!(
            normalize_image("localhost:5000/app"),
            "localhost:5000/app:latest"
        );
        assert_eq!(normalize_image("scratch"), "scratch");
    }

    #[test]
    fn other_codes_are_not_rules() {
        for c in OTHER_CODES {
            assert!(crate::rules::rule(c).is_none(), "{c} is a rule now");
        }
    }
}

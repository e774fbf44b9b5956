//! The goals' types: what a goal line says, where it is, and what is wrong
//! with one that cannot be read (the grammar itself is in the module docs).

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
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
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
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
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub enum Origin {
    /// A `# goal:` comment at the top of the Dockerfile.
    File,
    /// A separate goals text (a share link's goals, a file given to the CLI).
    Text,
}

/// Where something is in the text it was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
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
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
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
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
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
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_codes_are_not_rules() {
        for c in OTHER_CODES {
            assert!(crate::rules::rule(c).is_none(), "{c} is a rule now");
        }
    }
}

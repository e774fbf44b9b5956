//! Budgets that keep any input's analysis small in time and memory. When one
//! is hit the simulation goes on with what it has, records a [`Truncation`]
//! (the rule `simulation-truncated` reports it), and treats what it dropped
//! as unseen: nothing is claimed missing and sizes become lower bounds.

use serde::Serialize;

/// The longest value an ARG, ENV or command word may expand to (bytes).
pub const MAX_VALUE_BYTES: usize = 64 * 1024;
/// Entries one stage's filesystem may list.
pub const MAX_STAGE_ENTRIES: usize = 30_000;
/// Regions of unseen paths one stage's filesystem may keep.
pub const MAX_REGIONS: usize = 512;
/// Requirement lines read per `pip install` (all its files together).
pub const MAX_REQUIREMENT_LINES: usize = 10_000;

/// What budget was hit, where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "limit", rename_all = "snake_case")]
pub enum Truncation {
    /// A variable's or a word's expansion was cut at [`MAX_VALUE_BYTES`].
    Value { name: String, line: u32 },
    /// A stage's filesystem stopped listing new paths at [`MAX_STAGE_ENTRIES`].
    Entries { stage: usize, line: u32 },
    /// Requirement files were read up to [`MAX_REQUIREMENT_LINES`] lines.
    RequirementLines { file: String, line: u32 },
}

impl Truncation {
    pub fn line(&self) -> u32 {
        match self {
            Truncation::Value { line, .. }
            | Truncation::Entries { line, .. }
            | Truncation::RequirementLines { line, .. } => *line,
        }
    }
}

/// `s` cut to [`MAX_VALUE_BYTES`] at a character boundary; whether it was cut.
pub fn cap_value(mut s: String) -> (String, bool) {
    if s.len() <= MAX_VALUE_BYTES {
        return (s, false);
    }
    let mut end = MAX_VALUE_BYTES;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    (s, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_cut_on_a_character_boundary() {
        let (s, cut) = cap_value("é".repeat(MAX_VALUE_BYTES));
        assert!(cut);
        assert!(s.len() <= MAX_VALUE_BYTES && s.len() >= MAX_VALUE_BYTES - 1);
        assert_eq!(cap_value("abc".into()), ("abc".to_string(), false));
    }
}

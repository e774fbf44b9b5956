//! Exercise goals as the page shows them: the file's `# goal:` comments and
//! the goals a link carries (the share state's `goals` extra), evaluated with
//! every analysis, and their texts in the page's three languages.
//!
//! Pure: no browser; tested natively.

use layerlab_analysis::goals::{self, Evaluation, Goal, GoalError, Status};
use layerlab_analysis::Analysis;

mod texts;
pub use texts::*;

/// The share-state extra that carries goals (one a line).
pub const EXTRA_KEY: &str = "goals";

/// One goal and its result.
#[derive(
    Clone,
    Debug,
    PartialEq,
    serde::Serialize,
    serde::Deserialize,
    borsh::BorshSerialize,
    borsh::BorshDeserialize,
)]
pub struct GoalRow {
    pub goal: Goal,
    pub eval: Evaluation,
}

/// All the goals of the page, evaluated.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    serde::Serialize,
    serde::Deserialize,
    borsh::BorshSerialize,
    borsh::BorshDeserialize,
)]
pub struct GoalsView {
    pub rows: Vec<GoalRow>,
    pub errors: Vec<GoalError>,
}

impl GoalsView {
    /// The goals of `a`'s file and of `extra` (the link's goals), evaluated.
    pub fn of(a: &Analysis, extra: &str) -> GoalsView {
        let g = goals::goals_of(a, Some(extra));
        let evals = goals::evaluate_all(&g.goals, a);
        GoalsView {
            rows: g
                .goals
                .into_iter()
                .zip(evals)
                .map(|(goal, eval)| GoalRow { goal, eval })
                .collect(),
            errors: g.errors,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.errors.is_empty()
    }

    pub fn met(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.eval.status == Status::Met)
            .count()
    }

    /// Done: at least one goal, every goal met, no malformed goal.
    pub fn all_met(&self) -> bool {
        !self.rows.is_empty() && self.errors.is_empty() && self.met() == self.rows.len()
    }
}

/// `met`, `unmet`, `unknown` (the `data-goal-status` value).
pub fn status_name(s: Status) -> &'static str {
    match s {
        Status::Met => "met",
        Status::Unmet => "unmet",
        Status::Unknown => "unknown",
    }
}

/// The Dockerfile with `goals` (one a line) written as `# goal:` comments
/// at its top, for teachers who prefer the goals in the file — after a BOM
/// and any parser directives (`# syntax=…`, `# escape=…`, `# check=…`),
/// which BuildKit reads only before the first comment.
pub fn goals_into_text(text: &str, goals_text: &str) -> String {
    let (head, text) = directives_prefix(text);
    let mut out = head.to_string();
    for line in goals_text.lines() {
        let t = line.trim();
        if t.is_empty() || (t.starts_with('#') && !t.contains("goal:")) {
            continue;
        }
        let body = t
            .trim_start_matches('#')
            .trim_start()
            .trim_start_matches("goal:")
            .trim();
        out.push_str("# goal: ");
        out.push_str(body);
        out.push('\n');
    }
    out.push_str(text);
    out
}

/// Splits `text` after its BOM and leading parser-directive lines.
fn directives_prefix(text: &str) -> (&str, &str) {
    let mut end = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while let Some(rest) = text.get(end..) {
        let line_len = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = rest[..line_len].trim();
        let is_directive = line
            .strip_prefix('#')
            .and_then(|l| l.split_once('='))
            .is_some_and(|(k, _)| {
                let k = k.trim();
                !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if !is_directive || line_len == 0 {
            break;
        }
        end += line_len;
    }
    text.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use layerlab_analysis::goals::Origin;
    use layerlab_analysis::{analyze, Options};

    #[test]
    fn goals_go_after_the_parser_directives() {
        let t = goals_into_text(
            "\u{feff}# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine\n",
            "no errors",
        );
        assert_eq!(
            t,
            "\u{feff}# syntax=docker/dockerfile:1\n# escape=`\n# goal: no errors\nFROM alpine\n"
        );
        // A comment that is not a directive ends them.
        let t = goals_into_text("# a note\n# escape=`\nFROM alpine\n", "no errors");
        assert!(t.starts_with("# goal: no errors\n# a note"));
        assert_eq!(goals_into_text("", "no errors"), "# goal: no errors\n");
        // And the goals are still read from there.
        let a = analyze(
            &goals_into_text("# syntax=docker/dockerfile:1\nFROM alpine\n", "stages >= 2"),
            &Options::default(),
        );
        assert_eq!(GoalsView::of(&a, "").rows.len(), 1);
    }

    #[test]
    fn a_view_joins_file_and_link_goals() {
        let a = analyze(
            "# goal: no errors\nFROM python:3.12-slim\nUSER app\n",
            &Options::default(),
        );
        let v = GoalsView::of(&a, "user != root\nstages >= 2\n");
        assert_eq!(v.rows.len(), 3);
        assert_eq!(v.met(), 2);
        assert!(!v.all_met());
        assert_eq!(v.rows[1].goal.pos.origin, Origin::Text);
        assert_eq!(status_name(v.rows[2].eval.status), "unmet");
        let v = GoalsView::of(&a, "");
        assert!(v.all_met());
        let v = GoalsView::of(&a, "sise < 1MB");
        assert!(!v.all_met(), "a malformed goal is not done");
        assert!(error_text(Lang::En, &v.errors[0]).contains("did you mean “size”"));
        assert!(error_text(Lang::Ru, &v.errors[0]).starts_with("Цели, строка 1, столбец 1"));
        let none = GoalsView::of(&analyze("FROM alpine\n", &Options::default()), "");
        assert!(none.is_empty() && !none.all_met());
    }

    #[test]
    fn goals_move_into_the_file() {
        let t = goals_into_text(
            "FROM alpine\n",
            "size < 10MB\n\n# note\n# goal: no errors\ngoal: user != root",
        );
        assert_eq!(
            t,
            "# goal: size < 10MB\n# goal: no errors\n# goal: user != root\nFROM alpine\n"
        );
        let a = analyze(&t, &Options::default());
        assert_eq!(GoalsView::of(&a, "").rows.len(), 3);
    }
}

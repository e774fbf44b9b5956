//! The page's state and the actions that change it.
//!
//! Everything here is plain Rust with no browser dependency, so it is unit
//! tested natively (`cargo test -p layerlab-web`). The components only render
//! a [`State`] and send [`Action`]s; the reducer runs the analysis.

use std::rc::Rc;

use layerlab_analysis::{analyze, instruction_summary, Finding, Options};
use layerlab_syntax::Severity;

/// The Dockerfile shown on first load.
pub const EXAMPLE: &str = include_str!("example.Dockerfile");

/// What changes the state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The editor's text changed (sent on every input event).
    Edit(String),
}

/// One instruction as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstructionRow {
    /// The canonical keyword (`FROM`), or the word as written, upper-cased,
    /// when the instruction is unknown.
    pub keyword: String,
    /// The rest of the logical line, continuations joined (`python:3.12-slim AS build`).
    pub args: String,
    /// 1-based, inclusive.
    pub start_line: u32,
    pub end_line: u32,
}

impl InstructionRow {
    /// `3` for a one-line instruction, `5–7` for one that spans lines.
    pub fn line_range(&self) -> String {
        if self.end_line > self.start_line {
            format!("{}\u{2013}{}", self.start_line, self.end_line)
        } else {
            self.start_line.to_string()
        }
    }
}

/// The editor's text and what the analysis says about it.
///
/// The lists are reference-counted so that components can take them as
/// props without copying.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub text: Rc<str>,
    pub instructions: Rc<[InstructionRow]>,
    pub findings: Rc<[Finding]>,
}

impl Default for State {
    fn default() -> Self {
        State::new(EXAMPLE)
    }
}

impl State {
    /// Analyse `text` and build the state that shows it.
    pub fn new(text: &str) -> State {
        let analysis = analyze(text, &Options::default());
        let df = &analysis.dockerfile;
        let instructions = df
            .instructions()
            .map(|ins| {
                let summary = instruction_summary(df, ins);
                let args = summary
                    .split_once(' ')
                    .map(|(_, rest)| rest)
                    .unwrap_or("")
                    .to_string();
                InstructionRow {
                    keyword: ins.keyword.text.to_uppercase(),
                    args,
                    start_line: ins.start_line,
                    end_line: ins.end_line,
                }
            })
            .collect();
        State {
            text: Rc::from(text),
            instructions,
            findings: analysis.report.findings.into(),
        }
    }

    /// The state after `action` (pure: `self` is left as it was).
    pub fn apply(&self, action: Action) -> State {
        match action {
            Action::Edit(text) if *text == *self.text => self.clone(),
            Action::Edit(text) => State::new(&text),
        }
    }

    /// Number of lines in the editor (an empty text has one).
    pub fn line_count(&self) -> usize {
        line_count(&self.text)
    }

    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// For each line of the text (index 0 is line 1), the worst severity of
    /// the findings that start on it.
    pub fn line_marks(&self) -> Vec<Option<Severity>> {
        line_marks(self.line_count(), &self.findings)
    }
}

impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Unchanged text keeps the same Rc, so nothing re-renders.
        match &action {
            Action::Edit(text) if **text == *self.text => self,
            _ => Rc::new(self.apply(action)),
        }
    }
}

/// Lines as a textarea shows them: split at `\n`, a trailing newline opens an
/// empty last line.
pub fn line_count(text: &str) -> usize {
    text.split('\n').count()
}

/// The worst severity of the findings starting on each of `lines` lines.
pub fn line_marks(lines: usize, findings: &[Finding]) -> Vec<Option<Severity>> {
    let mut marks = vec![None; lines];
    for f in findings {
        let i = (f.line.max(1) as usize - 1).min(lines.saturating_sub(1));
        if let Some(slot) = marks.get_mut(i) {
            *slot = (*slot).max(Some(f.severity));
        }
    }
    marks
}

/// Where `line` (1-based) starts in `text`, in UTF-16 code units, which is
/// what a textarea's selection API counts. Past the end gives the text's end.
pub fn utf16_line_start(text: &str, line: u32) -> u32 {
    let mut offset = 0u32;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 >= line as usize {
            return offset;
        }
        offset += l.encode_utf16().count() as u32 + 1;
    }
    text.encode_utf16().count() as u32
}

/// The lower-case name used in `data-severity` and CSS classes.
pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// `1 error`, `2 warnings`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yew::Reducible;

    #[test]
    fn the_example_has_two_stages_and_no_errors() {
        let s = State::default();
        assert_eq!(&*s.text, EXAMPLE);
        let froms: Vec<_> = s
            .instructions
            .iter()
            .filter(|r| r.keyword == "FROM")
            .collect();
        assert_eq!(froms.len(), 2, "{:?}", s.instructions);
        assert_eq!(froms[0].args, "python:3.12-slim AS build");
        assert_eq!(s.count(Severity::Error), 0, "{:?}", s.findings);
    }

    #[test]
    fn the_example_lists_a_continued_run_with_its_line_range() {
        let s = State::default();
        let run = s
            .instructions
            .iter()
            .find(|r| r.args.starts_with("apt-get update"))
            .unwrap();
        assert_eq!((run.start_line, run.end_line), (5, 7));
        assert_eq!(run.line_range(), "5\u{2013}7");
        assert!(
            run.args.contains("&& rm -rf /var/lib/apt/lists/*"),
            "{}",
            run.args
        );
    }

    #[test]
    fn edit_analyses_the_new_text() {
        let s = State::default().apply(Action::Edit(
            "FROM python:3.12-slim AS build\nRUN pip install --no-cache-dir flask\nCOPY . /app\nCMD [\"python\", \"app.py\"]\n".into(),
        ));
        let rows: Vec<_> = s
            .instructions
            .iter()
            .map(|r| (r.keyword.as_str(), r.start_line, r.line_range()))
            .collect();
        assert_eq!(
            rows,
            [
                ("FROM", 1, "1".to_string()),
                ("RUN", 2, "2".to_string()),
                ("COPY", 3, "3".to_string()),
                ("CMD", 4, "4".to_string())
            ]
        );
        assert!(s.findings.is_empty(), "{:?}", s.findings);
        assert_eq!(s.line_count(), 5);
    }

    #[test]
    fn an_unterminated_heredoc_is_an_error_on_its_line() {
        let s = State::new("FROM alpine\nRUN <<EOF\necho hi\n");
        let f = s
            .findings
            .iter()
            .find(|f| f.rule == "unterminated-heredoc")
            .expect("a finding");
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.line, 2);
        assert_eq!(s.line_marks()[1], Some(Severity::Error));
        assert_eq!(s.line_marks()[0], None);
    }

    #[test]
    fn unchanged_text_keeps_the_same_state() {
        let s = Rc::new(State::new("FROM alpine\n"));
        let same = s.clone().reduce(Action::Edit("FROM alpine\n".into()));
        assert!(Rc::ptr_eq(&s, &same));
        let changed = s.clone().reduce(Action::Edit("FROM alpine:3.20\n".into()));
        assert!(!Rc::ptr_eq(&s, &changed));
        assert_eq!(changed.instructions[0].args, "alpine:3.20");
    }

    #[test]
    fn empty_and_odd_input_never_panics() {
        for text in [
            "",
            "\n",
            "\\",
            "RUN <<",
            "FROM",
            "\u{feff}FROM a",
            "# escape=`\nRUN a `\n b",
            "😀\n\r\n",
        ] {
            let s = State::new(text);
            assert_eq!(s.line_marks().len(), s.line_count());
        }
    }

    #[test]
    fn line_marks_keep_the_worst_severity() {
        let mut findings: Vec<Finding> = [Severity::Info, Severity::Error, Severity::Warning]
            .into_iter()
            .map(|s| finding(2, s))
            .collect();
        findings.push(finding(99, Severity::Info)); // past the end: clamped to the last line
        assert_eq!(
            line_marks(3, &findings),
            vec![None, Some(Severity::Error), Some(Severity::Info)]
        );
        assert_eq!(line_marks(0, &findings), Vec::<Option<Severity>>::new());
    }

    fn finding(line: u32, severity: Severity) -> Finding {
        Finding {
            rule: "test".into(),
            category: layerlab_analysis::Category::Syntax,
            severity,
            line,
            column: 1,
            end_line: line,
            end_column: 1,
            start: 0,
            end: 0,
            message: String::new(),
            help: String::new(),
            cost: None,
            fix: None,
        }
    }

    #[test]
    fn utf16_offsets_of_lines() {
        let text = "FROM a\nRUN é😀\nCMD x";
        assert_eq!(utf16_line_start(text, 1), 0);
        assert_eq!(utf16_line_start(text, 2), 7);
        // "RUN é😀" is 4 + 1 + 2 = 7 UTF-16 units, plus its newline.
        assert_eq!(utf16_line_start(text, 3), 15);
        assert_eq!(
            utf16_line_start(text, 9),
            text.encode_utf16().count() as u32
        );
        assert_eq!(utf16_line_start(text, 0), 0);
    }

    #[test]
    fn words() {
        assert_eq!(plural(1, "error"), "1 error");
        assert_eq!(plural(0, "warning"), "0 warnings");
        assert_eq!(severity_name(Severity::Warning), "warning");
    }
}

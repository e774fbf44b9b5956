//! The findings as the editor shows them: the hover text (with the
//! assumption a finding rests on, and its cost), the context files that
//! decide an assumption, and the findings as CodeMirror diagnostics (JSON,
//! positions in UTF-16). Pure; tested natively.

use layerlab_analysis::{Assumption, Finding};
use serde::Serialize;

use crate::i18n::Lang;
use crate::present::severity_name;
use crate::utf16::utf16_offsets;

/// A finding's message as the editor's hover shows it (the cost in the page's language).
pub fn hover_text(f: &Finding, lang: Lang) -> String {
    let mut m = f.message.clone();
    if let Some(a) = &f.assumption {
        m.push('\n');
        m.push_str(&assumption_text(lang, a));
    }
    if !f.help.is_empty() {
        m.push('\n');
        m.push_str(&f.help);
    }
    if let Some(cost) = &f.cost {
        m.push('\n');
        m.push_str(tr!(lang, "Cost: ", "Цена: ", "代价："));
        m.push_str(&crate::i18n::cost_text(lang, cost));
    }
    m
}

/// `Assumes: requirements.txt lists at least one package` (the assumption's
/// own words stay English, as rule messages do).
pub fn assumption_text(lang: Lang, a: &Assumption) -> String {
    format!("{}{}", assumption_label(lang), a.text)
}

/// `Assumes: ` (the label before an assumption's own words).
pub fn assumption_label(lang: Lang) -> &'static str {
    tr!(lang, "Assumes: ", "Предполагается: ", "假设：")
}

/// The build-context files that would decide a finding's assumption, without
/// repeats (the page offers to add each: "Add requirements.txt").
pub fn deciding_files(f: &Finding) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in f.assumption.iter().flat_map(|a| &a.decided_by) {
        let p = p.trim().trim_start_matches("./");
        if !p.is_empty() && !out.iter().any(|q| q == p) {
            out.push(p.to_string());
        }
    }
    out
}

/// One CodeMirror diagnostic.
#[derive(Serialize)]
struct Diagnostic<'a> {
    from: usize,
    to: usize,
    severity: &'static str,
    source: &'a str,
    message: String,
    fix: Option<DiagnosticFix<'a>>,
}

/// A fix as the editor applies it: `edits` are `[from, to, insert]`.
#[derive(Serialize)]
struct DiagnosticFix<'a> {
    title: &'a str,
    edits: Vec<(usize, usize, &'a str)>,
}

/// The findings as a JSON array of CodeMirror diagnostics:
/// `{from, to, severity, source, message, fix: {title, edits: [[from, to, insert]]} | null}`.
pub fn diagnostics_json(text: &str, findings: &[Finding], lang: Lang) -> String {
    let mut offsets = Vec::new();
    for f in findings {
        offsets.push(f.start);
        offsets.push(f.end);
        if let Some(fix) = &f.fix {
            for e in &fix.edits {
                offsets.push(e.start);
                offsets.push(e.end);
            }
        }
    }
    let mut units = utf16_offsets(text, &offsets).into_iter();
    let mut next = || units.next().unwrap_or_default();
    let diagnostics: Vec<Diagnostic> = findings
        .iter()
        .map(|f| Diagnostic {
            from: next(),
            to: next(),
            severity: severity_name(f.severity),
            source: &f.rule,
            message: hover_text(f, lang),
            fix: f.fix.as_ref().map(|fix| DiagnosticFix {
                title: &fix.title,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| (next(), next(), e.replacement.as_str()))
                    .collect(),
            }),
        })
        .collect();
    serde_json::to_string(&diagnostics).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::state::{Action, CtxFile, State};
    use layerlab_syntax::Severity;

    pub(crate) fn finding(line: u32, severity: Severity) -> Finding {
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
            assumption: None,
            code: None,
            related: Vec::new(),
        }
    }

    /// What the core sets on seed 04 without a context (issue 10).
    fn assumed() -> Finding {
        Finding {
            rule: "python-packages-left-behind".into(),
            message:
                "COPY --from=builder copies only /root/.local/bin: the packages stay in the builder"
                    .into(),
            assumption: Some(Assumption {
                text: "requirements.txt lists at least one package".into(),
                decided_by: vec![
                    "requirements.txt".into(),
                    "./requirements.txt".into(),
                    " ".into(),
                ],
            }),
            ..finding(18, Severity::Error)
        }
    }

    #[test]
    fn an_assumption_shows_in_the_hover_and_names_the_files_that_decide_it() {
        let f = assumed();
        assert_eq!(deciding_files(&f), ["requirements.txt"]);
        assert!(deciding_files(&finding(1, Severity::Info)).is_empty());
        let hover = hover_text(&f, Lang::En);
        assert_eq!(
            hover.lines().nth(1),
            Some("Assumes: requirements.txt lists at least one package"),
            "{hover}"
        );
        let ru = hover_text(&f, Lang::Ru);
        assert!(ru.contains("Предполагается: requirements.txt"), "{ru}");
        let json = diagnostics_json("FROM a\n", &[f], Lang::Zh);
        assert!(json.contains("\\n假设：requirements.txt lists"), "{json}");
        // No assumption, no line for it.
        let plain = hover_text(&finding(1, Severity::Info), Lang::En);
        assert!(!plain.contains("Assumes"), "{plain}");
    }

    #[test]
    fn adding_the_deciding_file_makes_the_context_known() {
        let s = State::new(
            "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
        );
        assert!(s.context.is_empty());
        let path = deciding_files(&assumed()).remove(0);
        let s = s.run(Action::SetContextFile(CtxFile::text(
            &path,
            "flask==3.0.3\n",
        )));
        assert_eq!(s.context.len(), 1);
        assert_eq!(s.context[0].path, "requirements.txt");
        assert!(crate::view::options_of(&s.input()).context.is_some());
    }

    #[test]
    fn diagnostics_json_is_valid_and_escaped() {
        let s = State::new("FROM python:3.12-slim\nRUN pip install \"flask==3.0.3\"\n");
        let json = diagnostics_json(&s.text, &s.findings, Lang::En);
        assert!(json.starts_with('[') && json.ends_with(']'), "{json}");
        assert!(json.contains("\"source\":\"pip-no-cache-dir\""), "{json}");
    }
}

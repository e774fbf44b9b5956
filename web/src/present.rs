//! How the page names and draws things: severities as CSS names, counted
//! words, the editor's gutter marks, the stage graph's edge classes and the
//! external images it names. Pure; tested natively.

use layerlab_analysis::sim::{Edge, EdgeKind, EdgeSource};
use layerlab_analysis::Finding;
use layerlab_syntax::Severity;

/// The lower-case name used in `data-severity` and CSS classes.
pub fn severity_name(severity: Severity) -> &'static str {
    severity.as_str()
}

/// The ShellCheck code a finding answers to, for people who know hadolint:
/// its own code (a rule with several), else its rule's only SC code.
pub fn shellcheck_code(f: &Finding) -> Option<&str> {
    if let Some(c) = &f.code {
        return Some(c);
    }
    // The rule's code is not called for (the page's thread carries no rules).
    layerlab_analysis::rules::only_shellcheck_code(&f.rule)
}

/// `1 error`, `2 warnings`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `FROM` solid, `COPY --from` dashed, `RUN --mount` dotted: the edge's CSS class.
pub fn edge_class(kind: &EdgeKind) -> &'static str {
    match kind {
        EdgeKind::From => "edge-from",
        EdgeKind::CopyFrom => "edge-copy",
        EdgeKind::MountFrom => "edge-mount",
    }
}

/// The external images the edges name, in first-seen order.
pub fn external_images(edges: &[Edge]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in edges {
        if let EdgeSource::Image { reference } = &e.from {
            if !out.contains(reference) {
                out.push(reference.clone());
            }
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::tests::finding;

    #[test]
    fn shellcheck_codes_come_from_the_finding_or_its_rule() {
        let mut f = finding(1, Severity::Info);
        f.rule = "unquoted-expansion".into();
        assert_eq!(shellcheck_code(&f), Some("SC2086"));
        f.code = Some("SC3010".into());
        assert_eq!(shellcheck_code(&f), Some("SC3010"));
        f.rule = "pip-no-cache-dir".into();
        f.code = None;
        assert_eq!(shellcheck_code(&f), None);
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

    #[test]
    fn words() {
        assert_eq!(plural(1, "error"), "1 error");
        assert_eq!(plural(0, "warning"), "0 warnings");
        assert_eq!(severity_name(Severity::Warning), "warning");
    }
}

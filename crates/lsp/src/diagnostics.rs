//! Findings as LSP diagnostics: the rule id as `code`, a link to the rule's
//! documentation, the help, cost and assumption in the message.

use crate::convert::Text;
use layerlab_analysis::{rules, Finding};
use layerlab_syntax::Severity;
use lsp_types::{CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Uri};

/// Where the rules' documentation lives: docs/rules.md in the repository
/// named by the workspace's Cargo.toml (`repository`), one heading per rule.
pub const RULES_DOC: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

/// The documentation link of a rule id (only for rules docs/rules.md has).
pub fn rule_href(rule: &str) -> Option<String> {
    rules::rule(rule).map(|_| format!("{RULES_DOC}#{rule}"))
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The message an editor shows: the finding, then its help, what it costs
/// and what it assumes, one paragraph each.
pub fn message(f: &Finding) -> String {
    let mut s = f.message.clone();
    if let Some(code) = &f.code {
        s.push_str(&format!(" [{code}]"));
    }
    if !f.help.is_empty() {
        s.push_str("\n\n");
        s.push_str(&f.help);
    }
    if let Some(cost) = &f.cost {
        s.push_str(&format!("\n\nCost: {}", cost.describe()));
    }
    if let Some(a) = &f.assumption {
        s.push_str(&format!("\n\nAssumes: {}", a.text));
    }
    s
}

pub fn diagnostic(text: &Text, f: &Finding) -> Diagnostic {
    let href = rule_href(&f.rule).and_then(|h| h.parse::<Uri>().ok());
    Diagnostic {
        range: text.range(f.start, f.end),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.clone())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some("layerlab".into()),
        message: message(f),
        related_information: None,
        tags: None,
        data: None,
    }
}

pub fn all(text: &Text, findings: &[Finding]) -> Vec<Diagnostic> {
    findings.iter().map(|f| diagnostic(text, f)).collect()
}

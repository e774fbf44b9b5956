//! Findings as LSP diagnostics: the rule id as `code`, a link to the rule's
//! documentation, the help, cost and assumption in the message, the
//! finding's related locations as related information.

use crate::convert::Text;
use layerlab_analysis::Finding;
use layerlab_assist::rule_href;
use layerlab_syntax::Severity;
use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Uri,
};

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

pub fn diagnostic(uri: &Uri, text: &Text, f: &Finding) -> Diagnostic {
    let href = rule_href(&f.rule).and_then(|h| h.parse::<Uri>().ok());
    // The finding's other places (the stage searched, the line that
    // installed what is missing), in the same document.
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), text.range(r.start, r.end)),
            message: r.message.clone(),
        })
        .collect();
    Diagnostic {
        range: text.range(f.start, f.end),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.clone())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some("layerlab".into()),
        message: message(f),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

pub fn all(uri: &Uri, text: &Text, findings: &[Finding]) -> Vec<Diagnostic> {
    findings.iter().map(|f| diagnostic(uri, text, f)).collect()
}

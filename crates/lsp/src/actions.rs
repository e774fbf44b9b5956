//! Code actions: every finding's safe fix whose range touches the request's.

use crate::convert::Text;
use crate::diagnostics;
use layerlab_analysis::Finding;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

fn touches(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

pub fn actions(
    uri: &Uri,
    text: &Text,
    findings: &[Finding],
    range: Range,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    for f in findings {
        let Some(fix) = &f.fix else { continue };
        let diag = diagnostics::diagnostic(uri, text, f);
        if !touches(diag.range, range) {
            continue;
        }
        let edits: Vec<TextEdit> = fix
            .edits
            .iter()
            .map(|e| TextEdit::new(text.range(e.start, e.end), e.replacement.clone()))
            .collect();
        let mut changes = HashMap::new();
        changes.insert(uri.clone(), edits);
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: fix.title.clone(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diag]),
            edit: Some(WorkspaceEdit {
                changes: Some(changes),
                ..WorkspaceEdit::default()
            }),
            is_preferred: Some(true),
            ..CodeAction::default()
        }));
    }
    out
}

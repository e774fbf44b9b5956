//! Byte offsets (the analysis' positions) to UTF-16 code units (what
//! CodeMirror and a textarea's selection count): the conversions are
//! `layerlab_syntax::utf16`'s, shared with the language server. Pure.

pub use layerlab_syntax::utf16::{utf16_line_start, utf16_offsets};

/// A fix's edits in UTF-16 offsets: `(from, to, insert)`.
pub fn fix_edits_utf16(
    text: &str,
    fix: &layerlab_analysis::rules::Fix,
) -> Vec<(usize, usize, String)> {
    let offsets: Vec<usize> = fix.edits.iter().flat_map(|e| [e.start, e.end]).collect();
    let u = utf16_offsets(text, &offsets);
    fix.edits
        .iter()
        .enumerate()
        .map(|(i, e)| (u[2 * i], u[2 * i + 1], e.replacement.clone()))
        .collect()
}

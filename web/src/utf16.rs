//! Byte offsets (the analysis' positions) to UTF-16 code units (what
//! CodeMirror and a textarea's selection count). Pure; tested natively.

/// Converts byte offsets of `text` to UTF-16 offsets (CodeMirror's positions).
/// Offsets past the end give the end; offsets inside a character give its start.
pub fn utf16_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    if text.is_ascii() {
        return bytes.iter().map(|&b| b.min(text.len())).collect();
    }
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let mut chars = text.char_indices().peekable();
    let mut units = 0usize;
    for i in order {
        let target = bytes[i];
        while let Some(&(at, c)) = chars.peek() {
            if at + c.len_utf8() > target {
                break;
            }
            units += c.len_utf16();
            chars.next();
        }
        out[i] = units;
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn utf16_offsets_count_code_units() {
        let text = "RUN é😀 x";
        // bytes: "RUN " 4, é 2, 😀 4, " x" 2
        assert_eq!(
            utf16_offsets(text, &[0, 4, 6, 10, 12, 99]),
            vec![0, 4, 5, 7, 9, 9]
        );
        assert_eq!(utf16_offsets("abc", &[2, 0, 5]), vec![2, 0, 3]);
    }
}

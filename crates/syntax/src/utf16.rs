//! Byte offsets (the analysis' positions) and UTF-16 code units (what
//! CodeMirror, a textarea's selection and the Language Server Protocol's
//! default position encoding count). One implementation for the page and
//! the language server.

use crate::LineIndex;

/// Converts byte offsets of `text` to UTF-16 offsets (CodeMirror's positions).
/// Offsets past the end give the end; offsets inside a character give its start.
pub fn utf16_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    if text.is_ascii() {
        return bytes.iter().map(|&b| b.min(text.len())).collect();
    }
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    layerlab_sort::sort_by_key(&mut order, |&i| bytes[i]);
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

/// A position as the Language Server Protocol counts it by default: a
/// 0-based line and a 0-based column in UTF-16 code units. Lines end at
/// `\n` (a `\r` before it belongs to the line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position16 {
    pub line: u32,
    pub character: u32,
}

/// The UTF-16 position of byte `offset` in `text` (an offset inside a
/// character gives its start; past the end gives the end).
pub fn position16(index: &LineIndex, text: &str, offset: usize) -> Position16 {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let lc = index.line_col(text, offset);
    let start = index.line_start(lc.line).unwrap_or(0);
    Position16 {
        line: lc.line - 1,
        character: text[start..offset].encode_utf16().count() as u32,
    }
}

/// The byte offset of a UTF-16 position: a line past the end gives the
/// text's end, a column past the line's end gives the line's end (before
/// its `\n`), a column inside a surrogate pair gives the character's start.
pub fn offset16(index: &LineIndex, text: &str, pos: Position16) -> usize {
    let Some(start) = index.line_start(pos.line.saturating_add(1)) else {
        return text.len();
    };
    let end = index
        .line_start(pos.line.saturating_add(2))
        .map(|n| n - 1)
        .unwrap_or(text.len());
    let mut units = 0u32;
    for (i, c) in text[start..end].char_indices() {
        let next = units + c.len_utf16() as u32;
        if next > pos.character {
            return start + i;
        }
        units = next;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_in_utf16() {
        let text = "FROM a\nRUN \u{e9}\u{1f600} x\r\nCMD";
        let ix = LineIndex::new(text);
        // \"RUN \" 4 bytes, \u{e9} 2, \u{1f600} 4: x is at byte 17, UTF-16 column 8.
        let x = text.find(" x").unwrap() + 1;
        let p = position16(&ix, text, x);
        assert_eq!(
            p,
            Position16 {
                line: 1,
                character: 8
            }
        );
        assert_eq!(offset16(&ix, text, p), x);
        // Inside the surrogate pair: the emoji's start.
        let emoji = text.find('\u{1f600}').unwrap();
        assert_eq!(
            offset16(
                &ix,
                text,
                Position16 {
                    line: 1,
                    character: 6
                }
            ),
            emoji
        );
        // Past the line's end: before its newline; past the last line: the end.
        assert_eq!(
            offset16(
                &ix,
                text,
                Position16 {
                    line: 0,
                    character: 99
                }
            ),
            6
        );
        assert_eq!(
            offset16(
                &ix,
                text,
                Position16 {
                    line: 9,
                    character: 0
                }
            ),
            text.len()
        );
        assert_eq!(
            position16(&ix, text, text.len()),
            Position16 {
                line: 2,
                character: 3
            }
        );
        // Inside a character: its start.
        assert_eq!(position16(&ix, text, emoji + 1).character, 5);
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

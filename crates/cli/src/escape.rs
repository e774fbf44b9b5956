//! Text from a Dockerfile, a build context or a file name, made safe to show
//! on a terminal: control characters (ESC, BEL, CR, DEL, C1) and the Unicode
//! bidirectional controls (U+202E and its kin) are written as escapes
//! (`\x1b`, `\r`, `\u{202e}`), so that a hostile file cannot move the cursor,
//! retitle the terminal, erase a line or reorder what is shown. Newlines and
//! tabs are kept. JSON and SARIF need none of this: serde_json escapes
//! control characters itself.

use std::borrow::Cow;

/// True for the characters [`text`] escapes.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// The Unicode bidirectional formatting characters (Trojan Source).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// How `c` is written: `\r`, `\x1b`, `\u{202e}`, or itself.
fn escaped(c: char) -> Cow<'static, str> {
    match c {
        '\r' => Cow::Borrowed("\\r"),
        '\0' => Cow::Borrowed("\\0"),
        c if !needs_escape(c) => Cow::Owned(c.to_string()),
        c if (c as u32) < 0x80 => Cow::Owned(format!("\\x{:02x}", c as u32)),
        c => Cow::Owned(format!("\\u{{{:x}}}", c as u32)),
    }
}

/// `s` with control and bidi characters escaped (borrowed when there are none).
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        out.push_str(&escaped(c));
    }
    Cow::Owned(out)
}

/// The columns `c` takes once escaped (a tab: 4, as the source lines show it).
pub fn width(c: char) -> usize {
    match c {
        '\t' => 4,
        c if needs_escape(c) => escaped(c).chars().count(),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_are_escaped() {
        assert_eq!(
            text("FROM alpine\x1b]0;pwned\x07\x1b[2K\r# all clean"),
            "FROM alpine\\x1b]0;pwned\\x07\\x1b[2K\\r# all clean"
        );
        assert_eq!(text("a\u{202E}b\u{9b}c\u{7f}"), "a\\u{202e}b\\u{9b}c\\x7f");
        assert_eq!(text("tab\tand\nnewline"), "tab\tand\nnewline");
        assert!(matches!(text("plain é"), Cow::Borrowed(_)));
    }

    #[test]
    fn widths_are_those_of_the_escapes() {
        assert_eq!(width('a'), 1);
        assert_eq!(width('\t'), 4);
        assert_eq!(width('\x1b'), 4);
        assert_eq!(width('\r'), 2);
        assert_eq!(width('\u{202E}'), 8);
    }
}

//! BuildKit's `Node.Dump()` format, byte for byte.

use crate::{Args, Dockerfile, Instruction};

pub(crate) fn dump(df: &Dockerfile) -> String {
    let mut out = String::new();
    for ins in df.instructions() {
        out.push('(');
        dump_instruction(ins, &mut out);
        out.push_str(")\n");
    }
    // Go trims the whole dump; its test then appends one newline.
    let trimmed = out.trim();
    let mut s = trimmed.to_string();
    s.push('\n');
    s
}

/// One instruction's dump (without the parentheses).
pub(crate) fn instruction(ins: &Instruction) -> String {
    let mut out = String::new();
    dump_instruction(ins, &mut out);
    out
}

fn dump_instruction(ins: &Instruction, out: &mut String) {
    out.push_str(&ins.keyword.text.to_lowercase());
    if !ins.flags.is_empty() {
        out.push_str(" [");
        for (i, f) in ins.flags.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            go_quote(&f.raw.text, out);
        }
        out.push(']');
    }
    dump_args(&ins.args, out);
}

fn dump_args(args: &Args, out: &mut String) {
    let push = |s: &str, out: &mut String| {
        out.push(' ');
        go_quote(s, out);
    };
    match args {
        Args::None => {}
        Args::Exec { items, .. } | Args::Words { items } => {
            for t in items {
                push(&t.text, out);
            }
        }
        Args::Shell { text } => push(&text.text, out),
        Args::KeyValues { pairs } => {
            for p in pairs {
                push(&p.key.text, out);
                push(&p.value.text, out);
                push(if p.equals { "=" } else { "" }, out);
            }
        }
        Args::Healthcheck { kind, cmd } => {
            push(&kind.text, out);
            dump_args(cmd, out);
        }
        Args::Onbuild { inner } => {
            out.push_str(" (");
            dump_instruction(inner, out);
            out.push(')');
        }
        Args::Ignored { .. } => push("", out),
    }
}

/// Go's `strconv.Quote`.
pub(crate) fn go_quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_go_printable(c) => out.push(c),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
}

/// An approximation of Go's `strconv.IsPrint` (letters, marks, numbers,
/// punctuation, symbols and the ASCII space) without Unicode tables:
/// control, format, separator, private-use and non-characters are not
/// printable; unassigned code points are treated as printable.
fn is_go_printable(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return (0x20..0x7f).contains(&u);
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    const FORMAT: &[(u32, u32)] = &[
        (0x00AD, 0x00AD),
        (0x0600, 0x0605),
        (0x061C, 0x061C),
        (0x06DD, 0x06DD),
        (0x070F, 0x070F),
        (0x0890, 0x0891),
        (0x08E2, 0x08E2),
        (0x180E, 0x180E),
        (0x200B, 0x200F),
        (0x202A, 0x202E),
        (0x2060, 0x2064),
        (0x2066, 0x206F),
        (0xD800, 0xF8FF), // surrogates and private use
        (0xFDD0, 0xFDEF),
        (0xFEFF, 0xFEFF),
        (0xFFF9, 0xFFFB),
        (0x110BD, 0x110BD),
        (0x110CD, 0x110CD),
        (0x13430, 0x1343F),
        (0x1BCA0, 0x1BCA3),
        (0x1D173, 0x1D17A),
        (0xE0001, 0xE0001),
        (0xE0020, 0xE007F),
        (0xF0000, 0x10FFFF),
    ];
    if u & 0xFFFE == 0xFFFE {
        return false;
    }
    !FORMAT.iter().any(|&(a, b)| (a..=b).contains(&u))
}

#[cfg(test)]
mod tests {
    use super::go_quote;

    fn q(s: &str) -> String {
        let mut o = String::new();
        go_quote(s, &mut o);
        o
    }

    #[test]
    fn quoting_like_go() {
        assert_eq!(q("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(q("\t\n\r\u{0}\u{7f}"), r#""\t\n\r\x00\x7f""#);
        assert_eq!(q("♥ é 한"), "\"♥ é 한\"");
        assert_eq!(q("\u{a0}\u{200b}\u{feff}"), r#""\u00a0\u200b\ufeff""#);
        assert_eq!(q("\u{10ffff}"), r#""\U0010ffff""#);
    }
}

impl Instruction {
    /// The arguments as BuildKit's `Node` holds them (what its dump prints, unquoted):
    /// ENV/LABEL give key, value, separator triples; ONBUILD gives its child's dump.
    pub fn buildkit_args(&self) -> Vec<String> {
        fn walk(a: &Args, out: &mut Vec<String>) {
            match a {
                Args::None => {}
                Args::Exec { items, .. } | Args::Words { items } => {
                    out.extend(items.iter().map(|t| t.text.clone()))
                }
                Args::Shell { text } => out.push(text.text.clone()),
                Args::KeyValues { pairs } => {
                    for p in pairs {
                        out.push(p.key.text.clone());
                        out.push(p.value.text.clone());
                        out.push(if p.equals { "=" } else { "" }.to_string());
                    }
                }
                Args::Healthcheck { kind, cmd } => {
                    out.push(kind.text.clone());
                    walk(cmd, out);
                }
                Args::Onbuild { inner } => {
                    let mut s = String::from("(");
                    dump_instruction(inner, &mut s);
                    s.push(')');
                    out.push(s);
                }
                Args::Ignored { .. } => out.push(String::new()),
            }
        }
        let mut out = Vec::new();
        walk(&self.args, &mut out);
        out
    }

    /// This instruction alone in BuildKit's dump format, without parentheses.
    pub fn buildkit_dump(&self) -> String {
        let mut s = String::new();
        dump_instruction(self, &mut s);
        s
    }
}

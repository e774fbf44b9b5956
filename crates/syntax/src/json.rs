//! The JSON that exec form accepts, read as Go's `encoding/json` reads it into
//! a `[]interface{}`, keeping the byte range of every element.
//!
//! BuildKit's rule: if the arguments are valid JSON and an array of strings,
//! they are exec form; valid JSON that is not an array of strings is an error;
//! anything that is not valid JSON quietly falls back to shell form.

/// What a candidate exec-form text turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum JsonArray {
    /// A valid array of strings: each decoded string with its byte range
    /// (quotes included) relative to the input.
    Strings(Vec<(String, usize, usize)>),
    /// Valid JSON, but not an array of strings.
    NotStrings,
    /// Not valid JSON (or not an array).
    Invalid,
}

/// Go's `maxNestingDepth`.
const MAX_DEPTH: usize = 10_000;

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

struct Reader<'a> {
    b: &'a [u8],
    s: &'a str,
    p: usize,
}

impl<'a> Reader<'a> {
    fn skip_ws(&mut self) {
        while self.p < self.b.len() && is_ws(self.b[self.p]) {
            self.p += 1;
        }
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.p).copied()
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let h = self.b.get(at..at + 4)?;
        let mut v = 0u32;
        for &c in h {
            v = v * 16 + (c as char).to_digit(16)?;
        }
        Some(v)
    }

    /// Reads a string starting at `"`, returning its decoded value.
    fn string(&mut self, decode: bool) -> Option<String> {
        debug_assert_eq!(self.peek(), Some(b'"'));
        self.p += 1;
        let mut out = String::new();
        loop {
            let start = self.p;
            // Copy a run of plain characters at once.
            while self.p < self.b.len() {
                let c = self.b[self.p];
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.p += 1;
            }
            if decode {
                out.push_str(&self.s[start..self.p]);
            }
            match self.peek()? {
                b'"' => {
                    self.p += 1;
                    return Some(out);
                }
                b'\\' => {
                    let e = *self.b.get(self.p + 1)?;
                    self.p += 2;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let u = self.hex4(self.p)?;
                            self.p += 4;
                            if (0xD800..0xE000).contains(&u) {
                                // A surrogate: combine with a following low
                                // surrogate escape if there is one, else U+FFFD.
                                let low = if self.b.get(self.p..self.p + 2) == Some(b"\\u") {
                                    self.hex4(self.p + 2)
                                } else {
                                    None
                                };
                                match low {
                                    Some(l)
                                        if (0xD800..0xDC00).contains(&u)
                                            && (0xDC00..0xE000).contains(&l) =>
                                    {
                                        self.p += 6;
                                        char::from_u32(
                                            0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00),
                                        )
                                        .unwrap_or('\u{FFFD}')
                                    }
                                    _ => '\u{FFFD}',
                                }
                            } else {
                                char::from_u32(u).unwrap_or('\u{FFFD}')
                            }
                        }
                        _ => return None,
                    };
                    if decode {
                        out.push(ch);
                    }
                }
                _ => return None, // a control character inside a string
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        if self.b.get(self.p..self.p + word.len()) == Some(word) {
            self.p += word.len();
            Some(())
        } else {
            None
        }
    }

    fn digits(&mut self) -> usize {
        let s = self.p;
        while self.p < self.b.len() && self.b[self.p].is_ascii_digit() {
            self.p += 1;
        }
        self.p - s
    }

    fn number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.p += 1;
        }
        match self.peek()? {
            b'0' => self.p += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.p += 1;
            if self.digits() == 0 {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.p += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.p += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        Some(())
    }

    /// Skips one JSON value of any kind, without recursion.
    /// `depth` is the nesting depth of the container holding it.
    fn skip_value(&mut self, depth: usize) -> Option<()> {
        // Stack of open containers: b'[' or b'{'.
        let mut stack: Vec<u8> = Vec::new();
        loop {
            self.skip_ws();
            // Read one scalar or open a container.
            match self.peek()? {
                b'"' => {
                    self.string(false)?;
                }
                b'[' | b'{' => {
                    let open = self.b[self.p];
                    self.p += 1;
                    if depth + stack.len() + 1 > MAX_DEPTH {
                        return None;
                    }
                    stack.push(open);
                    self.skip_ws();
                    let close = if open == b'[' { b']' } else { b'}' };
                    if self.peek() == Some(close) {
                        self.p += 1;
                        stack.pop();
                    } else {
                        if open == b'{' {
                            self.object_key()?;
                        }
                        continue;
                    }
                }
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                b'-' | b'0'..=b'9' => self.number()?,
                _ => return None,
            }
            // After a value: close containers or move to the next element.
            loop {
                let Some(&top) = stack.last() else {
                    return Some(());
                };
                self.skip_ws();
                match (self.peek()?, top) {
                    (b',', b'[') => {
                        self.p += 1;
                        break;
                    }
                    (b',', b'{') => {
                        self.p += 1;
                        self.skip_ws();
                        self.object_key()?;
                        break;
                    }
                    (b']', b'[') | (b'}', b'{') => {
                        self.p += 1;
                        stack.pop();
                    }
                    _ => return None,
                }
            }
        }
    }

    /// `"key" :` inside an object.
    fn object_key(&mut self) -> Option<()> {
        self.skip_ws();
        if self.peek()? != b'"' {
            return None;
        }
        self.string(false)?;
        self.skip_ws();
        if self.peek()? != b':' {
            return None;
        }
        self.p += 1;
        Some(())
    }
}

/// Reads `s` (which starts with `[`) as Go's `json.Unmarshal` into `[]interface{}`.
pub fn parse_string_array(s: &str) -> JsonArray {
    let mut r = Reader {
        b: s.as_bytes(),
        s,
        p: 0,
    };
    r.skip_ws();
    if r.peek() != Some(b'[') {
        return JsonArray::Invalid;
    }
    r.p += 1;
    let mut items = Vec::new();
    let mut all_strings = true;
    r.skip_ws();
    if r.peek() == Some(b']') {
        r.p += 1;
    } else {
        loop {
            r.skip_ws();
            let start = r.p;
            match r.peek() {
                Some(b'"') => match r.string(true) {
                    Some(v) => items.push((v, start, r.p)),
                    None => return JsonArray::Invalid,
                },
                Some(_) => {
                    all_strings = false;
                    if r.skip_value(1).is_none() {
                        return JsonArray::Invalid;
                    }
                }
                None => return JsonArray::Invalid,
            }
            r.skip_ws();
            match r.peek() {
                Some(b',') => r.p += 1,
                Some(b']') => {
                    r.p += 1;
                    break;
                }
                _ => return JsonArray::Invalid,
            }
        }
    }
    r.skip_ws();
    if r.p != s.len() {
        return JsonArray::Invalid;
    }
    if all_strings {
        JsonArray::Strings(items)
    } else {
        JsonArray::NotStrings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &str) -> Vec<String> {
        match parse_string_array(s) {
            JsonArray::Strings(v) => v.into_iter().map(|x| x.0).collect(),
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn arrays() {
        assert_eq!(strings(r#"["a", "b c"]"#), vec!["a", "b c"]);
        assert_eq!(strings("[]"), Vec::<String>::new());
        assert_eq!(strings(r#"[ "\u00e9\"\\\/\n" ] "#), vec!["é\"\\/\n"]);
        assert_eq!(
            strings(r#"["\ud83d\ude00", "\ud800x"]"#),
            vec!["😀", "\u{FFFD}x"]
        );
        assert_eq!(parse_string_array(r#"["a", ["b"]]"#), JsonArray::NotStrings);
        assert_eq!(
            parse_string_array(r#"["a", 1, {"k": [null, true, -1.5e3]}]"#),
            JsonArray::NotStrings
        );
        assert_eq!(parse_string_array(r#"['a']"#), JsonArray::Invalid);
        assert_eq!(parse_string_array(r#"["a""#), JsonArray::Invalid);
        assert_eq!(parse_string_array(r#"["a"] x"#), JsonArray::Invalid);
        assert_eq!(parse_string_array(r#"["a",]"#), JsonArray::Invalid);
        assert_eq!(parse_string_array("[\"a\tb\"]"), JsonArray::Invalid);
        assert_eq!(parse_string_array(r#"[01]"#), JsonArray::Invalid);
        assert_eq!(parse_string_array(r#"[{"a" 1}]"#), JsonArray::Invalid);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!("[{}{}]", "[".repeat(200_000), "]".repeat(200_000));
        assert_eq!(parse_string_array(&deep), JsonArray::Invalid);
        let ok = format!("[{}{}]", "[".repeat(9_000), "]".repeat(9_000));
        assert_eq!(parse_string_array(&ok), JsonArray::NotStrings);
    }
}

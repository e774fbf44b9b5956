//! Share links: the whole state (Dockerfile, build context, options) in the
//! URL fragment, `#v1.` + base64url(raw deflate(payload)).
//!
//! The v1 payload is a list of length-prefixed fields (`<bytes>:<text>`):
//! the Dockerfile, the target stage (empty: the last), the number of context
//! files, then for each its path, `t` or `s`, and its text or its size;
//! then, optionally (links made before it existed end there), the number of
//! extra fields and for each a key and a value. Extras are how later features
//! (build args, exercise goals, a compare view, …) ride in the same v1 link:
//! a key this version does not know is kept and ignored, so old links keep
//! opening and new links degrade gracefully in old pages.
//! Decoding never panics: a bad link is an `Err` with a message for people.

use crate::examples::{CtxContent, CtxFile};
use crate::i18n::Lang;

pub const PREFIX: &str = "#v1.";

/// The most text a link opens: 1 MiB per Dockerfile (the editor's text and
/// the compare view's right side). A link holding more is refused with
/// [`LinkError::TooLarge`], before anything replaces the session.
pub const MAX_TEXT: usize = 1 << 20;

/// The most a link's payload may inflate to: both Dockerfiles at
/// [`MAX_TEXT`] plus room for context files and extras. Inflating stops
/// there, so a small link that would inflate to gigabytes costs no more.
pub const MAX_PAYLOAD: usize = 4 << 20;

/// What the autosaved session may inflate to: it is only ever what this page
/// wrote (the browser's storage quota bounds it), never refused as too large.
pub const MAX_STORED_PAYLOAD: usize = 32 << 20;

/// The size a context file given only by its size may claim: 1 TiB. Larger
/// sizes (a link saying `18446744073709551615`) are read as this, so that
/// sums over 10,000 files stay far from `u64::MAX` everywhere downstream.
pub const MAX_FILE_SIZE: u64 = 1 << 40;

/// The most context files (and extras) a link carries.
pub const MAX_FILES: usize = 10_000;

/// Reads a context file's size as a link or an input gives it: digits,
/// clamped to [`MAX_FILE_SIZE`] (`None` when not a number).
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Any run of digits is a size: too many digits for u64 is "too large".
    Some(s.parse::<u64>().unwrap_or(u64::MAX).min(MAX_FILE_SIZE))
}

/// What a link carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared {
    pub text: String,
    pub target: String,
    pub context: Vec<CtxFile>,
    /// Keyed extras, in order (see the module docs); empty for most links.
    pub extra: Vec<(String, String)>,
}

impl Shared {
    /// The value of an extra field.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.extra
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Sets (or, with an empty value, removes) an extra field.
    pub fn set(&mut self, key: &str, value: &str) {
        self.extra.retain(|(k, _)| k != key);
        if !value.is_empty() {
            self.extra.push((key.to_string(), value.to_string()));
        }
    }
}

fn field(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(s.len().to_string().as_bytes());
    out.push(b':');
    out.extend_from_slice(s.as_bytes());
}

/// The fragment (with its `#v1.`) for `shared`.
pub fn encode(shared: &Shared) -> String {
    encode_level(shared, 9)
}

/// [`encode`] at a deflate level (1 is fast, for the autosave on every keystroke).
pub fn encode_level(shared: &Shared, level: u8) -> String {
    let mut raw = Vec::new();
    field(&mut raw, &shared.text);
    field(&mut raw, &shared.target);
    field(&mut raw, &shared.context.len().to_string());
    for f in &shared.context {
        field(&mut raw, &f.path);
        match &f.content {
            CtxContent::Text(t) => {
                field(&mut raw, "t");
                field(&mut raw, t);
            }
            CtxContent::Sized(n) => {
                field(&mut raw, "s");
                field(&mut raw, &n.to_string());
            }
        }
    }
    if !shared.extra.is_empty() {
        field(&mut raw, &shared.extra.len().to_string());
        for (k, v) in &shared.extra {
            field(&mut raw, k);
            field(&mut raw, v);
        }
    }
    let packed = miniz_oxide::deflate::compress_to_vec(&raw, level);
    format!("{PREFIX}{}", base64url(&packed))
}

/// Why a link cannot be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Made by a later version of the format (`v2`, …).
    Newer(String),
    NotALink,
    BadBase64,
    BadDeflate,
    Incomplete,
    /// Holds more than [`MAX_TEXT`] of text (or inflates past [`MAX_PAYLOAD`]).
    TooLarge,
}

impl LinkError {
    /// The message for people, in the page's language.
    pub fn message(&self, l: Lang) -> String {
        match self {
            LinkError::Newer(v) => trf!(
                l,
                "This link was made by a newer version of Layerlab ({v}) and cannot be opened here.",
                "Эта ссылка создана более новой версией Layerlab ({v}) и здесь не открывается.",
                "此链接由更新版本的 Layerlab（{v}）生成，无法在此打开。"
            ),
            LinkError::NotALink => tr!(
                l,
                "This link is not a Layerlab share link.",
                "Это не ссылка Layerlab.",
                "这不是 Layerlab 的分享链接。"
            )
            .into(),
            LinkError::BadBase64 => tr!(
                l,
                "This link is damaged: it is not valid base64url (was it cut short?).",
                "Ссылка повреждена: это не base64url (может быть, она обрезана?).",
                "链接已损坏：不是有效的 base64url（是否被截断？）。"
            )
            .into(),
            LinkError::BadDeflate => tr!(
                l,
                "This link is damaged: its data does not decompress (was it cut short?).",
                "Ссылка повреждена: данные не распаковываются (может быть, она обрезана?).",
                "链接已损坏：数据无法解压（是否被截断？）。"
            )
            .into(),
            LinkError::Incomplete => tr!(
                l,
                "This link is damaged: its content is incomplete.",
                "Ссылка повреждена: её содержимое неполное.",
                "链接已损坏：内容不完整。"
            )
            .into(),
            LinkError::TooLarge => tr!(
                l,
                "This link holds more than 1 MiB of text, more than Layerlab opens from a link.",
                "В ссылке больше 1 МиБ текста — столько Layerlab из ссылки не открывает.",
                "此链接包含超过 1 MiB 的文本，超出 Layerlab 从链接打开的上限。"
            )
            .into(),
        }
    }
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Reads a fragment made by [`encode`] (with or without the leading `#`):
/// a link someone opened, capped at [`MAX_TEXT`] per Dockerfile.
pub fn decode(fragment: &str) -> Result<Shared, LinkError> {
    let shared = decode_with_limit(fragment, MAX_PAYLOAD)?;
    let too_long = |t: &str| t.len() > MAX_TEXT;
    if too_long(&shared.text) || shared.get("b.text").is_some_and(too_long) {
        return Err(LinkError::TooLarge);
    }
    Ok(shared)
}

/// Reads the autosaved session (what this page wrote; no text cap, so a
/// session someone typed past 1 MiB still opens).
pub fn decode_stored(value: &str) -> Result<Shared, LinkError> {
    decode_with_limit(value, MAX_STORED_PAYLOAD)
}

fn decode_with_limit(fragment: &str, limit: usize) -> Result<Shared, LinkError> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(body) = f.strip_prefix("v1.") else {
        let version = f.split('.').next().unwrap_or("");
        return Err(
            if version.len() > 1
                && version.len() <= 12
                && version.starts_with('v')
                && version[1..].bytes().all(|b| b.is_ascii_digit())
                && f.contains('.')
            {
                LinkError::Newer(version.to_string())
            } else {
                LinkError::NotALink
            },
        );
    };
    // base64url expands 3 bytes to 4: a body this long cannot be valid.
    if body.len() / 4 * 3 > limit {
        return Err(LinkError::TooLarge);
    }
    let packed = unbase64url(body).ok_or(LinkError::BadBase64)?;
    let raw = match miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, limit) {
        Ok(raw) => raw,
        Err(e) if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
            return Err(LinkError::TooLarge)
        }
        Err(_) => return Err(LinkError::BadDeflate),
    };
    let mut r = Reader { raw: &raw, at: 0 };
    let bad = || LinkError::Incomplete;
    let text = r.field().ok_or_else(bad)?;
    let target = r.field().ok_or_else(bad)?;
    let n: usize = r.field().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
    let mut context = Vec::new();
    for _ in 0..n.min(MAX_FILES) {
        let path = r.field().ok_or_else(bad)?;
        let kind = r.field().ok_or_else(bad)?;
        let value = r.field().ok_or_else(bad)?;
        let content = match kind.as_str() {
            "t" => CtxContent::Text(value),
            "s" => CtxContent::Sized(parse_size(&value).ok_or_else(bad)?),
            _ => return Err(bad()),
        };
        context.push(CtxFile { path, content });
    }
    let mut extra = Vec::new();
    if r.at < r.raw.len() {
        let n: usize = r.field().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        for _ in 0..n.min(MAX_FILES) {
            let key = r.field().ok_or_else(bad)?;
            let value = r.field().ok_or_else(bad)?;
            extra.push((key, value));
        }
    }
    Ok(Shared {
        text,
        target,
        context,
        extra,
    })
}

struct Reader<'a> {
    raw: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn field(&mut self) -> Option<String> {
        let rest = self.raw.get(self.at..)?;
        let colon = rest.iter().position(|&b| b == b':')?;
        let len: usize = std::str::from_utf8(&rest[..colon]).ok()?.parse().ok()?;
        let start = colon + 1;
        let bytes = rest.get(start..start.checked_add(len)?)?;
        self.at += start + len;
        String::from_utf8(bytes.to_vec()).ok()
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn base64url(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len() * 4 / 3 + 3);
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (b as u32) << (16 - 8 * i));
        for i in 0..chunk.len() + 1 {
            out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

pub fn unbase64url(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = B64.iter().position(|&b| b == c)? as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if s.len() % 4 == 1 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let s = Shared {
            text: "FROM python:3.12-slim\nRUN echo é😀\n".into(),
            target: "".into(),
            context: vec![
                CtxFile::text("requirements.txt", "flask\n"),
                CtxFile::sized("big.bin", 12345),
            ],
            extra: vec![],
        };
        let link = encode(&s);
        assert!(link.starts_with("#v1."));
        assert!(link[4..].bytes().all(|b| B64.contains(&b)));
        assert_eq!(decode(&link).unwrap(), s);
    }

    #[test]
    fn extras_round_trip_and_old_links_still_open() {
        let mut s = Shared {
            text: "FROM alpine\n".into(),
            target: "build".into(),
            context: vec![],
            extra: vec![],
        };
        // A link made before extras existed (no trailing section) decodes.
        let old = encode(&s);
        assert_eq!(decode(&old).unwrap(), s);
        s.set("goals", "size < 150MB\nno errors");
        s.set("unknown-future-key", "kept");
        let link = encode(&s);
        let back = decode(&link).unwrap();
        assert_eq!(back.get("goals"), Some("size < 150MB\nno errors"));
        assert_eq!(back.get("unknown-future-key"), Some("kept"));
        assert_eq!(back, s);
        s.set("goals", "");
        assert_eq!(s.get("goals"), None);
    }

    #[test]
    fn base64_lengths() {
        for n in 0..10 {
            let d: Vec<u8> = (0..n).map(|i| (i * 37) as u8).collect();
            assert_eq!(unbase64url(&base64url(&d)).unwrap(), d);
        }
    }

    #[test]
    fn broken_links_are_errors() {
        let link = encode(&Shared {
            text: "FROM alpine\n".into(),
            target: "".into(),
            context: vec![],
            extra: vec![],
        });
        assert!(decode(&link[..link.len() - 3]).is_err());
        assert!(decode("#v1.!!!").is_err());
        assert_eq!(
            decode("#v9.abc").unwrap_err(),
            LinkError::Newer("v9".into())
        );
        assert!(decode("#v9.abc").unwrap_err().to_string().contains("newer"));
        assert_eq!(
            decode(&link[..link.len() - 3]).unwrap_err(),
            LinkError::BadDeflate
        );
        assert!(decode("#hello").is_err());
        assert!(decode("#v1.").is_err());
    }

    fn link(text: &str, context: Vec<CtxFile>) -> String {
        encode(&Shared {
            text: text.into(),
            target: "".into(),
            context,
            extra: vec![],
        })
    }

    /// Payload 10: a link that inflates to 16 MiB is refused with its own
    /// message, and fast (inflating stops at the cap).
    #[test]
    fn a_link_inflating_to_16_mib_is_too_large() {
        let big = "RUN echo hello\n".repeat((16 << 20) / 15);
        let l = encode_level(
            &Shared {
                text: format!("FROM alpine\n{big}"),
                target: "".into(),
                context: vec![],
                extra: vec![],
            },
            1,
        );
        assert!(l.len() < 200_000, "deflate makes it small: {}", l.len());
        assert_eq!(decode(&l).unwrap_err(), LinkError::TooLarge);
        for lang in Lang::ALL {
            assert!(!LinkError::TooLarge.message(lang).is_empty());
        }
        // Just over 1 MiB of text: too large too; exactly 1 MiB opens.
        let over = "#".repeat(MAX_TEXT + 1);
        assert_eq!(
            decode(&link(&over, vec![])).unwrap_err(),
            LinkError::TooLarge
        );
        let at = "#".repeat(MAX_TEXT);
        assert_eq!(decode(&link(&at, vec![])).unwrap().text.len(), MAX_TEXT);
        // The compare view's right side has the same cap.
        let mut s = decode(&link("FROM alpine\n", vec![])).unwrap();
        s.set("b.text", &over);
        assert_eq!(decode(&encode(&s)).unwrap_err(), LinkError::TooLarge);
        // A session someone typed past 1 MiB is still read back from storage.
        assert_eq!(decode_stored(&link(&over, vec![])).unwrap().text, over);
        // A body too long to be a link is refused before decoding.
        let huge = format!("#v1.{}", "A".repeat(MAX_PAYLOAD * 2));
        assert_eq!(decode(&huge).unwrap_err(), LinkError::TooLarge);
    }

    /// Payloads 11 and 13: broken and future links are errors with a
    /// message, never a panic.
    #[test]
    fn broken_and_future_links_have_messages() {
        for (l, e) in [
            ("#v1.AAAA", LinkError::BadDeflate),
            ("#v1.!!!", LinkError::BadBase64),
            ("#v9.abc", LinkError::Newer("v9".into())),
            ("#section", LinkError::NotALink),
            ("v2.future", LinkError::Newer("v2".into())),
            ("#vintage.x", LinkError::NotALink),
        ] {
            assert_eq!(decode(l).unwrap_err(), e, "{l}");
            assert_eq!(decode_stored(l).unwrap_err(), e, "{l}");
        }
    }

    /// Payload 12: an empty text is a valid link (the page decides what to
    /// do with it: it never wipes a session silently).
    #[test]
    fn an_empty_text_decodes_as_empty() {
        let s = decode(&link("", vec![])).unwrap();
        assert_eq!(s.text, "");
        assert!(s.context.is_empty());
    }

    /// Payload 14: sizes near u64::MAX are clamped; sums stay far from overflow.
    #[test]
    fn huge_sizes_are_clamped() {
        assert_eq!(parse_size("18446744073709551615"), Some(MAX_FILE_SIZE));
        assert_eq!(parse_size("99999999999999999999999"), Some(MAX_FILE_SIZE));
        assert_eq!(parse_size(" 12 "), Some(12));
        assert_eq!(parse_size("-1"), None);
        assert_eq!(parse_size(""), None);
        let files: Vec<CtxFile> = (0..3)
            .map(|i| CtxFile::sized(&format!("f{i}.bin"), u64::MAX - i))
            .collect();
        let s = decode(&link("FROM alpine\nCOPY . /app\n", files)).unwrap();
        assert!(s.context.iter().all(|f| f.size() == MAX_FILE_SIZE));
        assert!((MAX_FILE_SIZE as u128) * (MAX_FILES as u128) < u64::MAX as u128 / 1024);
    }
}

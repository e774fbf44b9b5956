//! The compare view's state: the second Dockerfile ("B", on the right; the
//! person's own text stays on the left as "A") and how it rides in share
//! links and the autosave, as keyed extras of the v1 link (`view=compare`,
//! `b.text`, `b.ctx`). Pure and tested natively; the view is
//! `components/compare.rs`, the diff itself `layerlab_analysis::compare`.

use std::rc::Rc;

use layerlab_analysis::{analyze, Analysis, BuildContext, Options, SimOptions};

use crate::examples::{CtxContent, CtxFile};
use crate::share::Shared;

pub const VIEW_KEY: &str = "view";
pub const VIEW_COMPARE: &str = "compare";
pub const B_TEXT_KEY: &str = "b.text";
pub const B_CTX_KEY: &str = "b.ctx";

/// The right-hand Dockerfile and its build context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompareSide {
    pub text: Rc<str>,
    pub context: Rc<[CtxFile]>,
    /// Counts loads from outside the editor (an example, a link): only then is
    /// the text pushed into the right editor.
    pub loads: u32,
}

impl CompareSide {
    pub fn new(text: &str, mut context: Vec<CtxFile>) -> CompareSide {
        context.sort_by(|a, b| a.path.cmp(&b.path));
        CompareSide {
            text: Rc::from(text),
            context: context.into(),
            loads: 0,
        }
    }

    /// After typing in the right editor (the editor already shows `text`).
    pub fn edited(&self, text: String) -> CompareSide {
        CompareSide {
            text: Rc::from(text),
            ..self.clone()
        }
    }

    /// Replaced from outside (an example): the editor takes the new text.
    pub fn loaded(&self, text: &str, context: Vec<CtxFile>) -> CompareSide {
        let mut s = CompareSide::new(text, context);
        s.loads = self.loads.wrapping_add(1);
        s
    }
}

/// Writes the compare view into a link's extras (removes them when `side` is None).
pub fn put(shared: &mut Shared, side: Option<&CompareSide>) {
    match side {
        Some(s) => {
            shared.set(VIEW_KEY, VIEW_COMPARE);
            // Shared::set drops empty values; an empty B reads back as empty.
            shared.set(B_TEXT_KEY, &s.text);
            shared.set(B_CTX_KEY, &encode_ctx(&s.context));
        }
        None => {
            if shared.get(VIEW_KEY) == Some(VIEW_COMPARE) {
                shared.set(VIEW_KEY, "");
            }
            shared.set(B_TEXT_KEY, "");
            shared.set(B_CTX_KEY, "");
        }
    }
}

/// The compare view a link or session holds, if it holds one. A damaged
/// context keeps the text (the text is never dropped for its context).
pub fn take(shared: &Shared) -> Option<CompareSide> {
    if shared.get(VIEW_KEY) != Some(VIEW_COMPARE) {
        return None;
    }
    let text = shared.get(B_TEXT_KEY).unwrap_or("");
    let context = shared
        .get(B_CTX_KEY)
        .and_then(decode_ctx)
        .unwrap_or_default();
    Some(CompareSide::new(text, context))
}

fn field(out: &mut String, s: &str) {
    out.push_str(&s.len().to_string());
    out.push(':');
    out.push_str(s);
}

/// Context files as one string: the count, then path, `t`/`s`, text/size,
/// each `<bytes>:<text>` (the v1 link's field format).
pub fn encode_ctx(files: &[CtxFile]) -> String {
    if files.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    field(&mut out, &files.len().to_string());
    for f in files {
        field(&mut out, &f.path);
        match &f.content {
            CtxContent::Text(t) => {
                field(&mut out, "t");
                field(&mut out, t);
            }
            CtxContent::Sized(n) => {
                field(&mut out, "s");
                field(&mut out, &n.to_string());
            }
        }
    }
    out
}

/// Reads [`encode_ctx`]'s output; `None` when damaged. Never panics.
pub fn decode_ctx(s: &str) -> Option<Vec<CtxFile>> {
    let mut rest = s;
    let mut next = || -> Option<&str> {
        let colon = rest.find(':')?;
        let len: usize = rest[..colon].parse().ok()?;
        let body = rest.get(colon + 1..colon + 1 + len)?;
        rest = &rest[colon + 1 + len..];
        Some(body)
    };
    let n: usize = next()?.parse().ok()?;
    let mut files = Vec::new();
    for _ in 0..n.min(10_000) {
        let path = next()?.to_string();
        let kind = next()?;
        let value = next()?;
        let content = match kind {
            "t" => CtxContent::Text(value.to_string()),
            "s" => CtxContent::Sized(value.parse().ok()?),
            _ => return None,
        };
        files.push(CtxFile { path, content });
    }
    Some(files)
}

/// Analyses one side as the page does (no files: an unknown build context).
pub fn analyze_side(text: &str, context: &[CtxFile]) -> Analysis {
    let ctx = (!context.is_empty()).then(|| {
        let mut c = BuildContext::new();
        for f in context {
            match &f.content {
                CtxContent::Text(t) => c.add_text(&f.path, t),
                CtxContent::Sized(n) => c.add_sized(&f.path, *n),
            }
        }
        c
    });
    analyze(
        text,
        &Options {
            sim: SimOptions::default(),
            context: ctx,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::{decode, encode};

    fn shared(text: &str) -> Shared {
        Shared {
            text: text.into(),
            target: String::new(),
            context: vec![],
            extra: vec![],
        }
    }

    #[test]
    fn context_round_trip_and_damage() {
        let files = vec![
            CtxFile::text("requirements.txt", "flask==2.0.1\n"),
            CtxFile::sized("data/big.bin", 12_345),
            CtxFile::text("é/😀:x", "a:b\n3:"),
        ];
        let s = encode_ctx(&files);
        assert_eq!(decode_ctx(&s), Some(files.clone()));
        assert_eq!(encode_ctx(&[]), "");
        assert_eq!(decode_ctx(""), None);
        for cut in 0..s.len() {
            if s.is_char_boundary(cut) {
                let _ = decode_ctx(&s[..cut]);
            }
        }
        assert_eq!(decode_ctx(&s[..s.len() - 2]), None);
        assert_eq!(decode_ctx("1:1:1:a1:x1:b"), None);
    }

    #[test]
    fn compare_view_rides_in_a_v1_link() {
        let side = CompareSide::new(
            "FROM python:3.12-slim AS b\n",
            vec![CtxFile::text("requirements.txt", "flask\n")],
        );
        let mut s = shared("FROM alpine\n");
        s.set("goals", "kept");
        put(&mut s, Some(&side));
        let back = decode(&encode(&s)).unwrap();
        assert_eq!(back.text, "FROM alpine\n");
        assert_eq!(back.get("goals"), Some("kept"));
        assert_eq!(take(&back), Some(side));
        // Closing the view removes it from the link and keeps other extras.
        let mut s = back;
        put(&mut s, None);
        assert_eq!(take(&s), None);
        assert_eq!(s.get("goals"), Some("kept"));
        assert_eq!(s.get(B_TEXT_KEY), None);
    }

    #[test]
    fn an_empty_b_or_a_damaged_context_still_opens_the_view() {
        let mut s = shared("FROM alpine\n");
        put(&mut s, Some(&CompareSide::new("", vec![])));
        let back = take(&decode(&encode(&s)).unwrap()).unwrap();
        assert_eq!(&*back.text, "");
        s.set(B_TEXT_KEY, "FROM debian\n");
        s.set(B_CTX_KEY, "9:broken");
        let back = take(&s).unwrap();
        assert_eq!(&*back.text, "FROM debian\n");
        assert!(back.context.is_empty());
        assert_eq!(take(&shared("FROM alpine\n")), None);
    }

    #[test]
    fn loads_count_only_outside_changes() {
        let s = CompareSide::new("FROM a\n", vec![]);
        let e = s.edited("FROM b\n".into());
        assert_eq!((e.loads, &*e.text), (0, "FROM b\n"));
        let l = e.loaded("FROM c\n", vec![]);
        assert_eq!((l.loads, &*l.text), (1, "FROM c\n"));
    }

    #[test]
    fn sides_analyse_with_their_context() {
        let text = "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n";
        let with = analyze_side(text, &[CtxFile::text("requirements.txt", "flask==2.0.1\n")]);
        let without = analyze_side(text, &[]);
        let c = layerlab_analysis::compare(&without, &with);
        assert!(with.report.image.as_ref().unwrap().size_complete);
        assert_ne!(c.image.delta_bytes, 0);
    }
}

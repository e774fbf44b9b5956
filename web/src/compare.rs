//! The compare view's state: the second Dockerfile ("B", on the right; the
//! person's own text stays on the left as "A") and how it rides in share
//! links and the autosave, as keyed extras of the v1 link (`view=compare`,
//! `b.text`, `b.ctx`). Pure and tested natively; the view is
//! `components/compare.rs`, the diff itself `layerlab_analysis::compare`.

use std::rc::Rc;

use crate::view::Input;

use crate::examples::{CtxContent, CtxFile};
use crate::share::Shared;
use crate::state::BuildOptions;

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
        layerlab_sort::sort_by(&mut context, |a, b| a.path.cmp(&b.path));
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

/// The compare view, open (`Some`) or closed: the page keeps it in a
/// `use_reducer`, so that callbacks made once (the editor's change listener)
/// always act on the current value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompareModel(pub Option<CompareSide>);

/// What changes the compare view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompareAction {
    /// Open it (or replace the right side) with this text and context; the
    /// right editor takes the text.
    Load {
        text: String,
        context: Vec<CtxFile>,
    },
    /// The right editor's text changed (ignored when the view is closed).
    Edit(String),
    /// A link or session: open with this side, or close with `None`.
    Restore(Option<CompareSide>),
    Close,
}

impl CompareModel {
    pub fn apply(&self, action: CompareAction) -> CompareModel {
        let loads = self.0.as_ref().map(|s| s.loads).unwrap_or(0);
        let bump = |mut s: CompareSide| {
            s.loads = loads.wrapping_add(1);
            s
        };
        match action {
            CompareAction::Load { text, context } => {
                CompareModel(Some(bump(CompareSide::new(&text, context))))
            }
            CompareAction::Edit(text) => match &self.0 {
                Some(s) if *s.text != *text => CompareModel(Some(s.edited(text))),
                _ => self.clone(),
            },
            CompareAction::Restore(side) => CompareModel(side.map(bump)),
            CompareAction::Close => CompareModel(None),
        }
    }
}

impl yew::Reducible for CompareModel {
    type Action = CompareAction;
    fn reduce(self: Rc<Self>, action: CompareAction) -> Rc<Self> {
        Rc::new(self.apply(action))
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
        let end = (colon + 1).checked_add(len)?;
        let body = rest.get(colon + 1..end)?;
        rest = &rest[end..];
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
            "s" => CtxContent::Sized(crate::share::parse_size(value)?),
            _ => return None,
        };
        files.push(CtxFile { path, content });
    }
    Some(files)
}

/// What one side's analysis depends on (no files: an unknown build context).
pub fn side_input(text: &str, context: &[CtxFile], build: &BuildOptions) -> Input {
    Input {
        text: text.to_string(),
        context: context.to_vec(),
        options: build.clone(),
        goals_text: String::new(),
        tree_stage: None,
        today: crate::bridge::today(),
    }
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
    fn the_model_opens_edits_loads_and_closes() {
        let m = CompareModel::default();
        assert_eq!(
            m.apply(CompareAction::Edit("x".into())),
            m,
            "closed: edits ignored"
        );
        let m = m.apply(CompareAction::Load {
            text: "FROM a\n".into(),
            context: vec![CtxFile::text("r.txt", "x")],
        });
        let s = m.0.clone().unwrap();
        assert_eq!((&*s.text, s.loads, s.context.len()), ("FROM a\n", 1, 1));
        // Typing keeps the context and does not push the text back.
        let m = m.apply(CompareAction::Edit("FROM b\n".into()));
        let s = m.0.clone().unwrap();
        assert_eq!((&*s.text, s.loads, s.context.len()), ("FROM b\n", 1, 1));
        // A restored side always reaches the editor (loads move on).
        let m = m.apply(CompareAction::Restore(Some(CompareSide::new(
            "FROM c\n",
            vec![],
        ))));
        assert_eq!(m.0.as_ref().map(|s| s.loads), Some(2));
        assert_eq!(m.apply(CompareAction::Close), CompareModel(None));
        assert_eq!(m.apply(CompareAction::Restore(None)), CompareModel(None));
    }

    #[test]
    fn sides_analyse_with_their_context() {
        let text = "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n";
        let with = side_input(
            text,
            &[CtxFile::text("requirements.txt", "flask==2.0.1\n")],
            &BuildOptions::default(),
        );
        let without = side_input(text, &[], &BuildOptions::default());
        let c = crate::view::compare(&without, &with).comparison;
        assert!(c.image.b.as_ref().unwrap().size_complete);
        assert_ne!(c.image.delta_bytes, 0);
    }
}

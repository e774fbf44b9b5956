//! The editor's completion and hover, from `layerlab-assist` (the language
//! server's functions), as JSON for CodeMirror with UTF-16 positions. Pure;
//! tested natively.
//!
//! Where they run: on the page's thread, when CodeMirror asks. Completion
//! needs only a parse of the text up to the end of the cursor's line (every
//! completion looks backwards: stages, ARGs and ENVs before the cursor), so
//! its cost grows with the cursor's line number, not with the analysis.
//! Hover parses the text and reads the last analysis the page already holds
//! ([`HoverFacts`], the stages and layers of the shown view); it answers
//! only while that analysis is of the editor's current text, and never asks
//! for a new one.

use layerlab_analysis::{LayerReport, StageReport};
use layerlab_assist::{Completion, Facts, Hover, Kind};
use serde::Serialize;

use crate::utf16::utf16_offsets;

/// The byte offset of UTF-16 offset `units` in `text` (inside a character:
/// its start; past the end: the end).
pub fn byte_offset(text: &str, units: usize) -> usize {
    if text.is_ascii() {
        return units.min(text.len());
    }
    let mut n = 0;
    for (i, c) in text.char_indices() {
        if n + c.len_utf16() > units {
            return i;
        }
        n += c.len_utf16();
    }
    text.len()
}

/// CodeMirror's completion result: the range replaced and the options.
#[derive(Serialize)]
struct Completions {
    from: usize,
    to: usize,
    options: Vec<CmOption>,
}

#[derive(Serialize)]
struct CmOption {
    label: String,
    /// CodeMirror's icon class (`keyword`, `property`, …).
    #[serde(rename = "type")]
    kind: &'static str,
    detail: String,
    apply: String,
}

fn cm_type(k: Kind) -> &'static str {
    match k {
        Kind::Instruction => "keyword",
        Kind::Flag => "property",
        Kind::Stage => "namespace",
        Kind::Variable => "variable",
        Kind::Image => "class",
        Kind::Tag => "constant",
    }
}

/// The completions at UTF-16 position `pos` of `text`, as CodeMirror's
/// `{from, to, options}` (JSON), or None when there are none.
pub fn completions_json(text: &str, pos: usize) -> Option<String> {
    let offset = byte_offset(text, pos);
    let line_end = text[offset..]
        .find('\n')
        .map(|i| offset + i)
        .unwrap_or(text.len());
    let prefix = &text[..line_end];
    let df = layerlab_syntax::parse(prefix);
    let mut items: Vec<Completion> = layerlab_assist::complete(&df, prefix, offset);
    // A word already typed in full has nothing to complete (and a popup
    // offering it again is noise).
    items.retain(|i| text.get(i.replace.start..i.replace.end) != Some(i.insert.as_str()));
    let first = items.first()?;
    // One call's items replace the same word (the client's `from`).
    let (from, to) = (first.replace.start, first.replace.end);
    let u = utf16_offsets(text, &[from, to]);
    let options = items
        .into_iter()
        .filter(|i| i.replace.start == from)
        .map(|i| CmOption {
            label: i.label,
            kind: cm_type(i.kind),
            detail: i.detail,
            apply: i.insert,
        })
        .collect();
    serde_json::to_string(&Completions {
        from: u[0],
        to: u[1],
        options,
    })
    .ok()
}

/// What the page's hover reads of the shown analysis.
#[derive(Clone, Default)]
pub struct HoverFacts {
    pub stages: std::rc::Rc<Vec<StageReport>>,
    pub layers: std::rc::Rc<Vec<LayerReport>>,
    /// Whether they are of the editor's current text (false while a newer
    /// text is being analysed: then there is no hover).
    pub current: bool,
}

#[derive(Serialize)]
struct CmHover<'a> {
    from: usize,
    to: usize,
    sections: &'a [layerlab_assist::Section],
}

/// The hover at UTF-16 position `pos` of `text`, as `{from, to, sections}`
/// (JSON), or None. The findings' rules are left out: the editor's lint
/// tooltip already shows the finding itself.
pub fn hover_json(text: &str, pos: usize, facts: &HoverFacts) -> Option<String> {
    if !facts.current {
        return None;
    }
    let df = layerlab_syntax::parse(text);
    let f = Facts {
        stages: &facts.stages,
        layers: &facts.layers,
        findings: &[],
    };
    let h: Hover = layerlab_assist::hover(&df, f, byte_offset(text, pos))?;
    let u = utf16_offsets(text, &[h.span.start, h.span.end]);
    serde_json::to_string(&CmHover {
        from: u[0],
        to: u[1],
        sections: &h.sections,
    })
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn utf16_to_bytes() {
        let t = "é😀x";
        assert_eq!(byte_offset(t, 0), 0);
        assert_eq!(byte_offset(t, 1), 2);
        assert_eq!(byte_offset(t, 2), 2); // inside the surrogate pair
        assert_eq!(byte_offset(t, 3), 6);
        assert_eq!(byte_offset(t, 9), 7);
    }

    #[test]
    fn completion_positions_are_utf16() {
        let text = "# é😀\nFROM pyth\n";
        let pos = text.encode_utf16().count() - 1;
        let v: Value = serde_json::from_str(&completions_json(text, pos).unwrap()).unwrap();
        assert_eq!(v["from"], pos - 4);
        assert_eq!(v["to"], pos);
        assert_eq!(v["options"][0]["label"], "python");
        assert_eq!(v["options"][0]["type"], "class");
        assert!(completions_json("FROM alpine\nRUN echo hi", 20).is_none());
        // Nothing when the word is complete: `FROM alpine`, `RUN`.
        assert!(completions_json("FROM alpine", 11).is_none());
        assert!(completions_json("RUN", 3).is_none());
    }

    #[test]
    fn stage_names_and_flags() {
        let text = "FROM golang AS build\nFROM alpine\nCOPY --from=";
        let v: Value = serde_json::from_str(&completions_json(text, text.len()).unwrap()).unwrap();
        assert_eq!(v["options"][0]["label"], "build");
        let text = "FROM alpine\nRUN --";
        let v: Value = serde_json::from_str(&completions_json(text, text.len()).unwrap()).unwrap();
        assert_eq!(v["options"][0]["label"], "--mount");
    }

    #[test]
    fn hover_only_with_a_current_analysis() {
        let text = "FROM python:3.8-slim\nRUN pip install flask\n";
        let a = layerlab_analysis::analyze(text, &layerlab_analysis::Options::default());
        let mut facts = HoverFacts {
            stages: std::rc::Rc::new(a.report.stages.clone()),
            layers: std::rc::Rc::new(a.report.layers.clone()),
            current: true,
        };
        let v: Value = serde_json::from_str(&hover_json(text, 8, &facts).unwrap()).unwrap();
        assert_eq!(v["from"], 5);
        assert_eq!(v["sections"][0]["kind"], "image");
        assert_eq!(v["sections"][0]["reference"], "python:3.8-slim");
        let v: Value = serde_json::from_str(&hover_json(text, 23, &facts).unwrap()).unwrap();
        assert_eq!(v["sections"][0]["kind"], "layer");
        assert!(v["sections"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["kind"] != "rule"));
        facts.current = false;
        assert!(hover_json(text, 8, &facts).is_none());
    }
}

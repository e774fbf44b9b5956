//! Completion from the text before the cursor on its line and a parse of the
//! file: instructions at the start of a line, a keyword's flags after `--`,
//! stage names after `--from=`, ARG/ENV names after `$` or `${`, and in a
//! FROM's image word the catalogue's images (and earlier stages), then after
//! `name:` that image's published tags, newest first.

use crate::locate;
use layerlab_catalog::{catalogued_images, published_tags, version_key};
use layerlab_syntax::{Dockerfile, Keyword, Span};
use serde::Serialize;
use std::cmp::Reverse;

/// What kind of thing a completion item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Instruction,
    Flag,
    Stage,
    Variable,
    /// An official image of the catalogue.
    Image,
    /// A published tag of an image.
    Tag,
}

/// One completion: what to show, what to insert and what it replaces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Completion {
    pub label: String,
    pub kind: Kind,
    pub detail: String,
    /// The text that replaces `replace`.
    pub insert: String,
    /// The bytes of the Dockerfile the item replaces: from the start of the
    /// word typed so far to the cursor.
    pub replace: Span,
}

/// At most this many tags are offered (the newest).
pub const MAX_TAGS: usize = 50;

/// The builder flags of each instruction (Dockerfile reference).
fn flags(k: Keyword) -> &'static [&'static str] {
    match k {
        Keyword::From => &["platform"],
        Keyword::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
        Keyword::Add => &[
            "chown",
            "chmod",
            "link",
            "keep-git-dir",
            "checksum",
            "exclude",
        ],
        Keyword::Run => &["mount", "network", "security"],
        Keyword::Healthcheck => &[
            "interval",
            "timeout",
            "start-period",
            "start-interval",
            "retries",
        ],
        _ => &[],
    }
}

/// Where the cursor is on its line.
struct Cursor<'t> {
    offset: usize,
    line_start: usize,
    /// The line's text before the cursor.
    before: &'t str,
    /// Where the word under the cursor starts, in `before`.
    word_start: usize,
    /// The word typed so far.
    word: &'t str,
    /// The line continues the previous one (after the escape character).
    continued: bool,
}

impl Cursor<'_> {
    fn item(&self, label: String, kind: Kind, detail: String, from: usize) -> Completion {
        Completion {
            insert: label.clone(),
            label,
            kind,
            detail,
            replace: Span {
                start: from,
                end: self.offset,
            },
        }
    }

    /// The byte offset of `i` bytes into the word.
    fn in_word(&self, i: usize) -> usize {
        self.line_start + self.word_start + i
    }
}

fn cursor<'t>(df: &Dockerfile, text: &'t str, offset: usize) -> Cursor<'t> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let before = &text[line_start..offset];
    let word_start = before
        .rfind(|c: char| c.is_whitespace())
        .map(|i| i + 1)
        .unwrap_or(0);
    let continued = line_start >= 2
        && text[..line_start - 1]
            .trim_end_matches('\r')
            .ends_with(df.escape);
    Cursor {
        offset,
        line_start,
        before,
        word_start,
        word: &before[word_start..],
        continued,
    }
}

/// The completions at `offset` in `text` (whose parse is `df`).
pub fn complete(df: &Dockerfile, text: &str, offset: usize) -> Vec<Completion> {
    let c = cursor(df, text, offset);
    if let Some(items) = variables(df, &c) {
        return items;
    }
    if let Some(partial) = c.word.strip_prefix("--from=") {
        return stages(df, &c, partial, c.in_word("--from=".len()));
    }
    if let Some(partial) = c.word.strip_prefix("--") {
        return flag_items(df, &c, partial);
    }
    let first_word = c.before[..c.word_start].trim().is_empty();
    if first_word && !c.continued && c.word.bytes().all(|b| b.is_ascii_alphabetic()) {
        let typed = c.word.to_ascii_uppercase();
        return Keyword::ALL
            .iter()
            .filter(|k| k.as_str().starts_with(&typed))
            .map(|k| {
                c.item(
                    k.as_str().to_string(),
                    Kind::Instruction,
                    "instruction".into(),
                    c.in_word(0),
                )
            })
            .collect();
    }
    if is_from_image_word(&c) {
        return images(df, &c);
    }
    Vec::new()
}

/// `$NAME` / `${NAME`: the ARG and ENV names in scope, nearest first.
fn variables(df: &Dockerfile, c: &Cursor) -> Option<Vec<Completion>> {
    let i = c.word.rfind('$')?;
    let rest = &c.word[i + 1..];
    let (name, skip) = match rest.strip_prefix('{') {
        Some(n) => (n, 2),
        None => (rest, 1),
    };
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let mut seen = std::collections::BTreeSet::new();
    let items = locate::vars_in_scope(df, c.offset)
        .into_iter()
        .rev()
        .filter(|v| v.name.starts_with(name) && seen.insert(v.name.clone()))
        .map(|v| {
            c.item(
                v.name,
                Kind::Variable,
                v.keyword.as_str().to_string(),
                c.in_word(i + skip),
            )
        })
        .collect();
    Some(items)
}

/// The named stages before the cursor whose names start with `partial`.
fn stages(df: &Dockerfile, c: &Cursor, partial: &str, from: usize) -> Vec<Completion> {
    let froms = locate::froms(df);
    // The stages before the one the cursor is in (a stage cannot copy from
    // itself, and a FROM's own stage is not there yet).
    let here = locate::stages_before(df, c.offset).saturating_sub(1);
    froms[..here.min(froms.len())]
        .iter()
        .filter_map(|f| {
            let n = f.name?;
            n.text.starts_with(partial).then(|| {
                c.item(
                    n.text.clone(),
                    Kind::Stage,
                    format!(
                        "stage {}: FROM {}",
                        f.index,
                        f.image.map(|t| t.text.as_str()).unwrap_or("")
                    ),
                    from,
                )
            })
        })
        .collect()
}

/// `--…`: the flags of the line's instruction (or of the instruction a
/// continuation line belongs to).
fn flag_items(df: &Dockerfile, c: &Cursor, partial: &str) -> Vec<Completion> {
    if partial.contains('=') {
        return Vec::new();
    }
    let keyword = if c.continued {
        locate::instruction_at(df, c.line_start.saturating_sub(1)).map(|i| i.kind)
    } else {
        c.before.split_whitespace().next().map(Keyword::from_word)
    };
    let Some(k) = keyword else {
        return Vec::new();
    };
    flags(k)
        .iter()
        .filter(|f| f.starts_with(partial))
        .map(|f| {
            c.item(
                format!("--{f}"),
                Kind::Flag,
                format!("{} flag", k.as_str()),
                c.in_word(0),
            )
        })
        .collect()
}

/// Whether the cursor is in a FROM's image word: the first word after the
/// keyword that is not a flag, on the FROM's own line.
fn is_from_image_word(c: &Cursor) -> bool {
    if c.continued {
        return false;
    }
    let mut words = c.before[..c.word_start].split_whitespace();
    if !words
        .next()
        .is_some_and(|w| Keyword::from_word(w) == Keyword::From)
    {
        return false;
    }
    words.all(|w| w.starts_with("--")) && !c.word.starts_with("--")
}

/// The image word: before `:`, the catalogue's images and the earlier
/// stages; after `name:`, that image's published tags.
fn images(df: &Dockerfile, c: &Cursor) -> Vec<Completion> {
    if c.word.contains('@') {
        return Vec::new();
    }
    if let Some((name, partial)) = c.word.split_once(':') {
        let from = c.in_word(name.len() + 1);
        return tags(official_name(name), partial)
            .into_iter()
            .map(|t| {
                c.item(
                    t.to_string(),
                    Kind::Tag,
                    format!("published tag of {name}"),
                    from,
                )
            })
            .collect();
    }
    let mut out = stages(df, c, c.word, c.in_word(0));
    out.extend(
        catalogued_images()
            .filter(|i| i.starts_with(c.word))
            .map(|i| {
                c.item(
                    i.to_string(),
                    Kind::Image,
                    "official image".into(),
                    c.in_word(0),
                )
            }),
    );
    out
}

/// `docker.io/library/python` and `library/python` are `python`.
fn official_name(name: &str) -> &str {
    let name = name.strip_prefix("docker.io/").unwrap_or(name);
    name.strip_prefix("library/").unwrap_or(name)
}

/// The published tags of `image` starting with `partial`, newest first: by
/// release line (`3.14` before `3.13`), the moving tags of a line (`3.14`,
/// `3.14-slim`) before its exact ones (`3.14.7-slim`), shorter variants
/// first; pre-releases (`3.15-rc`, `3.15.0rc1`) after the releases, then the
/// named tags (`latest`, `slim`, …) alphabetically; at most [`MAX_TAGS`].
pub fn tags(image: &str, partial: &str) -> Vec<&'static str> {
    let Some(all) = published_tags(image) else {
        return Vec::new();
    };
    let mut tags: Vec<&'static str> = all.filter(|t| t.starts_with(partial)).collect();
    layerlab_sort::sort_by_cached_key(&mut tags, |t| tag_order(t));
    tags.truncate(MAX_TAGS);
    tags
}

/// The sort key of a tag for [`tags`].
fn tag_order(tag: &str) -> impl Ord + '_ {
    let (version, variant) = tag.split_once('-').unwrap_or((tag, ""));
    let numbered = version.starts_with(|c: char| c.is_ascii_digit());
    let pre = !version.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        || variant == "rc"
        || variant.starts_with("rc-");
    let key = if numbered {
        version_key(version)
    } else {
        Vec::new()
    };
    let line: Vec<u32> = key.iter().take(2).copied().collect();
    (
        !numbered,
        pre,
        Reverse(line),
        key.len(),
        Reverse(key),
        variant.len(),
        tag,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Vec<Completion> {
        let (before, after) = text.split_once('|').expect("a cursor");
        let full = format!("{before}{after}");
        complete(&layerlab_syntax::parse(&full), &full, before.len())
    }

    fn labels(items: &[Completion]) -> Vec<&str> {
        items.iter().map(|i| i.label.as_str()).collect()
    }

    #[test]
    fn instructions_at_a_line_start() {
        let items = at("FROM alpine\nru|");
        assert_eq!(labels(&items), ["RUN"]);
        assert_eq!(items[0].replace, Span { start: 12, end: 14 });
        assert_eq!(items[0].kind, Kind::Instruction);
    }

    #[test]
    fn flags_of_the_lines_instruction() {
        let items = at("FROM alpine\nRUN --|");
        assert_eq!(labels(&items), ["--mount", "--network", "--security"]);
        assert_eq!(items[0].replace, Span { start: 16, end: 18 });
        // A continuation line's flags are its instruction's.
        assert_eq!(
            labels(&at("FROM alpine\nCOPY \\\n  --ch|")),
            ["--chown", "--chmod"]
        );
    }

    #[test]
    fn stage_names_after_from_flag() {
        let text = "FROM golang AS build\nFROM alpine AS other\nFROM scratch\nCOPY --from=|";
        assert_eq!(labels(&at(text)), ["build", "other"]);
        // Not the stage the COPY is in.
        assert!(at("FROM golang AS build\nCOPY --from=|").is_empty());
        let text = "FROM golang AS build\nFROM alpine\nCOPY --from=b|\nFROM alpine AS later";
        let items = at(text);
        assert_eq!(labels(&items), ["build"]);
        assert_eq!(items[0].replace.start, text.find("b|").unwrap());
    }

    #[test]
    fn variables_in_scope() {
        let items = at("ARG VERSION=1\nFROM alpine\nARG VARIANT\nRUN echo ${VA|");
        assert_eq!(labels(&items), ["VARIANT"]);
        assert_eq!(items[0].detail, "ARG");
    }

    #[test]
    fn images_after_from_and_earlier_stages() {
        let items = at("FROM pyth|");
        assert_eq!(labels(&items), ["python"]);
        assert_eq!(items[0].kind, Kind::Image);
        assert_eq!(items[0].replace, Span { start: 5, end: 9 });
        let items = at("FROM golang AS gobuild\nFROM --platform=linux/amd64 go|");
        assert_eq!(labels(&items), ["gobuild", "golang"]);
        assert_eq!(items[0].kind, Kind::Stage);
        // Not after the image word, and not in a flag.
        assert!(at("FROM python AS b|").is_empty());
        assert!(at("FROM --plat|").iter().all(|i| i.kind == Kind::Flag));
    }

    #[test]
    fn published_tags_newest_first() {
        let items = at("FROM python:3.1|");
        assert!(!items.is_empty());
        assert!(items.len() <= MAX_TAGS);
        let labels = labels(&items);
        assert!(labels.iter().all(|t| t.starts_with("3.1")), "{labels:?}");
        // Every tag is published in the catalogue.
        let published: Vec<&str> = published_tags("python").unwrap().collect();
        assert!(labels.iter().all(|t| published.contains(t)));
        // Newest first: the release lines never go up; moving tags first.
        let line = |t: &str| version_key(t.split('-').next().unwrap())[..2].to_vec();
        assert!(
            labels.windows(2).all(|w| line(w[0]) >= line(w[1])),
            "{labels:?}"
        );
        let n = |t: &str| labels.iter().position(|l| *l == t).unwrap();
        assert!(
            n("3.14") < n("3.14-slim") && n("3.14-slim") < n("3.13"),
            "{labels:?}"
        );
        assert!(
            labels.iter().all(|t| !t.starts_with("3.15")),
            "releases first: {labels:?}"
        );
        let text = "FROM python:3.1";
        assert_eq!(
            items[0].replace,
            Span {
                start: 12,
                end: text.len()
            }
        );
        assert_eq!(items[0].kind, Kind::Tag);
        // The library/ prefix names the same image; an unknown image has none.
        assert!(!at("FROM docker.io/library/python:3.1|").is_empty());
        assert!(at("FROM example.com/app:1|").is_empty());
    }

    #[test]
    fn named_tags_after_versions() {
        let t = tags("python", "");
        assert_eq!(t.len(), MAX_TAGS);
        assert!(t[0].starts_with(|c: char| c.is_ascii_digit()));
        let s = tags("python", "s");
        assert!(s.contains(&"slim"), "{s:?}");
    }

    #[test]
    fn offsets_past_the_end_or_inside_a_character() {
        let text = "FROM é";
        let df = layerlab_syntax::parse(text);
        for o in 0..=text.len() + 3 {
            complete(&df, text, o);
        }
    }
}

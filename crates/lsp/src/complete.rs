//! Completion from the text before the cursor on its line: instructions at
//! the start of a line, a keyword's flags after `--`, stage names after
//! `--from=`, ARG/ENV names after `$` or `${`.

use crate::locate;
use layerlab_syntax::{Dockerfile, Keyword};

/// What kind of thing a completion item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Instruction,
    Flag,
    Stage,
    Variable,
}

pub struct Item {
    pub label: String,
    pub kind: Kind,
    pub detail: String,
    /// The bytes before the cursor the item replaces.
    pub replace_from: usize,
}

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

pub fn complete(df: &Dockerfile, text: &str, offset: usize) -> Vec<Item> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let before = &text[line_start..offset];
    let word_start = before
        .rfind(|c: char| c.is_whitespace())
        .map(|i| i + 1)
        .unwrap_or(0);
    let word = &before[word_start..];
    let continued = line_start >= 2
        && text[..line_start - 1]
            .trim_end_matches('\r')
            .ends_with(df.escape);
    let mut out = Vec::new();

    // $VAR / ${VAR
    if let Some(i) = word.rfind('$') {
        let rest = &word[i + 1..];
        let (name, skip) = match rest.strip_prefix('{') {
            Some(n) => (n, 2),
            None => (rest, 1),
        };
        if name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
            let mut seen = std::collections::BTreeSet::new();
            for v in locate::vars_in_scope(df, offset).into_iter().rev() {
                if v.name.starts_with(name) && seen.insert(v.name.clone()) {
                    out.push(Item {
                        label: v.name,
                        kind: Kind::Variable,
                        detail: v.keyword.as_str().to_string(),
                        replace_from: line_start + word_start + i + skip,
                    });
                }
            }
            return out;
        }
    }
    // --from=
    if let Some(partial) = word.strip_prefix("--from=") {
        let froms = locate::froms(df);
        let here = locate::stages_before(df, offset);
        for f in &froms[..here.min(froms.len())] {
            if let Some(n) = f.name {
                if n.text.starts_with(partial) {
                    out.push(Item {
                        label: n.text.clone(),
                        kind: Kind::Stage,
                        detail: format!(
                            "stage {}: FROM {}",
                            f.index,
                            f.image.map(|t| t.text.as_str()).unwrap_or("")
                        ),
                        replace_from: line_start + word_start + "--from=".len(),
                    });
                }
            }
        }
        return out;
    }
    let first_word = before[..word_start].trim().is_empty();
    // Flags: `--` after the keyword.
    if let Some(partial) = word.strip_prefix("--") {
        let keyword = if continued {
            locate::instruction_at(df, line_start.saturating_sub(1)).map(|i| i.kind)
        } else {
            before.split_whitespace().next().map(Keyword::from_word)
        };
        if let Some(k) = keyword {
            for f in flags(k) {
                if f.starts_with(partial) && !partial.contains('=') {
                    out.push(Item {
                        label: format!("--{f}"),
                        kind: Kind::Flag,
                        detail: format!("{} flag", k.as_str()),
                        replace_from: line_start + word_start,
                    });
                }
            }
        }
        return out;
    }
    // An instruction at the start of a line.
    if first_word && !continued && word.bytes().all(|c| c.is_ascii_alphabetic()) {
        for k in Keyword::ALL {
            if k.as_str().starts_with(&word.to_ascii_uppercase()) {
                out.push(Item {
                    label: k.as_str().to_string(),
                    kind: Kind::Instruction,
                    detail: "instruction".into(),
                    replace_from: line_start + word_start,
                });
            }
        }
    }
    out
}

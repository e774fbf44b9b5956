//! Hover: what is known about the place under the cursor, as typed
//! sections — a base image's facts from the catalogue (through the
//! simulation's `ImageFacts`), an instruction's layer (estimated size and
//! notes), the rules of the findings there. [`Hover::markdown`] writes them
//! for the language server; the page draws the sections itself.

use crate::locate;
use layerlab_analysis::report::{BaseKind, LayerReport, StageReport};
use layerlab_analysis::sim::base::ImageFacts;
use layerlab_analysis::sim::size::{human, range_text};
use layerlab_analysis::{rules, Analysis, Finding};
use layerlab_syntax::{Dockerfile, Keyword, Span};
use serde::Serialize;

/// The parts of the last analysis a hover reads. The page holds these (not
/// the whole analysis) and passes them with a parse of the same text.
#[derive(Clone, Copy)]
pub struct Facts<'a> {
    pub stages: &'a [StageReport],
    pub layers: &'a [LayerReport],
    pub findings: &'a [Finding],
}

impl<'a> Facts<'a> {
    pub fn of(a: &'a Analysis) -> Facts<'a> {
        Facts {
            stages: &a.report.stages,
            layers: &a.report.layers,
            findings: &a.report.findings,
        }
    }
}

/// What a hover shows and the span of the Dockerfile it is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hover {
    pub span: Span,
    pub sections: Vec<Section>,
}

/// One part of a hover.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Section {
    /// A base image the catalogue knows: its reference and facts.
    Image { reference: String, facts: Vec<Fact> },
    /// A base without facts: an earlier stage, scratch, or an image the
    /// catalogue does not have.
    Base { name: String, what: BaseWhat },
    /// The layer an instruction adds.
    Layer {
        line: u32,
        /// The estimated size with its range, or `unknown`.
        size: String,
        notes: Vec<String>,
    },
    /// The rule of a finding under the cursor.
    Rule {
        id: String,
        summary: String,
        href: Option<String>,
    },
}

/// What a base without catalogue facts is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BaseWhat {
    EarlierStage,
    Scratch,
    NotCatalogued,
}

impl BaseWhat {
    fn text(self) -> &'static str {
        match self {
            BaseWhat::EarlierStage => "an earlier stage",
            BaseWhat::Scratch => "the empty image",
            BaseWhat::NotCatalogued => "no facts in the catalogue",
        }
    }
}

/// One line of an image's facts: `system: Debian 12 (bookworm), glibc, apt`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub label: &'static str,
    pub value: String,
    /// The value is an image reference or tag (shown as code).
    pub code: bool,
}

impl Fact {
    fn text(label: &'static str, value: String) -> Fact {
        Fact {
            label,
            value,
            code: false,
        }
    }
}

/// The hover at `offset`: `df` is the parse of the text the `facts` were
/// computed from (the caller makes sure they belong together).
pub fn hover(df: &Dockerfile, facts: Facts, offset: usize) -> Option<Hover> {
    let ins = locate::instruction_at(df, offset)?;
    let mut sections = Vec::new();
    let mut span = ins.span;
    if ins.kind == Keyword::From {
        let froms = locate::froms(df);
        let image = froms
            .iter()
            .find(|f| std::ptr::eq(f.ins, ins))
            .and_then(|f| Some((f.index, f.image?)))
            .filter(|(_, t)| t.span.start <= offset && offset <= t.span.end);
        if let Some((index, word)) = image {
            span = word.span;
            sections.extend(base_section(facts.stages.get(index)));
        }
    }
    if let Some(l) = facts.layers.iter().find(|l| l.line == ins.start_line) {
        sections.push(Section::Layer {
            line: l.line,
            size: range_text(
                l.size_bytes,
                l.size_low_bytes,
                l.size_high_bytes,
                l.size_complete,
            ),
            notes: l.notes.clone(),
        });
    }
    for f in facts
        .findings
        .iter()
        .filter(|f| f.start <= offset && offset <= f.end.max(f.start + 1))
    {
        if let Some(r) = rules::rule(&f.rule) {
            sections.push(Section::Rule {
                id: f.rule.clone(),
                summary: r.meta().summary.to_string(),
                href: crate::rule_href(&f.rule),
            });
        }
    }
    (!sections.is_empty()).then_some(Hover { span, sections })
}

fn base_section(stage: Option<&StageReport>) -> Option<Section> {
    let s = stage?;
    if let Some(facts) = &s.image {
        return Some(image(facts));
    }
    Some(Section::Base {
        name: s.base.clone(),
        what: match s.base_kind {
            BaseKind::Stage => BaseWhat::EarlierStage,
            BaseKind::Scratch => BaseWhat::Scratch,
            _ => BaseWhat::NotCatalogued,
        },
    })
}

/// A base image in a few facts: distribution, libc, package manager,
/// language, size, end of life, whether the tag is published.
pub fn image(f: &ImageFacts) -> Section {
    let mut facts = Vec::new();
    let mut os = Vec::new();
    if let Some(d) = &f.distro {
        let mut s = capitalized(d);
        if let Some(v) = &f.distro_version {
            s.push(' ');
            s.push_str(v);
        }
        if let Some(c) = &f.codename {
            s.push_str(&format!(" ({c})"));
        }
        os.push(s);
    }
    os.extend(f.libc.clone());
    os.extend(f.package_manager.clone());
    if !os.is_empty() {
        facts.push(Fact::text("system", os.join(", ")));
    }
    if let Some(rt) = &f.runtime {
        let v = f.runtime_version.as_deref().unwrap_or("");
        let value = format!("{} {v}", capitalized(rt)).trim().to_string();
        facts.push(Fact::text("language", value));
    }
    let size = match &f.size {
        Some(b) => {
            let mut s = format!(
                "{} uncompressed{}",
                range_text(b.value, b.low, b.high, b.complete),
                if f.size_estimated { " (estimated)" } else { "" }
            );
            if let Some(c) = f.compressed_size {
                s.push_str(&format!(", {} to download", human(c)));
            }
            s
        }
        None => "unknown".into(),
    };
    facts.push(Fact::text("size", size));
    let eol = |label: &'static str, date: &Option<String>, past: bool| {
        date.as_ref()
            .map(|d| Fact::text(label, format!("{d}{}", if past { " (past)" } else { "" })))
    };
    facts.extend(eol("system end of life", &f.distro_eol, f.distro_eol_past));
    facts.extend(eol(
        "language end of life",
        &f.runtime_eol,
        f.runtime_eol_past,
    ));
    let status = f.status.replace('_', " ");
    facts.push(Fact::text(
        "tag",
        if f.status_detail.is_empty() {
            status
        } else {
            format!("{status} ({})", f.status_detail)
        },
    ));
    for (label, tag) in [("same as", &f.canonical_tag), ("suggested", &f.suggestion)] {
        if let Some(t) = tag {
            facts.push(Fact {
                label,
                value: t.clone(),
                code: true,
            });
        }
    }
    Section::Image {
        reference: f.reference.clone(),
        facts,
    }
}

impl Hover {
    /// The hover as Markdown (the language server's), sections separated
    /// by rules; text from the file is escaped, never markup.
    pub fn markdown(&self) -> String {
        let parts: Vec<String> = self.sections.iter().map(Section::markdown).collect();
        parts.join("\n\n---\n\n")
    }
}

impl Section {
    pub fn markdown(&self) -> String {
        match self {
            Section::Image { reference, facts } => {
                let mut lines = vec![format!("**{}**", md(reference))];
                for f in facts {
                    let value = if f.code {
                        format!("`{}`", f.value.replace('`', "'"))
                    } else {
                        md(&f.value)
                    };
                    lines.push(format!("- {}: {value}", f.label));
                }
                lines.join("\n")
            }
            Section::Base { name, what } => format!("**{}** — {}", md(name), what.text()),
            Section::Layer { line, size, notes } => {
                let mut s = format!("**Layer** (line {line}): {size}");
                for n in notes {
                    s.push_str(&format!("\n- {}", md(n)));
                }
                s
            }
            Section::Rule { id, summary, href } => {
                let link = href
                    .as_ref()
                    .map(|h| format!(" ([docs]({h}))"))
                    .unwrap_or_default();
                format!("**{id}**: {}{link}", md(summary))
            }
        }
    }
}

/// `debian` → `Debian` (the catalogue's names are lower case).
fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Text from the file shown as Markdown text, not markup.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_{}[]<>()#+!|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use layerlab_analysis::{analyze, Options, SimOptions};

    fn analysed(text: &str) -> Analysis {
        let options = Options {
            sim: SimOptions {
                today: "2025-06-01".into(),
                ..SimOptions::default()
            },
            context: None,
        };
        analyze(text, &options)
    }

    const TEXT: &str = "FROM python:3.8-slim AS build\nRUN pip install flask\nFROM scratch AS empty\nFROM example.com/own:1 AS own\nFROM build\n";

    fn at(a: &Analysis, needle: &str) -> Option<Hover> {
        hover(&a.dockerfile, Facts::of(a), TEXT.find(needle).unwrap() + 1)
    }

    #[test]
    fn a_base_images_facts() {
        let a = analysed(TEXT);
        let h = at(&a, "3.8-slim").unwrap();
        assert_eq!(h.span, Span { start: 5, end: 20 });
        let Section::Image { reference, facts } = &h.sections[0] else {
            panic!("{h:?}")
        };
        assert_eq!(reference, "python:3.8-slim");
        let value = |l: &str| {
            facts
                .iter()
                .find(|f| f.label == l)
                .map(|f| f.value.as_str())
                .unwrap_or_else(|| panic!("{l} in {facts:?}"))
        };
        assert!(value("system").contains("Debian"), "{facts:?}");
        assert!(value("system").contains("glibc"), "{facts:?}");
        assert!(value("size").contains("MB"), "{facts:?}");
        assert!(value("language").starts_with("Python 3.8"), "{facts:?}");
        assert!(value("language end of life").ends_with("(past)"));
        let md = h.markdown();
        assert!(
            md.starts_with("**python:3.8-slim**\n- system: Debian"),
            "{md}"
        );
    }

    #[test]
    fn bases_without_facts() {
        let a = analysed(TEXT);
        let section = |needle: &str| {
            let offset = TEXT.find(needle).unwrap() + 6;
            let h = hover(&a.dockerfile, Facts::of(&a), offset).unwrap();
            h.sections[0].clone()
        };
        let base = |s: Section| match s {
            Section::Base { what, .. } => what,
            s => panic!("{s:?}"),
        };
        assert_eq!(base(section("FROM build")), BaseWhat::EarlierStage);
        assert_eq!(base(section("FROM scratch")), BaseWhat::Scratch);
        // An image the catalogue does not know: its size and tag are unknown.
        let Section::Image { facts, .. } = section("FROM example") else {
            panic!()
        };
        let text: Vec<String> = facts
            .iter()
            .map(|f| format!("{}: {}", f.label, f.value))
            .collect();
        assert!(text.contains(&"size: unknown".to_string()), "{text:?}");
        assert!(
            text.iter().any(|t| t.starts_with("tag: unknown")),
            "{text:?}"
        );
    }

    #[test]
    fn an_instructions_layer_and_the_rules_there() {
        let a = analysed(TEXT);
        let h = at(&a, "RUN").unwrap();
        let Section::Layer { line, size, .. } = &h.sections[0] else {
            panic!("{h:?}")
        };
        assert_eq!(*line, 2);
        assert!(size.contains("MB"), "{size}");
        let rules: Vec<&str> = h
            .sections
            .iter()
            .filter_map(|s| match s {
                Section::Rule { id, .. } => Some(id.as_str()),
                _ => None,
            })
            .collect();
        assert!(rules.contains(&"pip-no-cache-dir"), "{h:?}");
        assert!(h.markdown().contains("**Layer** (line 2)"));
        assert!(h.markdown().contains("/docs/rules.md#pip-no-cache-dir"));
    }

    #[test]
    fn nothing_outside_instructions_or_without_facts() {
        let a = analysed(TEXT);
        assert!(hover(&a.dockerfile, Facts::of(&a), TEXT.len() + 10).is_none());
        let none = Facts {
            stages: &[],
            layers: &[],
            findings: &[],
        };
        assert!(hover(&a.dockerfile, none, 7).is_none());
    }

    #[test]
    fn markdown_escapes_text_from_the_file() {
        let s = Section::Base {
            name: "a*b_[c](d)".into(),
            what: BaseWhat::NotCatalogued,
        };
        assert_eq!(
            s.markdown(),
            "**a\\*b\\_\\[c\\]\\(d\\)** — no facts in the catalogue"
        );
    }
}

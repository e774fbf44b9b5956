//! Hover: a base image's facts from the catalogue (through the simulation's
//! `ImageFacts`), an instruction's layer (estimated size and notes), and the
//! rule of a finding under the cursor.

use crate::diagnostics::rule_href;
use crate::locate;
use layerlab_analysis::sim::base::ImageFacts;
use layerlab_analysis::sim::size::{human, range_text};
use layerlab_analysis::{rules, Analysis};
use layerlab_syntax::{Keyword, Span};

/// The hover's Markdown and the span it is about.
pub fn hover(a: &Analysis, offset: usize) -> Option<(String, Span)> {
    let df = &a.dockerfile;
    let ins = locate::instruction_at(df, offset)?;
    let mut parts = Vec::new();
    let mut span = ins.span;
    if ins.kind == Keyword::From {
        let froms = locate::froms(df);
        if let Some(f) = froms.iter().find(|f| std::ptr::eq(f.ins, ins)) {
            if let Some(img) = f
                .image
                .filter(|t| t.span.start <= offset && offset <= t.span.end)
            {
                span = img.span;
                let stage = a.report.stages.get(f.index);
                match stage.and_then(|s| s.image.as_ref()) {
                    Some(facts) => parts.push(image(facts)),
                    None => {
                        if let Some(s) = stage {
                            parts.push(format!(
                                "**{}** — {}",
                                md(&s.base),
                                match s.base_kind {
                                    layerlab_analysis::BaseKind::Stage => "an earlier stage",
                                    layerlab_analysis::BaseKind::Scratch => "the empty image",
                                    _ => "no facts in the catalogue",
                                }
                            ));
                        }
                    }
                }
            }
        }
    }
    if let Some(l) = a.report.layers.iter().find(|l| l.line == ins.start_line) {
        let mut s = format!(
            "**Layer** (line {}): {}",
            l.line,
            range_text(
                l.size_bytes,
                l.size_low_bytes,
                l.size_high_bytes,
                l.size_complete
            )
        );
        for n in &l.notes {
            s.push_str(&format!("\n- {}", md(n)));
        }
        parts.push(s);
    }
    for f in a
        .report
        .findings
        .iter()
        .filter(|f| f.start <= offset && offset <= f.end.max(f.start + 1))
    {
        if let Some(r) = rules::rule(&f.rule) {
            let link = rule_href(&f.rule)
                .map(|h| format!(" ([docs]({h}))"))
                .unwrap_or_default();
            parts.push(format!("**{}**: {}{link}", f.rule, md(r.meta().summary)));
        }
    }
    (!parts.is_empty()).then(|| (parts.join("\n\n---\n\n"), span))
}

/// A base image in a few lines: distribution, libc, package manager,
/// language, size, end of life, whether the tag is published.
pub fn image(f: &ImageFacts) -> String {
    let mut lines = vec![format!("**{}**", md(&f.reference))];
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
    if let Some(l) = &f.libc {
        os.push(l.clone());
    }
    if let Some(p) = &f.package_manager {
        os.push(p.clone());
    }
    if !os.is_empty() {
        lines.push(format!("- system: {}", md(&os.join(", "))));
    }
    if let Some(rt) = &f.runtime {
        let v = f.runtime_version.as_deref().unwrap_or("");
        lines.push(format!(
            "- language: {}",
            md(format!("{} {v}", capitalized(rt)).trim())
        ));
    }
    match &f.size {
        Some(b) => {
            let mut s = format!(
                "- size: {} uncompressed{}",
                range_text(b.value, b.low, b.high, b.complete),
                if f.size_estimated { " (estimated)" } else { "" }
            );
            if let Some(c) = f.compressed_size {
                s.push_str(&format!(", {} to download", human(c)));
            }
            lines.push(s);
        }
        None => lines.push("- size: unknown".into()),
    }
    let eol = |what: &str, date: &Option<String>, past: bool| {
        date.as_ref().map(|d| {
            format!(
                "- {what} end of life: {d}{}",
                if past { " (past)" } else { "" }
            )
        })
    };
    lines.extend(eol("system", &f.distro_eol, f.distro_eol_past));
    lines.extend(eol("language", &f.runtime_eol, f.runtime_eol_past));
    let status = f.status.replace('_', " ");
    if f.status_detail.is_empty() {
        lines.push(format!("- tag: {status}"));
    } else {
        lines.push(format!("- tag: {status} ({})", md(&f.status_detail)));
    }
    if let Some(c) = &f.canonical_tag {
        lines.push(format!("- same as: `{}`", c.replace('`', "'")));
    }
    if let Some(s) = &f.suggestion {
        lines.push(format!("- suggested: `{}`", s.replace('`', "'")));
    }
    lines.join("\n")
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

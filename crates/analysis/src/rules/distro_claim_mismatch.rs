//! ## What it does
//! Compares what a stage's name and the comments just above its `FROM` say
//! about the distribution (Alpine, Debian, Ubuntu, …) with what the base
//! image is, according to the catalogue: `python:3.8-slim` is Debian (glibc,
//! apt), whatever a comment or a stage called `alpine` says.
//!
//! ## Why it matters
//! The claim leads to the wrong package manager (`apk add` on Debian fails),
//! to wrong expectations about size and the C library (musl or glibc wheels,
//! binaries copied from other images), and to reviews that check the wrong
//! thing.
//!
//! ## Example
//! ```dockerfile
//! # Small Alpine-based image
//! FROM python:3.12-slim AS alpine
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! # Small Debian-based image (slim variant)
//! FROM python:3.12-slim AS runtime
//! ```
//! or `FROM python:3.12-alpine` if Alpine is what you want.
//!
//! ## References
//! - Docker Official Images, python image variants: <https://hub.docker.com/_/python>

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::Base;
use crate::Category;
use layerlab_syntax::{Item, Severity, Span};

pub(crate) const RULE: &dyn Rule = &DistroClaimMismatch;

struct DistroClaimMismatch;

const DISTROS: &[&str] = &[
    "alpine",
    "debian",
    "ubuntu",
    "centos",
    "fedora",
    "rhel",
    "rocky",
    "alma",
    "amazonlinux",
    "wolfi",
];

/// The distribution words in `text`, as whole words (`alpine`, `alpine-based`).
fn claims(text: &str) -> Vec<(usize, &'static str)> {
    // ASCII lowercasing keeps byte offsets (full Unicode lowercasing may not).
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    for d in DISTROS {
        let mut from = 0;
        while let Some(i) = lower[from..].find(d) {
            let s = from + i;
            let e = s + d.len();
            let before = lower[..s]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after = lower[e..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            if before && after {
                out.push((s, *d));
            }
            from = e;
        }
    }
    out
}

impl Rule for DistroClaimMismatch {
    fn meta(&self) -> Meta {
        Meta {
            id: "distro-claim-mismatch",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "a comment or stage name claims a distribution the base image is not",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let items = &cx.df.items;
        for st in &cx.sim.stages {
            let Base::Image { facts: Some(f), .. } = &st.base else {
                continue;
            };
            let Some(actual) = f.distro.as_deref() else {
                continue;
            };
            let actual_l = actual.to_lowercase();
            // Where the claims are: the stage name, and the comment lines right above FROM.
            let mut spots: Vec<(Span, String)> = Vec::new();
            let Some(pos) = items
                .iter()
                .position(|i| matches!(i, Item::Instruction(ins) if ins.start_line == st.line))
            else {
                continue;
            };
            if let Item::Instruction(ins) = &items[pos] {
                if let layerlab_syntax::Args::Words { items: w } = &ins.args {
                    if w.len() == 3 {
                        spots.push((w[2].span, w[2].text.clone()));
                    }
                }
            }
            let mut k = pos;
            let mut comments = 0;
            while k > 0 && comments < 3 {
                k -= 1;
                match &items[k] {
                    Item::Comment(c) => {
                        // The source under the span (the token's text leaves out `# `).
                        spots.push((c.text.span, cx.text(c.text.span).to_string()));
                        comments += 1;
                    }
                    Item::Blank { .. } => {}
                    _ => break,
                }
            }
            for (span, text) in spots {
                let found = claims(&text);
                // A text that names the real distribution too is a comparison, not a claim.
                if found.is_empty()
                    || found.iter().any(|(_, d)| *d == actual_l)
                    || text.to_lowercase().contains("not ")
                {
                    continue;
                }
                let (at, word) = found[0];
                let s = Span::new(span.start + at, span.start + at + word.len());
                let libc = f
                    .libc
                    .as_deref()
                    .map(|l| format!(", {l}"))
                    .unwrap_or_default();
                let pm = f
                    .package_manager
                    .as_deref()
                    .map(|p| format!(", {p}"))
                    .unwrap_or_default();
                let ver = f
                    .distro_version
                    .as_deref()
                    .map(|v| format!(" {v}"))
                    .unwrap_or_default();
                let fi = out.emit(
                    s,
                    format!(
                        "\"{}\" here, but {} is {}{ver}{libc}{pm}",
                        &text[at..at + word.len()],
                        f.reference,
                        capital(actual)
                    ),
                );
                fi.help = format!("Fix the comment or stage name, or use an image that is {} if that is what you want.", capital(word));
            }
        }
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

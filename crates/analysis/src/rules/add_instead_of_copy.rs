//! ## What it does
//! Finds `ADD` used for plain local files and folders, where `COPY` does the
//! same thing.
//!
//! ## Why it matters
//! `ADD` has extra behaviour: it downloads URLs and unpacks local tar
//! archives. Using it for plain files hides that (a later rename of a file to
//! `.tar.gz` silently changes what lands in the image) and makes readers look
//! twice. `COPY` says exactly what happens. `ADD` of URLs, git repositories
//! and archives is not reported.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! ADD app.py /app/
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! COPY app.py /app/
//! ```
//!
//! ## References
//! - hadolint DL3020: <https://github.com/hadolint/hadolint/wiki/DL3020>
//! - Dockerfile best practices, ADD or COPY: <https://docs.docker.com/build/building/best-practices/#add-or-copy>

use super::_shared_instr as s;
use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &AddInsteadOfCopy;

struct AddInsteadOfCopy;

const ARCHIVES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tzst",
    ".gz", ".bz2", ".xz", ".zst", ".lz4", ".tar.lz4",
];

fn special(src: &str) -> bool {
    let l = src.to_ascii_lowercase();
    l.contains("://")
        || l.starts_with("git@")
        || l.ends_with(".git")
        || l.contains('$')
        || l.contains('*')
        || l.contains('?')
        || l.contains('[')
        || l.starts_with("<<")
        || ARCHIVES.iter().any(|a| l.ends_with(a))
}

impl Rule for AddInsteadOfCopy {
    fn meta(&self) -> Meta {
        Meta {
            id: "add-instead-of-copy",
            category: Category::Style,
            severity: Severity::Info,
            summary: "ADD used for local files (COPY is the explicit choice)",
            hadolint: &["DL3020"],
            buildkit: None,
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.checked().filter(|i| i.kind == Keyword::Add) {
            if !ins.heredocs.is_empty() {
                continue;
            }
            let Some((srcs, _)) = s::copy_paths(ins) else {
                continue;
            };
            if srcs.iter().any(|t| special(&t.text)) {
                continue;
            }
            let names: Vec<String> = srcs.iter().map(|t| format!("`{}`", t.text)).collect();
            let f = out.emit(ins.keyword.span, format!("ADD of local files ({}): COPY does the same without ADD's URL and archive handling", names.join(", ")));
            f.help =
                "Use COPY for files and folders; keep ADD for URLs and archives to unpack.".into();
            // ADD-only flags (--checksum, --keep-git-dir, --unpack) make the swap unsafe.
            if ins.flags.iter().all(|fl| {
                matches!(
                    fl.name.text.as_str(),
                    "chown" | "chmod" | "link" | "from" | "exclude" | "parents"
                )
            }) {
                let rep = if ins.keyword.text.chars().all(|c| c.is_lowercase()) {
                    "copy"
                } else {
                    "COPY"
                };
                f.fix = Some(Fix::replace("Use COPY", ins.keyword.span, rep));
            }
        }
    }
}

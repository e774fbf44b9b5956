//! ## What it does
//! Finds `COPY` instructions whose source or destination spells out a
//! Python version directory (`/usr/local/lib/python3.12/site-packages`).
//!
//! ## Why it matters
//! The path is right only as long as the base image's Python is that
//! version. When the tag moves (or someone bumps `FROM python:3.12` to 3.13)
//! the packages land in, or are taken from, a directory the new interpreter
//! never reads: nothing fails at build time, and imports fail when the
//! container starts. Layerlab reports a mismatch that already exists as an
//! error (`python-packages-left-behind`); this is the advice to avoid the
//! trap before it springs.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim AS builder
//! RUN pip install --no-cache-dir flask
//! FROM python:3.12-slim
//! COPY --from=builder /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim AS builder
//! RUN python -m venv /venv && /venv/bin/pip install --no-cache-dir flask
//! FROM python:3.12-slim
//! COPY --from=builder /venv /venv
//! ENV PATH=/venv/bin:$PATH
//! ```
//! (or `pip install --prefix=/install` and `COPY --from=builder /install /usr/local`).
//!
//! ## References
//! - Python docs, `sysconfig` installation paths: <https://docs.python.org/3/library/sysconfig.html#installation-paths>
//! - Python docs, `venv`: <https://docs.python.org/3/library/venv.html>

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &PythonVersionInPath;

struct PythonVersionInPath;

/// The first `pythonX.Y` path component in `path`, if any.
fn versioned_component(path: &str) -> Option<&str> {
    path.split('/').find(|c| {
        c.strip_prefix("python").is_some_and(|v| {
            let mut parts = v.split('.');
            matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None)
                if !a.is_empty() && !b.is_empty() && a.chars().all(|c| c.is_ascii_digit()) && b.chars().all(|c| c.is_ascii_digit()))
        })
    })
}

impl Rule for PythonVersionInPath {
    fn meta(&self) -> Meta {
        Meta {
            id: "python-version-in-path",
            category: Category::Correctness,
            severity: Severity::Info,
            summary: "COPY hard-codes a pythonX.Y directory that breaks silently when the base image's Python changes",
            hadolint: &[],
            buildkit: None,
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.checked().filter(|i| i.kind == Keyword::Copy) {
            let items = match &ins.args {
                Args::Exec { items, .. } | Args::Words { items } => items,
                _ => continue,
            };
            // One finding per instruction, on the first versioned path.
            if let Some((tok, comp)) = items
                .iter()
                .filter(|t| !t.text.contains('$'))
                .find_map(|t| versioned_component(&t.text).map(|c| (t, c)))
            {
                let f = out.emit(tok.span, format!("`{comp}` is hard-coded: if the base image's Python changes, this path no longer matches its site-packages and imports fail at start"));
                f.help = "Install into a version-free place (a venv such as /venv, or pip install --prefix=/install) and copy that.".into();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::versioned_component;

    #[test]
    fn finds_version_directories_only() {
        assert_eq!(
            versioned_component("/usr/local/lib/python3.12/site-packages"),
            Some("python3.12")
        );
        assert_eq!(versioned_component("/usr/lib/python3/dist-packages"), None);
        assert_eq!(versioned_component("/opt/python3.12.1/x"), None);
        assert_eq!(versioned_component("/app/python3.x"), None);
    }
}

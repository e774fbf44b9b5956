//! ## What it does
//! Finds `pip install` of packages without a version, in stages that end up in the
//! final image.
//!
//! ## Why it matters
//! Unpinned packages make rebuilds install whatever version is current, so
//! two builds of the same file can differ, and a new release can break a
//! build that worked yesterday. Requirements files (`-r`) and local paths are not judged here. This is reproducibility advice, so
//! Layerlab reports it as info (hadolint: warning), and only for stages whose
//! contents ship: a builder stage's tools are not reported.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! RUN pip install --no-cache-dir flask
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! RUN pip install --no-cache-dir flask==3.0.3
//! ```
//!
//! ## References
//! - hadolint DL3013: <https://github.com/hadolint/hadolint/wiki/DL3013>
//! - Dockerfile best practices: <https://docs.docker.com/build/building/best-practices/>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &R;

struct R;

impl Rule for R {
    fn meta(&self) -> Meta {
        Meta {
            id: "pip-unpinned",
            category: Category::Reproducibility,
            severity: Severity::Info,
            summary: "pip install without package versions",
            hadolint: &["DL3013"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        s::report_unpinned(
            cx,
            out,
            "pip",
            "pip install",
            "Pin versions (flask==3.0.3), or install from a requirements or constraints file.",
            unpinned,
        );
    }
}

const VALUE_OPTS: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--trusted-host",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--src",
    "--upgrade-strategy",
    "--progress-bar",
    "--cache-dir",
    "--log",
    "--timeout",
    "--retries",
    "--only-binary",
    "--no-binary",
    "--config-settings",
    "-C",
    "--report",
];

fn unpinned(ins: &layerlab_syntax::Instruction) -> Vec<String> {
    let mut out = Vec::new();
    for args in s::sub_invocations(ins, &["pip", "pip3", "pip2", "uv"], &["install"]) {
        for p in s::positional(&args, VALUE_OPTS) {
            let pinned = ["==", ">=", "<=", "~=", "!=", "<", ">", "@", "==="]
                .iter()
                .any(|o| p.contains(o));
            let not_name = p.contains('/')
                || p.starts_with('.')
                || p.contains('$')
                || p.ends_with(".whl")
                || p.ends_with(".tar.gz")
                || p.ends_with(".zip");
            if !pinned
                && !not_name
                && !matches!(p.to_lowercase().as_str(), "pip" | "setuptools" | "wheel")
            {
                out.push(p.to_string());
            }
        }
    }
    out
}

//! ## What it does
//! Finds `LABEL` keys that do not follow Docker's key format: lowercase
//! letters, digits, `.` and `-`, starting and ending with a letter or digit,
//! without repeated separators, and outside the namespaces Docker reserves
//! (`com.docker.*`, `io.docker.*`, `org.dockerproject.*`).
//!
//! ## Why it matters
//! Tools that read labels (registries, scanners, `docker inspect`
//! filters) expect the reverse-DNS format; a key like `Version` or
//! `my_label` is easy to mistype when filtering, and keys in the reserved
//! namespaces may be overwritten by Docker itself.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine:3.20
//! LABEL Maintainer_Name="Jane"
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine:3.20
//! LABEL org.opencontainers.image.authors="Jane"
//! ```
//!
//! ## References
//! - hadolint DL3048: <https://github.com/hadolint/hadolint/wiki/DL3048>
//! - Docker object labels, key format: <https://docs.docker.com/engine/manage-resources/labels/#key-format-recommendations>

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &LabelKeyInvalid;

struct LabelKeyInvalid;

fn problem(k: &str) -> Option<&'static str> {
    if ["com.docker.", "io.docker.", "org.dockerproject."]
        .iter()
        .any(|p| k.starts_with(p))
    {
        return Some("it is in a namespace Docker reserves");
    }
    if !k
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Some("keys use lowercase letters, digits, `.` and `-`");
    }
    if k.starts_with(['.', '-']) || k.ends_with(['.', '-']) {
        return Some("keys start and end with a letter or digit");
    }
    if k.contains("..") || k.contains("--") || k.contains(".-") || k.contains("-.") {
        return Some("keys have no repeated separators");
    }
    None
}

impl Rule for LabelKeyInvalid {
    fn meta(&self) -> Meta {
        Meta {
            id: "label-key-invalid",
            category: Category::Style,
            severity: Severity::Info,
            summary: "LABEL key does not follow Docker's key format",
            hadolint: &["DL3048"],
            buildkit: None,
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.checked().filter(|i| i.kind == Keyword::Label) {
            let Args::KeyValues { pairs } = &ins.args else {
                continue;
            };
            for p in pairs.iter().filter(|p| !p.key.text.contains('$')) {
                // BuildKit removes quotes around keys (`LABEL "a.b"=c`).
                let key = p.key.text.trim_matches(|c| c == '"' || c == '\'');
                if let Some(why) = problem(key) {
                    let f = out.emit(p.key.span, format!("label key `{key}`: {why}"));
                    f.help =
                        "Use reverse-DNS keys such as org.opencontainers.image.version.".into();
                }
            }
        }
    }
}

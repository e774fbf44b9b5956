//! ## What it does
//! Finds `ENV` and `LABEL` in the legacy `key value` form (without `=`).
//!
//! ## Why it matters
//! In the legacy form everything after the key, spaces included, is the
//! value, and only one variable can be set: `ENV A 1 B 2` sets `A` to
//! `1 B 2`. BuildKit warns about it (`LegacyKeyValueFormat`); the `key=value`
//! form is unambiguous.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine:3.20
//! ENV LANG C.UTF-8
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine:3.20
//! ENV LANG=C.UTF-8
//! ```
//!
//! ## References
//! - BuildKit build checks, LegacyKeyValueFormat: <https://docs.docker.com/reference/build-checks/legacy-key-value-format/>

use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &LegacyKeyValueFormat;

struct LegacyKeyValueFormat;

impl Rule for LegacyKeyValueFormat {
    fn meta(&self) -> Meta {
        Meta {
            id: "legacy-key-value-format",
            category: Category::Style,
            severity: Severity::Info,
            summary: "ENV/LABEL in the legacy `key value` form",
            hadolint: &[],
            buildkit: Some("LegacyKeyValueFormat"),
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx
            .checked()
            .filter(|i| matches!(i.kind, Keyword::Env | Keyword::Label))
        {
            let Args::KeyValues { pairs } = &ins.args else {
                continue;
            };
            for p in pairs.iter().filter(|p| !p.equals) {
                let f = out.emit(
                    p.key.span.cover(p.value.span),
                    format!(
                        "`{} {} {}` uses the legacy form; write `{}={}`",
                        ins.keyword.text, p.key.text, p.value.text, p.key.text, p.value.text
                    ),
                );
                f.help = "Use key=value (quote values with spaces).".into();
                if p.key.span.end <= p.value.span.start && p.value.span.end > p.value.span.start {
                    let gap = cx.text(layerlab_syntax::Span::new(
                        p.key.span.end,
                        p.value.span.start,
                    ));
                    let src = cx.text(p.value.span);
                    if gap.chars().all(|c| c == ' ' || c == '\t') && !gap.is_empty() {
                        let value = if src.contains(char::is_whitespace) || src.is_empty() {
                            if src.contains(['"', '\'', '\\', '$']) {
                                continue;
                            }
                            format!("\"{src}\"")
                        } else {
                            src.to_string()
                        };
                        f.fix = Some(Fix::edit(
                            format!("Write {}={}", p.key.text, value),
                            p.key.span.end,
                            p.value.span.end,
                            format!("={value}"),
                        ));
                    }
                }
            }
        }
    }
}

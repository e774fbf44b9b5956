//! ## What it does
//! Finds instruction keywords whose casing differs from the rest of the file
//! (`run` in a file of `RUN`s), and keywords in mixed case (`Run`).
//!
//! ## Why it matters
//! Keywords are case-insensitive, so nothing breaks, but mixed casing makes a
//! file harder to scan and search; BuildKit warns about it
//! (`ConsistentInstructionCasing`). The majority casing of the file wins.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine:3.20
//! run apk add --no-cache curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine:3.20
//! RUN apk add --no-cache curl
//! ```
//!
//! ## References
//! - BuildKit build checks, ConsistentInstructionCasing: <https://docs.docker.com/reference/build-checks/consistent-instruction-casing/>

use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Instruction, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &InstructionCasingInconsistent;

struct InstructionCasingInconsistent;

fn keywords<'a>(ins: &'a Instruction, out: &mut Vec<&'a Instruction>) {
    out.push(ins);
    if let Args::Onbuild { inner } = &ins.args {
        keywords(inner, out);
    }
}

impl Rule for InstructionCasingInconsistent {
    fn meta(&self) -> Meta {
        Meta {
            id: "instruction-casing-inconsistent",
            category: Category::Style,
            severity: Severity::Info,
            summary: "instruction keywords are not all in the same case",
            hadolint: &[],
            buildkit: Some("ConsistentInstructionCasing"),
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let mut all = Vec::new();
        for ins in cx.df.instructions() {
            keywords(ins, &mut all);
        }
        let all: Vec<_> = all
            .into_iter()
            .filter(|i| {
                i.kind != Keyword::Unknown && i.keyword.text.chars().any(|c| c.is_alphabetic())
            })
            .collect();
        let upper = all
            .iter()
            .filter(|i| i.keyword.text.chars().all(|c| c.is_uppercase()))
            .count();
        let lower = all
            .iter()
            .filter(|i| i.keyword.text.chars().all(|c| c.is_lowercase()))
            .count();
        let want_upper = upper >= lower;
        for ins in all {
            let k = &ins.keyword.text;
            let ok = if want_upper {
                k.chars().all(|c| c.is_uppercase())
            } else {
                k.chars().all(|c| c.is_lowercase())
            };
            if ok {
                continue;
            }
            let want = if want_upper {
                k.to_uppercase()
            } else {
                k.to_lowercase()
            };
            let f = out.emit(
                ins.keyword.span,
                format!("`{k}` should be `{want}` like the other instructions of the file"),
            );
            f.help = format!(
                "Write the keyword in {} case.",
                if want_upper { "upper" } else { "lower" }
            );
            f.fix = Some(Fix::replace(
                format!("Write {want}"),
                ins.keyword.span,
                want,
            ));
        }
    }
}

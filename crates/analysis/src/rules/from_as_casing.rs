//! ## What it does
//! Finds `FROM … AS name` lines where `FROM` and `AS` are written in
//! different cases (`FROM base as builder`).
//!
//! ## Why it matters
//! Nothing breaks, but BuildKit reports it as a warning on every build
//! (its `FromAsCasing` check), and mixed casing makes a file harder to scan.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.7-alpine as base
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.7-alpine AS base
//! ```
//!
//! ## References
//! - BuildKit build checks, FromAsCasing: <https://docs.docker.com/reference/build-checks/from-as-casing/>

use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &FromAsCasing;

struct FromAsCasing;

impl Rule for FromAsCasing {
    fn meta(&self) -> Meta {
        Meta {
            id: "from-as-casing",
            category: Category::Style,
            severity: Severity::Info,
            summary: "FROM and AS are written in different cases",
            hadolint: &[],
            buildkit: Some("FromAsCasing"),
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.checked().filter(|i| i.kind == Keyword::From) {
            let Args::Words { items } = &ins.args else {
                continue;
            };
            if items.len() != 3 || !items[1].text.eq_ignore_ascii_case("as") {
                continue;
            }
            let from = &ins.keyword.text;
            let as_ = &items[1].text;
            let from_upper = from.chars().all(|c| c.is_uppercase());
            let from_lower = from.chars().all(|c| c.is_lowercase());
            let as_upper = as_.chars().all(|c| c.is_uppercase());
            let as_lower = as_.chars().all(|c| c.is_lowercase());
            if (from_upper && !as_upper) || (from_lower && !as_lower) {
                let want = if from_upper { "AS" } else { "as" };
                let f = out.emit(
                    items[1].span,
                    format!("`{as_}` does not match the casing of `{from}`"),
                );
                f.help = format!("Write {want} to match {from}.");
                f.fix = Some(Fix::replace(format!("Write {want}"), items[1].span, want));
            }
        }
    }
}

//! ## What it does
//! Finds `FROM` lines whose image name, expanded with the global ARGs'
//! default values, is empty or not a valid reference
//! (`ARG TAG` then `FROM node:${TAG}` gives `node:`).
//!
//! ## Why it matters
//! The build works only when every builder remembers the right
//! `--build-arg`; a plain `docker build` fails with "invalid reference
//! format". A default value makes the file build as is.
//!
//! ## Example
//! ```dockerfile
//! ARG TAG
//! FROM node:${TAG}
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ARG TAG=22-slim
//! FROM node:${TAG}
//! ```
//!
//! ## References
//! - BuildKit build checks, InvalidDefaultArgInFrom: <https://docs.docker.com/reference/build-checks/invalid-default-arg-in-from/>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::shell::Lex;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &InvalidDefaultArgInFrom;

struct InvalidDefaultArgInFrom;

/// Why an image reference is not valid, roughly as the reference grammar says.
fn invalid(r: &str) -> Option<&'static str> {
    if r.trim().is_empty() {
        return Some("the image name is empty");
    }
    let (name, digest) = r.split_once('@').unwrap_or((r, ""));
    if r.contains('@') && digest.is_empty() {
        return Some("the digest is empty");
    }
    let last = name.rsplit('/').next().unwrap_or(name);
    if let Some((_, tag)) = last.split_once(':') {
        if tag.is_empty() {
            return Some("the tag is empty");
        }
        if !tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
            || tag.len() > 128
            || tag.starts_with(['.', '-'])
        {
            return Some("the tag is not valid");
        }
    }
    let path = if let Some((_, t)) = last.split_once(':') {
        &name[..name.len() - t.len() - 1]
    } else {
        name
    };
    if path.is_empty()
        || path.starts_with('/')
        || path.ends_with('/')
        || path.contains("//")
        || path.contains(char::is_whitespace)
    {
        return Some("the image name is not valid");
    }
    None
}

impl Rule for InvalidDefaultArgInFrom {
    fn meta(&self) -> Meta {
        Meta {
            id: "invalid-default-arg-in-from",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "FROM gives an empty or invalid image name with the ARGs' default values",
            hadolint: &[],
            buildkit: Some("InvalidDefaultArgInFrom"),
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let env = s::from_env(cx);
        let lex = Lex::new(cx.df.escape);
        let declared =
            |n: &str| cx.sim.global_args.iter().any(|(k, _)| k == n) || s::AUTO_ARGS.contains(&n);
        for ins in cx.df.instructions().filter(|i| i.kind == Keyword::From) {
            let Args::Words { items } = &ins.args else {
                continue;
            };
            let Some(t) = items.first().filter(|t| t.text.contains('$')) else {
                continue;
            };
            let Ok(e) = lex.process_word_with_matches(&t.text, &env) else {
                continue;
            };
            // Undeclared variables are undefined-arg-in-from's.
            if e.unmatched.iter().any(|n| !declared(n)) {
                continue;
            }
            // A stage name is valid whatever it looks like.
            if cx.sim.stage_by_ref(&e.result).is_some() {
                continue;
            }
            if let Some(why) = invalid(&e.result) {
                let f = out.emit(
                    t.span,
                    format!(
                        "with the default ARG values `{}` becomes `{}`: {why}",
                        t.text, e.result
                    ),
                );
                f.help = "Give the ARGs used here a default value (`ARG NAME=value` before the first FROM).".into();
            }
        }
    }
}

//! ## What it does
//! Finds `FROM` lines that use a variable (`FROM node:${NODE_VERSION}`) that
//! no `ARG` before the first `FROM` declares (BuildKit's automatic platform
//! ARGs such as `$BUILDPLATFORM` count as declared).
//!
//! ## Why it matters
//! Only global ARGs — declared before the first `FROM` — are visible to
//! `FROM`. An ARG declared inside a stage, or a typo, expands to nothing, so
//! the stage is built on `node:` (an error) or on a different image than
//! intended.
//!
//! ## Example
//! ```dockerfile
//! FROM node:${NODE_VERSION}-slim
//! ARG NODE_VERSION=22
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ARG NODE_VERSION=22
//! FROM node:${NODE_VERSION}-slim
//! ```
//!
//! ## References
//! - BuildKit build checks, UndefinedArgInFrom: <https://docs.docker.com/reference/build-checks/undefined-arg-in-from/>
//! - Dockerfile reference, how ARG and FROM interact: <https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::shell::Lex;
use layerlab_syntax::{Args, Keyword, Severity, Token};

pub(crate) const RULE: &dyn Rule = &UndefinedArgInFrom;

struct UndefinedArgInFrom;

impl Rule for UndefinedArgInFrom {
    fn meta(&self) -> Meta {
        Meta {
            id: "undefined-arg-in-from",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "FROM uses a variable no global ARG declares",
            hadolint: &[],
            buildkit: Some("UndefinedArgInFrom"),
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let env = s::from_env(cx);
        let lex = Lex::new(cx.df.escape);
        for ins in cx.checked().filter(|i| i.kind == Keyword::From) {
            let mut toks: Vec<&Token> = Vec::new();
            if let Args::Words { items } = &ins.args {
                toks.extend(items.first());
            }
            if let Some(v) = ins.flag("platform").and_then(|f| f.value.as_ref()) {
                toks.push(v);
            }
            for t in toks.into_iter().filter(|t| t.text.contains('$')) {
                let Ok(e) = lex.process_word_with_matches(&t.text, &env) else {
                    continue;
                };
                for n in &e.unmatched {
                    let f = out.emit(
                        t.span,
                        format!("FROM uses `${n}`, which no ARG before the first FROM declares"),
                    );
                    f.help = format!("Declare `ARG {n}=<default>` at the top of the file, before the first FROM.");
                }
            }
        }
    }
}

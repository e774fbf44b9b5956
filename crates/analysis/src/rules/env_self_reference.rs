//! ## What it does
//! Finds an `ENV` that sets several variables and uses one of them in a
//! later value of the same instruction (`ENV A=/opt B=$A/bin`), where the
//! variable was not set before.
//!
//! ## Why it matters
//! All values of one `ENV` are expanded with the variables as they were
//! *before* the instruction, so `$A` is empty (or its old value) there, not
//! the one just set. The result is a silently wrong value, often a broken
//! `PATH`.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine:3.20
//! ENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine:3.20
//! ENV APP_HOME=/opt/app
//! ENV APP_BIN=$APP_HOME/bin
//! ```
//!
//! ## References
//! - hadolint DL3044: <https://github.com/hadolint/hadolint/wiki/DL3044>
//! - Dockerfile reference, environment replacement: <https://docs.docker.com/reference/dockerfile/#environment-replacement>

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::shell::{Env, Lex};
use layerlab_syntax::{Args, Keyword, Severity};
use std::collections::HashSet;

pub(crate) const RULE: &dyn Rule = &EnvSelfReference;

struct EnvSelfReference;

/// Every name is "set" so that expansion reports every reference.
struct All;
impl Env for All {
    fn get(&self, _name: &str) -> Option<String> {
        Some(String::new())
    }
}

impl Rule for EnvSelfReference {
    fn meta(&self) -> Meta {
        Meta {
            id: "env-self-reference",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "ENV uses a variable it sets itself (it sees the old value)",
            hadolint: &["DL3044"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let lex = Lex::new(cx.df.escape);
        let mut defined: HashSet<String> = HashSet::new();
        for ins in cx.checked() {
            match &ins.args {
                _ if ins.kind == Keyword::From => defined.clear(),
                Args::Words { items } if ins.kind == Keyword::Arg => {
                    defined.extend(
                        items
                            .iter()
                            .map(|t| t.text.split('=').next().unwrap_or("").to_string()),
                    );
                }
                Args::KeyValues { pairs } if ins.kind == Keyword::Env => {
                    let mut here: Vec<&str> = Vec::new();
                    for p in pairs {
                        if let Ok(e) = lex.process_word_with_matches(&p.value.text, &All) {
                            if let Some(n) = e
                                .matched
                                .iter()
                                .find(|n| here.contains(&n.as_str()) && !defined.contains(*n))
                            {
                                let f = out.emit(p.value.span, format!("`${n}` is set in this same ENV: here it still has its value from before this ENV (empty, or the base image's)"));
                                f.help = format!("Set `{n}` in an ENV before this one.");
                            }
                        }
                        here.push(&p.key.text);
                    }
                    defined.extend(pairs.iter().map(|p| p.key.text.clone()));
                }
                _ => {}
            }
        }
    }
}

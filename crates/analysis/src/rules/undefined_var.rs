//! ## What it does
//! Finds variables used in `COPY`, `ADD`, `ENV`, `LABEL`, `WORKDIR`, `USER`,
//! `EXPOSE`, `VOLUME` and `STOPSIGNAL` that nothing defines: no `ARG` or
//! `ENV` earlier in the stage and, where Layerlab knows the base image's
//! environment, not the base image either. In `RUN`, where the shell has
//! variables of its own, it reports only a global `ARG` the stage reads
//! without declaring it again.
//!
//! ## Why it matters
//! An undefined variable expands to nothing, silently: `COPY app
//! $APP_HOME/` copies to `/`, `WORKDIR $APP_DIR` stays where it was. A
//! global `ARG` (before the first `FROM`) is not visible inside a stage until
//! it is declared again there with `ARG NAME`. Variables with a default
//! (`${NAME:-x}`) are not reported; stages built on images whose
//! environment Layerlab does not know are skipped.
//!
//! ## Example
//! ```dockerfile
//! ARG APP_HOME=/srv/app
//! FROM python:3.12-slim
//! COPY . $APP_HOME/
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ARG APP_HOME=/srv/app
//! FROM python:3.12-slim
//! ARG APP_HOME
//! COPY . $APP_HOME/
//! ```
//!
//! ## References
//! - BuildKit build checks, UndefinedVar: <https://docs.docker.com/reference/build-checks/undefined-var/>
//! - Dockerfile reference, ARG scope: <https://docs.docker.com/reference/dockerfile/#scope>

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::Base;
use crate::Category;
use layerlab_syntax::shell::Lex;
use layerlab_syntax::{Args, Keyword, Severity, Token};
use std::collections::{HashMap, HashSet};

pub(crate) const RULE: &dyn Rule = &UndefinedVar;

struct UndefinedVar;

/// Names used with a default or alternative (`${X:-a}`, `${X+a}`, `${X?m}`).
fn with_default(text: &str, name: &str) -> bool {
    ["", ":"].iter().any(|c| {
        ["-", "+", "?", "="]
            .iter()
            .any(|op| text.contains(&format!("${{{name}{c}{op}")))
    })
}

impl Rule for UndefinedVar {
    fn meta(&self) -> Meta {
        Meta {
            id: "undefined-var",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "a variable is used that no ARG or ENV defines",
            hadolint: &[],
            buildkit: Some("UndefinedVar"),
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let lex = Lex::new(cx.df.escape);
        // Per stage: the names defined at its end, and whether they are
        // known. A stage before the checked ones (`RuleCtx::first_stage`) is
        // not checked: only the names it declares are kept, for the end set
        // of a checked stage built on it ([`end_of`]).
        let first = cx.first_stage();
        let mut ends: Vec<End> = Vec::new();
        let mut cur: Option<HashSet<String>> = None;
        let mut cur_stage: Option<usize> = None;
        for (st, ins) in cx.instructions() {
            let Some(si) = st else { continue };
            if cur_stage != Some(si) {
                if cur_stage.is_some_and(|c| c >= first) {
                    ends.push(End::Known(cur.take()));
                }
                cur_stage = Some(si);
                let stage = &cx.sim.stages.get(si);
                if si < first {
                    ends.push(End::Declared {
                        base: stage.map(|s| &s.base),
                        names: Vec::new(),
                    });
                    continue;
                }
                cur = match stage.map(|s| &s.base) {
                    Some(Base::Scratch) => Some(HashSet::new()),
                    Some(Base::Stage { index }) => end_of(&ends, *index),
                    Some(Base::Image { facts: Some(f), .. })
                        if f.defaults_known || !f.env.is_empty() =>
                    {
                        Some(f.env.iter().map(|(k, _)| k.clone()).collect())
                    }
                    _ => None,
                };
                continue;
            }
            if let Some(End::Declared { names, .. }) = ends.get_mut(si).filter(|_| si < first) {
                match (&ins.args, ins.kind) {
                    (Args::Words { items }, Keyword::Arg) => names.extend(
                        items
                            .iter()
                            .map(|t| t.text.split_once('=').map_or(t.text.as_str(), |(n, _)| n)),
                    ),
                    (Args::KeyValues { pairs }, Keyword::Env) => {
                        names.extend(pairs.iter().map(|p| p.key.text.as_str()))
                    }
                    _ => {}
                }
                continue;
            }
            let Some(defined) = cur.as_mut() else {
                continue;
            };
            let mut toks: Vec<&Token> = Vec::new();
            match (&ins.args, ins.kind) {
                (Args::Words { items }, Keyword::Arg) => {
                    for t in items {
                        let (name, default) = t.text.split_once('=').unwrap_or((&t.text, ""));
                        if !default.is_empty() {
                            report(&lex, defined, t, out);
                        }
                        defined.insert(name.to_string());
                    }
                    continue;
                }
                (Args::KeyValues { pairs }, Keyword::Env) => {
                    // Names set earlier in the same ENV are env-self-reference's.
                    // (The set is built only when a value has a `$` to check.)
                    if pairs.iter().any(|p| p.value.text.contains('$')) {
                        let mut known = defined.clone();
                        known.extend(pairs.iter().map(|p| p.key.text.clone()));
                        for p in pairs {
                            report(&lex, &known, &p.value, out);
                        }
                    }
                    defined.extend(pairs.iter().map(|p| p.key.text.clone()));
                    continue;
                }
                (Args::KeyValues { pairs }, Keyword::Label) => {
                    for p in pairs {
                        toks.push(&p.key);
                        toks.push(&p.value);
                    }
                }
                (
                    Args::Words { items } | Args::Exec { items, .. },
                    Keyword::Copy | Keyword::Add | Keyword::Expose | Keyword::Volume,
                ) => toks.extend(items.iter()),
                (Args::Shell { text }, Keyword::Workdir | Keyword::User | Keyword::Stopsignal) => {
                    toks.push(text)
                }
                (Args::Shell { text }, Keyword::Run) => {
                    // Shell variables abound in RUN: only a global ARG used
                    // without being declared again is certainly empty.
                    for name in global_args_used(cx, &text.text, defined) {
                        let needle = if text.text.contains(&format!("${{{name}")) {
                            format!("${{{name}")
                        } else {
                            format!("${name}")
                        };
                        let span = super::_shared_instr::span_of(cx, ins, &needle);
                        let f = out.emit(span, format!("${name} is a global ARG (declared before the first FROM): in this stage it is empty, because the stage does not declare ARG {name} again"));
                        f.help = format!("Add `ARG {name}` (without a value: it takes the global default) at the start of the stage.");
                    }
                    continue;
                }
                _ => continue,
            }
            if matches!(ins.kind, Keyword::Copy | Keyword::Add) && !ins.heredocs.is_empty() {
                continue;
            }
            for fl in &ins.flags {
                if let Some(v) = &fl.value {
                    if matches!(fl.name.text.as_str(), "chown" | "chmod" | "from") {
                        toks.push(v);
                    }
                }
            }
            for t in toks {
                report(&lex, defined, t, out);
            }
        }
    }
}

/// The names defined at the end of a stage: computed while it was checked,
/// or (a stage before the checked ones) its base's and the names it declares.
enum End<'a> {
    Known(Option<HashSet<String>>),
    Declared {
        base: Option<&'a Base>,
        names: Vec<&'a str>,
    },
}

/// The names defined at the end of stage `i` (None: not known), as the
/// walk over every stage would have them; `ends` holds the stages before
/// the one asking.
fn end_of(ends: &[End], i: usize) -> Option<HashSet<String>> {
    match ends.get(i)? {
        End::Known(set) => set.clone(),
        End::Declared { base, names } => {
            let mut set: HashSet<String> = match base {
                Some(Base::Scratch) => HashSet::new(),
                Some(Base::Stage { index }) if *index < i => end_of(ends, *index)?,
                Some(Base::Image { facts: Some(f), .. })
                    if f.defaults_known || !f.env.is_empty() =>
                {
                    f.env.iter().map(|(k, _)| k.clone()).collect()
                }
                _ => return None,
            };
            set.extend(names.iter().map(|n| n.to_string()));
            Some(set)
        }
    }
}

/// Global ARGs a RUN script reads that the stage has not declared, and the
/// script does not set itself.
fn global_args_used(cx: &RuleCtx, script: &str, defined: &HashSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    for (name, _) in &cx.sim.global_args {
        if defined.contains(name) || out.contains(name) {
            continue;
        }
        let used = outside_single_quotes(script).iter().any(|part| {
            part.match_indices('$').any(|(i, _)| {
                let rest = &part[i + 1..];
                let rest = rest.strip_prefix('{').unwrap_or(rest);
                rest.starts_with(name.as_str())
                    && !rest[name.len()..]
                        .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            })
        });
        let set_here = [
            format!("{name}="),
            format!("for {name} "),
            format!("read {name}"),
            format!("read -r {name}"),
        ]
        .iter()
        .any(|p| script.contains(p.as_str()));
        if used && !set_here {
            out.push(name.clone());
        }
    }
    out
}

/// The parts of a shell script outside single quotes.
fn outside_single_quotes(script: &str) -> Vec<&str> {
    script.split('\'').step_by(2).collect()
}

fn report(lex: &Lex, defined: &HashSet<String>, t: &Token, out: &mut Sink) {
    if !t.text.contains('$') {
        return;
    }
    let env: HashMap<String, String> = defined
        .iter()
        .map(|k| (k.clone(), "x".to_string()))
        .collect();
    let Ok(e) = lex.process_word_with_matches(&t.text, &env) else {
        return;
    };
    for n in e.unmatched.iter().filter(|n| !with_default(&t.text, n)) {
        let f = out.emit(
            t.span,
            format!("`${n}` is not defined here: it expands to nothing"),
        );
        f.help = format!("Define it with ARG {n} (declare global ARGs again inside the stage) or ENV {n}=…, or give a default: ${{{n}:-value}}.");
    }
}

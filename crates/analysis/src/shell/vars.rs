//! What a script's variables may hold, as far as splitting goes: one forward
//! pass over the script's assignments, and the ENV the RUN sees.

use layerlab_syntax::sh::{AndOr, AssignValue, Command, Part, Script, SimpleCmd, Word};
use std::collections::HashMap;

/// Characters that make an unquoted expansion split or glob.
pub fn splits_or_globs(value: &str) -> bool {
    value
        .chars()
        .any(|c| matches!(c, ' ' | '\t' | '\n' | '*' | '?' | '['))
}

/// A script's assignments: name → (offset, the value is a literal that
/// neither splits nor globs, the assignment runs whenever later commands
/// do), in source order.
#[derive(Debug, Default)]
pub struct Assignments<'s> {
    by_name: HashMap<&'s str, Vec<(usize, bool, bool)>>,
}

impl<'s> Assignments<'s> {
    /// Every assignment of the script. An assignment is definite when it is
    /// a top-level statement of its own or the head of a top-level `&&`
    /// chain (`v=1 && use $v`), as ShellCheck reads it; elsewhere (later in
    /// a chain, in `if`, `case`, loops) it may not run. `read` and `for`
    /// set values the script does not know.
    pub fn of(script: &'s Script, src: &'s str) -> Assignments<'s> {
        let mut a = Assignments::default();
        let top: Vec<usize> = script
            .body
            .items
            .iter()
            .filter_map(definite_assignment)
            .map(|s| s.span.start)
            .collect();
        for cmd in script.simple_commands() {
            let definite = top.contains(&cmd.span.start);
            // `A=1 cmd` sets A for cmd only.
            let prefix = !cmd.words.is_empty() && cmd.decl_assigns.is_empty();
            for asg in cmd.assigns.iter().chain(&cmd.decl_assigns) {
                if prefix {
                    break;
                }
                let Some(name) = src.get(asg.name.start..asg.name.end) else {
                    continue;
                };
                let safe = asg.index.is_none()
                    && !asg.append
                    && match &asg.value {
                        AssignValue::Word(w) => {
                            w.static_text(src).is_some_and(|t| !splits_or_globs(&t))
                                || is_number(w, src)
                        }
                        AssignValue::Array { .. } => false,
                    };
                a.by_name
                    .entry(name)
                    .or_default()
                    .push((asg.span.start, safe, definite));
            }
            // `read v`, `for v in`: handled as unknown by `written_by`.
            for name in written_by(cmd, src) {
                a.by_name
                    .entry(name)
                    .or_default()
                    .push((cmd.span.start, false, false));
            }
        }
        let mut loops = Vec::new();
        script.walk(&mut |n| {
            if let layerlab_syntax::sh::Node::Command(Command::For { var, span, .. }) = n {
                if let Some(name) = src.get(var.start..var.end) {
                    loops.push((name, span.start));
                }
            }
        });
        for (name, at) in loops {
            a.by_name.entry(name).or_default().push((at, false, false));
        }
        for v in a.by_name.values_mut() {
            layerlab_sort::sort(v);
        }
        a
    }

    /// Whether `name`, read at byte `at`, holds a value the script set and
    /// that cannot split: the last definite assignment before `at` and every
    /// possible one after it are plain words. `None` when the script does
    /// not set it before `at`.
    pub fn safe_at(&self, name: &str, at: usize) -> Option<bool> {
        let v = self.by_name.get(name)?;
        let before = &v[..v.partition_point(|(o, _, _)| *o < at)];
        if before.is_empty() {
            return None;
        }
        // Without a definite assignment, the value is one of the possible
        // ones (`case` arms each setting a word) or unset, which an unquoted
        // expansion drops without splitting anything.
        let from = before.iter().rposition(|(_, _, d)| *d).unwrap_or(0);
        Some(before[from..].iter().all(|(_, safe, _)| *safe))
    }

    /// Whether the script assigns `name` anywhere.
    pub fn assigns(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }
}

/// A value that is a number: `$?`, `$#`, `$$`, `$!`, `${#v}`, `$((…))`.
fn is_number(w: &Word, src: &str) -> bool {
    !w.parts.is_empty()
        && w.parts.iter().all(|p| match p {
            Part::ArithSubst(_) => true,
            Part::Param(p) => {
                p.length
                    || matches!(
                        src.get(p.name.start..p.name.end),
                        Some("?" | "#" | "$" | "!")
                    )
            }
            Part::DoubleQ { parts, span } => {
                let inner = Word {
                    parts: parts.clone(),
                    span: *span,
                };
                is_number(&inner, src)
            }
            _ => false,
        })
}

/// The assignments-only simple command that a top-level item runs first
/// and always (`v=1`, `v=1 && …`, `v=1; …`).
fn definite_assignment(ao: &AndOr) -> Option<&SimpleCmd> {
    if ao.head.bang.is_some() || ao.head.cmds.len() != 1 {
        return None;
    }
    match &ao.head.cmds[0] {
        Command::Simple(s) if s.words.is_empty() && s.redirs.is_empty() => Some(s),
        _ => None,
    }
}

/// Names a command writes other than by assignment (`read a b`).
fn written_by<'s>(cmd: &SimpleCmd, src: &'s str) -> Vec<&'s str> {
    let text = |i: usize| {
        cmd.words
            .get(i)
            .and_then(|w| src.get(w.span.start..w.span.end))
    };
    match text(0) {
        Some("read") | Some("getopts") | Some("mapfile") | Some("readarray") => {
            (1..cmd.words.len())
                .filter_map(text)
                .filter(|t| !t.starts_with('-'))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The variables a RUN gets from the Dockerfile: `ENV` and `ARG` in force
/// at the RUN (in its stage or the stages it is built on) and the base
/// image's ENV. Built in one pass; answered per (stage, offset) without
/// copying the environment per RUN.
#[derive(Debug, Default)]
pub struct DeclaredVars {
    /// name → (offset of the ENV or ARG, stage), in order.
    by_name: HashMap<String, Vec<(usize, usize)>>,
    /// Each stage's chain: itself, the stage it is built on, …
    chains: Vec<Vec<usize>>,
    /// The base image's ENV names, per stage.
    image: Vec<Vec<String>>,
}

impl DeclaredVars {
    pub fn of(df: &layerlab_syntax::Dockerfile, sim: &crate::sim::Simulation) -> DeclaredVars {
        use layerlab_syntax::{Args, Keyword};
        let mut ix = DeclaredVars::default();
        for i in 0..sim.stages.len() {
            let mut chain = vec![i];
            let mut cur = i;
            while let Some(crate::sim::Base::Stage { index }) = sim.stages.get(cur).map(|s| &s.base)
            {
                if chain.contains(index) {
                    break;
                }
                chain.push(*index);
                cur = *index;
            }
            let image = crate::sim::base::stage_facts(&sim.stages, i)
                .map(|f| f.env.iter().map(|(k, _)| k.clone()).collect())
                .unwrap_or_default();
            ix.chains.push(chain);
            ix.image.push(image);
        }
        let mut stage: Option<usize> = None;
        for ins in df.instructions() {
            let names: Vec<&str> = match (ins.kind, &ins.args) {
                (Keyword::From, _) => {
                    stage = Some(stage.map_or(0, |s| s + 1));
                    continue;
                }
                (Keyword::Env, Args::KeyValues { pairs }) => {
                    pairs.iter().map(|p| p.key.text.as_str()).collect()
                }
                (Keyword::Arg, Args::Words { items }) => items
                    .iter()
                    .map(|t| t.text.split('=').next().unwrap_or(""))
                    .collect(),
                _ => continue,
            };
            let Some(st) = stage else { continue };
            for n in names {
                ix.by_name
                    .entry(n.to_string())
                    .or_default()
                    .push((ins.span.start, st));
            }
        }
        ix
    }

    /// Whether an ENV or ARG in force at byte `at` of stage `stage`, or the
    /// base image's ENV, declares `name`.
    pub fn declares(&self, name: &str, stage: usize, at: usize) -> bool {
        let Some(chain) = self.chains.get(stage) else {
            return false;
        };
        let in_file = self
            .by_name
            .get(name)
            .is_some_and(|v| v.iter().any(|(o, s)| *o < at && chain.contains(s)));
        in_file
            || chain
                .last()
                .and_then(|root| self.image.get(*root))
                .is_some_and(|names| names.iter().any(|n| n == name))
    }
}

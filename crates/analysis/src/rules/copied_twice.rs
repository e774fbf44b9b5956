//! ## What it does
//! Finds a `COPY` or `ADD` that copies the same sources from the same place
//! (the build context, or the same `--from` stage) as an earlier one, both
//! in stages the image ships: the image holds the files twice. Layerlab
//! gives the second copy's bytes when the build context is known.
//!
//! ## Why it matters
//! Every `COPY` is a layer. Copying a tree to a second place doubles it;
//! copying it again to the same place hides the first copy but keeps its
//! bytes in the earlier layer. A file copied early on purpose (a
//! `requirements.txt` or `package.json` before `COPY . .`, for the cache)
//! is a different source and is not reported.
//!
//! ## Example
//! ```dockerfile
//! FROM node:24-slim
//! WORKDIR /app
//! COPY . .
//! RUN npm ci --omit=dev
//! COPY . /app
//! CMD ["node", "server.js"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:24-slim
//! WORKDIR /app
//! COPY package.json package-lock.json ./
//! RUN npm ci --omit=dev
//! COPY . .
//! CMD ["node", "server.js"]
//! ```
//!
//! ## References
//! - Docker docs, "Layers": <https://docs.docker.com/build/guide/layers/>
//! - Dockerfile reference, `COPY`: <https://docs.docker.com/reference/dockerfile/#copy>

use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::size::human;
use crate::Category;
use layerlab_syntax::{Instruction, Keyword, Severity};
use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

pub(crate) const RULE: &dyn Rule = &CopiedTwice;

struct CopiedTwice;

/// A copy's identity: where from (lower case), and its sources normalised
/// and sorted.
type Key<'a> = (Cow<'a, str>, Vec<&'a str>);

fn key(ins: &Instruction) -> Option<Key<'_>> {
    if !matches!(ins.kind, Keyword::Copy | Keyword::Add) || !ins.heredocs.is_empty() {
        return None;
    }
    let from = match ins.flag("from") {
        Some(f) => lower(&f.value.as_ref()?.text),
        None => Cow::Borrowed(""),
    };
    let (srcs, _) = super::_shared_instr::copy_paths(ins)?;
    let mut v = Vec::with_capacity(srcs.len());
    for s in srcs {
        if s.text.contains('$') || s.text.contains("://") {
            return None;
        }
        let n = s.text.trim_start_matches("./").trim_end_matches('/');
        v.push(if n.is_empty() { "." } else { n });
    }
    layerlab_sort::sort(&mut v);
    v.dedup();
    Some((from, v))
}

/// `s` in ASCII lower case, copied only when it has upper-case letters.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Where a copy went: its line, its destination as written and the working
/// directory in force (made absolute only when a later copy repeats it).
struct Copied<'a> {
    line: u32,
    dest: &'a str,
    workdir: Rc<str>,
}

impl Copied<'_> {
    fn dest_abs(&self) -> String {
        crate::sim::vfs::normalize(self.dest, non_empty(&self.workdir))
    }
}

impl Rule for CopiedTwice {
    fn meta(&self) -> Meta {
        Meta {
            id: "copied-twice",
            category: Category::Size,
            severity: Severity::Warning,
            summary: "the same sources are copied twice into the image",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let mut seen: HashMap<Key, Copied> = HashMap::new();
        // The working directory in force, per shipped stage, as the walk goes.
        let mut workdirs: HashMap<usize, Rc<str>> = HashMap::new();
        for (stage, ins) in cx.instructions() {
            let Some(si) = stage.filter(|s| cx.is_shipped(*s)) else {
                continue;
            };
            if ins.kind == Keyword::Workdir {
                let wd = workdirs.entry(si).or_insert_with(|| base_workdir(cx, si));
                let text = cx.text(ins.rest.span).trim();
                if !text.is_empty() && !text.contains(['$', '"', '\'']) {
                    *wd = crate::sim::vfs::normalize(text, wd).into();
                }
                continue;
            }
            let Some(k) = key(ins) else { continue };
            let Some((_, dest)) = super::_shared_instr::copy_paths(ins) else {
                continue;
            };
            let wd = workdirs.entry(si).or_insert_with(|| base_workdir(cx, si));
            let here = Copied {
                line: ins.start_line,
                dest: &dest.text,
                workdir: wd.clone(),
            };
            let Some(first) = seen.get(&k) else {
                seen.insert(k, here);
                continue;
            };
            let (line, first_dest, dest_abs) = (first.line, first.dest_abs(), here.dest_abs());
            let layer = cx.sim.stages[si]
                .layers
                .iter()
                .find(|l| l.line == ins.start_line);
            let size = layer.map(|l| l.size).filter(|b| b.complete && b.value > 0);
            let what = if k.0.is_empty() {
                format!("{} from the build context", k.1.join(" "))
            } else {
                format!("{} from {}", k.1.join(" "), k.0)
            };
            let place = if first_dest == dest_abs {
                format!("to the same place: its files hide the copy of line {line}, whose bytes stay in that layer")
            } else {
                format!("(line {line} copied them to {first_dest}): the image holds both copies")
            };
            let size_text = size.map_or(String::new(), |b| format!(" ({})", human(b.value)));
            let f = out.emit(
                super::_shared_instr::instruction_span(ins),
                format!("copies {what} again{size_text} {place}"),
            );
            f.cost = size.map(Cost::bytes);
            f.help = "Copy the sources once, where the application reads them; to copy a few files early for the cache, name them (COPY requirements.txt .) rather than the whole tree.".into();
        }
    }
}

/// The working directory a stage starts with: its base stage's last one,
/// else its base image's.
fn base_workdir(cx: &RuleCtx, si: usize) -> Rc<str> {
    match cx.sim.stages[si].base {
        crate::sim::Base::Stage { index } => cx.sim.stages[index].workdir.as_str().into(),
        _ => super::_shared_sim::facts(cx.sim, si)
            .map_or_else(|| "/".into(), |f| f.workdir.as_str().into()),
    }
}

fn non_empty(wd: &str) -> &str {
    if wd.is_empty() {
        "/"
    } else {
        wd
    }
}

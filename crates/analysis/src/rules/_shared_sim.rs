//! Helpers shared by the simulation-based rules.

use super::RuleCtx;
use crate::sim::base::{self, ImageFacts};
use crate::sim::run::pip;
use crate::sim::vfs::{self, MaybeWhy, Vfs};
use crate::sim::{Base, Simulation, Stage};
use layerlab_syntax::{Args, Instruction, Token};

/// The instruction starting on `line`.
pub fn instruction_at<'a>(cx: &RuleCtx<'a>, line: u32) -> Option<&'a Instruction> {
    cx.df.instructions().find(|i| i.start_line == line)
}

/// The image word of a stage's FROM (`python:3.12` in `FROM python:3.12 AS app`).
pub fn from_image<'a>(cx: &RuleCtx<'a>, st: &Stage) -> Option<&'a Token> {
    let Args::Words { items } = &instruction_at(cx, st.line)?.args else {
        return None;
    };
    items.first()
}

/// The checked stages built on an image the catalogue has facts about, with them.
pub fn image_stages<'a>(cx: &RuleCtx<'a>) -> impl Iterator<Item = (&'a Stage, &'a ImageFacts)> {
    cx.checked_stages().iter().filter_map(|st| match &st.base {
        Base::Image { facts: Some(f), .. } => Some((st, f.as_ref())),
        _ => None,
    })
}

/// The image facts at the root of a stage's base chain.
pub fn facts(sim: &Simulation, stage: usize) -> Option<&ImageFacts> {
    base::stage_facts(&sim.stages, stage)
}

/// Whether paths the simulation does not list may be at, above or under
/// `dir` for a reason other than the base image's own unlisted files (which
/// the rules weigh themselves: a pip launcher is never part of a base image).
pub fn unseen_beyond_base(fs: &Vfs, dir: &str) -> bool {
    fs.reasons_within(dir).iter().any(|w| !w.is_base_image())
}

/// Whether `path` may exist for a reason other than the base image's own
/// unlisted files, with the first such reason.
pub fn maybe_built<'a>(fs: &'a Vfs, path: &'a str) -> Option<MaybeWhy<'a>> {
    fs.reasons(path).into_iter().find(|w| !w.is_base_image())
}

/// What put unseen paths somewhere, in a few words (`pip install -r
/// requirements.txt (line 8)`).
pub fn why_text(w: &MaybeWhy) -> String {
    match w {
        MaybeWhy::Opaque { path, entry } => match entry.line {
            Some(l) => format!("{path}, whose contents are not known (line {l})"),
            None => format!("{path}, whose contents are not known"),
        },
        MaybeWhy::Region(r) => r.describe(),
    }
}

/// The PATH of a stage, split.
pub fn path_dirs(st: &Stage) -> Vec<String> {
    st.env_get("PATH")
        .unwrap_or(crate::sim::DEFAULT_PATH)
        .split(':')
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect()
}

/// Where `name` is found on the stage's PATH (a live entry).
pub fn which(st: &Stage, name: &str) -> Option<String> {
    path_dirs(st)
        .into_iter()
        .map(|d| format!("{}/{name}", d.trim_end_matches('/')))
        .find(|p| st.fs.get(p).is_some())
}

/// The version pip would pick for `dist` from the build context's
/// requirement files: `None` when no requirement names it; `Some(None)` when
/// the newest release would be picked (no upper bound); `Some(Some(v))` the
/// pinned version or the exclusive upper bound it stays below.
pub fn requirement_ceiling(sim: &Simulation, dist: &str) -> Option<(Option<String>, bool)> {
    let want = pip::normalize_dist(dist);
    for (path, text) in &sim.context_texts {
        if !path.ends_with(".txt") && !path.ends_with(".in") {
            continue;
        }
        for line in text.lines() {
            let Some((name, spec)) = pip::requirement_name(line) else {
                continue;
            };
            if pip::normalize_dist(&name) != want {
                continue;
            }
            let mut ceiling: Option<(String, bool)> = None;
            for s in pip::version_specifiers(&spec).split(',').map(str::trim) {
                if let Some(v) = s.strip_prefix("==") {
                    ceiling = Some((v.trim().to_string(), true));
                } else if let Some(v) = s.strip_prefix("<=") {
                    ceiling = Some((v.trim().to_string(), true));
                } else if let Some(v) = s.strip_prefix('<') {
                    ceiling = Some((v.trim().to_string(), false));
                }
            }
            return Some(match ceiling {
                Some((v, inclusive)) => (Some(v), inclusive),
                None => (None, false),
            });
        }
    }
    None
}

/// Whether the version pip picks for `dist` is at least `min` (None: the
/// requirement is not in the context).
pub fn picks_at_least(sim: &Simulation, dist: &str, min: &str) -> Option<bool> {
    let (ceiling, inclusive) = requirement_ceiling(sim, dist)?;
    Some(match ceiling {
        None => true,
        Some(v) if inclusive => layerlab_catalog::version_cmp(&v, min) != std::cmp::Ordering::Less,
        Some(v) => layerlab_catalog::version_cmp(&v, min) == std::cmp::Ordering::Greater,
    })
}

/// pip's download cache left by a `pip install` in a stage that is built.
pub struct PipCacheLeft<'a> {
    pub stage: &'a Stage,
    pub leftover: &'a crate::sim::Leftover,
    /// The RUN.
    pub ins: &'a Instruction,
    /// Just after its `install`, where `--no-cache-dir` goes.
    pub at: usize,
    /// `about 12 MB`, or `size not known`.
    pub size: String,
}

/// Every pip cache left in a stage that is built, in stage order.
pub fn pip_caches<'a>(cx: &RuleCtx<'a>) -> Vec<PipCacheLeft<'a>> {
    let mut out = Vec::new();
    for st in cx.sim.stages.iter().filter(|s| s.needed) {
        for l in st
            .leftovers
            .iter()
            .filter(|l| l.kind == crate::sim::LeftoverKind::PipCache)
        {
            let Some(ins) = instruction_at(cx, l.line) else {
                continue;
            };
            let text = cx.text(ins.span);
            let Some(pos) = super::find_word_after(text, "install", &["pip", "pip3", "-m pip"])
            else {
                continue;
            };
            let size = if l.bytes.complete {
                format!("about {}", crate::sim::size::human(l.bytes.value))
            } else {
                "size not known".into()
            };
            out.push(PipCacheLeft {
                stage: st,
                leftover: l,
                ins,
                at: ins.span.start + pos,
                size,
            });
        }
    }
    out
}

/// The effective command of a stage: ENTRYPOINT's argv, else CMD's.
pub fn effective_command(st: &Stage) -> Option<&crate::sim::Command> {
    st.entrypoint
        .as_ref()
        .filter(|c| !c.args.is_empty())
        .or(st.cmd.as_ref())
}

/// The target stage and its effective command, when this Dockerfile sets it
/// (one inherited from the base image is the image's own business).
pub fn own_command<'a>(cx: &RuleCtx<'a>) -> Option<(&'a Stage, &'a crate::sim::Command)> {
    let t = cx.sim.target_stage()?;
    let cmd = effective_command(t)?;
    (cmd.line >= t.line).then_some((t, cmd))
}

/// The program a command runs: exec form's argv[0]; shell form's first word
/// (after `exec`, env assignments). None when it cannot be told.
pub fn program_of(c: &crate::sim::Command) -> Option<String> {
    if c.shell_form {
        let script = c.args.last()?;
        let cmds = crate::sim::split_commands(script);
        let first = cmds.first()?;
        let mut words = first.words.iter();
        let mut w = words.next()?;
        if w == "exec" {
            w = words.next()?;
        }
        if w.contains('$') || w.contains('`') {
            return None;
        }
        Some(w.clone())
    } else {
        let w = c.args.first()?;
        if w.contains('$') {
            return None;
        }
        Some(w.clone())
    }
}

/// The leftovers of one kind in the shipped stages, each with whether a
/// later deletion of it (reported as deleted later) supersedes it.
pub fn shipped_leftovers(
    sim: &Simulation,
    kind: crate::sim::LeftoverKind,
) -> Vec<(&crate::sim::Leftover, bool)> {
    use crate::sim::LeftoverKind;
    let shipped = super::shipped_stages(sim);
    let all: Vec<&crate::sim::Leftover> = shipped
        .iter()
        .flat_map(|i| sim.stages[*i].leftovers.iter())
        .collect();
    all.iter()
        .filter(|l| l.kind == kind)
        .map(|l| {
            let sup = l.kind != LeftoverKind::DeletedLater
                && all.iter().any(|d| {
                    d.kind == LeftoverKind::DeletedLater
                        && d.line == l.line
                        && vfs::is_within(&d.path, &l.path)
                });
            (*l, sup)
        })
        .collect()
}

/// A `COPY`/`ADD` (not `--from`) whose sources include the whole build
/// context (`.` or `./`), with what it brought from the context.
pub struct WholeContextCopy<'a> {
    pub stage: usize,
    pub ins: &'a Instruction,
    /// The kinds of unwanted directories it copied (`.git`, `node_modules`,
    /// `a virtualenv`), in order of first appearance.
    pub unwanted: Vec<&'static str>,
    /// The bytes of those unwanted files.
    pub unwanted_bytes: crate::sim::Bytes,
    /// How many context files it copied, and their bytes.
    pub files: usize,
    pub bytes: crate::sim::Bytes,
}

/// What kind of unwanted directory a context path is in, if any.
fn unwanted_kind(path: &str, venvs: &[String]) -> Option<&'static str> {
    let segs: Vec<&str> = path.split('/').collect();
    if segs.first() == Some(&".git") {
        return Some(".git");
    }
    if segs.contains(&"node_modules") {
        return Some("node_modules");
    }
    if venvs.iter().any(|v| path.starts_with(&format!("{v}/"))) {
        return Some("a virtualenv");
    }
    None
}

/// Every COPY or ADD of the whole build context, with what it copied (only
/// meaningful when the build context is known).
pub fn whole_context_copies<'a>(cx: &RuleCtx<'a>) -> Vec<WholeContextCopy<'a>> {
    use crate::sim::vfs::{Entry, Origin};
    let mut out = Vec::new();
    for (stage, ins) in cx.instructions() {
        let Some(si) = stage else { continue };
        if !super::_shared_instr::copies_context_source(ins, &[".", "./"]) {
            continue;
        }
        let ctx_path = |e: &Entry| match &e.origin {
            Origin::Context { path } => Some(path.clone()),
            _ => None,
        };
        let sizes: Vec<(String, crate::sim::Bytes)> = cx.sim.stages[si]
            .fs
            .all()
            .filter(|(_, e)| e.line == Some(ins.start_line) && !e.is_dir())
            .filter_map(|(_, e)| ctx_path(e).map(|p| (p, e.size)))
            .collect();
        let venvs: Vec<String> = sizes
            .iter()
            .filter_map(|(p, _)| p.strip_suffix("/pyvenv.cfg").map(str::to_string))
            .collect();
        let mut c = WholeContextCopy {
            stage: si,
            ins,
            unwanted: Vec::new(),
            unwanted_bytes: crate::sim::Bytes::ZERO,
            files: sizes.len(),
            bytes: crate::sim::Bytes::ZERO,
        };
        for (p, size) in &sizes {
            c.bytes += *size;
            if let Some(k) = unwanted_kind(p, &venvs) {
                if !c.unwanted.contains(&k) {
                    c.unwanted.push(k);
                }
                c.unwanted_bytes += *size;
            }
        }
        out.push(c);
    }
    out
}

/// How a message names a stage: `the image` for the target stage or one it
/// is built on (what is shipped), `stage <name>` otherwise.
pub fn stage_words(sim: &Simulation, stage: usize) -> String {
    if super::shipped_stages(sim).contains(&stage) {
        "the image".to_string()
    } else {
        format!("stage {}", sim.stages[stage].display_name())
    }
}

/// The line of a COPY --from that carries `path` of stage `from` (the
/// entry itself, or a directory holding it) into a stage the image ships.
pub fn carried_into_final(sim: &Simulation, from: usize, path: &str) -> Option<u32> {
    let st = &sim.stages[from];
    let names = [st.display_name(), st.index.to_string()];
    super::shipped_stages(sim).into_iter().find_map(|i| {
        sim.stages[i].fs.all().find_map(|(_, e)| match &e.origin {
            crate::sim::vfs::Origin::Stage { stage, path: p }
                if !e.deleted
                    && names.iter().any(|n| n.eq_ignore_ascii_case(stage))
                    && p == path =>
            {
                e.line
            }
            _ => None,
        })
    })
}

/// A stage and the stages it is built on (FROM an earlier stage), nearest
/// first.
pub fn chain_of(sim: &Simulation, from: usize) -> Vec<usize> {
    let mut chain = vec![from];
    let mut i = from;
    while let crate::sim::Base::Stage { index } = sim.stages[i].base {
        if chain.contains(&index) {
            break;
        }
        chain.push(index);
        i = index;
    }
    chain
}

//! The page's state and the actions that change it.
//!
//! Everything here is plain Rust with no browser dependency, so it is unit
//! tested natively (`cargo test -p layerlab-web`). The components only render
//! a [`State`] and send [`Action`]s; the analysis runs elsewhere (the
//! worker, see `analyst.rs`) and comes back as an action.

use std::rc::Rc;

use layerlab_analysis::sim::{Edge, EdgeKind, EdgeSource};
use layerlab_analysis::{Assumption, Finding, ImageReport, LayerReport, StageReport};
use layerlab_syntax::Severity;
use serde::{Deserialize, Serialize};

pub use crate::examples::{CtxContent, CtxFile};
use crate::tree::TreeView;
pub use crate::view::{DeclaredArg, InstructionRow};
use crate::view::{Input, View};

/// The Dockerfile shown on first load.
pub const EXAMPLE: &str = include_str!("example.Dockerfile");

/// What changes the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The editor's text changed (sent on every input event).
    Edit(String),
    /// Replace everything: text and build context (an example, a share link, a restored session).
    Load { text: String, context: Vec<CtxFile> },
    /// Set (or add) a build-context file.
    SetContextFile(CtxFile),
    /// Remove a build-context file by path.
    RemoveContextFile(String),
    /// Build this stage (name or index; empty: the last stage, as `docker build` does).
    SetTarget(String),
    /// Set `--build-arg NAME=value`; an empty value removes the override.
    SetBuildArg(String, String),
    /// Set the goals that ride in the link (one a line; see `goals.rs`).
    /// `Load` clears them.
    SetGoals(String),
    /// Like `Load`, with the build options too (a share link).
    LoadShared {
        text: String,
        context: Vec<CtxFile>,
        options: BuildOptions,
    },
    /// Stop (`true`) or resume (`false`) analysing: the start-up guard
    /// (`session.rs`) opens the page paused when its previous start never
    /// painted. While paused every action keeps the text, context and options
    /// and shows no analysis.
    SetPaused(bool),
    /// Show this stage's files in the tree (None: the target's).
    ShowTree(Option<usize>),
    /// The analysis of the inputs numbered `seq` ([`State::seq`]).
    Analysed { seq: u64, view: Ptr<View> },
    /// The analysis of the inputs numbered `seq` did not finish.
    Stopped(Stopped),
}

/// What `docker build` is told besides the Dockerfile: `--target` and `--build-arg`s.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildOptions {
    /// A stage name or index; empty: the last stage.
    pub target: String,
    /// In the order they were set; names are unique.
    pub build_args: Vec<(String, String)>,
}

impl BuildOptions {
    /// `NAME=value` per line (the share link's `args` field).
    pub fn args_text(&self) -> String {
        self.build_args
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Reads [`BuildOptions::args_text`]; lines without a name are skipped.
    pub fn parse_args(text: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for line in text.lines() {
            let (k, v) = line.split_once('=').unwrap_or((line, ""));
            let k = k.trim();
            if k.is_empty() || k.contains(char::is_whitespace) {
                continue;
            }
            out.retain(|(n, _)| n != k);
            out.push((k.to_string(), v.to_string()));
        }
        out
    }
}

/// The editor's text, what the analysis depends on, and the analysis the
/// panels show.
///
/// The reducer never analyses: a change of the inputs bumps [`State::seq`];
/// the page sends [`State::input`] to the analysis worker and the result
/// comes back as [`Action::Analysed`]. Until then the panels keep showing
/// the last analysis ([`State::is_stale`]). The lists are reference-counted
/// so that components can take them as props without copying.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub text: Rc<str>,
    /// The build context the page passes to the analysis (sorted by path).
    pub context: Rc<[CtxFile]>,
    /// `--target` and `--build-arg`s.
    pub options: Rc<BuildOptions>,
    /// The goals the link carries (the share state's `goals` extra).
    pub goals_text: Rc<str>,
    /// The stage whose files the tree shows (None: the target).
    pub tree_stage: Option<usize>,
    /// Counts `Load`s: the code editor takes the text from the state only
    /// when this changes (otherwise the editor is the source of the text).
    pub loads: u32,
    /// Not analysed (see [`Action::SetPaused`]): the panels are empty.
    pub paused: bool,
    /// Bumped by every change of what the analysis depends on.
    pub seq: u64,
    /// The `seq` whose analysis the panels show (0: none yet).
    pub shown: u64,
    /// The length in bytes of the text whose analysis the panels show.
    pub shown_bytes: usize,
    /// The analysis of `seq` was stopped (too slow, or it crashed).
    pub stopped: Option<Stopped>,
    /// The ARGs the Dockerfile declares.
    pub args: Rc<[DeclaredArg]>,
    pub instructions: Rc<[InstructionRow]>,
    pub findings: Rc<[Finding]>,
    pub stages: Ptr<Vec<StageReport>>,
    pub layers: Ptr<Vec<LayerReport>>,
    pub image: Ptr<Option<ImageReport>>,
    pub edges: Ptr<Vec<Edge>>,
    /// The chosen stage's files.
    pub tree: Ptr<Option<TreeView>>,
    /// The file's and the link's goals, evaluated.
    pub goals: Ptr<crate::goals::GoalsView>,
}

/// Why an analysis did not finish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// It ran longer than the watchdog allows (milliseconds).
    Timeout(u32),
    /// The worker died (a crash, or out of memory).
    Crashed,
}

/// An analysis that did not finish: which one, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stopped {
    pub seq: u64,
    pub why: Stop,
}

/// A shared part of an analysis; equal only to itself (a new analysis is a
/// new value), so components re-render when the analysis changes.
#[derive(Debug)]
pub struct Ptr<T>(pub Rc<T>);

impl<T> Ptr<T> {
    pub fn new(value: T) -> Ptr<T> {
        Ptr(Rc::new(value))
    }
}

impl<T> Clone for Ptr<T> {
    fn clone(&self) -> Self {
        Ptr(self.0.clone())
    }
}

impl<T> PartialEq for Ptr<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Ptr<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl Default for State {
    fn default() -> Self {
        State::new(EXAMPLE)
    }
}

impl State {
    /// The state of `text`, analysed now (on this thread).
    pub fn new(text: &str) -> State {
        State::with_context(text, Rc::from(Vec::new()))
    }

    /// [`State::new`] with these build-context files (none: an unknown context).
    pub fn with_context(text: &str, context: Rc<[CtxFile]>) -> State {
        State::with_options(text, context, Rc::new(BuildOptions::default()))
    }

    /// [`State::new`] with a build context and build options.
    pub fn with_options(text: &str, context: Rc<[CtxFile]>, options: Rc<BuildOptions>) -> State {
        State::with_goals(text, context, options, Rc::from(""))
    }

    /// [`State::new`] with a build context, build options and the link's goals.
    pub fn with_goals(
        text: &str,
        context: Rc<[CtxFile]>,
        options: Rc<BuildOptions>,
        goals_text: Rc<str>,
    ) -> State {
        State::pending(text, context, options, goals_text).analysed()
    }

    /// The state of these inputs, not analysed yet: the panels are empty
    /// until an [`Action::Analysed`] arrives.
    pub fn pending(
        text: &str,
        context: Rc<[CtxFile]>,
        options: Rc<BuildOptions>,
        goals_text: Rc<str>,
    ) -> State {
        State {
            text: Rc::from(text),
            context,
            options,
            goals_text,
            tree_stage: None,
            loads: 0,
            paused: false,
            seq: 1,
            shown: 0,
            shown_bytes: 0,
            stopped: None,
            args: Rc::from(Vec::new()),
            instructions: Rc::from(Vec::new()),
            findings: Rc::from(Vec::new()),
            stages: Ptr::new(Vec::new()),
            layers: Ptr::new(Vec::new()),
            image: Ptr::new(None),
            edges: Ptr::new(Vec::new()),
            tree: Ptr::new(None),
            goals: Ptr::new(Default::default()),
        }
    }

    /// What the analysis of this state depends on.
    pub fn input(&self) -> Input {
        Input {
            text: self.text.to_string(),
            context: self.context.to_vec(),
            options: (*self.options).clone(),
            goals_text: self.goals_text.to_string(),
            tree_stage: self.tree_stage,
            today: crate::bridge::today(),
        }
    }

    /// This state with its inputs analysed now, on this thread (host tests,
    /// and the page when no worker can start). A paused state stays as it is.
    pub fn analysed(&self) -> State {
        if self.paused {
            return self.clone();
        }
        let view = crate::view::analyse(&self.input());
        self.apply(Action::Analysed {
            seq: self.seq,
            view: Ptr::new(view),
        })
    }

    /// Whether an analysis of the current inputs is wanted: not paused, not
    /// shown yet, not stopped.
    pub fn wants_analysis(&self) -> bool {
        !self.paused && self.shown != self.seq && self.stopped.is_none_or(|s| s.seq != self.seq)
    }

    /// Whether the panels show an older text (or options) than the editor's.
    pub fn is_stale(&self) -> bool {
        !self.paused && self.shown != self.seq
    }

    /// The same state with its inputs changed by `f`: a new `seq`.
    fn changed(&self, f: impl FnOnce(&mut State)) -> State {
        let mut s = self.clone();
        f(&mut s);
        s.seq = self.seq.wrapping_add(1);
        if s.paused {
            s.clear_view();
        }
        s
    }

    /// Empties the panels (a paused state shows no analysis).
    fn clear_view(&mut self) {
        let empty = State::pending("", Rc::from(Vec::new()), self.options.clone(), Rc::from(""));
        self.args = empty.args;
        self.instructions = empty.instructions;
        self.findings = empty.findings;
        self.stages = empty.stages;
        self.layers = empty.layers;
        self.image = empty.image;
        self.edges = empty.edges;
        self.tree = empty.tree;
        self.goals = empty.goals;
        self.shown = 0;
    }

    /// The panels show `view`, the analysis of `seq`. A part equal to what
    /// is shown keeps its pointer, so its panel does not redraw.
    fn show(&self, seq: u64, view: Ptr<View>) -> State {
        let v = Rc::try_unwrap(view.0).unwrap_or_else(|shared| (*shared).clone());
        let mut s = self.clone();
        s.shown = seq;
        s.shown_bytes = v.text_bytes;
        s.stopped = None;
        keep_or_rc(&mut s.args, v.args);
        keep_or_rc(&mut s.instructions, v.instructions);
        keep_or_rc(&mut s.findings, v.findings);
        keep_or_ptr(&mut s.stages, v.stages);
        keep_or_ptr(&mut s.layers, v.layers);
        keep_or_ptr(&mut s.image, v.image);
        keep_or_ptr(&mut s.edges, v.edges);
        keep_or_ptr(&mut s.tree, v.tree);
        keep_or_ptr(&mut s.goals, v.goals);
        s
    }

    /// The state after `action` (pure: `self` is left as it was).
    pub fn apply(&self, action: Action) -> State {
        match action {
            Action::Edit(text) if *text == *self.text => self.clone(),
            Action::Edit(text) => self.changed(|s| s.text = text.into()),
            Action::SetGoals(g) if *g == *self.goals_text => self.clone(),
            Action::SetGoals(g) => self.changed(|s| s.goals_text = g.into()),
            Action::SetPaused(p) if p == self.paused => self.clone(),
            Action::SetPaused(p) => self.changed(|s| s.paused = p),
            Action::ShowTree(stage) if stage == self.tree_stage => self.clone(),
            Action::ShowTree(stage) => self.changed(|s| s.tree_stage = stage),
            Action::Load { text, context } => self.apply(Action::LoadShared {
                text,
                context,
                options: BuildOptions::default(),
            }),
            Action::LoadShared {
                text,
                mut context,
                options,
            } => {
                context.sort_by(|a, b| a.path.cmp(&b.path));
                self.changed(|s| {
                    s.text = text.into();
                    s.context = context.into();
                    s.options = Rc::new(options);
                    s.goals_text = Rc::from("");
                    s.tree_stage = None;
                    s.loads = s.loads.wrapping_add(1);
                })
            }
            Action::SetTarget(target) => {
                let target = target.trim().to_string();
                if target == self.options.target {
                    return self.clone();
                }
                let options = BuildOptions {
                    target,
                    ..(*self.options).clone()
                };
                self.changed(|s| s.options = Rc::new(options))
            }
            Action::SetBuildArg(name, value) => {
                let mut options = (*self.options).clone();
                options.build_args.retain(|(k, _)| *k != name);
                if !value.is_empty() {
                    options.build_args.push((name, value));
                }
                if options == *self.options {
                    return self.clone();
                }
                self.changed(|s| s.options = Rc::new(options))
            }
            Action::SetContextFile(file) => {
                let mut context: Vec<CtxFile> = self
                    .context
                    .iter()
                    .filter(|f| f.path != file.path)
                    .cloned()
                    .collect();
                context.push(file);
                context.sort_by(|a, b| a.path.cmp(&b.path));
                self.changed(|s| s.context = context.into())
            }
            Action::RemoveContextFile(path) => {
                let context: Vec<CtxFile> = self
                    .context
                    .iter()
                    .filter(|f| f.path != path)
                    .cloned()
                    .collect();
                self.changed(|s| s.context = context.into())
            }
            // A result older than the one shown, or for a paused page: dropped.
            Action::Analysed { seq, .. } if seq <= self.shown || self.paused => self.clone(),
            Action::Analysed { seq, view } => self.show(seq, view),
            Action::Stopped(stop) if stop.seq != self.seq => self.clone(),
            Action::Stopped(stop) => {
                let mut s = self.clone();
                s.stopped = Some(stop);
                s
            }
        }
    }

    /// Number of lines in the editor (an empty text has one).
    pub fn line_count(&self) -> usize {
        line_count(&self.text)
    }

    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// For each line of the text (index 0 is line 1), the worst severity of
    /// the findings that start on it.
    pub fn line_marks(&self) -> Vec<Option<Severity>> {
        line_marks(self.line_count(), &self.findings)
    }

    /// The findings as CodeMirror diagnostics (JSON; positions in UTF-16).
    pub fn diagnostics_json(&self) -> String {
        diagnostics_json(&self.text, &self.findings, crate::i18n::Lang::En)
    }
}

/// Converts byte offsets of `text` to UTF-16 offsets (CodeMirror's positions).
/// Offsets past the end give the end; offsets inside a character give its start.
pub fn utf16_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    if text.is_ascii() {
        return bytes.iter().map(|&b| b.min(text.len())).collect();
    }
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let mut chars = text.char_indices().peekable();
    let mut units = 0usize;
    for i in order {
        let target = bytes[i];
        while let Some(&(at, c)) = chars.peek() {
            if at + c.len_utf8() > target {
                break;
            }
            units += c.len_utf16();
            chars.next();
        }
        out[i] = units;
    }
    out
}

/// Escapes a string as a JSON string literal.
pub fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A finding's message as the editor's hover shows it (the cost in the page's language).
pub fn hover_text(f: &Finding, lang: crate::i18n::Lang) -> String {
    let mut m = f.message.clone();
    if let Some(a) = &f.assumption {
        m.push('\n');
        m.push_str(&assumption_text(lang, a));
    }
    if !f.help.is_empty() {
        m.push('\n');
        m.push_str(&f.help);
    }
    if let Some(cost) = &f.cost {
        m.push('\n');
        m.push_str(tr!(lang, "Cost: ", "Цена: ", "代价："));
        m.push_str(&crate::i18n::cost_text(lang, cost));
    }
    m
}

/// `Assumes: requirements.txt lists at least one package` (the assumption's
/// own words stay English, as rule messages do).
pub fn assumption_text(lang: crate::i18n::Lang, a: &Assumption) -> String {
    format!("{}{}", assumption_label(lang), a.text)
}

/// `Assumes: ` (the label before an assumption's own words).
pub fn assumption_label(lang: crate::i18n::Lang) -> &'static str {
    tr!(lang, "Assumes: ", "Предполагается: ", "假设：")
}

/// The build-context files that would decide a finding's assumption, without
/// repeats (the page offers to add each: "Add requirements.txt").
pub fn deciding_files(f: &Finding) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in f.assumption.iter().flat_map(|a| &a.decided_by) {
        let p = p.trim().trim_start_matches("./");
        if !p.is_empty() && !out.iter().any(|q| q == p) {
            out.push(p.to_string());
        }
    }
    out
}

/// The findings as a JSON array of CodeMirror diagnostics:
/// `{from, to, severity, message, source, fix: {title, edits: [[from, to, insert]]} | null}`.
pub fn diagnostics_json(text: &str, findings: &[Finding], lang: crate::i18n::Lang) -> String {
    let mut offsets = Vec::new();
    for f in findings {
        offsets.push(f.start);
        offsets.push(f.end);
        if let Some(fix) = &f.fix {
            for e in &fix.edits {
                offsets.push(e.start);
                offsets.push(e.end);
            }
        }
    }
    let units = utf16_offsets(text, &offsets);
    let mut k = 0;
    let mut next = || {
        k += 1;
        units[k - 1]
    };
    let mut out = String::from("[");
    for (i, f) in findings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let from = next();
        let to = next();
        out.push_str(&format!(
            "{{\"from\":{from},\"to\":{to},\"severity\":\"{}\",\"source\":",
            severity_name(f.severity)
        ));
        json_string(&mut out, &f.rule);
        out.push_str(",\"message\":");
        json_string(&mut out, &hover_text(f, lang));
        out.push_str(",\"fix\":");
        match &f.fix {
            None => out.push_str("null"),
            Some(fix) => {
                out.push_str("{\"title\":");
                json_string(&mut out, &fix.title);
                out.push_str(",\"edits\":[");
                for (j, e) in fix.edits.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    let (a, b) = (next(), next());
                    out.push_str(&format!("[{a},{b},"));
                    json_string(&mut out, &e.replacement);
                    out.push(']');
                }
                out.push_str("]}");
            }
        }
        out.push('}');
    }
    out.push(']');
    out
}

/// A fix's edits in UTF-16 offsets: `(from, to, insert)`.
pub fn fix_edits_utf16(
    text: &str,
    fix: &layerlab_analysis::rules::Fix,
) -> Vec<(usize, usize, String)> {
    let offsets: Vec<usize> = fix.edits.iter().flat_map(|e| [e.start, e.end]).collect();
    let u = utf16_offsets(text, &offsets);
    fix.edits
        .iter()
        .enumerate()
        .map(|(i, e)| (u[2 * i], u[2 * i + 1], e.replacement.clone()))
        .collect()
}

/// `FROM` solid, `COPY --from` dashed, `RUN --mount` dotted: the edge's CSS class.
pub fn edge_class(kind: &EdgeKind) -> &'static str {
    match kind {
        EdgeKind::From => "edge-from",
        EdgeKind::CopyFrom => "edge-copy",
        EdgeKind::MountFrom => "edge-mount",
    }
}

/// The external images the edges name, in first-seen order.
pub fn external_images(edges: &[Edge]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in edges {
        if let EdgeSource::Image { reference } = &e.from {
            if !out.contains(reference) {
                out.push(reference.clone());
            }
        }
    }
    out
}

/// Replaces `shown` with `new` unless they are equal.
fn keep_or_ptr<T: PartialEq>(shown: &mut Ptr<T>, new: T) {
    if **shown != new {
        *shown = Ptr::new(new);
    }
}

/// Replaces `shown` with `new` unless they are equal.
fn keep_or_rc<T: PartialEq>(shown: &mut Rc<[T]>, new: Vec<T>) {
    if **shown != *new {
        *shown = new.into();
    }
}

impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Unchanged text keeps the same Rc, so nothing re-renders.
        match &action {
            Action::Edit(text) if **text == *self.text => self,
            _ => Rc::new(self.apply(action)),
        }
    }
}

/// Lines as a textarea shows them: split at `\n`, a trailing newline opens an
/// empty last line.
pub fn line_count(text: &str) -> usize {
    text.split('\n').count()
}

/// The worst severity of the findings starting on each of `lines` lines.
pub fn line_marks(lines: usize, findings: &[Finding]) -> Vec<Option<Severity>> {
    let mut marks = vec![None; lines];
    for f in findings {
        let i = (f.line.max(1) as usize - 1).min(lines.saturating_sub(1));
        if let Some(slot) = marks.get_mut(i) {
            *slot = (*slot).max(Some(f.severity));
        }
    }
    marks
}

/// Where `line` (1-based) starts in `text`, in UTF-16 code units, which is
/// what a textarea's selection API counts. Past the end gives the text's end.
pub fn utf16_line_start(text: &str, line: u32) -> u32 {
    let mut offset = 0u32;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 >= line as usize {
            return offset;
        }
        offset += l.encode_utf16().count() as u32 + 1;
    }
    text.encode_utf16().count() as u32
}

/// The lower-case name used in `data-severity` and CSS classes.
pub fn severity_name(severity: Severity) -> &'static str {
    severity.as_str()
}

/// `1 error`, `2 warnings`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yew::Reducible;

    impl State {
        /// `apply`, then the analysis the page would get from the worker.
        fn run(&self, action: Action) -> State {
            self.apply(action).analysed()
        }
    }

    /// Payload 14: a link's context files near u64::MAX, copied twice and
    /// compared: nothing overflows (debug builds would panic) and the sizes
    /// read as the clamped bound.
    #[test]
    fn huge_context_sizes_do_not_overflow() {
        let files: Vec<CtxFile> = (0..4)
            .map(|i| CtxFile::sized(&format!("big{i}.bin"), u64::MAX - i))
            .collect();
        let link = crate::share::encode(&crate::share::Shared {
            text: "FROM alpine\nCOPY . /a\nCOPY . /b\nFROM alpine\nCOPY --from=0 / /c\n".into(),
            target: String::new(),
            context: files,
            extra: vec![],
        });
        let shared = crate::share::decode(&link).unwrap();
        let s = State::new("").run(Action::LoadShared {
            text: shared.text.clone(),
            context: shared.context.clone(),
            options: BuildOptions::default(),
        });
        let image = (*s.image).clone().unwrap();
        assert!(image.size_bytes >= 4 * crate::share::MAX_FILE_SIZE);
        assert!(image.size_bytes < u64::MAX / 2);
        // Direct u64::MAX sizes (not through a link) are clamped too.
        let direct = State::with_context(
            "FROM alpine\nCOPY . /a\n",
            vec![CtxFile::sized("x", u64::MAX), CtxFile::sized("y", u64::MAX)].into(),
        );
        assert!((*direct.image).clone().unwrap().size_bytes < u64::MAX / 2);
        // The compare view with the same files on both sides.
        let a = crate::compare::side_input(&shared.text, &shared.context, &BuildOptions::default());
        let c = crate::view::compare(&a, &a).comparison;
        assert_eq!(c.image.delta_bytes, 0);
    }

    #[test]
    fn a_paused_state_keeps_the_text_and_analyses_on_resume() {
        let s = State::new("").run(Action::SetPaused(true));
        let s = s.run(Action::Load {
            text: "FROM python:3.12-slim\nRUN pip install flask\n".into(),
            context: vec![],
        });
        assert!(s.paused);
        assert!(s.findings.is_empty() && s.instructions.is_empty());
        let s = s.run(Action::Edit(
            "FROM python:3.12-slim\nRUN pip install flask gunicorn\n".into(),
        ));
        assert!(s.paused && s.findings.is_empty());
        assert!(s.text.contains("gunicorn"));
        let s = s.run(Action::SetPaused(false));
        assert!(!s.paused);
        assert_eq!(s.instructions.len(), 2);
        assert!(s.findings.iter().any(|f| f.rule == "pip-no-cache-dir"));
    }

    #[test]
    fn the_example_has_two_stages_and_no_errors() {
        let s = State::default();
        assert_eq!(&*s.text, EXAMPLE);
        let froms: Vec<_> = s
            .instructions
            .iter()
            .filter(|r| r.keyword == "FROM")
            .collect();
        assert_eq!(froms.len(), 2, "{:?}", s.instructions);
        assert_eq!(froms[0].args, "python:3.12-slim AS build");
        assert_eq!(s.count(Severity::Error), 0, "{:?}", s.findings);
    }

    #[test]
    fn the_example_lists_a_continued_run_with_its_line_range() {
        let s = State::default();
        let run = s
            .instructions
            .iter()
            .find(|r| r.args.starts_with("apt-get update"))
            .unwrap();
        assert_eq!((run.start_line, run.end_line), (5, 7));
        assert_eq!(run.line_range(), "5\u{2013}7");
        assert!(
            run.args.contains("&& rm -rf /var/lib/apt/lists/*"),
            "{}",
            run.args
        );
    }

    #[test]
    fn edit_analyses_the_new_text() {
        let s = State::default().run(Action::Edit(
            "FROM python:3.12-slim AS build\nRUN pip install --no-cache-dir flask==3.0.3\nCOPY . /app\nCMD [\"python\", \"/app/app.py\"]\n".into(),
        ));
        let rows: Vec<_> = s
            .instructions
            .iter()
            .map(|r| (r.keyword.as_str(), r.start_line, r.line_range()))
            .collect();
        assert_eq!(
            rows,
            [
                ("FROM", 1, "1".to_string()),
                ("RUN", 2, "2".to_string()),
                ("COPY", 3, "3".to_string()),
                ("CMD", 4, "4".to_string())
            ]
        );
        assert!(s.findings.is_empty(), "{:?}", s.findings);
        assert_eq!(s.line_count(), 5);
    }

    #[test]
    fn an_unterminated_heredoc_is_an_error_on_its_line() {
        let s = State::new("FROM alpine:3.20\nRUN <<EOF\necho hi\n");
        let f = s
            .findings
            .iter()
            .find(|f| f.rule == "unterminated-heredoc")
            .expect("a finding");
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.line, 2);
        assert_eq!(s.line_marks()[1], Some(Severity::Error));
        assert_eq!(s.line_marks()[0], None);
    }

    #[test]
    fn unchanged_text_keeps_the_same_state() {
        let s = Rc::new(State::new("FROM alpine\n"));
        let same = s.clone().reduce(Action::Edit("FROM alpine\n".into()));
        assert!(Rc::ptr_eq(&s, &same));
        let changed = s.clone().reduce(Action::Edit("FROM alpine:3.20\n".into()));
        assert!(!Rc::ptr_eq(&s, &changed));
        // Until its analysis arrives the panels keep the last one, marked stale.
        assert!(changed.is_stale() && changed.wants_analysis());
        assert_eq!(changed.instructions[0].args, "alpine");
        let analysed = changed.analysed();
        assert!(!analysed.is_stale() && !analysed.wants_analysis());
        assert_eq!(analysed.instructions[0].args, "alpine:3.20");
    }

    #[test]
    fn empty_and_odd_input_never_panics() {
        for text in [
            "",
            "\n",
            "\\",
            "RUN <<",
            "FROM",
            "\u{feff}FROM a",
            "# escape=`\nRUN a `\n b",
            "😀\n\r\n",
        ] {
            let s = State::new(text);
            assert_eq!(s.line_marks().len(), s.line_count());
        }
    }

    #[test]
    fn line_marks_keep_the_worst_severity() {
        let mut findings: Vec<Finding> = [Severity::Info, Severity::Error, Severity::Warning]
            .into_iter()
            .map(|s| finding(2, s))
            .collect();
        findings.push(finding(99, Severity::Info)); // past the end: clamped to the last line
        assert_eq!(
            line_marks(3, &findings),
            vec![None, Some(Severity::Error), Some(Severity::Info)]
        );
        assert_eq!(line_marks(0, &findings), Vec::<Option<Severity>>::new());
    }

    fn finding(line: u32, severity: Severity) -> Finding {
        Finding {
            rule: "test".into(),
            category: layerlab_analysis::Category::Syntax,
            severity,
            line,
            column: 1,
            end_line: line,
            end_column: 1,
            start: 0,
            end: 0,
            message: String::new(),
            help: String::new(),
            cost: None,
            fix: None,
            assumption: None,
        }
    }

    /// What the core sets on seed 04 without a context (issue 10).
    fn assumed() -> Finding {
        Finding {
            rule: "python-packages-left-behind".into(),
            message:
                "COPY --from=builder copies only /root/.local/bin: the packages stay in the builder"
                    .into(),
            assumption: Some(Assumption {
                text: "requirements.txt lists at least one package".into(),
                decided_by: vec![
                    "requirements.txt".into(),
                    "./requirements.txt".into(),
                    " ".into(),
                ],
            }),
            ..finding(18, Severity::Error)
        }
    }

    #[test]
    fn an_assumption_shows_in_the_hover_and_names_the_files_that_decide_it() {
        let f = assumed();
        assert_eq!(deciding_files(&f), ["requirements.txt"]);
        assert!(deciding_files(&finding(1, Severity::Info)).is_empty());
        let hover = hover_text(&f, crate::i18n::Lang::En);
        assert_eq!(
            hover.lines().nth(1),
            Some("Assumes: requirements.txt lists at least one package"),
            "{hover}"
        );
        let ru = hover_text(&f, crate::i18n::Lang::Ru);
        assert!(ru.contains("Предполагается: requirements.txt"), "{ru}");
        let json = diagnostics_json("FROM a\n", &[f], crate::i18n::Lang::Zh);
        assert!(json.contains("\\n假设：requirements.txt lists"), "{json}");
        // No assumption, no line for it.
        let plain = hover_text(&finding(1, Severity::Info), crate::i18n::Lang::En);
        assert!(!plain.contains("Assumes"), "{plain}");
    }

    #[test]
    fn adding_the_deciding_file_makes_the_context_known() {
        let s = State::new(
            "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
        );
        assert!(s.context.is_empty());
        let path = deciding_files(&assumed()).remove(0);
        let s = s.run(Action::SetContextFile(CtxFile::text(
            &path,
            "flask==3.0.3\n",
        )));
        assert_eq!(s.context.len(), 1);
        assert_eq!(s.context[0].path, "requirements.txt");
        assert!(crate::view::options_of(&s.input()).context.is_some());
    }

    #[test]
    fn utf16_offsets_of_lines() {
        let text = "FROM a\nRUN é😀\nCMD x";
        assert_eq!(utf16_line_start(text, 1), 0);
        assert_eq!(utf16_line_start(text, 2), 7);
        // "RUN é😀" is 4 + 1 + 2 = 7 UTF-16 units, plus its newline.
        assert_eq!(utf16_line_start(text, 3), 15);
        assert_eq!(
            utf16_line_start(text, 9),
            text.encode_utf16().count() as u32
        );
        assert_eq!(utf16_line_start(text, 0), 0);
    }

    #[test]
    fn only_loads_count_as_text_from_outside_the_editor() {
        let s = State::new("FROM alpine:3.20\n");
        let edited = s.run(Action::Edit("FROM alpine:3.21\n".into()));
        assert_eq!(edited.loads, s.loads);
        let loaded = edited.run(Action::Load {
            text: "FROM python:3.12-slim\nCOPY requirements.txt .\n".into(),
            context: vec![CtxFile::text("requirements.txt", "flask==3.0.3\n")],
        });
        assert_eq!(loaded.loads, s.loads + 1);
        assert_eq!(loaded.context.len(), 1);
        let ctx = loaded.run(Action::RemoveContextFile("requirements.txt".into()));
        assert_eq!((ctx.loads, ctx.context.len()), (loaded.loads, 0));
    }

    #[test]
    fn utf16_offsets_count_code_units() {
        let text = "RUN é😀 x";
        // bytes: "RUN " 4, é 2, 😀 4, " x" 2
        assert_eq!(
            utf16_offsets(text, &[0, 4, 6, 10, 12, 99]),
            vec![0, 4, 5, 7, 9, 9]
        );
        assert_eq!(utf16_offsets("abc", &[2, 0, 5]), vec![2, 0, 3]);
    }

    #[test]
    fn diagnostics_json_is_valid_and_escaped() {
        let s = State::new("FROM python:3.12-slim\nRUN pip install \"flask==3.0.3\"\n");
        let json = s.diagnostics_json();
        assert!(json.starts_with('[') && json.ends_with(']'), "{json}");
        assert!(json.contains("\"source\":\"pip-no-cache-dir\""), "{json}");
    }

    #[test]
    fn target_and_build_args_reach_the_analysis() {
        let text = "ARG PY=3.12\nFROM python:${PY}-slim AS build\nRUN echo hi\nFROM alpine:3.20 AS other\nARG MODE\nRUN echo $MODE\n";
        let s = State::new(text);
        assert_eq!(
            s.args
                .iter()
                .map(|a| (a.name.as_str(), a.default.as_deref(), a.global))
                .collect::<Vec<_>>(),
            [("PY", Some("3.12"), true), ("MODE", None, false)]
        );
        // Default: the last stage is the target, the first is not needed.
        assert!(!s.stages[0].reachable && s.stages[1].reachable);
        let t = s.run(Action::SetTarget("build".into()));
        assert!(t.stages[0].reachable && !t.stages[1].reachable);
        assert_eq!(t.options.target, "build");
        // A build arg changes what FROM resolves to.
        let a = t.run(Action::SetBuildArg("PY".into(), "3.11".into()));
        assert_eq!(a.stages[0].base, "python:3.11-slim");
        // Editing keeps the options; an empty value removes the override.
        let e = a.run(Action::Edit(format!("{text}# more\n")));
        assert_eq!(e.options.target, "build");
        assert_eq!(e.stages[0].base, "python:3.11-slim");
        let r = e.run(Action::SetBuildArg("PY".into(), String::new()));
        assert_eq!(r.stages[0].base, "python:3.12-slim");
        // Loading an example resets them.
        let l = e.run(Action::Load {
            text: text.into(),
            context: vec![],
        });
        assert_eq!(*l.options, BuildOptions::default());
    }

    #[test]
    fn build_args_text_round_trip() {
        let o = BuildOptions {
            target: String::new(),
            build_args: vec![("A".into(), "1".into()), ("B".into(), "x=y z".into())],
        };
        assert_eq!(BuildOptions::parse_args(&o.args_text()), o.build_args);
        assert_eq!(
            BuildOptions::parse_args("=bad\nA=1\nbad name=2\nA=2\nC"),
            [
                ("A".to_string(), "2".to_string()),
                ("C".to_string(), String::new())
            ]
        );
    }

    #[test]
    fn words() {
        assert_eq!(plural(1, "error"), "1 error");
        assert_eq!(plural(0, "warning"), "0 warnings");
        assert_eq!(severity_name(Severity::Warning), "warning");
    }

    #[test]
    fn link_goals_survive_edits_and_a_load_clears_them() {
        let s = State::new("# goal: no errors\nFROM python:3.12-slim\n");
        assert_eq!(s.goals.rows.len(), 1);
        assert!(s.goals.all_met());
        let s = s.run(Action::SetGoals("user != root".into()));
        assert_eq!(s.goals.rows.len(), 2);
        assert!(!s.goals.all_met());
        let s = s.run(Action::Edit(
            "# goal: no errors\nFROM python:3.12-slim\nUSER app\n".into(),
        ));
        assert_eq!(&*s.goals_text, "user != root");
        assert!(s.goals.all_met(), "{:?}", s.goals);
        let s = s.run(Action::SetContextFile(CtxFile::text("a.txt", "x")));
        assert_eq!(&*s.goals_text, "user != root");
        let s = s.run(Action::Load {
            text: "FROM alpine\n".into(),
            context: vec![],
        });
        assert!(s.goals_text.is_empty() && s.goals.is_empty());
    }
}

//! The page's state and the actions that change it.
//!
//! Everything here is plain Rust with no browser dependency, so it is unit
//! tested natively (`cargo test -p layerlab-web`). The components only render
//! a [`State`] and send [`Action`]s; the analysis runs elsewhere (the
//! worker, see `analyst.rs`) and comes back as an action.

use std::rc::Rc;

use layerlab_analysis::sim::Edge;
use layerlab_analysis::{Finding, ImageReport, LayerReport, StageReport};
use layerlab_syntax::Severity;
use serde::Serialize;

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
    /// Analyse the same inputs again: the catalogue's long tail has arrived
    /// and sizes that were unknown may now be known (`long_tail.rs`).
    Reanalyse,
}

/// What `docker build` is told besides the Dockerfile: `--target`,
/// `--build-arg`s, and whether the context is a whole directory.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, borsh::BorshSerialize, borsh::BorshDeserialize,
)]
pub struct BuildOptions {
    /// A stage name or index; empty: the last stage.
    pub target: String,
    /// In the order they were set; names are unique.
    pub build_args: Vec<(String, String)>,
    /// The context files are the whole directory (a folder read
    /// completely), not the few files someone added: a COPY source that is
    /// not among them is missing. Kept while files are edited; a `Load`
    /// (an example) clears it.
    #[serde(default)]
    pub whole_context: bool,
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

    /// Whether an analysis of the current inputs is on its way (stale, and
    /// not stopped).
    pub fn is_analysing(&self) -> bool {
        self.is_stale() && self.stopped.is_none_or(|s| s.seq != self.seq)
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
    /// is shown keeps its pointer, so its panel does not redraw; only the
    /// parts that changed are copied (the page keeps `view` to apply the
    /// worker's next delta to).
    fn show(&self, seq: u64, view: Ptr<View>) -> State {
        let v = &*view.0;
        let mut s = self.clone();
        s.shown = seq;
        s.shown_bytes = v.text_bytes;
        s.stopped = None;
        keep_or_rc(&mut s.args, &v.args);
        keep_or_rc(&mut s.instructions, &v.instructions);
        keep_or_rc(&mut s.findings, &v.findings);
        keep_or_ptr(&mut s.stages, &v.stages);
        keep_or_ptr(&mut s.layers, &v.layers);
        keep_or_ptr(&mut s.image, &v.image);
        keep_or_ptr(&mut s.edges, &v.edges);
        keep_or_ptr(&mut s.tree, &v.tree);
        keep_or_ptr(&mut s.goals, &v.goals);
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
                layerlab_sort::sort_by(&mut context, |a, b| a.path.cmp(&b.path));
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
                layerlab_sort::sort_by(&mut context, |a, b| a.path.cmp(&b.path));
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
            Action::Reanalyse => self.changed(|_| {}),
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
        crate::present::line_count(&self.text)
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
        crate::present::line_marks(self.line_count(), &self.findings)
    }
}

/// Replaces `shown` with a copy of `new` unless they are equal.
fn keep_or_ptr<T: PartialEq + Clone>(shown: &mut Ptr<T>, new: &T) {
    if **shown != *new {
        *shown = Ptr::new(new.clone());
    }
}

/// Replaces `shown` with a copy of `new` unless they are equal.
fn keep_or_rc<T: PartialEq + Clone>(shown: &mut Rc<[T]>, new: &[T]) {
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

#[cfg(test)]
mod tests;

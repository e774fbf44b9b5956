//! The page's state and the actions that change it.
//!
//! Everything here is plain Rust with no browser dependency, so it is unit
//! tested natively (`cargo test -p layerlab-web`). The components only render
//! a [`State`] and send [`Action`]s; the reducer runs the analysis.

use std::rc::Rc;

use layerlab_analysis::sim::{Edge, EdgeKind, EdgeSource};
use layerlab_analysis::{
    analyze, instruction_summary, Assumption, BuildContext, Finding, ImageReport, LayerReport,
    Options, SimOptions, Simulation, StageReport,
};
use layerlab_syntax::Severity;

pub use crate::examples::{CtxContent, CtxFile};

/// The Dockerfile shown on first load.
pub const EXAMPLE: &str = include_str!("example.Dockerfile");

/// What changes the state.
#[derive(Clone, Debug, PartialEq, Eq)]
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
}

/// What `docker build` is told besides the Dockerfile: `--target` and `--build-arg`s.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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

/// What the page passes to the analysis for a build context (none: an
/// unknown context) and build options; the date is today's.
pub fn analysis_options(context: &[CtxFile], build: &BuildOptions) -> Options {
    let ctx = (!context.is_empty()).then(|| {
        // The files people add are the ones that matter, not the whole
        // context: a COPY source not among them may still exist.
        let mut c = BuildContext::partial();
        for f in context {
            match &f.content {
                CtxContent::Text(t) => c.add_text(&f.path, t),
                // Clamped here too: every way in (links, the panel) clamps,
                // and the analysis' sums must never overflow.
                CtxContent::Sized(n) => c.add_sized(&f.path, (*n).min(crate::share::MAX_FILE_SIZE)),
            }
        }
        c
    });
    Options {
        sim: SimOptions {
            target: (!build.target.is_empty()).then(|| build.target.clone()),
            build_args: build.build_args.clone(),
            today: crate::bridge::today().unwrap_or_else(|| SimOptions::default().today),
            ..SimOptions::default()
        },
        context: ctx,
    }
}

/// An `ARG` the Dockerfile declares (the build options offer to set it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredArg {
    pub name: String,
    /// The default as written (`3.12`), if any.
    pub default: Option<String>,
    pub line: u32,
    /// Declared before the first FROM (usable in FROM lines).
    pub global: bool,
}

/// The ARGs of `df`, first declaration of each name.
pub fn declared_args(df: &layerlab_syntax::Dockerfile) -> Vec<DeclaredArg> {
    use layerlab_syntax::{Args, Keyword};
    let mut out: Vec<DeclaredArg> = Vec::new();
    let mut seen_from = false;
    for ins in df.instructions() {
        match ins.kind {
            Keyword::From => seen_from = true,
            Keyword::Arg => {
                let Args::Words { items } = &ins.args else {
                    continue;
                };
                for t in items {
                    let (name, default) = match t.text.split_once('=') {
                        Some((k, v)) => (k, Some(v.trim_matches(['"', '\'']).to_string())),
                        None => (t.text.as_str(), None),
                    };
                    if name.is_empty() || out.iter().any(|a| a.name == name) {
                        continue;
                    }
                    out.push(DeclaredArg {
                        name: name.to_string(),
                        default,
                        line: ins.start_line,
                        global: !seen_from,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// One instruction as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstructionRow {
    /// The canonical keyword (`FROM`), or the word as written, upper-cased,
    /// when the instruction is unknown.
    pub keyword: String,
    /// The rest of the logical line, continuations joined (`python:3.12-slim AS build`).
    pub args: String,
    /// 1-based, inclusive.
    pub start_line: u32,
    pub end_line: u32,
}

impl InstructionRow {
    /// `3` for a one-line instruction, `5–7` for one that spans lines.
    pub fn line_range(&self) -> String {
        if self.end_line > self.start_line {
            format!("{}\u{2013}{}", self.start_line, self.end_line)
        } else {
            self.start_line.to_string()
        }
    }
}

/// The editor's text and what the analysis says about it.
///
/// The lists are reference-counted so that components can take them as
/// props without copying.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub text: Rc<str>,
    /// The build context the page passes to the analysis (sorted by path).
    pub context: Rc<[CtxFile]>,
    /// `--target` and `--build-arg`s.
    pub options: Rc<BuildOptions>,
    /// The ARGs the Dockerfile declares.
    pub args: Rc<[DeclaredArg]>,
    pub instructions: Rc<[InstructionRow]>,
    pub findings: Rc<[Finding]>,
    pub stages: Ptr<Vec<StageReport>>,
    pub layers: Ptr<Vec<LayerReport>>,
    pub image: Ptr<Option<ImageReport>>,
    pub edges: Ptr<Vec<Edge>>,
    /// The whole simulation (stage filesystems for the file tree).
    pub sim: Ptr<Simulation>,
    /// The goals the link carries (the share state's `goals` extra).
    pub goals_text: Rc<str>,
    /// The file's and the link's goals, evaluated.
    pub goals: Ptr<crate::goals::GoalsView>,
    /// Counts `Load`s: the code editor takes the text from the state only
    /// when this changes (otherwise the editor is the source of the text).
    pub loads: u32,
    /// Not analysed (see [`Action::SetPaused`]): the panels are empty.
    pub paused: bool,
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
    /// Analyse `text` and build the state that shows it.
    pub fn new(text: &str) -> State {
        State::with_context(text, Rc::from(Vec::new()))
    }

    /// Analyse `text` with these build-context files (none: an unknown context).
    pub fn with_context(text: &str, context: Rc<[CtxFile]>) -> State {
        State::with_options(text, context, Rc::new(BuildOptions::default()))
    }

    /// Analyse `text` with a build context and build options.
    pub fn with_options(text: &str, context: Rc<[CtxFile]>, options: Rc<BuildOptions>) -> State {
        State::with_goals(text, context, options, Rc::from(""))
    }

    /// Analyse `text` with a build context and build options, and evaluate
    /// the file's goals and `goals_text` (the link's).
    pub fn with_goals(
        text: &str,
        context: Rc<[CtxFile]>,
        options: Rc<BuildOptions>,
        goals_text: Rc<str>,
    ) -> State {
        let analysis_options = analysis_options(&context, &options);
        let started = crate::bridge::now();
        let analysis = analyze(text, &analysis_options);
        crate::bridge::record_analysis_ms(crate::bridge::now() - started);
        let goals = crate::goals::GoalsView::of(&analysis, &goals_text);
        let df = &analysis.dockerfile;
        let instructions = df
            .instructions()
            .map(|ins| {
                let summary = instruction_summary(ins);
                let args = summary
                    .split_once(' ')
                    .map(|(_, rest)| rest)
                    .unwrap_or("")
                    .to_string();
                InstructionRow {
                    keyword: ins.keyword.text.to_uppercase(),
                    args,
                    start_line: ins.start_line,
                    end_line: ins.end_line,
                }
            })
            .collect();
        let report = analysis.report;
        let args = declared_args(df).into();
        State {
            text: Rc::from(text),
            context,
            options,
            args,
            instructions,
            findings: report.findings.into(),
            stages: Ptr::new(report.stages),
            layers: Ptr::new(report.layers),
            image: Ptr::new(report.image),
            edges: Ptr::new(analysis.simulation.edges.clone()),
            sim: Ptr::new(analysis.simulation),
            goals_text,
            goals: Ptr::new(goals),
            loads: 0,
            paused: false,
        }
    }

    /// The state for `text` without analysing it (paused): the panels show
    /// the analysis of an empty file.
    pub fn unanalysed(
        text: &str,
        context: Rc<[CtxFile]>,
        options: Rc<BuildOptions>,
        goals_text: Rc<str>,
    ) -> State {
        let mut s = State::with_goals("", context, Rc::new(BuildOptions::default()), goals_text);
        s.text = Rc::from(text);
        s.options = options;
        // Nothing to say about a text not analysed (not even "empty file").
        s.findings = Rc::from(Vec::new());
        s.instructions = Rc::from(Vec::new());
        s.paused = true;
        s
    }

    /// [`State::with_goals`], or [`State::unanalysed`] when `paused`.
    fn build(
        text: &str,
        context: Rc<[CtxFile]>,
        options: Rc<BuildOptions>,
        goals_text: Rc<str>,
        paused: bool,
    ) -> State {
        if paused {
            State::unanalysed(text, context, options, goals_text)
        } else {
            State::with_goals(text, context, options, goals_text)
        }
    }

    /// The state after `action` (pure: `self` is left as it was).
    pub fn apply(&self, action: Action) -> State {
        let loads = self.loads;
        let paused = self.paused;
        let keep = |mut s: State| {
            s.loads = loads;
            s
        };
        // The same inputs but for what the action changes (link goals stay).
        let redo = |text: &str, context: Rc<[CtxFile]>, options: Rc<BuildOptions>| {
            State::build(text, context, options, self.goals_text.clone(), paused)
        };
        match action {
            Action::Edit(text) if *text == *self.text => self.clone(),
            Action::Edit(text) => keep(redo(&text, self.context.clone(), self.options.clone())),
            Action::SetGoals(g) if *g == *self.goals_text => self.clone(),
            Action::SetGoals(g) => keep(State::build(
                &self.text,
                self.context.clone(),
                self.options.clone(),
                g.into(),
                paused,
            )),
            Action::SetPaused(p) if p == paused => self.clone(),
            Action::SetPaused(p) => keep(State::build(
                &self.text,
                self.context.clone(),
                self.options.clone(),
                self.goals_text.clone(),
                p,
            )),
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
                let mut s = State::build(
                    &text,
                    context.into(),
                    Rc::new(options),
                    Rc::from(""),
                    paused,
                );
                s.loads = loads.wrapping_add(1);
                s
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
                keep(redo(&self.text, self.context.clone(), Rc::new(options)))
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
                keep(redo(&self.text, self.context.clone(), Rc::new(options)))
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
                keep(redo(&self.text, context.into(), self.options.clone()))
            }
            Action::RemoveContextFile(path) => {
                let context: Vec<CtxFile> = self
                    .context
                    .iter()
                    .filter(|f| f.path != path)
                    .cloned()
                    .collect();
                keep(redo(&self.text, context.into(), self.options.clone()))
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
        let s = State::new("").apply(Action::LoadShared {
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
        let a =
            crate::compare::analyze_side(&shared.text, &shared.context, &BuildOptions::default());
        let c = layerlab_analysis::compare::compare(&a, &a);
        assert_eq!(c.image.delta_bytes, 0);
    }

    #[test]
    fn a_paused_state_keeps_the_text_and_analyses_on_resume() {
        let s = State::new("").apply(Action::SetPaused(true));
        let s = s.apply(Action::Load {
            text: "FROM python:3.12-slim\nRUN pip install flask\n".into(),
            context: vec![],
        });
        assert!(s.paused);
        assert!(s.findings.is_empty() && s.instructions.is_empty());
        let s = s.apply(Action::Edit(
            "FROM python:3.12-slim\nRUN pip install flask gunicorn\n".into(),
        ));
        assert!(s.paused && s.findings.is_empty());
        assert!(s.text.contains("gunicorn"));
        let s = s.apply(Action::SetPaused(false));
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
        let s = State::default().apply(Action::Edit(
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
        assert_eq!(changed.instructions[0].args, "alpine:3.20");
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
        let s = s.apply(Action::SetContextFile(CtxFile::text(
            &path,
            "flask==3.0.3\n",
        )));
        assert_eq!(s.context.len(), 1);
        assert_eq!(s.context[0].path, "requirements.txt");
        assert!(analysis_options(&s.context, &s.options).context.is_some());
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
        let edited = s.apply(Action::Edit("FROM alpine:3.21\n".into()));
        assert_eq!(edited.loads, s.loads);
        let loaded = edited.apply(Action::Load {
            text: "FROM python:3.12-slim\nCOPY requirements.txt .\n".into(),
            context: vec![CtxFile::text("requirements.txt", "flask==3.0.3\n")],
        });
        assert_eq!(loaded.loads, s.loads + 1);
        assert_eq!(loaded.context.len(), 1);
        let ctx = loaded.apply(Action::RemoveContextFile("requirements.txt".into()));
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
        let t = s.apply(Action::SetTarget("build".into()));
        assert!(t.stages[0].reachable && !t.stages[1].reachable);
        assert_eq!(t.options.target, "build");
        // A build arg changes what FROM resolves to.
        let a = t.apply(Action::SetBuildArg("PY".into(), "3.11".into()));
        assert_eq!(a.stages[0].base, "python:3.11-slim");
        // Editing keeps the options; an empty value removes the override.
        let e = a.apply(Action::Edit(format!("{text}# more\n")));
        assert_eq!(e.options.target, "build");
        assert_eq!(e.stages[0].base, "python:3.11-slim");
        let r = e.apply(Action::SetBuildArg("PY".into(), String::new()));
        assert_eq!(r.stages[0].base, "python:3.12-slim");
        // Loading an example resets them.
        let l = e.apply(Action::Load {
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
        let s = s.apply(Action::SetGoals("user != root".into()));
        assert_eq!(s.goals.rows.len(), 2);
        assert!(!s.goals.all_met());
        let s = s.apply(Action::Edit(
            "# goal: no errors\nFROM python:3.12-slim\nUSER app\n".into(),
        ));
        assert_eq!(&*s.goals_text, "user != root");
        assert!(s.goals.all_met(), "{:?}", s.goals);
        let s = s.apply(Action::SetContextFile(CtxFile::text("a.txt", "x")));
        assert_eq!(&*s.goals_text, "user != root");
        let s = s.apply(Action::Load {
            text: "FROM alpine\n".into(),
            context: vec![],
        });
        assert!(s.goals_text.is_empty() && s.goals.is_empty());
    }
}

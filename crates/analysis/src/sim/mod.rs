//! The build simulation: stages, build arguments, a virtual filesystem
//! followed across stages, and layer sizes.
//!
//! [`simulate`] walks the instructions as BuildKit would execute them, keeping
//! per stage the base image, ARG/ENV values, WORKDIR, USER, SHELL, CMD and
//! ENTRYPOINT, and a [`vfs::Vfs`] in which every path knows which instruction
//! created it and roughly how big it is.

pub mod base;
pub mod budget;
pub mod build_context;
mod copy;
pub mod facts;
pub mod incremental;
mod relocate;
pub mod run;
pub use run::split_commands;
pub mod size;
pub mod vfs;

use std::collections::BTreeMap;

use layerlab_syntax::shell::{Env, Lex};
use layerlab_syntax::{Args, Dockerfile, Instruction, Keyword, Span};
use serde::{Deserialize, Serialize};

use base::ImageFacts;
pub use build_context::BuildContext;
pub use facts::{
    is_root_user, Account, Found, LayerFact, NodeInstall, NodeStep, PipInstall, StageCopy,
};
pub use size::Bytes;
use vfs::{Origin, Vfs};

/// Options of a simulation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimOptions {
    /// The stage to build (name or index); the last stage when `None`.
    pub target: Option<String>,
    /// `--build-arg K=V` values.
    pub build_args: Vec<(String, String)>,
    /// The platform BuildKit builds for (sets TARGETPLATFORM and friends).
    pub platform: String,
    /// Today's date, `YYYY-MM-DD`, for end-of-life checks.
    pub today: String,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            target: None,
            build_args: Vec::new(),
            platform: "linux/amd64".into(),
            today: "2026-11-23".into(),
        }
    }
}

/// What a stage is built on.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Base {
    /// An image from a registry, with what the catalogue knows of it.
    Image {
        reference: String,
        facts: Option<Box<ImageFacts>>,
    },
    /// An earlier stage.
    Stage { index: usize },
    /// `FROM scratch`.
    Scratch,
    /// The FROM line could not be resolved (empty, bad reference, unset ARG).
    Invalid { text: String, reason: String },
}

/// How one stage depends on another stage or an image.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub enum EdgeKind {
    From,
    CopyFrom,
    MountFrom,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub enum EdgeSource {
    Stage { index: usize },
    Image { reference: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct Edge {
    pub from: EdgeSource,
    pub to: usize,
    pub kind: EdgeKind,
    pub line: u32,
}

/// Named amounts of bytes that an image carries without needing them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub enum LeftoverKind {
    PipCache,
    AptLists,
    AptArchives,
    ApkCache,
    NpmCache,
    GoBuildCache,
    /// Files deleted in a later layer: hidden, but still in the image.
    DeletedLater,
}

#[derive(Clone, Debug, Serialize)]
pub struct Leftover {
    pub kind: LeftoverKind,
    pub path: String,
    pub bytes: Bytes,
    /// The line of the instruction whose layer holds the bytes.
    pub line: u32,
    /// What it is, for people, without the line ([`Leftover::text`] adds it
    /// for a file deleted later).
    pub note: String,
    /// For `DeletedLater`: the line of the instruction that deletes it.
    pub removed_at: Option<u32>,
}

impl Leftover {
    /// The note for people: for a file deleted later, it names the line of
    /// the layer that keeps its bytes.
    pub fn text(&self) -> String {
        match self.kind {
            LeftoverKind::DeletedLater => format!("{} of line {}", self.note, self.line),
            _ => self.note.clone(),
        }
    }
}

/// One instruction's effect on the image.
#[derive(Clone, Debug, Serialize)]
pub struct Layer {
    pub stage: usize,
    pub line: u32,
    pub end_line: u32,
    pub keyword: Keyword,
    /// The instruction, on one line.
    pub instruction: String,
    pub size: Bytes,
    /// Why it weighs that, in a few words each (for people: rules read `facts`).
    pub notes: Vec<String>,
    /// What it did that rules act on.
    pub facts: Vec<LayerFact>,
}

impl Layer {
    /// The layer an instruction adds to stage `stage` (without facts).
    pub fn of(stage: usize, ins: &Instruction, size: Bytes, notes: Vec<String>) -> Layer {
        Layer {
            stage,
            line: ins.start_line,
            end_line: ins.end_line,
            keyword: ins.kind,
            instruction: summary(ins),
            size,
            notes,
            facts: Vec::new(),
        }
    }
}

/// A command's exec or shell form, as the image config stores it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Command {
    pub args: Vec<String>,
    pub shell_form: bool,
    pub line: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Stage {
    pub index: usize,
    /// The `AS` name as written (BuildKit compares names case-insensitively).
    pub name: Option<String>,
    pub line: u32,
    pub span: Span,
    /// The FROM argument after ARG expansion.
    pub from: String,
    pub base: Base,
    pub platform: Option<String>,
    /// Whether BuildKit builds this stage for the target.
    pub needed: bool,
    pub env: Vec<(String, String)>,
    pub workdir: String,
    pub user: String,
    pub shell: Vec<String>,
    pub cmd: Option<Command>,
    pub entrypoint: Option<Command>,
    /// The layers this stage adds (RUN, COPY, ADD, WORKDIR), in order.
    pub layers: Vec<Layer>,
    pub leftovers: Vec<Leftover>,
    /// Every `pip install` of the stage, in order.
    pub pip_installs: Vec<PipInstall>,
    /// Every project install of node_modules (and `npm prune`) of the stage, in order.
    pub node_installs: Vec<NodeInstall>,
    /// Every `COPY --from=<stage>` source of the stage, in order.
    pub copies: Vec<StageCopy>,
    /// The user accounts known so far (base image, then RUNs).
    pub accounts: Vec<Account>,
    #[serde(skip)]
    pub fs: Vfs,
    /// The size of what the stage starts from (image or stage).
    pub base_size: Bytes,
    /// Base plus layers: what `docker images` would show for this stage.
    pub size: Bytes,
    /// Estimated compressed (download) size of the whole stage.
    pub compressed_size: Bytes,
    /// Python version the stage's interpreter has, if known (`3.12`).
    pub python: Option<String>,
    /// Distro facts: `debian`, `alpine`, …
    pub distro: Option<String>,
    pub package_manager: Option<String>,
}

impl Stage {
    pub fn env_get(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The home directory of the stage's current USER.
    pub fn home(&self) -> String {
        facts::home_of(&self.accounts, &self.user)
    }

    pub fn display_name(&self) -> String {
        self.name.clone().unwrap_or_else(|| self.index.to_string())
    }
}

/// A problem the simulation itself meets, positioned in the source; the
/// rules `unresolved-base` and `copy-source-missing` report them.
#[derive(Clone, Debug, Serialize)]
pub struct Note {
    pub problem: Problem,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// FROM names no image BuildKit can resolve.
    UnresolvedBase { text: String, why: BaseProblem },
    /// A COPY/ADD source is not in the given build context; `generated`
    /// when a `.gitignore` of the context lists it (a build step makes it).
    CopySourceMissing { source: String, generated: bool },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum BaseProblem {
    /// Build arguments with no value: the image name is empty unless
    /// `--build-arg` gives them one.
    UnsetArgs { names: Vec<String> },
    /// Docker rejects the reference (position in the message).
    Invalid { reason: String },
}

/// A `COPY --from=<stage>` source that does not exist in that stage.
#[derive(Clone, Debug, Serialize)]
pub struct MissingCopy {
    /// The stage that copies.
    pub stage: usize,
    /// The stage copied from.
    pub from: usize,
    /// The source path, normalised.
    pub path: String,
    /// The source as written (after ARG expansion).
    pub source: String,
    pub line: u32,
    pub span: Span,
}

/// The result of simulating a build.
#[derive(Clone, Debug, Serialize)]
pub struct Simulation {
    pub stages: Vec<Stage>,
    /// The target stage (None when the file has no stage).
    pub target: Option<usize>,
    pub edges: Vec<Edge>,
    /// ARGs declared before the first FROM, with their values.
    pub global_args: Vec<(String, Option<String>)>,
    pub notes: Vec<Note>,
    /// `COPY --from` sources missing in their stage (the build fails there).
    pub missing_copies: Vec<MissingCopy>,
    /// Whether the build context was given (COPY sources are known files).
    pub context_known: bool,
    /// Whether the build context has a `.dockerignore`.
    pub has_dockerignore: bool,
    /// Budgets the simulation hit (see [`budget`]): what follows them is a
    /// lower bound.
    pub truncations: Vec<budget::Truncation>,
    /// Texts of the build context's files (requirements.txt, …), by context path.
    #[serde(skip)]
    pub context_texts: BTreeMap<String, String>,
    /// Per stage, the lengths of the lists above when the stage's last
    /// instruction was simulated: what [`incremental`] keeps of a reused stage.
    #[serde(skip)]
    pub stage_ends: Vec<incremental::Ends>,
}

impl Simulation {
    pub fn target_stage(&self) -> Option<&Stage> {
        self.target.and_then(|i| self.stages.get(i))
    }

    /// Finds a stage by name (case-insensitive) or index.
    pub fn stage_by_ref(&self, r: &str) -> Option<&Stage> {
        find_stage(&self.stages, r, self.stages.len())
    }
}

fn find_stage<'a>(stages: &'a [Stage], r: &str, before: usize) -> Option<&'a Stage> {
    let lower = r.to_lowercase();
    stages[..before.min(stages.len())]
        .iter()
        .rev()
        .find(|s| s.name.as_deref().is_some_and(|n| n.to_lowercase() == lower))
        .or_else(|| {
            r.parse::<usize>()
                .ok()
                .and_then(|i| stages[..before.min(stages.len())].get(i))
        })
}

/// Variables for expansion: ARGs then ENV (ENV wins).
struct Vars<'a> {
    args: &'a BTreeMap<String, Option<String>>,
    env: &'a [(String, String)],
}

impl Env for Vars<'_> {
    fn get(&self, name: &str) -> Option<String> {
        if let Some((_, v)) = self.env.iter().rev().find(|(k, _)| k == name) {
            return Some(v.clone());
        }
        self.args.get(name).cloned().flatten()
    }
}

/// BuildKit's automatic platform ARGs.
fn platform_args(platform: &str) -> Vec<(String, String)> {
    let mut parts = platform.split('/');
    let os = parts.next().unwrap_or("linux").to_string();
    let arch = parts.next().unwrap_or("amd64").to_string();
    let variant = parts.next().unwrap_or("").to_string();
    let mut v = Vec::new();
    for prefix in ["TARGET", "BUILD"] {
        v.push((format!("{prefix}PLATFORM"), platform.to_string()));
        v.push((format!("{prefix}OS"), os.clone()));
        v.push((format!("{prefix}ARCH"), arch.clone()));
        v.push((format!("{prefix}VARIANT"), variant.clone()));
    }
    v
}

/// The per-stage state while walking the instructions.
struct StageState {
    args: BTreeMap<String, Option<String>>,
}

/// Simulates the build of `df` with the build context `ctx`.
pub fn simulate(df: &Dockerfile, ctx: &BuildContext, opts: &SimOptions) -> Simulation {
    simulate_reusing(df, ctx, opts, None).0
}

/// How many stages a simulation took from the previous one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageReuse {
    /// Leading stages kept as they were (`0..kept`).
    pub kept: usize,
    /// Later stages moved from the previous simulation (after the edit).
    pub moved: usize,
}

/// Simulates the build of `df`, reusing the stages of a previous simulation
/// whose inputs were the same (see [`incremental`]): `prev` is what the
/// previous file and its simulation leave, made with the same `ctx` and
/// `opts` (the caller checks that). The result equals [`simulate`]'s; with
/// it, the stages reused.
pub fn simulate_reusing(
    df: &Dockerfile,
    ctx: &BuildContext,
    opts: &SimOptions,
    prev: Option<incremental::Previous>,
) -> (Simulation, StageReuse) {
    let lex = Lex::new(df.escape);
    let build_args: BTreeMap<String, String> = opts.build_args.iter().cloned().collect();
    let auto_args: BTreeMap<String, String> = platform_args(&opts.platform).into_iter().collect();
    let sent = ctx.sent();
    let groups = incremental::Groups::of(df);
    let mut reused = prev.map(|prev| incremental::reuse(&groups, df.escape, prev));
    // Global (meta) args: visible to FROM lines.
    let mut meta: BTreeMap<String, Option<String>> = auto_args
        .iter()
        .map(|(k, v)| (k.clone(), Some(v.clone())))
        .collect();
    let (mut sim, first) = match reused.as_mut().and_then(|r| r.take_kept()) {
        Some((sim, n)) => {
            for (k, v) in &sim.global_args {
                meta.insert(k.clone(), v.clone());
            }
            (sim, n)
        }
        None => {
            let context_texts = sent
                .files
                .iter()
                .filter_map(|(k, f)| f.contents.clone().map(|c| (k.clone(), c)))
                .collect();
            let mut sim = Simulation {
                stages: Vec::new(),
                target: None,
                edges: Vec::new(),
                global_args: Vec::new(),
                notes: Vec::new(),
                missing_copies: Vec::new(),
                context_known: ctx.known,
                has_dockerignore: ctx.dockerignore().is_some(),
                truncations: Vec::new(),
                context_texts,
                stage_ends: Vec::new(),
            };
            for ins in &groups.prelude {
                if ins.error.is_none() && ins.kind == Keyword::Arg {
                    global_arg(ins, &lex, &build_args, &mut meta, &mut sim);
                }
            }
            (sim, 0)
        }
    };

    // Which stages are as in the previous simulation (kept or moved): a
    // moved stage may only read those.
    let mut unchanged = vec![true; first];
    for group in &groups.stages[first..] {
        let index = sim.stages.len();
        let moved = reused
            .as_mut()
            .is_some_and(|r| r.take_moved(index, &mut sim, &unchanged));
        unchanged.push(moved);
        if moved {
            let ends = incremental::Ends::of(&sim);
            sim.stage_ends.push(ends);
            continue;
        }
        let mut state = None;
        for ins in group {
            if ins.error.is_some() {
                continue;
            }
            if ins.kind == Keyword::From {
                let (stage, new_state) = start_stage(ins, &lex, &meta, &build_args, &mut sim, opts);
                sim.stages.push(stage);
                state = Some(new_state);
                continue;
            }
            let st = state.as_mut().expect("a stage group starts with its FROM");
            let idx = sim.stages.len() - 1;
            apply(
                ins,
                idx,
                st,
                &lex,
                &meta,
                &build_args,
                &auto_args,
                &sent,
                ctx.known,
                &mut sim,
            );
            note_overflow(&mut sim, idx, ins.start_line);
        }
        let ends = incremental::Ends::of(&sim);
        sim.stage_ends.push(ends);
    }

    finish(&mut sim, opts);
    let moved = unchanged[first..].iter().filter(|m| **m).count();
    (sim, StageReuse { kept: first, moved })
}

/// An `ARG` before the first FROM: a global (meta) arg.
fn global_arg(
    ins: &Instruction,
    lex: &Lex,
    build_args: &BTreeMap<String, String>,
    meta: &mut BTreeMap<String, Option<String>>,
    sim: &mut Simulation,
) {
    for (name, default) in arg_decls(ins) {
        let vars = Vars {
            args: meta,
            env: &[],
        };
        let value = match build_args.get(&name) {
            Some(v) => Some(v.clone()),
            None => default.map(|d| {
                let (v, cut) = budget::cap_value(lex.process_word(&d, &vars).unwrap_or(d));
                if cut {
                    sim.truncations.push(budget::Truncation::Value {
                        name: name.clone(),
                        line: ins.start_line,
                    });
                }
                v
            }),
        };
        meta.insert(name.clone(), value.clone());
        sim.global_args.push((name, value));
    }
}

/// When the instruction hit the filesystem budget: a truncation, anything
/// may be anywhere from now on, and the layer's size is a lower bound.
fn note_overflow(sim: &mut Simulation, idx: usize, line: u32) {
    let stage = &mut sim.stages[idx];
    if !stage.fs.take_overflow() {
        return;
    }
    stage.fs.add_region("/", Some(line), vfs::Unseen::Truncated);
    if let Some(l) = stage.layers.last_mut().filter(|l| l.line == line) {
        l.size = l.size.incomplete();
    }
    if !sim
        .truncations
        .iter()
        .any(|t| matches!(t, budget::Truncation::Entries { stage, .. } if *stage == idx))
    {
        sim.truncations
            .push(budget::Truncation::Entries { stage: idx, line });
    }
}

/// `ARG a b=c` → [(a, None), (b, Some(c))] (quotes removed from defaults later).
fn arg_decls(ins: &Instruction) -> Vec<(String, Option<String>)> {
    let Args::Words { items } = &ins.args else {
        return Vec::new();
    };
    items
        .iter()
        .map(|t| match t.text.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (t.text.clone(), None),
        })
        .collect()
}

fn start_stage(
    ins: &Instruction,
    lex: &Lex,
    meta: &BTreeMap<String, Option<String>>,
    build_args: &BTreeMap<String, String>,
    sim: &mut Simulation,
    opts: &SimOptions,
) -> (Stage, StageState) {
    let index = sim.stages.len();
    let words: Vec<&str> = match &ins.args {
        Args::Words { items } => items.iter().map(|t| t.text.as_str()).collect(),
        _ => Vec::new(),
    };
    let name = if words.len() == 3 && words[1].eq_ignore_ascii_case("as") {
        Some(words[2].to_string())
    } else {
        None
    };
    // Meta args overridden by --build-arg.
    let mut vars_map = meta.clone();
    for (k, v) in build_args {
        if vars_map.contains_key(k) {
            vars_map.insert(k.clone(), Some(v.clone()));
        }
    }
    let vars = Vars {
        args: &vars_map,
        env: &[],
    };
    let raw = words.first().copied().unwrap_or("");
    let (from, base, unset) = resolve_base(raw, lex, &vars, &sim.stages, opts);
    let platform = ins
        .flag("platform")
        .and_then(|f| f.value.as_ref())
        .map(|v| {
            lex.process_word(&v.text, &vars)
                .unwrap_or_else(|_| v.text.clone())
        });
    let mut stage = Stage::new(index, name, ins, from, base.clone(), platform);
    match &base {
        Base::Stage { index: from_idx } => {
            inherit_stage(&mut stage, &sim.stages[*from_idx]);
            let from = EdgeSource::Stage { index: *from_idx };
            from_edge(sim, from, index, ins.start_line);
        }
        Base::Image { reference, facts } => {
            let from = EdgeSource::Image {
                reference: reference.clone(),
            };
            from_edge(sim, from, index, ins.start_line);
            match facts {
                Some(f) => base::seed_stage(&mut stage, f),
                None => unknown_base(&mut stage),
            }
        }
        Base::Scratch => {}
        Base::Invalid { reason, text } => {
            unknown_base(&mut stage);
            let why = if unset.is_empty() {
                BaseProblem::Invalid {
                    reason: reason.clone(),
                }
            } else {
                BaseProblem::UnsetArgs { names: unset }
            };
            sim.notes.push(Note {
                problem: Problem::UnresolvedBase {
                    text: text.clone(),
                    why,
                },
                span: ins.rest.span,
            });
        }
    }
    (
        stage,
        StageState {
            args: BTreeMap::new(),
        },
    )
}

/// What a FROM argument names, expanded: the reference, the base (an
/// earlier stage, scratch, an image, or invalid with the reason) and the
/// unset ARGs that left it empty.
fn resolve_base(
    raw: &str,
    lex: &Lex,
    vars: &Vars,
    stages: &[Stage],
    opts: &SimOptions,
) -> (String, Base, Vec<String>) {
    let invalid = |text: &str, reason: String| Base::Invalid {
        text: text.to_string(),
        reason,
    };
    if raw.is_empty() {
        return (
            String::new(),
            invalid(raw, "FROM has no image".into()),
            Vec::new(),
        );
    }
    let exp = match lex.process_word_with_matches(raw, vars) {
        Ok(exp) => exp,
        Err(e) => return (raw.to_string(), invalid(raw, e.to_string()), Vec::new()),
    };
    let from = exp.result.clone();
    if !exp.unmatched.is_empty() && exp.result.trim().is_empty() {
        let reason = format!(
            "{} is not set, so the image name is empty",
            exp.unmatched.join(", ")
        );
        return (from, invalid(raw, reason), exp.unmatched.clone());
    }
    let base = if from.eq_ignore_ascii_case("scratch") {
        Base::Scratch
    } else if let Some(s) = find_stage(stages, &from, stages.len()) {
        Base::Stage { index: s.index }
    } else {
        match base::lookup(&from, &opts.today) {
            Ok(facts) => Base::Image {
                reference: from.clone(),
                facts: facts.map(Box::new),
            },
            Err(reason) => invalid(&from, reason),
        }
    };
    // A reference that is malformed only because an argument has no value
    // (`docker:${VERSION}-dind` → `docker:-dind`) is whatever --build-arg
    // gives, as an empty one is: the unset arguments say so.
    let unset = if matches!(base, Base::Invalid { .. }) {
        exp.unmatched.clone()
    } else {
        Vec::new()
    };
    (from, base, unset)
}

impl Stage {
    /// A stage as its FROM starts it, before anything of its base.
    fn new(
        index: usize,
        name: Option<String>,
        ins: &Instruction,
        from: String,
        base: Base,
        platform: Option<String>,
    ) -> Stage {
        Stage {
            index,
            name,
            line: ins.start_line,
            span: ins.span,
            from,
            base,
            platform,
            needed: false,
            env: Vec::new(),
            workdir: "/".into(),
            user: "root".into(),
            shell: vec!["/bin/sh".into(), "-c".into()],
            cmd: None,
            entrypoint: None,
            layers: Vec::new(),
            leftovers: Vec::new(),
            pip_installs: Vec::new(),
            node_installs: Vec::new(),
            copies: Vec::new(),
            accounts: Vec::new(),
            fs: Vfs::new(),
            base_size: Bytes::ZERO,
            size: Bytes::ZERO,
            compressed_size: Bytes::ZERO,
            python: None,
            distro: None,
            package_manager: None,
        }
    }
}

/// A stage built on an earlier one starts with its state and files.
fn inherit_stage(stage: &mut Stage, src: &Stage) {
    stage.env = src.env.clone();
    stage.workdir = src.workdir.clone();
    stage.user = src.user.clone();
    stage.shell = src.shell.clone();
    stage.cmd = src.cmd.clone();
    stage.entrypoint = src.entrypoint.clone();
    stage.fs = inherit_fs(&src.fs);
    stage.accounts = src.accounts.clone();
    let (size, compressed) = stage_totals(src);
    stage.base_size = size;
    stage.compressed_size = compressed;
    stage.python = src.python.clone();
    stage.distro = src.distro.clone();
    stage.package_manager = src.package_manager.clone();
}

/// A base the simulation knows nothing of: its size and files are unknown,
/// and PATH is BuildKit's default.
fn unknown_base(stage: &mut Stage) {
    stage.base_size = Bytes::UNKNOWN;
    stage.compressed_size = Bytes::UNKNOWN;
    stage.env.push(("PATH".into(), DEFAULT_PATH.into()));
    stage.fs.add_region("/", None, vfs::Unseen::UnknownBase);
}

fn from_edge(sim: &mut Simulation, from: EdgeSource, to: usize, line: u32) {
    sim.edges.push(Edge {
        from,
        to,
        kind: EdgeKind::From,
        line,
    });
}

/// The PATH BuildKit sets when the image has none.
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// A stage built on another starts with that stage's files, as its base.
fn inherit_fs(src: &Vfs) -> Vfs {
    let mut fs = src.clone();
    fs.clear_layers();
    fs
}

#[allow(clippy::too_many_arguments)]
fn apply(
    ins: &Instruction,
    idx: usize,
    st: &mut StageState,
    lex: &Lex,
    meta: &BTreeMap<String, Option<String>>,
    build_args: &BTreeMap<String, String>,
    auto_args: &BTreeMap<String, String>,
    ctx: &BuildContext,
    ctx_known: bool,
    sim: &mut Simulation,
) {
    match ins.kind {
        Keyword::Arg => {
            for (name, default) in arg_decls(ins) {
                let value = if let Some(v) = build_args.get(&name) {
                    Some(v.clone())
                } else if let Some(d) = default {
                    let v = expand(lex, st, &sim.stages[idx], &d);
                    Some(capped(sim, &name, ins.start_line, v))
                } else if let Some(v) = meta.get(&name) {
                    v.clone()
                } else {
                    auto_args.get(&name).cloned()
                };
                st.args.insert(name, value);
            }
        }
        Keyword::Env => apply_env(ins, idx, st, lex, sim),
        Keyword::Workdir => apply_workdir(ins, idx, st, lex, sim),
        Keyword::User => {
            if let Args::Shell { text } = &ins.args {
                sim.stages[idx].user = expand(lex, st, &sim.stages[idx], &text.text);
            }
        }
        Keyword::Shell => {
            if let Args::Exec { items, .. } = &ins.args {
                sim.stages[idx].shell = items.iter().map(|t| t.text.clone()).collect();
            }
        }
        Keyword::Cmd | Keyword::Entrypoint => apply_command(ins, idx, sim),
        Keyword::Copy | Keyword::Add => {
            // COPY never changes or reads the stage's ENV through `sim`: lend
            // it to the expansion instead of copying it for every COPY.
            let env = std::mem::take(&mut sim.stages[idx].env);
            let vars = Vars {
                args: &st.args,
                env: &env,
            };
            copy::apply_copy(ins, idx, lex, &vars, ctx, ctx_known, sim);
            sim.stages[idx].env = env;
        }
        Keyword::Run => {
            mount_edges(ins, idx, st, lex, sim);
            let arg_env: Vec<(String, String)> = st
                .args
                .iter()
                .filter_map(|(k, v)| v.as_ref().map(|v| (k.clone(), v.clone())))
                .collect();
            run::apply_run(ins, idx, &arg_env, sim);
        }
        _ => {}
    }
}

/// A word with the stage's ARG and ENV values expanded (as written when it
/// cannot be expanded).
fn expand(lex: &Lex, st: &StageState, stage: &Stage, word: &str) -> String {
    let vars = Vars {
        args: &st.args,
        env: &stage.env,
    };
    lex.process_word(word, &vars)
        .unwrap_or_else(|_| word.to_string())
}

/// A value within the budget (`name`'s, on `line`): cut, and the cut
/// recorded, when it is longer.
fn capped(sim: &mut Simulation, name: &str, line: u32, value: String) -> String {
    let (v, cut) = budget::cap_value(value);
    if cut {
        sim.truncations.push(budget::Truncation::Value {
            name: name.to_string(),
            line,
        });
    }
    v
}

/// ENV: every pair expands with the values from before this ENV (`ENV a=1
/// b=$a` gives b the old a), then all are set: one pass, however many pairs.
fn apply_env(ins: &Instruction, idx: usize, st: &StageState, lex: &Lex, sim: &mut Simulation) {
    let Args::KeyValues { pairs } = &ins.args else {
        return;
    };
    let mut set: Vec<(String, String)> = Vec::with_capacity(pairs.len());
    for p in pairs {
        let key = expand(lex, st, &sim.stages[idx], &p.key.text);
        let value = expand(lex, st, &sim.stages[idx], &p.value.text);
        set.push((key, value));
    }
    let set: Vec<(String, String)> = set
        .into_iter()
        .map(|(k, v)| {
            let v = capped(sim, &k, ins.start_line, v);
            (k, v)
        })
        .collect();
    let keys: std::collections::HashSet<&str> = set.iter().map(|(k, _)| k.as_str()).collect();
    let stage = &mut sim.stages[idx];
    stage.env.retain(|(k, _)| !keys.contains(k.as_str()));
    let mut seen: std::collections::HashSet<String> = Default::default();
    let mut last: Vec<(String, String)> = Vec::with_capacity(set.len());
    for (k, v) in set.into_iter().rev() {
        if seen.insert(k.clone()) {
            last.push((k, v));
        }
    }
    last.reverse();
    stage.env.extend(last);
}

/// WORKDIR: the stage's directory, and a layer that creates it when it is not there.
fn apply_workdir(ins: &Instruction, idx: usize, st: &StageState, lex: &Lex, sim: &mut Simulation) {
    let Args::Shell { text } = &ins.args else {
        return;
    };
    let dir = expand(lex, st, &sim.stages[idx], &text.text);
    let stage = &mut sim.stages[idx];
    let path = vfs::normalize(&dir, &stage.workdir);
    let existed = stage.fs.is_dir(&path);
    stage.workdir = path.clone();
    if existed {
        return;
    }
    let layer = stage.layers.len();
    let owner = if stage.user == "root" {
        None
    } else {
        Some(stage.user.clone())
    };
    stage.fs.mkdir_p(
        &path,
        Some(ins.start_line),
        Some(layer),
        &Origin::Instruction,
    );
    if let Some(e) = stage.fs.get_mut(&path) {
        e.owner = owner;
    }
    let notes = vec![format!("creates {path}")];
    stage.layers.push(Layer::of(idx, ins, Bytes::ZERO, notes));
}

/// CMD and ENTRYPOINT (setting ENTRYPOINT resets a CMD inherited from the base).
fn apply_command(ins: &Instruction, idx: usize, sim: &mut Simulation) {
    let line = ins.start_line;
    let command = match &ins.args {
        Args::Exec { items, .. } => Command {
            args: items.iter().map(|t| t.text.clone()).collect(),
            shell_form: false,
            line,
        },
        Args::Shell { text } => {
            let mut args = sim.stages[idx].shell.clone();
            args.push(text.text.clone());
            Command {
                args,
                shell_form: true,
                line,
            }
        }
        _ => Command {
            args: Vec::new(),
            shell_form: false,
            line,
        },
    };
    let stage = &mut sim.stages[idx];
    if ins.kind == Keyword::Cmd {
        stage.cmd = Some(command);
    } else {
        stage.entrypoint = Some(command);
        if stage.cmd.as_ref().is_some_and(|c| c.line < stage.line) {
            stage.cmd = None;
        }
    }
}

/// RUN --mount=from=… depends on that stage or image.
fn mount_edges(ins: &Instruction, idx: usize, st: &StageState, lex: &Lex, sim: &mut Simulation) {
    for f in ins.flags.iter().filter(|f| f.name.text == "mount") {
        let Some(v) = &f.value else { continue };
        let Some(from) = v.text.split(',').find_map(|kv| kv.strip_prefix("from=")) else {
            continue;
        };
        let from = expand(lex, st, &sim.stages[idx], from);
        let src = match find_stage(&sim.stages, &from, idx) {
            Some(s) => EdgeSource::Stage { index: s.index },
            None => EdgeSource::Image { reference: from },
        };
        sim.edges.push(Edge {
            from: src,
            to: idx,
            kind: EdgeKind::MountFrom,
            line: ins.start_line,
        });
    }
}

/// The instruction on one line, for listings.
pub fn summary(ins: &Instruction) -> String {
    let mut s = ins.keyword.text.to_uppercase();
    let rest: String = ins.original[ins.keyword.text.len().min(ins.original.len())..]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !rest.is_empty() {
        s.push(' ');
        s.push_str(&rest);
    }
    if s.chars().count() > 160 {
        s = s.chars().take(157).collect::<String>() + "…";
    }
    s
}

/// A stage's size and estimated compressed size so far: its base plus its layers.
fn stage_totals(st: &Stage) -> (Bytes, Bytes) {
    let layers: Bytes = st.layers.iter().map(|l| l.size).sum();
    (
        st.base_size + layers,
        st.compressed_size + base::compress_estimate(layers, st.distro.as_deref()),
    )
}

fn finish(sim: &mut Simulation, opts: &SimOptions) {
    if sim.stages.is_empty() {
        return;
    }
    // Sizes.
    for st in sim.stages.iter_mut() {
        let (size, compressed) = stage_totals(st);
        st.size = size;
        st.compressed_size = compressed;
    }
    // Target.
    let target = match &opts.target {
        Some(t) => find_stage(&sim.stages, t, sim.stages.len()).map(|s| s.index),
        None => Some(sim.stages.len() - 1),
    };
    sim.target = target;
    // Stages BuildKit builds: the target and everything it depends on.
    if let Some(t) = target {
        let mut stack = vec![t];
        while let Some(s) = stack.pop() {
            if sim.stages[s].needed {
                continue;
            }
            sim.stages[s].needed = true;
            for e in &sim.edges {
                if e.to == s {
                    if let EdgeSource::Stage { index } = e.from {
                        stack.push(index);
                    }
                }
            }
        }
    }
}

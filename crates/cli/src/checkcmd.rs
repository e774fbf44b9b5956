//! `layerlab check` and `layerlab tree`.

use crate::config::{Found, Level};
use crate::escape;
use crate::render::Style;
use crate::{read_input, write_out, BuildArgs, CheckFormat, TreeFormat};
use layerlab_analysis::goals::{self, Evaluation, Goal, GoalError, Goals, Status};
use layerlab_analysis::sim::size::human;
use layerlab_analysis::sim::vfs::{Entry, Kind, Origin, UnseenRegion};
use layerlab_analysis::{analyze, analyze_with, Analysis, Config, Options, SimOptions};
use layerlab_syntax::Severity;
use serde::Serialize;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

pub(crate) fn options(build: &BuildArgs) -> Result<Options, String> {
    let mut sim = SimOptions {
        target: build.target.clone(),
        ..SimOptions::default()
    };
    for kv in &build.build_args {
        let (k, v) = kv
            .split_once('=')
            .ok_or_else(|| format!("--build-arg {kv}: expected KEY=VALUE"))?;
        sim.build_args.push((k.to_string(), v.to_string()));
    }
    sim.today = match &build.today {
        Some(d) => d.clone(),
        None => today(),
    };
    let context = match &build.context {
        Some(dir) => Some(crate::context::load(dir)?),
        None => None,
    };
    Ok(Options { sim, context })
}

/// Today's date (UTC) from the system clock, `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!("{:04}-{:02}-{:02}", if m <= 2 { y + 1 } else { y }, m, d)
}

pub(crate) fn check_target(a: &Analysis, build: &BuildArgs) -> Result<(), String> {
    if let Some(t) = &build.target {
        if a.simulation.target.is_none() && !a.simulation.stages.is_empty() {
            let names: Vec<String> = a
                .simulation
                .stages
                .iter()
                .map(|s| s.display_name())
                .collect();
            return Err(format!(
                "target stage {t:?} not found; stages are: {}",
                names.join(", ")
            ));
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct CheckOutput<'a> {
    file: &'a str,
    #[serde(flatten)]
    report: &'a layerlab_analysis::Report,
    /// Findings hidden by the severity threshold.
    below_threshold: usize,
    /// The exercise goals and their results (absent when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    goals: Vec<GoalOutput<'a>>,
    /// Malformed goal lines (absent when there are none).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    goal_errors: &'a [GoalError],
}

#[derive(Serialize)]
struct GoalOutput<'a> {
    #[serde(flatten)]
    goal: &'a Goal,
    #[serde(flatten)]
    result: &'a Evaluation,
}

/// How `check` runs: everything but the files.
pub struct CheckArgs<'a> {
    pub format: CheckFormat,
    pub build: &'a BuildArgs,
    pub color: ColorChoice,
    pub config: Option<&'a Path>,
    pub ignore: &'a [String],
    pub threshold: Option<Level>,
    /// Goals read from a file, added to each Dockerfile's own.
    pub goals_text: Option<&'a str>,
    /// Exit 1 unless every goal is met and every goal line is well formed.
    pub require_goals: bool,
}

/// One checked file.
struct Checked {
    name: String,
    text: String,
    analysis: Analysis,
    /// Findings below the threshold, removed from `analysis.report.findings`.
    below_threshold: usize,
    goals: Goals,
    /// One per goal, judged before the threshold hid anything.
    results: Vec<Evaluation>,
}

impl Checked {
    fn goals_met(&self) -> bool {
        self.goals.errors.is_empty() && self.results.iter().all(|r| r.status == Status::Met)
    }
}

/// The configuration for each file: `--config`, or the nearest `.layerlab.toml`.
pub(crate) fn configs(files: &[&str], explicit: Option<&Path>) -> Result<Vec<Config>, String> {
    if let Some(p) = explicit {
        let c = crate::config::load(p)?;
        return Ok(vec![c; files.len()]);
    }
    let mut cache: HashMap<Found, Config> = HashMap::new();
    let mut out = Vec::with_capacity(files.len());
    for &f in files {
        let dir = if f == "-" {
            PathBuf::from(".")
        } else {
            Path::new(f)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        };
        let found = crate::config::find(&dir);
        if !cache.contains_key(&found) {
            let c = match &found {
                Found::File(p) => crate::config::load(p)?,
                Found::Refused(_, why) => {
                    eprintln!("layerlab: note: ignored {}", escape::text(why));
                    Config::default()
                }
                Found::Nothing => Config::default(),
            };
            cache.insert(found.clone(), c);
        }
        out.push(cache[&found].clone());
    }
    Ok(out)
}

pub fn run_check(inputs: &[String], args: &CheckArgs) -> Result<u8, String> {
    let files = crate::files::expand(inputs)?;
    if files.is_empty() {
        return Err("no Dockerfile to check".into());
    }
    let opts = options(args.build)?;
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut configs = configs(&paths, args.config)?;
    for c in &mut configs {
        c.ignore.extend(args.ignore.iter().cloned());
        if let Some(t) = args.threshold {
            c.threshold = Some(t.severity());
        }
    }
    // Standard input is read once, here; files are read by the workers.
    let stdin = if paths.contains(&"-") {
        Some(read_input("-", None)?)
    } else {
        None
    };

    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<Checked, String>>>> =
        files.iter().map(|_| Mutex::new(None)).collect();
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(files.len())
        .max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= files.len() {
                    break;
                }
                let result = check_one(
                    &files[i],
                    stdin.as_ref(),
                    &opts,
                    &configs[i],
                    args.build,
                    args.goals_text,
                );
                *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
            });
        }
    });
    let mut done = Vec::new();
    let mut failed = false;
    for slot in slots {
        match slot.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Some(Ok(c)) => done.push(c),
            Some(Err(msg)) => {
                eprintln!("layerlab: {}", crate::escape::text(&msg));
                failed = true;
            }
            None => failed = true,
        }
    }

    let single = inputs.len() == 1 && (inputs[0] == "-" || !Path::new(&inputs[0]).is_dir());
    match args.format {
        CheckFormat::Json => {
            let outs: Vec<CheckOutput> = done
                .iter()
                .map(|c| CheckOutput {
                    file: &c.name,
                    report: &c.analysis.report,
                    below_threshold: c.below_threshold,
                    goals: c
                        .goals
                        .goals
                        .iter()
                        .zip(&c.results)
                        .map(|(goal, result)| GoalOutput { goal, result })
                        .collect(),
                    goal_errors: &c.goals.errors,
                })
                .collect();
            let mut s = if single && outs.len() == 1 {
                serde_json::to_string_pretty(&outs[0])
            } else {
                serde_json::to_string_pretty(&outs)
            }
            .map_err(|e| e.to_string())?;
            s.push('\n');
            write_out(&s)?;
        }
        CheckFormat::Sarif => {
            let artifacts: Vec<crate::sarif::Artifact> = done
                .iter()
                .map(|c| crate::sarif::Artifact {
                    uri: crate::sarif::uri(&relative(&c.name)),
                    source: &c.text,
                    findings: &c.analysis.report.findings,
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&crate::sarif::log(&artifacts))
                .map_err(|e| e.to_string())?;
            s.push('\n');
            write_out(&s)?;
        }
        CheckFormat::Human => {
            let style = Style {
                color: args.color.enabled(),
            };
            let mut s = String::new();
            for c in &done {
                s.push_str(&human_report(
                    &c.name,
                    &c.text,
                    &c.analysis,
                    c.below_threshold,
                    style,
                ));
                s.push_str(&goals_report(c, style));
            }
            if done.len() > 1 {
                let count = |sev| {
                    done.iter()
                        .map(|c| c.analysis.report.count(sev))
                        .sum::<usize>()
                };
                s.push_str(&format!(
                    "{} files: {} error(s), {} warning(s), {} note(s)\n",
                    done.len(),
                    count(Severity::Error),
                    count(Severity::Warning),
                    count(Severity::Info)
                ));
            }
            write_out(&s)?;
        }
    }
    if failed {
        return Ok(2);
    }
    let goals_fail = args.require_goals && done.iter().any(|c| !c.goals_met());
    Ok(
        if goals_fail || done.iter().any(|c| c.analysis.report.has_errors()) {
            1
        } else {
            0
        },
    )
}

/// A path relative to the working directory where it is under it.
fn relative(name: &str) -> String {
    let p = Path::new(name);
    if p.is_absolute() {
        if let Ok(cwd) = std::env::current_dir() {
            if let Ok(r) = p.strip_prefix(&cwd) {
                return r.to_string_lossy().into_owned();
            }
        }
    }
    name.to_string()
}

fn check_one(
    file: &crate::files::Source,
    stdin: Option<&(String, String)>,
    opts: &Options,
    config: &Config,
    build: &BuildArgs,
    goals_text: Option<&str>,
) -> Result<Checked, String> {
    let (name, text) = match (file.path.as_str(), stdin) {
        ("-", Some(input)) => input.clone(),
        (path, _) => read_input(path, file.found_in.as_deref())?,
    };
    let mut analysis = analyze_with(&text, opts, config);
    check_target(&analysis, build).map_err(|e| format!("{name}: {e}"))?;
    let goals = goals::goals_of(&analysis, goals_text);
    let results = goals::evaluate_all(&goals.goals, &analysis);
    let threshold = config.threshold.unwrap_or(Severity::Info);
    let before = analysis.report.findings.len();
    analysis.report.findings.retain(|f| f.severity >= threshold);
    let below_threshold = before - analysis.report.findings.len();
    Ok(Checked {
        name,
        text,
        analysis,
        below_threshold,
        goals,
        results,
    })
}

/// The goals as a checklist: `[x]` met, `[ ]` unmet, `[?]` unknown; then
/// malformed goal lines as `file:line:col: goal error: …` (a goals file's
/// lines are named `goals:line:col`).
fn goals_report(c: &Checked, style: Style) -> String {
    if c.goals.is_empty() {
        return String::new();
    }
    let paint = |code: &str, t: &str| {
        if style.color {
            format!("\x1b[{code}m{t}\x1b[0m")
        } else {
            t.to_string()
        }
    };
    let mut s = String::new();
    let met = c.results.iter().filter(|r| r.status == Status::Met).count();
    s.push_str(&format!("goals: {met} of {} met\n", c.results.len()));
    for (g, r) in c.goals.goals.iter().zip(&c.results) {
        let mark = match r.status {
            Status::Met => paint("32", "[x]"),
            Status::Unmet => paint("31", "[ ]"),
            Status::Unknown => paint("33", "[?]"),
        };
        s.push_str(&format!(
            "  {mark} {}  ({})\n",
            escape::text(&g.text),
            escape::text(&r.summary)
        ));
    }
    for e in &c.goals.errors {
        let file = match e.pos.origin {
            goals::Origin::File => c.name.as_str(),
            goals::Origin::Text => "goals",
        };
        s.push_str(&format!(
            "{}:{}:{}: {} {}\n",
            escape::text(file),
            e.pos.line,
            e.pos.column,
            paint("31", "goal error:"),
            escape::text(&e.message)
        ));
    }
    if met == c.results.len() && c.goals.errors.is_empty() {
        s.push_str("all goals met\n");
    }
    s.push('\n');
    s
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

pub(crate) fn size_text(v: u64, lo: u64, hi: u64, complete: bool) -> String {
    let mut s = if !complete && hi == 0 {
        "unknown".to_string()
    } else {
        human(v)
    };
    if lo != hi && (complete || hi > 0) {
        s.push_str(&format!(" ({}–{})", human(lo), human(hi)));
    }
    if !complete && hi > 0 {
        s.push_str(" + unknown");
    }
    s
}

fn human_report(
    name: &str,
    text: &str,
    a: &Analysis,
    below_threshold: usize,
    style: Style,
) -> String {
    let r = &a.report;
    let mut s = String::new();
    for f in &r.findings {
        s.push_str(&crate::render::finding(name, text, f, style));
    }
    for st in &r.stages {
        let title = match &st.name {
            Some(n) => format!("stage {} \"{}\"", st.index, escape::text(n)),
            None => format!("stage {}", st.index),
        };
        s.push_str(&format!(
            "{title}  FROM {} (line {}){}\n",
            escape::text(&st.base),
            st.line,
            if st.reachable {
                ""
            } else {
                "  [not built for the target]"
            }
        ));
        if let Some(img) = &st.image {
            let mut facts = Vec::new();
            if let Some(d) = &img.distro {
                facts.push(
                    format!("{d} {}", img.distro_version.clone().unwrap_or_default())
                        .trim()
                        .to_string(),
                );
            }
            if let Some(l) = &img.libc {
                facts.push(l.clone());
            }
            if let Some(p) = &img.package_manager {
                facts.push(p.clone());
            }
            if let (Some(rt), Some(v)) = (&img.runtime, &img.runtime_version) {
                facts.push(format!("{rt} {v}"));
            }
            facts.push(img.status.replace('_', " "));
            s.push_str(&format!("  image: {}\n", escape::text(&facts.join(", "))));
        }
        s.push_str(&format!(
            "  {:>6}  {:<24}  {}\n",
            "line", "size", "instruction"
        ));
        s.push_str(&format!(
            "  {:>6}  {:<24}  (base {})\n",
            "",
            size_text(
                st.base_size_bytes,
                st.base_size_bytes,
                st.base_size_bytes,
                st.base_size_known
            ),
            escape::text(&st.base)
        ));
        for l in r.layers.iter().filter(|l| l.stage == st.index) {
            let mut instr = l.instruction.clone();
            if instr.chars().count() > 70 {
                instr = instr.chars().take(69).collect::<String>() + "…";
            }
            s.push_str(&format!(
                "  {:>6}  {:<24}  {}\n",
                l.line,
                size_text(
                    l.size_bytes,
                    l.size_low_bytes,
                    l.size_high_bytes,
                    l.size_complete
                ),
                escape::text(&instr)
            ));
        }
        s.push_str(&format!(
            "  {:>6}  {:<24}  total\n\n",
            "",
            size_text(
                st.size_bytes,
                st.size_low_bytes,
                st.size_high_bytes,
                st.size_complete
            )
        ));
    }
    if let Some(img) = &r.image {
        let download = if img.size_complete {
            format!("about {}", human(img.compressed_size_bytes))
        } else if img.compressed_size_bytes > 0 {
            format!("at least {}", human(img.compressed_size_bytes))
        } else {
            "an unknown size".into()
        };
        s.push_str(&format!(
            "image (stage {}): {} uncompressed, {download} to download\n",
            img.stage,
            size_text(
                img.size_bytes,
                img.size_low_bytes,
                img.size_high_bytes,
                img.size_complete
            ),
        ));
        for l in &img.leftovers {
            s.push_str(&format!(
                "  leftover: {} (line {})\n",
                escape::text(&l.note),
                l.line
            ));
        }
        s.push('\n');
    }
    let (e, w, i) = (
        r.count(Severity::Error),
        r.count(Severity::Warning),
        r.count(Severity::Info),
    );
    s.push_str(&format!(
        "{}: {e} error(s), {w} warning(s), {i} note(s)",
        escape::text(name)
    ));
    if r.suppressed > 0 {
        s.push_str(&format!(", {} suppressed", r.suppressed));
    }
    if below_threshold > 0 {
        s.push_str(&format!(", {below_threshold} below the threshold"));
    }
    s.push_str("\n\n");
    s
}

#[derive(Serialize)]
struct TreeEntry<'a> {
    path: &'a str,
    kind: &'static str,
    size_bytes: u64,
    size_low_bytes: u64,
    size_high_bytes: u64,
    size_complete: bool,
    /// The line of the instruction that created or last changed it (null: the base image).
    line: Option<u32>,
    origin: &'a Origin,
    owner: Option<&'a str>,
    mode: Option<&'a str>,
    /// Stands for many files whose names are not known (an installed package, an archive).
    opaque: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<&'a str>,
}

#[derive(Serialize)]
struct TreeOutput<'a> {
    file: &'a str,
    stage: usize,
    stage_name: Option<&'a str>,
    entries: Vec<TreeEntry<'a>>,
    /// Paths that a later instruction deleted: hidden, but their bytes remain.
    deleted: Vec<TreeEntry<'a>>,
    /// Directories that may hold paths the simulation cannot list (a build
    /// tool's outputs, an unknown context, packages from an unread list).
    unseen: Vec<UnseenEntry<'a>>,
}

#[derive(Serialize)]
struct UnseenEntry<'a> {
    #[serde(flatten)]
    region: &'a UnseenRegion,
    because: String,
}

fn kind_word(k: &Kind) -> &'static str {
    match k {
        Kind::File => "file",
        Kind::Executable => "executable",
        Kind::Directory => "directory",
        Kind::Symlink { .. } => "symlink",
    }
}

fn tree_entry<'a>(path: &'a str, e: &'a Entry) -> TreeEntry<'a> {
    TreeEntry {
        path,
        kind: kind_word(&e.kind),
        size_bytes: e.size.value,
        size_low_bytes: e.size.low,
        size_high_bytes: e.size.high,
        size_complete: e.size.complete,
        line: e.line,
        origin: &e.origin,
        owner: e.owner.as_deref(),
        mode: e.mode.as_deref(),
        opaque: e.opaque,
        target: match &e.kind {
            Kind::Symlink { target } => Some(target.as_str()),
            _ => None,
        },
    }
}

pub fn run_tree(
    file: &str,
    format: TreeFormat,
    build: &BuildArgs,
    stage: Option<&str>,
    prefix: Option<&str>,
    all: bool,
) -> Result<u8, String> {
    let (name, text) = read_input(file, None)?;
    let opts = options(build)?;
    let a = analyze(&text, &opts);
    check_target(&a, build)?;
    let sim = &a.simulation;
    let st = match stage {
        Some(s) => sim.stage_by_ref(s).ok_or_else(|| {
            let names: Vec<String> = sim.stages.iter().map(|s| s.display_name()).collect();
            format!("stage {s:?} not found; stages are: {}", names.join(", "))
        })?,
        None => sim.target_stage().ok_or("the Dockerfile has no stage")?,
    };
    let prefix = prefix.map(|p| layerlab_analysis::sim::vfs::normalize(p, "/"));
    let within = |p: &str| {
        prefix
            .as_deref()
            .is_none_or(|pre| layerlab_analysis::sim::vfs::is_within(p, pre))
    };
    let entries: Vec<TreeEntry> = st
        .fs
        .all()
        .filter(|(p, e)| !e.deleted && within(p) && p.as_str() != "/")
        .map(|(p, e)| tree_entry(p, e))
        .collect();
    let deleted: Vec<TreeEntry> = st
        .fs
        .all()
        .filter(|(p, e)| e.deleted && within(p))
        .map(|(p, e)| tree_entry(p, e))
        .collect();
    let unseen: Vec<UnseenEntry> = st
        .fs
        .regions()
        .iter()
        .filter(|r| within(&r.dir) && (all || r.line.is_some()))
        .map(|r| UnseenEntry {
            region: r,
            because: r.describe(),
        })
        .collect();
    match format {
        TreeFormat::Json => {
            let out = TreeOutput {
                file: &name,
                stage: st.index,
                stage_name: st.name.as_deref(),
                entries,
                deleted,
                unseen,
            };
            let mut s = serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?;
            s.push('\n');
            write_out(&s)?;
        }
        TreeFormat::Human => {
            let mut s = format!(
                "stage {} ({}), FROM {}\n",
                st.index,
                escape::text(&st.display_name()),
                escape::text(&st.from)
            );
            s.push_str(&format!("{:>5}  {:<22}  {}\n", "line", "size", "path"));
            let mut hidden = 0;
            for e in &entries {
                if e.line.is_none() && !all {
                    hidden += 1;
                    continue;
                }
                let line = e
                    .line
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| "base".into());
                let size = if e.kind == "directory" && !e.opaque {
                    String::new()
                } else {
                    size_text(
                        e.size_bytes,
                        e.size_low_bytes,
                        e.size_high_bytes,
                        e.size_complete,
                    )
                };
                let mut path = e.path.to_string();
                if e.kind == "directory" {
                    path.push('/');
                }
                if let Some(t) = e.target {
                    path.push_str(&format!(" -> {t}"));
                }
                if e.kind == "executable" {
                    path.push('*');
                }
                s.push_str(&format!("{line:>5}  {size:<22}  {}\n", escape::text(&path)));
            }
            for e in &deleted {
                if e.line.is_none() && !all {
                    continue;
                }
                let line = e
                    .line
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| "base".into());
                s.push_str(&format!(
                    "{line:>5}  {:<22}  {} (deleted later; bytes remain)\n",
                    size_text(
                        e.size_bytes,
                        e.size_low_bytes,
                        e.size_high_bytes,
                        e.size_complete
                    ),
                    escape::text(e.path)
                ));
            }
            for u in &unseen {
                let line = u
                    .region
                    .line
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| "base".into());
                let names = u.region.pattern.as_deref().unwrap_or("…");
                let dir = u.region.dir.trim_end_matches('/');
                s.push_str(&format!(
                    "{line:>5}  {:<22}  {} (may exist: {})\n",
                    if u.region.counted { "" } else { "unknown" },
                    escape::text(&format!("{dir}/{names}")),
                    escape::text(&u.because)
                ));
            }
            if hidden > 0 {
                s.push_str(&format!("({hidden} paths of the base image's known layout not shown; --all shows them)\n"));
            }
            write_out(&s)?;
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn date_from_clock_is_well_formed() {
        let d = super::today();
        assert_eq!(d.len(), 10);
        assert!(d.starts_with("20"));
    }
}

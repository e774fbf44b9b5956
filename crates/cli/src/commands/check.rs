//! `layerlab check`: the findings, sizes and goals of one or more Dockerfiles.

use crate::buildargs::{check_target, options, BuildArgs};
use crate::config::Level;
use crate::escape;
use crate::io::{read_goals, read_input, write_out};
use crate::render::{size_text, Style};
use clap::ValueEnum;
use layerlab_analysis::goals::{self, Evaluation, Goal, GoalError, Goals, Status};
use layerlab_analysis::sim::size::human;
use layerlab_analysis::{analyze_with, Analysis, Config, Options};
use layerlab_syntax::Severity;
use serde::Serialize;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

// The subcommand's help is its variant's doc comment in main.rs.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// `human`: findings like rustc's, then stage and layer sizes; `json`; `sarif` (2.1.0, for code scanning).
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// Colours in human output: `auto` on a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// The configuration file (default: the nearest `.layerlab.toml` above each Dockerfile, up to the `.git` directory or your home, if it is yours or root's).
    #[arg(long, value_name = "FILE")]
    config: Option<std::path::PathBuf>,
    /// Drop findings of this rule id, hadolint code or BuildKit check name (repeatable).
    #[arg(long, value_name = "ID")]
    ignore: Vec<String>,
    /// Findings below this severity are not shown and do not affect the exit code.
    #[arg(long, value_enum, value_name = "LEVEL")]
    severity_threshold: Option<Level>,
    /// Also exit with 1 when an exercise goal (`# goal:` comments at the top of the file, or --goals-file) is not met, cannot be decided, or is malformed.
    #[arg(long)]
    goals: bool,
    /// Exercise goals to check, one a line (added to each file's own `# goal:` comments).
    #[arg(long, value_name = "FILE")]
    goals_file: Option<std::path::PathBuf>,
    #[command(flatten)]
    build: BuildArgs,
    /// Dockerfiles, directories (searched for Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile), or `-` for standard input.
    #[arg(required = true)]
    files: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum CheckFormat {
    Human,
    Json,
    Sarif,
}

pub(crate) fn run(a: &Args) -> Result<u8, String> {
    let goals_text = a.goals_file.as_deref().map(read_goals).transpose()?;
    let args = CheckArgs {
        goals_text: goals_text.as_deref(),
        require_goals: a.goals,
        format: a.format,
        build: &a.build,
        color: a.color,
        config: a.config.as_deref(),
        ignore: &a.ignore,
        threshold: a.severity_threshold,
    };
    run_check(&a.files, &args)
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

fn run_check(inputs: &[String], args: &CheckArgs) -> Result<u8, String> {
    let files = crate::files::expand(inputs)?;
    if files.is_empty() {
        return Err("no Dockerfile to check".into());
    }
    let opts = options(args.build)?;
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut configs = crate::config::for_files(&paths, args.config)?;
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

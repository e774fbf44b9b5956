//! `layerlab tree`: a stage's simulated filesystem, like `dive` shows a built image.

use super::OutputFormat;
use crate::buildargs::{check_target, options, BuildArgs};
use crate::escape;
use crate::io::{read_input, write_out};
use crate::render::size_text;
use layerlab_analysis::analyze;
use layerlab_analysis::sim::vfs::{Entry, Kind, Origin, UnseenRegion};
use serde::Serialize;

// The subcommand's help is its variant's doc comment in main.rs.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// The stage (name or index); the target stage by default.
    #[arg(long)]
    stage: Option<String>,
    /// Only paths under this prefix.
    #[arg(long)]
    path: Option<String>,
    /// Also list the base image's known layout (hidden by default in human output).
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    build: BuildArgs,
    /// The Dockerfile, or `-` for standard input.
    file: String,
}

pub(crate) fn run(a: &Args) -> Result<u8, String> {
    run_tree(
        &a.file,
        a.format,
        &a.build,
        a.stage.as_deref(),
        a.path.as_deref(),
        a.all,
    )
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

fn run_tree(
    file: &str,
    format: OutputFormat,
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
        OutputFormat::Json => {
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
        OutputFormat::Human => {
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

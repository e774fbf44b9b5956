//! Honesty over the whole shared corpus (issue 10): every Dockerfile of
//! corpus/real-world, corpus/edge-cases, corpus/buildkit-parser and the
//! seeds, analysed without a build context and, for the seeds, also with
//! their article's context.
//!
//! - every finding's rule id is in the catalogue (`layerlab rules`), or the
//!   finding is a parser diagnostic;
//! - an image (and a stage) whose chain of stages holds a layer of unknown
//!   size, or starts from a base image of unknown size, does not claim a
//!   complete size;
//! - without a context, a RUN that builds, downloads or installs from a
//!   file the analysis cannot read (`go build`, `cargo build`, `npm run
//!   build`, `make`, `mvn`, `npm ci`, `pip install -r`, `curl`, `git
//!   clone`, …) has a layer of unknown size, and a COPY or ADD of unknown
//!   content is not a known 0 B;
//! - the official images (docker-library/*) build: no error-severity finding.
//!
//! That no unknown size is printed as `0 B` is tested on the CLI's output,
//! in crates/cli/tests/corpus_unknown_sizes.rs.

mod common;

use common::*;
use layerlab_analysis::rules::RULES;
use layerlab_analysis::{Analysis, BuildContext, Category};
use layerlab_syntax::{Keyword, Severity};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, pred: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, pred, out);
        } else if pred(&p) {
            out.push(p);
        }
    }
}

fn dockerfile_ext(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "Dockerfile")
}

/// The seeds' article contexts (as in seed_findings.rs).
fn seed_context(name: &str) -> Option<&'static str> {
    match &name[..2] {
        "01" | "02" => Some("000"),
        "03" => Some("001"),
        "04" => Some("002"),
        "05" | "06" | "07" | "08" => Some("003"),
        _ => None,
    }
}

/// Every corpus file and seed, each with a label, its text, and the build
/// context it is analysed with (None: unknown). Seeds come twice.
fn corpus() -> Vec<(String, String, Option<BuildContext>)> {
    let shared = shared_dir();
    let root = shared.join("corpus");
    let mut paths = Vec::new();
    files(&root.join("real-world"), &dockerfile_ext, &mut paths);
    files(&root.join("edge-cases"), &dockerfile_ext, &mut paths);
    files(
        &root.join("buildkit-parser"),
        &|p| p.file_name().is_some_and(|n| n == "Dockerfile"),
        &mut paths,
    );
    paths.sort();
    let mut out: Vec<(String, String, Option<BuildContext>)> = paths
        .iter()
        .map(|p| {
            let label = p.strip_prefix(&root).unwrap().display().to_string();
            (label, read(p), None)
        })
        .collect();
    let seeds = shared.join("seeds");
    let mut seed_paths = Vec::new();
    files(
        &seeds,
        &|p| dockerfile_ext(p) && p.parent().is_some_and(|d| d.ends_with("seeds")),
        &mut seed_paths,
    );
    seed_paths.sort();
    assert_eq!(seed_paths.len(), 8, "the eight seeds");
    for p in &seed_paths {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let text = read(p);
        out.push((format!("seeds/{name} (no context)"), text.clone(), None));
        if let Some(ctx) = seed_context(&name) {
            out.push((
                format!("seeds/{name} (context {ctx})"),
                text,
                Some(context_from_dir(&seeds.join("context").join(ctx))),
            ));
        }
    }
    out
}

/// Fails with at most 40 lines of `problems`, and how many there are.
fn assert_none(what: &str, problems: &[String]) {
    let mut s = String::new();
    for p in problems.iter().take(40) {
        writeln!(s, "  {p}").unwrap();
    }
    if problems.len() > 40 {
        writeln!(s, "  … and {} more", problems.len() - 40).unwrap();
    }
    assert!(problems.is_empty(), "{} {what}:\n{s}", problems.len());
}

#[test]
fn every_finding_rule_id_is_in_the_catalogue() {
    let mut problems = Vec::new();
    for (label, text, ctx) in corpus() {
        let a = run(&text, ctx);
        for f in &a.report.findings {
            if f.category == Category::Syntax {
                continue;
            }
            if !RULES.iter().any(|r| r.meta().id == f.rule) {
                problems.push(format!("{label}:{} {} ({})", f.line, f.rule, f.message));
            }
        }
    }
    assert_none(
        "findings with a rule id the catalogue does not list",
        &problems,
    );
}

/// The stages an image of stage `i` is made of: `i`, the stage it is FROM,
/// and so on.
fn chain(a: &Analysis, i: usize) -> Vec<usize> {
    let mut out = vec![i];
    let mut cur = i;
    while let Some(b) = a.report.stages.get(cur).and_then(|s| s.base_stage) {
        if out.contains(&b) {
            break;
        }
        out.push(b);
        cur = b;
    }
    out
}

/// Why stage `i`'s filesystem has a part of unknown size, if it has one.
fn unknown_part(a: &Analysis, i: usize) -> Option<String> {
    for s in chain(a, i) {
        let st = &a.report.stages[s];
        if st.base_stage.is_none() && !st.base_size_known {
            return Some(format!("stage {s}'s base {} has an unknown size", st.base));
        }
        if let Some(l) = a
            .report
            .layers
            .iter()
            .find(|l| l.stage == s && !l.size_complete)
        {
            return Some(format!(
                "stage {s}'s layer on line {} ({}) has an unknown size",
                l.line, l.instruction
            ));
        }
    }
    None
}

#[test]
fn sizes_with_an_unknown_part_are_not_complete() {
    let mut problems = Vec::new();
    for (label, text, ctx) in corpus() {
        let a = run(&text, ctx);
        if let Some(img) = &a.report.image {
            if img.size_complete {
                if let Some(why) = unknown_part(&a, img.stage) {
                    problems.push(format!(
                        "{label}: image (stage {}) size_complete=true but {why}",
                        img.stage
                    ));
                }
            }
        }
        for st in &a.report.stages {
            if st.size_complete {
                if let Some(why) = unknown_part(&a, st.index) {
                    problems.push(format!(
                        "{label}: stage {} size_complete=true but {why}",
                        st.index
                    ));
                }
            }
        }
    }
    assert_none("sizes claimed complete over an unknown part", &problems);
}

/// The docker-library official images are built and published daily: an
/// error on one of them is a false alarm.
#[test]
fn no_error_on_the_official_images() {
    let dir = shared_dir().join("corpus/real-world");
    let index = read(&dir.join("index.csv"));
    let official: Vec<&str> = index
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .filter(|f| f.starts_with("docker-library__"))
        .collect();
    assert!(official.len() >= 50, "{} official files", official.len());
    let mut problems = Vec::new();
    for file in official {
        let a = run(&read(&dir.join(file)), None);
        for f in a
            .report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
        {
            problems.push(format!("{file}:{} {} {}", f.line, f.rule, f.message));
        }
    }
    assert_none("errors on official images", &problems);
}

/// Does one command of a RUN build, download or install something whose
/// size the analysis cannot know without the context or the network? (The
/// words after any `VAR=value` prefixes; `sudo` skipped.)
fn runs_unmodelled_build(run: &str) -> Option<String> {
    let run = run.replace("\\\n", " ");
    for cmd in run.split(['&', ';', '|', '\n', '(', ')']) {
        let words: Vec<&str> = cmd
            .split_whitespace()
            .skip_while(|w| (w.contains('=') && !w.starts_with('-')) || *w == "sudo")
            .collect();
        let w = |i: usize| words.get(i).copied().unwrap_or("");
        let run_build = |i: usize| w(i) == "run" && w(i + 1).starts_with("build");
        let hit = match w(0) {
            "go" => matches!(w(1), "build" | "install") || (w(1) == "mod" && w(2) == "download"),
            "cargo" => matches!(w(1), "build" | "install"),
            // `npm install -g name…`: modelled when every name is a
            // registry package of the measured npm table.
            "npm" => {
                let names: Vec<&str> = words[2.min(words.len())..]
                    .iter()
                    .copied()
                    .filter(|x| !x.starts_with('-'))
                    .collect();
                let measured = !names.is_empty()
                    && names.iter().all(|n| {
                        let name = n[1..].find('@').map_or(*n, |i| &n[..i + 1]);
                        let path = name.contains([':', '.']) || name.starts_with('/');
                        !path && layerlab_catalog::npm_package(name, None).is_some()
                    });
                (matches!(w(1), "ci" | "install" | "i") && !measured) || run_build(1)
            }
            "yarn" => matches!(w(1), "" | "install" | "build") || run_build(1),
            "pnpm" => matches!(w(1), "install" | "i" | "build") || run_build(1),
            "bun" => matches!(w(1), "install" | "i" | "build") || run_build(1),
            "composer" | "bundle" => w(1) == "install",
            "git" => w(1) == "clone",
            "curl" | "wget" => true,
            // `tsc -v` only prints its version (backstage's `$(tsc -v)`).
            "tsc" => !matches!(w(1), "-v" | "--version"),
            "make" | "cmake" | "mvn" | "./mvnw" | "gradle" | "./gradlew" => true,
            "dotnet" => matches!(w(1), "publish" | "build" | "restore"),
            "pip" | "pip3" => {
                w(1) == "install"
                    && words
                        .iter()
                        .any(|x| *x == "-r" || x.starts_with("--requirement"))
            }
            _ => false,
        };
        if hit {
            return Some(words.iter().take(3).copied().collect::<Vec<_>>().join(" "));
        }
    }
    None
}

/// The layer of each instruction, with the instruction.
fn layers_with_instructions(
    a: &Analysis,
) -> Vec<(
    &layerlab_analysis::LayerReport,
    &layerlab_syntax::Instruction,
)> {
    a.report
        .layers
        .iter()
        .filter_map(|l| {
            a.dockerfile
                .instructions()
                .find(|i| i.start_line == l.line)
                .map(|i| (l, i))
        })
        .collect()
}

#[test]
fn unmodelled_commands_have_unknown_sizes_without_context() {
    let mut problems = Vec::new();
    for (label, text, ctx) in corpus() {
        if ctx.is_some() {
            continue;
        }
        let a = run(&text, None);
        for (l, ins) in layers_with_instructions(&a) {
            if !l.size_complete || ins.kind != Keyword::Run {
                continue;
            }
            // What a RUN writes into a cache or bind mount is not in its
            // layer: such a layer may really be (almost) empty.
            if ins.flags.iter().any(|f| f.name.text == "mount") {
                continue;
            }
            // The command line after `RUN` and its flags, and any heredoc bodies.
            let mut script: String = ins
                .original
                .split_whitespace()
                .skip(1)
                .skip_while(|w| w.starts_with("--"))
                .collect::<Vec<_>>()
                .join(" ");
            for h in &ins.heredocs {
                script.push('\n');
                script.push_str(&h.content);
            }
            if let Some(cmd) = runs_unmodelled_build(&script) {
                problems.push(format!(
                    "{label}:{} `{cmd}` has a complete size of {} B",
                    l.line, l.size_bytes
                ));
            }
        }
    }
    assert_none(
        "build, download or install layers with a complete size",
        &problems,
    );
}

/// Without a context, what COPY or ADD brings from the context, a URL or
/// another image is of unknown size; what it copies from a stage is known
/// only when the simulation knows that path's size. A complete 0 B is
/// claimed only for a path the Dockerfile makes empty (`mkdir`, `touch`).
#[test]
fn copies_of_unknown_content_are_not_a_known_zero_without_context() {
    let mut problems = Vec::new();
    for (label, text, ctx) in corpus() {
        if ctx.is_some() {
            continue;
        }
        let a = run(&text, None);
        for (l, ins) in layers_with_instructions(&a) {
            if !(l.size_complete && l.size_bytes == 0) {
                continue;
            }
            if !matches!(ins.kind, Keyword::Copy | Keyword::Add) || !ins.heredocs.is_empty() {
                continue;
            }
            let words: Vec<&str> = ins.arg_tokens().iter().map(|t| t.text.as_str()).collect();
            let sources = &words[..words.len().saturating_sub(1)];
            if sources.is_empty() {
                continue;
            }
            let made_empty = sources.iter().all(|src| {
                let src = src.trim_end_matches('/');
                text.lines().any(|line| {
                    (line.contains("mkdir") || line.contains("touch")) && line.contains(src)
                })
            });
            if made_empty {
                continue;
            }
            problems.push(format!(
                "{label}:{} {} has a complete size of 0 B",
                l.line, l.instruction
            ));
        }
    }
    assert_none(
        "copies of unknown content with a known size of 0 B",
        &problems,
    );
}

/// The simulation → rules contract is typed: no rule reads a layer's notes
/// (English for people) or the text of a RUN command's origin.
#[test]
fn no_rule_matches_on_note_text() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut offenders = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            let reads_layer_notes = line
                .match_indices(".notes")
                .any(|(at, _)| !line[..at].ends_with("sim"));
            if reads_layer_notes || line.contains("Origin::Run {") {
                offenders.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "rules reading free text:\n{}",
        offenders.join("\n")
    );
}

//! `layerlab`: parse and check Dockerfiles from the command line.
//!
//! Exit codes: 0 fine, 1 error-severity findings (or a file BuildKit's parser
//! rejects), 2 usage or I/O error.

mod checkcmd;
mod comparecmd;
mod config;
mod context;
mod escape;
mod files;
mod render;
mod safefs;
mod sarif;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use layerlab_syntax::{Dockerfile, Severity};
use serde::Serialize;

#[derive(Parser)]
#[command(
    name = "layerlab",
    version,
    about = "Simulate Dockerfile builds: stages, sizes and the problems an expert would point out"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a Dockerfile and print its syntax tree.
    Parse {
        /// `buildkit`: BuildKit's Node.Dump() format; `json`: the lossless tree with spans.
        #[arg(long, value_enum, default_value_t = ParseFormat::Json)]
        format: ParseFormat,
        /// The Dockerfile, or `-` for standard input.
        file: String,
    },
    /// Simulate the build and report stages, layer sizes and problems.
    Check {
        /// `human`: findings like rustc's, then stage and layer sizes; `json`; `sarif` (2.1.0, for code scanning).
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Colours in human output: `auto` on a terminal unless NO_COLOR is set.
        #[arg(long, value_enum, default_value_t = checkcmd::ColorChoice::Auto)]
        color: checkcmd::ColorChoice,
        /// The configuration file (default: the nearest `.layerlab.toml` above each Dockerfile, up to the `.git` directory or your home, if it is yours or root's).
        #[arg(long, value_name = "FILE")]
        config: Option<std::path::PathBuf>,
        /// Drop findings of this rule id, hadolint code or BuildKit check name (repeatable).
        #[arg(long, value_name = "ID")]
        ignore: Vec<String>,
        /// Findings below this severity are not shown and do not affect the exit code.
        #[arg(long, value_enum, value_name = "LEVEL")]
        severity_threshold: Option<config::Level>,
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
    },
    /// Compare two Dockerfiles: final and per-stage size deltas (B − A), base-image changes, and the findings only in A, only in B and in both.
    Compare {
        /// `human`: a summary; `json`: the comparison with both files' names.
        #[arg(long, value_enum, default_value_t = TreeFormat::Human)]
        format: TreeFormat,
        /// The build context of A only (overrides --context for A).
        #[arg(long, value_name = "DIR")]
        context_a: Option<std::path::PathBuf>,
        /// The build context of B only (overrides --context for B).
        #[arg(long, value_name = "DIR")]
        context_b: Option<std::path::PathBuf>,
        #[command(flatten)]
        build: BuildArgs,
        /// Dockerfile A (the "before"), or `-` for standard input.
        a: String,
        /// Dockerfile B (the "after"), or `-` for standard input (not both).
        b: String,
    },
    /// List the rules, or show one rule's documentation.
    Rules {
        /// `human`: one line per rule; `markdown`: the reference (docs/rules.md); `json`: metadata and docs.
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
        /// A rule id, hadolint code or BuildKit check name: print that rule's documentation.
        rule: Option<String>,
    },
    /// Show a stage's simulated filesystem, like `dive` shows a built image.
    Tree {
        #[arg(long, value_enum, default_value_t = TreeFormat::Human)]
        format: TreeFormat,
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
    },
}

#[derive(clap::Args)]
pub(crate) struct BuildArgs {
    /// The build context directory (files, sizes, .dockerignore, requirements.txt, …).
    #[arg(long)]
    pub context: Option<std::path::PathBuf>,
    /// The stage to build (name or index); the last stage by default.
    #[arg(long)]
    pub target: Option<String>,
    /// A build argument, `KEY=VALUE` (repeatable).
    #[arg(long = "build-arg", value_name = "KEY=VALUE")]
    pub build_args: Vec<String>,
    /// Today's date for end-of-life checks (`YYYY-MM-DD`; default: the system date).
    #[arg(long)]
    pub today: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ParseFormat {
    Buildkit,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum CheckFormat {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Human,
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum TreeFormat {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Parse { format, file } => run_parse(&file, format),
        Command::Check {
            format,
            color,
            config,
            ignore,
            severity_threshold,
            goals,
            goals_file,
            build,
            files,
        } => {
            let goals_text = match goals_file.as_deref().map(read_goals).transpose() {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("layerlab: {}", escape::text(&e));
                    return ExitCode::from(2);
                }
            };
            let args = checkcmd::CheckArgs {
                goals_text: goals_text.as_deref(),
                require_goals: goals,
                format,
                build: &build,
                color,
                config: config.as_deref(),
                ignore: &ignore,
                threshold: severity_threshold,
            };
            checkcmd::run_check(&files, &args)
        }
        Command::Compare {
            format,
            context_a,
            context_b,
            build,
            a,
            b,
        } => comparecmd::run_compare(
            &a,
            &b,
            format,
            &build,
            context_a.as_deref(),
            context_b.as_deref(),
        ),
        Command::Rules { format, rule } => run_rules(format, rule.as_deref()),
        Command::Tree {
            format,
            stage,
            path,
            all,
            build,
            file,
        } => checkcmd::run_tree(
            &file,
            format,
            &build,
            stage.as_deref(),
            path.as_deref(),
            all,
        ),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("layerlab: {}", escape::text(&msg));
            ExitCode::from(2)
        }
    }
}

/// The text of `--goals-file` (a regular file, at most [`safefs::CONFIG_LIMIT`]).
fn read_goals(path: &std::path::Path) -> Result<String, String> {
    let bytes = safefs::read_named(path, safefs::CONFIG_LIMIT)?;
    String::from_utf8(bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads a Dockerfile (or stdin for `-`), at most [`safefs::DOCKERFILE_LIMIT`]
/// bytes of a regular file. A symbolic link is followed only into
/// `found_in` (the directory argument it was found in) or, for a file named
/// on the command line, into [`safefs::named_roots`]. Invalid UTF-8 is
/// replaced, with a warning.
pub(crate) fn read_input(
    file: &str,
    found_in: Option<&std::path::Path>,
) -> Result<(String, String), String> {
    let limit = safefs::DOCKERFILE_LIMIT;
    let (name, bytes) = if file == "-" {
        let stdin = std::io::stdin().lock();
        let name = "<stdin>".to_string();
        let bytes = safefs::read_limited(stdin, "standard input", limit)?;
        (name, bytes)
    } else {
        let path = std::path::Path::new(file);
        let bytes = match found_in {
            Some(root) => {
                safefs::link_inside(path, &[root.to_path_buf()])?;
                safefs::read_regular(path, limit)?
            }
            None => safefs::read_named(path, limit)?,
        };
        (file.to_string(), bytes)
    };
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let s = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let pos = layerlab_syntax::LineIndex::new(&s).line_col(&s, valid);
            eprintln!(
                "{}:{}:{}: warning: invalid UTF-8; bytes replaced with U+FFFD",
                escape::text(&name),
                pos.line,
                pos.column
            );
            s
        }
    };
    Ok((name, text))
}

pub(crate) fn write_out(s: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

#[derive(Serialize)]
struct PositionedDiagnostic<'a> {
    #[serde(flatten)]
    diagnostic: &'a layerlab_syntax::Diagnostic,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
struct ParseOutput<'a> {
    file: &'a str,
    escape: char,
    items: &'a [layerlab_syntax::Item],
    diagnostics: Vec<PositionedDiagnostic<'a>>,
}

fn run_parse(file: &str, format: ParseFormat) -> Result<u8, String> {
    let (name, text) = read_input(file, None)?;
    let df = layerlab_syntax::parse(&text);
    match format {
        ParseFormat::Buildkit => match df.buildkit_dump() {
            Some(dump) => {
                write_out(&dump)?;
                Ok(0)
            }
            None => {
                print_diagnostics(&name, &df, true);
                Ok(1)
            }
        },
        ParseFormat::Json => {
            let diagnostics = df
                .diagnostics
                .iter()
                .map(|d| {
                    let s = df.line_col(d.span.start);
                    let e = df.line_col(d.span.end);
                    PositionedDiagnostic {
                        diagnostic: d,
                        line: s.line,
                        column: s.column,
                        end_line: e.line,
                        end_column: e.column,
                    }
                })
                .collect();
            let out = ParseOutput {
                file: &name,
                escape: df.escape,
                items: &df.items,
                diagnostics,
            };
            let mut s = serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?;
            s.push('\n');
            write_out(&s)?;
            Ok(if df.rejected_by_buildkit() { 1 } else { 0 })
        }
    }
}

fn print_diagnostics(name: &str, df: &Dockerfile, only_parser_errors: bool) {
    let mut out = String::new();
    for d in &df.diagnostics {
        if only_parser_errors && !d.buildkit_parser_error {
            continue;
        }
        let p = df.line_col(d.span.start);
        out.push_str(&format!(
            "{}:{}:{}: {}[{}]: {}\n",
            escape::text(name),
            p.line,
            p.column,
            d.severity.as_str(),
            d.code,
            escape::text(&d.message)
        ));
    }
    let _ = std::io::stderr().lock().write_all(out.as_bytes());
}

#[derive(Serialize)]
struct RuleOutput {
    id: &'static str,
    category: layerlab_analysis::Category,
    severity: Severity,
    summary: &'static str,
    hadolint: &'static [&'static str],
    buildkit: Option<&'static str>,
    docs: &'static str,
}

fn run_rules(format: RulesFormat, rule: Option<&str>) -> Result<u8, String> {
    use layerlab_analysis::rules::{docs, RULES};
    let mut metas: Vec<_> = RULES.iter().map(|r| r.meta()).collect();
    metas.sort_by_key(|m| m.id);
    if let Some(code) = rule {
        metas.retain(|m| layerlab_analysis::pragmas::code_matches(m.id, code));
        if metas.is_empty() {
            return Err(format!("no rule {code:?}; `layerlab rules` lists them"));
        }
    }
    let s = match format {
        RulesFormat::Json => {
            let out: Vec<RuleOutput> = metas
                .iter()
                .map(|m| RuleOutput {
                    id: m.id,
                    category: m.category,
                    severity: m.severity,
                    summary: m.summary,
                    hadolint: m.hadolint,
                    buildkit: m.buildkit,
                    docs: docs(m.id).unwrap_or(""),
                })
                .collect();
            serde_json::to_string_pretty(&out).map_err(|e| e.to_string())? + "\n"
        }
        RulesFormat::Markdown if rule.is_none() => layerlab_analysis::rules::markdown_reference(),
        RulesFormat::Markdown | RulesFormat::Human if rule.is_some() => metas
            .iter()
            .map(|m| format!("# {}\n\n{}\n", m.id, docs(m.id).unwrap_or(m.summary)))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => {
            let mut s = String::new();
            for m in &metas {
                let mut codes: Vec<&str> = m.hadolint.to_vec();
                codes.extend(m.buildkit);
                let codes = if codes.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", codes.join(", "))
                };
                s.push_str(&format!(
                    "{:<34} {:<8} {}{codes}\n",
                    m.id,
                    m.severity.as_str(),
                    m.summary
                ));
            }
            s
        }
    };
    write_out(&s)?;
    Ok(0)
}

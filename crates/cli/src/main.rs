//! `layerlab`: parse and check Dockerfiles from the command line.
//!
//! Exit codes: 0 fine, 1 error-severity findings (or a file BuildKit's parser
//! rejects), 2 usage or I/O error.

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use layerlab_analysis::{analyze, Options};
use layerlab_syntax::{Dockerfile, Severity};
use serde::Serialize;

#[derive(Parser)]
#[command(name = "layerlab", version, about = "Simulate Dockerfile builds: stages, sizes and the problems an expert would point out")]
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
    /// Check a Dockerfile and report what is wrong.
    Check {
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// The Dockerfile, or `-` for standard input.
        file: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ParseFormat {
    Buildkit,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
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
        Command::Check { format, file } => run_check(&file, format),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("layerlab: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Reads a file (or stdin for `-`). Invalid UTF-8 is replaced, with a warning.
fn read_input(file: &str) -> Result<(String, String), String> {
    let mut bytes = Vec::new();
    let name = if file == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read standard input: {e}"))?;
        "<stdin>".to_string()
    } else {
        bytes = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
        file.to_string()
    };
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let s = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let pos = layerlab_syntax::LineIndex::new(&s).line_col(&s, valid);
            eprintln!("{name}:{}:{}: warning: invalid UTF-8; bytes replaced with U+FFFD", pos.line, pos.column);
            s
        }
    };
    Ok((name, text))
}

fn write_out(s: &str) -> Result<(), String> {
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
    let (name, text) = read_input(file)?;
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
                    PositionedDiagnostic { diagnostic: d, line: s.line, column: s.column, end_line: e.line, end_column: e.column }
                })
                .collect();
            let out = ParseOutput { file: &name, escape: df.escape, items: &df.items, diagnostics };
            let mut s = serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?;
            s.push('\n');
            write_out(&s)?;
            Ok(if df.rejected_by_buildkit() { 1 } else { 0 })
        }
    }
}

fn print_diagnostics(name: &str, df: &Dockerfile, only_parser_errors: bool) {
    for d in &df.diagnostics {
        if only_parser_errors && !d.buildkit_parser_error {
            continue;
        }
        let p = df.line_col(d.span.start);
        eprintln!("{name}:{}:{}: {}[{}]: {}", p.line, p.column, severity_word(d.severity), d.code, d.message);
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

#[derive(Serialize)]
struct CheckOutput<'a> {
    file: &'a str,
    findings: &'a [layerlab_analysis::Finding],
}

fn run_check(file: &str, format: CheckFormat) -> Result<u8, String> {
    let (name, text) = read_input(file)?;
    let analysis = analyze(&text, &Options::default());
    let report = &analysis.report;
    match format {
        CheckFormat::Json => {
            let mut s = serde_json::to_string_pretty(&CheckOutput { file: &name, findings: &report.findings })
                .map_err(|e| e.to_string())?;
            s.push('\n');
            write_out(&s)?;
        }
        CheckFormat::Human => {
            let mut s = String::new();
            for f in &report.findings {
                s.push_str(&format!(
                    "{name}:{}:{}: {}[{}]: {}\n",
                    f.line,
                    f.column,
                    severity_word(f.severity),
                    f.rule,
                    f.message
                ));
                if !f.help.is_empty() {
                    s.push_str(&format!("  help: {}\n", f.help));
                }
            }
            let (e, w, i) = (report.count(Severity::Error), report.count(Severity::Warning), report.count(Severity::Info));
            s.push_str(&format!("{name}: {e} error(s), {w} warning(s), {i} note(s)\n"));
            write_out(&s)?;
        }
    }
    Ok(if report.has_errors() { 1 } else { 0 })
}

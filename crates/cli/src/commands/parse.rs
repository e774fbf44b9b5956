//! `layerlab parse`: the syntax tree, as JSON or as BuildKit's dump.

use crate::escape;
use crate::io::{read_input, write_out};
use clap::ValueEnum;
use layerlab_syntax::Dockerfile;
use serde::Serialize;
use std::io::Write;

// The subcommand's help is its variant's doc comment in main.rs.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// `buildkit`: BuildKit's Node.Dump() format; `json`: the lossless tree with spans.
    #[arg(long, value_enum, default_value_t = ParseFormat::Json)]
    format: ParseFormat,
    /// The Dockerfile, or `-` for standard input.
    file: String,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ParseFormat {
    Buildkit,
    Json,
}

pub(crate) fn run(a: &Args) -> Result<u8, String> {
    run_parse(&a.file, a.format)
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

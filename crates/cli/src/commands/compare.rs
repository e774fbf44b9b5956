//! `layerlab compare A B`: the comparison of two Dockerfiles (deltas B − A).

use super::OutputFormat;
use crate::buildargs::{check_target, options, BuildArgs};
use crate::escape;
use crate::io::{read_input, write_out};
use crate::render::size_text;
use layerlab_analysis::compare::{compare, Basis, SizeDelta, SizeSide};
use layerlab_analysis::sim::size::human;
use layerlab_analysis::{analyze_with, Analysis, Comparison, Finding};
use serde::Serialize;
use std::path::Path;

// The subcommand's help is its variant's doc comment in main.rs.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// `human`: a summary; `json`: the comparison with both files' names.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
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
}

pub(crate) fn run(a: &Args) -> Result<u8, String> {
    run_compare(
        &a.a,
        &a.b,
        a.format,
        &a.build,
        a.context_a.as_deref(),
        a.context_b.as_deref(),
    )
}

#[derive(Serialize)]
struct CompareOutput<'a> {
    a: &'a str,
    b: &'a str,
    #[serde(flatten)]
    comparison: &'a Comparison,
}

fn load(
    file: &str,
    build: &BuildArgs,
    context: Option<&Path>,
) -> Result<(String, Analysis), String> {
    let (name, text) = read_input(file, None)?;
    // A side's own context replaces --context (which is then not read for it).
    let opts = match context {
        Some(dir) => options(&BuildArgs {
            context: Some(dir.to_path_buf()),
            target: build.target.clone(),
            build_args: build.build_args.clone(),
            today: build.today.clone(),
        })?,
        None => options(build)?,
    };
    // The same configuration `check` uses for this file (the nearest
    // .layerlab.toml), so both list the same findings.
    let config = crate::config::for_files(&[file], None)?.remove(0);
    let analysis = analyze_with(&text, &opts, &config);
    check_target(&analysis, build).map_err(|e| format!("{name}: {e}"))?;
    Ok((name, analysis))
}

fn run_compare(
    a: &str,
    b: &str,
    format: OutputFormat,
    build: &BuildArgs,
    context_a: Option<&Path>,
    context_b: Option<&Path>,
) -> Result<u8, String> {
    if a == "-" && b == "-" {
        return Err("only one of A and B can be standard input".into());
    }
    let (name_a, an_a) = load(a, build, context_a)?;
    let (name_b, an_b) = load(b, build, context_b)?;
    let c = compare(&an_a, &an_b);
    let s = match format {
        OutputFormat::Json => {
            let out = CompareOutput {
                a: &name_a,
                b: &name_b,
                comparison: &c,
            };
            serde_json::to_string_pretty(&out).map_err(|e| e.to_string())? + "\n"
        }
        OutputFormat::Human => human_output(&name_a, &name_b, &c),
    };
    write_out(&s)?;
    Ok(0)
}

/// `+1.2 MB`, `-13 B`, `0 B`.
pub fn signed(n: i64) -> String {
    let sign = match n.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    };
    format!("{sign}{}", human(n.unsigned_abs()))
}

fn side_text(s: &Option<SizeSide>) -> String {
    match s {
        Some(s) => size_text(
            s.size_bytes,
            s.size_low_bytes,
            s.size_high_bytes,
            s.size_complete,
        ),
        None => "—".into(),
    }
}

fn delta_text(d: &SizeDelta) -> String {
    match d.basis {
        Basis::Missing => String::new(),
        _ => {
            let mut s = signed(d.delta_bytes);
            if d.delta_low_bytes != d.delta_high_bytes {
                s.push_str(&format!(
                    " ({} to {})",
                    signed(d.delta_low_bytes),
                    signed(d.delta_high_bytes)
                ));
            }
            if d.basis == Basis::Incomplete {
                s.push_str(", uncertain: part of a size is unknown");
            }
            s
        }
    }
}

fn finding_line(side: &str, f: &Finding) -> String {
    format!(
        "  {side}:{}:{}: {}[{}]: {}\n",
        f.line,
        f.column,
        f.severity.as_str(),
        f.rule,
        escape::text(&f.message)
    )
}

fn human_output(a: &str, b: &str, c: &Comparison) -> String {
    let mut s = format!("A: {}\nB: {}\n\n", escape::text(a), escape::text(b));
    let img = &c.image;
    s.push_str(&format!(
        "final image: {} -> {}",
        side_text(&img.a),
        side_text(&img.b)
    ));
    if img.basis != Basis::Missing {
        s.push_str(&format!(
            "  {}  (download {})",
            delta_text(img),
            signed(img.delta_compressed_bytes)
        ));
    }
    s.push('\n');
    if let Some(base) = &img.unknown_base {
        s.push_str(&format!(
            "  both sizes leave out the same unknown base image {}: the delta holds\n",
            escape::text(base)
        ));
    }
    s.push_str("\nstages (A -> B):\n");
    for p in &c.stages {
        let how = match (p.a, p.b) {
            (Some(_), None) => " (only in A)".to_string(),
            (None, Some(_)) => " (only in B)".to_string(),
            _ if p.matched_by == "name" => String::new(),
            _ => format!(" (matched by {})", p.matched_by),
        };
        s.push_str(&format!(
            "  {:<16} {} -> {}  {}{how}\n",
            escape::text(&p.label),
            side_text(&p.size.a),
            side_text(&p.size.b),
            delta_text(&p.size)
        ));
    }
    if !c.base_changes.is_empty() {
        s.push_str("\nbase changes:\n");
        for bc in &c.base_changes {
            s.push_str(&format!(
                "  {}: {} (A:{}) -> {} (B:{})\n",
                escape::text(&bc.label),
                escape::text(&bc.a),
                bc.a_line,
                escape::text(&bc.b),
                bc.b_line
            ));
        }
    }
    let f = &c.findings;
    s.push_str(&format!("\nfindings only in A ({}):\n", f.only_a.len()));
    for x in &f.only_a {
        s.push_str(&finding_line("A", x));
    }
    s.push_str(&format!("\nfindings only in B ({}):\n", f.only_b.len()));
    for x in &f.only_b {
        s.push_str(&finding_line("B", x));
    }
    s.push_str(&format!("\nfindings in both ({}):\n", f.both.len()));
    for p in &f.both {
        s.push_str(&format!(
            "  A:{} B:{}: [{}]: {}\n",
            p.a.line,
            p.b.line,
            p.b.rule,
            escape::text(&p.b.message)
        ));
    }
    s
}

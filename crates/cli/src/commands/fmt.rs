//! `layerlab fmt`: format Dockerfiles in place, or check (`--check`) or show
//! (`--diff`) what would change. The formatting itself is
//! `layerlab_syntax::fmt` (shared with the page and the language server).

use crate::escape;
use crate::io::write_out;
use crate::safefs;
use layerlab_syntax::fmt::{format, FmtRule, FormatError, Formatted};
use layerlab_syntax::LineIndex;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;

// The subcommand's help is its variant's doc comment in main.rs.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Write nothing; list the files that are not formatted, with what would change, and exit with 1 if there are any.
    #[arg(long)]
    check: bool,
    /// Write nothing; print a unified diff of what would change, and exit with 1 if anything would.
    #[arg(long)]
    diff: bool,
    /// Dockerfiles, directories (searched for Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile), or `-` for standard input (formatted to standard output).
    #[arg(required = true)]
    files: Vec<String>,
}

/// How one file went.
enum Outcome {
    Unchanged,
    Changed,
    Failed,
}

pub(crate) fn run(a: &Args) -> Result<u8, String> {
    let files = crate::files::expand(&a.files)?;
    if files.is_empty() {
        return Err("no Dockerfile to format".into());
    }
    let write = !a.check && !a.diff;
    let (mut changed, mut unchanged, mut failed) = (0, 0, 0);
    for file in &files {
        match one(file, a, write)? {
            Outcome::Unchanged => unchanged += 1,
            Outcome::Changed => changed += 1,
            Outcome::Failed => failed += 1,
        }
    }
    let stdin_only = files.len() == 1 && files[0].path == "-";
    if !stdin_only {
        let verb = if write {
            "reformatted"
        } else {
            "would be reformatted"
        };
        let mut summary =
            format!("layerlab fmt: {changed} file(s) {verb}, {unchanged} already formatted");
        if failed > 0 {
            summary.push_str(&format!(", {failed} left unchanged because of errors"));
        }
        eprintln!("{summary}");
    }
    Ok(if failed > 0 {
        2
    } else if changed > 0 && !write {
        1
    } else {
        0
    })
}

fn one(file: &crate::files::Source, a: &Args, write: bool) -> Result<Outcome, String> {
    let stdin = file.path == "-";
    let name = if stdin {
        "<stdin>".to_string()
    } else {
        file.path.clone()
    };
    let shown = escape::text(&name).into_owned();
    let bytes = match read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("layerlab: {}", escape::text(&e));
            return Ok(Outcome::Failed);
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let s = String::from_utf8_lossy(e.as_bytes());
            let p = LineIndex::new(&s).line_col(&s, valid);
            eprintln!(
                "{shown}:{}:{}: error: invalid UTF-8; left unchanged",
                p.line, p.column
            );
            return Ok(Outcome::Failed);
        }
    };
    let f = match format(&text) {
        Ok(f) => f,
        Err(e) => {
            let (offset, what) = match &e {
                FormatError::Rejected(d) => (
                    d.span.start,
                    format!(
                        "error[{}]: {}; BuildKit cannot parse this file, left unchanged",
                        d.code,
                        escape::text(&d.message)
                    ),
                ),
                FormatError::WouldChangeParse { offset } => (
                    *offset,
                    "error: formatting would change how BuildKit reads this instruction; \
                     left unchanged (a bug in layerlab fmt: please report it)"
                        .to_string(),
                ),
            };
            let p = LineIndex::new(&text).line_col(&text, offset);
            eprintln!("{shown}:{}:{}: {what}", p.line, p.column);
            if stdin && write {
                // A filter passes its input through when it cannot format it.
                write_out(&text)?;
            }
            return Ok(Outcome::Failed);
        }
    };
    if a.check && !a.diff && !f.is_unchanged() {
        write_out(&format!(
            "{shown}: not formatted: {}\n",
            what_changed(&text, &f)
        ))?;
    }
    if a.diff && !f.is_unchanged() {
        let d = crate::diff::unified(&name, &text, &f.text);
        // Exact when piped (for `patch`); control characters escaped on a terminal.
        if std::io::stdout().is_terminal() {
            write_out(&escape::text(&d))?;
        } else {
            write_out(&d)?;
        }
    }
    if write {
        if stdin {
            write_out(&f.text)?;
        } else if !f.is_unchanged() {
            if let Err(e) = std::fs::write(Path::new(&file.path), &f.text) {
                eprintln!("layerlab: cannot write {shown}: {e}");
                return Ok(Outcome::Failed);
            }
            eprintln!("formatted {shown}: {}", what_changed(&text, &f));
        }
    }
    Ok(if f.is_unchanged() {
        Outcome::Unchanged
    } else {
        Outcome::Changed
    })
}

fn read(file: &crate::files::Source) -> Result<Vec<u8>, String> {
    let limit = safefs::DOCKERFILE_LIMIT;
    if file.path == "-" {
        return safefs::read_limited(std::io::stdin().lock(), "standard input", limit);
    }
    let path = Path::new(&file.path);
    match &file.found_in {
        Some(root) => {
            safefs::link_inside(path, std::slice::from_ref(root))?;
            safefs::read_regular(path, limit)
        }
        None => safefs::read_named(path, limit),
    }
}

/// `keyword case (lines 1, 4), trailing whitespace (line 9)`.
fn what_changed(text: &str, f: &Formatted) -> String {
    let index = LineIndex::new(text);
    let mut by_rule: BTreeMap<u8, (FmtRule, Vec<u32>)> = BTreeMap::new();
    for e in &f.edits {
        let line = index.line_col(text, e.span.start).line;
        let entry = by_rule
            .entry(e.rule as u8)
            .or_insert_with(|| (e.rule, Vec::new()));
        if entry.1.last() != Some(&line) {
            entry.1.push(line);
        }
    }
    by_rule
        .values()
        .map(|(rule, lines)| {
            let list: Vec<String> = lines.iter().map(u32::to_string).collect();
            let word = if lines.len() == 1 { "line" } else { "lines" };
            format!("{} ({word} {})", rule.describe(), list.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

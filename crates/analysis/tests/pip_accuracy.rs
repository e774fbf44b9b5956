//! Layerlab's pip estimates against real installs measured on this
//! project's machine (`scripts/data/pip-check` writes
//! `tests/data/pip-accuracy.csv`: `pip install --no-cache-dir --target` with
//! CPython 3.11, the apparent bytes of every file). The same requirement line
//! in `FROM python:3.11-slim` + `RUN pip install --no-cache-dir --target
//! /install LINE` must be estimated within ±20%, and the measured bytes must
//! lie inside the estimate's range. `cargo test -p layerlab-analysis --test
//! pip_accuracy -- --nocapture` prints the table BENCHMARKS.md cites.

mod common;

use common::*;
use layerlab_syntax::Keyword;

/// Splits one CSV line (RFC 4180 quotes).
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

struct Check {
    line: String,
    measured: u64,
    pyc: u64,
}

fn checks() -> Vec<Check> {
    let text = include_str!("data/pip-accuracy.csv");
    let mut lines = text.lines();
    let head = fields(lines.next().unwrap());
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    lines
        .map(|l| {
            let f = fields(l);
            Check {
                line: f[col("requirements")].clone(),
                measured: f[col("installed_bytes")].parse().unwrap(),
                pyc: f[col("pyc_bytes")].parse().unwrap(),
            }
        })
        .collect()
}

/// (estimate, low, high) of the RUN layer.
fn estimate(line: &str) -> (u64, u64, u64, bool) {
    // Each requirement quoted, as pip-check passes them (no shell: `<` is
    // not a redirection).
    let quoted: Vec<String> = line.split_whitespace().map(|r| format!("'{r}'")).collect();
    let text = format!(
        "FROM python:3.11-slim\nRUN pip install --no-cache-dir --target /install {}\n",
        quoted.join(" ")
    );
    let a = run(&text, None);
    let l = a.simulation.stages[0]
        .layers
        .iter()
        .find(|l| l.keyword == Keyword::Run)
        .expect("the RUN layer");
    if std::env::var_os("PIP_ACCURACY_NOTES").is_some() {
        println!("{line}: {:?}", l.notes);
    }
    (l.size.value, l.size.low, l.size.high, l.size.complete)
}

#[test]
fn pip_estimates_match_real_installs() {
    let mut errors = Vec::new();
    println!(
        "| requirements (CPython 3.11) | measured | of which .pyc | Layerlab | range | error |"
    );
    println!("| --- | ---: | ---: | ---: | --- | ---: |");
    for c in checks() {
        let (v, lo, hi, complete) = estimate(&c.line);
        let err = (v as f64 - c.measured as f64) / c.measured as f64;
        println!(
            "| `{}` | {} | {} | {} | {}–{} | {:+.1}% |",
            c.line,
            c.measured,
            c.pyc,
            v,
            lo,
            hi,
            err * 100.0
        );
        assert!(complete, "{}: estimate incomplete", c.line);
        assert!(
            err.abs() <= 0.20,
            "{}: {v} vs measured {} ({:+.1}%)",
            c.line,
            c.measured,
            err * 100.0
        );
        assert!(
            lo <= c.measured && c.measured <= hi,
            "{}: measured {} outside {lo}–{hi}",
            c.line,
            c.measured
        );
        errors.push(err.abs());
    }
    errors.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median = errors[errors.len() / 2];
    println!(
        "\n{} checks; median |error| {:.1}%, worst {:.1}%",
        errors.len(),
        median * 100.0,
        errors.last().unwrap() * 100.0
    );
    assert!(errors.len() >= 10);
    assert!(median <= 0.15);
}

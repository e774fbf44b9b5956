//! One edit's analysis: the generated 5,000-line file (the same text as
//! tests/e2e/helpers.ts `bigDockerfile(5000)`, and a variant whose stages do
//! not build on each other) and the seeds, a character
//! typed at the end of the file (as tests/e2e/bench.spec.ts types; also in
//! the middle of the big file, and on seed 05 with the build context the
//! page opens it with), then the time of the whole analysis of each new
//! text, p50/p95, as a full analysis and through one `Analyzer`; with
//! `LAYERLAB_PHASES=1`, the full analysis split into its phases (parse,
//! simulate, rules, rest) and the ten slowest rules, then the rules timed as
//! on an edit in the last stage (instruction- and stage-local rules checking
//! that stage only, as `rules::run_reusing` runs them); with `LAYERLAB_PROFILE=1`,
//! only 300 incremental keystrokes on the 5,000-line file (for `perf record`).
//!
//! Run with `cargo bench -p layerlab-analysis --bench edit`.

#[path = "../tests/common/mod.rs"]
mod common;

use layerlab_analysis::{analyze_with, rules, sim, Analyzer, Config, Options};
use std::time::{Duration, Instant};

/// tests/e2e/helpers.ts `bigDockerfile`.
fn big_dockerfile(lines: usize) -> String {
    stages_file(lines, true)
}

/// `lines` lines of stages of 48 instructions; each stage built on the one
/// before (`chained`, as `bigDockerfile`) or on the same image.
fn stages_file(lines: usize, chained: bool) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut stage = 0;
    while out.len() < lines {
        out.push(if stage == 0 || !chained {
            format!("FROM python:3.12-slim AS s{stage}")
        } else {
            format!("FROM s{} AS s{stage}", stage - 1)
        });
        for i in 0..48 {
            let k = stage * 100 + i;
            out.push(match i % 4 {
                0 => format!("ENV V{k}=value{k}"),
                1 => format!("RUN echo step {k} > /tmp/f{k}"),
                2 => format!("COPY f{k}.txt /app/f{k}.txt"),
                _ => format!("WORKDIR /app/d{k}"),
            });
        }
        out.push(String::new());
        stage += 1;
    }
    out.truncate(lines);
    out.join("\n") + "\n"
}

/// The texts of `n` keystrokes typed at the end of the line holding byte
/// `at` of `base` (a space every tenth).
fn keystrokes_at(base: &str, at: usize, n: usize) -> Vec<String> {
    let at = base[at..].find('\n').map_or(base.len(), |i| at + i);
    let mut t = base.to_string();
    (0..n)
        .map(|i| {
            t.insert(at + i, if i % 10 == 9 { ' ' } else { 'x' });
            t.clone()
        })
        .collect()
}

/// The texts of `n` keystrokes typed at the end of `base` (a newline every tenth).
fn keystrokes(base: &str, n: usize) -> Vec<String> {
    let mut t = base.to_string();
    (0..n)
        .map(|i| {
            t.push(if i % 10 == 9 { '\n' } else { 'x' });
            t.clone()
        })
        .collect()
}

fn pct(xs: &[Duration], p: usize) -> f64 {
    let mut s = xs.to_vec();
    s.sort();
    s[(p * s.len() / 100).min(s.len() - 1)].as_secs_f64() * 1e3
}

fn report(name: &str, times: &[Duration]) {
    println!(
        "{name}: n={} p50 {:.3} ms, p95 {:.3} ms, max {:.3} ms",
        times.len(),
        pct(times, 50),
        pct(times, 95),
        pct(times, 100)
    );
}

fn full(texts: &[String], opts: &Options) -> Vec<Duration> {
    texts
        .iter()
        .map(|t| {
            let t0 = Instant::now();
            std::hint::black_box(analyze_with(t, opts, &Config::default()));
            t0.elapsed()
        })
        .collect()
}

/// The same texts through one [`Analyzer`] (the first analysed before timing).
fn incremental(base: &str, texts: &[String], opts: &Options) -> Vec<Duration> {
    let mut a = Analyzer::default();
    a.analyze(base, opts, &Config::default());
    texts
        .iter()
        .map(|t| {
            let t0 = Instant::now();
            std::hint::black_box(a.analyze(t, opts, &Config::default()));
            t0.elapsed()
        })
        .collect()
}

fn phases(text: &str, opts: &Options) {
    let ctx = layerlab_analysis::BuildContext::unknown();
    let t0 = Instant::now();
    let df = layerlab_syntax::parse(text);
    let t1 = Instant::now();
    let s = sim::simulate(&df, &ctx, &opts.sim);
    let t2 = Instant::now();
    let f = rules::run_all(&df, &s);
    let t3 = Instant::now();
    let total = Instant::now();
    std::hint::black_box(analyze_with(text, opts, &Config::default()));
    let total = total.elapsed();
    println!(
        "  phases: parse {:.2} ms, simulate {:.2} ms, rules {:.2} ms ({} findings), whole analysis {:.2} ms",
        (t1 - t0).as_secs_f64() * 1e3,
        (t2 - t1).as_secs_f64() * 1e3,
        (t3 - t2).as_secs_f64() * 1e3,
        f.len(),
        total.as_secs_f64() * 1e3
    );
    reparse_times(text);
    let (_, top) = rule_times(&df, &s, None, 10);
    println!("  slowest rules (ms, scripts pre-parsed): {top}");
    // As on an edit in the last stage: the instruction- and stage-local
    // rules check the last stage only (`rules::run_reusing`).
    let last = s.stages.len().saturating_sub(1);
    let (total, top) = rule_times(&df, &s, Some(last), 12);
    println!(
        "  rules as on an edit in the last stage: {:.2} ms in all; slowest (ms): {top}",
        total.as_secs_f64() * 1e3
    );
}

/// One keystroke's parse, at the end and in the middle of `text`: a fresh
/// parse against `parse_reusing` of the previous parse (the clone it
/// consumes made before timing, the result dropped after: the `Analyzer`
/// keeps it as the next previous parse), p50 of 40 each.
fn reparse_times(text: &str) {
    let prev = layerlab_syntax::parse(text);
    for (at, texts) in [
        ("end", keystrokes(text, 40)),
        ("middle", keystrokes_at(text, text.len() / 2, 40)),
    ] {
        let (mut fresh, mut reusing) = (Vec::new(), Vec::new());
        for t in &texts {
            let t0 = Instant::now();
            let a = std::hint::black_box(layerlab_syntax::parse(t));
            fresh.push(t0.elapsed());
            let p = prev.clone();
            let t0 = Instant::now();
            let b = std::hint::black_box(layerlab_syntax::parse_reusing(p, t));
            reusing.push(t0.elapsed());
            drop((a, b));
        }
        println!(
            "  one keystroke's parse at the {at}: fresh p50 {:.3} ms, reusing the previous parse p50 {:.3} ms",
            pct(&fresh, 50),
            pct(&reusing, 50)
        );
    }
}

/// Each rule's time on the file (its scripts parsed first); with `from`,
/// the local rules check from that stage on. The total and the `n` slowest.
fn rule_times(
    df: &layerlab_syntax::Dockerfile,
    s: &sim::Simulation,
    from: Option<usize>,
    n: usize,
) -> (Duration, String) {
    let mut per: Vec<(Duration, &str)> = rules::RULES
        .iter()
        .map(|r| {
            let cx = rules::RuleCtx::new(df, s);
            if let Some(stage) = from.filter(|_| r.meta().locality.is_local()) {
                cx.check_from(stage);
            }
            let _ = cx.scripts();
            let mut sink = rules::Sink::new(df, r.meta());
            let t = Instant::now();
            r.check(&cx, &mut sink);
            (t.elapsed(), r.meta().id)
        })
        .collect();
    let total = per.iter().map(|p| p.0).sum();
    per.sort_by(|a, b| b.0.cmp(&a.0));
    let top: Vec<String> = per
        .iter()
        .take(n)
        .map(|(d, id)| format!("{id} {:.2}", d.as_secs_f64() * 1e3))
        .collect();
    (total, top.join(", "))
}

fn main() {
    let opts = common::options(None);
    let show_phases = std::env::var_os("LAYERLAB_PHASES").is_some();
    let big = big_dockerfile(5000);
    let texts = keystrokes(&big, 40);
    if let Some(what) = std::env::var_os("LAYERLAB_PROFILE") {
        // Only the incremental path, long enough for `perf record`: the
        // 5,000-line file, or (`=seed05`) seed 05 with its context.
        if what == "seed05" {
            let dir = common::shared_dir().join("seeds");
            let ctx = common::context_from_dir(&dir.join("context/003"));
            let text = common::read(&dir.join("05_zh_naive_python37.Dockerfile"));
            let opts = common::options(Some(ctx));
            report(
                "profile",
                &incremental(&text, &keystrokes(&text, 3000), &opts),
            );
        } else {
            report("profile", &incremental(&big, &keystrokes(&big, 300), &opts));
        }
        return;
    }
    if show_phases {
        println!("5,000-line file:");
        phases(&big, &opts);
    }
    report(
        "5,000-line file, one keystroke, full analysis",
        &full(&texts, &opts),
    );
    report(
        "5,000-line file, one keystroke, incremental (Analyzer)",
        &incremental(&big, &texts, &opts),
    );
    let middle = keystrokes_at(&big, big.len() / 2, 40);
    report(
        "5,000-line file, one keystroke in the middle (line ~2,500), incremental",
        &incremental(&big, &middle, &opts),
    );
    // The same with stages that do not build on each other: the stages
    // after the edit read none simulated again, so they are moved.
    let apart = stages_file(5000, false);
    let middle = keystrokes_at(&apart, apart.len() / 2, 40);
    report(
        "5,000 lines of independent stages, one keystroke in the middle, full analysis",
        &full(&middle, &opts),
    );
    report(
        "5,000 lines of independent stages, one keystroke in the middle, incremental",
        &incremental(&apart, &middle, &opts),
    );

    let dir = common::shared_dir().join("seeds");
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .collect();
    seeds.sort();
    let (mut all, mut inc) = (Vec::new(), Vec::new());
    for p in &seeds {
        let text = common::read(p);
        let texts = keystrokes(&text, 40);
        all.extend(full(&texts, &opts));
        inc.extend(incremental(&text, &texts, &opts));
    }
    report(
        &format!(
            "seeds ({} files), 40 keystrokes each, full analysis",
            seeds.len()
        ),
        &all,
    );
    report(
        &format!(
            "seeds ({} files), 40 keystrokes each, incremental",
            seeds.len()
        ),
        &inc,
    );
    // Seed 05 as the page's example opens it (tests/e2e/bench.spec.ts): with
    // its build context (web/src/examples.rs CTX_003), 200 keystrokes.
    let ctx = common::context_from_dir(&dir.join("context/003"));
    let with_ctx = common::options(Some(ctx));
    let text = common::read(&dir.join("05_zh_naive_python37.Dockerfile"));
    let texts = keystrokes(&text, 200);
    report(
        "seed 05 with its context, full analysis",
        &full(&texts, &with_ctx),
    );
    report(
        "seed 05 with its context, incremental",
        &incremental(&text, &texts, &with_ctx),
    );
}

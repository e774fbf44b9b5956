//! Parser speed: the whole real-world corpus (`shared/corpus/real-world`, 324
//! files, read into memory first), parsed by layerlab-syntax and by the
//! crates.io parser `parse-dockerfile` 0.1.9 in the same run.
//!
//! Run with `cargo bench -p layerlab-syntax` (the `bench` profile: opt-level 3,
//! thin LTO). Each iteration parses every file once; divan reports the time per
//! whole corpus and the throughput in MB/s (10^6 bytes per second).
//!
//! Why divan rather than criterion: it has a handful of dependencies instead of
//! criterion's ~50 (plotters, rayon, serde, ...), so it builds quickly on the
//! 2-core machines this project has; it reports a byte-throughput column
//! directly (`BytesCount`); and it runs both parsers in one binary and one
//! table, which is what the comparison needs. We don't need criterion's HTML
//! reports or its statistical change detection for a two-row comparison.
//!
//! parse-dockerfile is stricter than BuildKit and rejects some files; a
//! rejected file still counts as attempted (its bytes are in the throughput,
//! the time spent until the error is in the timing). The number it rejects is
//! printed before the table.

#[path = "../tests/common/mod.rs"]
mod common;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use std::sync::LazyLock;

struct Corpus {
    files: Vec<String>,
    bytes: usize,
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let dir = common::shared_dir().join("corpus/real-world");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .collect();
    paths.sort();
    assert_eq!(
        paths.len(),
        324,
        "expected the 324 files of the real-world corpus in {}",
        dir.display()
    );
    let files: Vec<String> = paths.iter().map(|p| common::read_text(p)).collect();
    let bytes = files.iter().map(String::len).sum();
    Corpus { files, bytes }
});

fn main() {
    let c = &*CORPUS;
    let rejected_by_us = c
        .files
        .iter()
        .filter(|f| layerlab_syntax::parse(f).rejected_by_buildkit())
        .count();
    let rejected_by_pd = c
        .files
        .iter()
        .filter(|f| parse_dockerfile::parse(f).is_err())
        .count();
    println!(
        "real-world corpus: {} files, {} bytes ({:.3} MB); rejected: layerlab-syntax {rejected_by_us}, parse-dockerfile {rejected_by_pd} (still timed as attempted)",
        c.files.len(),
        c.bytes,
        c.bytes as f64 / 1e6
    );
    divan::main();
}

/// layerlab-syntax: the full lossless tree, spans, diagnostics and line index.
#[divan::bench(min_time = 5)]
fn layerlab_syntax(b: Bencher) {
    let c = &*CORPUS;
    b.counter(BytesCount::new(c.bytes)).bench(|| {
        for f in &c.files {
            black_box(layerlab_syntax::parse(black_box(f)));
        }
    });
}

/// parse-dockerfile 0.1.9: `parse` (errors count as attempts).
#[divan::bench(min_time = 5)]
fn parse_dockerfile(b: Bencher) {
    let c = &*CORPUS;
    b.counter(BytesCount::new(c.bytes)).bench(|| {
        for f in &c.files {
            let _ = black_box(parse_dockerfile::parse(black_box(f)));
        }
    });
}

//! Simulation speed: the whole real-world corpus (`shared/corpus/real-world`,
//! 324 files, read into memory first), parsed only, and parsed + simulated +
//! reported (`layerlab_analysis::analyze`), in the same run. No other tool
//! simulates builds, so the comparison is with our own parse step, as a ratio.
//!
//! Run with `cargo bench -p layerlab-analysis --bench simulate` (divan; see
//! crates/syntax/benches/parse.rs for why divan).

#[path = "../tests/common/mod.rs"]
mod common;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use std::sync::LazyLock;

static CORPUS: LazyLock<(Vec<String>, usize)> = LazyLock::new(|| {
    let dir = common::shared_dir().join("corpus/real-world");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 324);
    let files: Vec<String> = paths.iter().map(|p| common::read(p)).collect();
    let bytes = files.iter().map(String::len).sum();
    (files, bytes)
});

fn main() {
    let (files, bytes) = &*CORPUS;
    println!("real-world corpus: {} files, {bytes} bytes", files.len());
    divan::main();
}

#[divan::bench(sample_count = 50)]
fn parse_only(b: Bencher) {
    let (files, bytes) = &*CORPUS;
    b.counter(BytesCount::new(*bytes)).bench(|| {
        for f in files {
            black_box(layerlab_syntax::parse(black_box(f)));
        }
    });
}

#[divan::bench(sample_count = 50)]
fn analyze_all(b: Bencher) {
    let (files, bytes) = &*CORPUS;
    let opts = common::options(None);
    b.counter(BytesCount::new(*bytes)).bench(|| {
        for f in files {
            black_box(layerlab_analysis::analyze(black_box(f), &opts));
        }
    });
}

//! The formatter on every Dockerfile of shared/corpus (real-world, edge cases,
//! BuildKit's parser vectors): the formatted file parses to the same BuildKit
//! dump, formatting it again changes nothing, the edits rebuild the text, and
//! files BuildKit rejects are left alone.

mod common;

use layerlab_syntax::fmt::{apply, format, FmtRule, FormatError};
use layerlab_syntax::parse;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn dockerfiles(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            dockerfiles(&p, out);
        } else if name == "Dockerfile" || name.ends_with(".Dockerfile") {
            out.push(p);
        }
    }
}

#[test]
fn corpus_formats_without_changing_the_parse_and_idempotently() {
    let corpus = common::shared_dir().join("corpus");
    let mut files = Vec::new();
    for sub in ["real-world", "edge-cases", "buildkit-parser"] {
        let before = files.len();
        dockerfiles(&corpus.join(sub), &mut files);
        assert!(files.len() > before, "no Dockerfile under corpus/{sub}");
    }
    let mut failures = String::new();
    let (mut changed, mut rejected) = (0, 0);
    let mut by_rule: BTreeMap<&'static str, usize> = BTreeMap::new();
    for path in &files {
        let src = common::read_text(path);
        let df = parse(&src);
        match format(&src) {
            Err(FormatError::Rejected(d)) => {
                rejected += 1;
                if !df.rejected_by_buildkit() {
                    writeln!(
                        failures,
                        "{}: rejected but BuildKit accepts it: {d:?}",
                        path.display()
                    )
                    .unwrap();
                }
            }
            Err(e) => writeln!(failures, "{}: {e:?}", path.display()).unwrap(),
            Ok(f) => {
                let again = parse(&f.text);
                if again.buildkit_dump() != df.buildkit_dump() {
                    writeln!(failures, "{}: dump differs", path.display()).unwrap();
                }
                if apply(&src, &f.edits) != f.text {
                    writeln!(
                        failures,
                        "{}: edits do not rebuild the text",
                        path.display()
                    )
                    .unwrap();
                }
                if src.lines().count() != f.text.lines().count() {
                    writeln!(failures, "{}: line count changed", path.display()).unwrap();
                }
                match format(&f.text) {
                    Ok(g) if g.text == f.text && g.is_unchanged() => {}
                    Ok(g) => writeln!(
                        failures,
                        "{}: not idempotent; second pass: {:?}",
                        path.display(),
                        g.edits
                    )
                    .unwrap(),
                    Err(e) => writeln!(failures, "{}: second pass: {e:?}", path.display()).unwrap(),
                }
                if !f.is_unchanged() {
                    changed += 1;
                }
                for e in &f.edits {
                    *by_rule.entry(e.rule.describe()).or_default() += 1;
                }
            }
        }
    }
    eprintln!(
        "{} files: {changed} reformatted, {rejected} rejected by BuildKit (left alone); edits by rule: {by_rule:?}",
        files.len()
    );
    assert!(failures.is_empty(), "{failures}");
    // Not vacuous: the corpus has unformatted files and files BuildKit rejects.
    assert!(changed > 50, "only {changed} files reformatted");
    assert!(rejected >= 4, "only {rejected} rejected files");
    for rule in [
        FmtRule::KeywordCase,
        FmtRule::KeywordSpace,
        FmtRule::ContinuationIndent,
        FmtRule::ExecForm,
        FmtRule::TrailingWhitespace,
        FmtRule::FinalNewline,
    ] {
        assert!(
            by_rule.contains_key(rule.describe()),
            "no {rule:?} edit in the corpus"
        );
    }
}

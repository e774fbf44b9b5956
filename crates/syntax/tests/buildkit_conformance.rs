//! Conformance with BuildKit's own parser, on BuildKit's test vectors, the
//! real-world corpus and the edge cases (shared/corpus). Every mismatch is
//! listed; the tests require zero.

mod common;

use layerlab_syntax::{parse, Dockerfile, Severity};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;

fn dirs(p: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

#[test]
fn buildkit_testfiles_dump_identically() {
    let root = common::shared_dir().join("corpus/buildkit-parser/testfiles");
    let cases = dirs(&root);
    assert_eq!(cases.len(), 33, "expected BuildKit's 33 positive cases");
    let mut failures = String::new();
    for case in &cases {
        let src = common::read_text(&case.join("Dockerfile"));
        let expected = common::read_text(&case.join("result"));
        let df = parse(&src);
        match df.buildkit_dump() {
            None => writeln!(
                failures,
                "{}: rejected: {:?}",
                case.display(),
                df.diagnostics
            )
            .unwrap(),
            Some(d) if d != expected => writeln!(
                failures,
                "{}:\n--- expected\n{expected}--- got\n{d}",
                case.display()
            )
            .unwrap(),
            Some(_) => {}
        }
        assert_eq!(df.to_source(), src, "{}: not lossless", case.display());
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn buildkit_negative_cases_are_rejected() {
    let root = common::shared_dir().join("corpus/buildkit-parser/testfiles-negative");
    let cases = dirs(&root);
    assert_eq!(cases.len(), 4);
    for case in &cases {
        let src = common::read_text(&case.join("Dockerfile"));
        let df = parse(&src);
        assert!(
            df.rejected_by_buildkit(),
            "{} should be rejected",
            case.display()
        );
        let d = df
            .diagnostics
            .iter()
            .find(|d| d.buildkit_parser_error)
            .unwrap();
        assert_eq!(d.severity, Severity::Error);
        assert!(d.span.end <= src.len());
        assert_eq!(df.to_source(), src);
    }
}

#[test]
fn buildkit_testfile_line_ranges() {
    let src = common::read_text(
        &common::shared_dir().join("corpus/buildkit-parser/testfile-line/Dockerfile"),
    );
    let df = parse(&src);
    let lines: Vec<_> = df
        .instructions()
        .map(|i| (i.start_line, i.end_line))
        .collect();
    assert_eq!(lines, vec![(5, 5), (11, 12), (17, 31)]);
    assert_eq!(df.escape, '\\');
}

/// Compares one file with a line of buildkit-reference.jsonl; returns the differences.
fn compare(df: &Dockerfile, reference: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let ok = reference["ok"].as_bool().unwrap();
    if ok == df.rejected_by_buildkit() {
        diffs.push(format!(
            "ok: expected {ok} ({}), got diagnostics {:?}",
            reference["error"],
            df.diagnostics
                .iter()
                .filter(|d| d.buildkit_parser_error)
                .map(|d| &d.message)
                .collect::<Vec<_>>()
        ));
        return diffs;
    }
    if !ok {
        return diffs;
    }
    if let Some(esc) = reference["escape"].as_str() {
        if esc != df.escape.to_string() {
            diffs.push(format!("escape: expected {esc:?}, got {:?}", df.escape));
        }
    }
    let dump = df.buildkit_dump().unwrap();
    if reference["dump"].as_str() != Some(dump.as_str()) {
        diffs.push(format!(
            "dump differs:\n--- expected\n{}--- got\n{dump}",
            reference["dump"].as_str().unwrap()
        ));
    }
    let want_warnings = reference["warnings"].as_array().map_or(0, |w| w.len());
    let got_warnings = df
        .diagnostics
        .iter()
        .filter(|d| d.code == "empty-continuation-line")
        .count();
    if want_warnings != got_warnings {
        diffs.push(format!(
            "warnings: expected {want_warnings}, got {got_warnings}"
        ));
    }
    let ins: Vec<_> = df.instructions().collect();
    let refs = reference["instructions"].as_array().unwrap();
    if ins.len() != refs.len() {
        diffs.push(format!(
            "instruction count: expected {}, got {}",
            refs.len(),
            ins.len()
        ));
        return diffs;
    }
    for (i, (got, want)) in ins.iter().zip(refs).enumerate() {
        let mut d = Vec::new();
        if want["keyword"].as_str() != Some(got.keyword.text.as_str()) {
            d.push(format!(
                "keyword {} vs {}",
                want["keyword"], got.keyword.text
            ));
        }
        let (ws, we) = (
            want["start_line"].as_u64().unwrap() as u32,
            want["end_line"].as_u64().unwrap() as u32,
        );
        if (ws, we) != (got.start_line, got.end_line) {
            d.push(format!(
                "lines {ws}-{we} vs {}-{}",
                got.start_line, got.end_line
            ));
        }
        let flags: Vec<String> = got.flags.iter().map(|f| f.raw.text.clone()).collect();
        let want_flags: Vec<String> = want["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        if flags != want_flags {
            d.push(format!("flags {want_flags:?} vs {flags:?}"));
        }
        let want_args: Vec<String> = want["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        if got.buildkit_args() != want_args {
            d.push(format!("args {want_args:?} vs {:?}", got.buildkit_args()));
        }
        let want_h = want["heredocs"].as_array().cloned().unwrap_or_default();
        if want_h.len() != got.heredocs.len() {
            d.push(format!(
                "heredocs: expected {}, got {}",
                want_h.len(),
                got.heredocs.len()
            ));
        } else {
            for (h, w) in got.heredocs.iter().zip(&want_h) {
                if w["name"].as_str() != Some(&h.name)
                    || w["expand"].as_bool() != Some(h.expand)
                    || w["chomp"].as_bool() != Some(h.chomp)
                    || w["content"].as_str() != Some(&h.content)
                {
                    d.push(format!("heredoc {w} vs {h:?}"));
                }
            }
        }
        if !d.is_empty() {
            diffs.push(format!("instruction {i}: {}", d.join("; ")));
        }
    }
    diffs
}

fn run_reference(folder: &str, expected_files: usize) {
    let dir = common::shared_dir().join("corpus").join(folder);
    let jsonl = common::read_text(&dir.join("buildkit-reference.jsonl"));
    let mut checked = 0;
    let mut report = String::new();
    let mut failed = 0;
    for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let reference: Value = serde_json::from_str(line).unwrap();
        let file = reference["file"].as_str().unwrap();
        let src = common::read_text(&dir.join(file));
        let df = parse(&src);
        assert_eq!(df.to_source(), src, "{file}: not lossless");
        let diffs = compare(&df, &reference);
        checked += 1;
        if !diffs.is_empty() {
            failed += 1;
            writeln!(report, "== {file}\n{}", diffs.join("\n")).unwrap();
        }
    }
    eprintln!(
        "{folder}: {checked} files, {} identical, {failed} different",
        checked - failed
    );
    assert_eq!(
        checked, expected_files,
        "{folder}: unexpected number of reference lines"
    );
    assert!(
        failed == 0,
        "{failed} of {checked} files differ from BuildKit:\n{report}"
    );
}

#[test]
fn real_world_corpus_matches_buildkit() {
    run_reference("real-world", 324);
}

#[test]
fn edge_cases_match_buildkit() {
    run_reference("edge-cases", 106);
}

//! `compare` on the seeds: 01 against 02 (the multi-stage rewrite saves
//! almost nothing) and 05 against 08 (Debian python:3.7 against a multi-stage
//! Alpine build).

mod common;

use common::*;
use layerlab_analysis::compare::{compare, Basis};
use layerlab_analysis::Analysis;

fn seed(name: &str, ctx: &str) -> Analysis {
    let dir = shared_dir().join("seeds");
    let text = read(&dir.join(format!("{name}.Dockerfile")));
    run(
        &text,
        Some(context_from_dir(&dir.join("context").join(ctx))),
    )
}

#[test]
fn seed_01_vs_02_saves_almost_nothing() {
    let a = seed("01_ru_single_stage", "000");
    let b = seed("02_ru_multistage", "000");
    let c = compare(&a, &b);
    let (ia, ib) = (
        a.report.image.as_ref().unwrap(),
        b.report.image.as_ref().unwrap(),
    );
    // The delta is exactly the difference of the two reports' figures.
    assert_eq!(
        c.image.delta_bytes,
        ib.size_bytes as i64 - ia.size_bytes as i64
    );
    assert_eq!(
        c.image.delta_compressed_bytes,
        ib.compressed_size_bytes as i64 - ia.compressed_size_bytes as i64
    );
    // Under 100 kB either way, with an image of several MB on top of the base.
    assert!(c.image.delta_bytes.abs() < 100_000, "{:?}", c.image);
    assert!(ia.size_bytes > 1_000_000);
    // python:3.12-slim-buster was never published: its size is unknown on
    // both sides. 02 also copies the builder's whole site-packages, which
    // holds the base image's own pip (not measured file by file): a second
    // unknown, only in 02, so the delta is a difference of lower bounds.
    assert_eq!(c.image.basis, Basis::Incomplete, "{:?}", c.image);
    assert!(!ib.size_complete);
    // Same base, same packages: the range is as narrow as the value.
    assert!(
        c.image.delta_high_bytes - c.image.delta_low_bytes < 100_000,
        "{:?}",
        c.image
    );
    // 01's only stage `base` is matched with 02's final stage; 02's builder is new.
    let fin = c.stages.iter().find(|p| p.b == Some(1)).unwrap();
    assert_eq!((fin.a, fin.matched_by.as_ref()), (Some(0), "final"));
    let builder = c.stages.iter().find(|p| p.b == Some(0)).unwrap();
    assert_eq!((builder.a, builder.label.as_str()), (None, "builder"));
    assert!(c.base_changes.is_empty());
    // Findings: the unpublished tag is in both; the multi-stage and the
    // hard-coded python3.12 path are only in 02.
    let rules =
        |v: &[layerlab_analysis::Finding]| v.iter().map(|f| f.rule.clone()).collect::<Vec<_>>();
    assert!(c
        .findings
        .both
        .iter()
        .any(|p| p.a.rule == "base-tag-not-published"));
    let only_b = rules(&c.findings.only_b);
    assert!(
        only_b.contains(&"multistage-saves-nothing".to_string()),
        "{only_b:?}"
    );
    assert!(
        only_b.contains(&"python-version-in-path".to_string()),
        "{only_b:?}"
    );
    assert!(
        c.findings.only_a.is_empty(),
        "{:?}",
        rules(&c.findings.only_a)
    );
}

#[test]
fn seed_05_vs_08_alpine_multistage_is_much_smaller() {
    let a = seed("05_zh_naive_python37", "003");
    let b = seed("08_zh_multistage_install_option", "003");
    let c = compare(&a, &b);
    let (ia, ib) = (
        a.report.image.as_ref().unwrap(),
        b.report.image.as_ref().unwrap(),
    );
    assert_eq!(c.image.basis, Basis::Complete);
    assert_eq!(
        c.image.delta_bytes,
        ib.size_bytes as i64 - ia.size_bytes as i64
    );
    // Hundreds of MB smaller (the article measured 958 MB against 125 MB).
    assert!(c.image.delta_bytes < -500_000_000, "{:?}", c.image);
    assert!(c.image.delta_compressed_bytes < 0);
    // Different bases: the range is the widest (independent estimates).
    assert_eq!(
        c.image.delta_low_bytes,
        ib.size_low_bytes as i64 - ia.size_high_bytes as i64
    );
    assert_eq!(
        c.image.delta_high_bytes,
        ib.size_high_bytes as i64 - ia.size_low_bytes as i64
    );
    // 05's single unnamed stage is the final one: matched with 08's final stage.
    let fin = c.stages.iter().find(|p| p.b == Some(2)).unwrap();
    assert_eq!((fin.a, fin.matched_by.as_ref()), (Some(0), "final"));
    assert_eq!(fin.a_base.as_deref(), Some("python:3.7"));
    assert_eq!(fin.b_base.as_deref(), Some("base"));
    assert_eq!(c.base_changes.len(), 1);
    assert_eq!(
        (c.base_changes[0].a.as_str(), c.base_changes[0].b.as_str()),
        ("python:3.7", "python:3.7-alpine")
    );
    let rules =
        |v: &[layerlab_analysis::Finding]| v.iter().map(|f| f.rule.clone()).collect::<Vec<_>>();
    let only_a = rules(&c.findings.only_a);
    let only_b = rules(&c.findings.only_b);
    assert!(
        only_a.contains(&"pip-no-cache-dir".to_string()),
        "{only_a:?}"
    );
    assert!(
        only_a.contains(&"copy-before-dependencies".to_string()),
        "{only_a:?}"
    );
    assert!(
        only_b.contains(&"pip-install-option".to_string()),
        "{only_b:?}"
    );
    assert!(only_b.contains(&"from-as-casing".to_string()), "{only_b:?}");
    // gunicorn's default bind is the same problem on another line (5 vs 11).
    let g = c
        .findings
        .both
        .iter()
        .find(|p| p.a.rule == "gunicorn-default-bind")
        .expect("gunicorn-default-bind in both");
    assert_eq!((g.a.line, g.b.line), (5, 11));
    // The EOL of python:3.7 vs python:3.7-alpine is worded differently: two
    // different findings, not one.
    let json = serde_json::to_value(&c).unwrap();
    assert!(json["image"]["delta_bytes"].is_i64());
}

//! Suppressions in the file (`# hadolint ignore=`, `# layerlab ignore=`,
//! BuildKit's `# check=` directive) and the project configuration.

use layerlab_analysis::{analyze, analyze_with, Analysis, Config, Options, SimOptions};
use layerlab_syntax::Severity;

fn options() -> Options {
    Options {
        sim: SimOptions {
            today: "2026-11-23".into(),
            ..SimOptions::default()
        },
        context: None,
    }
}

fn run(text: &str) -> Analysis {
    analyze(text, &options())
}

/// (rule, line, severity) of every finding of the rules these tests use.
fn found(a: &Analysis) -> Vec<(&str, u32, Severity)> {
    a.report
        .findings
        .iter()
        .filter(|f| f.rule == "pip-no-cache-dir" || f.rule == "from-as-casing")
        .map(|f| (f.rule.as_str(), f.line, f.severity))
        .collect()
}

const BASE: &str = "FROM python:3.12-slim as base\n";

#[test]
fn without_pragmas_both_rules_fire() {
    let a = run(&format!("{BASE}RUN pip install flask\n"));
    assert_eq!(
        found(&a),
        vec![
            ("from-as-casing", 1, Severity::Info),
            ("pip-no-cache-dir", 2, Severity::Warning)
        ]
    );
    assert_eq!(a.report.suppressed, 0);
}

#[test]
fn hadolint_ignore_applies_to_the_next_instruction_only() {
    let a = run(&format!(
        "{BASE}# hadolint ignore=DL3042\nRUN pip install flask\nRUN pip install django\n"
    ));
    assert_eq!(
        found(&a),
        vec![
            ("from-as-casing", 1, Severity::Info),
            ("pip-no-cache-dir", 4, Severity::Warning)
        ]
    );
    assert_eq!(a.report.suppressed, 1);
}

#[test]
fn hadolint_ignore_takes_several_codes_and_comment_lines_above() {
    let a = run(&format!(
        "{BASE}# hadolint ignore=DL3008, DL3042\n# installs flask\nRUN pip install flask\n"
    ));
    assert_eq!(found(&a), vec![("from-as-casing", 1, Severity::Info)]);
    assert_eq!(a.report.suppressed, 1);
}

#[test]
fn a_blank_line_detaches_the_ignore_comment() {
    let a = run(&format!(
        "{BASE}# hadolint ignore=DL3042\n\nRUN pip install flask\n"
    ));
    assert_eq!(found(&a).len(), 2);
    assert_eq!(a.report.suppressed, 0);
}

#[test]
fn ignore_covers_every_line_of_the_instruction() {
    let a = run(&format!("{BASE}# layerlab ignore=pip-no-cache-dir\nRUN apt-get update && \\\n    pip install flask\n"));
    assert_eq!(found(&a), vec![("from-as-casing", 1, Severity::Info)]);
}

#[test]
fn global_ignores_apply_anywhere() {
    let a = run(&format!(
        "{BASE}RUN pip install flask\nRUN pip install django\n# hadolint global ignore=DL3042\n"
    ));
    assert_eq!(found(&a), vec![("from-as-casing", 1, Severity::Info)]);
    assert_eq!(a.report.suppressed, 2);
    let a = run(&format!(
        "{BASE}# layerlab global ignore=from-as-casing,pip-no-cache-dir\nRUN pip install flask\n"
    ));
    assert_eq!(found(&a), vec![]);
    assert_eq!(a.report.suppressed, 2);
}

#[test]
fn layerlab_ignore_by_id_and_by_buildkit_name() {
    let a = run(&format!("# layerlab ignore=FromAsCasing\n{BASE}# layerlab ignore=pip-no-cache-dir\nRUN pip install flask\n"));
    assert_eq!(found(&a), vec![]);
    assert_eq!(a.report.suppressed, 2);
}

#[test]
fn other_comments_suppress_nothing() {
    let a = run(&format!(
        "{BASE}# hadolint shell=bash\n# ignore=DL3042\nRUN pip install flask\n"
    ));
    assert_eq!(found(&a).len(), 2);
}

#[test]
fn buildkit_check_skip() {
    let a = run(&format!(
        "# check=skip=FromAsCasing,StageNameCasing\n{BASE}RUN pip install flask\n"
    ));
    assert_eq!(found(&a), vec![("pip-no-cache-dir", 3, Severity::Warning)]);
    assert_eq!(a.report.suppressed, 1);
}

#[test]
fn buildkit_check_skip_all_skips_only_buildkit_checks() {
    let a = run(&format!("# check=skip=all\n{BASE}RUN pip install flask\n"));
    assert_eq!(found(&a), vec![("pip-no-cache-dir", 3, Severity::Warning)]);
}

#[test]
fn buildkit_check_error_true_makes_buildkit_checks_errors() {
    let a = run(&format!(
        "# check=error=true\n{BASE}RUN pip install flask\n"
    ));
    assert_eq!(
        found(&a),
        vec![
            ("from-as-casing", 2, Severity::Error),
            ("pip-no-cache-dir", 3, Severity::Warning)
        ]
    );
    assert!(a.report.has_errors());
    let a = run(&format!(
        "# check=skip=FromAsCasing;error=true\n{BASE}RUN pip install flask\n"
    ));
    assert_eq!(found(&a), vec![("pip-no-cache-dir", 3, Severity::Warning)]);
    assert!(!found(&a).iter().any(|f| f.2 == Severity::Error));
}

#[test]
fn config_ignores_by_id_and_hadolint_code_and_overrides_severity() {
    let text = format!("# check=error=true\n{BASE}RUN pip install flask\n");
    let config = Config {
        ignore: vec!["DL3042".into()],
        ..Config::default()
    };
    let a = analyze_with(&text, &options(), &config);
    assert_eq!(found(&a), vec![("from-as-casing", 2, Severity::Error)]);
    assert_eq!(a.report.suppressed, 1);

    // The configured severity wins over `error=true`; codes work as keys.
    let config = Config {
        severity: vec![
            ("from-as-casing".into(), Severity::Warning),
            ("DL3042".into(), Severity::Error),
        ],
        ..Config::default()
    };
    let a = analyze_with(&text, &options(), &config);
    assert_eq!(
        found(&a),
        vec![
            ("from-as-casing", 2, Severity::Warning),
            ("pip-no-cache-dir", 3, Severity::Error)
        ]
    );
}

#[test]
fn the_report_serialises_the_suppressed_count() {
    let a = run(&format!(
        "{BASE}# hadolint ignore=DL3042\nRUN pip install flask\n"
    ));
    let v = serde_json::to_value(&a.report).unwrap();
    assert_eq!(v["suppressed"], 1);
}

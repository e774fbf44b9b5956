//! Every rule has a file that triggers it and one that does not:
//! `tests/fixtures/rules/<id>/bad.Dockerfile` and `good.Dockerfile`, with an
//! optional `context/` folder used as the build context for both. Where the
//! rule's documentation says it all, a file is not there and its docs stand
//! in: the `## Example` block for `bad`, the `## Use instead` block for
//! `good` (tests/rule_examples.rs checks every block). The findings of `bad`
//! are snapshots; its fixes, applied, must parse and must not trigger the
//! same finding at the same place again.

mod common;

use common::*;
use layerlab_analysis::rules::RULES;
use std::fmt::Write as _;
use std::path::Path;

fn fixture_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

/// A fixture's text, else the rule's only block of that docs section.
fn fixture_or_doc(id: &str, file: &str, section: &str) -> Option<String> {
    let path = fixture_dir().join(id).join(file);
    if path.is_file() {
        return Some(read(&path));
    }
    match doc_blocks(id, section).as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

#[test]
fn every_rule_has_fixtures_that_trigger_it_and_not() {
    let mut missing = Vec::new();
    let mut failures = String::new();
    for rule in RULES {
        let id = rule.meta().id;
        let bad = fixture_or_doc(id, "bad.Dockerfile", "Example");
        let good = fixture_or_doc(id, "good.Dockerfile", "Use instead");
        let (Some(bad_text), Some(good_text)) = (bad, good) else {
            missing.push(id);
            continue;
        };
        let ctx = fixture_dir().join(id).join("context");
        let ctx = ctx.is_dir().then(|| context_from_dir(&ctx));
        let a = run(&bad_text, ctx.clone());
        let hits: Vec<_> = a.report.findings.iter().filter(|f| f.rule == id).collect();
        if hits.is_empty() {
            writeln!(failures, "{id}: bad.Dockerfile does not trigger it").unwrap();
        }
        let g = run(&good_text, ctx.clone());
        if let Some(f) = g.report.findings.iter().find(|f| f.rule == id) {
            writeln!(
                failures,
                "{id}: good.Dockerfile triggers it: {}:{} {}",
                f.line, f.column, f.message
            )
            .unwrap();
        }
        let mut snap = String::new();
        for f in &hits {
            writeln!(
                snap,
                "{}:{}-{}:{} {:?} {}",
                f.line, f.column, f.end_line, f.end_column, f.severity, f.message
            )
            .unwrap();
            if !f.help.is_empty() {
                writeln!(snap, "  help: {}", f.help).unwrap();
            }
            if let Some(c) = &f.cost {
                writeln!(snap, "  cost: {}", c.describe()).unwrap();
            }
            if let Some(fix) = &f.fix {
                writeln!(snap, "  fix: {}", fix.title).unwrap();
                let fixed = fix.apply(&bad_text);
                let after = run(&fixed, ctx.clone());
                if after.dockerfile.rejected_by_buildkit() {
                    writeln!(
                        failures,
                        "{id}: the fix `{}` makes the file unparsable",
                        fix.title
                    )
                    .unwrap();
                }
                if after
                    .report
                    .findings
                    .iter()
                    .any(|g| g.rule == id && g.line == f.line && g.message == f.message)
                {
                    writeln!(
                        failures,
                        "{id}: the fix `{}` does not remove the finding",
                        fix.title
                    )
                    .unwrap();
                }
                for line in fixed.lines().filter(|l| !bad_text.lines().any(|b| b == *l)) {
                    writeln!(snap, "    + {line}").unwrap();
                }
            }
        }
        insta::assert_snapshot!(format!("rule-{id}"), snap);
    }
    assert!(missing.is_empty(), "rules without fixtures: {missing:?}");
    assert!(failures.is_empty(), "{failures}");
}

/// The weak advice (no .dockerignore) and the warning (.git, a virtualenv or
/// node_modules copied) never report the same COPY.
#[test]
fn dockerignore_rules_do_not_double_report() {
    let dir = fixture_dir().join("copy-git-or-venv-without-dockerignore");
    let ctx = context_from_dir(&dir.join("context"));
    let a = run(&read(&dir.join("bad.Dockerfile")), Some(ctx));
    let rules: Vec<&str> = a.report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(
        rules.contains(&"copy-git-or-venv-without-dockerignore"),
        "{rules:?}"
    );
    assert!(
        !rules.contains(&"copy-context-without-dockerignore"),
        "{rules:?}"
    );
}

/// A launcher left in the builder that CMD runs is cmd-not-found's error;
/// the harmless-leftover advice then stays silent.
#[test]
fn console_scripts_rule_defers_to_cmd_not_found() {
    let dir = fixture_dir().join("console-scripts-left-behind");
    let ctx = context_from_dir(&dir.join("context"));
    let bad = read(&dir.join("bad.Dockerfile"));
    let used = bad.replace(
        r#"CMD ["python", "app.py"]"#,
        r#"CMD ["flask", "run", "--host=0.0.0.0"]"#,
    );
    assert_ne!(used, bad);
    let a = run(&used, Some(ctx));
    let rules: Vec<&str> = a.report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(rules.contains(&"cmd-not-found"), "{rules:?}");
    assert!(!rules.contains(&"console-scripts-left-behind"), "{rules:?}");
}

/// A builder's pip cache that a COPY --from carries into the final image is
/// the warning (with the COPY's line), not the builder-only advice.
#[test]
fn pip_cache_copied_from_a_builder_is_the_warning() {
    let dir = fixture_dir().join("pip-cache-in-builder");
    let ctx = context_from_dir(&dir.join("context"));
    let bad = read(&dir.join("bad.Dockerfile"));
    let whole = bad.replace(
        "COPY --from=builder /root/.local /root/.local",
        "COPY --from=builder /root /root",
    );
    assert_ne!(whole, bad);
    let a = run(&whole, Some(ctx));
    let rules: Vec<(&str, u32)> = a
        .report
        .findings
        .iter()
        .map(|f| (f.rule.as_str(), f.line))
        .collect();
    assert!(
        !rules.iter().any(|r| r.0 == "pip-cache-in-builder"),
        "{rules:?}"
    );
    let f = a
        .report
        .findings
        .iter()
        .find(|f| f.rule == "pip-no-cache-dir")
        .unwrap_or_else(|| panic!("{rules:?}"));
    assert_eq!(f.line, 3);
    assert!(f.message.contains("the COPY on line 6"), "{}", f.message);
}

//! Every rule's documentation shows what it finds: each `## Example` block
//! triggers the rule, each `## Use instead` block does not. Blocks are
//! analysed with the tests' default options and no build context, except for
//! the rules in `NEEDS_CONTEXT`, whose blocks are analysed with the build
//! context of their fixture (`tests/fixtures/rules/<id>/context/`).

mod common;

use common::*;
use layerlab_analysis::rules::RULES;
use std::fmt::Write as _;

/// Rules whose examples show the finding only with the files of a build
/// context, with the reason.
const NEEDS_CONTEXT: &[(&str, &str)] = &[
    // Launchers are known from the requirements the builder installs.
    (
        "console-scripts-left-behind",
        "requirements.txt names the distributions",
    ),
    // Without a context, any COPY source may exist.
    (
        "copy-context-without-dockerignore",
        "a context without .dockerignore",
    ),
    (
        "copy-git-or-venv-without-dockerignore",
        "a context with a venv and node_modules",
    ),
    ("copy-source-missing", "a context without the copied file"),
    // FLASK_ENV is deprecated from Flask 2.3: the version comes from requirements.txt.
    ("flask-env-deprecated", "requirements.txt pins Flask 2.3"),
    // What the builder saves is weighed with the requirements' sizes.
    (
        "multistage-saves-nothing",
        "requirements.txt names the distributions",
    ),
];

fn fires(id: &str, text: &str) -> bool {
    let ctx = NEEDS_CONTEXT.iter().any(|(r, _)| *r == id).then(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
        context_from_dir(&dir.join(id).join("context"))
    });
    run(text, ctx).report.findings.iter().any(|f| f.rule == id)
}

#[test]
fn examples_trigger_their_rule_and_alternatives_do_not() {
    let mut failures = String::new();
    for rule in RULES {
        let id = rule.meta().id;
        let examples = doc_blocks(id, "Example");
        if examples.is_empty() {
            writeln!(failures, "{id}: no ```dockerfile block under ## Example").unwrap();
        }
        for (i, text) in examples.iter().enumerate() {
            if !fires(id, text) {
                writeln!(
                    failures,
                    "{id}: Example block {} does not trigger it",
                    i + 1
                )
                .unwrap();
            }
        }
        for (i, text) in doc_blocks(id, "Use instead").iter().enumerate() {
            if fires(id, text) {
                writeln!(failures, "{id}: Use instead block {} triggers it", i + 1).unwrap();
            }
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

/// The exceptions are rules that exist, and their contexts are there.
#[test]
fn exceptions_are_rules_with_a_context() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    for (id, _) in NEEDS_CONTEXT {
        assert!(RULES.iter().any(|r| r.meta().id == *id), "{id}");
        assert!(dir.join(id).join("context").is_dir(), "{id}");
    }
}

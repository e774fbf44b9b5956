//! The RUN models that read the build context: go.mod names `go build`'s
//! binary; package.json says what npm installs; a missing lock file makes
//! `npm ci` fail.

mod common;

use common::*;
use layerlab_analysis::BuildContext;

#[test]
fn go_build_without_o_is_named_after_the_module() {
    let mut ctx = BuildContext::new();
    ctx.add_text("go.mod", "module github.com/acme/hello/v2\n\ngo 1.22\n");
    ctx.add_text("main.go", "package main\nfunc main() {}\n");
    let a = run(
        "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build\nRUN go install ./cmd/tool\nFROM scratch\nCOPY --from=build /src/hello /hello\n",
        Some(ctx),
    );
    let build = &a.simulation.stages[0];
    assert!(
        build.fs.exists("/src/hello"),
        "binary named after the module, without /v2"
    );
    assert!(build.fs.exists("/go/bin/tool"));
    assert!(a.simulation.stages[1].fs.exists("/hello"));
    assert!(
        !a.report
            .findings
            .iter()
            .any(|f| f.rule == "copy-from-missing-path"),
        "{:?}",
        a.report.findings
    );
}

#[test]
fn npm_reads_package_json_and_needs_a_lock_for_ci() {
    let mut ctx = BuildContext::new();
    ctx.add_text(
        "package.json",
        r#"{"dependencies":{"express":"4","pg":"8"},"devDependencies":{"jest":"29"}}"#,
    );
    let a = run(
        "FROM node:24-slim\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\n",
        Some(ctx.clone()),
    );
    let notes = a
        .report
        .layers
        .iter()
        .find(|l| l.line == 4)
        .unwrap()
        .notes
        .join("\n");
    assert!(
        notes.contains("2 dependencies and 1 dev dependencies"),
        "{notes}"
    );
    assert!(notes.contains("npm ci needs package-lock.json"), "{notes}");
    ctx.add_text("package-lock.json", "{}");
    let a = run(
        "FROM node:24-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\n",
        Some(ctx),
    );
    let notes = a
        .report
        .layers
        .iter()
        .find(|l| l.line == 4)
        .unwrap()
        .notes
        .join("\n");
    assert!(
        notes.contains("2 dependencies from package.json (dev dependencies omitted)"),
        "{notes}"
    );
    assert!(!notes.contains("needs package-lock.json"), "{notes}");
    assert!(a.simulation.stages[0].fs.exists("/app/node_modules"));
}

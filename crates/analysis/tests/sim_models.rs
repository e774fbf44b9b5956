//! The RUN models that read the build context: go.mod names `go build`'s
//! binary; package.json says what npm installs; a missing lock file makes
//! `npm ci` fail. And RUN scripts read by the shell that runs them: brace
//! expansion under bash only.

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
        notes.contains("2 dependencies from package.json (1 dev dependencies omitted)"),
        "{notes}"
    );
    assert!(!notes.contains("needs package-lock.json"), "{notes}");
    assert!(a.simulation.stages[0].fs.exists("/app/node_modules"));
}

/// The layer of `line`.
fn layer(a: &layerlab_analysis::Analysis, line: u32) -> &layerlab_analysis::LayerReport {
    a.report.layers.iter().find(|l| l.line == line).unwrap()
}

#[test]
fn npm_sizes_come_from_the_measured_table() {
    // node:*-alpine with `npm ci` of a package.json and its lock: a complete size.
    let mut ctx = BuildContext::new();
    ctx.add_text(
        "package.json",
        r#"{"dependencies":{"express":"^4.17.1"},"devDependencies":{"typescript":"~4.4.3"}}"#,
    );
    ctx.add_text(
        "package-lock.json",
        r#"{"lockfileVersion": 3, "packages": {}}"#,
    );
    let df = "FROM node:24-alpine
WORKDIR /app
COPY package*.json ./
RUN npm ci && npm cache clean --force
";
    let a = run(df, Some(ctx.clone()));
    let express = layerlab_catalog::npm_package("express", Some("^4.17.1")).unwrap();
    let ts = layerlab_catalog::npm_package("typescript", Some("~4.4.3")).unwrap();
    let (e, t) = (
        express.package.installed_bytes.unwrap(),
        ts.package.installed_bytes.unwrap(),
    );
    let l = layer(&a, 4);
    assert!(l.size_complete, "{:?}", l.notes);
    // express's tree and typescript's, which share nothing; the cache is cleaned.
    assert!(
        l.size_bytes.abs_diff(e + t) * 100 < e + t,
        "{}",
        l.size_bytes
    );
    assert!(l.size_low_bytes < l.size_bytes && l.size_bytes < l.size_high_bytes);
    // Without the dev dependencies (NODE_ENV=production, --omit=dev).
    for df in [
        "FROM node:24-alpine\nENV NODE_ENV=production\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci && npm cache clean --force\n",
        "FROM node:24-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev && npm cache clean --force\n",
        "FROM node:24-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN NODE_ENV=production npm ci && npm cache clean --force\n",
    ] {
        let a = run(df, Some(ctx.clone()));
        let l = a.report.layers.last().unwrap();
        assert!(l.size_complete, "{df}");
        assert!(l.size_bytes.abs_diff(e) * 100 < e, "{df}: {}", l.size_bytes);
    }
    // The cache stays when it is not cleaned: the layer grows by the tarballs.
    let a = run(
        "FROM node:24-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\n",
        Some(ctx.clone()),
    );
    assert!(layer(&a, 4).size_bytes > e + e / 10);
    // A dependency the table does not have: at least the rest, never 0.
    ctx.add_text(
        "package.json",
        r#"{"dependencies":{"express":"^4.17.1","no-such-package-layerlab":"1"}}"#,
    );
    let a = run(df, Some(ctx));
    let l = layer(&a, 4);
    assert!(!l.size_complete);
    assert!(l.size_bytes >= e * 9 / 10, "{}", l.size_bytes);
    assert!(l.notes.join("\n").contains("no-such-package-layerlab"));
    // Named on the command line, globally, with its `bin` links.
    let a = run(
        "FROM node:24-alpine\nRUN npm install -g typescript@~4.4.3 && npm cache clean --force\n",
        None,
    );
    let l = layer(&a, 2);
    assert!(l.size_complete, "{:?}", l.notes);
    assert!(l.size_bytes.abs_diff(t) * 100 < t);
    assert!(a.simulation.stages[0].fs.exists("/usr/local/bin/tsc"));
    // Without the package.json's contents: unknown.
    let a = run(
        "FROM node:24-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n",
        None,
    );
    assert!(!layer(&a, 4).size_complete);
}

/// `mkdir -p /app/{logs,tmp}` makes two directories under bash and one
/// named `{logs,tmp}` under dash and BusyBox ash (docs/shell-dialects.md).
#[test]
fn brace_expansion_follows_the_shell() {
    let cases = [
        ("FROM python:3.12-slim\n", false),
        ("FROM alpine:3.20\n", false),
        (
            "FROM python:3.12-slim\nSHELL [\"/bin/bash\", \"-c\"]\n",
            true,
        ),
        ("FROM eclipse-temurin:21-ubi9-minimal\n", true),
        (
            "FROM python:3.12-slim AS base\nSHELL [\"/bin/bash\", \"-c\"]\nFROM base\n",
            true,
        ),
    ];
    for (head, expands) in cases {
        let text = format!(
            "{head}RUN mkdir -p /app/{{logs,tmp}} '/q/{{a,b}}' && touch /app/f{{1..3}}.txt\n"
        );
        let a = run(&text, None);
        let fs = &a.simulation.stages.last().unwrap().fs;
        assert_eq!(fs.exists("/app/logs"), expands, "{text}");
        assert_eq!(fs.exists("/app/tmp"), expands, "{text}");
        assert_eq!(fs.exists("/app/f2.txt"), expands, "{text}");
        assert_eq!(fs.exists("/app/{logs,tmp}"), !expands, "{text}");
        assert_eq!(fs.exists("/app/f{1..3}.txt"), !expands, "{text}");
        // Quoted braces stay in every shell.
        assert!(fs.exists("/q/{a,b}"), "{text}");
    }
    // `bash -c` in a dash image, and a heredoc run by bash.
    let a = run(
        "FROM debian:bookworm-slim\nRUN bash -c 'mkdir -p /x/{a,b}' && mkdir -p /y/{a,b}\nRUN <<EOF\n#!/bin/bash\nmkdir -p /z/{a,b}\nEOF\n",
        None,
    );
    let fs = &a.simulation.stages[0].fs;
    assert!(fs.exists("/x/a") && fs.exists("/x/b"));
    assert!(fs.exists("/y/{a,b}") && !fs.exists("/y/a"));
    assert!(fs.exists("/z/a") && fs.exists("/z/b"));
}

/// pip-on-musl names the packages whose measured release has only glibc
/// wheels (pip-packages.csv's `musllinux` column).
#[test]
fn pip_on_musl_names_packages_without_musl_wheels() {
    let a = run(
        "FROM python:3.12-alpine\nRUN pip install --no-cache-dir pymongo flask\n",
        None,
    );
    let f = a
        .report
        .findings
        .iter()
        .find(|f| f.rule == "pip-on-musl")
        .expect("pip-on-musl");
    assert!(
        f.message.contains("pymongo publish no musllinux wheel"),
        "{}",
        f.message
    );
    assert!(!f.message.contains("flask"), "{}", f.message);
}

#[test]
fn npm_prune_under_node_env_production_on_its_line_removes_the_dev_dependencies() {
    // `NODE_ENV=production npm prune` prunes as `npm prune --omit=dev` does.
    let mut ctx = BuildContext::new();
    ctx.add_text(
        "package.json",
        r#"{"dependencies":{"express":"^4.17.1"},"devDependencies":{"typescript":"~4.4.3"},"scripts":{"start":"node server.js"}}"#,
    );
    ctx.add_text(
        "package-lock.json",
        r#"{"lockfileVersion": 3, "packages": {}}"#,
    );
    ctx.add_text("server.js", "");
    let rule = "node-dev-dependencies-shipped";
    let shipped = |prune: &str| {
        let df = format!(
            "FROM node:24-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build{prune}\nCMD [\"node\", \"server.js\"]\n"
        );
        let a = run(&df, Some(ctx.clone()));
        a.report.findings.iter().any(|f| f.rule == rule)
    };
    assert!(shipped(""), "without a prune the dev dependencies ship");
    assert!(!shipped(" && npm prune --omit=dev"));
    assert!(!shipped(" && NODE_ENV=production npm prune"));
    // A prune in a later RUN hides the files; the install's layer keeps them.
    let df = "FROM node:24-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nRUN npm prune --omit=dev\nCMD [\"node\", \"server.js\"]\n";
    let a = run(df, Some(ctx.clone()));
    let f = a
        .report
        .findings
        .iter()
        .find(|f| f.rule == rule)
        .expect("the bytes stay in line 4's layer");
    assert_eq!(f.line, 4);
    assert!(f.message.contains("line 5"), "{}", f.message);
}

//! What a given build context decides, and what it leaves open: a missing
//! COPY source that a `.gitignore` lists (a host build makes it), the page's
//! partial contexts, copies into a builder only, cache mounts.

mod common;

use common::run;
use layerlab_analysis::BuildContext;
use layerlab_syntax::Severity;

fn findings(text: &str, ctx: BuildContext) -> Vec<(String, Severity, u32, String)> {
    run(text, Some(ctx))
        .report
        .findings
        .iter()
        .map(|f| (f.rule.clone(), f.severity, f.line, f.message.clone()))
        .collect()
}

const SPRING: &str = "FROM eclipse-temurin:21-jre\nCOPY target/dependency/BOOT-INF/lib /app/lib\nCOPY pnpm-lock.yaml /app/\n";

#[test]
fn a_missing_source_that_gitignore_lists_is_a_note_others_an_error() {
    let mut ctx = BuildContext::new();
    ctx.add_text(".gitignore", "target/\n*.log\n");
    ctx.add_text("pom.xml", "<project/>");
    let f = findings(SPRING, ctx);
    let missing: Vec<_> = f.iter().filter(|x| x.0 == "copy-source-missing").collect();
    assert_eq!(missing.len(), 2, "{f:?}");
    assert_eq!((missing[0].1, missing[0].2), (Severity::Info, 2), "{f:?}");
    assert!(missing[0].3.contains(".gitignore"), "{}", missing[0].3);
    assert_eq!((missing[1].1, missing[1].2), (Severity::Error, 3), "{f:?}");
}

#[test]
fn the_gitignore_counts_even_when_dockerignore_leaves_it_out() {
    let mut ctx = BuildContext::new();
    ctx.add_text(".gitignore", "target/\n");
    ctx.add_text(".dockerignore", ".git*\n");
    let f = findings(SPRING, ctx);
    let first = f
        .iter()
        .find(|x| x.0 == "copy-source-missing" && x.2 == 2)
        .expect("line 2");
    assert_eq!(first.1, Severity::Info);
}

#[test]
fn in_a_partial_context_a_file_not_added_may_exist() {
    // The page: the person added requirements.txt only.
    let mut ctx = BuildContext::partial();
    ctx.add_text("requirements.txt", "flask==3.0.3\n");
    let text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app.py .\nCMD [\"python\", \"app.py\"]\n";
    let f = findings(text, ctx);
    assert!(
        !f.iter()
            .any(|x| x.0 == "copy-source-missing" || x.0 == "cmd-not-found"),
        "{f:?}"
    );
    // The same files as a whole context (the CLI's --context): app.py is missing.
    let mut whole = BuildContext::new();
    whole.add_text("requirements.txt", "flask==3.0.3\n");
    let f = findings(text, whole);
    assert!(
        f.iter()
            .any(|x| x.0 == "copy-source-missing" && x.1 == Severity::Error && x.2 == 5),
        "{f:?}"
    );
}

#[test]
fn seed_04_with_its_requirements_names_the_packages_and_assumes_nothing() {
    let text =
        common::read(&common::shared_dir().join("seeds/04_ru_user_local_multistage.Dockerfile"));
    let mut ctx = BuildContext::partial();
    ctx.add_text("requirements.txt", "Flask>=1.1,<1.2\n");
    let a = run(&text, Some(ctx));
    let f = a
        .report
        .findings
        .iter()
        .find(|f| f.rule == "python-packages-left-behind" && f.line == 18)
        .expect("line 18");
    assert!(f.assumption.is_none(), "{:?}", f.assumption);
    assert!(f.message.contains("flask"), "{}", f.message);
}

#[test]
fn git_copied_into_a_builder_only_is_a_note() {
    let mut ctx = BuildContext::new();
    ctx.add_sized(".git/objects/pack/big.pack", 40_000_000);
    ctx.add_text("main.go", "package main\n");
    ctx.add_text("go.mod", "module example.com/app\n");
    let builder_only = "FROM golang:1.25 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n";
    let f = findings(builder_only, ctx.clone());
    let git = f
        .iter()
        .find(|x| x.0 == "copy-git-or-venv-without-dockerignore")
        .expect("reported");
    assert_eq!(git.1, Severity::Info, "{f:?}");
    // Copied on into the image: a warning.
    let carried = "FROM python:3.12-slim AS build\nWORKDIR /src\nCOPY . .\nFROM python:3.12-slim\nCOPY --from=build /src /src\nCMD [\"python\", \"/src/main.go\"]\n";
    let f = findings(carried, ctx);
    let git = f
        .iter()
        .find(|x| x.0 == "copy-git-or-venv-without-dockerignore")
        .expect("reported");
    assert_eq!(git.1, Severity::Warning, "{f:?}");
}

#[test]
fn what_a_cache_mount_holds_is_not_in_the_layer() {
    let mut ctx = BuildContext::new();
    ctx.add_text("requirements.txt", "flask==3.0.3\n");
    let text = "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n";
    let f = findings(text, ctx.clone());
    assert!(!f.iter().any(|x| x.0 == "pip-no-cache-dir"), "{f:?}");
    let without =
        "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n";
    let f = findings(without, ctx);
    assert!(f.iter().any(|x| x.0 == "pip-no-cache-dir"), "{f:?}");
}

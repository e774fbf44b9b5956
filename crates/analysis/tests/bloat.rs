//! What bloats an image, with its bytes: build tools left in the final
//! image (`build-tools-in-image`), a golang or rust image shipping one
//! binary (`toolchain-image-ships-binary`), Cargo's target directory copied
//! whole (`cargo-target-dir-copied`), wheels left after `pip install`
//! (`wheels-left-after-install`) and the same sources copied twice
//! (`copied-twice`): trigger and no-trigger cases.

mod common;

use layerlab_analysis::rules::Cost;
use layerlab_analysis::Finding;

fn found(rule: &str, text: &str) -> Vec<Finding> {
    common::run(text, None)
        .report
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

fn lines(rule: &str, text: &str) -> Vec<u32> {
    found(rule, text).iter().map(|f| f.line).collect()
}

fn bytes(f: &Finding) -> Option<(u64, u64, u64)> {
    match f.cost {
        Some(Cost::Bytes { bytes, low, high }) => Some((bytes, low, high)),
        _ => None,
    }
}

const APP: &str = "CMD [\"gunicorn\", \"app:app\"]\n";

#[test]
fn toolchain_left_in_an_application_image_with_its_bytes() {
    let text = format!("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && pip install psycopg2\n{APP}");
    let f = found("build-tools-in-image", &text);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].line, 2);
    assert!(
        f[0].message.starts_with("gcc, libpq-dev stay in the image"),
        "{}",
        f[0].message
    );
    // python:3.12-slim is on trixie: gcc and libpq-dev with their
    // dependencies, installed together onto minimal Debian (the catalogue's
    // apt plan), ±10% (dpkg's Installed-Size).
    let release = layerlab_catalog::DebianRelease::Trixie;
    let plan = layerlab_catalog::apt_plan(
        &["gcc", "libpq-dev"],
        release,
        release.baseline().iter().copied(),
        false,
    );
    let want = plan.installed_bytes();
    let (v, lo, hi) = bytes(&f[0]).expect("bytes");
    assert_eq!((v, lo, hi), (want, want * 9 / 10, want * 11 / 10));
    // The underline is on the first tool's word.
    assert_eq!(f[0].column, 66);
}

#[test]
fn removed_in_the_same_run_is_fine_in_a_later_run_is_not() {
    let same = format!("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y build-essential && make && apt-get purge -y --auto-remove build-essential\n{APP}");
    assert!(lines("build-tools-in-image", &same).is_empty());
    let autoremove = format!("FROM debian:bookworm-slim\nRUN apt-get install -y gcc && make && apt-get remove -y gcc && apt-get autoremove -y\n{APP}");
    assert!(lines("build-tools-in-image", &autoremove).is_empty());
    let later = format!("FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends gcc\nRUN make\nRUN apt-get purge -y --auto-remove gcc\n{APP}");
    let f = found("build-tools-in-image", &later);
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message.contains("removed by line 4, a later layer"),
        "{}",
        f[0].message
    );
    assert!(bytes(&f[0]).is_some());
}

#[test]
fn purge_without_auto_remove_leaves_the_dependencies() {
    let text = format!("FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends build-essential && make && apt-get purge -y build-essential\n{APP}");
    let f = found("build-tools-in-image", &text);
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].message.contains("not the packages it pulled in"),
        "{}",
        f[0].message
    );
    // build-essential with its dependencies less itself (the apt plan).
    let release = layerlab_catalog::DebianRelease::Bookworm;
    let plan = layerlab_catalog::apt_plan(
        &["build-essential"],
        release,
        release.baseline().iter().copied(),
        false,
    );
    let own = layerlab_catalog::apt_package("build-essential", release)
        .and_then(|p| p.installed_bytes())
        .unwrap();
    let (v, _, _) = bytes(&f[0]).unwrap();
    assert_eq!(v, plan.installed_bytes() - own);
}

#[test]
fn official_images_apt_mark_pattern_and_apk_virtual_groups() {
    let mark = format!("FROM debian:bookworm-slim\nRUN savedAptMark=\"$(apt-mark showmanual)\"; apt-get install -y gcc libssl-dev; make; apt-mark showmanual | xargs apt-mark auto > /dev/null; apt-mark manual $savedAptMark; apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false\n{APP}");
    assert!(lines("build-tools-in-image", &mark).is_empty());
    let apk = format!("FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && make && apk del .build-deps\n{APP}");
    assert!(lines("build-tools-in-image", &apk).is_empty());
    // apk: reported, without bytes (the Alpine table has no dependency sizes).
    let kept = format!("FROM alpine:3.20\nRUN apk add --no-cache build-base openssl-dev\n{APP}");
    let f = found("build-tools-in-image", &kept);
    assert_eq!(f.len(), 1);
    assert!(f[0].cost.is_none());
    assert!(f[0].message.contains("size not in the tables"));
}

#[test]
fn build_environments_and_unknown_images_are_left_alone() {
    // No command of its own, or a shell: a CI or development image.
    assert!(lines(
        "build-tools-in-image",
        "FROM debian:bookworm-slim\nRUN apt-get install -y gcc\n"
    )
    .is_empty());
    assert!(lines(
        "build-tools-in-image",
        "FROM debian:bookworm-slim\nRUN apt-get install -y gcc\nCMD [\"bash\"]\n"
    )
    .is_empty());
    // python:3.12 is built on buildpack-deps, which has gcc already.
    assert!(lines(
        "build-tools-in-image",
        &format!("FROM python:3.12\nRUN apt-get install -y gcc\n{APP}")
    )
    .is_empty());
    // A builder stage the image does not ship.
    assert!(lines("build-tools-in-image", &format!("FROM debian:bookworm-slim AS b\nRUN apt-get install -y gcc\nFROM debian:bookworm-slim\nCOPY --from=b /etc/hostname /x\n{APP}")).is_empty());
    // Runtime packages are not build tools.
    assert!(lines(
        "build-tools-in-image",
        &format!("FROM debian:bookworm-slim\nRUN apt-get install -y libpq5 curl make\n{APP}")
    )
    .is_empty());
}

#[test]
fn golang_and_rust_images_shipping_a_binary() {
    let go = "FROM golang:1.26\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n";
    let f = found("toolchain-image-ships-binary", go);
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].line, f[0].column), (1, 6));
    assert!(
        f[0].message.starts_with("the image is golang:1.26 ("),
        "{}",
        f[0].message
    );
    // The catalogue's uncompressed estimate of golang:1.26, with its range.
    let (v, lo, hi) = bytes(&f[0]).expect("bytes");
    assert!(lo <= v && v <= hi && v > 500_000_000);
    let rust =
        "FROM rust:1\nCOPY . .\nRUN cargo build --release\nENTRYPOINT [\"./target/release/app\"]\n";
    assert_eq!(lines("toolchain-image-ships-binary", rust), vec![1]);
    // Through an intermediate stage.
    let chain =
        "FROM golang:1.26 AS base\nFROM base\nRUN go install example.com/x@v1.0.0\nCMD [\"x\"]\n";
    assert_eq!(lines("toolchain-image-ships-binary", chain), vec![1]);
}

#[test]
fn toolchain_images_that_use_the_toolchain_are_left_alone() {
    for text in [
        "FROM golang:1.26\nCOPY . .\nCMD [\"go\", \"run\", \".\"]\n",
        "FROM golang:1.26\nCOPY . .\nRUN go build ./...\n",
        "FROM rust:1\nCOPY . .\nRUN cargo build\nCMD [\"cargo\", \"run\"]\n",
        "FROM golang:1.26 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nCMD [\"/app\"]\n",
        "FROM golang:1.26-alpine\nRUN apk add --no-cache git\nCMD [\"/bin/sh\"]\n",
    ] {
        assert!(lines("toolchain-image-ships-binary", text).is_empty(), "{text}");
    }
}

#[test]
fn cargo_target_dir_and_its_fix() {
    let text = "FROM rust:1 AS build\nWORKDIR /src\nRUN cargo build --release\nFROM debian:bookworm-slim\nCOPY --from=build /src/target/release /app\nCMD [\"/app/server\"]\n";
    let f = found("cargo-target-dir-copied", text);
    assert_eq!(f.len(), 1);
    assert!(f[0].cost.is_none(), "no size for Cargo's outputs");
    let fixed = f[0].fix.as_ref().expect("a fix").apply(text);
    assert!(
        fixed.contains("COPY --from=build /src/target/release/server /app/\n"),
        "{fixed}"
    );
    assert!(lines("cargo-target-dir-copied", &fixed).is_empty());
    // A target triple; the name not known: no fix.
    let triple = "FROM rust:1 AS build\nRUN cargo build --release --target x86_64-unknown-linux-musl\nFROM alpine:3.20\nCOPY --from=build /target/x86_64-unknown-linux-musl/release/ /usr/local/bin/\nCMD [\"sh\", \"-c\", \"$BIN\"]\n";
    let f = found("cargo-target-dir-copied", triple);
    assert_eq!(f.len(), 1);
    assert!(f[0].fix.is_none());
}

#[test]
fn cargo_binary_name_from_the_context() {
    let mut ctx = layerlab_analysis::BuildContext::new();
    ctx.add_text(
        "Cargo.toml",
        "[package]\nname = \"api\"\nversion = \"0.1.0\"\n\n[dependencies]\n",
    );
    ctx.add_text("src/main.rs", "fn main() {}\n");
    let text = "FROM rust:1 AS build\nCOPY . .\nRUN cargo build --release\nFROM debian:bookworm-slim\nCOPY --from=build /target/release/ /usr/local/bin/\nCMD api\n";
    let a = common::run(text, Some(ctx));
    let f: Vec<_> = a
        .report
        .findings
        .iter()
        .filter(|f| f.rule == "cargo-target-dir-copied")
        .collect();
    assert_eq!(f.len(), 1);
    let fixed = f[0].fix.as_ref().expect("a fix").apply(text);
    assert!(
        fixed.contains("COPY --from=build /target/release/api /usr/local/bin/\n"),
        "{fixed}"
    );
}

#[test]
fn wheels_left_and_the_mount_fix() {
    let text = "FROM python:3.12-slim AS build\nRUN pip wheel -w /wheels flask\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\nRUN pip install --no-cache-dir --no-index --find-links=/wheels flask\nCMD [\"flask\", \"run\"]\n";
    let f = found("wheels-left-after-install", text);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].line, 5);
    assert!(
        f[0].cost.is_none(),
        "pip wheel's output size is not modelled"
    );
    let fixed = f[0].fix.as_ref().expect("a fix").apply(text);
    assert!(
        fixed.contains(
            "\nRUN --mount=type=bind,from=build,source=/wheels,target=/wheels pip install"
        ),
        "{fixed}"
    );
    assert!(!fixed.contains("COPY --from=build /wheels"));
    assert!(lines("wheels-left-after-install", &fixed).is_empty());
    // Removed in the RUN that made them: fine.
    assert!(lines(
        "wheels-left-after-install",
        "FROM python:3.12-slim\nRUN pip wheel -w /w flask && pip install /w/*.whl && rm -rf /w\n"
    )
    .is_empty());
    // Wheels among other files: only they are meant, and no fix.
    let tmp = "FROM python:3.12-slim\nCOPY dist/*.whl /tmp/\nCOPY requirements.txt /tmp/\nRUN pip install -r /tmp/requirements.txt /tmp/*.whl\n";
    let f = found("wheels-left-after-install", tmp);
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("/tmp/*.whl"), "{}", f[0].message);
    assert!(f[0].fix.is_none());
}

#[test]
fn wheels_with_known_bytes_from_the_context() {
    let mut ctx = layerlab_analysis::BuildContext::new();
    ctx.add_sized("wheels/app-1.0-py3-none-any.whl", 250_000);
    let text = "FROM python:3.12-slim\nCOPY wheels /wheels\nRUN pip install /wheels/app-1.0-py3-none-any.whl\n";
    let a = common::run(text, Some(ctx));
    let f: Vec<_> = a
        .report
        .findings
        .iter()
        .filter(|f| f.rule == "wheels-left-after-install")
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!(bytes(f[0]), Some((250_000, 250_000, 250_000)));
}

#[test]
fn the_same_sources_copied_twice() {
    let text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY ./ /srv/app\n";
    let f = found("copied-twice", text);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].line, 5);
    assert!(
        f[0].message
            .contains("(line 3 copied them to /app): the image holds both copies"),
        "{}",
        f[0].message
    );
    // From the same stage, twice.
    let st = "FROM node:24 AS b\nRUN npm ci\nFROM node:24-slim\nCOPY --from=b /app/dist /srv\nCOPY --from=B /app/dist/ /srv\n";
    assert_eq!(lines("copied-twice", st), vec![5]);
    // Different sources, a builder stage, and different stages: not reported.
    for text in [
        "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n",
        "FROM python:3.12-slim AS b\nCOPY . .\nFROM python:3.12-slim\nCOPY . .\n",
        "FROM node:24 AS a\nFROM node:24 AS b\nFROM node:24-slim\nCOPY --from=a /app /app\nCOPY --from=b /app /app\n",
    ] {
        assert!(lines("copied-twice", text).is_empty(), "{text}");
    }
}

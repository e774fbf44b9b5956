//! Commands the image does not have (`command-not-in-image`), servers bound
//! to loopback (`service-binds-localhost`) and npm upgrades the image's Node
//! refuses (`npm-upgrade-unsupported-node`): trigger and no-trigger cases.

mod common;

use layerlab_syntax::Severity;

/// (line, column, severity) of the rule's findings.
fn found(rule: &str, text: &str) -> Vec<(u32, u32, Severity)> {
    common::run(text, None)
        .report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.line, f.column, f.severity))
        .collect()
}

fn missing(text: &str) -> Vec<(u32, u32, Severity)> {
    found("command-not-in-image", text)
}

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;

#[test]
fn curl_and_wget_on_slim_images() {
    assert_eq!(
        missing("FROM python:3.12-slim\nRUN curl -fsSL https://x -o /x\n"),
        vec![(2, 5, E)]
    );
    assert_eq!(
        missing("FROM debian:bookworm-slim\nRUN set -e; wget -q https://x; echo ok\n"),
        vec![(2, 13, E)]
    );
    assert_eq!(
        missing("FROM node:24-slim\nRUN cd /tmp && curl -O https://x\n"),
        vec![(2, 16, E)]
    );
    assert_eq!(
        missing("FROM ubuntu:24.04\nRUN curl https://x\n"),
        vec![(2, 5, E)]
    );
}

#[test]
fn full_and_unknown_images_are_left_alone() {
    // python:3.12 is built on buildpack-deps, which has curl.
    assert!(missing("FROM python:3.12\nRUN curl https://x\n").is_empty());
    assert!(missing("FROM mycompany/base:1\nRUN curl https://x\n").is_empty());
    assert!(missing("ARG BASE\nFROM $BASE\nRUN curl https://x\n").is_empty());
    // eclipse-temurin installs curl and wget (and adduser comes with gnupg).
    assert!(missing(
        "FROM eclipse-temurin:21-jre-noble\nRUN curl https://x && adduser --system app\n"
    )
    .is_empty());
}

#[test]
fn earlier_installs_count() {
    // In the same RUN, before the use.
    assert!(missing(
        "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && curl https://x\n"
    )
    .is_empty());
    // In an earlier RUN, and in a parent stage.
    assert!(missing(
        "FROM alpine:3.20 AS base\nRUN apk add --no-cache bash curl\nFROM base\nRUN bash -c 'curl https://x'\n"
    )
    .is_empty());
    // As a dependency the catalogue knows: git does not pull curl, but
    // gnupg pulls gpg.
    assert!(missing(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gnupg\nRUN gpg --version\n"
    )
    .is_empty());
    // After the use does not count.
    assert_eq!(
        missing("FROM python:3.12-slim\nRUN curl https://x; apt-get install -y curl\n"),
        vec![(2, 5, W)]
    );
}

#[test]
fn what_may_have_installed_it_makes_a_warning() {
    // A package whose dependencies are not in the tables.
    assert_eq!(
        missing("FROM alpine:3.20\nRUN apk add --no-cache gcc\nRUN bash build.sh\n"),
        vec![(3, 5, W)]
    );
    // An installer script.
    assert_eq!(
        missing(
            "FROM debian:bookworm-slim\nCOPY install.sh /\nRUN /install.sh\nRUN curl https://x\n"
        ),
        vec![(4, 5, W)]
    );
    // A package list not known before the build.
    assert_eq!(
        missing("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y $PKGS\nRUN curl https://x\n"),
        vec![(3, 5, W)]
    );
}

#[test]
fn failures_that_do_not_stop_the_build_are_warnings() {
    // The left of a pipe without pipefail: sh gets empty input.
    assert_eq!(
        missing("FROM debian:bookworm-slim\nRUN curl -fsSL https://x | sh\n"),
        vec![(2, 5, W)]
    );
    // Not the last command, no set -e.
    assert_eq!(
        missing("FROM debian:bookworm-slim\nRUN curl https://x; echo done\n"),
        vec![(2, 5, W)]
    );
    // In an if body.
    assert_eq!(
        missing("FROM debian:bookworm-slim\nRUN if [ -n \"$X\" ]; then curl https://x; fi\n"),
        vec![(2, 26, W)]
    );
}

#[test]
fn scripts_that_check_first_are_left_alone() {
    assert!(missing(
        "FROM debian:bookworm-slim\nRUN command -v curl >/dev/null || exit 0; curl https://x\n"
    )
    .is_empty());
    assert!(missing("FROM alpine:3.20\nRUN if which bash; then bash x.sh; fi\n").is_empty());
}

#[test]
fn bash_and_useradd_on_alpine() {
    assert_eq!(
        missing("FROM alpine:3.20\nRUN bash -c 'echo hi'\n"),
        vec![(2, 5, E)]
    );
    assert_eq!(
        missing("FROM python:3.12-alpine\nRUN useradd -m app\n"),
        vec![(2, 5, E)]
    );
    // wget and adduser are BusyBox applets there.
    assert!(missing("FROM alpine:3.20\nRUN wget -q https://x && adduser -D app\n").is_empty());
    // A heredoc run by bash.
    assert_eq!(
        missing("FROM alpine\nRUN <<EOF bash\necho hi\nEOF\n"),
        vec![(2, 11, E)]
    );
}

#[test]
fn adduser_missing_on_trixie_and_noble() {
    assert_eq!(
        missing("FROM debian:trixie-slim\nRUN adduser --disabled-password app\n"),
        vec![(2, 5, E)]
    );
    assert_eq!(
        missing("FROM ubuntu:24.04\nRUN adduser app\n"),
        vec![(2, 5, E)]
    );
    // useradd is in passwd, which both have.
    assert!(missing("FROM debian:trixie-slim\nRUN useradd -m app\n").is_empty());
    // One finding per command and script.
    assert_eq!(
        missing("FROM debian:trixie-slim\nRUN adduser --system a && adduser a sudo\n"),
        vec![(2, 5, E)]
    );
}

#[test]
fn busybox_adduser_options_on_debian() {
    assert_eq!(
        missing("FROM debian:bookworm-slim\nRUN addgroup -S app\n"),
        vec![(2, 14, E)]
    );
    assert_eq!(
        missing("FROM debian:bookworm-slim\nRUN adduser -D app; true\n"),
        vec![(2, 13, W)]
    );
    assert_eq!(
        missing("FROM debian:bookworm-slim\nRUN adduser -SDH app\n"),
        vec![(2, 13, E)]
    );
    // Debian's own options, and -u (a unique abbreviation of --uid).
    assert!(missing(
        "FROM debian:bookworm-slim\nRUN addgroup --system app && adduser --system --ingroup app -u 1000 app\n"
    )
    .is_empty());
    // On Alpine these are BusyBox's options.
    assert!(missing("FROM alpine:3.20\nRUN addgroup -S app && adduser -S -G app app\n").is_empty());
}

#[test]
fn windows_and_onbuild_scripts_are_skipped() {
    assert!(missing(
        "FROM debian:bookworm-slim\nSHELL [\"pwsh\", \"-Command\"]\nRUN curl https://x\n"
    )
    .is_empty());
    assert!(missing("FROM debian:bookworm-slim\nONBUILD RUN curl https://x\n").is_empty());
}

#[test]
fn ignore_pragma_by_rule_id() {
    assert!(missing(
        "FROM python:3.12-slim\n# hadolint ignore=command-not-in-image\nRUN curl https://x\n"
    )
    .is_empty());
}

fn binds(text: &str) -> Vec<(u32, Severity)> {
    found("service-binds-localhost", text)
        .into_iter()
        .map(|(l, _, s)| (l, s))
        .collect()
}

#[test]
fn servers_bound_to_loopback() {
    let base = "FROM python:3.12-slim\n";
    for cmd in [
        r#"CMD ["uvicorn", "main:app", "--host", "127.0.0.1"]"#,
        r#"CMD ["uvicorn", "main:app", "--port", "8000"]"#,
        r#"CMD uvicorn main:app --host=localhost"#,
        r#"CMD ["python", "-m", "uvicorn", "main:app"]"#,
        r#"CMD ["gunicorn", "--bind", "127.0.0.1:3000", "app:app"]"#,
        r#"CMD ["gunicorn", "-b", "localhost:8000", "app:app"]"#,
        r#"CMD ["flask", "run"]"#,
        r#"CMD ["python", "-m", "flask", "run", "--port", "5000"]"#,
        r#"CMD ["python", "manage.py", "runserver"]"#,
        r#"CMD ["python", "manage.py", "runserver", "8000"]"#,
        r#"CMD python -m http.server --bind 127.0.0.1 8080"#,
        r#"CMD ["hypercorn", "--bind", "127.0.0.1:8000", "app:app"]"#,
        r#"CMD ["sh", "-c", "python manage.py migrate && python manage.py runserver"]"#,
    ] {
        assert_eq!(binds(&format!("{base}{cmd}\n")), vec![(2, W)], "{cmd}");
    }
    assert_eq!(
        binds("FROM node:22-slim\nCMD [\"npx\", \"next\", \"start\", \"-H\", \"localhost\"]\n"),
        vec![(2, W)]
    );
}

#[test]
fn servers_bound_to_every_interface() {
    let base = "FROM python:3.12-slim\n";
    for cmd in [
        r#"CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]"#,
        r#"CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]"#,
        r#"CMD ["flask", "run", "--host=0.0.0.0"]"#,
        r#"CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]"#,
        r#"CMD ["python", "-m", "http.server", "8080"]"#,
        r#"CMD ["uvicorn", "main:app", "--host", "$HOST"]"#,
        r#"CMD ["next", "start"]"#,
    ] {
        assert!(binds(&format!("{base}{cmd}\n")).is_empty(), "{cmd}");
    }
    // The environment sets the host.
    assert!(binds(&format!(
        "{base}ENV FLASK_RUN_HOST=0.0.0.0\nCMD [\"flask\", \"run\"]\n"
    ))
    .is_empty());
    assert!(binds(&format!(
        "{base}ENV UVICORN_HOST=0.0.0.0\nCMD [\"uvicorn\", \"main:app\"]\n"
    ))
    .is_empty());
    // Only the final image's command counts.
    assert!(binds(&format!(
        "{base}CMD [\"flask\", \"run\"]\nFROM python:3.12-slim\nCMD [\"python\", \"app.py\"]\n"
    ))
    .is_empty());
}

fn npm(text: &str) -> Vec<(u32, Severity)> {
    found("npm-upgrade-unsupported-node", text)
        .into_iter()
        .map(|(l, _, s)| (l, s))
        .collect()
}

#[test]
fn npm_latest_on_old_node() {
    assert_eq!(
        npm("FROM node:20-slim\nRUN npm install -g npm@latest\n"),
        vec![(2, E)]
    );
    assert_eq!(npm("FROM node:18-alpine\nRUN npm i -g npm\n"), vec![(2, E)]);
    assert_eq!(
        npm("FROM node:16\nRUN npm install --global npm@10\n"),
        vec![(2, E)]
    );
    // Not the last command, no set -e: a warning.
    assert_eq!(
        npm("FROM node:20-slim\nRUN npm install -g npm@latest; npm ci\n"),
        vec![(2, W)]
    );
}

#[test]
fn npm_upgrades_that_may_work_are_left_alone() {
    // node:22 may be 22.22.2 or later; node:24 ships 24.19+.
    assert!(npm("FROM node:22-slim\nRUN npm install -g npm@latest\n").is_empty());
    assert!(npm("FROM node:lts-slim\nRUN npm install -g npm@latest\n").is_empty());
    assert!(npm("FROM node:20-slim\nRUN npm install -g npm@10\n").is_empty());
    // A version not measured, a local install, an image without a known Node.
    assert!(npm("FROM node:20-slim\nRUN npm install -g npm@11.6.2\n").is_empty());
    assert!(npm("FROM node:20-slim\nRUN npm install npm@latest\n").is_empty());
    assert!(npm("FROM debian:bookworm-slim\nRUN npm install -g npm@latest\n").is_empty());
}

/// GNU wget's long options on Alpine, whose wget is BusyBox's: an error
/// where the RUN certainly fails, a warning where it may go on, nothing
/// once GNU wget is installed or for the options BusyBox has (also as
/// unambiguous prefixes, as getopt_long reads them).
#[test]
fn gnu_wget_options_on_busybox_wget() {
    let on = |run: &str| missing(&format!("FROM alpine:3.20\n{run}\n"));
    assert_eq!(
        on("RUN wget --progress=dot:giga https://x"),
        vec![(2, 10, E)]
    );
    assert_eq!(
        on("RUN wget --show-progress -qO- https://x || true"),
        vec![(2, 10, W)]
    );
    assert_eq!(
        on("RUN apk add --no-cache wget && wget --progress=dot:giga https://x"),
        vec![]
    );
    assert_eq!(
        on("RUN wget -q --timeout=5 --no-verbose --tries=3 --output-document=/x --user-agent=a https://x"),
        vec![]
    );
    assert_eq!(on("RUN wget --quie --output-doc=/x https://x"), vec![]);
    // Not on Debian, whose wget (once installed) is GNU wget.
    assert_eq!(
        found(
            "command-not-in-image",
            "FROM debian:bookworm\nRUN apt-get update && apt-get install -y wget && wget --progress=dot:giga https://x\n"
        ),
        vec![]
    );
    // The fix drops only the progress option.
    let text = "FROM alpine:3.20\nRUN wget --progress=dot:giga -O /x https://x\n";
    let a = common::run(text, None);
    let f = a
        .report
        .findings
        .iter()
        .find(|f| f.rule == "command-not-in-image")
        .unwrap();
    assert_eq!(
        f.fix.as_ref().unwrap().apply(text),
        "FROM alpine:3.20\nRUN wget -O /x https://x\n"
    );
}

//! `poetry-in-image`: Poetry and its cache in the final image, with the
//! bytes from the measured pip table and the fixture's poetry.lock.

mod common;

use layerlab_analysis::rules::Cost;
use layerlab_analysis::{BuildContext, Finding};
use layerlab_catalog as catalog;

const RULE: &str = "poetry-in-image";
const APP: &str = "CMD [\"gunicorn\", \"app:app\"]\n";

fn found(text: &str, ctx: Option<BuildContext>) -> Vec<Finding> {
    common::run(text, ctx)
        .report
        .findings
        .into_iter()
        .filter(|f| f.rule == RULE)
        .collect()
}

fn one(text: &str, ctx: Option<BuildContext>) -> Finding {
    let f = found(text, ctx);
    assert_eq!(f.len(), 1, "{text}\n{f:#?}");
    f.into_iter().next().unwrap()
}

fn bytes(f: &Finding) -> (u64, u64, u64) {
    match f.cost {
        Some(Cost::Bytes { bytes, low, high }) => (bytes, low, high),
        _ => panic!("no bytes: {f:?}"),
    }
}

fn fixture_context() -> BuildContext {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules/poetry-in-image/context");
    common::context_from_dir(&dir)
}

/// Poetry's measured closure for CPython 3.12, straight from the table.
fn poetry_312() -> u64 {
    catalog::pip_package_for("poetry", "", &|_| true, Some("3.12"))
        .unwrap()
        .row
        .installed_bytes_with_deps
        .unwrap()
}

/// The fixture lock's wheels for CPython 3.12 (every one measured at its version).
fn wheels(names: &[(&str, &str)]) -> u64 {
    names
        .iter()
        .map(|(n, v)| catalog::pip_dist(n, v, Some(12)).unwrap().wheel_bytes)
        .sum()
}

const MAIN: &[(&str, &str)] = &[
    ("blinker", "1.9.0"),
    ("click", "8.1.8"),
    ("flask", "3.1.3"),
    ("gunicorn", "23.0.0"),
    ("itsdangerous", "2.2.0"),
    ("jinja2", "3.1.6"),
    ("markupsafe", "3.0.4"),
    ("packaging", "24.2"),
    ("werkzeug", "3.1.9"),
];
const DEV: &[(&str, &str)] = &[
    ("iniconfig", "2.1.0"),
    ("pluggy", "1.5.0"),
    ("pytest", "8.3.5"),
];

#[test]
fn single_stage_without_context_poetry_bytes_and_an_unknown_cache() {
    let text = format!("FROM python:3.12-slim\nRUN pip install --no-cache-dir poetry\nCOPY . .\nRUN poetry install --no-root\n{APP}");
    let f = one(&text, None);
    assert_eq!((f.line, f.column), (2, 32));
    // The row's installed bytes ±10% (a measured closure; the `.pyc` for 3.12 estimated).
    let p = poetry_312();
    let d = (p as f64 * 0.1).round() as u64;
    assert_eq!(bytes(&f), (p, p - d, p + d));
    assert!(
        f.message.starts_with("Poetry ships in the image, in /usr/local/lib/python3.12/site-packages: about 73.6 MB (Poetry 2.5.1 with its 46 dependencies, measured for CPython 3.12)"),
        "{}",
        f.message
    );
    assert!(
        f.message.ends_with("poetry install on line 4 leaves the wheels it downloaded in /root/.cache/pypoetry (size unknown: the build context was not given)"),
        "{}",
        f.message
    );
    assert!(f.fix.is_none());
}

#[test]
fn the_cache_from_the_lock_and_its_groups() {
    let all = format!("FROM python:3.12-slim\nWORKDIR /app\nRUN pip install --no-cache-dir poetry\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root\n{APP}");
    let f = one(&all, Some(fixture_context()));
    let cache = wheels(MAIN) + wheels(DEV);
    assert!(
        f.message.contains(&format!(
            "(about {}, the wheels of 12 packages of poetry.lock)",
            layerlab_analysis::sim::size::human(cache)
        )),
        "{}",
        f.message
    );
    assert_eq!(bytes(&f).0, poetry_312() + cache);
    // --only main (and --without dev): the dev group's wheels are not downloaded.
    for opt in ["--only main", "--only=main", "--without dev", "--no-dev"] {
        let main = all.replace("--no-root", &format!("{opt} --no-root"));
        let f = one(&main, Some(fixture_context()));
        assert!(
            f.message.contains("the wheels of 9 packages"),
            "{opt}: {}",
            f.message
        );
        assert_eq!(bytes(&f).0, poetry_312() + wheels(MAIN), "{opt}");
    }
    // No lock in the context: unknown, never 0 B.
    let mut ctx = BuildContext::new();
    ctx.add_text("pyproject.toml", "[tool.poetry]\nname = \"x\"\n");
    let nolock = all.replace("pyproject.toml poetry.lock", "pyproject.toml");
    let f = one(&nolock, Some(ctx));
    assert!(
        f.message
            .contains("(size unknown: poetry.lock is not in the build context"),
        "{}",
        f.message
    );
    assert_eq!(bytes(&f).0, poetry_312());
}

#[test]
fn a_cache_kept_out_counts_only_poetry_and_no_cache_does_not_keep_it_out() {
    let base = "FROM python:3.12-slim\nRUN pip install --no-cache-dir poetry\nCOPY . .\n";
    for run in [
        "RUN poetry install && rm -rf /root/.cache/pypoetry\n",
        "RUN poetry install && rm -rf ~/.cache\n",
        "RUN poetry install && rm -rf $POETRY_CACHE_DIR\n",
        "RUN --mount=type=cache,target=/root/.cache poetry install\n",
        "RUN --mount=type=cache,target=/tmp/poetry_cache poetry install\n",
    ] {
        let text = format!("{base}ENV POETRY_CACHE_DIR=/tmp/poetry_cache\n{run}{APP}");
        let text = if run.contains("/tmp/poetry_cache") || run.contains("$POETRY") {
            text
        } else {
            text.replace("ENV POETRY_CACHE_DIR=/tmp/poetry_cache\n", "")
        };
        let f = one(&text, None);
        assert!(
            !f.message.contains("leaves the wheels"),
            "{run}: {}",
            f.message
        );
        assert_eq!(bytes(&f).0, poetry_312(), "{run}");
    }
    // --no-cache and `poetry cache clear` leave artifacts/; a later RUN's rm saves nothing.
    for run in [
        "RUN poetry install --no-cache\n",
        "RUN poetry install && poetry cache clear --all pypi\n",
        "RUN poetry install\nRUN rm -rf /root/.cache/pypoetry\n",
    ] {
        let f = one(&format!("{base}{run}{APP}"), None);
        assert!(
            f.message.contains("leaves the wheels"),
            "{run}: {}",
            f.message
        );
    }
    // POETRY_CACHE_DIR moves the cache.
    let moved = format!("{base}ENV POETRY_CACHE_DIR=/opt/pc\nRUN poetry install\n{APP}");
    assert!(one(&moved, None)
        .message
        .contains("downloaded in /opt/pc ("));
}

#[test]
fn pinned_versions_installers_and_pipx() {
    // A version the table lacks: the measured one, widened, and said so.
    let pinned = format!("FROM python:3.12-slim\nENV POETRY_VERSION=1.8.3\nRUN pip install \"poetry==$POETRY_VERSION\"\n{APP}");
    let f = one(&pinned, None);
    assert!(
        f.message
            .contains("not the version this file installs (poetry==1.8.3)"),
        "{}",
        f.message
    );
    let (v, lo, _) = bytes(&f);
    assert_eq!(v, poetry_312());
    assert!(lo < v - v / 3, "{lo}");
    // The official installer: its own venv, with pip.
    let pip = catalog::pip_package_for("pip", "", &|_| true, Some("3.12"))
        .unwrap()
        .row
        .installed_bytes_with_deps
        .unwrap();
    let inst = format!("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nRUN curl -sSL https://install.python-poetry.org | python3 -\nENV PATH=/root/.local/bin:$PATH\n{APP}");
    let f = one(&inst, None);
    assert_eq!(f.line, 3);
    assert!(
        f.message
            .contains("in its own virtual environment in /root/.local/share/pypoetry"),
        "{}",
        f.message
    );
    assert_eq!(bytes(&f).0, poetry_312() + pip);
    let home = inst.replace("RUN curl", "ENV POETRY_HOME=/opt/poetry\nRUN curl");
    assert!(one(&home, None).message.contains("in /opt/poetry:"));
    let pipx = format!("FROM python:3.12-slim\nRUN pip install pipx && pipx install poetry\n{APP}");
    assert!(one(&pipx, None)
        .message
        .contains("in its pipx virtual environment under /root/.local/share/pipx"));
}

#[test]
fn builders_copied_whole_or_poetry_home_are_reported_a_venv_is_not() {
    let build = "FROM python:3.12 AS build\nWORKDIR /app\nRUN pip install poetry\nCOPY . .\nRUN poetry config virtualenvs.in-project true && poetry install --only main\n";
    // Only the venv: nothing.
    let venv = format!("{build}FROM python:3.12-slim\nCOPY --from=build /app/.venv /app/.venv\nENV PATH=/app/.venv/bin:$PATH\n{APP}");
    assert!(found(&venv, None).is_empty());
    // The whole filesystem: Poetry and the cache.
    let whole = format!("{build}FROM python:3.12-slim\nCOPY --from=build / /\n{APP}");
    let f = one(&whole, None);
    assert_eq!(f.line, 7);
    assert!(
        f.message.starts_with("copies / from stage build, which holds Poetry (installed on line 3, in /usr/local/lib/python3.12/site-packages)"),
        "{}",
        f.message
    );
    assert!(f
        .message
        .contains("poetry install on line 5 leaves the wheels"));
    // /usr/local: Poetry was installed into the same site-packages.
    let local =
        format!("{build}FROM python:3.12-slim\nCOPY --from=build /usr/local /usr/local\n{APP}");
    let f = one(&local, None);
    assert!(!f.message.contains("leaves the wheels"), "{}", f.message);
    // The installer's home.
    let home = format!("FROM python:3.12 AS build\nENV POETRY_HOME=/opt/poetry\nRUN curl -sSL https://install.python-poetry.org | python3 -\nFROM python:3.12-slim\nCOPY --from=build /opt/poetry /opt/poetry\n{APP}");
    assert_eq!(one(&home, None).line, 5);
}

#[test]
fn development_images_and_uninstalled_poetry_are_left_alone() {
    let base = "FROM python:3.12-slim\nRUN pip install poetry\nCOPY . .\nRUN poetry install\n";
    for tail in [
        // No command of its own: a build or CI image.
        "",
        "CMD [\"bash\"]\n",
        "CMD [\"poetry\", \"run\", \"uvicorn\", \"app:app\", \"--reload\"]\n",
    ] {
        assert!(found(&format!("{base}{tail}"), None).is_empty(), "{tail}");
    }
    let named = format!("{}{APP}", base.replace("slim\n", "slim AS dev\n"));
    assert!(found(&named, None).is_empty());
    let gone = format!("FROM python:3.12-slim\nRUN pip install poetry && poetry export -o r.txt && pip install -r r.txt && pip uninstall -y poetry\n{APP}");
    assert!(found(&gone, None).is_empty());
    // `poetry run` in the command: reported, and the help says how to start without it.
    let run = format!("{base}CMD [\"poetry\", \"run\", \"gunicorn\", \"app:app\"]\n");
    assert!(one(&run, None).help.contains("rather than with poetry run"));
}

//! ## What it does
//! Finds Poetry in the final image: installed in a stage the image ships
//! (`pip install poetry`, `pipx install poetry`, the official installer
//! `curl -sSL https://install.python-poetry.org | python3 -`), or copied
//! into it from a builder (`COPY --from=build / /`, Poetry's home, or the
//! site-packages Poetry was installed into). It gives Poetry's bytes with
//! its dependencies for the image's Python from the measured pip table
//! (`pip-packages.csv`), and, when `poetry install` (or `poetry sync`)
//! runs there too, the wheels it leaves in its cache (`~/.cache/pypoetry`,
//! or `POETRY_CACHE_DIR`), estimated from the wheel bytes of the
//! `poetry.lock` packages that install selects (its `--only`, `--without`,
//! `--with` options) when the build context has the lock; otherwise the
//! cache's size is "unknown". The cache does not count when the same `RUN`
//! removes it or keeps it in a cache mount (`--mount=type=cache`).
//! `--no-cache` does not keep it out: Poetry writes the downloaded wheels
//! to `artifacts/` in the cache directory even then, and `poetry cache
//! clear --all` empties only the repository caches. A final stage that gets
//! only a virtual environment or site-packages without Poetry is not
//! reported, nor are images for development or CI (a stage named `dev` or
//! `test`, a command with `--reload`, no command of their own, or a shell).
//!
//! There is no automatic fix: moving the install into a builder changes
//! where the packages live, whether the project itself is installed
//! (`--no-root`), the `PATH`, and a `CMD` that starts with `poetry run`,
//! which are choices for the author.
//!
//! ## Why it matters
//! Poetry resolves and installs dependencies; the application does not
//! import it. On CPython 3.12, Poetry 2.5 with its 46 dependencies is about
//! 74 MB installed, and the cache holds a second, compressed copy of every
//! package `poetry install` downloaded. Build in a stage the image does not
//! ship and copy only the virtual environment, or export the lock to a
//! requirements file and install it with pip.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! WORKDIR /app
//! RUN pip install --no-cache-dir poetry==2.1.3
//! COPY pyproject.toml poetry.lock ./
//! RUN poetry config virtualenvs.create false && poetry install --only main --no-root
//! COPY . .
//! CMD ["gunicorn", "app:app"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim AS build
//! WORKDIR /app
//! RUN pip install --no-cache-dir poetry==2.1.3
//! COPY pyproject.toml poetry.lock ./
//! RUN poetry config virtualenvs.in-project true && poetry install --only main --no-root
//!
//! FROM python:3.12-slim
//! WORKDIR /app
//! COPY --from=build /app/.venv /app/.venv
//! ENV PATH=/app/.venv/bin:$PATH
//! COPY . .
//! CMD ["gunicorn", "app:app"]
//! ```
//!
//! ## References
//! - Poetry docs, `poetry install` options (`--only`, `--without`, `--no-root`): <https://python-poetry.org/docs/cli/#install>
//! - Poetry docs, configuration (`cache-dir`, `virtualenvs.in-project`): <https://python-poetry.org/docs/configuration/>
//! - Poetry issue 3374, `--no-cache` leaves `artifacts/`: <https://github.com/python-poetry/poetry/issues/3374>
//! - Docker docs, multi-stage builds: <https://docs.docker.com/build/building/multi-stage/>

use super::_poetry::{self, Selection};
use super::_shared_sim::instruction_at;
use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::ShellScript;
use crate::sim::run::pip::{requirement_name, version_satisfies, version_specifiers};
use crate::sim::size::human;
use crate::sim::{vfs, Bytes, Simulation, Stage};
use crate::Category;
use layerlab_catalog as catalog;
use layerlab_syntax::sh::SimpleCmd;
use layerlab_syntax::{Severity, Span};

pub(crate) const RULE: &dyn Rule = &PoetryInImage;

struct PoetryInImage;

impl Rule for PoetryInImage {
    fn meta(&self) -> Meta {
        Meta {
            id: "poetry-in-image",
            category: Category::Size,
            severity: Severity::Warning,
            summary: "Poetry (and its cache) ships in the final image",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        if !super::build_tools_in_image::runs_an_application(cx) || development_image(cx) {
            return;
        }
        let found = Found::of(cx);
        let shipped = super::shipped_stages(cx.sim);
        let poetry_run = poetry_run_command(cx);
        // Installed in a stage the image ships.
        if let Some(s) = found.setups.iter().find(|s| shipped.contains(&s.stage)) {
            let runs: Vec<&PoetryRun> = found
                .runs
                .iter()
                .filter(|r| shipped.contains(&r.stage) && r.line >= s.line)
                .collect();
            let cache = runs.iter().find(|r| !r.cache_avoided);
            report(cx, out, s, s.span, None, cache.copied(), poetry_run);
        }
        // Copied from a builder.
        for si in &shipped {
            for c in &cx.sim.stages[*si].copies {
                if shipped.contains(&c.from) || c.source.contains('*') {
                    continue;
                }
                let chain = super::_shared_sim::chain_of(cx.sim, c.from);
                let Some(s) = found
                    .setups
                    .iter()
                    .find(|s| chain.contains(&s.stage) && vfs::is_within(&s.location, &c.source))
                else {
                    continue;
                };
                let cache = found.runs.iter().find(|r| {
                    chain.contains(&r.stage)
                        && !r.cache_avoided
                        && vfs::is_within(&r.cache_dir, &c.source)
                });
                let Some(ins) = instruction_at(cx, c.line) else {
                    continue;
                };
                let span = super::_shared_instr::instruction_span(ins);
                report(cx, out, s, span, Some(c), cache, poetry_run);
            }
        }
    }
}

/// How Poetry was installed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum How {
    /// `pip install poetry` (also `python -m pip`, `uv pip`).
    Pip,
    /// `pipx install poetry`: its own virtual environment.
    Pipx,
    /// The official installer: its own virtual environment in `POETRY_HOME`.
    Installer,
}

/// One installation of Poetry.
struct Setup {
    stage: usize,
    line: u32,
    /// The Dockerfile span of the word that names Poetry (or the command).
    span: Span,
    how: How,
    /// The requirement (`poetry`, `poetry==1.8.3`), with the version the
    /// installer was asked for; `$` when it is not known.
    spec: String,
    /// The directory Poetry lives in (site-packages or its venv's home).
    location: String,
    /// The Python it is installed for.
    python: Option<String>,
}

/// One `poetry install` (or `poetry sync`).
struct PoetryRun {
    stage: usize,
    line: u32,
    selection: Selection,
    cache_dir: String,
    /// Removed in the same RUN, or in a cache mount.
    cache_avoided: bool,
}

/// Every Poetry installation and `poetry install` of the Dockerfile.
struct Found {
    setups: Vec<Setup>,
    runs: Vec<PoetryRun>,
}

impl Found {
    fn of(cx: &RuleCtx) -> Found {
        let mut f = Found {
            setups: Vec::new(),
            runs: Vec::new(),
        };
        for ss in cx.scripts().iter().filter(|s| !s.run.onbuild) {
            let Some(si) = ss.stage else { continue };
            let st = &cx.sim.stages[si];
            let cmds: Vec<Cmd> = ss
                .ast
                .simple_commands()
                .into_iter()
                .filter_map(|c| Cmd::of(c, ss))
                .collect();
            for (k, c) in cmds.iter().enumerate() {
                if let Some(s) = setup(cx, ss, st, c) {
                    if !uninstalled(&cmds[k + 1..]) {
                        f.setups.push(s);
                    }
                } else if let Some(sel) = poetry_install(c) {
                    let cache_dir = cache_dir(st, c);
                    let cache_avoided = removed(&cmds[k + 1..], st, &cache_dir)
                        || cache_mounted(cx, ss, st, &cache_dir);
                    f.runs.push(PoetryRun {
                        stage: si,
                        line: ss.ins.start_line,
                        selection: sel,
                        cache_dir,
                        cache_avoided,
                    });
                }
            }
        }
        f
    }
}

/// A simple command's words (wrappers skipped), their Dockerfile spans and
/// its assignments.
struct Cmd {
    words: Vec<String>,
    spans: Vec<Span>,
    assigns: Vec<(String, String)>,
    span: Span,
}

impl Cmd {
    fn of(c: &SimpleCmd, ss: &ShellScript) -> Option<Cmd> {
        let src = &ss.run.text;
        let text = |s: Span| src.get(s.start..s.end).unwrap_or("").to_string();
        let mut words: Vec<String> = c
            .words
            .iter()
            .map(|w| {
                w.static_text(src)
                    .unwrap_or_else(|| text(w.span).trim_matches(['"', '\'']).to_string())
            })
            .collect();
        let mut spans: Vec<Span> = c.words.iter().map(|w| ss.span(w.span)).collect();
        let mut assigns: Vec<(String, String)> = c
            .assigns
            .iter()
            .filter_map(|a| {
                let t = text(a.span);
                let (k, v) = t.split_once('=')?;
                Some((k.to_string(), v.trim_matches(['"', '\'']).to_string()))
            })
            .collect();
        // Wrappers: the command they run is what counts.
        loop {
            let first = words.first().map(|w| vfs::basename(w).to_string());
            let skip = match first.as_deref() {
                Some("sudo" | "exec" | "nice" | "time" | "nohup") => 1,
                Some("gosu" | "su-exec") => 2,
                Some("env") => {
                    let n = 1 + words[1..]
                        .iter()
                        .take_while(|w| w.contains('=') || w.starts_with('-'))
                        .count();
                    for w in &words[1..n] {
                        if let Some((k, v)) = w.split_once('=') {
                            assigns.push((k.to_string(), v.to_string()));
                        }
                    }
                    n
                }
                _ => break,
            };
            if skip >= words.len() {
                return None;
            }
            words.drain(..skip);
            spans.drain(..skip);
        }
        (!words.is_empty()).then(|| Cmd {
            words,
            spans,
            assigns,
            span: ss.span(c.span),
        })
    }

    fn program(&self) -> &str {
        vfs::basename(&self.words[0])
    }

    /// The words after `python -m <module>` or the program itself.
    fn module_args(&self, module: &str) -> Option<usize> {
        let p = self.program();
        if p == module || (module == "pip" && p.starts_with("pip3")) {
            return Some(1);
        }
        let python = p == "python" || p.starts_with("python3");
        (python && self.words.get(1)? == "-m" && self.words.get(2)? == module).then_some(3)
    }

    /// A variable: the command's own assignment, else the stage's ENV.
    fn var(&self, st: &Stage, name: &str) -> Option<String> {
        self.assigns
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .or_else(|| st.env_get(name).map(str::to_string))
    }
}

/// Expands `$NAME`, `${NAME}` and a leading `~` with the stage's values;
/// what remains unknown keeps its `$`.
fn expand(s: &str, cmd: Option<&Cmd>, st: &Stage) -> String {
    let mut out = String::new();
    let mut rest = s;
    if let Some(r) = rest.strip_prefix('~') {
        out.push_str(&st.home());
        rest = r;
    }
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let r = &rest[i + 1..];
        let (name, after) = match r.strip_prefix('{') {
            Some(b) => match b.find('}') {
                Some(e) => (&b[..e], &b[e + 1..]),
                None => ("", r),
            },
            None => {
                let e = r
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(r.len());
                (&r[..e], &r[e..])
            }
        };
        let value = match name {
            "" => None,
            "HOME" => Some(st.home()),
            n => cmd
                .and_then(|c| c.var(st, n))
                .or_else(|| st.env_get(n).map(str::to_string)),
        };
        match value {
            Some(v) => out.push_str(&v),
            None => {
                out.push('$');
                out.push_str(name);
            }
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A command that installs Poetry.
fn setup(cx: &RuleCtx, ss: &ShellScript, st: &Stage, c: &Cmd) -> Option<Setup> {
    let mut how = None;
    let mut spec = String::from("poetry");
    let mut span = c.span;
    // pip install … poetry …, uv pip install, pipx install poetry.
    let first = if c.program() == "uv" && c.words.get(1).is_some_and(|w| w == "pip") {
        Some((2, How::Pip))
    } else if c.program() == "pipx" {
        Some((1, How::Pipx))
    } else {
        c.module_args("pip").map(|i| (i, How::Pip))
    };
    if let Some((i, h)) = first {
        if c.words.get(i).map(String::as_str) != Some("install") {
            return None;
        }
        let k = (i + 1..c.words.len()).find(|&k| {
            !c.words[k].starts_with('-')
                && requirement_name(&c.words[k]).is_some_and(|(n, _)| n == "poetry")
        })?;
        spec = expand(&c.words[k], Some(c), st);
        span = c.spans[k];
        how = Some(h);
    }
    // The official installer, piped or downloaded: `python3 - [--version X]`.
    let p = c.program();
    if how.is_none() && (p == "python" || p.starts_with("python3")) {
        let named = c.words[1..]
            .iter()
            .any(|w| w.contains("install-poetry") || w.contains("get-poetry"));
        // `| python3 -`, or a bare `| python` reading its stdin.
        let piped = (c.words.len() == 1 || c.words[1..].iter().any(|w| w == "-"))
            && [
                "install.python-poetry.org",
                "install-poetry.py",
                "get-poetry.py",
            ]
            .iter()
            .any(|u| ss.run.text.contains(u));
        if !(named || piped) {
            return None;
        }
        how = Some(How::Installer);
        let version = c
            .words
            .iter()
            .position(|w| w == "--version")
            .and_then(|i| c.words.get(i + 1).cloned())
            .or_else(|| c.var(st, "POETRY_VERSION"));
        if let Some(v) = version {
            spec = format!("poetry=={}", expand(&v, Some(c), st));
        }
    }
    let how = how?;
    let line = ss.ins.start_line;
    let python = st.python.clone();
    let location = match how {
        How::Pip => cx
            .sim
            .stages
            .get(ss.stage?)?
            .pip_installs
            .iter()
            .find(|i| i.line == line && i.dists.iter().any(|d| d == "poetry"))
            .map(|i| i.site.clone())
            .unwrap_or_else(|| {
                format!(
                    "/usr/local/lib/python{}/site-packages",
                    python.as_deref().unwrap_or("3")
                )
            }),
        How::Installer => match c.var(st, "POETRY_HOME") {
            Some(h) => vfs::normalize(&expand(&h, Some(c), st), "/"),
            None => data_home(c, st, "pypoetry"),
        },
        How::Pipx => match c.var(st, "PIPX_HOME") {
            Some(h) => vfs::normalize(&expand(&h, Some(c), st), "/"),
            None => data_home(c, st, "pipx"),
        },
    };
    Some(Setup {
        stage: ss.stage?,
        line,
        span,
        how,
        spec,
        location,
        python,
    })
}

/// `$XDG_DATA_HOME/<name>`, else `~/.local/share/<name>`.
fn data_home(c: &Cmd, st: &Stage, name: &str) -> String {
    let base = c
        .var(st, "XDG_DATA_HOME")
        .map(|d| expand(&d, Some(c), st))
        .unwrap_or_else(|| format!("{}/.local/share", st.home()));
    vfs::normalize(&format!("{base}/{name}"), "/")
}

/// `pip uninstall -y poetry` later in the same RUN.
fn uninstalled(later: &[Cmd]) -> bool {
    later.iter().any(|c| {
        let i = c
            .module_args("pip")
            .or_else(|| (c.program() == "pipx").then_some(1));
        i.is_some_and(|i| {
            c.words.get(i).is_some_and(|w| w == "uninstall")
                && c.words[i + 1..].iter().any(|w| w == "poetry")
        })
    })
}

/// `poetry install` / `poetry sync`, with the groups it selects.
fn poetry_install(c: &Cmd) -> Option<Selection> {
    let i = c.module_args("poetry")?;
    let mut k = i;
    while k < c.words.len() {
        let w = c.words[k].as_str();
        match w {
            "-C" | "--directory" | "-P" | "--project" => k += 2,
            w if w.starts_with('-') => k += 1,
            "install" | "sync" => return Some(Selection::of(&c.words[k + 1..])),
            _ => return None,
        }
    }
    None
}

/// Poetry's cache directory for a command: `POETRY_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/pypoetry`, else `~/.cache/pypoetry`.
fn cache_dir(st: &Stage, c: &Cmd) -> String {
    let dir = match c.var(st, "POETRY_CACHE_DIR") {
        Some(d) => expand(&d, Some(c), st),
        None => match c.var(st, "XDG_CACHE_HOME") {
            Some(x) => format!("{}/pypoetry", expand(&x, Some(c), st)),
            None => format!("{}/.cache/pypoetry", st.home()),
        },
    };
    vfs::normalize(&dir, "/")
}

/// An `rm` after the install in the same RUN that takes the cache's wheels
/// with it (the cache directory, a directory above it, or `artifacts/`).
fn removed(later: &[Cmd], st: &Stage, cache: &str) -> bool {
    later.iter().filter(|c| c.program() == "rm").any(|c| {
        c.words[1..]
            .iter()
            .filter(|w| !w.starts_with('-'))
            .any(|w| {
                let p = expand(w, Some(c), st);
                let p = p.strip_suffix("/*").unwrap_or(&p);
                let p = vfs::normalize(p, "/");
                vfs::is_within(cache, &p) || p == format!("{cache}/artifacts")
            })
    })
}

/// A `--mount=type=cache` on the RUN whose target holds the cache.
fn cache_mounted(cx: &RuleCtx, ss: &ShellScript, st: &Stage, cache: &str) -> bool {
    ss.ins.flags.iter().any(|f| {
        let Some(v) = f.value.as_ref().map(|v| cx.text(v.span)) else {
            return false;
        };
        f.name.text == "mount"
            && v.contains("type=cache")
            && v.split(',').any(|kv| {
                kv.split_once('=').is_some_and(|(k, t)| {
                    matches!(k, "target" | "dst" | "destination")
                        && vfs::is_within(cache, &vfs::normalize(&expand(t, None, st), "/"))
                })
            })
    })
}

/// The image's command starts with `poetry run`.
fn poetry_run_command(cx: &RuleCtx) -> bool {
    super::_shared_sim::own_command(cx).is_some_and(|(_, c)| {
        let words = c.args.join(" ");
        words.contains("poetry run")
    })
}

/// A development or CI image: a stage named for it, or a reloading server.
fn development_image(cx: &RuleCtx) -> bool {
    let named = cx
        .sim
        .target_stage()
        .and_then(|t| t.name.as_deref())
        .is_some_and(|n| {
            let n = n.to_ascii_lowercase();
            n.split(['-', '_', '.'])
                .any(|p| matches!(p, "dev" | "development" | "test" | "tests" | "ci" | "debug"))
        });
    named
        || super::_shared_sim::own_command(cx)
            .is_some_and(|(_, c)| c.args.iter().any(|a| a.contains("--reload")))
}

/// Poetry's installed bytes (with its dependencies; with pip for its own
/// virtual environment) from the measured table, and how they were measured.
fn poetry_bytes(s: &Setup) -> Option<(Bytes, String)> {
    let specs = if s.spec.contains('$') {
        ""
    } else {
        version_specifiers(&s.spec)
    };
    let accept = |r: &catalog::PipPackage| specs.is_empty() || version_satisfies(r.version, specs);
    let py = s.python.as_deref();
    let (m, exact) = match catalog::pip_package_for("poetry", "", &accept, py) {
        Some(m) => (m, !s.spec.contains('$')),
        None => (
            catalog::pip_package_for("poetry", "", &|_| true, py)?,
            false,
        ),
    };
    let row = m.row;
    let mut value = row.installed_bytes_with_deps?;
    let mut rel = 0.1;
    let mut how = format!(
        "Poetry {} with its {} dependencies, measured for CPython {}",
        row.version, row.n_deps, row.python
    );
    if !exact {
        rel += 0.3;
        how.push_str(&format!(
            ", not the version this file installs ({})",
            s.spec
        ));
    }
    if s.python.is_none() {
        rel += 0.15;
        how.push_str(" (this image's Python version is not known)");
    } else if !m.same_python {
        rel += 0.15;
    }
    if s.how != How::Pip {
        if let Some(pip) = catalog::pip_package_for("pip", "", &|_| true, py)
            .and_then(|p| p.row.installed_bytes_with_deps)
        {
            value += pip;
            how.push_str(", and pip in its own virtual environment");
        }
    }
    Some((Bytes::about(value, rel), how))
}

/// What Poetry's cache holds after a `poetry install`.
enum CacheSize {
    /// The wheels of the lock's selected packages (incomplete: some have no
    /// measured wheel), with how many were measured of how many.
    Wheels(Bytes, usize, usize),
    Unknown(&'static str),
}

/// The wheels a `poetry install` downloads, from `poetry.lock` in the
/// build context and the measured wheels.
fn cache_size(sim: &Simulation, r: &PoetryRun) -> CacheSize {
    if !sim.context_known {
        return CacheSize::Unknown("the build context was not given");
    }
    let st = &sim.stages[r.stage];
    let Some(lock) = context_file(sim, st, "poetry.lock") else {
        if st.fs.all().any(|(k, e)| {
            vfs::basename(k) == "poetry.lock" && matches!(e.origin, vfs::Origin::Context { .. })
        }) {
            return CacheSize::Unknown("the text of poetry.lock was not given");
        }
        return CacheSize::Unknown(
            "poetry.lock is not in the build context, so the versions are resolved at build time",
        );
    };
    let packages = _poetry::read_lock(lock);
    let groups = context_file(sim, st, "pyproject.toml").map(_poetry::read_pyproject);
    let Some(selected) = _poetry::installed(&packages, groups.as_ref(), &r.selection) else {
        return CacheSize::Unknown("poetry.lock does not say which packages are in which group");
    };
    let minor = st.python.as_deref().and_then(catalog::python_minor);
    let mut bytes = Bytes::ZERO;
    let mut measured = 0;
    for p in &selected {
        match wheel_bytes(&p.name, &p.version, minor) {
            Some(b) => {
                bytes += b;
                measured += 1;
            }
            None => bytes = bytes.incomplete(),
        }
    }
    CacheSize::Wheels(bytes, measured, selected.len())
}

/// A package's wheel: its own version (±10%), else another measured
/// version of it (±40%).
fn wheel_bytes(name: &str, version: &str, minor: Option<u32>) -> Option<Bytes> {
    if let Some(d) = catalog::pip_dist(name, version, minor) {
        return Some(Bytes::about(d.wheel_bytes, 0.1));
    }
    let want = minor.unwrap_or(11);
    catalog::pip_dists_all()
        .filter(|d| d.name == name && d.python_min <= want && want <= d.python_max)
        .max_by(|a, b| catalog::version_cmp(a.version, b.version))
        .map(|d| Bytes::about(d.wheel_bytes, 0.4))
}

/// A file of the build context the stage copied (`poetry.lock` in its
/// working directory first), else the context's root one.
fn context_file<'a>(sim: &'a Simulation, st: &Stage, name: &str) -> Option<&'a str> {
    let mut found: Vec<(bool, &str)> = st
        .fs
        .all()
        .filter(|(k, e)| !e.deleted && vfs::basename(k) == name)
        .filter_map(|(k, e)| match &e.origin {
            vfs::Origin::Context { path } => {
                Some((vfs::parent(k) == Some(st.workdir.as_str()), path.as_str()))
            }
            _ => None,
        })
        .collect();
    layerlab_sort::sort_by_key(&mut found, |(in_workdir, _)| !in_workdir);
    let path = found.first().map_or(name, |(_, p)| *p);
    sim.context_texts.get(path).map(String::as_str)
}

/// Emits the finding for Poetry `s`, at `span`: installed there, or
/// carried by the COPY `copy`; with the cache of `run`.
fn report(
    cx: &RuleCtx,
    out: &mut Sink,
    s: &Setup,
    span: Span,
    copy: Option<&crate::sim::StageCopy>,
    run: Option<&PoetryRun>,
    poetry_run: bool,
) {
    let poetry = poetry_bytes(s);
    let poetry_text = match &poetry {
        Some((b, how)) => format!("about {} ({how})", human(b.value)),
        None => "size not in the tables".into(),
    };
    let mut cost = poetry.as_ref().map(|(b, _)| *b);
    let cache_text = run.map(|r| {
        let size = match cache_size(cx.sim, r) {
            CacheSize::Wheels(b, _, total) if b.complete => {
                cost = cost.map(|c| c + b);
                format!("about {}, the wheels of {total} packages of poetry.lock", human(b.value))
            }
            CacheSize::Wheels(b, n, total) if n > 0 => format!(
                "about {} for the {n} of its {total} packages of poetry.lock with a measured wheel (some at another version), the others unknown",
                human(b.value)
            ),
            CacheSize::Wheels(_, _, total) => {
                format!("size unknown: none of the {total} packages of poetry.lock has a measured wheel")
            }
            CacheSize::Unknown(why) => format!("size unknown: {why}"),
        };
        format!(
            "; poetry install on line {} leaves the wheels it downloaded in {} ({size})",
            r.line, r.cache_dir
        )
    });
    let via = match s.how {
        How::Pip => format!("in {}", s.location),
        How::Pipx => format!("in its pipx virtual environment under {}", s.location),
        How::Installer => format!("in its own virtual environment in {}", s.location),
    };
    let message = match copy {
        None => format!(
            "Poetry ships in the image, {via}: {poetry_text}{}",
            cache_text.unwrap_or_default()
        ),
        Some(c) => format!(
            "copies {} from stage {}, which holds Poetry (installed on line {}, {via}): {poetry_text}{}",
            c.source,
            cx.sim.stages[c.from].display_name(),
            s.line,
            cache_text.unwrap_or_default()
        ),
    };
    let f = out.emit(span, message);
    f.cost = cost.map(Cost::bytes);
    let start = if poetry_run {
        " Start the application from the venv (its bin on PATH) rather than with poetry run."
    } else {
        ""
    };
    f.help = match copy {
        None => format!("Install with Poetry in a builder stage (poetry config virtualenvs.in-project true && poetry install --only main --no-root) and copy only the virtual environment into the final stage (COPY --from=build /app/.venv /app/.venv, ENV PATH=/app/.venv/bin:$PATH); or run poetry export -f requirements.txt in the builder and pip install --no-cache-dir -r requirements.txt in the final stage.{start}"),
        Some(_) => format!("Copy only the virtual environment Poetry installed into (virtualenvs.in-project true: /app/.venv), not the builder's filesystem or Poetry's own home.{start}"),
    };
}

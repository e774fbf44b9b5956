//! pip (-r, --user, --prefix, --target, venvs, console scripts, the cache) and `python -m venv`.

use super::ctx::RunCtx;
use crate::sim::base::stage_facts;
use crate::sim::budget::{Truncation, MAX_REQUIREMENT_LINES};
use crate::sim::size::{human, Bytes};
use crate::sim::vfs::Unseen;
use crate::sim::vfs::{self, Kind, Origin};
use crate::sim::{LayerFact, LeftoverKind, PipInstall};
use layerlab_catalog as catalog;
use layerlab_catalog::{version_cmp, version_key};
// pip

/// A requirement line's distribution name (PEP 503-normalised) and spec.
pub fn requirement_name(line: &str) -> Option<(String, String)> {
    let l = line.split('#').next().unwrap_or("").trim();
    if l.is_empty() || l.starts_with('-') {
        return None;
    }
    if l.contains("://") || l.starts_with('.') || l.starts_with('/') {
        return None;
    }
    let end = l
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(l.len());
    let name = &l[..end];
    if name.is_empty() {
        return None;
    }
    Some((normalize_dist(name), l.to_string()))
}

/// A requirement's version specifiers, without its name, extras and
/// environment marker (`flask[async]>=2,<3; python_version>"3"` → `>=2,<3`).
pub fn version_specifiers(spec: &str) -> &str {
    spec[spec
        .find(|c: char| "<>=!~".contains(c))
        .unwrap_or(spec.len())..]
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
}

pub fn normalize_dist(name: &str) -> String {
    let mut out = String::new();
    let mut last_sep = false;
    for c in name.chars() {
        if c == '-' || c == '_' || c == '.' {
            if !last_sep {
                out.push('-');
            }
            last_sep = true;
        } else {
            out.push(c.to_ascii_lowercase());
            last_sep = false;
        }
    }
    out
}

/// Console scripts that well-known distributions install (their entry
/// points); None for a distribution this list does not know.
fn console_scripts(dist: &str) -> Option<&'static [&'static str]> {
    Some(match dist {
        "flask" => &["flask"],
        "gunicorn" => &["gunicorn"],
        "uvicorn" => &["uvicorn"],
        "django" => &["django-admin"],
        "celery" => &["celery"],
        "pytest" => &["pytest", "py.test"],
        "black" => &["black", "blackd"],
        "fastapi" => &["fastapi"],
        "httpie" => &["http", "https"],
        "alembic" => &["alembic"],
        "jupyter" | "jupyterlab" => &["jupyter"],
        "streamlit" => &["streamlit"],
        "ruff" => &["ruff"],
        "mypy" => &["mypy"],
        "poetry" => &["poetry"],
        "pipenv" => &["pipenv"],
        "awscli" => &["aws"],
        "ansible" | "ansible-core" => &["ansible"],
        "scrapy" => &["scrapy"],
        "sqlalchemy" | "requests" | "numpy" | "pandas" | "jinja2" | "werkzeug" => &[],
        "click" | "itsdangerous" | "markupsafe" | "blinker" => &[],
        "wheel" => &["wheel"],
        "setuptools" => &[],
        "pip" => &["pip", "pip3"],
        "gevent" | "psycopg2" | "psycopg2-binary" | "psycopg" | "redis" | "pydantic" => &[],
        "boto3" | "botocore" | "six" | "urllib3" | "certifi" | "idna" | "charset-normalizer" => &[],
        "pyyaml" | "python-dotenv" | "starlette" | "aiohttp" | "httpx" | "pillow" => &[],
        _ => return None,
    })
}

/// Every console script name the list above knows, with its distribution.
pub fn known_console_script(name: &str) -> Option<&'static str> {
    const DISTS: &[&str] = &[
        "flask",
        "gunicorn",
        "uvicorn",
        "django",
        "celery",
        "pytest",
        "black",
        "fastapi",
        "httpie",
        "alembic",
        "jupyter",
        "streamlit",
        "ruff",
        "mypy",
        "poetry",
        "pipenv",
        "awscli",
        "ansible",
        "scrapy",
        "wheel",
    ];
    DISTS
        .iter()
        .find(|d| console_scripts(d).is_some_and(|s| s.contains(&name)))
        .copied()
}

/// The Python version in a site-packages path (`…/python3.12/site-packages`).
fn plan_python(site: &str) -> Option<String> {
    site.split('/')
        .find_map(|seg| seg.strip_prefix("python"))
        .filter(|v| v.contains('.'))
        .map(str::to_string)
}

/// How a requirements file is named in the build context, for "add this file".
fn context_name(cx: &RunCtx, image_path: &str, written: &str) -> String {
    match crate::sim::run::ctx::context_origin(cx.stage(), image_path) {
        Some(p) => p,
        None => vfs::basename(written).to_string(),
    }
}

struct PipPlan {
    site: String,
    bin: String,
}

/// What `pip install`'s arguments ask for.
#[derive(Default)]
struct InstallArgs {
    /// Requirements by (normalised name, requirement text), the files' included.
    reqs: Vec<(String, String)>,
    /// Local projects, wheels or archives (`.`, `/wheels/*.whl`, a URL).
    local: Vec<String>,
    user: bool,
    no_cache: bool,
    /// `--no-compile`: no `.pyc` files.
    no_compile: bool,
    prefix: Option<String>,
    target: Option<String>,
    install_option: bool,
    req_files: Vec<String>,
    /// `-f`/`--find-links` values.
    find_links: Vec<String>,
}

/// `pip install …` (also `python -m pip`).
pub(super) fn pip(
    mut cx: RunCtx,
    pip_path: &str,
    args: &[String],
    no_cache_assigned: &Option<String>,
) {
    if args.first().map(String::as_str) != Some("install") {
        pip_other(&mut cx, args);
        return;
    }
    if !python_present(&mut cx, pip_path) {
        return;
    }
    let mut a = install_args(&mut cx, &args[1..]);
    let unread = read_requirement_files(&mut cx, &a.req_files, &mut a.reqs);
    if a.install_option {
        cx.note("--install-option: rejected by pip 23.1 and later; location options rejected since pip 20.2".into());
    }
    let env_no_cache = cx
        .env("PIP_NO_CACHE_DIR")
        .or_else(|| no_cache_assigned.clone());
    a.no_cache |= truthy(env_no_cache);
    let plan = install_plan(&mut cx, pip_path, &mut a);
    let python = install_python(&cx, &plan, &a);
    record_install(&mut cx, &plan, &a, unread, python.clone());
    let cache = install_sizes(&mut cx, &plan, &a.reqs, python.as_deref(), !a.no_compile);
    if !a.no_cache && (!a.reqs.is_empty() || !a.req_files.is_empty()) {
        // Without the requirements, or when the model installs nothing new
        // (an upgrade of what the image has), the downloads are not known.
        let cache = if a.reqs.is_empty() || cache.is_zero() {
            Bytes::UNKNOWN
        } else {
            cache
        };
        pip_cache(&mut cx, cache);
    }
}

/// An environment value that turns an option on (`1`, `yes`, `true`, …).
fn truthy(v: Option<String>) -> bool {
    v.is_some_and(|v| !matches!(v.as_str(), "" | "0" | "false" | "no" | "off"))
}

/// `pip uninstall`, `pip wheel`, `pip download`, …
fn pip_other(cx: &mut RunCtx, args: &[String]) {
    match args.first().map(String::as_str) {
        Some("uninstall") => cx.note("pip uninstall: removes packages (not modelled)".into()),
        Some(sub @ ("wheel" | "download")) => {
            let flag = if sub == "wheel" {
                ["-w", "--wheel-dir"]
            } else {
                ["-d", "--dest"]
            };
            let dir = args
                .iter()
                .position(|a| flag.contains(&a.as_str()))
                .and_then(|i| args.get(i + 1))
                .map_or_else(|| cx.cwd().to_string(), |d| cx.path(d));
            cx.note(format!(
                "pip {sub}: files in {dir} (names and size unknown)"
            ));
            cx.region(
                &dir,
                Unseen::BuildOutput {
                    tool: format!("pip {sub}"),
                },
            );
        }
        _ => {}
    }
}

/// pip must exist: an image without Python (debian, alpine, node, …) fails
/// here (false, and the layer says so).
fn python_present(cx: &mut RunCtx, pip_path: &str) -> bool {
    if !pip_path.contains('/')
        && cx.stage().python.is_none()
        && known_without_python(cx)
        && !on_path(cx, pip_path)
    {
        cx.note(format!("{pip_path}: not found; this image has no Python (install it first, or start FROM a python image); the build fails here"));
        cx.fact(LayerFact::NoPython {
            program: pip_path.to_string(),
        });
        return false;
    }
    true
}

/// Reads `pip install`'s arguments (after `install`).
fn install_args(cx: &mut RunCtx, args: &[String]) -> InstallArgs {
    let mut out = InstallArgs::default();
    let mut i = 0;
    while i < args.len() {
        i = install_arg(cx, args, i, &mut out);
    }
    out
}

/// Reads the argument at `i` (and its value), returns the index of the next one.
fn install_arg(cx: &mut RunCtx, args: &[String], i: usize, out: &mut InstallArgs) -> usize {
    let a = &args[i];
    let value = |name: &str| -> (Option<String>, usize) {
        if let Some(v) = a.strip_prefix(&format!("{name}=")) {
            (Some(v.to_string()), i + 1)
        } else {
            (args.get(i + 1).cloned(), i + 2)
        }
    };
    match a.as_str() {
        "--user" => out.user = true,
        "--no-cache-dir" => out.no_cache = true,
        "--no-compile" => out.no_compile = true,
        "-r" | "--requirement" => {
            let (v, n) = value("--requirement");
            out.req_files.extend(v);
            return n;
        }
        s if s.starts_with("--requirement=") || (s.starts_with("-r") && s.len() > 2) => {
            out.req_files.push(
                s.trim_start_matches("--requirement=")
                    .trim_start_matches("-r")
                    .to_string(),
            );
        }
        "--prefix" | "--target" | "-t" | "--root" | "--index-url" | "-i" | "--extra-index-url"
        | "-c" | "--constraint" | "-f" | "--find-links" | "--trusted-host" | "--platform"
        | "--python-version" | "--only-binary" | "--no-binary" | "-e" | "--editable" => {
            let name = if a == "-t" { "--target" } else { a.as_str() };
            let (v, n) = value(name);
            match name {
                "-f" | "--find-links" => out.find_links.extend(v),
                "--prefix" => out.prefix = v,
                "--target" => out.target = v,
                "-e" | "--editable" => {
                    cx.note(format!("editable install of {}", v.unwrap_or_default()))
                }
                _ => {}
            }
            return n;
        }
        s if s.starts_with("--prefix=") => out.prefix = Some(s["--prefix=".len()..].to_string()),
        s if s.starts_with("--target=") => out.target = Some(s["--target=".len()..].to_string()),
        s if s.starts_with("--find-links=") => {
            out.find_links.push(s["--find-links=".len()..].to_string())
        }
        s if s.starts_with("--install-option") || s.starts_with("--global-option") => {
            out.install_option = true;
            // Its value: after `=`, else the next argument.
            let (v, n) = match (s.split_once('='), args.get(i + 1)) {
                (Some((_, v)), _) => (Some(v), i + 1),
                (None, Some(next)) => (Some(next.as_str()), i + 2),
                (None, None) => (None, i + 1),
            };
            if let Some(p) = v.and_then(|v| v.strip_prefix("--prefix=")) {
                out.prefix = Some(p.to_string());
            }
            return n;
        }
        s if s.starts_with('-') => {}
        s => match requirement_name(s) {
            Some(r) => out.reqs.push(r),
            None => out.local.push(s.to_string()),
        },
    }
    i + 1
}

/// The directories an install reads wheels or archives from: the folder
/// of each local file argument (`/wheels/*.whl`, `dist/app-1.0.tar.gz`)
/// and each local `--find-links` directory, absolute.
fn wheel_dirs(cx: &RunCtx, a: &InstallArgs) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let archive = |s: &str| {
        s.contains('*')
            || [".whl", ".tar.gz", ".zip", ".tgz"]
                .iter()
                .any(|e| s.ends_with(e))
    };
    for l in a.local.iter().filter(|l| !l.contains("://") && archive(l)) {
        let p = cx.path(l);
        if let Some(d) = crate::sim::vfs::parent(&p) {
            if d != "/" && !out.iter().any(|o| o == d) {
                out.push(d.to_string());
            }
        }
    }
    for f in a.find_links.iter().filter(|f| !f.contains("://")) {
        let d = cx.path(f.trim_start_matches("file:"));
        if d != "/" && !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// Adds the requirements of each `-r` file of the build context to `reqs`;
/// returns the files that could not be read (as the context names them).
fn read_requirement_files(
    cx: &mut RunCtx,
    files: &[String],
    reqs: &mut Vec<(String, String)>,
) -> Vec<String> {
    let mut unread: Vec<String> = Vec::new();
    let mut read: std::collections::HashSet<String> = Default::default();
    for f in files {
        let p = cx.path(f);
        // The same file named twice is read once.
        if !read.insert(p.clone()) {
            continue;
        }
        match cx.context_text(&p) {
            Some(text) => {
                let room = MAX_REQUIREMENT_LINES.saturating_sub(reqs.len());
                let mut lines = text.lines();
                reqs.extend(lines.by_ref().take(room).filter_map(requirement_name));
                if lines.next().is_some() {
                    cx.truncated(Truncation::RequirementLines {
                        file: f.clone(),
                        line: cx.line(),
                    });
                }
            }
            None => {
                cx.note(format!(
                    "{f}: contents unknown (not in the build context): it installs packages whose names and size are unknown"
                ));
                unread.push(context_name(cx, &p, f));
            }
        }
    }
    unread
}

/// Where the packages go: `--target`, `--prefix`, a venv, the user's
/// site (`--user`, or pip's fallback for a user who cannot write to the
/// system's), else the system's.
fn install_plan(cx: &mut RunCtx, pip_path: &str, a: &mut InstallArgs) -> PipPlan {
    let py = cx.stage().python.clone().unwrap_or_else(|| "3".into());
    a.user |= truthy(cx.env("PIP_USER"));
    let pyver = format!("python{py}");
    let venv = venv_of(cx, pip_path);
    // pip 20 and later fall back to a user install when the system
    // site-packages is not writable and the user has a home to write to.
    let home = cx.env("HOME").unwrap_or_else(|| cx.home());
    let system_wide = a.target.is_none() && a.prefix.is_none() && !a.user && venv.is_none();
    let falls_back =
        system_wide && !cx.is_root() && !cx.stage().fs.presence(&home).is_absent() && home != "/";
    if falls_back {
        cx.note(format!(
            "pip runs as {}, who cannot write to /usr/local: pip defaults to a user installation in {home}/.local",
            cx.user()
        ));
        a.user = true;
    }
    let plan = if let Some(t) = &a.target {
        let t = cx.path(t);
        PipPlan {
            site: t.clone(),
            bin: format!("{t}/bin"),
        }
    } else if let Some(p) = &a.prefix {
        let p = cx.path(p);
        PipPlan {
            site: format!("{p}/lib/{pyver}/site-packages"),
            bin: format!("{p}/bin"),
        }
    } else if let Some(v) = venv {
        let vpy = venv_python(cx, &v).unwrap_or(pyver.clone());
        PipPlan {
            site: format!("{v}/lib/{vpy}/site-packages"),
            bin: format!("{v}/bin"),
        }
    } else if a.user {
        // PYTHONUSERBASE, else ~/.local (HOME as ENV sets it, else the account's).
        let base = cx
            .env("PYTHONUSERBASE")
            .map(|b| cx.path(&b))
            .unwrap_or_else(|| vfs::normalize(".local", &home));
        PipPlan {
            site: vfs::normalize(&format!("lib/{pyver}/site-packages"), &base),
            bin: vfs::normalize("bin", &base),
        }
    } else {
        PipPlan {
            site: format!("/usr/local/lib/{pyver}/site-packages"),
            bin: "/usr/local/bin".into(),
        }
    };
    if system_wide && !falls_back && !cx.is_root() && plan.site.starts_with("/usr/local/") {
        cx.note(format!(
            "pip runs as {}, who cannot write to {} and has no home for a user installation: the install fails (permission denied) unless a venv is used",
            cx.user(),
            plan.site
        ));
        cx.fact(LayerFact::PipPermissionDenied {
            user: cx.user(),
            site: plan.site.clone(),
        });
    }
    plan
}

/// The Python version pip installs for: the site-packages path's, else the
/// stage's (from the base image's facts).
fn install_python(cx: &RunCtx, plan: &PipPlan, a: &InstallArgs) -> Option<String> {
    match &a.target {
        Some(_) => cx.stage().python.clone(),
        None => plan_python(&plan.site).or_else(|| cx.stage().python.clone()),
    }
}

/// The install as a fact for the rules, and the unseen packages of the
/// lists the simulation could not read.
fn record_install(
    cx: &mut RunCtx,
    plan: &PipPlan,
    a: &InstallArgs,
    unread: Vec<String>,
    python: Option<String>,
) {
    let mut dists: Vec<String> = Vec::new();
    let mut named: std::collections::HashSet<&str> = Default::default();
    for (name, _) in &a.reqs {
        if named.insert(name.as_str()) {
            dists.push(name.clone());
        }
    }
    let wheel_dirs = wheel_dirs(cx, a);
    cx.pip_install(PipInstall {
        line: cx.line(),
        site: plan.site.clone(),
        bin: plan.bin.clone(),
        python,
        dists,
        unread: unread.clone(),
        local: a.local.clone(),
        wheel_dirs,
    });
    // Packages from lists the simulation could not read: some are there,
    // their names are not known, and so are their launchers.
    for list in unread.iter().chain(&a.local) {
        for dir in [&plan.site, &plan.bin] {
            cx.region(
                dir,
                Unseen::Packages {
                    manager: "pip".into(),
                    list: Some(list.clone()),
                },
            );
        }
    }
}

/// A requirement's measured row: the row, whether its version is one the
/// requirement allows, and whether it was resolved for the stage's Python.
struct MeasuredRow {
    name: String,
    row: &'static catalog::PipPackage,
    exact_version: bool,
    same_python: bool,
}

/// The measured rows of the requirements (each name once, smallest closure
/// first), and the names without one.
fn measured_rows(
    reqs: &[(String, String)],
    python: Option<&str>,
) -> (Vec<MeasuredRow>, Vec<String>) {
    let mut rows: Vec<MeasuredRow> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut looked_up: std::collections::HashSet<&str> = Default::default();
    for (name, spec) in reqs {
        if !looked_up.insert(name.as_str()) {
            continue;
        }
        match pip_row(name, spec, python) {
            Some((m, exact_version)) => rows.push(MeasuredRow {
                name: name.clone(),
                row: m.row,
                exact_version,
                same_python: m.same_python,
            }),
            None => unknown.push(name.clone()),
        }
    }
    layerlab_sort::sort_by_key(&mut rows, |r| {
        (r.row.n_deps, r.row.installed_bytes_with_deps)
    });
    (rows, unknown)
}

/// The bytes one distribution of a measured closure adds, with its range:
/// the wheel's row in `pip-dists.csv` for this Python (CPython 3.11:
/// measured; other versions: the unpacked members exactly, the `.pyc`
/// estimated from the 3.11 ratio, so their share is widened by ±40%).
fn dist_bytes(
    name: &str,
    version: &str,
    minor: Option<u32>,
    compile: bool,
) -> Option<(Bytes, &'static catalog::PipDist)> {
    let d = catalog::pip_dist(name, version, minor)
        .or_else(|| catalog::pip_dist(name, version, None))?;
    let (b, measured) = d.installed_bytes(minor, compile);
    let rel = if measured {
        0.05
    } else {
        0.05 + 0.4 * d.pyc_estimate() as f64 / b.max(1) as f64
    };
    Some((Bytes::about(b, rel), d))
}

/// Sizes from the measured tables, one entry per distribution; returns the
/// estimate of pip's cache (the wheels downloaded). Each row is a
/// requirement's resolved closure for one Python; a distribution shared
/// between requirements counts once (taken smallest closure first).
fn install_sizes(
    cx: &mut RunCtx,
    plan: &PipPlan,
    reqs: &[(String, String)],
    python: Option<&str>,
    compile: bool,
) -> Bytes {
    let (rows, unknown) = measured_rows(reqs, python);
    let mut cache = Bytes::ZERO;
    let mut installed_set: std::collections::BTreeSet<String> = Default::default();
    let mut installed: Vec<String> = Vec::new();
    let mut other_python: Vec<&str> = Vec::new();
    let mut estimated_pyc = false;
    for m in rows {
        let row = m.row;
        let row_minor = catalog::python_minor(row.python);
        let closure: Vec<(String, &str)> = std::iter::once((m.name.clone(), row.version))
            .chain(row.dependencies().map(|(d, v)| (normalize_dist(d), v)))
            .collect();
        // Each distribution's wheel; what the table lacks gets an equal
        // share of the row's total that the known wheels leave.
        let sizes: Vec<Option<(Bytes, &catalog::PipDist)>> = closure
            .iter()
            .map(|(d, v)| dist_bytes(d, v, row_minor, compile))
            .collect();
        let total = if compile {
            row.installed_bytes_with_deps
        } else {
            row.installed_bytes_without_pyc()
        }
        .unwrap_or(0);
        let known: u64 = sizes.iter().flatten().map(|(b, _)| b.value).sum();
        let missing = sizes.iter().filter(|s| s.is_none()).count() as u64;
        let share = total.saturating_sub(known) / missing.max(1);
        let mut widen = if m.exact_version { 0.0 } else { 0.4 };
        if !m.same_python {
            widen = f64::max(widen, 0.25);
            if !other_python.contains(&row.python) {
                other_python.push(row.python);
            }
        }
        let mut new_bytes = 0u64;
        for ((d, _), size) in closure.iter().zip(&sizes) {
            if !installed_set.insert(d.clone()) {
                continue;
            }
            let (b, dist) = match size {
                Some((b, dist)) => (*b, Some(*dist)),
                None => (Bytes::about(share, 0.3), None),
            };
            let b = if widen > 0.0 {
                Bytes::about(
                    b.value,
                    f64::max(widen, (b.high - b.value) as f64 / b.value.max(1) as f64),
                )
            } else {
                b
            };
            if let Some(dist) = dist {
                estimated_pyc |= compile && row_minor != Some(11) && dist.py_bytes > 0;
                cache += Bytes::about(dist.wheel_bytes, 0.1);
            }
            new_bytes += b.value;
            installed_dist(cx, plan, d, dist, b);
        }
        let measured = if m.exact_version {
            String::new()
        } else {
            format!(", measured for {}", row.version)
        };
        installed.push(format!(
            "{} {} {}{measured}",
            row.name,
            row.version,
            human(new_bytes)
        ));
    }
    for name in &unknown {
        installed_dist(cx, plan, name, None, Bytes::UNKNOWN);
    }
    if !unknown.is_empty() {
        cx.note(format!(
            "not in the measured table: {} (size unknown)",
            unknown.join(", ")
        ));
    }
    if !installed.is_empty() {
        let py = match python {
            Some(p) => format!(" (CPython {p})"),
            None => String::new(),
        };
        cx.note(format!(
            "pip installs {} into {}{py}",
            installed.join(", "),
            plan.site
        ));
    }
    if !other_python.is_empty() {
        cx.note(format!(
            "resolved for Python {} (the nearest measured), not {}: sizes ±25%",
            other_python.join(", "),
            python.unwrap_or("this image's")
        ));
    }
    if estimated_pyc {
        cx.note(format!(
            "`.pyc` bytes for Python {} are an estimate: the `.py` bytes × the ratio CPython 3.11 showed ({:.2})",
            python.unwrap_or("?"),
            catalog::PIP_PYC_PER_PY_BYTE_CP311
        ));
    }
    cache
}

/// pip's cache of downloaded wheels in the user's home, a leftover.
fn pip_cache(cx: &mut RunCtx, cache: Bytes) {
    let cache_dir = cx.in_home(".cache/pip");
    cx.put(
        &cache_dir,
        Kind::Directory,
        cache,
        Origin::Run {
            command: "pip install".into(),
        },
    );
    if let Some(e) = cx.stage_mut().fs.get_mut(&cache_dir) {
        e.opaque = true;
    }
    cx.leftover(
        LeftoverKind::PipCache,
        &cache_dir,
        cache,
        if cache.complete {
            format!("pip keeps the downloaded wheels in {cache_dir} (about {}); add --no-cache-dir", human(cache.value))
        } else {
            format!("pip keeps the downloaded wheels in {cache_dir} (size unknown without the requirements); add --no-cache-dir")
        },
    );
    cx.note(format!("pip cache in {cache_dir}: {cache}"));
}

/// True when the stage's base is known to the catalogue and ships no Python.
fn known_without_python(cx: &RunCtx) -> bool {
    let facts = match &cx.stage().base {
        crate::sim::Base::Image { facts: Some(f), .. } => Some(f.as_ref()),
        crate::sim::Base::Stage { index } => stage_facts(cx.stages(), *index),
        crate::sim::Base::Scratch => return true,
        _ => None,
    };
    facts.is_some_and(|f| f.status != "unknown" && f.runtime.as_deref() != Some("python"))
}

/// Whether an executable of this name is in the stage's filesystem on PATH.
fn on_path(cx: &RunCtx, name: &str) -> bool {
    let path = cx.env("PATH").unwrap_or_default();
    path.split(':')
        .any(|d| cx.stage().fs.exists(&format!("{d}/{name}")))
}

/// The measured row for a requirement and Python: one whose version
/// satisfies the requirement's specifiers (true), else the newest measured
/// (false); with extras, a row with the same extras if there is one.
fn pip_row(name: &str, spec: &str, python: Option<&str>) -> Option<(catalog::PipMatch, bool)> {
    let specs = version_specifiers(spec);
    let extras = requirement_extras(spec);
    let accept = |r: &catalog::PipPackage| specs.is_empty() || version_satisfies(r.version, specs);
    for ex in [extras.as_str(), ""] {
        if let Some(m) = catalog::pip_package_for(name, ex, &accept, python) {
            return Some((m, ex == extras));
        }
        if let Some(m) = catalog::pip_package_for(name, ex, &|_| true, python) {
            return Some((m, false));
        }
    }
    None
}

/// A requirement's extras, normalised, sorted, comma-separated
/// (`uvicorn[standard]` → `standard`).
fn requirement_extras(spec: &str) -> String {
    let head = spec.split(';').next().unwrap_or("");
    let Some(open) = head.find('[') else {
        return String::new();
    };
    let Some(close) = head[open..].find(']') else {
        return String::new();
    };
    let mut ex: Vec<String> = head[open + 1..open + close]
        .split(',')
        .map(|e| normalize_dist(e.trim()))
        .filter(|e| !e.is_empty())
        .collect();
    layerlab_sort::sort(&mut ex);
    ex.join(",")
}

/// PEP 440 specifiers, numerically (`>=19,<20`, `==2.0.*`, `~=1.4`).
pub fn version_satisfies(version: &str, specs: &str) -> bool {
    use std::cmp::Ordering::*;
    specs
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .all(|s| {
            let op_len = s.find(|c: char| !"<>=!~".contains(c)).unwrap_or(s.len());
            let (op, v) = (&s[..op_len], s[op_len..].trim());
            if let Some(prefix) = v.strip_suffix(".*") {
                let starts = version == prefix || version.starts_with(&format!("{prefix}."));
                return if op == "!=" { !starts } else { starts };
            }
            let o = version_cmp(version, v);
            match op {
                "==" | "===" => o == Equal,
                "!=" => o != Equal,
                ">=" => o != Less,
                "<=" => o != Greater,
                ">" => o == Greater,
                "<" => o == Less,
                "~=" => {
                    let mut upper = version_key(v);
                    upper.pop();
                    if let Some(last) = upper.last_mut() {
                        *last += 1;
                    }
                    let upper: Vec<String> = upper.iter().map(|n| n.to_string()).collect();
                    o != Less && version_cmp(version, &upper.join(".")) == Less
                }
                _ => true,
            }
        })
}

/// Puts a distribution (an opaque directory of its size) into site-packages
/// and its console scripts (from its measured wheel, else the list above)
/// into the plan's bin directory.
fn installed_dist(
    cx: &mut RunCtx,
    plan: &PipPlan,
    dist: &str,
    measured: Option<&catalog::PipDist>,
    size: Bytes,
) {
    let origin = Origin::Pip {
        dist: dist.to_string(),
    };
    let scripts: Option<Vec<&str>> = match measured {
        Some(d) => Some(d.scripts().collect()),
        None => console_scripts(dist).map(|s| s.to_vec()),
    };
    match scripts {
        Some(scripts) => {
            for s in scripts {
                let p = format!("{}/{s}", plan.bin);
                cx.put(&p, Kind::Executable, Bytes::ZERO, origin.clone());
            }
        }
        // Its launchers, if any, are not known by name (their bytes are in
        // the package's measured size, or its size is unknown anyway).
        None => cx.names_unknown(
            &plan.bin,
            Unseen::Packages {
                manager: "pip".into(),
                list: None,
            },
        ),
    }
    let d = format!("{}/{}", plan.site, dist.replace('-', "_"));
    cx.put_opaque_dir(&d, size, origin);
}

/// The venv a pip executable belongs to: `/opt/venv/bin/pip`, or the first
/// PATH entry that is a venv's bin and has pip.
fn venv_of(cx: &RunCtx, pip_path: &str) -> Option<String> {
    let is_venv = |dir: &str| cx.stage().fs.exists(&format!("{dir}/pyvenv.cfg"));
    if pip_path.contains('/') {
        let p = cx.path(pip_path);
        let bin = vfs::parent(&p)?;
        let root = vfs::parent(bin)?;
        return is_venv(root).then(|| root.to_string());
    }
    let path = cx.env("PATH").unwrap_or_default();
    for dir in path.split(':') {
        if let Some(root) = dir.strip_suffix("/bin") {
            if is_venv(root) {
                return Some(root.to_string());
            }
        }
        if cx.stage().fs.exists(&format!("{dir}/pip"))
            || cx.stage().fs.exists(&format!("{dir}/python"))
        {
            break;
        }
    }
    None
}

fn venv_python(cx: &RunCtx, venv: &str) -> Option<String> {
    let e = cx.stage().fs.get(&format!("{venv}/pyvenv.cfg"))?;
    match &e.origin {
        Origin::Venv { python } => Some(format!("python{python}")),
        _ => None,
    }
}

/// `python -m venv DIR`.
pub(super) fn venv(mut cx: RunCtx, python: &str, args: &[String]) {
    let Some(dir) = args.iter().rev().find(|a| !a.starts_with('-')) else {
        return;
    };
    let dir = cx.path(dir);
    let ver = match vfs::basename(python).strip_prefix("python") {
        Some(v) if v.contains('.') => v.to_string(),
        _ => cx.stage().python.clone().unwrap_or_else(|| "3".into()),
    };
    let origin = Origin::Venv {
        python: ver.clone(),
    };
    cx.put(
        &format!("{dir}/pyvenv.cfg"),
        Kind::File,
        Bytes::ZERO,
        origin.clone(),
    );
    cx.put(
        &format!("{dir}/bin/python"),
        Kind::Symlink {
            target: python.to_string(),
        },
        Bytes::ZERO,
        origin.clone(),
    );
    cx.put(
        &format!("{dir}/bin/python{ver}"),
        Kind::Symlink {
            target: python.to_string(),
        },
        Bytes::ZERO,
        origin.clone(),
    );
    let (line, layer) = (cx.line(), cx.layer());
    cx.stage_mut().fs.mkdir_p(
        &format!("{dir}/lib/python{ver}/site-packages"),
        Some(line),
        Some(layer),
        &origin,
    );
    let without_pip = args.iter().any(|a| a == "--without-pip");
    if !without_pip {
        cx.put(
            &format!("{dir}/bin/pip"),
            Kind::Executable,
            Bytes::ZERO,
            origin.clone(),
        );
        let pip_size = catalog::pip_package("pip")
            .and_then(|r| r.installed_bytes_with_deps)
            .map(|b| Bytes::about(b, 0.2));
        let b = pip_size.unwrap_or(Bytes::UNKNOWN);
        cx.put_opaque_dir(
            &format!("{dir}/lib/python{ver}/site-packages/pip"),
            b,
            origin.clone(),
        );
        if pip_size.is_none() {
            cx.note("the venv's own copy of pip: size not in the tables".into());
        }
    }
    cx.note(format!(
        "creates a Python {ver} virtual environment in {dir}"
    ));
}

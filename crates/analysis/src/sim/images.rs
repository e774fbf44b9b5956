//! What the simulation knows about images and packages, from the catalogue:
//! base-image facts that seed a stage, and the models of pip, venv, apt, apk,
//! npm, go and cargo that RUN uses.

use super::run::RunCtx;
use super::size::{human, Bytes};
use super::vfs::{self, Entry, Kind, Origin};
use super::{LeftoverKind, Stage};
use layerlab_catalog as catalog;
use serde::Serialize;

/// What the catalogue says about a base image, flattened for the report.
#[derive(Clone, Debug, Serialize)]
pub struct ImageFacts {
    /// The reference as written after ARG expansion, in its short form.
    pub reference: String,
    /// The most specific tag this one points to today (`3.12-slim-trixie`).
    pub canonical_tag: Option<String>,
    /// `published`, `no_longer_published`, `never_published` or `unknown`.
    pub status: String,
    pub status_detail: String,
    /// A published tag to use instead, when this one is not published or is past end of life.
    pub suggestion: Option<String>,
    pub distro: Option<String>,
    pub distro_version: Option<String>,
    pub codename: Option<String>,
    pub libc: Option<String>,
    pub package_manager: Option<String>,
    pub runtime: Option<String>,
    pub runtime_version: Option<String>,
    /// End of life of the distro release, and whether it is past on `today`.
    pub distro_eol: Option<String>,
    pub distro_eol_past: bool,
    pub runtime_eol: Option<String>,
    pub runtime_eol_past: bool,
    /// Uncompressed size (exact, or estimated with a range), None when unknown.
    pub size: Option<Bytes>,
    pub size_estimated: bool,
    pub compressed_size: Option<u64>,
    /// Where the size comes from (table, commit, file, image date).
    pub size_source: Option<String>,
    pub user: String,
    pub env: Vec<(String, String)>,
    pub workdir: String,
    pub cmd: Vec<String>,
    pub entrypoint: Vec<String>,
    pub shell: Vec<String>,
    /// Paths known to exist in the image.
    pub paths: Vec<(String, String)>,
    /// Whether the image's defaults (user, env, workdir, …) are in the
    /// tables; when false, an empty `user` means "not known", not root.
    #[serde(skip)]
    pub defaults_known: bool,
}

/// Looks an image up. `Err` for a reference Docker would reject.
pub fn lookup(reference: &str, today: &str) -> Result<Option<ImageFacts>, String> {
    let r = catalog::ImageRef::parse(reference).map_err(|e| e.to_string())?;
    let today = catalog::Date::parse(today)
        .unwrap_or_else(|_| catalog::Date::parse("2026-11-23").expect("a valid date"));
    let info = catalog::lookup(&r, today);
    Ok(Some(facts_from(&r, &info)))
}

fn libc_name(l: catalog::Libc) -> Option<String> {
    Some(
        match l {
            catalog::Libc::Glibc => "glibc",
            catalog::Libc::Musl => "musl",
            catalog::Libc::Uclibc => "uclibc",
            catalog::Libc::Windows => "windows",
            catalog::Libc::Unknown => return None,
        }
        .to_string(),
    )
}

fn pm_name(p: catalog::PackageManager) -> Option<String> {
    Some(
        match p {
            catalog::PackageManager::Apt => "apt",
            catalog::PackageManager::Apk => "apk",
            catalog::PackageManager::Microdnf => "microdnf",
            catalog::PackageManager::None => "none",
            catalog::PackageManager::Unknown => return None,
        }
        .to_string(),
    )
}

/// (date text, past?) of an end-of-life status.
fn eol_text(e: &catalog::EolStatus) -> (String, bool) {
    match e.support {
        catalog::Support::Supported { until: Some(d) } => (d.to_string(), false),
        catalog::Support::Supported { until: None } => ("not yet announced".into(), false),
        catalog::Support::EndsThisMonth { month } => (month.to_string(), false),
        catalog::Support::Extended { eol, until } => {
            (format!("{eol} (extended support until {until})"), true)
        }
        catalog::Support::Ended { on } => (on.to_string(), true),
    }
}

fn facts_from(r: &catalog::ImageRef, info: &catalog::ImageInfo) -> ImageFacts {
    use catalog::TagStatus;
    let (status, detail, mut suggestion) = match &info.status {
        TagStatus::PublishedNow { linux_amd64 } => (
            "published",
            if *linux_amd64 {
                "published in the official images".to_string()
            } else {
                "published, but not for linux/amd64".to_string()
            },
            None,
        ),
        TagStatus::NoLongerPublished { note, .. } => ("no_longer_published", note.clone(), None),
        TagStatus::NeverPublished {
            reason, suggestion, ..
        } => (
            "never_published",
            reason.clone(),
            suggestion.as_ref().map(|s| s.reference.clone()),
        ),
        TagStatus::NotListed { suggestion } => (
            "not_listed",
            "the tag is not in the official-images list; whether it ever existed is not known"
                .to_string(),
            suggestion.as_ref().map(|s| s.reference.clone()),
        ),
        TagStatus::Unknown(reason) => ("unknown", reason.message().to_string(), None),
    };
    if suggestion.is_none() {
        suggestion = info.suggestion.as_ref().map(|s| s.reference.clone());
    }
    let (distro_eol, distro_eol_past) = info
        .distro_eol
        .as_ref()
        .map(eol_text)
        .map_or((None, false), |(t, p)| (Some(t), p));
    let (runtime_eol, runtime_eol_past) = info
        .runtime_eol
        .as_ref()
        .map(eol_text)
        .map_or((None, false), |(t, p)| (Some(t), p));
    let (size, size_estimated, compressed, size_source) = match &info.size {
        Some(sz) => {
            let (lo, hi) = sz.uncompressed.range();
            (
                Some(Bytes::range(sz.uncompressed.bytes(), lo, hi)),
                sz.uncompressed.is_estimated(),
                Some(sz.compressed_bytes),
                Some(format!("{} (image of {})", sz.source(), sz.row.image_date)),
            )
        }
        None => (None, false, None, None),
    };
    let runtime_line = info
        .runtime
        .as_ref()
        .and_then(|rt| rt.line.clone())
        .unwrap_or_default();
    let runtime_version = info
        .runtime
        .as_ref()
        .and_then(|rt| rt.version.clone())
        .unwrap_or_else(|| runtime_line.clone());
    let mut env = Vec::new();
    let mut user = String::new();
    let mut workdir = String::new();
    let mut cmd = Vec::new();
    let mut entrypoint = Vec::new();
    let mut paths = Vec::new();
    if let Some(d) = info.defaults {
        for e in d.env {
            let mut value =
                catalog::ImageDefaults::resolve(e.value, &runtime_line, &runtime_version);
            if value.contains("$PATH") {
                value = value.replace("$PATH", super::DEFAULT_PATH);
            }
            env.push((e.name.to_string(), value));
        }
        user = d.user.map(|u| u.value.to_string()).unwrap_or_default();
        workdir = d.workdir.map(|w| w.value.to_string()).unwrap_or_default();
        cmd = d
            .cmd
            .map(|c| c.value.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default();
        entrypoint = d
            .entrypoint
            .map(|c| c.value.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default();
        for (p, k) in d.resolved_paths(&runtime_line, &runtime_version) {
            let kind = match k {
                catalog::PathKind::File => "file".to_string(),
                catalog::PathKind::Dir | catalog::PathKind::EmptyDir => "dir".to_string(),
                catalog::PathKind::Symlink(t) => format!("symlink:{t}"),
            };
            paths.push((p, kind));
        }
        for a in d.accounts {
            if let Some(h) = a.value.home {
                paths.push((h.to_string(), "dir".into()));
            }
        }
    }
    ImageFacts {
        reference: r.familiar(),
        canonical_tag: info.canonical_tag.map(str::to_string),
        status: status.to_string(),
        status_detail: detail,
        suggestion,
        distro: info.os.map(|o| o.distro.name().to_lowercase()),
        distro_version: info.os.and_then(|o| o.version.map(str::to_string)),
        codename: info.os.and_then(|o| o.codename.map(str::to_string)),
        libc: info.os.and_then(|o| libc_name(o.libc)),
        package_manager: info.os.and_then(|o| pm_name(o.package_manager)),
        runtime: info.runtime.as_ref().map(|rt| rt.name.to_string()),
        runtime_version: info
            .runtime
            .as_ref()
            .and_then(|rt| rt.version.clone().or_else(|| rt.line.clone())),
        distro_eol,
        distro_eol_past,
        runtime_eol,
        runtime_eol_past,
        size,
        size_estimated,
        compressed_size: compressed,
        size_source,
        user,
        env,
        workdir,
        cmd,
        entrypoint,
        shell: Vec::new(),
        paths,
        defaults_known: info.defaults.is_some(),
    }
}

/// Starts a stage from an image's facts.
pub fn seed_stage(stage: &mut Stage, f: &ImageFacts) {
    stage.env = f.env.clone();
    if !stage.env.iter().any(|(k, _)| k == "PATH") {
        stage
            .env
            .insert(0, ("PATH".into(), super::DEFAULT_PATH.into()));
    }
    stage.user = if f.user.is_empty() {
        "root".into()
    } else {
        f.user.clone()
    };
    stage.workdir = if f.workdir.is_empty() {
        "/".into()
    } else {
        f.workdir.clone()
    };
    if !f.shell.is_empty() {
        stage.shell = f.shell.clone();
    }
    if !f.cmd.is_empty() {
        stage.cmd = Some(super::Command {
            args: f.cmd.clone(),
            shell_form: false,
            line: 0,
        });
    }
    if !f.entrypoint.is_empty() {
        stage.entrypoint = Some(super::Command {
            args: f.entrypoint.clone(),
            shell_form: false,
            line: 0,
        });
    }
    stage.base_size = f.size.unwrap_or(Bytes::UNKNOWN);
    stage.compressed_size = f
        .compressed_size
        .map(Bytes::exact)
        .unwrap_or(Bytes::UNKNOWN);
    stage.distro = f.distro.clone();
    stage.package_manager = f.package_manager.clone();
    if f.runtime.as_deref() == Some("python") {
        stage.python = f
            .runtime_version
            .as_ref()
            .map(|v| v.split('.').take(2).collect::<Vec<_>>().join("."));
    }
    for (path, kind) in &f.paths {
        let k = match kind.as_str() {
            "dir" | "directory" => Kind::Directory,
            "exec" | "executable" => Kind::Executable,
            k if k.starts_with("symlink:") => Kind::Symlink {
                target: k["symlink:".len()..].to_string(),
            },
            _ => Kind::File,
        };
        stage
            .fs
            .put(path, Entry::new(k, Bytes::ZERO, None, None, Origin::Base));
    }
    for d in [
        "/root",
        "/home",
        "/tmp",
        "/etc",
        "/usr/local/bin",
        "/usr/bin",
        "/bin",
    ] {
        if !stage.fs.exists(d) {
            stage.fs.mkdir_p(d, None, None, &Origin::Base);
        }
    }
}

/// Compressed (download) size of layers: the catalogue's observed ratio.
pub fn compress_estimate(uncompressed: Bytes, distro: Option<&str>) -> Bytes {
    let family = match distro {
        Some("alpine") => catalog::SizeFamily::Alpine,
        Some("debian") | Some("ubuntu") => catalog::SizeFamily::DebianSlim,
        _ => catalog::SizeFamily::Other,
    };
    let Some(r) = catalog::ratio_stats(family, None)
        .or_else(|| catalog::ratio_stats(catalog::SizeFamily::Other, None))
    else {
        return Bytes::UNKNOWN;
    };
    let (lo, mid, hi) = (r.min, r.mean, r.max);
    Bytes {
        value: (uncompressed.value as f64 / mid).round() as u64,
        low: (uncompressed.low as f64 / hi).round() as u64,
        high: (uncompressed.high as f64 / lo).round() as u64,
        complete: uncompressed.complete,
    }
}

/// The context path a file in `stage` was copied from, if any.
pub fn context_origin(stage: &Stage, path: &str) -> Option<String> {
    match &stage.fs.get(path)?.origin {
        Origin::Context { path } => Some(path.clone()),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
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

/// Console scripts that well-known distributions install (their entry points).
fn console_scripts(dist: &str) -> &'static [&'static str] {
    match dist {
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
        _ => &[],
    }
}

struct PipPlan {
    site: String,
    bin: String,
}

/// `pip install …` (also `python -m pip`).
pub(super) fn pip(
    mut cx: RunCtx,
    pip_path: &str,
    args: &[String],
    no_cache_assigned: &Option<String>,
) {
    if args.first().map(String::as_str) != Some("install") {
        if let Some(sub) = args.first() {
            if sub == "uninstall" {
                cx.note("pip uninstall: removes packages (not modelled)".into());
            }
        }
        return;
    }
    let args = &args[1..];
    // pip must exist: an image without Python (debian, alpine, node, …) fails here.
    if !pip_path.contains('/')
        && cx.stage().python.is_none()
        && known_without_python(&cx)
        && !on_path(&cx, pip_path)
    {
        cx.note(format!("{pip_path}: not found; this image has no Python (install it first, or start FROM a python image); the build fails here"));
        return;
    }
    let mut reqs: Vec<(String, String)> = Vec::new();
    let mut user = false;
    let mut no_cache = false;
    let mut prefix: Option<String> = None;
    let mut target: Option<String> = None;
    let mut install_option = false;
    let mut req_files: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let value = |i: usize, name: &str| -> (Option<String>, usize) {
            if let Some(v) = a.strip_prefix(&format!("{name}=")) {
                (Some(v.to_string()), i + 1)
            } else {
                (args.get(i + 1).cloned(), i + 2)
            }
        };
        match a.as_str() {
            "--user" => {
                user = true;
                i += 1;
            }
            "--no-cache-dir" => {
                no_cache = true;
                i += 1;
            }
            "-r" | "--requirement" => {
                let (v, n) = value(i, "--requirement");
                req_files.extend(v);
                i = n;
            }
            s if s.starts_with("--requirement=") || (s.starts_with("-r") && s.len() > 2) => {
                req_files.push(
                    s.trim_start_matches("--requirement=")
                        .trim_start_matches("-r")
                        .to_string(),
                );
                i += 1;
            }
            "--prefix" | "--target" | "-t" | "--root" | "--index-url" | "-i"
            | "--extra-index-url" | "-c" | "--constraint" | "-f" | "--find-links"
            | "--trusted-host" | "--platform" | "--python-version" | "--only-binary"
            | "--no-binary" | "-e" | "--editable" => {
                let name = if a == "-t" { "--target" } else { a.as_str() };
                let (v, n) = value(i, name);
                match name {
                    "--prefix" => prefix = v,
                    "--target" => target = v,
                    "-e" | "--editable" => {
                        cx.note(format!("editable install of {}", v.unwrap_or_default()))
                    }
                    _ => {}
                }
                i = n;
            }
            s if s.starts_with("--prefix=") => {
                prefix = Some(s["--prefix=".len()..].to_string());
                i += 1;
            }
            s if s.starts_with("--target=") => {
                target = Some(s["--target=".len()..].to_string());
                i += 1;
            }
            s if s.starts_with("--install-option") || s.starts_with("--global-option") => {
                install_option = true;
                if let Some(v) = s.split_once('=').map(|x| x.1.to_string()) {
                    if let Some(p) = v.strip_prefix("--prefix=") {
                        prefix = Some(p.to_string());
                    }
                } else if let Some(v) = args.get(i + 1) {
                    if let Some(p) = v.strip_prefix("--prefix=") {
                        prefix = Some(p.to_string());
                    }
                    i += 1;
                }
                i += 1;
            }
            s if s.starts_with('-') => i += 1,
            s => {
                if let Some(r) = requirement_name(s) {
                    reqs.push(r);
                }
                i += 1;
            }
        }
    }
    for f in &req_files {
        let p = cx.path(f);
        match cx.context_text(&p) {
            Some(text) => reqs.extend(text.lines().filter_map(requirement_name)),
            None => cx.note(format!(
                "{f}: contents unknown (not in the build context), so its packages are unknown"
            )),
        }
    }
    if install_option {
        cx.note("--install-option: rejected by pip 23.1 and later; location options rejected since pip 20.2".into());
    }
    let env_no_cache = cx
        .env("PIP_NO_CACHE_DIR")
        .or_else(|| no_cache_assigned.clone());
    if env_no_cache
        .as_deref()
        .is_some_and(|v| !matches!(v, "" | "0" | "false" | "no" | "off"))
    {
        no_cache = true;
    }

    // Where the packages go.
    let py = cx.stage().python.clone().unwrap_or_else(|| "3".into());
    let system_wide = target.is_none() && prefix.is_none() && !user;
    let pyver = format!("python{py}");
    let venv = venv_of(&cx, pip_path);
    let plan = if let Some(t) = &target {
        let t = cx.path(t);
        PipPlan {
            site: t.clone(),
            bin: format!("{t}/bin"),
        }
    } else if let Some(p) = &prefix {
        let p = cx.path(p);
        PipPlan {
            site: format!("{p}/lib/{pyver}/site-packages"),
            bin: format!("{p}/bin"),
        }
    } else if let Some(v) = venv {
        let vpy = venv_python(&cx, &v).unwrap_or(pyver.clone());
        PipPlan {
            site: format!("{v}/lib/{vpy}/site-packages"),
            bin: format!("{v}/bin"),
        }
    } else if user {
        let home = cx.home();
        PipPlan {
            site: format!("{home}/.local/lib/{pyver}/site-packages"),
            bin: format!("{home}/.local/bin"),
        }
    } else {
        PipPlan {
            site: format!("/usr/local/lib/{pyver}/site-packages"),
            bin: "/usr/local/bin".into(),
        }
    };
    if system_wide && !cx.is_root() && plan.site.starts_with("/usr/local/") {
        cx.note(format!(
            "pip runs as {}, who cannot write to {}: the install fails (permission denied) unless --user or a venv is used",
            cx.user(),
            plan.site
        ));
    }

    // Sizes from the measured table, one entry per distribution. Each row
    // measures a distribution with all its dependencies; dependencies shared
    // between requirements must count once. Requirements are taken smallest
    // closure first; a dependency without a row of its own gets an equal
    // share of what its first closure leaves unexplained.
    let mut total = Bytes::ZERO;
    let mut cache = Bytes::ZERO;
    let mut unknown: Vec<String> = Vec::new();
    let mut est: std::collections::BTreeMap<String, u64> = Default::default();
    let mut installed_set: std::collections::BTreeSet<String> = Default::default();
    let mut installed: Vec<String> = Vec::new();
    let mut rows: Vec<(String, &'static catalog::PipPackage, bool)> = Vec::new();
    for (name, spec) in &reqs {
        if rows.iter().any(|r| &r.0 == name) || unknown.contains(name) {
            continue;
        }
        match pip_row(name, spec) {
            (Some(row), exact) if row.installed_bytes_with_deps.is_some() => {
                rows.push((name.clone(), row, exact))
            }
            _ => unknown.push(name.clone()),
        }
    }
    rows.sort_by_key(|r| (r.1.n_deps, r.1.installed_bytes_with_deps));
    for (name, row, exact_version) in rows {
        let with_deps = row.installed_bytes_with_deps.unwrap_or(0);
        let deps: Vec<String> = row.dependencies().map(|(d, _)| normalize_dist(d)).collect();
        for (d, v) in row.dependencies() {
            let d = normalize_dist(d);
            if let std::collections::btree_map::Entry::Vacant(slot) = est.entry(d.clone()) {
                let own = catalog::pip_package(&format!("{d}=={v}"))
                    .or_else(|| catalog::pip_package(&d))
                    .and_then(|r| r.own_installed_bytes);
                if let Some(own) = own {
                    slot.insert(own);
                }
            }
        }
        let own = row.own_installed_bytes;
        let known: u64 = deps.iter().filter_map(|d| est.get(d)).sum();
        let unexplained: Vec<&String> = deps.iter().filter(|d| !est.contains_key(*d)).collect();
        let own_est = own.unwrap_or_else(|| with_deps.saturating_sub(known));
        if !unexplained.is_empty() {
            let residual = with_deps.saturating_sub(own_est + known);
            let each = residual / unexplained.len() as u64;
            for d in unexplained {
                est.insert(d.clone(), each);
            }
        }
        est.insert(name.clone(), own_est);
        // What this requirement adds that is not installed yet.
        let mut new_bytes = 0u64;
        let rel = if exact_version { 0.2 } else { 0.4 };
        for d in std::iter::once(&name).chain(deps.iter()) {
            if installed_set.insert(d.clone()) {
                let b = est.get(d).copied().unwrap_or(0);
                new_bytes += b;
                installed_dist(&mut cx, &plan, d, Bytes::about(b, rel));
            }
        }
        // Measured on CPython 3.11 with one release: other Python versions
        // and releases differ; ±20% says so (±40% when the requested version
        // was not the one measured).
        total += Bytes::about(new_bytes, rel);
        if let Some(w) = row.wheel_bytes_with_deps {
            let fraction = if with_deps > 0 {
                new_bytes as f64 / with_deps as f64
            } else {
                1.0
            };
            cache += Bytes::about((w as f64 * fraction.min(1.0)).round() as u64, 0.3);
        }
        let measured = if exact_version {
            String::new()
        } else {
            format!(", measured for {}", row.version)
        };
        installed.push(format!("{} {}{measured}", row.name, human(new_bytes)));
    }
    for name in &unknown {
        installed_dist(&mut cx, &plan, name, Bytes::UNKNOWN);
    }
    if !unknown.is_empty() {
        cx.note(format!(
            "not in the measured table: {} (size unknown)",
            unknown.join(", ")
        ));
    }
    if !installed.is_empty() {
        cx.note(format!(
            "pip installs {} into {}",
            installed.join(", "),
            plan.site
        ));
    }
    // pip's cache.
    if !no_cache && (!reqs.is_empty() || !req_files.is_empty()) {
        if reqs.is_empty() {
            cache = Bytes::UNKNOWN;
        }
        let cache_dir = format!("{}/.cache/pip", cx.home());
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
        cx.note(format!(
            "pip cache in {cache_dir}: about {}",
            human(cache.value)
        ));
    }
}

/// True when the stage's base is known to the catalogue and ships no Python.
fn known_without_python(cx: &RunCtx) -> bool {
    let facts = match &cx.stage().base {
        super::Base::Image { facts: Some(f), .. } => Some(f.as_ref()),
        super::Base::Stage { index } => stage_facts(cx.stages(), *index),
        super::Base::Scratch => return true,
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

/// The measured row for a requirement: one whose version satisfies the
/// requirement's specifiers if there is one (true), else the newest measured.
fn pip_row(name: &str, spec: &str) -> (Option<&'static catalog::PipPackage>, bool) {
    let specs = spec[spec
        .find(|c: char| "<>=!~".contains(c))
        .unwrap_or(spec.len())..]
        .split(';')
        .next()
        .unwrap_or("")
        .trim();
    if specs.is_empty() {
        return (catalog::pip_package(name), true);
    }
    let rows: Vec<_> = catalog::pip_packages(name)
        .filter(|r| r.extras.is_empty())
        .collect();
    if let Some(r) = rows.iter().find(|r| version_satisfies(r.version, specs)) {
        return (Some(r), true);
    }
    (catalog::pip_package(name), false)
}

fn version_key(v: &str) -> Vec<u64> {
    v.trim()
        .split('.')
        .map(|p| {
            p.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0)
        })
        .collect()
}

fn cmp_versions(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut x, mut y) = (version_key(a), version_key(b));
    let n = x.len().max(y.len());
    x.resize(n, 0);
    y.resize(n, 0);
    x.cmp(&y)
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
            let o = cmp_versions(version, v);
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
                    o != Less && cmp_versions(version, &upper.join(".")) == Less
                }
                _ => true,
            }
        })
}

/// Puts a distribution (an opaque directory of its size) into site-packages
/// and its console scripts into the plan's bin directory.
fn installed_dist(cx: &mut RunCtx, plan: &PipPlan, dist: &str, size: Bytes) {
    let origin = Origin::Run {
        command: format!("pip install {dist}"),
    };
    for s in console_scripts(dist) {
        let p = format!("{}/{s}", plan.bin);
        cx.put(&p, Kind::Executable, Bytes::ZERO, origin.clone());
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
        Origin::Run { command } => command.strip_prefix("venv ").map(|v| format!("python{v}")),
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
    let origin = Origin::Run {
        command: format!("venv {ver}"),
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

// ---------------------------------------------------------------------------
// apt, apk

pub(super) fn apt(mut cx: RunCtx, prog: &str, args: &[String]) {
    let pm = cx.stage().package_manager.clone();
    if pm.as_deref().is_some_and(|p| p != "apt") {
        cx.note(format!(
            "{prog}: this image has no apt ({} is its package manager); the build fails here",
            pm.unwrap_or_default()
        ));
        return;
    }
    let codename = cx.stage_codename().unwrap_or_else(|| "bookworm".into());
    let sub = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .cloned()
        .unwrap_or_default();
    match sub.as_str() {
        "update" => {
            let size =
                catalog::DebianRelease::from_codename(&codename).map(|r| r.apt_lists_bytes().value);
            let dir = "/var/lib/apt/lists";
            let b = match size {
                Some(n) => Bytes::exact(n),
                None => Bytes::UNKNOWN,
            };
            cx.put(
                &format!("{dir}/{codename}_Packages"),
                Kind::File,
                b,
                Origin::Run {
                    command: format!("{prog} update"),
                },
            );
            cx.note(format!("apt lists for {codename}: {}", human(b.value)));
            cx.leftover(
                LeftoverKind::AptLists,
                dir,
                b,
                format!("{prog} update leaves {} of package lists in {dir}; remove them in the same RUN (rm -rf {dir}/*)", human(b.value)),
            );
        }
        "install" => {
            let no_rec = args.iter().any(|a| {
                a == "--no-install-recommends"
                    || a.contains("Install-Recommends=false")
                    || a.contains("Install-Recommends=0")
            });
            let names: Vec<&str> = args
                .iter()
                .skip_while(|a| *a != "install")
                .skip(1)
                .filter(|a| !a.starts_with('-'))
                .map(|p| p.split('=').next().unwrap_or(p))
                .collect();
            let Some(release) = catalog::DebianRelease::from_codename(&codename) else {
                cx.note(format!("{prog} install: the Debian release of this image is not in the tables; sizes unknown"));
                for n in &names {
                    cx.put_opaque_file(
                        &format!("/var/lib/dpkg/info/{n}.list"),
                        Bytes::UNKNOWN,
                        Origin::Run {
                            command: format!("{prog} install {n}"),
                        },
                    );
                }
                return;
            };
            // Packages installed together share dependencies: the catalogue
            // counts a package whose whole dependency set is inside another's
            // once, and gives a range (largest closure .. sum) otherwise.
            let est = catalog::apt_install_estimate(&names, release);
            let (low, high) = if no_rec {
                (est.low_kib * 1024, est.high_kib * 1024)
            } else {
                let with_rec: Vec<u64> = est
                    .counted
                    .iter()
                    .map(|p| {
                        p.with_recommends_installed_kib
                            .or(p.with_deps_installed_kib)
                            .unwrap_or(0) as u64
                            * 1024
                    })
                    .collect();
                (
                    with_rec.iter().copied().max().unwrap_or(0),
                    with_rec.iter().sum(),
                )
            };
            let value = if low == high { low } else { (low + high) / 2 };
            // dpkg's Installed-Size is itself an estimate: ±10% around the range.
            let total = Bytes::range(value, (low as f64 * 0.9) as u64, (high as f64 * 1.1) as u64);
            let mut parts = Vec::new();
            for p in &est.counted {
                let kib = if no_rec {
                    p.with_deps_installed_kib
                } else {
                    p.with_recommends_installed_kib
                        .or(p.with_deps_installed_kib)
                };
                let own = kib.unwrap_or(0) as u64 * 1024;
                parts.push(format!("{} {}", p.name, human(own)));
                // Each package's part of the total, in proportion to its closure.
                let share = total.scale(if high > 0 {
                    own as f64 / high as f64
                } else {
                    0.0
                });
                cx.put_opaque_file(
                    &format!("/var/lib/dpkg/info/{}.list", p.name),
                    share,
                    Origin::Run {
                        command: format!("{prog} install {}", p.name),
                    },
                );
            }
            for p in &est.covered {
                cx.put_opaque_file(
                    &format!("/var/lib/dpkg/info/{}.list", p.name),
                    Bytes::ZERO,
                    Origin::Run {
                        command: format!("{prog} install {}", p.name),
                    },
                );
            }
            for n in &est.unknown {
                cx.put_opaque_file(
                    &format!("/var/lib/dpkg/info/{n}.list"),
                    Bytes::UNKNOWN,
                    Origin::Run {
                        command: format!("{prog} install {n}"),
                    },
                );
            }
            if !est.unknown.is_empty() {
                cx.note(format!(
                    "not in the Debian table: {} (size unknown)",
                    est.unknown.join(", ")
                ));
            }
            if !est.in_baseline.is_empty() {
                cx.note(format!(
                    "already in the base image: {}",
                    est.in_baseline.join(", ")
                ));
            }
            if !parts.is_empty() {
                cx.note(format!(
                    "installs {} with dependencies, {} ({}{})",
                    parts.join(", "),
                    if no_rec {
                        "without recommended packages"
                    } else {
                        "with recommended packages"
                    },
                    human(value),
                    if low != high {
                        format!(
                            ", between {} and {} depending on shared dependencies",
                            human(low),
                            human(high)
                        )
                    } else {
                        String::new()
                    }
                ));
            }
        }
        "clean" | "dist-clean" | "autoclean" => {
            cx.remove("/var/cache/apt/archives", &format!("{prog} {sub}"));
            if sub == "dist-clean" {
                cx.remove("/var/lib/apt/lists", "apt-get dist-clean");
            }
        }
        _ => {}
    }
}

pub(super) fn apk(mut cx: RunCtx, args: &[String]) {
    let pm = cx.stage().package_manager.clone();
    if pm.as_deref().is_some_and(|p| p != "apk") {
        cx.note(format!(
            "apk: this image has no apk ({} is its package manager); the build fails here",
            pm.unwrap_or_default()
        ));
        return;
    }
    let sub = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .cloned()
        .unwrap_or_default();
    let no_cache = args.iter().any(|a| a == "--no-cache");
    let release = cx.stage_distro_version().unwrap_or_default();
    match sub.as_str() {
        "add" => {
            let mut skip_next = false;
            let mut names = Vec::new();
            for a in args.iter().skip_while(|a| *a != "add").skip(1) {
                if skip_next {
                    skip_next = false;
                    continue;
                }
                if a == "--virtual" || a == "-t" || a == "--repository" || a == "-X" {
                    skip_next = true;
                    continue;
                }
                if !a.starts_with('-') {
                    names.push(
                        a.split(['=', '<', '>', '~'])
                            .next()
                            .unwrap_or(a)
                            .to_string(),
                    );
                }
            }
            let mut total = Bytes::ZERO;
            let mut unknown = Vec::new();
            let mut parts = Vec::new();
            for n in &names {
                match catalog::apk_package(n, &release) {
                    Some(m) => {
                        let rel = if m.other_release || m.other_arch {
                            0.3
                        } else {
                            0.15
                        };
                        let b = Bytes::about(m.package.installed_bytes, rel);
                        parts.push(format!("{n} {}", human(b.value)));
                        total += b;
                        cx.put_opaque_file(
                            &format!("/lib/apk/db/packages/{n}"),
                            b,
                            Origin::Run {
                                command: format!("apk add {n}"),
                            },
                        );
                    }
                    None => {
                        unknown.push(n.clone());
                        cx.put_opaque_file(
                            &format!("/lib/apk/db/packages/{n}"),
                            Bytes::UNKNOWN,
                            Origin::Run {
                                command: format!("apk add {n}"),
                            },
                        );
                    }
                }
            }
            let mut added = total;
            if !unknown.is_empty() {
                added = added.incomplete();
                cx.note(format!(
                    "not in the Alpine table: {} (size unknown; dependencies not counted)",
                    unknown.join(", ")
                ));
            }
            if !parts.is_empty() {
                cx.note(format!(
                    "installs {} (own size; dependencies are not in the table)",
                    parts.join(", ")
                ));
            }
            let _ = added;
            if !no_cache {
                cx.put(
                    "/var/cache/apk/APKINDEX.tar.gz",
                    Kind::File,
                    Bytes::UNKNOWN,
                    Origin::Run {
                        command: "apk add".into(),
                    },
                );
                cx.leftover(
                    LeftoverKind::ApkCache,
                    "/var/cache/apk",
                    Bytes::UNKNOWN,
                    "apk keeps its index in /var/cache/apk; use apk add --no-cache".into(),
                );
            }
        }
        "del" => cx.note("apk del: removes packages; the bytes stay in earlier layers".into()),
        "update" if !no_cache => {
            cx.put(
                "/var/cache/apk/APKINDEX.tar.gz",
                Kind::File,
                Bytes::UNKNOWN,
                Origin::Run {
                    command: "apk update".into(),
                },
            );
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// node, go, cargo

pub(super) fn node_install(mut cx: RunCtx, prog: &str, args: &[String]) {
    let sub = args.first().map(String::as_str).unwrap_or("install");
    let installs =
        matches!(sub, "install" | "i" | "ci" | "add") || (prog == "yarn" && args.is_empty());
    if !installs {
        if matches!(sub, "run" | "build") || args.get(1).is_some_and(|a| a == "build") {
            let dir = cx.path("dist");
            cx.note(format!(
                "{prog} {sub}: build output (e.g. {dir}) of unknown size"
            ));
        }
        return;
    }
    let global = args.iter().any(|a| a == "-g" || a == "--global");
    let dir = if global {
        "/usr/local/lib/node_modules".to_string()
    } else {
        cx.path("node_modules")
    };
    cx.put_opaque_dir(
        &dir,
        Bytes::UNKNOWN,
        Origin::Run {
            command: format!("{prog} {sub}"),
        },
    );
    let omit_dev = args.iter().any(|a| {
        a == "--omit=dev" || a == "--production" || a == "--only=production" || a == "--prod"
    });
    // What package.json (from the build context) asks for.
    let manifest = cx.context_text(&cx.path("package.json"));
    let counts = manifest
        .as_deref()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
        .map(|v| {
            let n = |k: &str| v.get(k).and_then(|d| d.as_object()).map_or(0, |o| o.len());
            (n("dependencies"), n("devDependencies"))
        });
    let what = match counts {
        Some((deps, _)) if omit_dev => {
            format!("{deps} dependencies from package.json (dev dependencies omitted)")
        }
        Some((deps, dev)) => {
            format!("{deps} dependencies and {dev} dev dependencies from package.json")
        }
        None if omit_dev => "the dependencies (dev dependencies omitted)".to_string(),
        None => "the dependencies".to_string(),
    };
    cx.note(format!(
        "{prog} {sub} installs {what} into {dir}: size unknown (no npm size table)"
    ));
    let lock = match prog {
        "npm" => ["package-lock.json", "npm-shrinkwrap.json"]
            .iter()
            .any(|f| cx.stage().fs.exists(&cx.path(f))),
        "yarn" => cx.stage().fs.exists(&cx.path("yarn.lock")),
        _ => cx.stage().fs.exists(&cx.path("pnpm-lock.yaml")),
    };
    if prog == "npm" && sub == "ci" && !lock && manifest.is_some() {
        cx.note("npm ci needs package-lock.json (or npm-shrinkwrap.json) next to package.json; without it the build fails".into());
    } else if !lock && manifest.is_some() && !global {
        cx.note(format!(
            "no {prog} lock file was copied: versions are resolved anew on every build"
        ));
    }
    if prog == "npm" && !args.iter().any(|a| a.starts_with("--cache")) {
        let cache = format!("{}/.npm", cx.home());
        cx.put_opaque_dir(
            &cache,
            Bytes::UNKNOWN,
            Origin::Run {
                command: "npm cache".into(),
            },
        );
        cx.leftover(LeftoverKind::NpmCache, &cache, Bytes::UNKNOWN, format!("npm keeps its cache in {cache}; run npm cache clean --force in the same RUN or use a cache mount"));
    }
}

pub(super) fn go(mut cx: RunCtx, args: &[String], cgo_assigned: Option<String>) {
    let sub = args.first().map(String::as_str).unwrap_or("");
    if sub != "build" && sub != "install" {
        if sub == "mod" {
            cx.note("go mod download: module cache in /go/pkg/mod (size unknown)".into());
        } else if !matches!(sub, "version" | "env" | "vet" | "") {
            cx.note(format!("go {sub}: effect not modelled"));
        }
        return;
    }
    let cgo = cgo_assigned
        .or_else(|| cx.env("CGO_ENABLED"))
        .unwrap_or_else(|| "1".into());
    let mut out = args
        .iter()
        .position(|a| a == "-o")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let pkg = args
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .find(|a| Some(*a) != out.as_ref())
        .cloned();
    if out.is_none() {
        // Without -o the binary is named after the package: the module's last
        // path element (go.mod, from the build context) for ".", else the
        // package directory's name.
        let name = match pkg.as_deref() {
            None | Some(".") => go_module_name(&cx),
            Some(p) if p.starts_with("./") && !p.contains("...") => {
                Some(vfs::basename(p.trim_end_matches('/')).to_string())
            }
            _ => None,
        };
        match name {
            Some(n) if sub == "install" => out = Some(format!("{}/bin/{n}", cx.env("GOPATH").unwrap_or_else(|| "/go".into()))),
            Some(n) => out = Some(n),
            None => cx.note(format!("go {sub} without -o: the binary's name and place are not modelled (no go.mod in the build context)")),
        }
    }
    if out.is_none() {
        return;
    }
    let target = match (sub, out) {
        (_, Some(o)) => {
            let p = cx.path(&o);
            if cx.stage().fs.is_dir(&p) || o.ends_with('/') {
                let pkg = args
                    .iter()
                    .skip(1)
                    .rev()
                    .find(|a| !a.starts_with('-'))
                    .cloned()
                    .unwrap_or_else(|| "main".into());
                format!(
                    "{p}/{}",
                    vfs::basename(pkg.trim_end_matches("/...").trim_end_matches('/'))
                        .trim_start_matches('.')
                )
            } else {
                p
            }
        }
        ("install", None) => format!(
            "{}/bin/app",
            cx.env("GOPATH").unwrap_or_else(|| "/go".into())
        ),
        _ => cx.path(vfs::basename(cx.cwd())),
    };
    let mut e = Entry::new(
        Kind::Executable,
        Bytes::UNKNOWN,
        Some(cx.line()),
        Some(cx.layer()),
        Origin::Run {
            command: format!("go {sub} (CGO_ENABLED={cgo})"),
        },
    );
    e.opaque = false;
    cx.put_entry(&target, e);
    let libc = cx.stage_libc().unwrap_or_else(|| "unknown libc".into());
    if cgo == "0" {
        cx.note(format!(
            "go {sub} → {target}: static binary (cgo off), size unknown"
        ));
    } else {
        cx.note(format!(
            "go {sub} → {target}: cgo on, the binary needs {libc} at run time; size unknown"
        ));
    }
    cx.leftover(
        LeftoverKind::GoBuildCache,
        &format!("{}/.cache/go-build", cx.home()),
        Bytes::UNKNOWN,
        "go build keeps its build cache in ~/.cache/go-build".into(),
    );
}

/// The last element of the module path in go.mod (in the working directory
/// or a parent), without a `/vN` major-version suffix.
fn go_module_name(cx: &RunCtx) -> Option<String> {
    let mut dir = cx.cwd().to_string();
    loop {
        let gomod = if dir == "/" {
            "/go.mod".to_string()
        } else {
            format!("{dir}/go.mod")
        };
        if let Some(text) = cx.context_text(&gomod) {
            let module = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("module "))?
                .trim()
                .trim_matches('"')
                .to_string();
            let mut parts: Vec<&str> = module.split('/').collect();
            if parts.len() > 1
                && parts.last().is_some_and(|p| {
                    p.len() > 1 && p.starts_with('v') && p[1..].chars().all(|c| c.is_ascii_digit())
                })
            {
                parts.pop();
            }
            return parts.last().map(|s| s.to_string());
        }
        dir = vfs::parent(&dir)?.to_string();
    }
}

pub(super) fn cargo(mut cx: RunCtx, args: &[String]) {
    let sub = args.first().map(String::as_str).unwrap_or("");
    if sub != "build" && sub != "install" {
        return;
    }
    let release = args.iter().any(|a| a == "--release" || a == "-r");
    let dir = cx.path(if release {
        "target/release"
    } else {
        "target/debug"
    });
    cx.put_opaque_dir(
        &dir,
        Bytes::UNKNOWN,
        Origin::Run {
            command: format!("cargo {sub}"),
        },
    );
    cx.note(format!("cargo {sub}: build output in {dir} (size unknown)"));
}

impl RunCtx<'_, '_> {
    fn stage_codename(&self) -> Option<String> {
        match &self.stage().base {
            super::Base::Image { facts: Some(f), .. } => f.codename.clone(),
            super::Base::Stage { index } => {
                stage_facts(self.stages(), *index).and_then(|f| f.codename.clone())
            }
            _ => None,
        }
    }
    fn stage_distro_version(&self) -> Option<String> {
        match &self.stage().base {
            super::Base::Image { facts: Some(f), .. } => f.distro_version.clone(),
            super::Base::Stage { index } => {
                stage_facts(self.stages(), *index).and_then(|f| f.distro_version.clone())
            }
            _ => None,
        }
    }
    fn stage_libc(&self) -> Option<String> {
        match &self.stage().base {
            super::Base::Image { facts: Some(f), .. } => f.libc.clone(),
            super::Base::Stage { index } => {
                stage_facts(self.stages(), *index).and_then(|f| f.libc.clone())
            }
            _ => None,
        }
    }
}

/// The image facts at the root of a stage's base chain.
pub fn stage_facts(stages: &[Stage], mut index: usize) -> Option<&ImageFacts> {
    for _ in 0..stages.len() {
        match &stages.get(index)?.base {
            super::Base::Image { facts: Some(f), .. } => return Some(f),
            super::Base::Stage { index: i } => index = *i,
            _ => return None,
        }
    }
    None
}

//! npm, yarn and pnpm installs.
//!
//! node_modules is estimated from the measured npm table
//! (`layerlab_catalog::npm_install_estimate`): each dependency's tree was
//! measured alone, and the trees are joined by package name (npm hoists one
//! copy of a shared package). The range runs from the largest single tree to
//! the trees' sum, widened where a row is from another version than the one
//! asked for. A dependency without a row leaves the layer "at least …".

use super::ctx::RunCtx;
use crate::sim::size::{human, Bytes};
use crate::sim::vfs::{Kind, Origin, Unseen};
use crate::sim::{LeftoverKind, NodeInstall, NodeStep};
use layerlab_catalog as catalog;

/// Reads `npm install`/`yarn add`/`pnpm add` arguments.
#[derive(Default)]
struct Args {
    /// Packages named on the command line, as (name, range).
    named: Vec<(String, Option<String>)>,
    /// Specs that are not registry packages (paths, URLs, git).
    local: Vec<String>,
    global: bool,
    omit_dev: Option<bool>,
}

/// `express`, `express@^4`, `@angular/cli@13` → (name, range). None for a
/// path, URL, git spec, alias or tarball.
pub fn package_spec(spec: &str) -> Option<(String, Option<String>)> {
    let s = spec.trim();
    if s.is_empty()
        || s.starts_with('.')
        || s.starts_with('/')
        || s.starts_with('~')
        || s.contains("://")
        || s.contains(':')
        || s.ends_with(".tgz")
        || s.ends_with(".tar.gz")
    {
        return None;
    }
    let at = s[1..].find('@').map(|i| i + 1);
    let (name, range) = match at {
        Some(i) => (&s[..i], Some(s[i + 1..].to_string())),
        None => (s, None),
    };
    // `user/repo` is a GitHub shorthand, `@scope/name` a package.
    if name.contains('/') && !name.starts_with('@') {
        return None;
    }
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    Some((name.to_ascii_lowercase(), range.filter(|r| !r.is_empty())))
}

fn read_args(prog: &str, args: &[String]) -> Args {
    let mut a = Args::default();
    // After the subcommand (`yarn global add x`); all of them for a bare
    // `yarn --frozen-lockfile`.
    let sub_at = args
        .iter()
        .position(|w| matches!(w.as_str(), "install" | "i" | "ci" | "add"));
    let rest: Vec<&String> = match sub_at {
        Some(i) => args[i + 1..].iter().collect(),
        None => args.iter().collect(),
    };
    a.global = args.iter().any(|w| w == "-g" || w == "--global")
        || (prog == "yarn" && args.first().is_some_and(|w| w == "global"));
    let mut i = 0;
    while i < rest.len() {
        let w = rest[i].as_str();
        match w {
            "--omit=dev" | "--production" | "--only=production" | "--only=prod" | "--prod"
            | "-P" => a.omit_dev = Some(true),
            "--omit" if rest.get(i + 1).is_some_and(|v| *v == "dev") => {
                a.omit_dev = Some(true);
                i += 1;
            }
            "--include=dev" | "--production=false" | "--prod=false" | "--dev" | "-D" => {
                if a.omit_dev.is_none() {
                    a.omit_dev = Some(false)
                }
            }
            // Options that take a value.
            "--prefix" | "--cache" | "--registry" | "--omit" | "--include" | "--tag"
            | "--modules-folder" | "--cwd" | "--filter" | "-C" => i += 1,
            _ if w.starts_with('-') => {}
            _ => match package_spec(w) {
                Some(p) => a.named.push(p),
                None => a.local.push(w.to_string()),
            },
        }
        i += 1;
    }
    a
}

/// package.json's dependencies (and devDependencies unless omitted), as
/// (name, range), plus the entries that are not registry ranges and whether
/// it declares workspaces.
struct Manifest {
    deps: Vec<(String, Option<String>)>,
    dev: Vec<(String, Option<String>)>,
    non_registry: Vec<String>,
    workspaces: bool,
}

fn read_manifest(text: &str) -> Option<Manifest> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let mut m = Manifest {
        deps: Vec::new(),
        dev: Vec::new(),
        non_registry: Vec::new(),
        workspaces: v.get("workspaces").is_some(),
    };
    for (key, dev) in [
        ("dependencies", false),
        ("optionalDependencies", false),
        ("devDependencies", true),
    ] {
        let Some(o) = v.get(key).and_then(|d| d.as_object()) else {
            continue;
        };
        for (name, range) in o {
            // macOS only (fsevents' package.json: "os": ["darwin"]): npm skips
            // it on Linux.
            if key == "optionalDependencies" && name == "fsevents" {
                continue;
            }
            let range = range.as_str().unwrap_or("").trim();
            if catalog::semver_satisfies("0.0.0", range).is_none()
                && !matches!(range, "" | "latest" | "*")
            {
                m.non_registry.push(format!("{name}@{range}"));
                continue;
            }
            let entry = (
                name.to_ascii_lowercase(),
                Some(range.to_string()).filter(|r| !r.is_empty()),
            );
            if dev {
                m.dev.push(entry)
            } else {
                m.deps.push(entry)
            }
        }
    }
    Some(m)
}

pub(super) fn node_install(
    mut cx: RunCtx,
    prog: &str,
    args: &[String],
    node_env_assigned: &Option<String>,
) {
    let first = args.first().map(String::as_str).unwrap_or("install");
    let sub = if prog == "yarn" && first == "global" {
        args.get(1).map(String::as_str).unwrap_or("")
    } else {
        first
    };
    // `yarn` and `yarn --frozen-lockfile` install too.
    let yarn_bare = prog == "yarn" && args.iter().all(|a| a.starts_with('-'));
    let installs = matches!(sub, "install" | "i" | "ci" | "add") || yarn_bare;
    if sub == "cache" && args.get(1).is_some_and(|a| a == "clean") {
        clean_cache(&mut cx, prog);
        return;
    }
    if !installs {
        other_command(&mut cx, prog, sub, args, node_env_assigned);
        return;
    }
    let a = read_args(prog, args);
    let dir = if a.global {
        "/usr/local/lib/node_modules".to_string()
    } else {
        cx.path("node_modules")
    };
    let node_env = node_env_assigned.clone().or_else(|| cx.env("NODE_ENV"));
    let omit_dev = a
        .omit_dev
        .unwrap_or(node_env.as_deref() == Some("production"));
    // What package.json (from the build context) asks for; `-g` ignores it.
    let manifest_path = cx.path("package.json");
    let manifest_in_image = cx.stage().fs.exists(&manifest_path);
    let manifest_text = if a.global {
        None
    } else {
        cx.context_text(&manifest_path)
    };
    let manifest = manifest_text.as_deref().and_then(read_manifest);
    let mut unknown_parts: Vec<String> = Vec::new();
    if let Some(m) = &manifest {
        unknown_parts.extend(m.non_registry.iter().cloned());
        if m.workspaces {
            unknown_parts.push("the workspaces' dependencies".into());
        }
    } else if !a.global && (manifest_in_image || a.named.is_empty()) {
        unknown_parts.push(if manifest_text.is_some() {
            "package.json (not valid JSON)".into()
        } else {
            "package.json's dependencies (its contents are not known)".into()
        });
    }
    unknown_parts.extend(a.local.iter().cloned());
    // npm ci / npm install with a lock file: the lock says which packages.
    let lock_text = if prog == "npm" && a.named.is_empty() && !a.global {
        ["package-lock.json", "npm-shrinkwrap.json"]
            .iter()
            .find_map(|f| cx.context_text(&cx.path(f)))
    } else {
        None
    };
    let deps = deps_of(manifest.as_ref(), &a.named, omit_dev);
    let refs: Vec<(&str, Option<&str>)> = deps
        .iter()
        .map(|(n, r)| (n.as_str(), r.as_deref()))
        .collect();
    let est = estimate(&refs, lock_text.as_deref(), omit_dev);
    unknown_parts.extend(est.unknown.iter().cloned());
    let size = modules_size(&est, unknown_parts.is_empty());
    cx.put_opaque_dir(
        &dir,
        size,
        Origin::Run {
            command: format!("{prog} {sub}"),
        },
    );
    if a.global {
        global_bins(&mut cx, &est);
    }
    describe(&mut cx, prog, sub, &dir, &manifest, omit_dev, &est, size);
    if !a.global && a.named.is_empty() {
        let dev_bytes = match &manifest {
            Some(m) if !omit_dev => {
                let prod = deps_of(Some(m), &a.named, true);
                let prod: Vec<(&str, Option<&str>)> = prod
                    .iter()
                    .map(|(n, r)| (n.as_str(), r.as_deref()))
                    .collect();
                let without = estimate(&prod, lock_text.as_deref(), true);
                dev_size(size, &est, &without, unknown_parts.is_empty())
            }
            _ => Bytes::UNKNOWN,
        };
        cx.node_install(NodeInstall {
            line: cx.line(),
            program: prog.to_string(),
            dir: dir.clone(),
            step: NodeStep::Install,
            omit_dev,
            dev: manifest
                .as_ref()
                .map(|m| m.dev.iter().map(|(n, _)| n.clone()).collect()),
            dev_bytes,
        });
    }
    if !unknown_parts.is_empty() {
        cx.note(format!(
            "not in the measured npm table: {} (size unknown: the layer is at least the estimate)",
            unknown_parts.join(", ")
        ));
    }
    lock_notes(&mut cx, prog, sub, manifest_text.is_some(), a.global);
    if prog == "npm" && !args.iter().any(|x| x.starts_with("--cache")) {
        // npm resolves the whole tree, dev dependencies included, even when
        // it installs without them: their packuments are fetched too.
        let per_package = match &manifest {
            Some(m) if omit_dev && !m.dev.is_empty() => {
                let all: Vec<(&str, Option<&str>)> = refs
                    .iter()
                    .copied()
                    .chain(m.dev.iter().map(|(n, r)| (n.as_str(), r.as_deref())))
                    .collect();
                let e = catalog::npm_install_estimate(&all);
                e.packument_bytes.map(|b| (b, e.n_packages))
            }
            _ => est.packument_bytes.map(|b| (b, est.n_packages)),
        };
        let docs = match fetches_packuments(&cx, !a.named.is_empty()) {
            Packuments::None => Some(0),
            Packuments::Tree => per_package.map(|(b, _)| b),
            Packuments::Lock(n) => per_package
                .filter(|&(_, k)| k > 0)
                .map(|(b, k)| (b as f64 / k as f64 * n as f64).round() as u64),
            Packuments::Unknown => None,
        };
        npm_cache(
            &mut cx,
            &est,
            unknown_parts.is_empty(),
            docs,
            per_package.map(|p| p.0),
        );
    }
}

/// What an install asks for: package.json's dependencies (its
/// devDependencies too unless `omit_dev`) and the packages named.
fn deps_of(
    m: Option<&Manifest>,
    named: &[(String, Option<String>)],
    omit_dev: bool,
) -> Vec<(String, Option<String>)> {
    let mut deps: Vec<(String, Option<String>)> = Vec::new();
    if let Some(m) = m {
        deps.extend(m.deps.iter().cloned());
        if !omit_dev {
            deps.extend(m.dev.iter().cloned());
        }
    }
    deps.extend(named.iter().cloned());
    deps
}

/// node_modules from the measured table, through the lock file's entries
/// when there is one npm reads.
fn estimate(
    refs: &[(&str, Option<&str>)],
    lock_text: Option<&str>,
    omit_dev: bool,
) -> catalog::NpmInstallEstimate {
    let locked = lock_text
        .and_then(|t| lock_entries(t, omit_dev))
        .filter(|n| !n.is_empty());
    match &locked {
        Some(entries) => {
            let entries: Vec<(&str, Option<&str>)> = entries
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_deref()))
                .collect();
            catalog::npm_lock_estimate(refs, &entries)
        }
        None => catalog::npm_install_estimate(refs),
    }
}

/// The dev dependencies' share of node_modules: the install with them
/// (`with`, sized `size`) minus the same install without them. Both come
/// from the same rows and move together, so the difference keeps the
/// relative range of the whole.
fn dev_size(
    size: Bytes,
    with: &catalog::NpmInstallEstimate,
    without: &catalog::NpmInstallEstimate,
    all_known: bool,
) -> Bytes {
    if with.counted.is_empty() || size.value == 0 {
        return Bytes::UNKNOWN;
    }
    let d = with.value.saturating_sub(without.value);
    let f = d as f64 / size.value as f64;
    let b = Bytes::range(
        d,
        (size.low as f64 * f).round() as u64,
        (size.high as f64 * f).round() as u64,
    );
    if all_known && with.unknown.is_empty() {
        b
    } else {
        b.incomplete()
    }
}

/// The node_modules estimate as a byte range.
fn modules_size(est: &catalog::NpmInstallEstimate, all_known: bool) -> Bytes {
    if est.counted.is_empty() {
        return if all_known {
            Bytes::ZERO
        } else {
            Bytes::UNKNOWN
        };
    }
    // Rows measured for another version than asked for: ±40%; otherwise the
    // join's own range, at least ±15% (releases and platforms differ:
    // optional native packages, install scripts not run when measuring).
    let rel = if est.out_of_range().next().is_some() {
        0.4
    } else {
        0.15
    };
    let v = est.value as f64;
    let low = (est.low as f64).min(v * (1.0 - rel)).round() as u64;
    let high = (est.high as f64).max(v * (1.0 + rel)).round() as u64;
    let b = Bytes::range(est.value, low, high);
    if all_known {
        b
    } else {
        b.incomplete()
    }
}

#[allow(clippy::too_many_arguments)]
fn describe(
    cx: &mut RunCtx,
    prog: &str,
    sub: &str,
    dir: &str,
    manifest: &Option<Manifest>,
    omit_dev: bool,
    est: &catalog::NpmInstallEstimate,
    size: Bytes,
) {
    let what = match manifest {
        Some(m) if omit_dev => format!(
            "{} dependencies from package.json ({} dev dependencies omitted)",
            m.deps.len(),
            m.dev.len()
        ),
        Some(m) => format!(
            "{} dependencies and {} dev dependencies from package.json",
            m.deps.len(),
            m.dev.len()
        ),
        None => "the packages".to_string(),
    };
    if est.counted.is_empty() {
        cx.note(format!(
            "{prog} {sub} installs {what} into {dir}: size unknown"
        ));
        return;
    }
    let rows: Vec<String> = est
        .counted
        .iter()
        .map(|(n, m)| {
            let p = m.package;
            let other = if m.in_range {
                String::new()
            } else {
                ", a release outside the range asked for".into()
            };
            format!(
                "{n} {} ({} with its {} packages{other})",
                p.version,
                human(p.installed_bytes.unwrap_or(0)),
                p.n_packages
            )
        })
        .collect();
    let basis = match est.lock {
        Some((found, elsewhere, missing)) => format!(
            "the lock file's {} packages: {found} sized from the measured trees of {}, {elsewhere} from other measured trees, {missing} at the mean size of the others",
            est.n_packages,
            rows.join(", ")
        ),
        None => format!(
            "{} packages joined by name from the measured trees of {}",
            est.n_packages,
            rows.join(", ")
        ),
    };
    cx.note(format!(
        "{prog} {sub} installs {what} into {dir}: about {size}, {basis}"
    ));
    if prog != "npm" {
        cx.note(format!(
            "measured with npm; {prog} lays out node_modules its own way (sizes are close for the same versions)"
        ));
    }
}

fn lock_notes(cx: &mut RunCtx, prog: &str, sub: &str, has_manifest: bool, global: bool) {
    let lock = match prog {
        "npm" => ["package-lock.json", "npm-shrinkwrap.json"]
            .iter()
            .any(|f| cx.stage().fs.exists(&cx.path(f))),
        "yarn" => cx.stage().fs.exists(&cx.path("yarn.lock")),
        _ => cx.stage().fs.exists(&cx.path("pnpm-lock.yaml")),
    };
    if prog == "npm" && sub == "ci" && !lock && has_manifest {
        cx.note("npm ci needs package-lock.json (or npm-shrinkwrap.json) next to package.json; without it the build fails".into());
    } else if !lock && has_manifest && !global {
        cx.note(format!(
            "no {prog} lock file was copied: versions are resolved anew on every build"
        ));
    }
}

/// `npm install -g x`: its `bin` entries are linked into /usr/local/bin.
fn global_bins(cx: &mut RunCtx, est: &catalog::NpmInstallEstimate) {
    for (_, m) in &est.counted {
        for b in m.package.bins() {
            cx.put(
                &format!("/usr/local/bin/{b}"),
                Kind::Symlink {
                    target: format!("../lib/node_modules/{}", m.package.name),
                },
                Bytes::ZERO,
                Origin::Run {
                    command: "npm install -g".into(),
                },
            );
        }
    }
}

/// Which packuments (package documents) an install fetches into npm's cache.
enum Packuments {
    /// None: a current lock file (or npm 6 with any lock) names every tarball.
    None,
    /// The whole tree's: no lock file, or packages named on the command line.
    Tree,
    /// Every package of a lockfileVersion 1 lock (this many), under npm 7
    /// and later, which upgrades the old lock from the registry's metadata.
    Lock(usize),
    /// Not known (the lock file's contents are not in the context).
    Unknown,
}

fn fetches_packuments(cx: &RunCtx, named: bool) -> Packuments {
    if named {
        return Packuments::Tree;
    }
    let lock = ["package-lock.json", "npm-shrinkwrap.json"]
        .iter()
        .map(|f| cx.path(f))
        .find(|p| cx.stage().fs.exists(p));
    let Some(lock) = lock else {
        return Packuments::Tree;
    };
    let Some(text) = cx.context_text(&lock) else {
        return Packuments::Unknown;
    };
    let Some(version) = lockfile_version(&text) else {
        return Packuments::Unknown;
    };
    // npm 6 (Node.js 14 and older images) installs a version 1 lock as it is.
    let npm6 = cx
        .base_facts()
        .filter(|f| f.runtime.as_deref() == Some("node"))
        .and_then(|f| {
            f.runtime_version
                .as_deref()?
                .split('.')
                .next()?
                .parse::<u32>()
                .ok()
        })
        .is_some_and(|major| major <= 14);
    if version != 1 || npm6 {
        return Packuments::None;
    }
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(v) => Packuments::Lock(count_v1_entries(&v)),
        Err(_) => Packuments::Unknown,
    }
}

/// The packages of a lockfileVersion 1 lock (its nested `dependencies`).
fn count_v1_entries(v: &serde_json::Value) -> usize {
    v.get("dependencies")
        .and_then(|d| d.as_object())
        .map_or(0, |o| o.values().map(|d| 1 + count_v1_entries(d)).sum())
}

/// The packages a package-lock.json installs on Linux, as (name,
/// version), one per entry (a package nested in several places is there
/// once per copy); dev ones left out when `omit_dev`; optional ones for
/// another OS or CPU left out. None if it is not a lock npm reads.
fn lock_entries(text: &str, omit_dev: bool) -> Option<Vec<(String, Option<String>)>> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let flag = |e: &serde_json::Value, k: &str| e.get(k).and_then(|x| x.as_bool()) == Some(true);
    let version = |e: &serde_json::Value| {
        e.get("version")
            .and_then(|x| x.as_str())
            .map(str::to_string)
    };
    let elsewhere = |e: &serde_json::Value| {
        let excludes = |k: &str, want: &str| {
            e.get(k).and_then(|x| x.as_array()).is_some_and(|a| {
                let names: Vec<&str> = a.iter().filter_map(|x| x.as_str()).collect();
                let allowed = names.iter().any(|n| *n == want);
                let denied = names.iter().any(|n| *n == format!("!{want}"));
                denied || (!allowed && names.iter().any(|n| !n.starts_with('!')))
            })
        };
        excludes("os", "linux") || excludes("cpu", "x64")
    };
    let mut out = Vec::new();
    if let Some(pk) = v.get("packages").and_then(|p| p.as_object()) {
        for (k, e) in pk {
            let Some(i) = k.rfind("node_modules/") else {
                continue;
            };
            if flag(e, "link") || (omit_dev && flag(e, "dev")) || elsewhere(e) {
                continue;
            }
            let name = e
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or(&k[i + 13..])
                .to_string();
            out.push((name, version(e)));
        }
        return Some(out);
    }
    type Entries = Vec<(String, Option<String>)>;
    fn walk(d: &serde_json::Value, omit_dev: bool, out: &mut Entries) {
        let Some(o) = d.get("dependencies").and_then(|x| x.as_object()) else {
            return;
        };
        for (name, e) in o {
            let dev = e.get("dev").and_then(|x| x.as_bool()) == Some(true);
            // fsevents is for macOS only (its package.json: "os": ["darwin"]).
            if (omit_dev && dev) || name == "fsevents" || e.get("bundled").is_some() {
                continue;
            }
            let v = e
                .get("version")
                .and_then(|x| x.as_str())
                .map(str::to_string);
            out.push((name.clone(), v));
            walk(e, omit_dev, out);
        }
    }
    walk(&v, omit_dev, &mut out);
    Some(out)
}

/// `"lockfileVersion": 3` near the top of a package-lock.json.
fn lockfile_version(text: &str) -> Option<u32> {
    let i = text.find("\"lockfileVersion\"")?;
    let rest = text[i + "\"lockfileVersion\"".len()..].trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// npm's cache in the user's home: the tarballs it downloaded (estimated
/// from the rows' tarball-to-installed ratio) and, when it fetched them, the
/// packuments; a leftover.
fn npm_cache(
    cx: &mut RunCtx,
    est: &catalog::NpmInstallEstimate,
    all_known: bool,
    packuments: Option<u64>,
    packuments_at_most: Option<u64>,
) {
    let cache = cx.in_home(".npm/_cacache");
    let bytes = match (est.tarball_bytes, packuments) {
        (Some(t), Some(docs)) => Bytes::about(t + docs, 0.3),
        (Some(t), None) => {
            let b = Bytes::about(t, 0.3);
            Bytes::range(t, b.low, b.high + packuments_at_most.unwrap_or(0))
        }
        (None, _) => Bytes::UNKNOWN,
    };
    let bytes = if all_known { bytes } else { bytes.incomplete() };
    cx.put_opaque_dir(
        &cache,
        bytes,
        Origin::Run {
            command: "npm cache".into(),
        },
    );
    let about = if bytes.high > 0 {
        format!(" (about {})", human(bytes.value))
    } else {
        String::new()
    };
    let what = match packuments {
        Some(0) => "the downloaded packages",
        _ => "the downloaded packages and their registry documents",
    };
    cx.leftover(
        LeftoverKind::NpmCache,
        &cache,
        bytes,
        format!("npm keeps {what} in {cache}{about}; run npm cache clean --force in the same RUN or use a cache mount"),
    );
}

/// `npm cache clean --force`, `yarn cache clean`.
fn clean_cache(cx: &mut RunCtx, prog: &str) {
    if prog == "npm" {
        let cache = cx.in_home(".npm/_cacache");
        cx.remove(&cache, "npm cache clean");
    }
}

/// A package.json script (`npm run build`, `yarn build`, `pnpm exec`…)
/// writes where its tools are configured to: the project directory.
fn other_command(
    cx: &mut RunCtx,
    prog: &str,
    sub: &str,
    args: &[String],
    node_env_assigned: &Option<String>,
) {
    if prog == "npm" && sub == "prune" {
        let a = read_args(prog, args);
        // `NODE_ENV=production npm prune` as well as an ENV in force.
        let node_env = node_env_assigned.clone().or_else(|| cx.env("NODE_ENV"));
        let prunes_dev = a.omit_dev == Some(true)
            || (a.omit_dev.is_none() && node_env.as_deref() == Some("production"));
        if prunes_dev {
            let dir = cx.path("node_modules");
            cx.node_install(NodeInstall {
                line: cx.line(),
                program: prog.to_string(),
                dir,
                step: NodeStep::PruneDev,
                omit_dev: true,
                dev: None,
                dev_bytes: Bytes::UNKNOWN,
            });
        }
    }
    let harmless = matches!(
        sub,
        "config"
            | "cache"
            | "version"
            | "--version"
            | "-v"
            | "view"
            | "info"
            | "ls"
            | "list"
            | "audit"
            | "outdated"
            | "whoami"
            | "help"
            | "set"
            | "prune"
            | "dedupe"
            | "uninstall"
            | "remove"
            | "rm"
    );
    if !harmless {
        let dir = cx.cwd().to_string();
        let tool = format!("{prog} {}", args.join(" "));
        cx.note(format!("{tool}: outputs in {dir} (names and size unknown)"));
        cx.region(&dir, Unseen::BuildOutput { tool });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs() {
        assert_eq!(package_spec("express"), Some(("express".into(), None)));
        assert_eq!(
            package_spec("@angular/cli@13"),
            Some(("@angular/cli".into(), Some("13".into())))
        );
        assert_eq!(
            package_spec("typescript@^5.6"),
            Some(("typescript".into(), Some("^5.6".into())))
        );
        for not in [
            "./pkg",
            "user/repo",
            "git+https://x/y.git",
            "file:../a",
            "a.tgz",
        ] {
            assert_eq!(package_spec(not), None, "{not}");
        }
    }

    #[test]
    fn manifests() {
        let m = read_manifest(
            r#"{"dependencies":{"express":"^4.17.1","local":"file:../x"},"devDependencies":{"jest":"^29"}}"#,
        )
        .unwrap();
        assert_eq!(m.deps, vec![("express".into(), Some("^4.17.1".into()))]);
        assert_eq!(m.dev, vec![("jest".into(), Some("^29".into()))]);
        assert_eq!(m.non_registry, vec!["local@file:../x".to_string()]);
    }

    #[test]
    fn lock_versions() {
        assert_eq!(
            lockfile_version("{\n  \"name\": \"x\",\n  \"lockfileVersion\": 3,"),
            Some(3)
        );
        assert_eq!(lockfile_version("{\"lockfileVersion\":1}"), Some(1));
        assert_eq!(lockfile_version("{}"), None);
    }
}

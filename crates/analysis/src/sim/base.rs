//! Base-image facts from the catalogue: what an image is (distribution,
//! libc, package manager, runtime, size, end of life, defaults) and how a
//! stage built on it starts.

use super::size::Bytes;
use super::vfs::{Entry, Kind, Origin, Unseen};
use super::Stage;
use layerlab_catalog as catalog;
use serde::{Deserialize, Serialize};

/// What the catalogue says about a base image, flattened for the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
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
    /// The distro release is past its regular end of life but in an
    /// extended programme (Debian LTS, Ubuntu ESM) until this date.
    #[serde(skip)]
    pub distro_extended_until: Option<String>,
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
    /// The image's user accounts (name, UID, home) from its Dockerfile.
    #[serde(skip)]
    pub accounts: Vec<super::Account>,
    /// Whether the image's defaults (user, env, workdir, …) are in the
    /// tables; when false, an empty `user` means "not known", not root.
    #[serde(skip)]
    pub defaults_known: bool,
    /// What `/bin/sh` is in the image, from its distribution.
    #[serde(skip)]
    pub bin_sh: Option<catalog::BinSh>,
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
    let (status, detail, suggestion) = status_of(info);
    let suggestion = suggestion.or_else(|| info.suggestion.as_ref().map(|s| s.reference.clone()));
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
    let size = info.size.as_ref().map(|sz| {
        let (lo, hi) = sz.uncompressed.range();
        Bytes::range(sz.uncompressed.bytes(), lo, hi)
    });
    let d = Defaults::of(info);
    let inferred = info.os.is_none().then(|| family_from_tag(r)).flatten();
    let mut facts = ImageFacts {
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
        distro_extended_until: info.distro_eol.as_ref().and_then(|e| match e.support {
            catalog::Support::Extended { until, .. } => Some(until.to_string()),
            _ => None,
        }),
        distro_eol,
        distro_eol_past,
        runtime_eol,
        runtime_eol_past,
        size,
        size_estimated: info
            .size
            .as_ref()
            .is_some_and(|sz| sz.uncompressed.is_estimated()),
        compressed_size: info.size.as_ref().map(|sz| sz.compressed_bytes),
        size_source: info
            .size
            .as_ref()
            .map(|sz| format!("{} (image of {})", sz.source(), sz.row.image_date)),
        user: d.user,
        env: d.env,
        workdir: d.workdir,
        cmd: d.cmd,
        entrypoint: d.entrypoint,
        shell: Vec::new(),
        paths: d.paths,
        accounts: d.accounts,
        defaults_known: info.defaults.is_some(),
        bin_sh: info.os.map(|o| o.distro.bin_sh()),
    };
    if let Some((distro, libc, pm)) = inferred {
        facts.bin_sh = Some(if distro == "alpine" {
            catalog::BinSh::BusyBoxAsh
        } else {
            catalog::BinSh::Dash
        });
        facts.distro = Some(distro.into());
        facts.libc = Some(libc.into());
        facts.package_manager = Some(pm.into());
        facts.status_detail.push_str(&format!(
            "; the distribution ({distro}) is inferred from the tag's name, as the official image's tags are named"
        ));
    }
    if facts.runtime.is_none() && r.familiar_name() == "python" {
        if let Some(v) = python_from_tag(r) {
            facts.runtime = Some("python".into());
            facts.runtime_version = Some(v);
        }
    }
    facts
}

/// The tag's status as a word, in words, and the tag it suggests instead.
fn status_of(info: &catalog::ImageInfo) -> (&'static str, String, Option<String>) {
    use catalog::TagStatus;
    match &info.status {
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
    }
}

/// `3.9-slim-buster`: a python tag starts with the Python version (`3.9`).
fn python_from_tag(r: &catalog::ImageRef) -> Option<String> {
    let v: String = r
        .tag_or_latest()
        .split('-')
        .next()
        .unwrap_or("")
        .split('.')
        .take(2)
        .collect::<Vec<_>>()
        .join(".");
    (v.starts_with("3.") && v[2..].chars().all(|c| c.is_ascii_digit()) && v.len() > 2).then_some(v)
}

/// What the image's own Dockerfile sets, as the simulation keeps it (empty
/// when the catalogue does not know the image's defaults).
#[derive(Default)]
struct Defaults {
    env: Vec<(String, String)>,
    user: String,
    workdir: String,
    cmd: Vec<String>,
    entrypoint: Vec<String>,
    paths: Vec<(String, String)>,
    accounts: Vec<super::Account>,
}

impl Defaults {
    fn of(info: &catalog::ImageInfo) -> Defaults {
        let Some(d) = info.defaults else {
            return Defaults::default();
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
        let mut out = Defaults {
            env: d
                .env
                .iter()
                .map(|e| {
                    let value =
                        catalog::ImageDefaults::resolve(e.value, &runtime_line, &runtime_version);
                    (
                        e.name.to_string(),
                        value.replace("$PATH", super::DEFAULT_PATH),
                    )
                })
                .collect(),
            user: d.user.map(|u| u.value.to_string()).unwrap_or_default(),
            workdir: d.workdir.map(|w| w.value.to_string()).unwrap_or_default(),
            cmd: d
                .cmd
                .map(|c| c.value.iter().map(|s| s.to_string()).collect())
                .unwrap_or_default(),
            entrypoint: d
                .entrypoint
                .map(|c| c.value.iter().map(|s| s.to_string()).collect())
                .unwrap_or_default(),
            ..Defaults::default()
        };
        for (p, k) in d.resolved_paths(&runtime_line, &runtime_version) {
            let kind = match k {
                catalog::PathKind::File => "file".to_string(),
                catalog::PathKind::Dir | catalog::PathKind::EmptyDir => "dir".to_string(),
                catalog::PathKind::Symlink(t) => format!("symlink:{t}"),
            };
            out.paths.push((p, kind));
        }
        for a in d.accounts {
            if let Some(h) = a.value.home {
                out.paths.push((h.to_string(), "dir".into()));
            }
            out.accounts.push(super::Account {
                name: a.value.name.to_string(),
                uid: Some(a.value.uid),
                home: a.value.home.unwrap_or("/").to_string(),
            });
        }
        out
    }
}

/// Official images whose tags name their variant: `-alpine` is Alpine;
/// otherwise Debian (a codename, `slim`, or a bare version). Only these
/// repositories, whose tag scheme says so, and only the family: release,
/// size and contents stay unknown.
fn family_from_tag(r: &catalog::ImageRef) -> Option<(&'static str, &'static str, &'static str)> {
    const DEBIAN_DEFAULT: &[&str] = &[
        "python",
        "node",
        "golang",
        "rust",
        "ruby",
        "php",
        "perl",
        "nginx",
        "httpd",
        "redis",
        "postgres",
        "debian",
        "buildpack-deps",
        "gcc",
        "haproxy",
        "elixir",
        "erlang",
        "memcached",
    ];
    let repo = r.familiar_name();
    let tag = r.tag_or_latest();
    if repo == "alpine" {
        return Some(("alpine", "musl", "apk"));
    }
    if repo == "ubuntu" {
        return Some(("ubuntu", "glibc", "apt"));
    }
    if !DEBIAN_DEFAULT.contains(&repo.as_str())
        || tag.contains("windows")
        || tag.contains("nanoserver")
    {
        return None;
    }
    if tag.contains("alpine") {
        Some(("alpine", "musl", "apk"))
    } else {
        Some(("debian", "glibc", "apt"))
    }
}

/// The directories of a Linux image that the catalogue does not list file by file.
const SYSTEM_DIRS: [&str; 17] = [
    "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/media", "/mnt",
    "/opt", "/proc", "/run", "/sbin", "/srv", "/usr", "/var",
];

/// Directories that start (nearly) empty in official images: what is missing
/// there can be claimed.
const HOMES: [&str; 4] = ["/", "/root", "/home", "/tmp"];

/// Whether the catalogue describes the image well enough to say what it lacks.
pub fn described(f: &ImageFacts) -> bool {
    f.status != "unknown" && f.distro.is_some()
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
    stage.accounts = f.accounts.clone();
    if f.runtime.as_deref() == Some("python") {
        stage.python = f
            .runtime_version
            .as_ref()
            .map(|v| v.split('.').take(2).collect::<Vec<_>>().join("."));
    }
    if !described(f) {
        stage.fs.add_region("/", None, Unseen::UnknownBase);
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
    // The catalogue lists a few of the image's paths: the rest of its system
    // directories, and the directories it does list, may hold anything.
    for d in SYSTEM_DIRS {
        stage.fs.add_region(d, None, Unseen::BaseImage);
    }
    for (path, kind) in &f.paths {
        if matches!(kind.as_str(), "dir" | "directory") && !HOMES.contains(&path.as_str()) {
            stage.fs.add_region(path, None, Unseen::BaseImage);
        }
    }
    if !f.workdir.is_empty() && f.workdir != "/" {
        stage.fs.add_region(&f.workdir, None, Unseen::BaseImage);
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

//! `.layerlab.toml`: finding it and reading it into a [`Config`].
//!
//! ```toml
//! threshold = "warning"            # or under [rules]
//! [rules]
//! ignore = ["pip-no-cache-dir", "DL3008"]
//! [rules.severity]
//! "apt-get-unpinned" = "warning"   # rule id, hadolint code or BuildKit name
//! ```
//!
//! Which file applies to a Dockerfile (unless `--config` names one): the
//! nearest `.layerlab.toml` in the Dockerfile's directory or its parents,
//! stopping after a directory that holds `.git`, at the user's home directory
//! (`$HOME`, searched), and below the filesystem root: a child of `/` (such as
//! `/tmp`) is searched only when it is the Dockerfile's own directory, `/`
//! never. The nearest file is read only when it is a regular file owned by the
//! user running layerlab (the effective uid) or by root, and, if it is a
//! symbolic link, one that resolves inside its own directory; otherwise it is
//! ignored with a note and the defaults apply (a file another user can write,
//! like `/tmp/.layerlab.toml`, must not silence findings).

use crate::safefs;
use layerlab_analysis::Config;
use layerlab_syntax::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

pub const FILE_NAME: &str = ".layerlab.toml";

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl Level {
    pub fn severity(self) -> Severity {
        match self {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    threshold: Option<Level>,
    #[serde(default)]
    rules: RawRules,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Level>,
    #[serde(default)]
    threshold: Option<Level>,
}

/// Parses the text of a configuration file; errors read `name:line:col: message`.
pub fn parse(name: &str, text: &str) -> Result<Config, String> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let (line, col) = match e.span() {
            Some(r) => {
                let p =
                    layerlab_syntax::LineIndex::new(text).line_col(text, r.start.min(text.len()));
                (p.line, p.column)
            }
            None => (1, 1),
        };
        format!(
            "{name}:{line}:{col}: invalid configuration: {}",
            e.message().trim()
        )
    })?;
    Ok(Config {
        ignore: raw.rules.ignore,
        severity: raw
            .rules
            .severity
            .into_iter()
            .map(|(k, v)| (k, v.severity()))
            .collect(),
        threshold: raw.rules.threshold.or(raw.threshold).map(Level::severity),
    })
}

/// Reads and parses a configuration file (a regular file of at most
/// [`safefs::CONFIG_LIMIT`]; a symbolic link only into its own directory or
/// the working directory).
pub fn load(path: &Path) -> Result<Config, String> {
    let bytes = safefs::read_named(path, safefs::CONFIG_LIMIT)?;
    let text = String::from_utf8(bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&path.display().to_string(), &text)
}

/// What the search for a Dockerfile's configuration found.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Found {
    /// No file: the defaults apply.
    Nothing,
    /// The file that applies.
    File(PathBuf),
    /// The nearest file, which is not read (why): the defaults apply.
    Refused(PathBuf, String),
}

/// The `.layerlab.toml` for a Dockerfile in `dir`: the nearest in
/// [`search_dirs`], stopping after a directory that holds `.git`. The nearest
/// file decides: when it is refused by [`trusted`], the defaults apply.
pub fn find(dir: &Path) -> Found {
    let start = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let abs = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let home = home_dir();
    for d in search_dirs(&abs, home.as_deref()) {
        let candidate = d.join(FILE_NAME);
        if std::fs::symlink_metadata(&candidate).is_ok() {
            return match trusted(&d, &candidate) {
                Ok(()) => Found::File(candidate),
                Err(why) => Found::Refused(candidate, why),
            };
        }
        if d.join(".git").exists() {
            return Found::Nothing;
        }
    }
    Found::Nothing
}

/// The directories searched for a Dockerfile in `start` (absolute), nearest
/// first: `start`, then its parents up to the user's home directory
/// (included), never a child of the filesystem root other than `start` or
/// home (so not `/tmp` for a file in `/tmp/x`), never the root itself.
pub fn search_dirs(start: &Path, home: Option<&Path>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (i, d) in start.ancestors().enumerate() {
        let depth = d
            .components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .count();
        let is_home = Some(d) == home;
        if depth == 0 || (i > 0 && depth == 1 && !is_home) {
            break;
        }
        out.push(d.to_path_buf());
        if is_home {
            break;
        }
    }
    out
}

/// `$HOME`, resolved.
fn home_dir() -> Option<PathBuf> {
    let home = PathBuf::from(std::env::var_os("HOME").filter(|h| !h.is_empty())?);
    Some(std::fs::canonicalize(&home).unwrap_or(home))
}

/// Ok when the configuration `file` found in `dir` may be read: a regular
/// file (a symbolic link only when it resolves inside `dir`) owned by the
/// user running layerlab or by root.
fn trusted(dir: &Path, file: &Path) -> Result<(), String> {
    safefs::link_inside(file, &[dir.to_path_buf()])?;
    let meta = std::fs::metadata(file).map_err(|e| format!("{}: {e}", file.display()))?;
    if !meta.is_file() {
        return Err(format!("{}: not a regular file", file.display()));
    }
    owned_by_user_or_root(file, &meta)
}

#[cfg(unix)]
fn owned_by_user_or_root(file: &Path, meta: &std::fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let (owner, Some(me)) = (meta.uid(), current_uid()) else {
        return Ok(());
    };
    if owner == me || owner == 0 {
        return Ok(());
    }
    Err(format!(
        "{}: owned by uid {owner}, not by you (uid {me}) or root: not read (--config reads it)",
        file.display()
    ))
}

#[cfg(not(unix))]
fn owned_by_user_or_root(_: &Path, _: &std::fs::Metadata) -> Result<(), String> {
    Ok(())
}

/// The effective uid of this process: from /proc/self/status (Linux), else
/// the owner of the home directory.
#[cfg(unix)]
fn current_uid() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| effective_uid(&s))
        .or_else(|| Some(std::fs::metadata(home_dir()?).ok()?.uid()))
}

/// The effective uid in the text of /proc/self/status (`Uid: real effective saved fs`).
fn effective_uid(status: &str) -> Option<u32> {
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

/// The configuration a search found, and a note to show when the nearest
/// file was refused (the defaults then apply).
pub fn read_found(found: &Found) -> Result<(Config, Option<String>), String> {
    match found {
        Found::File(p) => Ok((load(p)?, None)),
        Found::Refused(_, why) => Ok((Config::default(), Some(format!("ignored {why}")))),
        Found::Nothing => Ok((Config::default(), None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_field() {
        let c = parse(
            "c.toml",
            "threshold = \"warning\"\n[rules]\nignore = [\"a\", \"DL3008\"]\n[rules.severity]\n\"apt-get-unpinned\" = \"info\"\nDL3042 = \"error\"\n",
        )
        .unwrap();
        assert_eq!(c.ignore, vec!["a".to_string(), "DL3008".to_string()]);
        assert_eq!(c.threshold, Some(Severity::Warning));
        assert!(c
            .severity
            .contains(&("apt-get-unpinned".to_string(), Severity::Info)));
        assert!(c
            .severity
            .contains(&("DL3042".to_string(), Severity::Error)));
    }

    #[test]
    fn errors_have_positions() {
        let e = parse(
            "c.toml",
            "[rules]\nignore = [\"a\"]\n[rules.severity]\nfoo = \"loud\"\n",
        )
        .unwrap_err();
        assert!(e.starts_with("c.toml:4:7: invalid configuration"), "{e}");
        let e = parse("c.toml", "[rules]\nignor = []\n").unwrap_err();
        assert!(e.starts_with("c.toml:2:1: "), "{e}");
        let e = parse("c.toml", "[rules\n").unwrap_err();
        assert!(e.starts_with("c.toml:1:"), "{e}");
    }

    fn dirs(start: &str, home: Option<&str>) -> Vec<PathBuf> {
        search_dirs(Path::new(start), home.map(Path::new))
    }

    #[test]
    fn the_search_stops_at_home_and_below_the_root() {
        // Payload 25: /tmp/.layerlab.toml never applies to /tmp/x/Dockerfile.
        assert_eq!(dirs("/tmp/x", Some("/home/u")), [Path::new("/tmp/x")]);
        assert_eq!(
            dirs("/tmp/x/y", None),
            [Path::new("/tmp/x/y"), Path::new("/tmp/x")]
        );
        // Home is searched, not above it.
        assert_eq!(
            dirs("/home/u/p", Some("/home/u")),
            [Path::new("/home/u/p"), Path::new("/home/u")]
        );
        // A project at a child of the root is searched itself; / never.
        assert_eq!(dirs("/app", None), [Path::new("/app")]);
        assert!(dirs("/", None).is_empty());
        assert_eq!(
            dirs("/root/p", Some("/root")),
            [Path::new("/root/p"), Path::new("/root")]
        );
    }

    #[test]
    fn the_effective_uid_is_the_second_of_the_uid_line() {
        let status = "Name:\tx\nUid:\t1000\t1001\t1000\t1000\nGid:\t5\t5\t5\t5\n";
        assert_eq!(effective_uid(status), Some(1001));
        assert_eq!(effective_uid("Name: x\n"), None);
    }
}

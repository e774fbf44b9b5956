//! `.layerlab.toml`: finding it and reading it into a [`Config`].
//!
//! ```toml
//! threshold = "warning"            # or under [rules]
//! [rules]
//! ignore = ["pip-no-cache-dir", "DL3008"]
//! [rules.severity]
//! "apt-get-unpinned" = "warning"   # rule id, hadolint code or BuildKit name
//! ```

use layerlab_analysis::Config;
use layerlab_syntax::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = ".layerlab.toml";

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, clap::ValueEnum)]
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

/// Reads and parses a configuration file.
pub fn load(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse(&path.display().to_string(), &text)
}

/// The `.layerlab.toml` for a Dockerfile in `dir`: in `dir` or its ancestors,
/// stopping after a directory that holds `.git`, or at the root.
pub fn find(dir: &Path) -> Option<PathBuf> {
    let start = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let abs = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let mut cur = Some(abs.as_path());
    while let Some(d) = cur {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if d.join(".git").exists() {
            return None;
        }
        cur = d.parent();
    }
    None
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
}

//! Project configuration, as typed data. Reading and parsing `.layerlab.toml`
//! is the CLI's job (the core reads no files); it hands a [`Config`] to
//! [`crate::analyze_with`].

use crate::Finding;
use layerlab_syntax::Severity;

/// What a project configures about its findings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Rule ids, hadolint codes (`DL3008`) or BuildKit check names
    /// (`FromAsCasing`) whose findings are dropped.
    pub ignore: Vec<String>,
    /// Severity overrides, keyed by rule id, hadolint code or BuildKit check
    /// name. Applied after pragmas (so they win over `# check=error=true`).
    pub severity: Vec<(String, Severity)>,
    /// Findings below this severity are not shown and do not fail a check.
    /// The analysis keeps them; the shells (CLI, page) filter.
    pub threshold: Option<Severity>,
}

impl Config {
    /// The severity configured for a finding of `rule`, if any (the last
    /// matching entry wins).
    pub fn severity_for(&self, f: &Finding) -> Option<Severity> {
        self.severity
            .iter()
            .rev()
            .find(|(code, _)| crate::pragmas::finding_matches(f, code))
            .map(|(_, s)| *s)
    }

    /// True when the finding is ignored.
    pub fn ignores(&self, f: &Finding) -> bool {
        self.ignore
            .iter()
            .any(|code| crate::pragmas::finding_matches(f, code))
    }
}

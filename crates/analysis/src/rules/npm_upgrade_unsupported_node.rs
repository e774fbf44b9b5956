//! ## What it does
//! Finds `npm install -g npm@latest` (or `npm i -g npm`, `npm@11`, …) in a
//! stage whose Node.js, from the official `node` image's tag, is outside
//! the `engines.node` range of the npm it installs.
//!
//! The ranges were read from the npm registry with `npm view npm@<v>
//! engines` on 2026-12-06: npm@latest was 12.2.3 (published 2026-11-18) and
//! requires node `^22.22.2 || ^24.15.0 || >=26.0.0`; the newest npm 11
//! requires `^20.17.0 || >=22.9.0`; npm 10.9.9 requires
//! `^18.17.0 || >=20.5.0`. npm@latest moves: the message says which one was
//! measured and when. A later npm has so far never supported an older Node than the
//! one before it, so an image too old today stays too old.
//!
//! It is an error only when every Node version the tag can mean is outside
//! the range (`node:20-slim` with npm@latest); with only a major version
//! inside a range's major (`node:22`, where 22.22.2 and later pass) it
//! stays silent.
//!
//! ## Why it matters
//! npm checks its own `engines` when it replaces itself: the install stops
//! with `EBADENGINE` ("Unsupported engine for npm@…"), and the build fails
//! on a line that used to work, the day a new npm is published.
//!
//! ## Example
//! ```dockerfile
//! FROM node:20-slim
//! RUN npm install -g npm@latest
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:24-slim
//! # node:24 ships a current npm; or pin one that supports Node 20:
//! # RUN npm install -g npm@10
//! ```
//!
//! ## References
//! - npm `engines`: <https://docs.npmjs.com/cli/v11/configuring-npm/package-json#engines>
//! - npm on the registry: <https://www.npmjs.com/package/npm>

use super::_shared_sim::facts;
use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::exits::commands;
use crate::shell::walk::command_name;
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &NpmUpgradeUnsupportedNode;

struct NpmUpgradeUnsupportedNode;

/// When the ranges were read from the registry.
const MEASURED: &str = "2026-12-06";

/// (what `npm@<spec>` installs, its version, its `engines.node`), from
/// `npm view npm@<spec> engines` on [`MEASURED`].
const ENGINES: &[(&str, &str, &str)] = &[
    ("latest", "12.2.3", "^22.22.2 || ^24.15.0 || >=26.0.0"),
    ("12", "12.2.3", "^22.22.2 || ^24.15.0 || >=26.0.0"),
    ("11", "11.x (the newest 11)", "^20.17.0 || >=22.9.0"),
    ("10", "10.9.9", "^18.17.0 || >=20.5.0"),
];

impl Rule for NpmUpgradeUnsupportedNode {
    fn meta(&self) -> Meta {
        Meta {
            id: "npm-upgrade-unsupported-node",
            category: Category::Correctness,
            severity: Severity::Error,
            summary:
                "npm install -g npm@latest on a Node.js the new npm does not support (EBADENGINE)",
            hadolint: &[],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ss in cx.scripts() {
            let Some(si) = ss.stage else { continue };
            if !ss.shell.is_posix() || ss.ins.kind == layerlab_syntax::Keyword::Onbuild {
                continue;
            }
            let Some(f) = facts(cx.sim, si) else { continue };
            if f.runtime.as_deref() != Some("node") {
                continue;
            }
            let Some(node) = f.runtime_version.clone() else {
                continue;
            };
            let src = ss.run.text.as_str();
            for c in commands(&ss.ast, src, ss.shell.errexit, ss.shell.pipefail) {
                if command_name(c.cmd, src) != Some("npm") {
                    continue;
                }
                let words: Vec<Option<String>> = c.cmd.words[1..]
                    .iter()
                    .map(|w| w.static_text(src))
                    .collect();
                let sub = words.iter().flatten().find(|w| !w.starts_with('-'));
                if !matches!(
                    sub.map(String::as_str),
                    Some("install" | "i" | "add" | "update" | "up")
                ) {
                    continue;
                }
                if !words
                    .iter()
                    .flatten()
                    .any(|w| w == "-g" || w == "--global" || w == "--location=global")
                {
                    continue;
                }
                for (k, w) in words.iter().enumerate() {
                    let Some(w) = w else { continue };
                    let spec = match w.as_str() {
                        "npm" => "latest",
                        s => match s.strip_prefix("npm@") {
                            Some(v) => v,
                            None => continue,
                        },
                    };
                    // Only the specs measured: `latest` and a bare major.
                    let Some((_, version, range)) = ENGINES.iter().find(|(s, _, _)| *s == spec)
                    else {
                        continue;
                    };
                    if !certainly_outside(&node, range) {
                        continue;
                    }
                    let word = &c.cmd.words[k + 1];
                    let msg = format!(
                        "npm@{spec} is {version} as of {MEASURED} and requires node {range}; {} has Node {node}: the install fails with EBADENGINE",
                        f.reference
                    );
                    let fi = out.emit(ss.span(word.span), msg);
                    fi.severity = if c.fatal {
                        Severity::Error
                    } else {
                        Severity::Warning
                    };
                    fi.cost = Some(Cost::BuildFails);
                    fi.help = "Drop the upgrade (each node image ships an npm that supports it), pin an npm whose engines include this Node (npm@10 supports ^18.17.0 || >=20.5.0), or use a newer node image.".into();
                }
            }
        }
    }
}

/// Numeric parts of a version (`20`, `20.11.1`).
fn parts(v: &str) -> Option<Vec<u64>> {
    v.trim_start_matches('v')
        .split('.')
        .map(|p| p.parse().ok())
        .collect()
}

/// Whether every Node version `node` can mean (a major, a minor, or a full
/// version) is outside `range` (`^a.b.c || >=a.b.c`): compared on the
/// parts `node` gives, a shorter `node` may be any version starting with
/// them.
fn certainly_outside(node: &str, range: &str) -> bool {
    let Some(n) = parts(node) else { return false };
    range.split("||").map(str::trim).all(|alt| {
        let (caret, v) = if let Some(v) = alt.strip_prefix('^') {
            (true, v)
        } else if let Some(v) = alt.strip_prefix(">=") {
            (false, v)
        } else {
            return false; // a form not modelled: assume it may match
        };
        let Some(lo) = parts(v) else { return false };
        let k = n.len().min(lo.len());
        let below = n[..k] < lo[..k];
        if caret {
            // ^a.b.c: the same major a, and at least a.b.c.
            n[0] != lo[0] || below
        } else {
            below
        }
    })
}

#[cfg(test)]
mod tests {
    use super::certainly_outside;

    #[test]
    fn ranges() {
        let latest = "^22.22.2 || ^24.15.0 || >=26.0.0";
        assert!(certainly_outside("20", latest));
        assert!(certainly_outside("18.20.5", latest));
        assert!(certainly_outside("23", latest));
        assert!(certainly_outside("22.11.0", latest));
        assert!(certainly_outside("25.1.0", latest));
        assert!(!certainly_outside("22", latest));
        assert!(!certainly_outside("24", latest));
        assert!(!certainly_outside("24.19.0", latest));
        assert!(!certainly_outside("26", latest));
        assert!(!certainly_outside("27.0.1", latest));
        let v10 = "^18.17.0 || >=20.5.0";
        assert!(certainly_outside("16", v10));
        assert!(!certainly_outside("18", v10));
        assert!(!certainly_outside("20", v10));
        assert!(certainly_outside("18.16.1", v10));
    }
}

//! The build context: a virtual set of files (path → contents or size), with
//! `.dockerignore` applied as Docker applies it.

use super::vfs::segment_match;
use std::collections::BTreeMap;

/// One file of the build context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextFile {
    pub size: u64,
    /// The text, for files Layerlab reads (requirements.txt, package.json, …).
    pub contents: Option<String>,
}

/// The files sent to the builder. Paths are relative, `/`-separated, without
/// a leading `./`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildContext {
    pub files: BTreeMap<String, ContextFile>,
    /// False when no context was given: COPY sources are then unknown files.
    pub known: bool,
    /// True when the files given are some of the context, not all of it (the
    /// page, where people add the files that matter): a source that is not
    /// among them may still exist (it is then a file or directory of unknown
    /// content). What the given files say is used as it is.
    pub partial: bool,
    /// The `.gitignore` files of the context (path → text), kept even when
    /// `.dockerignore` leaves them out of what is sent.
    pub gitignores: BTreeMap<String, String>,
}

impl BuildContext {
    /// No context: every COPY source is an unknown file.
    pub fn unknown() -> BuildContext {
        BuildContext {
            files: BTreeMap::new(),
            known: false,
            partial: false,
            gitignores: BTreeMap::new(),
        }
    }

    /// Some files of a context whose other files are not known.
    pub fn partial() -> BuildContext {
        BuildContext {
            files: BTreeMap::new(),
            known: true,
            partial: true,
            gitignores: BTreeMap::new(),
        }
    }

    pub fn new() -> BuildContext {
        BuildContext {
            files: BTreeMap::new(),
            known: true,
            partial: false,
            gitignores: BTreeMap::new(),
        }
    }

    pub fn add_text(&mut self, path: &str, text: &str) {
        let cleaned = clean(path);
        if cleaned == ".gitignore" || cleaned.ends_with("/.gitignore") {
            self.gitignores.insert(cleaned, text.to_string());
        }
        self.files.insert(
            clean(path),
            ContextFile {
                size: text.len() as u64,
                contents: Some(text.to_string()),
            },
        );
    }

    pub fn add_sized(&mut self, path: &str, size: u64) {
        self.files.insert(
            clean(path),
            ContextFile {
                size,
                contents: None,
            },
        );
    }

    pub fn text(&self, path: &str) -> Option<&str> {
        self.files
            .get(&clean(path))
            .and_then(|f| f.contents.as_deref())
    }

    pub fn dockerignore(&self) -> Option<&str> {
        self.text(".dockerignore")
    }

    /// The files that reach the builder after `.dockerignore`.
    pub fn sent(&self) -> BuildContext {
        let Some(ignore) = self.dockerignore() else {
            return self.clone();
        };
        let rules = DockerIgnore::parse(ignore);
        BuildContext {
            files: self
                .files
                .iter()
                .filter(|(p, _)| !rules.excludes(p))
                .map(|(p, f)| (p.clone(), f.clone()))
                .collect(),
            known: self.known,
            partial: self.partial,
            gitignores: self.gitignores.clone(),
        }
    }

    /// Whether a `.gitignore` of the context lists `path` (relative): a file
    /// a build step makes (a host build, a generated `.env`), not one the
    /// repository holds.
    pub fn git_ignored(&self, path: &str) -> bool {
        let path = clean(path);
        self.gitignores.iter().any(|(k, text)| {
            let dir = k
                .strip_suffix(".gitignore")
                .unwrap_or("")
                .trim_end_matches('/');
            // Patterns from above the context (`../.gitignore`) apply from its root.
            let dir = if dir == ".." { "" } else { dir };
            let rel = if dir.is_empty() {
                path.as_str()
            } else {
                match path.strip_prefix(&format!("{dir}/")) {
                    Some(r) => r,
                    None => return false,
                }
            };
            gitignore_rules(text).excludes(rel)
        })
    }

    /// Adds the patterns of a `.gitignore` above the context that match at
    /// any depth (no `/` but a trailing one): they apply inside it too.
    pub fn add_outer_gitignore(&mut self, text: &str) {
        let unanchored: String = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter(|l| {
                !l.trim_start_matches('!')
                    .trim_end_matches('/')
                    .contains('/')
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let key = "../.gitignore".to_string();
        let before = self.gitignores.get(&key).cloned().unwrap_or_default();
        self.gitignores.insert(key, before + &unanchored);
    }

    /// Is `dir` (relative) a directory of the context (some file is under it)?
    pub fn is_dir(&self, dir: &str) -> bool {
        let d = clean(dir);
        if d.is_empty() {
            return true;
        }
        let prefix = format!("{d}/");
        self.files
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix))
    }

    /// Files under a directory (relative paths).
    pub fn under<'a>(
        &'a self,
        dir: &str,
    ) -> impl Iterator<Item = (&'a String, &'a ContextFile)> + 'a {
        let d = clean(dir);
        let prefix = if d.is_empty() {
            String::new()
        } else {
            format!("{d}/")
        };
        self.files
            .iter()
            .filter(move |(k, _)| k.starts_with(&prefix))
    }
}

/// A `.gitignore` as `.dockerignore` rules: a pattern without a slash (but
/// a trailing one) matches at any depth; one with a slash is anchored.
fn gitignore_rules(text: &str) -> DockerIgnore {
    let mut out = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (neg, pat) = match line.strip_prefix('!') {
            Some(p) => ("!", p),
            None => ("", line),
        };
        let anchored = pat.trim_end_matches('/').contains('/');
        let pat = pat.trim_start_matches('/');
        if anchored {
            out.push_str(&format!("{neg}{pat}\n"));
        } else {
            out.push_str(&format!("{neg}**/{pat}\n"));
        }
    }
    DockerIgnore::parse(&out)
}

/// The manifest names whose text the analysis reads (besides requirements
/// files, [`reads_text`]): one tab each in the page's context panel.
pub const MANIFESTS: &[&str] = &[
    "requirements.txt",
    "pyproject.toml",
    "poetry.lock",
    "Pipfile",
    "package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "go.mod",
    "go.sum",
    "Cargo.toml",
    ".dockerignore",
    ".gitignore",
];

/// Whether the analysis reads the text of this context file (relative
/// path): the [`MANIFESTS`], and requirements files (`requirements*.txt`,
/// pip-tools' `*.in`). The CLI and the page read exactly these; every other
/// file counts by its size only.
pub fn reads_text(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    MANIFESTS.contains(&name)
        || (name.starts_with("requirements") && name.ends_with(".txt"))
        || name.ends_with(".in")
}

/// `./a//b/` → `a/b`; `.` → ``.
pub fn clean(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `.dockerignore` rules, in order. The last rule that matches a path decides;
/// a rule matches a path when it matches the path or one of its parent
/// directories. `**` matches any number of directories; `!` re-includes.
#[derive(Clone, Debug, Default)]
pub struct DockerIgnore {
    rules: Vec<(bool, Vec<String>)>,
}

impl DockerIgnore {
    pub fn parse(text: &str) -> DockerIgnore {
        let mut rules = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (negate, pat) = match line.strip_prefix('!') {
                Some(p) => (true, p.trim()),
                None => (false, line),
            };
            let pat = clean(pat);
            if pat.is_empty() {
                continue;
            }
            rules.push((negate, pat.split('/').map(str::to_string).collect()));
        }
        DockerIgnore { rules }
    }

    /// Whether a rule re-includes paths (`!…`): then an excluded directory
    /// may still hold files that are sent, so a walk must not skip it.
    pub fn has_exceptions(&self) -> bool {
        self.rules.iter().any(|(negate, _)| *negate)
    }

    pub fn excludes(&self, path: &str) -> bool {
        let segs: Vec<&str> = path.split('/').collect();
        let mut excluded = false;
        for (negate, pat) in &self.rules {
            // The last rule that matches decides: skip rules that cannot change the answer.
            if excluded != *negate {
                continue;
            }
            if matches_a_prefix(pat, &segs) {
                excluded = !negate;
            }
        }
        excluded
    }
}

/// Whether the pattern's segments match the path or one of its parent
/// directories (`**` spans any number of segments): one pass over the
/// pattern, keeping the set of path prefixes matched so far.
fn matches_a_prefix(pat: &[String], segs: &[&str]) -> bool {
    let ns = segs.len();
    // row[j]: pat[..i] matches segs[..j]
    let mut row = vec![false; ns + 1];
    row[0] = true;
    for p in pat {
        let mut next = vec![false; ns + 1];
        for j in 0..=ns {
            next[j] = if p == "**" {
                row[j] || (j > 0 && next[j - 1])
            } else {
                j > 0 && row[j - 1] && segment_match(p, segs[j - 1])
            };
        }
        row = next;
        if !row.iter().any(|&b| b) {
            return false;
        }
    }
    row[1..].iter().any(|&b| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerignore_rules() {
        let d = DockerIgnore::parse(
            "# comment\n.git\n**/__pycache__\n*.md\n!README.md\n/venv/\nnode_modules\n",
        );
        assert!(d.excludes(".git/config"));
        assert!(d.excludes("src/pkg/__pycache__/x.pyc"));
        assert!(d.excludes("CHANGES.md"));
        assert!(!d.excludes("README.md"));
        assert!(!d.excludes("docs/a.md"));
        assert!(d.excludes("venv/bin/python"));
        assert!(d.excludes("node_modules/x/index.js"));
        assert!(!d.excludes("app.py"));
        assert!(d.has_exceptions());
        assert!(!DockerIgnore::parse(".git\n").has_exceptions());
    }

    #[test]
    fn the_files_whose_text_is_read() {
        for p in [
            "requirements.txt",
            "requirements-dev.txt",
            "deps/requirements/base.in",
            "web/package.json",
            "npm-shrinkwrap.json",
            "pnpm-lock.yaml",
            "go.mod",
            "Cargo.toml",
            ".dockerignore",
        ] {
            assert!(reads_text(p), "{p}");
        }
        for p in [
            "src/main.py",
            "README.md",
            "requirements.txt.bak",
            "Dockerfile",
        ] {
            assert!(!reads_text(p), "{p}");
        }
    }

    #[test]
    fn gitignore_lists_generated_files() {
        let mut c = BuildContext::new();
        c.add_text(".gitignore", "target/\n/.build\n*.env\n!keep.env\n");
        c.add_text("web/.gitignore", "dist\n");
        assert!(c.git_ignored("target/dependency/BOOT-INF/lib"));
        assert!(c.git_ignored("sub/target/app.jar"));
        assert!(c.git_ignored(".build/linux-amd64/prometheus"));
        assert!(!c.git_ignored("sub/.build/x"));
        assert!(c.git_ignored("config/prod.env"));
        assert!(!c.git_ignored("keep.env"));
        assert!(c.git_ignored("web/dist/index.html"));
        assert!(!c.git_ignored("dist/index.html"));
        assert!(!c.git_ignored("pnpm-lock.yaml"));
        let mut outer = BuildContext::new();
        outer.add_outer_gitignore("target\n/dist\nbuild/out\n");
        assert!(outer.git_ignored("target/dependency/lib"));
        assert!(
            !outer.git_ignored("dist/index.html"),
            "anchored above the context: not here"
        );
    }

    #[test]
    fn context_and_ignore() {
        let mut c = BuildContext::new();
        c.add_text("requirements.txt", "flask\n");
        c.add_sized(".git/objects/pack/p.pack", 5_000_000);
        c.add_text(".dockerignore", ".git\n");
        let sent = c.sent();
        assert!(sent.files.contains_key("requirements.txt"));
        assert!(!sent.files.contains_key(".git/objects/pack/p.pack"));
        assert!(c.is_dir(".git"));
        assert!(!c.is_dir("requirements.txt"));
    }
}

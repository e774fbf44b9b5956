//! Poetry's project files, read for `poetry-in-image`: which packages of
//! `poetry.lock` a `poetry install` installs (its group options against the
//! lock's `groups`/`category`, else the dependency graph from
//! `pyproject.toml`'s groups). The files are machine-written TOML; only the
//! lines Poetry writes are read (no TOML parser: the page's module stays
//! small), and anything else reads as "not known".

use crate::sim::run::pip::{normalize_dist, requirement_name};

/// One `[[package]]` of `poetry.lock`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LockPackage {
    /// PEP 503-normalised name.
    pub name: String,
    pub version: String,
    /// `groups = [...]` (lock 2.1, Poetry 2), else `category = "…"`
    /// (lock 1.x); empty when the lock does not say (lock 2.0, Poetry 1.5–1.8).
    pub groups: Vec<String>,
    /// `optional = true`: installed only for an extra.
    pub optional: bool,
    /// Non-optional dependencies, normalised.
    pub deps: Vec<String>,
}

/// Reads the packages of a `poetry.lock`.
pub fn read_lock(text: &str) -> Vec<LockPackage> {
    #[derive(PartialEq)]
    enum Section {
        Package,
        Deps,
        Other,
    }
    let mut out: Vec<LockPackage> = Vec::new();
    let mut section = Section::Other;
    for line in text.lines() {
        let t = line.trim_end();
        if t.starts_with('[') {
            section = match t {
                "[[package]]" => {
                    out.push(LockPackage::default());
                    Section::Package
                }
                "[package.dependencies]" => Section::Deps,
                _ => Section::Other,
            };
            continue;
        }
        if t.starts_with([' ', '\t', '{', ']', '#']) {
            continue;
        }
        let Some((key, value)) = t.split_once(" = ") else {
            continue;
        };
        let Some(p) = out.last_mut() else { continue };
        let key = key.trim().trim_matches('"');
        match section {
            Section::Package => match key {
                "name" => p.name = normalize_dist(unquote(value)),
                "version" => p.version = unquote(value).to_string(),
                "category" => p.groups = vec![unquote(value).to_string()],
                "groups" => p.groups = string_array(value),
                "optional" => p.optional = value.trim() == "true",
                _ => {}
            },
            Section::Deps if !value.contains("optional = true") => p.deps.push(normalize_dist(key)),
            _ => {}
        }
    }
    out.retain(|p| !p.name.is_empty() && !p.version.is_empty());
    out
}

fn unquote(v: &str) -> &str {
    v.trim().trim_matches('"')
}

/// `["main", "dev"]` on one line.
fn string_array(v: &str) -> Vec<String> {
    v.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|s| unquote(s).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The dependency groups of a `pyproject.toml`: each group's direct
/// dependencies (normalised) and whether it is optional.
#[derive(Clone, Debug, Default)]
pub struct Groups {
    pub groups: Vec<(String, Vec<String>, bool)>,
}

impl Groups {
    fn group(&mut self, name: &str) -> &mut (String, Vec<String>, bool) {
        if let Some(i) = self.groups.iter().position(|g| g.0 == name) {
            return &mut self.groups[i];
        }
        self.groups.push((name.to_string(), Vec::new(), false));
        self.groups.last_mut().unwrap()
    }

    pub fn optional(&self, name: &str) -> bool {
        self.groups.iter().any(|g| g.0 == name && g.2)
    }
}

/// Reads the groups of a `pyproject.toml` (Poetry's `[tool.poetry.*]`
/// tables and PEP 621's `[project] dependencies`).
pub fn read_pyproject(text: &str) -> Groups {
    let mut g = Groups::default();
    // (group, what the table holds): dependencies, the group's own keys,
    // or PEP 621's [project].
    let mut table: Option<(String, u8)> = None;
    let mut in_array = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') && !in_array {
            let h = t.trim_matches(['[', ']']).trim();
            table = match h {
                "tool.poetry.dependencies" => Some(("main".into(), 0)),
                "tool.poetry.dev-dependencies" => Some(("dev".into(), 0)),
                "project" => Some(("main".into(), 2)),
                _ => h.strip_prefix("tool.poetry.group.").and_then(|r| {
                    match r.strip_suffix(".dependencies") {
                        Some(n) => Some((n.trim_matches('"').to_string(), 0)),
                        None => (!r.contains('.')).then(|| (r.trim_matches('"').to_string(), 1)),
                    }
                }),
            };
            continue;
        }
        let Some((name, kind)) = &table else { continue };
        if in_array {
            if t.starts_with(']') {
                in_array = false;
            } else if let Some((d, _)) = requirement_name(unquote(t.trim_end_matches(','))) {
                g.group(name).1.push(d);
            }
            continue;
        }
        let Some((key, value)) = t.split_once('=') else {
            continue;
        };
        let key = key.trim().trim_matches('"');
        match kind {
            0 if key != "python" && !key.is_empty() => {
                g.group(name).1.push(normalize_dist(key));
            }
            1 if key == "optional" => g.group(name).2 = value.trim() == "true",
            2 if key == "dependencies" => {
                let v = value.trim();
                if v.starts_with('[') && !v.ends_with(']') {
                    in_array = true;
                }
                for s in string_array(v) {
                    if let Some((d, _)) = requirement_name(&s) {
                        g.group(name).1.push(d);
                    }
                }
            }
            _ => {}
        }
    }
    g
}

/// Which dependency groups a `poetry install` asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// `--only a,b` (`--no-dev`: main).
    pub only: Option<Vec<String>>,
    /// `--without a,b`.
    pub without: Vec<String>,
    /// `--with a,b` (optional groups).
    pub with: Vec<String>,
    /// `--only-root`: the project alone, no dependencies.
    pub only_root: bool,
}

impl Selection {
    /// From `poetry install`'s arguments (after `install`).
    pub fn of(args: &[String]) -> Selection {
        let mut s = Selection::default();
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            let (opt, value) = match a.split_once('=') {
                Some((o, v)) => (o, Some(v.to_string())),
                None => (a, None),
            };
            let takes = matches!(opt, "--only" | "--without" | "--with");
            let value = if takes && value.is_none() {
                i += 1;
                args.get(i).cloned()
            } else {
                value
            };
            let list = || -> Vec<String> {
                value
                    .iter()
                    .flat_map(|v| v.split(','))
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect()
            };
            match opt {
                "--only" => s.only.get_or_insert_with(Vec::new).extend(list()),
                "--no-dev" => s.only = Some(vec!["main".into()]),
                "--without" => s.without.extend(list()),
                "--with" => s.with.extend(list()),
                "--only-root" => s.only_root = true,
                _ => {}
            }
            i += 1;
        }
        s
    }

    fn wants(&self, group: &str, groups: &Groups) -> bool {
        match &self.only {
            Some(o) => o.iter().any(|g| g == group),
            None => {
                !self.without.iter().any(|g| g == group)
                    && (!groups.optional(group) || self.with.iter().any(|g| g == group))
            }
        }
    }

    /// Whether every non-optional group is installed (the default).
    fn everything(&self) -> bool {
        self.only.is_none() && self.without.is_empty()
    }
}

/// The lock's packages a `poetry install` with `sel` installs; None when
/// the files do not tell (a lock without groups, a selection of groups, and
/// no readable `pyproject.toml`).
pub fn installed<'a>(
    lock: &'a [LockPackage],
    pyproject: Option<&Groups>,
    sel: &Selection,
) -> Option<Vec<&'a LockPackage>> {
    if sel.only_root {
        return Some(Vec::new());
    }
    let empty = Groups::default();
    let groups = pyproject.unwrap_or(&empty);
    let no_optional_groups = pyproject.is_some() && !groups.groups.iter().any(|g| g.2);
    if lock.iter().all(|p| !p.groups.is_empty()) {
        return Some(
            lock.iter()
                .filter(|p| !p.optional && p.groups.iter().any(|g| sel.wants(g, groups)))
                .collect(),
        );
    }
    if sel.everything() && no_optional_groups {
        return Some(lock.iter().filter(|p| !p.optional).collect());
    }
    // The closure of the wanted groups' direct dependencies.
    let pyproject = pyproject?;
    let mut todo: Vec<&str> = pyproject
        .groups
        .iter()
        .filter(|g| sel.wants(&g.0, groups))
        .flat_map(|g| g.1.iter().map(String::as_str))
        .collect();
    let mut out: Vec<&LockPackage> = Vec::new();
    while let Some(name) = todo.pop() {
        for p in lock.iter().filter(|p| p.name == name) {
            if !out.iter().any(|o| std::ptr::eq(*o, p)) {
                out.push(p);
                todo.extend(p.deps.iter().map(String::as_str));
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK_21: &str = r#"# This file is automatically @generated by Poetry 2.1.1 and should not be changed by hand.

[[package]]
name = "Flask"
version = "3.1.0"
description = "A simple framework"
optional = false
python-versions = ">=3.9"
groups = ["main"]
files = [
    {file = "flask-3.1.0-py3-none-any.whl", hash = "sha256:00"},
]

[package.dependencies]
click = ">=8.1.3"
blinker = ">=1.9"
asyncio = {version = ">=3.4", optional = true}

[package.extras]
async = ["asgiref (>=3.2)"]

[[package]]
name = "pytest"
version = "8.3.4"
description = "x"
optional = false
python-versions = ">=3.8"
groups = ["dev"]
files = []

[metadata]
lock-version = "2.1"
"#;

    #[test]
    fn reads_packages_groups_and_dependencies() {
        let l = read_lock(LOCK_21);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].name, "flask");
        assert_eq!(l[0].version, "3.1.0");
        assert_eq!(l[0].groups, vec!["main"]);
        assert_eq!(l[0].deps, vec!["click", "blinker"]);
        assert_eq!(l[1].groups, vec!["dev"]);
    }

    #[test]
    fn groups_chosen_by_the_install_options() {
        let l = read_lock(LOCK_21);
        let all = installed(&l, None, &Selection::default()).unwrap();
        assert_eq!(all.len(), 2);
        let args: Vec<String> = ["--only", "main", "--no-root"].map(String::from).into();
        let main = installed(&l, None, &Selection::of(&args)).unwrap();
        assert_eq!(main.len(), 1);
        let args: Vec<String> = ["--without=dev"].map(String::from).into();
        assert_eq!(installed(&l, None, &Selection::of(&args)).unwrap().len(), 1);
        let args: Vec<String> = ["--only-root"].map(String::from).into();
        assert!(installed(&l, None, &Selection::of(&args))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn lock_without_groups_follows_the_pyproject_graph() {
        let lock = "[[package]]\nname = \"flask\"\nversion = \"3.1.0\"\noptional = false\n\n[package.dependencies]\nclick = \">=8\"\n\n[[package]]\nname = \"click\"\nversion = \"8.1.8\"\n\n[[package]]\nname = \"pytest\"\nversion = \"8.3.4\"\n";
        let py = "[tool.poetry.dependencies]\npython = \"^3.12\"\nFlask = \"^3.1\"\n\n[tool.poetry.group.dev.dependencies]\npytest = \"^8\"\n";
        let l = read_lock(lock);
        let g = read_pyproject(py);
        let args: Vec<String> = ["--no-dev"].map(String::from).into();
        let mut names: Vec<&str> = installed(&l, Some(&g), &Selection::of(&args))
            .unwrap()
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        layerlab_sort::sort(&mut names);
        assert_eq!(names, ["click", "flask"]);
        // Without the pyproject, a group selection is not known.
        assert!(installed(&l, None, &Selection::of(&args)).is_none());
        // Everything (no optional groups): the whole lock.
        assert_eq!(
            installed(&l, Some(&g), &Selection::default())
                .unwrap()
                .len(),
            3
        );
    }

    #[test]
    fn pep621_dependencies_and_optional_groups() {
        let py = "[project]\nname = \"app\"\ndependencies = [\n  \"fastapi>=0.110\",\n  \"uvicorn[standard]\",\n]\n\n[tool.poetry.group.docs]\noptional = true\n\n[tool.poetry.group.docs.dependencies]\nmkdocs = \"*\"\n";
        let g = read_pyproject(py);
        assert_eq!(g.groups[0].0, "main");
        assert_eq!(g.groups[0].1, vec!["fastapi", "uvicorn"]);
        assert!(g.optional("docs"));
        assert!(!Selection::default().wants("docs", &g));
    }
}

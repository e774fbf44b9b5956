//! ## What it does
//! Follows the Python packages that `pip install` put in one stage to the
//! final image: Layerlab reports packages that are not importable there —
//! site-packages left in the builder, copied into a `pythonX.Y` directory
//! that is not the final image's Python, or only the console scripts copied
//! (`COPY --from=builder /root/.local/bin …`).
//!
//! ## Why it matters
//! The build succeeds; the container fails at its first `import` (or with
//! "command not found" for the launcher). `pip install --user` puts the
//! packages in `~/.local/lib/pythonX.Y/site-packages` and the launchers in
//! `~/.local/bin`; copying one without the other, or into a different
//! Python version, leaves the image without its dependencies.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.8 AS builder
//! RUN pip install --user flask
//! FROM python:3.8-slim
//! COPY --from=builder /root/.local/bin /root/.local
//! ENV PATH=/root/.local:$PATH
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.8 AS builder
//! RUN pip install --user flask
//! FROM python:3.8-slim
//! COPY --from=builder /root/.local /root/.local
//! ENV PATH=/root/.local/bin:$PATH
//! ```
//!
//! ## References
//! - pip user guide, user installs: <https://pip.pypa.io/en/stable/user_guide/#user-installs>
//! - Python `site` module (which site-packages directories are searched): <https://docs.python.org/3/library/site.html>

use super::_shared_sim::instruction_at;
use super::{Cost, Edit, Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::vfs;
use crate::sim::{PipInstall, Stage, StageCopy};
use crate::{Assumption, Category};
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &PythonPackagesLeftBehind;

struct PythonPackagesLeftBehind;

/// Tools used while building (linters, test runners, packaging tools): a
/// builder that installs only these leaves nothing the application imports.
const BUILD_TOOLS: &[&str] = &[
    "flake8",
    "pytest",
    "pytest-cov",
    "black",
    "isort",
    "mypy",
    "ruff",
    "pylint",
    "coverage",
    "tox",
    "nox",
    "pre-commit",
    "bandit",
    "pyflakes",
    "pycodestyle",
    "autopep8",
    "yapf",
    "mock",
    "hypothesis",
    "wheel",
    "setuptools",
    "pip",
    "build",
    "twine",
    "pip-tools",
    "poetry",
    "poetry-plugin-export",
    "pipenv",
    "virtualenv",
    "uv",
    "cython",
    "pyinstaller",
    "nuitka",
    "hatch",
    "hatchling",
    "flit",
    "pdm",
    "mkdocs",
    "mkdocs-material",
    "sphinx",
    "safety",
    "pip-audit",
    "cmake",
    "ninja",
    "maturin",
    "scikit-build",
];

impl Rule for PythonPackagesLeftBehind {
    fn meta(&self) -> Meta {
        Meta {
            id: "python-packages-left-behind",
            category: Category::Correctness,
            severity: Severity::Error,
            summary:
                "Python packages installed in a builder stage are not importable in the final image",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let Some(t) = cx.sim.target_stage() else {
            return;
        };
        let Some(py) = t.python.clone() else { return };
        let chain = super::shipped_stages(cx.sim);
        // The final image installs its own packages: it does not rely on the builder's.
        if chain.iter().any(|i| {
            cx.sim.stages[*i]
                .pip_installs
                .iter()
                .any(PipInstall::installs_something)
        }) {
            return;
        }
        let sites = importable_sites(t, &py);
        let copies: Vec<&StageCopy> = chain
            .iter()
            .flat_map(|i| cx.sim.stages[*i].copies.iter())
            .filter(|c| !chain.contains(&c.from))
            .collect();
        let mut builders: Vec<usize> = copies.iter().map(|c| c.from).collect();
        layerlab_sort::sort(&mut builders);
        builders.dedup();
        let from = |s: usize| -> Vec<&StageCopy> {
            copies.iter().copied().filter(|c| c.from == s).collect()
        };
        // When one builder's packages reach an importable site, another
        // builder's (protoc tools, collectstatic) are its own business.
        let served = builders.iter().any(|&s| {
            cx.sim.stages[s].pip_installs.iter().any(|i| {
                carried_by(i, &from(s))
                    .iter()
                    .any(|(_, d)| sites.iter().any(|x| vfs::is_within(d, x)))
            })
        });
        for s in builders {
            let src = &cx.sim.stages[s];
            let from_s = from(s);
            for install in src.pip_installs.iter().filter(|i| runtime_packages(i)) {
                if served && carried_by(install, &from_s).is_empty() {
                    continue;
                }
                self.check_install(cx, t, &py, &sites, src, install, &from_s, out);
            }
        }
    }
}

/// Whether an install brings packages an application may import (not only build tools).
fn runtime_packages(i: &PipInstall) -> bool {
    !i.unread.is_empty()
        || !i.local.is_empty()
        || i.dists.iter().any(|d| !BUILD_TOOLS.contains(&d.as_str()))
}

impl PythonPackagesLeftBehind {
    #[allow(clippy::too_many_arguments)]
    fn check_install(
        &self,
        cx: &RuleCtx,
        t: &Stage,
        py: &str,
        sites: &[String],
        src: &Stage,
        install: &PipInstall,
        copies: &[&StageCopy],
        out: &mut Sink,
    ) {
        let name = src.display_name();
        let what = packages_text(install);
        // Where the packages were installed, and the stage they stay in.
        let related: Vec<crate::Related> = instruction_at(cx, install.line)
            .map(|ins| {
                out.related(
                    ins.span,
                    format!("pip installs {what} here, in stage {name}"),
                )
            })
            .into_iter()
            .collect();
        let assumption =
            (install.dists.is_empty() && !install.unread.is_empty()).then(|| Assumption {
                text: format!(
                    "{} lists packages the application imports (its contents are not known)",
                    install.unread.join(", ")
                ),
                decided_by: install.unread.clone(),
            });
        // The copies that carry the site-packages (all of it, or part of it).
        let carried = carried_by(install, copies);
        if !carried.is_empty() {
            // Carried into a site-packages of another Python version?
            for (c, dest_site) in &carried {
                if sites.iter().any(|s| vfs::is_within(dest_site, s)) {
                    return;
                }
                let built = python_in(dest_site);
                let searched_elsewhere =
                    built.as_deref() == Some(py) && !dest_site.ends_with("/site-packages");
                if built.is_none() || searched_elsewhere {
                    continue;
                }
                let built = built.unwrap_or_default();
                let Some(ins) = instruction_at(cx, c.line) else {
                    continue;
                };
                let span = super::_shared_instr::instruction_span(ins);
                let venv_root = vfs::parent(dest_site)
                    .and_then(vfs::parent)
                    .and_then(vfs::parent)
                    .filter(|r| t.fs.get(&format!("{r}/pyvenv.cfg")).is_some());
                if venv_root.is_some() && built == py {
                    continue; // a venv of the same Python, run by its own interpreter
                }
                let msg = match venv_root {
                    Some(r) => format!(
                        "the virtual environment {r} was built with Python {built} in stage {name}, but the final image has Python {py}: its interpreter link is broken and {what} are not found"
                    ),
                    None if built == py => format!("{what} land in {dest_site}, which is not a site-packages directory the final image's Python {py} searches"),
                    None => format!("{what} land in {dest_site}, which the final image's Python {py} does not search"),
                };
                let f = out.emit(span, msg);
                f.cost = Some(Cost::StartFails);
                f.related = related.clone();
                f.help = format!("The final image runs Python {py}: copy into {}, or use the same Python version in both stages.", sites.first().cloned().unwrap_or_default());
                f.assumption = assumption.clone();
                return;
            }
            return;
        }
        // Only the launchers copied: COPY --from=s <prefix>/bin …
        let bin_copy = copies.iter().find(|c| {
            c.source == install.bin
                && install
                    .site
                    .starts_with(&format!("{}/", vfs::parent(&install.bin).unwrap_or("")))
        });
        if let Some(c) = bin_copy {
            let Some(ins) = instruction_at(cx, c.line) else {
                return;
            };
            let prefix = vfs::parent(&install.bin).unwrap_or("/").to_string();
            let span = super::_shared_instr::instruction_span(ins);
            let f = out.emit(
                span,
                format!(
                    "copies only {prefix}/bin (console scripts); {what} in {} stay in stage {name}, so imports fail",
                    install.site
                ),
            );
            f.cost = Some(Cost::StartFails);
            f.related = related.clone();
            f.help = format!("Copy the whole prefix and put its bin on PATH: COPY --from={name} {prefix} {prefix} and ENV PATH={prefix}/bin:$PATH.");
            f.assumption = assumption;
            let (Args::Words { items } | Args::Exec { items, .. }) = &ins.args else {
                return;
            };
            if items.len() == 2 && vfs::normalize(&items[1].text, &t.workdir) == prefix {
                if let Some(fix) = bin_fix(cx, ins.start_line, t.index, &items[0], &prefix) {
                    f.fix = Some(fix);
                }
            }
            return;
        }
        let Some(c) = copies.last() else { return };
        let Some(ins) = instruction_at(cx, c.line) else {
            return;
        };
        let span = super::_shared_instr::instruction_span(ins);
        // A comment just above that says the COPY brings the dependencies.
        let claim = comment_above(cx, c.line)
            .filter(|(_, c)| {
                let c = c.to_lowercase();
                [
                    "dependenc",
                    "packages",
                    "requirements",
                    "site-packages",
                    "libraries",
                ]
                .iter()
                .any(|w| c.contains(w))
            })
            .map(|(l, _)| {
                format!(" (the comment on line {l} says it copies the dependencies: it does not)")
            })
            .unwrap_or_default();
        let f = out.emit(
            span,
            format!(
                "pip installed {what} into {} in stage {name} (line {}); no COPY brings them into the final image, so imports fail{claim}",
                install.site, install.line
            ),
        );
        f.cost = Some(Cost::StartFails);
        f.related = related;
        f.help = format!(
            "Copy {} (and the scripts in {}) from stage {name}, or install into a venv and copy the venv with its bin on PATH.",
            install.site, install.bin
        );
        f.assumption = assumption;
    }
}

/// The copies that carry an install's site-packages (all of it, or part of
/// it), with where the site-packages lands.
fn carried_by<'c>(install: &PipInstall, copies: &[&'c StageCopy]) -> Vec<(&'c StageCopy, String)> {
    copies
        .iter()
        .filter_map(|c| {
            if vfs::is_within(&install.site, &c.source) {
                let rest = install.site.get(c.source.len()..).unwrap_or("");
                Some((*c, vfs::normalize(rest.trim_start_matches('/'), &c.dest)))
            } else if vfs::is_within(&c.source, &install.site) {
                vfs::parent(&c.dest).map(|d| (*c, d.to_string()))
            } else {
                None
            }
        })
        .collect()
}

/// `flask, gunicorn`, or `the packages listed in requirements.txt`.
fn packages_text(i: &PipInstall) -> String {
    let mut parts: Vec<String> = Vec::new();
    let n = i.dists.len();
    if n > 0 {
        let mut v: Vec<String> = i.dists.iter().take(4).cloned().collect();
        if n > 4 {
            v.push(format!("{} more", n - 4));
        }
        let deps = if n == 1 {
            "its dependencies"
        } else {
            "their dependencies"
        };
        parts.push(format!("{} with {deps}", v.join(", ")));
    }
    if !i.unread.is_empty() {
        parts.push(format!("the packages from {}", i.unread.join(", ")));
    }
    if !i.local.is_empty() {
        parts.push(i.local.join(", "));
    }
    parts.join(" and ")
}

/// The Python version of a `…/pythonX.Y/site-packages` path.
fn python_in(path: &str) -> Option<String> {
    path.split('/')
        .find_map(|s| s.strip_prefix("python"))
        .filter(|v| v.contains('.') && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .map(str::to_string)
}

/// The site-packages directories the stage's Python imports from.
fn importable_sites(t: &Stage, py: &str) -> Vec<String> {
    let mut v = vec![
        format!("/usr/local/lib/python{py}/site-packages"),
        format!("/usr/lib/python{py}/site-packages"),
    ];
    let home = t.home();
    v.push(format!("{home}/.local/lib/python{py}/site-packages"));
    if let Some(u) = t.env_get("PYTHONUSERBASE") {
        v.push(format!("{u}/lib/python{py}/site-packages"));
    }
    for d in super::_shared_sim::path_dirs(t) {
        if let Some(root) = d.strip_suffix("/bin") {
            if t.fs.get(&format!("{root}/pyvenv.cfg")).is_some() {
                v.push(format!("{root}/lib/python{py}/site-packages"));
            }
        }
    }
    if let Some(pp) = t.env_get("PYTHONPATH") {
        v.extend(
            pp.split(':')
                .filter(|s| !s.is_empty())
                .map(|s| vfs::normalize(s, "/")),
        );
    }
    v
}

/// `COPY --from=b <prefix>/bin <prefix>` → `COPY --from=b <prefix> <prefix>`,
/// and `ENV PATH=<prefix>:…` → `ENV PATH=<prefix>/bin:…`.
fn bin_fix(
    cx: &RuleCtx,
    copy_line: u32,
    stage: usize,
    src: &layerlab_syntax::Token,
    prefix: &str,
) -> Option<Fix> {
    let text = &src.text;
    let cut = text.trim_end_matches('/').strip_suffix("/bin")?;
    let mut edits = vec![Edit {
        start: src.span.start,
        end: src.span.end,
        replacement: cut.to_string(),
    }];
    let mut path_ok = false;
    for (st, ins) in cx.instructions() {
        if st != Some(stage) || ins.start_line < copy_line || ins.kind != Keyword::Env {
            continue;
        }
        let Args::KeyValues { pairs } = &ins.args else {
            continue;
        };
        for p in pairs.iter().filter(|p| p.key.text == "PATH") {
            let v = &p.value.text;
            let raw = cx.text(p.value.span);
            if raw != v {
                continue; // quoted: keep it simple
            }
            let mut off = 0usize;
            for part in v.split(':') {
                let norm = part.trim_end_matches('/');
                if norm == prefix {
                    let start = p.value.span.start + off;
                    edits.push(Edit {
                        start,
                        end: start + part.len(),
                        replacement: format!("{prefix}/bin"),
                    });
                    path_ok = true;
                } else if norm == format!("{prefix}/bin") {
                    path_ok = true;
                }
                off += part.len() + 1;
            }
        }
    }
    path_ok.then(|| Fix {
        title: format!("Copy all of {prefix} and put {prefix}/bin on PATH"),
        edits,
    })
}

/// The comment line right above the instruction on `line` (blank lines allowed), with its line.
fn comment_above(cx: &RuleCtx, line: u32) -> Option<(u32, String)> {
    use layerlab_syntax::Item;
    let items = &cx.df.items;
    let pos = items
        .iter()
        .position(|i| matches!(i, Item::Instruction(ins) if ins.start_line == line))?;
    let mut k = pos;
    while k > 0 {
        k -= 1;
        match &items[k] {
            Item::Comment(c) => {
                return Some((cx.df.line_col(c.text.span.start).line, c.text.text.clone()))
            }
            Item::Blank { .. } => {}
            _ => return None,
        }
    }
    None
}

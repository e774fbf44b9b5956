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

use super::_shared_sim::{has_opaque_within, instruction_at};
use super::{Context, Cost, Edit, Fix, Meta, Rule, Sink};
use crate::sim::vfs::{self, Origin};
use crate::sim::{EdgeKind, EdgeSource, Stage};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &PythonPackagesLeftBehind;

struct PythonPackagesLeftBehind;

impl Rule for PythonPackagesLeftBehind {
    fn meta(&self) -> Meta {
        Meta {
            id: "python-packages-left-behind",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "Python packages installed in a builder stage are not importable in the final image",
            hadolint: &[],
            buildkit: None,
        }
    }

    fn check(&self, cx: &Context, out: &mut Sink) {
        let Some(t) = cx.sim.target_stage() else { return };
        let Some(py) = t.python.clone() else { return };
        if !super::_shared_sim::fully_modelled(cx.sim, t.index) {
            return;
        }
        let chain = super::shipped_stages(cx.sim);
        // The final image installs its own packages: it does not rely on the builder's.
        if chain.iter().any(|i| !pip_packages(&cx.sim.stages[*i]).is_empty() && cx.sim.stages[*i].layers.iter().any(|l| l.notes.iter().any(|n| n.starts_with("pip installs")))) {
            return;
        }
        let sites = importable_sites(t, &py);
        if sites.iter().any(|s| has_opaque_within(&t.fs, s)) {
            return;
        }
        let mut seen: Vec<usize> = Vec::new();
        for e in cx.sim.edges.iter().filter(|e| e.kind == EdgeKind::CopyFrom && chain.contains(&e.to)) {
            let EdgeSource::Stage { index: s } = e.from else { continue };
            if seen.contains(&s) || chain.contains(&s) {
                continue;
            }
            seen.push(s);
            let src = &cx.sim.stages[s];
            let pkgs = pip_packages(src);
            if pkgs.is_empty() {
                continue;
            }
            let mut missing: Vec<&(String, String)> = Vec::new();
            let mut wrong: Vec<(String, String)> = Vec::new();
            for p in &pkgs {
                let (site, dist) = p;
                let found: Vec<String> = t
                    .fs
                    .all()
                    .filter(|(k, en)| !en.deleted && k.ends_with(&format!("/site-packages/{dist}")))
                    .map(|(k, _)| vfs::parent(k).unwrap_or("").to_string())
                    .collect();
                if found.iter().any(|f| sites.contains(f)) {
                    continue;
                }
                match found.first() {
                    Some(f) => wrong.push((f.clone(), dist.clone())),
                    None => missing.push(p),
                }
                let _ = site;
            }
            if missing.is_empty() && wrong.is_empty() {
                continue;
            }
            let name = src.display_name();
            let copies: Vec<u32> = cx
                .sim
                .edges
                .iter()
                .filter(|x| x.kind == EdgeKind::CopyFrom && x.from == EdgeSource::Stage { index: s } && chain.contains(&x.to))
                .map(|x| x.line)
                .collect();
            let Some(&line) = copies.last() else { continue };
            let Some(ins) = instruction_at(cx, line) else { continue };
            let span = super::_shared_sim::instruction_span(ins);
            let list = |v: Vec<String>| {
                let n = v.len();
                let mut v = v;
                v.truncate(4);
                let mut s = v.join(", ");
                if n > 4 {
                    s.push_str(&format!(" and {} more", n - 4));
                }
                s
            };
            if !wrong.is_empty() && missing.is_empty() {
                let dir = wrong[0].0.clone();
                let pkgs = list(wrong.iter().map(|w| w.1.clone()).collect());
                let venv_root = vfs::parent(&dir).and_then(vfs::parent).and_then(vfs::parent).map(str::to_string).filter(|r| t.fs.get(&format!("{r}/pyvenv.cfg")).is_some());
                let msg = match &venv_root {
                    Some(r) => {
                        let built = dir.rsplit('/').nth(1).unwrap_or("").trim_start_matches("python").to_string();
                        format!(
                            "the virtual environment {r} was built with Python {built} in stage {name}, but the final image has Python {py}: its interpreter link is broken and {pkgs} are not found"
                        )
                    }
                    None => format!("{pkgs} land in {dir}, which the final image's Python {py} does not search"),
                };
                let f = out.emit(span, msg);
                f.cost = Some(Cost::StartFails);
                f.help = format!("The final image runs Python {py}: copy into {}, or use the same Python version in both stages.", sites.first().cloned().unwrap_or_default());
                continue;
            }
            let src_site = missing[0].0.clone();
            let dists = list(missing.iter().map(|m| m.1.clone()).collect());
            // Only the launchers copied: COPY --from=s <prefix>/bin …
            let bin_copy = copies.iter().find_map(|l| {
                let ins = instruction_at(cx, *l)?;
                let (Args::Words { items } | Args::Exec { items, .. }) = &ins.args else { return None };
                if items.len() != 2 {
                    return None;
                }
                let srcp = vfs::normalize(&items[0].text, "/");
                let prefix = srcp.strip_suffix("/bin")?;
                src_site.starts_with(&format!("{prefix}/lib/")).then(|| (ins, items, prefix.to_string()))
            });
            if let Some((ins, items, prefix)) = bin_copy {
                let dest = vfs::normalize(&items[1].text, &t.workdir);
                let span = super::_shared_sim::instruction_span(ins);
                let f = out.emit(
                    span,
                    format!(
                        "copies only {prefix}/bin (console scripts); the packages in {src_site} ({dists}) stay in stage {name}, so imports fail"
                    ),
                );
                f.cost = Some(Cost::StartFails);
                f.help = format!("Copy the whole prefix and put its bin on PATH: COPY --from={name} {prefix} {prefix} and ENV PATH={prefix}/bin:$PATH.");
                if dest == prefix {
                    if let Some(fix) = bin_fix(cx, ins.start_line, t.index, &items[0], &prefix) {
                        f.fix = Some(fix);
                    }
                }
                continue;
            }
            // A comment just above that says the COPY brings the dependencies.
            let claim = comment_above(cx, line)
                .filter(|(_, c)| {
                    let c = c.to_lowercase();
                    ["dependenc", "packages", "requirements", "site-packages", "libraries"].iter().any(|w| c.contains(w))
                })
                .map(|(l, _)| format!(" (the comment on line {l} says it copies the dependencies: it does not)"))
                .unwrap_or_default();
            let f = out.emit(
                span,
                format!("pip installed {dists} into {src_site} in stage {name}; no COPY brings them into the final image, so imports fail{claim}"),
            );
            f.cost = Some(Cost::StartFails);
            f.help = format!(
                "Copy {src_site} (and the scripts in its bin directory) from stage {name}, or install into a venv and copy the venv with its bin on PATH."
            );
        }
    }
}

/// (site-packages dir, distribution) installed by pip in this stage.
fn pip_packages(st: &Stage) -> Vec<(String, String)> {
    st.fs
        .all()
        .filter(|(_, e)| !e.deleted && e.line.is_some())
        .filter(|(_, e)| matches!(&e.origin, Origin::Run { command } if command.starts_with("pip install ")))
        .filter_map(|(k, _)| {
            let parent = vfs::parent(k)?;
            parent.ends_with("/site-packages").then(|| (parent.to_string(), vfs::basename(k).to_string()))
        })
        .collect()
}

/// The site-packages directories the stage's Python imports from.
fn importable_sites(t: &Stage, py: &str) -> Vec<String> {
    let mut v = vec![format!("/usr/local/lib/python{py}/site-packages"), format!("/usr/lib/python{py}/site-packages")];
    let home = if t.user == "root" || t.user == "0" || t.user.starts_with("root:") || t.user.starts_with("0:") {
        "/root".to_string()
    } else {
        format!("/home/{}", t.user.split(':').next().unwrap_or(""))
    };
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
        v.extend(pp.split(':').filter(|s| !s.is_empty()).map(|s| vfs::normalize(s, "/")));
    }
    v
}

/// `COPY --from=b <prefix>/bin <prefix>` → `COPY --from=b <prefix> <prefix>`,
/// and `ENV PATH=<prefix>:…` → `ENV PATH=<prefix>/bin:…`.
fn bin_fix(cx: &Context, copy_line: u32, stage: usize, src: &layerlab_syntax::Token, prefix: &str) -> Option<Fix> {
    let text = &src.text;
    let cut = text.trim_end_matches('/').strip_suffix("/bin")?;
    let mut edits = vec![Edit { start: src.span.start, end: src.span.end, replacement: cut.to_string() }];
    let mut path_ok = false;
    for (st, ins) in cx.instructions() {
        if st != Some(stage) || ins.start_line < copy_line || ins.kind != Keyword::Env {
            continue;
        }
        let Args::KeyValues { pairs } = &ins.args else { continue };
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
                    edits.push(Edit { start, end: start + part.len(), replacement: format!("{prefix}/bin") });
                    path_ok = true;
                } else if norm == format!("{prefix}/bin") {
                    path_ok = true;
                }
                off += part.len() + 1;
            }
        }
    }
    path_ok.then(|| Fix { title: format!("Copy all of {prefix} and put {prefix}/bin on PATH"), edits })
}

/// The comment line right above the instruction on `line` (blank lines allowed), with its line.
fn comment_above(cx: &Context, line: u32) -> Option<(u32, String)> {
    use layerlab_syntax::Item;
    let items = &cx.df.items;
    let pos = items.iter().position(|i| matches!(i, Item::Instruction(ins) if ins.start_line == line))?;
    let mut k = pos;
    while k > 0 {
        k -= 1;
        match &items[k] {
            Item::Comment(c) => return Some((cx.df.line_col(c.text.span.start).line, c.text.text.clone())),
            Item::Blank { .. } => {}
            _ => return None,
        }
    }
    None
}
